package io.exmy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    private static final byte[] TEXT = ("Fellow-Citizens of the Senate and House of Representatives: "
            + "naïve café — 1790\n\ttabs").getBytes(StandardCharsets.UTF_8);

    @Test
    void bytesRoundTripEveryByteValue() {
        ByteTokenizer t = new ByteTokenizer();
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        int[] ids = t.encode(all);
        for (int i = 0; i < 256; i++) {
            assertEquals(i, ids[i]);
        }
        assertArrayEquals(all, t.decode(ids));
        assertArrayEquals(TEXT, t.decode(t.encode(TEXT)));
        assertEquals(256, t.vocabSize());
        assertThrows(IllegalArgumentException.class, () -> t.decode(new int[] {256}));
    }

    @Test
    void gpt2RoundTripsAndMatchesKnownIds() {
        Tokenizer t = Tokenizer.named("gpt2");
        assertEquals(50257, t.vocabSize());
        assertArrayEquals(TEXT, t.decode(t.encode(TEXT)));
        // "Hello world" is [15496, 995] in GPT-2's vocabulary
        assertArrayEquals(new int[] {15496, 995}, t.encode("Hello world".getBytes(StandardCharsets.UTF_8)));
        assertTrue(t.encode(TEXT).length < TEXT.length);
    }

    @Test
    void unknownTokenizerNamesTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.named("bpe"));
        assertTrue(e.getMessage().contains("byte") && e.getMessage().contains("gpt2"));
    }
}
