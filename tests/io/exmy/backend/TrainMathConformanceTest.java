package io.exmy.backend;

import static org.junit.jupiter.api.Assertions.fail;

import io.exmy.backend.host.HostLibrary;
import io.exmy.backend.host.NativeBuffer;
import io.exmy.backend.host.NativeLibraries;
import io.exmy.backend.kernel.KernelArgs;
import io.exmy.backend.kernel.KernelDevice;
import io.exmy.backend.kernel.LaunchConfig;
import io.exmy.ops.ExmyMath;
import io.exmy.ops.Gelu;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The math twins: exmy_exp/log/tanh and GELU of {@code cuda/exmy_math.cuh} (host library, emulated
 * kernel {@code math.cu}, GPU) against {@link ExmyMath}, bit for bit, over every special value, every
 * binade edge and 10^6 random bit patterns ({@code -Dexmy.conformance.random} lowers it for the
 * sanitizer runs). Accuracy against exact math is {@code io.exmy.ops.ExmyMathTest}'s job.
 */
@Tag("kernels")
class TrainMathConformanceTest {
    static final int RANDOM = Integer.getInteger("exmy.conformance.random", 1_000_000);
    static final String[] NAMES = {"exp", "log", "tanh", "gelu"};

    static float reference(int fn, float x) {
        return switch (fn) {
            case 0 -> ExmyMath.exp(x);
            case 1 -> ExmyMath.log(x);
            case 2 -> ExmyMath.tanh(x);
            default -> Gelu.forward(x);
        };
    }

    static float[] inputs() {
        SplittableRandom r = new SplittableRandom(42);
        float[] edges = TrainConformanceTest.SPECIAL;
        int binades = 2 * 256 * 5;
        float[] x = new float[edges.length + binades + RANDOM];
        System.arraycopy(edges, 0, x, 0, edges.length);
        int i = edges.length;
        for (int sign = 0; sign < 2; sign++) {
            for (int e = 0; e < 256; e++) {
                for (int m : new int[] {0, 1, 0x3fffff, 0x400000, 0x7fffff}) {
                    x[i++] = Float.intBitsToFloat(sign << 31 | e << 23 | m);
                }
            }
        }
        while (i < x.length) {
            x[i++] = Float.intBitsToFloat(r.nextInt());
        }
        return x;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void mathMatchesTheJavaTwins(String backend) {
        Backend b = BackendFixture.get(backend);
        float[] x = inputs();
        HostLibrary host = backend.equals("host") ? NativeLibraries.load("host", HostLibrary.class) : null;
        try (DeviceBuffer in = b.upload(x); DeviceBuffer out = b.allocate(DType.F32, x.length)) {
            for (int fn = 0; fn < NAMES.length; fn++) {
                if (host != null) {
                    host.exmy_host_train_math(((NativeBuffer) out).pointer(), ((NativeBuffer) in).pointer(), x.length,
                            fn, 2);
                    compare(backend, fn, x, b.downloadFloats(out));
                    host.exmy_host_train_portable(1); // and the portable build of the loops
                    try {
                        host.exmy_host_train_math(((NativeBuffer) out).pointer(), ((NativeBuffer) in).pointer(),
                                x.length, fn, 2);
                    } finally {
                        host.exmy_host_train_portable(0);
                    }
                } else {
                    KernelDevice.runtime(b).orElseThrow().launch("math", "exmy_math_apply", LaunchConfig.of(16, 256),
                            new KernelArgs().buffer(out).buffer(in).i64(x.length).i32(fn));
                }
                compare(backend, fn, x, b.downloadFloats(out));
            }
        }
    }

    static void compare(String backend, int fn, float[] x, float[] got) {
        int bad = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            float e = reference(fn, x[i]);
            boolean same = Float.isNaN(e) ? Float.isNaN(got[i])
                    : Float.floatToRawIntBits(e) == Float.floatToRawIntBits(got[i]);
            if (!same && bad++ < 8) {
                sb.append(String.format("%n  %s(%s = 0x%08x): Java %s, %s %s", NAMES[fn], x[i],
                        Float.floatToRawIntBits(x[i]), e, backend, got[i]));
            }
        }
        if (bad > 0) {
            fail(backend + " " + NAMES[fn] + ": " + bad + " of " + x.length + " results differ" + sb);
        }
    }
}
