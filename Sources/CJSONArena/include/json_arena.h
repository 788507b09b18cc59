#ifndef GENESYS_LINT_JSON_ARENA_H
#define GENESYS_LINT_JSON_ARENA_H

#include <stddef.h>

/// jansson's allocator for genesys-lint (installed once, before jansson allocates anything):
/// on a thread inside `gl_json_arena_begin`/`gl_json_arena_end`, every allocation comes from
/// that thread's arena and freeing is free; the arena is emptied at the outermost end, all at
/// once. Elsewhere allocations are malloc's. Each block carries a 16-byte header saying which,
/// so a value can be freed whichever way it was made.
void gl_json_arena_install(void);

/// Starts (or nests) an arena scope on this thread.
void gl_json_arena_begin(void);

/// Ends an arena scope on this thread; the outermost end empties the arena. Nothing allocated
/// in the scope may be used after it.
void gl_json_arena_end(void);

/// Whether this thread is inside an arena scope (nonzero) or not (0).
int gl_json_arena_active(void);

/// Frees memory that jansson allocated (json_dumps' text): the installed free function.
void gl_json_free(void *pointer);

#endif
