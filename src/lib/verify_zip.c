/*
 * verify_zip.c - an evidence bundle verified from a ZIP of it (rk_evidence_verify_path), as
 * officers receive bundles by mail: the archive is extracted by the inputs module
 * (rk_zip_extract: names that leave the directory, links, duplicates and ZIP bombs refused)
 * into a new temporary directory only this user may enter, the bundle found there (at the top,
 * or in the one folder a zipped folder gives) is verified by rk_evidence_verify exactly as a
 * directory is, and the directory is removed. What is wrong with the archive is a finding of an
 * IO rule through rk_emit, before the bundle's own; every path a finding names is shown as the
 * member of the archive ("BUNDLE.zip!/manifest.json"), never the temporary directory.
 */
#include "alloc.h"
#include "evidence.h"
#include "finding.h"
#include "inputs.h"
#include "os.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct zip_verify {
    const char *zip;              /* the archive, as the caller named it */
    char *root;                   /* the bundle's directory, extracted */
    char *shown;                  /* what root is shown as: "ZIP!" or "ZIP!/FOLDER" */
    rk_sink_fn sink;              /* the caller's */
    void *ctx;                    /* the caller's */
    struct rk_emitter em;         /* the archive's findings */
    struct rk_verify_result kept; /* list: every problem as the caller's sink got it, in order:
                                     the archive's, then the bundle's (rk_verify_keep) */
    size_t cap;
    bool oom;
};

/* s with every occurrence of zv->root replaced by zv->shown (malloc'd), or NULL when s has
 * none (or out of memory: zv->oom). */
static char *rewrite(struct zip_verify *zv, const char *s)
{
    if (!s || !zv->root || !strstr(s, zv->root))
        return NULL;
    struct rk_buf b = {0};
    size_t rl = strlen(zv->root);
    enum rk_status st = RK_OK;
    for (const char *p = s, *hit; st == RK_OK; p = hit + rl) {
        hit = strstr(p, zv->root);
        if (!hit) {
            st = rk_buf_add(&b, p, strlen(p) + 1);
            break;
        }
        st = rk_buf_add(&b, p, (size_t)(hit - p));
        if (st == RK_OK)
            st = rk_buf_add(&b, zv->shown, strlen(zv->shown));
    }
    if (st != RK_OK) {
        zv->oom = true;
        rk_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* A problem, as the caller's sink gets it: kept for the result, and to the caller. */
static void keep(struct zip_verify *zv, const struct rk_finding *f)
{
    if (!rk_verify_keep(&zv->kept, &zv->cap, f))
        zv->oom = true;
    if (zv->sink)
        zv->sink(zv->ctx, f);
}

/* A finding of the bundle's verification, shown with the archive's names. */
static void bundle_problem(void *ctx, const struct rk_finding *f)
{
    struct zip_verify *zv = ctx;
    struct rk_finding g = *f;
    char *path = rewrite(zv, f->path), *expected = rewrite(zv, f->expected),
         *actual = rewrite(zv, f->actual), *detail = rewrite(zv, f->detail);
    g.path = path ? path : f->path;
    g.expected = expected ? expected : f->expected;
    g.actual = actual ? actual : f->actual;
    g.detail = detail ? detail : f->detail;
    keep(zv, &g);
    rk_free(path);
    rk_free(expected);
    rk_free(actual);
    rk_free(detail);
}

/* An archive's finding (from rk_emit). */
static void archive_problem(void *ctx, const struct rk_finding *f)
{
    keep(ctx, f);
}

/* What rk_zip_extract tells: a finding on the member ("ZIP!/NAME") or the archive. */
static void archive_tell(void *ctx, enum rk_rule_id rule, const char *member, const char *detail)
{
    struct zip_verify *zv = ctx;
    char shown[1024], path[1200];
    if (member) {
        rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)member, strlen(member), shown,
                            sizeof shown);
        snprintf(path, sizeof path, "%s%s%s", zv->zip, RK_ARCHIVE_SEP, shown);
    }
    struct rk_finding f = {
        .rule = rk_rule_get(rule), .path = member ? path : zv->zip, .detail = detail};
    rk_emit(&zv->em, &f);
}

/* The bundle in the extracted directory dest: dest itself when it holds manifest.json, else
 * the one folder in it (a folder zipped whole), else dest (whose problems verify tells). */
static enum rk_status find_root(struct zip_verify *zv, const char *dest)
{
    struct rk_buf b = {0};
    struct rk_os_stat sb;
    enum rk_status st = rk_buf_printf(&b, "%s/manifest.json", dest);
    if (st != RK_OK)
        return st;
    char *folder = NULL;
    if (rk_os_lstat(b.data, &sb) != 0) {
        struct rk_os_dir *d = rk_os_dir_open(dest);
        const char *e;
        size_t entries = 0;
        while (d && (e = rk_os_dir_next(d)) != NULL) {
            if (strcmp(e, ".") == 0 || strcmp(e, "..") == 0)
                continue;
            if (entries++ == 0 && !(folder = rk_strdup(e)))
                st = RK_E_NOMEM;
        }
        if (d)
            rk_os_dir_close(d);
        b.len = 0;
        if (st == RK_OK && entries == 1 &&
            (st = rk_buf_printf(&b, "%s/%s", dest, folder)) == RK_OK &&
            !(rk_os_lstat(b.data, &sb) == 0 && sb.is_dir && !sb.is_link)) {
            rk_free(folder);
            folder = NULL;
        }
        if (entries != 1) {
            rk_free(folder);
            folder = NULL;
        }
    }
    rk_buf_free(&b);
    if (st == RK_OK) {
        struct rk_buf r = {0}, s = {0};
        st = rk_buf_printf(&r, "%s%s%s", dest, folder ? "/" : "", folder ? folder : "");
        if (st == RK_OK)
            st = rk_buf_printf(&s, "%s!%s%s", zv->zip, folder ? "/" : "", folder ? folder : "");
        zv->root = r.data;
        zv->shown = s.data;
        if (st != RK_OK) {
            rk_buf_free(&r);
            rk_buf_free(&s);
            zv->root = zv->shown = NULL;
        }
    }
    rk_free(folder);
    return st;
}

/* res with the problems as the caller's sink got them: the archive's first, every path shown
 * as the archive's member. */
static enum rk_status merge(struct zip_verify *zv, struct rk_verify_result *res)
{
    rk_verify_result_free(res); /* the bundle's list, with the temporary directory's names */
    res->list = zv->kept.list;
    res->nlist = zv->kept.nlist;
    zv->kept.list = NULL;
    zv->kept.nlist = zv->cap = 0;
    size_t errors = (size_t)zv->em.count[RK_SEV_ERROR];
    res->problems += errors;
    if (res->problems) {
        res->valid = 0;
        res->signer_confirmed = 0;
    }
    /* an archive with problems is an invalid bundle: its re-check is not one (as verify says
     * of a bundle with other problems) */
    if (errors && (res->rechecked || !res->recheck_why[0])) {
        res->rechecked = 0;
        snprintf(res->recheck_why, sizeof res->recheck_why, "%s", "invalid");
    }
    return zv->oom ? RK_E_NOMEM : RK_OK;
}

static enum rk_status verify_zip(const char *zip, const char *pubkey_path, rk_sink_fn sink,
                                 void *ctx, struct rk_verify_result *res)
{
    memset(res, 0, sizeof *res);
    struct zip_verify zv = {.zip = zip, .sink = sink, .ctx = ctx};
    zv.em.sink = archive_problem;
    zv.em.ctx = &zv;
    zv.em.path = zip;
    struct rk_buf tmpl = {0};
    if (rk_buf_printf(&tmpl, "%s/renkei-verify-XXXXXX", rk_os_tmpdir()) != RK_OK)
        return RK_E_NOMEM;
    char *dest = rk_os_mkdtemp(tmpl.data);
    if (!dest) {
        archive_tell(&zv, RK_RULE_IO_001, NULL, strerror(errno));
        rk_buf_free(&tmpl);
        enum rk_status st = merge(&zv, res);
        return st == RK_OK ? RK_E_IO : st;
    }
    enum rk_status st = rk_zip_extract(zip, dest, archive_tell, &zv);
    rk_emit_flush(&zv.em, (struct rk_pos){0});
    if (st == RK_OK)
        st = find_root(&zv, dest);
    struct rk_verify_result got;
    memset(&got, 0, sizeof got);
    if (st == RK_OK) {
        st = rk_evidence_verify(zv.root, pubkey_path, bundle_problem, &zv, &got);
        if (st == RK_OK)
            *res = got;
        else
            rk_verify_result_free(&got);
    }
    /* everything extracted goes, whatever happened (it is a copy of the user's archive) */
    rk_dir_remove(dest);
    rk_buf_free(&tmpl);
    if (st == RK_OK || st == RK_E_IO) {
        enum rk_status ms = merge(&zv, res);
        if (ms != RK_OK)
            st = ms;
    }
    rk_verify_result_free(&zv.kept);
    rk_free(zv.root);
    rk_free(zv.shown);
    return st;
}

enum rk_status rk_evidence_verify_path(const char *path, const char *pubkey_path, rk_sink_fn sink,
                                       void *ctx, struct rk_verify_result *res)
{
    if (!rk_input_is_archive(path))
        return rk_evidence_verify(path, pubkey_path, sink, ctx, res);
    /* a key the officer names must be one key before anything is extracted */
    if (pubkey_path) {
        char fp[RK_FINGERPRINT_SIZE];
        memset(res, 0, sizeof *res);
        enum rk_status ks = rk_key_fingerprint(pubkey_path, fp);
        if (ks != RK_OK)
            return ks == RK_E_IO || ks == RK_E_ARG ? RK_E_ARG : ks;
    }
    return verify_zip(path, pubkey_path, sink, ctx, res);
}
