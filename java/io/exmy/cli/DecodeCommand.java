package io.exmy.cli;

import io.exmy.backend.Backend;
import io.exmy.backend.Checks;
import io.exmy.format.CodeLayout;
import io.exmy.format.Format;
import io.exmy.io.NpyArray;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode uint8 codes (as written by `exmy cast --codes`) to float32.")
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
        NpyArray c = NpyFiles.readBytes(in);
        long rows = c.rows();
        long n = cols != null ? cols : c.cols() * format.codesPerByte();
        if (CodeLayout.bytesPerRow(format, n) != c.cols()) {
            throw new UserError("--cols " + n + " needs " + CodeLayout.bytesPerRow(format, n) + " bytes per row, but "
                    + in + " has " + c.cols());
        }
        long[] shape = c.shape().length == 0 ? new long[0] : c.shape().clone();
        if (shape.length > 0) {
            shape[shape.length - 1] = n;
        }
        try (Backend b = backend.open()) {
            NpyFiles.write(out, NpyArray.ofFloats(b.decode(c.u8(), rows, n, format), shape));
        }
        return 0;
    }
}
