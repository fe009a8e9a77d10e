package io.exmy.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a grid into its runs, deterministically: for each explicit run (or once, if there are
 * none) every point of the axes' cartesian product, first axis slowest; each configuration is
 * {@code fixed}, overridden by the explicit run, plus the axis values, then normalized by the
 * run kind. The order, and so each run's index, depends only on the file.
 */
public final class GridExpander {
    /** More runs than this is a typo in a grid, not a plan. */
    public static final long MAX_RUNS = 1_000_000;

    private GridExpander() {
    }

    public static List<PlannedRun> expand(Grid grid) {
        RunKind kind = RunKinds.get(grid.kind());
        Grid.Checker check = grid.checker();
        List<ObjectNode> entries = grid.runs() == null ? List.of(io.exmy.results.Json.object()) : grid.runs();
        List<String> axisKeys = new ArrayList<>(grid.axes().keySet());
        List<List<JsonNode>> axisValues = new ArrayList<>(grid.axes().values());
        long points = 1;
        for (List<JsonNode> v : axisValues) {
            points *= v.size();
            if (points * entries.size() > MAX_RUNS) {
                throw check.error("/axes", "the grid expands to more than " + MAX_RUNS + " runs");
            }
        }

        List<PlannedRun> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int[] pos = new int[axisKeys.size()];
        for (int e = 0; e < entries.size(); e++) {
            ObjectNode entry = entries.get(e);
            for (long p = 0; p < points; p++) {
                decode(p, axisValues, pos);
                ObjectNode cfg = grid.fixed();
                cfg.setAll(entry.deepCopy());
                StringBuilder summary = new StringBuilder();
                entry.properties().forEach(en -> append(summary, en.getKey(), en.getValue()));
                for (int a = 0; a < axisKeys.size(); a++) {
                    JsonNode v = axisValues.get(a).get(pos[a]);
                    cfg.set(axisKeys.get(a), v.deepCopy());
                    append(summary, axisKeys.get(a), v);
                }
                int index = out.size();
                String label = summary.length() == 0 ? "fixed settings" : summary.toString();
                ObjectNode normalized;
                try {
                    normalized = kind.normalize(cfg);
                } catch (ConfigException ex) {
                    String ptr = origin(ex.key(), grid, entry, e, axisKeys, pos);
                    throw check.error(ptr, "run " + index + " (" + label + "): " + ex.getMessage());
                } catch (IllegalArgumentException ex) {
                    throw check.error("", "run " + index + " (" + label + "): " + ex.getMessage());
                }
                RunConfig rc = RunConfig.of(grid.kind(), normalized);
                Integer dup = seen.putIfAbsent(rc.id(), index);
                if (dup != null) {
                    throw check.error(grid.runs() != null ? "/runs/" + e : "/axes", "run " + index + " (" + label
                            + ") is the same run as run " + dup + " (" + out.get(dup).summary() + "), id " + rc.id()
                            + ": once normalized their settings are equal; remove one");
                }
                out.add(new PlannedRun(index, rc, label));
            }
        }
        return out;
    }

    /** Mixed-radix digits of point p, last axis fastest. */
    private static void decode(long p, List<List<JsonNode>> axisValues, int[] pos) {
        for (int a = axisValues.size() - 1; a >= 0; a--) {
            int n = axisValues.get(a).size();
            pos[a] = (int) (p % n);
            p /= n;
        }
    }

    /** Where a setting came from, as a JSON pointer into the grid file. */
    private static String origin(String key, Grid grid, ObjectNode entry, int entryIndex, List<String> axisKeys,
                                 int[] pos) {
        if (key == null) {
            return grid.runs() != null ? "/runs/" + entryIndex : "";
        }
        int a = axisKeys.indexOf(key);
        if (a >= 0) {
            return "/axes/" + key + "/" + pos[a];
        }
        if (entry.has(key)) {
            return "/runs/" + entryIndex + "/" + key;
        }
        if (grid.fixed().has(key)) {
            return "/fixed/" + key;
        }
        return grid.runs() != null ? "/runs/" + entryIndex : "/fixed";
    }

    private static void append(StringBuilder sb, String key, JsonNode v) {
        sb.append(sb.length() == 0 ? "" : " ").append(key).append('=')
                .append(v.isValueNode() ? v.asText() : io.exmy.results.Json.compact(v));
    }
}
