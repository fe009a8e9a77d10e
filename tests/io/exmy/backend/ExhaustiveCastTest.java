package io.exmy.backend;

import io.exmy.backends.Backends;
import io.exmy.format.CastSpec;
import io.exmy.format.Format;
import io.exmy.format.Rounding;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every one of the 2^32 float32 bit patterns, cast by each backend and by the Java reference.
 * Opt-in (`mvn -Pexhaustive test -Dtest=ExhaustiveCastTest`): minutes per format on two cores.
 * Run it on the GPU machine to check cuda against Java over the whole input space.
 */
@Tag("exhaustive")
class ExhaustiveCastTest {
    private static final int CHUNK = 1 << 24;

    static Stream<Arguments> cases() {
        Stream<CastSpec> specs = Stream.of(
                CastSpec.of(Format.E4M3), CastSpec.of(Format.E5M2), CastSpec.of(Format.E2M1),
                CastSpec.of(Format.BF16), CastSpec.of(Format.E3M2).withSaturate(true),
                CastSpec.of(Format.E4M3).withRounding(Rounding.RTZ).withFlushToZero(true),
                new CastSpec(Format.E2M3, Rounding.SR, true, false, 77),
                CastSpec.qpytorch(Format.E4M3), CastSpec.qpytorch(Format.parse("e1m2")),
                CastSpec.qpytorch(Format.BF16).withRounding(Rounding.SR).withSeed(5));
        return Stream.of("host", "cuda").flatMap(b -> specs.map(s -> Arguments.of(b, s)).toList().stream());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyFloat32Input(String backend, CastSpec spec) {
        Backend b = BackendFixture.get(backend);
        Backend ref = Backends.open("java");
        float[] x = new float[CHUNK];
        try (DeviceBuffer in = b.allocate(DType.F32, CHUNK); DeviceBuffer out = b.allocate(DType.F32, CHUNK);
             DeviceBuffer rin = ref.allocate(DType.F32, CHUNK); DeviceBuffer rout = ref.allocate(DType.F32, CHUNK)) {
            float[] got = new float[CHUNK];
            float[] expected = new float[CHUNK];
            for (long base = 0; base < (1L << 32); base += CHUNK) {
                for (int i = 0; i < CHUNK; i++) {
                    x[i] = Float.intBitsToFloat((int) (base + i));
                }
                b.upload(x, in);
                b.cast(in, out, CHUNK, base, spec);
                b.download(out, got);
                ref.upload(x, rin);
                ref.cast(rin, rout, CHUNK, base, spec);
                ref.download(rout, expected);
                BitAssert.floatsEqual(expected, got, x, backend + " " + spec + " chunk at 0x" + Long.toHexString(base));
            }
        }
    }
}
