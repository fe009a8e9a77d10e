package io.exmy.cli.fit;

import io.exmy.cli.common.Range;
import io.exmy.cli.common.UserError;
import io.exmy.fit.Derivations;
import io.exmy.fit.base.Formats;
import io.exmy.fit.law.Law;
import io.exmy.fit.Plots;
import io.exmy.fit.law.SunFpLaw;
import io.exmy.fit.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code exmy derive}: results that follow from a precision-aware law's constants: the best
 * exponent/mantissa split per bit width, the critical data size, and compute-optimal precision.
 */
@Command(name = "derive",
        description = {"Best E/M split, critical data size and compute-optimal precision.",
                "From the FP quantization law (sun) or the precision laws (kumar, kumar-unified): the best",
                "exponent/mantissa split for each bit width, the critical data size D_crit",
                "(--N), and the compute-optimal precision for a budget (--compute) under the",
                "cost model C = k P N D."},
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class DeriveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FitLawSource source;

    @Option(names = "--bits", paramLabel = "LIST", description = "Bit widths P = 1 + E + M for the split, e.g. 4,8,16 or 2-16 (default 2-16).")
    String bits;

    @Option(names = "--N", paramLabel = "N[,N...]", description = "Model sizes for the critical data size.")
    String n;

    @Range(min = 1, max = 8, what = "exponent bits of a floating-point format")
    @Option(names = "--E", paramLabel = "E", description = "Exponent bits for D_crit (default: the best split of each --bits).")
    Integer e;

    @Range(min = 0, max = 23, what = "mantissa bits")
    @Option(names = "--M", paramLabel = "M", description = "Mantissa bits for D_crit (with --E).")
    Integer m;

    @Option(names = "--B", defaultValue = "channel", paramLabel = "B",
            description = "Scaling block size, or 'channel' for channel-wise scaling (log2 B = 13.1567, default).")
    String b;

    @Option(names = "--compute", paramLabel = "C[,C...]", description = "Compute budgets (FLOP) for the compute-optimal precision.")
    String compute;

    @Range(min = 0, minExclusive = true, what = "the cost factor k in C = k P N D")
    @Option(names = "--k", defaultValue = "0.375", paramLabel = "K",
            description = "Cost factor in C = k P N D (default 6/16, so 16-bit training costs the usual 6 N D).")
    double k;

    @Range(min = 2, max = 64, what = "bits")
    @Option(names = "--min-bits", defaultValue = "2", paramLabel = "P", description = "Lowest precision considered for --compute (default 2).")
    int minBits;

    @Range(min = 2, max = 64, what = "bits")
    @Option(names = "--max-bits", defaultValue = "16", paramLabel = "P", description = "Highest precision considered for --compute (default 16).")
    int maxBits;

    @Mixin
    FitOutputOptions output;

    @Override
    public Integer call() throws Exception {
        try (FitOutputOptions o = output) {
            return run();
        }
    }

    private Integer run() throws Exception {
        FitLawSource.Resolved r = source.resolve();
        Law law = r.law();
        Derivations d = new Derivations(law, r.constants());
        boolean sun = io.exmy.fit.law.Laws.base(law) instanceof SunFpLaw;
        List<Table> tables = new ArrayList<>();
        if (!sun && (bits != null || n != null || e != null || m != null)) {
            throw new UserError("--bits, --N, --E and --M need the exponent/mantissa law (--law sun); law "
                    + law.id() + " supports --compute only");
        }
        if (!sun && compute == null) {
            throw new UserError("for law " + law.id() + ", derive computes the compute-optimal precision: give --compute C");
        }
        if ((e == null) != (m == null)) {
            throw new UserError("give --E and --M together");
        }
        List<Integer> widths = FitCliSupport.bits(bits == null ? "2-16" : bits);
        double blockSize = FitCliSupport.value("B", b);
        if (sun) {
            tables.add(splitTable(d, widths, r.description()));
            if (n != null) {
                tables.add(criticalTable(d, widths, blockSize));
            } else if (e != null) {
                throw new UserError("--E/--M are for the critical data size: add --N");
            }
        }
        if (compute != null) {
            tables.addAll(computeTables(d, blockSize, r.description()));
        }
        tables.add(r.table()); // the constants used, after the results
        output.print(tables, spec.commandLine().getOut());
        Path split = sun ? output.plot("em_split.png") : null;
        if (split != null) {
            int lo = widths.stream().min(Integer::compare).orElse(2), hi = widths.stream().max(Integer::compare).orElse(16);
            Plots.emSplit(d, lo, Math.max(hi, lo + 1), split);
        }
        output.commit();
        return 0;
    }

    private Table splitTable(Derivations d, List<Integer> widths, String from) {
        Table t = new Table("Best exponent/mantissa split (" + d.law().id() + ", " + from + ")",
                "bits", "format", "E (continuous)", "M (continuous)", "runner-up", "runner-up quantization term ratio");
        for (int p : widths) {
            Derivations.Split s = d.bestSplit(p);
            String runnerUp = s.runnerUpE() < 0 ? "" : "E" + s.runnerUpE() + "M" + (p - 1 - s.runnerUpE());
            t.add(p, s.format(), s.exponent(), s.mantissa(), runnerUp, s.runnerUpTermRatio());
        }
        return t;
    }

    private Table criticalTable(Derivations d, List<Integer> widths, double blockSize) {
        Table t = new Table("Critical data size (B = " + describeB(blockSize) + ")",
                "N", "format", "D_crit", "D_crit / N", "loss at D_crit");
        for (double size : FitCliSupport.values("N", n)) {
            List<int[]> formats = new ArrayList<>();
            if (e != null) {
                formats.add(new int[] {e, m});
            } else {
                for (int p : widths) {
                    Derivations.Split s = d.bestSplit(p);
                    formats.add(new int[] {s.bestE(), s.bestM()});
                }
            }
            for (int[] f : formats) {
                double dc = d.criticalData(size, f[0], f[1], blockSize);
                double loss = d.loss(size, dc, f[0], f[1], blockSize);
                t.add(size, "E" + f[0] + "M" + f[1], dc, dc / size, loss);
            }
        }
        return t;
    }

    private List<Table> computeTables(Derivations d, double blockSize, String from) throws Exception {
        double floor = d.precisionFloor();
        String omitted = floor > 0 ? "; none at or below " + Formats.number(floor, 4)
                + " bits, where the law has no prediction (N_eff <= 0)" : "";
        Table t = new Table("Compute-optimal precision per bit width (C = k P N D, k = " + Formats.number(k) + ", " + from
                + omitted + ")", "C", "bits", "format", "N", "D", "loss", "best");
        Table cont = new Table("Compute-optimal precision (continuous bits)", "C", "bits", "E", "M", "N", "D", "loss");
        for (double c : FitCliSupport.values("C", compute)) {
            List<Derivations.ComputePoint> pts = d.computeOptimal(c, k, minBits, maxBits, blockSize);
            if (pts.isEmpty()) {
                throw new UserError("no precision from " + minBits + " to " + maxBits + " bits has a prediction" + omitted);
            }
            Derivations.ComputePoint best = pts.get(0);
            for (Derivations.ComputePoint p : pts) {
                if (p.loss() < best.loss()) {
                    best = p;
                }
            }
            for (Derivations.ComputePoint p : pts) {
                t.add(c, p.bits(), p.format(), p.n(), p.d(), p.loss(), p == best ? "*" : "-");
            }
            Derivations.ComputePoint o = d.continuousComputeOptimal(c, k, minBits, maxBits, blockSize);
            cont.add(c, o.bits(), o.e(), o.m(), o.n(), o.d(), o.loss());
            var plot = output.plot("compute_optimal_C" + FitCommand.sanitize(Formats.number(c, 3)) + ".png");
            if (plot != null) {
                Plots.computeOptimal(pts, o, Formats.number(c, 3), plot);
            }
        }
        return List.of(t, cont);
    }

    private static String describeB(double b) {
        return b == SunFpLaw.CHANNEL_B ? "channel-wise, log2 B = " + SunFpLaw.CHANNEL_LOG2_B : Formats.number(b);
    }
}
