#include "TextKernels.h"

#include <string.h>

// Exact float arithmetic, the same on every path and platform: no multiply-add contracted into
// a fused one (arm64 and x86 with FMA would round once where the others round twice).
#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

// The value of the bit pattern of zero or a normal half (the projection stores no subnormals,
// infinities or NaNs): exponent and significand moved into place, the exponent's bias from 15 to
// 127.
static inline float half_to_float(uint16_t half) {
    uint32_t wide = half;
    if ((wide & 0x7C00u) == 0) return 0.0f;
    uint32_t bits = (((wide & 0x7FFFu) << 13) + 0x38000000u) | ((wide & 0x8000u) << 16);
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

static void add_scaled_halves_portable(float a, const uint16_t *x, float *y, long count) {
    for (long j = 0; j < count; j++) y[j] = y[j] + a * half_to_float(x[j]);
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

// F16C widens 8 halves in one instruction (exactly, as half_to_float does); AVX for the 8-wide
// multiply and add, kept apart (no "fma" target) so that the sums are those of the portable loop.
__attribute__((target("avx,f16c")))
static void add_scaled_halves_f16c(float a, const uint16_t *x, float *y, long count) {
    const __m256 scale = _mm256_set1_ps(a);
    long j = 0;
    for (; j + 8 <= count; j += 8) {
        __m256 values = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(x + j)));
        _mm256_storeu_ps(y + j, _mm256_add_ps(_mm256_loadu_ps(y + j), _mm256_mul_ps(scale, values)));
    }
    for (; j < count; j++) y[j] = y[j] + a * half_to_float(x[j]);
}

static int has_f16c(void) {
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = (__builtin_cpu_supports("avx") && __builtin_cpu_supports("f16c")) ? 1 : 0;
    }
    return known;
}

int jm_halves_kernel_is_f16c(void) { return has_f16c(); }

void jm_add_scaled_halves(float a, const uint16_t *x, float *y, long count) {
    if (has_f16c()) add_scaled_halves_f16c(a, x, y, count);
    else add_scaled_halves_portable(a, x, y, count);
}
#else
int jm_halves_kernel_is_f16c(void) { return 0; }

void jm_add_scaled_halves(float a, const uint16_t *x, float *y, long count) {
    add_scaled_halves_portable(a, x, y, count);
}
#endif
