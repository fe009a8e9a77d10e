package io.exmy.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Corpora named in configurations: {@code sotu} (the default), {@code file:PATH} (any local file),
 * or {@code synthetic[:symbols=S,order=K,spread=X,length=N,seed=R]} (defaults 8, 2, 1.5, 2000000, 0).
 */
public final class CorpusSpec {
    private CorpusSpec() {
    }

    /** The canonical text of a spec (defaults filled in), or IllegalArgumentException saying what is wrong. */
    public static String canonical(String spec) {
        return open(spec).id();
    }

    public static Corpus open(String spec) {
        String s = spec.trim();
        if (s.equalsIgnoreCase("sotu")) {
            return new SotuCorpus();
        }
        if (s.startsWith("file:")) {
            String p = s.substring(5);
            if (p.isBlank()) {
                throw new IllegalArgumentException("corpus 'file:' needs a path, e.g. file:/data/text.txt");
            }
            return new TextFileCorpus(Path.of(p));
        }
        if (s.toLowerCase(Locale.ROOT).startsWith("synthetic")) {
            Map<String, String> kv = new LinkedHashMap<>(Map.of("symbols", "8", "order", "2", "spread", "1.5",
                    "length", "2000000", "seed", "0"));
            String rest = s.substring("synthetic".length());
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("write synthetic:key=value,... (got '" + spec + "')");
                }
                for (String part : rest.substring(1).split(",")) {
                    int eq = part.indexOf('=');
                    String k = eq < 0 ? part : part.substring(0, eq).trim();
                    if (eq < 0 || !kv.containsKey(k)) {
                        throw new IllegalArgumentException("synthetic corpus setting '" + part + "': use key=value with"
                                + " keys symbols, order, spread, length, seed");
                    }
                    kv.put(k, part.substring(eq + 1).trim());
                }
            }
            try {
                return new SyntheticCorpus(Integer.parseInt(kv.get("symbols")), Integer.parseInt(kv.get("order")),
                        Double.parseDouble(kv.get("spread")), Integer.parseInt(kv.get("length")),
                        Long.parseLong(kv.get("seed")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("synthetic corpus '" + spec + "': " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("unknown corpus '" + spec + "': use sotu, file:PATH or"
                + " synthetic[:symbols=8,order=2,spread=1.5,length=2000000,seed=0]");
    }
}
