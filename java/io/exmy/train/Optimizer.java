package io.exmy.train;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.ops.AdamWStep;
import io.exmy.ops.GradClip;

/**
 * AdamW with global gradient-norm clipping over a model's flat parameters: the squared norm is
 * summed on the device, its square root decides the clip factor (llm.c's rule), and the update
 * runs twice — with weight decay over the decayed group, without over the rest.
 */
public final class Optimizer implements AutoCloseable {
    private final Backend be;
    private final ParameterLayout layout;
    private final AdamWSettings settings;
    private final double clip;
    private final DeviceBuffer m;
    private final DeviceBuffer v;
    private final DeviceBuffer normSq;
    private float lastNorm = Float.NaN;

    /** {@code clip} ≤ 0 turns clipping off. */
    public Optimizer(Backend be, ParameterLayout layout, AdamWSettings settings, double clip) {
        this.be = be;
        this.layout = layout;
        this.settings = settings;
        this.clip = clip;
        this.m = be.allocate(DType.F32, layout.flatLength());
        this.v = be.allocate(DType.F32, layout.flatLength());
        this.normSq = be.allocate(DType.F32, 1);
        be.fill(m, layout.flatLength(), 0f);
        be.fill(v, layout.flatLength(), 0f);
    }

    /** Optimizer step {@code step} (0-based) at learning rate {@code lr}: clips and applies the gradients. */
    public void step(DeviceBuffer params, DeviceBuffer grads, int step, double lr) {
        long n = layout.flatLength();
        be.sumOfSquares(normSq, grads, n);
        lastNorm = GradClip.norm(be.downloadFloats(normSq)[0]);
        float scale = clip > 0 ? GradClip.factor(lastNorm, (float) clip) : 1.0f;
        AdamWStep s = new AdamWStep((float) lr, (float) settings.beta1(), (float) settings.beta2(),
                (float) settings.eps(), (float) settings.weightDecay(), step + 1, scale);
        long d = layout.decayedLength();
        be.adamW(params.slice(0, d), grads.slice(0, d), m.slice(0, d), v.slice(0, d), d, s);
        be.adamW(params.slice(d, n - d), grads.slice(d, n - d), m.slice(d, n - d), v.slice(d, n - d), n - d,
                s.withWeightDecay(0f));
    }

    /** The global gradient norm of the last step, before clipping. */
    public float lastGradNorm() {
        return lastNorm;
    }

    public float[][] downloadMoments() {
        return new float[][] {be.downloadFloats(m), be.downloadFloats(v)};
    }

    public void loadMoments(float[] m1, float[] v1) {
        be.upload(m1, m);
        be.upload(v1, v);
    }

    @Override
    public void close() {
        m.close();
        v.close();
        normSq.close();
    }
}
