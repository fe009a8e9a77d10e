package io.exmy.cli;

import io.exmy.backend.Backend;
import io.exmy.backends.Backends;
import io.exmy.cli.common.TextTable;
import io.exmy.format.CastSpec;
import io.exmy.format.Codes;
import io.exmy.format.Format;
import io.exmy.format.Rounding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A two-second tour of the format core: the formats table, a sample tensor cast on the best
 * backend, and the quantization error of each preset on a million Gaussian values.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "A quick tour: the formats table and sample casts on the best available backend.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    BackendOption backend;

    private static final float[] SAMPLE = {0.1f, -1.7f, 3.14159265f, 300f, 500f, 1e-4f, -0.0f, Float.NaN,
        Float.POSITIVE_INFINITY};
    private static final List<Format> SHOWN = List.of(Format.E4M3, Format.E5M2, Format.E3M2, Format.E2M1, Format.BF16);

    @Override
    public Integer call() {
        try (Backend b = backend.open()) {
            System.out.println("exmy: ExMy casts on backend '" + b.name() + "' — " + b.device());
            for (String other : List.of("cuda", "host")) {
                if (!other.equals(b.name())) {
                    String why = Backends.unavailableReason(other);
                    System.out.println("  " + other + ": " + (why == null ? "available" : "unavailable — " + why));
                }
            }
            System.out.println();
            System.out.println("Formats (exmy formats):");
            List<Format> presets = new ArrayList<>();
            Format.presets().forEach(presets::add);
            System.out.println(FormatsCommand.table(presets, false));
            sample(b);
            errors(b);
        }
        return 0;
    }

    private static void sample(Backend b) {
        System.out.println("A sample tensor, round-to-nearest-even, not saturating (e2m1 codes in hex):");
        List<String> header = new ArrayList<>(List.of("x"));
        SHOWN.forEach(f -> header.add(f.name()));
        header.add("e2m1 code");
        header.add("e2m1 sr×4");
        TextTable t = new TextTable(header.toArray(String[]::new));
        List<float[]> cols = new ArrayList<>();
        for (Format f : SHOWN) {
            cols.add(b.cast(SAMPLE, CastSpec.of(f)));
        }
        byte[] codes = b.encode(SAMPLE, 1, SAMPLE.length, CastSpec.of(Format.E2M1));
        List<float[]> sr = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            sr.add(b.cast(SAMPLE, new CastSpec(Format.E2M1, Rounding.SR, false, false, seed)));
        }
        for (int i = 0; i < SAMPLE.length; i++) {
            List<Object> row = new ArrayList<>();
            row.add(SAMPLE[i]);
            for (float[] c : cols) {
                row.add(c[i]);
            }
            int code = (codes[i / 2] >> (4 * (i & 1))) & 0xF;
            row.add(String.format("0x%X", code));
            StringBuilder s = new StringBuilder();
            for (float[] r : sr) {
                s.append(s.length() == 0 ? "" : " ").append(r[i]);
            }
            row.add(s);
            t.row(row.toArray());
        }
        System.out.println(t.markdown());
        if (Codes.decodeBits(0x7, Format.E2M1) != Float.floatToRawIntBits(6f)) {
            throw new IllegalStateException("e2m1 code 0x7 must decode to 6");
        }
    }

    private static void errors(Backend b) {
        int n = 1 << 20;
        float[] x = new float[n];
        SplittableRandom rng = new SplittableRandom(2024);
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        System.out.println("Quantization of 2^20 standard-normal values (no scaling), saturating:");
        TextTable t = new TextTable("format", "rounding", "relative RMS error", "mean error", "clipped");
        List<Format> formats = new ArrayList<>();
        Format.presets().forEach(formats::add);
        for (Format f : formats) {
            for (Rounding r : new Rounding[] {Rounding.RNE, Rounding.SR}) {
                float[] q = b.cast(x, new CastSpec(f, r, true, false, 7));
                double se = 0;
                double ss = 0;
                double bias = 0;
                int clipped = 0;
                for (int i = 0; i < n; i++) {
                    double d = (double) q[i] - x[i];
                    se += d * d;
                    ss += (double) x[i] * x[i];
                    bias += d;
                    if (Math.abs(x[i]) > f.maxValue()) {
                        clipped++;
                    }
                }
                t.row(f.name(), r.label, String.format(Locale.ROOT, "%.3e", Math.sqrt(se / ss)),
                        String.format(Locale.ROOT, "%+.2e", bias / n), clipped);
            }
        }
        System.out.println(t.markdown());
    }
}
