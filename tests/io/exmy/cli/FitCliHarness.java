package io.exmy.cli;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the CLI in-process, capturing output, and checks written plots. */
final class FitCliHarness {
    private FitCliHarness() {
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** The PNG exists, decodes, and has the chart size. */
    static BufferedImage assertPng(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " was not written");
        assertTrue(Files.size(file) > 5_000, file + " is suspiciously small: " + Files.size(file) + " bytes");
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, file + " does not decode as an image");
        assertTrue(img.getWidth() == 900 && img.getHeight() == 650, "size " + img.getWidth() + "x" + img.getHeight());
        // Not a blank canvas: some pixels differ from the background.
        int bg = img.getRGB(0, 0), differing = 0;
        for (int y = 0; y < img.getHeight(); y += 5) {
            for (int x = 0; x < img.getWidth(); x += 5) {
                differing += img.getRGB(x, y) != bg ? 1 : 0;
            }
        }
        assertTrue(differing > 500, file + " looks blank");
        return img;
    }

    /** Writes a CSV of synthetic points: one row per entry of {@code rows}, target computed by {@code law}. */
    static Path csv(Path file, String header, double[][] rows) throws IOException {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (double[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.17g", r[i]));
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString());
        return file;
    }

    static double noise(java.util.SplittableRandom r, double sigma) {
        double u = 1 - r.nextDouble(), v = r.nextDouble();
        return Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }
}
