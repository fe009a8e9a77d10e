package io.exmy.backend.kernel;

/**
 * How many CTAs a grid-stride kernel gets: enough for its work, and at most what the device's
 * multiprocessors keep resident at once (more would only queue behind the first wave, and the
 * grid-stride loops cover the rest). Results never depend on it: every kernel's reduction order is
 * fixed by the element, row or lane, never by the launch.
 */
final class Grid {
    /** CTAs of {@link #BLOCK} threads resident per multiprocessor that the grid-stride loops aim for. */
    static final int CTAS_PER_SM = 8;
    /** Threads per CTA of the element-wise kernels. */
    static final int BLOCK = 256;
    /** Threads per CTA of the warp-per-row kernels: four warps. */
    static final int ROW_BLOCK = 128;
    static final int WARP = 32;

    private final int multiprocessors;

    Grid(DeviceProperties device) {
        this.multiprocessors = device.multiprocessors();
    }

    /** {@code ctasPerSm} CTAs on every multiprocessor. */
    long resident(int ctasPerSm) {
        return (long) multiprocessors * ctasPerSm;
    }

    /**
     * CTAs of {@code threads} threads for {@code work} items, one per thread, at most a wave of
     * {@link #CTAS_PER_SM} × {@link #BLOCK} threads per multiprocessor.
     */
    int ctas(long work, int threads) {
        return ctas(work, threads, resident(CTAS_PER_SM) * BLOCK / threads);
    }

    /** CTAs for {@code work} items at {@code perCta} items each: at least one, at most {@code cap}. */
    static int ctas(long work, long perCta, long cap) {
        return (int) Math.max(1, Math.min(cap, ceilDiv(work, perCta)));
    }

    /** A thread per item, {@link #BLOCK}-thread CTAs. */
    LaunchConfig perThread(long items) {
        return LaunchConfig.of(ctas(items, BLOCK), BLOCK);
    }

    /** A warp per item (a row, or a chunk of rows), {@link #ROW_BLOCK}-thread CTAs. */
    LaunchConfig perWarp(long items) {
        return LaunchConfig.of(ctas(items * WARP, ROW_BLOCK), ROW_BLOCK);
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
