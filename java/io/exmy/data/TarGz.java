package io.exmy.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Reads the regular files of a gzipped tar archive (ustar, with pax and GNU long-name headers), as
 * npm packs them. Only what the corpus needs; the JDK has no tar reader.
 */
final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {
    }

    /** The contents of every regular file whose name {@code wanted} accepts, by name, in archive order. */
    static Map<String, byte[]> read(InputStream gz, Predicate<String> wanted) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(gz, 1 << 16)) {
            String longName = null;
            byte[] header = new byte[BLOCK];
            while (true) {
                if (!readFully(in, header)) {
                    throw new IOException("the archive ends inside a header (truncated download?)");
                }
                if (isZero(header)) {
                    return files; // end-of-archive marker
                }
                checkChecksum(header);
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty() && header[257] == 'u') { // ustar: the name's directory part
                    name = prefix + "/" + name;
                }
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                if (size > Integer.MAX_VALUE - 8) {
                    throw new IOException("archive member too large: " + size + " bytes");
                }
                boolean keep = type == 'x' || type == 'L' || (type == '0' || type == '\0')
                        && wanted.test(longName != null ? longName : name);
                byte[] data = keep ? readBytes(in, (int) size) : null;
                if (!keep) {
                    skip(in, size);
                }
                skip(in, (BLOCK - size % BLOCK) % BLOCK);
                switch (type) {
                    case 'x' -> longName = paxPath(data, longName);
                    case 'L' -> longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
                    case '0', '\0' -> {
                        if (data != null) {
                            files.put(longName != null ? longName : name, data);
                        }
                        longName = null;
                    }
                    default -> longName = null;
                }
            }
        }
    }

    private static String paxPath(byte[] data, String current) {
        // records are "LEN key=value\n"
        String s = new String(data, StandardCharsets.UTF_8);
        int i = 0;
        while (i < s.length()) {
            int sp = s.indexOf(' ', i);
            if (sp < 0) {
                break;
            }
            int len = Integer.parseInt(s.substring(i, sp));
            String rec = s.substring(sp + 1, i + len - 1);
            if (rec.startsWith("path=")) {
                current = rec.substring(5);
            }
            i += len;
        }
        return current;
    }

    private static void checkChecksum(byte[] h) throws IOException {
        long stored = octal(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xFF;
        }
        if (sum != stored) {
            throw new IOException("a tar header's checksum is wrong (corrupt archive)");
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len) throws IOException {
        long v = 0;
        boolean any = false;
        for (int i = off; i < off + len; i++) {
            int c = h[i];
            if (c == 0 || c == ' ') {
                if (any) {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '7') {
                throw new IOException("a tar header holds a non-octal number (corrupt archive)");
            }
            v = v * 8 + (c - '0');
            any = true;
        }
        return v;
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int n = 0;
        while (n < b.length) {
            int r = in.read(b, n, b.length - n);
            if (r < 0) {
                return false;
            }
            n += r;
        }
        return true;
    }

    private static byte[] readBytes(InputStream in, int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        byte[] buf = new byte[1 << 16];
        int left = size;
        while (left > 0) {
            int r = in.read(buf, 0, Math.min(buf.length, left));
            if (r < 0) {
                throw new IOException("the archive ends inside a file (truncated download?)");
            }
            out.write(buf, 0, r);
            left -= r;
        }
        return out.toByteArray();
    }

    private static void skip(InputStream in, long n) throws IOException {
        byte[] buf = new byte[BLOCK];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("the archive ends early (truncated download?)");
            }
            n -= r;
        }
    }
}
