#ifndef JOBMATCH_QUANTIZED_KERNELS_H
#define JOBMATCH_QUANTIZED_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Approximate inner products of one query with many 8-bit rows (a first pass over a large item
/// matrix that reads a quarter of its Float32 bytes; see MatchCore/Similarity/QuantizedRows.swift).
///
/// `rows` holds `count` rows of `stride` bytes (a multiple of 16, zero-padded past the
/// dimension); `query` holds `stride` 16-bit values (zero-padded). For each row i,
/// `out[i] = rowScales[i] * queryScale * Σ_j rows[i][j] * query[j]`, the sum exact in 32-bit
/// integers: the caller keeps `stride × 127 × max|query[j]|` below 2^31. Uses AVX2 when the processor has it (chosen at run time), portable C otherwise.
void jm_int8_scores(const int8_t *rows, size_t count, size_t stride, const int16_t *query,
                    const float *rowScales, float queryScale, float *out);

/// 1 when the AVX2 kernel is in use, 0 for the portable one.
int jm_int8_kernel_is_avx2(void);

#endif
