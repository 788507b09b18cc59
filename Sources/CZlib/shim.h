#ifndef GENESYS_LINT_CZLIB_SHIM_H
#define GENESYS_LINT_CZLIB_SHIM_H

#include <zlib.h>

// inflateInit2 is a function-like macro (it passes the library version and the size of
// z_stream), which Swift cannot import.

/// Prepares `stream` to inflate gzip data only (16 + MAX_WBITS): a zlib or raw deflate stream
/// is reported as corrupt rather than guessed at.
static inline int gl_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 16 + MAX_WBITS);
}

#endif
