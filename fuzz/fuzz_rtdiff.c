/*
 * fuzz_rtdiff.c - the round-trip comparison (roundtrip.c, rk_roundtrip): the input is cut at
 * the first 0xFF 0xFE pair into an original and a re-export 第6表 (or 第7表 when the first byte
 * is odd) and compared.
 * Invariants: RK_OK, every finding well-formed and naming one of the two files, and a file
 * compared with an identical copy of itself loses, adds and changes nothing.
 */
#include "harness.h"

struct ctx {
    const char *a, *b;
};

static void sink(void *arg, const struct rk_finding *f)
{
    struct ctx *c = arg;
    fz_check_finding(f);
    FZ_CHECK(f->path && (strcmp(f->path, c->a) == 0 || strcmp(f->path, c->b) == 0),
             "finding %s names %s", f->rule->id, f->path ? f->path : "(none)");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct rk_specs *specs = fz_specs();
    if (size < 1)
        return 0;
    const char *layout = (data[0] & 1) ? "UPSIKYU" : "UPPLAN";
    char a[1100], b[1100];
    snprintf(a, sizeof a, "%s/%s_202504_1312345678_43_1312300001_11_20250325120000.CSV",
             fz_tmp_dir(), layout);
    snprintf(b, sizeof b, "%s/%s_202504_1312345678_43_1312300001_11_20250401090000.CSV",
             fz_tmp_dir(), layout);
    const uint8_t *p = data + 1, *end = data + size, *cut = p;
    while (cut + 1 < end && !(cut[0] == 0xFF && cut[1] == 0xFE))
        cut++;
    if (cut + 1 >= end)
        cut = end;
    fz_write_file(a, p, (size_t)(cut - p));
    const uint8_t *q = cut + 2 <= end ? cut + 2 : end;
    fz_write_file(b, q, (size_t)(end - q));
    struct ctx c = {a, b};
    struct rk_roundtrip_result res;
    enum rk_status st = rk_roundtrip(specs, NULL, a, b, sink, &c, &res);
    FZ_CHECK(st == RK_OK, "rk_roundtrip: %s", rk_status_str(st));
    /* the original against an identical copy of itself */
    fz_write_file(b, p, (size_t)(cut - p));
    st = rk_roundtrip(specs, NULL, a, b, sink, &c, &res);
    FZ_CHECK(st == RK_OK, "rk_roundtrip (same): %s", rk_status_str(st));
    FZ_CHECK(res.lost == 0 && res.added == 0 && res.changed == 0,
             "a file against its own copy: %llu lost, %llu added, %llu changed",
             (unsigned long long)res.lost, (unsigned long long)res.added,
             (unsigned long long)res.changed);
    unlink(a);
    unlink(b);
    return 0;
}
