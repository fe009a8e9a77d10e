package io.exmy.data;

import java.util.Arrays;

/**
 * The fixed train/validation split of a token stream. The stream is cut into {@link #PIECES} equal
 * consecutive pieces and the last {@code valFraction} of each piece goes to validation, so the
 * validation text samples the whole corpus (for SOTU: every era, not just the latest speeches)
 * while each split stays made of long contiguous runs. The split depends only on the token count
 * and the fraction, never on a seed.
 */
public final class TokenSplit {
    public static final int PIECES = 20;
    private final int[] train;
    private final int[] validation;

    private TokenSplit(int[] train, int[] validation) {
        this.train = train;
        this.validation = validation;
    }

    public static TokenSplit of(int[] tokens, double valFraction) {
        if (!(valFraction > 0 && valFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + valFraction);
        }
        int n = tokens.length;
        int[] tr = new int[n];
        int[] va = new int[n];
        int nt = 0;
        int nv = 0;
        for (int p = 0; p < PIECES; p++) {
            int start = (int) ((long) p * n / PIECES);
            int end = (int) ((long) (p + 1) * n / PIECES);
            int val = (int) Math.floor((end - start) * valFraction);
            System.arraycopy(tokens, start, tr, nt, end - start - val);
            nt += end - start - val;
            System.arraycopy(tokens, end - val, va, nv, val);
            nv += val;
        }
        return new TokenSplit(Arrays.copyOf(tr, nt), Arrays.copyOf(va, nv));
    }

    public int[] train() {
        return train;
    }

    public int[] validation() {
        return validation;
    }
}
