/*
 * family_life.c - LIFE CSV (CSV連携仕様書（LIFE）) behind struct rk_family: line 1 names the
 * interface (a data-type line), the next line names the columns by item ID, and each data
 * record is read through that header; the file's name follows no rule. A file is LIFE when
 * its first record is an interface ID or a header whose first item is the office's.
 */
#include "alloc.h"
#include "check.h"
#include "family.h"
#include "filename.h"
#include "finding.h"
#include "rules_record.h"
#include "spec.h"

#include <string.h>

/* Whether v is one of this family's versions. */
static bool ours(const struct rk_version *v)
{
    return rk_family_of(v) == &rk_family_life;
}

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

/* The code list `id` of the other standard (collisions.tsv: the care-plan standard's list of
 * the same name), in its newest version that has one, or NULL. */
static const struct rk_code_list *other_list(const struct rk_specs *s, const char *id)
{
    const struct rk_code_list *best = NULL;
    const struct rk_version *bv = NULL;
    for (size_t i = 0; i < s->nversions; i++) {
        const struct rk_version *v = &s->versions[i];
        const struct rk_code_list *cl = ours(v) ? NULL : rk_version_list(v, id);
        if (cl && (!bv || strcmp(v->effective_from, bv->effective_from) > 0)) {
            best = cl;
            bv = v;
        }
    }
    return best;
}

/* LIFE-009: a code that fails its list but is a code of the care-plan standard's matching
 * list. */
static void collision(const struct rk_record_ctx *c, const struct rk_item *it,
                      const struct rk_field *f)
{
    const struct rk_version *v = c->fc->version;
    for (size_t i = 0; i < v->ncollisions; i++) {
        if (strcmp(v->collisions[i].layout, it->codes->id) != 0)
            continue;
        const struct rk_code_list *cl = other_list(c->fc->specs, v->collisions[i].items);
        if (cl && rk_in_code_list(cl, f))
            rk_report_item(c, RK_RULE_LIFE_009, it, f, NULL, true, cl->id);
    }
}

/* LIFE: the items that say whose record it is (CSV連携仕様書（LIFE） v1.0: office number,
 * 保険者番号, 被保険者番号 and the software's own user key tie every record to a user). */
static bool life_key(const struct rk_item *it)
{
    return it->role == RK_ROLE_OFFICE || it->role == RK_ROLE_INSURER ||
           it->role == RK_ROLE_INSURED || it->role == RK_ROLE_RECORD_KEY;
}

/* A value of one half-width space asks LIFE to delete the stored value; a key that names the
 * record (office, user) cannot be deleted (LIFE-013). Nothing else is checked of it. */
static bool item_special(const struct rk_record_ctx *c, const struct rk_item *it,
                         const struct rk_field *f)
{
    if (f->len != 1 || f->data[0] != ' ')
        return false;
    if (life_key(it))
        rk_report_item(c, RK_RULE_LIFE_013, it, f, NULL, true, NULL);
    return true;
}

static void item_value(const struct rk_record_ctx *c, const struct rk_item *it,
                       const struct rk_field *f, bool ok)
{
    /* a value its list rejects may be the care-plan standard's code for the same thing */
    if (!ok && it->codes)
        collision(c, it, f);
    if (it->halfwidth_kana && !halfwidth_kana(c->fc->enc, f))
        rk_report_item(c, RK_RULE_LIFE_006, it, f, "ｶﾅ", true, NULL);
    const char *want = c->fc->version->csv_version;
    if (it->role == RK_ROLE_VERSION && want && !rk_field_is(f, want))
        rk_report_item(c, RK_RULE_LIFE_007, it, f, want, true, NULL);
}

/* item_value on a value that passed: only a half-width kana item and the version look */
static bool item_value_quiet(const struct rk_item *it)
{
    return !it->halfwidth_kana && it->role != RK_ROLE_VERSION;
}

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
        if (!ours(v) || (fc->version_forced && v != fc->version))
            continue;
        for (size_t j = 0; j < v->nlayouts; j++)
            if (rk_field_is(f, v->layouts[j].id) &&
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
        if (!ours(v) || (fc->version_forced && v != fc->version))
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
        const struct rk_layout *cand = ours(v) ? rk_version_layout(v, l->id) : NULL;
        if (!cand)
            continue;
        long unknown = 0, missing = 0;
        for (size_t k = 0; k < rec->nfields; k++)
            unknown += life_item(cand, &rec->fields[k]) == NULL;
        for (size_t j = 0; j < cand->nitems; j++) {
            bool have = false;
            for (size_t k = 0; k < rec->nfields && !have; k++)
                have = cand->items[j].key && rk_field_is(&rec->fields[k], cand->items[j].key);
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
    struct rk_record_ctx c = {.fc = fc, .rec = rec, .l = l};
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
            struct rk_finding fd = {.rule = rk_rule_get(RK_RULE_LIFE_003),
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
            rk_report_item(&c, RK_RULE_LIFE_004, &l->items[i], NULL, l->items[i].key, false, NULL);
    fc->header_record = rec->number;
    fc->stage = 2;
    return RK_OK;
}

/* start <= end for the periods (items of role period_start and period_end: the k-th start
 * pairs with the k-th end) */
static void life_date_pairs(const struct rk_record_ctx *c)
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
        const struct rk_field *fa = rk_field_of(c, a), *fb = rk_field_of(c, b);
        char va[16], vb[16];
        if (!fa || !fb || fa->len != 8 || fb->len != 8)
            continue;
        rk_field_cstr(fa, va, sizeof va);
        rk_field_cstr(fb, vb, sizeof vb);
        if (rk_valid_date(va) && rk_valid_date(vb) && strcmp(va, vb) > 0)
            rk_report_item(c, RK_RULE_LIFE_008, b, fb, va, true, a->key);
    }
}

static enum rk_status check_record(struct rk_file_check *fc, const struct rk_record *rec)
{
    fc->is_data = false;
    if (fc->stage == 0) {
        const struct rk_layout *l = rec->nfields == 1 ? life_interface(fc, &rec->fields[0]) : NULL;
        if (l) {
            fc->layout = l;
            fc->version = l->version;
            fc->stage = 1;
            return RK_OK;
        }
        /* no data-type line: is this the header? */
        l = life_by_header(fc, rec);
        struct rk_finding fd = {.record = rec->number, .pos = rec->pos};
        if (l && strstr(l->version->header_lines, ",names")) {
            fd.rule = rk_rule_get(RK_RULE_LIFE_002);
            fd.detail = l->id;
        } else {
            fd.rule = rk_rule_get(RK_RULE_LIFE_001);
            fd.detail = l ? l->id : NULL;
        }
        rk_emit(fc->em, &fd);
        if (!l) {
            fc->stage = 3; /* nothing to check the records against */
            return RK_OK;
        }
        fc->layout = l;
        fc->version = l->version;
        return life_header(fc, rec);
    }
    if (fc->stage == 1)
        return life_header(fc, rec);
    if (fc->stage != 2)
        return RK_OK;
    fc->is_data = true;
    fc->data_records++;
    struct rk_record_ctx c = {.fc = fc, .rec = rec, .l = fc->layout};
    if (rec->fields_seen != fc->ncols) {
        char e[16], a[16];
        snprintf(e, sizeof e, "%zu", fc->ncols);
        snprintf(a, sizeof a, "%zu", rec->fields_seen);
        rk_report_record(&c, RK_RULE_REC_001, e, a, "header");
        rk_shifted_note(&c);
        return RK_OK;
    }
    size_t n = rec->nfields < fc->ncols ? rec->nfields : fc->ncols;
    rk_check_fields(&c, fc->cols, 0, n);
    life_date_pairs(&c);
    return RK_OK;
}

/* LIFE-012: a LIFE file says what it is and then gives no record (an empty file is
 * CSV-013). */
static void check_end(struct rk_file_check *fc, uint64_t records, struct rk_pos end)
{
    if (records == 0 || fc->stage == 3 || fc->data_records != 0)
        return;
    struct rk_finding f = {.rule = rk_rule_get(RK_RULE_LIFE_012),
                           .pos = end,
                           .detail = fc->layout ? fc->layout->id : NULL,
                           .citation = fc->layout ? fc->layout->citation : NULL};
    rk_emit(fc->em, &f);
}

/* Line 1 a data-type name, or a header whose first item is the office's. */
static bool claims(const struct rk_specs *specs, const struct rk_record *first)
{
    if (!first || first->nfields == 0)
        return false;
    const struct rk_field *f = &first->fields[0];
    for (size_t i = 0; i < specs->nversions; i++) {
        const struct rk_version *v = &specs->versions[i];
        if (!ours(v))
            continue;
        for (size_t j = 0; j < v->nlayouts; j++) {
            const struct rk_layout *l = &v->layouts[j];
            const struct rk_item *it = rk_layout_item(l, f->data, f->len);
            if ((first->nfields == 1 && rk_field_is(f, l->id)) ||
                (it && it->role == RK_ROLE_OFFICE))
                return true;
        }
    }
    return false;
}

/* The encodings of any LIFE version: the file's content names its version later. */
static unsigned encodings(const struct rk_specs *specs, const struct rk_version *v)
{
    unsigned m = 0;
    for (size_t i = 0; i < specs->nversions; i++)
        if (ours(&specs->versions[i]))
            m |= specs->versions[i].encodings;
    return m ? m : 1u << v->encoding;
}

/* --spec-version, else the newest until line 1 names the interface. */
static const struct rk_version *first_version(const struct rk_specs *specs,
                                              const struct rk_check_options *opt,
                                              const struct rk_name *name)
{
    (void)name;
    return rk_specs_find(specs, rk_family_life.name, opt->version);
}

const struct rk_family rk_family_life = {
    .name = "life",
    .schema = RK_TABLES_INTERFACES,
    .title_ja = "LIFE",
    .requirement = RK_REQ_LIFE_OUTPUT,
    .claims = claims,
    .named_files = false,
    .header_columns = true,
    .set_group = "LIFE",
    .typed_quotes = false,
    .jisx0213 = false,
    .records_only = false,
    .encodings = encodings,
    .first_version = first_version,
    .check_record = check_record,
    .check_end = check_end,
    .item_special = item_special,
    .item_value = item_value,
    .item_value_quiet = item_value_quiet,
};
