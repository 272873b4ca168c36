/*
 * corpus_runner.c - checks every file of corpus/ against what it must give:
 *   valid/   no finding of warning or error level;
 *   other    exactly the findings its .expect lists (`LINE:COL RULE-ID` per line; info-level
 *            findings are compared only for the rules the .expect names).
 *   sets/<case>/  a directory checked as one set of files (sends, links, office profile):
 *            exactly the findings set.expect lists, as `FILE LINE:COL RULE-ID` (FILE is the
 *            base name; file-level and set-level findings alike); set.options may hold
 *            office=... and direction=....
 *   roundtrip/<case>/  original/ and reexport/ compared by rk_roundtrip: exactly the findings
 *            roundtrip.expect lists, as `FILE LINE:COL RULE-ID`.
 * Then checks that every rule of rules.def has at least one corpus case, except the rules
 * listed in `exempt` below with the place that tests them instead.
 * With SPECS_DIR, the tables are loaded from there (rk_specs_load_dir) instead of the built-in
 * ones: tests/specs/renamed_names.py gives a copy whose item names are all changed, and every
 * expectation must hold the same.
 * usage: corpus_runner CORPUS_DIR [SPECS_DIR]
 */
#include "internal.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Rules no corpus file can show, and where they are tested instead. */
static const char *const exempt[][2] = {
    {"IO-001", "tests/cli (an unreadable input and a directory given as a file)"},
    {"IO-002", "tests/cli/inputs.sh (a damaged ZIP archive)"},
    {"IO-003", "tests/cli/inputs.sh (ZIP limits: 10001 members)"},
    {"IO-004", "tests/cli/inputs.sh (ZIP limits: a 257 MiB member)"},
    {"IO-005", "tests/cli/inputs.sh (ZIP limits: 1.1 GiB in all)"},
    {"IO-006", "tests/cli/inputs.sh (ZIP limits: a member 1000 times its compressed size)"},
    {"IO-007", "tests/evidence/zip.sh (a bundle's ZIP with a member named ../NAME)"},
    {"IO-008", "tests/evidence/zip.sh (a bundle's ZIP with a symbolic link)"},
    {"IO-009", "tests/evidence/zip.sh (a bundle's ZIP with a name given twice)"},
    {"NORM-001", "tests/cli/normalize_identical.sh (normalize of LIFE and image files)"},
    {"SPEC-001", "tests/unit/test_spec_load.c (spec tables, not inputs)"},
    {"SPEC-002", "tests/unit/test_spec_load.c"},
    {"SPEC-003", "tests/unit/test_spec_load.c"},
    {"SPEC-004", "tests/unit/test_spec_load.c"},
    {"EVD-*", "tests/evidence (the evidence bundle as renkei verify checks it, not an input)"},
    {"LIFEIMP-*", "tests/unit/test_life_import.c (MHLW item list workbooks, not inputs)"},
};

struct strs {
    char **v;
    size_t n, cap;
};

static void push(struct strs *s, const char *x)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 32;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v)
            abort();
    }
    s->v[s->n] = strdup(x);
    if (!s->v[s->n])
        abort();
    s->n++;
}

static void clear(struct strs *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_strs(char **v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, cmp);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static struct strs covered; /* rule IDs named by some .expect */
static unsigned passed, failed;

struct collect {
    struct strs got;
    struct strs info_rules; /* info-level rules the .expect names */
    bool with_file;         /* prefix each finding with the file's base name */
};

static void sink(void *ctx, const struct rk_finding *f)
{
    struct collect *c = ctx;
    if (f->severity == RK_SEV_INFO) {
        bool listed = false;
        for (size_t i = 0; i < c->info_rules.n; i++)
            listed |= strcmp(c->info_rules.v[i], f->rule->id) == 0;
        if (!listed)
            return;
    }
    char line[1024];
    const char *base = strrchr(f->path, '/');
    base = base ? base + 1 : f->path;
    snprintf(line, sizeof line, "%s%s%llu:%llu %s", c->with_file ? base : "",
             c->with_file ? " " : "", (unsigned long long)f->pos.line,
             (unsigned long long)f->pos.column, f->rule->id);
    push(&c->got, line);
}

/* Reads key=value options for the check. Strings live in a static buffer per call. */
static void read_options(const char *path, struct rk_check_options *o, char *buf, size_t n)
{
    char op[1200];
    snprintf(op, sizeof op, "%s.options", path);
    FILE *fp = fopen(op, "r");
    if (!fp)
        return;
    size_t used = 0;
    char line[256];
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *eq = strchr(line, '=');
        if (!eq || line[0] == '#')
            continue;
        *eq = '\0';
        const char *k = line, *v = eq + 1;
        size_t vl = strlen(v) + 1;
        if (used + vl > n)
            break;
        char *copy = memcpy(buf + used, v, vl);
        used += vl;
        if (strcmp(k, "encoding") == 0)
            o->encoding = strcmp(v, "utf-8") == 0 ? RK_ENC_UTF8 : RK_ENC_CP932;
        else if (strcmp(k, "profile") == 0)
            o->profile = strcmp(v, "strict") == 0 ? RK_PROFILE_STRICT
                         : strcmp(v, "2027") == 0 ? RK_PROFILE_2027
                                                  : RK_PROFILE_DEFAULT;
        else if (strcmp(k, "layout") == 0)
            o->layout = copy;
        else if (strcmp(k, "version") == 0)
            o->version = copy;
        else if (strcmp(k, "family") == 0)
            o->family = copy;
        else if (strcmp(k, "max_field_bytes") == 0)
            o->max_field_bytes = strtoul(v, NULL, 10);
        else if (strcmp(k, "max_fields") == 0)
            o->max_fields = strtoul(v, NULL, 10);
        else if (strcmp(k, "max_quoted_lines") == 0)
            o->max_quoted_lines = strtoul(v, NULL, 10);
        else if (strcmp(k, "max_findings") == 0)
            o->max_findings = strtoull(v, NULL, 10);
    }
    fclose(fp);
}

/* Reads expected lines (comments and blanks dropped); records the rules named. */
static bool read_expect(const char *path, struct strs *want, struct collect *c)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return false;
    char line[1024];
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n#")] = '\0';
        size_t n = strlen(line);
        while (n && line[n - 1] == ' ')
            line[--n] = '\0';
        if (!n)
            continue;
        push(want, line);
        const char *id = strrchr(line, ' ');
        if (id) {
            push(&covered, id + 1);
            const struct rk_rule *r = rk_rule_find(id + 1);
            if (!r) {
                printf("FAIL %s: names unknown rule %s\n", path, id + 1);
                failed++;
            } else if (r->severity == RK_SEV_INFO) {
                push(&c->info_rules, id + 1);
            }
        }
    }
    fclose(fp);
    return true;
}

static bool compare(const char *what, struct strs *want, struct strs *got, enum rk_status st)
{
    sort_strs(got->v, got->n);
    sort_strs(want->v, want->n);
    bool same = st == RK_OK && got->n == want->n;
    for (size_t i = 0; same && i < want->n; i++)
        same = strcmp(got->v[i], want->v[i]) == 0;
    if (same) {
        passed++;
        return true;
    }
    failed++;
    printf("FAIL %s (status %s)\n  expected:", what, rk_status_str(st));
    for (size_t i = 0; i < want->n; i++)
        printf(" [%s]", want->v[i]);
    printf("\n  got:     ");
    for (size_t i = 0; i < got->n; i++)
        printf(" [%s]", got->v[i]);
    printf("\n");
    return false;
}

static void check_one(const struct rk_specs *specs, const char *path, bool valid)
{
    struct collect c = {0};
    struct strs want = {0};
    if (!valid) {
        char ep[1200];
        snprintf(ep, sizeof ep, "%s.expect", path);
        if (!read_expect(ep, &want, &c)) {
            printf("FAIL %s: no .expect\n", path);
            failed++;
            return;
        }
    }
    struct rk_check_options o = {0};
    char optbuf[1024];
    read_options(path, &o, optbuf, sizeof optbuf);
    struct rk_file_result res;
    enum rk_status st = rk_check_file(specs, &o, path, sink, &c, &res);
    compare(path, &want, &c.got, st);
    clear(&c.got);
    clear(&c.info_rules);
    clear(&want);
}

static void walk_set(const struct rk_specs *specs, const char *dir);
static void walk_roundtrip(const struct rk_specs *specs, const char *dir);

static bool is_input(const char *name)
{
    return !ends_with(name, ".expect") && !ends_with(name, ".options") && !ends_with(name, ".md") &&
           !ends_with(name, ".py") && name[0] != '.';
}

static void walk(const struct rk_specs *specs, const char *dir, bool valid)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct strs names = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            push(&names, e->d_name);
    closedir(d);
    sort_strs(names.v, names.n);
    for (size_t i = 0; i < names.n; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, names.v[i]);
        struct stat sb;
        if (stat(p, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            if (strcmp(names.v[i], "sets") == 0 || strcmp(names.v[i], "roundtrip") == 0) {
                bool rt = strcmp(names.v[i], "roundtrip") == 0;
                DIR *sd = opendir(p);
                struct strs cases = {0};
                struct dirent *se;
                while (sd && (se = readdir(sd)) != NULL)
                    if (se->d_name[0] != '.')
                        push(&cases, se->d_name);
                if (sd)
                    closedir(sd);
                sort_strs(cases.v, cases.n);
                for (size_t k = 0; k < cases.n; k++) {
                    char cp[1100];
                    snprintf(cp, sizeof cp, "%s/%s", p, cases.v[k]);
                    if (rt)
                        walk_roundtrip(specs, cp);
                    else
                        walk_set(specs, cp);
                }
                clear(&cases);
            } else if (strcmp(names.v[i], "tools") != 0) {
                walk(specs, p, valid || strcmp(names.v[i], "valid") == 0);
            }
        } else if (S_ISREG(sb.st_mode) && is_input(names.v[i])) {
            check_one(specs, p, valid);
        }
    }
    clear(&names);
}

static void set_sink(void *ctx, const struct rk_finding *f)
{
    sink(ctx, f);
}

/* A set case: every input file of dir checked into one set, then the set checks. */
static void walk_set(const struct rk_specs *specs, const char *dir)
{
    struct collect c = {.with_file = true};
    struct strs want = {0};
    char ep[1200];
    snprintf(ep, sizeof ep, "%s/set.expect", dir);
    if (!read_expect(ep, &want, &c)) {
        printf("FAIL %s: no set.expect\n", dir);
        failed++;
        return;
    }
    struct rk_set_options so = {.label = dir};
    char office[256] = "", direction[256] = "";
    snprintf(ep, sizeof ep, "%s/set.options", dir);
    FILE *fp = fopen(ep, "r");
    char line[256];
    while (fp && fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "office=", 7) == 0)
            snprintf(office, sizeof office, "%s", line + 7);
        if (strncmp(line, "direction=", 10) == 0)
            snprintf(direction, sizeof direction, "%s", line + 10);
    }
    if (fp)
        fclose(fp);
    so.office = office[0] ? office : NULL;
    so.direction = direction[0] ? direction : NULL;
    struct rk_set *set = NULL;
    enum rk_status st = rk_set_new(&set, specs, &so);
    struct strs names = {0};
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' && is_input(e->d_name) && strncmp(e->d_name, "set.", 4) != 0)
            push(&names, e->d_name);
    if (d)
        closedir(d);
    sort_strs(names.v, names.n);
    for (size_t i = 0; st == RK_OK && i < names.n; i++) {
        char p[1200];
        snprintf(p, sizeof p, "%s/%s", dir, names.v[i]);
        struct rk_check_options o = {.set = set};
        struct rk_file_result res;
        st = rk_check_file(specs, &o, p, sink, &c, &res);
    }
    struct rk_set_callbacks cb = {.finding = set_sink, .ctx = &c};
    if (st == RK_OK)
        st = rk_set_check(set, &cb, NULL);
    rk_set_free(set);
    compare(dir, &want, &c.got, st);
    clear(&names);
    clear(&c.got);
    clear(&c.info_rules);
    clear(&want);
}

/* A round-trip case: dir/original against dir/reexport. */
static void walk_roundtrip(const struct rk_specs *specs, const char *dir)
{
    struct collect c = {.with_file = true};
    struct strs want = {0};
    char ep[1200], a[1200], b[1200];
    snprintf(ep, sizeof ep, "%s/roundtrip.expect", dir);
    if (!read_expect(ep, &want, &c)) {
        printf("FAIL %s: no roundtrip.expect\n", dir);
        failed++;
        return;
    }
    snprintf(a, sizeof a, "%s/original", dir);
    snprintf(b, sizeof b, "%s/reexport", dir);
    struct rk_roundtrip_result res;
    enum rk_status st = rk_roundtrip(specs, NULL, a, b, sink, &c, &res);
    compare(dir, &want, &c.got, st);
    clear(&c.got);
    clear(&c.info_rules);
    clear(&want);
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: corpus_runner CORPUS_DIR [SPECS_DIR]\n");
        return 2;
    }
    struct rk_specs *specs = NULL;
    if ((argc == 3 ? rk_specs_load_dir(&specs, argv[2], NULL, NULL)
                   : rk_specs_load_builtin(&specs, NULL, NULL)) != RK_OK) {
        fprintf(stderr, "cannot load the spec tables\n");
        return 1;
    }
    walk(specs, argv[1], false);
    /* every rule has a corpus case */
    for (size_t i = 0; i < rk_rule_count(); i++) {
        const char *id = rk_rule_at(i)->id;
        bool ok = false;
        for (size_t j = 0; j < covered.n && !ok; j++)
            ok = strcmp(covered.v[j], id) == 0;
        for (size_t j = 0; j < sizeof exempt / sizeof exempt[0] && !ok; j++) {
            size_t n = strlen(exempt[j][0]);
            ok = exempt[j][0][n - 1] == '*' ? strncmp(exempt[j][0], id, n - 1) == 0
                                            : strcmp(exempt[j][0], id) == 0;
        }
        if (ok) {
            passed++;
        } else {
            failed++;
            printf("FAIL rule %s has no corpus case\n", id);
        }
    }
    rk_specs_free(specs);
    clear(&covered);
    printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
