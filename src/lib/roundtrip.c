/*
 * roundtrip.c - does the data survive export -> import -> export? rk_roundtrip reads the
 * original and the re-export with rk_check_file (one reader, one spec model), pairs records
 * by the layout's match items (match.tsv; records with equal items pair in order) and
 * compares item by item. rk_normalize writes the canonical copy of a file with the writer.
 * The original's records are held in memory (an arena) for the comparison.
 */
#include "alloc.h"
#include "encoding.h"
#include "family.h"
#include "filename.h"
#include "finding.h"
#include "inputs.h"
#include "map.h"
#include "os.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX 512

/* ---- one stored record of the original ---- */

struct stored {
    uint64_t number;
    struct rk_pos pos;
    size_t nfields;
    struct rk_field *fields; /* data and positions in the arena */
    struct stored *next;     /* next record with the same match key */
    bool used;
};

struct chain {
    struct stored *head, *tail;
};

struct side {
    const char *path;
    const struct rk_layout *layout;
    struct rk_file_result res;
};

struct compare {
    const struct rk_specs *specs;
    struct rk_emitter *em;
    struct rk_roundtrip_result *res;
    struct rk_arena *arena;
    struct rk_map *index; /* match key -> struct chain */
    struct side orig, copy;
    enum rk_encoding enc;
    bool reading_copy;
};

static const struct rk_item_list *match_of(const struct rk_layout *l)
{
    for (size_t i = 0; l && i < l->version->nmatch; i++)
        if (strcmp(l->version->match[i].layout, l->id) == 0)
            return &l->version->match[i];
    return NULL;
}

/* The match key of a record: its match items, or every item when the layout has none. */
static bool match_key(const struct rk_layout *l, const struct rk_record *rec, char *key, size_t *n)
{
    const struct rk_item_list *m = match_of(l);
    *n = 0;
    if (m)
        return rk_key_items(key, n, KEY_MAX, m->items, rec, NULL);
    for (size_t i = 0; i < rec->nfields; i++)
        if (!rk_key_add(key, n, KEY_MAX, &rec->fields[i]))
            return false;
    return true;
}

/* The key of a record whose match key does not fit in KEY_MAX: its record number, so that
 * such records pair by position, the same way on both sides. Never equal to a match key
 * (those end in 0x1F). */
static size_t number_key(const struct rk_record *rec, char *key)
{
    return (size_t)snprintf(key, KEY_MAX, "#%llu", (unsigned long long)rec->number);
}

static enum rk_status store_record(struct compare *c, const struct rk_record *rec)
{
    char key[KEY_MAX];
    size_t n;
    if (!match_key(c->orig.layout, rec, key, &n))
        n = number_key(rec, key);
    struct stored *s = rk_arena_alloc(c->arena, sizeof *s);
    struct rk_field *fs = rk_arena_alloc(c->arena, (rec->nfields ? rec->nfields : 1) * sizeof *fs);
    if (!s || !fs)
        return RK_E_NOMEM;
    for (size_t i = 0; i < rec->nfields; i++) {
        fs[i] = rec->fields[i];
        unsigned char *d = rk_arena_alloc(c->arena, rec->fields[i].len ? rec->fields[i].len : 1);
        if (!d)
            return RK_E_NOMEM;
        memcpy(d, rec->fields[i].data, rec->fields[i].len);
        fs[i].data = d;
    }
    *s = (struct stored){rec->number, rec->pos, rec->nfields, fs, NULL, false};
    struct chain *ch = rk_map_get(c->index, key, n, true, NULL);
    if (!ch)
        return RK_E_NOMEM;
    if (ch->tail)
        ch->tail->next = s;
    else
        ch->head = s;
    ch->tail = s;
    /* keep every record in file order too, for the lost ones (the chain link is 'next') */
    return RK_OK;
}

/* ---- comparing two values ---- */

static void show(enum rk_encoding enc, const struct rk_field *f, char *out, size_t n)
{
    size_t len = f->len > 120 ? 120 : f->len;
    size_t k = rk_encoding_display(enc, f->data, len, out, n - 4);
    if (f->len > len)
        memcpy(out + k, "...", 4);
}

/* A quantity written with or without leading zeros is one number. */
static bool same_number(const struct rk_field *a, const struct rk_field *b)
{
    const unsigned char *p = a->data, *q = b->data;
    size_t n = a->len, m = b->len;
    for (size_t i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9')
            return false;
    for (size_t i = 0; i < m; i++)
        if (q[i] < '0' || q[i] > '9')
            return false;
    while (n > 1 && *p == '0')
        p++, n--;
    while (m > 1 && *q == '0')
        q++, m--;
    return n == m && memcmp(p, q, n) == 0;
}

/* Two decimals (99.99) that are one number: 11.40 and 11.4, 011.40 and 11.40. */
static bool same_decimal(const struct rk_field *a, const struct rk_field *b)
{
    char x[64], y[64];
    const struct rk_field *f[2] = {a, b};
    char *out[2] = {x, y};
    for (int k = 0; k < 2; k++) {
        size_t n = f[k]->len, i = 0, o = 0, dots = 0;
        if (n == 0 || n >= sizeof x)
            return false;
        for (size_t j = 0; j < n; j++) {
            unsigned char ch = f[k]->data[j];
            if (ch == '.')
                dots++;
            else if (ch < '0' || ch > '9')
                return false;
        }
        if (dots > 1)
            return false;
        while (i + 1 < n && f[k]->data[i] == '0' && f[k]->data[i + 1] != '.')
            i++;
        for (; i < n; i++)
            out[k][o++] = (char)f[k]->data[i];
        if (dots)
            while (o > 0 && (out[k][o - 1] == '0' || out[k][o - 1] == '.')) {
                bool dot = out[k][o - 1] == '.';
                o--;
                if (dot)
                    break;
            }
        out[k][o] = '\0';
    }
    return strcmp(x, y) == 0;
}

static void item_label(const struct rk_layout *l, size_t i, char *out, size_t n)
{
    if (l && i < l->nitems)
        snprintf(out, n, "%s No.%u %s", l->name, l->items[i].no, l->items[i].name);
    else
        snprintf(out, n, "field %zu", i + 1);
}

/* The next scalar of well-formed UTF-8 at *s (the display strings of show()). */
static uint32_t next_scalar(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t cp = p[0];
    int n = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
    if (n > 1)
        cp &= 0x3Fu >> (n - 1);
    for (int i = 1; i < n && p[i]; i++)
        cp = (cp << 6) | (p[i] & 0x3Fu);
    for (int i = 0; i < n && **s; i++)
        (*s)++;
    return cp;
}

/* The signature of the conversion to standard 5.0 (JIS X 0213): b is a with characters that
 * have no JIS X 0213 code (JIS-001) replaced by others (髙 -> 高) or dropped, and nothing else
 * changed. Describes the first such change in out (language-neutral) and returns true. */
static bool jis_signature(const char *a, const char *b, char *out, size_t n)
{
    uint32_t from = 0, to = 0;
    bool found = false;
    /* replaced: the same number of characters, every difference at such a character */
    const char *pa = a, *pb = b;
    while (*pa && *pb) {
        uint32_t ca = next_scalar(&pa), cb = next_scalar(&pb);
        if (ca == cb)
            continue;
        if (rk_jisx0213_fate(ca) != RK_JIS_NONE) {
            found = false;
            pa = "x"; /* not a replacement */
            break;
        }
        if (!found) {
            from = ca;
            to = cb;
            found = true;
        }
    }
    if (*pa || *pb || !found) {
        /* dropped: b is a without some of those characters */
        found = false;
        to = 0;
        pa = a;
        pb = b;
        while (*pa) {
            const char *keep = pb;
            uint32_t ca = next_scalar(&pa), cb = *pb ? next_scalar(&pb) : 0;
            if (ca == cb)
                continue;
            if (rk_jisx0213_fate(ca) != RK_JIS_NONE)
                return false;
            pb = keep;
            if (!found) {
                from = ca;
                found = true;
            }
        }
        if (*pb || !found)
            return false;
    }
    char fc[8], tc[8];
    fc[rk_utf8_put(from, fc)] = '\0';
    if (to) {
        tc[rk_utf8_put(to, tc)] = '\0';
        snprintf(out, n, "5.0 conversion signature (no JIS X 0213 code): %s U+%04X -> %s U+%04X",
                 fc, (unsigned)from, tc, (unsigned)to);
    } else {
        snprintf(out, n, "5.0 conversion signature (no JIS X 0213 code): %s U+%04X dropped", fc,
                 (unsigned)from);
    }
    return true;
}

static void compare_fields(struct compare *c, const struct stored *o, const struct rk_record *r)
{
    const struct rk_layout *l = c->copy.layout;
    size_t n = o->nfields > r->nfields ? o->nfields : r->nfields;
    for (size_t i = 0; i < n; i++) {
        static const struct rk_field none = {.data = (const unsigned char *)"", .len = 0};
        const struct rk_field *a = i < o->nfields ? &o->fields[i] : &none;
        const struct rk_field *b = i < r->nfields ? &r->fields[i] : &none;
        if (a->len == b->len && memcmp(a->data, b->data, a->len) == 0)
            continue;
        char label[384], va[512], vb[512];
        item_label(l, i, label, sizeof label);
        show(c->enc, a, va, sizeof va);
        show(c->enc, b, vb, sizeof vb);
        const struct rk_item *it = l && i < l->nitems ? &l->items[i] : NULL;
        /* equal for the spec: the same characters (CP932 duplicate codes), or one quantity */
        bool same_text = a->len && b->len && strcmp(va, vb) == 0;
        bool quantity = it && it->type == RK_T_DIGITS && it->width == RK_W_MAX &&
                        (it->format == RK_F_INT || it->format == RK_F_NONE);
        bool decimal = it && it->format == RK_F_DECIMAL2;
        bool same = same_text || (quantity && a->len && b->len && same_number(a, b)) ||
                    (decimal && same_decimal(a, b));
        char sig[96];
        bool jis = !same && jis_signature(va, vb, sig, sizeof sig);
        struct rk_finding f = {
            .rule = rk_rule_get(same ? RK_RULE_RT_004 : RK_RULE_RT_003),
            .path = c->copy.path,
            .record = r->number,
            .field = (unsigned)i + 1,
            .pos = i < r->nfields ? b->pos : r->pos,
            .has_context = 1,
            .context = i < o->nfields ? a->pos : o->pos,
            .item = label,
            .expected = va,
            .actual = vb,
            .detail = same  ? (same_text ? "same characters" : "same number")
                      : jis ? sig
                            : NULL,
            .citation = it ? it->citation : NULL,
        };
        rk_emit(c->em, &f);
        if (same)
            c->res->same++;
        else
            c->res->changed++;
    }
}

/* ---- reading the two files ---- */

static enum rk_status on_record(void *ctx, const struct rk_layout *layout,
                                const struct rk_record *rec)
{
    struct compare *c = ctx;
    if (!c->reading_copy) {
        c->orig.layout = layout;
        return store_record(c, rec);
    }
    c->copy.layout = layout;
    char key[KEY_MAX];
    size_t n;
    const struct rk_layout *l = c->orig.layout ? c->orig.layout : layout;
    if (!match_key(l, rec, key, &n))
        n = number_key(rec, key);
    struct chain *ch = rk_map_get(c->index, key, n, false, NULL);
    struct stored *o = ch ? ch->head : NULL;
    while (o && o->used)
        o = o->next;
    if (!o) {
        char d[64];
        snprintf(d, sizeof d, "record %llu", (unsigned long long)rec->number);
        struct rk_finding f = {.rule = rk_rule_get(RK_RULE_RT_002),
                               .path = c->copy.path,
                               .record = rec->number,
                               .pos = rec->pos,
                               .detail = d,
                               .citation = l ? l->citation : NULL};
        rk_emit(c->em, &f);
        c->res->added++;
        return RK_OK;
    }
    o->used = true;
    c->res->records++;
    compare_fields(c, o, rec);
    return RK_OK;
}

static void count_findings(void *ctx, const struct rk_finding *f)
{
    uint64_t *errors = ctx;
    if (f->severity == RK_SEV_ERROR && f->rule->scope != RK_SCOPE_NAME)
        (*errors)++;
}

static enum rk_status read_side(struct compare *c, const struct rk_check_options *base,
                                struct side *s)
{
    struct rk_check_options o = *base;
    o.set = NULL;
    o.on_record = on_record;
    o.record_ctx = c;
    o.records_by_item = 1; /* LIFE: pair and compare by item ID, whatever the column order */
    uint64_t errors = 0;
    enum rk_status st = rk_check_file(c->specs, &o, s->path, count_findings, &errors, &s->res);
    if (st == RK_OK && errors) {
        char d[64];
        snprintf(d, sizeof d, "%llu error(s)", (unsigned long long)errors);
        struct rk_finding f = {.rule = rk_rule_get(RK_RULE_RT_006), .path = s->path, .detail = d};
        rk_emit(c->em, &f);
    }
    c->enc = s->res.encoding;
    return st;
}

static int cmp_stored(const void *a, const void *b)
{
    const struct stored *x = *(const struct stored *const *)a;
    const struct stored *y = *(const struct stored *const *)b;
    return (x->number > y->number) - (x->number < y->number);
}

/* The file name without its directory. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* RT-007 when the re-export is the original under the same name with the same bytes, else
 * RT-008 when both names carry the same ファイル連番: a product that imported the original
 * and wrote it out again numbers the new file itself. */
static void same_output(const struct rk_specs *specs, const struct rk_check_options *opt,
                        const struct compare *c, struct rk_emitter *em)
{
    if (c->orig.res.unreadable || c->copy.res.unreadable)
        return;
    if (strcmp(base_name(c->orig.path), base_name(c->copy.path)) == 0 &&
        strcmp(c->orig.res.sha256, c->copy.res.sha256) == 0 && c->orig.res.sha256[0]) {
        struct rk_finding f = {
            .rule = rk_rule_get(RK_RULE_RT_007), .path = c->copy.path, .detail = c->orig.path};
        rk_emit(em, &f);
        return;
    }
    const char *family = opt->family ? opt->family : rk_family_default()->name;
    struct rk_emitter quiet = {0};
    struct rk_name na, nb;
    if (rk_name_parse(specs, family, c->orig.path, &na, &quiet) && na.parsed && na.serial[0] &&
        rk_name_parse(specs, family, c->copy.path, &nb, &quiet) && nb.parsed &&
        strcmp(na.serial, nb.serial) == 0) {
        struct rk_finding f = {.rule = rk_rule_get(RK_RULE_RT_008),
                               .path = c->copy.path,
                               .actual = nb.serial,
                               .detail = c->orig.path};
        rk_emit(em, &f);
    }
}

static enum rk_status compare_pair(const struct rk_specs *specs, const struct rk_check_options *opt,
                                   const char *a, const char *b, struct rk_emitter *em,
                                   struct rk_roundtrip_result *res, rk_pair_fn on_pair,
                                   void *pair_ctx)
{
    struct compare c = {.specs = specs, .em = em, .res = res};
    c.orig.path = a;
    c.copy.path = b;
    c.arena = rk_arena_new();
    c.index = rk_map_new(sizeof(struct chain));
    enum rk_status st = (c.arena && c.index) ? RK_OK : RK_E_NOMEM;
    if (st == RK_OK)
        st = read_side(&c, opt, &c.orig);
    if (st == RK_OK) {
        c.reading_copy = true;
        st = read_side(&c, opt, &c.copy);
    }
    /* what the re-export did not pair is lost, in the original's order */
    const void *k;
    size_t kl, it = 0;
    void *v;
    struct stored **lost = NULL;
    size_t nlost = 0, cap = 0;
    while (st == RK_OK && rk_map_at(c.index, &it, &k, &kl, &v)) {
        for (struct stored *o = ((struct chain *)v)->head; o; o = o->next) {
            if (o->used)
                continue;
            if (!rk_grow(&lost, &cap, nlost + 1, sizeof *lost)) {
                st = RK_E_NOMEM;
                break;
            }
            lost[nlost++] = o;
        }
    }
    /* report them in the original's order */
    if (nlost > 1)
        qsort(lost, nlost, sizeof *lost, cmp_stored);
    for (size_t i = 0; st == RK_OK && i < nlost; i++) {
        char d[64];
        snprintf(d, sizeof d, "record %llu", (unsigned long long)lost[i]->number);
        struct rk_finding f = {.rule = rk_rule_get(RK_RULE_RT_001),
                               .path = a,
                               .record = lost[i]->number,
                               .pos = lost[i]->pos,
                               .detail = d,
                               .citation = c.orig.layout ? c.orig.layout->citation : NULL};
        rk_emit(em, &f);
        res->lost++;
    }
    rk_free(lost);
    rk_map_free(c.index);
    rk_arena_free(c.arena);
    res->pairs++;
    if (st == RK_OK) {
        same_output(specs, opt, &c, em);
        if (c.orig.res.layout || c.copy.res.layout)
            res->careplan_pairs++;
        if (on_pair)
            on_pair(pair_ctx, a, &c.orig.res, b, &c.copy.res);
    }
    return st;
}

/* ---- directories: pair files by layout, month, sender and receiver ---- */

struct entry {
    char *path; /* owned */
    char key[96];
    bool used;
};

/* The files of a directory or archive as rk_paths_add reads them (inputs.c), each with the
 * key it pairs by. */
static enum rk_status list_dir(const struct rk_specs *specs, const char *family, const char *dir,
                               struct entry **out, size_t *n)
{
    struct rk_paths paths = {.specs = specs};
    enum rk_status st = rk_paths_add(&paths, dir);
    *out = NULL;
    *n = 0;
    if (st == RK_OK && paths.n) {
        *out = rk_calloc(paths.n, sizeof **out);
        if (!*out)
            st = RK_E_NOMEM;
    }
    for (size_t i = 0; st == RK_OK && i < paths.n; i++) {
        struct entry *x = &(*out)[(*n)++];
        x->path = paths.v[i]; /* taken over */
        paths.v[i] = NULL;
        struct rk_emitter quiet = {0};
        struct rk_name nm;
        const char *base = strrchr(x->path, '/');
        base = base ? base + 1 : x->path;
        if (rk_name_parse(specs, family, x->path, &nm, &quiet) && nm.parsed)
            snprintf(x->key, sizeof x->key, "%s|%s|%s|%s|%s|%s", nm.layout_id,
                     nm.has_month ? nm.month : (nm.month_zero ? "000000" : "-"), nm.from,
                     nm.from_svc, nm.to, nm.to_svc);
        else
            snprintf(x->key, sizeof x->key, "?%.90s", base);
    }
    rk_paths_free(&paths);
    return st;
}

static void entries_free(struct entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        rk_free(e[i].path);
    rk_free(e);
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

enum rk_status rk_roundtrip(const struct rk_specs *specs, const struct rk_check_options *opt,
                            const char *original, const char *reexport, rk_sink_fn sink, void *ctx,
                            struct rk_roundtrip_result *res)
{
    return rk_roundtrip_each(specs, opt, original, reexport, sink, ctx, NULL, NULL, res);
}

enum rk_status rk_roundtrip_each(const struct rk_specs *specs, const struct rk_check_options *opt,
                                 const char *original, const char *reexport, rk_sink_fn sink,
                                 void *ctx, rk_pair_fn on_pair, void *pair_ctx,
                                 struct rk_roundtrip_result *res)
{
    static const struct rk_check_options defaults;
    if (!opt)
        opt = &defaults;
    memset(res, 0, sizeof *res);
    struct rk_emitter em = {.sink = sink, .ctx = ctx, .path = original, .profile = opt->profile};
    bool dirs = rk_input_is_dir(original) && rk_input_is_dir(reexport);
    enum rk_status st = RK_OK;
    if (rk_input_same_file(original, reexport)) {
        /* the original named twice: nothing was re-exported */
        struct rk_finding f = {
            .rule = rk_rule_get(RK_RULE_RT_007), .path = reexport, .detail = original};
        rk_emit(&em, &f);
        memcpy(res->count, em.count, sizeof res->count);
        return RK_OK;
    }
    if (!dirs) {
        st = compare_pair(specs, opt, original, reexport, &em, res, on_pair, pair_ctx);
    } else {
        const char *family = opt->family ? opt->family : rk_family_default()->name;
        struct entry *a = NULL, *b = NULL;
        size_t na = 0, nb = 0;
        st = list_dir(specs, family, original, &a, &na);
        if (st == RK_OK)
            st = list_dir(specs, family, reexport, &b, &nb);
        if (st == RK_OK) {
            if (na > 1)
                qsort(a, na, sizeof *a, cmp_entry);
            if (nb > 1)
                qsort(b, nb, sizeof *b, cmp_entry);
        }
        for (size_t i = 0; st == RK_OK && i < na; i++) {
            size_t j = 0;
            while (j < nb && (b[j].used || strcmp(a[i].key, b[j].key) != 0))
                j++;
            if (j == nb) {
                struct rk_finding f = {
                    .rule = rk_rule_get(RK_RULE_RT_005), .path = a[i].path, .detail = reexport};
                rk_emit(&em, &f);
                continue;
            }
            b[j].used = true;
            st = compare_pair(specs, opt, a[i].path, b[j].path, &em, res, on_pair, pair_ctx);
        }
        for (size_t j = 0; st == RK_OK && j < nb; j++)
            if (!b[j].used) {
                struct rk_finding f = {
                    .rule = rk_rule_get(RK_RULE_RT_005), .path = b[j].path, .detail = original};
                rk_emit(&em, &f);
            }
        entries_free(a, na);
        entries_free(b, nb);
    }
    /* a round trip shows something only when care-plan records were paired */
    if (st == RK_OK && res->records == 0) {
        char d[96];
        snprintf(d, sizeof d, "%llu pair(s), %llu of care-plan files",
                 (unsigned long long)res->pairs, (unsigned long long)res->careplan_pairs);
        struct rk_finding f = {.rule = rk_rule_get(RK_RULE_RT_009), .path = reexport, .detail = d};
        rk_emit(&em, &f);
    }
    rk_emit_flush(&em, (struct rk_pos){0}); /* what the per-rule cap left out, summed up */
    memcpy(res->count, em.count, sizeof res->count);
    return st;
}

/* ---- the canonical copy ---- */

struct norm {
    FILE *fp;
    bool io_error;
    struct rk_field *buf;
    size_t cap;
    bool to_cp932;      /* convert the UTF-8 text read into MS932 */
    struct rk_buf conv; /* the converted fields of the record, back to back */
    size_t *offs;       /* where each field starts in conv */
    size_t offs_cap;
    bool unconvertible; /* a character with no MS932 code (already a finding) */
};

/* Converts the UTF-8 field f into MS932 at the end of nz->conv; false when a character has no
 * MS932 code. Bytes that are not UTF-8 (already ENC-009) stop the copy too. */
static bool to_cp932(struct norm *nz, const struct rk_field *f, size_t *off, size_t *len)
{
    *off = nz->conv.len;
    for (size_t i = 0; i < f->len;) {
        unsigned char b = f->data[i];
        uint32_t cp = b;
        size_t k = b < 0x80 ? 1 : rk_utf8_len(f->data + i, f->len - i);
        if (k == 0)
            return false;
        if (k > 1) {
            cp = b & (0x7Fu >> k);
            for (size_t j = 1; j < k; j++)
                cp = (cp << 6) | (f->data[i + j] & 0x3Fu);
        }
        i += k;
        unsigned code = cp;
        uint32_t back = 0;
        if (cp >= 0x80) {
            enum rk_char_class c = rk_unicode_to_ms932(cp, &code, &back);
            if (c == RK_CH_NOT_MS932 || c == RK_CH_GAIJI || code == 0)
                return false;
        }
        if (code > 0xFF && rk_buf_addc(&nz->conv, (char)(code >> 8)) != RK_OK)
            return false;
        if (rk_buf_addc(&nz->conv, (char)(code & 0xFF)) != RK_OK)
            return false;
    }
    *len = nz->conv.len - *off;
    return true;
}

static int write_fp(void *ctx, const void *p, size_t n)
{
    struct norm *nz = ctx;
    if (fwrite(p, 1, n, nz->fp) != n) {
        nz->io_error = true;
        return -1;
    }
    return 0;
}

static enum rk_status norm_record(void *ctx, const struct rk_layout *l, const struct rk_record *rec)
{
    struct norm *nz = ctx;
    if (!rk_grow(&nz->buf, &nz->cap, rec->nfields, sizeof *nz->buf))
        return RK_E_NOMEM;
    if (nz->to_cp932 && !rk_grow(&nz->offs, &nz->offs_cap, rec->nfields, sizeof *nz->offs))
        return RK_E_NOMEM;
    nz->conv.len = 0;
    for (size_t i = 0; i < rec->nfields; i++) {
        nz->buf[i] = rec->fields[i];
        if (nz->to_cp932 && !to_cp932(nz, &rec->fields[i], &nz->offs[i], &nz->buf[i].len)) {
            nz->unconvertible = true; /* the character is a finding already: nothing written */
            return RK_OK;
        }
        if (l && i < l->nitems) {
            /* free text is enclosed in quotes; other items only when they must be */
            if (l->items[i].type == RK_T_TEXT)
                nz->buf[i].flags |= RK_FIELD_QUOTED;
            else
                nz->buf[i].flags &= ~RK_FIELD_QUOTED;
        }
    }
    /* the converted bytes are pointed at once conv no longer moves */
    for (size_t i = 0; nz->to_cp932 && nz->conv.data && i < rec->nfields; i++)
        nz->buf[i].data = (const unsigned char *)nz->conv.data + nz->offs[i];
    return rk_write_record(write_fp, nz, nz->buf, rec->nfields);
}

struct gate {
    rk_sink_fn sink;
    void *ctx;
    uint64_t blocking;
    bool to_cp932;
};

static void gate_sink(void *ctx, const struct rk_finding *f)
{
    struct gate *g = ctx;
    /* records are uncertain after these: the copy would not be faithful */
    if (f->severity == RK_SEV_ERROR && (f->rule->flags & RK_RULE_FLAG_UNSURE))
        g->blocking++;
    /* converting to MS932: a character with no MS932 code makes the copy impossible; the file
     * being UTF-8 (ENC-014) is what the conversion is for */
    if (g->to_cp932 && f->rule == rk_rule_get(RK_RULE_ENC_010))
        g->blocking++;
    if (g->to_cp932 && f->rule == rk_rule_get(RK_RULE_ENC_014))
        return; /* not a reason to refuse, and not news to whoever asked for the conversion */
    if (g->sink)
        g->sink(g->ctx, f);
}

/* Whether the checked file has a canonical form the writer gives: a data or delete layout of
 * a family whose files are records only (the care-plan standard's quoting and CRLF). A LIFE
 * file's type and header lines and an image file are not records (issue 15). */
static bool has_canonical_form(const struct rk_specs *specs, const struct rk_file_result *res)
{
    const struct rk_family *fam = res->family ? rk_family_find(res->family) : NULL;
    if (fam && !fam->records_only)
        return false;
    for (size_t i = 0; res->family && i < specs->nversions; i++) {
        const struct rk_version *v = &specs->versions[i];
        if (strcmp(v->family, res->family) != 0 ||
            (res->version && strcmp(v->version, res->version) != 0))
            continue;
        const struct rk_layout *l = res->layout ? rk_version_layout(v, res->layout) : NULL;
        if (l && l->kind == RK_LK_IMAGE)
            return false;
        if (l || res->version)
            return true;
    }
    return true; /* not identified: the records as read */
}

enum rk_status rk_normalize(const struct rk_specs *specs, const struct rk_check_options *opt,
                            const char *in, const char *out, rk_sink_fn sink, void *ctx,
                            struct rk_file_result *result)
{
    static const struct rk_check_options defaults;
    if (!opt)
        opt = &defaults;
    if (rk_input_same_file(in, out))
        return RK_E_ARG;
    char tmp[1100];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.%ld", out, rk_os_pid()) >= sizeof tmp)
        return RK_E_ARG;
    struct norm nz = {0};
    nz.fp = rk_fopen(tmp, "wbx");
    if (!nz.fp)
        return RK_E_IO;
    struct rk_check_options o = *opt;
    if (opt->output_encoding == RK_ENC_CP932) {
        /* which encoding the file is read in decides whether there is anything to convert */
        struct rk_check_options probe = *opt;
        probe.set = NULL;
        probe.on_record = NULL;
        struct rk_file_result pr;
        enum rk_status ps = rk_check_file(specs, &probe, in, NULL, NULL, &pr);
        if (ps != RK_OK && ps != RK_E_IO) {
            fclose(nz.fp);
            unlink(tmp);
            return ps;
        }
        nz.to_cp932 = ps == RK_OK && pr.encoding == RK_ENC_UTF8;
        if (nz.to_cp932)
            o.encoding = RK_ENC_UTF8;
    }
    struct gate g = {.sink = sink, .ctx = ctx, .to_cp932 = nz.to_cp932};
    o.set = NULL;
    o.on_record = norm_record;
    o.record_ctx = &nz;
    struct rk_file_result res = {0};
    enum rk_status st = rk_check_file(specs, &o, in, gate_sink, &g, &res);
    if (fclose(nz.fp) != 0)
        nz.io_error = true;
    rk_free(nz.buf);
    rk_buf_free(&nz.conv);
    rk_free(nz.offs);
    if (st == RK_OK && nz.io_error)
        st = RK_E_IO;
    if (st == RK_OK && (g.blocking || nz.unconvertible))
        st = RK_E_ARG;
    if (st == RK_OK && !has_canonical_form(specs, &res)) {
        /* a copy that dropped the LIFE header lines, or a 0-byte copy of an image, would not
         * be the file: refused, nothing written */
        struct rk_finding f = {.rule = rk_rule_get(RK_RULE_NORM_001),
                               .path = in,
                               .severity = RK_SEV_ERROR,
                               .actual = res.layout,
                               .detail = res.family};
        if (sink)
            sink(ctx, &f);
        st = RK_E_ARG;
    }
    if (st == RK_OK && rk_os_rename(tmp, out) != 0)
        st = RK_E_IO;
    if (st != RK_OK)
        rk_os_unlink(tmp);
    if (result)
        *result = res;
    return st;
}
