package io.exmy.backend;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.exmy.backends.Backends;
import io.exmy.format.CastInputs;
import io.exmy.format.CastSpec;
import io.exmy.format.Compat;
import io.exmy.format.Format;
import io.exmy.format.QPyTorchCast;
import io.exmy.format.QPyTorchCastTest;
import io.exmy.format.Rounding;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backend against the Java reference, bit for bit: every preset (integer grids included) and
 * 36 generic formats, each
 * under every rounding × saturation × flush-to-zero mode and QPyTorch's cast (nearest, stochastic)
 * where the format allows it, over the edge inputs of
 * {@link CastInputs} plus 10^6 random bit patterns ({@code -Dexmy.conformance.random=N} changes
 * the count, which the sanitizer runs lower).
 */
@org.junit.jupiter.api.Tag("kernels")
class CastConformanceTest {
    static final int RANDOM = Integer.getInteger("exmy.conformance.random", 1_000_000);
    static final long SEED = 0x9E3779B97F4A7C15L;

    /** Generic formats: every kind, tiny and wide, shifted biases, float32-subnormal targets. */
    static final List<String> GENERIC = List.of(
            "e1m0", "e1m1:fn", "e1m2", "e1m6", "e2m0", "e2m2", "e2m2:ieee", "e2m4", "e3m0", "e3m1", "e3m3", "e3m4:ieee",
            "e4m0", "e4m2", "e4m4:fn", "e4m3:ieee", "e4m7", "e5m1", "e5m3:fn", "e5m5", "e6m1", "e6m2:ieee",
            "e6m9", "e7m0", "e7m4", "e8m0:finite:bias=128", "e8m3:ieee", "e8m5:bias=140", "e8m22:bias=128",
            "e4m3:bias=4", "e3m2:bias=1", "e5m2:bias=20", "e2m23", "e1m23:fn", "e0m10", "e0m23");

    static final Backend JAVA = Backends.open("java");

    static Stream<Format> formats() {
        List<Format> all = new ArrayList<>();
        Format.presets().forEach(all::add);
        GENERIC.forEach(s -> all.add(Format.parse(s)));
        return all.stream();
    }

    static Stream<Arguments> cases() {
        return BackendFixture.UNDER_TEST.stream().flatMap(b -> formats().map(f -> Arguments.of(b, f)));
    }

    static List<CastSpec> modes(Format f) {
        List<CastSpec> specs = new ArrayList<>();
        for (Rounding r : Rounding.values()) {
            for (boolean sat : new boolean[] {false, true}) {
                for (boolean ftz : new boolean[] {false, true}) {
                    specs.add(new CastSpec(f, r, sat, ftz, SEED));
                }
            }
        }
        // QPyTorch's float_quantize, nearest and stochastic, where it computes f (E 1..8, the IEEE bias;
        // at M = 23 stochastic only): E = 1 (e1m0, e1m1:fn, e1m2, …) and E = 8 (bf16, e8m3:ieee, fp32) included
        specs.addAll(QPyTorchCastTest.qpytorchSpecs(f, SEED));
        return specs;
    }

    static float[] inputs(Format f) {
        return CastInputs.forFormat(f, RANDOM, f.hashCode());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void castMatchesReference(String backend, Format f) {
        Backend b = BackendFixture.get(backend);
        float[] x = inputs(f);
        try (DeviceBuffer in = b.upload(x); DeviceBuffer out = b.allocate(DType.F32, x.length)) {
            for (CastSpec s : modes(f)) {
                float[] expected = JAVA.cast(x, s);
                b.cast(in, out, x.length, 0, s);
                BitAssert.floatsEqual(expected, b.downloadFloats(out), x, backend + " cast " + s);
            }
        }
    }

    /** Codes of formats of at most 8 bits, in a shape with odd rows so nibble padding is exercised. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void encodeAndDecodeMatchReference(String backend, Format f) {
        org.junit.jupiter.api.Assumptions.assumeTrue(f.hasCodes(), f + " has more than 8 bits: no codes");
        Backend b = BackendFixture.get(backend);
        int cols = 7;
        float[] all = inputs(f);
        int rows = Math.min(all.length, 200_000) / cols;
        float[] x = java.util.Arrays.copyOf(all, rows * cols);
        for (CastSpec s : modes(f)) {
            if (s.compat() == Compat.QPYTORCH && !QPyTorchCast.codesHold(f)) {
                // QPyTorch's grid reaches past this format's codes (e4m3 fn: 480 is its NaN code): refused alike
                assertThrows(IllegalArgumentException.class, () -> JAVA.encode(x, rows, cols, s), "java " + s);
                assertThrows(IllegalArgumentException.class, () -> b.encode(x, rows, cols, s), backend + " " + s);
                continue;
            }
            byte[] expected = JAVA.encode(x, rows, cols, s);
            byte[] got = b.encode(x, rows, cols, s);
            BitAssert.bytesEqual(expected, got, backend + " encode " + s);
            BitAssert.floatsEqual(JAVA.decode(expected, rows, cols, f), b.decode(expected, rows, cols, f), null,
                    backend + " decode " + f);
        }
        // every code, decoded
        int codes = 1 << f.totalBits();
        byte[] every = new byte[codes];
        for (int c = 0; c < codes; c++) {
            every[c] = (byte) (f.codesPerByte() == 2 ? (c & 0xF) | ((c & 0xF) << 4) : c);
        }
        BitAssert.floatsEqual(JAVA.decode(every, 1, codes * f.codesPerByte(), f),
                b.decode(every, 1, codes * f.codesPerByte(), f), null, backend + " decode of every code of " + f);
    }

    /** Views at every offset mod 4 (unaligned for the vector path) cast like whole buffers. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void castOnViews(String backend) {
        Backend b = BackendFixture.get(backend);
        CastSpec s = new CastSpec(Format.E4M3, Rounding.SR, false, false, 3);
        float[] x = inputs(Format.E4M3);
        int n = 10_001;
        try (DeviceBuffer in = b.upload(x); DeviceBuffer out = b.allocate(DType.F32, x.length)) {
            for (int inOff = 0; inOff < 4; inOff++) {
                for (int outOff = 0; outOff < 4; outOff += 3) {
                    b.cast(in.slice(inOff, n), out.slice(outOff, n), n, inOff, s);
                    float[] got = java.util.Arrays.copyOfRange(b.downloadFloats(out), outOff, outOff + n);
                    float[] part = java.util.Arrays.copyOfRange(x, inOff, inOff + n);
                    try (DeviceBuffer ri = JAVA.upload(x); DeviceBuffer ro = JAVA.allocate(DType.F32, n)) {
                        JAVA.cast(ri.slice(inOff, n), ro, n, inOff, s);
                        BitAssert.floatsEqual(JAVA.downloadFloats(ro), got, part,
                                backend + " cast of a view at " + inOff + " into a view at " + outOff);
                    }
                }
            }
        }
    }

    /** Stochastic bits depend on (seed, global index) alone: a cast in unaligned chunks equals a cast whole. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void stochasticRoundingIsChunkInvariant(String backend) {
        Backend b = BackendFixture.get(backend);
        Format f = Format.E2M1;
        CastSpec s = new CastSpec(f, Rounding.SR, true, false, 12345L);
        float[] x = new float[10_003];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextGaussian() * 3);
        }
        float[] whole = JAVA.cast(x, s);
        float[] chunked = new float[x.length];
        int[] cuts = {0, 3, 1000, 1001, 4099, 10_003};
        for (int c = 0; c + 1 < cuts.length; c++) {
            int from = cuts[c];
            float[] part = java.util.Arrays.copyOfRange(x, from, cuts[c + 1]);
            try (DeviceBuffer in = b.upload(part); DeviceBuffer out = b.allocate(DType.F32, part.length)) {
                b.cast(in, out, part.length, from, s);
                System.arraycopy(b.downloadFloats(out), 0, chunked, from, part.length);
            }
        }
        BitAssert.floatsEqual(whole, chunked, x, backend + " chunked stochastic cast");
    }
}
