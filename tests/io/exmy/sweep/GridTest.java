package io.exmy.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridTest {
    @TempDir
    Path dir;

    private List<PlannedRun> expand(String yaml) throws Exception {
        Path f = dir.resolve("grid.yaml");
        Files.writeString(f, yaml);
        return GridExpander.expand(Grid.load(f));
    }

    private String error(String yaml) {
        SweepException e = assertThrows(SweepException.class, () -> expand(yaml));
        return e.getMessage();
    }

    @Test
    void cartesianProductFirstAxisSlowest() throws Exception {
        List<PlannedRun> runs = expand("""
                kind: qerror
                fixed: {elements: 1000, distribution: normal, seed: 1}
                axes:
                  format: [e4m3, e3m2, e2m1]
                  scale: [0.1, 1, 10]
                """);
        assertEquals(9, runs.size());
        assertEquals("format=e4m3 scale=0.1", runs.get(0).summary());
        assertEquals("format=e4m3 scale=1", runs.get(1).summary());
        assertEquals("format=e3m2 scale=0.1", runs.get(3).summary());
        assertEquals("format=e2m1 scale=10", runs.get(8).summary());
        for (int i = 0; i < runs.size(); i++) {
            assertEquals(i, runs.get(i).index());
        }
        // normalized: defaults filled in, values typed
        RunConfig c = runs.get(1).config();
        assertEquals("rne", c.string("rounding"));
        assertTrue(c.bool("saturate"));
        assertEquals(1000, c.integer("elements"));
        assertEquals(1.0, c.number("scale"));
        assertEquals(0.0, c.number("sleep_s"));
        assertEquals(9, runs.stream().map(PlannedRun::id).distinct().count());
    }

    @Test
    void expansionIsDeterministicAndSpellingIndependent() throws Exception {
        List<PlannedRun> a = expand("kind: qerror\naxes: {format: [e4m3, E2M1], scale: [1, 2]}\n");
        List<PlannedRun> b = expand("kind: qerror\naxes: {format: [e4m3, e2m1], scale: [1.0, 2.0]}\nfixed: {rounding: RNE}\n");
        assertEquals(a.stream().map(PlannedRun::id).toList(), b.stream().map(PlannedRun::id).toList());
        Path json = dir.resolve("g.json");
        Files.writeString(json, "{\"kind\": \"qerror\", \"axes\": {\"format\": [\"e4m3\", \"e2m1\"], \"scale\": [1, 2]}}");
        assertEquals(a.stream().map(PlannedRun::id).toList(),
                GridExpander.expand(Grid.load(json)).stream().map(PlannedRun::id).toList());
    }

    @Test
    void explicitRunsOverrideFixedAndCombineWithAxes() throws Exception {
        List<PlannedRun> runs = expand("""
                kind: qerror
                fixed: {elements: 500, scale: 1}
                runs:
                  - {format: e4m3}
                  - {format: e5m2, scale: 4}
                axes:
                  seed: [1, 2]
                """);
        assertEquals(4, runs.size());
        assertEquals("format=e4m3 seed=1", runs.get(0).summary());
        assertEquals("format=e5m2 scale=4 seed=2", runs.get(3).summary());
        assertEquals(4.0, runs.get(3).config().number("scale"));
        assertEquals(1.0, runs.get(0).config().number("scale"));
        assertEquals(500, runs.get(3).config().integer("elements"));

        List<PlannedRun> only = expand("kind: qerror\nfixed: {format: e4m3}\n");
        assertEquals(1, only.size());
        assertEquals("fixed settings", only.get(0).summary());
        assertNotEquals(only.get(0).id(), runs.get(0).id());
    }

    @Test
    void errorsSayWhichLineAndWhatIsExpected() {
        String m = error("kind: qerror\naxes:\n  format: [e4m3, e9m9]\n");
        assertTrue(m.contains("grid.yaml line 3 (axes.format[1])"), m);
        assertTrue(m.contains("run 1 (format=e9m9)"), m);
        assertTrue(m.contains("setting 'format' of kind qerror"), m);

        m = error("kind: qerror\nfixed:\n  format: e4m3\n  elemnts: 10\n");
        assertTrue(m.contains("line 4 (fixed.elemnts)") && m.contains("has no setting 'elemnts'"), m);
        assertTrue(m.contains("elements"), "lists the known settings: " + m);

        m = error("kind: qerror\naxes:\n  format: e4m3\n");
        assertTrue(m.contains("line 3 (axes.format)") && m.contains("expected a list of values"), m);

        m = error("kind: qerror\nfixed: {format: e4m3}\naxis:\n  scale: [1]\n");
        assertTrue(m.contains("line 3 (axis)") && m.contains("unknown grid key 'axis'"), m);

        m = error("kind: nope\nfixed: {format: e4m3}\n");
        assertTrue(m.contains("line 1 (kind)") && m.contains("unknown run kind 'nope'") && m.contains("qerror"), m);

        m = error("fixed: {format: e4m3}\n");
        assertTrue(m.contains("expected 'kind:'"), m);

        m = error("kind: qerror\nfixed: {format: e4m3, scale: 1}\naxes:\n  scale: [1, 2]\n");
        assertTrue(m.contains("line 4 (axes.scale)") && m.contains("both fixed (line 2) and an axis"), m);

        m = error("kind: qerror\naxes:\n  format: [e4m3]\n  scale: [1, 1.0]\n");
        assertTrue(m.contains("run 1 (format=e4m3 scale=1.0) is the same run as run 0"), m);

        m = error("kind: qerror\nfixed: {format: e4m3}\nfixed: {format: e2m1}\n");
        assertTrue(m.contains("line 3") && m.contains("Duplicate field 'fixed'"), m);

        m = error("kind: qerror\nfixed: {format: e4m3, elements: many}\n");
        assertTrue(m.contains("line 2 (fixed.elements)") && m.contains("expected an integer, got 'many'"), m);

        m = error("kind: qerror\nfixed: {format: e4m3}\naxes: {scale: [1, 0]}\n");
        assertTrue(m.contains("line 3 (axes.scale[1])") && m.contains("'scale' of kind qerror must be above 0, got 0.0"), m);

        m = error("kind: qerror\naxes: {format: []}\n");
        assertTrue(m.contains("has no values"), m);

        m = error("kind: qerror\nfixed: {format: [e4m3\n");
        assertTrue(m.contains("not valid YAML"), m);

        m = error("kind: qerror\nfixed: {scale: 2}\n");
        assertTrue(m.contains("needs setting 'format'"), m);

        m = assertThrows(SweepException.class, () -> Grid.load(dir.resolve("missing.yaml"))).getMessage();
        assertTrue(m.contains("does not exist"), m);
    }
}
