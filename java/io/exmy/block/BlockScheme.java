package io.exmy.block;

import io.exmy.format.CastSpec;
import io.exmy.format.Rounding;
import java.util.Objects;

/**
 * A block-scaled quantization scheme: how each element is cast ({@code element}: format, rounding,
 * saturation, flush-to-zero, seed — stochastic rounding is keyed by the element's flat row-major
 * index), the block shape, the scale format, the rule that turns a block's amax into its scale, and
 * whether a second-level float32 tensor scale is used (as NVFP4 does).
 *
 * <p>Text form and presets: {@link BlockSchemes}; {@link #toString()} round-trips through
 * {@link BlockSchemes#parse}. {@link #words()} is the wire form for native code: it must stay in
 * step with {@code struct exmy_block_spec} in {@code cuda/exmy_block.cuh}.
 */
public record BlockScheme(CastSpec element, BlockShape shape, ScaleFormat scaleFormat, ScaleRule rule,
                          boolean tensorScale, TensorScaleRule tensorScaleRule) {

    public static final int FLAG_TENSOR_SCALE = 1;
    /** Two-level arithmetic of torchao's NVFP4 instead of Transformer Engine's ({@link TensorScaleRule}). */
    public static final int FLAG_TS_TORCHAO = 2;

    public BlockScheme {
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(scaleFormat, "scaleFormat");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(tensorScaleRule, "tensorScaleRule");
        if (!tensorScale && tensorScaleRule != TensorScaleRule.TE) {
            throw new IllegalArgumentException("tensor-scale rule " + tensorScaleRule.label + " without a tensor scale;"
                    + " write ts=" + tensorScaleRule.label + " after the rule");
        }
        if (!shape.isOneDimensional() && (shape.rows() == BlockShape.WHOLE || shape.cols() == BlockShape.WHOLE)) {
            throw new IllegalArgumentException("block " + shape + ": a whole axis by several is not a block shape;"
                    + " use bN/row, bN/col, row, col, tensor or an R×C tile bRxC");
        }
        if (tensorScale && rule != ScaleRule.AMAX) {
            throw new IllegalArgumentException("a tensor scale (ts) needs the amax rule, not " + rule.label
                    + ": the power-of-two rules already span the scale format's range");
        }
        if (tensorScale && scaleFormat.kind() != ScaleFormat.Kind.EXMY) {
            throw new IllegalArgumentException("a tensor scale (ts) stretches a narrow ExMy scale format such as e4m3;"
                    + " scale format " + scaleFormat + " already covers float32's range");
        }
    }

    /** A scheme whose two-level arithmetic (if {@code tensorScale}) is Transformer Engine's. */
    public BlockScheme(CastSpec element, BlockShape shape, ScaleFormat scaleFormat, ScaleRule rule, boolean tensorScale) {
        this(element, shape, scaleFormat, rule, tensorScale, TensorScaleRule.TE);
    }

    /** Single-level scheme with an RNE, saturating element cast. */
    public static BlockScheme of(io.exmy.format.Format element, BlockShape shape, ScaleFormat scaleFormat,
                                 ScaleRule rule) {
        return new BlockScheme(CastSpec.of(element).withSaturate(true), shape, scaleFormat, rule, false);
    }

    public BlockScheme withElement(CastSpec e) {
        return new BlockScheme(e, shape, scaleFormat, rule, tensorScale, tensorScaleRule);
    }

    public BlockScheme withShape(BlockShape s) {
        return new BlockScheme(element, s, scaleFormat, rule, tensorScale, tensorScaleRule);
    }

    public BlockScheme withRounding(Rounding r) {
        return withElement(element.withRounding(r));
    }

    public BlockScheme withSeed(long seed) {
        return withElement(element.withSeed(seed));
    }

    /** The same blocks along the other axis: {@code bB/row} ↔ {@code bB/col}, per row ↔ per column. */
    public BlockScheme transposed() {
        return withShape(shape.transposed());
    }

    /**
     * The same scheme with its blocks along {@code axis} (ROW: along each row; COL: down each
     * column): a GEMM operand's scheme turned to run along its K. Tensor-wise and 2-D tile schemes
     * have no direction and stay as they are.
     */
    public BlockScheme along(BlockShape.Axis axis) {
        BlockShape.Axis a = shape.axis();
        return a == BlockShape.Axis.TENSOR || a == BlockShape.Axis.TILE || a == axis ? this : transposed();
    }

    public BlockGrid grid(long rows, long cols) {
        return BlockGrid.of(shape, rows, cols);
    }

    /**
     * {@code struct exmy_block_spec}: the element's {@link CastSpec#words()} (8), then scale kind, e,
     * m, bias, special kind (5), rule, flags, block rows, block cols (4; 0 = whole axis): 17 × int32.
     */
    public int[] words() {
        int[] w = new int[17];
        System.arraycopy(element.words(), 0, w, 0, 8);
        System.arraycopy(scaleFormat.words(), 0, w, 8, 5);
        w[13] = rule.code;
        w[14] = (tensorScale ? FLAG_TENSOR_SCALE : 0) | (tensorScaleRule == TensorScaleRule.TORCHAO ? FLAG_TS_TORCHAO : 0);
        w[15] = shape.rows();
        w[16] = shape.cols();
        return w;
    }

    @Override
    public String toString() {
        return BlockSchemes.format(this);
    }
}
