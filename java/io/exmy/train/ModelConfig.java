package io.exmy.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The shape of a GPT-style decoder: {@code layers} pre-norm blocks of width {@code width} with
 * {@code heads} attention heads over a {@code context} of tokens, a vocabulary of {@code vocab}
 * tokens, learned or rotary positions, and an LM head tied to the token embedding.
 */
public record ModelConfig(int layers, int width, int heads, int context, int vocab, Positions positions) {

    /** How the model knows where a token is. */
    public enum Positions {
        /** A learned position embedding added to the token embedding (GPT-2). */
        LEARNED,
        /** Rotary embeddings applied to queries and keys in every layer (no position parameters). */
        ROPE;

        public static Positions parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "learned" -> LEARNED;
                case "rope" -> ROPE;
                default -> throw new IllegalArgumentException("positions must be learned or rope, got '" + s + "'");
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ModelConfig {
        if (layers < 1 || width < 1 || heads < 1 || context < 1 || vocab < 2) {
            throw new IllegalArgumentException("model needs layers, width, heads, context >= 1 and vocab >= 2, got "
                    + "layers=" + layers + " width=" + width + " heads=" + heads + " context=" + context + " vocab=" + vocab);
        }
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " is not divisible by heads " + heads
                    + ": each head gets width/heads channels");
        }
        if (positions == Positions.ROPE && (width / heads) % 2 != 0) {
            throw new IllegalArgumentException("rotary positions need an even head size, got width/heads = "
                    + width / heads);
        }
        if (positions == null) {
            throw new IllegalArgumentException("positions must be learned or rope");
        }
    }

    public int headSize() {
        return width / heads;
    }

    public ModelConfig withVocab(int v) {
        return new ModelConfig(layers, width, heads, context, v, positions);
    }

    public ModelConfig withContext(int t) {
        return new ModelConfig(layers, width, heads, t, vocab, positions);
    }

    /**
     * Named sizes: {@code gpt2} (124M), {@code gpt2-medium}, {@code gpt2-large}, {@code gpt2-xl} with
     * GPT-2's vocabulary and context, and small byte-level models for CPU sweeps ({@code nano},
     * {@code micro}, {@code mini}, {@code small}: 2, 2, 3, 4 layers of width 32, 64, 96, 128, context 128,
     * vocabulary 256).
     */
    public static final Map<String, ModelConfig> NAMED = named();

    private static Map<String, ModelConfig> named() {
        Map<String, ModelConfig> m = new LinkedHashMap<>();
        m.put("nano", new ModelConfig(2, 32, 2, 128, 256, Positions.LEARNED));
        m.put("micro", new ModelConfig(2, 64, 4, 128, 256, Positions.LEARNED));
        m.put("mini", new ModelConfig(3, 96, 4, 128, 256, Positions.LEARNED));
        m.put("small", new ModelConfig(4, 128, 4, 128, 256, Positions.LEARNED));
        m.put("gpt2", new ModelConfig(12, 768, 12, 1024, 50257, Positions.LEARNED));
        m.put("gpt2-medium", new ModelConfig(24, 1024, 16, 1024, 50257, Positions.LEARNED));
        m.put("gpt2-large", new ModelConfig(36, 1280, 20, 1024, 50257, Positions.LEARNED));
        m.put("gpt2-xl", new ModelConfig(48, 1600, 25, 1024, 50257, Positions.LEARNED));
        return java.util.Collections.unmodifiableMap(m);
    }

    public static ModelConfig named(String name) {
        ModelConfig c = NAMED.get(name.toLowerCase(Locale.ROOT));
        if (c == null) {
            throw new IllegalArgumentException("unknown model size '" + name + "': use one of "
                    + String.join(", ", NAMED.keySet()) + ", or give layers, width, heads, context");
        }
        return c;
    }

    /** All parameters, token embedding (= LM head) included. */
    public long parameters() {
        return ParameterLayout.of(this).total();
    }

    /** Parameters without the token and position embeddings (Kaplan et al.'s N; the tied head is the token embedding). */
    public long nonEmbeddingParameters() {
        return ParameterLayout.of(this).nonEmbedding();
    }

    @Override
    public String toString() {
        return "L" + layers + " C" + width + " H" + heads + " T" + context + " V" + vocab + " " + positions.label();
    }
}
