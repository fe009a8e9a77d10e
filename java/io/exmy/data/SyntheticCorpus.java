package io.exmy.data;

import java.util.SplittableRandom;

/**
 * A text of known entropy, generated on the spot (no download): an order-k Markov chain over
 * {@code symbols} byte values 0 … symbols−1. Each context (the previous k symbols) has its own
 * next-symbol distribution p_i ∝ exp(spread · g_i) with g_i standard normal draws from the seed,
 * so {@code spread} 0 gives uniform symbols and larger spreads more predictable text.
 *
 * <p>The exact entropy rate, H = Σ_c π(c) · H(p(·|c)) bits per symbol with π the chain's stationary
 * distribution over contexts, is what a perfect model's loss converges to: a trained model's
 * validation loss (nats per token with the byte tokenizer) approaches H · ln 2 from above.
 */
public final class SyntheticCorpus implements Corpus {
    private final int symbols;
    private final int order;
    private final double spread;
    private final int length;
    private final long seed;
    /** p[context][next], contexts indexed as the base-{@code symbols} number of the last k symbols. */
    private final double[][] next;
    private final double[] stationary;

    public SyntheticCorpus(int symbols, int order, double spread, int length, long seed) {
        if (symbols < 2 || symbols > 256) {
            throw new IllegalArgumentException("synthetic corpus: symbols must be 2..256, got " + symbols);
        }
        if (order < 0 || Math.pow(symbols, order) > 1 << 20) {
            throw new IllegalArgumentException("synthetic corpus: order must be >= 0 with symbols^order <= 2^20 contexts,"
                    + " got order " + order + " over " + symbols + " symbols");
        }
        if (!(spread >= 0) || spread > 20) {
            throw new IllegalArgumentException("synthetic corpus: spread must be in [0, 20], got " + spread);
        }
        if (length < 1) {
            throw new IllegalArgumentException("synthetic corpus: length must be at least 1, got " + length);
        }
        this.symbols = symbols;
        this.order = order;
        this.spread = spread;
        this.length = length;
        this.seed = seed;
        int contexts = (int) Math.round(Math.pow(symbols, order));
        SplittableRandom rng = new SplittableRandom(seed);
        next = new double[contexts][symbols];
        for (double[] p : next) {
            double sum = 0;
            for (int i = 0; i < symbols; i++) {
                p[i] = Math.exp(spread * rng.nextGaussian());
                sum += p[i];
            }
            for (int i = 0; i < symbols; i++) {
                p[i] /= sum;
            }
        }
        stationary = stationary();
    }

    @Override
    public String id() {
        return "synthetic:symbols=" + symbols + ",order=" + order + ",spread=" + spread + ",length=" + length
                + ",seed=" + seed;
    }

    /** The entropy rate of the source in bits per symbol (= per token with the byte tokenizer). */
    public double entropyBitsPerSymbol() {
        double h = 0;
        for (int c = 0; c < next.length; c++) {
            double hc = 0;
            for (double p : next[c]) {
                if (p > 0) {
                    hc -= p * Math.log(p);
                }
            }
            h += stationary[c] * hc;
        }
        return h / Math.log(2);
    }

    /** Power iteration on the context chain; every transition has positive probability, so it converges. */
    private double[] stationary() {
        int contexts = next.length;
        double[] pi = new double[contexts];
        java.util.Arrays.fill(pi, 1.0 / contexts);
        if (order == 0) {
            return pi;
        }
        for (int iter = 0; iter < 1_000_000; iter++) {
            double[] nxt = new double[contexts];
            for (int c = 0; c < contexts; c++) {
                for (int x = 0; x < symbols; x++) {
                    nxt[successor(c, x)] += pi[c] * next[c][x];
                }
            }
            double change = 0;
            for (int c = 0; c < contexts; c++) {
                change += Math.abs(nxt[c] - pi[c]);
            }
            pi = nxt;
            if (change < 1e-15) {
                break;
            }
        }
        return pi;
    }

    private int successor(int context, int symbol) {
        return (int) (((long) context * symbols + symbol) % next.length);
    }

    @Override
    public byte[] bytes() {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int c = draw(stationary, rng);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            int x = draw(next[c], rng);
            out[i] = (byte) x;
            c = successor(c, x);
        }
        return out;
    }

    private static int draw(double[] p, SplittableRandom rng) {
        double u = rng.nextDouble();
        double acc = 0;
        for (int i = 0; i < p.length - 1; i++) {
            acc += p[i];
            if (u < acc) {
                return i;
            }
        }
        return p.length - 1;
    }
}
