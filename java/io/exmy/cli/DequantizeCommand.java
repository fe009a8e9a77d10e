package io.exmy.cli;

import io.exmy.backend.Backend;
import io.exmy.block.BlockGrid;
import io.exmy.block.BlockScheme;
import io.exmy.cli.common.BlockSchemeOptions;
import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.UserError;
import io.exmy.cli.common.WritesFiles;
import io.exmy.format.CodeLayout;
import io.exmy.format.Format;
import io.exmy.io.NpyArray;
import io.exmy.io.NpyReader;
import io.exmy.io.OutputBatch;
import io.exmy.stream.StreamDequantize;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dequantize", mixinStandardHelpOptions = true,
        description = {"Turn block codes and scales (as written by `exmy quantize --codes --scales`) back into float32.",
            NpyFiles.STREAMED + "."})
final class DequantizeCommand implements Callable<Integer>, WritesFiles {
    @Mixin
    BlockSchemeOptions schemeOptions;

    @Mixin
    BackendOption backend;

    @Option(names = "--codes", required = true, paramLabel = "C.npy", description = "The element codes (uint8).")
    Path codes;

    @Option(names = "--scales", required = true, paramLabel = "S.npy", description = "The block scales.")
    Path scales;

    @Option(names = "--tensor-scale", paramLabel = "T.npy", description = "The tensor scale (two-level schemes).")
    Path tensorScale;

    @Range(min = 1, what = "values per row")
    @Option(names = "--cols", paramLabel = "N", description = "Values per row, for formats of at most 4 bits whose rows "
            + "have an odd length (default: two per byte of the last dimension).")
    Long cols;

    @Parameters(index = "0", paramLabel = "OUT.npy", description = "float32 output (written atomically)")
    Path out;

    @Override
    public void declare(CommandFiles files) {
        files.reads("--codes", codes).reads("--scales", scales).reads("--tensor-scale", tensorScale).writes("OUT.npy", out);
    }

    @Override
    public Integer call() throws Exception {
        BlockScheme s = schemeOptions.scheme();
        Format f = s.element().format();
        if (!f.hasCodes()) {
            throw new UserError("element format " + f + " has no codes (more than 8 bits)");
        }
        if (s.tensorScale() != (tensorScale != null)) {
            throw new UserError(s.tensorScale() ? "scheme " + s + " has a tensor scale: give --tensor-scale T.npy"
                    : "scheme " + s + " has no tensor scale: drop --tensor-scale");
        }
        try (NpyReader c = NpyFiles.openBytes(codes); NpyReader sc = NpyFiles.open(scales)) {
            if (c.shape().length != 1 && c.shape().length != 2) {
                throw new UserError(codes + " has shape " + c.header().shapeString()
                        + "; expected (rows, bytes per row) or (bytes,)");
            }
            long rows = c.shape().length == 1 ? 1 : c.shape()[0];
            long bpr = c.cols();
            long n = cols != null ? cols : bpr * f.codesPerByte();
            if (CodeLayout.bytesPerRow(f, n) != bpr) {
                throw new UserError("--cols " + n + " needs " + CodeLayout.bytesPerRow(f, n) + " bytes per row, but "
                        + codes + " has " + bpr);
            }
            BlockGrid g = s.grid(rows, n);
            boolean wantCodes = s.scaleFormat().hasCodes();
            if (sc.isFloat32() == wantCodes) {
                throw new UserError(scales + " holds " + (sc.isFloat32() ? "float32" : "uint8") + " scales, but scale "
                        + "format " + s.scaleFormat() + " stores " + (wantCodes ? "uint8 codes" : "float32 values"));
            }
            if (sc.elements() != g.count()) {
                throw new UserError(scales + " holds " + sc.elements() + " scales; " + rows + "×" + n + " values in blocks"
                        + " of " + s.shape() + " need " + g.count() + " (" + g.scaleRows() + "×" + g.scaleCols() + ")");
            }
            float ts = tensorScale != null ? readTensorScale() : 0f;
            long[] shape = c.shape().length == 1 ? new long[] {n} : new long[] {rows, n};
            try (OutputBatch batch = NpyFiles.stage(out); Backend b = backend.open()) {
                NpyFiles.io(() -> {
                    StreamDequantize.run(b, c, sc, ts, rows, n, s, batch, out, shape, NpyFiles.BUDGET);
                    batch.commit();
                });
            }
        }
        return 0;
    }

    private float readTensorScale() {
        NpyArray t = NpyFiles.readFloats(tensorScale);
        if (t.elements() != 1) {
            throw new UserError(tensorScale + " must hold one float32, it holds " + t.elements());
        }
        return t.f32()[0];
    }
}
