package io.exmy.io;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format versions 1.0 to 3.0), float32 and uint8, C order. Errors say
 * what the file holds and how to produce what exmy reads.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Reads a float32 or uint8 array; anything else is an error naming what was found. */
    public static NpyArray read(Path path) throws IOException {
        try (InputStream raw = Files.newInputStream(path);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 20))) {
            byte[] magic = in.readNBytes(6);
            for (int i = 0; i < 6; i++) {
                if (magic.length < 6 || magic[i] != MAGIC[i]) {
                    throw new IOException(path + " is not a .npy file (no \\x93NUMPY magic); save arrays with numpy.save");
                }
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long headerLen;
            if (major == 1) {
                headerLen = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            } else if (major == 2 || major == 3) {
                headerLen = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            } else {
                throw new IOException(path + ": unsupported .npy format version " + major);
            }
            if (headerLen > 1 << 20) {
                throw new IOException(path + ": corrupt .npy header (length " + headerLen + ")");
            }
            byte[] hb = new byte[(int) headerLen];
            readFully(in, hb, path, "the header");
            String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            String descr = group(DESCR, header, path, "descr");
            boolean fortran = "True".equals(group(FORTRAN, header, path, "fortran_order"));
            long[] shape = parseShape(group(SHAPE, header, path, "shape"), path);
            if (fortran) {
                throw new IOException(path + " is in Fortran order; exmy reads C order: save numpy.ascontiguousarray(x)");
            }
            long n = NpyArray.elements(shape);
            if (n > Integer.MAX_VALUE - 8) {
                throw new IOException(path + " holds " + n + " elements; exmy's file commands take at most 2^31 - 9");
            }
            switch (descr) {
                case "<f4", "=f4", ">f4" -> {
                    byte[] bytes = new byte[Math.toIntExact(n * 4)];
                    readData(in, bytes, path, n, 4);
                    float[] data = new float[(int) n];
                    ByteBuffer.wrap(bytes).order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                            .asFloatBuffer().get(data);
                    return new NpyArray(NpyArray.F32, shape, data, null);
                }
                case "|u1", "<u1", ">u1", "|b1" -> {
                    byte[] data = new byte[(int) n];
                    readData(in, data, path, n, 1);
                    return new NpyArray(NpyArray.U8, shape, null, data);
                }
                default -> throw new IOException(path + " holds " + describe(descr)
                        + "; exmy reads float32 ('<f4') and uint8 codes ('|u1'): convert with x.astype(numpy.float32)");
            }
        } catch (NoSuchFileException e) {
            throw new IOException(path + " does not exist", e);
        }
    }

    private static String describe(String descr) {
        return switch (descr.replaceAll("^[<>=|]", "")) {
            case "f8" -> "float64 ('" + descr + "')";
            case "f2" -> "float16 ('" + descr + "')";
            case "i4" -> "int32 ('" + descr + "')";
            case "i8" -> "int64 ('" + descr + "')";
            default -> "dtype '" + descr + "'";
        };
    }

    private static void readData(DataInputStream in, byte[] buf, Path path, long n, int size) throws IOException {
        int got = in.readNBytes(buf, 0, buf.length);
        if (got < buf.length) {
            throw new IOException(path + " is truncated: its header promises " + n + " elements (" + n * size
                    + " bytes of data) but only " + got + " bytes follow");
        }
    }

    private static void readFully(DataInputStream in, byte[] buf, Path path, String what) throws IOException {
        try {
            in.readFully(buf);
        } catch (EOFException e) {
            throw new IOException(path + " is truncated (it ends inside " + what + ")", e);
        }
    }

    private static String group(Pattern p, String header, Path path, String key) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(path + ": corrupt .npy header, no '" + key + "' in " + header.trim());
        }
        return m.group(1);
    }

    private static long[] parseShape(String s, Path path) throws IOException {
        List<Long> dims = new ArrayList<>();
        for (String part : s.split(",")) {
            String t = part.trim().replaceAll("L$", "");
            if (t.isEmpty()) {
                continue;
            }
            try {
                long d = Long.parseLong(t);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new IOException(path + ": corrupt .npy shape (" + s + ")");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** Writes atomically: a failed write leaves no partial file. */
    public static void write(Path path, NpyArray a) throws IOException {
        AtomicFiles.write(path, out -> write(out, a));
    }

    static void write(OutputStream out, NpyArray a) throws IOException {
        String dict = "{'descr': '" + a.descr() + "', 'fortran_order': False, 'shape': " + a.shapeString() + ", }";
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        boolean v2 = header.length() > 65535;
        out.write(MAGIC);
        out.write(v2 ? 2 : 1);
        out.write(0);
        ByteBuffer len = ByteBuffer.allocate(v2 ? 4 : 2).order(ByteOrder.LITTLE_ENDIAN);
        if (v2) {
            len.putInt(header.length());
        } else {
            len.putShort((short) header.length());
        }
        out.write(len.array());
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        if (a.f32() != null) {
            ByteBuffer bb = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            float[] d = a.f32();
            for (int i = 0; i < d.length; ) {
                bb.clear();
                while (i < d.length && bb.remaining() >= 4) {
                    bb.putFloat(d[i++]);
                }
                out.write(bb.array(), 0, bb.position());
            }
        } else {
            out.write(a.u8());
        }
    }
}
