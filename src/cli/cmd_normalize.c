/*
 * cmd_normalize.c - `renkei normalize IN OUT`: the canonical copy of a file; findings go to
 * standard error.
 */
#include "cli.h"

#include <string.h>

struct counting {
    struct rk_report *rep;
    uint64_t count[3];
};

static void count_and_report(void *ctx, const struct rk_finding *f)
{
    struct counting *k = ctx;
    k->count[f->severity]++;
    rk_report_finding(k->rep, f);
}

/* Writes the canonical copy of IN to OUT; findings (if any) go to standard error. */
int cmd_normalize(struct cli *c, int argc, char **argv)
{
    if (argc != 2)
        return usage_error("%s",
                           TR("normalize には IN と OUT が必要です", "normalize needs IN and OUT"));
    if (rk_same_file(argv[0], argv[1]))
        return usage_error(
            TR("入力 '%s' に上書きしません", "refusing to write over the input '%s'"), argv[1]);
    if (c->output && strcmp(c->output, argv[1]) == 0)
        return usage_error(TR("レポートと正規形の写しを同じ '%s' には書けません",
                              "the report and the copy cannot both go to '%s'"),
                           argv[1]);
    struct rk_specs *specs = NULL;
    int code = cli_load_specs(c, &specs);
    /* the report goes to standard error unless -o FILE */
    struct cli_output out = {.fp = stderr};
    if (code == EXIT_CONFORMS && c->output)
        code = cli_output_open(&out, c->output, argv, 2);
    struct rk_report *rep = NULL;
    if (code == EXIT_CONFORMS)
        code = cli_report_open(c, out.fp, &rep);
    if (code == EXIT_CONFORMS) {
        rk_report_begin_file(rep, argv[0]);
        struct counting k = {.rep = rep};
        struct rk_file_result res = {0};
        enum rk_status st =
            rk_normalize(specs, &c->check, argv[0], argv[1], count_and_report, &k, &res);
        memcpy(res.count, k.count, sizeof res.count);
        rk_report_end_file(rep, &res);
        if (st == RK_E_ARG && c->check.output_encoding == RK_ENC_CP932) {
            cli_error(
                TR("%s には構文か文字のエラー、MS932 に符号のない文字（上に挙げたもの）があるか、"
                   "正規の書式がありません（NORM-001）。写しは書いていません",
                   "%s has syntax or character errors, characters with no MS932 code "
                   "(listed above), or no canonical form (NORM-001): no copy written"),
                argv[0]);
            code = EXIT_FINDINGS;
        } else if (st == RK_E_ARG) {
            cli_error(TR("%s には構文か文字のエラーがあるか、正規の書式がありません（NORM-001）。"
                         "写しは書いていません",
                         "%s has syntax or character errors, or no canonical form (NORM-001): "
                         "no copy written"),
                      argv[0]);
            code = EXIT_FINDINGS;
        } else if (st == RK_E_IO) {
            cli_error(TR("%s を読めないか %s に書けません", "cannot read %s or write %s"), argv[0],
                      argv[1]);
            code = EXIT_UNREADABLE;
        } else if (st != RK_OK) {
            cli_error("normalize: %s", rk_status_str(st));
            code = EXIT_INTERNAL;
        } else {
            code = cli_findings_exit(c, k.count); /* the copy is written either way */
        }
    }
    if (rep && rk_report_finish(rep) != RK_OK) {
        cli_error("%s", TR("レポートを書けません", "cannot write the report"));
        code = EXIT_INTERNAL;
    }
    rk_report_free(rep);
    if (c->output) {
        if (code == EXIT_USAGE || code == EXIT_INTERNAL)
            cli_output_abort(&out);
        else if (cli_output_commit(&out) != EXIT_CONFORMS)
            code = EXIT_INTERNAL;
    }
    rk_specs_free(specs);
    return code;
}
