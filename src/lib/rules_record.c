/*
 * rules_record.c - checks each record of a care-plan file against its layout, item by item,
 * from the spec tables: field count, CSV version, required items, attributes, lengths,
 * formats, code lists, sentinels, and the cross-item rules the tables name (rule column).
 * Each field gets at most one finding for its own value (the first check it fails, in the
 * order type -> length -> format -> code list), plus any cross-item finding.
 */
#include "internal.h"

#include <string.h>

#define REPORTED_UNQUOTED 1u
#define REPORTED_QUOTED 2u

struct ctx {
    struct rk_file_check *fc;
    const struct rk_record *rec;
    const struct rk_layout *l;
};

/* ---- small helpers ---- */

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(unsigned char c)
{
    return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool field_is(const struct rk_field *f, const char *s)
{
    size_t n = strlen(s);
    return f->len == n && memcmp(f->data, s, n) == 0;
}

/* Copies an ASCII-ish value into buf (NUL-terminated, cut at n-1). */
static const char *cstr(const struct rk_field *f, char *buf, size_t n)
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

/* The record's field for an item, or NULL when the record is short. */
static const struct rk_field *field_of(const struct ctx *c, const struct rk_item *it)
{
    if (!it || it->no == 0)
        return NULL;
    long at = c->fc->col_of ? c->fc->col_of[it->no - 1] : (long)it->no - 1;
    return (at >= 0 && (size_t)at < c->rec->nfields) ? &c->rec->fields[at] : NULL;
}

/* ---- reporting ---- */

/* Names the record's user in a finding (care-plan: the items of format 保険者番号 and
 * 被保険者番号), as display text in the caller's buffers of n bytes. */
static void name_user(const struct ctx *c, struct rk_finding *fd, char *insurer, char *insured,
                      size_t n)
{
    if (c->fc->life || !c->l)
        return;
    const struct rk_field *a = field_of(c, item_by_format(c->l, RK_F_INSURER_NO));
    const struct rk_field *b = field_of(c, item_by_format(c->l, RK_F_INSURED_NO));
    if (a && a->len) {
        rk_encoding_display(c->fc->enc, a->data, a->len < 16 ? a->len : 16, insurer, n);
        fd->insurer_no = insurer;
    }
    if (b && b->len) {
        rk_encoding_display(c->fc->enc, b->data, b->len < 16 ? b->len : 16, insured, n);
        fd->insured_no = insured;
    }
}

static void report_item(const struct ctx *c, const char *rule, const struct rk_item *it,
                        const struct rk_field *f, const char *expected, bool show_actual,
                        const char *detail)
{
    char label[384], actual[160];
    if (it->key)
        snprintf(label, sizeof label, "%s No.%u %s (%s)", c->l->name, it->no, it->name, it->key);
    else
        snprintf(label, sizeof label, "%s No.%u %s", c->l->name, it->no, it->name);
    struct rk_finding fd = {
        .rule = rk_rule_get(rule),
        .record = c->rec->number,
        .field = it->no,
        .pos = f ? f->pos : c->rec->pos,
        .item = label,
        .expected = expected,
        .detail = detail,
        .citation = it->citation,
    };
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

static void report_record(const struct ctx *c, const char *rule, const char *expected,
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
    name_user(c, &fd, insurer, insured, sizeof insurer);
    rk_emit(c->fc->em, &fd);
}

/* A record with a field too many or too few: a comma went missing or crept in somewhere, so no
 * item's position is certain and none is checked (their values would belong to the neighbouring
 * items: one cause, one finding). Said once per file, at the first such record. */
static void shifted_note(const struct ctx *c)
{
    if (c->fc->shift_noted)
        return;
    c->fc->shift_noted = true;
    report_record(c, "REC-007", NULL, NULL, NULL);
}

/* ---- the value of one item ---- */

static void code_list_text(const struct rk_code_list *cl, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < cl->ncodes && at + 16 < n; i++)
        at += (size_t)snprintf(buf + at, n - at, "%s%s", i ? "|" : "", cl->codes[i].value);
}

static bool in_code_list(const struct rk_code_list *cl, const struct rk_field *f)
{
    for (size_t i = 0; i < cl->ncodes; i++)
        if (field_is(f, cl->codes[i].value))
            return true;
    return false;
}

/* Checks the item's format; returns false after reporting. */
static bool check_format(const struct ctx *c, const struct rk_item *it, const struct rk_field *f)
{
    char v[64];
    cstr(f, v, sizeof v);
    switch (it->format) {
    case RK_F_YYYYMMDD_D00:
    case RK_F_YYYYMMDD:
        if (it->format == RK_F_YYYYMMDD_D00 && f->len == 8 && memcmp(v + 6, "00", 2) == 0) {
            char m[8];
            memcpy(m, v, 6);
            m[6] = '\0';
            if (rk_valid_month(m))
                return true; /* the day is unknown */
        }
        if (f->len != 8 || !rk_valid_date(v)) {
            report_item(c, "FLD-007", it, f, "YYYYMMDD", true, NULL);
            return false;
        }
        return true;
    case RK_F_YYYYMM:
        if (f->len != 6 || !rk_valid_month(v)) {
            report_item(c, "FLD-008", it, f, "YYYYMM", true, NULL);
            return false;
        }
        return true;
    case RK_F_HHMM: {
        bool ok = f->len == 4 && is_digit(f->data[0]) && is_digit(f->data[1]) &&
                  is_digit(f->data[2]) && is_digit(f->data[3]) &&
                  (f->data[0] - '0') * 10 + (f->data[1] - '0') <= 23 &&
                  (f->data[2] - '0') * 10 + (f->data[3] - '0') <= 59;
        if (!ok) {
            report_item(c, "FLD-009", it, f, it->sentinel ? "0000-2359 | 9999" : "0000-2359", true,
                        NULL);
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
            report_item(c, "FLD-020", it, f, "99.99", true, NULL);
            return false;
        }
        return true;
    }
    case RK_F_DAYMAP31: {
        bool ok = f->len == 31;
        for (size_t i = 0; ok && i < f->len; i++)
            ok = f->data[i] == '0' || f->data[i] == '1';
        if (!ok) {
            report_item(c, "FLD-013", it, f, "31 x [01]", true, NULL);
            return false;
        }
        const struct rk_name *nm = c->fc->name;
        if (nm && nm->has_month) {
            unsigned days = rk_month_days(nm->month);
            for (unsigned d = days; days && d < 31; d++)
                if (f->data[d] == '1') {
                    char det[32];
                    snprintf(det, sizeof det, "day %u > %u", d + 1, days);
                    report_item(c, "FLD-021", it, f, NULL, true, det);
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
            report_item(c, "FLD-012", it, f, "[0-9]{10} | H[0-9]{9}", true, NULL);
            return false;
        }
        return true;
    }
    case RK_F_POSTAL: {
        bool ok = f->len == 8 && f->data[3] == '-';
        for (size_t i = 0; ok && i < 8; i++)
            ok = i == 3 || is_digit(f->data[i]);
        if (!ok) {
            report_item(c, "FLD-022", it, f, "999-9999", true, NULL);
            return false;
        }
        return true;
    }
    case RK_F_SERIAL: {
        bool ok = f->len > 0 && f->data[0] != '0';
        for (size_t i = 0; ok && i < f->len; i++)
            ok = is_digit(f->data[i]);
        if (!ok) {
            report_item(c, "FLD-023", it, f, "1, 2, 3 ...", true, NULL);
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
            report_item(c, "LIFE-005", it, f, e, true, NULL);
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
            report_item(c, "LIFE-010", it, f, it->format == RK_F_HH ? "00-23" : "00-59", true,
                        NULL);
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
            report_item(c, "FLD-006", it, f, "[0-9A-Z]", true, NULL);
            return false;
        }
        return true;
    }
    default:
        return true;
    }
}

/* Checks the characters allowed by the item's type; returns false after reporting. */
static bool check_type(const struct ctx *c, const struct rk_item *it, const struct rk_field *f)
{
    if (it->format == RK_F_NUMBER)
        return true; /* check_format reads the number */
    switch (it->type) {
    case RK_T_DIGITS:
        for (size_t i = 0; i < f->len; i++)
            if (!is_digit(f->data[i])) {
                report_item(c, "FLD-005", it, f, "[0-9]", true, NULL);
                return false;
            }
        return true;
    case RK_T_ALNUM:
        for (size_t i = 0; i < f->len; i++)
            if (!is_alnum(f->data[i])) {
                report_item(c, "FLD-006", it, f, "[0-9A-Za-z]", true, NULL);
                return false;
            }
        return true;
    case RK_T_ASCII:
        for (size_t i = 0; i < f->len; i++)
            if (f->data[i] < 0x20 || f->data[i] > 0x7E) {
                report_item(c, "FLD-006", it, f, "half-width ASCII", true, NULL);
                return false;
            }
        return true;
    default:
        return true;
    }
}

static bool check_length(const struct ctx *c, const struct rk_item *it, const struct rk_field *f)
{
    if (it->length == 0 || it->format == RK_F_NUMBER)
        return true;
    size_t n = it->unit == RK_U_BYTES ? f->len : f->chars; /* counted by the reader */
    if (n == it->length || (n < it->length && it->width != RK_W_FIXED))
        return true; /* the common case: nothing to format */
    char e[32], d[32];
    snprintf(d, sizeof d, "%zu", n);
    if (it->width == RK_W_FIXED && n != it->length) {
        snprintf(e, sizeof e, "%u %s", it->length, it->unit == RK_U_BYTES ? "bytes" : "chars");
        report_item(c, "FLD-004", it, f, e, true, d);
        return false;
    }
    if (n > it->length) {
        snprintf(e, sizeof e, "<= %u %s", it->length, it->unit == RK_U_BYTES ? "bytes" : "chars");
        report_item(c, "FLD-003", it, f, e, true, d);
        return false;
    }
    return true;
}

/* A service type (first two characters of f) in scope for this version? Reports FLD-015. */
static void check_scope(const struct ctx *c, const struct rk_item *it, const struct rk_field *f)
{
    if (f->len < 2 || !c->fc->version->ntypes)
        return;
    const struct rk_service_type *t =
        rk_version_service_type(c->fc->version, (const char *)f->data, 2);
    if (!t || !t->in_scope) {
        char det[200], type[40];
        rk_encoding_display(c->fc->enc, f->data, 2, type, sizeof type);
        snprintf(det, sizeof det, "%s %s", type, t ? t->name : "(not in the list)");
        report_item(c, "FLD-015", it, f, NULL, true, det);
    }
}

static void mark_once(const struct ctx *c, const struct rk_item *it, const struct rk_field *f,
                      unsigned bit, const char *rule)
{
    struct rk_file_check *fc = c->fc;
    if (it->no > fc->nreported || (fc->reported[it->no - 1] & bit))
        return;
    fc->reported[it->no - 1] |= (unsigned char)bit;
    report_item(c, rule, it, f, NULL, false, NULL);
}

/* ---- cross-item rules ---- */

/* Is the record a subtotal or grand-total row (codes.tsv total_grand, total_limit,
 * total_other)? */
static bool total_row(const struct ctx *c, const struct rk_field *sc)
{
    return sc && sc->len == 6 && rk_total_kind(c->fc->version, sc->data, sc->len) != RK_TOTAL_NONE;
}

/* Is the record a service line (not a total row) of a service type of the code list? */
static bool service_type_is(const struct ctx *c, const char *list)
{
    const struct rk_field *sc = field_of(c, item_by_format(c->l, RK_F_SERVICE_CODE));
    return sc && sc->len >= 2 && !total_row(c, sc) &&
           rk_service_type_in(c->fc->version, list, sc->data, sc->len);
}

static void rule_tais_or_notify(const struct ctx *c, const struct rk_item *it)
{
    /* evaluated once, on the first of the two items */
    for (size_t i = 0; i < c->l->nitems; i++) {
        const struct rk_item *o = &c->l->items[i];
        if (o->rule != RK_R_TAIS_OR_NOTIFY)
            continue;
        if (o != it)
            return;
        break;
    }
    if (!service_type_is(c, "tais_type"))
        return;
    char e[256];
    size_t n = 0;
    e[0] = 0;
    for (size_t i = 0; i < c->l->nitems; i++) {
        const struct rk_item *o = &c->l->items[i];
        const struct rk_field *f = field_of(c, o);
        if (o->rule != RK_R_TAIS_OR_NOTIFY)
            continue;
        if (f && f->len > 0)
            return;
        if (n < sizeof e)
            n += (size_t)snprintf(e + n, sizeof e - n, "%s%s", n ? " | " : "", o->name);
    }
    report_item(c, "FLD-019", it, field_of(c, it), e, false, NULL);
}

static void rule_total_row(const struct ctx *c, const struct rk_item *it, const struct rk_field *f)
{
    const struct rk_item *office = rk_layout_role(c->l, RK_ROLE_OFFICE);
    const struct rk_item *units = rk_layout_role(c->l, RK_ROLE_UNITS);
    const struct rk_item *rate = rk_layout_role(c->l, RK_ROLE_RATE);
    const struct rk_item *dunits = rk_layout_role(c->l, RK_ROLE_DISCOUNTED_UNITS);
    const struct rk_field *fo = field_of(c, office);
    const struct rk_code_list *gl = rk_version_list(c->fc->version, "total_grand");
    const char *gcode = gl && gl->ncodes ? gl->codes[0].value : "";
    enum rk_total kind =
        f && f->len == 6 ? rk_total_kind(c->fc->version, f->data, f->len) : RK_TOTAL_NONE;
    bool grand = kind == RK_TOTAL_GRAND;
    bool sub = kind != RK_TOTAL_NONE && !grand;
    if (!grand && !sub) {
        check_scope(c, it, f);
        if (fo && office && office->sentinel && field_is(fo, office->sentinel)) {
            char d[96];
            snprintf(d, sizeof d, "%s only on the grand-total row (%s)", office->sentinel, gcode);
            report_item(c, "FLD-011", office, fo, "10-digit office number", true, d);
        }
        return;
    }
    if (grand && fo && office && office->sentinel && !field_is(fo, office->sentinel))
        report_item(c, "FLD-025", office, fo, office->sentinel, true, gcode);
    const struct rk_field *fu = field_of(c, units);
    if (fu && !field_is(fu, "0"))
        report_item(c, "FLD-025", units, fu, "0", true, grand ? gcode : "subtotal");
    const struct rk_field *fr = field_of(c, rate);
    if (fr && fr->len)
        report_item(c, "FLD-025", rate, fr, "(empty)", true, grand ? gcode : "subtotal");
    const struct rk_field *fd = field_of(c, dunits);
    if (fd && fd->len)
        report_item(c, "FLD-025", dunits, fd, "(empty)", true, grand ? gcode : "subtotal");
    if (sub)
        check_scope(c, it, f);
}

static void rule_hosoku_set(const struct ctx *c, const struct rk_item *it, const struct rk_field *f)
{
    /* evaluated on the plan-date item (sentinel 00000000), looking at the month item too */
    if (!it->sentinel || strcmp(it->sentinel, "00000000") != 0)
        return;
    const struct rk_item *mit = NULL;
    for (size_t i = 0; i < c->l->nitems; i++)
        if (c->l->items[i].rule == RK_R_HOSOKU_SET && &c->l->items[i] != it)
            mit = &c->l->items[i];
    const struct rk_field *fm = field_of(c, mit);
    if (!fm)
        return;
    const struct rk_name *nm = c->fc->name;
    bool date_zero = field_is(f, "00000000");
    bool month_zero = field_is(fm, "000000");
    if (nm && nm->month_zero) {
        /* sent with 第1表/第2表/第3表 */
        if (date_zero)
            report_item(c, "FLD-026", it, f, "YYYYMMDD (plan date of 第1表)", true, "000000");
        if (!month_zero)
            report_item(c, "FLD-026", mit, fm, "000000", true, "000000");
    } else if (nm && nm->has_month) {
        /* sent with 第6表/第7表 */
        if (!date_zero)
            report_item(c, "FLD-026", it, f, "00000000", true, nm->month);
        if (!field_is(fm, nm->month))
            report_item(c, "FLD-026", mit, fm, nm->month, true, nm->month);
    } else if (date_zero == month_zero) {
        report_item(c, "FLD-026", it, f, "00000000 with a month, or a date with 000000", true,
                    NULL);
    }
}

/* ---- one item ---- */

/* LIFE: half-width katakana (and spaces) only. */
static bool halfwidth_kana(enum rk_encoding enc, const struct rk_field *f)
{
    for (size_t i = 0; i < f->len; i++) {
        unsigned char b = f->data[i];
        if (b == ' ')
            continue;
        if (enc == RK_ENC_CP932) {
            if (b < 0xA1 || b > 0xDF)
                return false;
        } else {
            /* U+FF61..U+FF9F: EF BD A1..BF, EF BE 80..9F */
            if (i + 2 >= f->len || b != 0xEF)
                return false;
            unsigned char b1 = f->data[i + 1], b2 = f->data[i + 2];
            if (!((b1 == 0xBD && b2 >= 0xA1 && b2 <= 0xBF) ||
                  (b1 == 0xBE && b2 >= 0x80 && b2 <= 0x9F)))
                return false;
            i += 2;
        }
    }
    return true;
}

/* LIFE: a code that fails its list but is a code of the care-plan standard's matching list. */
static void life_collision(const struct ctx *c, const struct rk_item *it, const struct rk_field *f)
{
    const struct rk_version *v = c->fc->version;
    const struct rk_version *cp = rk_specs_find(c->fc->specs, "careplan", NULL);
    for (size_t i = 0; cp && i < v->ncollisions; i++) {
        if (strcmp(v->collisions[i].layout, it->codes->id) != 0)
            continue;
        for (size_t j = 0; j < cp->nlists; j++)
            if (strcmp(cp->lists[j].id, v->collisions[i].items) == 0 &&
                in_code_list(&cp->lists[j], f))
                report_item(c, "LIFE-009", it, f, NULL, true, cp->lists[j].id);
    }
}

/* LIFE: whether a ● item's condition (its `when`) holds in this record. A term on an item
 * whose column is not in the file, or whose value was cut short, does not hold. */
static bool when_holds(const struct ctx *c, const char *when)
{
    const char *cur = when;
    struct rk_when_term t;
    int r;
    while ((r = rk_when_next(&cur, &t)) > 0) {
        const struct rk_field *f = field_of(c, rk_layout_item(c->l, t.id, t.id_len));
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
static void report_cond(const struct ctx *c, const struct rk_item *it, const struct rk_field *f)
{
    char d[512];
    const char *cond = it->condition ? it->condition : "-";
    /* a long condition is cut on a character boundary; `when` is ASCII (spec_load.c) */
    size_t n = (size_t)snprintf(d, sizeof d, "condition: ");
    n += rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)cond, strlen(cond), d + n,
                             sizeof d / 2);
    snprintf(d + n, sizeof d - n, " [%s]", it->when);
    report_item(c, "LIFE-011", it, f, NULL, false, d);
}

/* LIFE: the items that say whose record it is (CSV連携仕様書（LIFE） v1.0: office number,
 * 保険者番号, 被保険者番号 and the software's own user key tie every record to a user). */
static bool life_key(const struct rk_item *it)
{
    return it->role == RK_ROLE_OFFICE || it->role == RK_ROLE_INSURER ||
           it->role == RK_ROLE_INSURED || it->role == RK_ROLE_RECORD_KEY;
}

static void check_item(const struct ctx *c, const struct rk_item *it, const struct rk_field *f)
{
    if (f->flags & RK_FIELD_TRUNCATED)
        return; /* already reported by the reader */
    if (c->fc->life && f->len == 1 && f->data[0] == ' ') {
        /* LIFE: one half-width space asks to delete the stored value; a key that names the
         * record (office, user) cannot be deleted */
        if (life_key(it))
            report_item(c, "LIFE-013", it, f, NULL, true, NULL);
        return;
    }
    if (it->format == RK_F_CSV_VERSION)
        return; /* record-level (check_version) */
    if (f->len == 0) {
        if (it->required == RK_REQ_YES)
            report_item(c, "FLD-001", it, f, NULL, false, NULL);
        else if (it->required == RK_REQ_NEEDED)
            report_item(c, "FLD-002", it, f, NULL, false, NULL);
        else if (it->required == RK_REQ_COND && it->when && when_holds(c, it->when))
            report_cond(c, it, f);
        if (it->rule == RK_R_TAIS_OR_NOTIFY)
            rule_tais_or_notify(c, it);
        return;
    }
    if (it->type == RK_T_UNUSED) {
        report_item(c, "FLD-016", it, f, "(empty)", true, NULL);
        return;
    }
    if (!c->fc->life && it->type == RK_T_TEXT && !(f->flags & RK_FIELD_QUOTED))
        mark_once(c, it, f, REPORTED_UNQUOTED, "FLD-017");
    if (!c->fc->life && it->type != RK_T_TEXT && (f->flags & RK_FIELD_QUOTED))
        mark_once(c, it, f, REPORTED_QUOTED, "FLD-018");

    /* the value itself: one finding at most, from the first check it fails */
    bool sentinel = it->sentinel && field_is(f, it->sentinel);
    bool ok =
        sentinel || (check_type(c, it, f) && check_length(c, it, f) && check_format(c, it, f));
    if (ok && !sentinel && it->codes && !in_code_list(it->codes, f)) {
        char e[256];
        code_list_text(it->codes, e, sizeof e);
        report_item(c, "FLD-010", it, f, e, true, it->codes->id);
        ok = false;
    }
    /* LIFE: a value its list rejects may be the care-plan standard's code for the same thing */
    if (!ok && c->fc->life && it->codes)
        life_collision(c, it, f);
    if (c->fc->life && it->halfwidth_kana && !halfwidth_kana(c->fc->enc, f))
        report_item(c, "LIFE-006", it, f, "ｶﾅ", true, NULL);
    if (c->fc->life && it->role == RK_ROLE_VERSION && c->fc->version->csv_version &&
        !field_is(f, c->fc->version->csv_version))
        report_item(c, "LIFE-007", it, f, c->fc->version->csv_version, true, NULL);
    /* the item's cross-item rule comes on top (corpus/README.md) */
    const struct rk_name *nm = c->fc->name;
    switch (it->rule) {
    case RK_R_MONTH_MATCHES_NAME:
        if (nm && nm->has_month && !field_is(f, nm->month))
            report_item(c, "FLD-014", it, f, nm->month, true, NULL);
        break;
    case RK_R_IN_SCOPE:
        check_scope(c, it, f);
        break;
    case RK_R_TAIS_OR_NOTIFY:
        rule_tais_or_notify(c, it);
        break;
    case RK_R_DETAIL_NO_17:
        if (!service_type_is(c, "detail_type"))
            report_item(c, "FLD-024", it, f, "(empty)", true, NULL);
        break;
    case RK_R_TOTAL_ROW:
        rule_total_row(c, it, f);
        break;
    case RK_R_HOSOKU_SET:
        rule_hosoku_set(c, it, f);
        break;
    case RK_R_DATE_IN_MONTH:
        if (nm && nm->has_month && f->len == 8 && memcmp(f->data, nm->month, 6) != 0)
            report_item(c, "FLD-027", it, f, nm->month, true, NULL);
        break;
    case RK_R_NONE:
        break;
    }
}

/* ---- the record ---- */

/* The version in force for a service month: the newest whose start is not after it. */
static const struct rk_version *in_force(const struct rk_specs *s, const char *family,
                                         const char *month)
{
    const struct rk_version *best = NULL;
    for (size_t i = 0; i < s->nversions; i++) {
        const struct rk_version *v = &s->versions[i];
        if (strcmp(v->family, family) != 0 || strcmp(v->effective_from, month) > 0)
            continue;
        if (!best || strcmp(v->effective_from, best->effective_from) > 0)
            best = v;
    }
    return best;
}

static enum rk_status select_layout(struct rk_file_check *fc)
{
    fc->layout = fc->layout_id ? rk_version_layout(fc->version, fc->layout_id) : NULL;
    if (fc->layout && fc->nreported < fc->layout->nitems) {
        unsigned char *r = rk_realloc(fc->reported, fc->layout->nitems);
        if (!r)
            return RK_E_NOMEM;
        memset(r, 0, fc->layout->nitems);
        fc->reported = r;
        fc->nreported = fc->layout->nitems;
    }
    return RK_OK;
}

/* A file whose name names no layout: the layouts of the version record 1 claims that have as
 * many items as it has fields and whose items all accept record 1's values (checked quietly).
 * The first of them is checked and NAME-012 names them all with --layout (layouts that both fit,
 * such as 第6表 予定 and 実績, share their items); when the field count fits but the values do
 * not, NAME-013 (info) lists the layouts of that size and nothing is checked. */
static void guess_layout(struct rk_file_check *fc, const struct rk_record *rec)
{
    char fit[256], size[256];
    size_t nfit = 0, nsize = 0;
    const struct rk_version *v = fc->version;
    const struct rk_layout *first = NULL;
    fit[0] = size[0] = '\0';
    struct rk_emitter *real = fc->em;
    for (size_t i = 0; i < v->nlayouts; i++) {
        const struct rk_layout *l = &v->layouts[i];
        if (l->kind == RK_LK_IMAGE || l->nitems != rec->fields_seen || rec->nfields < l->nitems)
            continue;
        if (nsize + strlen(l->id) + 16 < sizeof size)
            nsize += (size_t)snprintf(size + nsize, sizeof size - nsize, "%s--layout %s",
                                      nsize ? " | " : "", l->id);
        struct rk_emitter quiet = {.sink = NULL};
        struct ctx c = {.fc = fc, .rec = rec, .l = l};
        fc->em = &quiet;
        for (size_t k = 1; k < l->nitems; k++) /* item 1 is the CSV version, already read */
            check_item(&c, &l->items[k], &rec->fields[k]);
        fc->em = real;
        if (quiet.count[RK_SEV_ERROR])
            continue;
        if (!first)
            first = l;
        if (nfit + strlen(l->id) + 16 < sizeof fit)
            nfit += (size_t)snprintf(fit + nfit, sizeof fit - nfit, "%s--layout %s",
                                     nfit ? " | " : "", l->id);
    }
    struct rk_finding f = {.record = rec->number, .pos = rec->pos};
    if (first) {
        fc->layout_id = first->id;
        f.rule = rk_rule_get("NAME-012");
        f.expected = first->id;
        f.detail = fit;
    } else if (nsize) {
        f.rule = rk_rule_get("NAME-013");
        f.detail = size;
    } else {
        return;
    }
    rk_emit(fc->em, &f);
}

/* Record 1 names the version the file claims (item 1); the records are checked against that
 * version unless --spec-version forces one. Later records must repeat the value. */
static enum rk_status resolve_version(struct rk_file_check *fc, const struct rk_record *rec,
                                      const struct rk_version **claimed)
{
    char v[16] = "";
    if (rec->nfields) {
        cstr(&rec->fields[0], v, sizeof v);
        fc->first_item.len = 0;
        fc->first_item.max = 4096;
        if (rk_buf_add(&fc->first_item, rec->fields[0].data,
                       rec->fields[0].len < 4096 ? rec->fields[0].len : 4096) == RK_E_NOMEM)
            return RK_E_NOMEM;
    }
    snprintf(fc->csv_version, sizeof fc->csv_version, "%s", v);
    *claimed = rk_specs_find_csv_version(fc->specs, fc->family, v);
    const struct rk_version *before = fc->version;
    if (*claimed && !fc->version_forced)
        fc->version = *claimed;
    if (!fc->layout_id && fc->guess_layout)
        guess_layout(fc, rec);
    enum rk_status st = select_layout(fc);
    if (st != RK_OK)
        return st;
    struct ctx c = {.fc = fc, .rec = rec, .l = fc->layout};
    if (*claimed && fc->version != before && fc->name && fc->name->parsed &&
        fc->name->style != (*claimed)->style)
        report_record(&c, "REC-005", before->csv_version, (*claimed)->csv_version,
                      fc->name->style == RK_STYLE_V4 ? "v4-style name" : "v3-style name");
    if (!fc->layout && fc->layout_id) {
        char d[192];
        char id[96];
        rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)fc->layout_id,
                            strlen(fc->layout_id), id, sizeof id);
        snprintf(d, sizeof d, "%s %s", fc->version->version, id);
        report_record(&c, "REC-006", NULL, NULL, d);
    }
    return RK_OK;
}

static void check_version(struct ctx *c, const struct rk_version *claimed)
{
    struct rk_file_check *fc = c->fc;
    const struct rk_field *f = c->rec->nfields ? &c->rec->fields[0] : NULL;
    const struct rk_item *it = &c->l->items[0];
    if (!f)
        return;
    if (c->rec->number > 1) {
        const struct rk_buf *first = &fc->first_item;
        size_t flen = f->len < 4096 ? f->len : 4096;
        if (flen != first->len || (flen && memcmp(f->data, first->data, flen) != 0)) {
            char e[64];
            rk_encoding_display(fc->enc, (const unsigned char *)first->data, first->len, e,
                                sizeof e);
            report_item(c, "REC-003", it, f, e, true, NULL);
        }
        return;
    }
    if (f->len == 0) {
        report_item(c, "FLD-001", it, f, NULL, false, NULL);
    } else if (!claimed) {
        char e[64] = "";
        size_t at = 0;
        for (size_t i = 0; i < fc->specs->nversions && at + 8 < sizeof e; i++)
            if (strcmp(fc->specs->versions[i].family, fc->family) == 0)
                at += (size_t)snprintf(e + at, sizeof e - at, "%s%s", at ? "|" : "",
                                       fc->specs->versions[i].csv_version);
        report_item(c, "REC-002", it, f, e, true, NULL);
    } else if (fc->name && fc->name->has_month) {
        /* also when no version at all was in force yet (a 202407 file for 202212 or 190001) */
        const struct rk_version *want = in_force(fc->specs, fc->family, fc->name->month);
        char d[32];
        snprintf(d, sizeof d, "%s < %s", fc->name->month, claimed->effective_from);
        if (!want)
            report_item(c, "REC-004", it, f, NULL, true, d);
        else if (want != claimed)
            report_item(c, "REC-004", it, f, want->csv_version, true, fc->name->month);
    }
}

/* ---- LIFE: line 1 names the interface, the header names the columns ---- */

static const struct rk_item *life_item(const struct rk_layout *l, const struct rk_field *f)
{
    return rk_layout_item(l, f->data, f->len);
}

/* The interface named by a data-type line: in the forced version, else the newest with it. */
static const struct rk_layout *life_interface(const struct rk_file_check *fc,
                                              const struct rk_field *f)
{
    const struct rk_layout *best = NULL;
    for (size_t i = 0; i < fc->specs->nversions; i++) {
        const struct rk_version *v = &fc->specs->versions[i];
        if (strcmp(v->family, "life") != 0 || (fc->version_forced && v != fc->version))
            continue;
        for (size_t j = 0; j < v->nlayouts; j++)
            if (field_is(f, v->layouts[j].id) &&
                (!best || strcmp(v->effective_from, best->version->effective_from) > 0))
                best = &v->layouts[j];
    }
    return best;
}

/* The interface whose item IDs cover most of a header line (at least half of it). */
static const struct rk_layout *life_by_header(const struct rk_file_check *fc,
                                              const struct rk_record *rec)
{
    const struct rk_layout *best = NULL;
    size_t best_hits = 0;
    for (size_t i = 0; i < fc->specs->nversions; i++) {
        const struct rk_version *v = &fc->specs->versions[i];
        if (strcmp(v->family, "life") != 0 || (fc->version_forced && v != fc->version))
            continue;
        for (size_t j = 0; j < v->nlayouts; j++) {
            size_t hits = 0;
            for (size_t k = 0; k < rec->nfields; k++)
                hits += life_item(&v->layouts[j], &rec->fields[k]) != NULL;
            if (hits > best_hits ||
                (hits == best_hits && best && hits &&
                 strcmp(v->effective_from, best->version->effective_from) > 0)) {
                best = &v->layouts[j];
                best_hits = hits;
            }
        }
    }
    return best_hits * 2 >= rec->nfields && best_hits ? best : NULL;
}

/* Of the versions that have this interface, the one whose items the header fits best: every
 * column known, fewest ◎ items missing, then the newest (a 2021 SERVICE_USER_INFO has no
 * version column; the 3.10 one requires it). */
static const struct rk_layout *life_best_version(const struct rk_file_check *fc,
                                                 const struct rk_layout *l,
                                                 const struct rk_record *rec)
{
    if (fc->version_forced)
        return l;
    const struct rk_layout *best = l;
    long best_score = -1;
    for (size_t i = 0; i < fc->specs->nversions; i++) {
        const struct rk_version *v = &fc->specs->versions[i];
        const struct rk_layout *cand =
            strcmp(v->family, "life") == 0 ? rk_version_layout(v, l->id) : NULL;
        if (!cand)
            continue;
        long unknown = 0, missing = 0;
        for (size_t k = 0; k < rec->nfields; k++)
            unknown += life_item(cand, &rec->fields[k]) == NULL;
        for (size_t j = 0; j < cand->nitems; j++) {
            bool have = false;
            for (size_t k = 0; k < rec->nfields && !have; k++)
                have = cand->items[j].key && field_is(&rec->fields[k], cand->items[j].key);
            missing += cand->items[j].required == RK_REQ_YES && !have;
        }
        long score = 1000000 - unknown * 1000 - missing;
        if (score > best_score ||
            (score == best_score && strcmp(v->effective_from, best->version->effective_from) > 0)) {
            best = cand;
            best_score = score;
        }
    }
    return best;
}

static enum rk_status life_header(struct rk_file_check *fc, const struct rk_record *rec)
{
    fc->layout = life_best_version(fc, fc->layout, rec);
    fc->version = fc->layout->version;
    const struct rk_layout *l = fc->layout;
    struct ctx c = {.fc = fc, .rec = rec, .l = l};
    fc->cols = rk_calloc(rec->nfields ? rec->nfields : 1, sizeof *fc->cols);
    fc->col_of = rk_malloc((l->nitems ? l->nitems : 1) * sizeof *fc->col_of);
    if (!fc->cols || !fc->col_of)
        return RK_E_NOMEM;
    fc->ncols = rec->nfields;
    for (size_t i = 0; i < l->nitems; i++)
        fc->col_of[i] = -1;
    for (size_t k = 0; k < rec->nfields; k++) {
        const struct rk_item *it = life_item(l, &rec->fields[k]);
        if (!it || fc->col_of[it->no - 1] >= 0) {
            char a[160];
            rk_encoding_display(fc->enc, rec->fields[k].data, rec->fields[k].len, a, sizeof a);
            struct rk_finding fd = {.rule = rk_rule_get("LIFE-003"),
                                    .record = rec->number,
                                    .field = (unsigned)k + 1,
                                    .pos = rec->fields[k].pos,
                                    .actual = a,
                                    .detail = it ? "twice" : l->id,
                                    .citation = l->citation};
            rk_emit(fc->em, &fd);
            continue;
        }
        fc->cols[k] = it;
        fc->col_of[it->no - 1] = (int)k;
    }
    for (size_t i = 0; i < l->nitems; i++)
        if (l->items[i].required == RK_REQ_YES && fc->col_of[i] < 0)
            report_item(&c, "LIFE-004", &l->items[i], NULL, l->items[i].key, false, NULL);
    fc->header_record = rec->number;
    fc->life_stage = 2;
    return RK_OK;
}

/* start <= end for the periods (items of role period_start and period_end: the k-th start
 * pairs with the k-th end) */
static void life_date_pairs(const struct ctx *c)
{
    for (size_t k = 0;; k++) {
        const struct rk_item *a = NULL, *b = NULL;
        size_t ns = 0, ne = 0;
        for (size_t i = 0; i < c->l->nitems; i++) {
            if (c->l->items[i].role == RK_ROLE_PERIOD_START && ns++ == k)
                a = &c->l->items[i];
            if (c->l->items[i].role == RK_ROLE_PERIOD_END && ne++ == k)
                b = &c->l->items[i];
        }
        if (!a || !b)
            break;
        const struct rk_field *fa = field_of(c, a), *fb = field_of(c, b);
        char va[16], vb[16];
        if (!fa || !fb || fa->len != 8 || fb->len != 8)
            continue;
        cstr(fa, va, sizeof va);
        cstr(fb, vb, sizeof vb);
        if (rk_valid_date(va) && rk_valid_date(vb) && strcmp(va, vb) > 0)
            report_item(c, "LIFE-008", b, fb, va, true, a->key);
    }
}

static enum rk_status life_record(struct rk_file_check *fc, const struct rk_record *rec)
{
    fc->is_data = false;
    if (fc->life_stage == 0) {
        const struct rk_layout *l = rec->nfields == 1 ? life_interface(fc, &rec->fields[0]) : NULL;
        if (l) {
            fc->layout = l;
            fc->version = l->version;
            fc->life_stage = 1;
            return RK_OK;
        }
        /* no data-type line: is this the header? */
        l = life_by_header(fc, rec);
        struct rk_finding fd = {.record = rec->number, .pos = rec->pos};
        if (l && strstr(l->version->header_lines, ",names")) {
            fd.rule = rk_rule_get("LIFE-002");
            fd.detail = l->id;
        } else {
            fd.rule = rk_rule_get("LIFE-001");
            fd.detail = l ? l->id : NULL;
        }
        rk_emit(fc->em, &fd);
        if (!l) {
            fc->life_stage = 3; /* nothing to check the records against */
            return RK_OK;
        }
        fc->layout = l;
        fc->version = l->version;
        return life_header(fc, rec);
    }
    if (fc->life_stage == 1)
        return life_header(fc, rec);
    if (fc->life_stage != 2)
        return RK_OK;
    fc->is_data = true;
    fc->data_records++;
    struct ctx c = {.fc = fc, .rec = rec, .l = fc->layout};
    if (rec->fields_seen != fc->ncols) {
        char e[16], a[16];
        snprintf(e, sizeof e, "%zu", fc->ncols);
        snprintf(a, sizeof a, "%zu", rec->fields_seen);
        report_record(&c, "REC-001", e, a, "header");
        shifted_note(&c);
        return RK_OK;
    }
    size_t n = rec->nfields < fc->ncols ? rec->nfields : fc->ncols;
    for (size_t i = 0; i < n; i++)
        if (fc->cols[i])
            check_item(&c, fc->cols[i], &rec->fields[i]);
    life_date_pairs(&c);
    return RK_OK;
}

enum rk_status rk_check_record(struct rk_file_check *fc, const struct rk_record *rec)
{
    if (fc->life)
        return life_record(fc, rec);
    fc->is_data = true;
    const struct rk_version *claimed = NULL;
    if (rec->number == 1) {
        enum rk_status st = resolve_version(fc, rec, &claimed);
        if (st != RK_OK)
            return st;
    }
    if (!fc->layout)
        return RK_OK;
    struct ctx c = {.fc = fc, .rec = rec, .l = fc->layout};
    check_version(&c, claimed);
    if (rec->fields_seen != c.l->nitems) {
        char e[16], a[16];
        snprintf(e, sizeof e, "%zu", c.l->nitems);
        snprintf(a, sizeof a, "%zu", rec->fields_seen);
        report_record(&c, "REC-001", e, a, c.l->id);
        shifted_note(&c);
        return RK_OK;
    }
    /* (fields past the reader's max_fields are not delivered: CSV-011 said so) */
    for (size_t i = 0; i < c.l->nitems && i < rec->nfields; i++)
        check_item(&c, &c.l->items[i], &rec->fields[i]);
    return RK_OK;
}
