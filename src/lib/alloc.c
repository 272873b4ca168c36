/*
 * alloc.c - the allocator every part of librenkei goes through, so that tests can make the
 * Nth allocation fail, and the capped growable buffer (struct rk_buf) built on it.
 */
#include "alloc.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static void *(*m_malloc)(size_t) = malloc;
static void *(*m_realloc)(void *, size_t) = realloc;
static void (*m_free)(void *) = free;

void rk_set_allocator(void *(*malloc_fn)(size_t), void *(*realloc_fn)(void *, size_t),
                      void (*free_fn)(void *))
{
    m_malloc = malloc_fn ? malloc_fn : malloc;
    m_realloc = realloc_fn ? realloc_fn : realloc;
    m_free = free_fn ? free_fn : free;
}

void *rk_malloc(size_t n)
{
    return m_malloc(n ? n : 1);
}

void *rk_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    size_t total = n * size;
    void *p = rk_malloc(total);
    if (p && total > 0)
        memset(p, 0, total);
    return p;
}

void *rk_realloc(void *p, size_t n)
{
    return m_realloc(p, n ? n : 1);
}

void rk_free(void *p)
{
    if (p)
        m_free(p);
}

bool rk_grow_slow(void *arrp, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return false;
        n *= 2;
    }
    if (size && n > SIZE_MAX / size)
        return false;
    void *old;
    memcpy(&old, arrp, sizeof old); /* object pointers share void *'s representation */
    void *p = rk_realloc(old, n * size);
    if (!p)
        return false;
    memcpy(arrp, &p, sizeof p);
    *cap = n;
    return true;
}

char *rk_strndup(const char *s, size_t n)
{
    char *d = rk_malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *rk_strdup(const char *s)
{
    return rk_strndup(s, strlen(s));
}

static enum rk_status buf_reserve(struct rk_buf *b, size_t extra)
{
    if (b->max && (extra > b->max || b->len > b->max - extra))
        return RK_E_LIMIT;
    if (b->len + extra + 1 <= b->cap)
        return RK_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2)
            return RK_E_NOMEM;
        cap *= 2;
    }
    char *d = rk_realloc(b->data, cap);
    if (!d)
        return RK_E_NOMEM;
    b->data = d;
    b->cap = cap;
    return RK_OK;
}

enum rk_status rk_buf_add(struct rk_buf *b, const void *p, size_t n)
{
    enum rk_status st = buf_reserve(b, n);
    if (st != RK_OK)
        return st;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return RK_OK;
}

enum rk_status rk_buf_addc(struct rk_buf *b, char c)
{
    return rk_buf_add(b, &c, 1);
}

enum rk_status rk_buf_printf(struct rk_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return RK_E_INTERNAL;
    enum rk_status st = buf_reserve(b, (size_t)n);
    if (st != RK_OK)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return RK_OK;
}

void rk_buf_free(struct rk_buf *b)
{
    rk_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---- arena: many small allocations freed at once (spec tables) ---- */

struct arena_block {
    struct arena_block *next;
    size_t used, size;
    max_align_t data[];
};

struct rk_arena {
    struct arena_block *head;
};

struct rk_arena *rk_arena_new(void)
{
    return rk_calloc(1, sizeof(struct rk_arena));
}

void *rk_arena_alloc(struct rk_arena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    if (n == 0)
        n = align;
    struct arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        /* blocks grow from 1 KiB to 64 KiB, so that the many small maps of a check stay small */
        size_t size = b ? (b->size < 65536 ? b->size * 2 : 65536) : 1024;
        if (size < n)
            size = n;
        b = rk_malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->size = size;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *rk_arena_strndup(struct rk_arena *a, const char *s, size_t n)
{
    char *d = rk_arena_alloc(a, n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void rk_arena_free(struct rk_arena *a)
{
    if (!a)
        return;
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        rk_free(b);
        b = next;
    }
    rk_free(a);
}
