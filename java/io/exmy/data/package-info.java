/**
 * Training data: tokenizers (bytes, GPT-2 BPE), corpora (SOTU, local files, a synthetic source of
 * known entropy), the fixed train/validation split and batches.
 *
 * <p>May use {@code io} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.data;
