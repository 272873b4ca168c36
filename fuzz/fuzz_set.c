/*
 * fuzz_set.c - set grouping and the rules across files (rules_set.c, rules_file.c): the input
 * is cut into up to four files at each 0xFF 0xFE pair and written as the files of one slip
 * send (第6表, 第7表, 利用者補足情報) plus a 第6表 of another send, or, when the first byte
 * is odd, as LIFE files (SERVICE_USER_INFO and a form); each is checked into one set, then the
 * set is checked with the office profile.
 * Invariants: every step returns RK_OK, every finding is well-formed and names one of the
 * files or the set's label, care-plan sends come in processing order (serials ascending).
 */
#include "harness.h"

static const char *const careplan_names[4] = {
    "UPPLAN_202504_1312345678_43_1312300001_11_20250325120000.CSV",
    "UPSIKYU_202504_1312345678_43_1312300001_11_20250325120000.CSV",
    "UPHOSOKU_202504_1312345678_43_1312300001_11_20250325120000.CSV",
    "UPPLAN_202505_1312345678_43_1312300001_11_20250425120000.CSV",
};
static const char *const life_names[4] = {"user.csv", "form.csv", "child.csv", "other.csv"};

struct ctx {
    char paths[4][1100];
    size_t npaths;
    const char *label;
    char last_serial[16];
};

static void sink(void *arg, const struct rk_finding *f)
{
    struct ctx *c = arg;
    fz_check_finding(f);
    FZ_CHECK(f->path != NULL, "finding without a path");
    bool known = strcmp(f->path, c->label) == 0;
    for (size_t i = 0; i < c->npaths && !known; i++)
        known = strcmp(f->path, c->paths[i]) == 0;
    FZ_CHECK(known, "finding %s names %s", f->rule->id, f->path);
}

static void send_begin(void *arg, const struct rk_send *s)
{
    struct ctx *c = arg;
    FZ_CHECK(s->nfiles > 0 && s->paths && s->layouts, "empty send");
    /* care-plan sends in serial order; a LIFE upload (no serial) may come anywhere */
    if (s->serial[0]) {
        FZ_CHECK(strcmp(s->serial, c->last_serial) >= 0, "send %s after %s", s->serial,
                 c->last_serial);
        snprintf(c->last_serial, sizeof c->last_serial, "%s", s->serial);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct rk_specs *specs = fz_specs();
    if (size < 1)
        return 0;
    bool life = data[0] & 1;
    struct ctx c = {.label = fz_tmp_dir()};
    const uint8_t *p = data + 1, *end = data + size;
    while (c.npaths < 4 && p <= end) {
        const uint8_t *cut = p;
        while (cut + 1 < end && !(cut[0] == 0xFF && cut[1] == 0xFE))
            cut++;
        if (cut + 1 >= end)
            cut = end;
        snprintf(c.paths[c.npaths], sizeof c.paths[0], "%s/%s", fz_tmp_dir(),
                 life ? life_names[c.npaths] : careplan_names[c.npaths]);
        fz_write_file(c.paths[c.npaths], p, (size_t)(cut - p));
        c.npaths++;
        p = cut + 2;
    }
    struct rk_set_options so = {.office = (data[0] & 2) ? "kyotaku" : NULL, .label = c.label};
    struct rk_set *set = NULL;
    enum rk_status st = rk_set_new(&set, specs, &so);
    FZ_CHECK(st == RK_OK, "rk_set_new: %s", rk_status_str(st));
    for (size_t i = 0; i < c.npaths; i++) {
        struct rk_check_options o = {.set = set, .max_findings = (data[0] & 4) ? 5 : 0};
        struct rk_file_result res;
        st = rk_check_file(specs, &o, c.paths[i], sink, &c, &res);
        FZ_CHECK(st == RK_OK, "rk_check_file: %s", rk_status_str(st));
    }
    struct rk_set_callbacks cb = {.send_begin = send_begin, .finding = sink, .ctx = &c};
    uint64_t counts[3];
    st = rk_set_check(set, &cb, counts);
    FZ_CHECK(st == RK_OK, "rk_set_check: %s", rk_status_str(st));
    rk_set_free(set);
    for (size_t i = 0; i < c.npaths; i++)
        unlink(c.paths[i]);
    return 0;
}
