/*
 * alloc.h - librenkei's memory (alloc.c): the allocator every module goes through
 * (rk_set_allocator), growable arrays, capped byte buffers and arenas. Hidden
 * (-fvisibility=hidden): not part of the public API.
 */
#ifndef RK_ALLOC_H
#define RK_ALLOC_H

#include "renkei.h"
#include <stdbool.h>
#include <stddef.h>

void *rk_malloc(size_t n);
void *rk_calloc(size_t n, size_t size);
void *rk_realloc(void *p, size_t n);
void rk_free(void *p);
/*
 * Makes room for at least `need` elements of `size` bytes in a growable array: `arrp` is the
 * address of the array's pointer (any object pointer type), `cap` its capacity in elements.
 * Doubles from 16. On failure (no memory, or a size that would overflow) returns false and
 * leaves the array and *cap as they were. The one way librenkei grows an array. Inline for the
 * common case (room already there), which the reader meets once per field.
 */
bool rk_grow_slow(void *arrp, size_t *cap, size_t need, size_t size);
static inline bool rk_grow(void *arrp, size_t *cap, size_t need, size_t size)
{
    return need <= *cap || rk_grow_slow(arrp, cap, need, size);
}
char *rk_strdup(const char *s);
char *rk_strndup(const char *s, size_t n);

/* A growable byte buffer with a cap (curl dynbuf style). */
struct rk_buf {
    char *data;
    size_t len, cap, max; /* max: 0 = unlimited */
};
enum rk_status rk_buf_add(struct rk_buf *b, const void *p, size_t n);
enum rk_status rk_buf_addc(struct rk_buf *b, char c);
enum rk_status rk_buf_printf(struct rk_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rk_buf_free(struct rk_buf *b);

struct rk_arena;
struct rk_arena *rk_arena_new(void);
void *rk_arena_alloc(struct rk_arena *a, size_t n); /* zeroed, max_align_t aligned */
char *rk_arena_strndup(struct rk_arena *a, const char *s, size_t n);
void rk_arena_free(struct rk_arena *a);

#endif
