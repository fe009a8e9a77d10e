package io.exmy.ops;

/**
 * GELU, GPT-2's tanh approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), and its derivative,
 * as exact float sequences (twin: {@code cuda/exmy_train.cuh}, {@code exmy_gelu_*}).
 */
public final class Gelu {
    /** √(2/π) rounded to float. */
    static final float S = 0x1.988454p-1f;
    /** 0.044715 rounded to float. */
    static final float K = 0x1.6e4e26p-5f;
    /** 3·K rounded to float. */
    static final float K3 = 0x1.12ba9cp-3f;

    private Gelu() {
    }

    /**
     * <pre>
     *   u = S·(x + ((K·x)·x)·x)
     *   y = (0.5·x)·(1 + tanh(u))
     * </pre>
     */
    public static float forward(float x) {
        float cube = K * x * x * x;
        float u = S * (x + cube);
        return 0.5f * x * (1.0f + ExmyMath.tanh(u));
    }

    /**
     * <pre>
     *   t     = tanh(u)                    (u as in forward)
     *   sech2 = fma(−t, t, 1)              (1 − t², exactly rounded)
     *   du    = S·fma(3K·x, x, 1)          (du/dx)
     *   dy/dx = fma(0.5·x, sech2·du, 0.5·(1 + t))
     *   dinp  = dy/dx · dout
     * </pre>
     */
    public static float backward(float x, float dout) {
        float cube = K * x * x * x;
        float u = S * (x + cube);
        float t = ExmyMath.tanh(u);
        float sech2 = Math.fma(-t, t, 1.0f);
        float du = S * Math.fma(K3 * x, x, 1.0f);
        float local = Math.fma(0.5f * x, sech2 * du, 0.5f * (1.0f + t));
        return local * dout;
    }

    public static void forward(float[] out, int oOff, float[] inp, int iOff, int n) {
        Elementwise.chunks(n, (b, e) -> {
            for (int i = b; i < e; i++) {
                out[oOff + i] = forward(inp[iOff + i]);
            }
            return 0;
        });
    }

    public static void backward(float[] dinp, int dOff, float[] inp, int iOff, float[] dout, int gOff, int n) {
        Elementwise.chunks(n, (b, e) -> {
            for (int i = b; i < e; i++) {
                dinp[dOff + i] = backward(inp[iOff + i], dout[gOff + i]);
            }
            return 0;
        });
    }
}
