package io.exmy.fit;

import io.exmy.fit.base.Formats;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableWriterTest {
    private final Table t = new Table("Constants", "name", "value", "note")
            .add("E", 1.8172183, "a|b")
            .add("A", 477.8274, "x, \"y\"")
            .add("N", 7e10, null);

    @Test
    void markdown() {
        String md = TableWriter.render(List.of(t), TableWriter.Format.MARKDOWN);
        assertTrue(md.startsWith("### Constants\n\n| name | value"), md);
        assertTrue(md.contains("| E    | 1.81722 | a\\|b"), md);
        assertTrue(md.contains("7e10"), md);
        assertEquals(5, md.strip().lines().filter(l -> l.startsWith("|")).count());
    }

    @Test
    void csv() {
        String csv = TableWriter.render(List.of(t), TableWriter.Format.CSV);
        assertEquals("name,value,note\nE,1.8172183,a|b\nA,477.8274,\"x, \"\"y\"\"\"\nN,7e10,\n", csv);
        String two = TableWriter.render(List.of(t, t), TableWriter.Format.CSV);
        assertTrue(two.startsWith("# Constants\n") && two.contains("\n\n# Constants\n"));
    }

    @Test
    void json() throws Exception {
        JsonNode j = new ObjectMapper().readTree(TableWriter.render(List.of(t), TableWriter.Format.JSON));
        assertEquals(1.8172183, j.at("/Constants/0/value").asDouble());
        assertTrue(j.at("/Constants/2/note").isNull());
    }

    @Test
    void numbers() {
        assertEquals("0.001", Formats.number(1e-3));
        assertEquals("1e-5", Formats.number(1e-5));
        assertEquals("2.5e10", Formats.number(2.5e10));
        assertEquals("482", Formats.number(482.0));
        assertEquals("1.81722", Formats.number(1.8172183));
        assertEquals("NaN", Formats.number(Double.NaN));
        // Too few digits to reach the units: the same scientific spelling as above 1e7, not %g's "4.14e+06".
        assertEquals("4.14e6", Formats.number(4140430.5, 3));
    }
}
