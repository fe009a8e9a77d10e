package io.exmy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitAndSamplerTest {
    private static int[] iota(int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = i;
        }
        return t;
    }

    @Test
    void splitIsAPartitionWithValidationSpreadOverThePieces() {
        int n = 100_003;
        TokenSplit s = TokenSplit.of(iota(n), 0.1);
        assertEquals(n, s.train().length + s.validation().length);
        int[] all = new int[n];
        System.arraycopy(s.train(), 0, all, 0, s.train().length);
        System.arraycopy(s.validation(), 0, all, s.train().length, s.validation().length);
        Arrays.sort(all);
        assertArrayEquals(iota(n), all);
        // validation about 10%, and present in the first and the last piece
        assertEquals(0.1, s.validation().length / (double) n, 0.001);
        assertEquals(true, s.validation()[0] < n / TokenSplit.PIECES);
        assertEquals(true, s.validation()[s.validation().length - 1] == n - 1);
        assertThrows(IllegalArgumentException.class, () -> TokenSplit.of(iota(10), 1.0));
    }

    @Test
    void trainingBatchesDependOnSeedAndStepOnly() {
        TokenSplit s = TokenSplit.of(iota(50_000), 0.1);
        BatchSampler a = new BatchSampler(s, 4, 16, 7);
        BatchSampler b = new BatchSampler(s, 4, 16, 7);
        Batch late = a.train(123);
        for (int step = 0; step < 5; step++) {
            a.train(step); // replaying earlier steps changes nothing
        }
        assertArrayEquals(late.inputs(), b.train(123).inputs());
        assertFalse(Arrays.equals(late.inputs(), b.train(124).inputs()));
        assertFalse(Arrays.equals(late.inputs(), new BatchSampler(s, 4, 16, 8).train(123).inputs()));
        // targets are the inputs shifted by one, inside the training split
        int[] train = s.train();
        for (int r = 0; r < 4; r++) {
            int first = late.inputs()[r * 16];
            int pos = Arrays.binarySearch(train, first);
            for (int t = 0; t < 16; t++) {
                assertEquals(train[pos + t], late.inputs()[r * 16 + t]);
                assertEquals(train[pos + t + 1], late.targets()[r * 16 + t]);
            }
        }
    }

    @Test
    void validationBatchesAreFixedWindowsIndependentOfTheSeed() {
        TokenSplit s = TokenSplit.of(iota(50_000), 0.1);
        BatchSampler a = new BatchSampler(s, 2, 10, 1);
        BatchSampler b = new BatchSampler(s, 2, 10, 99);
        assertEquals(a.validationBatches(1000), (s.validation().length - 1) / 10 / 2);
        assertEquals(3, a.validationBatches(3));
        Batch v = a.validation(2);
        assertArrayEquals(v.inputs(), b.validation(2).inputs());
        int[] val = s.validation();
        for (int i = 0; i < 20; i++) {
            assertEquals(val[40 + i], v.inputs()[i]);
            assertEquals(val[41 + i], v.targets()[i]);
        }
    }

    @Test
    void tooSmallSplitsAreRefusedWithTheReason() {
        TokenSplit s = TokenSplit.of(iota(100), 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BatchSampler(s, 1, 64, 0));
        assertEquals(true, e.getMessage().contains("validation split has"));
    }
}
