package io.exmy.backend.kernel;

/** Grid, block and dynamic shared memory of one kernel launch. */
public record LaunchConfig(Dim3 grid, Dim3 block, int sharedBytes) {
    public static LaunchConfig of(int gridX, int blockX) {
        return new LaunchConfig(Dim3.of(gridX), Dim3.of(blockX), 0);
    }
}
