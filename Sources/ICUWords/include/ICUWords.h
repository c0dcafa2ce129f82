// Word boundaries from the system ICU's break iterator, behind an API free of ICU types (see
// Sources/CICU/icu_shim.h for why). Linux only: elsewhere every function fails.
#ifndef JOBMATCH_ICU_WORDS_H
#define JOBMATCH_ICU_WORDS_H

#include <stdint.h>

/// An ICU word break iterator. Not thread-safe: one per thread at a time.
typedef struct jm_word_breaker jm_word_breaker;

/// Opens ICU's word break iterator for `locale` ("th"). NULL on failure, with `*error` set to
/// ICU's name for the error (a static string).
jm_word_breaker *jm_word_breaker_open(const char *locale, const char **error);

/// An independent copy of `breaker`, or NULL.
jm_word_breaker *jm_word_breaker_clone(const jm_word_breaker *breaker);

void jm_word_breaker_close(jm_word_breaker *breaker);

/// Writes the boundaries after the first of `text` (UTF-16, `length` units) to `ends`, which
/// must hold `length` values, and returns how many (the last is `length`); -1 on failure.
int32_t jm_word_breaker_ends(jm_word_breaker *breaker, const uint16_t *text, int32_t length, int32_t *ends);

#endif
