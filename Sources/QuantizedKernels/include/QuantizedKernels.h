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


// ---------------------------------------------------------------------------------------------
// Many queries × many items in 8 bits (the batch first pass; see MatchCore/Similarity/Int8Items.swift).
//
// Items are packed in groups of 16 and columns in steps of 4 (`steps = ceil(columns / 4)`):
// group g takes `steps × 64` bytes, and byte [g][t][j][b] is item 16g + j, column 4t + b, as
// its 8-bit value plus 128 (0…255; padding items and columns are 128, that is zero). Queries are
// rows of `steps × 4` signed bytes. With `u = x + 128`, Σ q·u = Σ q·x + 128·Σ q, so a query's
// correction `128 · Σ q` is subtracted from each integer sum: exact in 32 bits for up to
// 2^31 / (255 · 127) ≈ 66,000 columns.

/// Quantizes `count` Float32 rows of `columns` (row-major) to −127…127 by each row's largest
/// magnitude and packs them: `packed` holds `jm_i8_packed_bytes(count, columns)` bytes,
/// `scales[i] = max|row i| / 127` (0 for a zero or non-finite row, whose values are all 0).
void jm_i8_pack_items(const float *rows, size_t count, size_t columns, uint8_t *packed, float *scales);

/// Bytes of a packed item matrix: `ceil(count / 16) × ceil(columns / 4) × 64`.
size_t jm_i8_packed_bytes(size_t count, size_t columns);

/// Quantizes `count` Float32 query rows the same way into rows of `ceil(columns / 4) × 4`
/// signed bytes (zero-padded), with each row's scale and correction `128 · Σ q`.
void jm_i8_quantize_queries(const float *rows, size_t count, size_t columns, int8_t *out, float *scales,
                            int32_t *corrections);

/// Approximate scores of `queryCount` quantized queries with `groupCount` packed groups:
/// `out[q × outStride + i] = (Σ_t q·u − correction[q]) × queryScales[q] × itemScales[i]` for
/// the `16 × groupCount` items from `packed` (which points at the first group; `itemScales`
/// at its first item). AVX-512 VNNI when the processor has it (chosen at run time), portable C
/// otherwise; both give the same values.
void jm_i8_scores(const int8_t *queries, size_t queryCount, size_t steps, const int32_t *corrections,
                  const float *queryScales, const uint8_t *packed, size_t groupCount, const float *itemScales,
                  float *out, size_t outStride);

/// The portable kernel alone (tests compare it with the one jm_i8_scores chooses).
void jm_i8_scores_portable(const int8_t *queries, size_t queryCount, size_t steps, const int32_t *corrections,
                           const float *queryScales, const uint8_t *packed, size_t groupCount, const float *itemScales,
                           float *out, size_t outStride);

/// 1 when jm_i8_scores runs on AVX-512 VNNI, 0 for the portable kernel.
int jm_i8_kernel_is_vnni(void);

// ---------------------------------------------------------------------------------------------
// Selection: the few scores of a block row worth offering to a top-k heap.

/// Writes to `positions` the indices j < count with `scores[j] > threshold`, in ascending
/// order, and returns how many (NaN never passes). AVX-512 when the processor has it (a compare
/// and a compress store per 16 scores), portable C otherwise.
size_t jm_positions_above(const float *scores, size_t count, float threshold, int32_t *positions);

#endif
