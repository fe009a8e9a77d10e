package io.exmy.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.fit.data.DataReader;
import io.exmy.fit.data.Dataset;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsExportTest {
    @TempDir
    Path dir;

    private ResultsStore store() {
        ResultsStore s = ResultsStore.openOrCreate(dir.resolve("store"));
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 3; i++) {
            ObjectNode cfg = Json.object().put("format", i == 2 ? "e2m1" : "e4m3").put("N", 1e6 * (i + 1));
            cfg.putObject("model").put("layers", 2 + i);
            ObjectNode m = Json.object().put("loss", 3.0 - i / 10.0);
            m.putArray("curve").add(4.0).add(3.5);
            if (i == 1) {
                m.put("note", "has, comma and \"quotes\"");
            }
            s.add(Record.create("qerror", cfg, m, new Provenance("cpu", "abc", t, t.plusSeconds(i), "h", null, "dev")));
        }
        return s;
    }

    @Test
    void csvFlattensWithDotsAndQuotes() throws Exception {
        ResultsStore s = store();
        String csv = ResultsExport.csv(s.records());
        List<String> lines = csv.lines().toList();
        assertEquals(4, lines.size(), csv);
        String header = lines.get(0);
        for (String col : List.of("id", "kind", "config.format", "config.N", "config.model.layers", "metrics.loss",
                "metrics.curve", "metrics.note", "provenance.wall_s", "provenance.commit")) {
            assertTrue(List.of(header.split(",")).contains(col), col + " missing from " + header);
        }
        assertTrue(csv.contains("\"has, comma and \"\"quotes\"\"\""), csv);
        assertTrue(csv.contains("\"[4.0,3.5]\""), "arrays stay one JSON cell: " + csv);
    }

    @Test
    void fitReadsTheStoreTheCsvAndTheJsonLinesAlike() throws Exception {
        ResultsStore s = store();
        Path csv = dir.resolve("r.csv");
        Path jsonl = dir.resolve("r.jsonl");
        Files.write(csv, ResultsExport.csv(s.records()).getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultsExport.write(s.records(), ResultsExport.Format.JSONL, out);
        Files.write(jsonl, out.toByteArray());
        assertEquals(3, out.toString(StandardCharsets.UTF_8).lines().count());

        Dataset fromStore = DataReader.read(s.dir());
        Dataset fromCsv = DataReader.read(csv);
        Dataset fromJsonl = DataReader.read(jsonl);
        for (Dataset d : List.of(fromStore, fromCsv, fromJsonl)) {
            assertEquals(3, d.size());
            assertArrayEquals(new double[] {1e6, 2e6, 3e6}, sorted(d.numeric("config.N")));
            assertArrayEquals(new double[] {0, 1, 2}, sorted(d.numeric("provenance.wall_s")));
            assertArrayEquals(new double[] {2, 3, 4}, sorted(d.numeric("config.model.layers")));
        }
    }

    private static double[] sorted(double[] a) {
        double[] c = a.clone();
        java.util.Arrays.sort(c);
        return c;
    }
}
