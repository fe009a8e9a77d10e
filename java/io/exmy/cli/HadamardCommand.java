package io.exmy.cli;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.block.BlockShape;
import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.UserError;
import io.exmy.cli.common.WritesFiles;
import io.exmy.io.NpyArray;
import io.exmy.transform.HadamardSpec;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "hadamard", mixinStandardHelpOptions = true,
        description = {"Randomized Hadamard transform of a 2-D float32 .npy tensor (1-D: one row), in blocks of "
                + "--block elements along --axis: y = (1/sqrt(n))·H·diag(s)·x per block (--inverse: "
                + "x = diag(s)·(1/sqrt(n))·H·y), the butterfly in a fixed order, bit-identical on every backend. "
                + "See docs/FORMATS.md, \"Hadamard transform\"."})
final class HadamardCommand implements Callable<Integer>, WritesFiles {
    @Mixin
    BackendOption backend;

    @Range(min = 2, max = 256, what = "a power of two")
    @Option(names = "--block", paramLabel = "N", defaultValue = "16",
            description = "Transform size, a power of two from 2 to 256 (default ${DEFAULT-VALUE}); it must divide the axis.")
    int block;

    @Option(names = "--axis", paramLabel = "row|col", defaultValue = "row",
            description = "row: blocks of N consecutive elements of a row (the last dimension); col: down columns. "
                    + "Default ${DEFAULT-VALUE}.")
    String axis;

    @Option(names = "--signs", paramLabel = "te|plain|seed=S|signs=HEX",
            description = "The random sign vector: te (Transformer Engine's fixed 16-entry vector; the default for "
                    + "--block 16), plain (all +1; the default otherwise), seed=S (SplitMix64), or signs=HEX "
                    + "(bit i set = sign i is -1).")
    String signs;

    @Option(names = "--inverse", description = "Apply the inverse (= transposed) transform.")
    boolean inverse;

    @Parameters(index = "0", paramLabel = "IN.npy", description = "float32 input, 2-D (rows, cols) or 1-D, C order")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT.npy", description = "the transformed float32 output (written atomically)")
    Path out;

    @Override
    public void declare(CommandFiles files) {
        files.reads("IN.npy", in).writes("OUT.npy", out);
    }

    @Override
    public Integer call() throws Exception {
        HadamardSpec spec;
        try {
            spec = HadamardSpec.parse(block + (signs == null ? "" : "/" + signs) + (inverse ? "/inverse" : ""));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        BlockShape.Axis a = switch (axis.toLowerCase(Locale.ROOT)) {
            case "row" -> BlockShape.Axis.ROW;
            case "col" -> BlockShape.Axis.COL;
            default -> throw new UserError("--axis must be row or col, got '" + axis + "'");
        };
        NpyArray x = NpyFiles.readFloats(in);
        long[] shape = x.shape();
        if (shape.length != 1 && shape.length != 2) {
            throw new UserError(in + " has shape " + x.shapeString() + "; the transform takes a 2-D (rows, cols) "
                    + "tensor or a 1-D row: reshape it first (numpy: x.reshape(-1, x.shape[-1]))");
        }
        long rows = shape.length == 1 ? 1 : shape[0];
        long cols = shape[shape.length - 1];
        long extent = a == BlockShape.Axis.ROW ? cols : rows;
        if (extent % spec.size() != 0) {
            throw new UserError("--block " + spec.size() + " must divide the " + (a == BlockShape.Axis.ROW
                    ? "row length (" + cols + " columns)" : "column length (" + rows + " rows)") + " of " + in
                    + " (shape " + x.shapeString() + "): pad the tensor, or choose a block that divides it");
        }
        try (Backend b = backend.open(); DeviceBuffer buf = b.upload(x.f32())) {
            b.hadamard(buf, buf, rows, cols, a, spec);
            NpyFiles.write(out, NpyArray.ofFloats(b.downloadFloats(buf), shape));
            System.err.printf("exmy hadamard: %d elements %s, %s along %s -> %s on %s%n", x.elements(), x.shapeString(),
                    spec, a.label, out, b.name());
        }
        return 0;
    }
}
