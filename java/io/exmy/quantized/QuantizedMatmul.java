package io.exmy.quantized;

import io.exmy.backend.Backend;
import io.exmy.backend.BlockOps;
import io.exmy.backend.Checks;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.block.BlockGrid;
import io.exmy.block.BlockScheme;
import io.exmy.block.BlockShape;
import io.exmy.block.ScaleFormat;
import io.exmy.block.ScaleRule;
import io.exmy.format.CodeLayout;
import io.exmy.format.Format;
import io.exmy.matmul.GemmShape;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * C = deq(Qa(A))·deq(Qb(B)), optionally followed by Qc(C): A (m×k) and B (k×n) row-major float32,
 * each block-quantized along K with its own scheme, on any backend, in device memory.
 *
 * <ul>
 * <li>{@link Mode#EXACT}: the operands are fake-quantized ({@link BlockOps#fakeQuantize}) and
 *     multiplied by {@link io.exmy.backend.MatmulOps#gemm}: every output the float32 FMA chain over k
 *     ascending, the same bits on every backend.</li>
 * <li>{@link Mode#FAST} (cuda): where every dequantized value is a BF16 value ({@link #bf16Reason}),
 *     the operands go to cuBLAS in BF16 with float32 accumulation on tensor cores; the products are
 *     exact and only the order of accumulation differs, within {@link io.exmy.matmul.ErrorBound}. A float32 tensor
 *     scale (NVFP4) is kept out of the operands and applied to the product as alpha = t_A·t_B.
 *     Where BF16 cannot hold the values, or the backend has no tensor cores, the exact mode runs
 *     and {@link Outcome#fallbackReason()} says why (exact results always satisfy the fast bound).</li>
 * </ul>
 *
 * An instance keeps its scratch buffers between calls (device allocation is slow); close it after.
 * A null scheme leaves that operand (or C) unquantized.
 */
public final class QuantizedMatmul implements AutoCloseable {
    /** The BF16 significand: 8 bits. */
    static final int BF16_SIGNIFICAND_BITS = 8;

    public enum Mode {
        EXACT, FAST;

        public static Mode parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown matmul mode '" + s + "': use exact or fast", e);
            }
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which mode ran; when fast was asked for and exact ran, why. */
    public record Outcome(Mode used, String fallbackReason) {
    }

    private final Backend backend;
    /** Grow-only scratch buffers by role, reused across calls. */
    private final Map<String, DeviceBuffer> scratch = new HashMap<>();

    public QuantizedMatmul(Backend backend) {
        this.backend = backend;
    }

    /**
     * {@code s} with its blocks along K: along the rows of A (m×k), or down the columns of B (k×n).
     * A scheme names a block length and an axis; the axis is turned to K, so {@code mxfp4} (blocks
     * along rows) serves for either operand. Likewise one scale per row of A is one per column of B
     * (both span K); tensor-wise scaling stays.
     */
    public static BlockScheme alongK(BlockScheme s, boolean operandB) {
        return s == null ? null : s.along(operandB ? BlockShape.Axis.COL : BlockShape.Axis.ROW);
    }

    /**
     * Null if every value a scheme dequantizes to is a BF16 value — an element of at most 8 exponent
     * and 7 mantissa bits times a scale, with at most 8 significant bits together (a power-of-two
     * scale adds none) — else why not. A float32 tensor scale does not count: the fast mode applies
     * it after the product. (Values near the bottom of the range can still be inexact; the device
     * checks every value and falls back to the exact mode then.)
     */
    public static String bf16Reason(BlockScheme s) {
        if (s == null) {
            return "an unquantized float32 operand has up to 24 significant bits";
        }
        Format f = s.element().format();
        if (f.exponentBits() > 8 || f.mantissaBits() > 7) {
            return "element format " + f + " has " + f.exponentBits() + " exponent and " + f.mantissaBits()
                    + " mantissa bits; BF16 holds at most 8 and 7";
        }
        int elementBits = f.isInteger() ? f.mantissaBits() : f.mantissaBits() + 1;
        int scaleBits = scaleSignificandBits(s);
        if (elementBits + scaleBits - (scaleBits == 1 ? 1 : 0) > BF16_SIGNIFICAND_BITS) {
            return "scheme " + s + ": " + elementBits + "-bit element significands times " + scaleBits
                    + "-bit scales (" + s.scaleFormat() + ", " + s.rule().label + " rule) can need "
                    + (elementBits + scaleBits) + " significant bits; BF16 has 8";
        }
        return null;
    }

    /** Significant bits of a block scale: 1 for powers of two. */
    static int scaleSignificandBits(BlockScheme s) {
        ScaleFormat sf = s.scaleFormat();
        if (s.rule() != ScaleRule.AMAX || sf.kind() == ScaleFormat.Kind.E8M0) {
            return 1;
        }
        return sf.kind() == ScaleFormat.Kind.FP32 ? 24 : sf.format().mantissaBits() + 1;
    }

    /** Why the fast mode cannot run here with these schemes, or null. */
    public String fastUnavailableReason(BlockScheme aScheme, BlockScheme bScheme) {
        String why = backend.fastGemmUnavailableReason();
        if (why != null) {
            return why;
        }
        String a = bf16Reason(aScheme);
        if (a != null) {
            return "A: " + a;
        }
        String b = bf16Reason(bScheme);
        return b == null ? null : "B: " + b;
    }

    /**
     * C (m×n) = deq(Qa(A))·deq(Qb(B)), then Qc(C) when {@code cScheme} is not null. The schemes of A
     * and B are applied along K ({@link #alongK}); A and B are left unchanged.
     */
    public Outcome multiply(DeviceBuffer a, DeviceBuffer b, DeviceBuffer c, int m, int n, int k, BlockScheme aScheme,
                            BlockScheme bScheme, BlockScheme cScheme, Mode mode) {
        Checks.owned(backend, a, b, c);
        Checks.holds(a, DType.F32, (long) m * k, "A (" + m + "×" + k + ")");
        Checks.holds(b, DType.F32, (long) k * n, "B (" + k + "×" + n + ")");
        Checks.holds(c, DType.F32, (long) m * n, "C (" + m + "×" + n + ")");
        BlockScheme sa = alongK(aScheme, false);
        BlockScheme sb = alongK(bScheme, true);
        GemmShape shape = GemmShape.of(m, n, k, false, false);
        // Stochastic rounding keys its bits by (seed, element index): A, B and C are numbered as one
        // stream (A from 0, B from m·k, C from m·k + k·n), so two operands rounded with the same
        // seed draw independent bits instead of the same bits at the same positions.
        long baseB = (long) m * k, baseC = baseB + (long) k * n;
        Outcome outcome = new Outcome(Mode.EXACT, null);
        boolean done = false;
        if (mode == Mode.FAST) {
            String why = fastUnavailableReason(sa, sb);
            if (why == null) {
                why = fast(a, b, c, m, n, k, sa, sb, shape, baseB);
                done = why == null;
            }
            outcome = done ? new Outcome(Mode.FAST, null) : new Outcome(Mode.EXACT, why);
        }
        if (!done) {
            DeviceBuffer x = fakeQuantized("A", a, m, k, 0, sa);
            DeviceBuffer y = fakeQuantized("B", b, k, n, baseB, sb);
            backend.gemm(shape, x, y, c);
        }
        if (cScheme != null) {
            backend.fakeQuantize(c, c, m, n, baseC, cScheme);
        }
        return outcome;
    }

    /** Runs the fast GEMM; returns null, or why the device refused the operands (then nothing ran). */
    private String fast(DeviceBuffer a, DeviceBuffer b, DeviceBuffer c, int m, int n, int k, BlockScheme sa,
                        BlockScheme sb, GemmShape shape, long baseB) {
        DeviceBuffer va = buffer("fast A", DType.F32, (long) m * k);
        DeviceBuffer vb = buffer("fast B", DType.F32, (long) k * n);
        float alpha = bf16Operand("A", a, va, m, k, 0, sa) * bf16Operand("B", b, vb, k, n, baseB, sb);
        try {
            backend.gemmBf16(shape, va, vb, c, alpha);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Writes the operand's dequantized values without its tensor scale into {@code out} and returns
     * that scale (1 for single-level schemes).
     */
    private float bf16Operand(String name, DeviceBuffer x, DeviceBuffer out, int rows, int cols, long indexBase,
                              BlockScheme s) {
        if (!s.tensorScale()) {
            backend.fakeQuantize(x, out, rows, cols, indexBase, s);
            return 1.0f;
        }
        // Codes and block scales, then dequantized with a tensor scale of 1: q·s, a BF16 value.
        BlockGrid g = s.grid(rows, cols);
        DeviceBuffer codes = buffer(name + " codes", DType.U8, rows * CodeLayout.bytesPerRow(s.element().format(), cols));
        DeviceBuffer scales = buffer(name + " scales", s.scaleFormat().hasCodes() ? DType.U8 : DType.F32, g.count());
        DeviceBuffer t = buffer(name + " tensor scale", DType.F32, 1);
        DeviceBuffer one = buffer("one", DType.F32, 1);
        backend.quantize(x, codes, scales, t, rows, cols, indexBase, s);
        backend.upload(new float[] {1.0f}, one);
        backend.dequantize(codes, scales, one, out, rows, cols, s);
        float[] tv = new float[1];
        backend.download(t, tv);
        return tv[0];
    }

    /** The operand fake-quantized into a scratch buffer, or the operand itself without a scheme. */
    private DeviceBuffer fakeQuantized(String name, DeviceBuffer x, int rows, int cols, long indexBase, BlockScheme s) {
        if (s == null) {
            return x;
        }
        DeviceBuffer q = buffer(name, DType.F32, (long) rows * cols);
        backend.fakeQuantize(x, q, rows, cols, indexBase, s);
        return q;
    }

    /** A view of {@code length} elements of the scratch buffer for {@code role}, grown as needed. */
    private DeviceBuffer buffer(String role, DType dtype, long length) {
        DeviceBuffer b = scratch.get(role);
        if (b == null || b.dtype() != dtype || b.length() < length) {
            if (b != null) {
                b.close();
            }
            b = backend.allocate(dtype, Math.max(1, length));
            scratch.put(role, b);
        }
        return b.slice(0, length);
    }

    @Override
    public void close() {
        scratch.values().forEach(DeviceBuffer::close);
        scratch.clear();
    }
}
