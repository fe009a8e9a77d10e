package io.exmy.train;

import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.block.BlockShape;
import io.exmy.block.ScaleFormat;
import io.exmy.block.ScaleRule;
import io.exmy.format.Format;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which operands of a linear layer's three GEMMs are fake-quantized, and how. With the layer
 * {@code Y = X·Wᵀ} (X: tokens × in, W: out × in, Y: tokens × out):
 *
 * <pre>
 *   forward          Y  = X  · Wᵀ    K = in-features   X along rows, W along rows
 *   input gradient   dX = dY · W     K = out-features  dY along rows, W along columns
 *   weight gradient  dW = dYᵀ · X    K = tokens        dY along columns, X along columns
 * </pre>
 *
 * Blocks always run along the GEMM's K dimension — the dimension the products are summed over, so
 * that one scale multiplies each partial sum — which fixes each operand's block axis: a scheme's
 * own axis is replaced by the operand's ({@link #schemeFor}). Gradients pass straight through: the
 * quantized operand is used in the product, and the gradient of the unquantized tensor is taken
 * to be the gradient computed for its quantized copy.
 *
 * <p>Presets: {@code none}; {@code weights-only} (W in the forward and input-gradient GEMMs);
 * {@code paper}, the setting of Sun et al.'s FP quantization scaling law (W in the forward GEMM,
 * W in the input-gradient GEMM and X in the weight-gradient GEMM; activations and output gradients
 * unquantized); {@code all} (all six).
 */
public final class QuantTargets {
    /** The six GEMM operands of a linear layer. */
    public enum Operand {
        FWD_X("fwd.x", BlockShape.Axis.ROW), FWD_W("fwd.w", BlockShape.Axis.ROW),
        DGRAD_DY("dgrad.dy", BlockShape.Axis.ROW), DGRAD_W("dgrad.w", BlockShape.Axis.COL),
        WGRAD_DY("wgrad.dy", BlockShape.Axis.COL), WGRAD_X("wgrad.x", BlockShape.Axis.COL);

        public final String label;
        /** The axis K runs along in this operand's row-major storage. */
        public final BlockShape.Axis axis;

        Operand(String label, BlockShape.Axis axis) {
            this.label = label;
            this.axis = axis;
        }

        public static Operand parse(String s) {
            for (Operand o : values()) {
                if (o.label.equals(s.toLowerCase(Locale.ROOT))) {
                    return o;
                }
            }
            throw new IllegalArgumentException("unknown GEMM operand '" + s + "': use one of "
                    + String.join(", ", Arrays.stream(values()).map(o -> o.label).toList()));
        }
    }

    public static final List<String> PRESETS = List.of("none", "weights-only", "paper", "all");

    private final EnumMap<Operand, BlockScheme> schemes;

    private QuantTargets(EnumMap<Operand, BlockScheme> schemes) {
        this.schemes = schemes;
    }

    public static QuantTargets none() {
        return new QuantTargets(new EnumMap<>(Operand.class));
    }

    /** The operands a preset quantizes. */
    public static List<Operand> presetOperands(String preset) {
        return switch (preset.toLowerCase(Locale.ROOT)) {
            case "none" -> List.of();
            case "weights-only" -> List.of(Operand.FWD_W, Operand.DGRAD_W);
            case "paper" -> List.of(Operand.FWD_W, Operand.DGRAD_W, Operand.WGRAD_X);
            case "all" -> List.of(Operand.values());
            default -> throw new IllegalArgumentException("unknown quantization preset '" + preset + "': use one of "
                    + String.join(", ", PRESETS));
        };
    }

    /** A preset's operands, each quantized with {@code scheme} (its axis set per operand). */
    public static QuantTargets preset(String preset, BlockScheme scheme) {
        EnumMap<Operand, BlockScheme> m = new EnumMap<>(Operand.class);
        for (Operand o : presetOperands(preset)) {
            m.put(o, schemeFor(o, Objects.requireNonNull(scheme, "scheme")));
        }
        return new QuantTargets(m);
    }

    /**
     * The scaling-law papers' scheme for an element format and block size: blocks of B along K,
     * float32 scales S = amax / max (rule {@code amax}), round-to-nearest-even, saturating.
     */
    public static BlockScheme paperScheme(Format element, int blockSize) {
        return BlockScheme.of(element, BlockShape.alongRows(blockSize), ScaleFormat.FP32, ScaleRule.AMAX);
    }

    /** {@code scheme} with its block axis turned to the operand's K axis. */
    public static BlockScheme schemeFor(Operand o, BlockScheme scheme) {
        BlockShape.Axis a = scheme.shape().axis();
        if (a == BlockShape.Axis.TENSOR || a == BlockShape.Axis.TILE || a == o.axis) {
            return scheme;
        }
        return scheme.transposed();
    }

    /** This plus (or with a replaced) operand scheme; null leaves the operand unquantized. */
    public QuantTargets with(Operand o, BlockScheme scheme) {
        EnumMap<Operand, BlockScheme> m = new EnumMap<>(schemes);
        if (scheme == null) {
            m.remove(o);
        } else {
            m.put(o, schemeFor(o, scheme));
        }
        return new QuantTargets(m);
    }

    /**
     * This plus an operand quantized with {@code scheme} exactly as given, its blocks not turned
     * along the GEMM's K: for quantizing a tensor rather than a GEMM operand, e.g. W per output
     * channel in both the forward and the input-gradient GEMM, so that the backward product sees
     * the forward's quantized weights ({@link KumarQuant}).
     */
    public QuantTargets withTensorScheme(Operand o, BlockScheme scheme) {
        EnumMap<Operand, BlockScheme> m = new EnumMap<>(schemes);
        m.put(o, Objects.requireNonNull(scheme, "scheme"));
        return new QuantTargets(m);
    }

    /** The operand's scheme, or null if it is not quantized. */
    public BlockScheme scheme(Operand o) {
        return schemes.get(o);
    }

    public boolean any() {
        return !schemes.isEmpty();
    }

    /** Operand label → scheme text, in operand order (for records). */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        schemes.forEach((o, s) -> m.put(o.label, BlockSchemes.format(s)));
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantTargets q && q.schemes.equals(schemes);
    }

    @Override
    public int hashCode() {
        return schemes.hashCode();
    }

    @Override
    public String toString() {
        return schemes.isEmpty() ? "none" : describe().toString();
    }
}
