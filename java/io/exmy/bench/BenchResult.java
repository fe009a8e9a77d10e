package io.exmy.bench;

/**
 * One measured configuration. {@code gbPerS} counts the fewest bytes the operation must move
 * (each input read once, each output written once); {@code baselineGbPerS} is a device-to-device
 * copy of the same bytes measured in the same run, so the ratio is the fraction of the achievable
 * bandwidth (null where no fair copy exists).
 */
public record BenchResult(String backend, String operation, long elements, double medianMs, double minMs,
                          double gbPerS, Double baselineGbPerS) {
    public double elementsPerS() {
        return elements / (medianMs / 1e3);
    }

    public Double ratio() {
        return baselineGbPerS == null ? null : gbPerS / baselineGbPerS;
    }
}
