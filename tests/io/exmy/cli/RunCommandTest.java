package io.exmy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job's plumbing, on a quick run kind: sweep, report, resume, defaults, errors. */
class RunCommandTest {
    @TempDir
    Path dir;

    private Path config(String text) throws Exception {
        Path p = dir.resolve("experiment.yaml");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void runsTheSweepWritesTheReportAndResumes() throws Exception {
        Path cfg = config("""
                name: quick
                sweep:
                  kind: qerror
                  fixed: {elements: 5000, distribution: normal, seed: 1}
                  axes: {format: [e4m3, e2m1], scale: [0.5, 2]}
                fits: []
                """);
        String[] args = {"run", "--config", cfg.toString(), "--store", dir.resolve("store").toString(), "--out",
            dir.resolve("report").toString(), "--backend", "java"};
        CastCommandTest.Run first = CastCommandTest.exmy(args);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("runs: 4 (0 already done, 4 now)"), first.out());
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("<caption>Runs (4)</caption>"), html);
        assertTrue(Files.exists(dir.resolve("report/results.csv")));
        CastCommandTest.Run again = CastCommandTest.exmy(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("runs: 4 (4 already done, 0 now)"), again.out());
    }

    @Test
    void printsTheDefaultExperiment() {
        CastCommandTest.Run r = CastCommandTest.exmy("run", "--print-config", "--backend", "java");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("name: fp-law-cpu") && r.out().contains("kind: train"), r.out());
    }

    @Test
    void aBadExperimentFileIsExplained() throws Exception {
        Path cfg = config("name: x\nsweep: {kind: qerror}\nfitz: []\n");
        CastCommandTest.Run r = CastCommandTest.exmy("run", "--config", cfg.toString(), "--store",
                dir.resolve("s").toString(), "--out", dir.resolve("o").toString(), "--backend", "java");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown key 'fitz'"), r.err());
        CastCommandTest.Run missing = CastCommandTest.exmy("run", "--config", dir.resolve("none.yaml").toString(),
                "--backend", "java");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("cannot read"), missing.err());
    }
}
