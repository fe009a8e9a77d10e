package io.exmy.train;

/**
 * GPT-2's initialisation, on the host: weights and embeddings normal(0, 0.02), the two residual
 * projections of each block (attention output, MLP output) normal(0, 0.02/√(2L)), biases 0,
 * layer-norm gains 1 and offsets 0. The normal draws are Box–Muller over SplitMix64 with
 * {@link StrictMath}, so a seed gives the same parameters on every JVM and machine (the JDK's own
 * generators' Gaussian algorithms are not specified across versions).
 */
public final class Gpt2Init {
    public static final double STD = 0.02;

    private Gpt2Init() {
    }

    /** The initial flat parameter vector of {@code layout} for {@code seed}. */
    public static float[] parameters(ParameterLayout layout, long seed) {
        float[] p = new float[Math.toIntExact(layout.flatLength())];
        Normal rng = new Normal(seed);
        double residualStd = STD / Math.sqrt(2.0 * layout.config().layers());
        for (ParameterLayout.Tensor t : layout.tensors()) {
            int off = (int) t.offset();
            int n = (int) t.size();
            String name = t.name();
            if (name.endsWith(".proj.w") || name.endsWith(".fcproj.w")) {
                fill(p, off, n, rng, residualStd);
            } else if (t.decay()) {
                fill(p, off, n, rng, STD);
            } else if (name.endsWith("ln1.w") || name.endsWith("ln2.w") || name.equals("lnf.w")) {
                java.util.Arrays.fill(p, off, off + n, 1.0f);
            } // biases and layer-norm offsets stay 0
        }
        return p;
    }

    private static void fill(float[] p, int off, int n, Normal rng, double std) {
        for (int i = 0; i < n; i++) {
            p[off + i] = (float) (std * rng.next());
        }
    }

    /** Standard normal draws: Box–Muller on two uniform 53-bit doubles from SplitMix64. */
    static final class Normal {
        private long state;
        private double spare;
        private boolean hasSpare;

        Normal(long seed) {
            state = seed;
        }

        private long nextLong() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        private double uniform() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }

        double next() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            double u1 = 1.0 - uniform(); // (0, 1]: log is finite
            double u2 = uniform();
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
            double a = 2.0 * StrictMath.PI * u2;
            spare = r * StrictMath.sin(a);
            hasSpare = true;
            return r * StrictMath.cos(a);
        }
    }
}
