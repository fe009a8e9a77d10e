package io.exmy.backend.java;

import io.exmy.backend.Device;
import io.exmy.format.CastSpec;
import io.exmy.format.CodeLayout;
import io.exmy.format.Codes;
import io.exmy.format.ExmyCast;
import io.exmy.format.Format;
import java.util.function.LongToIntFunction;
import java.util.stream.IntStream;

/** The reference element-wise operations over Java buffers, spread over cores in fixed chunks. */
final class JavaCast implements Device.Cast<JavaBuffer> {
    private static final int CHUNK = 1 << 16;

    @Override
    public void cast(JavaBuffer in, JavaBuffer out, long n, long indexBase, CastSpec spec) {
        chunks(Math.toIntExact(n), (b, e) -> {
            for (int i = b; i < e; i++) {
                out.f32[out.off + i] = Float.intBitsToFloat(
                        ExmyCast.castBits(Float.floatToRawIntBits(in.f32[in.off + i]), spec, indexBase + i));
            }
        });
    }

    @Override
    public void encode(JavaBuffer in, JavaBuffer codes, long rows, long cols, long indexBase, CastSpec spec) {
        Format f = spec.format();
        long bpr = CodeLayout.bytesPerRow(f, cols);
        LongToIntFunction code = i -> Codes.encode(in.f32[in.off + (int) i], spec, indexBase + i);
        chunks(Math.toIntExact(rows * bpr), (b0, e0) -> {
            for (int b = b0; b < e0; b++) {
                codes.u8[codes.off + b] = (byte) CodeLayout.packByte(b, cols, bpr, f.codesPerByte(), code);
            }
        });
    }

    @Override
    public void decode(JavaBuffer codes, JavaBuffer out, long rows, long cols, Format f) {
        long bpr = CodeLayout.bytesPerRow(f, cols);
        chunks(Math.toIntExact(rows * cols), (b, e) -> {
            for (int i = b; i < e; i++) {
                int code = CodeLayout.codeAt(codes.u8, codes.off, i / cols, i % cols, bpr, f.codesPerByte());
                out.f32[out.off + i] = Float.intBitsToFloat(Codes.decodeBits(code, f));
            }
        });
    }

    private interface Range {
        void run(int begin, int end);
    }

    /** Runs body over [0, n) in fixed chunks in parallel; element results do not depend on the split. */
    private static void chunks(int n, Range body) {
        int count = (n + CHUNK - 1) / CHUNK;
        if (count <= 1) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, count).parallel().forEach(c -> body.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }
}
