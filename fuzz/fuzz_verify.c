/*
 * fuzz_verify.c - the evidence verifier (evidence.c, rk_evidence_verify) on a bundle made of
 * the input: cut at each 0xFF 0xFE pair into manifest.json, manifest.sig, pubkey.pem,
 * report.json, report.html and a copy of an input (written where the manifest's first
 * inputs[].copy names it under inputs/, else inputs/checked/F.CSV) of a fresh directory.
 * Byte 0: bit 0 makes report.html a symlink out of the bundle; bit 1 has the harness sign the
 * bundle with its own key (made at start-up): the manifest, when it is a JSON object, first
 * gets the real size and SHA-256 of every file and copy it lists and the key's fingerprint,
 * is written as canonical JSON and signed, and pubkey.pem is that key; so the checks after
 * the signature and the re-check of the copies (the options, arguments and round trip the
 * manifest records) run on fuzzed manifests. It reads only inside the bundle.
 * Invariants: it returns (RK_OK, RK_E_IO or RK_E_NOMEM); every problem is a finding of an EVD
 * rule whose message is UTF-8 and non-empty; unsigned by the harness, a bundle is never
 * valid; a valid bundle says whether its verdicts were re-checked (rechecked, or why not).
 */
#include "harness.h"

#include <jansson.h>

static const char *const names[5] = {"manifest.json", "manifest.sig", "pubkey.pem", "report.json",
                                     "report.html"};

static void problem(void *ctx, const struct rk_finding *f)
{
    (void)ctx;
    /* EVD problems, and the note summing up those over a rule's cap (CSV-014) */
    FZ_CHECK(f->rule &&
                 (f->rule->scope == RK_SCOPE_EVIDENCE || strcmp(f->rule->id, "CSV-014") == 0),
             "a verify finding of another rule");
    fz_check_utf8("verify", "path", f->path);
    char message[1024];
    rk_finding_message(f, RK_LANG_EN, message, sizeof message);
    fz_check_utf8("verify", "message", message);
    FZ_CHECK(*message, "empty problem message");
}

static char pubkey[1100];
static struct rk_buf priv_pem, pub_pem;
static char fingerprint[RK_FINGERPRINT_SIZE];

/* the whole of a file the harness wrote itself */
static void read_whole(const char *path, struct rk_buf *out)
{
    FILE *fp = fopen(path, "rb");
    FZ_CHECK(fp, "%s: %s", path, strerror(errno));
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        FZ_CHECK(rk_buf_add(out, chunk, n) == RK_OK, "out of memory");
    fclose(fp);
}

/* a name the harness may create or hash below dir: relative, no "..", no empty component */
static bool inside(const char *name)
{
    return name && *name && name[0] != '/' && !strstr(name, "..") && !strstr(name, "//") &&
           strlen(name) < 900;
}

/* the copy of an input: its folders made below dir */
static void write_copy(const char *dir, const char *name, const void *p, size_t n)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    for (char *s = path + strlen(dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST) {
            *s = '/';
            return; /* a file where a folder would go: nothing written */
        }
        *s = '/';
    }
    struct stat sb;
    if (lstat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
        return;
    fz_write_file(path, p, n);
}

/* entry's size and sha256 made those of the regular file dir/NAME, NAME its member key */
static void fix_entry(const char *dir, json_t *entry, const char *key)
{
    const char *name = json_string_value(json_object_get(entry, key));
    char path[2048];
    struct stat sb;
    if (!inside(name) || snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path ||
        lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return;
    struct rk_buf b = {0};
    read_whole(path, &b);
    struct rk_sha256 *h = rk_sha256_new();
    char hex[65];
    FZ_CHECK(h && rk_sha256_update(h, b.data ? b.data : "", b.len) == RK_OK &&
                 rk_sha256_final(h, hex) == RK_OK,
             "sha256");
    rk_sha256_free(h);
    json_object_set_new(entry, "sha256", json_string(hex));
    json_object_set_new(entry, "size", json_integer((json_int_t)b.len));
    rk_buf_free(&b);
}

/* The harness's signature over the bundle: see the header. */
static void sign_bundle(const char *dir)
{
    json_set_alloc_funcs(rk_malloc, rk_free); /* as evidence.c has them */
    char path[1200];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    struct rk_buf body = {0};
    read_whole(path, &body);
    json_t *m = json_loadb(body.data ? body.data : "", body.len, JSON_REJECT_DUPLICATES, NULL);
    if (json_is_object(m)) {
        json_t *signer = json_object_get(m, "signer");
        if (!json_is_object(signer)) {
            signer = json_object();
            json_object_set_new(m, "signer", signer);
        }
        json_object_set_new(signer, "fingerprint", json_string(fingerprint));
        const char *lists[2][2] = {{"files", "name"}, {"inputs", "copy"}};
        for (int k = 0; k < 2; k++) {
            size_t i;
            json_t *e;
            json_array_foreach(json_object_get(m, lists[k][0]), i, e)
                fix_entry(dir, e, lists[k][1]);
        }
        char *text = json_dumps(m, JSON_SORT_KEYS | JSON_COMPACT);
        if (text) {
            body.len = 0;
            FZ_CHECK(rk_buf_printf(&body, "%s\n", text) == RK_OK, "out of memory");
            fz_write_file(path, body.data, body.len);
            rk_free(text);
        }
    }
    json_decref(m);
    unsigned char sig[64];
    FZ_CHECK(rk_ed25519_sign(priv_pem.data, priv_pem.len, body.data ? body.data : "", body.len, sig,
                             NULL) == RK_OK,
             "sign");
    char hex[130];
    for (int i = 0; i < 64; i++)
        snprintf(hex + 2 * i, 3, "%02x", sig[i]);
    hex[128] = '\n';
    snprintf(path, sizeof path, "%s/manifest.sig", dir);
    fz_write_file(path, hex, 129);
    snprintf(path, sizeof path, "%s/pubkey.pem", dir);
    fz_write_file(path, pub_pem.data, pub_pem.len);
    rk_buf_free(&body);
}

/* the name the manifest gives its first copy, when the harness may write it */
static void copy_name(const uint8_t *p, size_t n, char *out, size_t cap)
{
    snprintf(out, cap, "inputs/checked/F.CSV");
    json_set_alloc_funcs(rk_malloc, rk_free);
    json_t *m = json_loadb((const char *)p, n, 0, NULL);
    const char *c =
        json_string_value(json_object_get(json_array_get(json_object_get(m, "inputs"), 0), "copy"));
    if (inside(c) && strncmp(c, "inputs/", 7) == 0 && c[strlen(c) - 1] != '/')
        snprintf(out, cap, "%s", c);
    json_decref(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!pubkey[0]) {
        char priv[1100];
        snprintf(priv, sizeof priv, "%s/harness.key", fz_tmp_dir());
        snprintf(pubkey, sizeof pubkey, "%s/harness.pub", fz_tmp_dir());
        enum rk_status kst = rk_keygen(priv, pubkey);
        FZ_CHECK(kst == RK_OK, "rk_keygen: %s", rk_status_str(kst));
        read_whole(priv, &priv_pem);
        read_whole(pubkey, &pub_pem);
        FZ_CHECK(rk_key_fingerprint(pubkey, fingerprint) == RK_OK, "fingerprint");
    }
    if (size < 1)
        return 0;
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/bundle", fz_tmp_dir());
    fz_rm_tree(dir);
    fz_mkdir(dir);
    const uint8_t *p = data + 1, *end = data + size;
    char copy[1024] = "";
    for (int k = 0; k < 6 && p <= end; k++) {
        const uint8_t *cut = p;
        while (cut + 1 < end && !(cut[0] == 0xFF && cut[1] == 0xFE))
            cut++;
        if (cut + 1 >= end)
            cut = end;
        if (k == 0)
            copy_name(p, (size_t)(cut - p), copy, sizeof copy);
        if (k < 5) {
            char path[1200];
            snprintf(path, sizeof path, "%s/%s", dir, names[k]);
            fz_write_file(path, p, (size_t)(cut - p));
        } else {
            write_copy(dir, copy, p, (size_t)(cut - p));
        }
        p = cut + 2;
    }
    if (data[0] & 1) { /* a symlink out of the bundle */
        char link[1200];
        snprintf(link, sizeof link, "%s/report.html", dir);
        unlink(link);
        if (symlink("/etc/hostname", link) != 0)
            abort();
    }
    bool harness_signed = data[0] & 2;
    if (harness_signed)
        sign_bundle(dir);
    struct rk_verify_result res;
    enum rk_status st = rk_evidence_verify(dir, pubkey, problem, NULL, &res);
    FZ_CHECK(st == RK_OK || st == RK_E_IO || st == RK_E_NOMEM, "rk_evidence_verify: %s",
             rk_status_str(st));
    FZ_CHECK(harness_signed || !res.valid, "a bundle no key signed is called valid");
    FZ_CHECK(!res.valid || res.rechecked || res.recheck_why[0],
             "a valid bundle does not say whether it was re-checked");
    rk_verify_result_free(&res);
    fz_rm_tree(dir);
    return 0;
}
