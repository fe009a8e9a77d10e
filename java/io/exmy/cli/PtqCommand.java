package io.exmy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.UserError;
import io.exmy.cli.common.WritesFiles;
import io.exmy.ptq.PtqKind;
import io.exmy.results.Json;
import io.exmy.results.ResultsStore;
import io.exmy.results.StoreException;
import io.exmy.sweep.ProgressReporter;
import io.exmy.sweep.RunAttempt;
import io.exmy.sweep.RunConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ptq", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Post-training quantization of a trained model snapshot (exmy train --save-at): every linear "
                + "layer's weights to an integer grid by round-to-nearest or GPTQ; the validation loss before and after "
                + "on the same tokens is appended as a record (N, D, method, bits, group, loss before/after, delta_loss) "
                + "to the results store. A run whose record exists is not repeated. Details: docs/PTQ.md.",
            "Examples:",
            "  exmy ptq exmy-results/models/RUN/tokens-000000800768.snapshot --method gptq --format int3",
            "  exmy ptq SNAPSHOT --method rtn --format int4 --group 128 --sym",
            "  exmy ptq SNAPSHOT --method gptq --format int4 --act-order --calib-seqs 256 --save-codes"})
final class PtqCommand implements Callable<Integer>, WritesFiles {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "a model snapshot (STORE/models/RUN/tokens-D.snapshot)")
    Path checkpoint;

    @Option(names = "--method", paramLabel = "M", description = "rtn or gptq (default gptq)") String method;

    @Option(names = {"--format", "--elem"}, paramLabel = "FORMAT",
            description = "integer grid: int2 … int8 (b = 2 … 8 bits; default int4)")
    String format;

    @Range(min = 1, max = 1 << 20, what = "input columns per group")
    @Option(names = "--group", paramLabel = "G",
            description = "a scale and zero point per group of G input columns (e.g. 32, 64, 128); default: per output channel")
    Integer group;

    @Option(names = "--sym", description = "symmetric grid (zero point 2^(b-1))") boolean sym;
    @Option(names = "--asym", description = "asymmetric grid with a zero point per group (default)") boolean asym;
    @Option(names = "--act-order", description = "GPTQ: columns in order of decreasing Hessian diagonal") boolean actOrder;

    @Range(min = 1, max = 1_000_000, what = "calibration windows")
    @Option(names = "--calib-seqs", paramLabel = "S",
            description = "GPTQ calibration windows from the training split (default 128)")
    Integer calibSeqs;

    @Range(min = 0, max = 1, what = "a fraction of the mean Hessian diagonal")
    @Option(names = "--damp", paramLabel = "F", description = "GPTQ damping, a fraction of the mean Hessian diagonal (default 0.01)")
    Double damp;

    @Range(min = 1, max = 1_000_000, what = "validation batches")
    @Option(names = "--eval-batches", paramLabel = "K", description = "validation batches (default: the training run's)")
    Integer evalBatches;

    @Option(names = "--save-codes", description = "write each layer's codes, scales and zero points (.npy) into STORE/models/ID/")
    boolean saveCodes;

    @Option(names = "--backend", paramLabel = "B",
            description = "auto (default: cuda, else host, else java), java, host, cuda, emu")
    String backend;

    @Option(names = "--store", paramLabel = "DIR", defaultValue = ResultsStore.DEFAULT_DIR,
            description = "results store (default: ${DEFAULT-VALUE})")
    Path storeDir;

    @Override
    public void declare(CommandFiles files) {
        files.reads("CHECKPOINT", checkpoint).writesStore("--store", storeDir);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (sym && asym) {
            throw new UserError("--sym and --asym exclude each other: choose one");
        }
        if (!Files.isRegularFile(checkpoint)) {
            throw new UserError("checkpoint " + checkpoint + " does not exist or is not a file (snapshots are written by"
                    + " exmy train --save-at into STORE/models/RUN/)");
        }
        ResultsStore store;
        try {
            store = ResultsStore.openOrCreate(storeDir);
        } catch (StoreException e) {
            throw new UserError(e.getMessage(), e);
        }
        ObjectNode raw = Json.object();
        Path abs = checkpoint.toAbsolutePath().normalize();
        // inside the store, the path relative to it: the run id does not depend on where the store lies
        raw.put("checkpoint", abs.startsWith(store.dir()) ? store.dir().relativize(abs).toString() : abs.toString());
        if (method != null) {
            raw.put("method", method);
        }
        if (format != null) {
            raw.put("format", format);
        }
        if (group != null) {
            raw.put("group", group);
        }
        raw.put("sym", sym);
        raw.put("act_order", actOrder);
        if (calibSeqs != null) {
            raw.put("calib_seqs", calibSeqs);
        }
        if (damp != null) {
            raw.put("damp", damp);
        }
        if (evalBatches != null) {
            raw.put("eval_batches", evalBatches);
        }
        if (backend != null) {
            raw.put("backend", backend);
        }
        raw.put("save_codes", saveCodes);
        RunConfig rc = RunConfig.of(PtqKind.NAME, new PtqKind().normalize(raw));
        err.printf("ptq: run %s into %s%n", rc.id(), store.dir());
        err.flush();
        RunAttempt.Result r = RunAttempt.execute(rc, store, new Notes(err));
        switch (r.outcome()) {
            case FAILED -> {
                if (r.error() instanceof ArithmeticException e) { // GPTQ's Cholesky: the message says what to change
                    throw new UserError(e.getMessage(), e);
                }
                throw RunFailures.of("ptq", rc.id(), r.error());
            }
            case ALREADY_DONE -> err.printf("ptq: run %s is already recorded; nothing to do%n", rc.id());
            case LOST_RACE -> err.printf("ptq: run %s was recorded by another process meanwhile%n", rc.id());
            case RECORDED -> err.printf(Locale.ROOT, "ptq: recorded run %s (%.1f s)%n", rc.id(), r.seconds());
            default -> throw new IllegalStateException();
        }
        store.record(rc.id()).ifPresent(rec -> {
            JsonNode m = rec.metrics();
            out.printf(Locale.ROOT, "run %s: N=%d D=%d %s %d bits group %d: loss %.5f -> %.5f (delta %.5f)%n", rec.id(),
                    m.path("N").asLong(), m.path("D").asLong(), m.path("method").asText(), m.path("bits").asInt(),
                    m.path("group").asInt(), m.path("loss_before").asDouble(), m.path("loss_after").asDouble(),
                    m.path("delta_loss").asDouble());
        });
        out.flush();
        return 0;
    }

    private record Notes(PrintWriter err) implements ProgressReporter {
        @Override
        public void total(long units, String unitName) {
        }

        @Override
        public void done(long units) {
        }

        @Override
        public void note(String text) {
            err.println("ptq: " + text);
            err.flush();
        }
    }
}
