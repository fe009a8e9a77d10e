package io.exmy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SyntheticCorpusTest {
    @Test
    void uniformSymbolsHaveLog2Entropy() {
        assertEquals(3.0, new SyntheticCorpus(8, 1, 0.0, 10, 1).entropyBitsPerSymbol(), 1e-12);
        assertEquals(8.0, new SyntheticCorpus(256, 0, 0.0, 10, 1).entropyBitsPerSymbol(), 1e-12);
    }

    @Test
    void theEmpiricalConditionalEntropyMatchesTheExactRate() {
        int n = 2_000_000;
        SyntheticCorpus c = new SyntheticCorpus(6, 2, 1.5, n, 42);
        byte[] b = c.bytes();
        // plug-in estimate of H(X_t | X_{t-2}, X_{t-1}) from the counts; 216 cells, 2e6 samples
        long[] joint = new long[216];
        long[] ctx = new long[36];
        for (int i = 2; i < n; i++) {
            int k = b[i - 2] * 6 + b[i - 1];
            joint[k * 6 + b[i]]++;
            ctx[k]++;
        }
        double h = 0;
        for (int k = 0; k < 36; k++) {
            for (int x = 0; x < 6; x++) {
                long j = joint[k * 6 + x];
                if (j > 0) {
                    h -= j / (double) (n - 2) * Math.log((double) j / ctx[k]);
                }
            }
        }
        double exact = c.entropyBitsPerSymbol();
        assertEquals(exact, h / Math.log(2), 0.005);
        assertEquals(true, exact > 1.0 && exact < Math.log(6) / Math.log(2) - 0.2, "a moderately predictable source: " + exact);
    }

    @Test
    void sameSeedSameText() {
        assertArrayEquals(new SyntheticCorpus(4, 1, 1, 1000, 3).bytes(), new SyntheticCorpus(4, 1, 1, 1000, 3).bytes());
        assertEquals(false, java.util.Arrays.equals(new SyntheticCorpus(4, 1, 1, 1000, 3).bytes(),
                new SyntheticCorpus(4, 1, 1, 1000, 4).bytes()));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SyntheticCorpus(1, 1, 1, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticCorpus(256, 3, 1, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticCorpus(4, 1, -1, 10, 0));
    }
}
