package io.exmy.cli;

import io.exmy.backend.Backend;
import io.exmy.backend.Checks;
import io.exmy.format.CastSpec;
import io.exmy.format.CodeLayout;
import io.exmy.io.NpyArray;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cast", mixinStandardHelpOptions = true,
        description = {"Cast a float32 .npy tensor to an ExMy format.",
            "Writes the fake-quantized float32 tensor, or with --codes the packed uint8 codes (formats of at most "
                    + "8 bits; formats of at most 4 bits pack two codes per byte, low nibble first, each row padded to "
                    + "whole bytes)."})
final class CastCommand implements Callable<Integer> {
    @Mixin
    CastOptions cast;

    @Mixin
    BackendOption backend;

    @Option(names = "--codes", description = "Write uint8 codes instead of float32 values.")
    boolean codes;

    @Parameters(index = "0", paramLabel = "IN.npy", description = "float32 input, any shape, C order")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT.npy", description = "output (written atomically)")
    Path out;

    @Override
    public Integer call() throws Exception {
        CastSpec spec = cast.spec();
        if (codes) {
            Checks.requireCodes(spec.format());
            spec.checkCodes();
        }
        NpyArray x = NpyFiles.readFloats(in);
        try (Backend b = backend.open()) {
            NpyArray y;
            if (codes) {
                byte[] c = b.encode(x.f32(), x.rows(), x.cols(), spec);
                long[] shape = x.shape().clone();
                if (shape.length > 0) {
                    shape[shape.length - 1] = CodeLayout.bytesPerRow(spec.format(), x.cols());
                }
                y = NpyArray.ofBytes(c, shape);
            } else {
                y = NpyArray.ofFloats(b.cast(x.f32(), spec), x.shape());
            }
            NpyFiles.write(out, y);
            System.err.printf("exmy cast: %d elements %s -> %s (%s) on %s%n", x.elements(), x.shapeString(),
                    codes ? "codes" : "float32", spec, b.name());
        }
        return 0;
    }
}
