/*
 * map.h - a hash map, the keys made of record values (map.c), and how two values compare.
 * Hidden (-fvisibility=hidden): not part of the public API.
 */
#ifndef RK_MAP_H
#define RK_MAP_H

#include "renkei.h"
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Whether the n bytes at a and b are the same: up to 16 bytes by two overlapping words each
 * (record values: a version's 6 bytes, a key's 6, 8, 10 digits), longer ones by memcmp. */
static inline bool rk_same_bytes(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    if (n >= 8 && n <= 16) {
        uint64_t p, q, r, t;
        memcpy(&p, x, 8);
        memcpy(&q, y, 8);
        memcpy(&r, x + n - 8, 8);
        memcpy(&t, y + n - 8, 8);
        return ((p ^ q) | (r ^ t)) == 0;
    }
    if (n >= 4 && n < 8) {
        uint32_t p, q, r, t;
        memcpy(&p, x, 4);
        memcpy(&q, y, 4);
        memcpy(&r, x + n - 4, 4);
        memcpy(&t, y + n - 4, 4);
        return ((p ^ q) | (r ^ t)) == 0;
    }
    if (n > 16)
        return memcmp(x, y, n) == 0;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return false;
    return true;
}

struct rk_map;
struct rk_map *rk_map_new(size_t value_size);
/* The value for key (zeroed when new); NULL when absent and !create, or out of memory. */
void *rk_map_get(struct rk_map *m, const void *key, size_t len, bool create, bool *created);
size_t rk_map_count(const struct rk_map *m);
/* Iterates in insertion order: start with *iter = 0. */
bool rk_map_at(const struct rk_map *m, size_t *iter, const void **key, size_t *len, void **value);
void rk_map_free(struct rk_map *m);

/* Map keys made of record values, each followed by 0x1F. rk_key_add appends one field (NULL =
 * empty); rk_key_items the fields of item Nos. "2,3,5" (through col_of for LIFE headers, NULL =
 * positional). Both return false when the key would not fit in cap bytes. */
bool rk_key_add(char *key, size_t *n, size_t cap, const struct rk_field *f);

/* How many bytes of key[0..len) the fields f[0..n) take as rk_key_add writes them (each value,
 * then 0x1F; NULL: empty), or SIZE_MAX when key does not begin with them: a kept key compared
 * with a record's fields without building the record's key. */
static inline size_t rk_key_match(const char *key, size_t len, const struct rk_field *const *f,
                                  size_t n)
{
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t flen = f[i] ? f[i]->len : 0;
        if (flen >= len - at || key[at + flen] != '\x1f' ||
            (flen && !rk_same_bytes(key + at, f[i]->data, flen)))
            return SIZE_MAX;
        at += flen + 1;
    }
    return at;
}
bool rk_key_items(char *key, size_t *n, size_t cap, const char *items, const struct rk_record *rec,
                  const int *col_of);

/* The user and the key values of a key that rk_key_items(items) built over layout l, for a
 * reader: vals (len bytes, each value followed by 0x1F) become "対象年月 202504" style pairs
 * joined by "; " in out (item names from l, values shown as text; the user's own items are left
 * out of it), and the values of the items of role insurer and insured go to insurer and insured
 * (each RK_USER_MAX bytes, "" when the key has none). */
#define RK_USER_MAX 32
void rk_key_describe(const struct rk_layout *l, const char *items, const char *vals, size_t len,
                     char *out, size_t cap, char insurer[RK_USER_MAX], char insured[RK_USER_MAX]);

#endif
