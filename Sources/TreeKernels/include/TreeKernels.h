#ifndef JOBMATCH_TREE_KERNELS_H
#define JOBMATCH_TREE_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Adds the gradient pairs of a leaf's rows to one feature's histogram (see
/// MatchCore/Scoring/TreeLearner.swift).
///
/// `column` holds one bin byte per training row; `rows` holds `count` row indices (the learner
/// keeps them ascending, which the sums' order relies on, not this function);
/// `pairs` holds their (g, h) side by side as floats, in the same order (widened to double, exactly,
/// before they are added). The histogram has four interleaved
/// copies of `width` bins (`copies[c * width + bin]`, each bin two doubles): row i goes to copy
/// i mod 4, so that rows of one bin in a row do not wait on each other's additions. The caller
/// sums the copies. Bytes of rows a little ahead are prefetched: a leaf's rows are scattered over
/// the column, and each read would otherwise wait on memory.
void jm_histogram_rows(const uint8_t *column, const int32_t *rows, const float *pairs, size_t count,
                       double *copies, size_t width);

/// jm_histogram_rows for the rows `0..<count` of `column` (the root, whose rows are all in order).
void jm_histogram_contiguous(const uint8_t *column, const float *pairs, size_t count, double *copies, size_t width);

/// Splits `count` row indices by their byte in `column`: rows whose bin is 1…`threshold` go to
/// `left`, higher bins to `right`, and bin 0 (missing) to `left` when `missingLeft` is nonzero,
/// each side in the order given. Returns how many went left. Prefetches as jm_histogram_rows does.
size_t jm_partition_rows(const uint8_t *column, const int32_t *rows, size_t count, uint8_t threshold,
                         int missingLeft, int32_t *left, int32_t *right);

#endif
