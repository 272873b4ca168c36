/*
 * cmd_roundtrip.c - `renkei roundtrip ORIGINAL REEXPORT`: does the data survive export ->
 * import -> export? The report lists what was lost, added or changed.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* The findings of a round trip come interleaved between the original and the re-export of a
 * pair (and from the directories). They are held here and written after the comparison, each
 * under the file it is about, with that file's own result (hash, family, layout, records), as
 * `check` writes them; findings about no compared file (a file with no counterpart, the
 * directories) under their own path. Memory is bounded: rk_emit caps each rule per run. */
struct held {
    struct rk_finding f;
    char *s[9]; /* the finding's strings, owned */
    bool written;
};

struct pair_file {
    char *path;
    struct rk_file_result res;
};

struct hold {
    struct held *v;
    size_t n, cap;
    struct pair_file *files;
    size_t nfiles, capfiles;
    bool nomem;
};

static char *dup_or_null(const char *s, bool *nomem)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *nomem = true;
    return d;
}

static bool grow(void **v, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 16;
    void *p = realloc(*v, n * size);
    if (!p)
        return false;
    *v = p;
    *cap = n;
    return true;
}

static void hold_finding(void *ctx, const struct rk_finding *f)
{
    struct hold *h = ctx;
    if (h->nomem || !grow((void **)&h->v, &h->cap, h->n + 1, sizeof *h->v)) {
        h->nomem = true;
        return;
    }
    struct held *x = &h->v[h->n++];
    memset(x, 0, sizeof *x);
    x->f = *f;
    const char **fields[] = {&x->f.path,   &x->f.item,     &x->f.expected,   &x->f.actual,
                             &x->f.detail, &x->f.citation, &x->f.insurer_no, &x->f.insured_no};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        x->s[i] = dup_or_null(*fields[i], &h->nomem);
        *fields[i] = x->s[i];
    }
}

static void hold_pair(void *ctx, const char *original, const struct rk_file_result *o,
                      const char *reexport, const struct rk_file_result *r)
{
    struct hold *h = ctx;
    const char *paths[2] = {original, reexport};
    const struct rk_file_result *res[2] = {o, r};
    for (int i = 0; i < 2 && !h->nomem; i++) {
        if (!grow((void **)&h->files, &h->capfiles, h->nfiles + 1, sizeof *h->files)) {
            h->nomem = true;
            return;
        }
        struct pair_file *pf = &h->files[h->nfiles++];
        pf->path = dup_or_null(paths[i], &h->nomem);
        pf->res = *res[i]; /* family, version, layout: static or owned by the specs */
    }
}

/* Writes the held findings about path under it, with res (NULL: about no compared file). */
static void write_file(struct rk_report *rep, struct hold *h, const char *path,
                       const struct rk_file_result *res)
{
    struct rk_file_result out = {.sha256 = ""};
    if (res)
        out = *res;
    memset(out.count, 0, sizeof out.count); /* the round trip's findings, not the check's */
    rk_report_begin_file(rep, path);
    for (size_t i = 0; i < h->n; i++)
        if (!h->v[i].written && h->v[i].f.path && strcmp(h->v[i].f.path, path) == 0) {
            h->v[i].written = true;
            rk_report_finding(rep, &h->v[i].f);
            out.count[h->v[i].f.severity]++;
        }
    rk_report_end_file(rep, &out);
}

static void hold_write(struct rk_report *rep, struct hold *h)
{
    for (size_t i = 0; i < h->nfiles; i++)
        write_file(rep, h, h->files[i].path, &h->files[i].res);
    for (size_t i = 0; i < h->n; i++)
        if (!h->v[i].written && h->v[i].f.path)
            write_file(rep, h, h->v[i].f.path, NULL);
}

static void hold_free(struct hold *h)
{
    for (size_t i = 0; i < h->n; i++)
        for (size_t k = 0; k < sizeof h->v[i].s / sizeof h->v[i].s[0]; k++)
            free(h->v[i].s[k]);
    for (size_t i = 0; i < h->nfiles; i++)
        free(h->files[i].path);
    free(h->v);
    free(h->files);
}

/* Compares an export with its re-export; exit 1 when data was lost or changed. */
int cmd_roundtrip(struct cli *c, int argc, char **argv)
{
    if (argc != 2)
        return usage_error("%s", TR("roundtrip には ORIGINAL と REEXPORT が必要です",
                                    "roundtrip needs ORIGINAL and REEXPORT"));
    struct rk_specs *specs = NULL;
    int code = cli_load_specs(c, &specs);
    struct cli_output out = {0};
    if (code == EXIT_CONFORMS)
        code = cli_output_open(&out, c->output, argv, 2);
    struct rk_report *rep = NULL;
    if (code == EXIT_CONFORMS)
        code = cli_report_open(c, out.fp, &rep);
    struct rk_roundtrip_result rr = {0};
    struct hold h = {0};
    if (code == EXIT_CONFORMS) {
        enum rk_status st = rk_roundtrip_each(specs, &c->check, argv[0], argv[1], hold_finding, &h,
                                              hold_pair, &h, &rr);
        if (st == RK_OK && h.nomem)
            st = RK_E_NOMEM;
        if (st == RK_OK)
            hold_write(rep, &h);
        if (st == RK_E_IO)
            code = EXIT_UNREADABLE;
        else if (st != RK_OK)
            code = EXIT_INTERNAL;
        else if (rr.lost || rr.changed)
            code = EXIT_FINDINGS;
        else
            code = cli_findings_exit(c, rr.count);
        if (st != RK_OK)
            cli_error("roundtrip: %s", rk_status_str(st));
    }
    if (rep && rk_report_finish(rep) != RK_OK) {
        cli_error("%s", TR("レポートを書けません", "cannot write the report"));
        code = EXIT_INTERNAL;
    }
    if (code == EXIT_USAGE || code == EXIT_INTERNAL)
        cli_output_abort(&out);
    else if (cli_output_commit(&out) != EXIT_CONFORMS)
        code = EXIT_INTERNAL;
    if (code <= EXIT_FINDINGS)
        cli_error(TR("%llu 組：失われたレコード %llu、増えたレコード %llu、変わった項目 %llu、"
                     "バイトだけ異なる項目 %llu",
                     "%llu pair(s): %llu record(s) lost, %llu added, %llu item(s) changed, "
                     "%llu byte-only"),
                  (unsigned long long)rr.pairs, (unsigned long long)rr.lost,
                  (unsigned long long)rr.added, (unsigned long long)rr.changed,
                  (unsigned long long)rr.same);
    hold_free(&h);
    rk_report_free(rep);
    rk_specs_free(specs);
    return code;
}
