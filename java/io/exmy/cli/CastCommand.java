package io.exmy.cli;

import io.exmy.backend.Backend;
import io.exmy.backend.Checks;
import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.WritesFiles;
import io.exmy.format.CastSpec;
import io.exmy.io.NpyReader;
import io.exmy.io.OutputBatch;
import io.exmy.stream.StreamCast;
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
                    + "whole bytes).",
            NpyFiles.STREAMED + "."})
final class CastCommand implements Callable<Integer>, WritesFiles {
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
    public void declare(CommandFiles files) {
        files.reads("IN.npy", in).writes("OUT.npy", out);
    }

    @Override
    public Integer call() throws Exception {
        CastSpec spec = cast.spec();
        if (codes) {
            Checks.requireCodes(spec.format());
            spec.checkCodes();
        }
        try (NpyReader x = NpyFiles.openFloats(in); OutputBatch batch = NpyFiles.stage(out); Backend b = backend.open()) {
            NpyFiles.io(() -> {
                if (codes) {
                    StreamCast.encode(b, x, batch, out, spec, NpyFiles.BUDGET);
                } else {
                    StreamCast.cast(b, x, batch, out, spec, NpyFiles.BUDGET);
                }
                batch.commit();
            });
            System.err.printf("exmy cast: %d elements %s -> %s (%s) on %s%n", x.elements(), x.header().shapeString(),
                    codes ? "codes" : "float32", spec, b.name());
        }
        return 0;
    }
}
