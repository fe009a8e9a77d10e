/**
 * HostDevice: the CUDA C headers compiled for the CPU as libexmy_host.so, called through JNA
 * (HostLibrary, HostCalls, HostTrain); NativeBuffer, native memory, and the native-library loader.
 *
 * <p>May use {@code backend}, {@code format}, {@code block}, {@code transform}, {@code ops},
 * {@code matmul} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.backend.host;
