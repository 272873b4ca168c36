/*
 * renkei_web.c - what the page's worker calls in the WebAssembly build: a check of the files
 * the user gave (mounted by the worker under a directory of the module's file system) run
 * with rk_run_check exactly as `renkei check` runs it, its reports written by the library's
 * own writers (HTML in both languages, JSON), and a bundle (a directory or a ZIP of it)
 * verified with rk_evidence_verify_path as `renkei verify` does. No check is implemented here:
 * only the choices the command line makes from its arguments, made from the page's.
 */
#include <emscripten.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "renkei.h"

/* Called from JavaScript (worker.js), exported by name. */
int rkw_check(const char *inputs, const char *office, const char *direction, int no_set, int lang,
              const char *html_ja, const char *html_en, const char *json);
int rkw_verify(const char *dir, const char *pubkey, int *out, char *fingerprint,
               const char *json_ja, const char *json_en);

/* Told to the worker as each file's check ends (Module.onFile). */
EM_JS(void, tell_file, (const char *path, double done, double total, int status), {
    if (Module.onFile)
        Module.onFile(UTF8ToString(path), done, total, status);
});

/* Told to the worker for each finding of a verification (Module.onProblem). */
EM_JS(void, tell_problem,
      (const char *path, const char *rule, int error, const char *msg_ja, const char *msg_en), {
          if (Module.onProblem)
              Module.onProblem(UTF8ToString(path), UTF8ToString(rule), error, UTF8ToString(msg_ja),
                               UTF8ToString(msg_en));
      });

struct progress {
    double done, total;
};

static void on_file_checked(void *ctx, const char *path, enum rk_status st,
                            const struct rk_file_result *res)
{
    struct progress *p = ctx;
    (void)res;
    p->done++;
    tell_file(path, p->done, p->total, (int)st);
}

/* Splits s at newlines into paths (each a file, a directory or a ZIP, relative to the current
 * directory, which the worker sets to where it mounted the inputs). Returns 0, -1 when out of
 * memory, 1 when an input has nothing to check. */
static int add_inputs(struct rk_paths *in, const char *s)
{
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if (n) {
            char *one = malloc(n + 1);
            if (!one)
                return -1;
            memcpy(one, s, n);
            one[n] = '\0';
            size_t before = in->n;
            enum rk_status st = rk_paths_add(in, one);
            free(one);
            if (st != RK_OK)
                return -1;
            if (in->n == before) /* a directory or archive with nothing to check */
                return 1;
        }
        s += n + (nl ? 1 : 0);
    }
    return 0;
}

/*
 * Checks the inputs (newline-separated paths) as `renkei check [--office OFFICE --direction
 * DIRECTION] [--no-set] INPUTS` would, writing the HTML report in Japanese to html_ja, in
 * English to html_en and the JSON report (in lang: 0 ja, 1 en) to json. office and direction
 * may be empty. Returns the command's exit code: 0 conforms, 1 findings at error level, 2 bad
 * arguments, 3 an input has nothing to check, 4 the tool failed.
 */
EMSCRIPTEN_KEEPALIVE
int rkw_check(const char *inputs, const char *office, const char *direction, int no_set, int lang,
              const char *html_ja, const char *html_en, const char *json)
{
    if (office && strcmp(office, "facility") == 0)
        return 2;
    struct rk_specs *specs = NULL;
    if (rk_specs_load_builtin(&specs, NULL, NULL) != RK_OK)
        return 4;
    struct rk_paths in = {.specs = specs};
    int added = add_inputs(&in, inputs);
    if (added != 0 || in.n == 0) { /* out of memory, or nothing to check (exit 3 as the CLI) */
        rk_paths_free(&in);
        rk_specs_free(specs);
        return added < 0 ? 4 : 3;
    }
    const char *names[3] = {html_ja, html_en, json};
    const enum rk_report_format formats[3] = {RK_REPORT_HTML, RK_REPORT_HTML, RK_REPORT_JSON};
    const enum rk_lang langs[3] = {RK_LANG_JA, RK_LANG_EN, lang ? RK_LANG_EN : RK_LANG_JA};
    FILE *fp[3] = {NULL, NULL, NULL};
    struct rk_report *rep[3] = {NULL, NULL, NULL};
    int code = 0;
    for (int i = 0; i < 3 && code == 0; i++) {
        fp[i] = fopen(names[i], "w");
        if (!fp[i] || rk_report_new(&rep[i], formats[i], langs[i], fp[i]) != RK_OK)
            code = 4;
    }
    struct rk_run_result rr = {0};
    if (code == 0) {
        struct progress p = {0, (double)in.n};
        struct rk_run_options ro = {
            .check = {.record_by_record = no_set},
            .use_set = !no_set && (in.any_dir || in.n > 1 || (office && *office)),
            .set = {.office = office && *office ? office : NULL,
                    .direction = direction && *direction ? direction : NULL,
                    .label = in.v[0]},
            .on_file = on_file_checked,
            .ctx = &p,
        };
        if (rk_run_check(specs, &ro, (const char *const *)in.v, in.n, rep, 3, &rr) != RK_OK)
            code = 4;
    }
    for (int i = 0; i < 3; i++) {
        if (rep[i])
            rk_report_skipped(rep[i], &in);
        if (rep[i] && rk_report_finish(rep[i]) != RK_OK)
            code = 4;
        rk_report_free(rep[i]);
        if (fp[i] && fclose(fp[i]) != 0)
            code = 4;
    }
    rk_specs_free(specs);
    rk_paths_free(&in);
    if (code == 0 && rr.count[RK_SEV_ERROR])
        code = 1;
    return code;
}

static void on_problem(void *ctx, const struct rk_finding *f)
{
    char ja[1024], en[1024];
    (void)ctx;
    rk_finding_message(f, RK_LANG_JA, ja, sizeof ja);
    rk_finding_message(f, RK_LANG_EN, en, sizeof en);
    tell_problem(f->path, f->rule->id, f->severity == RK_SEV_ERROR, ja, en);
}

/* Writes res as `renkei verify --format json --lang L` does, into path; false when it cannot. */
static bool write_verify_json(const char *path, const struct rk_verify_result *res,
                              enum rk_lang lang)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return false;
    bool ok = rk_verify_write_json(fp, res, lang) == RK_OK;
    return fclose(fp) == 0 && ok;
}

/*
 * Verifies the bundle in dir, a directory or a ZIP of one, as `renkei verify DIR [--pubkey PEM]`
 * does (pubkey may be empty: the bundle's own pubkey.pem; a ZIP is extracted under /tmp of the
 * module's memory file system and removed). Its findings go to Module.onProblem. Returns the
 * command's exit code: 0 valid, 1 invalid, 2 the public key given is not one Ed25519 key, 3 the
 * bundle could not be read, 4 the tool failed. out[0] receives the files listed in the manifest,
 * out[1] 1 when the bundle's own key was used, out[2] 1 when the key given is the signer's, out[3]
 * the problems; fingerprint (RK_FINGERPRINT_SIZE bytes) the signer's key fingerprint or "". What
 * was verified (vendor, product, office type, date, versions, the verdicts, the re-check) is
 * written to json_ja and json_en as `renkei verify --format json` writes it in each language.
 */
EMSCRIPTEN_KEEPALIVE
int rkw_verify(const char *dir, const char *pubkey, int *out, char *fingerprint,
               const char *json_ja, const char *json_en)
{
    struct rk_verify_result vr = {0};
    enum rk_status st =
        rk_evidence_verify_path(dir, pubkey && *pubkey ? pubkey : NULL, on_problem, NULL, &vr);
    out[0] = (int)vr.files;
    out[1] = vr.key_from_bundle;
    out[2] = vr.signer_confirmed;
    out[3] = (int)vr.problems;
    memcpy(fingerprint, vr.fingerprint, RK_FINGERPRINT_SIZE);
    fingerprint[RK_FINGERPRINT_SIZE - 1] = '\0';
    int code = vr.valid ? 0 : 1;
    if (st == RK_E_ARG)
        code = 2;
    else if (st == RK_E_IO)
        code = 3;
    else if (st != RK_OK)
        code = 4;
    else if (!write_verify_json(json_ja, &vr, RK_LANG_JA) ||
             !write_verify_json(json_en, &vr, RK_LANG_EN))
        code = 4;
    rk_verify_result_free(&vr);
    return code;
}
