/*
 * cmd_sample.c - `renkei sample`: conforming synthetic files for importers and the tests.
 */
#include "cli.h"

static void print_path(void *ctx, const char *path)
{
    (void)ctx;
    printf("%s\n", path);
}

/* Writes conforming synthetic files. */
int cmd_sample(struct cli *c, int argc, char **argv)
{
    if (argc != 0 || !c->out_dir || (!c->check.layout == !c->sample.send))
        return usage_error("%s", TR("sample には --out DIR と、--layout ID か --send UNIT の一方が"
                                    "必要です",
                                    "sample needs --out DIR and one of --layout ID or --send "
                                    "UNIT"));
    struct rk_specs *specs = NULL;
    int code = cli_load_specs(c, &specs);
    if (code != EXIT_CONFORMS)
        return code;
    c->sample.layout = c->check.layout;
    c->sample.version = c->check.version;
    enum rk_status st = rk_sample(specs, &c->sample, c->out_dir, print_path, NULL);
    rk_specs_free(specs);
    if (st == RK_E_ARG)
        return usage_error("%s", TR("不明なレイアウト・送信単位・バージョン・年月です"
                                    "（'renkei specs' を参照）",
                                    "unknown layout, send unit, version or month (see "
                                    "'renkei specs')"));
    if (st == RK_E_IO) {
        cli_error(TR("%s にファイルを書けません（親ディレクトリが必要。既存のファイルは"
                     "上書きしません）",
                     "cannot write the files into %s (its parent must exist; existing files "
                     "are never overwritten)"),
                  c->out_dir);
        return EXIT_UNREADABLE;
    }
    if (st != RK_OK) {
        cli_error("sample: %s", rk_status_str(st));
        return EXIT_INTERNAL;
    }
    return fflush(stdout) == 0 ? EXIT_CONFORMS : EXIT_INTERNAL;
}
