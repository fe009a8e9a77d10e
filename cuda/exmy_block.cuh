// Block scaling, scalar pieces: amax on float32 bit patterns, the scale rules, scale formats, and the
// element arithmetic around a block's scale. One __host__ __device__ definition for the kernels
// (cuda/block.cu), the host library (cuda/host/exmy_host_block.cpp) and the emulated kernels.
//
// Specification: io.exmy.block (BlockQuantizer, ScaleRule, ScaleFormat, SingleLevelScaler,
// TwoLevelScaler) and docs/FORMATS.md, "Block scaling". Integer bit manipulation plus single IEEE
// float32 operations (+ − × ÷, compares) written one per expression, so that nvcc (-fmad=false,
// -prec-div=true, -ftz=false), g++ (-ffp-contract=off) and Java round every one alike. NaN never
// flows through arithmetic: platforms differ in the sign and payload they give a NaN result, so
// every NaN is produced explicitly as 0x7FC00000 with a chosen sign.
#pragma once
#include "exmy_cast.cuh"
#include "exmy_philox.cuh"

enum { EXMY_SCALE_FP32 = 0, EXMY_SCALE_E8M0 = 1, EXMY_SCALE_EXMY = 2 };
enum { EXMY_RULE_FLOOR = 0, EXMY_RULE_CEIL = 1, EXMY_RULE_AMAX = 2, EXMY_RULE_RCEIL = 3, EXMY_RULE_EVEN = 4, EXMY_RULE_PCEIL = 5 };
enum { EXMY_BLOCK_TENSOR_SCALE = 1, EXMY_BLOCK_TS_TORCHAO = 2 };

#define EXMY_SIGN 0x80000000u
#define EXMY_FLT_MAX 3.40282346638528859812e+38f
#define EXMY_E8M0_NAN 0xFFu

// Wire form of io.exmy.block.BlockScheme#words(): seventeen 32-bit words, passed by value.
struct exmy_block_spec {
    exmy_cast_spec elem;                                      // the element cast
    int32_t scale_kind, scale_e, scale_m, scale_bias, scale_fkind; // scale format (ExMy fields for EXMY only)
    int32_t rule, flags;
    int32_t block_rows, block_cols;                           // block extent; 0 = the whole axis
};

// Per-scheme constants, derived once per thread from the spec.
struct exmy_block_consts {
    exmy_cast_consts elem;       // element cast
    exmy_code_consts elem_code;  // element codes (formats of at most 8 bits)
    exmy_cast_consts scale_cast; // ExMy scale format: RNE, saturating, with subnormals
    exmy_code_consts scale_code;
    int32_t scale_kind, rule, two_level, scale_has_codes;
    int32_t ts_torchao;          // two level with torchao's arithmetic (io.exmy.block.TensorScaleRule)
    int32_t unit_at_min;         // rceil + e8m0: code 0's elements are multiplied by 1 (TE, torchao)
    int32_t elem_man_bits;
    float scale_min_normal;      // torchao clamps block scales below at the scale format's smallest normal
    int32_t elem_emax;           // floor(log2) of the element's max: OCP's emax_elem
    uint32_t elem_max_bits;
    float elem_max, scale_max;
    int32_t pmin, pmax;          // the scale format's powers of two: 2^pmin ... 2^pmax
    uint32_t seed_lo, seed_hi;
    int32_t sr;
};

EXMY_HD bool exmy_is_nan_bits(uint32_t x) { return (x & 0x7FFFFFFFu) > EXMY_INF; }

EXMY_HD uint32_t exmy_abs_bits(uint32_t x) { return x & 0x7FFFFFFFu; }

// floor(log2 a) of a positive finite float32 given as bits, subnormals included.
EXMY_HD int32_t exmy_floor_log2_bits(uint32_t a) {
    const int32_t biased = (int32_t)(a >> 23);
    return biased ? biased - 127 : -118 - exmy_clz32(a);
}

// The 24-bit significand of a positive finite float32, its leading one in bit 23.
EXMY_HD uint32_t exmy_significand_bits(uint32_t a) {
    return (a >> 23) ? (a & 0x7FFFFFu) | 0x800000u : a << (exmy_clz32(a) - 8);
}

EXMY_HD int32_t exmy_clamp_i32(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : v > hi ? hi : v; }

EXMY_HD exmy_block_consts exmy_block_prepare(const exmy_block_spec& s) {
    exmy_block_consts k;
    k.elem = exmy_cast_prepare(s.elem);
    k.elem_code = exmy_code_prepare(s.elem);
    exmy_cast_spec sc;
    sc.exp_bits = s.scale_kind == EXMY_SCALE_EXMY ? s.scale_e : 4; // a valid placeholder for fp32 and e8m0
    sc.man_bits = s.scale_kind == EXMY_SCALE_EXMY ? s.scale_m : 3;
    sc.bias = s.scale_kind == EXMY_SCALE_EXMY ? s.scale_bias : 7;
    sc.kind = s.scale_kind == EXMY_SCALE_EXMY ? s.scale_fkind : EXMY_KIND_FN;
    sc.rounding = EXMY_RND_RNE;
    sc.flags = EXMY_FLAG_SATURATE;
    sc.seed_lo = 0u;
    sc.seed_hi = 0u;
    k.scale_cast = exmy_cast_prepare(sc);
    k.scale_code = exmy_code_prepare(sc);
    k.scale_kind = s.scale_kind;
    k.rule = s.rule;
    k.two_level = (s.flags & EXMY_BLOCK_TENSOR_SCALE) != 0;
    k.ts_torchao = (s.flags & EXMY_BLOCK_TS_TORCHAO) != 0;
    k.unit_at_min = s.rule == EXMY_RULE_RCEIL && s.scale_kind == EXMY_SCALE_E8M0;
    k.elem_man_bits = s.elem.man_bits;
    k.scale_min_normal = exmy_u2f(k.scale_cast.min_normal_bits);
    k.scale_has_codes = s.scale_kind == EXMY_SCALE_E8M0 || (s.scale_kind == EXMY_SCALE_EXMY && 1 + s.scale_e + s.scale_m <= 8);
    k.elem_max_bits = k.elem.max_bits;
    k.elem_max = exmy_u2f(k.elem.max_bits);
    k.elem_emax = exmy_floor_log2_bits(k.elem.max_bits);
    if (s.scale_kind == EXMY_SCALE_FP32) {
        k.pmin = -149;
        k.pmax = 127;
        k.scale_max = EXMY_FLT_MAX;
    } else if (s.scale_kind == EXMY_SCALE_E8M0) {
        k.pmin = -127;
        k.pmax = 127;
        k.scale_max = exmy_u2f(exmy_pow2_bits(127));
    } else {
        k.pmin = 1 - s.scale_bias - s.scale_m;
        k.pmax = exmy_emax(sc);
        k.scale_max = exmy_u2f(k.scale_cast.max_bits);
    }
    k.seed_lo = s.elem.seed_lo;
    k.seed_hi = s.elem.seed_hi;
    k.sr = s.elem.rounding == EXMY_RND_SR;
    return k;
}

// ---- scale formats -----------------------------------------------------------------------------

// Rounds r >= 0 (finite or +inf) to the scale format (io.exmy.block.ScaleFormat#roundBits).
EXMY_HD uint32_t exmy_round_scale_bits(uint32_t r, const exmy_block_consts& k) {
    if (k.scale_kind == EXMY_SCALE_FP32) return r == EXMY_INF ? 0x7F7FFFFFu : r;
    if (k.scale_kind == EXMY_SCALE_EXMY) return exmy_cast_bits(r, k.scale_cast, 0u);
    // e8m0: the nearest power of two, ties (1.5 * 2^e) up, within 2^-127 ... 2^127; no zero
    int32_t e;
    if (r == 0u) {
        e = -127;
    } else if (r >= EXMY_INF) {
        e = 127;
    } else {
        e = exmy_floor_log2_bits(r) + (exmy_significand_bits(r) >= 0xC00000u ? 1 : 0);
    }
    return exmy_pow2_bits(exmy_clamp_i32(e, -127, 127));
}

// The code of a scale (scale formats with codes only).
EXMY_HD uint32_t exmy_scale_encode(uint32_t s, const exmy_block_consts& k) {
    if (k.scale_kind == EXMY_SCALE_E8M0) return exmy_is_nan_bits(s) ? EXMY_E8M0_NAN : (uint32_t)(exmy_floor_log2_bits(s) + 127);
    return exmy_encode_bits(s, k.scale_code);
}

EXMY_HD uint32_t exmy_scale_decode(uint32_t code, const exmy_block_consts& k) {
    if (k.scale_kind == EXMY_SCALE_E8M0) return code == EXMY_E8M0_NAN ? EXMY_QNAN : exmy_pow2_bits((int32_t)code - 127);
    return exmy_decode_bits(code, k.scale_code);
}

// ---- single level: one scale per block by a rule ---------------------------------------------

// The scale of a block with amax bits `amax` (io.exmy.block.SingleLevelScaler / ScaleRule).
EXMY_HD uint32_t exmy_block_scale_single(uint32_t amax, const exmy_block_consts& k) {
    if (amax >= EXMY_INF) return EXMY_QNAN; // NaN or inf in the block
    if (k.rule == EXMY_RULE_AMAX) {
        const float r = exmy_u2f(amax) / k.elem_max;
        return exmy_round_scale_bits(exmy_f2u(r), k);
    }
    if (k.rule == EXMY_RULE_RCEIL) {
        // d = amax * fl(1 / max_elem), rounded up to a power of two (TE's float_to_e8m0, cuBLAS)
        const float rcp = 1.0f / k.elem_max;
        const float d = exmy_u2f(amax) * rcp;
        const uint32_t db = exmy_f2u(d);
        if (db == 0u) return exmy_pow2_bits(k.pmin);
        if (db >= EXMY_INF) return exmy_pow2_bits(k.pmax);
        const int32_t up = exmy_significand_bits(db) != 0x800000u ? 1 : 0;
        return exmy_pow2_bits(exmy_clamp_i32(exmy_floor_log2_bits(db) + up, k.pmin, k.pmax));
    }
    uint32_t a = amax;
    if (k.rule == EXMY_RULE_EVEN) { // torchao EVEN: round amax at the element's mantissa width first
        a = k.elem_man_bits >= 23 ? a & 0xFF800000u : (a + (1u << (22 - k.elem_man_bits))) & 0xFF800000u;
    }
    if (a == 0u) return exmy_pow2_bits(k.pmin);
    int32_t x = exmy_floor_log2_bits(a) - k.elem_emax;
    if (k.rule == EXMY_RULE_CEIL && exmy_significand_bits(a) > exmy_significand_bits(k.elem_max_bits)) x += 1;
    if (k.rule == EXMY_RULE_PCEIL && exmy_significand_bits(a) != 0x800000u) x += 1;
    return exmy_pow2_bits(exmy_clamp_i32(x, k.pmin, k.pmax));
}

// ---- two level: block scales under a float32 tensor scale (NVFP4, Transformer Engine) -------

struct exmy_tensor_scale {
    int32_t nan;   // the tensor holds NaN: every scale and element is NaN
    float gds;     // the stored tensor scale: TE's global decode scale, torchao's per-tensor scale P
    float mult;    // TE: ges * (1 / elem_max), block amax to block decode scale
};

// From the tensor's amax (io.exmy.block.TwoLevelScaler#fromTensorAmax).
EXMY_HD exmy_tensor_scale exmy_tensor_scale_of(uint32_t tensor_amax, const exmy_block_consts& k) {
    exmy_tensor_scale t;
    t.nan = exmy_is_nan_bits(tensor_amax);
    t.gds = 0.0f;
    t.mult = 0.0f;
    if (t.nan) return t;
    const float se = k.scale_max * k.elem_max;
    if (k.ts_torchao) {
        t.gds = exmy_u2f(tensor_amax) / se;
        return t;
    }
    float ges = se / exmy_u2f(tensor_amax);
    if (ges > EXMY_FLT_MAX) ges = EXMY_FLT_MAX;
    if (tensor_amax == 0u || ges == 0.0f) ges = 1.0f; // core_nvfp4.cuh: amax 0 or inf gives 1
    t.gds = 1.0f / ges;
    const float inv = 1.0f / k.elem_max;
    t.mult = ges * inv;
    return t;
}

// From a stored tensor scale, for quantizing against stored block scales or dequantizing.
EXMY_HD exmy_tensor_scale exmy_tensor_scale_stored(uint32_t gds_bits) {
    exmy_tensor_scale t;
    t.nan = exmy_is_nan_bits(gds_bits);
    t.gds = exmy_u2f(gds_bits);
    t.mult = 0.0f;
    return t;
}

EXMY_HD uint32_t exmy_tensor_scale_bits(const exmy_tensor_scale& t) {
    return t.nan || exmy_is_nan_bits(exmy_f2u(t.gds)) ? EXMY_QNAN : exmy_f2u(t.gds);
}

EXMY_HD uint32_t exmy_block_scale_two_level(uint32_t amax, const exmy_tensor_scale& t, const exmy_block_consts& k) {
    if (t.nan) return EXMY_QNAN;
    if (k.ts_torchao) {
        const float bs = exmy_u2f(amax) / k.elem_max;
        float sbs = bs / t.gds;
        if (exmy_is_nan_bits(exmy_f2u(sbs))) return EXMY_QNAN;
        if (sbs < k.scale_min_normal) {
            sbs = k.scale_min_normal;
        } else if (sbs > k.scale_max) {
            sbs = k.scale_max;
        }
        return exmy_round_scale_bits(exmy_f2u(sbs), k);
    }
    float ds = exmy_u2f(amax) * t.mult;
    if (ds > EXMY_FLT_MAX) ds = EXMY_FLT_MAX;
    if (ds > k.scale_max) ds = k.scale_max;
    return exmy_round_scale_bits(exmy_f2u(ds), k);
}

// ---- per block: its scale and the multiplier its elements need -------------------------------

struct exmy_block_ctx {
    uint32_t s; // the block's scale, float32 bits
    float es;   // two level: TE min(1 / (s * gds), FLT_MAX); torchao the divisor P * s
};

EXMY_HD exmy_block_ctx exmy_block_ctx_of_scale(uint32_t s, const exmy_tensor_scale& t, const exmy_block_consts& k) {
    exmy_block_ctx c;
    c.s = s;
    c.es = 0.0f;
    if (k.two_level && k.ts_torchao) {
        c.es = t.gds * exmy_u2f(s);
    } else if (k.two_level && !t.nan && !exmy_is_nan_bits(s)) {
        const float p = exmy_u2f(s) * t.gds;
        float es = 1.0f / p;
        if (es > EXMY_FLT_MAX) es = EXMY_FLT_MAX;
        c.es = es;
    }
    return c;
}

EXMY_HD exmy_block_ctx exmy_block_ctx_of_amax(uint32_t amax, const exmy_tensor_scale& t, const exmy_block_consts& k) {
    const uint32_t s = k.two_level ? exmy_block_scale_two_level(amax, t, k) : exmy_block_scale_single(amax, k);
    return exmy_block_ctx_of_scale(s, t, k);
}

// The element value q of x (float32 bits of a value of the element format, or NaN).
EXMY_HD uint32_t exmy_block_quantize(uint32_t x, const exmy_block_ctx& c, const exmy_tensor_scale& t,
                                     const exmy_block_consts& k, uint32_t rnd) {
    if (exmy_is_nan_bits(c.s) || (k.two_level && t.nan)) return EXMY_QNAN | (x & EXMY_SIGN);
    float y;
    if (k.two_level && k.ts_torchao) {
        y = exmy_u2f(x) / c.es;
        if (exmy_is_nan_bits(exmy_f2u(y))) return EXMY_QNAN | (x & EXMY_SIGN);
        if (y > k.elem_max) {
            y = k.elem_max;
        } else if (y < -k.elem_max) {
            y = -k.elem_max;
        }
    } else if (k.two_level) {
        y = exmy_u2f(x) * c.es;
        if (y > k.elem_max) {
            y = k.elem_max;
        } else if (y < -k.elem_max) {
            y = -k.elem_max;
        }
    } else {
        if (exmy_abs_bits(c.s) == 0u) return x & EXMY_SIGN; // a zero scale: the block is zeros
        if (k.unit_at_min && c.s == 0x00400000u) return exmy_cast_bits(x, k.elem, rnd); // e8m0 code 0: x * 1
        y = exmy_u2f(x) / exmy_u2f(c.s);
    }
    return exmy_cast_bits(exmy_f2u(y), k.elem, rnd);
}

// fl32(q * s), with a NaN operand giving the quiet NaN with q's sign (io.exmy.block.BlockMath#mulScale).
EXMY_HD uint32_t exmy_mul_scale(uint32_t q, uint32_t s) {
    if (exmy_is_nan_bits(q) || exmy_is_nan_bits(s)) return EXMY_QNAN | (q & EXMY_SIGN);
    const float p = exmy_u2f(q) * exmy_u2f(s);
    const uint32_t pb = exmy_f2u(p);
    return exmy_is_nan_bits(pb) ? EXMY_QNAN | (q & EXMY_SIGN) : pb; // 0 * inf
}

// The dequantized value of element value q in a block with scale s: q * s, then * gds if two level.
EXMY_HD uint32_t exmy_block_dequantize(uint32_t q, uint32_t s, const exmy_tensor_scale& t, const exmy_block_consts& k) {
    if (k.two_level && k.ts_torchao) return exmy_mul_scale(q, exmy_mul_scale(exmy_tensor_scale_bits(t), s)); // q * (P * s)
    const uint32_t v = exmy_mul_scale(q, s);
    return k.two_level ? exmy_mul_scale(v, exmy_tensor_scale_bits(t)) : v;
}

// The stochastic-rounding bits of flat index i (0 when the element cast is not stochastic).
EXMY_HD uint32_t exmy_block_rnd(const exmy_block_consts& k, long long i) {
    return k.sr ? exmy_random_bits(k.seed_lo, k.seed_hi, (uint64_t)i) : 0u;
}
