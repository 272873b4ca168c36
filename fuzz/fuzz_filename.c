/*
 * fuzz_filename.c - the file-name parser (filename.c, rk_name_parse) over the input taken as
 * a path (up to the first NUL byte), against the builtin specs loaded once.
 *
 * Invariants: a name that parses has a layout ID that is the prefix of its base name; the
 * parts it fills are NUL-terminated and as long as the rule says (month 6 digits, serial 14
 * digits, office numbers at most 10, service types at most 2); a name that does not parse
 * leaves parsed false and gets NAME-001; every finding is a NAME-* finding and well-formed.
 */
#include "harness.h"

struct seen {
    unsigned name001;
    unsigned total;
};

static void sink(void *ctx, const struct rk_finding *f)
{
    struct seen *s = ctx;
    fz_check_finding(f);
    FZ_CHECK(strncmp(f->rule->id, "NAME-", 5) == 0, "%s from the name parser", f->rule->id);
    s->name001 += strcmp(f->rule->id, "NAME-001") == 0;
    s->total++;
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static void check_str(const char *s, size_t cap, size_t max, const char *what)
{
    const char *nul = memchr(s, '\0', cap);
    FZ_CHECK(nul != NULL, "%s not terminated", what);
    FZ_CHECK((size_t)(nul - s) <= max, "%s is %zu long", what, (size_t)(nul - s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct rk_specs *specs = fz_specs();
    char *path = malloc(size + 1);
    if (!path)
        abort();
    memcpy(path, data, size);
    path[size] = '\0';

    struct seen seen = {0};
    struct rk_emitter em = {.sink = sink, .ctx = &seen, .path = path};
    struct rk_name name;
    memset(&name, 0xA5, sizeof name);
    bool ok = rk_name_parse(specs, "careplan", path, &name, &em);

    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    check_str(name.layout_id, sizeof name.layout_id, sizeof name.layout_id - 1, "layout_id");
    if (!ok) {
        FZ_CHECK(!name.parsed && name.layout_id[0] == '\0', "no layout but parts filled");
        FZ_CHECK(seen.name001 == 1, "no layout but %u NAME-001", seen.name001);
    } else {
        size_t n = strlen(name.layout_id);
        FZ_CHECK(n > 0 && strncmp(base, name.layout_id, n) == 0 && base[n] == '_',
                 "layout %s is not the prefix of %.80s", name.layout_id, base);
        FZ_CHECK(seen.name001 == 0, "layout %s found and NAME-001", name.layout_id);
        const struct rk_version *v = rk_specs_find(specs, "careplan", NULL);
        FZ_CHECK(v != NULL, "no careplan version");
    }
    if (name.parsed) {
        FZ_CHECK(ok, "parsed without a layout");
        FZ_CHECK(name.style == RK_STYLE_V3 || name.style == RK_STYLE_V4, "style %d",
                 (int)name.style);
        check_str(name.month, sizeof name.month, 6, "month");
        if (name.has_month)
            FZ_CHECK(strlen(name.month) == 6 && digits(name.month, 6) && rk_valid_month(name.month),
                     "month %s", name.month);
        FZ_CHECK(!(name.has_month && name.month_zero), "month and month_zero");
        check_str(name.from, sizeof name.from, 10, "from");
        check_str(name.to, sizeof name.to, 10, "to");
        check_str(name.from_svc, sizeof name.from_svc, 2, "from_svc");
        check_str(name.to_svc, sizeof name.to_svc, 2, "to_svc");
        check_str(name.serial, sizeof name.serial, 14, "serial");
        if (name.serial[0])
            FZ_CHECK(strlen(name.serial) == 14 && digits(name.serial, 14), "serial %s",
                     name.serial);
        if (name.style == RK_STYLE_V3)
            FZ_CHECK(name.from_svc[0] == '\0' && name.to_svc[0] == '\0',
                     "v3 name with service types");
    }
    FZ_CHECK(em.emitted == seen.total, "emitted %llu, sink saw %u", (unsigned long long)em.emitted,
             seen.total);
    free(path);
    return 0;
}
