package io.exmy.train;

import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.block.BlockShape;
import io.exmy.transform.HadamardSpec;
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
 * <p>Which operands a run quantizes, and with what, is its recipe's ({@link Recipe}, the files in
 * {@code recipes/}).
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

        /** Both operands of this operand's GEMM. */
        public List<Operand> gemmPair() {
            return Gemm.of(this).operands();
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

    private final EnumMap<Operand, BlockScheme> schemes;
    /** Hadamard transforms applied along K before an operand's quantization (both operands of a GEMM or neither). */
    private final EnumMap<Operand, HadamardSpec> transforms;

    private QuantTargets(EnumMap<Operand, BlockScheme> schemes) {
        this(schemes, new EnumMap<>(Operand.class));
    }

    private QuantTargets(EnumMap<Operand, BlockScheme> schemes, EnumMap<Operand, HadamardSpec> transforms) {
        this.schemes = schemes;
        this.transforms = transforms;
    }

    public static QuantTargets none() {
        return new QuantTargets(new EnumMap<>(Operand.class));
    }

    /** {@code scheme} with its block axis turned to the operand's K axis. */
    public static BlockScheme schemeFor(Operand o, BlockScheme scheme) {
        return scheme.along(o.axis);
    }

    /** This plus (or with a replaced) operand scheme; null leaves the operand unquantized. */
    public QuantTargets with(Operand o, BlockScheme scheme) {
        EnumMap<Operand, BlockScheme> m = new EnumMap<>(schemes);
        if (scheme == null) {
            m.remove(o);
        } else {
            m.put(o, schemeFor(o, scheme));
        }
        return new QuantTargets(m, new EnumMap<>(transforms));
    }

    /** This with both operands of {@code gemm} transformed by {@code spec} (see the other overload). */
    public QuantTargets withTransform(Gemm gemm, HadamardSpec spec) {
        return withTransform(gemm.operands().get(0), spec);
    }

    /**
     * This with both operands of {@code o}'s GEMM transformed by {@code spec} along K before they are
     * quantized (null: no transform). A Hadamard transform H with HᵀH = I applied along K to both
     * operands leaves the exact product unchanged — (H·A)ᵀ(H·B) = AᵀB — so only the quantization sees
     * it; applied to one operand alone it would change the product, hence always the pair.
     */
    public QuantTargets withTransform(Operand o, HadamardSpec spec) {
        EnumMap<Operand, HadamardSpec> t = new EnumMap<>(transforms);
        for (Operand p : o.gemmPair()) {
            if (spec == null) {
                t.remove(p);
            } else {
                t.put(p, spec);
            }
        }
        return new QuantTargets(new EnumMap<>(schemes), t);
    }

    /** The Hadamard transform applied to the operand before its quantization, or null. */
    public HadamardSpec transform(Operand o) {
        return transforms.get(o);
    }

    /**
     * This plus an operand quantized with {@code scheme} exactly as given, its blocks not turned
     * along the GEMM's K: for quantizing a tensor rather than a GEMM operand, e.g. W per output
     * channel in both the forward and the input-gradient GEMM, so that the backward product sees
     * the forward's quantized weights (the {@code kumar} recipe).
     */
    public QuantTargets withTensorScheme(Operand o, BlockScheme scheme) {
        EnumMap<Operand, BlockScheme> m = new EnumMap<>(schemes);
        m.put(o, Objects.requireNonNull(scheme, "scheme"));
        return new QuantTargets(m, new EnumMap<>(transforms));
    }

    /** The operand's scheme, or null if it is not quantized. */
    public BlockScheme scheme(Operand o) {
        return schemes.get(o);
    }

    public boolean any() {
        return !schemes.isEmpty();
    }

    /** Whether any operand is Hadamard-transformed before its GEMM. */
    public boolean anyTransform() {
        return !transforms.isEmpty();
    }

    /**
     * Operand label → scheme text, in operand order (for records); a transformed operand reads
     * {@code hadamard(16/te) then SCHEME}.
     */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Operand o : Operand.values()) {
            BlockScheme s = schemes.get(o);
            HadamardSpec h = transforms.get(o);
            if (s == null && h == null) {
                continue;
            }
            String q = s == null ? "unquantized" : BlockSchemes.format(s);
            m.put(o.label, h == null ? q : "hadamard(" + h + ") then " + q);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantTargets q && q.schemes.equals(schemes) && q.transforms.equals(transforms);
    }

    @Override
    public int hashCode() {
        return schemes.hashCode() * 31 + transforms.hashCode();
    }

    @Override
    public String toString() {
        return schemes.isEmpty() ? "none" : describe().toString();
    }
}
