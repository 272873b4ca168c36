/*
 * filename.c - reads a care-plan file name: which layout it names (longest prefix first, so
 * UPYOBO_SUB before UPYOBO), its month, sender and receiver office numbers and service-type
 * codes (v4 style) or office numbers only (v3 style), the 14-digit file serial and the
 * extension; and reports each part that breaks the naming rule (NAME-* rules).
 */
#include "filename.h"

#include "calendar.h"

#include "finding.h"
#include "spec.h"

#include <string.h>

static bool all_digits(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static unsigned num(const char *s, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (unsigned)(s[i] - '0');
    return v;
}

bool rk_valid_date(const char *s)
{
    return all_digits(s, 8) && rk_calendar_ok(num(s, 4), num(s + 4, 2), num(s + 6, 2));
}

unsigned rk_month_days(const char *yyyymm)
{
    return all_digits(yyyymm, 6) ? rk_calendar_days(num(yyyymm, 4), num(yyyymm + 4, 2)) : 0;
}

bool rk_valid_month(const char *s)
{
    if (!all_digits(s, 6))
        return false;
    unsigned y = num(s, 4), m = num(s + 4, 2);
    return y >= 1 && m >= 1 && m <= 12;
}

static bool valid_timestamp(const char *s, size_t n)
{
    if (n != 14 || !all_digits(s, 14))
        return false;
    char d[9];
    memcpy(d, s, 8);
    d[8] = '\0';
    return rk_valid_date(d) && num(s + 8, 2) <= 23 && num(s + 10, 2) <= 59 && num(s + 12, 2) <= 59;
}

/* A part of a name for display: at most 40 bytes, anything not UTF-8 escaped. */
static const char *show(char *dst, size_t n, const char *s, size_t len)
{
    rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)s, len < 40 ? len : 40, dst, n);
    return dst;
}

/* Keeps a name part for grouping and display: printable ASCII only, others as '?'. */
static void copy_part(char *dst, size_t n, const char *s, size_t len)
{
    size_t k = len < n - 1 ? len : n - 1;
    for (size_t i = 0; i < k; i++)
        dst[i] = (s[i] > 0x20 && s[i] < 0x7F) ? s[i] : '?';
    dst[k] = '\0';
}

static void name_finding(struct rk_emitter *em, enum rk_rule_id rule, const char *expected,
                         const char *actual, const char *detail)
{
    struct rk_finding f = {
        .rule = rk_rule_get(rule),
        .expected = expected,
        .actual = actual,
        .detail = detail,
        .pos = {0, 0, 0},
    };
    rk_emit(em, &f);
}

/* The layout of the family whose ID is the longest prefix of stem followed by '_'. */
static const struct rk_layout *match_prefix(const struct rk_specs *specs, const char *family,
                                            const char *stem, enum rk_name_style *style_hint)
{
    const struct rk_layout *best = NULL;
    size_t bestlen = 0;
    for (size_t i = 0; i < specs->nversions; i++) {
        const struct rk_version *v = &specs->versions[i];
        if (strcmp(v->family, family) != 0)
            continue;
        for (size_t j = 0; j < v->nlayouts; j++) {
            const struct rk_layout *l = &v->layouts[j];
            size_t n = strlen(l->id);
            if (n > bestlen && strncmp(stem, l->id, n) == 0 && stem[n] == '_') {
                best = l;
                bestlen = n;
                *style_hint = v->style;
            }
        }
    }
    return best;
}

static void check_office(struct rk_emitter *em, const char *tok, size_t n)
{
    if (n == 10 && all_digits(tok, n))
        return;
    char a[200];
    show(a, sizeof a, tok, n);
    char d[32];
    snprintf(d, sizeof d, "%zu", n);
    name_finding(em, RK_RULE_NAME_004, "10 digits", a, d);
}

static void check_service_type(struct rk_emitter *em, const struct rk_specs *specs,
                               const char *family, const char *tok, size_t n)
{
    char a[200];
    show(a, sizeof a, tok, n);
    bool ok = n == 2;
    for (size_t i = 0; ok && i < n; i++)
        ok = (tok[i] >= '0' && tok[i] <= '9') || (tok[i] >= 'A' && tok[i] <= 'Z');
    if (!ok) {
        name_finding(em, RK_RULE_NAME_005, "2 characters [0-9A-Z]", a,
                     n == 3 && all_digits(tok, 3) ? "3-digit service code (4.0 wording)" : NULL);
        return;
    }
    /* the care-management side of an exchange (codes.tsv care_management_type) is no service
     * type of the 第6表/第7表 list */
    const struct rk_version *v = rk_specs_find(specs, family, NULL);
    if (v && rk_service_type_in(rk_version_list(v, "care_management_type"), tok, n))
        return;
    if (v && v->ntypes && !rk_version_service_type(v, tok, n))
        name_finding(em, RK_RULE_NAME_010, NULL, a, NULL);
}

/* The parts of a 4.x name after the layout ID, and whether a token has a part's form. */
enum part { P_MONTH, P_OFFICE_FROM, P_SVC_FROM, P_OFFICE_TO, P_SVC_TO, P_SERIAL, P_BRANCH };
static const char *const part_text[] = {"<YYYYMM>", "<from 10>",        "<svc 2>", "<to 10>",
                                        "<svc 2>",  "<YYYYMMDDHHMMSS>", "<NNNN>"};

static bool has_form(enum part p, const char *t, size_t n)
{
    switch (p) {
    case P_MONTH:
        return n == 6 && all_digits(t, n);
    case P_OFFICE_FROM:
    case P_OFFICE_TO:
        return n == 10 && all_digits(t, n);
    case P_SVC_FROM:
    case P_SVC_TO: {
        bool ok = n == 2;
        for (size_t i = 0; ok && i < n; i++)
            ok = (t[i] >= '0' && t[i] <= '9') || (t[i] >= 'A' && t[i] <= 'Z');
        return ok;
    }
    case P_SERIAL:
        return n == 14 && all_digits(t, n);
    case P_BRANCH:
        return n == 4 && all_digits(t, n);
    }
    return false;
}

/* Lines the tokens of a name up with the parts of the 4.x pattern (fewest parts missing,
 * wrong or extra) and writes the pattern as found into out: a token where it has its part's
 * form, "<part>?" where the part is missing, "<part>!=TOKEN" where the token has the wrong
 * form, "+TOKEN" for a token with no part. E.g. UP1KYO_1312345678_43_<to 10>?_<svc 2>?_...
 * for a 4.x name without its receiver. */
static void diagnose_v4(const struct rk_layout *l, bool image, const char *const *tok,
                        const size_t *len, size_t ntok, char *out, size_t n)
{
    enum part pat[7];
    size_t np = 0;
    if (l->month != RK_MONTH_NONE)
        pat[np++] = P_MONTH;
    for (enum part p = P_OFFICE_FROM; p <= P_SERIAL; p++)
        pat[np++] = p;
    if (image)
        pat[np++] = P_BRANCH;
    /* edit distance: cost[i][j] for pat[i..] against tok[j..] */
    unsigned cost[8][13];
    for (size_t i = np + 1; i-- > 0;)
        for (size_t j = ntok + 1; j-- > 0;) {
            if (i == np || j == ntok) {
                cost[i][j] = (unsigned)((np - i) + (ntok - j));
                continue;
            }
            unsigned best = cost[i + 1][j + 1] + !has_form(pat[i], tok[j], len[j]);
            if (cost[i + 1][j] + 1 < best)
                best = cost[i + 1][j] + 1;
            if (cost[i][j + 1] + 1 < best)
                best = cost[i][j + 1] + 1;
            cost[i][j] = best;
        }
    size_t at = (size_t)snprintf(out, n, "%s", l->id);
    char t[64];
    for (size_t i = 0, j = 0; (i < np || j < ntok) && at < n;) {
        const char *sep = "_";
        if (i < np && j < ntok &&
            cost[i][j] == cost[i + 1][j + 1] + !has_form(pat[i], tok[j], len[j])) {
            show(t, sizeof t, tok[j], len[j]);
            if (has_form(pat[i], tok[j], len[j]))
                at += (size_t)snprintf(out + at, n - at, "%s%s", sep, t);
            else
                at += (size_t)snprintf(out + at, n - at, "%s%s!=%s", sep, part_text[pat[i]], t);
            i++;
            j++;
        } else if (i < np && (j == ntok || cost[i][j] == cost[i + 1][j] + 1)) {
            at += (size_t)snprintf(out + at, n - at, "%s%s?", sep, part_text[pat[i]]);
            i++;
        } else {
            show(t, sizeof t, tok[j], len[j]);
            at += (size_t)snprintf(out + at, n - at, "%s+%s", sep, t);
            j++;
        }
    }
}

/* A 3.x name: [month] sender office, receiver office (10 digits each), serial (14 digits). */
static bool v3_shaped(const struct rk_layout *l, const char *const *tok, const size_t *len)
{
    size_t t = 0;
    if (l->month != RK_MONTH_NONE && !has_form(P_MONTH, tok[t++], len[0]))
        return false;
    return has_form(P_OFFICE_FROM, tok[t], len[t]) &&
           has_form(P_OFFICE_TO, tok[t + 1], len[t + 1]) && len[t + 2] == 14 &&
           all_digits(tok[t + 2], 14);
}

bool rk_name_parse(const struct rk_specs *specs, const char *family, const char *path,
                   struct rk_name *out, struct rk_emitter *em)
{
    memset(out, 0, sizeof *out);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char stem[512];
    const char *dot = strrchr(base, '.');
    size_t stemlen = dot ? (size_t)(dot - base) : strlen(base);
    if (stemlen >= sizeof stem)
        stemlen = sizeof stem - 1;
    memcpy(stem, base, stemlen);
    stem[stemlen] = '\0';

    enum rk_name_style hint = RK_STYLE_V4;
    const struct rk_layout *l = match_prefix(specs, family, stem, &hint);
    if (!l) {
        char a[500];
        rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)base, strlen(base), a, sizeof a);
        name_finding(em, RK_RULE_NAME_001, NULL, a, NULL);
        return false;
    }
    snprintf(out->layout_id, sizeof out->layout_id, "%s", l->id);
    bool image = l->kind == RK_LK_IMAGE;

    /* split the rest into tokens */
    const char *tok[12];
    size_t len[12];
    size_t ntok = 0;
    const char *p = stem + strlen(l->id) + 1;
    while (ntok < 12) {
        const char *us = strchr(p, '_');
        tok[ntok] = p;
        len[ntok] = us ? (size_t)(us - p) : strlen(p);
        ntok++;
        if (!us)
            break;
        p = us + 1;
    }
    size_t base_n = (l->month != RK_MONTH_NONE ? 1 : 0) + (image ? 1 : 0);
    size_t t = 0;
    if (ntok == base_n + 5) {
        out->style = RK_STYLE_V4;
    } else if (ntok == base_n + 3 && !image && v3_shaped(l, tok, len)) {
        out->style = RK_STYLE_V3; /* only a valid 3.x name is read as one */
    } else if (l->month == RK_MONTH_NONE && ntok == base_n + 6 && len[0] == 6 &&
               all_digits(tok[0], 6)) {
        /* UPKIHON_000000_...: the month the body's example shows, not the naming rule */
        char a[8];
        snprintf(a, sizeof a, "%.6s", tok[0]); /* six digits */
        name_finding(em, RK_RULE_NAME_009, NULL, a, NULL);
        out->style = RK_STYLE_V4;
        t = 1;
    } else {
        char e[128], a[500], d[640];
        snprintf(e, sizeof e, "%s%s_<from 10>_<svc 2>_<to 10>_<svc 2>_<YYYYMMDDHHMMSS>%s.CSV",
                 l->id, l->month != RK_MONTH_NONE ? "_<YYYYMM>" : "", image ? "_<NNNN>" : "");
        rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)base, strlen(base), a, sizeof a);
        diagnose_v4(l, image, tok, len, ntok, d, sizeof d);
        name_finding(em, RK_RULE_NAME_002, e, a, d);
        return true;
    }
    out->parsed = true;
    if (l->month != RK_MONTH_NONE) {
        char m[200];
        show(m, sizeof m, tok[t], len[t]);
        bool zero = strcmp(m, "000000") == 0;
        if (zero && l->month == RK_MONTH_OR_ZERO) {
            out->month_zero = true;
        } else if (len[t] != 6 || !rk_valid_month(m)) {
            name_finding(em, RK_RULE_NAME_003,
                         l->month == RK_MONTH_OR_ZERO ? "YYYYMM | 000000" : "YYYYMM", m, NULL);
        } else {
            memcpy(out->month, m, 7);
            out->has_month = true;
        }
        t++;
    }
    size_t nparts = out->style == RK_STYLE_V4 ? 4 : 2;
    for (size_t k = 0; k < nparts; k++, t++) {
        bool office = out->style == RK_STYLE_V3 || k % 2 == 0;
        if (office) {
            check_office(em, tok[t], len[t]);
            copy_part((k == 0) ? out->from : out->to, 11, tok[t], len[t]);
        } else {
            check_service_type(em, specs, family, tok[t], len[t]);
            copy_part((k == 1) ? out->from_svc : out->to_svc, 3, tok[t], len[t]);
        }
    }
    if (out->from[0] && strcmp(out->from, out->to) == 0)
        name_finding(em, RK_RULE_NAME_011, NULL, out->from, NULL);
    if (!valid_timestamp(tok[t], len[t])) {
        char a[200], d[16];
        show(a, sizeof a, tok[t], len[t]);
        snprintf(d, sizeof d, "%zu", len[t]);
        name_finding(em, RK_RULE_NAME_006, "YYYYMMDDHHMMSS", a, d);
    } else {
        memcpy(out->serial, tok[t], 14);
        out->serial[14] = '\0';
    }
    t++;
    if (image) {
        if (len[t] != 4 || !all_digits(tok[t], 4)) {
            char a[200];
            show(a, sizeof a, tok[t], len[t]);
            name_finding(em, RK_RULE_NAME_002, "<枝番 4 digits>", a, NULL);
        }
    }
    /* extension */
    const char *ext = dot ? dot + 1 : "";
    const char *want = image ? "JPG" : "CSV";
    /* the image rule writes .jpg and its example .JPG: both are the standard's */
    bool image_ok = image && (strcmp(ext, "jpg") == 0 || strcmp(ext, "JPG") == 0);
    if (!image_ok && strcmp(ext, want) != 0) {
        bool lower = strlen(ext) == 3;
        for (size_t i = 0; lower && i < 3; i++)
            lower = ext[i] == want[i] + ('a' - 'A');
        char a[200] = ".";
        show(a + 1, sizeof a - 1, ext, strlen(ext));
        if (lower)
            name_finding(em, RK_RULE_NAME_008, want, a, NULL);
        else
            name_finding(em, RK_RULE_NAME_007, want, a, NULL);
    }
    (void)hint;
    return true;
}
