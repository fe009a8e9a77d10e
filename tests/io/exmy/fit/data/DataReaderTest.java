package io.exmy.fit.data;

import io.exmy.fit.base.FitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataReaderTest {
    @TempDir
    Path dir;

    @Test
    void csvWithQuotesMissingValuesAndCrlf() throws Exception {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "\uFEFFname,\"Model Size\",loss,note\r\n"
                + "a,1e9,2.5,\"has, comma\"\r\n"
                + "b,2e9,,\"quote \"\"q\"\"\"\r\n"
                + "c,3e9,2.1,\"two\nlines\"\n");
        Dataset d = DataReader.read(f);
        assertEquals(3, d.size());
        assertArrayEquals(new double[] {1e9, 2e9, 3e9}, d.numeric("Model Size"));
        double[] loss = d.numeric("loss");
        assertEquals(2.5, loss[0]);
        assertTrue(Double.isNaN(loss[1]), "empty cell is missing");
        assertEquals("has, comma", d.categorical("note")[0]);
        assertEquals("quote \"q\"", d.categorical("note")[1]);
        assertEquals("two\nlines", d.categorical("note")[2]);
        assertEquals("a", d.categorical("name")[0]);
    }

    @Test
    void csvErrors() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "a,b\n1,2,3\n");
        assertTrue(assertThrows(FitException.class, () -> DataReader.read(f)).getMessage().contains("3 fields"));
        Files.writeString(f, "");
        assertTrue(assertThrows(FitException.class, () -> DataReader.read(f)).getMessage().contains("empty"));
        assertTrue(assertThrows(FitException.class, () -> DataReader.read(dir.resolve("none.csv"))).getMessage().contains("does not exist"));
    }

    @Test
    void resultsStoreIsFlattened() throws Exception {
        Path f = dir.resolve("results.jsonl");
        Files.writeString(f, """
                {"run":"r1","N":1e8,"D":2e9,"format":{"name":"E4M3","E":4,"M":3},"B":32,"loss":3.1,"ok":true}

                {"run":"r2","N":2e8,"D":4e9,"format":{"name":"E2M1","E":2,"M":1},"B":32,"loss":3.3,"ok":false,"delta_loss":0.02}
                {"run":"r3","N":4e8,"D":8e9,"format":{"name":"E2M1","E":2,"M":1},"B":null,"loss":3.0,"ok":true}
                """);
        Dataset d = DataReader.read(f);
        assertEquals(3, d.size());
        assertArrayEquals(new double[] {4, 2, 2}, d.numeric("format.E"));
        assertEquals("E2M1", d.categorical("format.name")[1]);
        assertArrayEquals(new double[] {1, 0, 1}, d.numeric("ok"));
        double[] dl = d.numeric("delta_loss");
        assertTrue(Double.isNaN(dl[0]) && dl[1] == 0.02 && Double.isNaN(dl[2]), "fields absent from some lines are missing there");
        assertTrue(Double.isNaN(d.numeric("B")[2]));
        // --col maps the store's names to a law's.
        Dataset m = d.alias("E", "format.E").alias("M", "format.M");
        assertArrayEquals(new double[] {3, 1, 1}, m.numeric("M"));
    }

    @Test
    void jsonLinesErrors() throws Exception {
        Path f = dir.resolve("r.jsonl");
        Files.writeString(f, "{\"N\":1}\n{oops}\n");
        assertTrue(assertThrows(FitException.class, () -> DataReader.read(f)).getMessage().contains("line 2"));
        Files.writeString(f, "[1,2]\n");
        assertTrue(assertThrows(FitException.class, () -> DataReader.read(f)).getMessage().contains("JSON object"));
    }

    @Test
    void recipeAliasesDerivesAndDrops() throws Exception {
        Path f = dir.resolve("c.csv");
        Files.writeString(f, "Model Size,Training FLOP,loss\n1e9,6e18,3.0\n2e9,1.2e20,2.5\n4e9,2.4e20,9.0\n8e9,4.8e20,2.2\n");
        Dataset d = DataRecipe.preset("chinchilla-epoch").dropTop(1).apply(DataReader.read(f), "loss");
        assertEquals(3, d.size());
        assertArrayEquals(new double[] {1e9, 2e9, 8e9}, d.numeric("N"));
        assertArrayEquals(new double[] {1e9, 1e10, 1e10}, d.numeric("D"), 1e-3);
        Dataset e = new DataRecipe().derive("logN=log10(\"Model Size\")").apply(DataReader.read(f), "loss");
        assertEquals(9, e.numeric("logN")[0], 1e-12);
        assertTrue(assertThrows(FitException.class, () -> new DataRecipe().derive("x=nope*2").apply(DataReader.read(f), "loss"))
                .getMessage().contains("no column 'nope'"));
        assertTrue(assertThrows(FitException.class, () -> new DataRecipe().derive("no equals sign")).getMessage().contains("NAME=EXPRESSION"));
        assertTrue(assertThrows(FitException.class, () -> DataRecipe.preset("nope")).getMessage().contains("chinchilla-epoch"));
        assertTrue(assertThrows(FitException.class, () -> new DataRecipe().alias("N", "Size").apply(DataReader.read(f), "loss"))
                .getMessage().contains("no column 'Size'"));
    }

    @Test
    void ptqPresetKeepsPtqRecordsAndMapsTheirMetrics() throws Exception {
        Path f = dir.resolve("store.jsonl");
        Files.writeString(f, """
                {"kind":"train","metrics":{"N":25472,"D":800768,"val_loss":2.3}}
                {"kind":"ptq","metrics":{"N":25472,"D":50176,"bits":2,"P_post":2,"method":"rtn","delta_loss":0.004}}
                {"kind":"ptq","metrics":{"N":25472,"D":800768,"bits":3,"P_post":3,"method":"gptq","delta_loss":0.001}}
                {"kind":"ptq","metrics":{"N":100096,"D":800768,"bits":8,"P_post":8,"method":"gptq","delta_loss":-0.00001}}
                """);
        Dataset d = DataRecipe.preset("exmy-ptq").apply(DataReader.read(f), "delta_loss");
        assertEquals(3, d.size());
        assertArrayEquals(new double[] {2, 3, 8}, d.numeric("bits"));
        assertArrayEquals(new double[] {50176, 800768, 800768}, d.numeric("D"));
        assertTrue(DataRecipe.preset("exmy-ptq").dropsNonPositive(), "delta_loss <= 0 cannot enter the log fit");
        Dataset g = DataRecipe.preset("exmy-ptq").overrideWith(new DataRecipe().where("metrics.method=gptq"))
                .apply(DataReader.read(f), "delta_loss");
        assertArrayEquals(new double[] {3, 8}, g.numeric("bits"));
        assertEquals(1, new DataRecipe().where("metrics.bits", "3").apply(DataReader.read(f), "x").size());
        assertTrue(assertThrows(FitException.class, () -> new DataRecipe().where("metrics.bits", "three")
                .apply(DataReader.read(f), "x")).getMessage().contains("numeric"));
        assertTrue(assertThrows(FitException.class, () -> new DataRecipe().where("nope=1")
                .apply(DataReader.read(f), "x")).getMessage().contains("no column 'nope'"));
        assertTrue(assertThrows(FitException.class, () -> new DataRecipe().where("noequals")).getMessage().contains("COLUMN=VALUE"));
        assertTrue(assertThrows(FitException.class, () -> new DataRecipe().where(">=3")).getMessage().contains("COLUMN=VALUE"));
    }

    @Test
    void whereComparesNumbersAndExcludesValues() throws Exception {
        Path f = dir.resolve("store.jsonl");
        Files.writeString(f, """
                {"kind":"ptq","metrics":{"D":400384,"bits":2,"method":"rtn"}}
                {"kind":"ptq","metrics":{"D":1600512,"bits":3,"method":"gptq"}}
                {"kind":"ptq","metrics":{"D":6400000,"bits":8,"method":"gptq"}}
                {"kind":"ptq","metrics":{"bits":4,"method":"rtn"}}
                """);
        java.util.function.Function<String[], double[]> bits = conditions -> {
            DataRecipe r = new DataRecipe();
            for (String c : conditions) {
                r.where(c);
            }
            return r.apply(DataReader.read(f), "x").numeric("metrics.bits");
        };
        assertArrayEquals(new double[] {3, 8}, bits.apply(new String[] {"metrics.D>=1600000"}));
        assertArrayEquals(new double[] {2}, bits.apply(new String[] {"metrics.D<1600512"}));
        assertArrayEquals(new double[] {3}, bits.apply(new String[] {"metrics.D<=1600512", "metrics.D>400384"}));
        assertArrayEquals(new double[] {2, 3, 4}, bits.apply(new String[] {"metrics.bits!=8"}));
        assertArrayEquals(new double[] {2, 4}, bits.apply(new String[] {"metrics.method!=gptq"}));
        assertArrayEquals(new double[] {8}, bits.apply(new String[] {"metrics.bits>4", "metrics.method=gptq"}));
        assertTrue(assertThrows(FitException.class, () -> bits.apply(new String[] {"metrics.method>a"})).getMessage()
                .contains("not numeric; compare it with = or !="));
    }

    /** The shape of ../shared/data/quartet2_runs.json: an object mapping each recipe to its runs. */
    @Test
    void jsonOfNamedGroupsGivesEachRecordItsGroup() throws Exception {
        Path f = dir.resolve("runs.json");
        Files.writeString(f, """
                {"baseline": [{"N": 30482560, "D": 749993984, "final_loss": 3.42, "fquant": null, "ffour_over_six": false}],
                 "nvidia": [{"N": 30482560, "D": 749993984, "final_loss": 3.48, "fquant": null, "ffour_over_six": true},
                            {"N": 49556736, "D": 1499987968, "final_loss": 3.31, "bgroup_dim": 16}]}
                """);
        Dataset d = DataReader.read(f);
        assertEquals(3, d.size());
        assertArrayEquals(new String[] {"baseline", "nvidia", "nvidia"}, d.categorical(DataReader.GROUP));
        assertArrayEquals(new double[] {0, 1, Double.NaN}, d.numeric("ffour_over_six"));
        assertTrue(Double.isNaN(d.numeric("bgroup_dim")[0]) && d.numeric("bgroup_dim")[2] == 16, "absent fields are missing");
        Dataset q = DataRecipe.preset("quartet2").overrideWith(new DataRecipe().where("recipe=nvidia")).apply(d, "loss");
        assertEquals(2, q.size());
        assertArrayEquals(new double[] {3.48, 3.31}, q.numeric("loss"));
        assertArrayEquals(new String[] {"nvidia", "nvidia"}, q.categorical("recipe"));
    }

    @Test
    void jsonArrayOfRecordsAndShapesItCannotRead() throws Exception {
        Path f = dir.resolve("a.json");
        Files.writeString(f, "[{\"N\": 1e8, \"loss\": 3.1}, {\"N\": 2e8, \"loss\": 2.9}]");
        assertArrayEquals(new double[] {1e8, 2e8}, DataReader.read(f).numeric("N"));
        Files.writeString(f, "{\"baseline\": {\"N\": 1}}");
        assertTrue(assertThrows(FitException.class, () -> DataReader.read(f)).getMessage().contains("not an array of records"));
        Files.writeString(f, "{\"a\": [{\"group\": \"x\"}]}");
        assertTrue(assertThrows(FitException.class, () -> DataReader.read(f)).getMessage().contains("has a field 'group'"));
        Files.writeString(f, "[1, 2]");
        assertTrue(assertThrows(FitException.class, () -> DataReader.read(f)).getMessage().contains("expected a JSON object"));
        Files.writeString(f, "3");
        assertTrue(assertThrows(FitException.class, () -> DataReader.read(f)).getMessage().contains("neither"));
        Files.writeString(f, "{\"a\": [");
        assertTrue(assertThrows(FitException.class, () -> DataReader.read(f)).getMessage().contains("not valid JSON"));
        Files.writeString(f, "[]");
        assertTrue(assertThrows(FitException.class, () -> DataReader.read(f)).getMessage().contains("no records"));
    }
}
