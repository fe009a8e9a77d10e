/**
 * Formats as data (Format, SpecialKind, Rounding, CastSpec) and the reference cast (ExmyCast, and
 * QPyTorchCast for compatibility), packed codes (Codes, CodeLayout) and Philox4x32-10: the
 * specification every backend reproduces bit for bit.
 *
 * <p>May use no other exmy package (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.format;
