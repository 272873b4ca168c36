/*
 * cmd_evidence.c - `renkei evidence`: a signed evidence bundle for a prefecture.
 */
#include "cli.h"

#include <string.h>

/* A verdict (met, not met, not assessed) as --lang says it. */
static const char *verdict_said(const char *v)
{
    if (strcmp(v, "met") == 0)
        return TR("適合", "met");
    if (strcmp(v, "not met") == 0)
        return TR("不適合", "not met");
    return TR("判定対象外", "not assessed");
}

/* Writes a signed evidence bundle for a prefecture. */
int cmd_evidence(struct cli *c, int argc, char **argv)
{
    if (!c->vendor || !c->product || !c->product_version || !c->set.office || !c->key ||
        !c->out_dir || argc == 0)
        return usage_error("%s", TR("evidence には --vendor、--product、--product-version、"
                                    "--office、--key、--out DIR と入力が 1 つ以上必要です",
                                    "evidence needs --vendor, --product, --product-version, "
                                    "--office, --key, --out DIR and at least one input"));
    if (c->set.direction && strcmp(c->set.direction, "output") != 0)
        return usage_error(
            "%s", TR("evidence は出力ファイルを検査します。取込みは --roundtrip で示します",
                     "evidence checks output files; import is shown by --roundtrip"));
    struct rk_specs *specs = NULL;
    int code = cli_load_specs(c, &specs);
    if (code != EXIT_CONFORMS)
        return code;
    struct rk_evidence_options eo = {
        .vendor = c->vendor,
        .product = c->product,
        .product_version = c->product_version,
        .office = c->set.office,
        .key_path = c->key,
        .without_inputs = c->without_inputs,
        .roundtrip_original = c->rt_original,
        .roundtrip_reexport = c->rt_reexport,
        .run = {.check = c->check, .jobs = c->jobs},
    };
    struct rk_evidence_result er;
    enum rk_status st =
        rk_evidence_write(specs, &eo, (const char *const *)argv, (size_t)argc, c->out_dir, &er);
    rk_specs_free(specs);
    if (st != RK_OK) {
        fprintf(stderr,
                TR("renkei: evidence: %s。証拠一式は書いていません\n",
                   "renkei: evidence: %s; no bundle written\n"),
                TR(er.message_ja, er.message));
        return st == RK_E_ARG ? EXIT_USAGE : st == RK_E_IO ? EXIT_UNREADABLE : EXIT_INTERNAL;
    }
    printf(TR("%s: 証拠一式を書きました（検査したファイル %llu 件: エラー %llu 件、警告 %llu 件）\n"
              "要件①（ケアプランのCSVの出力・取込）: %s\n"
              "要件②（LIFEへのCSV出力）: %s\n",
              "%s: bundle written (%llu file(s) checked: %llu error(s), %llu warning(s))\n"
              "requirement 1 (care-plan CSV output and import): %s\n"
              "requirement 2 (LIFE CSV output): %s\n"),
           c->out_dir, (unsigned long long)er.run.files,
           (unsigned long long)er.run.count[RK_SEV_ERROR],
           (unsigned long long)er.run.count[RK_SEV_WARNING], verdict_said(er.verdict_1),
           verdict_said(er.verdict_2));
    printf(TR("署名者の鍵: %s\n", "signed by: %s\n"), er.fingerprint);
    if (fflush(stdout) != 0)
        return EXIT_INTERNAL;
    return er.run.count[RK_SEV_ERROR] ? EXIT_FINDINGS : EXIT_CONFORMS;
}
