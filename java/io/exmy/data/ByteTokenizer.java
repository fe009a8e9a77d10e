package io.exmy.data;

/**
 * Every byte is a token (vocabulary 256), so a loss in nats per token divided by ln 2 reads as
 * bits per byte, comparable across tokenizers and with compression results.
 */
public final class ByteTokenizer implements Tokenizer {
    public static final String NAME = "byte";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int vocabSize() {
        return 256;
    }

    @Override
    public int[] encode(byte[] text) {
        int[] t = new int[text.length];
        for (int i = 0; i < text.length; i++) {
            t[i] = text[i] & 0xFF;
        }
        return t;
    }

    @Override
    public byte[] decode(int[] tokens) {
        byte[] b = new byte[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] > 255) {
                throw new IllegalArgumentException("token " + tokens[i] + " at position " + i
                        + " is not a byte (the byte tokenizer's ids are 0..255)");
            }
            b[i] = (byte) tokens[i];
        }
        return b;
    }
}
