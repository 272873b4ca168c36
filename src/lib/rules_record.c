/*
 * rules_record.c - checks the items of a record against its layout, item by item, from the
 * spec tables: required items, attributes, lengths, formats, code lists, sentinels, and the
 * cross-item rules the tables name (rule column). Each family's own record driver (which
 * record says the version and layout, which fields are which items) and its own item checks
 * are in family_<name>.c, behind struct rk_family (family.h).
 * Each field gets at most one finding for its own value (the first check it fails, in the
 * order type -> length -> format -> code list), plus any cross-item finding.
 */
#include "rules_record.h"

#include "calendar.h"
#include "check.h"
#include "family.h"
#include "filename.h"
#include "finding.h"
#include "spec.h"

#include <string.h>

#define REPORTED_UNQUOTED 1u
#define REPORTED_QUOTED 2u

/* ---- small helpers ---- */

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(unsigned char c)
{
    return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool rk_field_is(const struct rk_field *f, const char *s)
{
    size_t n = strlen(s);
    return f->len == n && memcmp(f->data, s, n) == 0;
}

/* Copies an ASCII-ish value into buf (NUL-terminated, cut at n-1). */
const char *rk_field_cstr(const struct rk_field *f, char *buf, size_t n)
{
    size_t k = f->len < n - 1 ? f->len : n - 1;
    memcpy(buf, f->data, k);
    buf[k] = '\0';
    return buf;
}

static const struct rk_item *item_by_format(const struct rk_layout *l, enum rk_format f)
{
    for (size_t i = 0; i < l->nitems; i++)
        if (l->items[i].format == f)
            return &l->items[i];
    return NULL;
}

/* The items of the record's layout the rules consult on every record, found once per layout
 * (into the file check) rather than by a search per record. */
static const struct rk_file_check *layout_items(const struct rk_record_ctx *c)
{
    struct rk_file_check *fc = c->fc;
    if (fc->items_of == c->l)
        return fc;
    fc->items_of = c->l;
    fc->service_code = item_by_format(c->l, RK_F_SERVICE_CODE);
    fc->insurer_no = item_by_format(c->l, RK_F_INSURER_NO);
    fc->insured_no = item_by_format(c->l, RK_F_INSURED_NO);
    fc->office = rk_layout_role(c->l, RK_ROLE_OFFICE);
    fc->first_tais = NULL;
    for (size_t i = 0; i < c->l->nitems && !fc->first_tais; i++)
        if (c->l->items[i].rule == RK_R_TAIS_OR_NOTIFY)
            fc->first_tais = &c->l->items[i];
    return fc;
}

/* The record's field for an item, or NULL when the record is short. */
const struct rk_field *rk_field_of(const struct rk_record_ctx *c, const struct rk_item *it)
{
    if (!it || it->no == 0)
        return NULL;
    long at = c->fc->col_of ? c->fc->col_of[it->no - 1] : (long)it->no - 1;
    return (at >= 0 && (size_t)at < c->rec->nfields) ? &c->rec->fields[at] : NULL;
}

/* ---- reporting ---- */

/* Names the record's user in a finding (care-plan: the items of format 保険者番号 and
 * 被保険者番号), as display text in the caller's buffers of n bytes. */
static void name_user(const struct rk_record_ctx *c, struct rk_finding *fd, char *insurer,
                      char *insured, size_t n)
{
    if (!c->l)
        return;
    const struct rk_file_check *li = layout_items(c);
    const struct rk_field *a = rk_field_of(c, li->insurer_no);
    const struct rk_field *b = rk_field_of(c, li->insured_no);
    if (a && a->len) {
        rk_encoding_display(c->fc->enc, a->data, a->len < 16 ? a->len : 16, insurer, n);
        fd->insurer_no = insurer;
    }
    if (b && b->len) {
        rk_encoding_display(c->fc->enc, b->data, b->len < 16 ? b->len : 16, insured, n);
        fd->insured_no = insured;
    }
}

void rk_report_item(const struct rk_record_ctx *c, enum rk_rule_id rule, const struct rk_item *it,
                    const struct rk_field *f, const char *expected, bool show_actual,
                    const char *detail)
{
    struct rk_finding fd = {
        .rule = rk_rule_get(rule),
        .record = c->rec->number,
        .field = it->no,
        .pos = f ? f->pos : c->rec->pos,
        .expected = expected,
        .detail = detail,
        .citation = it->citation,
    };
    if (!rk_emit_writes(c->fc->em, rule)) {
        rk_emit(c->fc->em, &fd); /* only counted: nothing to format */
        return;
    }
    char label[384], actual[160];
    if (it->key)
        snprintf(label, sizeof label, "%s No.%u %s (%s)", c->l->name, it->no, it->name, it->key);
    else
        snprintf(label, sizeof label, "%s No.%u %s", c->l->name, it->no, it->name);
    fd.item = label;
    if (f && show_actual) {
        size_t n = rk_encoding_display(c->fc->enc, f->data, f->len > 120 ? 120 : f->len, actual,
                                       sizeof actual - 4);
        if (f->len > 120)
            memcpy(actual + n, "...", 4);
        fd.actual = actual;
    }
    char insurer[80], insured[80];
    name_user(c, &fd, insurer, insured, sizeof insurer);
    rk_emit(c->fc->em, &fd);
}

void rk_report_record(const struct rk_record_ctx *c, enum rk_rule_id rule, const char *expected,
                      const char *actual, const char *detail)
{
    struct rk_finding fd = {
        .rule = rk_rule_get(rule),
        .record = c->rec->number,
        .pos = c->rec->pos,
        .expected = expected,
        .actual = actual,
        .detail = detail,
        .citation = c->l ? c->l->citation : NULL,
    };
    char insurer[80], insured[80];
    if (rk_emit_writes(c->fc->em, rule))
        name_user(c, &fd, insurer, insured, sizeof insurer);
    rk_emit(c->fc->em, &fd);
}

/* A record with a field too many or too few: a comma went missing or crept in somewhere, so no
 * item's position is certain and none is checked (their values would belong to the neighbouring
 * items: one cause, one finding). Said once per file, at the first such record. */
void rk_shifted_note(const struct rk_record_ctx *c)
{
    if (c->fc->shift_noted)
        return;
    c->fc->shift_noted = true;
    rk_report_record(c, RK_RULE_REC_007, NULL, NULL, NULL);
}

/* ---- the value of one item ---- */

static void code_list_text(const struct rk_code_list *cl, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < cl->ncodes && at + 16 < n; i++)
        at += (size_t)snprintf(buf + at, n - at, "%s%s", i ? "|" : "", cl->codes[i].value);
}

bool rk_in_code_list(const struct rk_code_list *cl, const struct rk_field *f)
{
    return rk_code_list_has(cl, f->data, f->len);
}

/* Checks the item's format; returns false after reporting. */
static bool check_format(const struct rk_record_ctx *c, const struct rk_item *it,
                         const struct rk_field *f)
{
    char v[16]; /* a date or a month as a C string, for rk_valid_date and rk_valid_month */
    switch (it->format) {
    case RK_F_YYYYMMDD_D00:
    case RK_F_YYYYMMDD:
        rk_field_cstr(f, v, sizeof v);
        if (it->format == RK_F_YYYYMMDD_D00 && f->len == 8 && memcmp(v + 6, "00", 2) == 0) {
            char m[8];
            memcpy(m, v, 6);
            m[6] = '\0';
            if (rk_valid_month(m))
                return true; /* the day is unknown */
        }
        if (f->len != 8 || !rk_valid_date(v)) {
            rk_report_item(c, RK_RULE_FLD_007, it, f, "YYYYMMDD", true, NULL);
            return false;
        }
        return true;
    case RK_F_YYYYMM:
        rk_field_cstr(f, v, sizeof v);
        if (f->len != 6 || !rk_valid_month(v)) {
            rk_report_item(c, RK_RULE_FLD_008, it, f, "YYYYMM", true, NULL);
            return false;
        }
        return true;
    case RK_F_HHMM: {
        bool ok = f->len == 4 && is_digit(f->data[0]) && is_digit(f->data[1]) &&
                  is_digit(f->data[2]) && is_digit(f->data[3]) &&
                  (f->data[0] - '0') * 10 + (f->data[1] - '0') <= 23 &&
                  (f->data[2] - '0') * 10 + (f->data[3] - '0') <= 59;
        if (!ok) {
            rk_report_item(c, RK_RULE_FLD_009, it, f,
                           it->sentinel ? "0000-2359 | 9999" : "0000-2359", true, NULL);
            return false;
        }
        return true;
    }
    case RK_F_DECIMAL2: {
        size_t dot = f->len;
        for (size_t i = 0; i < f->len; i++)
            if (f->data[i] == '.')
                dot = i;
        bool ok = dot > 0 && dot + 3 == f->len;
        for (size_t i = 0; ok && i < f->len; i++)
            ok = i == dot || is_digit(f->data[i]);
        if (!ok) {
            rk_report_item(c, RK_RULE_FLD_020, it, f, "99.99", true, NULL);
            return false;
        }
        return true;
    }
    case RK_F_DAYMAP31: {
        bool ok = f->len == 31;
        for (size_t i = 0; ok && i < f->len; i++)
            ok = f->data[i] == '0' || f->data[i] == '1';
        if (!ok) {
            rk_report_item(c, RK_RULE_FLD_013, it, f, "31 x [01]", true, NULL);
            return false;
        }
        const struct rk_name *nm = c->fc->name;
        if (nm && nm->has_month) {
            unsigned days = rk_month_days(nm->month);
            for (unsigned d = days; days && d < 31; d++)
                if (f->data[d] == '1') {
                    char det[32];
                    snprintf(det, sizeof det, "day %u > %u", d + 1, days);
                    rk_report_item(c, RK_RULE_FLD_021, it, f, NULL, true, det);
                    break;
                }
        }
        return true;
    }
    case RK_F_INSURED_NO: {
        bool ok = f->len == 10;
        for (size_t i = 0; ok && i < 10; i++)
            ok = is_digit(f->data[i]) || (i == 0 && f->data[0] == 'H');
        if (!ok) {
            rk_report_item(c, RK_RULE_FLD_012, it, f, "[0-9]{10} | H[0-9]{9}", true, NULL);
            return false;
        }
        return true;
    }
    case RK_F_POSTAL: {
        bool ok = f->len == 8 && f->data[3] == '-';
        for (size_t i = 0; ok && i < 8; i++)
            ok = i == 3 || is_digit(f->data[i]);
        if (!ok) {
            rk_report_item(c, RK_RULE_FLD_022, it, f, "999-9999", true, NULL);
            return false;
        }
        return true;
    }
    case RK_F_SERIAL: {
        bool ok = f->len > 0 && f->data[0] != '0';
        for (size_t i = 0; ok && i < f->len; i++)
            ok = is_digit(f->data[i]);
        if (!ok) {
            rk_report_item(c, RK_RULE_FLD_023, it, f, "1, 2, 3 ...", true, NULL);
            return false;
        }
        return true;
    }
    case RK_F_NUMBER: {
        /* digits, at most length before the point and decimals after it */
        size_t i = 0, ints = 0, decs = 0;
        bool point = false, ok = f->len > 0;
        for (; ok && i < f->len; i++) {
            if (f->data[i] == '.' && !point && i > 0)
                point = true;
            else if (is_digit(f->data[i]))
                point ? decs++ : ints++;
            else
                ok = false;
        }
        if (ok && point && decs == 0)
            ok = false;
        if (!ok || (it->length && ints > it->length) || decs > it->decimals) {
            char e[48];
            snprintf(e, sizeof e, "%u digits%s%u decimals", it->length, it->decimals ? ", " : " ",
                     it->decimals);
            rk_report_item(c, RK_RULE_LIFE_005, it, f, e, true, NULL);
            return false;
        }
        return true;
    }
    case RK_F_HH:
    case RK_F_MM: {
        unsigned max = it->format == RK_F_HH ? 23 : 59;
        bool ok = f->len == 2 && is_digit(f->data[0]) && is_digit(f->data[1]) &&
                  (unsigned)((f->data[0] - '0') * 10 + (f->data[1] - '0')) <= max;
        if (!ok) {
            rk_report_item(c, RK_RULE_LIFE_010, it, f, it->format == RK_F_HH ? "00-23" : "00-59",
                           true, NULL);
            return false;
        }
        return true;
    }
    case RK_F_SERVICE_CODE:
    case RK_F_SERVICE_TYPE: {
        bool ok = true;
        for (size_t i = 0; ok && i < f->len; i++)
            ok = is_alnum(f->data[i]);
        if (!ok) {
            rk_report_item(c, RK_RULE_FLD_006, it, f, "[0-9A-Z]", true, NULL);
            return false;
        }
        return true;
    }
    default:
        return true;
    }
}

/* Checks the characters allowed by the item's type; returns false after reporting. */
static bool check_type(const struct rk_record_ctx *c, const struct rk_item *it,
                       const struct rk_field *f)
{
    if (it->format == RK_F_NUMBER)
        return true; /* check_format reads the number */
    switch (it->type) {
    case RK_T_DIGITS:
        for (size_t i = 0; i < f->len; i++)
            if (!is_digit(f->data[i])) {
                rk_report_item(c, RK_RULE_FLD_005, it, f, "[0-9]", true, NULL);
                return false;
            }
        return true;
    case RK_T_ALNUM:
        for (size_t i = 0; i < f->len; i++)
            if (!is_alnum(f->data[i])) {
                rk_report_item(c, RK_RULE_FLD_006, it, f, "[0-9A-Za-z]", true, NULL);
                return false;
            }
        return true;
    case RK_T_ASCII:
        for (size_t i = 0; i < f->len; i++)
            if (f->data[i] < 0x20 || f->data[i] > 0x7E) {
                rk_report_item(c, RK_RULE_FLD_006, it, f, "half-width ASCII", true, NULL);
                return false;
            }
        return true;
    default:
        return true;
    }
}

static bool check_length(const struct rk_record_ctx *c, const struct rk_item *it,
                         const struct rk_field *f)
{
    if (it->length == 0 || it->format == RK_F_NUMBER)
        return true;
    size_t n = it->unit == RK_U_BYTES ? f->len : f->chars; /* counted by the reader */
    if (n == it->length || (n < it->length && it->width != RK_W_FIXED))
        return true; /* the common case: nothing to format */
    bool fixed = it->width == RK_W_FIXED && n != it->length;
    if (!fixed && n <= it->length)
        return true;
    enum rk_rule_id rule = fixed ? RK_RULE_FLD_004 : RK_RULE_FLD_003;
    char e[32] = "", d[32] = "";
    if (rk_emit_writes(c->fc->em, rule)) { /* formatted only when written */
        snprintf(d, sizeof d, "%zu", n);
        snprintf(e, sizeof e, "%s%u %s", fixed ? "" : "<= ", it->length,
                 it->unit == RK_U_BYTES ? "bytes" : "chars");
    }
    rk_report_item(c, rule, it, f, e, true, d);
    return false;
}

/* The slot of fc->types for the service type of the 2 bytes at code (the types of a file
 * rarely share one: 11, 13, 15, 17, 21, 78 ... all differ). */
static inline struct rk_type_memo *type_slot(const struct rk_file_check *fc,
                                             const unsigned char *code)
{
    return (struct rk_type_memo *)&fc->types[(code[0] * 3u + code[1]) & 15u];
}

/* What the service type of the 2 bytes at code is to the rules (its row, whether it is in
 * the version's tais_type and detail_type), looked up once while it keeps its slot. */
static const struct rk_type_memo *type_memo(const struct rk_record_ctx *c,
                                            const unsigned char *code)
{
    struct rk_file_check *fc = c->fc;
    struct rk_type_memo *m = type_slot(fc, code);
    if (m->of != fc->version || memcmp(m->code, code, 2) != 0) {
        m->type = rk_version_service_type(fc->version, (const char *)code, 2);
        m->tais = rk_service_type_in(fc->version->tais_type, code, 2);
        m->detail = rk_service_type_in(fc->version->detail_type, code, 2);
        m->of = fc->version;
        memcpy(m->code, code, 2);
    }
    return m;
}

/* A service type (first two characters of f) in scope for this version? Reports FLD-015. */
static void check_scope(const struct rk_record_ctx *c, const struct rk_item *it,
                        const struct rk_field *f)
{
    struct rk_file_check *fc = c->fc;
    if (f->len < 2 || !fc->version->ntypes)
        return;
    const struct rk_service_type *t = type_memo(c, f->data)->type;
    if (!t || !t->in_scope) {
        char det[200], type[40];
        rk_encoding_display(c->fc->enc, f->data, 2, type, sizeof type);
        snprintf(det, sizeof det, "%s %s", type, t ? t->name : "(not in the list)");
        rk_report_item(c, RK_RULE_FLD_015, it, f, NULL, true, det);
    }
}

static void mark_once(const struct rk_record_ctx *c, const struct rk_item *it,
                      const struct rk_field *f, unsigned bit, enum rk_rule_id rule)
{
    struct rk_file_check *fc = c->fc;
    if (it->no > fc->nreported || (fc->reported[it->no - 1] & bit))
        return;
    fc->reported[it->no - 1] |= (unsigned char)bit;
    rk_report_item(c, rule, it, f, NULL, false, NULL);
}

/* ---- cross-item rules ---- */

/* Is the record a subtotal or grand-total row (codes.tsv total_grand, total_limit,
 * total_other)? */
static bool total_row(const struct rk_record_ctx *c, const struct rk_field *sc)
{
    return sc && sc->len == 6 && rk_total_kind(c->fc->version, sc->data, sc->len) != RK_TOTAL_NONE;
}

/* Is the record a service line (not a total row) of a service type of the version's
 * tais_type (tais) or detail_type (else)? */
static bool service_type_is(const struct rk_record_ctx *c, bool tais)
{
    const struct rk_field *sc = rk_field_of(c, layout_items(c)->service_code);
    if (!sc || sc->len < 2)
        return false;
    const struct rk_type_memo *m = type_memo(c, sc->data);
    return (tais ? m->tais : m->detail) && !total_row(c, sc);
}

static void rule_tais_or_notify(const struct rk_record_ctx *c, const struct rk_item *it)
{
    /* evaluated once, on the first of the two items */
    if (it != layout_items(c)->first_tais || !service_type_is(c, true))
        return;
    for (size_t i = 0; i < c->l->nitems; i++) {
        const struct rk_field *f;
        if (c->l->items[i].rule == RK_R_TAIS_OR_NOTIFY && (f = rk_field_of(c, &c->l->items[i])) &&
            f->len > 0)
            return;
    }
    char e[256];
    size_t n = 0;
    e[0] = 0;
    for (size_t i = 0; i < c->l->nitems && n < sizeof e; i++)
        if (c->l->items[i].rule == RK_R_TAIS_OR_NOTIFY)
            n += (size_t)snprintf(e + n, sizeof e - n, "%s%s", n ? " | " : "", c->l->items[i].name);
    rk_report_item(c, RK_RULE_FLD_019, it, rk_field_of(c, it), e, false, NULL);
}

static void rule_total_row(const struct rk_record_ctx *c, const struct rk_item *it,
                           const struct rk_field *f)
{
    const struct rk_item *office = layout_items(c)->office;
    const struct rk_field *fo = rk_field_of(c, office);
    const struct rk_code_list *gl = c->fc->version->total_grand;
    const char *gcode = gl && gl->ncodes ? gl->codes[0].value : "";
    enum rk_total kind =
        f && f->len == 6 ? rk_total_kind(c->fc->version, f->data, f->len) : RK_TOTAL_NONE;
    bool grand = kind == RK_TOTAL_GRAND;
    bool sub = kind != RK_TOTAL_NONE && !grand;
    if (!grand && !sub) {
        check_scope(c, it, f);
        if (fo && office && office->sentinel && rk_field_is(fo, office->sentinel)) {
            char d[96];
            snprintf(d, sizeof d, "%s only on the grand-total row (%s)", office->sentinel, gcode);
            rk_report_item(c, RK_RULE_FLD_011, office, fo, "10-digit office number", true, d);
        }
        return;
    }
    const struct rk_item *units = rk_layout_role(c->l, RK_ROLE_UNITS);
    const struct rk_item *rate = rk_layout_role(c->l, RK_ROLE_RATE);
    const struct rk_item *dunits = rk_layout_role(c->l, RK_ROLE_DISCOUNTED_UNITS);
    if (grand && fo && office && office->sentinel && !rk_field_is(fo, office->sentinel))
        rk_report_item(c, RK_RULE_FLD_025, office, fo, office->sentinel, true, gcode);
    const struct rk_field *fu = rk_field_of(c, units);
    if (fu && !rk_field_is(fu, "0"))
        rk_report_item(c, RK_RULE_FLD_025, units, fu, "0", true, grand ? gcode : "subtotal");
    const struct rk_field *fr = rk_field_of(c, rate);
    if (fr && fr->len)
        rk_report_item(c, RK_RULE_FLD_025, rate, fr, "(empty)", true, grand ? gcode : "subtotal");
    const struct rk_field *fd = rk_field_of(c, dunits);
    if (fd && fd->len)
        rk_report_item(c, RK_RULE_FLD_025, dunits, fd, "(empty)", true, grand ? gcode : "subtotal");
    if (sub)
        check_scope(c, it, f);
}

static void rule_hosoku_set(const struct rk_record_ctx *c, const struct rk_item *it,
                            const struct rk_field *f)
{
    /* evaluated on the plan-date item (sentinel 00000000), looking at the month item too */
    if (!it->sentinel || strcmp(it->sentinel, "00000000") != 0)
        return;
    const struct rk_item *mit = NULL;
    for (size_t i = 0; i < c->l->nitems; i++)
        if (c->l->items[i].rule == RK_R_HOSOKU_SET && &c->l->items[i] != it)
            mit = &c->l->items[i];
    const struct rk_field *fm = rk_field_of(c, mit);
    if (!fm)
        return;
    const struct rk_name *nm = c->fc->name;
    bool date_zero = rk_field_is(f, "00000000");
    bool month_zero = rk_field_is(fm, "000000");
    if (nm && nm->month_zero) {
        /* sent with 第1表/第2表/第3表 */
        if (date_zero)
            rk_report_item(c, RK_RULE_FLD_026, it, f, "YYYYMMDD (plan date of 第1表)", true,
                           "000000");
        if (!month_zero)
            rk_report_item(c, RK_RULE_FLD_026, mit, fm, "000000", true, "000000");
    } else if (nm && nm->has_month) {
        /* sent with 第6表/第7表 */
        if (!date_zero)
            rk_report_item(c, RK_RULE_FLD_026, it, f, "00000000", true, nm->month);
        if (!rk_field_is(fm, nm->month))
            rk_report_item(c, RK_RULE_FLD_026, mit, fm, nm->month, true, nm->month);
    } else if (date_zero == month_zero) {
        rk_report_item(c, RK_RULE_FLD_026, it, f, "00000000 with a month, or a date with 000000",
                       true, NULL);
    }
}

/* ---- one item ---- */

/* LIFE: whether a ● item's condition (its `when`) holds in this record. A term on an item
 * whose column is not in the file, or whose value was cut short, does not hold. */
static bool when_holds(const struct rk_record_ctx *c, const char *when)
{
    const char *cur = when;
    struct rk_when_term t;
    int r;
    while ((r = rk_when_next(&cur, &t)) > 0) {
        const struct rk_field *f = rk_field_of(c, rk_layout_item(c->l, t.id, t.id_len));
        if (!f || (f->flags & RK_FIELD_TRUNCATED) || f->len == 0 ||
            (f->len == 1 && f->data[0] == ' '))
            return false;
        if (!t.vals)
            continue; /* "has a value" */
        bool any = false;
        for (const char *v = t.vals, *end = t.vals + t.vals_len; v < end && !any;) {
            const char *bar = memchr(v, '|', (size_t)(end - v));
            size_t n = (size_t)((bar ? bar : end) - v);
            any = f->len == n && memcmp(f->data, v, n) == 0;
            v += n + 1;
        }
        if (!any)
            return false;
    }
    return r == 0;
}

/* LIFE-011 with the condition in words (English in the tables) and as evaluated:
 * "condition: the date of entry #2 is entered [oral_care_filing_date_02]"; in Japanese the
 * evaluated form alone (finding.c's phrases). */
static void report_cond(const struct rk_record_ctx *c, const struct rk_item *it,
                        const struct rk_field *f)
{
    char d[512];
    const char *cond = it->condition ? it->condition : "-";
    /* a long condition is cut on a character boundary; `when` is ASCII (spec_load.c) */
    size_t n = (size_t)snprintf(d, sizeof d, "condition: ");
    n += rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)cond, strlen(cond), d + n,
                             sizeof d / 2);
    snprintf(d + n, sizeof d - n, " [%s]", it->when);
    rk_report_item(c, RK_RULE_LIFE_011, it, f, NULL, false, d);
}

/* The item's own rule and the family's checks of its value, after the value's checks (ok:
 * they passed). */
static void check_after(const struct rk_record_ctx *c, const struct rk_item *it,
                        const struct rk_field *f, bool ok)
{
    const struct rk_family *fam = c->fc->fam;
    if (fam->item_value)
        fam->item_value(c, it, f, ok);
    /* the item's cross-item rule comes on top (corpus/README.md) */
    const struct rk_name *nm = c->fc->name;
    switch (it->rule) {
    case RK_R_MONTH_MATCHES_NAME:
        if (nm && nm->has_month && !rk_field_is(f, nm->month))
            rk_report_item(c, RK_RULE_FLD_014, it, f, nm->month, true, NULL);
        break;
    case RK_R_IN_SCOPE:
        check_scope(c, it, f);
        break;
    case RK_R_TAIS_OR_NOTIFY:
        rule_tais_or_notify(c, it);
        break;
    case RK_R_DETAIL_NO_17:
        if (!service_type_is(c, false))
            rk_report_item(c, RK_RULE_FLD_024, it, f, "(empty)", true, NULL);
        break;
    case RK_R_TOTAL_ROW:
        rule_total_row(c, it, f);
        break;
    case RK_R_HOSOKU_SET:
        rule_hosoku_set(c, it, f);
        break;
    case RK_R_DATE_IN_MONTH:
        if (nm && nm->has_month && f->len == 8 && memcmp(f->data, nm->month, 6) != 0)
            rk_report_item(c, RK_RULE_FLD_027, it, f, nm->month, true, NULL);
        break;
    case RK_R_NONE:
        break;
    }
}

/* Every check of one field after the family's item_special: at most one finding for its own
 * value (type -> length -> format -> code list), then check_after. */
static void check_value(const struct rk_record_ctx *c, const struct rk_item *it,
                        const struct rk_field *f)
{
    const struct rk_family *fam = c->fc->fam;
    if (it->format == RK_F_CSV_VERSION)
        return; /* record-level (check_version) */
    if (f->len == 0) {
        if (it->required == RK_REQ_YES)
            rk_report_item(c, RK_RULE_FLD_001, it, f, NULL, false, NULL);
        else if (it->required == RK_REQ_NEEDED)
            rk_report_item(c, RK_RULE_FLD_002, it, f, NULL, false, NULL);
        else if (it->required == RK_REQ_COND && it->when && when_holds(c, it->when))
            report_cond(c, it, f);
        if (it->rule == RK_R_TAIS_OR_NOTIFY)
            rule_tais_or_notify(c, it);
        return;
    }
    if (it->type == RK_T_UNUSED) {
        rk_report_item(c, RK_RULE_FLD_016, it, f, "(empty)", true, NULL);
        return;
    }
    if (fam->typed_quotes && it->type == RK_T_TEXT && !(f->flags & RK_FIELD_QUOTED))
        mark_once(c, it, f, REPORTED_UNQUOTED, RK_RULE_FLD_017);
    if (fam->typed_quotes && it->type != RK_T_TEXT && (f->flags & RK_FIELD_QUOTED))
        mark_once(c, it, f, REPORTED_QUOTED, RK_RULE_FLD_018);

    /* the value itself: one finding at most, from the first check it fails */
    bool sentinel = it->sentinel && f->data[0] == (unsigned char)it->sentinel[0] &&
                    rk_field_is(f, it->sentinel);
    bool ok =
        sentinel || (check_type(c, it, f) && check_length(c, it, f) && check_format(c, it, f));
    if (ok && !sentinel && it->codes && !rk_in_code_list(it->codes, f)) {
        char e[256] = "";
        if (rk_emit_writes(c->fc->em, RK_RULE_FLD_010))
            code_list_text(it->codes, e, sizeof e);
        rk_report_item(c, RK_RULE_FLD_010, it, f, e, true, it->codes->id);
        ok = false;
    }
    check_after(c, it, f, ok);
}

/* One field as item it. */
static void check_item(const struct rk_record_ctx *c, const struct rk_item *it,
                       const struct rk_field *f)
{
    if (f->flags & RK_FIELD_TRUNCATED)
        return; /* already reported by the reader */
    const struct rk_family *fam = c->fc->fam;
    if (fam->item_special && f->len && fam->item_special(c, it, f))
        return;
    check_value(c, it, f);
}

/* ---- the plan: each item's checks decided once ---- */

/* What a conforming value of an item needs, decided once per layout from its items and the
 * family (on the layout's first record), so that most fields pass a few tests instead of the
 * checks' switches over the item's attributes. The plan only ever accepts: a field it does
 * not accept goes through check_item, the checks of record, which alone report (and may find
 * nothing: a sentinel, a day 00). It accepts only values check_item passes with no finding.
 * A value the ops from P_DIGITS on accept is ASCII, one byte a character: their lengths are
 * counted in bytes whatever the item's unit. */
enum plan_op {
    P_FULL,    /* always check_item (an unused item, a format the plan does not read) */
    P_NOTHING, /* nothing to check here (the CSV version: record-level) */
    P_ANY,     /* any bytes (text) of any length */
    P_ANY_LEN, /* any bytes, lo .. lo + span bytes (or characters when !bytes) */
    P_DIGITS,  /* [0-9]*, lo .. lo + span bytes */
    P_CLASS,   /* every byte of class cls (alnum, printable ASCII), lo .. lo + span bytes */
    P_DATE,    /* YYYYMMDD, a day of the calendar (8 within the item's length) */
    P_DATE00,  /* the same, or a month with day 00 (the day unknown) */
    P_MONTH,   /* YYYYMM (6 within it) */
    P_HHMM,    /* 0000-2359 (4 within it) */
    P_INSURED, /* [0-9]{10} | H[0-9]{9} (10 within it) */
    P_SERIAL,  /* 1, 2, 3 ..., lo .. lo + span bytes */
    P_NUMBER,  /* LIFE's numbers: at most span digits, a point and at most decs decimals */
};

/* byte classes: a letter or digit, printable ASCII */
#define C_ALNUM 1u
#define C_ASCII 2u

/* the C_* of each byte (bytes from 0x80 are none) */
static const unsigned char class_of[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2,
    2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2,
    2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 0,
};

/* An empty value: no finding (E_QUIET), none unless rule_tais_or_notify speaks (E_TAIS:
 * tais_quiet tells), or the item checks look (E_CHECK). */
enum plan_empty { E_QUIET, E_TAIS, E_CHECK };

/* What follows an accepted value: the family's item_special, check_after (a rule or the
 * family's item_value). */
#define T_SPECIAL 1u
#define T_AFTER 2u

/* The code list: none, single bytes (a bitmap), values of 1-8 bytes (a hash table of the plan,
 * rk_code_slot), else the list itself. */
enum plan_codes { PC_NONE, PC_BYTE, PC_HASH, PC_LIST };

/* A value of a PC_HASH code list: its bytes little-endian (pack8), its length (0: a free slot). */
struct rk_code_slot {
    uint64_t key, len;
};

/* The table of a PC_HASH list: open addressing, linear probing, at most half full, slot
 * (key * HASH_MUL) >> shift first (Fibonacci hashing). */
#define HASH_MUL 0x9E3779B97F4A7C15u
#define HASH_MAX 512 /* values; a longer list stays PC_LIST */

struct rk_item_plan {
    unsigned char op;    /* enum plan_op */
    unsigned char fmask; /* the field's flags & fmask must be fwant: quoted as its type wants */
    unsigned char fwant; /* (typed quotes), not truncated */
    unsigned char empty; /* enum plan_empty */
    unsigned char tail;  /* T_*: what follows an accepted value */
    unsigned char codes; /* enum plan_codes */
    unsigned char cls;   /* P_CLASS: the C_* every byte must be of */
    unsigned char quick; /* the item's rule, when after_quiet can tell it (else RK_R_NONE) */
    bool more;           /* codes or tail: more than the op to an accepted value */
    bool bytes;          /* P_ANY_LEN: the length is counted in bytes, else characters */
    unsigned char shift; /* PC_HASH: 64 - log2 of the table's slots */
    unsigned char decs;  /* P_NUMBER: the decimals allowed */
    uint32_t lo, span;   /* a value's length is lo .. lo + span */
    uint32_t slot;       /* PC_HASH: the table's first slot in fc->plan_slots */
    uint32_t slen;       /* the sentinel's length, when it has one */
    const char *sentinel;
    uint64_t code1[2];               /* PC_BYTE: bit b for the byte b (ASCII) */
    const struct rk_code_list *list; /* PC_HASH, PC_LIST */
};

/* The n (1-8) bytes at d as one word, d[0] its lowest byte: each length's values map one to
 * one (two words of 4, or 3 single bytes, overlapping on the same positions). */
static inline uint64_t pack8(const unsigned char *d, size_t n)
{
    if (n >= 4) {
        const unsigned char *e = d + n - 4;
        uint64_t a =
            (uint64_t)d[0] | (uint64_t)d[1] << 8 | (uint64_t)d[2] << 16 | (uint64_t)d[3] << 24;
        uint64_t b =
            (uint64_t)e[0] | (uint64_t)e[1] << 8 | (uint64_t)e[2] << 16 | (uint64_t)e[3] << 24;
        return a | b << (8 * (n - 4));
    }
    return (uint64_t)d[0] | (uint64_t)d[n / 2] << (8 * (n / 2)) |
           (uint64_t)d[n - 1] << (8 * (n - 1));
}

/* The slots a PC_HASH table of list cl needs (a power of two, at least twice its values), or
 * 0 when cl cannot be one (a value empty or longer than 8 bytes, too many values). */
static size_t hash_slots(const struct rk_code_list *cl)
{
    if (cl->ncodes == 0 || cl->ncodes > HASH_MAX)
        return 0;
    for (size_t i = 0; i < cl->ncodes; i++) {
        size_t n = strlen(cl->codes[i].value);
        if (n == 0 || n > 8)
            return 0;
    }
    size_t slots = 2;
    while (slots < 2 * cl->ncodes)
        slots *= 2;
    return slots;
}

static unsigned log2_of(size_t slots)
{
    unsigned b = 0;
    while (((size_t)1 << b) < slots)
        b++;
    return b;
}

/* Writes list cl's values into its table of slots slots at t (zeroed). */
static void hash_fill(const struct rk_code_list *cl, struct rk_code_slot *t, size_t slots)
{
    unsigned shift = 64 - log2_of(slots);
    for (size_t i = 0; i < cl->ncodes; i++) {
        const unsigned char *v = (const unsigned char *)cl->codes[i].value;
        size_t n = strlen(cl->codes[i].value);
        uint64_t k = pack8(v, n);
        size_t at = (size_t)((k * HASH_MUL) >> shift);
        while (t[at].len && !(t[at].key == k && t[at].len == n))
            at = (at + 1) & (slots - 1);
        t[at] = (struct rk_code_slot){.key = k, .len = n};
    }
}

/* rule_first: whether the item's rule does anything on it (rule_tais_or_notify looks only at
 * the first of its items) */
static void plan_item(const struct rk_family *fam, const struct rk_item *it, bool rule_first,
                      struct rk_item_plan *p)
{
    *p = (struct rk_item_plan){.op = P_FULL, .span = UINT32_MAX, .fmask = RK_FIELD_TRUNCATED};
    bool rule = it->rule != RK_R_NONE && (it->rule != RK_R_TAIS_OR_NOTIFY || rule_first);
    bool required = it->required == RK_REQ_YES || it->required == RK_REQ_NEEDED ||
                    (it->required == RK_REQ_COND && it->when);
    if (it->format == RK_F_CSV_VERSION || (!required && it->rule != RK_R_TAIS_OR_NOTIFY) ||
        (!required && !rule_first))
        p->empty = E_QUIET;
    else
        p->empty = required ? E_CHECK : E_TAIS;
    bool value = fam->item_value && !(fam->item_value_quiet && fam->item_value_quiet(it));
    p->tail = (fam->item_special ? T_SPECIAL : 0) | (value || rule ? T_AFTER : 0);
    if (it->sentinel && it->type != RK_T_UNUSED) { /* an unused item's value is FLD-016 */
        p->sentinel = it->sentinel;
        p->slen = (uint32_t)strlen(it->sentinel);
    }
    if (!value && (it->rule == RK_R_MONTH_MATCHES_NAME || it->rule == RK_R_DATE_IN_MONTH ||
                   it->rule == RK_R_IN_SCOPE))
        p->quick = (unsigned char)it->rule;
    if (it->format == RK_F_CSV_VERSION) { /* record-level (check_version) */
        p->op = P_NOTHING;
        p->tail &= (unsigned char)~T_AFTER;
        return;
    }
    if (it->type == RK_T_UNUSED || (it->format == RK_F_NUMBER && it->decimals > 255))
        return;              /* FLD-016 */
    if (fam->typed_quotes) { /* FLD-017, FLD-018 */
        p->fmask |= RK_FIELD_QUOTED;
        p->fwant = it->type == RK_T_TEXT ? RK_FIELD_QUOTED : 0;
    }
    if (it->length) { /* check_length */
        p->lo = it->width == RK_W_FIXED ? it->length : 0;
        p->span = it->length - p->lo;
        p->bytes = it->unit == RK_U_BYTES;
    }
    /* check_type: the type's bytes */
    p->op = it->type == RK_T_DIGITS ? P_DIGITS
            : it->type == RK_T_TEXT ? (it->length ? P_ANY_LEN : P_ANY)
                                    : P_CLASS;
    p->cls = it->type == RK_T_ALNUM ? C_ALNUM : C_ASCII;
    size_t fixed = 0;     /* the format's length in bytes, when it has one */
    switch (it->format) { /* check_format, within the type's bytes */
    case RK_F_NONE:
    case RK_F_INT:
    case RK_F_OFFICE_NO:
    case RK_F_INSURER_NO:
        break;
    case RK_F_SERVICE_CODE:
    case RK_F_SERVICE_TYPE: /* letters and digits: within every type but digits */
        if (p->op != P_DIGITS) {
            p->op = P_CLASS;
            p->cls = C_ALNUM;
        }
        break;
    /* formats of digits only, which every type allows */
    case RK_F_YYYYMMDD:
    case RK_F_YYYYMMDD_D00:
        p->op = it->format == RK_F_YYYYMMDD ? P_DATE : P_DATE00;
        fixed = 8;
        break;
    case RK_F_YYYYMM:
        p->op = P_MONTH;
        fixed = 6;
        break;
    case RK_F_HHMM:
        p->op = P_HHMM;
        fixed = 4;
        break;
    case RK_F_SERIAL:
        p->op = P_SERIAL;
        break;
    case RK_F_NUMBER: /* check_format alone reads it: no type, no length of characters */
        p->op = P_NUMBER;
        p->lo = 0;
        p->span = it->length ? it->length : UINT32_MAX;
        p->decs = (unsigned char)it->decimals;
        break;
    case RK_F_INSURED_NO: /* an H and digits: within every type but digits */
        p->op = p->op == P_DIGITS ? P_FULL : P_INSURED;
        fixed = 10;
        break;
    default:
        p->op = P_FULL;
        break;
    }
    if (fixed && fixed - p->lo > p->span)
        p->op = P_FULL; /* the item's length rules the format's out: check_item reports */
    const struct rk_code_list *cl = it->codes;
    if (!cl)
        return;
    p->codes = PC_BYTE;
    for (size_t i = 0; i < cl->ncodes && p->codes == PC_BYTE; i++) {
        const unsigned char *v = (const unsigned char *)cl->codes[i].value;
        if (v[0] && v[0] < 0x80 && !v[1])
            p->code1[v[0] >> 6] |= (uint64_t)1 << (v[0] & 63);
        else
            p->codes = hash_slots(cl) ? PC_HASH : PC_LIST;
    }
    p->list = cl;
}

/* plan_item, and whether more than the op follows */
static void plan_item_more(const struct rk_family *fam, const struct rk_item *it, bool rule_first,
                           struct rk_item_plan *p)
{
    plan_item(fam, it, rule_first, p);
    p->more = p->codes != PC_NONE || p->tail != 0;
}

/* The plan of the record's layout, made on its first record (NULL when it cannot be had:
 * every field then goes through check_item). One block: the items' plans, then the PC_HASH
 * tables (one per code list). */
static const struct rk_item_plan *plan_of(const struct rk_record_ctx *c)
{
    struct rk_file_check *fc = c->fc;
    if (fc->plan_of == c->l && fc->plan_fam == fc->fam && fc->plan_cols == fc->col_of)
        return fc->plan;
    fc->plan_of = NULL;
    size_t n = c->l->nitems, at = n * sizeof *fc->plan;
    if (fc->plan_size < at) {
        struct rk_item_plan *p = rk_realloc(fc->plan, at);
        if (!p)
            return NULL;
        fc->plan = p;
        fc->plan_size = at;
    }
    struct rk_item_plan *plan = fc->plan;
    bool tais = false; /* the first item of rule tais_or_notify seen */
    size_t slots = 0;
    for (size_t i = 0; i < n; i++) {
        const struct rk_item *it = &c->l->items[i];
        plan_item_more(fc->fam, it, it->rule != RK_R_TAIS_OR_NOTIFY || !tais, &plan[i]);
        tais = tais || it->rule == RK_R_TAIS_OR_NOTIFY;
        if (plan[i].codes != PC_HASH)
            continue;
        size_t k = 0; /* an earlier item's table of the same list */
        while (k < i && !(plan[k].codes == PC_HASH && plan[k].list == plan[i].list))
            k++;
        size_t want = hash_slots(plan[i].list);
        plan[i].shift = (unsigned char)(64 - log2_of(want));
        plan[i].slot = k < i ? plan[k].slot : (uint32_t)slots;
        slots += k < i ? 0 : want;
    }
    size_t size = at + slots * sizeof(struct rk_code_slot);
    if (fc->plan_size < size) {
        struct rk_item_plan *p = rk_realloc(fc->plan, size);
        if (!p)
            return NULL;
        fc->plan = plan = p;
        fc->plan_size = size;
    }
    /* the tables (at is a multiple of 8: the plan has 64-bit members) */
    fc->plan_slots = (struct rk_code_slot *)(void *)((char *)plan + at);
    memset(fc->plan_slots, 0, slots * sizeof(struct rk_code_slot));
    for (size_t i = 0; i < n; i++) {
        size_t k = 0; /* filled for an earlier item of the same list */
        while (k < i && !(plan[k].codes == PC_HASH && plan[k].list == plan[i].list))
            k++;
        if (plan[i].codes == PC_HASH && k == i)
            hash_fill(plan[i].list, fc->plan_slots + plan[i].slot,
                      (size_t)1 << (64 - plan[i].shift));
    }
    /* the service code's field, for tais_quiet (as rk_field_of finds it) */
    const struct rk_item *sc = layout_items(c)->service_code;
    long col = !sc || sc->no == 0 ? -1 : fc->col_of ? fc->col_of[sc->no - 1] : (long)sc->no - 1;
    fc->plan_svc = col < 0 ? SIZE_MAX : (size_t)col;
    fc->plan_of = c->l;
    fc->plan_fam = fc->fam;
    fc->plan_cols = fc->col_of;
    return plan;
}

static unsigned two(const unsigned char *d)
{
    return (unsigned)(d[0] - '0') * 10 + (unsigned)(d[1] - '0');
}

/* Whether the 8 bytes at d are ASCII digits: every byte 0x30-0x3F and still so with 6
 * added (0x3A-0x3F become 0x40-0x45; no byte carries into the next). */
static bool digits8(const unsigned char *d)
{
    uint64_t x;
    memcpy(&x, d, 8);
    const uint64_t hi = 0xF0F0F0F0F0F0F0F0u, k30 = 0x3030303030303030u;
    return (x & hi) == k30 && ((x + 0x0606060606060606u) & hi) == k30;
}

static bool digits4(const unsigned char *d)
{
    uint32_t x;
    memcpy(&x, d, 4);
    return (x & 0xF0F0F0F0u) == 0x30303030u && ((x + 0x06060606u) & 0xF0F0F0F0u) == 0x30303030u;
}

/* Whether the n bytes at d are ASCII digits (overlapping words: no byte outside the field
 * is read). */
__attribute__((always_inline)) static inline bool digits(const unsigned char *d, size_t n)
{
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            if (!digits8(d + i))
                return false;
        return digits8(d + n - 8);
    }
    if (n >= 4)
        return digits4(d) && digits4(d + n - 4);
    for (size_t i = 0; i < n; i++)
        if (!is_digit(d[i]))
            return false;
    return true;
}

/* The 8 digits at d a day of the calendar (as rk_valid_date). */
static inline bool calendar_date(const unsigned char *d)
{
    return rk_calendar_ok(two(d) * 100 + two(d + 2), two(d + 4), two(d + 6));
}

/* Whether the len (1 or more) bytes at d are one of the item's codes. */
static inline bool plan_codes_have(const struct rk_file_check *fc, const struct rk_item_plan *p,
                                   const unsigned char *d, size_t len)
{
    switch ((enum plan_codes)p->codes) {
    case PC_NONE: /* (not asked) */
        return true;
    case PC_BYTE:
        return len == 1 && d[0] < 0x80 && (p->code1[d[0] >> 6] >> (d[0] & 63) & 1);
    case PC_HASH: {
        if (len > 8)
            return false;
        const struct rk_code_slot *t = fc->plan_slots + p->slot;
        size_t mask = ((size_t)1 << (64 - p->shift)) - 1;
        uint64_t k = pack8(d, len);
        for (size_t at = (size_t)((k * HASH_MUL) >> p->shift);; at = (at + 1) & mask) {
            if (t[at].key == k && t[at].len == len)
                return true;
            if (t[at].len == 0)
                return false; /* at most half full: a free slot ends every probe */
        }
    }
    case PC_LIST:
        break;
    }
    return rk_code_list_has(p->list, d, len);
}

/* Whether the non-empty value of f, quoted as it should be and not truncated, passes the
 * item's type, length and format with no finding (the code list is plan_codes_have's). */
__attribute__((always_inline)) static inline bool plan_ops(const struct rk_item_plan *p,
                                                           const struct rk_field *f)
{
    const unsigned char *d = f->data;
    size_t len = f->len;
    switch ((enum plan_op)p->op) {
    case P_NOTHING:
        return true;
    case P_FULL:
        return false;
    case P_ANY:
        break;
    case P_ANY_LEN:
        if ((p->bytes ? len : f->chars) - p->lo > p->span) /* below lo wraps around */
            return false;
        break;
    case P_DIGITS:
        if (len - p->lo > p->span || !digits(d, len))
            return false;
        break;
    case P_CLASS:
        if (len - p->lo > p->span)
            return false;
        if (!digits(d, len)) /* digits are of every class */
            for (size_t i = 0; i < len; i++)
                if (!(class_of[d[i]] & p->cls))
                    return false;
        break;
    case P_DATE:
        if (len != 8 || !digits8(d) || !calendar_date(d))
            return false;
        break;
    case P_DATE00: /* as check_format: a month (rk_valid_month) and day 00, else a date */
        if (len != 8 || !digits8(d) ||
            !(calendar_date(d) || (d[6] == '0' && d[7] == '0' && two(d) * 100 + two(d + 2) >= 1 &&
                                   two(d + 4) - 1 <= 11)))
            return false;
        break;
    case P_MONTH:
        if (len != 6 || !digits4(d) || !digits4(d + 2) || two(d) * 100 + two(d + 2) < 1 ||
            two(d + 4) - 1 > 11)
            return false;
        break;
    case P_HHMM:
        if (len != 4 || !digits4(d) || two(d) > 23 || two(d + 2) > 59)
            return false;
        break;
    case P_INSURED:
        if (len != 10 || !(is_digit(d[0]) || d[0] == 'H') || !digits(d + 1, 9))
            return false;
        break;
    case P_SERIAL:
        if (len - p->lo > p->span || d[0] == '0' || !digits(d, len))
            return false;
        break;
    case P_NUMBER: { /* as check_format: digits, then a point and decimals if any */
        if (digits(d, len))
            return len <= p->span; /* no point: every digit is before it */
        const unsigned char *dot = memchr(d, '.', len);
        size_t ints = dot ? (size_t)(dot - d) : 0, decs = dot ? len - ints - 1 : 0;
        if (!dot || ints == 0 || decs == 0 || decs > p->decs || ints > p->span ||
            !digits(d, ints) || !digits(dot + 1, decs))
            return false;
        break;
    }
    default:
        __builtin_unreachable(); /* plan_item sets an op of the enum */
    }
    return true;
}

/* Whether rule_tais_or_notify would find nothing: the record's service code is of no type of
 * tais_type, as its slot of the types looked up tells (else the rule itself looks). */
static bool tais_quiet(const struct rk_record_ctx *c)
{
    const struct rk_file_check *fc = c->fc;
    if (fc->plan_svc >= c->rec->nfields) /* as rk_field_of(c, fc->service_code) */
        return true;
    const struct rk_field *sc = &c->rec->fields[fc->plan_svc];
    if (sc->len < 2)
        return true;
    const struct rk_type_memo *m = type_slot(fc, sc->data);
    return m->of == fc->version && !m->tais && memcmp(m->code, sc->data, 2) == 0;
}

/* An empty value the plan cannot tell quiet by the item alone. */
static void check_empty(const struct rk_record_ctx *c, const struct rk_item *it,
                        const struct rk_item_plan *p, const struct rk_field *f)
{
    if ((f->flags & RK_FIELD_TRUNCATED) || (p->empty == E_TAIS && tais_quiet(c)))
        return;
    check_value(c, it, f);
}

/* Whether check_after would find nothing in an accepted value, told without a call for the
 * rules most items have (quick is none when the family's item_value has work in check_after). */
static inline bool after_quiet(const struct rk_record_ctx *c, const struct rk_item_plan *p,
                               const struct rk_field *f)
{
    const struct rk_file_check *fc = c->fc;
    const struct rk_name *nm = fc->name;
    switch ((enum rk_item_rule)p->quick) {
    case RK_R_MONTH_MATCHES_NAME: /* a month is 6 characters (filename.c) */
        return !nm || !nm->has_month || (f->len == 6 && memcmp(f->data, nm->month, 6) == 0);
    case RK_R_DATE_IN_MONTH:
        return !nm || !nm->has_month || f->len != 8 || memcmp(f->data, nm->month, 6) == 0;
    case RK_R_IN_SCOPE: { /* the type's answer, when it is in its slot */
        if (f->len < 2)
            return false;
        const struct rk_type_memo *m = type_slot(fc, f->data);
        return m->of == fc->version && m->type && m->type->in_scope &&
               memcmp(m->code, f->data, 2) == 0;
    }
    default:
        return false;
    }
}

/* One field as item it, by its plan p (special: the family's item_special). */
__attribute__((always_inline)) static inline void check_planned(
    const struct rk_record_ctx *c, const struct rk_item *it, const struct rk_item_plan *p,
    const struct rk_field *f,
    bool (*special)(const struct rk_record_ctx *, const struct rk_item *, const struct rk_field *))
{
    if (f->len == 0) {
        if (p->empty != E_QUIET)
            check_empty(c, it, p, f);
        return;
    }
    if ((f->flags & p->fmask) != p->fwant)
        goto full;
    if (!plan_ops(p, f))
        goto rejected;
    if (!p->more)
        return;                /* the common case: no code list, nothing after */
    if (p->codes == PC_BYTE) { /* LIFE's most common list: 1, 2, 3 ... */
        const unsigned char *d = f->data;
        if (f->len != 1 || d[0] >= 0x80 || !(p->code1[d[0] >> 6] >> (d[0] & 63) & 1))
            goto rejected;
    } else if (p->codes && !plan_codes_have(c->fc, p, f->data, f->len)) {
        goto rejected;
    }
accepted:
    if ((p->tail & T_SPECIAL) && special(c, it, f))
        return;
    if ((p->tail & T_AFTER) && !after_quiet(c, p, f))
        check_after(c, it, f, true);
    return;
rejected:
    /* a value its sentinel (9999: no time) is accepted as check_value accepts it */
    if (p->slen && f->len == p->slen && memcmp(f->data, p->sentinel, p->slen) == 0)
        goto accepted;
full:
    check_item(c, it, f);
}

void rk_check_fields(const struct rk_record_ctx *c, const struct rk_item *const *cols, size_t from,
                     size_t to)
{
    const struct rk_item_plan *plan = c->fc->no_plan ? NULL : plan_of(c);
    const struct rk_item *items = c->l->items;
    const struct rk_field *fields = c->rec->fields;
    bool (*special)(const struct rk_record_ctx *, const struct rk_item *, const struct rk_field *) =
        c->fc->fam->item_special;
    if (!plan) {
        for (size_t i = from; i < to; i++)
            if (cols ? cols[i] != NULL : true)
                check_item(c, cols ? cols[i] : &items[i], &fields[i]);
    } else if (!cols) {
        for (size_t i = from; i < to; i++)
            check_planned(c, &items[i], &plan[i], &fields[i], special);
    } else {
        for (size_t i = from; i < to; i++)
            if (cols[i])
                check_planned(c, cols[i], &plan[cols[i] - items], &fields[i], special);
    }
}
