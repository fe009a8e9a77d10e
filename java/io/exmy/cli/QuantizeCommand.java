package io.exmy.cli;

import io.exmy.backend.Backend;
import io.exmy.backend.BlockArrays;
import io.exmy.block.BlockCodes;
import io.exmy.block.BlockGrid;
import io.exmy.block.BlockScheme;
import io.exmy.format.CodeLayout;
import io.exmy.io.NpyArray;
import java.nio.file.Files;
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
                    + "--tensor-scale for the float32 tensor decode scale. See docs/FORMATS.md, \"Block scaling\"."})
final class QuantizeCommand implements Callable<Integer> {
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
        for (Path p : new Path[] {out, codes, scales, tensorScale}) {
            requireDirectory(p);
        }
        NpyArray x = NpyFiles.readFloats(in);
        long[] shape = x.shape();
        if (shape.length != 1 && shape.length != 2) {
            throw new UserError(in + " has shape " + x.shapeString() + "; block quantization takes a 2-D (rows, cols) "
                    + "tensor or a 1-D row: reshape it first (numpy: x.reshape(-1, x.shape[-1]))");
        }
        long rows = shape.length == 1 ? 1 : shape[0];
        long cols = shape[shape.length - 1];
        try (Backend b = backend.open()) {
            float[] y = BlockArrays.fakeQuantize(b, x.f32(), rows, cols, 0, s);
            BlockCodes c = codes != null ? BlockArrays.quantize(b, x.f32(), rows, cols, 0, s) : null;
            NpyFiles.write(out, NpyArray.ofFloats(y, shape));
            if (c != null) {
                BlockGrid g = c.grid();
                long bpr = CodeLayout.bytesPerRow(s.element().format(), cols);
                NpyFiles.write(codes, NpyArray.ofBytes(c.codes(), shape.length == 1 ? new long[] {bpr} : new long[] {rows, bpr}));
                long[] scaleShape = shape.length == 1 ? new long[] {g.count()} : new long[] {g.scaleRows(), g.scaleCols()};
                NpyFiles.write(scales, c.scaleCodes() != null ? NpyArray.ofBytes(c.scaleCodes(), scaleShape)
                        : NpyArray.ofFloats(c.scaleValues(), scaleShape));
                if (tensorScale != null) {
                    NpyFiles.write(tensorScale, NpyArray.ofFloats(new float[] {c.tensorScale()}, 1));
                }
            }
            System.err.printf("exmy quantize: %d elements %s -> %s%s on %s%n", x.elements(), x.shapeString(), s,
                    c != null ? " (values, codes and scales)" : "", b.name());
        }
        return 0;
    }

    /** Checks every output's directory up front, so that a bad path leaves no output at all. */
    static void requireDirectory(Path p) {
        if (p == null) {
            return;
        }
        Path dir = p.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserError("cannot write " + p + ": directory " + dir + " does not exist");
        }
    }
}
