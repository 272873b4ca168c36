/*
 * common.c - what several commands share: loading the spec tables (built in or --specs DIR)
 * with their problems printed as findings, and checking --spec-version against them; the report
 * a command writes, in --format and --lang, filtered by --only.
 */
#include "cli.h"

/* Prints a spec loading finding to stderr. */
static void spec_sink(void *ctx, const struct rk_finding *f)
{
    char msg[1024];
    rk_finding_message(f, *(enum rk_lang *)ctx, msg, sizeof msg);
    fprintf(stderr, "%s:%llu:%llu: error: %s [%s]\n", f->path, (unsigned long long)f->pos.line,
            (unsigned long long)f->pos.column, msg, f->rule->id);
}

/* EXIT_CONFORMS when --spec-version (if given) names a version of --family (default: the
 * library's default family) in SPECS, else a usage error. */
static int check_version(const struct cli *c, const struct rk_specs *specs)
{
    if (c->check.version && !rk_specs_find(specs, c->check.family, c->check.version))
        return usage_error(TR("不明な仕様バージョン '%s'（'renkei specs' を参照）",
                              "unknown spec version '%s' (see 'renkei specs')"),
                           c->check.version);
    return EXIT_CONFORMS;
}

int cli_load_specs(const struct cli *c, struct rk_specs **specs)
{
    enum rk_lang lang = c->lang;
    enum rk_status st = c->specs_dir ? rk_specs_load_dir(specs, c->specs_dir, spec_sink, &lang)
                                     : rk_specs_load_builtin(specs, spec_sink, &lang);
    if (st != RK_OK) {
        if (c->specs_dir)
            cli_error(
                TR("%s の仕様表を読み込めません: %s", "cannot load the spec tables from %s: %s"),
                c->specs_dir, rk_status_str(st));
        else
            cli_error(TR("組み込みの仕様表を読み込めません: %s",
                         "cannot load the built-in spec tables: %s"),
                      rk_status_str(st));
        return EXIT_INTERNAL;
    }
    int code = check_version(c, *specs);
    if (code != EXIT_CONFORMS) {
        rk_specs_free(*specs);
        *specs = NULL;
    }
    return code;
}

int cli_report_open(const struct cli *c, FILE *fp, struct rk_report **rep)
{
    if (rk_report_new(rep, c->format, c->lang, fp) != RK_OK) {
        cli_error("%s", TR("メモリ不足", "out of memory"));
        return EXIT_INTERNAL;
    }
    rk_report_set_min_severity(*rep, c->only);
    return EXIT_CONFORMS;
}

int cli_findings_exit(const struct cli *c, const uint64_t count[3])
{
    for (int sev = RK_SEV_ERROR; sev >= (int)c->fail_on; sev--)
        if (count[sev])
            return EXIT_FINDINGS;
    return EXIT_CONFORMS;
}
