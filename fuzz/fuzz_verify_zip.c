/*
 * fuzz_verify_zip.c - an evidence bundle verified from a ZIP of it (verify_zip.c,
 * rk_evidence_verify_path; the archive extracted by inputs.c's rk_zip_extract): the input is
 * written as BUNDLE.ZIP and verified against a public key made at start-up whose private key
 * signs nothing. TMPDIR points at a directory of the harness's own, so what is extracted can be
 * watched.
 * Invariants: it returns RK_OK or RK_E_IO (RK_E_IO with at least one IO-* problem in the
 * result), never calls a bundle valid; every finding is well-formed, of an IO-* or EVD-* rule
 * (or the CSV-014 note when a rule is given too often), names the archive or one of its members
 * ("BUNDLE.ZIP!/..."), never the temporary directory; the temporary directory is removed and
 * nothing is written beside the archive (a member named ../NAME, a link).
 */
#include "harness.h"

static char zip[1100], tmp[1100];

static void problem(void *ctx, const struct rk_finding *f)
{
    (void)ctx;
    fz_check_finding(f);
    const char *id = f->rule->id;
    FZ_CHECK(strncmp(id, "IO-", 3) == 0 || strncmp(id, "EVD-", 4) == 0 ||
                 strcmp(id, "CSV-014") == 0,
             "a verify finding of rule %s", id);
    size_t zl = strlen(zip);
    FZ_CHECK(f->path && strncmp(f->path, zip, zl) == 0 &&
                 (f->path[zl] == '\0' || strncmp(f->path + zl, "!/", 2) == 0 ||
                  (f->path[zl] == '!' && f->path[zl + 1] == '\0')),
             "finding %s names %s, not the archive", id, f->path ? f->path : "(none)");
    FZ_CHECK(!strstr(f->path, tmp), "finding %s names the temporary directory: %s", id, f->path);
    fz_check_utf8(id, "path", f->path);
}

/* The entries of dir other than those named in keep (NULL-terminated). */
static size_t others(const char *dir, const char *const *keep)
{
    DIR *d = opendir(dir);
    FZ_CHECK(d != NULL, "opendir %s", dir);
    struct dirent *e;
    size_t n = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        bool kept = false;
        for (const char *const *k = keep; *k; k++)
            kept = kept || strcmp(e->d_name, *k) == 0;
        if (!kept) {
            fprintf(stderr, "left in %s: %s\n", dir, e->d_name);
            n++;
        }
    }
    closedir(d);
    return n;
}

static char pubkey[1100];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!pubkey[0]) {
        char priv[1100];
        snprintf(priv, sizeof priv, "%s/never-signs.key", fz_tmp_dir());
        snprintf(pubkey, sizeof pubkey, "%s/never-signs.pub", fz_tmp_dir());
        enum rk_status kst = rk_keygen(priv, pubkey);
        FZ_CHECK(kst == RK_OK, "rk_keygen: %s", rk_status_str(kst));
        snprintf(zip, sizeof zip, "%s/BUNDLE.ZIP", fz_tmp_dir());
        snprintf(tmp, sizeof tmp, "%s/t", fz_tmp_dir());
        fz_mkdir(tmp);
        setenv("TMPDIR", tmp, 1);
    }
    fz_write_file(zip, data, size);
    struct rk_verify_result res;
    enum rk_status st = rk_evidence_verify_path(zip, pubkey, problem, NULL, &res);
    FZ_CHECK(st == RK_OK || st == RK_E_IO || st == RK_E_NOMEM, "rk_evidence_verify_path: %s",
             rk_status_str(st));
    FZ_CHECK(!res.valid, "a bundle no key signed is called valid");
    if (st == RK_E_IO) {
        bool io = false;
        for (size_t i = 0; i < res.nlist; i++)
            io = io || strncmp(res.list[i].rule, "IO-", 3) == 0;
        FZ_CHECK(io, "unreadable without an IO problem");
    }
    for (size_t i = 0; i < res.nlist; i++) {
        FZ_CHECK(res.list[i].path && !strstr(res.list[i].path, tmp),
                 "a problem names the temporary directory");
        FZ_CHECK(!strstr(res.list[i].message_en, tmp) && !strstr(res.list[i].message_ja, tmp),
                 "a message names the temporary directory");
    }
    rk_verify_result_free(&res);
    static const char *const none[] = {NULL};
    static const char *const mine[] = {"never-signs.key", "never-signs.pub", "BUNDLE.ZIP", "t",
                                       NULL};
    FZ_CHECK(others(tmp, none) == 0, "the temporary directory was not removed");
    FZ_CHECK(others(fz_tmp_dir(), mine) == 0, "something was written beside the archive");
    return 0;
}
