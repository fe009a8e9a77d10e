package io.exmy.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.exmy.compare.PairedComparison;
import io.exmy.fit.Derivations;
import io.exmy.sweep.Grid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.exmy.fit.base.FitException;
import io.exmy.fit.law.Laws;
import java.util.Set;

/**
 * An experiment: the sweep to run (a grid, as in docs/SWEEPS.md), the laws to fit to its results
 * and what to derive from them. Users copy a default (`exmy run --print-config`) and edit it.
 *
 * <pre>
 * name: fp-law-cpu
 * sweep: {kind: train, fixed: {...}, axes: {...}}
 * fits:
 *   - law: sun
 *     bootstrap: 200
 *     columns: {N: metrics.N, D: metrics.D, E: config.E, M: config.M, B: config.B, loss: metrics.loss}
 *     where_not: {config.format: fp32}
 *     fix: {delta: published, nu: 2.95}      # held, not fitted (exmy fit --fix)
 * derive: {bits: [4, 6, 8, 16], critical_data_n: [1e6, 1e9]}
 * compare:                                   # paired comparisons (exmy results compare)
 *   - {by: format, baseline: fp32, pair_on: seed, metric: metrics.val_loss}
 * seed: 1
 * </pre>
 */
public record ExperimentConfig(String name, Grid sweep, List<FitSpec> fits, List<Integer> splitBits,
                               List<Double> criticalDataN, List<PairedComparison.Spec> comparisons, long seed,
                               String text) {

    /** One law to fit: which rows, which columns feed the law's inputs, how many bootstrap fits. */
    public record FitSpec(String law, int bootstrap, Map<String, String> columns, Map<String, String> where,
                          Map<String, String> whereNot, List<String> fix) {
    }

    private static final Set<String> TOP = Set.of("name", "sweep", "fits", "derive", "compare", "seed");
    private static final Set<String> COMPARE_KEYS = Set.of("by", "baseline", "pair_on", "metric", "cells");
    private static final Set<String> FIT_KEYS = Set.of("law", "bootstrap", "columns", "where", "where_not", "fix");

    public static ExperimentConfig load(Path file) {
        try {
            return parse(Files.readString(file), file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("experiment file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read experiment file " + file + ": " + e.getMessage(), e);
        }
    }

    public static ExperimentConfig parse(String text, Path source) {
        return parse(text, source, Map.of());
    }

    /**
     * Parses an experiment, adding {@code sweepDefaults} to the sweep's fixed settings where the
     * file does not set them (the command line's choice of backend, for instance).
     */
    public static ExperimentConfig parse(String text, Path source, Map<String, String> sweepDefaults) {
        JsonNode root;
        try {
            root = io.exmy.results.Json.settingsReader(false).readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(source + " " + io.exmy.results.Json.parseError(e));
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": an experiment is a mapping with keys " + TOP);
        }
        unknownKeys(root, TOP, source + "");
        String name = text(root, "name", source + "", "experiment");
        JsonNode sweepNode = root.get("sweep");
        if (sweepNode == null || !sweepNode.isObject()) {
            throw new IllegalArgumentException(source + ": 'sweep' must be a grid (kind, fixed, axes or runs; see docs/SWEEPS.md)");
        }
        com.fasterxml.jackson.databind.node.ObjectNode sweepCopy = ((com.fasterxml.jackson.databind.node.ObjectNode) sweepNode).deepCopy();
        if (!sweepDefaults.isEmpty()) {
            JsonNode fixed = sweepCopy.get("fixed");
            com.fasterxml.jackson.databind.node.ObjectNode f = fixed != null && fixed.isObject()
                    ? (com.fasterxml.jackson.databind.node.ObjectNode) fixed : sweepCopy.putObject("fixed");
            sweepDefaults.forEach((k, v) -> {
                if (!f.has(k) && !(sweepCopy.has("axes") && sweepCopy.get("axes").has(k))) {
                    f.put(k, v);
                }
            });
        }
        Grid grid = Grid.parse(sweepCopy.toString(), source, true);
        List<FitSpec> fits = new ArrayList<>();
        JsonNode fitsNode = root.get("fits");
        if (fitsNode != null) {
            if (!fitsNode.isArray()) {
                throw new IllegalArgumentException(source + ": 'fits' must be a list of {law: ..., bootstrap: ...}");
            }
            for (JsonNode f : fitsNode) {
                String where = source + ": fits[" + fits.size() + "]";
                unknownKeys(f, FIT_KEYS, where);
                String law = text(f, "law", where, null);
                if (law == null) {
                    throw new IllegalArgumentException(where + ": needs a 'law' (sun, chinchilla, kumar, ouyang, …)");
                }
                int bootstrap = f.has("bootstrap") ? (int) integer(f.get("bootstrap"), where + ".bootstrap", 0, 1_000_000) : 0;
                if (bootstrap < 0 || bootstrap == 1) {
                    throw new IllegalArgumentException(where + ": bootstrap must be 0 or at least 2, got " + bootstrap);
                }
                List<String> fix = pinned(f.get("fix"), where + ".fix");
                try {
                    // Checked now, not after the sweep has run for an hour.
                    Laws.forFit(Laws.builtIn(law), List.of(), fix);
                } catch (FitException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
                }
                fits.add(new FitSpec(law, bootstrap, strings(f.get("columns"), where + ".columns"),
                        strings(f.get("where"), where + ".where"), strings(f.get("where_not"), where + ".where_not"), fix));
            }
        }
        List<Integer> bits = new ArrayList<>(List.of(4, 5, 6, 7, 8, 12, 16));
        List<Double> dcritN = new ArrayList<>(List.of(1e6, 1e8, 1e9));
        JsonNode derive = root.get("derive");
        if (derive != null) {
            unknownKeys(derive, Set.of("bits", "critical_data_n"), source + ": derive");
            if (derive.has("bits")) {
                bits.clear();
                for (JsonNode b : list(derive.get("bits"), source + ": derive.bits")) {
                    bits.add((int) integer(b, source + ": derive.bits", Derivations.MIN_BITS, Derivations.MAX_BITS));
                }
            }
            if (derive.has("critical_data_n")) {
                dcritN.clear();
                for (JsonNode n : list(derive.get("critical_data_n"), source + ": derive.critical_data_n")) {
                    if (!n.isNumber() || !(n.asDouble() > 0) || !Double.isFinite(n.asDouble())) {
                        throw new IllegalArgumentException(source + ": derive.critical_data_n takes model sizes above 0, not "
                                + n);
                    }
                    dcritN.add(n.asDouble());
                }
            }
        }
        long seed = root.has("seed") ? integer(root.get("seed"), source + ": seed", Long.MIN_VALUE, Long.MAX_VALUE) : 1L;
        return new ExperimentConfig(name, grid, fits, bits, dcritN, comparisons(root.get("compare"), source), seed, text);
    }

    private static List<PairedComparison.Spec> comparisons(JsonNode node, Path source) {
        List<PairedComparison.Spec> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        for (JsonNode c : list(node, source + ": compare")) {
            String where = source + ": compare[" + out.size() + "]";
            unknownKeys(c, COMPARE_KEYS, where);
            String by = text(c, "by", where, null);
            String baseline = text(c, "baseline", where, null);
            if (by == null || baseline == null) {
                throw new IllegalArgumentException(where + ": needs 'by' and 'baseline', e.g. {by: format, baseline: fp32}");
            }
            out.add(new PairedComparison.Spec(by, baseline, text(c, "pair_on", where, "seed"),
                    text(c, "metric", where, "metrics.val_loss"),
                    c.has("cells") ? names(c.get("cells"), where + ".cells") : null));
        }
        return out;
    }

    private static List<String> names(JsonNode n, String where) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : list(n, where)) {
            if (!v.isTextual()) {
                throw new IllegalArgumentException(where + " lists column names, not " + v);
            }
            out.add(v.asText());
        }
        return out;
    }

    private static JsonNode list(JsonNode n, String where) {
        if (!n.isArray()) {
            throw new IllegalArgumentException(where + " must be a list, e.g. [4, 8, 16]");
        }
        return n;
    }

    /** An integer setting in [min, max]; a number with a fraction, text or an out-of-range value is refused. */
    private static long integer(JsonNode n, String where, long min, long max) {
        boolean integral = n.isIntegralNumber() ? n.canConvertToLong()
                : n.isNumber() && n.canConvertToExactIntegral() && Math.abs(n.asDouble()) < 0x1p63;
        if (!integral || n.asLong() < min || n.asLong() > max) {
            throw new IllegalArgumentException(where + " takes integers from " + min + " to " + max + ", not " + n);
        }
        return n.asLong();
    }

    private static void unknownKeys(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(where + ": unknown key '" + k + "' (expected one of " + allowed + ")");
            }
        }
    }

    private static String text(JsonNode node, String key, String where, String dflt) {
        JsonNode v = node.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be a plain value");
        }
        return v.asText();
    }

    /**
     * Constants held fixed, as {@code exmy fit --fix} takes them: a mapping {@code {delta: 3.19, nu:
     * published}} or a list {@code [delta, nu]} (a bare name, or {@code published}, is the law's
     * published value).
     */
    private static List<String> pinned(JsonNode node, String where) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> out.add(e.getValue().asText().equals("published") ? e.getKey()
                    : e.getKey() + "=" + e.getValue().asText()));
        } else if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            throw new IllegalArgumentException(where + " must be a mapping {name: value or published} or a list of names");
        }
        return out;
    }

    private static Map<String, String> strings(JsonNode node, String where) {
        Map<String, String> m = new LinkedHashMap<>();
        if (node == null) {
            return m;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be a mapping of column to value");
        }
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }
}
