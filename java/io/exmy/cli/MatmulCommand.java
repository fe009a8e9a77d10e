package io.exmy.cli;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.block.BlockScheme;
import io.exmy.cli.common.BlockSchemeOptions;
import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.UserError;
import io.exmy.cli.common.WritesFiles;
import io.exmy.io.NpyArray;
import io.exmy.quantized.QuantizedMatmul;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "matmul", mixinStandardHelpOptions = true,
        description = {"Quantized matrix product of two float32 .npy matrices: C = deq(Qa(A))·deq(Qb(B)), A (M×K) and "
                + "B (K×N) each block-quantized along K with its own scheme, then optionally C quantized.",
            "A scheme's blocks always run along K: `mxfp4` means blocks of 32 along A's rows and down B's columns.",
            "exact: every C[i][j] is the float32 fused-multiply-add chain over k = 0..K-1 from +0 — the same bits on "
                    + "every backend. fast (GPU): BF16 operands on tensor cores through cuBLAS with float32 "
                    + "accumulation, where every dequantized value is exactly a BF16 value; within a bound of exact "
                    + "(docs/FORMATS.md). Where fast cannot run it says why and runs exact."})
final class MatmulCommand implements Callable<Integer>, WritesFiles {
    @Parameters(index = "0", paramLabel = "A.npy", description = "float32, 2-D: M×K")
    Path aPath;

    @Parameters(index = "1", paramLabel = "B.npy", description = "float32, 2-D: K×N")
    Path bPath;

    @Parameters(index = "2", paramLabel = "C.npy", description = "output, float32 M×N (written atomically)")
    Path cPath;

    @Option(names = "--a-scheme", required = true, paramLabel = "S",
            description = "Block scheme of A: a preset (${sys:exmy.help.schemes}), "
                    + "ELEMENT/[bN/]row|col|tensor/SCALE/RULE[/ts][/ROUNDING][/seed=N] or ELEMENT/bRxC/SCALE/RULE (tiles), "
                    + "RULE one of ${sys:exmy.help.rules}, ROUNDING one of ${sys:exmy.help.roundings}; or none.")
    String aScheme;

    @Option(names = "--b-scheme", required = true, paramLabel = "S", description = "Block scheme of B, as --a-scheme.")
    String bScheme;

    @Option(names = "--c-scheme", paramLabel = "S", description = "Quantize C with this scheme (default: none).")
    String cScheme;

    @Option(names = "--mode", defaultValue = "exact", paramLabel = "M",
            description = "exact or fast. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Mixin
    BackendOption backend;

    static long[] matrixShape(String name, Path p, NpyArray x) {
        long[] s = x.shape();
        if (s.length != 2) {
            throw new UserError(name + " (" + p + ") has shape " + x.shapeString() + ": matmul takes 2-D matrices"
                    + " (reshape it, e.g. numpy.reshape(x, (-1, x.shape[-1])))");
        }
        if (s[0] > Integer.MAX_VALUE || s[1] > Integer.MAX_VALUE) {
            throw new UserError(name + " (" + p + ") has shape " + x.shapeString() + ": dimensions above 2^31 - 1");
        }
        return s;
    }

    @Override
    public void declare(CommandFiles files) {
        files.reads("A.npy", aPath).reads("B.npy", bPath).writes("C.npy", cPath);
    }

    @Override
    public Integer call() {
        QuantizedMatmul.Mode m;
        try {
            m = QuantizedMatmul.Mode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new UserError("--mode: " + e.getMessage(), e);
        }
        BlockScheme sa = BlockSchemeOptions.parse("--a-scheme", aScheme);
        BlockScheme sb = BlockSchemeOptions.parse("--b-scheme", bScheme);
        BlockScheme sc = BlockSchemeOptions.parse("--c-scheme", cScheme);
        NpyArray a = NpyFiles.readFloats(aPath);
        NpyArray b = NpyFiles.readFloats(bPath);
        long[] as = matrixShape("A", aPath, a);
        long[] bs = matrixShape("B", bPath, b);
        if (as[1] != bs[0]) {
            throw new UserError("A " + a.shapeString() + " and B " + b.shapeString() + " do not multiply: A has K = "
                    + as[1] + " columns, B has " + bs[0] + " rows; they must be equal");
        }
        int rows = (int) as[0];
        int k = (int) as[1];
        int cols = (int) bs[1];
        if ((long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new UserError("C would have " + rows + "×" + cols + " elements; exmy's file commands write at most"
                    + " 2^31 - 9");
        }
        try (Backend be = backend.open(); QuantizedMatmul qm = new QuantizedMatmul(be);
             DeviceBuffer da = be.upload(a.f32()); DeviceBuffer db = be.upload(b.f32());
             DeviceBuffer dc = be.allocate(DType.F32, (long) rows * cols)) {
            QuantizedMatmul.Outcome o = qm.multiply(da, db, dc, rows, cols, k, sa, sb, sc, m);
            if (o.fallbackReason() != null) {
                System.err.println("exmy matmul: warning: the fast mode cannot run (" + o.fallbackReason()
                        + "); ran the exact mode");
            }
            NpyFiles.write(cPath, NpyArray.ofFloats(be.downloadFloats(dc), rows, cols));
            System.err.printf("exmy matmul: C (%d×%d) = A (%d×%d, %s) · B (%d×%d, %s)%s, %s mode on %s%n", rows, cols,
                    rows, k, label(QuantizedMatmul.alongK(sa, false)), k, cols, label(QuantizedMatmul.alongK(sb, true)),
                    sc == null ? "" : ", C quantized " + sc, o.used(), be.name());
        }
        return 0;
    }

    private static String label(BlockScheme s) {
        return s == null ? "unquantized" : s.toString();
    }
}
