#include "ICUWords.h"

#include <stddef.h>

#if defined(__linux__)
#include "../CICU/icu_shim.h"  // the system library target's wrappers

jm_word_breaker *jm_word_breaker_open(const char *locale, const char **error) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *iterator = jm_ubrk_open_word(locale, &status);
    if (jm_u_failure(status) || iterator == NULL) {
        if (error) *error = jm_u_error_name(status);
        if (iterator) jm_ubrk_close(iterator);
        return NULL;
    }
    return (jm_word_breaker *)iterator;
}

jm_word_breaker *jm_word_breaker_clone(const jm_word_breaker *breaker) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *copy = jm_ubrk_clone((const UBreakIterator *)breaker, &status);
    if (jm_u_failure(status)) {
        if (copy) jm_ubrk_close(copy);
        return NULL;
    }
    return (jm_word_breaker *)copy;
}

void jm_word_breaker_close(jm_word_breaker *breaker) {
    if (breaker) jm_ubrk_close((UBreakIterator *)breaker);
}

int32_t jm_word_breaker_ends(jm_word_breaker *breaker, const uint16_t *text, int32_t length, int32_t *ends) {
    UBreakIterator *iterator = (UBreakIterator *)breaker;
    UErrorCode status = U_ZERO_ERROR;
    jm_ubrk_set_text(iterator, (const UChar *)text, length, &status);
    if (jm_u_failure(status)) return -1;
    int32_t count = 0;
    jm_ubrk_first(iterator);
    for (int32_t boundary = jm_ubrk_next(iterator); boundary >= 0; boundary = jm_ubrk_next(iterator)) {
        if (count == length) return -1;
        ends[count++] = boundary;
    }
    // Forget the text: it belongs to the caller and may be freed after this returns.
    jm_ubrk_set_text(iterator, (const UChar *)text, 0, &status);
    return count;
}

#else

jm_word_breaker *jm_word_breaker_open(const char *locale, const char **error) {
    (void)locale;
    if (error) *error = "ICU is used on Linux only";
    return NULL;
}

jm_word_breaker *jm_word_breaker_clone(const jm_word_breaker *breaker) {
    (void)breaker;
    return NULL;
}

void jm_word_breaker_close(jm_word_breaker *breaker) { (void)breaker; }

int32_t jm_word_breaker_ends(jm_word_breaker *breaker, const uint16_t *text, int32_t length, int32_t *ends) {
    (void)breaker; (void)text; (void)length; (void)ends;
    return -1;
}

#endif
