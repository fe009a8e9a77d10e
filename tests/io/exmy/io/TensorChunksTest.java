package io.exmy.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.io.TensorChunks.Chunk;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The cutting rules of {@link TensorChunks}, checked on many random tensors, budgets and rules. */
class TensorChunksTest {
    @Test
    void chunksTileTheTensorInFileOrderAndBreakTheBudgetOnlyWhereARuleSays() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 0; t < 20000; t++) {
            long rows = rng.nextInt(0, 40);
            long cols = rng.nextInt(0, 40);
            long budget = rng.nextInt(1, 200);
            long group = rng.nextInt(1, 6);
            boolean divisible = rng.nextBoolean();
            long step = rng.nextInt(0, 5);
            TensorChunks chunks = TensorChunks.of(rows, cols, budget).grouped(group, divisible).cuttingRows(step);
            String what = rows + "×" + cols + " budget " + budget + " group " + group + (divisible ? "" : " whole")
                    + " step " + step;
            long next = 0;
            for (Chunk c : chunks) {
                assertEquals(next, c.first(cols), what + ": " + c);
                assertTrue(c.elements() > 0, what);
                next += c.elements();
                boolean piece = c.cols() < cols;
                if (piece) {
                    assertEquals(1, c.rows(), what);
                    assertTrue(step > 0 && cols > budget && c.col() % step == 0, what + ": " + c);
                    assertTrue(c.elements() <= Math.max(budget, step), what + ": " + c);
                    continue;
                }
                long end = c.row() + c.rows();
                boolean wholeGroups = c.row() % group == 0 && (end % group == 0 || end == rows);
                boolean insideOne = c.row() / group == (end - 1) / group;
                assertTrue(wholeGroups || divisible && insideOne, what + ": " + c);
                if (c.elements() > budget) {
                    boolean oneGroup = wholeGroups && insideOne && (!divisible || group == 1);
                    boolean oneRow = c.rows() == 1 && (step == 0 || c.elements() <= step);
                    assertTrue(oneGroup && group > 1 && !divisible || oneRow, what + ": " + c + " over budget");
                }
            }
            assertEquals(rows * cols, next, what);
        }
    }

    @Test
    void aFlatArrayIsCutAnywhere() {
        List<Chunk> got = new ArrayList<>();
        TensorChunks.flat(10, 4).forEach(got::add);
        assertEquals(List.of(new Chunk(0, 1, 0, 4), new Chunk(0, 1, 4, 4), new Chunk(0, 1, 8, 2)), got);
    }

    @Test
    void piecesOfALongRowStartOnTheStep() {
        List<Chunk> got = new ArrayList<>();
        TensorChunks.of(2, 7, 5).cuttingRows(2).forEach(got::add);
        assertEquals(List.of(new Chunk(0, 1, 0, 4), new Chunk(0, 1, 4, 3), new Chunk(1, 1, 0, 4), new Chunk(1, 1, 4, 3)),
                got);
    }
}
