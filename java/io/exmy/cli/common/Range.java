package io.exmy.cli.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a numeric option or parameter accepts, checked by {@code io.exmy.cli.OptionRanges} for every
 * command before it does any work (for a list, each element; an absent optional value is not
 * checked). Every numeric option carries one, so a range is never forgotten: {@code @Range} with no
 * bounds says "any value of the type" on purpose (a seed, say). NaN is never in range.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Range {
    double min() default Double.NEGATIVE_INFINITY;

    double max() default Double.POSITIVE_INFINITY;

    /** The value must lie above {@link #min()}, not on it. */
    boolean minExclusive() default false;

    /** The value must lie below {@link #max()}, not on it. */
    boolean maxExclusive() default false;

    /** What the value means, for the message: "log2 of an element count". */
    String what() default "";
}
