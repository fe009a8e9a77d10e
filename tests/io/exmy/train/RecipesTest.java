package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.cli.Main;
import io.exmy.results.RunId;
import io.exmy.sweep.ConfigException;
import io.exmy.train.QuantTargets.Operand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry: every file of {@code recipes/} is a built-in recipe under its file's name (and
 * nothing else is), each one's canonical definition reads back to itself, the rules between
 * settings come from the recipes' data, and the command line lists what the registry holds.
 */
class RecipesTest {
    @Test
    void everyFileOfRecipesIsABuiltInRecipe() throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of("recipes"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        }
        assertEquals(files, Recipes.names().stream().sorted().toList());
        assertTrue(files.containsAll(List.of("none", "weights-only", "paper", "all", "kumar", "sun2025", "te-mxfp8",
                "te-nvfp4", "torchao-mxfp8", "torchao-mxfp4")), "the recipes runs were recorded with: " + files);
        assertEquals("none", Recipes.names().get(0), "the default first");
        for (Recipe r : Recipes.builtIn().values()) {
            assertTrue(r.builtIn());
            assertTrue(!r.summary().isEmpty(), r.name() + " has a summary for exmy recipes and the docs");
            // what a user's recipe carries in its runs reads back to the same recipe
            Recipe again = RecipeReader.inline(r.definition(), r.name());
            assertEquals(RunId.canonical(r.definition()), RunId.canonical(again.definition()), r.name());
            assertEquals(r.reads(), again.reads());
        }
        assertTrue(Recipes.builtInSettings().keySet().containsAll(List.of("pw", "pa", "pkv", "kv_granularity")));
    }

    @Test
    void whatTheRecipesReadDecidesWhereFormatIsFree() {
        for (String q : List.of("weights-only", "paper", "all", "sun2025")) {
            assertTrue(Recipes.named(q).reads().contains("format"), q);
            TrainFixtures.tiny("{\"quant\":\"" + q + "\",\"format\":\"e2m1\"}");
        }
        for (String q : List.of("none", "kumar", "te-mxfp8", "te-nvfp4", "torchao-mxfp8", "torchao-mxfp4")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> TrainFixtures.tiny("{\"quant\":\"" + q + "\",\"format\":\"e2m1\"}"));
            assertEquals("format", e.key(), q);
            assertTrue(e.getMessage().contains("all, paper, sun2025, weights-only") || q.equals("kumar"), e.getMessage());
        }
        assertTrue(assertThrows(ConfigException.class, () -> TrainFixtures.tiny("{\"quant\":\"kumar\",\"format\":\"e2m1\"}"))
                .getMessage().contains("takes its formats from pw, pa and pkv"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainFixtures.tiny("{\"quant\":\"paper\",\"format\":\"e2m1\",\"kv_granularity\":\"head\"}"));
        assertEquals("kv_granularity", e.key());
        assertTrue(e.getMessage().contains("pw, pa, pkv and kv_granularity apply to quant: kumar, not to quant: paper"),
                e.getMessage());
    }

    @Test
    void aTransformMustFitItsGemmsK() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainFixtures.tiny("{\"quant\":\"te-nvfp4\",\"batch_size\":1,\"context\":12}"));
        assertEquals("batch_size", e.key());
        assertEquals("kind train: te-nvfp4's Hadamard transform on the weight-gradient GEMM runs over blocks of 16 tokens,"
                + " but a step has 1 × 12 = 12 tokens: make batch_size × context a multiple of 16, or set rht: false",
                e.getMessage());
    }

    @Test
    void theBuiltInsTargetsAreTheOldPresets() {
        QuantTargets kumar = TrainFixtures.targets("{\"quant\":\"kumar\",\"pw\":4}");
        assertEquals("int4/row/fp32/amax", kumar.describe().get("fwd.w"));
        assertEquals("int4/row/fp32/amax", kumar.describe().get("dgrad.w"), "as stored: W's rows in both GEMMs");
        assertEquals(2, kumar.describe().size());
        QuantTargets paper = TrainFixtures.targets("{\"quant\":\"paper\",\"format\":\"e3m2\",\"scale\":\"e8m0\","
                + "\"scale_rule\":\"floor\",\"block\":16}");
        assertEquals("e3m2/b16/row/e8m0/floor", paper.describe().get("fwd.w"));
        assertEquals("e3m2/b16/col/e8m0/floor", paper.describe().get("wgrad.x"));
        assertEquals(null, paper.scheme(Operand.FWD_X));
    }

    private static String[] exmy(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void theCommandLineListsTheRegistry(@TempDir Path dir) throws IOException {
        String[] r = exmy("recipes");
        assertEquals("0", r[0], r[2]);
        for (String name : Recipes.names()) {
            assertTrue(r[1].contains("| " + name + " "), name);
        }
        assertTrue(r[1].contains("hadamard(16/te) then nvfp4/col/sr"), r[1]);
        String help = exmy("train", "--help")[1].replaceAll("\\s+", " ");
        assertTrue(help.contains(String.join(", ", Recipes.names())), "--quant's help is the registry's: " + help);
        Path f = RecipeFileTest.write(dir, "mine.yaml", RecipeFileTest.MINE);
        r = exmy("recipes", f.toString(), "te-nvfp4", "--format", "csv");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("mx6-rht,") && r[1].contains("te-nvfp4,") && !r[1].contains("torchao"), r[1]);
        r = exmy("recipes", "te-nvfp5");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("unknown recipe 'te-nvfp5': use one of none, all"), r[2]);
        r = exmy("train", "--recipe-file", f.toString(), "--model", "nano", "--layers", "2", "--width", "16", "--heads", "2",
                "--context", "16", "--batch-size", "4", "--tokens", "128", "--corpus", "synthetic:length=20000",
                "--backend", "java", "--store", dir.resolve("store").toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[2].contains("train: recorded run"), r[2]);
    }
}
