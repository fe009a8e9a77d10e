package io.exmy.format;

/**
 * Philox4x32-10 (Salmon et al., SC'11; Random123), the counter-based generator behind stochastic
 * rounding. Counter-based means element {@code i}'s random bits depend only on (seed, i), so every
 * backend, thread layout and chunking draws the same bits. Twin: {@code cuda/exmy_philox.cuh}.
 */
public final class Philox {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;

    private Philox() {
    }

    /** The four output words for counter (c0..c3) and key (k0, k1). */
    public static int[] philox4x32x10(int c0, int c1, int c2, int c3, int k0, int k1) {
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        return new int[] {c0, c1, c2, c3};
    }

    /**
     * The 32 random bits of element {@code index} under {@code seed}: word {@code index mod 4} of
     * Philox4x32-10 with key (seed low, seed high) and counter (⌊index/4⌋ low, ⌊index/4⌋ high, 0, 0).
     * Four consecutive elements share one generator call, which is what the GPU kernel exploits.
     */
    public static int bits(long seed, long index) {
        long group = index >>> 2;
        int[] w = philox4x32x10((int) group, (int) (group >>> 32), 0, 0, (int) seed, (int) (seed >>> 32));
        return w[(int) (index & 3)];
    }
}
