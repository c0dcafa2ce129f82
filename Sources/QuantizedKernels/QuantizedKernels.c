#include "QuantizedKernels.h"

// The portable kernel: plain C that compilers vectorise for the baseline of the target.
static void scores_portable(const int8_t *rows, size_t count, size_t stride, const int16_t *query,
                            const float *rowScales, float queryScale, float *out) {
    for (size_t i = 0; i < count; i++) {
        const int8_t *row = rows + i * stride;
        int32_t sum = 0;
        for (size_t j = 0; j < stride; j++) sum += (int32_t)row[j] * (int32_t)query[j];
        out[i] = (float)sum * rowScales[i] * queryScale;
    }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

// AVX2 without compiling the whole package for it: the target attribute enables the instructions
// in this function only, and jm_int8_scores calls it only on processors that have them.
// 16 values a step: widen 16 int8 to int16, multiply by the int16 query and add pairs into
// 8 int32 lanes (vpmaddwd). The caller bounds the query so that stride × 127 × max|query| stays
// below 2^31: no sum, partial or whole, can overflow.
__attribute__((target("avx2")))
static void scores_avx2(const int8_t *rows, size_t count, size_t stride, const int16_t *query,
                        const float *rowScales, float queryScale, float *out) {
    size_t i = 0;
    for (; i + 2 <= count; i += 2) {
        const int8_t *a = rows + i * stride, *b = a + stride;
        __m256i sumA = _mm256_setzero_si256(), sumB = _mm256_setzero_si256();
        for (size_t j = 0; j < stride; j += 16) {
            __m256i q = _mm256_loadu_si256((const __m256i *)(query + j));
            __m256i x = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(a + j)));
            __m256i y = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(b + j)));
            sumA = _mm256_add_epi32(sumA, _mm256_madd_epi16(x, q));
            sumB = _mm256_add_epi32(sumB, _mm256_madd_epi16(y, q));
        }
        // Horizontal sums of both rows at once.
        __m256i pair = _mm256_hadd_epi32(sumA, sumB);
        __m128i halves = _mm_add_epi32(_mm256_castsi256_si128(pair), _mm256_extracti128_si256(pair, 1));
        halves = _mm_hadd_epi32(halves, halves);
        out[i] = (float)_mm_cvtsi128_si32(halves) * rowScales[i] * queryScale;
        out[i + 1] = (float)_mm_extract_epi32(halves, 1) * rowScales[i + 1] * queryScale;
    }
    if (i < count) scores_portable(rows + i * stride, count - i, stride, query, rowScales + i, queryScale, out + i);
}

static int has_avx2(void) {
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx2") ? 1 : 0;
    }
    return known;
}

int jm_int8_kernel_is_avx2(void) { return has_avx2(); }

void jm_int8_scores(const int8_t *rows, size_t count, size_t stride, const int16_t *query,
                    const float *rowScales, float queryScale, float *out) {
    if (has_avx2()) scores_avx2(rows, count, stride, query, rowScales, queryScale, out);
    else scores_portable(rows, count, stride, query, rowScales, queryScale, out);
}
#else
int jm_int8_kernel_is_avx2(void) { return 0; }

void jm_int8_scores(const int8_t *rows, size_t count, size_t stride, const int16_t *query,
                    const float *rowScales, float queryScale, float *out) {
    scores_portable(rows, count, stride, query, rowScales, queryScale, out);
}
#endif

// ---------------------------------------------------------------------------------------------
// The batch kernel: many queries × many packed items (layout in QuantizedKernels.h).

#include <math.h>
#include <string.h>

size_t jm_i8_packed_bytes(size_t count, size_t columns) {
    return ((count + 15) / 16) * ((columns + 3) / 4) * 64;
}

/// The row's scale (largest magnitude / 127), 0 for a zero or non-finite row.
static float row_scale(const float *row, size_t columns) {
    float largest = 0;
    for (size_t j = 0; j < columns; j++) {
        float value = fabsf(row[j]);
        if (!isfinite(value)) return 0.0f;  // a NaN or an infinity makes the row zero
        if (value > largest) largest = value;
    }
    return largest > 0 ? largest / 127.0f : 0.0f;
}

static int8_t quantize(float value, float scale) {
    float step = roundf(value / scale);
    return (int8_t)(step > 127 ? 127 : step < -127 ? -127 : step);
}

void jm_i8_pack_items(const float *rows, size_t count, size_t columns, uint8_t *packed, float *scales) {
    size_t steps = (columns + 3) / 4, groups = (count + 15) / 16;
    memset(packed, 128, groups * steps * 64);
    for (size_t i = 0; i < count; i++) {
        const float *row = rows + i * columns;
        float scale = row_scale(row, columns);
        scales[i] = scale;
        if (scale == 0) continue;
        uint8_t *group = packed + (i / 16) * steps * 64 + (i % 16) * 4;
        for (size_t j = 0; j < columns; j++) group[(j / 4) * 64 + (j % 4)] = (uint8_t)(quantize(row[j], scale) + 128);
    }
}

void jm_i8_quantize_queries(const float *rows, size_t count, size_t columns, int8_t *out, float *scales,
                            int32_t *corrections) {
    size_t stride = (columns + 3) / 4 * 4;
    for (size_t i = 0; i < count; i++) {
        const float *row = rows + i * columns;
        int8_t *values = out + i * stride;
        memset(values, 0, stride);
        float scale = row_scale(row, columns);
        scales[i] = scale;
        int32_t sum = 0;
        if (scale > 0) {
            for (size_t j = 0; j < columns; j++) {
                values[j] = quantize(row[j], scale);
                sum += values[j];
            }
        }
        corrections[i] = 128 * sum;
    }
}

void jm_i8_scores_portable(const int8_t *queries, size_t queryCount, size_t steps, const int32_t *corrections,
                               const float *queryScales, const uint8_t *packed, size_t groupCount,
                               const float *itemScales, float *out, size_t outStride) {
    for (size_t q = 0; q < queryCount; q++) {
        const int8_t *query = queries + q * steps * 4;
        for (size_t g = 0; g < groupCount; g++) {
            const uint8_t *group = packed + g * steps * 64;
            for (size_t j = 0; j < 16; j++) {
                int32_t sum = 0;
                for (size_t t = 0; t < steps; t++)
                    for (size_t b = 0; b < 4; b++) sum += (int32_t)query[4 * t + b] * (int32_t)group[t * 64 + j * 4 + b];
                float value = (float)(sum - corrections[q]);
                value = value * queryScales[q];
                out[q * outStride + 16 * g + j] = value * itemScales[16 * g + j];
            }
        }
    }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define JM_VNNI __attribute__((target("avx512f,avx512bw,avx512vnni")))

// One tile: MR queries × NR groups of 16 items, MR × NR accumulators of 16 int32 lanes. Each
// step of 4 columns loads NR × 64 item bytes once and broadcasts each query's 4 bytes once:
// vpdpbusd multiplies 64 unsigned item bytes by the 4 signed query bytes repeated and adds each
// item's 4 products into its lane. Called with constant MR and NR, so the loops unroll.
static inline __attribute__((always_inline)) JM_VNNI
void i8_tile(const int MR, const int NR, const int8_t *query, size_t steps, const int32_t *corrections,
             const float *queryScales, const uint8_t *packed, const float *itemScales, float *out, size_t outStride) {
    size_t groupBytes = steps * 64, queryStride = steps * 4;
    __m512i sums[4][3];
    for (int m = 0; m < MR; m++)
        for (int n = 0; n < NR; n++) sums[m][n] = _mm512_setzero_si512();
    for (size_t t = 0; t < steps; t++) {
        __m512i items[3];
        for (int n = 0; n < NR; n++) items[n] = _mm512_loadu_si512((const void *)(packed + n * groupBytes + t * 64));
        for (int m = 0; m < MR; m++) {
            int32_t word;
            memcpy(&word, query + m * queryStride + t * 4, 4);
            __m512i repeated = _mm512_set1_epi32(word);
            for (int n = 0; n < NR; n++) sums[m][n] = _mm512_dpbusd_epi32(sums[m][n], items[n], repeated);
        }
    }
    for (int m = 0; m < MR; m++) {
        __m512i correction = _mm512_set1_epi32(corrections[m]);
        __m512 scale = _mm512_set1_ps(queryScales[m]);
        for (int n = 0; n < NR; n++) {
            __m512 value = _mm512_cvtepi32_ps(_mm512_sub_epi32(sums[m][n], correction));
            value = _mm512_mul_ps(_mm512_mul_ps(value, scale), _mm512_loadu_ps(itemScales + 16 * n));
            _mm512_storeu_ps(out + m * outStride + 16 * n, value);
        }
    }
}

// 4 queries × 3 groups (12 accumulators, 3 item registers, 1 broadcast) measured fastest of the
// shapes tried: about 4.3 times OpenBLAS sgemm on one core for 512 × 480 × 284 (Benchmarks/README).
JM_VNNI
static void i8_scores_vnni(const int8_t *queries, size_t queryCount, size_t steps, const int32_t *corrections,
                           const float *queryScales, const uint8_t *packed, size_t groupCount, const float *itemScales,
                           float *out, size_t outStride) {
    size_t groupBytes = steps * 64, queryStride = steps * 4, g = 0;
#define JM_TILES(NR)                                                                                              \
    {                                                                                                             \
        size_t q = 0;                                                                                             \
        for (; q + 4 <= queryCount; q += 4)                                                                       \
            i8_tile(4, NR, queries + q * queryStride, steps, corrections + q, queryScales + q,                    \
                    packed + g * groupBytes, itemScales + 16 * g, out + q * outStride + 16 * g, outStride);       \
        for (; q < queryCount; q++)                                                                               \
            i8_tile(1, NR, queries + q * queryStride, steps, corrections + q, queryScales + q,                    \
                    packed + g * groupBytes, itemScales + 16 * g, out + q * outStride + 16 * g, outStride);       \
    }
    for (; g + 3 <= groupCount; g += 3) JM_TILES(3)
    for (; g < groupCount; g++) JM_TILES(1)
#undef JM_TILES
}

static int has_vnni(void) {
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
                 && __builtin_cpu_supports("avx512vnni")) ? 1 : 0;
    }
    return known;
}

int jm_i8_kernel_is_vnni(void) { return has_vnni(); }

void jm_i8_scores(const int8_t *queries, size_t queryCount, size_t steps, const int32_t *corrections,
                  const float *queryScales, const uint8_t *packed, size_t groupCount, const float *itemScales,
                  float *out, size_t outStride) {
    if (has_vnni())
        i8_scores_vnni(queries, queryCount, steps, corrections, queryScales, packed, groupCount, itemScales, out, outStride);
    else
        jm_i8_scores_portable(queries, queryCount, steps, corrections, queryScales, packed, groupCount, itemScales, out, outStride);
}
#else
int jm_i8_kernel_is_vnni(void) { return 0; }

void jm_i8_scores(const int8_t *queries, size_t queryCount, size_t steps, const int32_t *corrections,
                  const float *queryScales, const uint8_t *packed, size_t groupCount, const float *itemScales,
                  float *out, size_t outStride) {
    jm_i8_scores_portable(queries, queryCount, steps, corrections, queryScales, packed, groupCount, itemScales, out, outStride);
}
#endif

// ---------------------------------------------------------------------------------------------
// Selection: which scores of a row beat a heap's threshold.

static size_t positions_above_portable(const float *scores, size_t first, size_t count, float threshold,
                                       int32_t *positions) {
    size_t found = 0;
    for (size_t j = first; j < count; j++) {
        positions[found] = (int32_t)j;
        found += scores[j] > threshold;
    }
    return found;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
__attribute__((target("avx512f")))
static size_t positions_above_avx512(const float *scores, size_t count, float threshold, int32_t *positions) {
    const __m512 bar = _mm512_set1_ps(threshold);
    const __m512i step = _mm512_set1_epi32(16);
    __m512i index = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    size_t j = 0, found = 0;
    for (; j + 16 <= count; j += 16) {
        __mmask16 above = _mm512_cmp_ps_mask(_mm512_loadu_ps(scores + j), bar, _CMP_GT_OQ);
        if (above) {
            _mm512_mask_compressstoreu_epi32(positions + found, above, index);
            found += (size_t)__builtin_popcount(above);
        }
        index = _mm512_add_epi32(index, step);
    }
    return found + positions_above_portable(scores, j, count, threshold, positions + found);
}

static int has_avx512f(void) {
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx512f") ? 1 : 0;
    }
    return known;
}

size_t jm_positions_above(const float *scores, size_t count, float threshold, int32_t *positions) {
    if (has_avx512f()) return positions_above_avx512(scores, count, threshold, positions);
    return positions_above_portable(scores, 0, count, threshold, positions);
}
#else
size_t jm_positions_above(const float *scores, size_t count, float threshold, int32_t *positions) {
    return positions_above_portable(scores, 0, count, threshold, positions);
}
#endif
