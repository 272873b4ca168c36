/*
 * cmd_specs.c - `renkei specs [show FAMILY VERSION LAYOUT]`: the spec tables as loaded;
 * `renkei specs import-life ITEM_LIST.xlsx --version V --out DIR`: LIFE tables from MHLW's
 * item list (rk_life_import makes them; this file reads the workbook and writes them).
 */
#include "cli.h"
#include "os.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints an import finding to stderr, compiler style. */
static void import_sink(void *ctx, const struct rk_finding *f)
{
    char msg[2048];
    rk_finding_message(f, cli_lang, msg, sizeof msg);
    fprintf(stderr, "%s:%llu:%llu: %s: %s [%s]\n", f->path, (unsigned long long)f->pos.line,
            (unsigned long long)f->pos.column,
            f->severity == RK_SEV_ERROR     ? "error"
            : f->severity == RK_SEV_WARNING ? "warning"
                                            : "info",
            msg, f->rule->id);
}

/* Creates path as a directory unless it is one (mode 0755). */
static int mkdir_once(const char *path)
{
    struct rk_os_stat st;
    if (rk_os_mkdir(path, 0755) == 0 || errno == EEXIST)
        return 0;
    int err = errno;
    if (rk_os_stat(path, &st) == 0 && st.is_dir) /* Windows: "C:" cannot be created */
        return 0;
    errno = err;
    return -1;
}

/* Creates every missing directory of path. */
static int mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (!rk_os_is_sep(*p))
            continue;
        char sep = *p;
        *p = '\0';
        int rc = mkdir_once(path);
        *p = sep;
        if (rc != 0)
            return -1;
    }
    return mkdir_once(path);
}

/* The workbook, whole (MHLW's lists are well under 1 MiB; 64 MiB cap). NULL when it cannot
 * be read (*too_big says why). */
static unsigned char *read_workbook(const char *file, size_t *len, bool *too_big)
{
    *too_big = false;
    int fd = rk_os_open(file, O_RDONLY | O_NONBLOCK);
    struct rk_os_stat sb;
    if (fd < 0 || rk_os_fstat(fd, &sb) != 0 || !sb.is_reg) {
        if (fd >= 0)
            rk_os_close(fd);
        return NULL;
    }
    size_t max = 64u << 20;
    if (sb.size > max) {
        rk_os_close(fd);
        *too_big = true;
        return NULL;
    }
    unsigned char *data = malloc((size_t)sb.size + 1);
    size_t got = 0;
    rk_ssize n = 1;
    while (data && got < (size_t)sb.size &&
           (n = rk_os_read(fd, data + got, (size_t)sb.size - got)) > 0)
        got += (size_t)n;
    rk_os_close(fd);
    if (!data || n < 0) {
        free(data);
        return NULL;
    }
    *len = got;
    return data;
}

static int import_life(struct cli *c, const char *file)
{
    if (!c->import_version || !c->out_dir)
        return usage_error("%s", TR("使い方: renkei specs import-life ITEM_LIST.xlsx --version V "
                                    "--out DIR",
                                    "usage: renkei specs import-life ITEM_LIST.xlsx --version V "
                                    "--out DIR"));
    size_t len = 0;
    bool too_big;
    unsigned char *data = read_workbook(file, &len, &too_big);
    if (!data) {
        fprintf(stderr, "renkei: %s: %s\n", file,
                too_big ? TR("64 MiB を超える：項目一覧ではない",
                             "larger than 64 MiB: not an item list")
                        : TR("読めない", "could not be read"));
        return too_big ? EXIT_FINDINGS : EXIT_UNREADABLE;
    }
    const char *base = file;
    for (const char *p = file; *p; p++)
        if (rk_os_is_sep(*p))
            base = p + 1;
    struct rk_life_import_options o = {.version = c->import_version, .name = base};
    struct rk_life_import *r = NULL;
    enum rk_status st = rk_life_import(data, len, &o, &r, import_sink, NULL);
    free(data);
    if (st == RK_E_ARG)
        return usage_error(TR("バージョン '%s' が不正（数字と . 例 3.10）",
                              "bad version label '%s' (digits and dots, e.g. 3.10)"),
                           c->import_version);
    if (st == RK_E_SPEC) {
        fprintf(stderr, "renkei: %s: %s\n", file,
                TR("LIFE の項目一覧として使えない。何も書いていない",
                   "not a usable LIFE item list; nothing written"));
        return EXIT_FINDINGS;
    }
    if (st != RK_OK) {
        fprintf(stderr, "renkei: import-life: %s\n", rk_status_str(st));
        return EXIT_INTERNAL;
    }
    int code = EXIT_CONFORMS;
    for (size_t i = 0; code == EXIT_CONFORMS && i < r->ntables; i++) {
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", c->out_dir, r->tables[i].path) >=
            sizeof path) {
            code = EXIT_UNREADABLE;
            break;
        }
        char *slash = strrchr(path, '/');
        *slash = '\0';
        int rc = mkdirs(path);
        *slash = '/';
        /* never over an existing file */
        int fd = rc == 0 ? rk_os_open(path, O_WRONLY | O_CREAT | O_EXCL, 0644) : -1;
        FILE *out = fd >= 0 ? rk_os_fdopen(fd, "wb") : NULL;
        if (!out) {
            fprintf(stderr, "renkei: %s: %s\n", path, strerror(errno));
            if (fd >= 0)
                rk_os_close(fd);
            code = EXIT_UNREADABLE;
            break;
        }
        bool ok = fwrite(r->tables[i].data, 1, r->tables[i].len, out) == r->tables[i].len;
        ok = fclose(out) == 0 && ok;
        if (!ok) {
            fprintf(stderr, "renkei: %s: %s\n", path, TR("書けない", "could not be written"));
            code = EXIT_UNREADABLE;
        }
    }
    if (code == EXIT_CONFORMS)
        printf(
            TR("%s sha256 %s: インターフェース %zu、項目 %zu、コード値 %zu; ●条件 %zu 件中 %zu 件を"
               "評価式に; 仕様表は %s/life/%s\n",
               "%s sha256 %s: %zu interfaces, %zu items, %zu code values; %zu of %zu "
               "● conditions evaluated; tables in %s/life/%s\n"),
            o.name, r->sha256, r->ninterfaces, r->nitems, r->ncodes,
            cli_lang == RK_LANG_EN ? r->nwhen : r->ncond,
            cli_lang == RK_LANG_EN ? r->ncond : r->nwhen, c->out_dir, c->import_version);
    rk_life_import_free(r);
    if (code == EXIT_CONFORMS && fflush(stdout) != 0)
        code = EXIT_INTERNAL;
    return code;
}

int cmd_specs(struct cli *c, int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "import-life") == 0) {
        if (argc != 2)
            return usage_error("%s", TR("使い方: renkei specs import-life ITEM_LIST.xlsx "
                                        "--version V --out DIR",
                                        "usage: renkei specs import-life ITEM_LIST.xlsx "
                                        "--version V --out DIR"));
        return import_life(c, argv[1]);
    }
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
        const char *sha = rk_specs_sha256(specs);
        if (!sha) {
            cli_output_abort(&out);
            rk_specs_free(specs);
            fprintf(stderr, "renkei: specs: %s\n", rk_status_str(RK_E_NOMEM));
            return EXIT_INTERNAL;
        }
        fprintf(fp, "spec tables sha256 %s\n", sha);
        for (size_t i = 0; i < specs->nversions; i++) {
            const struct rk_version *ver = &specs->versions[i];
            if (ver->header_lines) /* LIFE */
                fprintf(fp, "%s %s (version column %s, header %s)\n", ver->family, ver->version,
                        ver->csv_version ? ver->csv_version : "-", ver->header_lines);
            if (ver->import_file)
                fprintf(fp, "  imported from MHLW's item list %s (sha256 %s)%s\n", ver->import_file,
                        ver->import_sha256,
                        ver->import_intact ? "" : "; changed since: edited tables");
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
        fputs("No.\tname\ttype\tlength\tunit\twidth\trequired\tformat\tcodes\tsentinel\trule\t"
              "role\n",
              fp);
        for (size_t i = 0; i < l->nitems; i++) {
            const struct rk_item *it = &l->items[i];
            fprintf(fp, "%u\t%s\t%s\t%u\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", it->no, it->name,
                    rk_item_type_name(it->type), it->length,
                    it->unit == RK_U_BYTES   ? "bytes"
                    : it->unit == RK_U_CHARS ? "chars"
                                             : "-",
                    rk_width_name(it->width), rk_required_name(it->required),
                    rk_format_name(it->format), it->codes ? it->codes->id : "-",
                    it->sentinel ? it->sentinel : "-", rk_item_rule_name(it->rule),
                    rk_item_role_name(it->role));
        }
    }
    rk_specs_free(specs);
    return cli_output_commit(&out);
}
