package io.exmy.train;

import io.exmy.backend.Backend;
import io.exmy.backend.DeviceBuffer;
import io.exmy.block.BlockScheme;
import io.exmy.matmul.GemmShape;
import io.exmy.train.QuantTargets.Operand;
import io.exmy.transform.HadamardSpec;

/**
 * The three GEMMs of a linear layer {@code Y = X·Wᵀ + b} (X: rows × in, W: out × in) with the
 * operands its {@link QuantTargets} name fake-quantized into scratch buffers just before each
 * product. The unquantized tensors are kept, so every GEMM quantizes its own operand along its own
 * K, and gradients pass straight through (the gradient of the quantized copy is used as the
 * tensor's).
 *
 * <p>Where the targets name a Hadamard transform (Transformer Engine's NVFP4 recipe: both operands of
 * the weight-gradient GEMM), the operand is transformed along K into the scratch buffer first and
 * quantized there in place.
 *
 * <p>Stochastic rounding, if a scheme asks for it, draws fresh bits for every step, site and
 * operand: element i of an operand uses Philox index {@code base·2^32 + i} with base a unique
 * number of (step, site, operand) — so a run is reproducible and no two quantizations share bits.
 */
final class QuantLinear {
    /** GEMM sites per model: four per block and the LM head. */
    static int sites(ModelConfig c) {
        return 4 * c.layers() + 1;
    }

    private final Backend be;
    private final GemmRunner gemms;
    private final QuantTargets targets;
    private final int sites;
    private final DeviceBuffer scratchA;
    private final DeviceBuffer scratchB;
    private long step;

    /** Scratch buffers must hold the largest activation-shaped (A) and weight- or activation-shaped (B) operand quantized. */
    QuantLinear(Backend be, GemmRunner gemms, QuantTargets targets, int sites, DeviceBuffer scratchA, DeviceBuffer scratchB) {
        this.be = be;
        this.gemms = gemms;
        this.targets = targets;
        this.sites = sites;
        this.scratchA = scratchA;
        this.scratchB = scratchB;
    }

    /** The optimizer step whose GEMMs follow (keys stochastic rounding). */
    void step(long s) {
        this.step = s;
    }

    /** Y = X·Wᵀ (+ bias). */
    void forward(int site, DeviceBuffer x, DeviceBuffer w, DeviceBuffer bias, DeviceBuffer y, int rows, int in, int out) {
        DeviceBuffer xq = quantize(Operand.FWD_X, site, x, rows, in, scratchA);
        DeviceBuffer wq = quantize(Operand.FWD_W, site, w, out, in, scratchB);
        gemms.gemm(GemmShape.of(rows, out, in, false, true), xq, wq, y);
        if (bias != null) {
            be.biasAdd(y, bias, rows, out);
        }
    }

    /**
     * dB += Σ_rows dY; dW = dYᵀ·X (overwritten); dX = dY·W (overwritten). {@code dbias} may be null
     * (no bias).
     */
    void backward(int site, DeviceBuffer dy, DeviceBuffer x, DeviceBuffer w, DeviceBuffer dx, DeviceBuffer dw,
                  DeviceBuffer dbias, int rows, int in, int out) {
        if (dbias != null) {
            be.biasBackward(dbias, dy, rows, out);
        }
        DeviceBuffer dyq = quantize(Operand.WGRAD_DY, site, dy, rows, out, scratchA);
        DeviceBuffer xq = quantize(Operand.WGRAD_X, site, x, rows, in, scratchB);
        gemms.gemm(GemmShape.of(out, in, rows, true, false), dyq, xq, dw);
        dyq = quantize(Operand.DGRAD_DY, site, dy, rows, out, scratchA);
        DeviceBuffer wq = quantize(Operand.DGRAD_W, site, w, out, in, scratchB);
        gemms.gemm(GemmShape.of(rows, in, out, false, false), dyq, wq, dx);
    }

    /**
     * The operand as its GEMM uses it: Hadamard-transformed along K if the targets say so (then the
     * other operand of the GEMM is too), then fake-quantized — or {@code t} itself when neither applies.
     */
    private DeviceBuffer quantize(Operand o, int site, DeviceBuffer t, int rows, int cols, DeviceBuffer scratch) {
        BlockScheme s = targets.scheme(o);
        HadamardSpec h = targets.transform(o);
        if (s == null && h == null) {
            return t;
        }
        long n = (long) rows * cols;
        DeviceBuffer out = scratch.slice(0, n);
        DeviceBuffer src = t;
        if (h != null) {
            be.hadamard(t, out, rows, cols, o.axis, h);
            src = out;
        }
        if (s != null) {
            long key = Math.addExact(Math.multiplyExact(Math.addExact(Math.multiplyExact(step, sites), site), 6L), o.ordinal());
            be.fakeQuantize(src, out, rows, cols, Math.multiplyExact(key, 1L << 32), s);
        }
        return out;
    }
}
