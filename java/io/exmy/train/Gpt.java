package io.exmy.train;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.data.Batch;
import io.exmy.matmul.GemmShape;
import java.util.ArrayList;
import java.util.List;

/**
 * A GPT-2-style decoder, forward and backward written out by hand over a {@link Backend} as in
 * llm.c: token (+ learned position) embedding, {@code L} pre-norm blocks (layer norm, causal
 * multi-head attention with optional rotary positions, residual; layer norm, GELU MLP, residual),
 * final layer norm, LM head tied to the token embedding, fused softmax + cross-entropy.
 *
 * <p>Parameters, gradients and every activation live in device buffers of the backend; a step
 * uploads the batch's token ids and downloads the per-token losses, nothing else. Linear layers go
 * through {@link QuantLinear}, so the GEMM operands the {@link QuantTargets} name are quantized;
 * the attention products Q·Kᵀ and P·V read the keys and values fake-quantized by a {@link KvQuant}
 * if one is given (Kumar et al.'s KV-cache quantization) and are otherwise unquantized; the LM
 * head is quantized only if asked.
 *
 * <p>Buffers are sized for one batch shape (B sequences of the model's context T).
 */
public final class Gpt implements AutoCloseable {
    private static final float LN_EPS = 1e-5f;

    private final Backend be;
    private final ModelConfig cfg;
    private final ParameterLayout layout;
    private final int B;
    private final int T;
    private final int C;
    private final int NH;
    private final int HS;
    private final int V;
    private final int N;
    private final List<DeviceBuffer> owned = new ArrayList<>();

    private final DeviceBuffer params;
    private final DeviceBuffer grads;
    private final GemmRunner gemms;
    private final QuantLinear linear;
    private final QuantLinear head;
    private final KvQuant kv;

    private final DeviceBuffer tokens;
    private final DeviceBuffer targets;
    private final DeviceBuffer ropeTable;
    private final LayerActs[] acts;
    /** resid[l] is block l's input; resid[L] the final residual stream. */
    private final DeviceBuffer[] resid;
    private final DeviceBuffer lnf;
    private final DeviceBuffer lnfMean;
    private final DeviceBuffer lnfRstd;
    private final DeviceBuffer logits;
    private final DeviceBuffer losses;
    // backward scratch
    private final DeviceBuffer dresid;
    private final DeviceBuffer dBig;   // N × 4C: d(fc activations)
    private final DeviceBuffer dSmall; // N × C: d(layer-norm outputs), d(attention output)
    private final DeviceBuffer dQkv;   // N × 3C
    private final DeviceBuffer dq;
    private final DeviceBuffer dk;
    private final DeviceBuffer dv;
    private final DeviceBuffer dy;
    private final DeviceBuffer datt;   // B·NH·T × T
    private final DeviceBuffer projOut; // N × C: a projection's output before the residual add
    private boolean forwardDone;

    /** One block's saved activations. */
    private final class LayerActs {
        final DeviceBuffer ln1 = act((long) N * C);
        final DeviceBuffer ln1Mean = act(N);
        final DeviceBuffer ln1Rstd = act(N);
        final DeviceBuffer qkv = act((long) N * 3 * C);
        final DeviceBuffer q = act((long) N * C);
        final DeviceBuffer k = act((long) N * C);
        final DeviceBuffer v = act((long) N * C);
        /** What the attention products read: K and V, or their fake-quantized copies. */
        final DeviceBuffer kq = kv.any() ? act((long) N * C) : k;
        final DeviceBuffer vq = kv.any() ? act((long) N * C) : v;
        final DeviceBuffer att = act((long) B * NH * T * T);
        final DeviceBuffer y = act((long) N * C);
        final DeviceBuffer atty = act((long) N * C);
        final DeviceBuffer resid2 = act((long) N * C);
        final DeviceBuffer ln2 = act((long) N * C);
        final DeviceBuffer ln2Mean = act(N);
        final DeviceBuffer ln2Rstd = act(N);
        final DeviceBuffer fch = act((long) N * 4 * C);
        final DeviceBuffer fchGelu = act((long) N * 4 * C);
    }

    /**
     * A model for batches of {@code batchSize} sequences on {@code be}, parameters zero until
     * {@link #loadParameters}; {@code quantHead} applies the targets to the LM head as well.
     */
    public Gpt(Backend be, ModelConfig cfg, int batchSize, QuantTargets targets, boolean quantHead) {
        this(be, cfg, batchSize, targets, quantHead, false);
    }

    /** With {@code fast}, every GEMM runs on BF16 tensor cores ({@link GemmRunner}; cuda only). */
    public Gpt(Backend be, ModelConfig cfg, int batchSize, QuantTargets targets, boolean quantHead, boolean fast) {
        this(be, cfg, batchSize, targets, quantHead, fast, KvQuant.none());
    }

    /** With {@code kv}, the attention keys and values are fake-quantized before the attention products. */
    public Gpt(Backend be, ModelConfig cfg, int batchSize, QuantTargets targets, boolean quantHead, boolean fast,
               KvQuant kv) {
        this.be = be;
        this.kv = java.util.Objects.requireNonNull(kv, "kv");
        this.cfg = cfg;
        this.layout = ParameterLayout.of(cfg);
        this.B = batchSize;
        this.T = cfg.context();
        this.C = cfg.width();
        this.NH = cfg.heads();
        this.HS = cfg.headSize();
        this.V = cfg.vocab();
        this.N = Math.multiplyExact(B, T);
        try {
            params = act(layout.flatLength());
            grads = act(layout.flatLength());
            tokens = own(be.allocate(DType.I32, N));
            this.targets = own(be.allocate(DType.I32, N));
            ropeTable = cfg.positions() == ModelConfig.Positions.ROPE
                    ? upload(io.exmy.ops.Rope.table(T, HS, io.exmy.ops.Rope.BASE)) : null;
            acts = new LayerActs[cfg.layers()];
            resid = new DeviceBuffer[cfg.layers() + 1];
            resid[0] = act((long) N * C);
            for (int l = 0; l < cfg.layers(); l++) {
                acts[l] = new LayerActs();
                resid[l + 1] = act((long) N * C);
            }
            lnf = act((long) N * C);
            lnfMean = act(N);
            lnfRstd = act(N);
            logits = act((long) N * V);
            losses = act(N);
            dresid = act((long) N * C);
            dBig = act((long) N * 4 * C);
            dSmall = act((long) N * C);
            dQkv = act((long) N * 3 * C);
            dq = act((long) N * C);
            dk = act((long) N * C);
            dv = act((long) N * C);
            dy = act((long) N * C);
            datt = act((long) B * NH * T * T);
            projOut = act((long) N * C);
            int sites = QuantLinear.sites(cfg);
            long actMax = (long) N * Math.max(4 * C, quantHead ? V : 0);
            long wMax = Math.max(actMax, Math.max(4L * C * C, quantHead ? (long) V * C : 0));
            boolean scratch = targets.any() || targets.anyTransform();
            DeviceBuffer qa = scratch ? act(actMax) : null;
            DeviceBuffer qb = scratch ? act(wMax) : null;
            // fast mode's BF16 copies: the largest A operand is an activation, dlogits or attention
            // probabilities; the largest B operand an activation or a weight
            long bigA = Math.max(Math.max((long) N * 4 * C, (long) N * V), (long) B * NH * T * T);
            long bigB = Math.max(Math.max((long) N * 4 * C, (long) V * C), 4L * C * C);
            gemms = fast ? GemmRunner.fast(be, act(bigA), act(bigB)) : GemmRunner.exact(be);
            linear = new QuantLinear(be, gemms, targets, sites, qa, qb);
            head = new QuantLinear(be, gemms, quantHead ? targets : QuantTargets.none(), sites, qa, qb);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private DeviceBuffer own(DeviceBuffer b) {
        owned.add(b);
        return b;
    }

    private DeviceBuffer act(long n) {
        return own(be.allocate(DType.F32, n));
    }

    private DeviceBuffer upload(float[] x) {
        return own(be.upload(x));
    }

    public ModelConfig config() {
        return cfg;
    }

    public ParameterLayout layout() {
        return layout;
    }

    public int batchSize() {
        return B;
    }

    /** The flat parameters (device memory; the optimizer updates them in place). */
    public DeviceBuffer parameters() {
        return params;
    }

    /** The flat gradients of the last {@link #backward}. */
    public DeviceBuffer gradients() {
        return grads;
    }

    public void loadParameters(float[] flat) {
        if (flat.length != layout.flatLength()) {
            throw new IllegalArgumentException("parameter vector has " + flat.length + " elements, the model "
                    + layout.flatLength());
        }
        be.upload(flat, params);
    }

    public float[] downloadParameters() {
        return be.downloadFloats(params);
    }

    public float[] downloadGradients() {
        return be.downloadFloats(grads);
    }

    /** The optimizer step whose forward and backward follow: keys the quantizers' stochastic rounding. */
    public void step(long s) {
        linear.step(s);
        head.step(s);
    }

    private DeviceBuffer p(ParameterLayout.Tensor t) {
        return t.view(params);
    }

    private DeviceBuffer g(ParameterLayout.Tensor t) {
        return t.view(grads);
    }

    /**
     * Forward pass over a batch; returns the mean loss (nats per token, summed in double in token
     * order). With {@code withGradient}, the logits are replaced by the loss gradient (for the mean)
     * ready for {@link #backward}.
     */
    public double forward(Batch batch, boolean withGradient) {
        if (batch.batchSize() != B || batch.context() != T) {
            throw new IllegalArgumentException("batch of " + batch.batchSize() + "x" + batch.context()
                    + " for a model built for " + B + "x" + T);
        }
        be.upload(batch.inputs(), tokens);
        be.upload(batch.targets(), targets);
        be.encoderForward(resid[0], tokens, p(layout.wte()), layout.wpe() == null ? null : p(layout.wpe()), B, T, C, V);
        for (int l = 0; l < cfg.layers(); l++) {
            blockForward(l);
        }
        DeviceBuffer x = resid[cfg.layers()];
        be.layerNormForward(lnf, lnfMean, lnfRstd, x, p(layout.lnfW()), p(layout.lnfB()), N, C, LN_EPS);
        head.forward(4 * cfg.layers(), lnf, p(layout.wte()), null, logits, N, C, V);
        be.crossEntropy(losses, withGradient ? logits : null, logits, targets, N, V, V, 1.0f / N);
        forwardDone = withGradient;
        float[] l = be.downloadFloats(losses);
        double sum = 0;
        for (float v : l) {
            sum += v;
        }
        return sum / N;
    }

    private void blockForward(int l) {
        ParameterLayout.Layer w = layout.layer(l);
        LayerActs a = acts[l];
        be.layerNormForward(a.ln1, a.ln1Mean, a.ln1Rstd, resid[l], p(w.ln1W()), p(w.ln1B()), N, C, LN_EPS);
        linear.forward(4 * l, a.ln1, p(w.qkvW()), p(w.qkvB()), a.qkv, N, C, 3 * C);
        be.attentionSplit(a.q, a.k, a.v, a.qkv, B, T, NH, HS);
        if (ropeTable != null) {
            be.ropeForward(a.q, a.q, ropeTable, B * NH * T, T, HS);
            be.ropeForward(a.k, a.k, ropeTable, B * NH * T, T, HS);
        }
        if (kv.any()) {
            kv.apply(be, a.k, a.kq, B, NH, T, HS);
            kv.apply(be, a.v, a.vq, B, NH, T, HS);
        }
        int bh = B * NH;
        long tt = (long) T * T;
        long ths = (long) T * HS;
        // scores = Q·Kᵀ per (batch, head), softmax in place
        gemms.gemm(GemmShape.of(T, T, HS, false, true).batched(bh, ths, ths, tt), a.q, a.kq, a.att);
        be.causalSoftmaxForward(a.att, a.att, bh * T, T, attentionScale());
        gemms.gemm(GemmShape.of(T, HS, T, false, false).batched(bh, tt, ths, ths), a.att, a.vq, a.y);
        be.attentionMerge(a.atty, a.y, B, T, NH, HS);
        linear.forward(4 * l + 1, a.atty, p(w.projW()), p(w.projB()), projOut, N, C, C);
        be.add(a.resid2, resid[l], projOut, (long) N * C);
        be.layerNormForward(a.ln2, a.ln2Mean, a.ln2Rstd, a.resid2, p(w.ln2W()), p(w.ln2B()), N, C, LN_EPS);
        linear.forward(4 * l + 2, a.ln2, p(w.fcW()), p(w.fcB()), a.fch, N, C, 4 * C);
        be.geluForward(a.fchGelu, a.fch, (long) N * 4 * C);
        linear.forward(4 * l + 3, a.fchGelu, p(w.fcProjW()), p(w.fcProjB()), projOut, N, 4 * C, C);
        be.add(resid[l + 1], a.resid2, projOut, (long) N * C);
    }

    /**
     * The input X (tokens × in, row-major) of linear site {@code site} in the last forward pass:
     * site 4l is block l's QKV projection, 4l+1 its attention output projection, 4l+2 the MLP's up
     * and 4l+3 its down projection (the weights of {@link ParameterLayout#linearWeight}). For
     * post-training quantization, which collects these inputs on calibration data.
     */
    public DeviceBuffer linearInput(int site) {
        if (site < 0 || site >= 4 * cfg.layers()) {
            throw new IllegalArgumentException("linear site " + site + " of a model with " + 4 * cfg.layers() + " sites");
        }
        LayerActs a = acts[site / 4];
        return switch (site % 4) {
            case 0 -> a.ln1;
            case 1 -> a.atty;
            case 2 -> a.ln2;
            default -> a.fchGelu;
        };
    }

    private float attentionScale() {
        return (float) (1.0 / Math.sqrt(HS));
    }

    /** Gradients of the mean loss of the last {@code forward(batch, true)} into {@link #gradients()} (overwritten). */
    public void backward() {
        if (!forwardDone) {
            throw new IllegalStateException("backward needs a forward pass with the gradient first");
        }
        forwardDone = false;
        be.fill(grads, layout.flatLength(), 0.0f);
        // logits now hold dloss/dlogits; LM head (tied): dlnf = dlogits·wte, dwte = dlogitsᵀ·lnf
        head.backward(4 * cfg.layers(), logits, lnf, p(layout.wte()), dSmall, g(layout.wte()), null, N, C, V);
        be.fill(dresid, (long) N * C, 0.0f);
        be.layerNormBackward(dresid, g(layout.lnfW()), g(layout.lnfB()), dSmall, resid[cfg.layers()],
                p(layout.lnfW()), lnfMean, lnfRstd, N, C);
        for (int l = cfg.layers() - 1; l >= 0; l--) {
            blockBackward(l);
        }
        be.encoderBackward(g(layout.wte()), layout.wpe() == null ? null : g(layout.wpe()), dresid, tokens, B, T, C, V);
    }

    private void blockBackward(int l) {
        ParameterLayout.Layer w = layout.layer(l);
        LayerActs a = acts[l];
        // MLP: dresid holds d(block output) = d(fcproj output)
        linear.backward(4 * l + 3, dresid, a.fchGelu, p(w.fcProjW()), dBig, g(w.fcProjW()), g(w.fcProjB()), N, 4 * C, C);
        be.geluBackward(dBig, a.fch, dBig, (long) N * 4 * C);
        linear.backward(4 * l + 2, dBig, a.ln2, p(w.fcW()), dSmall, g(w.fcW()), g(w.fcB()), N, C, 4 * C);
        be.layerNormBackward(dresid, g(w.ln2W()), g(w.ln2B()), dSmall, a.resid2, p(w.ln2W()), a.ln2Mean, a.ln2Rstd,
                N, C);
        // attention: dresid now holds d(resid2) = d(attention projection output)
        linear.backward(4 * l + 1, dresid, a.atty, p(w.projW()), dSmall, g(w.projW()), g(w.projB()), N, C, C);
        be.attentionMergeBackward(dy, dSmall, B, T, NH, HS);
        int bh = B * NH;
        long tt = (long) T * T;
        long ths = (long) T * HS;
        // y = P·V: dP = dy·Vᵀ, dV = Pᵀ·dy (with quantized K and V, the gradients of their quantized
        // copies pass straight through to K and V)
        gemms.gemm(GemmShape.of(T, T, HS, false, true).batched(bh, ths, ths, tt), dy, a.vq, datt);
        gemms.gemm(GemmShape.of(T, HS, T, true, false).batched(bh, tt, ths, ths), a.att, dy, dv);
        be.causalSoftmaxBackward(datt, datt, a.att, bh * T, T, attentionScale());
        // scores = Q·Kᵀ: dQ = dS·K, dK = dSᵀ·Q
        gemms.gemm(GemmShape.of(T, HS, T, false, false).batched(bh, tt, ths, ths), datt, a.kq, dq);
        gemms.gemm(GemmShape.of(T, HS, T, true, false).batched(bh, tt, ths, ths), datt, a.q, dk);
        if (ropeTable != null) {
            be.ropeBackward(dq, dq, ropeTable, bh * T, T, HS);
            be.ropeBackward(dk, dk, ropeTable, bh * T, T, HS);
        }
        be.attentionSplitBackward(dQkv, dq, dk, dv, B, T, NH, HS);
        linear.backward(4 * l, dQkv, a.ln1, p(w.qkvW()), dSmall, g(w.qkvW()), g(w.qkvB()), N, C, 3 * C);
        be.layerNormBackward(dresid, g(w.ln1W()), g(w.ln1B()), dSmall, resid[l], p(w.ln1W()), a.ln1Mean, a.ln1Rstd,
                N, C);
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        owned.clear();
    }
}
