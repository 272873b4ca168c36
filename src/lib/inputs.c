/*
 * inputs.c - the inputs as users hand them over: the caller's arguments expanded into the
 * files to check (rk_paths_add), each one opened and read (rk_input_open/read/close), and the
 * "never write over an input" check (rk_paths_holds, rk_input_same_file). The only file of
 * librenkei that walks directories or opens an input, and the only one that uses libzip.
 *
 * A directory is read recursively in name order: files named *.csv (any case) and files named
 * as an image layout of the specs are taken; any other file (README.md, Thumbs.db), every name
 * starting with '.' and every dot-directory (.git) are skipped and counted. Links to
 * directories are followed; a directory reached a second time (a link loop, or two links to one
 * place) is read once and counted. A ZIP archive, given or found, is read as a directory: its
 * members are named `ARCHIVE.zip!/path/NAME.CSV`, within limits against ZIP bombs (inputs.h).
 *
 * An archive held in memory (an .xlsx workbook: xlsx.c) is read member by member with
 * rk_zip_open_mem / rk_zip_read, each member inflated at most to the caller's cap whatever
 * its header declares.
 */
#include "inputs.h"

#include "alloc.h"
#include "crypto.h"
#include "encoding.h"
#include "map.h"
#include "os.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define MAX_DEPTH 64

/* ---- names ---- */

static bool ends_with_ci(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = (unsigned char)s[n - k + i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + ('a' - 'A'));
        if (c != (unsigned char)suffix[i])
            return false;
    }
    return true;
}

static bool is_archive_name(const char *s, size_t n)
{
    return ends_with_ci(s, n, ".zip");
}

/* A file of an image layout is named "<layout ID>_..." (filename.c judges the rest). */
static bool is_image_name(const struct rk_specs *specs, const char *base)
{
    if (!specs)
        return false;
    for (size_t i = 0; i < specs->nversions; i++) {
        const struct rk_version *v = &specs->versions[i];
        for (size_t j = 0; j < v->nlayouts; j++) {
            const struct rk_layout *l = &v->layouts[j];
            size_t k = strlen(l->id);
            if (l->kind == RK_LK_IMAGE && strncmp(base, l->id, k) == 0 && base[k] == '_')
                return true;
        }
    }
    return false;
}

enum take { TAKE_CHECK, TAKE_ARCHIVE, TAKE_SKIP };

static enum take classify(const struct rk_paths *p, const char *base)
{
    size_t n = strlen(base);
    if (base[0] == '.')
        return TAKE_SKIP;
    if (ends_with_ci(base, n, ".csv") || is_image_name(p->specs, base))
        return TAKE_CHECK;
    if (is_archive_name(base, n))
        return TAKE_ARCHIVE;
    return TAKE_SKIP;
}

static enum rk_status add_one(struct rk_paths *p, const char *s, size_t n)
{
    if (!rk_grow(&p->v, &p->cap, p->n + 1, sizeof *p->v))
        return RK_E_NOMEM;
    p->v[p->n] = rk_strndup(s, n);
    if (!p->v[p->n])
        return RK_E_NOMEM;
    p->n++;
    return RK_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- archives ---- */

struct archive {
    zip_t *za;
    zip_int64_t n; /* members */
};

static void problem(struct rk_input_problem *why, enum rk_rule_id rule, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(struct rk_input_problem *why, enum rk_rule_id rule, const char *fmt, ...)
{
    if (!why)
        return;
    why->rule = rule;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why->detail, sizeof why->detail, fmt, ap);
    va_end(ap);
}

/* Opens a regular file for reading, never waiting on a FIFO; -1 with *why filled otherwise. */
static int open_regular(const char *path, struct rk_input_problem *why)
{
    int fd = rk_os_open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        problem(why, RK_RULE_IO_001, "%s", strerror(errno));
        return -1;
    }
    struct rk_os_stat sb;
    if (rk_os_fstat(fd, &sb) != 0 || !sb.is_reg) {
        problem(why, RK_RULE_IO_001, "%s", sb.is_dir ? "is a directory" : "not a regular file");
        rk_os_close(fd);
        return -1;
    }
    rk_os_set_blocking(fd);
    return fd;
}

/*
 * Opens the archive at path and checks the limits that concern it as a whole (damage, member
 * count, total size). RK_OK with a->za open; RK_E_IO with *why (IO-002, IO-003, IO-005 or
 * IO-001) otherwise.
 */
static enum rk_status archive_open(const char *path, struct archive *a,
                                   struct rk_input_problem *why)
{
    memset(a, 0, sizeof *a);
    int fd = open_regular(path, why);
    if (fd < 0)
        return RK_E_IO;
    int err = 0;
    a->za = zip_fdopen(fd, ZIP_RDONLY, &err);
    if (!a->za) {
        rk_os_close(fd);
        zip_error_t ze;
        zip_error_init_with_code(&ze, err);
        problem(why, RK_RULE_IO_002, "%s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return RK_E_IO;
    }
    a->n = zip_get_num_entries(a->za, 0);
    if (a->n < 0 || (zip_uint64_t)a->n > RK_ZIP_MAX_MEMBERS) {
        problem(why, RK_RULE_IO_003, "%lld > %u", (long long)a->n, RK_ZIP_MAX_MEMBERS);
        zip_discard(a->za);
        a->za = NULL;
        return RK_E_IO;
    }
    zip_uint64_t total = 0;
    for (zip_int64_t i = 0; i < a->n; i++) {
        zip_stat_t zs;
        if (zip_stat_index(a->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &zs) == 0 &&
            (zs.valid & ZIP_STAT_SIZE))
            total += zs.size;
        if (total > RK_ZIP_MAX_TOTAL_BYTES) {
            problem(why, RK_RULE_IO_005, "> %llu bytes",
                    (unsigned long long)RK_ZIP_MAX_TOTAL_BYTES);
            zip_discard(a->za);
            a->za = NULL;
            return RK_E_IO;
        }
    }
    return RK_OK;
}

static bool valid_utf8(const char *s)
{
    for (size_t i = 0, n = strlen(s); i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = rk_utf8_len((const unsigned char *)s + i, n - i);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

/* The name of member i in UTF-8 (malloc'd; free with rk_free): its bytes when they are UTF-8,
 * else decoded from CP932 (archives made by Japanese Windows). NULL when out of memory. */
static char *member_name(zip_t *za, zip_uint64_t i)
{
    const char *raw = zip_get_name(za, i, ZIP_FL_ENC_RAW);
    if (!raw)
        return rk_strdup("");
    if (valid_utf8(raw))
        return rk_strdup(raw);
    size_t n = strlen(raw), cap = 4 * n + 1; /* a byte becomes at most \xNN */
    char *out = rk_malloc(cap);
    if (out) /* a byte that is not CP932 becomes \xNN, which unsafe_name refuses */
        rk_encoding_display(RK_ENC_CP932, (const unsigned char *)raw, n, out, cap);
    return out;
}

/*
 * The archive whose members are being read, kept open between them in each thread: opening an
 * archive reads its whole central directory (libzip converts every member's DOS time with
 * mktime, which stats /etc/localtime each time), so opening it anew for each of N members cost
 * N^2 (10,000 members: over 15 minutes). It stays open after its last member is closed until
 * the thread opens another archive, or rk_input_release is called (check_run's workers, before
 * they end); it is opened again when the file at its path is no longer the one opened (device,
 * inode or size). A second archive opened while a member of the kept one is being read (a
 * round trip of two archives) gets a shelf of its own, closed with its last member.
 */
struct named {
    char *name; /* as member_name gives it */
    zip_int64_t i;
};

struct shelf {
    char *path;
    struct rk_os_stat id;
    struct archive a;
    struct named *names; /* every member by name, sorted: made on the first look-up */
    unsigned users;      /* inputs reading a member of it */
};

static _Thread_local struct shelf *kept;

static void shelf_free(struct shelf *sh)
{
    if (!sh)
        return;
    if (sh->names)
        for (zip_int64_t i = 0; i < sh->a.n; i++)
            rk_free(sh->names[i].name);
    rk_free(sh->names);
    if (sh->a.za)
        zip_discard(sh->a.za);
    rk_free(sh->path);
    rk_free(sh);
}

static void shelf_release(struct shelf *sh)
{
    if (sh && --sh->users == 0 && sh != kept)
        shelf_free(sh);
}

void rk_input_release(void)
{
    if (kept && kept->users == 0) {
        shelf_free(kept);
        kept = NULL;
    }
}

/* The open archive at arc[0..alen), whose file id is: the kept one when it is that file, else
 * opened (and kept, unless the kept one is in use). */
static enum rk_status shelf_get(const char *arc, size_t alen, const struct rk_os_stat *id,
                                struct shelf **out, struct rk_input_problem *why)
{
    struct shelf *k = kept;
    if (k && strlen(k->path) == alen && memcmp(k->path, arc, alen) == 0 && k->id.dev == id->dev &&
        k->id.ino == id->ino && k->id.size == id->size) {
        k->users++;
        *out = k;
        return RK_OK;
    }
    struct shelf *sh = rk_calloc(1, sizeof *sh);
    if (!sh || !(sh->path = rk_strndup(arc, alen))) {
        rk_free(sh);
        return RK_E_NOMEM;
    }
    sh->id = *id;
    enum rk_status st = archive_open(sh->path, &sh->a, why);
    if (st != RK_OK) {
        shelf_free(sh);
        return st;
    }
    sh->users = 1;
    if (!k || k->users == 0) {
        shelf_free(k);
        kept = sh;
    }
    *out = sh;
    return RK_OK;
}

static int cmp_named(const void *a, const void *b)
{
    const struct named *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* The index of the member that member_name calls name; -1 when none is, -2 when out of memory;
 * *twice set when another member has the same name too (an importer may read either): the
 * first of them by index is returned. zip_name_locate is not used: with ZIP_FL_ENC_RAW it
 * matches no stored non-ASCII name in libzip 1.7, and its authors leave names in encodings
 * other than UTF-8 to be transcoded by the caller (nih-at/libzip#212). Every name is decoded
 * once per archive, into a sorted index searched by halves. */
static zip_int64_t locate_member(struct shelf *sh, const char *name, bool *twice)
{
    zip_int64_t n = sh->a.n;
    *twice = false;
    if (!sh->names) {
        struct named *v = rk_calloc(n ? (size_t)n : 1, sizeof *v);
        if (!v)
            return -2;
        for (zip_int64_t i = 0; i < n; i++) {
            v[i].i = i;
            if (!(v[i].name = member_name(sh->a.za, (zip_uint64_t)i))) {
                for (zip_int64_t k = 0; k < i; k++)
                    rk_free(v[k].name);
                rk_free(v);
                return -2;
            }
        }
        qsort(v, (size_t)n, sizeof *v, cmp_named);
        sh->names = v;
    }
    zip_int64_t lo = 0, hi = n; /* the first entry not below name */
    while (lo < hi) {
        zip_int64_t mid = lo + (hi - lo) / 2;
        if (strcmp(sh->names[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == n || strcmp(sh->names[lo].name, name) != 0)
        return -1;
    *twice = lo + 1 < n && strcmp(sh->names[lo + 1].name, name) == 0;
    return sh->names[lo].i;
}

/* Adds the members of the archive at path worth checking, in name order. A damaged archive or
 * one over a limit is added as it is, so that the check reports it. */
static enum rk_status add_archive(struct rk_paths *p, const char *path)
{
    struct archive a;
    struct rk_input_problem why;
    if (archive_open(path, &a, &why) != RK_OK)
        return add_one(p, path, strlen(path));
    struct rk_paths local = {0};
    enum rk_status st = RK_OK;
    for (zip_int64_t i = 0; st == RK_OK && i < a.n; i++) {
        char *name = member_name(a.za, (zip_uint64_t)i);
        if (!name) {
            st = RK_E_NOMEM;
            break;
        }
        size_t len = strlen(name);
        if (len == 0 || name[len - 1] == '/') { /* a directory entry */
            rk_free(name);
            continue;
        }
        /* a component starting with '.' (.git/, ._NAME.CSV of macOS) is skipped */
        bool dot = name[0] == '.' || strstr(name, "/.") != NULL;
        const char *base = strrchr(name, '/');
        base = base ? base + 1 : name;
        enum take t = dot ? TAKE_SKIP : classify(p, base);
        if (t != TAKE_CHECK) { /* an archive inside an archive is not opened */
            p->skipped_files++;
            rk_free(name);
            continue;
        }
        struct rk_buf b = {0};
        st = rk_buf_printf(&b, "%s%s%s", path, RK_ARCHIVE_SEP, name);
        if (st == RK_OK)
            st = add_one(&local, b.data, b.len);
        rk_buf_free(&b);
        rk_free(name);
    }
    zip_discard(a.za);
    if (local.n > 1)
        qsort(local.v, local.n, sizeof *local.v, cmp_str);
    for (size_t i = 0; i < local.n; i++) {
        if (st == RK_OK && !rk_grow(&p->v, &p->cap, p->n + 1, sizeof *p->v))
            st = RK_E_NOMEM;
        if (st == RK_OK) {
            p->v[p->n++] = local.v[i];
            local.v[i] = NULL;
        }
    }
    rk_paths_free(&local);
    return st;
}

/* ---- directories ---- */

/* The directories being read or already read (device and inode), to read each one once. */
struct seen {
    struct rk_os_stat *v;
    size_t n, cap;
};

static bool seen_before(struct seen *s, const struct rk_os_stat *sb, bool *oom)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].dev == sb->dev && s->v[i].ino == sb->ino)
            return true;
    if (!rk_grow(&s->v, &s->cap, s->n + 1, sizeof *s->v)) {
        *oom = true;
        return true;
    }
    s->v[s->n++] = *sb;
    return false;
}

static enum rk_status walk_dir(struct rk_paths *p, struct seen *seen, const char *dir, int depth)
{
    struct rk_os_dir *d = depth <= MAX_DEPTH ? rk_os_dir_open(dir) : NULL;
    if (!d) /* reported as unreadable by the check */
        return add_one(p, dir, strlen(dir));
    struct rk_paths local = {0};
    const char *e;
    enum rk_status st = RK_OK;
    size_t dl = strlen(dir);
    while (st == RK_OK && (e = rk_os_dir_next(d)) != NULL) {
        if (strcmp(e, ".") == 0 || strcmp(e, "..") == 0)
            continue;
        struct rk_buf b = {0};
        st = rk_buf_printf(&b, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", e);
        if (st == RK_OK)
            st = add_one(&local, b.data, b.len);
        rk_buf_free(&b);
    }
    rk_os_dir_close(d);
    if (local.n > 1)
        qsort(local.v, local.n, sizeof *local.v, cmp_str);
    for (size_t i = 0; st == RK_OK && i < local.n; i++) {
        const char *path = local.v[i];
        const char *base = path + dl + (dl && dir[dl - 1] == '/' ? 0 : 1);
        struct rk_os_stat sb;
        bool is_dir = rk_os_stat(path, &sb) == 0 && sb.is_dir;
        if (is_dir) {
            bool oom = false;
            if (base[0] == '.')
                p->skipped_dirs++;
            else if (seen_before(seen, &sb, &oom))
                p->repeated_dirs += !oom;
            else
                st = walk_dir(p, seen, path, depth + 1);
            if (oom)
                st = RK_E_NOMEM;
            continue;
        }
        switch (classify(p, base)) {
        case TAKE_CHECK: /* whatever it is (a FIFO, a dangling link): the check says */
            st = add_one(p, path, strlen(path));
            break;
        case TAKE_ARCHIVE:
            st = add_archive(p, path);
            break;
        case TAKE_SKIP:
            p->skipped_files++;
            break;
        }
    }
    rk_paths_free(&local);
    return st;
}

enum rk_status rk_paths_add(struct rk_paths *p, const char *arg)
{
    struct rk_os_stat sb;
    if (rk_os_stat(arg, &sb) == 0 && sb.is_dir) {
        p->any_dir = 1;
        struct seen seen = {0};
        enum rk_status st = RK_E_NOMEM;
        bool oom = false;
        if (!seen_before(&seen, &sb, &oom))
            st = walk_dir(p, &seen, arg, 0);
        rk_free(seen.v);
        return st;
    }
    if (rk_os_stat(arg, &sb) == 0 && sb.is_reg && is_archive_name(arg, strlen(arg))) {
        p->any_dir = 1;
        return add_archive(p, arg);
    }
    return add_one(p, arg, strlen(arg));
}

void rk_paths_free(struct rk_paths *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        rk_free(p->v[i]);
    rk_free(p->v);
    memset(p, 0, sizeof *p);
}

/* ---- opening and reading ---- */

struct rk_input {
    int fd;           /* a regular file, or -1 */
    struct shelf *sh; /* an archive member: its archive ... */
    zip_file_t *zf;   /* ... and the member */
    uint64_t size;    /* member: its declared size */
    uint64_t csize;   /* member: its declared compressed size */
    uint64_t got;     /* member: bytes read so far */
};

/* Splits "A.zip!/m" where A.zip is a regular file: the archive part's length (*id: what the
 * file is), else 0. */
static size_t archive_part(const char *path, struct rk_os_stat *id)
{
    for (const char *s = strstr(path, RK_ARCHIVE_SEP); s; s = strstr(s + 1, RK_ARCHIVE_SEP)) {
        size_t n = (size_t)(s - path);
        if (!is_archive_name(path, n))
            continue;
        char *a = rk_strndup(path, n);
        bool reg = a && rk_os_stat(a, id) == 0 && id->is_reg;
        rk_free(a);
        if (reg)
            return n;
    }
    return 0;
}

static enum rk_status open_member(const char *path, size_t alen, const struct rk_os_stat *id,
                                  struct rk_input *in, struct rk_input_problem *why)
{
    enum rk_status st = shelf_get(path, alen, id, &in->sh, why);
    if (st != RK_OK)
        return st;
    struct archive a = in->sh->a;
    const char *member = path + alen + strlen(RK_ARCHIVE_SEP);
    bool twice = false;
    zip_int64_t i = locate_member(in->sh, member, &twice);
    if (i == -2)
        return RK_E_NOMEM;
    if (twice) {
        problem(why, RK_RULE_IO_009, "two members of this name");
        return RK_E_IO;
    }
    zip_stat_t zs;
    if (i < 0 || zip_stat_index(a.za, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &zs) != 0) {
        problem(why, RK_RULE_IO_001, "no such member in the archive");
        return RK_E_IO;
    }
    in->size = (zs.valid & ZIP_STAT_SIZE) ? zs.size : 0;
    in->csize = (zs.valid & ZIP_STAT_COMP_SIZE) ? zs.comp_size : 0;
    if (in->size > RK_ZIP_MAX_MEMBER_BYTES) {
        problem(why, RK_RULE_IO_004, "%llu > %llu bytes", (unsigned long long)in->size,
                (unsigned long long)RK_ZIP_MAX_MEMBER_BYTES);
        return RK_E_IO;
    }
    if (in->size > RK_ZIP_RATIO_FLOOR &&
        in->size / (in->csize ? in->csize : 1) > RK_ZIP_MAX_RATIO) {
        problem(why, RK_RULE_IO_006, "%llu / %llu > %u", (unsigned long long)in->size,
                (unsigned long long)in->csize, RK_ZIP_MAX_RATIO);
        return RK_E_IO;
    }
    in->zf = zip_fopen_index(a.za, (zip_uint64_t)i, 0);
    if (!in->zf) {
        problem(why, RK_RULE_IO_002, "%s", zip_strerror(a.za));
        return RK_E_IO;
    }
    return RK_OK;
}

enum rk_status rk_input_open(const char *path, struct rk_input **out, struct rk_input_problem *why)
{
    *out = NULL;
    struct rk_input *in = rk_calloc(1, sizeof *in);
    if (!in)
        return RK_E_NOMEM;
    in->fd = -1;
    enum rk_status st;
    struct rk_os_stat id;
    size_t alen = archive_part(path, &id);
    if (alen) {
        st = open_member(path, alen, &id, in, why);
    } else if (is_archive_name(path, strlen(path))) {
        /* an archive handed to the check as a file: rk_paths_add found it damaged or over a
           limit (or it was not expanded): say which */
        struct archive a;
        st = archive_open(path, &a, why);
        if (st == RK_OK) {
            zip_discard(a.za);
            problem(why, RK_RULE_IO_001, "is a ZIP archive (read it as a directory)");
            st = RK_E_IO;
        }
    } else {
        in->fd = open_regular(path, why);
        st = in->fd >= 0 ? RK_OK : RK_E_IO;
    }
    if (st != RK_OK) {
        rk_input_close(in);
        return st;
    }
    *out = in;
    return RK_OK;
}

enum rk_status rk_input_read(struct rk_input *in, void *buf, size_t cap, size_t *got,
                             struct rk_input_problem *why)
{
    *got = 0;
    if (in->fd >= 0) {
        for (;;) {
            rk_ssize n = rk_os_read(in->fd, buf, cap);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                problem(why, RK_RULE_IO_001, "%s", strerror(errno));
                return RK_E_IO;
            }
            *got = (size_t)n;
            return RK_OK;
        }
    }
    zip_int64_t n = zip_fread(in->zf, buf, cap);
    if (n < 0) {
        problem(why, RK_RULE_IO_002, "%s", zip_file_strerror(in->zf));
        return RK_E_IO;
    }
    in->got += (uint64_t)n;
    /* the declared sizes may lie: the limits hold for what comes out */
    if (in->got > RK_ZIP_MAX_MEMBER_BYTES) {
        problem(why, RK_RULE_IO_004, "> %llu bytes", (unsigned long long)RK_ZIP_MAX_MEMBER_BYTES);
        return RK_E_IO;
    }
    if (in->got > RK_ZIP_RATIO_FLOOR && in->got / (in->csize ? in->csize : 1) > RK_ZIP_MAX_RATIO) {
        problem(why, RK_RULE_IO_006, "%llu / %llu > %u", (unsigned long long)in->got,
                (unsigned long long)in->csize, RK_ZIP_MAX_RATIO);
        return RK_E_IO;
    }
    *got = (size_t)n;
    return RK_OK;
}

void rk_input_close(struct rk_input *in)
{
    if (!in)
        return;
    if (in->fd >= 0)
        rk_os_close(in->fd);
    if (in->zf)
        zip_fclose(in->zf);
    shelf_release(in->sh);
    rk_free(in);
}

enum rk_status rk_input_hash(const char *path, char hex[65], uint64_t *size,
                             struct rk_input_problem *why)
{
    *size = 0;
    struct rk_input *in;
    enum rk_status st = rk_input_open(path, &in, why);
    if (st != RK_OK)
        return st;
    struct rk_sha256 *h = rk_sha256_new();
    char chunk[16384];
    st = h ? RK_OK : RK_E_NOMEM;
    size_t got = 0;
    while (st == RK_OK && (st = rk_input_read(in, chunk, sizeof chunk, &got, why)) == RK_OK &&
           got > 0) {
        *size += got;
        st = rk_sha256_update(h, chunk, got);
    }
    if (st == RK_OK)
        st = rk_sha256_final(h, hex);
    rk_sha256_free(h);
    rk_input_close(in);
    return st;
}

/* ---- never write over an input ---- */

/* stat of the file path is or, for an archive member, of its archive. */
static bool stat_input(const char *path, struct rk_os_stat *sb)
{
    return archive_part(path, sb) || rk_os_stat(path, sb) == 0;
}

bool rk_input_same_file(const char *a, const char *b)
{
    struct rk_os_stat sa, sb;
    return stat_input(a, &sa) && stat_input(b, &sb) && sa.dev == sb.dev && sa.ino == sb.ino;
}

bool rk_input_is_archive(const char *path)
{
    struct rk_os_stat sb;
    return is_archive_name(path, strlen(path)) && rk_os_stat(path, &sb) == 0 && sb.is_reg;
}

bool rk_input_is_dir(const char *path)
{
    struct rk_os_stat sb;
    return rk_input_is_archive(path) || (rk_os_stat(path, &sb) == 0 && sb.is_dir);
}

int rk_paths_holds(const struct rk_paths *p, const char *path)
{
    struct rk_os_stat so, si;
    if (rk_os_stat(path, &so) != 0)
        return 0;
    for (size_t i = 0; i < p->n; i++)
        if (stat_input(p->v[i], &si) && si.dev == so.dev && si.ino == so.ino)
            return 1;
    return 0;
}

/* ---- an archive in memory (an .xlsx: xlsx.c) ---- */

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
    } else if (zip_get_num_entries(z->za, 0) > RK_ZIP_MAX_MEMBERS) {
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

/* ---- a ZIP extracted into a directory (an evidence bundle: verify_zip.c) ---- */

#define EXTRACT_MAX_DEPTH 32      /* components in a member's name */
#define EXTRACT_MAX_NAME 4096     /* bytes in a member's name */
#define EXTRACT_MAX_COMPONENT 255 /* bytes in one component */

/* A component Windows reserves for a device (CON, NUL.txt, com1, ...), whatever its case. */
static bool device_name(const char *s, size_t n)
{
    static const char *const names[] = {"con", "prn", "aux", "nul"};
    size_t stem = 0;
    while (stem < n && s[stem] != '.')
        stem++;
    char low[8];
    if (stem > 4)
        return false;
    for (size_t i = 0; i < stem; i++)
        low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + ('a' - 'A') : s[i]);
    low[stem] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(low, names[i]) == 0)
            return true;
    return stem == 4 && (strncmp(low, "com", 3) == 0 || strncmp(low, "lpt", 3) == 0) &&
           low[3] >= '1' && low[3] <= '9';
}

/*
 * Why a member's name (UTF-8, a trailing '/' taken off a directory's) cannot be written under
 * the directory it is extracted into, as the neutral detail of an IO-007 finding; NULL when it
 * can: a relative path of plain components that names the same file on every system.
 */
static const char *unsafe_name(const char *name)
{
    size_t len = strlen(name);
    if (len == 0)
        return "empty name";
    if (len > EXTRACT_MAX_NAME)
        return "name too long";
    if (name[0] == '/')
        return "absolute path";
    if (strchr(name, '\\'))
        return "backslash in the name";
    if (strchr(name, ':'))
        return "drive letter or ':' in the name";
    int depth = 0;
    for (const char *s = name; *s;) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0)
            return "empty path component";
        if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
            return "'.' or '..' in the path";
        if (n > EXTRACT_MAX_COMPONENT)
            return "name too long";
        if (++depth > EXTRACT_MAX_DEPTH)
            return "path too deep";
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F || strchr("<>\"|?*", s[i]))
                return "character not allowed in a file name";
        if (s[n - 1] == '.' || s[n - 1] == ' ')
            return "name ends with '.' or a space";
        if (device_name(s, n))
            return "device name reserved by Windows";
        s += n + (e ? 1 : 0);
    }
    return NULL;
}

/* Whether member i is a link or another special file (what a Unix zip records in the upper
 * half of its external attributes). */
static const char *special_member(zip_t *za, zip_uint64_t i)
{
    zip_uint8_t opsys = 0;
    zip_uint32_t attr = 0;
    if (zip_file_get_external_attributes(za, i, 0, &opsys, &attr) != 0 || opsys != ZIP_OPSYS_UNIX)
        return NULL;
    unsigned type = (attr >> 16) & 0170000u;
    if (type == 0 || type == 0100000u || type == 0040000u) /* unknown, a file, a directory */
        return NULL;
    return type == 0120000u ? "symlink" : "special file";
}

/* Makes the directories of rel (all but its last component when file) under dest. */
static int make_dirs(const char *dest, const char *rel, bool file, struct rk_buf *b)
{
    b->len = 0;
    if (rk_buf_printf(b, "%s", dest) != RK_OK)
        return -1;
    for (const char *s = rel; *s;) {
        const char *e = strchr(s, '/');
        if (!e && file)
            break;
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (rk_buf_addc(b, '/') != RK_OK || rk_buf_add(b, s, n) != RK_OK ||
            rk_buf_addc(b, '\0') != RK_OK)
            return -1;
        b->len--;
        struct rk_os_stat sb;
        if (rk_os_mkdir(b->data, 0700) != 0 &&
            !(errno == EEXIST && rk_os_lstat(b->data, &sb) == 0 && sb.is_dir && !sb.is_link))
            return -1;
        s += n + (e ? 1 : 0);
    }
    return 0;
}

struct extract {
    zip_t *za;
    const char *path, *dest;
    rk_zip_tell_fn tell;
    void *ctx;
    uint64_t total; /* bytes inflated so far */
    struct rk_buf where;
};

/* Inflates member i into the new file at target: RK_OK; RK_E_IO told when a limit is hit or
 * the member cannot be read (its file removed), RK_E_LIMIT told when the archive's total is
 * over (stop); RK_E_NOMEM. *wfail is set when the file could not be written (stop). */
static enum rk_status extract_file(struct extract *x, zip_uint64_t i, const char *name,
                                   const char *target, bool *wfail)
{
    char d[128];
    zip_stat_t zs;
    zip_stat_init(&zs);
    uint64_t csize = 0;
    if (zip_stat_index(x->za, i, 0, &zs) == 0) {
        csize = (zs.valid & ZIP_STAT_COMP_SIZE) ? zs.comp_size : 0;
        if ((zs.valid & ZIP_STAT_SIZE) && zs.size > RK_ZIP_MAX_MEMBER_BYTES) {
            snprintf(d, sizeof d, "%llu > %llu bytes", (unsigned long long)zs.size,
                     (unsigned long long)RK_ZIP_MAX_MEMBER_BYTES);
            x->tell(x->ctx, RK_RULE_IO_004, name, d);
            return RK_E_IO;
        }
    }
    zip_file_t *zf = zip_fopen_index(x->za, i, 0);
    if (!zf) {
        x->tell(x->ctx, RK_RULE_IO_002, name, zip_strerror(x->za));
        return RK_E_IO;
    }
    int fd = rk_os_open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        zip_fclose(zf);
        if (errno == EEXIST) { /* a directory of that name, or a name only case tells apart */
            x->tell(x->ctx, RK_RULE_IO_009, name, NULL);
            return RK_E_IO;
        }
        *wfail = true;
        x->tell(x->ctx, RK_RULE_IO_001, name, strerror(errno));
        return RK_E_IO;
    }
    enum rk_status st = RK_OK;
    uint64_t got = 0;
    char chunk[16384];
    for (;;) {
        zip_int64_t n = zip_fread(zf, chunk, sizeof chunk);
        if (n < 0) {
            x->tell(x->ctx, RK_RULE_IO_002, name, zip_file_strerror(zf));
            st = RK_E_IO;
            break;
        }
        if (n == 0)
            break;
        got += (uint64_t)n;
        x->total += (uint64_t)n;
        /* the declared sizes may lie: the limits hold for what comes out */
        if (got > RK_ZIP_MAX_MEMBER_BYTES) {
            snprintf(d, sizeof d, "> %llu bytes", (unsigned long long)RK_ZIP_MAX_MEMBER_BYTES);
            x->tell(x->ctx, RK_RULE_IO_004, name, d);
            st = RK_E_IO;
            break;
        }
        if (got > RK_ZIP_RATIO_FLOOR && got / (csize ? csize : 1) > RK_ZIP_MAX_RATIO) {
            snprintf(d, sizeof d, "%llu / %llu > %u", (unsigned long long)got,
                     (unsigned long long)csize, RK_ZIP_MAX_RATIO);
            x->tell(x->ctx, RK_RULE_IO_006, name, d);
            st = RK_E_IO;
            break;
        }
        if (x->total > RK_ZIP_MAX_TOTAL_BYTES) {
            snprintf(d, sizeof d, "> %llu bytes", (unsigned long long)RK_ZIP_MAX_TOTAL_BYTES);
            x->tell(x->ctx, RK_RULE_IO_005, NULL, d);
            st = RK_E_LIMIT;
            break;
        }
        for (const char *p = chunk; n > 0;) {
            rk_ssize w = rk_os_write(fd, p, (size_t)n);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                *wfail = true;
                x->tell(x->ctx, RK_RULE_IO_001, name, strerror(w < 0 ? errno : ENOSPC));
                st = RK_E_IO;
                break;
            }
            p += w;
            n -= w;
        }
        if (*wfail)
            break;
    }
    zip_fclose(zf);
    if (rk_os_close(fd) != 0 && st == RK_OK) {
        *wfail = true;
        x->tell(x->ctx, RK_RULE_IO_001, name, strerror(errno));
        st = RK_E_IO;
    }
    if (st != RK_OK)
        rk_os_unlink(target);
    return st;
}

enum rk_status rk_zip_extract(const char *path, const char *dest, rk_zip_tell_fn tell, void *ctx)
{
    struct archive a;
    struct rk_input_problem why;
    if (archive_open(path, &a, &why) != RK_OK) {
        tell(ctx, why.rule, NULL, why.detail);
        return RK_E_IO;
    }
    struct extract x = {.za = a.za, .path = path, .dest = dest, .tell = tell, .ctx = ctx};
    struct rk_map *seen = rk_map_new(1);
    enum rk_status st = seen ? RK_OK : RK_E_NOMEM;
    bool wfail = false;
    for (zip_int64_t i = 0; st == RK_OK && !wfail && i < a.n; i++) {
        char *name = member_name(a.za, (zip_uint64_t)i);
        if (!name) {
            st = RK_E_NOMEM;
            break;
        }
        size_t len = strlen(name);
        bool dir = len > 0 && name[len - 1] == '/';
        if (dir)
            name[--len] = '\0';
        const char *bad = unsafe_name(name);
        const char *special = bad ? NULL : special_member(a.za, (zip_uint64_t)i);
        /* what macOS adds beside a folder it zips (resource forks): not the folder's content */
        bool mac = strncmp(name, "__MACOSX", 8) == 0 && (name[8] == '/' || name[8] == '\0');
        if (mac) {
        } else if (bad) {
            tell(ctx, RK_RULE_IO_007, name, bad);
        } else if (special) {
            tell(ctx, RK_RULE_IO_008, name, special);
        } else if (dir) {
            if (make_dirs(dest, name, false, &x.where) != 0) {
                tell(ctx, errno == EEXIST || errno == ENOTDIR ? RK_RULE_IO_009 : RK_RULE_IO_001,
                     name, errno == EEXIST || errno == ENOTDIR ? NULL : strerror(errno));
                wfail = errno != EEXIST && errno != ENOTDIR;
            }
        } else {
            /* one file per name, as Windows and macOS see names: ASCII case aside */
            char *fold = rk_strdup(name);
            bool created = false;
            if (!fold) {
                st = RK_E_NOMEM;
            } else {
                for (char *p = fold; *p; p++)
                    if (*p >= 'A' && *p <= 'Z')
                        *p = (char)(*p + ('a' - 'A'));
                if (!rk_map_get(seen, fold, len, true, &created))
                    st = RK_E_NOMEM;
                rk_free(fold);
            }
            if (st != RK_OK) {
            } else if (!created) {
                tell(ctx, RK_RULE_IO_009, name, NULL);
            } else if (make_dirs(dest, name, true, &x.where) != 0) {
                bool clash = errno == EEXIST || errno == ENOTDIR;
                tell(ctx, clash ? RK_RULE_IO_009 : RK_RULE_IO_001, name,
                     clash ? NULL : strerror(errno));
                wfail = !clash;
            } else {
                const char *base = strrchr(name, '/');
                base = base ? base + 1 : name;
                if (rk_buf_addc(&x.where, '/') != RK_OK ||
                    rk_buf_add(&x.where, base, strlen(base)) != RK_OK ||
                    rk_buf_addc(&x.where, '\0') != RK_OK) {
                    st = RK_E_NOMEM;
                } else {
                    enum rk_status fs =
                        extract_file(&x, (zip_uint64_t)i, name, x.where.data, &wfail);
                    if (fs == RK_E_LIMIT || fs == RK_E_NOMEM)
                        st = fs;
                }
            }
        }
        rk_free(name);
    }
    zip_discard(a.za);
    rk_map_free(seen);
    rk_buf_free(&x.where);
    if (st == RK_E_LIMIT || wfail)
        return RK_E_IO;
    return st;
}

/* Removes what is under the directory path (rk_dir_remove). */
static int remove_under(const char *path, int depth)
{
    struct rk_os_dir *d = depth <= EXTRACT_MAX_DEPTH + 1 ? rk_os_dir_open(path) : NULL;
    if (!d)
        return -1;
    struct rk_paths names = {0}; /* a plain list of names */
    const char *e;
    int rc = 0;
    while ((e = rk_os_dir_next(d)) != NULL) {
        if (strcmp(e, ".") == 0 || strcmp(e, "..") == 0)
            continue;
        struct rk_buf b = {0};
        if (rk_buf_printf(&b, "%s/%s", path, e) != RK_OK || add_one(&names, b.data, b.len) != RK_OK)
            rc = -1;
        rk_buf_free(&b);
    }
    rk_os_dir_close(d);
    for (size_t i = 0; i < names.n; i++) {
        struct rk_os_stat sb;
        if (rk_os_lstat(names.v[i], &sb) != 0)
            rc = -1;
        else if (sb.is_dir && !sb.is_link) {
            if (remove_under(names.v[i], depth + 1) != 0 || rk_os_rmdir(names.v[i]) != 0)
                rc = -1;
        } else if (rk_os_unlink(names.v[i]) != 0)
            rc = -1;
    }
    rk_paths_free(&names);
    return rc;
}

int rk_dir_remove(const char *dir)
{
    int rc = remove_under(dir, 0);
    return rk_os_rmdir(dir) == 0 ? rc : -1;
}
