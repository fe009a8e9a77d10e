package io.exmy.block;

import java.util.Locale;

/**
 * The arithmetic of a two-level scheme (block scales under a float32 tensor scale), after the library
 * it reproduces: {@link #TE} (Transformer Engine's NVFP4, the default, text {@code ts}) and
 * {@link #TORCHAO} (torchao's NVFP4 with a dynamic per-tensor scale, text {@code ts=torchao}). See
 * {@link TwoLevelScaler}.
 */
public enum TensorScaleRule {
    TE("te"),
    TORCHAO("torchao");

    public final String label;

    TensorScaleRule(String label) {
        this.label = label;
    }

    public static TensorScaleRule parse(String s) {
        for (TensorScaleRule r : values()) {
            if (r.label.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown tensor-scale rule '" + s + "': use ts (Transformer Engine) or ts=torchao");
    }
}
