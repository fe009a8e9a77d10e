package io.exmy.train;

import io.exmy.block.BlockScheme;
import io.exmy.block.BlockShape;
import io.exmy.block.ScaleFormat;
import io.exmy.block.ScaleRule;
import io.exmy.format.Format;
import java.util.Locale;

/**
 * Quantization-aware training in the setting of Kumar et al. 2024 ("Scaling Laws for Precision",
 * arXiv 2411.04330): weights, activations and the attention keys/values each fake-quantized at their
 * own precision P_w, P_a, P_kv in the forward pass, gradients passed straight through.
 *
 * <ul>
 * <li>Weights per output channel: one float32 scale amax/max(format) per row of W (out × in).</li>
 * <li>Activations per tensor: one scale for each linear layer's input X (tokens × in).</li>
 * <li>Keys and values per tensor or per head ({@link KvQuant}).</li>
 * </ul>
 *
 * The backward GEMMs consume the same quantized W and X that the forward GEMM did (dX = dY·Q(W),
 * dW = dYᵀ·Q(X)) — what autograd computes for {@code linear(Q(x), Q(w))} with straight-through
 * quantizers — while the output gradients dY are never quantized. The quantizers are deterministic
 * (round-to-nearest-even), so the backward copies are the forward's bits.
 *
 * <p>A precision is written as a number of bits (an integer grid: {@code 4} is {@code int4} =
 * {@code e0m3}, values ±7), as any format name ({@code e2m1}, {@code e4m3}: floating point) or
 * {@code none} (not quantized). Null fields mean not quantized.
 */
public record KumarQuant(Format weights, Format activations, Format kv, KvQuant.Granularity kvGranularity) {
    public static final String PRESET = "kumar";

    public KumarQuant {
        java.util.Objects.requireNonNull(kvGranularity, "kvGranularity");
    }

    /**
     * The canonical text of a precision setting: {@code none}, or the format's name (bits 2…16 as
     * the integer grid of that width).
     */
    public static String canonical(String text) {
        Format f = parse(text);
        return f == null ? "none" : f.toString();
    }

    /** A precision setting as a format, or null for {@code none} / {@code fp32} / empty. */
    public static Format parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.equals("none") || s.equals("fp32")) {
            return null;
        }
        if (s.chars().allMatch(Character::isDigit)) {
            int bits;
            try {
                bits = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 2 || bits > 16) {
                throw new IllegalArgumentException("precision '" + text + "': a number of bits must be 2 to 16"
                        + " (an integer grid with sign), or give a format such as e2m1, or none");
            }
            return Format.parse("e0m" + (bits - 1));
        }
        return Format.parse(s);
    }

    /** The linear layers' targets: W per output channel in the forward and input-gradient GEMMs, X per tensor in the forward and weight-gradient GEMMs. */
    public QuantTargets targets() {
        QuantTargets t = QuantTargets.none();
        if (weights != null) {
            BlockScheme w = BlockScheme.of(weights, BlockShape.perRow(), ScaleFormat.FP32, ScaleRule.AMAX);
            t = t.withTensorScheme(QuantTargets.Operand.FWD_W, w).withTensorScheme(QuantTargets.Operand.DGRAD_W, w);
        }
        if (activations != null) {
            BlockScheme x = BlockScheme.of(activations, BlockShape.tensor(), ScaleFormat.FP32, ScaleRule.AMAX);
            t = t.withTensorScheme(QuantTargets.Operand.FWD_X, x).withTensorScheme(QuantTargets.Operand.WGRAD_X, x);
        }
        return t;
    }

    public KvQuant kvQuant() {
        return new KvQuant(kv, kvGranularity);
    }

    /** Bits of a precision (sign + exponent + mantissa), or null if not quantized: P_w, P_a, P_kv in records. */
    static Integer bits(Format f) {
        return f == null ? null : f.totalBits();
    }
}
