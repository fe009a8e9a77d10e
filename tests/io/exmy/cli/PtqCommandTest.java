package io.exmy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.exmy.io.Npy;
import io.exmy.io.NpyArray;
import io.exmy.ptq.IntGrid;
import io.exmy.results.Record;
import io.exmy.results.ResultsStore;
import io.exmy.train.ModelSnapshot;
import io.exmy.train.ParameterLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exmy train --save-at} then {@code exmy ptq} end to end on a tiny synthetic run: the
 * record, resumption (a second call computes nothing), the written codes, scales and zero points
 * (they reproduce the model's quantized weights), and mistakes that get a message.
 */
class PtqCommandTest {
    @TempDir
    Path dir;

    @Test
    void quantizesASnapshotAndWritesItsCodes() throws Exception {
        String store = dir.resolve("store").toString();
        SweepCommandTest.Result t = SweepCommandTest.exmy("train", "--model", "nano", "--layers", "1", "--width", "16",
                "--heads", "2", "--context", "16", "--corpus", "synthetic:symbols=8,order=1,length=40000",
                "--batch-size", "4", "--tokens", "1280", "--set", "eval_batches=2", "--backend", "java",
                "--save-at", "640,1280", "--set", "seed=7", "--store", store);
        assertEquals(0, t.exit(), t.toString());
        Path models;
        try (var s = Files.list(Path.of(store, "models"))) {
            models = s.findFirst().orElseThrow();
        }
        Path snap = models.resolve(ModelSnapshot.fileName(640));
        assertTrue(Files.isRegularFile(snap), "snapshot after 640 tokens");

        String[] ptq = {"ptq", snap.toString(), "--method", "gptq", "--format", "int3", "--group", "8", "--act-order",
            "--calib-seqs", "8", "--backend", "java", "--save-codes", "--store", store};
        SweepCommandTest.Result r = SweepCommandTest.exmy(ptq);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("gptq 3 bits group 8"), r.toString());
        List<Record> recs = ResultsStore.open(Path.of(store)).records().stream()
                .filter(x -> x.kind().equals("ptq")).toList();
        assertEquals(1, recs.size());
        Record rec = recs.get(0);
        JsonNode m = rec.metrics();
        assertEquals(640, m.get("D").asLong());
        assertEquals(7, m.get("train_seed").asLong(), "the training run's seed, for fits across seeds");
        assertEquals(3, m.get("bits").asInt());
        assertEquals(m.get("loss_after").asDouble() - m.get("loss_before").asDouble(), m.get("delta_loss").asDouble(), 1e-6); // float losses printed shortest
        assertEquals(8, m.get("calib_seqs").asInt());
        // the path inside the store is kept relative to it
        assertTrue(rec.config().get("checkpoint").asText().startsWith("models/"), rec.config().toString());

        // codes, scales, zero points and group index reproduce the quantized weights of the first QKV projection
        ModelSnapshot s = ModelSnapshot.read(snap);
        ParameterLayout.Tensor qkv = ParameterLayout.of(s.settings().model()).linearWeight(0);
        Path out = Path.of(store, "models", rec.id());
        NpyArray codes = Npy.read(out.resolve(qkv.name() + ".codes.npy"));
        NpyArray scales = Npy.read(out.resolve(qkv.name() + ".scales.npy"));
        NpyArray zeros = Npy.read(out.resolve(qkv.name() + ".zeros.npy"));
        NpyArray gidx = Npy.read(out.resolve(qkv.name() + ".g_idx.npy"));
        int rows = qkv.rows();
        int cols = qkv.cols();
        assertEquals(rows, codes.rows());
        assertEquals(cols / 8, scales.cols());
        double err = 0;
        double step = 0;
        for (int r0 = 0; r0 < rows; r0++) {
            for (int c = 0; c < cols; c++) {
                int g = gidx.u8()[c] & 0xFF;
                IntGrid.Params p = new IntGrid.Params(scales.f32()[r0 * (cols / 8) + g], zeros.u8()[r0 * (cols / 8) + g] & 0xFF);
                float w = IntGrid.value(codes.u8()[r0 * cols + c] & 0xFF, p);
                float orig = s.params()[(int) qkv.offset() + r0 * cols + c];
                err += Math.abs(w - orig);
                step += p.scale();
            }
        }
        // on average within one grid step of the trained weight (GPTQ moves weights by its error feedback)
        assertTrue(err > 0 && err < step, "mean |w - q| " + err / (rows * cols) + ", mean step " + step / (rows * cols));

        r = SweepCommandTest.exmy(ptq);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("already recorded"), r.toString());
    }

    @Test
    void mistakesGetAMessage() {
        SweepCommandTest.Result r = SweepCommandTest.exmy("ptq", dir.resolve("none.snapshot").toString(),
                "--store", dir.resolve("s").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("does not exist"), r.toString());
        r = SweepCommandTest.exmy("ptq", dir.toString(), "--sym", "--asym", "--store", dir.resolve("s").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("exclude each other"), r.toString());
    }
}
