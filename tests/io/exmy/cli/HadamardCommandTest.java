package io.exmy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backend.BitAssert;
import io.exmy.block.BlockShape.Axis;
import io.exmy.io.Npy;
import io.exmy.io.NpyArray;
import io.exmy.transform.Hadamard;
import io.exmy.transform.HadamardSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadamardCommandTest {
    @TempDir
    Path dir;

    private Path tensor(float[] data, long... shape) throws Exception {
        Path p = dir.resolve("x.npy");
        Npy.write(p, NpyArray.ofFloats(data, shape));
        return p;
    }

    static float[] gaussian(int n) {
        SplittableRandom r = new SplittableRandom(4);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void defaultIsTeSixteenAlongRowsAndInverseGoesBack() throws Exception {
        float[] x = gaussian(3 * 32);
        Path in = tensor(x, 3, 32);
        CastCommandTest.Run r = CastCommandTest.exmy("hadamard", "--backend", "host", in.toString(), dir.resolve("y.npy").toString());
        assertEquals(0, r.code(), r.err());
        NpyArray y = Npy.read(dir.resolve("y.npy"));
        assertArrayEquals(new long[] {3, 32}, y.shape());
        BitAssert.floatsEqual(Hadamard.transform(x, 3, 32, Axis.ROW, HadamardSpec.te16()), y.f32(), x, "te16 rows");
        r = CastCommandTest.exmy("hadamard", "--inverse", dir.resolve("y.npy").toString(), dir.resolve("z.npy").toString());
        assertEquals(0, r.code(), r.err());
        float[] z = Npy.read(dir.resolve("z.npy")).f32();
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], z[i], 1e-6f);
        }
    }

    @Test
    void columnsWithSeededSigns() throws Exception {
        float[] x = gaussian(64 * 3);
        Path in = tensor(x, 64, 3);
        CastCommandTest.Run r = CastCommandTest.exmy("hadamard", "--block", "64", "--axis", "col", "--signs", "seed=5",
                "--backend", "emu", in.toString(), dir.resolve("y.npy").toString());
        assertEquals(0, r.code(), r.err());
        BitAssert.floatsEqual(Hadamard.transform(x, 64, 3, Axis.COL, HadamardSpec.seeded(64, 5)),
                Npy.read(dir.resolve("y.npy")).f32(), x, "seeded cols");
    }

    @Test
    void badInputsSayWhatToDo() throws Exception {
        Path in = tensor(gaussian(3 * 24), 3, 24);
        String out = dir.resolve("y.npy").toString();
        CastCommandTest.Run r = CastCommandTest.exmy("hadamard", in.toString(), out);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--block 16 must divide the row length (24 columns)"), r.err());
        r = CastCommandTest.exmy("hadamard", "--block", "12", in.toString(), out);
        assertTrue(r.err().contains("power of two"), r.err());
        r = CastCommandTest.exmy("hadamard", "--block", "8", "--signs", "te", in.toString(), out);
        assertTrue(r.err().contains("16 entries"), r.err());
        r = CastCommandTest.exmy("hadamard", "--block", "8", "--axis", "diag", in.toString(), out);
        assertTrue(r.err().contains("--axis must be row or col"), r.err());
        assertFalse(Files.exists(dir.resolve("y.npy")));
    }
}
