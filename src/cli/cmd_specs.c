/*
 * cmd_specs.c - `renkei specs [show FAMILY VERSION LAYOUT]`: the spec tables as loaded.
 */
#include "cli.h"

#include <string.h>

int cmd_specs(struct cli *c, int argc, char **argv)
{
    struct rk_specs *specs = NULL;
    int code = cli_load_specs(c, &specs);
    if (code != EXIT_CONFORMS)
        return code;
    const struct rk_version *v = NULL;
    const struct rk_layout *l = NULL;
    if (argc == 4 && strcmp(argv[0], "show") == 0) {
        v = rk_specs_find(specs, argv[1], argv[2]);
        l = v ? rk_version_layout(v, argv[3]) : NULL;
        if (!l) {
            rk_specs_free(specs);
            return usage_error(TR("そのようなレイアウトはありません: %s（'renkei specs' を参照）",
                                  "no such layout: %s (see 'renkei specs')"),
                               argv[3]);
        }
    } else if (argc != 0) {
        rk_specs_free(specs);
        return usage_error("%s", TR("使い方: renkei specs [show FAMILY VERSION LAYOUT]",
                                    "usage: renkei specs [show FAMILY VERSION LAYOUT]"));
    }
    struct cli_output out;
    code = cli_output_open(&out, c->output, NULL, 0);
    if (code != EXIT_CONFORMS) {
        rk_specs_free(specs);
        return code;
    }
    FILE *fp = out.fp;
    if (argc == 0) {
        fprintf(fp, "spec tables sha256 %s\n", specs->sha256);
        for (size_t i = 0; i < specs->nversions; i++) {
            const struct rk_version *ver = &specs->versions[i];
            if (ver->header_lines) /* LIFE */
                fprintf(fp, "%s %s (version column %s, header %s)\n", ver->family, ver->version,
                        ver->csv_version ? ver->csv_version : "-", ver->header_lines);
            else
                fprintf(fp, "%s %s (CSV version %s, from %s, %s names, %s)\n", ver->family,
                        ver->version, ver->csv_version, ver->effective_from,
                        ver->style == RK_STYLE_V4 ? "v4" : "v3", rk_encoding_name(ver->encoding));
            for (size_t j = 0; j < ver->nlayouts; j++)
                fprintf(fp, "  %-14s %3zu items  %s\n", ver->layouts[j].id, ver->layouts[j].nitems,
                        ver->layouts[j].name);
        }
    } else {
        fprintf(fp, "%s %s %s %s (%zu items)\n%s\n", v->family, v->version, l->id, l->name,
                l->nitems, l->citation);
        fputs("No.\tname\ttype\tlength\tunit\twidth\trequired\tformat\tcodes\tsentinel\trule\n",
              fp);
        for (size_t i = 0; i < l->nitems; i++) {
            const struct rk_item *it = &l->items[i];
            fprintf(fp, "%u\t%s\t%s\t%u\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", it->no, it->name,
                    rk_item_type_name(it->type), it->length,
                    it->unit == RK_U_BYTES   ? "bytes"
                    : it->unit == RK_U_CHARS ? "chars"
                                             : "-",
                    rk_width_name(it->width), rk_required_name(it->required),
                    rk_format_name(it->format), it->codes ? it->codes->id : "-",
                    it->sentinel ? it->sentinel : "-", rk_item_rule_name(it->rule));
        }
    }
    rk_specs_free(specs);
    return cli_output_commit(&out);
}
