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
