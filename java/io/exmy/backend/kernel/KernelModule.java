package io.exmy.backend.kernel;

/**
 * What every launch class is: the launch geometry of the kernels of one {@code cuda/<module>.cu} file
 * (one fatbin module), named like it ({@code RopeKernels} for {@code rope.cu}), over a runtime.
 */
abstract class KernelModule {
    private final KernelRuntime rt;
    private final String module;
    final Grid grid;

    KernelModule(KernelRuntime rt, Grid grid, String module) {
        this.rt = rt;
        this.grid = grid;
        this.module = module;
    }

    /** Launches {@code kernel} of this module. */
    final void launch(String kernel, LaunchConfig config, KernelArgs args) {
        rt.launch(module, kernel, config, args);
    }
}
