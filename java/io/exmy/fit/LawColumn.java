package io.exmy.fit;

/** A data column a law reads, with the values it accepts. */
public record LawColumn(String name, Domain domain, String meaning) {
}
