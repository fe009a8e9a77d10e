package io.exmy.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.experiment.ExperimentConfig;
import io.exmy.results.Json;
import io.exmy.results.RunId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Run ids are promises: a record's file name is its run's id, a hash of the normalized
 * configuration, so a change to how a configuration normalizes would silently orphan every record
 * and checkpoint of every store (the runs would be computed again under new ids). The expected ids
 * in {@code frozen-ids/} were written once, by the code of main at 20dc72d (before issue 17 made
 * recipes data), with {@code -Dexmy.frozenIds.write=true}; never rewrite them to make this test
 * pass.
 *
 * <ul>
 * <li>{@code grids.tsv}: every run of every shipped grid ({@code sweeps/*.yaml}) and experiment
 *     ({@code experiments/*.yaml}): file, index, id, summary.</li>
 * <li>{@code train-configs.tsv}: spellings of {@code train} configurations covering every
 *     {@code quant} value, every recipe switch, {@code quant_ops}, Kumar's precisions and the
 *     cross-field rules: the raw configuration and its id, or {@code rejected:KEY} (the setting the
 *     error named then) for one the rules refuse — it must still be refused.</li>
 * </ul>
 */
class FrozenRunIdsTest {
    static final Path DIR = Path.of("tests/io/exmy/sweep/frozen-ids");
    static final Path GRIDS = DIR.resolve("grids.tsv");
    static final Path CONFIGS = DIR.resolve("train-configs.tsv");

    /** Every shipped grid file with its expanded runs, in file order. */
    static Map<Path, List<PlannedRun>> shippedRuns() throws IOException {
        Map<Path, List<PlannedRun>> out = new LinkedHashMap<>();
        for (String dir : List.of("sweeps", "experiments")) {
            List<Path> files;
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            }
            for (Path p : files) {
                Grid g = dir.equals("sweeps") ? Grid.load(p) : ExperimentConfig.load(p).sweep();
                out.put(p, GridExpander.expand(g));
            }
        }
        return out;
    }

    private static List<String[]> rows(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    @Test
    void everyShippedRunKeepsItsId() throws IOException {
        Map<String, String> want = new LinkedHashMap<>();
        for (String[] r : rows(GRIDS)) {
            want.put(r[0] + " #" + r[1], r[2]);
        }
        Map<String, String> got = new LinkedHashMap<>();
        Map<String, String> configs = new LinkedHashMap<>();
        shippedRuns().forEach((p, runs) -> runs.forEach(r -> {
            got.put(p + " #" + r.index(), r.id());
            configs.put(p + " #" + r.index(), RunId.canonical(r.config().json()));
        }));
        List<String> wrong = new ArrayList<>();
        want.forEach((k, id) -> {
            if (!id.equals(got.get(k))) {
                wrong.add(k + ": want " + id + ", got " + got.get(k) + " " + configs.get(k));
            }
        });
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + want.size() + " runs changed id:\n"
                + String.join("\n", wrong.subList(0, Math.min(10, wrong.size()))));
        // a grid file added since is fine; one shrunk or renamed would hide a changed id
        assertTrue(got.keySet().containsAll(want.keySet()), "runs of the frozen list are missing");
    }

    @TestFactory
    Stream<DynamicTest> everyTrainSpellingKeepsItsIdOrItsRejection() throws IOException {
        return rows(CONFIGS).stream().map(r -> DynamicTest.dynamicTest(r[0], () -> {
            String got = outcome(r[0]);
            if (r[1].startsWith("rejected:")) {
                // still refused; which setting the message names may have become more precise
                assertTrue(got.startsWith("rejected:"), "train configuration " + r[0] + " was refused, now " + got);
            } else {
                assertEquals(r[1], got, "train configuration " + r[0]);
            }
        }));
    }

    /** A normalized configuration normalizes to itself: records and snapshots are read back as such. */
    @Test
    void normalizingTwiceChangesNothing() throws IOException {
        for (List<PlannedRun> runs : shippedRuns().values()) {
            for (PlannedRun r : runs) {
                ObjectNode again = RunKinds.get(r.config().kind()).normalize(r.config().json());
                assertEquals(r.id(), RunId.of(r.config().kind(), again), r.summary());
            }
        }
    }

    static String outcome(String rawJson) {
        ObjectNode raw;
        try {
            raw = (ObjectNode) Json.MAPPER.readTree(rawJson);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        try {
            return RunId.of("train", RunKinds.get("train").normalize(raw));
        } catch (ConfigException e) {
            return "rejected:" + e.key();
        } catch (IllegalArgumentException e) {
            return "rejected:";
        }
    }

    /** The train spellings: every quant value with the settings that reach it, switches, quant_ops, Kumar. */
    static List<String> trainSpellings() {
        List<String> c = new ArrayList<>();
        c.add("{}");
        c.add("{\"quant\":\"none\"}");
        c.add("{\"quant\":\"NONE\",\"format\":\"FP32\"}");
        c.add("{\"quant\":\"none\",\"format\":\"e4m3\"}");
        c.add("{\"quant\":\"none\",\"quant_ops\":\"fwd.x=mxfp8_e4m3\"}");
        c.add("{\"quant\":\"none\",\"quant_head\":true}");
        c.add("{\"quant\":\"bogus\"}");
        for (String q : List.of("weights-only", "paper", "all", "Paper")) {
            for (String f : List.of("fp32", "e4m3", "E3M2", "e2m1", "e0m7", "int4", "e3m2:bias=2")) {
                c.add("{\"quant\":\"" + q + "\",\"format\":\"" + f + "\"}");
            }
            c.add("{\"quant\":\"" + q + "\"}");
            c.add("{\"quant\":\"" + q + "\",\"format\":\"e2m1\",\"block\":16,\"scale\":\"e8m0\",\"scale_rule\":\"floor\"}");
            c.add("{\"quant\":\"" + q + "\",\"format\":\"e2m1\",\"block\":64,\"scale\":\"E4M3\",\"scale_rule\":\"ceil\"}");
            c.add("{\"quant\":\"" + q + "\",\"format\":\"e3m2\",\"quant_head\":true}");
            c.add("{\"quant\":\"" + q + "\",\"format\":\"e3m2\",\"quant_ops\":\"dgrad.dy=e5m2/b16/row/e8m0/floor\"}");
            c.add("{\"quant\":\"" + q + "\",\"format\":\"e3m2\",\"rht\":false}");
            c.add("{\"quant\":\"" + q + "\",\"format\":\"e3m2\",\"sr\":true}");
            c.add("{\"quant\":\"" + q + "\",\"format\":\"e3m2\",\"pw\":4}");
            c.add("{\"quant\":\"" + q + "\",\"format\":\"e9m1\"}");
            c.add("{\"quant\":\"" + q + "\",\"format\":\"e3m2\",\"scale\":\"e9m9\"}");
            c.add("{\"quant\":\"" + q + "\",\"format\":\"e3m2\",\"scale_rule\":\"up\"}");
            c.add("{\"quant\":\"" + q + "\",\"format\":\"e3m2\",\"block\":0}");
        }
        c.add("{\"quant_ops\":\"fwd.x=mxfp8_e4m3\"}");
        c.add("{\"quant_ops\":\"FWD.X=mxfp8_e4m3/col\"}");
        c.add("{\"quant_ops\":\"fwd.x=e4m3/b32/col/e8m0/floor;dgrad.dy=e5m2/b16/row/e8m0/floor\"}");
        c.add("{\"quant_ops\":\"dgrad.dy=e5m2/b16/row/e8m0/floor; fwd.x=e4m3/b32/row/e8m0/floor\"}");
        c.add("{\"quant_ops\":\"wgrad.x=nvfp4/sr/seed=3;wgrad.dy=none\"}");
        c.add("{\"quant_ops\":\"fwd.w=e2m1/b16x16/e4m3/amax/ts\"}");
        c.add("{\"quant_ops\":\"fwd.x=e2m1/tensor/fp32/amax;fwd.w=int4/row/fp32/amax\"}");
        c.add("{\"quant_ops\":\";\"}");
        c.add("{\"quant_ops\":\"fwd.x\"}");
        c.add("{\"quant_ops\":\"fwd.z=mxfp4\"}");
        c.add("{\"quant_ops\":\"fwd.x=mxfp9\"}");
        c.add("{\"quant\":\"paper\",\"format\":\"e3m2\",\"quant_ops\":\"fwd.w=none;wgrad.x=none\"}");
        // Kumar et al.'s precisions
        c.add("{\"quant\":\"kumar\"}");
        for (String p : List.of("2", "3", "4", "8", "16", "\"INT8\"", "\"e0m7\"", "\"e2m1\"", "\"e4m3\"", "\"none\"",
                "\"fp32\"", "\"\"")) {
            c.add("{\"quant\":\"kumar\",\"pw\":" + p + "}");
            c.add("{\"quant\":\"kumar\",\"pa\":" + p + "}");
            c.add("{\"quant\":\"kumar\",\"pkv\":" + p + "}");
        }
        c.add("{\"quant\":\"kumar\",\"pw\":4,\"pa\":8,\"pkv\":8}");
        c.add("{\"quant\":\"kumar\",\"pw\":4,\"pa\":8,\"pkv\":8,\"kv_granularity\":\"HEAD\"}");
        c.add("{\"quant\":\"kumar\",\"pw\":4,\"kv_granularity\":\"tensor\"}");
        c.add("{\"quant\":\"kumar\",\"pw\":4,\"quant_ops\":\"dgrad.w=none;wgrad.x=none\"}");
        c.add("{\"quant\":\"kumar\",\"pw\":4,\"quant_head\":true}");
        c.add("{\"quant\":\"kumar\",\"pw\":1}");
        c.add("{\"quant\":\"kumar\",\"pw\":17}");
        c.add("{\"quant\":\"kumar\",\"pa\":\"int9x\"}");
        c.add("{\"quant\":\"kumar\",\"kv_granularity\":\"token\"}");
        c.add("{\"quant\":\"kumar\",\"format\":\"e2m1\"}");
        c.add("{\"quant\":\"kumar\",\"format\":\"fp32\",\"block\":16}");
        c.add("{\"quant\":\"kumar\",\"pw\":4,\"rht\":false}");
        c.add("{\"quant\":\"none\",\"pw\":4}");
        c.add("{\"quant\":\"paper\",\"format\":\"e3m2\",\"kv_granularity\":\"head\"}");
        // the library recipes and their switches
        for (String r : List.of("sun2025", "te-mxfp8", "te-nvfp4", "torchao-mxfp8", "torchao-mxfp4", "TE-NVFP4")) {
            c.add("{\"quant\":\"" + r + "\"}");
            for (String sw : List.of("rht", "sr", "scale_2d")) {
                c.add("{\"quant\":\"" + r + "\",\"" + sw + "\":false}");
                c.add("{\"quant\":\"" + r + "\",\"" + sw + "\":true}");
            }
            c.add("{\"quant\":\"" + r + "\",\"rht\":false,\"sr\":false,\"scale_2d\":false}");
            c.add("{\"quant\":\"" + r + "\",\"format\":\"e2m1\"}");
            c.add("{\"quant\":\"" + r + "\",\"format\":\"fp32\",\"block\":16}");
            c.add("{\"quant\":\"" + r + "\",\"scale\":\"e8m0\",\"scale_rule\":\"floor\"}");
            c.add("{\"quant\":\"" + r + "\",\"quant_head\":true}");
            c.add("{\"quant\":\"" + r + "\",\"quant_ops\":\"fwd.x=none\"}");
            c.add("{\"quant\":\"" + r + "\",\"quant_ops\":\"dgrad.dy=mxfp8_e5m2\"}");
            c.add("{\"quant\":\"" + r + "\",\"batch_size\":1,\"context\":12}");
            c.add("{\"quant\":\"" + r + "\",\"batch_size\":1,\"context\":12,\"rht\":false}");
            c.add("{\"quant\":\"" + r + "\",\"batch_size\":3,\"context\":16}");
            c.add("{\"quant\":\"" + r + "\",\"pw\":4}");
            c.add("{\"quant\":\"" + r + "\",\"rht\":\"no\"}");
        }
        for (String f : List.of("e4m3", "e3m2", "E2M1", "e0m7", "e5m10", "e3m2:bias=2")) {
            for (int b : List.of(8, 32, 64)) {
                c.add("{\"quant\":\"sun2025\",\"format\":\"" + f + "\",\"block\":" + b + "}");
            }
        }
        c.add("{\"quant\":\"sun2025\",\"format\":\"e3m2\",\"scale\":\"e8m0\",\"scale_rule\":\"floor\"}");
        c.add("{\"quant\":\"sun2025\",\"format\":\"e3m2\",\"quant_ops\":\"fwd.x=mxfp8_e4m3\"}");
        c.add("{\"quant\":\"sun2025\",\"format\":\"e3m2\",\"rht\":false,\"sr\":false}");
        c.add("{\"quant\":\"te-nvfp4\",\"sr\":false,\"quant_ops\":\"wgrad.dy=nvfp4/sr\"}");
        c.add("{\"quant\":\"te-nvfp4\",\"model\":\"nano\",\"batch_size\":8,\"tokens\":300000,\"seed\":2,\"lr\":0.003}");
        // the other settings beside a recipe
        c.add("{\"quant\":\"te-nvfp4\",\"model\":\"mini\",\"positions\":\"rope\",\"tokenizer\":\"byte\","
                + "\"corpus\":\"synthetic\",\"save_at\":\"geometric:75000:2\",\"backend\":\"host\",\"fast\":false}");
        c.add("{\"quant\":\"paper\",\"format\":\"e2m1\",\"model\":\"micro\",\"layers\":3,\"warmup_steps\":0,"
                + "\"lr_floor\":0,\"weight_decay\":0,\"grad_clip\":0,\"eval_every\":7,\"eval_batches\":3}");
        return c;
    }

    /** Writes the two files from the code as it is (once, at 20dc72d; see the class comment). */
    @Test
    void writeWhenAsked() throws IOException {
        if (!Boolean.getBoolean("exmy.frozenIds.write")) {
            return;
        }
        Files.createDirectories(DIR);
        StringBuilder g = new StringBuilder("# file\tindex\tid\tsummary (written by main at 20dc72d; never rewrite)\n");
        shippedRuns().forEach((p, runs) -> runs.forEach(r -> g.append(p).append('\t').append(r.index()).append('\t')
                .append(r.id()).append('\t').append(r.summary()).append('\n')));
        Files.writeString(GRIDS, g.toString(), StandardCharsets.UTF_8);
        StringBuilder t = new StringBuilder("# raw train configuration\tid, or rejected:KEY (written by main at 20dc72d;"
                + " never rewrite)\n");
        for (String raw : trainSpellings()) {
            if (raw.contains("\t")) {
                fail("a tab in " + raw);
            }
            t.append(raw).append('\t').append(outcome(raw)).append('\n');
        }
        Files.writeString(CONFIGS, t.toString(), StandardCharsets.UTF_8);
    }
}
