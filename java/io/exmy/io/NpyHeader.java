package io.exmy.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} file (format versions 1.0 to 3.0) holding float32 or uint8 data
 * in C order: its dtype, shape and where the data starts. {@link #read} checks everything a header
 * can get wrong against the file's real size, so that a reader can trust the data range; each error
 * is one line naming the file and saying how to produce what exmy reads. {@link #encode} writes the
 * bytes numpy.save writes.
 */
public record NpyHeader(String descr, long[] shape, boolean bigEndian, long dataOffset) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** numpy's format.ARRAY_ALIGN: the data starts at a multiple of it. */
    private static final int ALIGN = 64;
    /** numpy's format.GROWTH_AXIS_MAX_DIGITS: spare room numpy leaves so the header can grow in place. */
    private static final int GROWTH_DIGITS = 21;
    /** Longer headers are not arrays exmy could read (numpy's own limit is 10000 bytes). */
    private static final long MAX_HEADER = 1 << 20;

    public long elements() {
        return NpyArray.elements(shape);
    }

    public int itemSize() {
        return descr.equals(NpyArray.F32) ? 4 : 1;
    }

    public long dataBytes() {
        return elements() * itemSize();
    }

    public String shapeString() {
        return NpyArray.shapeString(shape);
    }

    /**
     * Reads and checks the header of {@code path} (open as {@code ch}): a complete header, a supported
     * version and dtype, C order, a shape whose element and byte counts fit in a long, and at least as
     * many data bytes in the file as the shape promises.
     */
    public static NpyHeader read(FileChannel ch, Path path) throws IOException {
        long size = ch.size();
        byte[] pre = readAt(ch, 0, (int) Math.min(size, 12));
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= pre.length) {
                throw new IOException(path + (pre.length == 0 ? " is empty" : " has only " + pre.length + " bytes")
                        + ", not a whole .npy file: save the array again with numpy.save");
            }
            if (pre[i] != MAGIC[i]) {
                throw new IOException(path + " is not a .npy file (no \\x93NUMPY magic); save arrays with numpy.save");
            }
        }
        if (pre.length < 8) {
            throw truncatedHeader(path, size);
        }
        int major = pre[6] & 0xFF;
        if (major < 1 || major > 3) {
            throw new IOException(path + ": unsupported .npy format version " + major + " (exmy reads 1.0 to 3.0)");
        }
        int lenBytes = major == 1 ? 2 : 4;
        if (pre.length < 8 + lenBytes) {
            throw truncatedHeader(path, size);
        }
        ByteBuffer lb = ByteBuffer.wrap(pre, 8, lenBytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = major == 1 ? Short.toUnsignedInt(lb.getShort()) : Integer.toUnsignedLong(lb.getInt());
        if (headerLen > MAX_HEADER) {
            throw new IOException(path + ": corrupt .npy header (it claims " + headerLen + " bytes)");
        }
        long offset = 8 + lenBytes + headerLen;
        if (offset > size) {
            throw truncatedHeader(path, size);
        }
        String header = new String(readAt(ch, 8 + lenBytes, (int) headerLen),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h = parse(header, path, offset);
        long have = size - offset;
        if (have < h.dataBytes()) {
            throw new IOException(path + " is truncated: its header promises " + h.elements() + " elements ("
                    + h.dataBytes() + " bytes of data) but only " + have + " bytes follow; save the array again");
        }
        return h;
    }

    private static IOException truncatedHeader(Path path, long size) {
        return new IOException(path + " is truncated: it ends after " + size
                + " bytes, inside its .npy header; save the array again with numpy.save");
    }

    private static byte[] readAt(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                break;
            }
        }
        return b.position() == n ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static NpyHeader parse(String header, Path path, long offset) throws IOException {
        if (header.matches("(?s).*'descr'\\s*:\\s*\\[.*")) {
            throw new IOException(path + " holds a structured numpy array; exmy reads plain float32 ('<f4') and uint8"
                    + " ('|u1') arrays: save one field, e.g. numpy.save(path, x['name'].astype(numpy.float32))");
        }
        String descr = group(DESCR, header, path, "descr");
        if ("True".equals(group(FORTRAN, header, path, "fortran_order"))) {
            throw new IOException(path + " is in Fortran order; exmy reads C order: save numpy.ascontiguousarray(x)");
        }
        long[] shape = parseShape(group(SHAPE, header, path, "shape"), path);
        String canonical = switch (descr) {
            case "<f4", "=f4", ">f4" -> NpyArray.F32;
            case "|u1", "<u1", ">u1", "=u1" -> NpyArray.U8;
            case "|b1" -> throw new IOException(path + " holds a numpy bool array ('|b1'), not uint8 codes or float32:"
                    + " convert it with x.astype(numpy.uint8) or x.astype(numpy.float32)");
            default -> throw new IOException(path + " holds " + describe(descr)
                    + "; exmy reads float32 ('<f4') and uint8 codes ('|u1'): convert with x.astype(numpy.float32)");
        };
        long n;
        try {
            n = NpyArray.elements(shape);
        } catch (ArithmeticException e) {
            throw new IOException(path + ": corrupt .npy header, shape " + NpyArray.shapeString(shape)
                    + " holds more than 2^63 elements");
        }
        int item = canonical.equals(NpyArray.F32) ? 4 : 1;
        if (n > Long.MAX_VALUE / item) {
            throw new IOException(path + ": corrupt .npy header, shape " + NpyArray.shapeString(shape) + " of " + descr
                    + " needs more than 2^63 bytes of data");
        }
        return new NpyHeader(canonical, shape, descr.startsWith(">"), offset);
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
            long d;
            try {
                d = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IOException(path + ": corrupt .npy header, shape (" + s + ") has "
                        + (t.matches("-?\\d+") ? "a dimension beyond 2^63" : "'" + t + "', not a whole number"));
            }
            if (d < 0) {
                throw new IOException(path + ": corrupt .npy header, shape (" + s + ") has the negative dimension " + d);
            }
            dims.add(d);
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The header numpy.save writes for a C-ordered array: the dict with its keys sorted, spare spaces
     * for the first dimension to grow to 21 digits, then spaces and a newline up to the next multiple
     * of 64 bytes (1 to 64 of them, as numpy counts); version 1.0 unless that length does not fit its
     * 16-bit field, then 2.0.
     */
    public static byte[] encode(String descr, long[] shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + NpyArray.shapeString(shape) + ", }";
        if (shape.length > 0) {
            dict += " ".repeat(Math.max(0, GROWTH_DIGITS - Long.toString(shape[0]).length()));
        }
        int hlen = dict.length() + 1;
        boolean v1 = true;
        int pad = ALIGN - (MAGIC.length + 2 + 2 + hlen) % ALIGN;
        if (hlen + pad > 0xFFFF) {
            v1 = false;
            pad = ALIGN - (MAGIC.length + 2 + 4 + hlen) % ALIGN;
        }
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + (v1 ? 2 : 4) + hlen + pad).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        if (v1) {
            b.putShort((short) (hlen + pad));
        } else {
            b.putInt(hlen + pad);
        }
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1)).put(" ".repeat(pad).getBytes(StandardCharsets.ISO_8859_1))
                .put((byte) '\n');
        return b.array();
    }
}
