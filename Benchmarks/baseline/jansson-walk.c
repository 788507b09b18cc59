/*
 * jansson-walk: the floor genesys-lint is measured against.
 *
 * Streams an export one conversation at a time and does the least any jansson-based reader
 * must do: read(2) into one reused buffer, find each conversation's bytes with a minimal
 * scanner (strings, escapes, nesting depth), parse them with json_loadb, walk the whole tree
 * once (counting every value, reading every string's length and every number), free it.
 * No rules, no model, no reports: whatever genesys-lint spends beyond this is its own cost.
 *
 * Shapes, as genesys-lint reads them: a query response or jobs results page (the elements
 * of the top-level "conversations" array are the records; the envelope's other fields are
 * skipped), and NDJSON or any sequence of top-level objects (each object is a record).
 * Flags as genesys-lint's: JSON_DECODE_ANY | JSON_ALLOW_NUL, duplicates not rejected.
 *
 *     cc -O2 -o jansson-walk jansson-walk.c $(pkg-config --cflags --libs jansson)
 *     jansson-walk FILE      (or - for standard input)
 *
 * Prints the counts on one line; exits 1 if a record does not parse, 2 on a read error.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct counts {
    uint64_t records, objects, arrays, keys, strings, string_bytes, integers, reals, booleans, nulls;
    int64_t integer_sum;   /* folded into the output so the walk cannot be optimised away */
    double real_sum;
};

static void walk(const json_t *value, struct counts *c) {
    switch (json_typeof(value)) {
    case JSON_OBJECT: {
        c->objects++;
        for (void *it = json_object_iter((json_t *)value); it; it = json_object_iter_next((json_t *)value, it)) {
            c->keys++;
            c->string_bytes += json_object_iter_key_len(it);
            walk(json_object_iter_value(it), c);
        }
        break;
    }
    case JSON_ARRAY: {
        c->arrays++;
        size_t n = json_array_size(value);
        for (size_t i = 0; i < n; i++) walk(json_array_get(value, i), c);
        break;
    }
    case JSON_STRING:
        c->strings++;
        c->string_bytes += json_string_length(value);
        break;
    case JSON_INTEGER:
        c->integers++;
        c->integer_sum += json_integer_value(value);
        break;
    case JSON_REAL:
        c->reals++;
        c->real_sum += json_real_value(value);
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        c->booleans++;
        break;
    case JSON_NULL:
        c->nulls++;
        break;
    }
}

/* Byte classes for the scanner: outside strings only quotes and brackets matter (and ':'
 * after the envelope's keys); inside strings only the quote and the backslash. */
enum { PLAIN = 0, QUOTE, BACKSLASH, OPEN, CLOSE, COLON };
static unsigned char outside_class[256], inside_class[256];

static void init_classes(void) {
    outside_class['"'] = QUOTE;
    outside_class['{'] = OPEN;
    outside_class['['] = OPEN;
    outside_class['}'] = CLOSE;
    outside_class[']'] = CLOSE;
    outside_class[':'] = COLON;
    inside_class['"'] = QUOTE;
    inside_class['\\'] = BACKSLASH;
}

struct scanner {
    int depth;
    int in_string, escaped;
    size_t string_start;          /* offset of the current string's first byte, for keys */
    int last_string_is_conversations, value_is_conversations, in_conversations;
    int envelope;                 /* the top-level object holds "conversations" */
    long record_start;            /* offset of the record being framed, or -1 */
    int record_depth;             /* depth outside the record's opening bracket */
};

static int parse_record(const char *bytes, size_t length, struct counts *c, const char *name) {
    json_error_t error;
    json_t *root = json_loadb(bytes, length, JSON_DECODE_ANY | JSON_ALLOW_NUL, &error);
    if (!root) {
        fprintf(stderr, "%s: record %llu: %s\n", name, (unsigned long long)c->records + 1, error.text);
        return -1;
    }
    c->records++;
    walk(root, c);
    json_decref(root);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE|-\n", argv[0]);
        return 2;
    }
    const char *name = argv[1];
    int fd = strcmp(name, "-") == 0 ? 0 : open(name, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "%s: %s\n", name, strerror(errno));
        return 2;
    }
    init_classes();
    size_t capacity = 4u << 20, length = 0, pos = 0;
    char *buffer = malloc(capacity);
    if (!buffer) return 2;
    struct counts counts = {0};
    struct scanner s = {0};
    s.record_start = -1;
    int failed = 0;

    for (;;) {
        /* keep only the unfinished record (or the unfinished key) and read after it */
        size_t keep_from = s.record_start >= 0 ? (size_t)s.record_start : (s.in_string ? s.string_start : pos);
        if (keep_from > 0) {
            memmove(buffer, buffer + keep_from, length - keep_from);
            length -= keep_from;
            pos -= keep_from;
            if (s.record_start >= 0) s.record_start -= (long)keep_from;
            if (s.in_string) s.string_start -= keep_from;
        }
        if (length == capacity) {   /* a record larger than the buffer: grow it */
            capacity *= 2;
            char *grown = realloc(buffer, capacity);
            if (!grown) return 2;
            buffer = grown;
        }
        ssize_t got = read(fd, buffer + length, capacity - length);
        if (got < 0) {
            if (errno == EINTR) continue;
            fprintf(stderr, "%s: %s\n", name, strerror(errno));
            return 2;
        }
        if (got == 0) break;
        length += (size_t)got;

        const unsigned char *bytes = (const unsigned char *)buffer;
        while (pos < length) {
            if (s.in_string) {
                if (s.escaped) {
                    s.escaped = 0;
                    pos++;
                    continue;
                }
                while (pos < length && inside_class[bytes[pos]] == PLAIN) pos++;
                if (pos == length) break;
                if (bytes[pos] == '\\') {
                    s.escaped = 1;
                    pos++;
                    continue;
                }
                /* closing quote: a string at depth 1 may be the envelope's "conversations" key */
                s.in_string = 0;
                if (s.depth == 1)
                    s.last_string_is_conversations = pos - s.string_start == 13 &&
                                                     memcmp(bytes + s.string_start, "conversations", 13) == 0;
                pos++;
                continue;
            }
            while (pos < length && outside_class[bytes[pos]] == PLAIN) pos++;
            if (pos == length) break;
            switch (outside_class[bytes[pos]]) {
            case QUOTE:
                s.in_string = 1;
                s.string_start = pos + 1;
                break;
            case COLON:
                if (s.depth == 1) s.value_is_conversations = s.last_string_is_conversations;
                break;
            case OPEN:
                if (s.depth == 0) {
                    /* a top-level value: a record unless it turns out to be an envelope */
                    s.record_start = (long)pos;
                    s.record_depth = 0;
                    s.envelope = 0;
                } else if (s.depth == 1 && bytes[pos] == '[' && s.value_is_conversations) {
                    s.envelope = 1;
                    s.in_conversations = 1;
                    s.record_start = -1;      /* the envelope itself is not kept */
                } else if (s.depth == 2 && s.in_conversations && bytes[pos] == '{') {
                    s.record_start = (long)pos;
                    s.record_depth = 2;
                }
                s.value_is_conversations = 0;
                s.depth++;
                break;
            case CLOSE:
                s.depth--;
                if (s.depth == 1) s.in_conversations = 0;
                if (s.record_start >= 0 && s.depth == s.record_depth) {
                    if (parse_record(buffer + s.record_start, pos + 1 - (size_t)s.record_start, &counts, name) != 0)
                        failed = 1;
                    s.record_start = -1;
                }
                break;
            }
            pos++;
        }
    }
    if (s.record_start >= 0 || s.depth != 0) {
        fprintf(stderr, "%s: the input ends inside a record\n", name);
        failed = 1;
    }
    printf("records %llu objects %llu arrays %llu keys %llu strings %llu string-bytes %llu integers %llu "
           "reals %llu booleans %llu nulls %llu checksum %lld/%.3f\n",
           (unsigned long long)counts.records, (unsigned long long)counts.objects,
           (unsigned long long)counts.arrays, (unsigned long long)counts.keys,
           (unsigned long long)counts.strings, (unsigned long long)counts.string_bytes,
           (unsigned long long)counts.integers, (unsigned long long)counts.reals,
           (unsigned long long)counts.booleans, (unsigned long long)counts.nulls,
           (long long)counts.integer_sum, counts.real_sum);
    free(buffer);
    return failed;
}
