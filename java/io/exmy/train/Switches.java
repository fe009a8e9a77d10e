package io.exmy.train;

import io.exmy.block.BlockScheme;
import io.exmy.block.BlockShape;
import io.exmy.format.CastSpec;
import io.exmy.format.Compat;
import io.exmy.format.Rounding;
import io.exmy.train.QuantTargets.Operand;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which techniques of a recipe are on. Each switch turns one technique off wherever the recipe uses
 * it — Transformer Engine's {@code disable_rht}, {@code disable_stochastic_rounding} and
 * {@code disable_2d_quantization} — so that a recipe file states its operands once, with everything
 * on, and a switch it has no use for changes nothing.
 */
public record Switches(boolean rht, boolean sr, boolean scale2d) {
    public static final Switches ALL = new Switches(true, true, true);

    /** The switches a recipe may offer: run settings, true (on) unless the recipe says otherwise. */
    public enum Switch {
        RHT("rht", "the Hadamard transforms (none when off)"),
        SR("sr", "stochastic rounding (round to nearest when off)"),
        SCALE_2D("scale_2d", "2-D tiles (blocks of the tile's extent along K when off)");

        public final String key;
        public final String what;

        Switch(String key, String what) {
            this.key = key;
            this.what = what;
        }

        public static Switch parse(String s) {
            for (Switch w : values()) {
                if (w.key.equals(s.toLowerCase(Locale.ROOT))) {
                    return w;
                }
            }
            throw new IllegalArgumentException("unknown switch '" + s + "': use one of "
                    + String.join(", ", Arrays.stream(values()).map(w -> w.key).toList()));
        }
    }

    public boolean on(Switch s) {
        return switch (s) {
            case RHT -> rht;
            case SR -> sr;
            case SCALE_2D -> scale2d;
        };
    }

    public Switches with(Switch s, boolean on) {
        return new Switches(s == Switch.RHT ? on : rht, s == Switch.SR ? on : sr, s == Switch.SCALE_2D ? on : scale2d);
    }

    /**
     * The operand's scheme with the techniques that are off taken out: stochastic rounding becomes
     * the cast's round-to-nearest (ties to even; QPyTorch's ties away under {@code compat=qpytorch}),
     * its seed dropped with it; a 2-D tile becomes blocks of the tile's extent along the operand's K.
     */
    public BlockScheme apply(Operand o, BlockScheme s) {
        BlockScheme out = s;
        if (!sr && s.element().rounding() == Rounding.SR) {
            CastSpec e = s.element();
            out = out.withElement(e.withRounding(e.compat() == Compat.QPYTORCH ? Rounding.RNA : Rounding.RNE).withSeed(0));
        }
        BlockShape sh = s.shape();
        if (!scale2d && sh.axis() == BlockShape.Axis.TILE) {
            out = out.withShape(o.axis == BlockShape.Axis.ROW ? BlockShape.alongRows(sh.cols())
                    : BlockShape.alongCols(sh.rows()));
        }
        return out;
    }
}
