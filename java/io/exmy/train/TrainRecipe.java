package io.exmy.train;

import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.format.Format;
import io.exmy.train.QuantTargets.Operand;
import io.exmy.transform.HadamardSpec;
import java.util.List;
import java.util.Locale;

/**
 * The training recipes of the libraries researchers compare with, as named quantization presets
 * ({@code quant: NAME}): which GEMM operands each quantizes, with which block scheme, and which get
 * a Hadamard transform first. Read from each library's source (docs/TRAINING.md, "Recipes", names
 * files and commits):
 *
 * <ul>
 * <li>{@code sun2025} — Sun et al.'s FP quantization scaling law, as QPyTorch computes it: the
 *     {@code paper} operands (W forward, W in the input gradient, X in the weight gradient), element
 *     format and block size B from {@code format} and {@code block}, float32 per-block amax scales,
 *     QPyTorch 0.3.0's {@code float_quantize(…, "nearest")} cast (ties away, top binade 2^(2^(E−1))
 *     with every code finite, subnormals, saturating).</li>
 * <li>{@code te-mxfp8} — Transformer Engine's {@code MXFP8BlockScaling} (default E4M3 for every
 *     tensor): all six operands in E4M3 blocks of 32 along K with E8M0 scales rounded up
 *     ({@code mxfp8-te}); TE's rowwise and columnwise copies are the operands' own K axes.</li>
 * <li>{@code te-nvfp4} — TE's {@code NVFP4BlockScaling}: all six operands NVFP4 (E2M1, E4M3 block
 *     scales, float32 tensor scale); weights in 16×16 tiles (2D); gradients (dY in both backward
 *     GEMMs) with stochastic rounding; the weight-gradient GEMM's operands (X and dY, column-wise in
 *     TE's terms) through TE's 16-point random Hadamard transform along K first.</li>
 * <li>{@code torchao-mxfp8}, {@code torchao-mxfp4} — torchao's {@code MXLinearConfig} recipes
 *     {@code mxfp8_emulated} and {@code mxfp4_emulated}: one element dtype (E4M3, E2M1) for
 *     activations, weights and gradients, blocks of 32 along K, the OCP {@code floor} scale.</li>
 * </ul>
 *
 * {@link Switches} turn off the Hadamard transform, stochastic rounding and 2D weight scaling
 * individually (TE's {@code disable_rht}, {@code disable_stochastic_rounding},
 * {@code disable_2d_quantization}); a switch a recipe has no use for changes nothing.
 */
public final class TrainRecipe {
    public static final List<String> NAMES = List.of("sun2025", "te-mxfp8", "te-nvfp4", "torchao-mxfp8", "torchao-mxfp4");

    /** Which of a recipe's techniques are on (all by default). */
    public record Switches(boolean rht, boolean sr, boolean scale2d) {
        public static final Switches ALL = new Switches(true, true, true);
    }

    /** TE's NVFP4 weight scheme with 16×16 tiles: {@code nvfp4} but one scale per tile. */
    static final String NVFP4_2D = "e2m1/b16x16/e4m3/amax/ts";

    private TrainRecipe() {
    }

    public static boolean isRecipe(String quant) {
        return NAMES.contains(quant.toLowerCase(Locale.ROOT));
    }

    /** Whether the recipe takes its element format and block size from {@code format} and {@code block}. */
    public static boolean usesFormat(String name) {
        return name.equalsIgnoreCase("sun2025");
    }

    /** The recipe's targets; {@code element} and {@code block} are used by {@code sun2025} alone. */
    public static QuantTargets targets(String name, Format element, int block, Switches sw) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sun2025" -> sun2025(element, block);
            case "te-mxfp8" -> all(BlockSchemes.parse("mxfp8-te"));
            case "te-nvfp4" -> teNvfp4(sw);
            case "torchao-mxfp8" -> all(BlockSchemes.parse("mxfp8_e4m3"));
            case "torchao-mxfp4" -> all(BlockSchemes.parse("mxfp4"));
            default -> throw new IllegalArgumentException("unknown recipe '" + name + "': use one of " + String.join(", ", NAMES));
        };
    }

    static QuantTargets sun2025(Format element, int block) {
        if (element.equals(Format.FP32)) {
            return QuantTargets.none(); // the grid's unquantized baseline, as for the other presets
        }
        BlockScheme s = BlockSchemes.parse(element + "/b" + block + "/row/fp32/amax/compat=qpytorch");
        return QuantTargets.preset("paper", s);
    }

    static QuantTargets all(BlockScheme s) {
        return QuantTargets.preset("all", s);
    }

    static QuantTargets teNvfp4(Switches sw) {
        BlockScheme x = BlockSchemes.parse("nvfp4");
        BlockScheme w = sw.scale2d() ? BlockSchemes.parse(NVFP4_2D) : x;
        BlockScheme g = sw.sr() ? BlockSchemes.parse("nvfp4/sr") : x;
        QuantTargets t = QuantTargets.none()
                .with(Operand.FWD_X, x).with(Operand.FWD_W, w)
                .with(Operand.DGRAD_DY, g).with(Operand.DGRAD_W, w)
                .with(Operand.WGRAD_DY, g).with(Operand.WGRAD_X, x);
        return sw.rht() ? t.withTransform(Operand.WGRAD_X, HadamardSpec.te16()) : t;
    }
}
