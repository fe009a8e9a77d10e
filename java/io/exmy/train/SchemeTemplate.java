package io.exmy.train;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a block scheme (or a format) in a recipe, with {@code $name} standing for a run
 * setting: {@code $format/b$block/row/$scale/$scale_rule}, {@code $pw/row/fp32/amax}. Written in
 * text rather than as fields so that every scheme the block-scaling package can read is a recipe's
 * to use, in the one notation users already know.
 */
record SchemeTemplate(String text) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$([a-z][a-z0-9_]*)");
    private static final Pattern ELEMENT = Pattern.compile("^\\$([a-z][a-z0-9_]*)(?:/|$)");

    SchemeTemplate {
        text = text.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** The settings it reads, in order of appearance. */
    Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    boolean isFixed() {
        return names().isEmpty();
    }

    /** The setting that gives the element format (the whole first part), or null. */
    String elementSetting() {
        Matcher m = ELEMENT.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    String fill(Function<String, String> value) {
        return PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(value.apply(m.group(1))));
    }

    @Override
    public String toString() {
        return text;
    }
}
