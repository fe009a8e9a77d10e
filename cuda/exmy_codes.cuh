// How packed codes sit in bytes (twin: io.exmy.format.CodeLayout): one code per byte, or two per
// byte, low nibble first, for formats of at most 4 bits; rows are packed on their own, so a row of
// odd length ends in a half-used byte whose high nibble is zero. The one copy of this layout for the
// kernels (cast.cu, block.cu) and the host library (host/exmy_host.cpp, host/exmy_host_block.cpp).
#pragma once
#include "exmy_platform.cuh"

// Codes per byte of a format of `bits` bits (sign included).
EXMY_HD int exmy_codes_per_byte(int bits) { return bits <= 4 ? 2 : 1; }

EXMY_HD long long exmy_code_bytes_per_row(long long cols, int per_byte) {
    return per_byte == 2 ? (cols + 1) / 2 : cols;
}

// Byte b of the packed codes of a tensor of `cols` columns: code(row, col) of each element it holds,
// in nibble order.
template <class CodeOf>
EXMY_HD uint32_t exmy_pack_code_byte(long long b, long long cols, long long bytes_per_row, int per_byte,
                                     CodeOf code) {
    const long long row = b / bytes_per_row;
    const long long col0 = (b - row * bytes_per_row) * per_byte;
    uint32_t byte = 0u;
    for (int j = 0; j < per_byte && col0 + j < cols; ++j) byte |= code(row, col0 + j) << (4 * j);
    return byte;
}

// The code of element (row, col) in packed codes.
EXMY_HD uint32_t exmy_code_at(const unsigned char* codes, long long row, long long col, long long bytes_per_row,
                              int per_byte) {
    return per_byte == 2 ? (codes[row * bytes_per_row + col / 2] >> (4 * (col & 1))) & 0xFu
                         : codes[row * bytes_per_row + col];
}
