package io.exmy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.block.BlockQuantizer;
import io.exmy.block.BlockSchemes;
import io.exmy.io.Npy;
import io.exmy.io.NpyArray;
import io.exmy.matmul.ExactGemm;
import io.exmy.matmul.GemmShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatmulCommandTest {
    @TempDir
    Path dir;

    private Path matrix(String name, float[] data, long... shape) throws Exception {
        Path p = dir.resolve(name);
        Npy.write(p, NpyArray.ofFloats(data, shape));
        return p;
    }

    private static float[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void writesTheQuantizedProduct() throws Exception {
        int m = 7;
        int k = 40;
        int n = 5;
        float[] a = gaussian(m * k, 1);
        float[] b = gaussian(k * n, 2);
        Path out = dir.resolve("c.npy");
        for (String backend : new String[] {"java", "host"}) {
            CastCommandTest.Run r = CastCommandTest.exmy("matmul", matrix("a.npy", a, m, k).toString(),
                    matrix("b.npy", b, k, n).toString(), out.toString(), "--a-scheme", "mxfp4", "--b-scheme",
                    "mxfp8_e4m3", "--c-scheme", "e4m3/tensor/fp32/amax", "--mode", "exact", "--backend", backend);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("exact mode on " + backend), r.err());
            NpyArray c = Npy.read(out);
            assertArrayEquals(new long[] {m, n}, c.shape());
            float[] qa = BlockQuantizer.fakeQuantize(a, m, k, 0, BlockSchemes.parse("mxfp4"));
            float[] qb = BlockQuantizer.fakeQuantize(b, k, n, 0, BlockSchemes.parse("mxfp8_e4m3/col"));
            float[] want = new float[m * n];
            ExactGemm.gemm(GemmShape.of(m, n, k, false, false), qa, 0, qb, 0, want, 0);
            want = BlockQuantizer.fakeQuantize(want, m, n, 0, BlockSchemes.parse("e4m3/tensor/fp32/amax"));
            assertArrayEquals(want, c.f32());
        }
    }

    @Test
    void fastModeWithoutAGpuWarnsAndRunsExact() throws Exception {
        float[] a = gaussian(12, 3);
        float[] b = gaussian(12, 4);
        Path out = dir.resolve("c.npy");
        CastCommandTest.Run r = CastCommandTest.exmy("matmul", matrix("a.npy", a, 3, 4).toString(),
                matrix("b.npy", b, 4, 3).toString(), out.toString(), "--a-scheme", "none", "--b-scheme", "none",
                "--mode", "fast", "--backend", "java");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: the fast mode cannot run") && r.err().contains("--backend cuda"), r.err());
        float[] want = new float[9];
        ExactGemm.gemm(GemmShape.of(3, 3, 4, false, false), a, 0, b, 0, want, 0);
        assertArrayEquals(want, Npy.read(out).f32());
    }

    /** Runs {@code matmul ARGS OUT} (positionals may follow options) and expects exit 2, the message, no OUT. */
    private void assertUserError(String expected, String... args) {
        Path out = dir.resolve("never.npy");
        String[] cmd = new String[args.length + 2];
        cmd[0] = "matmul";
        System.arraycopy(args, 0, cmd, 1, args.length);
        cmd[cmd.length - 1] = out.toString();
        CastCommandTest.Run r = CastCommandTest.exmy(cmd);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertFalse(Files.exists(out), "no output on error");
    }

    @Test
    void badInputGetsOneClearLine() throws Exception {
        String a = matrix("a.npy", gaussian(12, 1), 3, 4).toString();
        String b = matrix("b.npy", gaussian(10, 2), 5, 2).toString();
        String b3 = matrix("b3.npy", gaussian(24, 2), 4, 3, 2).toString();
        Path codes = dir.resolve("codes.npy");
        Npy.write(codes, NpyArray.ofBytes(new byte[8], 4, 2));
        String s = "mxfp4";
        assertUserError("A (3, 4) and B (5, 2) do not multiply: A has K = 4 columns, B has 5 rows", a, b,
                "--a-scheme", s, "--b-scheme", s);
        assertUserError("has shape (4, 3, 2): matmul takes 2-D matrices", a, b3, "--a-scheme", s, "--b-scheme", s);
        assertUserError("holds uint8 codes", a, codes.toString(), "--a-scheme", s, "--b-scheme", s);
        assertUserError("--a-scheme: cannot read block scheme 'mxfp5'", a, b, "--a-scheme", "mxfp5", "--b-scheme", s);
        assertUserError("unknown matmul mode 'quick'", a, b, "--a-scheme", s, "--b-scheme", s, "--mode", "quick");
        assertUserError("missing.npy", a, dir.resolve("missing.npy").toString(), "--a-scheme", s, "--b-scheme", s);
    }

    @Test
    void benchReportsFlopsPerBackend() throws Exception {
        Path report = dir.resolve("bench.md");
        CastCommandTest.Run r = CastCommandTest.exmy("bench", "matmul", "--backends", "java,host", "--sizes", "48",
                "--reps", "2", "--append", report.toString());
        assertEquals(0, r.code(), r.err());
        String md = Files.readString(report);
        assertTrue(md.contains("### Matmul throughput") && md.contains("| java ") && md.contains("| host ")
                && md.contains("exact GEMM") && md.contains("- commit: "), md);
        assertEquals(md, r.out());
    }
}
