package io.exmy.cli;

import io.exmy.backend.Backend;
import io.exmy.block.BlockScheme;
import io.exmy.cli.common.BlockSchemeOptions;
import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.UserError;
import io.exmy.cli.common.WritesFiles;
import io.exmy.io.NpyReader;
import io.exmy.io.OutputBatch;
import io.exmy.stream.StreamQuantize;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Block-scaled quantization of a 2-D float32 .npy tensor (1-D: one row).",
            "Writes the fake-quantized float32 tensor; with --codes and --scales also the packed element codes "
                    + "(uint8, rows packed on their own, two codes per byte low nibble first for formats of at most "
                    + "4 bits) and the block scales (uint8 codes for e8m0 and ExMy scales of at most 8 bits, float32 "
                    + "otherwise) in the row-major order of the block grid; two-level schemes (nvfp4) also need "
                    + "--tensor-scale for the float32 tensor decode scale. See docs/FORMATS.md, \"Block scaling\".",
            NpyFiles.STREAMED + "; a chunk holds whole blocks, so it grows to one block-row where that is larger "
                    + "(bN/col: N rows; RxC tiles: R rows; per-row and per-column scales: one row). Per-column, "
                    + "per-tensor and two-level schemes read the input twice (amaxes first). See docs/FORMATS.md, "
                    + "\"Large arrays\"."})
final class QuantizeCommand implements Callable<Integer>, WritesFiles {
    @Mixin
    BlockSchemeOptions schemeOptions;

    @Mixin
    BackendOption backend;

    @Option(names = "--codes", paramLabel = "C.npy", description = "Also write the element codes here.")
    Path codes;

    @Option(names = "--scales", paramLabel = "S.npy", description = "Also write the block scales here (with --codes).")
    Path scales;

    @Option(names = "--tensor-scale", paramLabel = "T.npy", description = "Also write the tensor scale here (two-level schemes, with --codes).")
    Path tensorScale;

    @Parameters(index = "0", paramLabel = "IN.npy", description = "float32 input, 2-D (rows, cols) or 1-D, C order")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT.npy", description = "the fake-quantized float32 output (written atomically)")
    Path out;

    @Override
    public void declare(CommandFiles files) {
        files.reads("IN.npy", in).writes("OUT.npy", out).writes("--codes", codes).writes("--scales", scales)
                .writes("--tensor-scale", tensorScale);
    }

    @Override
    public Integer call() throws Exception {
        BlockScheme s = schemeOptions.scheme();
        if ((codes == null) != (scales == null)) {
            throw new UserError("--codes and --scales go together: the codes mean nothing without their scales");
        }
        if (tensorScale != null && !s.tensorScale()) {
            throw new UserError("scheme " + s + " has no tensor scale: drop --tensor-scale");
        }
        if (codes != null && s.tensorScale() && tensorScale == null) {
            throw new UserError("scheme " + s + " has a float32 tensor scale: give --tensor-scale T.npy as well");
        }
        if (codes != null && !s.element().format().hasCodes()) {
            throw new UserError("element format " + s.element().format() + " has " + s.element().format().totalBits()
                    + " bits; codes exist for formats of at most 8 bits: drop --codes and --scales");
        }
        if (codes != null) {
            s.element().checkCodes();
        }
        try (NpyReader x = NpyFiles.openFloats(in)) {
            if (x.shape().length != 1 && x.shape().length != 2) {
                throw new UserError(in + " has shape " + x.header().shapeString() + "; block quantization takes a 2-D "
                        + "(rows, cols) tensor or a 1-D row: reshape it first (numpy: x.reshape(-1, x.shape[-1]))");
            }
            try (OutputBatch batch = NpyFiles.stage(out, codes, scales, tensorScale); Backend b = backend.open()) {
                NpyFiles.io(() -> {
                    StreamQuantize.run(b, x, s, batch, new StreamQuantize.Targets(out, codes, scales, tensorScale),
                            NpyFiles.BUDGET);
                    batch.commit();
                });
                System.err.printf("exmy quantize: %d elements %s -> %s%s on %s%n", x.elements(),
                        x.header().shapeString(), s, codes != null ? " (values, codes and scales)" : "", b.name());
            }
        }
        return 0;
    }
}
