/*
 * life_import.c - LIFE spec tables from MHLW's 外部インターフェース項目一覧 workbook (.xlsx).
 *
 * rk_life_import reads the workbook from memory (xlsx.c) and returns the tables of
 * specs/life/ as text (life/versions.tsv, life/<V>/interfaces.tsv, one item table per
 * interface sheet, life/<V>/codes.tsv); the caller writes them. Columns are found by their
 * header labels (No., 項目ID, 項目名 over one to three columns, タイプ/データ型, 整数桁/桁数,
 * 小数…, 必須, 範囲, 書式, コード…, 説明, 備考, 例), not by position, since the layout changed
 * between generations. Each row cites the workbook's file name, SHA-256, sheet and row.
 *
 * The ● conditions become the `when` column here, in derive_when, the one place that
 * derivation lives (specs/life/README.md, decision 5, says what it accepts); a condition it
 * cannot translate keeps `-` and is listed as LIFEIMP-004 with its sheet and row. Problems in
 * the workbook are findings (LIFEIMP-*) through the sink; nothing is printed or written.
 */
#include "alloc.h"
#include "crypto.h"
#include "finding.h"
#include "spec.h"
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TEXT 1500 /* bytes kept of a free-text cell in a note or condition */

enum col {
    C_NO,
    C_ID,
    C_NAME,
    C_TYPE,
    C_LEN,
    C_DEC,
    C_REQ,
    C_RANGE,
    C_FMT,
    C_CODE,
    C_DESC,
    C_NOTE,
    C_EX,
    C_N
};

struct item {
    unsigned no;
    uint32_t row;
    const char *id, *name, *group, *type, *length, *decimals, *required, *condition, *when;
    const char *codes, *format, *kana, *citation, *note;
    const char *desc;    /* 説明 and 備考, raw lines */
    const char *codecel; /* the コード cell, raw */
    const char *example; /* 例 */
};

struct iface {
    const char *id, *name, *sheet, *parent, *keys, *citation;
    size_t nitems, capitems;
    struct item *items;
};

struct code {
    const char *list, *value, *label, *citation;
};

struct imp {
    const struct rk_life_import_options *opt;
    const char *wbname;
    char sha[65];
    struct rk_arena *arena;
    struct rk_emitter em;
    enum rk_status st;
    struct rk_xlsx *x;
    size_t nif, capif;
    struct iface *ifs;
    size_t ncodes, capcodes;
    struct code *codes;
    size_t nnames, capnames; /* interface list sheet: id -> name */
    const char **names;
    size_t ncond, nwhen;
};

/* ---- text ---- */

static char *adup(struct imp *I, const char *s, size_t n)
{
    char *d = rk_arena_strndup(I->arena, s, n);
    if (!d)
        I->st = RK_E_NOMEM;
    return d;
}

static bool is_space_at(const char *s, size_t n, size_t i, size_t *w)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        *w = 1;
        return true;
    }
    if (c == 0xE3 && i + 2 < n + 0 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x80) {
        *w = 3; /* U+3000 ideographic space */
        return true;
    }
    return false;
}

/* s trimmed of ASCII white space and U+3000 at both ends, in the arena. */
static const char *trim(struct imp *I, const char *s)
{
    size_t n = strlen(s), a = 0, w;
    while (a < n && is_space_at(s, n + 1, a, &w))
        a += w;
    size_t b = n;
    while (b > a) {
        if (strchr(" \t\r\n", s[b - 1]))
            b--;
        else if (b - a >= 3 && memcmp(s + b - 3, "\xE3\x80\x80", 3) == 0)
            b -= 3;
        else
            break;
    }
    return adup(I, s + a, b - a);
}

/* A cell for a TSV table: tabs and line breaks become " / " or a space, cut at MAX_TEXT on
 * a character boundary, "-" when empty. */
static const char *tsv_cell_sep(struct imp *I, const char *s, const char *sep);
static const char *tsv_cell(struct imp *I, const char *s)
{
    return tsv_cell_sep(I, s, " / ");
}

static const char *tsv_cell_sep(struct imp *I, const char *s, const char *sep)
{
    if (!s)
        return "-";
    s = trim(I, s);
    if (!s)
        return "-";
    struct rk_buf b = {.max = 0};
    enum rk_status st = RK_OK;
    bool pending = false;
    for (const char *p = s; *p && st == RK_OK; p++) {
        if (*p == '\n') {
            pending = true;
            continue;
        }
        if (*p == '\r' || *p == '\t' || (unsigned char)*p < 0x20) {
            if (!pending && b.len && b.data[b.len - 1] != ' ')
                st = rk_buf_addc(&b, ' ');
            continue;
        }
        if (pending) {
            st = rk_buf_add(&b, sep, strlen(sep));
            pending = false;
        }
        if (st == RK_OK)
            st = rk_buf_addc(&b, *p);
    }
    size_t n = b.len;
    if (n > MAX_TEXT) {
        n = MAX_TEXT;
        while (n > 0 && ((unsigned char)b.data[n] & 0xC0) == 0x80)
            n--;
    }
    const char *out = st == RK_OK ? (n ? adup(I, b.data, n) : "-") : NULL;
    if (st != RK_OK)
        I->st = st;
    rk_buf_free(&b);
    return out ? out : "-";
}

/* The header label: every white space removed. */
static void label_of(const char *s, char *out, size_t cap)
{
    size_t o = 0, n = strlen(s), w;
    for (size_t i = 0; i < n && o + 1 < cap;) {
        if (is_space_at(s, n + 1, i, &w)) {
            i += w;
            continue;
        }
        out[o++] = s[i++];
    }
    out[o] = '\0';
}

static bool starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static int role_of(const char *raw)
{
    char l[256];
    label_of(raw, l, sizeof l);
    if (strlen(l) > 48)
        return -1; /* a header label is short; longer text only mentions one */
    if (!strcmp(l, "No.") || !strcmp(l, "No") || !strcmp(l, "NO.") || !strcmp(l, "№"))
        return C_NO;
    if (strstr(l, "項目ID"))
        return C_ID;
    if (strstr(l, "項目名"))
        return C_NAME;
    if (!strcmp(l, "タイプ") || !strcmp(l, "データ型") || !strcmp(l, "型"))
        return C_TYPE;
    if (starts(l, "整数桁") || !strcmp(l, "桁数"))
        return C_LEN;
    if (starts(l, "小数"))
        return C_DEC;
    if (starts(l, "必須"))
        return C_REQ;
    if (starts(l, "範囲"))
        return C_RANGE;
    if (starts(l, "書式"))
        return C_FMT;
    if (starts(l, "コード"))
        return C_CODE;
    if (starts(l, "説明"))
        return C_DESC;
    if (starts(l, "備考"))
        return C_NOTE;
    if (!strcmp(l, "例"))
        return C_EX;
    return -1;
}

/* ---- findings ---- */

static void finding(struct imp *I, enum rk_rule_id rule, const char *sheet, uint32_t row,
                    uint32_t col, const char *what, const char *expected, const char *actual)
{
    char item[512], e[512], a[512];
    snprintf(item, sizeof item, "sheet %s%s%s", sheet ? sheet : "-", what ? " " : "",
             what ? what : "");
    struct rk_finding f = {.rule = rk_rule_get(rule), .item = item};
    f.pos.line = row;
    f.pos.column = col;
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
    rk_emit(&I->em, &f);
}

/* ---- a sheet as a grid ---- */

struct sheet {
    const char *name;
    struct rk_xlsx_grid g;
    struct rk_xlsx_cell *sorted; /* by row, column */
};

static int cmp_cell(const void *a, const void *b)
{
    const struct rk_xlsx_cell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return 0;
}

static const char *at(const struct sheet *s, uint32_t row, uint32_t col)
{
    struct rk_xlsx_cell key = {.row = row, .col = col};
    const struct rk_xlsx_cell *c = bsearch(&key, s->sorted, s->g.ncells, sizeof key, cmp_cell);
    return c ? s->g.text.data + c->off : NULL;
}

/* The rows holding cells, ascending, deduplicated, into rows[] (caller frees). */
static size_t rows_of(const struct sheet *s, uint32_t **rows)
{
    *rows = rk_malloc((s->g.ncells ? s->g.ncells : 1) * sizeof **rows);
    if (!*rows)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < s->g.ncells; i++)
        if (!n || (*rows)[n - 1] != s->sorted[i].row)
            (*rows)[n++] = s->sorted[i].row;
    return n;
}

/* Finds the header row (the first 30 rows, a row with No. and 項目ID, or with the labels
 * wanted by `need`); fills cols[role] (0 = absent) and the name span. */
static uint32_t find_header(const struct sheet *s, uint32_t cols[C_N], uint32_t *name_span)
{
    for (size_t i = 0; i < s->g.ncells; i++) {
        const struct rk_xlsx_cell *c = &s->sorted[i];
        if (c->row > 30)
            break;
        if (role_of(s->g.text.data + c->off) != C_ID)
            continue;
        uint32_t row = c->row;
        memset(cols, 0, C_N * sizeof cols[0]);
        uint32_t maxcol = 0;
        for (size_t k = 0; k < s->g.ncells; k++) {
            const struct rk_xlsx_cell *h = &s->sorted[k];
            if (h->row != row)
                continue;
            int r = role_of(s->g.text.data + h->off);
            if (r >= 0 && !cols[r])
                cols[r] = h->col;
            if (h->col > maxcol)
                maxcol = h->col;
        }
        /* 項目名 spans the unlabelled columns after it (a merged header), at most three */
        *name_span = 0;
        if (cols[C_NAME]) {
            *name_span = 1;
            while (*name_span < 3 && cols[C_NAME] + *name_span <= maxcol &&
                   !at(s, row, cols[C_NAME] + *name_span))
                (*name_span)++;
            if (cols[C_NAME] + *name_span > maxcol)
                *name_span = 1;
        }
        return row;
    }
    return 0;
}

/* ---- code lists ---- */

static const struct {
    const char *sheet, *list;
} sheet_lists[] = {{"職種コード", "job_category"},
                   {"ICFコード", "icf"},
                   {"支援コード", "support"},
                   {"興味関心チェックコード", "interest_check"},
                   {NULL, NULL}};

static enum rk_status code_push(struct imp *I, const char *list, const char *value,
                                const char *label, const char *citation)
{
    if (!rk_grow(&I->codes, &I->capcodes, I->ncodes + 1, sizeof *I->codes))
        return RK_E_NOMEM;
    I->codes[I->ncodes++] = (struct code){list, value, label, citation};
    return RK_OK;
}

/* Splits "1：有り\n2：無し" into value/label pairs; returns how many (at most cap). */
static size_t inline_codes(struct imp *I, const char *cell, const char **vals, const char **labs,
                           size_t cap)
{
    size_t n = 0;
    const char *p = cell;
    while (*p && n < cap && I->st == RK_OK) {
        size_t len = strcspn(p, "\n");
        const char *colon = NULL;
        size_t clen = 0;
        for (size_t i = 0; i < len; i++) {
            if (p[i] == ':') {
                colon = p + i;
                clen = 1;
                break;
            }
            if (i + 3 <= len && memcmp(p + i, "：", 3) == 0) {
                colon = p + i;
                clen = 3;
                break;
            }
        }
        if (colon && colon > p) {
            const char *v = trim(I, adup(I, p, (size_t)(colon - p)));
            const char *l = trim(I, adup(I, colon + clen, len - (size_t)(colon - p) - clen));
            bool ok = v && *v && strlen(v) <= 16;
            for (const char *q = v; ok && *q; q++)
                ok = (unsigned char)*q > ' ' && *q != '\t';
            if (ok) {
                vals[n] = v;
                labs[n] = tsv_cell(I, l);
                n++;
            }
        }
        p += len;
        if (*p == '\n')
            p++;
    }
    return n;
}

/* The list for an item's コード cell: a sheet list, an inline list (deduplicated by content;
 * named after the first item using it), or "-". */
static const char *item_codes(struct imp *I, const struct iface *f, const struct item *it)
{
    const char *cell = it->codecel;
    if (!cell || !*cell)
        return "-";
    /* "※職種コード参照", "※興味関心チェックコード": a code sheet */
    for (size_t i = 0; sheet_lists[i].sheet; i++)
        if (strstr(cell, sheet_lists[i].sheet) && !strstr(cell, "："))
            return sheet_lists[i].list;
    const char *vals[256], *labs[256];
    size_t n = inline_codes(I, cell, vals, labs, 256);
    if (n == 0)
        return "-";
    /* an identical list already there? */
    for (size_t i = 0; i < I->ncodes;) {
        size_t j = i;
        while (j < I->ncodes && !strcmp(I->codes[j].list, I->codes[i].list))
            j++;
        bool same = j - i == n;
        for (size_t k = 0; same && k < n; k++)
            same =
                !strcmp(I->codes[i + k].value, vals[k]) && !strcmp(I->codes[i + k].label, labs[k]);
        if (same)
            return I->codes[i].list;
        i = j;
    }
    /* named after the item; a second list for the same ID gets the interface appended */
    const char *name = it->id;
    for (size_t i = 0; i < I->ncodes; i++)
        if (!strcmp(I->codes[i].list, name)) {
            char b[256];
            snprintf(b, sizeof b, "%s_%s", it->id, f->id);
            name = adup(I, b, strlen(b));
            break;
        }
    char cit[512];
    snprintf(cit, sizeof cit, "%s (inline list)", it->citation);
    const char *c = adup(I, cit, strlen(cit));
    for (size_t k = 0; k < n && I->st == RK_OK; k++)
        I->st = code_push(I, name, vals[k], labs[k], c);
    return name;
}

/* A code sheet: the column labelled ...コード holds the values, 名称 (or 細項目, or the
 * column after the codes) the labels. */
static void sheet_codes(struct imp *I, const struct sheet *s, const char *list)
{
    uint32_t hrow = 0, ccol = 0, lcol = 0;
    for (size_t i = 0; i < s->g.ncells && !hrow; i++) {
        const struct rk_xlsx_cell *c = &s->sorted[i];
        if (c->row > 10)
            break;
        char l[256];
        label_of(s->g.text.data + c->off, l, sizeof l);
        size_t n = strlen(l), incol = 0;
        for (size_t k = 0; k < s->g.ncells; k++)
            incol += s->sorted[k].row == c->row;
        /* a header row: the label of the code column, and more labels beside it (a title
         * such as ※職種コード stands alone) */
        if (n >= 9 && n <= 48 && !strcmp(l + n - 9, "コード") && incol >= 2)
            hrow = c->row, ccol = c->col;
    }
    if (!hrow)
        return;
    for (size_t i = 0; i < s->g.ncells; i++) {
        const struct rk_xlsx_cell *c = &s->sorted[i];
        if (c->row != hrow)
            continue;
        char l[256];
        label_of(s->g.text.data + c->off, l, sizeof l);
        if ((strstr(l, "名称") && !lcol) || (!strcmp(l, "細項目") && !lcol))
            lcol = c->col;
    }
    if (!lcol)
        lcol = ccol + 1;
    uint32_t *rows;
    size_t nr = rows_of(s, &rows);
    for (size_t r = 0; r < nr && I->st == RK_OK; r++) {
        if (rows[r] <= hrow)
            continue;
        const char *v = at(s, rows[r], ccol);
        if (!v)
            continue;
        const char *l = at(s, rows[r], lcol);
        char cit[512];
        snprintf(cit, sizeof cit, "%s sha256:%s sheet %s row %u", I->wbname, I->sha, s->name,
                 rows[r]);
        const char *val = tsv_cell(I, v), *lab = tsv_cell(I, l);
        const char *c = adup(I, cit, strlen(cit));
        if (I->st == RK_OK && strcmp(val, "-"))
            I->st = code_push(I, list, val, lab, c);
    }
    rk_free(rows);
}

/* ---- the ● condition ---- */

static const char *find_sub(const char *s, const char *const *subs, size_t *len)
{
    const char *best = NULL;
    for (size_t i = 0; subs[i]; i++) {
        const char *p = strstr(s, subs[i]);
        if (p && (!best || p < best)) {
            best = p;
            *len = strlen(subs[i]);
        }
    }
    return best;
}

/* The sentence of text that makes the item required: the line holding 必須, with the line
 * before it when it goes on from there (starts with かつ / 又は). NULL when none. */
static const char *condition_text(struct imp *I, const char *text)
{
    if (!text)
        return NULL;
    const char *line = text, *prev = NULL;
    while (*line) {
        size_t n = strcspn(line, "\n");
        const char *m = strstr(line, "必須");
        if (m && (size_t)(m - line) < n) {
            const char *from = line;
            const char *t = trim(I, adup(I, line, n));
            if (t && prev && (starts(t, "かつ") || starts(t, "又は") || starts(t, "または")))
                from = prev;
            return trim(I, adup(I, from, (size_t)(line + n - from)));
        }
        prev = line;
        line += n;
        if (*line == '\n')
            line++;
    }
    return NULL;
}

static bool id_ok(const char *id)
{
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    return *id != '\0';
}

/* The item of f called name: its name, or group_name, unique in the interface. */
static const struct item *item_named(const struct iface *f, const char *name)
{
    const struct item *hit = NULL;
    size_t n = 0;
    for (size_t i = 0; i < f->nitems; i++)
        if (!strcmp(f->items[i].name, name))
            hit = &f->items[i], n++;
    if (n == 1)
        return hit;
    if (n > 1)
        return NULL;
    for (size_t i = 0; i < f->nitems; i++) {
        const struct item *it = &f->items[i];
        size_t g = it->group ? strlen(it->group) : 0;
        if (g && !strncmp(name, it->group, g) && name[g] == '_' && !strcmp(name + g + 1, it->name))
            hit = it, n++;
    }
    return n == 1 ? hit : NULL;
}

/* Digits written before a "：" (or ":") in s, joined by '|': "（1：一部若しくは2：完全）"
 * gives "1|2". */
static bool values_of(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9' || (p > s && p[-1] >= '0' && p[-1] <= '9'))
            continue;
        const char *q = p;
        while (*q >= '0' && *q <= '9')
            q++;
        if (*q != ':' && strncmp(q, "：", 3) != 0)
            continue;
        if (o + (size_t)(q - p) + 2 >= cap)
            return false;
        if (o)
            out[o++] = '|';
        memcpy(out + o, p, (size_t)(q - p));
        o += (size_t)(q - p);
    }
    out[o] = '\0';
    return o > 0;
}

/*
 * The `when` of item k of f from its condition text, or NULL when it cannot be evaluated on
 * the file (billing, "round #k is entered", a loose group of items: see
 * specs/life/README.md, decision 5). *judged is set when a name was linked by position.
 *   NAME＝V：label [かつ NAME＝（V：label若しくはV：label）]...   -> id=V&id=V|V
 *   N回目の記入日|実施日|実施年月日が入力されている                  -> the nearest such item
 *                                                                  above, ID ending _0N
 *   NAMEを入力する                                                 -> id (has a value)
 */
static const char *derive_when(struct imp *I, const struct iface *f, size_t k, const char *cond,
                               bool *judged)
{
    *judged = false;
    if (!cond || strstr(cond, "加算"))
        return NULL;
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", cond);
    /* cut "…の場合に必須", "…場合に必須", "…に必須" */
    static const char *const tails[] = {"の場合に必須", "場合に必須", "に必須", "の場合", NULL};
    size_t tl = 0;
    char *cut = (char *)find_sub(buf, tails, &tl);
    if (!cut)
        return NULL;
    *cut = '\0';
    const char *c = trim(I, buf);
    if (!c)
        return NULL;
    /* "N回目の…が入力されている" */
    const char *kai = strstr(c, "回目");
    if (kai) {
        if (!strstr(kai, "が入力されている"))
            return NULL; /* "N回目を入力する": the round itself */
        unsigned n = 0;
        const char *d = c;
        while (*d >= '0' && *d <= '9' && d < kai)
            n = n * 10 + (unsigned)(*d++ - '0');
        if (d != kai || n == 0 || n > 99)
            return NULL;
        static const char *const dates[] = {"記入日", "実施日", "実施年月日", NULL};
        char suffix[8];
        snprintf(suffix, sizeof suffix, "_%02u", n);
        for (size_t i = k; i-- > 0;) {
            const struct item *it = &f->items[i];
            size_t il = strlen(it->id);
            bool date = false;
            for (size_t j = 0; dates[j]; j++)
                date = date || strstr(it->name, dates[j]);
            if (date && il > 3 && !strcmp(it->id + il - 3, suffix))
                return id_ok(it->id) ? it->id : NULL;
        }
        return NULL;
    }
    /* "NAMEを入力する": the item has a value */
    size_t cl = strlen(c);
    static const char suf[] = "を入力する";
    if (cl > sizeof suf - 1 && !strcmp(c + cl - (sizeof suf - 1), suf) && !strstr(c, "＝") &&
        !strchr(c, '=')) {
        char name[512];
        snprintf(name, sizeof name, "%.*s", (int)(cl - (sizeof suf - 1)), c);
        const struct item *it = item_named(f, name);
        return it && id_ok(it->id) ? it->id : NULL;
    }
    /* terms joined by かつ */
    struct rk_buf out = {.max = 1024};
    const char *p = c;
    bool ok = true;
    while (ok && *p) {
        const char *and = strstr(p, "かつ");
        size_t n = and? (size_t)(and-p) : strlen(p);
        char term[512];
        snprintf(term, sizeof term, "%.*s", (int)(n < 500 ? n : 500), p);
        p = and? and+strlen("かつ") : p + n;
        const char *t = trim(I, term);
        if (!t || !*t) {
            ok = false;
            break;
        }
        /* NAME＝VALUES */
        const char *eq = strstr(t, "＝");
        size_t el = 3;
        const char *eq2 = strchr(t, '=');
        if (!eq || (eq2 && eq2 < eq))
            eq = eq2, el = 1;
        if (!eq) {
            ok = false;
            break;
        }
        char name[512], vals[128];
        snprintf(name, sizeof name, "%.*s", (int)(eq - t), t);
        const char *nm = trim(I, name);
        if (!nm || !values_of(eq + el, vals, sizeof vals)) {
            ok = false;
            break;
        }
        /* strip 「」 around the name */
        if (starts(nm, "「")) {
            size_t nl = strlen(nm);
            if (nl >= 6 && !strcmp(nm + nl - 3, "」"))
                nm = adup(I, nm + 3, nl - 6);
        }
        const struct item *it = nm ? item_named(f, nm) : NULL;
        if (!it && k > 0) {
            /* judgement: a form label matching no single item names the yes/no flag that sits
             * just before the conditional item */
            it = &f->items[k - 1];
            *judged = true;
        }
        if (!it || !id_ok(it->id) || it == &f->items[k]) {
            ok = false;
            break;
        }
        if (rk_buf_printf(&out, "%s%s=%s", out.len ? "&" : "", it->id, vals) != RK_OK)
            ok = false;
    }
    const char *w = ok && out.len ? adup(I, out.data, out.len) : NULL;
    rk_buf_free(&out);
    return w;
}

/* ---- interface sheets ---- */

static const char *type_of(const char *s)
{
    if (!s)
        return NULL;
    if (strstr(s, "文字列"))
        return "string";
    if (strstr(s, "数値"))
        return "number";
    if (strstr(s, "数字"))
        return "digits";
    return NULL;
}

static const char *mark_of(const char *s)
{
    if (!s)
        return "no";
    if (strstr(s, "◎"))
        return "always";
    if (strstr(s, "●"))
        return "cond";
    if (strstr(s, "○"))
        return "confirm";
    return NULL;
}

/* digits of a length cell (a stray line break is ignored), "-" when empty, NULL when not a
 * number */
static const char *number_of(struct imp *I, const char *s)
{
    if (!s)
        return "-";
    char d[16];
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (n >= 9) /* the tables' numbers have at most 9 digits (spec_load.c) */
                return NULL;
            d[n++] = *p;
        } else if (!strchr(" \r\n\t", *p)) {
            return NULL;
        }
    }
    if (!n)
        return "-";
    while (n > 1 && d[0] == '0')
        memmove(d, d + 1, n--);
    return adup(I, d, n);
}

static const char *format_of(const char *s)
{
    if (!s)
        return "-";
    char l[64];
    label_of(s, l, sizeof l);
    static const char *const f[][2] = {{"YYYYMMDD", "yyyymmdd"},
                                       {"yyyymmdd", "yyyymmdd"},
                                       {"YYYYMM", "yyyymm"},
                                       {"yyyymm", "yyyymm"},
                                       {"HHmm", "hhmm"},
                                       {"HHMM", "hhmm"},
                                       {"hhmm", "hhmm"},
                                       {"hh", "hh"},
                                       {"HH", "hh"},
                                       {"mm", "mm"},
                                       {"MM", "mm"}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (!strcmp(l, f[i][0]))
            return f[i][1];
    return NULL;
}

static enum rk_status iface_push_item(struct iface *f, const struct item *it)
{
    if (!rk_grow(&f->items, &f->capitems, f->nitems + 1, sizeof *f->items))
        return RK_E_NOMEM;
    f->items[f->nitems++] = *it;
    return RK_OK;
}

static void read_interface(struct imp *I, struct sheet *s, uint32_t hrow, const uint32_t *cols,
                           uint32_t span)
{
    static const char *const labels[C_N] = {"No.",         "項目ID", "項目名", "タイプ/データ型",
                                            "整数桁/桁数", "小数…",  "必須"};
    for (int r = C_NO; r <= C_REQ; r++)
        if (!cols[r] && r != C_DEC) {
            finding(I, RK_RULE_LIFEIMP_002, s->name, hrow, 0, NULL, labels[r], NULL);
            return;
        }
    /* the sheet name is the data-type name and the table's file name: A-Z a-z 0-9 _ only,
     * and once per workbook */
    const char *sid = trim(I, s->name);
    if (!sid)
        return;
    bool ok = *sid && strlen(sid) <= 64;
    for (const char *p = sid; ok && *p; p++)
        ok = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
             *p == '_';
    for (size_t i = 0; ok && i < I->nif; i++)
        ok = strcmp(I->ifs[i].id, sid) != 0;
    /* the version's other tables have these names */
    ok = ok && strcmp(sid, "codes") && strcmp(sid, "interfaces") && strcmp(sid, "collisions");
    if (!ok) {
        finding(I, RK_RULE_LIFEIMP_003, s->name, hrow, 0, NULL,
                "a sheet name of A-Z a-z 0-9 _ used once (the data-type name)", s->name);
        return;
    }
    if (!rk_grow(&I->ifs, &I->capif, I->nif + 1, sizeof *I->ifs)) {
        I->st = RK_E_NOMEM;
        return;
    }
    struct iface *f = &I->ifs[I->nif++];
    memset(f, 0, sizeof *f);
    f->sheet = s->name;
    f->id = sid;
    char cit[768];
    snprintf(cit, sizeof cit, "%s sha256:%s sheet %s", I->wbname, I->sha, f->id);
    f->citation = adup(I, cit, strlen(cit));
    /* the name: the interface list sheet, else the title in A1 before 【 */
    f->name = NULL;
    for (size_t i = 0; i + 1 < I->nnames; i += 2)
        if (!strcmp(I->names[i], f->id))
            f->name = I->names[i + 1];
    if (!f->name) {
        const char *t = at(s, 1, 1);
        const char *b = t ? strstr(t, "【") : NULL;
        f->name = t ? tsv_cell(I, adup(I, t, b ? (size_t)(b - t) : strlen(t))) : "-";
    }
    const char *group = NULL;
    uint32_t *rows;
    size_t nr = rows_of(s, &rows);
    for (size_t ri = 0; ri < nr && I->st == RK_OK; ri++) {
        uint32_t row = rows[ri];
        if (row <= hrow)
            continue;
        const char *no = at(s, row, cols[C_NO]), *id = at(s, row, cols[C_ID]);
        /* the name over its columns, joined by _ */
        char name[768] = "";
        size_t nl = 0;
        for (uint32_t k = 0; k < span; k++) {
            const char *part = at(s, row, cols[C_NAME] + k);
            const char *t = part ? trim(I, part) : NULL;
            if (t && *t)
                nl += (size_t)snprintf(name + nl, sizeof name - nl, "%s%s", nl ? "_" : "", t);
            if (nl >= sizeof name)
                nl = sizeof name - 1;
        }
        const char *nos = no ? number_of(I, no) : NULL;
        if (!no || !id || !nos || !strcmp(nos, "-")) {
            if (!no && !id && nl)
                group = tsv_cell(I, name); /* a label row grouping the items below it */
            else if (id || no)
                finding(I, RK_RULE_LIFEIMP_003, s->name, row, cols[no ? C_ID : C_NO], "No./項目ID",
                        "No. and 項目ID", no ? no : id);
            continue;
        }
        struct item it = {.row = row, .group = group};
        it.no = (unsigned)strtoul(nos, NULL, 10);
        it.id = trim(I, id);
        if (it.id &&
            (strcmp(it.id, tsv_cell(I, it.id)) || strchr(it.id, ' ') || !strcmp(it.id, "-"))) {
            finding(I, RK_RULE_LIFEIMP_003, s->name, row, cols[C_ID], "項目ID",
                    "an item ID without spaces or line breaks", it.id);
            continue;
        }
        for (size_t k = 0; it.id && k < f->nitems; k++)
            if (!strcmp(f->items[k].id, it.id)) {
                finding(I, RK_RULE_LIFEIMP_003, s->name, row, cols[C_ID], "項目ID",
                        "an item ID used once in the sheet", it.id);
                break;
            }
        if (!it.id)
            break;
        it.name = nl ? tsv_cell_sep(I, name, " ") : "-";
        const char *type = at(s, row, cols[C_TYPE]);
        it.type = type_of(type);
        if (!it.type) {
            finding(I, RK_RULE_LIFEIMP_003, s->name, row, cols[C_TYPE], it.id, "文字列|数値|数字",
                    type ? type : "");
            it.type = "string";
        }
        it.length = cols[C_LEN] ? number_of(I, at(s, row, cols[C_LEN])) : "-";
        it.decimals = cols[C_DEC] ? number_of(I, at(s, row, cols[C_DEC])) : "-";
        if (!it.length || !it.decimals) {
            finding(I, RK_RULE_LIFEIMP_003, s->name, row, cols[!it.length ? C_LEN : C_DEC], it.id,
                    "digits", at(s, row, cols[!it.length ? C_LEN : C_DEC]));
            it.length = it.length ? it.length : "-";
            it.decimals = it.decimals ? it.decimals : "-";
        }
        if (strcmp(it.type, "number") && !strcmp(it.decimals, "0"))
            it.decimals = "-";
        const char *mark = at(s, row, cols[C_REQ]);
        it.required = mark_of(mark);
        if (!it.required) {
            const char *t = trim(I, mark);
            it.required = "no";
            if (t && *t)
                finding(I, RK_RULE_LIFEIMP_003, s->name, row, cols[C_REQ], it.id, "◎|○|●|empty", t);
        }
        const char *fmt = cols[C_FMT] ? at(s, row, cols[C_FMT]) : NULL;
        const char *fmt_t = fmt ? trim(I, fmt) : NULL;
        if (fmt_t && !*fmt_t)
            fmt = fmt_t = NULL;
        it.format = format_of(fmt_t);
        const char *fmt_other = it.format ? NULL : fmt_t; /* a 書式 with no format: in the note */
        if (!it.format)
            it.format = "-";
        const char *desc = cols[C_DESC] ? at(s, row, cols[C_DESC]) : NULL;
        const char *note = cols[C_NOTE] ? at(s, row, cols[C_NOTE]) : NULL;
        if (!strcmp(it.format, "yyyymmdd") && desc && strstr(desc, "00日として"))
            it.format = "yyyymmdd_d00"; /* the list: unknown day written as 00 */
        char both[4096];
        snprintf(both, sizeof both, "%s\n%s", desc ? desc : "", note ? note : "");
        it.desc = adup(I, both, strlen(both));
        it.codecel = cols[C_CODE] ? at(s, row, cols[C_CODE]) : NULL;
        it.example = cols[C_EX] ? at(s, row, cols[C_EX]) : NULL;
        it.kana =
            strstr(it.name, "半角カナ") || strstr(it.name, "半角カタカナ") ? "halfwidth" : "-";
        char icit[768];
        snprintf(icit, sizeof icit, "%s sha256:%s sheet %s row %u No.%u", I->wbname, I->sha, f->id,
                 row, it.no);
        it.citation = adup(I, icit, strlen(icit));
        /* the note: attributes as the list gives them, then its own words */
        const char *range = cols[C_RANGE] ? at(s, row, cols[C_RANGE]) : NULL;
        char nb[4096];
        int nn = snprintf(nb, sizeof nb, "imported (primary, MHLW item list): %s %s%s%s, %s%s%s",
                          it.type, it.length, strcmp(it.decimals, "-") ? "." : "",
                          strcmp(it.decimals, "-") ? it.decimals : "", mark ? mark : "no mark",
                          range ? "; range " : "", range ? range : "");
        if (fmt_other && nn > 0 && (size_t)nn < sizeof nb)
            nn += snprintf(nb + nn, sizeof nb - (size_t)nn, "; 書式: %s", fmt_other);
        if (desc && nn > 0 && (size_t)nn < sizeof nb)
            nn += snprintf(nb + nn, sizeof nb - (size_t)nn, "; 説明: %s", desc);
        if (note && nn > 0 && (size_t)nn < sizeof nb)
            nn += snprintf(nb + nn, sizeof nb - (size_t)nn, "; 備考: %s", note);
        it.note = tsv_cell(I, nb);
        if (I->st == RK_OK)
            I->st = iface_push_item(f, &it);
        if (I->st == RK_OK && !it.id[0])
            finding(I, RK_RULE_LIFEIMP_003, s->name, row, cols[C_ID], "項目ID", "an item ID", "");
    }
    rk_free(rows);
    /* ● conditions, now that every name of the interface is known */
    for (size_t k = 0; k < f->nitems && I->st == RK_OK; k++) {
        struct item *it = &f->items[k];
        it->condition = "-";
        it->when = "-";
        if (strcmp(it->required, "cond"))
            continue;
        I->ncond++;
        const char *c = condition_text(I, it->desc);
        bool judged = false;
        const char *w = derive_when(I, f, k, c, &judged);
        char cb[2048];
        snprintf(cb, sizeof cb, "%s%s", c ? c : it->desc,
                 judged ? " (judgement: the name matches no single item; linked to the item "
                          "just before)"
                        : "");
        it->condition = tsv_cell(I, cb);
        if (w) {
            it->when = w;
            I->nwhen++;
        } else {
            finding(I, RK_RULE_LIFEIMP_004, s->name, it->row, cols[C_DESC], it->id,
                    "a condition on items of the sheet", c ? c : "");
        }
    }
    for (size_t k = 0; k < f->nitems && I->st == RK_OK; k++)
        f->items[k].codes = item_codes(I, f, &f->items[k]);
}

/* Whether interface f has item id. */
static bool has_item(const struct iface *f, const char *id)
{
    for (size_t k = 0; k < f->nitems; k++)
        if (!strcmp(f->items[k].id, id))
            return true;
    return false;
}

/* Links (specs/life/README.md, "Links between files"), once every sheet is read: a sheet
 * with a detail number whose name extends an earlier interface's name (科学的介護推進情報
 * (既往歴情報)) is that one's child by external_system_management_number; other forms with
 * the four user keys name their user in SERVICE_USER_INFO when the workbook has it. */
static void link_interfaces(struct imp *I)
{
    static const char *const ukeys[] = {"care_facility_id", "service_code", "insurer_no",
                                        "insured_no"};
    const struct iface *user = NULL;
    for (size_t i = 0; i < I->nif; i++)
        if (!strcmp(I->ifs[i].id, "SERVICE_USER_INFO"))
            user = &I->ifs[i];
    for (size_t i = 0; i < I->nif; i++) {
        struct iface *f = &I->ifs[i];
        f->parent = f->keys = "-";
        size_t best = 0;
        if (has_item(f, "external_system_management_detail_number") &&
            has_item(f, "external_system_management_number")) {
            for (size_t j = 0; j < i; j++) {
                const struct iface *p = &I->ifs[j];
                size_t n = strlen(p->name);
                if (n > best && strcmp(p->name, "-") && strlen(f->name) > n &&
                    !strncmp(f->name, p->name, n) &&
                    has_item(p, "external_system_management_number")) {
                    best = n;
                    f->parent = p->id;
                    f->keys = "external_system_management_number";
                }
            }
        }
        bool keys = true;
        for (size_t j = 0; j < 4; j++)
            keys = keys && has_item(f, ukeys[j]);
        if (!best && user && f != user && keys) {
            bool ukeys_ok = true;
            for (size_t j = 0; j < 4; j++)
                ukeys_ok = ukeys_ok && has_item(user, ukeys[j]);
            if (ukeys_ok) {
                f->parent = "SERVICE_USER_INFO";
                f->keys = "care_facility_id,service_code,insurer_no,insured_no";
            }
        }
    }
}

/* Every item's list exists: a code sheet an item points to (※職種コード参照) must be in the
 * workbook. */
static void check_code_refs(struct imp *I)
{
    for (size_t i = 0; i < I->nif; i++)
        for (size_t k = 0; k < I->ifs[i].nitems; k++) {
            struct item *it = &I->ifs[i].items[k];
            bool found = !strcmp(it->codes, "-");
            for (size_t j = 0; !found && j < I->ncodes; j++)
                found = !strcmp(I->codes[j].list, it->codes);
            if (!found) {
                finding(I, RK_RULE_LIFEIMP_003, I->ifs[i].id, it->row, 0, it->id,
                        "a code sheet the workbook holds", it->codecel);
                it->codes = "-";
            }
        }
}

/* The interface list sheet (インターフェース名 / …物理名): id -> name. */
static void read_list_sheet(struct imp *I, const struct sheet *s)
{
    uint32_t hrow = 0, ncol = 0, icol = 0;
    for (size_t i = 0; i < s->g.ncells; i++) {
        const struct rk_xlsx_cell *c = &s->sorted[i];
        if (c->row > 10)
            break;
        char l[256];
        label_of(s->g.text.data + c->off, l, sizeof l);
        if (strstr(l, "インターフェース名") || strstr(l, "インタフェース名"))
            hrow = c->row, ncol = c->col;
        else if (strstr(l, "物理名"))
            icol = c->col;
    }
    if (!hrow || !icol)
        return;
    uint32_t *rows;
    size_t nr = rows_of(s, &rows);
    for (size_t r = 0; r < nr && I->st == RK_OK; r++) {
        const char *id = rows[r] > hrow ? at(s, rows[r], icol) : NULL;
        const char *nm = id ? at(s, rows[r], ncol) : NULL;
        if (!nm)
            continue;
        if (!rk_grow(&I->names, &I->capnames, I->nnames + 2, sizeof *I->names)) {
            I->st = RK_E_NOMEM;
            break;
        }
        I->names[I->nnames++] = trim(I, id);
        I->names[I->nnames++] = tsv_cell(I, nm);
    }
    rk_free(rows);
}

/* ---- output ---- */

struct out {
    struct imp *I;
    struct rk_life_import *r;
    size_t cap;
};

static enum rk_status table_add(struct out *o, const char *path, struct rk_buf *b)
{
    struct rk_life_import *r = o->r;
    if (!rk_grow(&r->tables, &o->cap, r->ntables + 1, sizeof *r->tables))
        return RK_E_NOMEM;
    const char *p = adup(o->I, path, strlen(path));
    const char *d = adup(o->I, b->data ? b->data : "", b->len);
    if (!p || !d)
        return RK_E_NOMEM;
    r->tables[r->ntables++] = (struct rk_life_table){p, d, b->len};
    return RK_OK;
}

/* The role of an item (column `role`, specs/life/README.md) by its ID: the items the
 * CSV連携仕様書（LIFE） v1.0 names as a record's office, user and keys, the version item and the
 * periods the lists give (the ID is the list's; the role is what the rules look items up by). */
static const char *item_role(const char *id)
{
    static const char *const roles[][2] = {
        {"care_facility_id", "office"},
        {"service_code", "service_type"},
        {"insurer_no", "insurer"},
        {"insured_no", "insured"},
        {"external_system_management_number", "record_key"},
        {"external_system_management_detail_number", "detail_key"},
        {"version", "version"},
        {"care_period_start", "period_start"},
        {"care_period_end", "period_end"},
        {"start_date", "period_start"},
        {"end_date", "period_end"},
    };
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (!strcmp(id, roles[i][0]))
            return roles[i][1];
    return "-";
}

static enum rk_status write_tables(struct imp *I, struct rk_life_import *r)
{
    struct out o = {.I = I, .r = r};
    const char *V = I->opt->version;
    char path[512];
    struct rk_buf b = {.max = 0};
    enum rk_status st = RK_OK;
    /* life/versions.tsv goes first; its note names the digest of the other tables, so it is
     * made last (slot 0 kept) */
    struct rk_buf empty = {.max = 0};
    st = table_add(&o, "life/versions.tsv", &empty);
    /* codes, interfaces, items: in the order the loader reads them (the digest's order) */
    if (st == RK_OK)
        st = rk_buf_printf(&b, "list\tvalue\tlabel\tcitation\n");
    for (size_t i = 0; st == RK_OK && i < I->ncodes; i++)
        st = rk_buf_printf(&b, "%s\t%s\t%s\t%s\n", I->codes[i].list, I->codes[i].value,
                           I->codes[i].label, I->codes[i].citation);
    snprintf(path, sizeof path, "life/%s/codes.tsv", V);
    if (st == RK_OK)
        st = table_add(&o, path, &b);
    b.len = 0;
    if (st == RK_OK)
        st = rk_buf_printf(&b, "id\tname\tparent\tkeys\tcitation\tnote\n");
    for (size_t i = 0; st == RK_OK && i < I->nif; i++) {
        const struct iface *f = &I->ifs[i];
        st = rk_buf_printf(&b,
                           "%s\t%s\t%s\t%s\t%s\timported (primary, MHLW item list); %zu "
                           "items; parent and keys by the rule of specs/life/README.md\n",
                           f->id, f->name, f->parent, f->keys, f->citation, f->nitems);
    }
    snprintf(path, sizeof path, "life/%s/interfaces.tsv", V);
    if (st == RK_OK)
        st = table_add(&o, path, &b);
    for (size_t i = 0; st == RK_OK && i < I->nif; i++) {
        const struct iface *f = &I->ifs[i];
        b.len = 0;
        st = rk_buf_printf(&b, "no\tid\tname\ttype\tlength\tdecimals\trequired\tcondition\twhen"
                               "\tcodes\tformat\tkana\trole\tcitation\tnote\n");
        for (size_t k = 0; st == RK_OK && k < f->nitems; k++) {
            const struct item *it = &f->items[k];
            st = rk_buf_printf(&b, "%u\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
                               it->no, it->id, it->name, it->type, it->length, it->decimals,
                               it->required, it->condition, it->when, it->codes, it->format,
                               it->kana, item_role(it->id), it->citation, it->note);
        }
        snprintf(path, sizeof path, "life/%s/%s.tsv", V, f->id);
        if (st == RK_OK)
            st = table_add(&o, path, &b);
    }
    /* the digest of those tables, then versions.tsv with the stamp the loader checks */
    char digest[65] = "";
    struct rk_sha256 *h = st == RK_OK ? rk_sha256_new() : NULL;
    if (st == RK_OK && !h)
        st = RK_E_NOMEM;
    for (size_t i = 1; st == RK_OK && i < r->ntables; i++)
        st = rk_tables_digest_add(h, r->tables[i].path, r->tables[i].data, r->tables[i].len);
    if (st == RK_OK)
        st = rk_sha256_final(h, digest);
    rk_sha256_free(h);
    /* the version value is the 例 of a `version` item when it gives one */
    const char *vv = "-";
    bool has_version = false;
    for (size_t i = 0; i < I->nif; i++)
        for (size_t k = 0; k < I->ifs[i].nitems; k++)
            if (!strcmp(I->ifs[i].items[k].id, "version")) {
                has_version = true;
                const char *ex = I->ifs[i].items[k].example;
                const char *t = ex ? trim(I, ex) : NULL;
                if (t && strlen(t) == 4 && strspn(t, "0123456789") == 4)
                    vv = t;
            }
    b.len = 0;
    if (st == RK_OK)
        st = rk_buf_printf(
            &b,
            "version\tversion_value\tgeneration\theader_lines\tencodings\teol\tcitation\tnote\n"
            "%s\t%s\t-\t%s\tutf-8,cp932\tcrlf,cr\t%s sha256:%s\timported from the MHLW item "
            "list by renkei specs import-life; header_lines, encodings and eol are the "
            "CSV連携仕様書's, not the list's (specs/life/README.md); tables: %s; import: "
            "sha256=%s tables=%s file=%s\n",
            V, vv, has_version ? "type+names,names" : "type+names", I->wbname, I->sha, V, I->sha,
            digest, I->wbname);
    if (st == RK_OK) {
        const char *d = adup(I, b.data, b.len);
        if (!d)
            st = RK_E_NOMEM;
        else
            r->tables[0] = (struct rk_life_table){"life/versions.tsv", d, b.len};
    }
    memcpy(r->tables_digest, digest, sizeof digest);
    rk_buf_free(&b);
    rk_buf_free(&empty);
    return st;
}

/* ---- the import ---- */

static bool version_ok(const char *v)
{
    size_t n = v ? strlen(v) : 0;
    if (n == 0 || n > 16)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((v[i] >= '0' && v[i] <= '9') || v[i] == '.'))
            return false;
    return v[0] != '.';
}

enum rk_status rk_life_import(const void *data, size_t len,
                              const struct rk_life_import_options *opt, struct rk_life_import **out,
                              rk_sink_fn sink, void *ctx)
{
    *out = NULL;
    if (!opt || !version_ok(opt->version) || (!data && len))
        return RK_E_ARG;
    struct imp I = {.opt = opt, .wbname = opt->name ? opt->name : "workbook.xlsx"};
    I.em.sink = sink;
    I.em.ctx = ctx;
    I.em.path = I.wbname;
    struct rk_life_import *r = rk_calloc(1, sizeof *r);
    I.arena = rk_arena_new();
    struct rk_sha256 *h = rk_sha256_new();
    enum rk_status st = r && I.arena && h ? RK_OK : RK_E_NOMEM;
    if (st == RK_OK) /* the name goes into TSV cells: no tabs or line breaks */
        I.wbname = tsv_cell_sep(&I, I.wbname, " ");
    if (st == RK_OK && I.st != RK_OK)
        st = I.st;
    if (st == RK_OK)
        st = rk_sha256_update(h, data ? data : "", len);
    if (st == RK_OK)
        st = rk_sha256_final(h, I.sha);
    rk_sha256_free(h);
    const char *why = NULL;
    struct rk_xlsx_limits lim = {opt->max_part_bytes, opt->max_total_bytes, opt->max_strings,
                                 opt->max_cells};
    if (st == RK_OK) {
        st = rk_xlsx_open(&I.x, data ? data : "", len, &lim, &why);
        if (st == RK_E_IO || st == RK_E_LIMIT)
            finding(&I, RK_RULE_LIFEIMP_001, NULL, 0, 0, NULL, "an .xlsx workbook", why);
    }
    /* every sheet: the interface list first (names), then interfaces and code sheets */
    size_t ns = st == RK_OK ? rk_xlsx_sheet_count(I.x) : 0;
    struct sheet *sh = ns ? rk_calloc(ns, sizeof *sh) : NULL;
    if (ns && !sh)
        st = RK_E_NOMEM;
    for (size_t i = 0; st == RK_OK && i < ns; i++) {
        sh[i].name = rk_xlsx_sheet_name(I.x, i);
        st = rk_xlsx_sheet_read(I.x, i, &sh[i].g, &why);
        if (st == RK_E_IO || st == RK_E_LIMIT)
            finding(&I, RK_RULE_LIFEIMP_001, sh[i].name, 0, 0, NULL, "an .xlsx workbook", why);
        if (st == RK_OK) {
            sh[i].sorted = sh[i].g.cells;
            if (sh[i].g.ncells) /* an empty sheet has no cells (NULL) */
                qsort(sh[i].sorted, sh[i].g.ncells, sizeof *sh[i].sorted, cmp_cell);
        }
    }
    for (size_t i = 0; st == RK_OK && i < ns; i++)
        read_list_sheet(&I, &sh[i]), st = I.st;
    for (size_t i = 0; st == RK_OK && i < ns; i++) {
        uint32_t cols[C_N], span = 0;
        uint32_t hrow = find_header(&sh[i], cols, &span);
        if (hrow)
            read_interface(&I, &sh[i], hrow, cols, span);
        st = I.st;
    }
    for (size_t i = 0; st == RK_OK && i < ns; i++) {
        const char *n = trim(&I, sh[i].name);
        for (size_t k = 0; n && sheet_lists[k].sheet; k++)
            if (!strcmp(n, sheet_lists[k].sheet))
                sheet_codes(&I, &sh[i], sheet_lists[k].list);
        st = I.st;
    }
    if (st == RK_OK)
        link_interfaces(&I);
    if (st == RK_OK)
        check_code_refs(&I);
    if (st == RK_OK && I.nif == 0) {
        finding(&I, RK_RULE_LIFEIMP_002, NULL, 0, 0, NULL,
                "a sheet whose header has No. and 項目ID (an interface)", NULL);
    }
    if (st == RK_OK && I.em.count[RK_SEV_ERROR] > 0)
        st = RK_E_SPEC;
    if (st == RK_OK) {
        memcpy(r->sha256, I.sha, sizeof r->sha256);
        r->ninterfaces = I.nif;
        for (size_t i = 0; i < I.nif; i++)
            r->nitems += I.ifs[i].nitems;
        r->ncodes = I.ncodes;
        r->ncond = I.ncond;
        r->nwhen = I.nwhen;
        st = write_tables(&I, r);
    }
    for (size_t i = 0; i < ns; i++)
        rk_xlsx_grid_free(&sh[i].g);
    rk_free(sh);
    for (size_t i = 0; i < I.nif; i++)
        rk_free(I.ifs[i].items);
    rk_free(I.ifs);
    rk_free(I.codes);
    rk_free(I.names);
    rk_xlsx_free(I.x);
    if (st != RK_OK) {
        rk_arena_free(I.arena);
        if (r)
            rk_free(r->tables);
        rk_free(r);
        /* a workbook refused or over a limit was reported as LIFEIMP-001 */
        return st == RK_E_IO || st == RK_E_LIMIT ? RK_E_SPEC : st;
    }
    r->owner = I.arena;
    *out = r;
    return RK_OK;
}

void rk_life_import_free(struct rk_life_import *r)
{
    if (!r)
        return;
    rk_arena_free(r->owner);
    rk_free(r->tables);
    rk_free(r);
}
