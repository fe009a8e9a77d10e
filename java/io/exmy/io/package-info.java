/**
 * Files: .npy arrays of any size (NpyReader, NpyWriter, TensorChunks), atomic writes and output
 * batches (AtomicFiles, OutputBatch), checksummed binary files, process locks, file-system messages
 * and build provenance (BuildInfo).
 *
 * <p>May use no other exmy package (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.io;
