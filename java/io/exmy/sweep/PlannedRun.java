package io.exmy.sweep;

/**
 * One run of an expanded grid: its position in the grid, its configuration (with the id) and a
 * short summary of what distinguishes it, e.g. {@code format=e4m3 scale=0.1}.
 */
public record PlannedRun(int index, RunConfig config, String summary) {
    public String id() {
        return config.id();
    }
}
