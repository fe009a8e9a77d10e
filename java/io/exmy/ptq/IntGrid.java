package io.exmy.ptq;

import io.exmy.format.Format;

/**
 * The integer weight quantizer of post-training quantization, exactly as the GPTQ reference code
 * computes it (IST-DASLab/gptq, {@code quant.py}, commit 2e22596c: {@code Quantizer.find_params}
 * with {@code perchannel=True, weight=True} and {@code quantize}), in float32:
 *
 * <pre>
 * maxq  = 2^b − 1                              codes q ∈ {0 … maxq}
 * xmin  = min(min(x), 0),  xmax = max(max(x), 0)   over the row or group: the range holds 0
 * sym:    xmax = max(|xmin|, xmax); xmin = −xmax if xmin &lt; 0
 * xmin = −1, xmax = 1 if both are 0
 * scale = fl(fl(xmax − xmin) / maxq)
 * zero  = rne(fl(−xmin / scale))   (asymmetric: rounded to the grid)
 *       = (maxq + 1) / 2           (symmetric: 2^(b−1))
 * q     = clamp(rne(fl(x / scale)) + zero, 0, maxq)
 * x̂     = fl(scale · (q − zero))
 * </pre>
 *
 * rne is round half to even ({@code torch.round}). The symmetric variant is the reference's: the
 * grid −2^(b−1) … 2^(b−1) − 1 steps of {@code 2·xmax/maxq}, one more step below zero than above;
 * a group with no negative value keeps xmin = 0 there, so its scale is xmax/maxq and its largest
 * value clamps at (2^(b−1) − 1)·scale — the reference's behaviour, kept.
 */
public record IntGrid(int bits, boolean sym) {
    public IntGrid {
        if (bits < 1 || bits > 8) {
            throw new IllegalArgumentException("integer post-training quantization takes 1 to 8 bits, got " + bits);
        }
    }

    /**
     * The grid of an integer preset: {@code int4} (e0m3, sign and 3 magnitude bits) is 4 bits. Any
     * other format is refused: the GPTQ quantizer is an integer grid.
     */
    public static IntGrid of(Format f, boolean sym) {
        if (!f.isInteger()) {
            throw new IllegalArgumentException("format " + f + " is not an integer grid: post-training quantization"
                    + " takes int2 … int8 (e0m1 … e0m7), whose bit width b sets the grid 0 … 2^b − 1");
        }
        return new IntGrid(f.mantissaBits() + 1, sym);
    }

    public int maxq() {
        return (1 << bits) - 1;
    }

    /** One row's (or group's) scale and zero point. */
    public record Params(float scale, float zero) {
    }

    /** The parameters for {@code x[off + i·stride]}, i &lt; n. */
    public Params fit(float[] x, int off, int stride, int n) {
        float xmin = 0;
        float xmax = 0;
        for (int i = 0; i < n; i++) {
            float v = x[off + i * stride];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("weight " + v + " is not finite: the model cannot be quantized");
            }
            xmin = Math.min(xmin, v);
            xmax = Math.max(xmax, v);
        }
        return params(xmin, xmax);
    }

    /** The parameters for a range already widened to hold 0 ({@code xmin ≤ 0 ≤ xmax}). */
    public Params params(float xmin, float xmax) {
        float maxq = maxq();
        if (sym) {
            xmax = Math.max(Math.abs(xmin), xmax);
            if (xmin < 0) {
                xmin = -xmax;
            }
        }
        if (xmin == 0 && xmax == 0) {
            xmin = -1;
            xmax = 1;
        }
        float scale = (xmax - xmin) / maxq;
        float zero = sym ? (maxq + 1) / 2 : (float) Math.rint(-xmin / scale);
        return new Params(scale, zero);
    }

    /** The code q ∈ {0 … maxq} of {@code x}. */
    public int code(float x, Params p) {
        float q = (float) Math.rint(x / p.scale()) + p.zero();
        return (int) Math.min(Math.max(q, 0f), (float) maxq());
    }

    /** The value of code {@code q}. */
    public static float value(int q, Params p) {
        return p.scale() * (q - p.zero());
    }

    /** x̂: {@code x} quantized and dequantized. */
    public float quantize(float x, Params p) {
        return value(code(x, p), p);
    }
}
