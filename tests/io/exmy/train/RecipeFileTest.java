package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.backend.Backend;
import io.exmy.backends.Backends;
import io.exmy.block.BlockSchemes;
import io.exmy.format.Rounding;
import io.exmy.results.RunId;
import io.exmy.sweep.ConfigException;
import io.exmy.sweep.Grid;
import io.exmy.sweep.GridExpander;
import io.exmy.sweep.PlannedRun;
import io.exmy.sweep.RunConfig;
import io.exmy.train.QuantTargets.Operand;
import io.exmy.transform.HadamardSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's recipe file ({@code recipe_file:}, {@code exmy train --recipe-file}): it trains; a
 * built-in recipe copied into a file under another name trains to the built-in's bits; its runs
 * hash what it computes (the same recipe in another file, with other comments, is the same run; an
 * edited scheme is another), and its mistakes are one line naming the file, line and key.
 */
class RecipeFileTest {
    /** A recipe of our own: MXFP6 E3M2 weights, E2M3 activations, stochastically rounded E3M2 gradients, RHT on wgrad. */
    static final String MINE = """
            # our own recipe
            name: mx6-rht
            summary: MXFP6 everywhere, gradients stochastically rounded, a 16-point RHT on the weight-gradient GEMM
            switches: {rht: true, sr: true}
            operands:
              fwd.x: mxfp6_e2m3
              fwd.w: mxfp6_e3m2
              dgrad.dy: mxfp6_e3m2/sr
              dgrad.w: mxfp6_e3m2
              wgrad.dy: mxfp6_e3m2/sr
              wgrad.x: mxfp6_e2m3
            transforms:
              wgrad: {hadamard: 16/te}
            """;

    static Path write(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    static String withFile(Path f, String more) {
        return "{\"recipe_file\":\"" + f + "\"" + more + "}";
    }

    private static Trainer.Result train(TrainSettings s) {
        try (Backend be = Backends.open("java")) {
            return new Trainer(be, s, TrainFixtures.sampler(s), "r").run(Trainer.Options.none());
        }
    }

    @Test
    void aRecipeFileTrainsATinyModel(@TempDir Path dir) throws IOException {
        TrainSettings s = TrainFixtures.tiny(withFile(write(dir, "mine.yaml", MINE), ",\"tokens\":256"));
        assertEquals("mx6-rht", s.quant().recipe().name());
        QuantTargets t = s.targets();
        assertEquals(QuantTargets.schemeFor(Operand.WGRAD_DY, BlockSchemes.parse("mxfp6_e3m2/sr")), t.scheme(Operand.WGRAD_DY));
        assertEquals(BlockSchemes.MXFP6_E2M3, t.scheme(Operand.FWD_X));
        assertEquals(HadamardSpec.te16(), t.transform(Operand.WGRAD_X));
        assertEquals(HadamardSpec.te16(), t.transform(Operand.WGRAD_DY));
        Trainer.Result r = train(s);
        assertTrue(Float.isFinite(r.validationLoss()));
        assertEquals(Rounding.RNE, TrainFixtures.tiny(withFile(dir.resolve("mine.yaml"), ",\"sr\":false")).targets()
                .scheme(Operand.DGRAD_DY).element().rounding(), "its switch sr turns its stochastic rounding off");
    }

    /** The built-in te-nvfp4 and kumar, copied into files under other names, train to the built-ins' bits. */
    @Test
    void aBuiltInRecipeAsAFileTrainsToTheSameBits(@TempDir Path dir) throws IOException {
        for (String[] c : List.of(new String[] {"te-nvfp4", ",\"sr\":false,\"tokens\":256"},
                new String[] {"kumar", ",\"pw\":4,\"pa\":8,\"pkv\":6,\"kv_granularity\":\"head\",\"tokens\":256"})) {
            String text = Files.readString(Path.of("recipes/" + c[0] + ".yaml")).replace("name: " + c[0], "name: my-" + c[0]);
            Path f = write(dir, "copy-of-" + c[0] + ".yaml", text);
            TrainSettings builtIn = TrainFixtures.tiny("{\"quant\":\"" + c[0] + "\"" + c[1] + "}");
            TrainSettings file = TrainFixtures.tiny(withFile(f, c[1]));
            assertEquals(builtIn.targets(), file.targets(), c[0]);
            assertEquals(builtIn.kvQuant(), file.kvQuant(), c[0]);
            Trainer.Result a = train(builtIn);
            Trainer.Result b = train(file);
            assertEquals(a.curve().train(), b.curve().train(), c[0] + ": the same training losses");
            assertEquals(Float.floatToRawIntBits(a.validationLoss()), Float.floatToRawIntBits(b.validationLoss()), c[0]);
        }
    }

    private static ObjectNode norm(String json) {
        return new TrainKind().normalize(TrainFixtures.json(json));
    }

    private static String id(String json) {
        return RunConfig.of(TrainKind.NAME, norm(json)).id();
    }

    @Test
    void theRunHashesTheRecipeNotItsFile(@TempDir Path dir) throws IOException {
        Path a = write(dir, "a.yaml", MINE);
        Files.createDirectories(dir.resolve("elsewhere"));
        // the same recipe, elsewhere, other comments, summary, key order and spellings
        Path b = write(dir.resolve("elsewhere"), "b.yml", """
                operands:
                  wgrad.x: MXFP6_E2M3/col
                  wgrad.dy: mxfp6_e3m2/sr
                  dgrad.w: mxfp6_e3m2
                  dgrad.dy: mxfp6_e3m2/SR
                  fwd.w: mxfp6_e3m2
                  fwd.x: mxfp6_e2m3
                transforms: {wgrad: {hadamard: 16}}
                switches: {sr: true, rht: true}
                name: MX6-RHT     # another comment
                summary: another summary
                """);
        Path edited = write(dir, "c.yaml", MINE.replace("wgrad.x: mxfp6_e2m3", "wgrad.x: mxfp6_e3m2"));
        ObjectNode n = norm(withFile(a, ""));
        assertEquals("mx6-rht", n.get("quant").asText());
        assertFalse(n.has("recipe_file"), "the path is not part of the run");
        assertTrue(n.get("recipe").isObject(), "the recipe is");
        assertFalse(n.get("recipe").has("summary"), "its description is not");
        assertEquals(id(withFile(a, "")), id(withFile(b, "")));
        assertNotEquals(id(withFile(a, "")), id(withFile(edited, "")));
        assertNotEquals(id(withFile(a, "")), id(withFile(a, ",\"sr\":false")));
        // the normalized configuration is a configuration of the same run (records, snapshots, Slurm manifests)
        ObjectNode again = new TrainKind().normalize(n.deepCopy());
        assertEquals(RunId.canonical(n), RunId.canonical(again));
        TrainSettings fromRecord = TrainSettings.of(RunConfig.of(TrainKind.NAME, n));
        assertEquals(TrainSettings.of(RunConfig.of(TrainKind.NAME, norm(withFile(a, "")))).targets(), fromRecord.targets());
    }

    @Test
    void aGridTakesRecipeFiles(@TempDir Path dir) throws IOException {
        Path a = write(dir, "a.yaml", MINE);
        Path c = write(dir, "c.yaml", MINE.replace("name: mx6-rht", "name: mx6-plain").replace("rht: true", "rht: false"));
        Path grid = write(dir, "grid.yaml", "kind: train\nfixed: {model: nano, tokens: 2048, batch_size: 4}\n"
                + "axes:\n  recipe_file: [" + a + ", " + c + "]\n  seed: [0, 1]\n");
        List<PlannedRun> runs = GridExpander.expand(Grid.load(grid));
        assertEquals(4, runs.size());
        assertEquals("mx6-plain", runs.get(2).config().string("quant"));
        assertFalse(runs.get(2).config().bool("rht"), "the file's default");
    }

    /** A recipe file's text, more settings of the run, the setting the message names, and what it says. */
    private static final String[][] MISTAKES = {
        {"name: x\noperands:\n  fwd.z: nvfp4\n", "", "recipe_file",
            "bad.yaml line 3 (operands.fwd.z): unknown GEMM operand 'fwd.z'"},
        {"name: x\noperands:\n  fwd.x: $fmt/b32/row/fp32/amax\n", "", "recipe_file",
            "line 3 (operands.fwd.x): $fmt is not a setting"},
        {"name: x\noperands:\n  fwd.x: nvfp9\n", "", "recipe_file", "line 3 (operands.fwd.x): cannot read block scheme 'nvfp9'"},
        {"name: x\ntransforms:\n  wgrad: {hadamard: 12}\n", "", "recipe_file",
            "line 3 (transforms.wgrad): Hadamard size must be a power of two"},
        {"name: x\nswitches: {rht: yes please}\n", "", "recipe_file", "line 2 (switches.rht): rht: expected true"},
        {"name: x\nswitches: {hadamard: true}\n", "", "recipe_file", "(switches.hadamard): unknown switch 'hadamard'"},
        {"name: x\noperandz: {}\n", "", "recipe_file", "line 2 (operandz): unknown key 'operandz'"},
        {"summary: no name\n", "", "recipe_file", "a recipe needs name:"},
        {"name: te-nvfp4\n", "", "recipe_file", "name te-nvfp4 is a built-in recipe's"},
        {"name: x\nsettings:\n  lr: {type: precision}\n", "", "recipe", "declares a setting lr, which is a train setting"},
        {"name: x\nsettings:\n  save_at: {type: precision}\n", "", "recipe",
            "declares a setting save_at, which is a train setting"},
        {"name: x\nsettings:\n  pw: {type: choice, choices: [a, b]}\n", "", "recipe", "built-in recipes' pw is precision"},
        {"name: x\n", ",\"quant\":\"paper\"", "quant", "the recipe file's recipe is x"},
        {"name: x\noperands: {fwd.x: nvfp4}\n", ",\"format\":\"e2m1\"", "format", "recipe x fixes its own formats"},
        {"name: x\noperands: {fwd.x: nvfp4}\n", ",\"rht\":false", "rht", "switch off parts of a recipe"},
        {"name: x\noperands:\n  fwd.x: $format/b$block/row/$scale/amax/ts\n", ",\"format\":\"e2m1\"", "format",
            "recipe x, fwd.x $format/b$block/row/$scale/amax/ts = e2m1/b32/row/fp32/amax/ts: "},
    };

    @Test
    void mistakesAreOneLineNamingFileLineAndKey(@TempDir Path dir) throws IOException {
        for (String[] c : MISTAKES) {
            Path f = write(dir, "bad.yaml", c[0]);
            ConfigException e = assertThrows(ConfigException.class, () -> norm(withFile(f, c[1])), c[0]);
            assertEquals(c[2], e.key(), e.getMessage());
            assertTrue(e.getMessage().contains(c[3]), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        String bad = dir.resolve("bad.yaml").toString();
        ConfigException e = assertThrows(ConfigException.class, () -> norm("{\"recipe_file\":\"" + dir.resolve("none.yaml")
                + "\"}"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> norm("{\"recipe_file\":\"" + bad + "\",\"recipe\":{}}"));
        assertEquals("recipe_file", e.key());
    }

    /** The switches act on whatever a recipe holds: SR to nearest, tiles to blocks along K, transforms away. */
    @Test
    void switchesTurnTechniquesOffWhereverARecipeUsesThem(@TempDir Path dir) throws IOException {
        Path f = write(dir, "t.yaml", """
                name: tiles
                switches: {rht: true, sr: true, scale_2d: true}
                operands:
                  fwd.x: e4m3/b8x4/e8m0/floor
                  dgrad.w: e4m3/b8x4/e8m0/floor/sr/seed=5
                  wgrad.x: e3m2/b32/row/fp32/amax/compat=qpytorch/sr
                transforms:
                  fwd: {hadamard: 16/plain}
                """);
        QuantTargets on = TrainFixtures.targets(withFile(f, ""));
        QuantTargets off = TrainFixtures.targets(withFile(f, ",\"rht\":false,\"sr\":false,\"scale_2d\":false"));
        assertEquals(BlockSchemes.parse("e4m3/b4/row/e8m0/floor"), off.scheme(Operand.FWD_X), "a tile's extent along K");
        assertEquals(BlockSchemes.parse("e4m3/b8/col/e8m0/floor"), off.scheme(Operand.DGRAD_W), "nearest, seed dropped");
        assertEquals(Rounding.RNA, off.scheme(Operand.WGRAD_X).element().rounding(), "QPyTorch's nearest");
        assertEquals(HadamardSpec.plain(16), on.transform(Operand.FWD_W));
        assertEquals(null, off.transform(Operand.FWD_W));
        assertEquals(on.scheme(Operand.FWD_X), BlockSchemes.parse("e4m3/b8x4/e8m0/floor"));
    }
}
