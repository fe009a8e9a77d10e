package io.exmy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.fit.data.Dataset;
import io.exmy.fit.law.RecipeEfficiencyLaw;
import io.exmy.fit.Synthetic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.exmy.cli.FitCliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Quartet II workflow on a file of its shape (runs grouped by recipe): Chinchilla on the
 * reference recipe, then every recipe's efficiencies with that fit's constants held
 * ({@code --fix-from}), then predictions by recipe name.
 */
class RecipeEfficiencyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Synthetic runs of three recipes written as ../shared/data/quartet2_runs.json is: {recipe: [runs]}. */
    private static Path runsFile(Path dir) throws Exception {
        Dataset d = Synthetic.recipes(Synthetic.recipeTruth(), 240, 0.003, 7);
        ObjectNode root = JSON.createObjectNode();
        for (String r : Synthetic.RECIPES) {
            root.putArray(r);
        }
        for (int i = 0; i < d.size(); i++) {
            ObjectNode run = ((ArrayNode) root.get(d.categorical(RecipeEfficiencyLaw.COLUMN)[i])).addObject();
            run.put("N", d.numeric("N")[i]).put("D", d.numeric("D")[i]).put("final_loss", d.numeric("loss")[i])
                    .put("fquant", (String) null).put("ffour_over_six", false);
        }
        Path f = dir.resolve("runs.json");
        Files.writeString(f, JSON.writeValueAsString(root));
        return f;
    }

    @Test
    void chinchillaOnTheReferenceThenEfficienciesWithItsConstantsHeld(@TempDir Path dir) throws Exception {
        Path runs = runsFile(dir), reference = dir.resolve("reference.json"), eff = dir.resolve("eff.json");
        var ref = run("fit", "--law", "chinchilla", runs.toString(), "--data-preset", "quartet2", "--where", "recipe=reference",
                "--save", reference.toString());
        assertEquals(0, ref.exit(), ref.toString());
        assertTrue(ref.out().contains("recipe = reference"), ref.out());
        var r = run("fit", "--law", "recipe-efficiency", runs.toString(), "--data-preset", "quartet2",
                "--fix-from", reference.toString(), "--bootstrap", "20", "--save", eff.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.toString());
        JsonNode constants = JSON.readTree(r.out()).get("Constants");
        assertEquals(6, constants.size(), "E, A, B, alpha, beta held; two efficiencies for each of three recipes");
        java.util.Map<String, Double> est = new java.util.HashMap<>();
        constants.forEach(c -> est.put(c.get("constant").asText(), c.get("estimate").asDouble()));
        // made-up truth: smaller 0.8 / 1, lossy 0.9 / 0.6, reference 1 / 1 (0.3 % noise, 240 runs)
        assertEquals(0.8, est.get("eff_N.smaller"), 0.05);
        assertEquals(0.6, est.get("eff_D.lossy"), 0.06);
        assertEquals(1, est.get("eff_N.reference"), 0.03);
        assertTrue(JSON.readTree(r.out()).get("Fit").toString().contains("held fixed: E = "), r.out());

        var p = run("predict", "--fit", eff.toString(), "--set", "N=1e9", "--set", "D=2e10", "--set", "recipe=reference,lossy",
                "--format", "json");
        assertEquals(0, p.exit(), p.toString());
        JsonNode rows = JSON.readTree(p.out()).elements().next();
        assertEquals("lossy", rows.get(1).get("recipe").asText());
        assertTrue(rows.get(1).get("loss").asDouble() > rows.get(0).get("loss").asDouble(), "fewer effective tokens: higher loss");
        var unknown = run("predict", "--fit", eff.toString(), "--set", "N=1e9", "--set", "D=2e10", "--set", "recipe=fp8");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("'fp8' is not a level of recipe"), unknown.err());
    }

    @Test
    void fixFromNeedsSharedConstants(@TempDir Path dir) throws Exception {
        Path runs = runsFile(dir), ptq = dir.resolve("other.json");
        Files.writeString(ptq, "{\"law\": \"kumar-ptq\", \"constants\": {\"C_T\": 0.06, \"gamma_D\": 0.5, \"gamma_N\": 0.34, "
                + "\"gamma_post\": 0.59}, \"converged\": true}");
        var r = run("fit", "--law", "recipe-efficiency", runs.toString(), "--data-preset", "quartet2", "--fix-from", ptq.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("shares no constant with law recipe-efficiency"), r.err());
    }
}
