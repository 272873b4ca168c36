/*
 * zip_archive.c - reading members of a ZIP archive held in memory, the only file that uses
 * libzip. Bounded whatever the archive claims: a member is inflated at most to the caller's
 * cap (a ZIP bomb stops at the cap with RK_E_LIMIT, whatever size its header declares), and
 * archives with more members than RK_ZIP_MAX_ENTRIES are refused. Used by the xlsx reader.
 */
#include "internal.h"

#include <string.h>
#include <zip.h>

struct rk_zip {
    zip_t *za;
    zip_source_t *src;
};

enum rk_status rk_zip_open_mem(struct rk_zip **out, const void *data, size_t len)
{
    *out = NULL;
    struct rk_zip *z = rk_calloc(1, sizeof *z);
    if (!z)
        return RK_E_NOMEM;
    zip_error_t err;
    zip_error_init(&err);
    /* libzip reads the caller's bytes in place (freep 0: they stay the caller's) */
    z->src = zip_source_buffer_create(len ? data : "", len, 0, &err);
    if (z->src)
        z->za = zip_open_from_source(z->src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
    enum rk_status st = RK_OK;
    if (!z->za) {
        st = zip_error_code_zip(&err) == ZIP_ER_MEMORY ? RK_E_NOMEM : RK_E_IO;
        if (z->src)
            zip_source_free(z->src);
        rk_free(z);
    } else if (zip_get_num_entries(z->za, 0) > RK_ZIP_MAX_ENTRIES) {
        st = RK_E_LIMIT;
        zip_discard(z->za); /* also frees the source */
        rk_free(z);
    } else {
        *out = z;
    }
    zip_error_fini(&err);
    return st;
}

bool rk_zip_has(struct rk_zip *z, const char *name)
{
    return zip_name_locate(z->za, name, 0) >= 0;
}

enum rk_status rk_zip_read(struct rk_zip *z, const char *name, size_t max, struct rk_buf *out)
{
    zip_int64_t idx = zip_name_locate(z->za, name, 0);
    if (idx < 0)
        return RK_E_IO;
    zip_stat_t sb;
    zip_stat_init(&sb);
    if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &sb) == 0 && (sb.valid & ZIP_STAT_SIZE) &&
        sb.size > max)
        return RK_E_LIMIT;
    zip_file_t *f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
    if (!f)
        return RK_E_IO;
    /* the declared size may lie: count what is inflated, not what the header says */
    enum rk_status st = RK_OK;
    char chunk[16384];
    zip_int64_t n;
    size_t total = 0;
    while (st == RK_OK && (n = zip_fread(f, chunk, sizeof chunk)) > 0) {
        if ((size_t)n > max - total)
            st = RK_E_LIMIT;
        else {
            total += (size_t)n;
            st = rk_buf_add(out, chunk, (size_t)n);
        }
    }
    if (st == RK_OK && n < 0)
        st = RK_E_IO; /* CRC mismatch, truncated or corrupt data */
    zip_fclose(f);
    return st;
}

void rk_zip_close(struct rk_zip *z)
{
    if (!z)
        return;
    zip_discard(z->za);
    rk_free(z);
}
