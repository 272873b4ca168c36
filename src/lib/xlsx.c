/*
 * xlsx.c - the cells of an Office Open XML workbook (.xlsx) held in memory, the only file that
 * uses expat. An xlsx is a ZIP (read by inputs.c) of XML parts: xl/workbook.xml names the sheets,
 * xl/_rels/workbook.xml.rels maps them to parts, xl/sharedStrings.xml holds the strings the
 * cells point to. Hostile workbooks are bounded: a DOCTYPE (and so any entity declaration) is
 * refused outright, every part is inflated at most to a cap, the inflated total, the number
 * of shared strings, their bytes and the cells per sheet have caps, and reaching one is
 * RK_E_LIMIT with the reason in x->why. Phonetic guides (<rPh>, the furigana Japanese Excel
 * stores with a string) are not part of a cell's text.
 */
#include "xlsx.h"

#include "alloc.h"
#include "inputs.h"

#include <expat.h>
#include <stdint.h>
#include <string.h>

#define DEF_MAX_PART (64u << 20)
#define DEF_MAX_TOTAL (256u << 20)
#define DEF_MAX_STRINGS 1000000u
#define DEF_MAX_CELLS 2000000u

struct sheet_ref {
    char *name;
    char *rid;
    char *part; /* zip member, e.g. xl/worksheets/sheet1.xml */
};

struct rk_xlsx {
    struct rk_zip *zip;
    struct rk_xlsx_limits lim;
    size_t inflated; /* bytes inflated so far, all parts */
    size_t nsheets, capsheets;
    struct sheet_ref *sheets;
    size_t nstrings, capstrings;
    size_t *str_off; /* shared string i is strings.data[str_off[i] .. str_off[i] + str_len[i]] */
    size_t *str_len;
    size_t cap_len;
    struct rk_buf strings;
    const char *why; /* static English text: why the workbook was refused */
};

/* ---- one parse of one part ---- */

enum part_kind { P_WORKBOOK, P_RELS, P_STRINGS, P_SHEET };

struct parse {
    struct rk_xlsx *x;
    XML_Parser p;
    enum part_kind kind;
    enum rk_status st;
    int depth_rph; /* inside <rPh>: not text */
    bool in_si, in_t, in_v, in_c;
    struct rk_buf text; /* text of the current string or cell */
    /* sheets */
    struct rk_xlsx_grid *grid;
    uint32_t row, col;
    char ctype[16];
    bool has_value;
};

static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static void fail(struct parse *ps, enum rk_status st, const char *why)
{
    if (ps->st == RK_OK) {
        ps->st = st;
        ps->x->why = why;
    }
    XML_StopParser(ps->p, XML_FALSE);
}

static const char *attr(const char **atts, const char *want)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), want) == 0)
            return atts[i + 1];
    return NULL;
}

/* "B12" -> column 2, row 12; 0 when r is not a cell reference. */
static void cell_ref(const char *r, uint32_t *row, uint32_t *col)
{
    uint32_t c = 0, w = 0;
    const char *p = r;
    for (; *p >= 'A' && *p <= 'Z' && c < 100000; p++)
        c = c * 26 + (uint32_t)(*p - 'A' + 1);
    for (; *p >= '0' && *p <= '9' && w < 100000000; p++)
        w = w * 10 + (uint32_t)(*p - '0');
    if (*p || !c || !w)
        c = w = 0;
    *row = w;
    *col = c;
}

static char *dup_attr(struct parse *ps, const char *s)
{
    char *d = rk_strdup(s ? s : "");
    if (!d)
        fail(ps, RK_E_NOMEM, "out of memory");
    return d;
}

static void add_sheet(struct parse *ps, const char **atts)
{
    struct rk_xlsx *x = ps->x;
    const char *name = attr(atts, "name");
    const char *rid = NULL;
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], "id") != 0 && strcmp(local(atts[i]), "id") == 0)
            rid = atts[i + 1]; /* r:id, whatever the prefix */
    if (!name || !rid)
        return;
    if (x->nsheets >= 4096) {
        fail(ps, RK_E_LIMIT, "more than 4096 sheets");
        return;
    }
    if (!rk_grow(&x->sheets, &x->capsheets, x->nsheets + 1, sizeof *x->sheets)) {
        fail(ps, RK_E_NOMEM, "out of memory");
        return;
    }
    struct sheet_ref *s = &x->sheets[x->nsheets];
    memset(s, 0, sizeof *s);
    s->name = dup_attr(ps, name);
    s->rid = dup_attr(ps, rid);
    x->nsheets++;
}

static void add_rel(struct parse *ps, const char **atts)
{
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
    const char *type = attr(atts, "Type");
    if (!id || !target)
        return;
    char part[1024];
    if (target[0] == '/')
        snprintf(part, sizeof part, "%s", target + 1);
    else
        snprintf(part, sizeof part, "xl/%s", target);
    for (size_t i = 0; i < ps->x->nsheets; i++)
        if (!ps->x->sheets[i].part && strcmp(ps->x->sheets[i].rid, id) == 0)
            ps->x->sheets[i].part = dup_attr(ps, part);
    (void)type;
}

static void on_start(void *ud, const char *name, const char **atts)
{
    struct parse *ps = ud;
    const char *n = local(name);
    if (ps->depth_rph) {
        ps->depth_rph++;
        return;
    }
    if (strcmp(n, "rPh") == 0) {
        ps->depth_rph = 1;
        return;
    }
    switch (ps->kind) {
    case P_WORKBOOK:
        if (strcmp(n, "sheet") == 0)
            add_sheet(ps, atts);
        break;
    case P_RELS:
        if (strcmp(n, "Relationship") == 0)
            add_rel(ps, atts);
        break;
    case P_STRINGS:
        if (strcmp(n, "si") == 0) {
            ps->in_si = true;
            ps->text.len = 0;
        } else if (strcmp(n, "t") == 0 && ps->in_si) {
            ps->in_t = true;
        }
        break;
    case P_SHEET:
        if (strcmp(n, "row") == 0) {
            const char *r = attr(atts, "r");
            uint32_t w = ps->row + 1;
            if (r) {
                w = 0;
                for (const char *p = r; *p >= '0' && *p <= '9' && w < 100000000; p++)
                    w = w * 10 + (uint32_t)(*p - '0');
            }
            ps->row = w;
            ps->col = 0;
        } else if (strcmp(n, "c") == 0) {
            const char *r = attr(atts, "r"), *t = attr(atts, "t");
            uint32_t row = 0, col = 0;
            if (r)
                cell_ref(r, &row, &col);
            if (!row) {
                row = ps->row;
                col = ps->col + 1;
            }
            ps->row = row;
            ps->col = col;
            snprintf(ps->ctype, sizeof ps->ctype, "%s", t ? t : "n");
            ps->in_c = true;
            ps->has_value = false;
            ps->text.len = 0;
        } else if (ps->in_c && (strcmp(n, "v") == 0 || strcmp(n, "t") == 0)) {
            ps->in_v = true;
            ps->has_value = true;
        }
        break;
    }
}

static enum rk_status grid_add(struct parse *ps)
{
    struct rk_xlsx *x = ps->x;
    struct rk_xlsx_grid *g = ps->grid;
    const char *s = ps->text.data ? ps->text.data : "";
    size_t n = ps->text.len;
    if (strcmp(ps->ctype, "s") == 0) {
        size_t i = 0;
        bool ok = n > 0 && n < 10;
        for (size_t k = 0; ok && k < n; k++) {
            ok = s[k] >= '0' && s[k] <= '9';
            i = i * 10 + (size_t)(s[k] - '0');
        }
        if (!ok || i >= x->nstrings) {
            x->why = "a cell refers to a shared string that does not exist";
            return RK_E_IO;
        }
        s = x->strings.data + x->str_off[i];
        n = x->str_len[i];
    }
    if (n == 0)
        return RK_OK;
    if (g->ncells >= x->lim.max_cells) {
        x->why = "too many cells in a sheet";
        return RK_E_LIMIT;
    }
    if (!rk_grow(&g->cells, &g->capcells, g->ncells + 1, sizeof *g->cells))
        return RK_E_NOMEM;
    size_t off = g->text.len;
    enum rk_status st = rk_buf_add(&g->text, s, n);
    if (st == RK_OK)
        st = rk_buf_addc(&g->text, '\0');
    if (st == RK_E_LIMIT)
        x->why = "the text of a sheet is too large";
    if (st != RK_OK)
        return st;
    g->cells[g->ncells++] = (struct rk_xlsx_cell){ps->row, ps->col, off, n};
    return RK_OK;
}

static void on_end(void *ud, const char *name)
{
    struct parse *ps = ud;
    const char *n = local(name);
    if (ps->depth_rph) {
        ps->depth_rph--;
        return;
    }
    struct rk_xlsx *x = ps->x;
    if (ps->kind == P_STRINGS) {
        if (strcmp(n, "t") == 0) {
            ps->in_t = false;
        } else if (strcmp(n, "si") == 0) {
            ps->in_si = false;
            if (x->nstrings >= x->lim.max_strings) {
                fail(ps, RK_E_LIMIT, "too many shared strings");
                return;
            }
            if (!rk_grow(&x->str_off, &x->capstrings, x->nstrings + 1, sizeof *x->str_off) ||
                !rk_grow(&x->str_len, &x->cap_len, x->nstrings + 1, sizeof *x->str_len)) {
                fail(ps, RK_E_NOMEM, "out of memory");
                return;
            }
            x->str_off[x->nstrings] = x->strings.len;
            x->str_len[x->nstrings] = ps->text.len;
            enum rk_status st =
                rk_buf_add(&x->strings, ps->text.data ? ps->text.data : "", ps->text.len);
            if (st != RK_OK) {
                fail(ps, st, "the shared strings are too large");
                return;
            }
            x->nstrings++;
        }
    } else if (ps->kind == P_SHEET) {
        if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
            ps->in_v = false;
        } else if (strcmp(n, "c") == 0) {
            ps->in_c = false;
            if (ps->has_value) {
                enum rk_status st = grid_add(ps);
                if (st != RK_OK)
                    fail(ps, st, x->why ? x->why : "out of memory");
            }
        }
    }
}

static void on_text(void *ud, const char *s, int len)
{
    struct parse *ps = ud;
    if (ps->depth_rph || len <= 0)
        return;
    bool want = (ps->kind == P_STRINGS && ps->in_t) || (ps->kind == P_SHEET && ps->in_v);
    if (!want)
        return;
    enum rk_status st = rk_buf_add(&ps->text, s, (size_t)len);
    if (st != RK_OK)
        fail(ps, st, "a string or cell is too long");
}

static void on_doctype(void *ud, const char *name, const char *sysid, const char *pubid,
                       int has_internal)
{
    fail(ud, RK_E_IO, "a DOCTYPE (entity declarations are refused)");
}

static void on_entity(void *ud, const char *name, int is_param, const char *value, int len,
                      const char *base, const char *sysid, const char *pubid, const char *notation)
{
    fail(ud, RK_E_IO, "an entity declaration");
}

/* Reads one part (bounded) and parses it. Absent part: RK_E_IO with why. */
static enum rk_status parse_part(struct rk_xlsx *x, const char *member, enum part_kind kind,
                                 struct rk_xlsx_grid *grid)
{
    struct rk_buf data = {.max = 0};
    size_t room = x->lim.max_total - x->inflated;
    size_t max = x->lim.max_part < room ? x->lim.max_part : room;
    enum rk_status st = rk_zip_read(x->zip, member, max, &data);
    if (st != RK_OK) {
        rk_buf_free(&data);
        x->why = st == RK_E_LIMIT ? "a part inflates beyond the size limit (ZIP bomb?)"
                 : st == RK_E_IO  ? "a part is missing or its compressed data is corrupt"
                                  : "out of memory";
        return st;
    }
    x->inflated += data.len;
    struct parse ps = {.x = x, .kind = kind, .grid = grid};
    ps.text.max = 1u << 20; /* one string or cell: 1 MiB */
    ps.p = XML_ParserCreate(NULL);
    if (!ps.p) {
        rk_buf_free(&data);
        x->why = "out of memory";
        return RK_E_NOMEM;
    }
    XML_SetUserData(ps.p, &ps);
    XML_SetElementHandler(ps.p, on_start, on_end);
    XML_SetCharacterDataHandler(ps.p, on_text);
    XML_SetStartDoctypeDeclHandler(ps.p, on_doctype);
    XML_SetEntityDeclHandler(ps.p, on_entity);
    XML_SetParamEntityParsing(ps.p, XML_PARAM_ENTITY_PARSING_NEVER);
    /* XML_Parse takes an int length: feed in pieces */
    size_t at = 0;
    do {
        size_t n = data.len - at > (1u << 20) ? (1u << 20) : data.len - at;
        int last = at + n == data.len;
        if (XML_Parse(ps.p, data.data ? data.data + at : "", (int)n, last) == XML_STATUS_ERROR &&
            ps.st == RK_OK) {
            ps.st = XML_GetErrorCode(ps.p) == XML_ERROR_NO_MEMORY ? RK_E_NOMEM : RK_E_IO;
            x->why = "a part is not well-formed XML";
        }
        at += n;
    } while (ps.st == RK_OK && at < data.len);
    XML_ParserFree(ps.p);
    rk_buf_free(&ps.text);
    rk_buf_free(&data);
    return ps.st;
}

enum rk_status rk_xlsx_open(struct rk_xlsx **out, const void *data, size_t len,
                            const struct rk_xlsx_limits *lim, const char **why)
{
    *out = NULL;
    *why = NULL;
    struct rk_xlsx *x = rk_calloc(1, sizeof *x);
    if (!x)
        return RK_E_NOMEM;
    if (lim)
        x->lim = *lim;
    if (!x->lim.max_part)
        x->lim.max_part = DEF_MAX_PART;
    if (!x->lim.max_total)
        x->lim.max_total = DEF_MAX_TOTAL;
    if (!x->lim.max_strings)
        x->lim.max_strings = DEF_MAX_STRINGS;
    if (!x->lim.max_cells)
        x->lim.max_cells = DEF_MAX_CELLS;
    x->strings.max = x->lim.max_part;
    enum rk_status st = rk_zip_open_mem(&x->zip, data, len);
    if (st != RK_OK)
        x->why = st == RK_E_LIMIT ? "too many members in the ZIP archive"
                                  : "not a ZIP archive (an .xlsx is one)";
    if (st == RK_OK)
        st = parse_part(x, "xl/workbook.xml", P_WORKBOOK, NULL);
    if (st == RK_OK)
        st = parse_part(x, "xl/_rels/workbook.xml.rels", P_RELS, NULL);
    if (st == RK_OK && x->nsheets == 0) {
        x->why = "the workbook names no sheet";
        st = RK_E_IO;
    }
    if (st == RK_OK) {
        /* the shared strings are optional (a workbook of inline strings has none) */
        if (rk_zip_has(x->zip, "xl/sharedStrings.xml"))
            st = parse_part(x, "xl/sharedStrings.xml", P_STRINGS, NULL);
    }
    if (st != RK_OK) {
        *why = x->why ? x->why : "out of memory";
        rk_xlsx_free(x);
        return st;
    }
    *out = x;
    return RK_OK;
}

size_t rk_xlsx_sheet_count(const struct rk_xlsx *x)
{
    return x->nsheets;
}

const char *rk_xlsx_sheet_name(const struct rk_xlsx *x, size_t i)
{
    return x->sheets[i].name;
}

enum rk_status rk_xlsx_sheet_read(struct rk_xlsx *x, size_t i, struct rk_xlsx_grid *g,
                                  const char **why)
{
    memset(g, 0, sizeof *g);
    g->text.max = x->lim.max_part;
    x->why = NULL;
    enum rk_status st = RK_E_IO;
    if (!x->sheets[i].part)
        x->why = "a sheet has no part in the workbook's relationships";
    else
        st = parse_part(x, x->sheets[i].part, P_SHEET, g);
    *why = x->why ? x->why : (st == RK_OK ? NULL : "out of memory");
    return st;
}

void rk_xlsx_grid_free(struct rk_xlsx_grid *g)
{
    if (!g)
        return;
    rk_free(g->cells);
    rk_buf_free(&g->text);
    memset(g, 0, sizeof *g);
}

void rk_xlsx_free(struct rk_xlsx *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->nsheets; i++) {
        rk_free(x->sheets[i].name);
        rk_free(x->sheets[i].rid);
        rk_free(x->sheets[i].part);
    }
    rk_free(x->sheets);
    rk_free(x->str_off);
    rk_free(x->str_len);
    rk_buf_free(&x->strings);
    rk_zip_close(x->zip);
    rk_free(x);
}
