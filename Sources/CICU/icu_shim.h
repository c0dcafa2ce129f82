// The few ICU C functions that ICUWords (and so MatchCore's ICUSegmenter) calls; Linux only,
// from libicu-dev.
//
// ICU's C functions carry the library's major version in their symbol names (`ubrk_open_72`),
// and <unicode/urename.h> maps the plain names to the suffixed ones with macros. These static
// inline wrappers use the plain names, so they compile against whatever ICU is installed.
//
// Only C includes this header (Sources/ICUWords/ICUWords.c), never Swift: Foundation on Linux
// carries its own, newer ICU headers (module _FoundationICU), and a Swift module that sees both
// fails to build on their different `UErrorCode` enums. ICUWords exposes an API free of ICU types.
#ifndef JOBMATCH_ICU_SHIM_H
#define JOBMATCH_ICU_SHIM_H

#include <unicode/ubrk.h>

/// A word break iterator for `locale`, with no text yet; NULL with `*status` set on failure.
static inline UBreakIterator *jm_ubrk_open_word(const char *locale, UErrorCode *status) {
    return ubrk_open(UBRK_WORD, locale, NULL, 0, status);
}

/// An independent copy of `iterator` (one per thread: an iterator is not thread-safe).
static inline UBreakIterator *jm_ubrk_clone(const UBreakIterator *iterator, UErrorCode *status) {
    return ubrk_clone(iterator, status);
}

static inline void jm_ubrk_close(UBreakIterator *iterator) { ubrk_close(iterator); }

/// Points `iterator` at `text` (UTF-16, not copied: it must outlive the iteration).
static inline void jm_ubrk_set_text(UBreakIterator *iterator, const UChar *text, int32_t length,
                                    UErrorCode *status) {
    ubrk_setText(iterator, text, length, status);
}

static inline int32_t jm_ubrk_first(UBreakIterator *iterator) { return ubrk_first(iterator); }

/// The next boundary, or -1 (UBRK_DONE) at the end.
static inline int32_t jm_ubrk_next(UBreakIterator *iterator) { return ubrk_next(iterator); }

/// The rule status of the last boundary: 0–99 none (spaces, punctuation), 100–199 number,
/// 200–299 letters, 300–399 kana, 400–499 ideographs.
static inline int32_t jm_ubrk_rule_status(const UBreakIterator *iterator) {
    return ubrk_getRuleStatus((UBreakIterator *)iterator);
}

static inline int jm_u_failure(UErrorCode status) { return U_FAILURE(status); }

static inline const char *jm_u_error_name(UErrorCode status) { return u_errorName(status); }

#endif
