package io.exmy.train;

import io.exmy.backend.BlockOps;
import io.exmy.backend.DeviceBuffer;
import io.exmy.block.BlockScheme;
import io.exmy.block.BlockShape;
import io.exmy.block.ScaleFormat;
import io.exmy.block.ScaleRule;
import io.exmy.format.Format;
import java.util.Locale;

/**
 * How the attention keys and values (the KV cache) are fake-quantized: an element format with a
 * float32 amax scale per tensor or per head, or not at all. The quantized copies are what the
 * attention products Q·Kᵀ and P·V consume, forward and backward, and the gradients computed for
 * them are passed straight through to the unquantized K and V (as autograd does with a
 * straight-through fake quantizer); keys are quantized after the rotary embedding, as a KV cache
 * stores them.
 *
 * <p>K and V are (B, heads, T, head size) row-major after the attention split, so both
 * granularities are one call of the block fake-quantize op over a 2-D view of the buffer: per
 * tensor, one scale over all B·heads·T·head-size elements; per head, a (B·heads) × (T·head size)
 * view with one scale per row — one scale per head of each sequence, as a per-sequence KV cache
 * would hold.
 */
public record KvQuant(Format format, Granularity granularity) {
    public enum Granularity {
        TENSOR("tensor"), HEAD("head");

        public final String label;

        Granularity(String label) {
            this.label = label;
        }

        public static Granularity parse(String s) {
            for (Granularity g : values()) {
                if (g.label.equals(s.toLowerCase(Locale.ROOT))) {
                    return g;
                }
            }
            throw new IllegalArgumentException("unknown KV-cache granularity '" + s + "': use tensor or head");
        }
    }

    private static final KvQuant NONE = new KvQuant(null, Granularity.TENSOR);

    public KvQuant {
        java.util.Objects.requireNonNull(granularity, "granularity");
    }

    public static KvQuant none() {
        return NONE;
    }

    public boolean any() {
        return format != null;
    }

    /** The block scheme of the chosen granularity: round-to-nearest-even, saturating, S = amax / max(format) in float32. */
    public BlockScheme scheme() {
        if (format == null) {
            return null;
        }
        BlockShape shape = granularity == Granularity.TENSOR ? BlockShape.tensor() : BlockShape.perRow();
        return BlockScheme.of(format, shape, ScaleFormat.FP32, ScaleRule.AMAX);
    }

    /** Fake-quantizes one of K or V, {@code in} (B·heads·T·head size floats) into {@code out}. */
    void apply(BlockOps ops, DeviceBuffer in, DeviceBuffer out, int b, int heads, int t, int headSize) {
        long rows = (long) b * heads;
        long cols = (long) t * headSize;
        // round-to-nearest-even draws no random bits: the index base is irrelevant
        ops.fakeQuantize(in, out, rows, cols, 0L, scheme());
    }

    /** The scheme text for records, or "none". */
    public String describe() {
        return format == null ? "none" : io.exmy.block.BlockSchemes.format(scheme());
    }
}
