#ifndef GENESYS_LINT_CJANSSON_SHIM_H
#define GENESYS_LINT_CJANSSON_SHIM_H

#include <jansson.h>

// jansson exposes these as function-like macros, which Swift cannot import.

static inline json_type gl_json_typeof(const json_t *value) { return json_typeof(value); }

static inline void gl_json_decref(json_t *value) { json_decref(value); }

static inline json_t *gl_json_incref(json_t *value) { return json_incref(value); }

#endif
