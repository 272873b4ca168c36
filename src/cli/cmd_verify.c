/*
 * cmd_verify.c - `renkei verify DIR`: checks a bundle's signature and every file.
 */
#include "cli.h"

/* A verify finding, as a compiler would print it. */
static void print_problem(void *ctx, const struct rk_finding *f)
{
    enum rk_lang lang = *(const enum rk_lang *)ctx;
    char msg[1024];
    rk_finding_message(f, lang, msg, sizeof msg);
    fprintf(stderr, "%s: %s: %s [%s]\n", f->path,
            f->severity == RK_SEV_ERROR ? (lang == RK_LANG_JA ? "エラー" : "error")
                                        : (lang == RK_LANG_JA ? "警告" : "warning"),
            msg, f->rule->id);
}

/* Verifies a bundle: exit 0 valid, 1 invalid, 2 a --pubkey that is not one key, 3 unreadable. */
int cmd_verify(struct cli *c, int argc, char **argv)
{
    if (argc != 1)
        return usage_error("%s", TR("verify には証拠一式のディレクトリが 1 つ必要です",
                                    "verify needs one bundle directory"));
    bool ja = c->lang == RK_LANG_JA;
    struct rk_verify_result vr;
    enum rk_status st = rk_evidence_verify(argv[0], c->pubkey, print_problem, &c->lang, &vr);
    if (st == RK_E_ARG)
        return usage_error(ja ? "--pubkey %s: 読めないか、Ed25519公開鍵ちょうど1つではありません"
                              : "--pubkey %s: cannot be read, or does not hold exactly one "
                                "Ed25519 public key",
                           c->pubkey);
    if (st == RK_E_IO) {
        fprintf(stderr, ja ? "renkei: %s を読めません\n" : "renkei: cannot read %s\n", argv[0]);
        return EXIT_UNREADABLE;
    }
    if (st != RK_OK) {
        fprintf(stderr, "renkei: verify: %s\n", rk_status_str(st));
        return EXIT_INTERNAL;
    }
    if (!vr.valid) {
        printf(ja ? "%s: 無効（問題 %zu 件）\n" : "%s: INVALID: %zu problem(s)\n", argv[0],
               vr.problems);
        return fflush(stdout) == 0 ? EXIT_FINDINGS : EXIT_INTERNAL;
    }
    printf(ja ? "%s: 有効（マニフェストの %zu ファイルが一致）\n"
              : "%s: valid: %zu file(s) match the manifest\n",
           argv[0], vr.files);
    printf(ja ? "署名者の鍵: %s\n" : "signer's key: %s\n", vr.fingerprint);
    if (vr.signer_confirmed)
        printf(ja ? "署名者: 確認済み（%s の鍵と一致）\n" : "signer: confirmed (the key in %s)\n",
               c->pubkey);
    else
        printf(
            ja ? "署名者: 未確認（--pubkey なし）。上のフィンガープリントをベンダーが公表したものと"
                 "照合してください\n"
               : "signer: unconfirmed (no --pubkey): compare the fingerprint above with the one "
                 "the vendor published\n");
    return fflush(stdout) == 0 ? EXIT_CONFORMS : EXIT_INTERNAL;
}
