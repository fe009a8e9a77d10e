package io.exmy.cli.common;

import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.format.Rounding;
import picocli.CommandLine.Option;

/**
 * The options that define a block scheme: {@code --scheme} (a preset or the text form), or the
 * generic parts one by one; the element-cast options override either.
 */
public final class BlockSchemeOptions {
    @Option(names = "--scheme", paramLabel = "S",
            description = "A preset (${sys:exmy.help.schemes}; add /col for blocks down columns) or "
                    + "ELEM/[bN/]row|col|tensor/SCALE/RULE[/ts|/ts=torchao] or ELEM/bRxC/SCALE/RULE (R x C tiles), RULE one "
                    + "of ${sys:exmy.help.rules}; e.g. e3m2/b32/row/e8m0/floor, e2m1/b16x16/e4m3/amax/ts.")
    String scheme;

    @Option(names = "--elem", paramLabel = "F", description = "Element format (instead of --scheme), e.g. e2m1, e4m3.")
    String elem;

    @Option(names = "--block", paramLabel = "B", description = "Block length along the axis, or 'all' for one block per "
            + "row or column (channel-wise).")
    String block;

    @Option(names = "--axis", paramLabel = "A", description = "row (blocks of B along each row), col (down each column) "
            + "or tensor (one block).")
    String axis;

    @Option(names = "--scale-format", paramLabel = "F", description = "fp32, e8m0, or an ExMy format with NaN (e4m3 = ue4m3, e5m2, bf16, ...).")
    String scaleFormat;

    @Option(names = "--scale-rule", paramLabel = "R", description = "One of ${sys:exmy.help.rules}: floor (OCP MX), ceil "
            + "(no element saturates), amax "
            + "(scale = amax / element max, rounded to the scale format), rceil (TE/cuBLAS: amax/max rounded up to a power "
            + "of two), even (torchao EVEN) or pceil (torchao CEIL).")
    String scaleRule;

    @Option(names = "--two-level", description = "Add NVFP4's float32 tensor scale (amax rule, ExMy scale format).")
    boolean twoLevel;

    @Option(names = "--rounding", paramLabel = "R", description = "Element rounding, one of ${sys:exmy.help.roundings} "
            + "(default: the scheme's, rne).")
    Rounding rounding;

    @Range(what = "any 64-bit integer")
    @Option(names = "--seed", paramLabel = "S", description = "Seed of stochastic rounding: element (r, c) draws "
            + "Philox bits keyed by (S, r*cols + c).")
    Long seed;

    @Option(names = "--saturate", negatable = true, description = "Saturate element overflow to ±max (default: yes).")
    Boolean saturate;

    @Option(names = "--ftz", description = "Flush element results below the element's smallest normal to zero.")
    boolean ftz;

    @Option(names = "--compat", paramLabel = "LIB", description = "Element cast of a library: qpytorch (QPyTorch's "
            + "float_quantize; --rounding rna or sr).")
    String compat;

    /** A scheme given whole in one option ({@code --a-scheme mxfp4}): a preset or the text form; null for none. */
    public static BlockScheme parse(String option, String text) {
        if (text == null || text.trim().equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return BlockSchemes.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + e.getMessage(), e);
        }
    }

    /** The scheme the options name; a UserError says what is missing or wrong. */
    public BlockScheme scheme() {
        boolean generic = elem != null || block != null || axis != null || scaleFormat != null || scaleRule != null || twoLevel;
        BlockScheme s;
        if (scheme != null) {
            if (generic) {
                throw new UserError("give either --scheme or --elem/--block/--axis/--scale-format/--scale-rule/--two-level, not both");
            }
            s = BlockSchemes.parse(scheme);
        } else if (generic) {
            s = BlockSchemes.parse(genericText());
        } else {
            throw new UserError("no block scheme: give --scheme (e.g. --scheme mxfp4) or --elem, --block, --axis, "
                    + "--scale-format and --scale-rule");
        }
        var e = s.element();
        if (rounding != null) {
            e = e.withRounding(rounding);
        }
        if (seed != null) {
            e = e.withSeed(seed);
        }
        if (saturate != null) {
            e = e.withSaturate(saturate);
        }
        if (ftz) {
            e = e.withFlushToZero(true);
        }
        if (compat != null) {
            try {
                e = e.withCompat(io.exmy.format.Compat.parse(compat));
            } catch (IllegalArgumentException ex) {
                throw new UserError("--compat " + compat + ": " + ex.getMessage());
            }
        }
        return s.withElement(e);
    }

    private String genericText() {
        require(elem, "--elem");
        require(axis, "--axis");
        require(scaleFormat, "--scale-format");
        require(scaleRule, "--scale-rule");
        StringBuilder sb = new StringBuilder(elem).append('/');
        if (axis.equals("tensor")) {
            if (block != null) {
                throw new UserError("--axis tensor is one block for the whole tensor: drop --block " + block);
            }
        } else {
            require(block, "--block");
            if (!block.equals("all")) {
                long b;
                try {
                    b = Long.parseLong(block.trim());
                } catch (NumberFormatException ex) {
                    throw new UserError("--block " + block + ": give a number of elements (1 to " + Integer.MAX_VALUE
                            + ") or 'all'");
                }
                if (b < 1 || b > Integer.MAX_VALUE) {
                    throw new UserError("--block " + block + " must be between 1 and " + Integer.MAX_VALUE
                            + " elements (or 'all')");
                }
                sb.append('b').append(b).append('/');
            }
        }
        sb.append(axis).append('/').append(scaleFormat).append('/').append(scaleRule);
        if (twoLevel) {
            sb.append("/ts");
        }
        return sb.toString();
    }

    private static void require(String v, String name) {
        if (v == null) {
            throw new UserError("the generic scheme needs " + name
                    + " (all of --elem, --block, --axis, --scale-format, --scale-rule), or use --scheme");
        }
    }
}
