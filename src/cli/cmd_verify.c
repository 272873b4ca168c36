/*
 * cmd_verify.c - `renkei verify BUNDLE`: checks a bundle's signature and every file; BUNDLE is
 * its directory or a ZIP of it (rk_evidence_verify_path).
 */
#include "cli.h"

#include <string.h>

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

/* What the bundle says, as far as its signed manifest could be read. */
static void print_description(const struct rk_verify_result *vr, bool ja)
{
    if (!vr->vendor[0])
        return;
    printf(ja ? "ベンダー: %s\n製品: %s バージョン %s\n" : "vendor: %s\nproduct: %s version %s\n",
           vr->vendor, vr->product, vr->product_version);
    printf(ja ? "事業所種別: %s（%s）\n" : "office type: %s (%s)\n",
           ja ? vr->office_type_ja : vr->office_type, ja ? vr->office_type : vr->office_type_ja);
    printf(ja ? "作成日時: %s\n" : "made: %s\n", vr->timestamp);
    printf(ja ? "renkei %s、仕様 %s（%s）\n" : "renkei %s, specs %s (%s)\n", vr->tool_version,
           vr->specs_used[0] ? vr->specs_used : "-",
           vr->specs_builtin
               ? (ja ? "組み込みの仕様表" : "built-in tables")
               : (ja ? "組み込みでない仕様表" : "tables other than the built-in ones"));
    for (int i = 0; i < 2; i++)
        if (vr->verdicts[i].status[0])
            printf("%s %s: %s\n", vr->verdicts[i].requirement,
                   ja ? vr->verdicts[i].status_ja : vr->verdicts[i].status, vr->verdicts[i].reason);
}

/* What became of the re-check of the verdicts from the copies of the inputs. */
static const char *recheck_said(const struct rk_verify_result *vr, bool ja)
{
    static const struct {
        const char *why, *ja, *en;
    } said[] = {
        {"inputs-left-out",
         "できない（ベンダーが入力の写しを入れていない: "
         "--without-inputs）。判定は署名時の記録のまま",
         "not possible (the vendor left the copies of the inputs out: --without-inputs); the "
         "verdicts are as recorded when it was signed"},
        {"roundtrip-uncopied",
         "できない（往復のファイルの一部を写せなかった）。判定は署名時の記録のまま",
         "not possible (some of the round trip's files could not be copied); the verdicts are "
         "as recorded when it was signed"},
        {"other-specs",
         "できない（このビルドと違う仕様表で作られた一式）。判定は署名時の記録のまま",
         "not possible (made with other spec tables than this build's); the verdicts are as "
         "recorded when it was signed"},
        {"disagrees", "一致しない（上の EVD-014 を参照）。この一式の判定は再現できない",
         "disagrees (see EVD-014 above): this bundle's verdicts cannot be reproduced"},
        {"invalid", "行わなかった（一式が無効）", "not done (the bundle is invalid)"},
    };
    if (vr->rechecked)
        return ja ? "入力の写しから判定・指摘・件数を再計算し、すべて一致した"
                  : "the verdicts, findings and counts were re-computed from the copies of the "
                    "inputs and all agree";
    for (size_t i = 0; i < sizeof said / sizeof said[0]; i++)
        if (strcmp(vr->recheck_why, said[i].why) == 0)
            return ja ? said[i].ja : said[i].en;
    return ja ? "行わなかった" : "not done";
}

/* Verifies a bundle: exit 0 valid, 1 invalid, 2 a --pubkey that is not one key, 3 unreadable. */
int cmd_verify(struct cli *c, int argc, char **argv)
{
    if (argc != 1)
        return usage_error("%s", TR("verify には証拠一式（ディレクトリかそのZIP）が 1 つ必要です",
                                    "verify needs one bundle (a directory or a ZIP of it)"));
    if (c->format != RK_REPORT_TEXT && c->format != RK_REPORT_JSON)
        return usage_error("%s", TR("verify の --format は text か json です",
                                    "verify writes --format text or json"));
    bool ja = c->lang == RK_LANG_JA, json = c->format == RK_REPORT_JSON;
    struct rk_verify_result vr;
    enum rk_status st =
        rk_evidence_verify_path(argv[0], c->pubkey, json ? NULL : print_problem, &c->lang, &vr);
    if (st == RK_E_ARG)
        return usage_error(ja ? "--pubkey %s: 読めないか、Ed25519公開鍵ちょうど1つではありません"
                              : "--pubkey %s: cannot be read, or does not hold exactly one "
                                "Ed25519 public key",
                           c->pubkey);
    if (st == RK_E_IO) {
        /* why (a damaged ZIP, one over a limit): told already, unless --format json */
        for (size_t i = 0; json && i < vr.nlist; i++)
            fprintf(stderr, "%s: %s [%s]\n", vr.list[i].path,
                    ja ? vr.list[i].message_ja : vr.list[i].message_en, vr.list[i].rule);
        rk_verify_result_free(&vr);
        fprintf(stderr, ja ? "renkei: %s を読めません\n" : "renkei: cannot read %s\n", argv[0]);
        return EXIT_UNREADABLE;
    }
    if (st != RK_OK) {
        rk_verify_result_free(&vr);
        fprintf(stderr, TR("renkei: verify: 検証を終えられません（%s）\n", "renkei: verify: %s\n"),
                rk_status_str(st));
        return EXIT_INTERNAL;
    }
    int code = vr.valid ? EXIT_CONFORMS : EXIT_FINDINGS;
    if (json) {
        if (rk_verify_write_json(stdout, &vr, c->lang) != RK_OK)
            code = EXIT_INTERNAL;
        rk_verify_result_free(&vr);
        return fflush(stdout) == 0 ? code : EXIT_INTERNAL;
    }
    if (!vr.valid)
        printf(ja ? "%s: 無効（問題 %zu 件）。この一式の内容は信用できません\n"
                  : "%s: INVALID: %zu problem(s); nothing in this bundle can be relied on\n",
               argv[0], vr.problems);
    else
        printf(ja ? "%s: 有効（マニフェストのファイル %zu 件と入力の写し %zu 件が一致）\n"
                  : "%s: valid: %zu file(s) and %zu copies of inputs match the manifest\n",
               argv[0], vr.files, vr.copies);
    print_description(&vr, ja);
    if (vr.fingerprint[0])
        printf(ja ? "署名者の鍵: %s\n" : "signer's key: %s\n", vr.fingerprint);
    if (vr.valid && vr.signer_confirmed)
        printf(ja ? "署名者: 確認済み（%s の鍵と一致）\n" : "signer: confirmed (the key in %s)\n",
               c->pubkey);
    else if (vr.valid)
        printf(
            ja ? "署名者: 未確認（--pubkey なし）。上のフィンガープリントをベンダーが公表したものと"
                 "照合してください\n"
               : "signer: unconfirmed (no --pubkey): compare the fingerprint above with the one "
                 "the vendor published\n");
    if (vr.vendor[0])
        printf(ja ? "再検査: %s\n" : "re-check: %s\n", recheck_said(&vr, ja));
    rk_verify_result_free(&vr);
    return fflush(stdout) == 0 ? code : EXIT_INTERNAL;
}
