package io.exmy.cli;

import io.exmy.backend.Backend;
import io.exmy.backend.Checks;
import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.UserError;
import io.exmy.cli.common.WritesFiles;
import io.exmy.format.CodeLayout;
import io.exmy.format.Format;
import io.exmy.io.NpyReader;
import io.exmy.io.OutputBatch;
import io.exmy.stream.StreamCast;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decode uint8 codes (as written by `exmy cast --codes`) to float32.", NpyFiles.STREAMED + "."})
final class DecodeCommand implements Callable<Integer>, WritesFiles {
    @Option(names = {"-f", "--format"}, required = true, paramLabel = "F", description = "Format of the codes.")
    Format format;

    @Range(min = 1, what = "values per row")
    @Option(names = "--cols", paramLabel = "N",
            description = "Values per row, for two-codes-per-byte formats whose rows have an odd length "
                    + "(default: two per byte of the last dimension).")
    Long cols;

    @Mixin
    BackendOption backend;

    @Parameters(index = "0", paramLabel = "CODES.npy")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT.npy")
    Path out;

    @Override
    public void declare(CommandFiles files) {
        files.reads("CODES.npy", in).writes("OUT.npy", out);
    }

    @Override
    public Integer call() throws Exception {
        Checks.requireCodes(format);
        try (NpyReader c = NpyFiles.openBytes(in)) {
            boolean scalar = c.shape().length == 0;
            long n = cols != null ? cols : scalar ? 1 : c.cols() * format.codesPerByte();
            if (CodeLayout.bytesPerRow(format, n) != c.cols() || scalar && n != 1) {
                throw new UserError("--cols " + n + " needs " + CodeLayout.bytesPerRow(format, n) + " bytes per row, but "
                        + in + " has " + (scalar ? "one code (a scalar)" : c.cols()));
            }
            try (OutputBatch batch = NpyFiles.stage(out); Backend b = backend.open()) {
                NpyFiles.io(() -> {
                    StreamCast.decode(b, c, n, format, batch, out, NpyFiles.BUDGET);
                    batch.commit();
                });
            }
        }
        return 0;
    }
}
