#ifndef JOBMATCH_TEXT_KERNELS_H
#define JOBMATCH_TEXT_KERNELS_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Kernels of text encoding: the Thai word trie's steps (MatchCore/Text/WordTrie.swift), static
// inline so that Swift compiles them into its callers (no call per step), and the text block's
// projection from half-precision rows (MatchCore/Features/TermProjection.swift).

/// The index of the first of `count` labels equal to `label`, or a number of `count` or more
/// when none is. `labels` must be readable up to 15 bytes past the last label (the trie pads
/// its storage): they are compared 16 at a time. Up to 16 labels, there is no branch to
/// mispredict: the trie's walks call this with the next scalar of a text, whose match or
/// mismatch no predictor can guess.
static inline long jm_find_label(const uint8_t *labels, long count, uint8_t label) {
#if defined(__SSE2__)
    const __m128i key = _mm_set1_epi8((char)label);
    unsigned valid = count >= 16 ? 0xFFFFu : (1u << count) - 1;
    unsigned bits = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)labels), key)) & valid;
    long index = __builtin_ctz(bits | 0x10000u);  // 16 when not among the first 16
    if (__builtin_expect(index == 16 && count > 16, 0)) {
        for (long start = 16; start < count; start += 16) {
            bits = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(labels + start)), key));
            long remaining = count - start;
            if (remaining < 16) bits &= (1u << remaining) - 1;
            if (bits) return start + __builtin_ctz(bits);
        }
        return count;
    }
    return index;
#else
    for (long index = 0; index < count; index++) {
        if (labels[index] == label) return index;
    }
    return count;
#endif
}

/// Packs the `count` flags (bytes 0 or 1) at `flags` into bits: flag i is bit i % 64 of
/// `bits[i / 64]`; the bits past `count` in the last word are 0. Sixteen flags at a time with
/// SSE2, one at a time elsewhere (the same bits).
static inline void jm_pack_flags(const uint8_t *flags, long count, uint64_t *bits) {
    for (long start = 0; start < count; start += 64) {
        long end = start + 64 < count ? start + 64 : count;
        uint64_t packed = 0;
        long index = start;
#if defined(__SSE2__)
        for (; index + 16 <= end; index += 16) {
            __m128i set = _mm_cmpgt_epi8(_mm_loadu_si128((const __m128i *)(flags + index)), _mm_setzero_si128());
            packed |= (uint64_t)(unsigned)_mm_movemask_epi8(set) << (index - start);
        }
#endif
        for (; index < end; index++) packed |= (uint64_t)(flags[index] != 0) << (index - start);
        bits[start / 64] = packed;
    }
}

/// Asks for the cache line at `address` to be loaded, without waiting for it.
static inline void jm_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// y[0..<count] += a * x[0..<count], where x holds the bit patterns of half-precision values
/// (zeros and normal halves only). With F16C (chosen at run time) eight at a time; the sums are
/// the same bit for bit on every path: each product rounded, then each sum.
void jm_add_scaled_halves(float a, const uint16_t *x, float *y, long count);

/// 1 when jm_add_scaled_halves uses F16C on this processor, else 0.
int jm_halves_kernel_is_f16c(void);

#endif
