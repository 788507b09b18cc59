#include "json_arena.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

// AddressSanitizer's manual poisoning, present only when its runtime is linked in (the fuzz
// target, Scripts/sanitize): an emptied arena's blocks are poisoned, so a value read after its
// scope has ended is reported instead of silently read from memory the next record reuses.
// Weak, so that other builds have none and do nothing.
extern void __asan_poison_memory_region(void const volatile *address, size_t size) __attribute__((weak));
extern void __asan_unpoison_memory_region(void const volatile *address, size_t size) __attribute__((weak));
extern int __asan_address_is_poisoned(void const volatile *address) __attribute__((weak));

// The header before every block: whether it lives in an arena (freed with the arena) or on
// the heap (freed with free). 16 bytes keep the block aligned as malloc's are.
enum { ARENA_BLOCK = 0x6172656e61ULL, HEAP_BLOCK = 0x68656170ULL };
typedef struct {
    uint64_t tag;
    uint64_t unused;
} block_header;

// A chunk of an arena: its blocks follow the header, bump-allocated.
typedef struct chunk {
    struct chunk *next;
    size_t size;
    size_t used;
    size_t unused;
} chunk;

// Big enough for a few hundred typical conversations' trees, so that most records never need
// a second chunk; a record that does gets chunks of its own, freed when its scope ends.
enum { FIRST_CHUNK = 1 << 20 };

static _Thread_local chunk *first_chunk;
static _Thread_local chunk *current_chunk;
static _Thread_local int scope_depth;

static chunk *new_chunk(size_t size) {
    chunk *made = malloc(sizeof(chunk) + size);
    if (made) {
        made->next = NULL;
        made->size = size;
        made->used = 0;
    }
    return made;
}

static void *heap_block(size_t size) {
    block_header *header = malloc(sizeof(block_header) + size);
    if (!header) return NULL;
    header->tag = HEAP_BLOCK;
    return header + 1;
}

static void *arena_malloc(size_t size) {
    size_t needed = (sizeof(block_header) + size + 15) & ~(size_t)15;
    if (scope_depth == 0 || needed < size) return heap_block(size);
    if (!first_chunk) {
        first_chunk = current_chunk = new_chunk(FIRST_CHUNK);
        if (!first_chunk) return heap_block(size);
    }
    if (current_chunk->used + needed > current_chunk->size) {
        size_t size_of_next = current_chunk->size * 2 > needed ? current_chunk->size * 2 : needed;
        chunk *next = new_chunk(size_of_next);
        if (!next) return heap_block(size);
        current_chunk->next = next;
        current_chunk = next;
    }
    block_header *header = (block_header *)((char *)(current_chunk + 1) + current_chunk->used);
    current_chunk->used += needed;
    if (__asan_unpoison_memory_region) __asan_unpoison_memory_region(header, needed);
    header->tag = ARENA_BLOCK;
    return header + 1;
}

static void arena_free(void *pointer) {
    if (!pointer) return;
    block_header *header = (block_header *)pointer - 1;
    // This file is not instrumented: reading a stale header would go unnoticed.
    if (__asan_address_is_poisoned && __asan_address_is_poisoned(header)) {
        fprintf(stderr, "json_arena: jansson freed a value no longer allocated (of an emptied arena, or freed already)\n");
        abort();
    }
    if (header->tag == HEAP_BLOCK) free(header);
}

void gl_json_arena_install(void) {
    json_set_alloc_funcs(arena_malloc, arena_free);
}

void gl_json_arena_begin(void) {
    scope_depth += 1;
}

void gl_json_arena_end(void) {
    if (scope_depth == 0 || --scope_depth > 0 || !first_chunk) return;
    // Chunks beyond the first served one large record: give them back.
    chunk *extra = first_chunk->next;
    while (extra) {
        chunk *next = extra->next;
        free(extra);
        extra = next;
    }
    first_chunk->next = NULL;
    if (__asan_poison_memory_region) __asan_poison_memory_region(first_chunk + 1, first_chunk->used);
    first_chunk->used = 0;
    current_chunk = first_chunk;
}

int gl_json_arena_active(void) {
    return scope_depth > 0;
}

void gl_json_free(void *pointer) {
    arena_free(pointer);
}
