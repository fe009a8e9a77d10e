/**
 * EmuRuntime: the KernelRuntime of the kernels compiled for the CPU with the device-emulation header
 * (libexmy_emu.so, through JNA): the kernels' own code, tested without a GPU.
 *
 * <p>May use {@code backend}, {@code backend.kernel}, {@code backend.host} (docs/ARCHITECTURE.md,
 * "Layers").
 */
package io.exmy.backend.emu;
