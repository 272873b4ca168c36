/*
 * test_evidence.c - unit tests of the evidence bundle (evidence.c) and its signatures
 * (crypto.c): Ed25519 sign and verify both ways, keygen's mode and refusal to overwrite, a
 * bundle written and verified through the library, and a failing-allocator loop over
 * rk_evidence_write: every failure is a clean status that leaves no directory behind, every
 * success a bundle that verifies. The tamper cases run on the command line
 * (tests/evidence/evidence.sh).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"
#include "renkei.h"

static char tmpdir[64];

static int make_tmp(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/rk-evidence-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static void rm_rf(const char *path)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", path);
}

static int remove_tmp(void **state)
{
    (void)state;
    rm_rf(tmpdir);
    return 0;
}

static char *path_in(const char *name)
{
    static char buf[8][256];
    static int next;
    char *p = buf[next++ % 8];
    snprintf(p, 256, "%s/%s", tmpdir, name);
    return p;
}

static void test_evidence_ed25519_sign_verify(void **state)
{
    (void)state;
    struct rk_buf priv = {0}, pub = {0}, priv2 = {0}, pub2 = {0}, derived = {0};
    assert_int_equal(rk_ed25519_keygen(&priv, &pub), RK_OK);
    assert_int_equal(rk_ed25519_keygen(&priv2, &pub2), RK_OK);
    assert_non_null(strstr(priv.data, "BEGIN PRIVATE KEY"));
    assert_non_null(strstr(pub.data, "BEGIN PUBLIC KEY"));
    static const char msg[] = "{\"schema\":\"renkei.evidence\"}\n";
    unsigned char sig[64];
    assert_int_equal(rk_ed25519_sign(priv.data, priv.len, msg, sizeof msg - 1, sig, &derived),
                     RK_OK);
    assert_string_equal(derived.data, pub.data); /* the public key comes from the private */
    bool ok = false;
    assert_int_equal(rk_ed25519_verify(pub.data, pub.len, msg, sizeof msg - 1, sig, &ok), RK_OK);
    assert_true(ok);
    /* one changed byte of the message or of the signature, or another key: rejected */
    char other[sizeof msg];
    memcpy(other, msg, sizeof msg);
    other[3] ^= 1;
    assert_int_equal(rk_ed25519_verify(pub.data, pub.len, other, sizeof msg - 1, sig, &ok), RK_OK);
    assert_false(ok);
    sig[10] ^= 0x40;
    assert_int_equal(rk_ed25519_verify(pub.data, pub.len, msg, sizeof msg - 1, sig, &ok), RK_OK);
    assert_false(ok);
    sig[10] ^= 0x40;
    assert_int_equal(rk_ed25519_verify(pub2.data, pub2.len, msg, sizeof msg - 1, sig, &ok), RK_OK);
    assert_false(ok);
    /* the wrong kind of key is an argument error, not a failed signature */
    assert_int_equal(rk_ed25519_verify(priv.data, priv.len, msg, sizeof msg - 1, sig, &ok),
                     RK_E_ARG);
    assert_int_equal(rk_ed25519_sign(pub.data, pub.len, msg, sizeof msg - 1, sig, NULL), RK_E_ARG);
    assert_int_equal(rk_ed25519_sign("junk", 4, msg, sizeof msg - 1, sig, NULL), RK_E_ARG);
    rk_buf_free(&priv);
    rk_buf_free(&pub);
    rk_buf_free(&priv2);
    rk_buf_free(&pub2);
    rk_buf_free(&derived);
}

static void test_evidence_keygen_mode_and_no_overwrite(void **state)
{
    (void)state;
    char *key = path_in("k.key"), *pub = path_in("k.pub");
    mode_t old = umask(0);
    enum rk_status st = rk_keygen(key, pub);
    umask(old);
    assert_int_equal(st, RK_OK);
    struct stat sb;
    assert_int_equal(stat(key, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    off_t size = sb.st_size;
    assert_int_equal(rk_keygen(key, path_in("k2.pub")), RK_E_IO);
    assert_int_equal(stat(key, &sb), 0);
    assert_int_equal(sb.st_size, size);
    assert_int_equal(access(path_in("k2.pub"), F_OK), -1);
    /* the public key exists: the private key written first is removed again */
    assert_int_equal(rk_keygen(path_in("k3.key"), pub), RK_E_IO);
    assert_int_equal(access(path_in("k3.key"), F_OK), -1);
}

struct problems {
    int n;
    char first[512];
};

static void count_problem(void *ctx, const struct rk_finding *f)
{
    struct problems *p = ctx;
    char what[400];
    rk_finding_message(f, RK_LANG_EN, what, sizeof what);
    if (p->n++ == 0)
        snprintf(p->first, sizeof p->first, "%s: %s [%s]", f->path, what, f->rule->id);
}

static size_t nfiles_seen;
static int count_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)path, (void)st, (void)ftw;
    nfiles_seen += type == FTW_F;
    return 0;
}

/* The regular files below DIR. */
static size_t count_files(const char *dir)
{
    nfiles_seen = 0;
    assert_int_equal(nftw(dir, count_one, 8, FTW_PHYS), 0);
    return nfiles_seen;
}

static struct rk_specs *specs;
static const char *inputs[1];
static char input_dir[256];

static enum rk_status write_bundle(const char *out, struct rk_evidence_result *res)
{
    struct rk_evidence_options opt = {
        .vendor = "V",
        .product = "P",
        .product_version = "1",
        .office = "kyotaku",
        .key_path = path_in("k.key"),
        .roundtrip_original = inputs[0],
        .roundtrip_reexport = inputs[0],
    };
    return rk_evidence_write(specs, &opt, inputs, 1, out, res);
}

static void test_evidence_write_and_verify(void **state)
{
    (void)state;
    struct rk_sample_options so = {.send = "slip", .users = 1};
    assert_int_equal(rk_sample(specs, &so, path_in("in"), NULL, NULL), RK_OK);
    snprintf(input_dir, sizeof input_dir, "%s", path_in("in"));
    inputs[0] = input_dir;
    struct rk_evidence_result res;
    assert_int_equal(write_bundle(path_in("b"), &res), RK_OK);
    assert_int_equal(res.run.files, 3);
    assert_string_equal(res.verdict_1, "not met"); /* a slip send alone lacks 第1-3表 */
    assert_string_equal(res.verdict_2, "not assessed");
    struct rk_verify_result vr;
    struct problems p = {0};
    assert_int_equal(rk_evidence_verify(path_in("b"), path_in("k.pub"), count_problem, &p, &vr),
                     RK_OK);
    assert_int_equal(p.n, 0);
    assert_true(vr.valid);
    assert_false(vr.key_from_bundle);
    assert_string_equal(vr.vendor, "V");
    assert_string_equal(vr.office_type_ja, "居宅介護支援事業所");
    assert_string_equal(vr.verdicts[0].requirement, "①");
    assert_true(vr.rechecked); /* the copies in the bundle give the same verdicts */
    assert_true(vr.signer_confirmed);
    assert_int_equal(vr.files, 2);
    assert_int_equal(vr.copies, count_files(path_in("b/inputs"))); /* every copy was listed */
    assert_true(vr.copies >= 3);
    /* the fingerprint recorded is the key's, as rk_key_fingerprint gives it */
    char fp[RK_FINGERPRINT_SIZE];
    assert_int_equal(rk_key_fingerprint(path_in("k.pub"), fp), RK_OK);
    assert_string_equal(vr.fingerprint, fp);
    assert_string_equal(res.fingerprint, fp);
    assert_int_equal(strlen(fp), 7 + 64);
    rk_verify_result_free(&vr);
    /* a second bundle into the same directory is refused and changes nothing */
    assert_int_equal(write_bundle(path_in("b"), &res), RK_E_IO);
    assert_non_null(strstr(res.message, "not empty"));
    assert_int_equal(rk_evidence_verify(path_in("b"), NULL, count_problem, &p, &vr), RK_OK);
    assert_true(vr.valid);
    assert_true(vr.key_from_bundle);
    rk_verify_result_free(&vr);
}

static unsigned long alloc_count, alloc_fail_at;

static void *fail_malloc(size_t n)
{
    if (++alloc_count == alloc_fail_at)
        return NULL;
    return malloc(n);
}

static void *fail_realloc(void *p, size_t n)
{
    if (++alloc_count == alloc_fail_at)
        return NULL;
    return realloc(p, n);
}

/* Fails the Nth allocation for N spread over the whole run (every one of the last 300, where
 * the manifest is built and the files renamed): each failure is a clean status with no
 * directory left behind, each success a bundle that verifies. */
static void test_evidence_write_failing_allocator(void **state)
{
    (void)state;
    struct rk_evidence_result res;
    alloc_fail_at = 0;
    alloc_count = 0;
    rk_set_allocator(fail_malloc, fail_realloc, free);
    enum rk_status st = write_bundle(path_in("count"), &res);
    rk_set_allocator(NULL, NULL, NULL);
    assert_int_equal(st, RK_OK);
    unsigned long total = alloc_count;
    unsigned long stride = total > 600 ? total / 300 : 1;
    unsigned long tried = 0;
    for (unsigned long n = 1; n <= total + 1; n += (n + 300 >= total ? 1 : stride)) {
        char name[32];
        snprintf(name, sizeof name, "f%lu", n);
        char *out = path_in(name);
        alloc_fail_at = n;
        alloc_count = 0;
        rk_set_allocator(fail_malloc, fail_realloc, free);
        st = write_bundle(out, &res);
        rk_set_allocator(NULL, NULL, NULL);
        tried++;
        if (st == RK_OK) {
            struct rk_verify_result vr;
            struct problems p = {0};
            assert_int_equal(rk_evidence_verify(out, NULL, count_problem, &p, &vr), RK_OK);
            if (!vr.valid)
                fail_msg("allocation %lu failed, the bundle was written but: %s", n, p.first);
            rk_verify_result_free(&vr);
            rm_rf(out);
        } else {
            if (access(out, F_OK) == 0)
                fail_msg("allocation %lu failed (%s: %s), but %s was left behind", n,
                         rk_status_str(st), res.message, out);
        }
    }
    assert_true(tried > 100);
    print_message("%lu allocations, %lu failed in turn\n", total, tried);
}

static int setup(void **state)
{
    if (make_tmp(state) != 0)
        return -1;
    return rk_specs_load_builtin(&specs, NULL, NULL) == RK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    rk_specs_free(specs);
    return remove_tmp(state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evidence_ed25519_sign_verify),
        cmocka_unit_test(test_evidence_keygen_mode_and_no_overwrite),
        cmocka_unit_test(test_evidence_write_and_verify),
        cmocka_unit_test(test_evidence_write_failing_allocator),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
