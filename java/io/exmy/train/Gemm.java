package io.exmy.train;

import io.exmy.train.QuantTargets.Operand;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The three GEMMs of a linear layer {@code Y = X·Wᵀ}, by the names recipes use for them: what each
 * sums over (its K) matters to a transform along K, which must fit that extent whole.
 */
public enum Gemm {
    FWD("fwd", "the forward GEMM", "in-features"),
    DGRAD("dgrad", "the input-gradient GEMM", "out-features"),
    WGRAD("wgrad", "the weight-gradient GEMM", "the step's tokens");

    public final String label;
    public final String what;
    /** What K runs over. */
    public final String k;

    Gemm(String label, String what, String k) {
        this.label = label;
        this.what = what;
        this.k = k;
    }

    /** Its two operands, A then B. */
    public List<Operand> operands() {
        return switch (this) {
            case FWD -> List.of(Operand.FWD_X, Operand.FWD_W);
            case DGRAD -> List.of(Operand.DGRAD_DY, Operand.DGRAD_W);
            case WGRAD -> List.of(Operand.WGRAD_DY, Operand.WGRAD_X);
        };
    }

    public static Gemm of(Operand o) {
        return Arrays.stream(values()).filter(g -> g.operands().contains(o)).findFirst().orElseThrow();
    }

    public static Gemm parse(String s) {
        for (Gemm g : values()) {
            if (g.label.equals(s.toLowerCase(Locale.ROOT))) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown GEMM '" + s + "': use fwd, dgrad or wgrad");
    }
}
