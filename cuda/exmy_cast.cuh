// The scalar ExMy cast, encode and decode: one __host__ __device__ definition compiled by nvcc for
// the GPU, by g++ for the host library and by g++ under device emulation, so the three agree by
// construction. Integer bit manipulation only: no floating-point operation touches the data.
//
// Specification: io.exmy.format.ExmyCast (Java reference) and docs/FORMATS.md. The Java twin
// rounds in the value domain; this file rounds the float32 bit pattern in place.
#pragma once
#include "exmy_platform.cuh"

enum { EXMY_KIND_IEEE = 0, EXMY_KIND_FN = 1, EXMY_KIND_FINITE = 2 };
enum { EXMY_RND_RNE = 0, EXMY_RND_RTZ = 1, EXMY_RND_SR = 2, EXMY_RND_RNA = 3 };
enum { EXMY_FLAG_SATURATE = 1, EXMY_FLAG_FTZ = 2, EXMY_FLAG_QPYTORCH = 4 };

#define EXMY_QNAN 0x7FC00000u
#define EXMY_INF 0x7F800000u

// Wire form of io.exmy.format.CastSpec#words(): eight 32-bit words, passed by value to kernels.
struct exmy_cast_spec {
    int32_t exp_bits, man_bits, bias, kind, rounding;
    uint32_t flags, seed_lo, seed_hi;
};

// Per-format constants, derived once per thread from the spec.
struct exmy_cast_consts {
    int32_t emin;             // exponent of the smallest normal
    int32_t man_bits;
    int32_t rounding;
    uint32_t ftz;
    uint32_t max_bits;        // float32 bits of the largest finite value
    uint32_t inf_bits;        // result for an infinite input (without sign)
    uint32_t overflow_bits;   // result when the rounded value exceeds max (without sign)
    uint32_t min_normal_bits; // float32 bits of 2^emin
    uint32_t quantum_bits;    // float32 bits of 2^(emin - M), the subnormal spacing
    int32_t qpytorch;         // QPyTorch's float_quantize instead of the exact cast (exmy_qpytorch_bits)
    int32_t exp_bits;
};

EXMY_HD uint32_t exmy_pow2_bits(int32_t e) {
    return e >= -126 ? (uint32_t)(e + 127) << 23 : 1u << (e + 149);
}

// Integer grids (E = 0: sign + M-bit magnitude, unit spacing) count as all subnormal with
// emin = M, so the one rounding path serves them; their max is 2^M − 1.
EXMY_HD int32_t exmy_emin(const exmy_cast_spec& s) {
    return s.exp_bits == 0 ? s.man_bits : 1 - s.bias;
}

EXMY_HD int32_t exmy_emax(const exmy_cast_spec& s) {
    return (1 << s.exp_bits) - (s.kind == EXMY_KIND_IEEE ? 2 : 1) - s.bias;
}

// float32 bits of a positive integer below 2^24.
EXMY_HD uint32_t exmy_uint_bits(uint32_t k) {
    if (k == 0) return 0u;
    const int32_t p = 31 - exmy_clz32(k);
    return ((uint32_t)(p + 127) << 23) | ((k << (23 - p)) & 0x7FFFFFu);
}

EXMY_HD uint32_t exmy_max_mantissa(const exmy_cast_spec& s) {
    return (1u << s.man_bits) - (s.kind == EXMY_KIND_FN ? 2u : 1u);
}

// QPyTorch's grid (exmy_qpytorch_bits below): clip_exponent's largest biased exponent, 2^(E-1) + 127
// ("not reserving an exponent bit"; 255 for E = 8, so nothing is clipped there).
EXMY_HD int32_t exmy_qpytorch_max_store(int32_t e) {
    return (1 << (e - 1)) + 127;
}

EXMY_HD uint32_t exmy_qpytorch_max_mantissa(int32_t m) {
    return 0x7FFFFFu & ~((1u << (23 - m)) - 1u);
}

// The largest finite value of the cast: (2 - 2^-M) * 2^(2^(E-1)), or * 2^127 for E = 8.
EXMY_HD uint32_t exmy_qpytorch_max_bits(int32_t e, int32_t m) {
    const int32_t store = exmy_qpytorch_max_store(e);
    return ((uint32_t)(store < 254 ? store : 254) << 23) | exmy_qpytorch_max_mantissa(m);
}

EXMY_HD exmy_cast_consts exmy_cast_prepare(const exmy_cast_spec& s) {
    exmy_cast_consts c;
    c.emin = exmy_emin(s);
    c.man_bits = s.man_bits;
    c.rounding = s.rounding;
    c.ftz = s.flags & EXMY_FLAG_FTZ;
    c.max_bits = s.exp_bits == 0 ? exmy_uint_bits((1u << s.man_bits) - 1u)
                                 : ((uint32_t)(exmy_emax(s) + 127) << 23) | (exmy_max_mantissa(s) << (23 - s.man_bits));
    const uint32_t overflow = s.kind == EXMY_KIND_IEEE ? EXMY_INF : s.kind == EXMY_KIND_FN ? EXMY_QNAN : c.max_bits;
    const bool saturate = (s.flags & EXMY_FLAG_SATURATE) != 0;
    c.inf_bits = saturate ? c.max_bits : overflow;
    // IEEE 754: rounding toward zero never overflows to infinity; exmy extends that to NaN (fn).
    c.overflow_bits = (saturate || s.rounding == EXMY_RND_RTZ) ? c.max_bits : overflow;
    // An integer grid's smallest nonzero value is 1: flush-to-zero never applies to it.
    c.min_normal_bits = s.exp_bits == 0 ? 0x3F800000u : exmy_pow2_bits(c.emin);
    c.quantum_bits = exmy_pow2_bits(c.emin - s.man_bits);
    c.exp_bits = s.exp_bits;
    c.qpytorch = (s.flags & EXMY_FLAG_QPYTORCH) != 0;
    if (c.qpytorch) c.max_bits = exmy_qpytorch_max_bits(s.exp_bits, s.man_bits);
    return c;
}

// ---- QPyTorch compatibility: float_quantize(x, E, M, nearest|stochastic), bit for bit ----------
// Twin of io.exmy.format.QPyTorchCast (see there and docs/FORMATS.md for the semantics and the
// QPyTorch sources it follows). Pattern arithmetic plus one float32 add and one subtract.

EXMY_HD uint32_t exmy_qpytorch_round(uint32_t target, int32_t m, bool stochastic, uint32_t rnd) {
    const uint32_t mask = (1u << (23 - m)) - 1u;
    const uint32_t add = stochastic ? (rnd & mask) : (1u << (22 - m)); // nearest needs M <= 22 (QPyTorchCast.check)
    return (target + add) & ~mask;
}

EXMY_HD uint32_t exmy_qpytorch_clip(int32_t e, int32_t m, uint32_t old, uint32_t q) {
    const int32_t store = exmy_qpytorch_max_store(e);
    if ((int32_t)((q & 0x7FFFFFFFu) >> 23) > store) {
        return (old & 0x80000000u) | ((uint32_t)store << 23) | exmy_qpytorch_max_mantissa(m);
    }
    return q;
}

EXMY_HD uint32_t exmy_qpytorch_bits(uint32_t x, const exmy_cast_consts& c, uint32_t rnd) {
    const bool stochastic = c.rounding == EXMY_RND_SR;
    const int32_t min_exp = 2 - (1 << (c.exp_bits - 1));
    const int32_t target_exp = (int32_t)((x & 0x7FFFFFFFu) >> 23) - 127;
    if (target_exp < min_exp) {
        const float shift = exmy_u2f(((uint32_t)(127 + min_exp) << 23) | (x & 0x80000000u));
        const float v = exmy_u2f(x) + shift;
        const uint32_t r = exmy_qpytorch_round(exmy_f2u(v), c.man_bits, stochastic, rnd);
        const float out = exmy_u2f(r) - shift;
        return exmy_f2u(out);
    }
    return exmy_qpytorch_clip(c.exp_bits, c.man_bits, x, exmy_qpytorch_round(x, c.man_bits, stochastic, rnd));
}

// Stochastic rounding below one quantum: up iff rnd * 2^shift < sig * 2^32 (shift >= 24).
EXMY_HD bool exmy_sr_tiny_up(uint32_t sig, int32_t shift, uint32_t rnd) {
    if (sig == 0) return false;
    if (shift <= 31) return ((uint64_t)rnd << shift) < ((uint64_t)sig << 32);
    const int32_t d = shift - 32;
    return d >= 32 ? rnd == 0 : ((uint64_t)rnd << d) < sig;
}

// Casts float32 bits x; rnd is the element's 32 random bits (read only by stochastic rounding).
EXMY_HD uint32_t exmy_cast_bits(uint32_t x, const exmy_cast_consts& c, uint32_t rnd) {
    if (c.qpytorch) return exmy_qpytorch_bits(x, c, rnd);
    const uint32_t sign = x & 0x80000000u;
    const uint32_t a = x & 0x7FFFFFFFu;
    if (a >= EXMY_INF) return (a == EXMY_INF ? c.inf_bits : EXMY_QNAN) | sign;
    const int32_t biased = (int32_t)(a >> 23);
    const uint32_t sig = biased ? ((a & 0x7FFFFFu) | 0x800000u) : a;
    const int32_t lsb = biased ? biased - 150 : -149;
    const int32_t lead = biased ? biased - 127 : -118 - exmy_clz32(a);
    const int32_t quantum = (lead > c.emin ? lead : c.emin) - c.man_bits;
    const int32_t shift = quantum - lsb; // bits of the pattern below the format's quantum
    uint32_t r;
    if (shift <= 0) {
        r = a;
    } else if (shift <= 23) {
        // Round the pattern in place: a carry out of the mantissa bumps the exponent field.
        const uint32_t mask = (1u << shift) - 1u;
        uint32_t inc = 0;
        if (c.rounding == EXMY_RND_RNE) {
            inc = (mask >> 1) + ((sig >> shift) & 1u); // parity of the kept significand, implicit bit included
        } else if (c.rounding == EXMY_RND_RNA) {
            inc = (mask >> 1) + 1u;                  // half a quantum: ties go up in magnitude
        } else if (c.rounding == EXMY_RND_SR) {
            inc = (~rnd) >> (32 - shift);            // up iff (rnd >> (32-shift)) < discarded bits
        }
        r = (a + inc) & ~mask;
    } else {
        // |x| < one subnormal quantum: the result is 0 or that quantum.
        bool up = false;
        if (c.rounding == EXMY_RND_RNE) {
            up = shift == 24 && sig > 0x800000u; // above half; a tie goes to the even 0
        } else if (c.rounding == EXMY_RND_RNA) {
            up = shift == 24 && sig >= 0x800000u; // at least half
        } else if (c.rounding == EXMY_RND_SR) {
            up = exmy_sr_tiny_up(sig, shift, rnd);
        }
        r = up ? c.quantum_bits : 0u;
    }
    if (r > c.max_bits) {
        r = c.overflow_bits;
    } else if (c.ftz && r < c.min_normal_bits) {
        r = 0u;
    }
    return r | sign;
}

// ---- packed codes: sign | exponent | mantissa, sign in bit E+M (formats of at most 8 bits) ----

struct exmy_code_consts {
    int32_t exp_bits, man_bits, bias, kind, emin;
    uint32_t min_normal_bits;
    uint32_t nan_code; // code for NaN (finite formats: max, they have no NaN)
    uint32_t inf_code; // code for inf (non-ieee formats: max)
};

EXMY_HD exmy_code_consts exmy_code_prepare(const exmy_cast_spec& s) {
    exmy_code_consts k;
    k.exp_bits = s.exp_bits;
    k.man_bits = s.man_bits;
    k.bias = s.bias;
    k.kind = s.kind;
    k.emin = exmy_emin(s);
    k.min_normal_bits = exmy_pow2_bits(k.emin);
    const uint32_t top = (1u << s.exp_bits) - 1u;
    const uint32_t max_code = s.exp_bits == 0 ? (1u << s.man_bits) - 1u
                                              : ((uint32_t)(exmy_emax(s) + s.bias) << s.man_bits) | exmy_max_mantissa(s);
    k.nan_code = s.kind == EXMY_KIND_IEEE ? (top << s.man_bits) | (1u << (s.man_bits - 1))
               : s.kind == EXMY_KIND_FN   ? (top << s.man_bits) | ((1u << s.man_bits) - 1u)
                                          : max_code;
    k.inf_code = s.kind == EXMY_KIND_IEEE ? top << s.man_bits : max_code;
    return k;
}

// Code of v, which must be a value of the format (the output of exmy_cast_bits).
EXMY_HD uint32_t exmy_encode_bits(uint32_t v, const exmy_code_consts& k) {
    const uint32_t sign = (v >> 31) << (k.exp_bits + k.man_bits);
    const uint32_t a = v & 0x7FFFFFFFu;
    if (a > EXMY_INF) return sign | k.nan_code;
    if (a == EXMY_INF) return sign | k.inf_code;
    const int32_t biased = (int32_t)(a >> 23);
    if (k.exp_bits == 0) { // integer grid: the code's magnitude is the value itself
        if (a == 0) return sign;
        return sign | (((a & 0x7FFFFFu) | 0x800000u) >> (150 - biased));
    }
    if (a < k.min_normal_bits) { // zero or subnormal in the format: the mantissa counts quanta
        const uint32_t sig = biased ? ((a & 0x7FFFFFu) | 0x800000u) : a;
        const int32_t lsb = biased ? biased - 150 : -149;
        const int32_t shift = k.emin - k.man_bits - lsb;
        // zero arrives here with a shift past 31 (e.g. 145 for e3m2): undefined in C, so spelled out
        return sign | (shift >= 32 ? 0u : sig >> shift);
    }
    int32_t lead;
    uint32_t frac;
    if (biased) {
        lead = biased - 127;
        frac = a & 0x7FFFFFu;
    } else { // a float32 subnormal that is a normal of the format (formats with a large bias)
        const int32_t s = exmy_clz32(a) - 8;
        lead = -126 - s;
        frac = (a << s) & 0x7FFFFFu;
    }
    return sign | ((uint32_t)(lead + k.bias) << k.man_bits) | (frac >> (23 - k.man_bits));
}

EXMY_HD uint32_t exmy_decode_bits(uint32_t code, const exmy_code_consts& k) {
    const uint32_t sign = ((code >> (k.exp_bits + k.man_bits)) & 1u) << 31;
    const uint32_t top = (1u << k.exp_bits) - 1u;
    const uint32_t ecode = (code >> k.man_bits) & top;
    const uint32_t mant = code & ((1u << k.man_bits) - 1u);
    if (k.exp_bits == 0) return sign | exmy_uint_bits(mant);
    if (k.kind == EXMY_KIND_IEEE && ecode == top) return sign | (mant ? EXMY_QNAN : EXMY_INF);
    if (k.kind == EXMY_KIND_FN && ecode == top && mant == (1u << k.man_bits) - 1u) return sign | EXMY_QNAN;
    uint32_t sig;       // significand as an integer
    int32_t lsb;        // exponent of its last bit
    if (ecode == 0) {
        if (mant == 0) return sign;
        sig = mant;
        lsb = k.emin - k.man_bits;
    } else {
        sig = (1u << k.man_bits) | mant;
        lsb = (int32_t)ecode - k.bias - k.man_bits;
    }
    const int32_t p = 31 - exmy_clz32(sig); // position of the leading bit
    const int32_t lead = lsb + p;
    if (lead >= -126) return sign | ((uint32_t)(lead + 127) << 23) | ((sig << (23 - p)) & 0x7FFFFFu);
    return sign | (sig << (lsb + 149)); // float32 subnormal
}
