package io.exmy.train;

import io.exmy.backend.DeviceBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where each parameter tensor lives in the model's one flat float32 buffer (and, at the same
 * offsets, in the gradient and the two AdamW moment buffers). Tensors that get weight decay —
 * the embeddings and the linear layers' weights — come first, then biases and layer-norm
 * parameters, so the optimizer updates each group with a single call. Every tensor starts at a
 * multiple of {@link #ALIGN} elements (128 bytes) for vectorized kernels; the gaps are zero and
 * stay zero (zero gradient, zero moments, nothing to decay).
 *
 * <p>Counts follow Kaplan et al. (2020): {@link #total()} is every parameter, the tied LM head
 * counted once as the token embedding; {@link #nonEmbedding()} leaves out the token and position
 * embeddings. For GPT-2 small (12 layers, width 768, 12 heads, context 1024, vocabulary 50257,
 * learned positions) they are 124,439,808 and 85,056,000.
 */
public final class ParameterLayout {
    public static final int ALIGN = 32;

    /** A tensor: {@code rows × cols} floats (a vector has one row) at {@code offset} of the flat buffer. */
    public record Tensor(String name, long offset, int rows, int cols, boolean decay, boolean embedding) {
        public long size() {
            return (long) rows * cols;
        }

        public DeviceBuffer view(DeviceBuffer flat) {
            return flat.slice(offset, size());
        }
    }

    /** One block's tensors; weights are stored as (out-features × in-features), row-major. */
    public record Layer(Tensor ln1W, Tensor ln1B, Tensor qkvW, Tensor qkvB, Tensor projW, Tensor projB,
                        Tensor ln2W, Tensor ln2B, Tensor fcW, Tensor fcB, Tensor fcProjW, Tensor fcProjB) {
    }

    private final ModelConfig config;
    private final List<Tensor> tensors = new ArrayList<>();
    private final Tensor wte;
    private final Tensor wpe;
    private final List<Layer> layers;
    private final Tensor lnfW;
    private final Tensor lnfB;
    private long next;
    private final long decayedLength;

    private ParameterLayout(ModelConfig c) {
        this.config = c;
        int C = c.width();
        int L = c.layers();
        wte = add("wte", c.vocab(), C, true, true);
        wpe = c.positions() == ModelConfig.Positions.LEARNED ? add("wpe", c.context(), C, true, true) : null;
        Tensor[] qkvW = new Tensor[L];
        Tensor[] projW = new Tensor[L];
        Tensor[] fcW = new Tensor[L];
        Tensor[] fcProjW = new Tensor[L];
        for (int l = 0; l < L; l++) {
            qkvW[l] = add("h" + l + ".qkv.w", 3 * C, C, true, false);
            projW[l] = add("h" + l + ".proj.w", C, C, true, false);
            fcW[l] = add("h" + l + ".fc.w", 4 * C, C, true, false);
            fcProjW[l] = add("h" + l + ".fcproj.w", C, 4 * C, true, false);
        }
        decayedLength = next;
        List<Layer> ls = new ArrayList<>();
        for (int l = 0; l < L; l++) {
            ls.add(new Layer(add("h" + l + ".ln1.w", 1, C, false, false), add("h" + l + ".ln1.b", 1, C, false, false),
                    qkvW[l], add("h" + l + ".qkv.b", 1, 3 * C, false, false),
                    projW[l], add("h" + l + ".proj.b", 1, C, false, false),
                    add("h" + l + ".ln2.w", 1, C, false, false), add("h" + l + ".ln2.b", 1, C, false, false),
                    fcW[l], add("h" + l + ".fc.b", 1, 4 * C, false, false),
                    fcProjW[l], add("h" + l + ".fcproj.b", 1, C, false, false)));
        }
        layers = Collections.unmodifiableList(ls);
        lnfW = add("lnf.w", 1, C, false, false);
        lnfB = add("lnf.b", 1, C, false, false);
    }

    public static ParameterLayout of(ModelConfig c) {
        return new ParameterLayout(c);
    }

    private Tensor add(String name, int rows, int cols, boolean decay, boolean embedding) {
        Tensor t = new Tensor(name, next, rows, cols, decay, embedding);
        tensors.add(t);
        next = align(next + t.size());
        return t;
    }

    private static long align(long n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }

    public ModelConfig config() {
        return config;
    }

    public List<Tensor> tensors() {
        return Collections.unmodifiableList(tensors);
    }

    public Tensor wte() {
        return wte;
    }

    /** The learned position embedding, or null with rotary positions. */
    public Tensor wpe() {
        return wpe;
    }

    public Layer layer(int l) {
        return layers.get(l);
    }

    /** Linear layers in forward order: site 4l = block l's QKV, 4l+1 attention output, 4l+2 MLP up, 4l+3 MLP down. */
    public int linearSites() {
        return 4 * layers.size();
    }

    /** The weight (out × in) of linear site {@code site} (see {@link #linearSites()}). */
    public Tensor linearWeight(int site) {
        Layer l = layers.get(site / 4);
        return switch (site % 4) {
            case 0 -> l.qkvW();
            case 1 -> l.projW();
            case 2 -> l.fcW();
            default -> l.fcProjW();
        };
    }

    public Tensor lnfW() {
        return lnfW;
    }

    public Tensor lnfB() {
        return lnfB;
    }

    /** Length of the flat buffer, alignment gaps included. */
    public long flatLength() {
        return next;
    }

    /** Elements [0, decayedLength) hold the weight-decayed tensors, the rest the others. */
    public long decayedLength() {
        return decayedLength;
    }

    public long total() {
        return tensors.stream().mapToLong(Tensor::size).sum();
    }

    public long nonEmbedding() {
        return tensors.stream().filter(t -> !t.embedding()).mapToLong(Tensor::size).sum();
    }
}
