package io.exmy.cli;

import io.exmy.cli.common.Range;
import io.exmy.cli.common.UserError;
import io.exmy.format.CastSpec;
import io.exmy.format.Compat;
import io.exmy.format.Format;
import io.exmy.format.Rounding;
import picocli.CommandLine.Option;

/** The options that define a cast: format, rounding, seed, saturation, flush-to-zero. */
public final class CastOptions {
    @Option(names = {"-f", "--format"}, required = true, paramLabel = "F",
            description = "Target format: a preset (${sys:exmy.help.formats}) or eXmY[:ieee|:fn|:finite][:bias=N]; see "
                    + "`exmy formats`.")
    Format format;

    @Option(names = "--rounding", paramLabel = "R",
            description = "One of ${sys:exmy.help.roundings}: rne nearest, ties to even; rna nearest, ties away from zero; "
                    + "rtz toward zero; sr stochastic. Default: rne; with --compat qpytorch, rna (QPyTorch's nearest).")
    Rounding rounding;

    @Option(names = "--compat", paramLabel = "LIB",
            description = "Reproduce a library's cast instead of exmy's exact one: qpytorch (QPyTorch float_quantize on "
                    + "the format's E and M, E 1..8: nearest = rna, stochastic = sr with exmy's Philox bits; E <= 7 saturates "
                    + "at QPyTorch's max, e4m3 480). "
                    + "See docs/FORMATS.md, \"Compatibility casts\".")
    String compat;

    @Range(what = "any 64-bit integer")
    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of stochastic rounding: element i draws Philox4x32-10 bits keyed by (S, i).")
    long seed;

    @Option(names = "--saturate", negatable = true, defaultValue = "false",
            description = "Clamp overflow and infinities to ±max instead of inf/NaN. Default: no.")
    boolean saturate;

    @Option(names = "--ftz", description = "Flush results below the smallest normal to zero (sign kept).")
    boolean ftz;

    public CastSpec spec() {
        Compat c = compat == null ? Compat.NONE : parseCompat(compat);
        if (c == Compat.QPYTORCH) {
            if (ftz) {
                throw new UserError("--compat qpytorch keeps QPyTorch's subnormals: drop --ftz");
            }
            Rounding r = rounding == null ? Rounding.RNA : rounding;
            if (r != Rounding.RNA && r != Rounding.SR) {
                throw new UserError("--compat qpytorch rounds as QPyTorch does: --rounding rna (its 'nearest', the default)"
                        + " or sr (its 'stochastic'), not " + r.label);
            }
            return new CastSpec(format, r, true, false, seed, Compat.QPYTORCH);
        }
        return new CastSpec(format, rounding == null ? Rounding.RNE : rounding, saturate, ftz, seed);
    }

    private static Compat parseCompat(String s) {
        try {
            return Compat.parse(s);
        } catch (IllegalArgumentException e) {
            throw new UserError("--compat " + s + ": " + e.getMessage());
        }
    }
}
