package io.exmy.transform;

import java.util.Arrays;
import java.util.Locale;

/**
 * A randomized Hadamard transform of size {@code size} (a power of two, 2 … 256) with a sign vector
 * {@code s ∈ {±1}^size}: forward {@code y = (1/√n)·H_n·diag(s)·x}, inverse
 * {@code x = diag(s)·(1/√n)·H_n·y} (H_n the Sylvester Hadamard matrix, {@code H[i][j] =
 * (−1)^popcount(i & j)}, which is symmetric, so the pair are each other's inverse and transpose).
 * Exact arithmetic and order of operations: {@link Hadamard}.
 *
 * <p>The signs are held as a bit mask, bit i set iff {@code s_i = −1}, in {@code size/32} (at least
 * one) little-endian 32-bit words — Transformer Engine's encoding of its sign vector
 * ({@code get_sign_from_vector}: {@code mask |= (v == −1) << i}).
 *
 * <p>Text form: {@code SIZE[/te|/plain|/seed=N|/signs=HEX][/inverse]}; {@code te} (the default
 * for size 16) is Transformer Engine's fixed wgrad sign vector, {@code plain} all +1 (the default
 * for other sizes), {@code seed=N} signs drawn from SplitMix64(N), {@code signs=HEX} the mask in
 * hexadecimal, bit 0 the least significant.
 */
public record HadamardSpec(int size, int[] signWords, boolean inverse) {
    public static final int MAX_SIZE = 256;
    /** Words of sign bits every spec carries (enough for {@link #MAX_SIZE}). */
    public static final int SIGN_WORDS = MAX_SIZE / 32;
    /**
     * Transformer Engine's hard-coded wgrad sign vector {@code [1, 1, 1, −1, 1, −1, −1, −1, −1, −1,
     * −1, 1, −1, 1, −1, −1]} as its mask (bits 3, 5–10, 12, 14, 15): {@code 0xD7E8}.
     * ({@code pytorch/tensor/nvfp4_tensor.py} and {@code custom_recipes/reference_nvfp4.py},
     * {@code get_wgrad_sign_vector}.)
     */
    public static final int TE_SIGN_MASK = 0xD7E8;

    public HadamardSpec {
        if (size < 2 || size > MAX_SIZE || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("Hadamard size must be a power of two from 2 to " + MAX_SIZE
                    + ", got " + size);
        }
        if (signWords == null || signWords.length != SIGN_WORDS) {
            throw new IllegalArgumentException("sign mask must have " + SIGN_WORDS + " words");
        }
        signWords = signWords.clone();
        for (int i = size; i < MAX_SIZE; i++) {
            if ((signWords[i >>> 5] >>> (i & 31) & 1) != 0) {
                throw new IllegalArgumentException("sign mask has bit " + i + " set, beyond the transform size " + size);
            }
        }
    }

    /** Transformer Engine's 16-point RHT: its fixed sign vector, forward. */
    public static HadamardSpec te16() {
        int[] w = new int[SIGN_WORDS];
        w[0] = TE_SIGN_MASK;
        return new HadamardSpec(16, w, false);
    }

    /** All signs +1: the plain (normalised) Walsh–Hadamard transform. */
    public static HadamardSpec plain(int size) {
        return new HadamardSpec(size, new int[SIGN_WORDS], false);
    }

    /** Signs drawn from SplitMix64(seed): bit i of the mask is bit (i mod 64) of draw ⌊i/64⌋. */
    public static HadamardSpec seeded(int size, long seed) {
        int[] w = new int[SIGN_WORDS];
        long state = seed;
        for (int d = 0; d * 64 < size; d++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            w[2 * d] = (int) z;
            if (2 * d + 1 < SIGN_WORDS) {
                w[2 * d + 1] = (int) (z >>> 32);
            }
        }
        for (int i = size; i < MAX_SIZE; i++) {
            w[i >>> 5] &= ~(1 << (i & 31));
        }
        return new HadamardSpec(size, w, false);
    }

    /** The default of a size: TE's signs for 16, plain otherwise. */
    public static HadamardSpec defaultFor(int size) {
        return size == 16 ? te16() : plain(size);
    }

    public HadamardSpec inverted() {
        return new HadamardSpec(size, signWords, !inverse);
    }

    /** Whether {@code s_i = −1}. */
    public boolean negative(int i) {
        return (signWords[i >>> 5] >>> (i & 31) & 1) != 0;
    }

    /** The words kernels take: {@code exmy_hadamard_spec} = size, inverse, then the sign mask. */
    public int[] words() {
        int[] w = new int[2 + SIGN_WORDS];
        w[0] = size;
        w[1] = inverse ? 1 : 0;
        System.arraycopy(signWords, 0, w, 2, SIGN_WORDS);
        return w;
    }

    /** Parses the text form (see the class comment). */
    public static HadamardSpec parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/");
        int size;
        try {
            size = Integer.parseInt(parts[0].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Hadamard transform '" + text + "' must start with its size (a power of two,"
                    + " 2 to " + MAX_SIZE + "), e.g. 16 or 16/te or 64/seed=7/inverse");
        }
        HadamardSpec s = defaultFor(size);
        boolean inverse = false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.equals("te")) {
                if (size != 16) {
                    throw new IllegalArgumentException("Transformer Engine's sign vector has 16 entries; size " + size
                            + " needs plain, seed=N or signs=HEX");
                }
                s = te16();
            } else if (p.equals("plain")) {
                s = plain(size);
            } else if (p.startsWith("seed=")) {
                try {
                    s = seeded(size, Long.parseLong(p.substring(5)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad seed in '" + p + "': give an integer, e.g. seed=7");
                }
            } else if (p.startsWith("signs=")) {
                s = new HadamardSpec(size, parseMask(p.substring(6)), false);
            } else if (p.equals("inverse")) {
                inverse = true;
            } else {
                throw new IllegalArgumentException("unknown Hadamard option '" + p + "' in '" + text
                        + "': use te, plain, seed=N, signs=HEX or inverse");
            }
        }
        return inverse ? s.inverted() : s;
    }

    private static int[] parseMask(String hex) {
        String h = hex.startsWith("0x") ? hex.substring(2) : hex;
        if (h.isEmpty() || h.length() > MAX_SIZE / 4 || !h.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("signs=" + hex + " must be a hexadecimal mask of at most " + MAX_SIZE / 4
                    + " digits (bit i set = sign i is −1)");
        }
        int[] w = new int[SIGN_WORDS];
        for (int d = 0; d < h.length(); d++) {
            int nib = Character.digit(h.charAt(h.length() - 1 - d), 16);
            w[d / 8] |= nib << (4 * (d % 8));
        }
        return w;
    }

    /** The text form, {@link #parse} of which gives this spec back. */
    public String format() {
        StringBuilder sb = new StringBuilder().append(size);
        if (equals(te16()) || equals(te16().inverted())) {
            sb.append("/te");
        } else if (Arrays.stream(signWords).allMatch(v -> v == 0)) {
            sb.append("/plain");
        } else {
            StringBuilder hex = new StringBuilder();
            for (int d = SIGN_WORDS - 1; d >= 0; d--) {
                hex.append(String.format("%08x", signWords[d]));
            }
            String h = hex.toString().replaceFirst("^0+(?=.)", "");
            sb.append("/signs=").append(h);
        }
        if (inverse) {
            sb.append("/inverse");
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HadamardSpec h && h.size == size && h.inverse == inverse && Arrays.equals(h.signWords, signWords);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * size + Boolean.hashCode(inverse)) + Arrays.hashCode(signWords);
    }

    @Override
    public String toString() {
        return format();
    }
}
