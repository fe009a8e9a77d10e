package io.exmy.fit.law;

/** What values a law's input column may take, so bad data fails with a clear message before fitting. */
public enum Domain {
    POSITIVE("> 0") {
        @Override public boolean accepts(double v) { return v > 0; }
    },
    NON_NEGATIVE(">= 0") {
        @Override public boolean accepts(double v) { return v >= 0; }
    },
    /** log2(B) must be positive, so a block size must exceed one element. */
    ABOVE_ONE("> 1") {
        @Override public boolean accepts(double v) { return v > 1; }
    },
    /** The index of a level of a categorical column ({@link LawColumn#levels()} bounds it above). */
    LEVEL("a level") {
        @Override public boolean accepts(double v) { return v >= 0 && v == Math.rint(v); }
    },
    ANY("finite") {
        @Override public boolean accepts(double v) { return Double.isFinite(v); }
    };

    private final String text;

    Domain(String text) {
        this.text = text;
    }

    public abstract boolean accepts(double v);

    public String text() {
        return text;
    }
}
