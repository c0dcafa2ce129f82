// TextKernels is header-only (static inline functions in include/TextKernels.h); a C target
// needs one source file.
#include "TextKernels.h"
