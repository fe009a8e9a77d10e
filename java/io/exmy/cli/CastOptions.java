package io.exmy.cli;

import io.exmy.format.CastSpec;
import io.exmy.format.Format;
import io.exmy.format.Rounding;
import picocli.CommandLine.Option;

/** The options that define a cast: format, rounding, seed, saturation, flush-to-zero. */
public final class CastOptions {
    @Option(names = {"-f", "--format"}, required = true, paramLabel = "F",
            description = "Target format: a preset (e5m2, e4m3, e3m2, e2m3, e2m1, fp16, bf16, fp32) or "
                    + "eXmY[:ieee|:fn|:finite][:bias=N]; see `exmy formats`.")
    Format format;

    @Option(names = "--rounding", paramLabel = "R", defaultValue = "rne",
            description = "rne (nearest, ties to even), rna (nearest, ties away from zero), rtz (toward zero) or sr "
                    + "(stochastic). Default: ${DEFAULT-VALUE}.")
    Rounding rounding;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of stochastic rounding: element i draws Philox4x32-10 bits keyed by (S, i).")
    long seed;

    @Option(names = "--saturate", negatable = true, defaultValue = "false",
            description = "Clamp overflow and infinities to ±max instead of inf/NaN. Default: no.")
    boolean saturate;

    @Option(names = "--ftz", description = "Flush results below the smallest normal to zero (sign kept).")
    boolean ftz;

    public CastSpec spec() {
        return new CastSpec(format, rounding, saturate, ftz, seed);
    }
}
