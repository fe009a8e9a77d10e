package io.exmy.train;

import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.train.QuantTargets.Operand;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code quant_ops} setting, {@code OPERAND=SCHEME;OPERAND=none;…}: per-operand schemes applied
 * over the recipe's, each turned along its operand's K. Parsed once; {@link #toString()} is the
 * canonical text a configuration keeps (operand order, canonical scheme texts), so two spellings of
 * one choice are one run.
 */
public final class QuantOps {
    public static final QuantOps NONE = new QuantOps(new EnumMap<>(Operand.class));

    /** Operand → its scheme, or empty for {@code none} (left unquantized whatever the recipe says). */
    private final EnumMap<Operand, Optional<BlockScheme>> ops;

    private QuantOps(EnumMap<Operand, Optional<BlockScheme>> ops) {
        this.ops = ops;
    }

    public static QuantOps parse(String text) {
        EnumMap<Operand, Optional<BlockScheme>> m = new EnumMap<>(Operand.class);
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("entry '" + part.trim() + "': write OPERAND=SCHEME or OPERAND=none, e.g."
                        + " fwd.x=e4m3/b32/row/e8m0/floor (operands: fwd.x, fwd.w, dgrad.dy, dgrad.w, wgrad.dy, wgrad.x)");
            }
            Operand o = Operand.parse(part.substring(0, eq).trim());
            String scheme = part.substring(eq + 1).trim();
            m.put(o, scheme.equalsIgnoreCase("none") ? Optional.empty()
                    : Optional.of(QuantTargets.schemeFor(o, BlockSchemes.parse(scheme))));
        }
        return new QuantOps(m);
    }

    public Map<Operand, Optional<BlockScheme>> ops() {
        return Collections.unmodifiableMap(ops);
    }

    /** {@code t} with these operands set or cleared. */
    public QuantTargets over(QuantTargets t) {
        QuantTargets out = t;
        for (Map.Entry<Operand, Optional<BlockScheme>> e : ops.entrySet()) {
            out = out.with(e.getKey(), e.getValue().orElse(null));
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        ops.forEach((o, s) -> sb.append(sb.length() == 0 ? "" : ";").append(o.label).append('=')
                .append(s.map(BlockSchemes::format).orElse("none")));
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantOps q && q.ops.equals(ops);
    }

    @Override
    public int hashCode() {
        return ops.hashCode();
    }
}
