package io.exmy.block;

import io.exmy.format.CastSpec;
import io.exmy.format.Compat;
import io.exmy.format.Format;
import io.exmy.format.Rounding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Presets and the text form of block schemes.
 *
 * <pre>
 *   ELEMENT / [bN/]AXIS / SCALE / RULE [/ts|/ts=torchao] [/rne|rna|rtz|sr] [/seed=N] [/sat|nosat] [/ftz] [/compat=qpytorch]
 *   ELEMENT / bRxC / SCALE / RULE ...                          two-dimensional R×C tiles (e.g. b16x16)
 *   PRESET [/row|col] [/rne|rna|rtz|sr] [/seed=N] [/sat|nosat] [/ftz] [/compat=qpytorch]
 * </pre>
 *
 * ELEMENT is a format ({@code e2m1}, {@code e3m2:bias=2}, …); {@code bN/row} are blocks of N along each
 * row, {@code bN/col} down each column, {@code row} / {@code col} alone one block per row / column,
 * {@code tensor} one block; SCALE is {@code fp32}, {@code e8m0} or an ExMy format with NaN
 * ({@code e4m3} = {@code ue4m3}, {@code e5m2}, {@code bf16}, …); RULE is {@code floor}, {@code ceil},
 * {@code amax}, {@code rceil}, {@code even} or {@code pceil} ({@link ScaleRule}); {@code ts} adds the
 * float32 tensor scale with Transformer Engine's arithmetic, {@code ts=torchao} with torchao's
 * ({@link TensorScaleRule}). The element cast defaults to RNE and saturating; options override it;
 * {@code compat=qpytorch} makes it QPyTorch's float_quantize (nearest = rna, or sr). Examples: {@code mxfp4}, {@code mxfp8_e4m3/col},
 * {@code nvfp4/sr/seed=7}, {@code e3m2/b32/row/e8m0/floor}, {@code e4m3/row/fp32/amax},
 * {@code e2m1/b16/row/e4m3/amax/ts} (= {@code nvfp4}).
 */
public final class BlockSchemes {
    private static final Map<String, BlockScheme> PRESETS = new LinkedHashMap<>();

    /** OCP MX v1.0 (blocks of 32 along rows, E8M0 scales, floor rule), and NVFP4. */
    public static final BlockScheme MXFP8_E4M3 = mx("mxfp8_e4m3", Format.E4M3);
    public static final BlockScheme MXFP8_E5M2 = mx("mxfp8_e5m2", Format.E5M2);
    public static final BlockScheme MXFP6_E3M2 = mx("mxfp6_e3m2", Format.E3M2);
    public static final BlockScheme MXFP6_E2M3 = mx("mxfp6_e2m3", Format.E2M3);
    public static final BlockScheme MXFP4 = mx("mxfp4", Format.E2M1);
    /**
     * NVFP4: E2M1 elements in blocks of 16 along rows, E4M3 block scales from the amax, and a float32
     * tensor scale — Transformer Engine's reference quantizer arithmetic (see {@link TwoLevelScaler}).
     */
    public static final BlockScheme NVFP4 = preset("nvfp4", new BlockScheme(
            CastSpec.of(Format.E2M1).withSaturate(true), BlockShape.alongRows(16), ScaleFormat.of(Format.E4M3),
            ScaleRule.AMAX, true));
    /** NVFP4 as torchao computes it: per-tensor scale amax/(448·6), block scales clamped to [2^−6, 448]. */
    public static final BlockScheme NVFP4_TORCHAO = preset("nvfp4-torchao", new BlockScheme(
            CastSpec.of(Format.E2M1).withSaturate(true), BlockShape.alongRows(16), ScaleFormat.of(Format.E4M3),
            ScaleRule.AMAX, true, TensorScaleRule.TORCHAO));
    /**
     * Transformer Engine's MXFP8: E4M3 in blocks of 32, E8M0 scales by the rceil rule (amax/448 rounded
     * up); TE keeps a rowwise (1×32, this preset) and a columnwise (32×1, {@code mxfp8-te/col}) copy.
     */
    public static final BlockScheme MXFP8_TE = preset("mxfp8-te",
            BlockScheme.of(Format.E4M3, BlockShape.alongRows(32), ScaleFormat.E8M0, ScaleRule.RCEIL));

    private BlockSchemes() {
    }

    private static BlockScheme mx(String name, Format element) {
        return preset(name, BlockScheme.of(element, BlockShape.alongRows(32), ScaleFormat.E8M0, ScaleRule.FLOOR));
    }

    private static BlockScheme preset(String name, BlockScheme s) {
        PRESETS.put(name, s);
        return s;
    }

    /** Preset names in documentation order. */
    public static List<String> presetNames() {
        return Collections.unmodifiableList(new ArrayList<>(PRESETS.keySet()));
    }

    public static BlockScheme preset(String name) {
        BlockScheme s = PRESETS.get(name.toLowerCase(Locale.ROOT));
        if (s == null) {
            throw new IllegalArgumentException("unknown block scheme preset '" + name + "': use one of "
                    + String.join(", ", PRESETS.keySet()));
        }
        return s;
    }

    /** Parses a preset (with options) or the generic form; see the class comment. */
    public static BlockScheme parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        String[] t = s.split("/", -1);
        try {
            if (PRESETS.containsKey(t[0])) {
                return options(PRESETS.get(t[0]), t, 1, true);
            }
            return generic(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read block scheme '" + text + "': " + e.getMessage()
                    + "; write a preset (" + String.join(", ", PRESETS.keySet()) + ") or"
                    + " ELEMENT/[bN/]row|col|tensor/SCALE/floor|ceil|amax|rceil|even|pceil[/ts|/ts=torchao]"
                    + "[/rne|rna|rtz|sr][/seed=N][/sat|nosat][/ftz][/compat=qpytorch] (or ELEMENT/bRxC/SCALE/RULE for"
                    + " R×C tiles), e.g. e3m2/b32/row/e8m0/floor", e);
        }
    }

    private static BlockScheme generic(String[] t) {
        int i = 0;
        Format element = Format.parse(need(t, i++, "an element format"));
        String tok = need(t, i++, "a block size bN or an axis");
        BlockShape shape;
        if (tok.matches("b\\d+x\\d+")) {
            int x = tok.indexOf('x');
            shape = BlockShape.tile(parseBlock(tok.substring(0, x)), parseBlock("b" + tok.substring(x + 1)));
        } else if (tok.matches("b\\d+")) {
            int b = parseBlock(tok);
            String axis = need(t, i++, "an axis (row or col) after " + tok);
            shape = switch (axis) {
                case "row" -> BlockShape.alongRows(b);
                case "col" -> BlockShape.alongCols(b);
                case "tensor" -> throw new IllegalArgumentException("tensor-wise scaling has no block size: drop " + tok);
                default -> throw new IllegalArgumentException("unknown axis '" + axis + "': use row or col");
            };
        } else {
            shape = switch (tok) {
                case "row" -> BlockShape.perRow();
                case "col" -> BlockShape.perCol();
                case "tensor" -> BlockShape.tensor();
                default -> throw new IllegalArgumentException("expected a block size bN or an axis (row, col, tensor),"
                        + " got '" + tok + "'");
            };
        }
        ScaleFormat scale = ScaleFormat.parse(need(t, i++, "a scale format"));
        ScaleRule rule = ScaleRule.parse(need(t, i++, "a scale rule"));
        boolean ts = i < t.length && (t[i].equals("ts") || t[i].startsWith("ts="));
        TensorScaleRule tsRule = TensorScaleRule.TE;
        if (ts) {
            if (t[i].startsWith("ts=")) {
                tsRule = TensorScaleRule.parse(t[i].substring(3));
            }
            i++;
        }
        BlockScheme base = new BlockScheme(CastSpec.of(element).withSaturate(true), shape, scale, rule, ts, tsRule);
        return options(base, t, i, false);
    }

    private static int parseBlock(String tok) {
        try {
            int b = Integer.parseInt(tok.substring(1));
            if (b < 1) {
                throw new IllegalArgumentException("block size must be at least 1, got " + tok);
            }
            return b;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("block size " + tok + " is too large");
        }
    }

    private static String need(String[] t, int i, String what) {
        if (i >= t.length || t[i].isEmpty()) {
            throw new IllegalArgumentException("expected " + what + " in position " + (i + 1));
        }
        return t[i];
    }

    /** Element-cast options, and for presets a re-axis (row/col). */
    private static BlockScheme options(BlockScheme base, String[] t, int from, boolean preset) {
        BlockScheme s = base;
        CastSpec e = s.element();
        for (int i = from; i < t.length; i++) {
            String o = t[i];
            switch (o) {
                case "rne", "rna", "rtz", "sr" -> e = e.withRounding(Rounding.parse(o));
                case "sat" -> e = e.withSaturate(true);
                case "nosat" -> e = e.withSaturate(false);
                case "ftz" -> e = e.withFlushToZero(true);
                case "compat=qpytorch", "compat=none" -> {
                    // the canonical text puts sr after compat: take it first, so that a format only
                    // QPyTorch's stochastic rounding accepts (M = 23) parses
                    boolean srFollows = Arrays.asList(t).subList(i + 1, t.length).contains("sr");
                    e = (srFollows ? e.withRounding(Rounding.SR) : e).withCompat(Compat.parse(o.substring(7)));
                }
                case "row", "col" -> {
                    if (!preset) {
                        throw new IllegalArgumentException("the axis goes before the scale format");
                    }
                    BlockShape.Axis want = o.equals("row") ? BlockShape.Axis.ROW : BlockShape.Axis.COL;
                    if (s.shape().axis() != want) {
                        s = s.transposed();
                    }
                }
                default -> {
                    if (o.startsWith("seed=")) {
                        try {
                            e = e.withSeed(Long.parseLong(o.substring(5)));
                        } catch (NumberFormatException ex) {
                            throw new IllegalArgumentException("seed must be an integer: " + o);
                        }
                    } else {
                        throw new IllegalArgumentException("unknown option '" + o + "'"
                                + (o.startsWith("ts") ? " (ts goes right after the rule)" : "")
                                + (o.startsWith("compat") ? " (compat=qpytorch is the one compatibility cast)" : ""));
                    }
                }
            }
        }
        return s.withElement(e);
    }

    /** The canonical text: the preset's name where one matches (with its axis and options), else the generic form. */
    public static String format(BlockScheme s) {
        CastSpec dflt = CastSpec.of(s.element().format()).withSaturate(true);
        for (Map.Entry<String, BlockScheme> p : PRESETS.entrySet()) {
            BlockScheme b = p.getValue();
            if (b.element().format().equals(s.element().format()) && b.scaleFormat().equals(s.scaleFormat())
                    && b.rule() == s.rule() && b.tensorScale() == s.tensorScale()
                    && b.tensorScaleRule() == s.tensorScaleRule()) {
                if (b.shape().equals(s.shape())) {
                    return p.getKey() + options(s.element(), dflt);
                }
                if (b.shape().isOneDimensional() && b.shape().transposed().equals(s.shape())) {
                    return p.getKey() + "/col" + options(s.element(), dflt);
                }
            }
        }
        StringBuilder sb = new StringBuilder(s.element().format().name()).append('/');
        BlockShape sh = s.shape();
        if (!sh.isOneDimensional()) {
            sb.append("b").append(sh.rows()).append('x').append(sh.cols());
        } else {
            switch (sh.axis()) {
                case ROW -> sb.append(sh.cols() == BlockShape.WHOLE ? "row" : "b" + sh.cols() + "/row");
                case COL -> sb.append(sh.rows() == BlockShape.WHOLE ? "col" : "b" + sh.rows() + "/col");
                case TENSOR -> sb.append("tensor");
            }
        }
        sb.append('/').append(s.scaleFormat()).append('/').append(s.rule().label);
        if (s.tensorScale()) {
            sb.append(s.tensorScaleRule() == TensorScaleRule.TE ? "/ts" : "/ts=" + s.tensorScaleRule().label);
        }
        return sb.append(options(s.element(), dflt)).toString();
    }

    private static String options(CastSpec e, CastSpec dflt) {
        StringBuilder sb = new StringBuilder();
        if (e.compat() != Compat.NONE) {
            sb.append("/compat=").append(e.compat().label);
            if (e.rounding() == Rounding.SR) {
                sb.append("/sr");
            }
            if (e.seed() != 0) {
                sb.append("/seed=").append(e.seed());
            }
            return sb.toString();
        }
        if (e.rounding() != dflt.rounding()) {
            sb.append('/').append(e.rounding().label);
        }
        if (e.seed() != 0) {
            sb.append("/seed=").append(e.seed());
        }
        if (!e.saturate()) {
            sb.append("/nosat");
        }
        if (e.flushToZero()) {
            sb.append("/ftz");
        }
        return sb.toString();
    }
}
