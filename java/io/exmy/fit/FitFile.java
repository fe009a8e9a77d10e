package io.exmy.fit;

import io.exmy.fit.base.FitException;
import io.exmy.fit.law.Law;
import io.exmy.fit.law.Laws;
import io.exmy.fit.solve.Bootstrap;
import io.exmy.fit.solve.FitResult;
import io.exmy.fit.solve.Identification;
import io.exmy.fit.solve.Validation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.exmy.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted law saved as JSON, readable by {@code exmy predict --fit} and {@code exmy derive --fit}:
 * the law (id and, for user-written laws, the expression), the constants, and the fit's quality
 * and uncertainty so a saved file documents itself.
 */
public final class FitFile {
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FitFile() {
    }

    /** A law with constants as read back from a file. */
    public record Loaded(Law law, double[] constants, String description) {
    }

    public static String toJson(FitResult r) {
        Law law = r.law();
        List<String> names = law.parameterNames();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("exmy_fit_version", VERSION);
        o.put("law", law.id());
        o.put("options", law.options());
        o.put("formula", law.formula());
        o.put("target", law.target());
        o.put("columns", law.columnNames());
        o.put("constants", byName(names, r.estimates()));
        o.put("converged", r.converged());
        if (!r.convergenceNote().isEmpty()) {
            o.put("convergence_note", r.convergenceNote());
        }
        o.put("method", r.method());
        o.put("objective", finite(r.objective()));
        o.put("points", r.points());
        o.put("r2_log", finite(r.r2Log()));
        o.put("rmse_log", finite(r.rmseLog()));
        o.put("grid_size", r.gridSize());
        o.put("starts", r.starts());
        o.put("seed", r.seed());
        Bootstrap.Result b = r.bootstrap();
        if (b != null) {
            Map<String, Object> bo = new LinkedHashMap<>();
            bo.put("replicates", b.replicates());
            bo.put("failed", b.failed());
            bo.put("level", b.level());
            bo.put("seed", b.seed());
            bo.put("resampled", b.resampled());
            Map<String, Object> ci = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                ci.put(names.get(i), java.util.Arrays.asList(finite(b.lower()[i]), finite(b.upper()[i]))); // null: no interval
            }
            bo.put("intervals", ci);
            bo.put("std_error", byName(names, b.stdError()));
            bo.put("median", byName(names, b.median()));
            Identification id = Identification.of(law, b);
            bo.put("identified", id.identified());
            bo.put("identification", id.summary());
            o.put("bootstrap", bo);
        }
        if (r.holdout() != null) {
            o.put("holdout", validation(r.holdout()));
        }
        if (r.loo() != null) {
            o.put("leave_one_out", validation(r.loo()));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("source", r.source());
        data.put("notes", r.notes());
        o.put("data", data);
        o.put("seconds", r.seconds());
        o.put("created", Instant.now().toString());
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Map<String, Object> byName(List<String> names, double[] v) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), finite(v[i]));
        }
        return m;
    }

    private static Map<String, Object> validation(Validation v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train_points", v.trainPoints());
        m.put("test_points", v.testPoints());
        m.put("rmse_log", v.rmseLog());
        m.put("mean_abs_pct_error", v.meanAbsPctError());
        m.put("failed_fits", v.failedFits());
        return m;
    }

    /** Writes a fit atomically, creating its directory (a fit is often saved beside new plots). */
    public static void write(Path path, FitResult r) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            java.nio.file.Files.createDirectories(dir);
        }
        AtomicFiles.writeString(path, toJson(r));
    }

    /**
     * {@code NAME=VALUE} for every constant of a saved fit's whole law that {@code law} fits too
     * (by name), for {@code exmy fit --fix-from}: a second law fitted with the first one's constants
     * held. Values are written exactly (shortest round-trip decimal).
     */
    public static List<String> sharedConstants(Loaded saved, Law law) {
        Law base = Laws.base(saved.law());
        double[] full = Laws.fullConstants(saved.law(), saved.constants());
        List<String> names = base.parameterNames(), free = law.parameterNames();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (free.contains(names.get(i))) {
                out.add(names.get(i) + "=" + full[i]);
            }
        }
        if (out.isEmpty()) {
            throw new FitException(saved.description() + " (law " + base.id() + ", constants " + names
                    + ") shares no constant with law " + law.id() + " (constants " + free + ")");
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public static Loaded read(Path path) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(path));
        } catch (NoSuchFileException e) {
            throw new FitException("fit file " + path + " does not exist; create one with exmy fit --save " + path);
        } catch (IOException e) {
            throw new FitException("fit file " + path + " is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.has("law") || !root.has("constants")) {
            throw new FitException("fit file " + path + " is not an exmy fit (no 'law' and 'constants'); save one with exmy fit --save");
        }
        int version = root.path("exmy_fit_version").asInt(VERSION);
        if (version > VERSION) {
            throw new FitException("fit file " + path + " has version " + version + "; this exmy reads up to " + VERSION);
        }
        Map<String, Object> options = JSON.convertValue(root.path("options"), Map.class);
        Law law = Laws.fromSaved(root.get("law").asText(), options == null ? Map.of() : options);
        JsonNode cs = root.get("constants");
        List<String> names = law.parameterNames();
        double[] c = new double[names.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            JsonNode v = cs.get(names.get(i));
            if (v == null || !v.isNumber()) {
                missing.add(names.get(i));
            } else {
                c[i] = v.asDouble();
            }
        }
        if (!missing.isEmpty()) {
            throw new FitException("fit file " + path + " lacks constants " + missing + " of law " + law.id());
        }
        if (root.has("converged") && !root.get("converged").asBoolean()) {
            throw new FitException("fit file " + path + " holds a fit that did not converge ("
                    + root.path("convergence_note").asText() + "); refit before using it");
        }
        return new Loaded(law, c, "fit " + path);
    }
}
