/*
 * cmd_roundtrip.c - `renkei roundtrip ORIGINAL REEXPORT`: does the data survive export ->
 * import -> export? The report lists what was lost, added or changed.
 */
#include "cli.h"

#include <string.h>

/* Compares an export with its re-export; exit 1 when data was lost or changed. */
int cmd_roundtrip(struct cli *c, int argc, char **argv)
{
    if (argc != 2)
        return usage_error("%s", TR("roundtrip には ORIGINAL と REEXPORT が必要です",
                                    "roundtrip needs ORIGINAL and REEXPORT"));
    struct rk_specs *specs = NULL;
    int code = cli_load_specs(c, &specs);
    if (code == EXIT_CONFORMS)
        code = cli_check_version(c, specs);
    struct cli_output out = {0};
    if (code == EXIT_CONFORMS)
        code = cli_output_open(&out, c->output, argv, 2);
    struct rk_report *rep = NULL;
    if (code == EXIT_CONFORMS && rk_report_new(&rep, c->format, c->lang, out.fp) != RK_OK)
        code = EXIT_INTERNAL;
    if (rep)
        rk_report_set_min_severity(rep, c->only);
    struct rk_roundtrip_result rr = {0};
    if (code == EXIT_CONFORMS) {
        rk_report_begin_file(rep, argv[0]);
        enum rk_status st =
            rk_roundtrip(specs, &c->check, argv[0], argv[1], rk_report_finding, rep, &rr);
        struct rk_file_result res = {.family = "careplan"};
        memcpy(res.count, rr.count, sizeof res.count);
        res.records = rr.pairs;
        rk_report_end_file(rep, &res);
        if (st == RK_E_IO)
            code = EXIT_UNREADABLE;
        else if (st != RK_OK)
            code = EXIT_INTERNAL;
        else if (rr.lost || rr.changed)
            code = EXIT_FINDINGS;
        else
            code = cli_findings_exit(c, rr.count);
        if (st != RK_OK)
            cli_error("roundtrip: %s", rk_status_str(st));
    }
    if (rep && rk_report_finish(rep) != RK_OK) {
        cli_error("%s", TR("レポートを書けません", "cannot write the report"));
        code = EXIT_INTERNAL;
    }
    if (code == EXIT_USAGE || code == EXIT_INTERNAL)
        cli_output_abort(&out);
    else if (cli_output_commit(&out) != EXIT_CONFORMS)
        code = EXIT_INTERNAL;
    if (code <= EXIT_FINDINGS)
        cli_error(TR("%llu 組：失われたレコード %llu、増えたレコード %llu、変わった項目 %llu、"
                     "バイトだけ異なる項目 %llu",
                     "%llu pair(s): %llu record(s) lost, %llu added, %llu item(s) changed, "
                     "%llu byte-only"),
                  (unsigned long long)rr.pairs, (unsigned long long)rr.lost,
                  (unsigned long long)rr.added, (unsigned long long)rr.changed,
                  (unsigned long long)rr.same);
    rk_report_free(rep);
    rk_specs_free(specs);
    return code;
}
