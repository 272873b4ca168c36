/*
 * main.c - the renkei command: arguments -> options struct -> librenkei -> exit code.
 * Subcommands: check (validate files and directories), specs (list and show the spec
 * tables), rules (list every rule). Nothing here knows a spec fact; it only wires the
 * library to the terminal.
 */
#include "renkei.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum exit_code {
    EXIT_CONFORMS = 0,
    EXIT_FINDINGS = 1,
    EXIT_USAGE = 2,
    EXIT_UNREADABLE = 3,
    EXIT_INTERNAL = 4
};

static const char usage_text[] =
    "usage: renkei check [options] FILE|DIR...\n"
    "       renkei roundtrip [options] ORIGINAL REEXPORT   (files or directories)\n"
    "       renkei normalize [options] IN OUT\n"
    "       renkei sample (--layout ID | --send UNIT) [--users N] [--month YYYYMM]\n"
    "                     [--seed S] [--spec-version V] [--chars 2027] --out DIR\n"
    "       renkei specs [--specs DIR] [show FAMILY VERSION LAYOUT]\n"
    "       renkei rules [--lang ja|en]\n"
    "       renkei evidence --vendor V --product P --product-version X --office TYPE\n"
    "                       --key PRIV.pem [--roundtrip ORIGINAL REEXPORT] --out DIR INPUTS...\n"
    "       renkei verify DIR [--pubkey PUB.pem]\n"
    "       renkei keygen --out PREFIX\n"
    "       renkei --help | --version\n"
    "\n"
    "Checks CSV files exchanged by Japanese care software against the standard they claim:\n"
    "ケアプランデータ連携標準仕様 (care-plan data linkage, versions 4.1 and 3.2).\n"
    "Directories are read recursively; files are checked in name order.\n"
    "\n"
    "check options:\n"
    "  --format text|json|junit|sarif|html  report format (default text); html is a\n"
    "                          self-contained Japanese page, printable on A4\n"
    "  --lang ja|en            message language (default ja)\n"
    "  --encoding cp932|utf-8  the input's encoding (default: the spec's, MS932)\n"
    "  --profile default|strict|2027|strict,2027  strict makes 環境依存文字 and round-trip\n"
    "                            warnings errors; 2027 makes characters with no JIS X 0213 code\n"
    "                            (lost in the conversion to standard 5.0, JIS-001) errors\n"
    "  --layout ID             force a layout (e.g. UPPLAN); the file name is not judged\n"
    "  --spec-version V        check against spec version V (default: what the file claims)\n"
    "  --family careplan|life  spec family (default: LIFE when line 1 or the header is LIFE's,\n"
    "                          else careplan); LIFE files are read as UTF-8 unless --encoding\n"
    "  --specs DIR             load spec tables from DIR instead of the built-in ones\n"
    "  --max-findings N        stop listing findings after N per file (0 = no limit)\n"
    "  --max-field-bytes N     longest field kept (default 1048576)\n"
    "  --max-fields N          most fields kept per record (default 4096)\n"
    "  --max-quoted-lines N    lines a quoted field may span before it counts as unclosed\n"
    "                          (default 500)\n"
    "  -o, --output FILE       write the report to FILE (never one of the inputs)\n"
    "  -j N                    check N files at a time (output identical to -j 1; each\n"
    "                          file's findings are held until its turn)\n"
    "  --office TYPE           check the set against the files an office type must exchange:\n"
    "                          kyotaku|service|yobo-center|yobo-service\n"
    "  --direction output|import  which side of the office profile (default output)\n"
    "  --no-set                check record by record: no sends, no rule that remembers\n"
    "                          users or services (SET-*); memory stays flat whatever the\n"
    "                          file's size (set checks are otherwise on within each file, and\n"
    "                          across files when a directory, several files or --office are "
    "given)\n"
    "\n"
    "exit codes:\n"
    "  0  every input conforms (no error-level finding)\n"
    "  1  at least one error-level finding\n"
    "  2  usage error\n"
    "  3  an input could not be read\n"
    "  4  internal error (a spec table failed to load, out of memory, a bug)\n"
    "\n"
    "evidence (a signed bundle for a prefecture):\n"
    "  renkei evidence checks INPUTS (files or directories) as 'check --office TYPE' does\n"
    "  (TYPE also facility) and writes into the new directory DIR: report.json, report.html,\n"
    "  manifest.json (canonical JSON: tool and build, spec versions and the hash of the spec\n"
    "  tables, the options, a timestamp, SHA-256 and size of every input and report, and the\n"
    "  verdicts for requirement 1 (care-plan CSV output and import; the round trip only with\n"
    "  --roundtrip ORIGINAL REEXPORT) and requirement 2 (LIFE CSV output), each met, not met\n"
    "  or not assessed, with the reason and what was not checked), manifest.sig (Ed25519\n"
    "  signature of manifest.json, hex) and pubkey.pem. Check options apply. Exit 0 bundle\n"
    "  written and no error-level finding, 1 written with error-level findings, 2 usage,\n"
    "  3 an input, the key or DIR could not be read or written (nothing is left in DIR).\n"
    "  renkei verify checks the signature (with --pubkey, else the bundle's own pubkey.pem)\n"
    "  and every file's size and SHA-256; a changed, missing or extra file, a link, or a name\n"
    "  leaving the directory fails. Exit 0 valid, 1 invalid, 2 usage, 3 unreadable.\n"
    "  renkei keygen writes PREFIX.key (Ed25519 private key, mode 0600) and PREFIX.pub;\n"
    "  it never overwrites.\n";

struct cli {
    struct rk_check_options check;
    enum rk_report_format format;
    enum rk_lang lang;
    const char *specs_dir;
    const char *output;
    struct rk_set_options set;
    bool no_set;
    unsigned jobs;
    struct rk_sample_options sample;
    const char *out_dir;
    const char *vendor, *product, *product_version; /* evidence */
    const char *key, *pubkey, *rt_original, *rt_reexport;
};

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "renkei: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'renkei --help'.\n");
    return EXIT_USAGE;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s == '-')
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

/* Prints a spec loading finding to stderr. */
static void spec_sink(void *ctx, const struct rk_finding *f)
{
    char msg[1024];
    rk_finding_message(f, *(enum rk_lang *)ctx, msg, sizeof msg);
    fprintf(stderr, "%s:%llu:%llu: error: %s [%s]\n", f->path, (unsigned long long)f->pos.line,
            (unsigned long long)f->pos.column, msg, f->rule->id);
}

static int load_specs(const struct cli *c, struct rk_specs **specs)
{
    enum rk_lang lang = c->lang;
    enum rk_status st = c->specs_dir ? rk_specs_load_dir(specs, c->specs_dir, spec_sink, &lang)
                                     : rk_specs_load_builtin(specs, spec_sink, &lang);
    if (st != RK_OK) {
        fprintf(stderr, "renkei: cannot load the spec tables%s%s: %s\n",
                c->specs_dir ? " from " : "", c->specs_dir ? c->specs_dir : "", rk_status_str(st));
        return EXIT_INTERNAL;
    }
    return EXIT_CONFORMS;
}

/* ---- commands ---- */

/* Prints a file whose check failed (a tool failure, not a finding). */
static void on_file_checked(void *ctx, const char *path, enum rk_status st,
                            const struct rk_file_result *res)
{
    (void)ctx;
    if (st != RK_OK && st != RK_E_IO && !res->unreadable) {
        char shown[1024];
        rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)path, strlen(path), shown,
                            sizeof shown);
        fprintf(stderr, "renkei: %s: %s\n", shown, rk_status_str(st));
    }
}

static int cmd_check(struct cli *c, int argc, char **argv)
{
    if (argc == 0)
        return usage_error("%s", "check needs at least one FILE or DIR");
    if (c->set.office && strcmp(c->set.office, "facility") == 0)
        return usage_error("%s", "the care-plan standard names no layouts for facility; "
                                 "--office facility is for 'renkei evidence' only");
    struct rk_specs *specs = NULL;
    int code = load_specs(c, &specs);
    if (code != EXIT_CONFORMS)
        return code;
    struct rk_paths in = {.specs = specs};
    for (int i = 0; i < argc; i++) {
        size_t before = in.n;
        if (rk_paths_add(&in, argv[i]) != RK_OK) {
            rk_paths_free(&in);
            rk_specs_free(specs);
            fprintf(stderr, "renkei: out of memory\n");
            return EXIT_INTERNAL;
        }
        if (in.n == before) { /* a directory or archive with nothing to check */
            char shown[1024];
            rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)argv[i], strlen(argv[i]), shown,
                                sizeof shown);
            fprintf(stderr,
                    c->lang == RK_LANG_JA ? "renkei: %s に CSV ファイルがありません\n"
                                          : "renkei: no CSV files in %s\n",
                    shown);
            rk_paths_free(&in);
            rk_specs_free(specs);
            return EXIT_UNREADABLE;
        }
    }
    FILE *out = stdout;
    if (c->output) {
        if (rk_paths_holds(&in, c->output)) {
            rk_paths_free(&in);
            rk_specs_free(specs);
            return usage_error("refusing to write the report over input '%s'", c->output);
        }
        out = fopen(c->output, "w");
        if (!out) {
            fprintf(stderr, "renkei: %s: %s\n", c->output, strerror(errno));
            rk_paths_free(&in);
            rk_specs_free(specs);
            return EXIT_UNREADABLE;
        }
    }
    if (c->check.version &&
        !rk_specs_find(specs, c->check.family ? c->check.family : "careplan", c->check.version))
        code = usage_error("unknown spec version '%s' (see 'renkei specs')", c->check.version);
    struct rk_report *rep = NULL;
    if (code == EXIT_CONFORMS && rk_report_new(&rep, c->format, c->lang, out) != RK_OK)
        code = EXIT_INTERNAL;
    bool internal = false;
    struct rk_run_result rr = {0};
    if (code == EXIT_CONFORMS) {
        c->set.label = argv[0];
        c->check.record_by_record = c->no_set;
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
                fprintf(stderr, "renkei: set checks: %s\n", rk_status_str(rr.set_status));
            internal = true;
        }
    }
    if (rep)
        rk_report_skipped(rep, &in);
    if (rep && rk_report_finish(rep) != RK_OK) {
        fprintf(stderr, "renkei: cannot write the report\n");
        internal = true;
    }
    rk_report_free(rep);
    rk_specs_free(specs);
    rk_paths_free(&in);
    if (out != stdout && fclose(out) != 0) {
        fprintf(stderr, "renkei: %s: %s\n", c->output, strerror(errno));
        internal = true;
    }
    if (code != EXIT_CONFORMS)
        return code;
    if (internal)
        return EXIT_INTERNAL;
    if (rr.unreadable)
        return EXIT_UNREADABLE;
    return rr.count[RK_SEV_ERROR] ? EXIT_FINDINGS : EXIT_CONFORMS;
}

/* Compares an export with its re-export; exit 1 when data was lost or changed. */
static int cmd_roundtrip(struct cli *c, int argc, char **argv)
{
    if (argc != 2)
        return usage_error("%s", "roundtrip needs ORIGINAL and REEXPORT");
    struct rk_specs *specs = NULL;
    int code = load_specs(c, &specs);
    struct rk_report *rep = NULL;
    if (code == EXIT_CONFORMS && rk_report_new(&rep, c->format, c->lang, stdout) != RK_OK)
        code = EXIT_INTERNAL;
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
        else if (rr.lost || rr.changed || rr.count[RK_SEV_ERROR])
            code = EXIT_FINDINGS;
        if (st != RK_OK)
            fprintf(stderr, "renkei: roundtrip: %s\n", rk_status_str(st));
    }
    if (rep && rk_report_finish(rep) != RK_OK && code == EXIT_CONFORMS)
        code = EXIT_INTERNAL;
    if (code <= EXIT_FINDINGS)
        fprintf(stderr,
                "renkei: %llu pair(s): %llu record(s) lost, %llu added, %llu item(s) "
                "changed, %llu byte-only\n",
                (unsigned long long)rr.pairs, (unsigned long long)rr.lost,
                (unsigned long long)rr.added, (unsigned long long)rr.changed,
                (unsigned long long)rr.same);
    rk_report_free(rep);
    rk_specs_free(specs);
    return code;
}

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
static int cmd_normalize(struct cli *c, int argc, char **argv)
{
    if (argc != 2)
        return usage_error("%s", "normalize needs IN and OUT");
    struct stat si, so;
    if (stat(argv[0], &si) == 0 && stat(argv[1], &so) == 0 && si.st_dev == so.st_dev &&
        si.st_ino == so.st_ino)
        return usage_error("refusing to write over the input '%s'", argv[1]);
    struct rk_specs *specs = NULL;
    int code = load_specs(c, &specs);
    struct rk_report *rep = NULL;
    if (code == EXIT_CONFORMS && rk_report_new(&rep, c->format, c->lang, stderr) != RK_OK)
        code = EXIT_INTERNAL;
    if (code == EXIT_CONFORMS) {
        rk_report_begin_file(rep, argv[0]);
        struct counting k = {.rep = rep};
        enum rk_status st = rk_normalize(specs, &c->check, argv[0], argv[1], count_and_report, &k);
        struct rk_file_result res = {.family = "careplan"};
        memcpy(res.count, k.count, sizeof res.count);
        rk_report_end_file(rep, &res);
        if (st == RK_E_ARG) {
            fprintf(stderr, "renkei: %s has syntax or character errors: no copy written\n",
                    argv[0]);
            code = EXIT_FINDINGS;
        } else if (st == RK_E_IO) {
            fprintf(stderr, "renkei: cannot read %s or write %s\n", argv[0], argv[1]);
            code = EXIT_UNREADABLE;
        } else if (st != RK_OK) {
            fprintf(stderr, "renkei: normalize: %s\n", rk_status_str(st));
            code = EXIT_INTERNAL;
        }
    }
    if (rep)
        rk_report_finish(rep);
    rk_report_free(rep);
    rk_specs_free(specs);
    return code;
}

static void print_path(void *ctx, const char *path)
{
    (void)ctx;
    printf("%s\n", path);
}

/* Writes conforming synthetic files. */
static int cmd_sample(struct cli *c, int argc)
{
    if (argc != 0 || !c->out_dir || (!c->check.layout == !c->sample.send))
        return usage_error("%s", "sample needs --out DIR and one of --layout ID or --send UNIT");
    struct rk_specs *specs = NULL;
    int code = load_specs(c, &specs);
    if (code != EXIT_CONFORMS)
        return code;
    c->sample.layout = c->check.layout;
    c->sample.version = c->check.version;
    enum rk_status st = rk_sample(specs, &c->sample, c->out_dir, print_path, NULL);
    rk_specs_free(specs);
    if (st == RK_E_ARG)
        return usage_error("%s",
                           "unknown layout, send unit, version or month (see 'renkei specs')");
    if (st == RK_E_IO) {
        fprintf(stderr,
                "renkei: cannot write the files into %s (its parent must exist; existing files "
                "are never overwritten)\n",
                c->out_dir);
        return EXIT_UNREADABLE;
    }
    if (st != RK_OK) {
        fprintf(stderr, "renkei: sample: %s\n", rk_status_str(st));
        return EXIT_INTERNAL;
    }
    return fflush(stdout) == 0 ? EXIT_CONFORMS : EXIT_INTERNAL;
}

static int cmd_specs(struct cli *c, int argc, char **argv)
{
    struct rk_specs *specs = NULL;
    int code = load_specs(c, &specs);
    if (code != EXIT_CONFORMS)
        return code;
    if (argc == 0) {
        printf("spec tables sha256 %s\n", specs->sha256);
        for (size_t i = 0; i < specs->nversions; i++) {
            const struct rk_version *v = &specs->versions[i];
            if (v->header_lines) /* LIFE */
                printf("%s %s (version column %s, header %s)\n", v->family, v->version,
                       v->csv_version ? v->csv_version : "-", v->header_lines);
            else
                printf("%s %s (CSV version %s, from %s, %s names, %s)\n", v->family, v->version,
                       v->csv_version, v->effective_from, v->style == RK_STYLE_V4 ? "v4" : "v3",
                       rk_encoding_name(v->encoding));
            for (size_t j = 0; j < v->nlayouts; j++)
                printf("  %-14s %3zu items  %s\n", v->layouts[j].id, v->layouts[j].nitems,
                       v->layouts[j].name);
        }
    } else if (argc == 4 && strcmp(argv[0], "show") == 0) {
        const struct rk_version *v = rk_specs_find(specs, argv[1], argv[2]);
        const struct rk_layout *l = v ? rk_version_layout(v, argv[3]) : NULL;
        if (!l) {
            rk_specs_free(specs);
            return usage_error("no such layout: %s (see 'renkei specs')", argv[3]);
        }
        printf("%s %s %s %s (%zu items)\n%s\n", v->family, v->version, l->id, l->name, l->nitems,
               l->citation);
        printf("No.\tname\ttype\tlength\tunit\twidth\trequired\tformat\tcodes\tsentinel\trule\n");
        for (size_t i = 0; i < l->nitems; i++) {
            const struct rk_item *it = &l->items[i];
            printf("%u\t%s\t%s\t%u\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", it->no, it->name,
                   rk_item_type_name(it->type), it->length,
                   it->unit == RK_U_BYTES   ? "bytes"
                   : it->unit == RK_U_CHARS ? "chars"
                                            : "-",
                   rk_width_name(it->width), rk_required_name(it->required),
                   rk_format_name(it->format), it->codes ? it->codes->id : "-",
                   it->sentinel ? it->sentinel : "-", rk_item_rule_name(it->rule));
        }
    } else {
        rk_specs_free(specs);
        return usage_error("%s", "usage: renkei specs [show FAMILY VERSION LAYOUT]");
    }
    rk_specs_free(specs);
    return fflush(stdout) == 0 ? EXIT_CONFORMS : EXIT_INTERNAL;
}

static int cmd_rules(const struct cli *c)
{
    static const char *sev[] = {"info", "warning", "error"};
    for (size_t i = 0; i < rk_rule_count(); i++) {
        const struct rk_rule *r = rk_rule_at(i);
        printf("%s\t%s\t%s\t%s\n", r->id, sev[r->severity],
               c->lang == RK_LANG_EN ? r->title_en : r->title_ja, r->clause);
    }
    return fflush(stdout) == 0 ? EXIT_CONFORMS : EXIT_INTERNAL;
}

/* Writes a signed evidence bundle for a prefecture. */
static int cmd_evidence(struct cli *c, int argc, char **argv)
{
    if (!c->vendor || !c->product || !c->product_version || !c->set.office || !c->key ||
        !c->out_dir || argc == 0)
        return usage_error("%s", "evidence needs --vendor, --product, --product-version, "
                                 "--office, --key, --out DIR and at least one input");
    if (c->set.direction && strcmp(c->set.direction, "output") != 0)
        return usage_error("%s", "evidence checks output files; import is shown by --roundtrip");
    if (c->no_set)
        return usage_error("%s", "evidence always runs the set checks (--no-set not allowed)");
    struct rk_specs *specs = NULL;
    int code = load_specs(c, &specs);
    if (code != EXIT_CONFORMS)
        return code;
    if (c->check.version &&
        !rk_specs_find(specs, c->check.family ? c->check.family : "careplan", c->check.version)) {
        rk_specs_free(specs);
        return usage_error("unknown spec version '%s' (see 'renkei specs')", c->check.version);
    }
    struct rk_evidence_options eo = {
        .vendor = c->vendor,
        .product = c->product,
        .product_version = c->product_version,
        .office = c->set.office,
        .key_path = c->key,
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

/* A verify finding, as a compiler would print it. */
static void print_problem(void *ctx, const struct rk_finding *f)
{
    enum rk_lang lang = *(const enum rk_lang *)ctx;
    char msg[1024];
    rk_finding_message(f, lang, msg, sizeof msg);
    fprintf(stderr, "%s: %s: %s [%s]\n", f->path,
            f->severity == RK_SEV_ERROR ? (lang == RK_LANG_JA ? "エラー" : "error")
                                        : (lang == RK_LANG_JA ? "警告" : "warning"),
            msg, f->rule->id);
}

/* Verifies a bundle: exit 0 valid, 1 invalid, 2 a --pubkey that is not one key, 3 unreadable. */
static int cmd_verify(struct cli *c, int argc, char **argv)
{
    if (argc != 1)
        return usage_error("%s", "verify needs one bundle directory");
    bool ja = c->lang == RK_LANG_JA;
    struct rk_verify_result vr;
    enum rk_status st = rk_evidence_verify(argv[0], c->pubkey, print_problem, &c->lang, &vr);
    if (st == RK_E_ARG)
        return usage_error(ja ? "--pubkey %s: 読めないか、Ed25519公開鍵ちょうど1つではありません"
                              : "--pubkey %s: cannot be read, or does not hold exactly one "
                                "Ed25519 public key",
                           c->pubkey);
    if (st == RK_E_IO) {
        fprintf(stderr, ja ? "renkei: %s を読めません\n" : "renkei: cannot read %s\n", argv[0]);
        return EXIT_UNREADABLE;
    }
    if (st != RK_OK) {
        fprintf(stderr, "renkei: verify: %s\n", rk_status_str(st));
        return EXIT_INTERNAL;
    }
    if (!vr.valid) {
        printf(ja ? "%s: 無効（問題 %zu 件）\n" : "%s: INVALID: %zu problem(s)\n", argv[0],
               vr.problems);
        return fflush(stdout) == 0 ? EXIT_FINDINGS : EXIT_INTERNAL;
    }
    printf(ja ? "%s: 有効（マニフェストの %zu ファイルが一致）\n"
              : "%s: valid: %zu file(s) match the manifest\n",
           argv[0], vr.files);
    printf(ja ? "署名者の鍵: %s\n" : "signer's key: %s\n", vr.fingerprint);
    if (vr.signer_confirmed)
        printf(ja ? "署名者: 確認済み（%s の鍵と一致）\n" : "signer: confirmed (the key in %s)\n",
               c->pubkey);
    else
        printf(
            ja ? "署名者: 未確認（--pubkey なし）。上のフィンガープリントをベンダーが公表したものと"
                 "照合してください\n"
               : "signer: unconfirmed (no --pubkey): compare the fingerprint above with the one "
                 "the vendor published\n");
    return fflush(stdout) == 0 ? EXIT_CONFORMS : EXIT_INTERNAL;
}

/* Writes PREFIX.key (mode 0600) and PREFIX.pub. */
static int cmd_keygen(struct cli *c, int argc)
{
    if (argc != 0 || !c->out_dir || !*c->out_dir)
        return usage_error("%s", "keygen needs --out PREFIX");
    size_t n = strlen(c->out_dir) + 5;
    char *priv = malloc(n), *pub = malloc(n);
    int code = EXIT_CONFORMS;
    if (!priv || !pub) {
        code = EXIT_INTERNAL;
    } else {
        snprintf(priv, n, "%s.key", c->out_dir);
        snprintf(pub, n, "%s.pub", c->out_dir);
        enum rk_status st = rk_keygen(priv, pub);
        if (st == RK_E_IO) {
            fprintf(stderr,
                    "renkei: cannot write %s or %s: %s (existing files are never "
                    "overwritten)\n",
                    priv, pub, strerror(errno));
            code = EXIT_UNREADABLE;
        } else if (st != RK_OK) {
            fprintf(stderr, "renkei: keygen: %s\n", rk_status_str(st));
            code = EXIT_INTERNAL;
        } else {
            char fp[RK_FINGERPRINT_SIZE];
            st = rk_key_fingerprint(pub, fp);
            if (st != RK_OK) {
                fprintf(stderr, "renkei: keygen: %s: %s\n", pub, rk_status_str(st));
                code = EXIT_INTERNAL;
            } else {
                printf("%s\n%s\n%s\n", priv, pub, fp);
                if (fflush(stdout) != 0)
                    code = EXIT_INTERNAL;
            }
        }
    }
    free(priv);
    free(pub);
    return code;
}

/* ---- arguments ---- */

/* Reads one option at argv[*i]; returns -1 when argv[*i] is not an option, else an exit code
 * (EXIT_CONFORMS when fine). */
static int parse_option(struct cli *c, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const char *v = NULL;
    if (a[0] != '-' || a[1] == '\0')
        return -1;
    static const char *const with_value[] = {"--format",
                                             "--lang",
                                             "--encoding",
                                             "--profile",
                                             "--chars",
                                             "--layout",
                                             "--spec-version",
                                             "--family",
                                             "--specs",
                                             "--max-findings",
                                             "--max-field-bytes",
                                             "--max-fields",
                                             "--max-quoted-lines",
                                             "--output",
                                             "-o",
                                             "--office",
                                             "--direction",
                                             "-j",
                                             "--jobs",
                                             "--send",
                                             "--users",
                                             "--month",
                                             "--seed",
                                             "--out",
                                             "--vendor",
                                             "--product",
                                             "--product-version",
                                             "--key",
                                             "--pubkey",
                                             NULL};
    bool needs = false;
    for (const char *const *w = with_value; *w; w++)
        if (strcmp(a, *w) == 0)
            needs = true;
    if (needs) {
        if (*i + 1 >= argc)
            return usage_error("option %s needs a value", a);
        v = argv[++*i];
    }
    uint64_t n = 0;
    if (strcmp(a, "--format") == 0) {
        if (strcmp(v, "text") == 0)
            c->format = RK_REPORT_TEXT;
        else if (strcmp(v, "json") == 0)
            c->format = RK_REPORT_JSON;
        else if (strcmp(v, "junit") == 0)
            c->format = RK_REPORT_JUNIT;
        else if (strcmp(v, "sarif") == 0)
            c->format = RK_REPORT_SARIF;
        else if (strcmp(v, "html") == 0)
            c->format = RK_REPORT_HTML;
        else
            return usage_error("unknown format '%s' (text|json|junit|sarif|html)", v);
    } else if (strcmp(a, "--lang") == 0) {
        if (strcmp(v, "ja") == 0)
            c->lang = RK_LANG_JA;
        else if (strcmp(v, "en") == 0)
            c->lang = RK_LANG_EN;
        else
            return usage_error("unknown language '%s' (ja|en)", v);
    } else if (strcmp(a, "--encoding") == 0) {
        if (strcmp(v, "cp932") == 0 || strcmp(v, "ms932") == 0 || strcmp(v, "shift_jis") == 0)
            c->check.encoding = RK_ENC_CP932;
        else if (strcmp(v, "utf-8") == 0 || strcmp(v, "utf8") == 0)
            c->check.encoding = RK_ENC_UTF8;
        else
            return usage_error("unknown encoding '%s' (cp932|utf-8)", v);
    } else if (strcmp(a, "--profile") == 0) {
        /* default, strict, 2027, or both as strict,2027 */
        if (strcmp(v, "default") == 0)
            c->check.profile = RK_PROFILE_DEFAULT;
        else if (strcmp(v, "strict") == 0)
            c->check.profile = RK_PROFILE_STRICT;
        else if (strcmp(v, "2027") == 0)
            c->check.profile = RK_PROFILE_2027;
        else if (strcmp(v, "strict,2027") == 0 || strcmp(v, "2027,strict") == 0)
            c->check.profile = (enum rk_profile)(RK_PROFILE_STRICT | RK_PROFILE_2027);
        else
            return usage_error("unknown profile '%s' (default|strict|2027|strict,2027)", v);
    } else if (strcmp(a, "--chars") == 0) {
        if (strcmp(v, "2027") != 0)
            return usage_error("unknown character set '%s' (2027)", v);
        c->sample.chars2027 = 1;
    } else if (strcmp(a, "--layout") == 0) {
        c->check.layout = v;
    } else if (strcmp(a, "--spec-version") == 0) {
        c->check.version = v;
    } else if (strcmp(a, "--family") == 0) {
        c->check.family = v;
    } else if (strcmp(a, "--specs") == 0) {
        c->specs_dir = v;
    } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
        c->output = v;
    } else if (strcmp(a, "--max-findings") == 0 || strcmp(a, "--max-field-bytes") == 0 ||
               strcmp(a, "--max-fields") == 0 || strcmp(a, "--max-quoted-lines") == 0) {
        if (!parse_u64(v, &n))
            return usage_error("%s needs a whole number", a);
        if (strcmp(a, "--max-findings") == 0)
            c->check.max_findings = n;
        else if (strcmp(a, "--max-field-bytes") == 0)
            c->check.max_field_bytes = (size_t)n;
        else if (strcmp(a, "--max-fields") == 0)
            c->check.max_fields = (size_t)n;
        else
            c->check.max_quoted_lines = (size_t)n;
    } else if (strcmp(a, "--office") == 0) {
        if (strcmp(v, "kyotaku") && strcmp(v, "service") && strcmp(v, "facility") &&
            strcmp(v, "yobo-center") && strcmp(v, "yobo-service"))
            return usage_error("unknown office type '%s' (kyotaku|service|facility|"
                               "yobo-center|yobo-service)",
                               v);
        c->set.office = v;
    } else if (strcmp(a, "--direction") == 0) {
        if (strcmp(v, "output") && strcmp(v, "import"))
            return usage_error("unknown direction '%s' (output|import)", v);
        c->set.direction = v;
    } else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
        if (!parse_u64(v, &n) || n < 1 || n > 256)
            return usage_error("%s needs a number from 1 to 256", a);
        c->jobs = (unsigned)n;
    } else if (strcmp(a, "--send") == 0) {
        c->sample.send = v;
    } else if (strcmp(a, "--users") == 0) {
        if (!parse_u64(v, &n) || n < 1 || n > 100000)
            return usage_error("%s needs a number from 1 to 100000", a);
        c->sample.users = (unsigned)n;
    } else if (strcmp(a, "--month") == 0) {
        c->sample.month = v;
    } else if (strcmp(a, "--seed") == 0) {
        if (!parse_u64(v, &n))
            return usage_error("%s needs a whole number", a);
        c->sample.seed = n;
    } else if (strcmp(a, "--out") == 0) {
        c->out_dir = v;
    } else if (strcmp(a, "--vendor") == 0) {
        c->vendor = v;
    } else if (strcmp(a, "--product") == 0) {
        c->product = v;
    } else if (strcmp(a, "--product-version") == 0) {
        c->product_version = v;
    } else if (strcmp(a, "--key") == 0) {
        c->key = v;
    } else if (strcmp(a, "--pubkey") == 0) {
        c->pubkey = v;
    } else if (strcmp(a, "--roundtrip") == 0) {
        if (*i + 2 >= argc)
            return usage_error("%s", "--roundtrip needs ORIGINAL and REEXPORT");
        c->rt_original = argv[++*i];
        c->rt_reexport = argv[++*i];
    } else if (strcmp(a, "--no-set") == 0) {
        c->no_set = true;
    } else if (strcmp(a, "--") == 0) {
        return -2;
    } else {
        return usage_error("unknown option '%s'", a);
    }
    return EXIT_CONFORMS;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "missing command");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage_text, stdout);
        return EXIT_CONFORMS;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("renkei %s\n", RK_VERSION);
        return EXIT_CONFORMS;
    }
    struct cli c = {0};
    const char *cmd = argv[1];
    char **rest = malloc(sizeof(char *) * (size_t)argc);
    if (!rest)
        return EXIT_INTERNAL;
    int nrest = 0;
    bool only_args = false;
    for (int i = 2; i < argc; i++) {
        int rc = only_args ? -1 : parse_option(&c, argc, argv, &i);
        if (rc == -2) {
            only_args = true;
            continue;
        }
        if (rc == -1) {
            rest[nrest++] = argv[i];
            continue;
        }
        if (rc != EXIT_CONFORMS) {
            free(rest);
            return rc;
        }
    }
    int code;
    if (strcmp(cmd, "check") == 0)
        code = cmd_check(&c, nrest, rest);
    else if (strcmp(cmd, "specs") == 0)
        code = cmd_specs(&c, nrest, rest);
    else if (strcmp(cmd, "roundtrip") == 0)
        code = cmd_roundtrip(&c, nrest, rest);
    else if (strcmp(cmd, "normalize") == 0)
        code = cmd_normalize(&c, nrest, rest);
    else if (strcmp(cmd, "sample") == 0)
        code = cmd_sample(&c, nrest);
    else if (strcmp(cmd, "rules") == 0)
        code = cmd_rules(&c);
    else if (strcmp(cmd, "evidence") == 0)
        code = cmd_evidence(&c, nrest, rest);
    else if (strcmp(cmd, "verify") == 0)
        code = cmd_verify(&c, nrest, rest);
    else if (strcmp(cmd, "keygen") == 0)
        code = cmd_keygen(&c, nrest);
    else
        code = usage_error("unknown command '%s'", cmd);
    free(rest);
    return code;
}
