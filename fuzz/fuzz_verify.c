/*
 * fuzz_verify.c - the evidence verifier (evidence.c, rk_evidence_verify) on a bundle made of
 * the input: cut at each 0xFF 0xFE pair into manifest.json, manifest.sig, pubkey.pem,
 * report.json and report.html of a fresh directory (the first byte adds a symlink or a file
 * named like a path outside when set). It reads only inside the bundle.
 * It verifies against a public key made at start-up whose private key signs nothing, so:
 * Invariants: it returns (RK_OK or RK_E_IO), never calls a bundle valid, and every problem
 * is a finding of an EVD rule whose message is UTF-8 and non-empty.
 */
#include "harness.h"

static const char *const names[5] = {"manifest.json", "manifest.sig", "pubkey.pem", "report.json",
                                     "report.html"};

static void problem(void *ctx, const struct rk_finding *f)
{
    (void)ctx;
    FZ_CHECK(f->rule && strncmp(f->rule->id, "EVD-", 4) == 0, "a verify finding of another rule");
    fz_check_utf8("verify", "path", f->path);
    char message[1024];
    rk_finding_message(f, RK_LANG_EN, message, sizeof message);
    fz_check_utf8("verify", "message", message);
    FZ_CHECK(*message, "empty problem message");
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
    }
    if (size < 1)
        return 0;
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/bundle", fz_tmp_dir());
    fz_rm_tree(dir);
    fz_mkdir(dir);
    const uint8_t *p = data + 1, *end = data + size;
    for (int k = 0; k < 5 && p <= end; k++) {
        const uint8_t *cut = p;
        while (cut + 1 < end && !(cut[0] == 0xFF && cut[1] == 0xFE))
            cut++;
        if (cut + 1 >= end)
            cut = end;
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        fz_write_file(path, p, (size_t)(cut - p));
        p = cut + 2;
    }
    if (data[0] & 1) { /* a symlink out of the bundle */
        char link[1200];
        snprintf(link, sizeof link, "%s/report.html", dir);
        unlink(link);
        if (symlink("/etc/hostname", link) != 0)
            abort();
    }
    struct rk_verify_result res;
    enum rk_status st = rk_evidence_verify(dir, pubkey, problem, NULL, &res);
    FZ_CHECK(st == RK_OK || st == RK_E_IO || st == RK_E_NOMEM, "rk_evidence_verify: %s",
             rk_status_str(st));
    FZ_CHECK(!res.valid, "a bundle no key signed is called valid");
    rk_verify_result_free(&res);
    fz_rm_tree(dir);
    return 0;
}
