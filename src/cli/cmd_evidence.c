/*
 * cmd_evidence.c - `renkei evidence`: a signed evidence bundle for a prefecture.
 */
#include "cli.h"

#include <string.h>

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
    code = cli_check_version(c, specs);
    if (code != EXIT_CONFORMS) {
        rk_specs_free(specs);
        return code;
    }
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
        fprintf(stderr, "renkei: evidence: %s; no bundle written\n", er.message);
        return st == RK_E_ARG ? EXIT_USAGE : st == RK_E_IO ? EXIT_UNREADABLE : EXIT_INTERNAL;
    }
    printf("%s: bundle written (%llu file(s) checked: %llu error(s), %llu warning(s))\n"
           "requirement 1 (care-plan CSV output and import): %s\n"
           "requirement 2 (LIFE CSV output): %s\n",
           c->out_dir, (unsigned long long)er.run.files,
           (unsigned long long)er.run.count[RK_SEV_ERROR],
           (unsigned long long)er.run.count[RK_SEV_WARNING], er.verdict_1, er.verdict_2);
    printf("signed by: %s\n", er.fingerprint);
    if (fflush(stdout) != 0)
        return EXIT_INTERNAL;
    return er.run.count[RK_SEV_ERROR] ? EXIT_FINDINGS : EXIT_CONFORMS;
}
