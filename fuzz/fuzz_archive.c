/*
 * fuzz_archive.c - the ZIP archive reader (inputs.c through libzip): the input is written as
 * SEND.ZIP and expanded with rk_paths_add, as a user's archive would be; every path it gives is
 * read whole with rk_input_open/rk_input_read and checked with rk_check_file.
 * Invariants: rk_paths_add returns RK_OK; it gives either the archive itself (which then cannot
 * be opened, for an IO-* reason) or members named "SEND.ZIP!/NAME" with a non-empty name that is
 * not a directory and has no component starting with '.'; a member that opens reads at most
 * RK_ZIP_MAX_MEMBER_BYTES and at most RK_ZIP_MAX_RATIO times its compressed size above the
 * floor, or stops with an IO-* problem; rk_check_file returns RK_OK, or RK_E_IO with the file
 * unreadable, and every finding is well-formed and names the path checked.
 */
#include "harness.h"
#include "inputs.h"

static void sink(void *ctx, const struct rk_finding *f)
{
    const char *path = ctx;
    fz_check_finding(f);
    FZ_CHECK(f->path && strcmp(f->path, path) == 0, "finding %s names %s", f->rule->id,
             f->path ? f->path : "(none)");
}

static void read_whole(const char *path)
{
    struct rk_input *in = NULL;
    struct rk_input_problem why = {0};
    enum rk_status st = rk_input_open(path, &in, &why);
    if (st != RK_OK) {
        FZ_CHECK(st == RK_E_IO && strncmp(rk_rule_get(why.rule)->id, "IO-", 3) == 0,
                 "open %s: %s without an IO rule", path, rk_status_str(st));
        return;
    }
    static char buf[65536];
    uint64_t total = 0;
    size_t got = 0;
    while ((st = rk_input_read(in, buf, sizeof buf, &got, &why)) == RK_OK && got > 0) {
        total += got;
        FZ_CHECK(total <= RK_ZIP_MAX_MEMBER_BYTES, "%s: read %llu bytes past the limit", path,
                 (unsigned long long)total);
    }
    FZ_CHECK(st == RK_OK || (st == RK_E_IO && strncmp(rk_rule_get(why.rule)->id, "IO-", 3) == 0),
             "read %s: %s without an IO rule", path, rk_status_str(st));
    rk_input_close(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct rk_specs *specs = fz_specs();
    char zip[1100];
    snprintf(zip, sizeof zip, "%s/SEND.ZIP", fz_tmp_dir());
    fz_write_file(zip, data, size);
    struct rk_paths p = {.specs = specs};
    enum rk_status st = rk_paths_add(&p, zip);
    FZ_CHECK(st == RK_OK, "rk_paths_add: %s", rk_status_str(st));
    size_t zl = strlen(zip);
    for (size_t i = 0; i < p.n; i++) {
        const char *path = p.v[i];
        if (strcmp(path, zip) != 0) {
            FZ_CHECK(strncmp(path, zip, zl) == 0 && strncmp(path + zl, RK_ARCHIVE_SEP, 2) == 0,
                     "member %s not named after its archive", path);
            const char *m = path + zl + 2;
            size_t ml = strlen(m);
            FZ_CHECK(ml > 0 && m[ml - 1] != '/', "member %s is a directory", path);
            FZ_CHECK(m[0] != '.' && !strstr(m, "/."), "member %s has a dot component", path);
        }
        read_whole(path);
        struct rk_file_result res;
        struct rk_check_options opt = {0};
        st = rk_check_file(specs, &opt, path, sink, (void *)path, &res);
        FZ_CHECK(st == RK_OK || (st == RK_E_IO && res.unreadable), "check %s: %s", path,
                 rk_status_str(st));
        if (strcmp(path, zip) == 0)
            FZ_CHECK(res.unreadable, "the archive itself was read as a file");
    }
    rk_paths_free(&p);
    return 0;
}
