// CBLAS entry points that jobmatch resolves at run time (see MatchCore/Linear/BLAS.swift).
//
// The signatures are those of the reference <cblas.h> with a 32-bit `blasint` (OpenBLAS built
// without INTERFACE64, as Debian and Ubuntu ship it). Declaring them as function-pointer types
// rather than including <cblas.h> keeps the build free of a link-time dependency: linking
// libopenblas would load it before `main`, and OpenBLAS picks its CPU kernel when it loads.
#ifndef JOBMATCH_CBLAS_SHIM_H
#define JOBMATCH_CBLAS_SHIM_H

#include <stdint.h>

enum { JM_CBLAS_ROW_MAJOR = 101, JM_CBLAS_NO_TRANS = 111, JM_CBLAS_TRANS = 112 };

typedef void (*jm_cblas_sgemm_fn)(int order, int transA, int transB, int m, int n, int k,
                                  float alpha, const float *a, int lda, const float *b, int ldb,
                                  float beta, float *c, int ldc);
typedef float (*jm_cblas_sdot_fn)(int n, const float *x, int incx, const float *y, int incy);
typedef char *(*jm_openblas_get_corename_fn)(void);
typedef char *(*jm_openblas_get_config_fn)(void);
typedef int (*jm_openblas_get_num_threads_fn)(void);
typedef void (*jm_openblas_set_num_threads_fn)(int);

// x86-64 CPU features that decide which OpenBLAS kernel is safe and fast. Each answer checks
// both the CPU (CPUID) and that the operating system saves the registers (XGETBV).
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>

static inline uint64_t jm_xgetbv0(void) {
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t)edx << 32) | eax;
}

/// 1 for AMD, 2 for Intel, 0 otherwise.
static inline int jm_cpu_vendor(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(0, &a, &b, &c, &d)) return 0;
    if (b == 0x68747541u) return 1; // "Auth"enticAMD
    if (b == 0x756e6547u) return 2; // "Genu"ineIntel
    return 0;
}

static inline int jm_os_saves_ymm(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 27))) return 0; // OSXSAVE
    return (jm_xgetbv0() & 0x6) == 0x6;
}

/// AVX2 and FMA3, usable: the Haswell/Zen class of OpenBLAS kernels.
static inline int jm_cpu_has_avx2_fma(void) {
    unsigned int a, b, c, d;
    if (!jm_os_saves_ymm()) return 0;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 12))) return 0; // FMA
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & (1u << 5)) != 0; // AVX2
}

/// AVX-512 F, DQ, BW and VL, usable: the SkylakeX class of OpenBLAS kernels.
static inline int jm_cpu_has_avx512_skx(void) {
    unsigned int a, b, c, d;
    if (!jm_cpu_has_avx2_fma()) return 0;
    if ((jm_xgetbv0() & 0xe6) != 0xe6) return 0; // opmask, ZMM_Hi256, Hi16_ZMM saved
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    const unsigned int need = (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31); // F DQ BW VL
    return (b & need) == need;
}
#else
static inline int jm_cpu_vendor(void) { return 0; }
static inline int jm_cpu_has_avx2_fma(void) { return 0; }
static inline int jm_cpu_has_avx512_skx(void) { return 0; }
#endif

#endif
