package io.exmy.data;

/** A training text as bytes, before tokenization. */
public interface Corpus {
    /** Identifies the text in records, e.g. {@code sotu}, {@code file:/path}, {@code synthetic:...}. */
    String id();

    /** The whole text. */
    byte[] bytes();
}
