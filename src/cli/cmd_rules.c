/*
 * cmd_rules.c - `renkei rules`: every rule, tab-separated: ID, severity, title, clause.
 */
#include "cli.h"

int cmd_rules(struct cli *c, int argc, char **argv)
{
    static const char *sev[] = {"info", "warning", "error"};
    if (argc != 0)
        return usage_error(TR("rules は引数を取りません: '%s'", "rules takes no arguments: '%s'"),
                           argv[0]);
    struct cli_output out;
    int code = cli_output_open(&out, c->output, NULL, 0);
    if (code != EXIT_CONFORMS)
        return code;
    for (size_t i = 0; i < rk_rule_count(); i++) {
        const struct rk_rule *r = rk_rule_at(i);
        fprintf(out.fp, "%s\t%s\t%s\t%s\n", r->id, sev[r->severity],
                c->lang == RK_LANG_EN ? r->title_en : r->title_ja, r->clause);
    }
    return cli_output_commit(&out);
}
