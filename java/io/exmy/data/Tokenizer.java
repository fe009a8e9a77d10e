package io.exmy.data;

/**
 * Turns corpus bytes into token ids and back. Token ids are 0 … {@link #vocabSize()} − 1.
 */
public interface Tokenizer {
    /** Name used in configurations and records: {@code byte} or {@code gpt2}. */
    String name();

    int vocabSize();

    int[] encode(byte[] text);

    byte[] decode(int[] tokens);

    /** Opens a tokenizer by its configuration name. */
    static Tokenizer named(String name) {
        return switch (name) {
            case ByteTokenizer.NAME -> new ByteTokenizer();
            case Gpt2Tokenizer.NAME -> new Gpt2Tokenizer();
            default -> throw new IllegalArgumentException("unknown tokenizer '" + name + "': use "
                    + ByteTokenizer.NAME + " (256 byte values; loss in nats per byte) or " + Gpt2Tokenizer.NAME
                    + " (GPT-2 BPE, 50257 tokens)");
        };
    }
}
