/*
 * harness.h - helpers shared by the fuzz harnesses (fuzz_*.c): the invariant check that
 * aborts with a message, a strict UTF-8 validator, checks every finding must pass, a
 * growable log used to compare two runs, and temporary directories.
 *
 * Everything is static: each harness includes this header once and links only itself,
 * replay.c and librenkei. RENKEI_FUZZ_SKIP=utf8,field-limit switches named checks off (see
 * fz_skip), to explore past a known bug during a campaign; ctest never sets it.
 */
#ifndef RK_FUZZ_HARNESS_H
#define RK_FUZZ_HARNESS_H

#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts when cond is false: an invariant of the library broke. */
#define FZ_CHECK(cond, ...)                                                                        \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant failed: %s: ", __FILE__, __LINE__, #cond);           \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* Strict UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF), the same
 * test jansson applies; returns the offset of the first bad byte, or n when all is well. */
static inline size_t fz_utf8_bad_at(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char b = s[i];
        size_t need;
        uint32_t cp, min;
        if (b < 0x80) {
            i++;
            continue;
        } else if (b >= 0xC2 && b <= 0xDF) {
            need = 2, cp = b & 0x1Fu, min = 0x80;
        } else if (b >= 0xE0 && b <= 0xEF) {
            need = 3, cp = b & 0x0Fu, min = 0x800;
        } else if (b >= 0xF0 && b <= 0xF4) {
            need = 4, cp = b & 0x07u, min = 0x10000;
        } else {
            return i;
        }
        if (i + need > n)
            return i;
        for (size_t j = 1; j < need; j++) {
            if ((s[i + j] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + j] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += need;
    }
    return n;
}

/* Whether the check named what is switched off: RENKEI_FUZZ_SKIP is a comma-separated list
 * of check names ("utf8", "field-limit"), so a campaign can explore past a known bug. */
static inline int fz_skip(const char *what)
{
    const char *e = getenv("RENKEI_FUZZ_SKIP");
    size_t n = strlen(what);
    for (const char *p = e; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && memcmp(p, what, n) == 0)
            return 1;
        p = comma ? comma + 1 : NULL;
    }
    return 0;
}

static inline void fz_check_utf8(const char *rule, const char *what, const char *s)
{
    if (!s || fz_skip("utf8"))
        return;
    size_t n = strlen(s);
    size_t bad = fz_utf8_bad_at((const unsigned char *)s, n);
    if (bad != n) {
        fprintf(stderr, "%s: %s is not UTF-8 at byte %zu:", rule, what, bad);
        for (size_t i = 0; i < n && i < 200; i++)
            fprintf(stderr, " %02X", (unsigned char)s[i]);
        fputc('\n', stderr);
    }
    FZ_CHECK(bad == n, "%s %s", rule, what);
}

/* What every finding must satisfy, whichever part of the library emitted it. */
static inline void fz_check_finding(const struct rk_finding *f)
{
    FZ_CHECK(f->rule != NULL, "finding without a rule");
    FZ_CHECK(rk_rule_find(f->rule->id) == f->rule, "rule %s not in the table", f->rule->id);
    FZ_CHECK(f->severity <= RK_SEV_ERROR, "severity %d", (int)f->severity);
    FZ_CHECK(f->has_context == 0 || f->has_context == 1, "has_context %d", f->has_context);
    fz_check_utf8(f->rule->id, "item", f->item);
    fz_check_utf8(f->rule->id, "expected", f->expected);
    fz_check_utf8(f->rule->id, "actual", f->actual);
    fz_check_utf8(f->rule->id, "detail", f->detail);
    fz_check_utf8(f->rule->id, "citation", f->citation);
    fz_check_utf8(f->rule->id, "insurer_no", f->insurer_no);
    fz_check_utf8(f->rule->id, "insured_no", f->insured_no);
    /* the message must be NUL-terminated within the buffer, in both languages, and UTF-8 */
    char msg[512];
    for (int lang = RK_LANG_JA; lang <= RK_LANG_EN; lang++) {
        memset(msg, 0x5A, sizeof msg);
        rk_finding_message(f, (enum rk_lang)lang, msg, sizeof msg);
        FZ_CHECK(memchr(msg, '\0', sizeof msg) != NULL, "message not terminated");
        fz_check_utf8(f->rule->id, "message", msg);
        char tiny[7];
        rk_finding_message(f, (enum rk_lang)lang, tiny, sizeof tiny);
        FZ_CHECK(memchr(tiny, '\0', sizeof tiny) != NULL, "short message not terminated");
    }
}

/* ---- a text log of what a run produced, to compare two runs ---- */

struct fz_log {
    char *data;
    size_t len, cap;
};

static inline void fz_log_add(struct fz_log *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline void fz_log_add(struct fz_log *l, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        abort();
    size_t k = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    if (l->len + k + 1 > l->cap) {
        size_t cap = l->cap ? l->cap : 4096;
        while (cap < l->len + k + 1)
            cap *= 2;
        char *d = realloc(l->data, cap);
        if (!d)
            abort();
        l->data = d;
        l->cap = cap;
    }
    memcpy(l->data + l->len, line, k);
    l->len += k;
    l->data[l->len] = '\0';
}

static inline void fz_log_free(struct fz_log *l)
{
    free(l->data);
    memset(l, 0, sizeof *l);
}

/* Aborts, printing the first line that differs, when two logs are not identical. */
static inline void fz_log_same(const struct fz_log *a, const struct fz_log *b, const char *what)
{
    if (a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0))
        return;
    size_t i = 0, line_start = 0;
    while (i < a->len && i < b->len && a->data[i] == b->data[i]) {
        if (a->data[i] == '\n')
            line_start = i + 1;
        i++;
    }
    const char *ea = a->data ? memchr(a->data + line_start, '\n', a->len - line_start) : NULL;
    const char *eb = b->data ? memchr(b->data + line_start, '\n', b->len - line_start) : NULL;
    int na = (int)(ea ? (size_t)(ea - a->data) - line_start : a->len - line_start);
    int nb = (int)(eb ? (size_t)(eb - b->data) - line_start : b->len - line_start);
    fprintf(stderr, "%s differ:\n  reference: %.*s\n  this run:  %.*s\n", what, na,
            a->data ? a->data + line_start : "", nb, b->data ? b->data + line_start : "");
    FZ_CHECK(0, "%s differ", what);
}

/* One line per finding: rule, severity, position, record, field, item and value, to compare
 * the findings of two runs with fz_log_same. */
static inline void fz_log_finding(struct fz_log *l, const struct rk_finding *f)
{
    fz_log_add(l, "%s %d %llu:%llu rec %llu field %u item %s actual %s\n", f->rule->id,
               (int)f->severity, (unsigned long long)f->pos.line, (unsigned long long)f->pos.column,
               (unsigned long long)f->record, f->field, f->item ? f->item : "-",
               f->actual ? f->actual : "-");
}

/* ---- what a file check's sink saw (fuzz_check, fuzz_life) ---- */

struct fz_seen {
    uint64_t count[3]; /* by severity, as rk_file_result counts them (CSV-014 is a tally) */
    uint64_t total;    /* every finding received */
    uint64_t tally;    /* what CSV-014 said was left out (every rule is capped per file) */
    bool skip_set;     /* leave SET-* and FLD-028 findings out of the log */
    struct fz_log log;
};

static inline void fz_seen_add(struct fz_seen *s, const struct rk_finding *f)
{
    fz_check_finding(f);
    FZ_CHECK(f->path != NULL, "finding without a path");
    if (strcmp(f->rule->id, "CSV-014") != 0)
        s->count[f->severity]++;
    else if (f->detail)
        s->tally += strtoull(f->detail, NULL, 10);
    s->total++;
    /* the rules that remember across records, off record by record (--no-set): rules.def's
     * scope FILE and SEND (the set rules, and FLD-028: every line of a timed service at 9999
     * for one user, month and office) */
    bool across = rk_rule_across_records(f->rule);
    if (!s->skip_set || !across)
        fz_log_finding(&s->log, f);
}

/* The result counts what the sink saw: exactly when uncapped (what the per-rule cap left out
 * is the CSV-014 tally); with a cap of max findings the sink got at most max + 1 (the last one
 * saying the rest were cut) and the result counts at least what it got. Then, uncapped, a
 * record-by-record check (by_record, SET-* logged) gives exactly the whole check's findings but
 * SET-* and FLD-028 (whole, skip_set), in the same order. */
static inline void fz_seen_verify(const struct rk_file_result *res, const struct fz_seen *whole,
                                  const struct fz_seen *by_record, uint64_t max)
{
    uint64_t in_res = 0, in_sink = 0;
    for (int i = 0; i < 3; i++) {
        in_res += res->count[i];
        in_sink += whole->count[i];
        if (max == 0 && whole->tally == 0)
            FZ_CHECK(res->count[i] == whole->count[i], "severity %d: result %llu, sink %llu", i,
                     (unsigned long long)res->count[i], (unsigned long long)whole->count[i]);
        else
            FZ_CHECK(res->count[i] >= whole->count[i], "severity %d: result %llu < sink %llu", i,
                     (unsigned long long)res->count[i], (unsigned long long)whole->count[i]);
    }
    if (max == 0)
        FZ_CHECK(in_res == in_sink + whole->tally, "result %llu, sink %llu + tally %llu",
                 (unsigned long long)in_res, (unsigned long long)in_sink,
                 (unsigned long long)whole->tally);
    if (max == 0)
        fz_log_same(&whole->log, &by_record->log, "findings whole vs record by record");
    else
        FZ_CHECK(whole->total <= max + 1, "%llu findings past a cap of %llu",
                 (unsigned long long)whole->total, (unsigned long long)max);
}

static inline uint64_t fz_hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* ---- the item plans against the item checks (fuzz_check, fuzz_life) ---- */

/* Every finding in full, one line each: two runs that must agree, finding for finding. */
static inline void fz_full_sink(void *ctx, const struct rk_finding *f)
{
    fz_check_finding(f);
    fz_log_add(ctx,
               "%s %d %llu:%llu+%llu rec %llu field %u item %s exp %s act %s det %s cit %s %s %s\n",
               f->rule->id, (int)f->severity, (unsigned long long)f->pos.line,
               (unsigned long long)f->pos.column, (unsigned long long)f->pos.byte,
               (unsigned long long)f->record, f->field, f->item ? f->item : "-",
               f->expected ? f->expected : "-", f->actual ? f->actual : "-",
               f->detail ? f->detail : "-", f->citation ? f->citation : "-",
               f->insurer_no ? f->insurer_no : "-", f->insured_no ? f->insured_no : "-");
}

/* Checks the file at path with opt twice: as the library does (each layout's items by the
 * plan rules_record.c makes for them) and with every field through the item checks
 * themselves (full_item_checks); aborts unless the findings are the same, in the same order,
 * every text alike. */
static inline void fz_plan_same(const struct rk_specs *specs, const struct rk_check_options *opt,
                                const char *path)
{
    struct fz_log planned = {0}, full = {0};
    struct rk_check_options o = *opt;
    struct rk_file_result r1, r2;
    o.full_item_checks = 0;
    enum rk_status s1 = rk_check_file(specs, &o, path, fz_full_sink, &planned, &r1);
    o.full_item_checks = 1;
    enum rk_status s2 = rk_check_file(specs, &o, path, fz_full_sink, &full, &r2);
    FZ_CHECK(s1 == s2, "planned %s, full item checks %s", rk_status_str(s1), rk_status_str(s2));
    fz_log_same(&full, &planned, "findings with the item checks vs the item plans");
    fz_log_free(&planned);
    fz_log_free(&full);
}

/* ---- files ---- */

static char fz_tmp_root[256];

static inline void fz_rm_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                char sub[1024];
                if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < sizeof sub)
                    fz_rm_tree(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static inline void fz_tmp_cleanup(void)
{
    if (fz_tmp_root[0])
        fz_rm_tree(fz_tmp_root);
}

/* A private directory for this process, removed at exit. A fuzzer kills its target without
 * running atexit, so directories of processes that are gone are removed on the way in. */
static inline const char *fz_tmp_dir(void)
{
    if (fz_tmp_root[0])
        return fz_tmp_root;
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    DIR *d = opendir(base);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            char *end = NULL;
            if (strncmp(e->d_name, "renkei-fuzz-", 12) != 0)
                continue;
            long pid = strtol(e->d_name + 12, &end, 10);
            if (pid <= 0 || *end != '\0' || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
                continue;
            char stale[1024];
            if ((size_t)snprintf(stale, sizeof stale, "%s/%s", base, e->d_name) < sizeof stale)
                fz_rm_tree(stale);
        }
        closedir(d);
    }
    snprintf(fz_tmp_root, sizeof fz_tmp_root, "%s/renkei-fuzz-%ld", base, (long)getpid());
    fz_rm_tree(fz_tmp_root);
    if (mkdir(fz_tmp_root, 0700) != 0) {
        perror(fz_tmp_root);
        abort();
    }
    atexit(fz_tmp_cleanup);
    return fz_tmp_root;
}

/* Writes n bytes to path (truncating); aborts when the harness's own I/O fails. */
static inline void fz_write_file(const char *path, const void *data, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        perror(path);
        abort();
    }
    const char *p = data;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0) {
            perror(path);
            abort();
        }
        p += w;
        n -= (size_t)w;
    }
    close(fd);
}

static inline void fz_mkdir(const char *path)
{
    if (mkdir(path, 0700) != 0 && access(path, F_OK) != 0) {
        perror(path);
        abort();
    }
}

/* ---- the built-in spec tables, loaded once per process ---- */

static struct rk_specs *fz_loaded_specs;

static inline void fz_specs_release(void)
{
    rk_specs_free(fz_loaded_specs);
    fz_loaded_specs = NULL;
}

static inline const struct rk_specs *fz_specs(void)
{
    if (!fz_loaded_specs) {
        enum rk_status st = rk_specs_load_builtin(&fz_loaded_specs, NULL, NULL);
        FZ_CHECK(st == RK_OK, "builtin specs: %s", rk_status_str(st));
        atexit(fz_specs_release);
    }
    return fz_loaded_specs;
}

#endif
