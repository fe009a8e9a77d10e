package io.exmy.train;

/**
 * Linear warmup to the peak rate, then a half cosine down to {@code floor × peak} at the last step
 * (as in llm.c): step s (0-based) of S with W warmup steps gets
 * peak·(s+1)/W while s < W, else floor·peak + ½(1 + cos(π·(s−W)/(S−W)))·(1 − floor)·peak.
 * Computed with {@link StrictMath} so every JVM gives the same rate, and so the same bits.
 */
public record LrSchedule(double peak, int warmupSteps, int totalSteps, double floor) {
    public LrSchedule {
        if (!(peak > 0) || warmupSteps < 0 || totalSteps < 1 || !(floor >= 0 && floor <= 1)) {
            throw new IllegalArgumentException("learning rate schedule needs peak > 0, warmup >= 0, steps >= 1 and a floor"
                    + " in [0, 1]; got peak=" + peak + " warmup=" + warmupSteps + " steps=" + totalSteps + " floor=" + floor);
        }
    }

    public double at(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        int decay = totalSteps - warmupSteps;
        if (decay <= 0) {
            return peak;
        }
        double ratio = Math.min(1.0, (double) (step - warmupSteps) / decay);
        double coeff = 0.5 * (1.0 + StrictMath.cos(StrictMath.PI * ratio));
        return floor * peak + coeff * (1 - floor) * peak;
    }
}
