package io.exmy.data;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.nio.charset.StandardCharsets;

/**
 * GPT-2's byte-pair encoding (r50k_base, vocabulary 50257) through jtokkit. The corpus bytes are
 * read as UTF-8 (invalid sequences become U+FFFD), since BPE works on text.
 */
public final class Gpt2Tokenizer implements Tokenizer {
    public static final String NAME = "gpt2";
    private static final int VOCAB = 50257;
    private final Encoding encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int vocabSize() {
        return VOCAB;
    }

    @Override
    public int[] encode(byte[] text) {
        String s = new String(text, StandardCharsets.UTF_8);
        IntArrayList ids = encoding.encodeOrdinary(s);
        return ids.toArray();
    }

    @Override
    public byte[] decode(int[] tokens) {
        IntArrayList ids = new IntArrayList(tokens.length);
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= VOCAB) {
                throw new IllegalArgumentException("token " + tokens[i] + " at position " + i
                        + " is outside GPT-2's vocabulary 0.." + (VOCAB - 1));
            }
            ids.add(tokens[i]);
        }
        return encoding.decodeBytes(ids);
    }
}
