/**
 * Backends: opens a backend by name (auto, java, host, cuda, emu) and says why one cannot run here;
 * the one package that knows every device, so that the front in backend names none.
 *
 * <p>May use {@code backend}, {@code backend.java}, {@code backend.host}, {@code backend.kernel},
 * {@code backend.cuda}, {@code backend.emu} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.backends;
