#include "TreeKernels.h"

// (g, h) as one 16-byte value: one load, one add and one store a row. Rows' pairs are read as
// two floats (half the bytes) and widened exactly.
typedef double pair_t __attribute__((vector_size(16), aligned(16)));
typedef float pairf_t __attribute__((vector_size(8), aligned(8)));
#define WIDEN(x) __builtin_convertvector((x), pair_t)

// How many rows ahead the bin bytes are fetched: about a memory latency's worth of work.
#define PREFETCH_AHEAD 128

void jm_histogram_rows(const uint8_t *column, const int32_t *rows, const float *pairs, size_t count,
                       double *copies, size_t width) {
    pair_t *a = (pair_t *)copies, *b = a + width, *c = b + width, *d = c + width;
    const pairf_t *x = (const pairf_t *)pairs;
    size_t i = 0;
    size_t ahead = count > PREFETCH_AHEAD ? count - PREFETCH_AHEAD : 0;
    for (; i + 4 <= ahead; i += 4) {
        __builtin_prefetch(column + rows[i + PREFETCH_AHEAD]);
        __builtin_prefetch(column + rows[i + PREFETCH_AHEAD + 1]);
        __builtin_prefetch(column + rows[i + PREFETCH_AHEAD + 2]);
        __builtin_prefetch(column + rows[i + PREFETCH_AHEAD + 3]);
        a[column[rows[i]]] += WIDEN(x[i]);
        b[column[rows[i + 1]]] += WIDEN(x[i + 1]);
        c[column[rows[i + 2]]] += WIDEN(x[i + 2]);
        d[column[rows[i + 3]]] += WIDEN(x[i + 3]);
    }
    for (; i + 4 <= count; i += 4) {
        a[column[rows[i]]] += WIDEN(x[i]);
        b[column[rows[i + 1]]] += WIDEN(x[i + 1]);
        c[column[rows[i + 2]]] += WIDEN(x[i + 2]);
        d[column[rows[i + 3]]] += WIDEN(x[i + 3]);
    }
    for (; i < count; i++) {
        a[column[rows[i]]] += WIDEN(x[i]);
    }
}

size_t jm_partition_rows(const uint8_t *column, const int32_t *rows, size_t count, uint8_t threshold,
                         int missingLeft, int32_t *left, int32_t *right) {
    size_t l = 0, r = 0;
    for (size_t i = 0; i < count; i++) {
        if (i + PREFETCH_AHEAD < count) __builtin_prefetch(column + rows[i + PREFETCH_AHEAD]);
        int32_t row = rows[i];
        uint8_t bin = column[row];
        size_t goesLeft = bin == 0 ? missingLeft != 0 : bin <= threshold;
        // Both writes, one kept: no branch to mispredict on a coin-flip split.
        left[l] = row;
        right[r] = row;
        l += goesLeft;
        r += 1 - goesLeft;
    }
    return l;
}

void jm_histogram_contiguous(const uint8_t *column, const float *pairs, size_t count, double *copies, size_t width) {
    pair_t *a = (pair_t *)copies, *b = a + width, *c = b + width, *d = c + width;
    const pairf_t *x = (const pairf_t *)pairs;
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        a[column[i]] += WIDEN(x[i]);
        b[column[i + 1]] += WIDEN(x[i + 1]);
        c[column[i + 2]] += WIDEN(x[i + 2]);
        d[column[i + 3]] += WIDEN(x[i + 3]);
    }
    for (; i < count; i++) {
        a[column[i]] += WIDEN(x[i]);
    }
}
