package io.exmy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.io.Npy;
import io.exmy.io.NpyArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No command line may destroy a file the user owns: an output that is an input (by name, symbolic
 * link or hard link), two outputs that are one file, an output that is a directory or lies inside a
 * results store are refused with one line and exit code 2, and a command that fails while writing
 * leaves every earlier file as it was. Each case checks every file of the work directory byte for byte.
 */
class NoClobberTest {
    @TempDir
    Path dir;

    private Path x;

    @BeforeEach
    void tensor() throws Exception {
        float[] v = new float[4 * 64];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i * 0.37) * 3;
        }
        x = dir.resolve("x.npy");
        Npy.write(x, NpyArray.ofFloats(v, 4, 64));
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    /** Every regular file under the work directory with the SHA-256 of its bytes. */
    private Map<String, String> files() throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(f).toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return m;
    }

    /** Runs a command line that must be refused: exit 2, one line naming {@code mention}, nothing changed. */
    private void refused(String mention, String... args) throws Exception {
        Map<String, String> before = files();
        CastCommandTest.Run r = CastCommandTest.exmy(args);
        assertEquals(2, r.code(), () -> String.join(" ", args) + "\n" + r.err());
        assertEquals(1, r.err().lines().count(), () -> "one line: " + r.err());
        assertTrue(r.err().contains(mention), () -> "should mention '" + mention + "': " + r.err());
        assertEquals(before, files(), () -> "files changed by the refused " + String.join(" ", args));
    }

    @Test
    void anOutputThatIsTheInputIsRefusedByNameLinkAndHardLink() throws Exception {
        refused("is the input", "cast", "-f", "e4m3", p("x.npy"), p("x.npy"));
        refused("is the input", "cast", "-f", "e4m3", p("x.npy"), dir.resolve("sub/../x.npy").toString());
        Files.createSymbolicLink(dir.resolve("link.npy"), x);
        refused("is the input", "cast", "-f", "e4m3", p("x.npy"), p("link.npy"));
        Files.createLink(dir.resolve("hard.npy"), x);
        refused("is the input", "cast", "-f", "e4m3", p("x.npy"), p("hard.npy"));
        refused("is the input", "hadamard", p("x.npy"), p("hard.npy"));
        refused("is the input", "decode", "-f", "e4m3", p("x.npy"), p("x.npy"));
    }

    @Test
    void quantizeRefusesOutputsThatCollideWithTheInputOrEachOther() throws Exception {
        refused("is the input", "quantize", "--scheme", "mxfp4", p("x.npy"), p("out.npy"), "--codes", p("x.npy"),
                "--scales", p("s.npy"));
        refused("both write", "quantize", "--scheme", "mxfp4", p("x.npy"), p("out.npy"), "--codes", p("out.npy"),
                "--scales", p("s.npy"));
        refused("both write", "quantize", "--scheme", "mxfp4", p("x.npy"), p("out.npy"), "--codes", p("c.npy"),
                "--scales", p("c.npy"));
        refused("both write", "quantize", "--scheme", "nvfp4", p("x.npy"), p("out.npy"), "--codes", p("c.npy"),
                "--scales", p("s.npy"), "--tensor-scale", p("out.npy"));
        refused("is the input", "dequantize", "--scheme", "mxfp4", "--codes", p("c.npy"), "--scales", p("s.npy"),
                p("s.npy"));
        refused("is the input", "matmul", "--a-scheme", "mxfp4", "--b-scheme", "mxfp4", p("x.npy"), p("x.npy"),
                p("x.npy"));
    }

    @Test
    void outputsThatAreDirectoriesOrHaveNoDirectoryAreRefused() throws Exception {
        Files.createDirectories(dir.resolve("d"));
        refused("is a directory", "cast", "-f", "e4m3", p("x.npy"), p("d"));
        refused("does not exist", "cast", "-f", "e4m3", p("x.npy"), p("nowhere/y.npy"));
        Files.writeString(dir.resolve("plain"), "a file");
        refused("is a file, not a directory", "fit", "--law", "chinchilla", chinchillaCsv().toString(), "--plots",
                p("plain"));
    }

    @Test
    void aFitCannotReplaceItsDataAndAPredictionCannotReplaceItsFit() throws Exception {
        Path data = chinchillaCsv();
        refused("is the input", "fit", "--law", "chinchilla", data.toString(), "--out", data.toString());
        refused("is the input", "fit", "--law", "chinchilla", data.toString(), "--save", data.toString());
        CastCommandTest.Run ok = CastCommandTest.exmy("fit", "--law", "chinchilla", data.toString(), "--save", p("f.json"));
        assertEquals(0, ok.code(), ok.err());
        refused("is the input", "predict", "--fit", p("f.json"), "--set", "N=1e9", "--set", "D=1e10", "--out", p("f.json"));
        refused("is the input", "derive", "--fit", p("f.json"), "--compute", "1e21", "--out", p("f.json"));
        refused("both write", "fit", "--law", "chinchilla", data.toString(), "--save", p("g.json"), "--out", p("g.json"));
    }

    @Test
    void nothingIsWrittenInsideAResultsStore() throws Exception {
        Path store = dir.resolve("S");
        Files.createDirectories(store.resolve("records"));
        Files.writeString(store.resolve("store.json"), "{\"exmy_store\": 1}\n");
        Files.writeString(store.resolve("records/0123456789abcdef.json"), "{}");
        refused("inside the results store", "results", "export", "--store", store.toString(),
                store.resolve("records/0123456789abcdef.json").toString());
        refused("inside the results store", "results", "export", "--store", store.toString(), store.resolve("x.csv").toString());
        refused("inside the results store", "cast", "-f", "e4m3", p("x.npy"), store.resolve("checkpoints-y.npy").toString());
        refused("inside the results store", "fit", "--law", "chinchilla", chinchillaCsv().toString(), "--plots",
                store.resolve("plots").toString());
        refused("inside the results store", "sweep", "--store", store.resolve("records").toString(), p("grid.yaml"));
        Files.writeString(dir.resolve("grid.yaml"), "kind: qerror\nfixed: {elements: 100}\n");
        refused("is a file, not a directory", "sweep", "--store", p("grid.yaml"), p("grid.yaml"));
    }

    @Test
    void aFailingCommandLeavesEveryEarlierOutputAsItWas() throws Exception {
        Path proc = Path.of("/proc");
        Assumptions.assumeTrue(Files.isDirectory(proc), "needs /proc: a directory where no file can be created");
        Files.writeString(dir.resolve("o.md"), "the user's earlier table\n");
        // --out is written first, --save cannot be: nothing may change
        refused("/proc", "fit", "--law", "chinchilla", chinchillaCsv().toString(), "--out", p("o.md"), "--save",
                "/proc/exmy-fit.json");
        refused("/proc", "fit", "--law", "chinchilla", chinchillaCsv().toString(), "--out", p("new.md"), "--save",
                "/proc/exmy-fit.json", "--plots", p("newplots"));
        assertFalse(Files.exists(dir.resolve("newplots")), "a plot directory made for a failed command is removed");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> temps = s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
            assertEquals(List.of(), temps, "no temporary files are left behind");
        }
    }

    @Test
    void outputNamesAsLongAsTheFileSystemAllowsWork() throws Exception {
        String name = "y".repeat(251) + ".npy"; // 255 bytes: NAME_MAX on Linux file systems
        CastCommandTest.Run r = CastCommandTest.exmy("cast", "-f", "e4m3", p("x.npy"), p(name));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve(name)));
    }

    /** Points on a Chinchilla surface (Besiroglu et al.'s constants), enough for the fit to converge. */
    private Path chinchillaCsv() throws Exception {
        Path f = dir.resolve("chin.csv");
        if (Files.exists(f)) {
            return f;
        }
        StringBuilder sb = new StringBuilder("N,D,loss\n");
        for (double n : new double[] {1e7, 3e7, 1e8, 3e8, 1e9}) {
            for (double d : new double[] {1e9, 3e9, 1e10, 3e10, 1e11}) {
                double loss = 1.82 + 482.0 / Math.pow(n, 0.35) + 2085.0 / Math.pow(d, 0.37);
                sb.append(n).append(',').append(d).append(',').append(loss).append('\n');
            }
        }
        Files.writeString(f, sb.toString());
        return f;
    }
}
