package io.exmy.backend.kernel;

/** What launch geometry depends on. */
public record DeviceProperties(String name, int multiprocessors, int maxThreadsPerBlock, int computeMajor,
                               int computeMinor) {
}
