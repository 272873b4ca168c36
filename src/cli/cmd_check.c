/*
 * cmd_check.c - `renkei check`: checks files and directories (with the set checks across
 * them unless --no-set) and writes the report in the chosen format.
 */
#include "cli.h"

#include <string.h>

/* Prints a file whose check failed (a tool failure, not a finding). */
static void on_file_checked(void *ctx, const char *path, enum rk_status st,
                            const struct rk_file_result *res)
{
    (void)ctx;
    if (st != RK_OK && st != RK_E_IO && !res->unreadable) {
        char shown[1024];
        rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)path, strlen(path), shown,
                            sizeof shown);
        cli_error("%s: %s", shown, rk_status_str(st));
    }
}

/* A plain file name: not empty, no '/', not "." or "..". */
static bool plain_name(const char *s)
{
    return *s && !strchr(s, '/') && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

int cmd_check(struct cli *c, int argc, char **argv)
{
    if (argc == 0)
        return usage_error("%s", TR("check にはファイルかディレクトリが 1 つ以上必要です",
                                    "check needs at least one FILE or DIR"));
    bool from_stdin = false;
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "-") == 0)
            from_stdin = true;
    if (from_stdin && argc != 1)
        return usage_error("%s", TR("標準入力 - はほかの入力と一緒には検査できません",
                                    "standard input (-) cannot be checked with other inputs"));
    if (from_stdin && !c->name)
        return usage_error("%s", TR("標準入力 - を読むには --name NAME が必要です"
                                    "（ファイル名がレイアウトを決めます）",
                                    "reading standard input (-) needs --name NAME (the file "
                                    "name decides the layout)"));
    if (c->name && !from_stdin)
        return usage_error("%s", TR("--name は標準入力 - を読むときだけ使えます",
                                    "--name names standard input (-); there is none"));
    if (c->name && !plain_name(c->name))
        return usage_error(TR("--name にはディレクトリを含まないファイル名を指定してください: '%s'",
                              "--name needs a file name without a directory: '%s'"),
                           c->name);
    struct rk_specs *specs = NULL;
    int code = cli_load_specs(c, &specs);
    if (code != EXIT_CONFORMS)
        return code;
    /* an office type the tables give no files to exchange (profiles.tsv) */
    if (c->set.office && !rk_specs_office_profiled(specs, c->set.office)) {
        rk_specs_free(specs);
        return usage_error(TR("ケアプラン標準仕様は %s のレイアウトを定めていません。"
                              "--office %s は 'renkei evidence' 専用です",
                              "the care-plan standard names no layouts for %s; "
                              "--office %s is for 'renkei evidence' only"),
                           c->set.office, c->set.office);
    }
    struct rk_paths in = {.specs = specs};
    for (int i = 0; i < argc; i++) {
        size_t before = in.n;
        if (rk_paths_add(&in, from_stdin ? c->name : argv[i]) != RK_OK) {
            rk_paths_free(&in);
            rk_specs_free(specs);
            cli_error("%s", TR("メモリ不足", "out of memory"));
            return EXIT_INTERNAL;
        }
        if (in.n == before) { /* a directory or archive with nothing to check */
            char shown[1024];
            rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)argv[i], strlen(argv[i]), shown,
                                sizeof shown);
            cli_error(TR("%s に CSV ファイルがありません", "no CSV files in %s"), shown);
            rk_paths_free(&in);
            rk_specs_free(specs);
            return EXIT_UNREADABLE;
        }
    }
    /* the report file only now: a usage or spec error leaves an existing one untouched */
    struct cli_output out = {0};
    if (c->output && !from_stdin && rk_paths_holds(&in, c->output))
        code = usage_error(TR("入力 '%s' にレポートを上書きしません",
                              "refusing to write the report over input '%s'"),
                           c->output);
    if (code == EXIT_CONFORMS)
        code = cli_output_open(&out, c->output, NULL, 0);
    struct cli_stdin sin = {.cwd = -1};
    if (code == EXIT_CONFORMS && from_stdin)
        code = cli_stdin_open(&sin, c->name);
    struct rk_report *rep = NULL;
    if (code == EXIT_CONFORMS)
        code = cli_report_open(c, out.fp, &rep);
    bool internal = false;
    struct rk_run_result rr = {0};
    if (code == EXIT_CONFORMS) {
        c->set.label = in.v[0];
        c->check.record_by_record = c->no_set;
        c->check.no_digest = !rk_report_shows_digest(rep);
        struct rk_run_options ro = {
            .check = c->check,
            .use_set = !c->no_set && (in.any_dir || in.n > 1 || c->set.office),
            .set = c->set,
            .jobs = c->jobs,
            .on_file = on_file_checked,
        };
        enum rk_status st = rk_run_check(specs, &ro, (const char *const *)in.v, in.n, &rep, 1, &rr);
        if (st != RK_OK) {
            if (rr.set_status != RK_OK)
                cli_error(TR("送信単位の検査: %s", "set checks: %s"), rk_status_str(rr.set_status));
            internal = true;
        }
    }
    if (from_stdin)
        cli_stdin_close(&sin);
    if (rep)
        rk_report_skipped(rep, &in);
    enum rk_status fin = rep ? rk_report_finish(rep) : RK_OK;
    if (fin == RK_E_NOMEM) {
        cli_error("%s", TR("メモリ不足: レポートを書き終えられません",
                           "out of memory: the report could not be completed"));
        internal = true;
    } else if (fin != RK_OK) {
        cli_error("%s", TR("レポートを書けません", "cannot write the report"));
        internal = true;
    }
    rk_report_free(rep);
    rk_specs_free(specs);
    rk_paths_free(&in);
    if (code != EXIT_CONFORMS || internal)
        cli_output_abort(&out);
    else if (cli_output_commit(&out) != EXIT_CONFORMS)
        internal = true;
    if (code != EXIT_CONFORMS)
        return code;
    if (internal)
        return EXIT_INTERNAL;
    if (rr.unreadable)
        return EXIT_UNREADABLE;
    return cli_findings_exit(c, rr.count);
}
