package io.exmy.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Whole NumPy {@code .npy} arrays in memory: float32 and uint8, C order, up to 2^31 − 9 elements (a
 * Java array). Commands that must take any size stream instead, through {@link NpyReader} and
 * {@link NpyWriter}. Errors say what the file holds and how to produce what exmy reads.
 */
public final class Npy {
    /** The largest Java array. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Npy() {
    }

    /** Reads a float32 or uint8 array; anything else is an error naming what was found. */
    public static NpyArray read(Path path) throws IOException {
        try (NpyReader r = NpyReader.open(path)) {
            long n = r.elements();
            if (n > MAX_ELEMENTS) {
                throw new IOException(path + " holds " + n + " elements; this command reads whole arrays of at most"
                        + " 2^31 - 9 (cast, quantize, decode and dequantize stream arrays of any size)");
            }
            if (r.isFloat32()) {
                float[] data = new float[(int) n];
                r.readFloats(0, data, 0, (int) n);
                return new NpyArray(NpyArray.F32, r.shape(), data, null);
            }
            byte[] data = new byte[(int) n];
            r.readBytes(0, data, 0, (int) n);
            return new NpyArray(NpyArray.U8, r.shape(), null, data);
        }
    }

    /** Writes atomically: a failed write leaves no partial file. */
    public static void write(Path path, NpyArray a) throws IOException {
        AtomicFiles.write(path, out -> write(out, a));
    }

    static void write(OutputStream out, NpyArray a) throws IOException {
        out.write(NpyHeader.encode(a.descr(), a.shape()));
        if (a.f32() != null) {
            ByteBuffer bb = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            float[] d = a.f32();
            for (int i = 0; i < d.length; ) {
                int k = Math.min(d.length - i, bb.capacity() / 4);
                bb.clear();
                bb.asFloatBuffer().put(d, i, k);
                out.write(bb.array(), 0, k * 4);
                i += k;
            }
        } else {
            out.write(a.u8());
        }
    }
}
