package io.exmy.experiment;

import io.exmy.compare.PairedComparison;
import com.fasterxml.jackson.databind.JsonNode;
import io.exmy.fit.data.DataReader;
import io.exmy.fit.data.Dataset;
import io.exmy.fit.Derivations;
import io.exmy.fit.FitFile;
import io.exmy.fit.FitTables;
import io.exmy.fit.solve.Identification;
import io.exmy.fit.Plots;
import io.exmy.fit.law.SunFpLaw;
import io.exmy.fit.Table;
import io.exmy.io.AtomicFiles;
import io.exmy.report.HtmlReport;
import io.exmy.results.Record;
import io.exmy.results.ResultsExport;
import io.exmy.results.ResultsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report of an experiment: its runs, the fitted laws with intervals and plots, and the
 * derived results (best exponent/mantissa split per bit width, critical data size), written as a
 * self-contained {@code index.html} with the raw results, the fits and the configuration beside it.
 */
public final class ExperimentReport {
    private ExperimentReport() {
    }

    /** What the report found, for the command line's summary and for tests. */
    public record Summary(Path index, int runs, List<LawFit> fits, Map<String, String> failedFits) {
    }

    /** The files a report puts at the top of its directory (plots/ and fits/ hold the rest). */
    public static final List<String> FILES = List.of("index.html", "results.jsonl", "results.csv", "experiment.yaml");

    public static Summary write(ExperimentConfig cfg, ResultsStore store, Path out, Map<String, String> facts)
            throws IOException {
        Files.createDirectories(out);
        List<Record> records = store.records();
        HtmlReport html = new HtmlReport("exmy experiment: " + cfg.name());
        Map<String, String> about = new LinkedHashMap<>(facts);
        about.put("runs recorded", Integer.toString(records.size()));
        about.put("results store", store.dir().toAbsolutePath().toString());
        html.facts(about);

        AtomicFiles.write(out.resolve("results.jsonl"), o -> ResultsExport.write(records, ResultsExport.Format.JSONL, o));
        AtomicFiles.write(out.resolve("results.csv"), o -> ResultsExport.write(records, ResultsExport.Format.CSV, o));
        AtomicFiles.writeString(out.resolve("experiment.yaml"), cfg.text());

        List<LawFit> fits = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        Dataset data = records.isEmpty() ? null : DataReader.readStore(store.dir());
        if (data != null) {
            Path plots = out.resolve("plots");
            Files.createDirectories(plots);
            for (ExperimentConfig.FitSpec spec : cfg.fits()) {
                html.heading("Fit: " + spec.law());
                LawFit fit;
                try {
                    fit = LawFit.run(spec, data, cfg.seed(), store.dir().toString());
                } catch (RuntimeException e) {
                    failed.put(spec.law(), e.getMessage());
                    html.paragraph("The " + spec.law() + " fit failed: " + e.getMessage());
                    continue;
                }
                fits.add(fit);
                FitTables.of(fit.result()).forEach(html::table);
                if (!fit.result().converged()) {
                    html.paragraph("Not converged: " + fit.result().convergenceNote() + ". Treat these constants as unreliable.");
                }
                Identification id = Identification.of(fit.law(), fit.result().bootstrap());
                if (id.checked() && !id.identified()) {
                    html.paragraph("Warning: the " + spec.law() + " fit is " + id.summary()
                            + ". Its constants describe these points, not the law; hold the unidentified ones (fix:) "
                            + "or add data that vary what they measure.");
                }
                FitFile.write(out.resolve("fits").resolve(spec.law() + ".json"), fit.result());
                figures(html, fit, plots, cfg);
            }
        }
        if (data != null) {
            comparisons(html, cfg, data);
        }
        html.heading("Runs").table(runsTable(cfg, records));
        html.link("results.csv", "All results (CSV)").link("results.jsonl", "All results (JSON Lines)")
                .link("experiment.yaml", "The experiment's configuration");
        Path index = html.write(out);
        return new Summary(index, records.size(), fits, failed);
    }

    /** The experiment's paired comparisons; one that cannot be made says why instead of failing the report. */
    private static void comparisons(HtmlReport html, ExperimentConfig cfg, Dataset data) {
        for (PairedComparison.Spec spec : cfg.comparisons()) {
            html.heading("Paired comparison: " + spec.by() + " against " + spec.baseline());
            try {
                PairedComparison.Result r = PairedComparison.compare(data, spec);
                html.table(r.table());
                r.notes().forEach(html::paragraph);
            } catch (RuntimeException e) {
                html.paragraph("No comparison: " + e.getMessage());
            }
        }
    }

    private static void figures(HtmlReport html, LawFit fit, Path plots, ExperimentConfig cfg) throws IOException {
        String law = fit.spec().law();
        double[] c = fit.result().estimates();
        Path ovp = plots.resolve(law + "_observed_vs_predicted.png");
        Plots.observedVsPredicted(fit.problem(), c, ovp);
        html.image(ovp.getFileName().toString(), Files.readAllBytes(ovp),
                "Measured against predicted loss, " + law + " law");
        if (fit.law().columnNames().contains("D")) {
            Path vsD = plots.resolve(law + "_loss_vs_D.png");
            Plots.lossVsInput(fit.problem(), c, "D", vsD);
            html.image(vsD.getFileName().toString(), Files.readAllBytes(vsD),
                    "Loss against training tokens D with the fitted curves, " + law + " law");
        }
        if (io.exmy.fit.law.Laws.base(fit.law()) instanceof SunFpLaw) {
            Derivations d = new Derivations(fit.law(), c);
            html.heading("Derived from the fitted " + law + " law");
            html.table(splits(d, cfg.splitBits()));
            Path em = plots.resolve("em_split.png");
            Plots.emSplit(d, 2, 16, em);
            html.image(em.getFileName().toString(), Files.readAllBytes(em),
                    "Best exponent/mantissa split by total bit width (continuous optimum and integer pairs)");
            html.table(criticalData(d, fit, cfg.criticalDataN()));
        }
    }

    static Table splits(Derivations d, List<Integer> bits) {
        Table t = new Table("Best exponent/mantissa split per bit width P = 1 + E + M", "bits", "best format",
                "continuous E", "continuous M", "runner-up E");
        for (int p : bits) {
            Derivations.Split s = d.bestSplit(p);
            t.add(p, s.format(), s.exponent(), s.mantissa(), s.runnerUpE());
        }
        return t;
    }

    /** D_crit for each swept format (E, M, B) at the configured model sizes. */
    static Table criticalData(Derivations d, LawFit fit, List<Double> sizes) {
        List<String> headers = new ArrayList<>(List.of("format (E, M, B)"));
        sizes.forEach(n -> headers.add("D_crit at N = " + io.exmy.fit.base.Formats.number(n, 3)));
        Table t = new Table("Critical data size: beyond it, more data raises the loss", headers.toArray(String[]::new));
        Set<List<Double>> formats = new LinkedHashSet<>();
        List<String> cols = fit.law().columnNames();
        int e = cols.indexOf("E");
        int m = cols.indexOf("M");
        int b = cols.indexOf("B");
        for (int i = 0; i < fit.problem().size(); i++) {
            double[] row = fit.problem().row(i);
            formats.add(List.of(row[e], row[m], row[b]));
        }
        for (List<Double> f : formats) {
            List<Object> row = new ArrayList<>();
            row.add("E" + f.get(0).intValue() + "M" + f.get(1).intValue() + ", B=" + io.exmy.fit.base.Formats.number(f.get(2)));
            for (double n : sizes) {
                row.add(d.criticalData(n, f.get(0), f.get(1), f.get(2)));
            }
            t.add(row.toArray());
        }
        return t;
    }

    /** Orders runs by the swept settings, numbers numerically, in the grid's axis order. */
    private static int compareAxes(Record x, Record y, List<String> axes) {
        for (String a : axes) {
            JsonNode u = x.config().get(a);
            JsonNode v = y.config().get(a);
            int c;
            if (u == null || v == null) {
                c = Boolean.compare(u == null, v == null);
            } else if (u.isNumber() && v.isNumber()) {
                c = Double.compare(u.asDouble(), v.asDouble());
            } else {
                c = u.asText().compareTo(v.asText());
            }
            if (c != 0) {
                return c;
            }
        }
        return x.id().compareTo(y.id());
    }

    /** One row per run: the swept settings (the grid's axes) and the run's scalar metrics. */
    static Table runsTable(ExperimentConfig cfg, List<Record> records) {
        List<String> axes = new ArrayList<>(cfg.sweep().axes().keySet());
        Set<String> metrics = new LinkedHashSet<>();
        for (Record r : records) {
            r.metrics().fields().forEachRemaining(e -> {
                if (e.getValue().isNumber()) {
                    metrics.add(e.getKey());
                }
            });
        }
        List<String> headers = new ArrayList<>(List.of("run"));
        headers.addAll(axes);
        headers.addAll(metrics);
        headers.add("wall s");
        Table t = new Table("Runs (" + records.size() + ")", headers.toArray(String[]::new));
        List<Record> sorted = new ArrayList<>(records);
        sorted.sort((x, y) -> compareAxes(x, y, axes));
        for (Record r : sorted) {
            List<Object> row = new ArrayList<>();
            row.add(r.id());
            for (String a : axes) {
                JsonNode v = r.config().get(a);
                row.add(v == null ? "" : v.isNumber() ? (Object) v.asDouble() : v.asText());
            }
            for (String m : metrics) {
                JsonNode v = r.metrics().get(m);
                row.add(v == null || !v.isNumber() ? "" : (Object) v.asDouble());
            }
            row.add(r.wallSeconds());
            t.add(row.toArray());
        }
        return t;
    }
}
