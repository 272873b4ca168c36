/*
 * spec_load.c - loads the spec tables of specs/ (embedded at build time, or a directory given
 * with --specs) into struct rk_specs, and validates them. Tables are read with the same
 * reader as any input (UTF-8, tab-separated, header row), so a malformed table is reported
 * with file, line and column like any other finding (SPEC-* rules), and loading fails with
 * RK_E_SPEC. The column vocabulary is specs/README.md.
 */
#include "alloc.h"
#include "crypto.h"
#include "csv_reader.h"
#include "family.h"
#include "finding.h"
#include "os.h"
#include "spec.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define MAX_TABLE_BYTES (64u << 20)

/* A table the loader read: what rk_specs_sha256 digests. */
struct table_bytes {
    const char *rel; /* path relative to the specs directory */
    const unsigned char *data;
    size_t len;
};

/* The tables of a struct rk_specs as read, in loading order, and their digest once taken. */
struct rk_specs_tables {
    pthread_mutex_t lock; /* rk_specs_sha256 may be called from several threads */
    struct table_bytes *t;
    size_t n;
    char sha256[65]; /* "" until taken */
};

struct loader {
    const char *dir; /* NULL: the embedded tables */
    struct rk_specs *specs;
    struct rk_arena *arena;
    struct rk_buf tables;    /* struct table_bytes of every table read, in order */
    struct rk_sha256 *vhash; /* the LIFE version being read (rk_tables_digest_add) */
    struct rk_emitter em;
    enum rk_status st;
    bool missing; /* the last table asked for does not exist */
    /* the table being read */
    char path[512];
    const char *const *header;
    size_t ncols;
    enum rk_status (*row)(struct loader *L, const struct rk_record *rec, void *ctx);
    void *row_ctx;
};

/* ---- vocabulary ---- */

struct name_value {
    const char *name;
    int value;
};

static const struct name_value types[] = {{"digits", RK_T_DIGITS}, {"alnum", RK_T_ALNUM},
                                          {"ascii", RK_T_ASCII},   {"text", RK_T_TEXT},
                                          {"unused", RK_T_UNUSED}, {NULL, 0}};
static const struct name_value units[] = {
    {"-", RK_U_NONE}, {"chars", RK_U_CHARS}, {"bytes", RK_U_BYTES}, {NULL, 0}};
static const struct name_value widths[] = {
    {"-", RK_W_NONE}, {"fixed", RK_W_FIXED}, {"max", RK_W_MAX}, {NULL, 0}};
static const struct name_value requireds[] = {{"no", RK_REQ_NO},
                                              {"yes", RK_REQ_YES},
                                              {"cond", RK_REQ_COND},
                                              {"needed", RK_REQ_NEEDED},
                                              {NULL, 0}};
static const struct name_value formats[] = {{"-", RK_F_NONE},
                                            {"csv_version", RK_F_CSV_VERSION},
                                            {"yyyymm", RK_F_YYYYMM},
                                            {"yyyymmdd", RK_F_YYYYMMDD},
                                            {"hhmm", RK_F_HHMM},
                                            {"int", RK_F_INT},
                                            {"decimal2", RK_F_DECIMAL2},
                                            {"daymap31", RK_F_DAYMAP31},
                                            {"insured_no", RK_F_INSURED_NO},
                                            {"office_no", RK_F_OFFICE_NO},
                                            {"insurer_no", RK_F_INSURER_NO},
                                            {"service_code", RK_F_SERVICE_CODE},
                                            {"service_type", RK_F_SERVICE_TYPE},
                                            {"postal", RK_F_POSTAL},
                                            {"serial", RK_F_SERIAL},
                                            {NULL, 0}};
/* LIFE item tables (specs/life/README.md, "LIFE tables") */
static const struct name_value life_types[] = {
    {"string", RK_T_TEXT}, {"number", RK_T_DIGITS}, {"digits", RK_T_DIGITS}, {NULL, 0}};
static const struct name_value life_required[] = {{"always", RK_REQ_YES},
                                                  {"confirm", RK_REQ_NEEDED},
                                                  {"cond", RK_REQ_COND},
                                                  {"no", RK_REQ_NO},
                                                  {NULL, 0}};
static const struct name_value life_formats[] = {{"-", RK_F_NONE},
                                                 {"yyyymmdd", RK_F_YYYYMMDD},
                                                 {"yyyymm", RK_F_YYYYMM},
                                                 {"hhmm", RK_F_HHMM},
                                                 {"hh", RK_F_HH},
                                                 {"mm", RK_F_MM},
                                                 {"yyyymmdd_d00", RK_F_YYYYMMDD_D00},
                                                 {NULL, 0}};
static const struct name_value life_kana[] = {{"-", 0}, {"halfwidth", 1}, {NULL, 0}};
static const struct name_value item_rules[] = {{"-", RK_R_NONE},
                                               {"month_matches_name", RK_R_MONTH_MATCHES_NAME},
                                               {"tais_or_notify", RK_R_TAIS_OR_NOTIFY},
                                               {"detail_no_17", RK_R_DETAIL_NO_17},
                                               {"total_row", RK_R_TOTAL_ROW},
                                               {"hosoku_set", RK_R_HOSOKU_SET},
                                               {"in_scope", RK_R_IN_SCOPE},
                                               {"date_in_month", RK_R_DATE_IN_MONTH},
                                               {NULL, 0}};
static const struct name_value roles[] = {{"-", RK_ROLE_NONE},
                                          {"insurer", RK_ROLE_INSURER},
                                          {"insured", RK_ROLE_INSURED},
                                          {"month", RK_ROLE_MONTH},
                                          {"office", RK_ROLE_OFFICE},
                                          {"service_code", RK_ROLE_SERVICE_CODE},
                                          {"units", RK_ROLE_UNITS},
                                          {"rate", RK_ROLE_RATE},
                                          {"discounted_units", RK_ROLE_DISCOUNTED_UNITS},
                                          {"count", RK_ROLE_COUNT},
                                          {"tais", RK_ROLE_TAIS},
                                          {"notify", RK_ROLE_NOTIFY},
                                          {"detail_no", RK_ROLE_DETAIL_NO},
                                          {"sum", RK_ROLE_SUM},
                                          {NULL, 0}};
/* the roles of LIFE items (the insurer and insured numbers name the user in both families) */
static const struct name_value life_roles[] = {{"-", RK_ROLE_NONE},
                                               {"office", RK_ROLE_OFFICE},
                                               {"service_type", RK_ROLE_SERVICE_TYPE},
                                               {"insurer", RK_ROLE_INSURER},
                                               {"insured", RK_ROLE_INSURED},
                                               {"record_key", RK_ROLE_RECORD_KEY},
                                               {"detail_key", RK_ROLE_DETAIL_KEY},
                                               {"version", RK_ROLE_VERSION},
                                               {"period_start", RK_ROLE_PERIOD_START},
                                               {"period_end", RK_ROLE_PERIOD_END},
                                               {NULL, 0}};
/* samples.tsv: what renkei sample writes for an item (several: for a layout, items "-") */
static const struct name_value sample_kinds[] = {{"several", -1},
                                                 {"birth_date", RK_SAMPLE_BIRTH_DATE},
                                                 {"consult_date", RK_SAMPLE_CONSULT_DATE},
                                                 {"plan_date", RK_SAMPLE_PLAN_DATE},
                                                 {"start", RK_SAMPLE_START},
                                                 {"end", RK_SAMPLE_END},
                                                 {"device_name", RK_SAMPLE_DEVICE_NAME},
                                                 {"empty", RK_SAMPLE_EMPTY},
                                                 {"kana", RK_SAMPLE_KANA},
                                                 {"person_name", RK_SAMPLE_PERSON_NAME},
                                                 {"office_name", RK_SAMPLE_OFFICE_NAME},
                                                 {"phone", RK_SAMPLE_PHONE},
                                                 {"unit_total", RK_SAMPLE_UNIT_TOTAL},
                                                 {"cost_total", RK_SAMPLE_COST_TOTAL},
                                                 {"benefit_rate", RK_SAMPLE_BENEFIT_RATE},
                                                 {NULL, 0}};
static const struct name_value layout_rules[] = {
    {"totals", RK_LR_TOTALS},           {"detail_no", RK_LR_DETAIL_NO},
    {"plan_counts", RK_LR_PLAN_COUNTS}, {"benefit_counts", RK_LR_BENEFIT_COUNTS},
    {"related", RK_LR_RELATED},         {NULL, 0}};
static const struct name_value months[] = {
    {"none", RK_MONTH_NONE}, {"month", RK_MONTH}, {"month_or_zero", RK_MONTH_OR_ZERO}, {NULL, 0}};
static const struct name_value kinds[] = {
    {"data", RK_LK_DATA}, {"delete", RK_LK_DELETE}, {"image", RK_LK_IMAGE}, {NULL, 0}};
static const struct name_value styles[] = {{"v3", RK_STYLE_V3}, {"v4", RK_STYLE_V4}, {NULL, 0}};
static const struct name_value encodings[] = {
    {"cp932", RK_ENC_CP932}, {"utf-8", RK_ENC_UTF8}, {NULL, 0}};
static const struct name_value yesno[] = {{"yes", 1}, {"no", 0}, {NULL, 0}};

static const char *name_of(const struct name_value *t, int v)
{
    for (; t->name; t++)
        if (t->value == v)
            return t->name;
    return "?";
}

const char *rk_item_type_name(enum rk_item_type t)
{
    return name_of(types, (int)t);
}
const char *rk_format_name(enum rk_format f)
{
    return name_of(formats, (int)f);
}
const char *rk_required_name(enum rk_required r)
{
    return name_of(requireds, (int)r);
}
const char *rk_width_name(enum rk_width w)
{
    return name_of(widths, (int)w);
}
const char *rk_item_role_name(enum rk_item_role r)
{
    const char *n = name_of(roles, (int)r);
    return strcmp(n, "?") != 0 ? n : name_of(life_roles, (int)r);
}

const char *rk_item_rule_name(enum rk_item_rule r)
{
    return name_of(item_rules, (int)r);
}

/* ---- findings about a table ---- */

static void spec_finding(struct loader *L, enum rk_rule_id rule, const struct rk_record *rec,
                         size_t col, const char *expected, const char *actual)
{
    struct rk_finding f = {.rule = rk_rule_get(rule)};
    if (rec) { /* col SIZE_MAX: the whole record */
        f.record = rec->number;
        f.pos = col < rec->nfields ? rec->fields[col].pos : rec->pos;
        f.field = col < rec->nfields ? (unsigned)col + 1 : 0;
    }
    /* table cells and paths built from them may hold any bytes: show them as UTF-8 */
    char e[512], a[512];
    if (expected) {
        rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)expected, strlen(expected), e,
                            sizeof e);
        f.expected = e;
    }
    if (actual) {
        rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)actual, strlen(actual), a,
                            sizeof a);
        f.actual = a;
    }
    rk_emit(&L->em, &f);
}

static bool cell_is(const struct rk_field *f, const char *s)
{
    size_t n = strlen(s);
    return f->len == n && memcmp(f->data, s, n) == 0;
}

static char *cell_dup(struct loader *L, const struct rk_field *f)
{
    char *s = rk_arena_strndup(L->arena, (const char *)f->data, f->len);
    if (!s)
        L->st = RK_E_NOMEM;
    return s;
}

/* Copies a cell, or NULL for "-". */
static char *cell_opt(struct loader *L, const struct rk_field *f)
{
    return cell_is(f, "-") ? NULL : cell_dup(L, f);
}

static int cell_enum(struct loader *L, const struct rk_record *rec, size_t col,
                     const struct name_value *t)
{
    const struct rk_field *f = &rec->fields[col];
    for (const struct name_value *v = t; v->name; v++)
        if (cell_is(f, v->name))
            return v->value;
    char want[256] = "", got[128];
    size_t at = 0;
    for (const struct name_value *v = t; v->name && at + 32 < sizeof want; v++)
        at += (size_t)snprintf(want + at, sizeof want - at, "%s%s", v == t ? "" : "|", v->name);
    rk_encoding_display(RK_ENC_UTF8, f->data, f->len, got, sizeof got);
    spec_finding(L, RK_RULE_SPEC_002, rec, col, want, got);
    return t[0].value;
}

/* Parses an unsigned decimal cell; "-" gives dash_value. */
static unsigned cell_uint(struct loader *L, const struct rk_record *rec, size_t col,
                          unsigned dash_value)
{
    const struct rk_field *f = &rec->fields[col];
    if (cell_is(f, "-"))
        return dash_value;
    unsigned v = 0;
    bool ok = f->len > 0 && f->len <= 9;
    for (size_t i = 0; ok && i < f->len; i++) {
        if (f->data[i] < '0' || f->data[i] > '9')
            ok = false;
        else
            v = v * 10 + (unsigned)(f->data[i] - '0');
    }
    if (!ok) {
        char got[64];
        rk_encoding_display(RK_ENC_UTF8, f->data, f->len, got, sizeof got);
        spec_finding(L, RK_RULE_SPEC_002, rec, col, "integer", got);
    }
    return v;
}

/* ---- reading one table ---- */

/* A comma-separated list of words of t, or "-" for none, as a mask of their values. */
static unsigned cell_mask(struct loader *L, const struct rk_record *rec, size_t col,
                          const struct name_value *t)
{
    const struct rk_field *f = &rec->fields[col];
    if (cell_is(f, "-"))
        return 0;
    unsigned mask = 0;
    for (size_t at = 0; at <= f->len;) {
        const unsigned char *w = f->data + at;
        const unsigned char *comma = memchr(w, ',', f->len - at);
        size_t n = comma ? (size_t)(comma - w) : f->len - at;
        const struct name_value *e = t;
        while (e->name && !(strlen(e->name) == n && memcmp(e->name, w, n) == 0))
            e++;
        if (!e->name) {
            char want[256] = "", got[128];
            size_t wn = 0;
            for (const struct name_value *x = t; x->name && wn + 40 < sizeof want; x++)
                wn += (size_t)snprintf(want + wn, sizeof want - wn, "%s%s", x == t ? "" : "|",
                                       x->name);
            rk_encoding_display(RK_ENC_UTF8, w, n, got, sizeof got);
            spec_finding(L, RK_RULE_SPEC_002, rec, col, want, got);
            return 0;
        }
        mask |= (unsigned)e->value;
        at += n + 1;
    }
    return mask;
}

static int on_row(void *ctx, const struct rk_record *rec)
{
    struct loader *L = ctx;
    if (L->st != RK_OK)
        return 1;
    if (rec->number == 1) {
        bool ok = rec->fields_seen == L->ncols;
        for (size_t i = 0; ok && i < L->ncols; i++)
            ok = cell_is(&rec->fields[i], L->header[i]);
        if (!ok) {
            char want[512] = "";
            size_t at = 0;
            for (size_t i = 0; i < L->ncols && at + 40 < sizeof want; i++)
                at += (size_t)snprintf(want + at, sizeof want - at, "%s%s", i ? "\\t" : "",
                                       L->header[i]);
            spec_finding(L, RK_RULE_SPEC_001, rec, SIZE_MAX, want, NULL);
            return 1; /* the rest cannot be read against an unknown header */
        }
        return 0;
    }
    if (rec->fields_seen != L->ncols) {
        char e[16], a[16];
        snprintf(e, sizeof e, "%zu", L->ncols);
        snprintf(a, sizeof a, "%zu", rec->fields_seen);
        spec_finding(L, RK_RULE_SPEC_001, rec, SIZE_MAX, e, a);
        return 0;
    }
    L->st = L->row(L, rec, L->row_ctx);
    return L->st != RK_OK;
}

static enum rk_status source_read(struct loader *L, const char *rel, unsigned char **data,
                                  size_t *len, bool *owned)
{
    *owned = false;
    if (!L->dir) {
        for (size_t i = 0; i < rk_embedded_specs_count; i++) {
            if (strcmp(rk_embedded_specs[i].path, rel) == 0) {
                *data = (unsigned char *)rk_embedded_specs[i].data;
                *len = rk_embedded_specs[i].len;
                return RK_OK;
            }
        }
        return RK_E_IO;
    }
    char full[1024];
    if ((size_t)snprintf(full, sizeof full, "%s/%s", L->dir, rel) >= sizeof full)
        return RK_E_IO;
    FILE *fp = rk_fopen(full, "r");
    if (!fp)
        return RK_E_IO;
    struct rk_buf b = {.max = MAX_TABLE_BYTES};
    char chunk[65536];
    size_t n;
    enum rk_status st = RK_OK;
    while (st == RK_OK && (n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        st = rk_buf_add(&b, chunk, n);
    if (st == RK_OK && ferror(fp))
        st = RK_E_IO;
    fclose(fp);
    if (st != RK_OK) {
        rk_buf_free(&b);
        return st;
    }
    if (!b.data && rk_buf_add(&b, "", 0) != RK_OK)
        return RK_E_NOMEM;
    *data = (unsigned char *)b.data;
    *len = b.len;
    *owned = true;
    return RK_OK;
}

enum rk_status rk_tables_digest_add(struct rk_sha256 *h, const char *rel, const void *data,
                                    size_t len)
{
    uint64_t n64 = len;
    enum rk_status st = rk_sha256_update(h, rel, strlen(rel) + 1);
    if (st == RK_OK)
        st = rk_sha256_update(h, &n64, sizeof n64);
    if (st == RK_OK)
        st = rk_sha256_update(h, data, len);
    return st;
}

static enum rk_status
read_table(struct loader *L, const char *rel, const char *const *header, size_t ncols,
           enum rk_status (*row)(struct loader *, const struct rk_record *, void *), void *ctx,
           bool optional)
{
    unsigned char *data = NULL;
    size_t len = 0;
    bool owned = false;
    snprintf(L->path, sizeof L->path, "%s%s%s", L->dir ? L->dir : "specs", "/", rel);
    L->em.path = L->path;
    L->missing = false;
    enum rk_status st = source_read(L, rel, &data, &len, &owned);
    if (st == RK_E_NOMEM)
        return st;
    if (st != RK_OK) {
        L->missing = true;
        if (optional)
            return RK_OK;
        spec_finding(L, RK_RULE_SPEC_004, NULL, 0, rel, NULL);
        return RK_OK;
    }
    /* the digest covers every table (rk_specs_sha256: path, size, bytes; the bytes of a
     * directory's table are kept for it) and an imported LIFE version's own digest is taken
     * now */
    struct table_bytes tb = {
        .rel = rk_arena_strndup(L->arena, rel, strlen(rel)), .data = data, .len = len};
    if (owned && tb.rel) {
        unsigned char *copy = rk_arena_alloc(L->arena, len);
        if (copy && len)
            memcpy(copy, data, len);
        tb.data = copy;
    }
    st = tb.rel && tb.data ? rk_buf_add(&L->tables, &tb, sizeof tb) : RK_E_NOMEM;
    if (st == RK_OK && L->vhash)
        st = rk_tables_digest_add(L->vhash, rel, data, len);
    if (st != RK_OK) {
        if (owned)
            rk_free(data);
        return st;
    }
    struct rk_reader_options ro = {
        .encoding = RK_ENC_UTF8,
        .delimiter = '\t',
        .no_quotes = 1,
        .bom_allowed = 1,
        .eol_allowed = RK_EOL_CRLF | RK_EOL_LF,
    };
    struct rk_reader *r = NULL;
    L->header = header;
    L->ncols = ncols;
    L->row = row;
    L->row_ctx = ctx;
    st = rk_reader_new(&r, &ro, L->path, NULL, NULL, on_row, L);
    if (st == RK_OK) {
        rk_reader_set_emitter(r, &L->em);
        st = rk_reader_feed(r, data, len);
        if (st == RK_OK)
            st = rk_reader_finish(r);
        if (st == RK_E_STOPPED)
            st = L->st;
    }
    rk_reader_free(r);
    if (owned)
        rk_free(data);
    if (st == RK_OK)
        st = L->st;
    return st;
}

/* ---- tables ---- */

static const char *const versions_header[] = {"version",        "csv_version", "effective_from",
                                              "filename_style", "encoding",    "citation"};
static const char *const layouts_header[] = {"id",     "name", "month", "items", "sender",
                                             "parent", "keys", "kind",  "rules", "citation"};
static const char *const items_header[] = {"no",    "name",     "type",     "length", "unit",
                                           "width", "required", "format",   "codes",  "sentinel",
                                           "rule",  "role",     "citation", "note"};
static const char *const codes_header[] = {"list", "value", "label", "citation"};
static const char *const types_header[] = {"code", "name", "benefit", "in_scope", "citation"};
static const char *const sends_header[] = {"unit", "members", "optional", "citation", "note"};
static const char *const links_header[] = {"child",       "child_keys", "parent",
                                           "parent_keys", "citation",   "note"};
static const char *const profiles_header[] = {"office", "direction", "layout",
                                              "need",   "citation",  "note"};
static const char *const unique_header[] = {"layout", "items", "citation", "note"};
static const char *const offices_header[] = {"office", "name", "service_type", "citation"};
static const char *const samples_header[] = {"layout", "items", "sample", "note"};
static const char *const unique_header_life[] = {"list", "careplan_list", "citation", "note"};
static const struct name_value needs[] = {{"required", 1}, {"optional", 0}, {NULL, 0}};

/* A growable array of structs in a heap buffer, moved into the arena when complete. */
struct vec {
    struct rk_buf b;
    size_t n;
};

static enum rk_status vec_push(struct vec *v, const void *item, size_t size)
{
    enum rk_status st = rk_buf_add(&v->b, item, size);
    if (st == RK_OK)
        v->n++;
    return st;
}

static void *vec_to_arena(struct loader *L, struct vec *v, size_t size)
{
    void *p = rk_arena_alloc(L->arena, v->n * size);
    if (!p) {
        L->st = RK_E_NOMEM;
    } else if (v->n) {
        memcpy(p, v->b.data, v->n * size);
    }
    rk_buf_free(&v->b);
    return p;
}

struct family_ctx {
    const char *family;
    struct vec versions;
};

static enum rk_status version_row(struct loader *L, const struct rk_record *rec, void *ctx)
{
    struct family_ctx *fc = ctx;
    const struct rk_field *f = rec->fields;
    struct rk_version v = {
        .family = fc->family,
        .version = cell_dup(L, &f[0]),
        .csv_version = cell_dup(L, &f[1]),
        .effective_from = cell_dup(L, &f[2]),
        .style = (enum rk_name_style)cell_enum(L, rec, 3, styles),
        .encoding = (enum rk_encoding)cell_enum(L, rec, 4, encodings),
        .citation = cell_dup(L, &f[5]),
    };
    if (L->st != RK_OK)
        return L->st;
    v.encodings = 1u << v.encoding;
    return vec_push(&fc->versions, &v, sizeof v);
}

static const char *const life_versions_header[] = {"version",      "version_value", "generation",
                                                   "header_lines", "encodings",     "eol",
                                                   "citation",     "note"};
static const char *const life_interfaces_header[] = {"id",   "name",     "parent",
                                                     "keys", "citation", "note"};
static const char *const life_items_header[] = {
    "no",   "id",    "name",   "type", "length", "decimals", "required", "condition",
    "when", "codes", "format", "kana", "role",   "citation", "note"};

static unsigned eol_mask(const struct rk_field *f)
{
    unsigned m = 0;
    const char *cur = NULL;
    char buf[64];
    snprintf(buf, sizeof buf, "%.*s", (int)(f->len < 63 ? f->len : 63), (const char *)f->data);
    cur = buf;
    const char *t;
    size_t n;
    while (rk_list_next(&cur, &t, &n)) {
        if (n == 4 && memcmp(t, "crlf", 4) == 0)
            m |= RK_EOL_CRLF;
        else if (n == 2 && memcmp(t, "cr", 2) == 0)
            m |= RK_EOL_CR;
        else if (n == 2 && memcmp(t, "lf", 2) == 0)
            m |= RK_EOL_LF;
    }
    return m;
}

/* The encodings a comma-separated list names, as a mask of 1u << RK_ENC_*. */
static unsigned encoding_mask(const struct rk_field *f)
{
    unsigned m = 0;
    char buf[64];
    snprintf(buf, sizeof buf, "%.*s", (int)(f->len < 63 ? f->len : 63), (const char *)f->data);
    const char *cur = buf, *t;
    size_t n;
    while (rk_list_next(&cur, &t, &n)) {
        if (n == 5 && memcmp(t, "utf-8", 5) == 0)
            m |= 1u << RK_ENC_UTF8;
        else if (n == 5 && memcmp(t, "cp932", 5) == 0)
            m |= 1u << RK_ENC_CP932;
    }
    return m;
}

static bool hex64(const unsigned char *p, size_t n)
{
    if (n < 64)
        return false;
    for (size_t i = 0; i < 64; i++)
        if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
            return false;
    return true;
}

/* The stamp rk_life_import leaves at the end of a versions.tsv note:
 * "import: sha256=<64 hex> tables=<64 hex> file=<name>". The table digest is kept in
 * import_intact's place until the version's tables are read (load_version compares). */
static void import_stamp(struct loader *L, const struct rk_field *note, struct rk_version *v)
{
    static const char key[] = "import: sha256=";
    const unsigned char *p = note->data, *end = note->data + note->len;
    const unsigned char *at = NULL;
    for (const unsigned char *q = p; q + sizeof key - 1 <= end; q++)
        if (!memcmp(q, key, sizeof key - 1))
            at = q;
    if (!at)
        return;
    at += sizeof key - 1;
    if (!hex64(at, (size_t)(end - at)) || (size_t)(end - at) < 64 + 8 + 64 + 6 ||
        memcmp(at + 64, " tables=", 8) || !hex64(at + 72, (size_t)(end - at - 72)) ||
        memcmp(at + 136, " file=", 6) || at + 142 >= end)
        return;
    v->import_sha256 = rk_arena_strndup(L->arena, (const char *)at, 64);
    v->import_file = rk_arena_strndup(L->arena, (const char *)at + 142, (size_t)(end - at - 142));
    v->import_digest = rk_arena_strndup(L->arena, (const char *)at + 72, 64);
    if (!v->import_sha256 || !v->import_file || !v->import_digest)
        L->st = RK_E_NOMEM;
}

static enum rk_status life_version_row(struct loader *L, const struct rk_record *rec, void *ctx)
{
    struct family_ctx *fc = ctx;
    const struct rk_field *f = rec->fields;
    bool utf8_first = f[4].len >= 5 && memcmp(f[4].data, "utf-8", 5) == 0;
    struct rk_version v = {
        .family = fc->family,
        .version = cell_dup(L, &f[0]),
        .csv_version = cell_opt(L, &f[1]),
        .effective_from = cell_dup(L, &f[0]), /* newest = highest version label */
        .style = RK_STYLE_V4,
        .encoding = utf8_first ? RK_ENC_UTF8 : RK_ENC_CP932,
        .citation = cell_dup(L, &f[6]),
        .header_lines = cell_dup(L, &f[3]),
        .eol_allowed = eol_mask(&f[5]),
        .encodings = encoding_mask(&f[4]),
    };
    if (L->st != RK_OK)
        return L->st;
    if (!(v.encodings & (1u << v.encoding)))
        spec_finding(L, RK_RULE_SPEC_002, rec, 4, "utf-8|cp932", NULL);
    if (!v.eol_allowed)
        spec_finding(L, RK_RULE_SPEC_002, rec, 5, "crlf|cr|lf", NULL);
    import_stamp(L, &f[7], &v);
    return vec_push(&fc->versions, &v, sizeof v);
}

static enum rk_status life_interface_row(struct loader *L, const struct rk_record *rec, void *ctx)
{
    const struct rk_field *f = rec->fields;
    struct rk_layout l = {
        .id = cell_dup(L, &f[0]),
        .name = cell_dup(L, &f[1]),
        .month = RK_MONTH_NONE,
        .sender = "facility",
        .parent = cell_opt(L, &f[2]),
        .keys = cell_opt(L, &f[3]),
        .kind = RK_LK_DATA,
        .citation = cell_dup(L, &f[4]),
    };
    return L->st != RK_OK ? L->st : vec_push(ctx, &l, sizeof l);
}

static enum rk_status layout_row(struct loader *L, const struct rk_record *rec, void *ctx)
{
    struct vec *layouts = ctx;
    const struct rk_field *f = rec->fields;
    struct rk_layout l = {
        .id = cell_dup(L, &f[0]),
        .name = cell_dup(L, &f[1]),
        .month = (enum rk_month_kind)cell_enum(L, rec, 2, months),
        .nitems = cell_uint(L, rec, 3, 0),
        .sender = cell_dup(L, &f[4]),
        .parent = cell_opt(L, &f[5]),
        .keys = cell_opt(L, &f[6]),
        .kind = (enum rk_layout_kind)cell_enum(L, rec, 7, kinds),
        .rules = cell_mask(L, rec, 8, layout_rules),
        .citation = cell_dup(L, &f[9]),
    };
    if (L->st != RK_OK)
        return L->st;
    return vec_push(layouts, &l, sizeof l);
}

struct codes_ctx {
    struct vec lists;  /* struct rk_code_list, codes pointing into the arena later */
    struct vec codes;  /* struct rk_code with list index in label slot order */
    struct vec owners; /* size_t: list index of each code */
};

static enum rk_status code_row(struct loader *L, const struct rk_record *rec, void *ctx)
{
    struct codes_ctx *cc = ctx;
    const struct rk_field *f = rec->fields;
    size_t idx = cc->lists.n;
    struct rk_code_list *lists = (struct rk_code_list *)cc->lists.b.data;
    for (size_t i = 0; i < cc->lists.n; i++)
        if (cell_is(&f[0], lists[i].id))
            idx = i;
    enum rk_status st;
    if (idx == cc->lists.n) {
        struct rk_code_list cl = {.id = cell_dup(L, &f[0])};
        if (L->st != RK_OK)
            return L->st;
        if ((st = vec_push(&cc->lists, &cl, sizeof cl)) != RK_OK)
            return st;
    }
    struct rk_code c = {.value = cell_dup(L, &f[1]), .label = cell_dup(L, &f[2])};
    if (L->st != RK_OK)
        return L->st;
    if ((st = vec_push(&cc->codes, &c, sizeof c)) != RK_OK)
        return st;
    return vec_push(&cc->owners, &idx, sizeof idx);
}

static enum rk_status type_row(struct loader *L, const struct rk_record *rec, void *ctx)
{
    struct vec *types_vec = ctx;
    const struct rk_field *f = rec->fields;
    struct rk_service_type t = {
        .code = cell_dup(L, &f[0]),
        .name = cell_dup(L, &f[1]),
        .benefit = cell_dup(L, &f[2]),
        .in_scope = cell_enum(L, rec, 3, yesno),
        .citation = cell_dup(L, &f[4]),
    };
    if (L->st != RK_OK)
        return L->st;
    return vec_push(types_vec, &t, sizeof t);
}

static enum rk_status send_row(struct loader *L, const struct rk_record *rec, void *ctx)
{
    const struct rk_field *f = rec->fields;
    struct rk_send_unit u = {.id = cell_dup(L, &f[0]),
                             .members = cell_dup(L, &f[1]),
                             .optional = cell_opt(L, &f[2]),
                             .citation = cell_dup(L, &f[3])};
    return L->st != RK_OK ? L->st : vec_push(ctx, &u, sizeof u);
}

static enum rk_status link_row(struct loader *L, const struct rk_record *rec, void *ctx)
{
    const struct rk_field *f = rec->fields;
    struct rk_link k = {.child = cell_dup(L, &f[0]),
                        .child_keys = cell_dup(L, &f[1]),
                        .parent = cell_dup(L, &f[2]),
                        .parent_keys = cell_dup(L, &f[3]),
                        .citation = cell_dup(L, &f[4])};
    return L->st != RK_OK ? L->st : vec_push(ctx, &k, sizeof k);
}

static enum rk_status office_row(struct loader *L, const struct rk_record *rec, void *ctx)
{
    const struct rk_field *f = rec->fields;
    struct rk_office_type o = {.office = cell_dup(L, &f[0]),
                               .name = cell_dup(L, &f[1]),
                               .service_type = cell_opt(L, &f[2]),
                               .citation = cell_dup(L, &f[3])};
    return L->st != RK_OK ? L->st : vec_push(ctx, &o, sizeof o);
}

const struct rk_office_type *rk_version_office(const struct rk_version *v, const char *office,
                                               size_t len)
{
    for (size_t i = 0; i < v->noffices; i++)
        if (strlen(v->offices[i].office) == len && memcmp(v->offices[i].office, office, len) == 0)
            return &v->offices[i];
    return NULL;
}

static enum rk_status profile_row(struct loader *L, const struct rk_record *rec, void *ctx)
{
    const struct rk_field *f = rec->fields;
    struct rk_profile_row p = {.office = cell_dup(L, &f[0]),
                               .direction = cell_dup(L, &f[1]),
                               .layout = cell_dup(L, &f[2]),
                               .required = cell_enum(L, rec, 3, needs),
                               .citation = cell_dup(L, &f[4])};
    return L->st != RK_OK ? L->st : vec_push(ctx, &p, sizeof p);
}

static enum rk_status unique_row(struct loader *L, const struct rk_record *rec, void *ctx)
{
    const struct rk_field *f = rec->fields;
    struct rk_item_list u = {
        .layout = cell_dup(L, &f[0]), .items = cell_dup(L, &f[1]), .citation = cell_dup(L, &f[2])};
    return L->st != RK_OK ? L->st : vec_push(ctx, &u, sizeof u);
}

bool rk_list_next(const char **cursor, const char **tok, size_t *len)
{
    const char *p = *cursor;
    if (!p || !*p)
        return false;
    const char *comma = strchr(p, ',');
    *tok = p;
    *len = comma ? (size_t)(comma - p) : strlen(p);
    *cursor = comma ? comma + 1 : p + *len;
    return true;
}

/* SPEC-003 on a version's table: what a rule needs (expected) is missing for `what`. */
static void need(struct loader *L, const struct rk_version *v, const char *table,
                 const char *expected, const char *what)
{
    snprintf(L->path, sizeof L->path, "%s/%s/%s/%s", L->dir ? L->dir : "specs", v->family,
             v->version, table);
    L->em.path = L->path;
    spec_finding(L, RK_RULE_SPEC_003, NULL, 0, expected, what);
}

/* What an entry of a comma list of a table names: a layout of the version, or an office type
 * of its offices.tsv (checked when the version has one). */
enum ref_kind { REF_LAYOUT, REF_OFFICE };

/* Every entry of a comma list names what it should (SPEC-003 on the table for each that does
 * not). */
static void check_refs(struct loader *L, const struct rk_version *v, const char *table,
                       const char *list, enum ref_kind kind)
{
    const char *cur = list, *t;
    size_t n;
    while (rk_list_next(&cur, &t, &n)) {
        char id[64];
        snprintf(id, sizeof id, "%.*s", (int)(n < 63 ? n : 63), t);
        bool known = kind == REF_OFFICE ? !v->noffices || rk_version_office(v, t, n)
                                        : rk_version_layout(v, id) != NULL;
        if (!known)
            need(L, v, table,
                 kind == REF_OFFICE ? "office type in offices.tsv" : "layout in layouts.tsv", id);
    }
}

/* A row of samples.tsv: the kind goes onto the layout's items it lists (or, for `several`
 * with items "-", onto the layout). */
static enum rk_status sample_row(struct loader *L, const struct rk_record *rec, void *ctx)
{
    struct rk_version *v = ctx;
    const struct rk_field *f = rec->fields;
    struct rk_layout *l = NULL;
    for (size_t i = 0; i < v->nlayouts && !l; i++)
        if (cell_is(&f[0], v->layouts[i].id))
            l = &v->layouts[i];
    int kind = cell_enum(L, rec, 2, sample_kinds);
    if (L->st != RK_OK)
        return L->st;
    char got[128];
    if (!l || l->kind == RK_LK_IMAGE) {
        rk_encoding_display(RK_ENC_UTF8, f[0].data, f[0].len, got, sizeof got);
        spec_finding(L, RK_RULE_SPEC_003, rec, 0, "layout with items in layouts.tsv", got);
        return RK_OK;
    }
    if ((kind < 0) != cell_is(&f[1], "-")) {
        spec_finding(L, RK_RULE_SPEC_002, rec, 1, kind < 0 ? "-" : "item Nos.", NULL);
        return RK_OK;
    }
    if (kind < 0) {
        l->several = 1;
        return RK_OK;
    }
    char *items = cell_dup(L, &f[1]);
    const char *cur = items, *t;
    size_t n;
    while (items && rk_list_next(&cur, &t, &n)) {
        unsigned no = 0;
        bool ok = n > 0 && n <= 4;
        for (size_t i = 0; ok && i < n; i++) {
            ok = t[i] >= '0' && t[i] <= '9';
            no = no * 10 + (unsigned)(t[i] - '0');
        }
        if (!ok || no == 0 || no > l->nitems) {
            snprintf(got, sizeof got, "%.*s", (int)(n < 32 ? n : 32), t);
            spec_finding(L, RK_RULE_SPEC_003, rec, 1, "item No. of the layout", got);
            continue;
        }
        l->items[no - 1].sample = (enum rk_sample_kind)kind;
    }
    return L->st;
}

struct items_ctx {
    struct rk_version *version;
    struct vec items;
};

static const struct rk_code_list *find_list(const struct rk_version *v, const struct rk_field *f)
{
    for (size_t i = 0; i < v->nlists; i++)
        if (cell_is(f, v->lists[i].id))
            return &v->lists[i];
    return NULL;
}

/* What every item table row needs: its code list resolved (column codes_col), its No. in
 * sequence; then it joins the layout's items. */
static enum rk_status item_push(struct loader *L, const struct rk_record *rec, struct items_ctx *ic,
                                struct rk_item *it, size_t codes_col)
{
    const struct rk_field *f = &rec->fields[codes_col];
    if (!cell_is(f, "-")) {
        it->codes = find_list(ic->version, f);
        if (!it->codes) {
            char got[128];
            rk_encoding_display(RK_ENC_UTF8, f->data, f->len, got, sizeof got);
            spec_finding(L, RK_RULE_SPEC_003, rec, codes_col, "codes.tsv list", got);
        }
    }
    if (it->no != ic->items.n + 1) {
        char e[16], a[16];
        snprintf(e, sizeof e, "%zu", ic->items.n + 1);
        snprintf(a, sizeof a, "%u", it->no);
        spec_finding(L, RK_RULE_SPEC_001, rec, 0, e, a);
    }
    return vec_push(&ic->items, it, sizeof *it);
}

static enum rk_status item_row(struct loader *L, const struct rk_record *rec, void *ctx)
{
    struct items_ctx *ic = ctx;
    const struct rk_field *f = rec->fields;
    struct rk_item it = {
        .no = cell_uint(L, rec, 0, 0),
        .name = cell_dup(L, &f[1]),
        .type = (enum rk_item_type)cell_enum(L, rec, 2, types),
        .length = cell_uint(L, rec, 3, 0),
        .unit = (enum rk_unit)cell_enum(L, rec, 4, units),
        .width = (enum rk_width)cell_enum(L, rec, 5, widths),
        .required = (enum rk_required)cell_enum(L, rec, 6, requireds),
        .format = (enum rk_format)cell_enum(L, rec, 7, formats),
        .sentinel = cell_opt(L, &f[9]),
        .rule = (enum rk_item_rule)cell_enum(L, rec, 10, item_rules),
        .role = (enum rk_item_role)cell_enum(L, rec, 11, roles),
        .citation = cell_dup(L, &f[12]),
        .note = cell_dup(L, &f[13]),
    };
    if (L->st != RK_OK)
        return L->st;
    if ((it.length == 0) != (it.unit == RK_U_NONE))
        spec_finding(L, RK_RULE_SPEC_002, rec, 4, "unit '-' exactly when length '-'", NULL);
    return item_push(L, rec, ic, &it, 8);
}

static enum rk_status life_item_row(struct loader *L, const struct rk_record *rec, void *ctx);
static enum rk_status load_life_layouts(struct loader *L, struct rk_version *v);

static enum rk_status load_version_tables(struct loader *L, struct rk_version *v);

/* Reads a version's tables; for an imported LIFE version, also whether they are still what
 * the import wrote (the digest in the versions.tsv stamp). */
static enum rk_status load_version(struct loader *L, struct rk_version *v)
{
    if (!v->import_digest)
        return load_version_tables(L, v);
    L->vhash = rk_sha256_new();
    if (!L->vhash)
        return RK_E_NOMEM;
    enum rk_status st = load_version_tables(L, v);
    char hex[65];
    if (st == RK_OK)
        st = rk_sha256_final(L->vhash, hex);
    if (st == RK_OK)
        v->import_intact = strcmp(hex, v->import_digest) == 0;
    rk_sha256_free(L->vhash);
    L->vhash = NULL;
    return st;
}

/* Every role and code list the rules of l (its layouts.tsv `rules`, its items' `rule`) need
 * is in the tables: a renamed or dropped role is a SPEC-003 naming it, never a rule that
 * silently stops applying. */
static void check_roles(struct loader *L, const struct rk_version *v, const struct rk_layout *l)
{
    static const struct {
        unsigned rules;          /* RK_LR_* that need it, or 0 */
        enum rk_item_rule irule; /* or an item rule that needs it */
        enum rk_item_role role;  /* the role needed, or RK_ROLE_NONE */
        const char *list;        /* the code list needed, or NULL */
    } needs_of[] = {
        {RK_LR_TOTALS | RK_LR_DETAIL_NO | RK_LR_PLAN_COUNTS | RK_LR_BENEFIT_COUNTS | RK_LR_RELATED,
         RK_R_NONE, RK_ROLE_INSURER, NULL},
        {RK_LR_TOTALS | RK_LR_DETAIL_NO | RK_LR_PLAN_COUNTS | RK_LR_BENEFIT_COUNTS | RK_LR_RELATED,
         RK_R_NONE, RK_ROLE_INSURED, NULL},
        {RK_LR_TOTALS | RK_LR_DETAIL_NO | RK_LR_PLAN_COUNTS | RK_LR_BENEFIT_COUNTS, RK_R_NONE,
         RK_ROLE_MONTH, NULL},
        {RK_LR_TOTALS | RK_LR_DETAIL_NO | RK_LR_PLAN_COUNTS | RK_LR_BENEFIT_COUNTS | RK_LR_RELATED,
         RK_R_TOTAL_ROW, RK_ROLE_OFFICE, NULL},
        {RK_LR_TOTALS | RK_LR_DETAIL_NO | RK_LR_PLAN_COUNTS | RK_LR_BENEFIT_COUNTS, RK_R_NONE,
         RK_ROLE_SERVICE_CODE, NULL},
        {RK_LR_TOTALS, RK_R_NONE, RK_ROLE_SUM, NULL},
        {RK_LR_DETAIL_NO, RK_R_NONE, RK_ROLE_UNITS, NULL},
        {RK_LR_DETAIL_NO, RK_R_NONE, RK_ROLE_DETAIL_NO, NULL},
        {RK_LR_PLAN_COUNTS | RK_LR_BENEFIT_COUNTS, RK_R_NONE, RK_ROLE_COUNT, NULL},
        {0, RK_R_TOTAL_ROW, RK_ROLE_UNITS, NULL},
        {0, RK_R_TOTAL_ROW, RK_ROLE_RATE, NULL},
        {0, RK_R_TOTAL_ROW, RK_ROLE_DISCOUNTED_UNITS, NULL},
        {RK_LR_TOTALS | RK_LR_BENEFIT_COUNTS, RK_R_TOTAL_ROW, RK_ROLE_NONE, "total_grand"},
        {RK_LR_TOTALS | RK_LR_BENEFIT_COUNTS, RK_R_TOTAL_ROW, RK_ROLE_NONE, "total_limit"},
        {RK_LR_TOTALS | RK_LR_BENEFIT_COUNTS, RK_R_TOTAL_ROW, RK_ROLE_NONE, "total_other"},
        {RK_LR_DETAIL_NO, RK_R_DETAIL_NO_17, RK_ROLE_NONE, "detail_type"},
        {0, RK_R_TAIS_OR_NOTIFY, RK_ROLE_NONE, "tais_type"},
    };
    for (size_t i = 0; i < sizeof needs_of / sizeof needs_of[0]; i++) {
        bool needed = (l->rules & needs_of[i].rules) != 0;
        for (size_t j = 0; !needed && needs_of[i].irule != RK_R_NONE && j < l->nitems; j++)
            needed = l->items[j].rule == needs_of[i].irule;
        if (!needed)
            continue;
        char e[96];
        if (needs_of[i].list && !rk_version_list(v, needs_of[i].list)) {
            snprintf(e, sizeof e, "codes.tsv list %s", needs_of[i].list);
            need(L, v, "codes.tsv", e, l->id);
        } else if (needs_of[i].role != RK_ROLE_NONE && !rk_layout_role(l, needs_of[i].role)) {
            snprintf(e, sizeof e, "an item of role %s", name_of(roles, (int)needs_of[i].role));
            need(L, v, "layouts.tsv", e, l->id);
        }
    }
}

static int cmp_list_id(const void *a, const void *b)
{
    const struct rk_code_list *const *x = a, *const *y = b;
    return strcmp((*x)->id, (*y)->id);
}

static enum rk_status load_version_tables(struct loader *L, struct rk_version *v)
{
    char rel[256];
    enum rk_status st;

    /* code lists */
    struct codes_ctx cc;
    memset(&cc, 0, sizeof cc);
    snprintf(rel, sizeof rel, "%s/%s/codes.tsv", v->family, v->version);
    st = read_table(L, rel, codes_header, 4, code_row, &cc, true);
    if (st == RK_OK) {
        struct rk_code *codes = vec_to_arena(L, &cc.codes, sizeof(struct rk_code));
        size_t ncodes = cc.owners.n;
        size_t *owners = (size_t *)cc.owners.b.data;
        v->nlists = cc.lists.n;
        v->lists = vec_to_arena(L, &cc.lists, sizeof(struct rk_code_list));
        if (L->st == RK_OK) {
            /* group codes per list, keeping table order */
            for (size_t li = 0; li < v->nlists; li++) {
                size_t n = 0;
                for (size_t i = 0; i < ncodes; i++)
                    n += owners[i] == li;
                v->lists[li].codes = rk_arena_alloc(L->arena, n * sizeof(struct rk_code));
                if (!v->lists[li].codes) {
                    L->st = RK_E_NOMEM;
                    break;
                }
                for (size_t i = 0; i < ncodes; i++)
                    if (owners[i] == li)
                        v->lists[li].codes[v->lists[li].ncodes++] = codes[i];
            }
        }
        if (L->st == RK_OK && v->nlists) {
            v->lists_by_id = rk_arena_alloc(L->arena, v->nlists * sizeof *v->lists_by_id);
            if (!v->lists_by_id) {
                L->st = RK_E_NOMEM;
            } else {
                for (size_t li = 0; li < v->nlists; li++)
                    v->lists_by_id[li] = &v->lists[li];
                qsort(v->lists_by_id, v->nlists, sizeof *v->lists_by_id, cmp_list_id);
                v->total_grand = rk_version_list(v, "total_grand");
                v->total_limit = rk_version_list(v, "total_limit");
                v->total_other = rk_version_list(v, "total_other");
                v->tais_type = rk_version_list(v, "tais_type");
                v->detail_type = rk_version_list(v, "detail_type");
            }
        }
        st = L->st;
    } else {
        rk_buf_free(&cc.lists.b);
        rk_buf_free(&cc.codes.b);
    }
    rk_buf_free(&cc.owners.b);
    if (st != RK_OK)
        return st;

    if (rk_family_of(v)->schema == RK_TABLES_INTERFACES)
        return load_life_layouts(L, v);

    /* service types */
    struct vec tv = {.n = 0};
    snprintf(rel, sizeof rel, "%s/%s/service_types.tsv", v->family, v->version);
    st = read_table(L, rel, types_header, 5, type_row, &tv, true);
    v->ntypes = tv.n;
    v->types = vec_to_arena(L, &tv, sizeof(struct rk_service_type));
    if (st != RK_OK || L->st != RK_OK)
        return st != RK_OK ? st : L->st;

    /* layouts and their items */
    struct vec lv = {.n = 0};
    snprintf(rel, sizeof rel, "%s/%s/layouts.tsv", v->family, v->version);
    st = read_table(L, rel, layouts_header, 10, layout_row, &lv, false);
    v->nlayouts = lv.n;
    v->layouts = vec_to_arena(L, &lv, sizeof(struct rk_layout));
    if (st != RK_OK || L->st != RK_OK)
        return st != RK_OK ? st : L->st;
    /* send units, links, office profiles, unique keys (optional tables) */
    struct vec sv = {.n = 0}, kv = {.n = 0}, pv = {.n = 0}, uv = {.n = 0}, mv = {.n = 0},
               ov = {.n = 0};
    snprintf(rel, sizeof rel, "%s/%s/sends.tsv", v->family, v->version);
    st = read_table(L, rel, sends_header, 5, send_row, &sv, true);
    snprintf(rel, sizeof rel, "%s/%s/offices.tsv", v->family, v->version);
    if (st == RK_OK)
        st = read_table(L, rel, offices_header, 4, office_row, &ov, true);
    snprintf(rel, sizeof rel, "%s/%s/links.tsv", v->family, v->version);
    if (st == RK_OK)
        st = read_table(L, rel, links_header, 6, link_row, &kv, true);
    snprintf(rel, sizeof rel, "%s/%s/profiles.tsv", v->family, v->version);
    if (st == RK_OK)
        st = read_table(L, rel, profiles_header, 6, profile_row, &pv, true);
    snprintf(rel, sizeof rel, "%s/%s/unique.tsv", v->family, v->version);
    if (st == RK_OK)
        st = read_table(L, rel, unique_header, 4, unique_row, &uv, true);
    snprintf(rel, sizeof rel, "%s/%s/match.tsv", v->family, v->version);
    if (st == RK_OK)
        st = read_table(L, rel, unique_header, 4, unique_row, &mv, true);
    v->nsends = sv.n;
    v->sends = vec_to_arena(L, &sv, sizeof(struct rk_send_unit));
    v->nlinks = kv.n;
    v->links = vec_to_arena(L, &kv, sizeof(struct rk_link));
    v->nprofile = pv.n;
    v->profile = vec_to_arena(L, &pv, sizeof(struct rk_profile_row));
    v->nunique = uv.n;
    v->unique = vec_to_arena(L, &uv, sizeof(struct rk_item_list));
    v->nmatch = mv.n;
    v->match = vec_to_arena(L, &mv, sizeof(struct rk_item_list));
    v->noffices = ov.n;
    v->offices = vec_to_arena(L, &ov, sizeof(struct rk_office_type));
    if (st != RK_OK || L->st != RK_OK)
        return st != RK_OK ? st : L->st;
    for (size_t i = 0; i < v->nsends; i++) {
        check_refs(L, v, "sends.tsv", v->sends[i].members, REF_LAYOUT);
        check_refs(L, v, "sends.tsv", v->sends[i].optional, REF_LAYOUT);
    }
    for (size_t i = 0; i < v->nlinks; i++) {
        check_refs(L, v, "links.tsv", v->links[i].child, REF_LAYOUT);
        check_refs(L, v, "links.tsv", v->links[i].parent, REF_LAYOUT);
    }
    for (size_t i = 0; i < v->nprofile; i++) {
        check_refs(L, v, "profiles.tsv", v->profile[i].layout, REF_LAYOUT);
        check_refs(L, v, "profiles.tsv", v->profile[i].office, REF_OFFICE);
    }
    for (size_t i = 0; i < v->nlayouts; i++)
        check_refs(L, v, "layouts.tsv", v->layouts[i].sender, REF_OFFICE);
    for (size_t i = 0; i < v->nunique; i++)
        check_refs(L, v, "unique.tsv", v->unique[i].layout, REF_LAYOUT);
    for (size_t i = 0; i < v->nmatch; i++)
        check_refs(L, v, "match.tsv", v->match[i].layout, REF_LAYOUT);

    for (size_t i = 0; i < v->nlayouts; i++) {
        struct rk_layout *l = &v->layouts[i];
        l->version = v;
        if (l->kind == RK_LK_IMAGE)
            continue;
        struct items_ctx ic = {.version = v};
        snprintf(rel, sizeof rel, "%s/%s/%s.tsv", v->family, v->version, l->id);
        st = read_table(L, rel, items_header, 14, item_row, &ic, false);
        size_t n = ic.items.n;
        l->items = vec_to_arena(L, &ic.items, sizeof(struct rk_item));
        if (st != RK_OK || L->st != RK_OK)
            return st != RK_OK ? st : L->st;
        if (n != l->nitems && !L->missing) {
            char e[16], a[16];
            snprintf(e, sizeof e, "%zu", l->nitems);
            snprintf(a, sizeof a, "%zu", n);
            snprintf(L->path, sizeof L->path, "%s/%s", L->dir ? L->dir : "specs", rel);
            spec_finding(L, RK_RULE_SPEC_003, NULL, 0, e, a);
        }
        l->nitems = n;
        check_roles(L, v, l);
    }
    /* what renkei sample writes (optional: a copy of the tables without it still checks) */
    snprintf(rel, sizeof rel, "%s/%s/samples.tsv", v->family, v->version);
    st = read_table(L, rel, samples_header, 4, sample_row, v, true);
    if (st != RK_OK || L->st != RK_OK)
        return st != RK_OK ? st : L->st;
    if (v->ntypes && !rk_version_list(v, "care_management_type"))
        need(L, v, "layouts.tsv", "codes.tsv list care_management_type (service types in names)",
             NULL);
    return RK_OK;
}

static enum rk_status life_item_row(struct loader *L, const struct rk_record *rec, void *ctx)
{
    struct items_ctx *ic = ctx;
    const struct rk_field *f = rec->fields;
    struct rk_item it = {
        .no = cell_uint(L, rec, 0, 0),
        .key = cell_dup(L, &f[1]),
        .name = cell_dup(L, &f[2]),
        .type = (enum rk_item_type)cell_enum(L, rec, 3, life_types),
        .length = cell_uint(L, rec, 4, 0),
        .decimals = cell_uint(L, rec, 5, 0),
        .required = (enum rk_required)cell_enum(L, rec, 6, life_required),
        .condition = cell_opt(L, &f[7]),
        .when = cell_opt(L, &f[8]),
        .format = (enum rk_format)cell_enum(L, rec, 10, life_formats),
        .halfwidth_kana = cell_enum(L, rec, 11, life_kana),
        .role = (enum rk_item_role)cell_enum(L, rec, 12, life_roles),
        .citation = cell_dup(L, &f[13]),
        .note = cell_dup(L, &f[14]),
    };
    if (L->st != RK_OK)
        return L->st;
    it.unit = it.length ? RK_U_CHARS : RK_U_NONE;
    it.width = it.length ? RK_W_MAX : RK_W_NONE;
    if (cell_is(&f[3], "number"))
        it.format = RK_F_NUMBER;
    if (it.when && it.required != RK_REQ_COND)
        spec_finding(L, RK_RULE_SPEC_001, rec, 8, "- (when only for required = cond)", it.when);
    return item_push(L, rec, ic, &it, 9);
}

int rk_when_next(const char **cursor, struct rk_when_term *t)
{
    const char *p = *cursor;
    if (!p || !*p)
        return 0;
    size_t n = strcspn(p, "&");
    const char *eq = memchr(p, '=', n);
    memset(t, 0, sizeof *t);
    t->id = p;
    t->id_len = eq ? (size_t)(eq - p) : n;
    if (eq) {
        t->vals = eq + 1;
        t->vals_len = n - t->id_len - 1;
    }
    *cursor = p[n] ? p + n + 1 : p + n;
    if (t->id_len == 0 || (p[n] == '&' && !p[n + 1]))
        return -1;
    for (size_t i = 0; i < t->id_len; i++)
        if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
            return -1;
    bool digit = false; /* each value: one or more digits, separated by single '|' */
    for (size_t i = 0; eq && i < t->vals_len; i++) {
        if (t->vals[i] >= '0' && t->vals[i] <= '9')
            digit = true;
        else if (t->vals[i] == '|' && digit)
            digit = false;
        else
            return -1;
    }
    return eq && !digit ? -1 : 1;
}

const struct rk_item *rk_layout_item(const struct rk_layout *l, const void *key, size_t n)
{
    for (size_t i = 0; i < l->nitems; i++)
        if (l->items[i].key && strlen(l->items[i].key) == n && memcmp(l->items[i].key, key, n) == 0)
            return &l->items[i];
    return NULL;
}

/* Every `when` of l is well formed and names items of l (a ● condition on another item). */
static void check_whens(struct loader *L, const struct rk_layout *l, const char *rel)
{
    for (size_t i = 0; i < l->nitems; i++) {
        const char *cur = l->items[i].when;
        struct rk_when_term t;
        int r;
        while ((r = rk_when_next(&cur, &t)) > 0 && rk_layout_item(l, t.id, t.id_len))
            ;
        if (r != 0) {
            char e[96];
            snprintf(e, sizeof e, "items of %s joined by & (No.%u)", l->id, l->items[i].no);
            snprintf(L->path, sizeof L->path, "%s/%s", L->dir ? L->dir : "specs", rel);
            L->em.path = L->path;
            spec_finding(L, RK_RULE_SPEC_003, NULL, 0, e, l->items[i].when);
        }
    }
}

/* The Nos. of l's items of the roles, in that order, as "1,2,5" in the arena (a role no item
 * has is left out when optional, else NULL). */
static const char *nos_of_roles(struct loader *L, const struct rk_layout *l,
                                const enum rk_item_role *want, size_t n, enum rk_item_role optional)
{
    char buf[256];
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        const struct rk_item *it = rk_layout_role(l, want[i]);
        if (!it && want[i] == optional)
            continue;
        if (!it || at + 8 >= sizeof buf)
            return NULL;
        at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%u", at ? "," : "", it->no);
    }
    return rk_arena_strndup(L->arena, buf, at);
}

/* Item IDs "a,b,c" of l as item Nos. "1,2,5" in the arena; NULL when one is missing. */
static const char *nos_of(struct loader *L, const struct rk_layout *l, const char *ids)
{
    char buf[256];
    size_t at = 0;
    const char *cur = ids, *t;
    size_t n;
    while (rk_list_next(&cur, &t, &n)) {
        const struct rk_item *it = rk_layout_item(l, t, n);
        if (!it || at + 8 >= sizeof buf)
            return NULL;
        at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%u", at ? "," : "", it->no);
    }
    return rk_arena_strndup(L->arena, buf, at);
}

/* LIFE: interfaces with their item tables; links to the parent interface and the record keys
 * are derived from interfaces.tsv (specs/life/README.md, "Links between files"). */
static enum rk_status load_life_layouts(struct loader *L, struct rk_version *v)
{
    char rel[256];
    struct vec lv = {.n = 0};
    snprintf(rel, sizeof rel, "%s/%s/interfaces.tsv", v->family, v->version);
    enum rk_status st =
        read_table(L, rel, life_interfaces_header, 6, life_interface_row, &lv, true);
    v->nlayouts = lv.n;
    v->layouts = vec_to_arena(L, &lv, sizeof(struct rk_layout));
    if (st != RK_OK || L->st != RK_OK)
        return st != RK_OK ? st : L->st;
    for (size_t i = 0; i < v->nlayouts; i++) {
        struct rk_layout *l = &v->layouts[i];
        l->version = v;
        struct items_ctx ic = {.version = v};
        snprintf(rel, sizeof rel, "%s/%s/%s.tsv", v->family, v->version, l->id);
        st = read_table(L, rel, life_items_header, 15, life_item_row, &ic, false);
        l->nitems = ic.items.n;
        l->items = vec_to_arena(L, &ic.items, sizeof(struct rk_item));
        if (st != RK_OK || L->st != RK_OK)
            return st != RK_OK ? st : L->st;
        check_whens(L, l, rel);
    }
    struct vec cv = {.n = 0};
    snprintf(rel, sizeof rel, "%s/%s/collisions.tsv", v->family, v->version);
    st = read_table(L, rel, unique_header_life, 4, unique_row, &cv, true);
    v->ncollisions = cv.n;
    v->collisions = vec_to_arena(L, &cv, sizeof(struct rk_item_list));
    if (st != RK_OK || L->st != RK_OK)
        return st != RK_OK ? st : L->st;
    /* links (form -> parent by the keys) and record keys (external_system_management_number) */
    v->links = rk_arena_alloc(L->arena, (v->nlayouts ? v->nlayouts : 1) * sizeof *v->links);
    v->unique = rk_arena_alloc(L->arena, (v->nlayouts ? v->nlayouts : 1) * sizeof *v->unique);
    if (!v->links || !v->unique)
        return RK_E_NOMEM;
    for (size_t i = 0; i < v->nlayouts; i++) {
        const struct rk_layout *l = &v->layouts[i];
        if (l->parent && l->keys) {
            const struct rk_layout *p = rk_version_layout(v, l->parent);
            const char *ck = nos_of(L, l, l->keys), *pk = p ? nos_of(L, p, l->keys) : NULL;
            if (!p || !ck || !pk) {
                snprintf(L->path, sizeof L->path, "%s/%s/%s/interfaces.tsv",
                         L->dir ? L->dir : "specs", v->family, v->version);
                L->em.path = L->path;
                spec_finding(L, RK_RULE_SPEC_003, NULL, 0, "parent and key items", l->id);
            } else {
                v->links[v->nlinks++] = (struct rk_link){l->id, ck, p->id, pk, l->citation};
            }
        }
        /* one record per key: the office, service type and record key (and detail number) */
        static const enum rk_item_role key_roles[] = {RK_ROLE_OFFICE, RK_ROLE_SERVICE_TYPE,
                                                      RK_ROLE_RECORD_KEY, RK_ROLE_DETAIL_KEY};
        const char *nos = nos_of_roles(L, l, key_roles, 4, RK_ROLE_DETAIL_KEY);
        if (nos)
            v->unique[v->nunique++] = (struct rk_item_list){l->id, nos, l->citation};
    }
    return L->st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The families whose tables this loader knows how to read: those of family.c (struct
 * rk_family names the schema of their tables). Other directories in specs/ are not loaded. */
static bool known_family(const char *name, size_t n)
{
    for (size_t i = 0; rk_family_at(i); i++)
        if (strlen(rk_family_at(i)->name) == n && memcmp(rk_family_at(i)->name, name, n) == 0)
            return true;
    return false;
}

/* Lists the families: directories holding a versions.tsv. */
static enum rk_status list_families(struct loader *L, char ***out, size_t *n)
{
    struct vec names = {.n = 0};
    enum rk_status st = RK_OK;
    if (!L->dir) {
        for (size_t i = 0; i < rk_embedded_specs_count && st == RK_OK; i++) {
            const char *p = rk_embedded_specs[i].path;
            const char *slash = strchr(p, '/');
            if (!slash || strcmp(slash, "/versions.tsv") != 0 ||
                !known_family(p, (size_t)(slash - p)))
                continue;
            char *name = rk_arena_strndup(L->arena, p, (size_t)(slash - p));
            st = name ? vec_push(&names, &name, sizeof name) : RK_E_NOMEM;
        }
    } else {
        struct rk_os_dir *d = rk_os_dir_open(L->dir);
        if (!d)
            return RK_E_IO;
        const char *e;
        while (st == RK_OK && (e = rk_os_dir_next(d)) != NULL) {
            if (e[0] == '.' || !known_family(e, strlen(e)))
                continue;
            char probe[1024];
            if ((size_t)snprintf(probe, sizeof probe, "%s/%s/versions.tsv", L->dir, e) >=
                sizeof probe)
                continue;
            FILE *fp = rk_fopen(probe, "r");
            if (!fp)
                continue;
            fclose(fp);
            char *name = rk_arena_strndup(L->arena, e, strlen(e));
            st = name ? vec_push(&names, &name, sizeof name) : RK_E_NOMEM;
        }
        rk_os_dir_close(d);
    }
    if (st != RK_OK) {
        rk_buf_free(&names.b);
        return st;
    }
    *n = names.n;
    *out = vec_to_arena(L, &names, sizeof(char *));
    if (!*out)
        return RK_E_NOMEM;
    qsort(*out, *n, sizeof(char *), cmp_str);
    return RK_OK;
}

static enum rk_status load(struct rk_specs **out, const char *dir, rk_sink_fn sink, void *ctx)
{
    *out = NULL;
    struct loader L = {.dir = dir};
    L.em.sink = sink;
    L.em.ctx = ctx;
    struct rk_specs *s = rk_calloc(1, sizeof *s);
    if (!s)
        return RK_E_NOMEM;
    s->arena = rk_arena_new();
    L.specs = s;
    L.arena = s->arena;
    enum rk_status st = s->arena ? RK_OK : RK_E_NOMEM;
    char **families = NULL;
    size_t nfam = 0;
    if (st == RK_OK)
        st = list_families(&L, &families, &nfam);
    struct vec all = {.n = 0};
    for (size_t fi = 0; st == RK_OK && fi < nfam; fi++) {
        struct family_ctx fc = {.family = families[fi]};
        char rel[256];
        snprintf(rel, sizeof rel, "%s/versions.tsv", families[fi]);
        if (rk_family_find(families[fi])->schema == RK_TABLES_INTERFACES)
            st = read_table(&L, rel, life_versions_header, 8, life_version_row, &fc, false);
        else
            st = read_table(&L, rel, versions_header, 6, version_row, &fc, false);
        struct rk_version *vs = (struct rk_version *)fc.versions.b.data;
        for (size_t i = 0; st == RK_OK && i < fc.versions.n; i++)
            st = vec_push(&all, &vs[i], sizeof vs[i]);
        rk_buf_free(&fc.versions.b);
    }
    if (st == RK_OK) {
        s->nversions = all.n;
        s->versions = vec_to_arena(&L, &all, sizeof(struct rk_version));
        st = L.st;
    } else {
        rk_buf_free(&all.b);
    }
    for (size_t i = 0; st == RK_OK && i < s->nversions; i++)
        st = load_version(&L, &s->versions[i]);
    if (st == RK_OK && nfam == 0) {
        snprintf(L.path, sizeof L.path, "%s", dir ? dir : "specs");
        L.em.path = L.path;
        spec_finding(&L, RK_RULE_SPEC_004, NULL, 0, "<family>/versions.tsv", NULL);
    }
    if (st == RK_OK) {
        s->tables = rk_arena_alloc(s->arena, sizeof *s->tables);
        if (!s->tables || pthread_mutex_init(&s->tables->lock, NULL) != 0) {
            s->tables = NULL;
            st = RK_E_NOMEM;
        }
    }
    if (st == RK_OK) {
        s->tables->n = L.tables.len / sizeof(struct table_bytes);
        s->tables->t = rk_arena_alloc(s->arena, L.tables.len);
        if (!s->tables->t)
            st = RK_E_NOMEM;
        else if (L.tables.len)
            memcpy(s->tables->t, L.tables.data, L.tables.len);
    }
    rk_buf_free(&L.tables);
    if (st == RK_OK && L.em.count[RK_SEV_ERROR] > 0)
        st = RK_E_SPEC;
    if (st != RK_OK) {
        rk_specs_free(s);
        return st;
    }
    *out = s;
    return RK_OK;
}

enum rk_status rk_specs_load_builtin(struct rk_specs **out, rk_sink_fn sink, void *ctx)
{
    return load(out, NULL, sink, ctx);
}

enum rk_status rk_specs_load_dir(struct rk_specs **out, const char *dir, rk_sink_fn sink, void *ctx)
{
    if (!dir)
        return RK_E_ARG;
    return load(out, dir, sink, ctx);
}

void rk_specs_free(struct rk_specs *s)
{
    if (!s)
        return;
    if (s->tables)
        pthread_mutex_destroy(&s->tables->lock);
    rk_arena_free(s->arena);
    rk_free(s);
}

const char *rk_specs_sha256(const struct rk_specs *s)
{
    if (!s || !s->tables)
        return NULL;
    struct rk_specs_tables *t = s->tables;
    pthread_mutex_lock(&t->lock);
    if (!t->sha256[0]) {
        struct rk_sha256 *h = rk_sha256_new();
        enum rk_status st = h ? RK_OK : RK_E_NOMEM;
        for (size_t i = 0; st == RK_OK && i < t->n; i++)
            st = rk_tables_digest_add(h, t->t[i].rel, t->t[i].data, t->t[i].len);
        if (st == RK_OK && rk_sha256_final(h, t->sha256) != RK_OK)
            t->sha256[0] = '\0';
        rk_sha256_free(h);
    }
    const char *hex = t->sha256[0] ? t->sha256 : NULL;
    pthread_mutex_unlock(&t->lock);
    return hex;
}

const struct rk_version *rk_specs_find(const struct rk_specs *s, const char *family,
                                       const char *version)
{
    if (!family)
        family = rk_family_default()->name;
    const struct rk_version *best = NULL;
    for (size_t i = 0; i < s->nversions; i++) {
        const struct rk_version *v = &s->versions[i];
        if (strcmp(v->family, family) != 0)
            continue;
        if (version && strcmp(v->version, version) == 0)
            return v;
        if (!version && (!best || strcmp(v->effective_from, best->effective_from) > 0))
            best = v;
    }
    return best;
}

const struct rk_version *rk_specs_find_csv_version(const struct rk_specs *s, const char *family,
                                                   const char *csv_version)
{
    if (!family)
        family = rk_family_default()->name;
    for (size_t i = 0; i < s->nversions; i++)
        if (strcmp(s->versions[i].family, family) == 0 &&
            strcmp(s->versions[i].csv_version, csv_version) == 0)
            return &s->versions[i];
    return NULL;
}

const struct rk_layout *rk_version_layout(const struct rk_version *v, const char *id)
{
    for (size_t i = 0; i < v->nlayouts; i++)
        if (strcmp(v->layouts[i].id, id) == 0)
            return &v->layouts[i];
    return NULL;
}

const struct rk_service_type *rk_version_service_type(const struct rk_version *v, const char *code,
                                                      size_t len)
{
    for (size_t i = 0; i < v->ntypes; i++)
        if (strlen(v->types[i].code) == len && memcmp(v->types[i].code, code, len) == 0)
            return &v->types[i];
    return NULL;
}

const struct rk_item *rk_layout_role(const struct rk_layout *l, enum rk_item_role role)
{
    for (size_t i = 0; l && i < l->nitems; i++)
        if (l->items[i].role == role)
            return &l->items[i];
    return NULL;
}

const struct rk_code_list *rk_version_list(const struct rk_version *v, const char *id)
{
    if (!v || !v->lists_by_id)
        return NULL;
    size_t lo = 0, hi = v->nlists;
    while (lo < hi) { /* binary search: the rules look lists up per record */
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(v->lists_by_id[mid]->id, id);
        if (c == 0)
            return v->lists_by_id[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Whether the C string s is the n bytes at p (p may hold NULs; s is read up to its end or
 * the first difference, no strlen per code). */
static bool code_is(const char *s, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\0' || (unsigned char)s[i] != p[i])
            return false;
    return s[n] == '\0';
}

bool rk_code_list_has(const struct rk_code_list *cl, const void *p, size_t n)
{
    for (size_t i = 0; cl && i < cl->ncodes; i++)
        if (code_is(cl->codes[i].value, p, n))
            return true;
    return false;
}

enum rk_total rk_total_kind(const struct rk_version *v, const void *code, size_t n)
{
    if (rk_code_list_has(v->total_grand, code, n))
        return RK_TOTAL_GRAND;
    if (n > 2 && rk_code_list_has(v->total_limit, (const char *)code + 2, n - 2))
        return RK_TOTAL_LIMIT;
    if (n > 2 && rk_code_list_has(v->total_other, (const char *)code + 2, n - 2))
        return RK_TOTAL_OTHER;
    return RK_TOTAL_NONE;
}

bool rk_service_type_in(const struct rk_code_list *list, const void *code, size_t n)
{
    return n >= 2 && rk_code_list_has(list, code, 2);
}
