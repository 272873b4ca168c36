/*
 * map.c - a hash map from byte-string keys to fixed-size values, for the rules that
 * aggregate over records (keys per user, per send, per service). Open addressing with linear
 * probing over indices into an entry array kept in insertion order, so iteration (and the
 * findings made from it) follows the input. Keys and values live in an arena and are freed
 * with the map. Grows by doubling, so inserting n keys costs O(n). The entry last found is
 * tried first: a user's records come together, so the rules ask for the same key record after
 * record.
 */
#include "map.h"

#include "alloc.h"
#include "spec.h"

#include <stdio.h>
#include <string.h>

struct entry {
    uint64_t hash;
    const unsigned char *key;
    size_t len;
    void *value;
};

struct rk_map {
    uint32_t *slots; /* 0 = empty, else entry index + 1 */
    size_t cap, vsize;
    struct entry *entries;
    size_t n, ecap;
    struct rk_arena *arena;
    size_t last; /* entry index + 1 of the last key found or added, 0 = none */
};

static uint64_t mix(uint64_t h)
{
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93u;
    h ^= h >> 32;
    return h;
}

/* 8 bytes at a time (keys are a few record values: 20-40 bytes), each word multiplied in,
 * the whole mixed so that the low bits, which pick the slot, depend on every byte. */
static uint64_t hash_bytes(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 0x9e3779b97f4a7c15u ^ n, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9u;
        h ^= h >> 29;
    }
    w = 0;
    if (n)
        memcpy(&w, s, n);
    return mix((h ^ w) * 0x94d049bb133111ebu);
}

struct rk_map *rk_map_new(size_t value_size)
{
    struct rk_map *m = rk_calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->vsize = value_size;
    m->cap = 64;
    m->slots = rk_calloc(m->cap, sizeof *m->slots);
    m->arena = rk_arena_new();
    if (!m->slots || !m->arena) {
        rk_map_free(m);
        return NULL;
    }
    return m;
}

static bool grow(struct rk_map *m)
{
    size_t cap = m->cap * 2;
    uint32_t *s = rk_calloc(cap, sizeof *s);
    if (!s)
        return false;
    for (size_t e = 0; e < m->n; e++) {
        size_t j = m->entries[e].hash & (cap - 1);
        while (s[j])
            j = (j + 1) & (cap - 1);
        s[j] = (uint32_t)(e + 1);
    }
    rk_free(m->slots);
    m->slots = s;
    m->cap = cap;
    return true;
}

void *rk_map_get(struct rk_map *m, const void *key, size_t len, bool create, bool *created)
{
    if (created)
        *created = false;
    if (m->last) {
        const struct entry *e = &m->entries[m->last - 1];
        if (e->len == len && memcmp(e->key, key, len) == 0)
            return e->value;
    }
    uint64_t h = hash_bytes(key, len);
    size_t i = h & (m->cap - 1);
    while (m->slots[i]) {
        const struct entry *e = &m->entries[m->slots[i] - 1];
        if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0) {
            m->last = m->slots[i];
            return e->value;
        }
        i = (i + 1) & (m->cap - 1);
    }
    if (!create)
        return NULL;
    if ((m->n + 1) * 4 > m->cap * 3 || m->n + 1 >= UINT32_MAX) {
        if (m->n + 1 >= UINT32_MAX || !grow(m))
            return NULL;
        return rk_map_get(m, key, len, create, created);
    }
    if (!rk_grow(&m->entries, &m->ecap, m->n + 1, sizeof *m->entries))
        return NULL;
    unsigned char *k = rk_arena_alloc(m->arena, len ? len : 1);
    void *v = rk_arena_alloc(m->arena, m->vsize ? m->vsize : 1);
    if (!k || !v)
        return NULL;
    memcpy(k, key, len);
    m->entries[m->n] = (struct entry){h, k, len, v};
    m->slots[i] = (uint32_t)(m->n + 1);
    m->n++;
    m->last = m->n;
    if (created)
        *created = true;
    return v;
}

size_t rk_map_count(const struct rk_map *m)
{
    return m->n;
}

bool rk_map_at(const struct rk_map *m, size_t *iter, const void **key, size_t *len, void **value)
{
    if (*iter >= m->n)
        return false;
    const struct entry *e = &m->entries[(*iter)++];
    *key = e->key;
    *len = e->len;
    *value = e->value;
    return true;
}

void rk_map_free(struct rk_map *m)
{
    if (!m)
        return;
    rk_free(m->slots);
    rk_free(m->entries);
    rk_arena_free(m->arena);
    rk_free(m);
}

/* ---- keys built from record values ---- */

bool rk_key_add(char *key, size_t *n, size_t cap, const struct rk_field *f)
{
    size_t len = f ? f->len : 0;
    if (*n + len + 1 >= cap)
        return false;
    if (len)
        memcpy(key + *n, f->data, len);
    *n += len;
    key[(*n)++] = '\x1f';
    key[*n] = '\0';
    return true;
}

bool rk_key_items(char *key, size_t *n, size_t cap, const char *items, const struct rk_record *rec,
                  const int *col_of)
{
    const char *cur = items, *t;
    size_t tl;
    while (rk_list_next(&cur, &t, &tl)) {
        unsigned no = 0;
        for (size_t i = 0; i < tl; i++)
            no = no * 10 + (unsigned)(t[i] - '0');
        long at = no >= 1 ? (col_of ? col_of[no - 1] : (long)no - 1) : -1;
        const struct rk_field *f = (at >= 0 && (size_t)at < rec->nfields) ? &rec->fields[at] : NULL;
        if (!rk_key_add(key, n, cap, f))
            return false;
    }
    return true;
}

void rk_key_describe(const struct rk_layout *l, const char *items, const char *vals, size_t len,
                     char *out, size_t cap, char insurer[RK_USER_MAX], char insured[RK_USER_MAX])
{
    const char *cur = items, *t;
    size_t tl, at = 0;
    out[0] = insurer[0] = insured[0] = '\0';
    while (rk_list_next(&cur, &t, &tl) && len > 0) {
        const char *end = memchr(vals, '\x1f', len);
        size_t vl = end ? (size_t)(end - vals) : len;
        unsigned no = 0;
        for (size_t i = 0; i < tl; i++)
            no = no * 10 + (unsigned)(t[i] - '0');
        const struct rk_item *it = l && no >= 1 && no <= l->nitems ? &l->items[no - 1] : NULL;
        const char *name = it ? it->name : NULL;
        char shown[96];
        rk_encoding_display(RK_ENC_CP932, (const unsigned char *)vals, vl, shown, sizeof shown);
        if (it && it->role == RK_ROLE_INSURER)
            rk_encoding_display(RK_ENC_CP932, (const unsigned char *)vals, vl, insurer,
                                RK_USER_MAX);
        else if (it && it->role == RK_ROLE_INSURED)
            rk_encoding_display(RK_ENC_CP932, (const unsigned char *)vals, vl, insured,
                                RK_USER_MAX);
        else if (at + 1 < cap) {
            int k = name ? snprintf(out + at, cap - at, "%s%s %s", at ? "; " : "", name, shown)
                         : snprintf(out + at, cap - at, "%sNo.%u %s", at ? "; " : "", no, shown);
            at = k < 0 ? at : at + (size_t)k < cap ? at + (size_t)k : cap - 1;
        }
        if (!end)
            break;
        len -= vl + 1;
        vals = end + 1;
    }
}
