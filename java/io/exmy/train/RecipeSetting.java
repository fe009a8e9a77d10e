package io.exmy.train;

import java.util.List;
import java.util.Locale;

/**
 * A run setting that a recipe adds to the configuration (Kumar et al.'s {@code pw}, {@code pa},
 * {@code pkv}, {@code kv_granularity}): a precision or one of a few words, with its default. The
 * key is in a run's configuration only when the run's recipe declares it, so the ids of runs of
 * other recipes do not depend on it.
 */
public record RecipeSetting(String key, Type type, List<String> choices, String dflt) {
    public enum Type {
        /** A number of bits, a format or none ({@link Precision}). */
        PRECISION("precision"),
        /** One of the declared words. */
        CHOICE("choice");

        public final String label;

        Type(String label) {
            this.label = label;
        }

        public static Type parse(String s) {
            for (Type t : values()) {
                if (t.label.equals(s.toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown setting type '" + s + "': use precision or choice");
        }
    }

    public RecipeSetting {
        choices = List.copyOf(choices);
        if (type == Type.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("a choice needs its words: choices: [a, b]");
        }
        dflt = canonical(type, choices, dflt);
    }

    /** The canonical text of a value: a precision's format name or none; a choice's word in lower case. */
    public String canonical(String text) {
        return canonical(type, choices, text);
    }

    private static String canonical(Type type, List<String> choices, String text) {
        if (type == Type.PRECISION) {
            return Precision.canonical(text);
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (!choices.contains(s)) {
            throw new IllegalArgumentException("'" + text + "' is not one of " + String.join(", ", choices));
        }
        return s;
    }

    /** "precision [none]", "tensor/head [tensor]". */
    public String describe() {
        return (type == Type.PRECISION ? "precision" : String.join("/", choices)) + " [" + dflt + "]";
    }
}
