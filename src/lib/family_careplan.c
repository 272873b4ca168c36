/*
 * family_careplan.c - the care-plan standard (ケアプランデータ連携標準仕様) behind struct
 * rk_family: a file's name names its layout and send; record 1's item 1 names the version
 * (CSV version), every later record repeats it; each record's fields are its layout's items
 * in order. Detection: a file no other family claims is a care-plan file.
 */
#include "alloc.h"
#include "check.h"
#include "family.h"
#include "filename.h"
#include "finding.h"
#include "map.h"
#include "rules_record.h"

#include <string.h>

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
        struct rk_record_ctx c = {.fc = fc, .rec = rec, .l = l};
        fc->em = &quiet;
        rk_check_fields(&c, NULL, 1, l->nitems); /* item 1 is the CSV version, already read */
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
        f.rule = rk_rule_get(RK_RULE_NAME_012);
        f.expected = first->id;
        f.detail = fit;
    } else if (nsize) {
        f.rule = rk_rule_get(RK_RULE_NAME_013);
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
        rk_field_cstr(&rec->fields[0], v, sizeof v);
        fc->first_item.len = 0;
        fc->first_item.max = 4096;
        if (rk_buf_add(&fc->first_item, rec->fields[0].data,
                       rec->fields[0].len < 4096 ? rec->fields[0].len : 4096) == RK_E_NOMEM)
            return RK_E_NOMEM;
    }
    snprintf(fc->csv_version, sizeof fc->csv_version, "%s", v);
    *claimed = rk_specs_find_csv_version(fc->specs, fc->fam->name, v);
    const struct rk_version *before = fc->version;
    if (*claimed && !fc->version_forced)
        fc->version = *claimed;
    if (!fc->layout_id && fc->guess_layout)
        guess_layout(fc, rec);
    enum rk_status st = select_layout(fc);
    if (st != RK_OK)
        return st;
    struct rk_record_ctx c = {.fc = fc, .rec = rec, .l = fc->layout};
    if (*claimed && fc->version != before && fc->name && fc->name->parsed &&
        fc->name->style != (*claimed)->style)
        rk_report_record(&c, RK_RULE_REC_005, before->csv_version, (*claimed)->csv_version,
                         fc->name->style == RK_STYLE_V4 ? "v4-style name" : "v3-style name");
    if (!fc->layout && fc->layout_id) {
        char d[192];
        char id[96];
        rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)fc->layout_id,
                            strlen(fc->layout_id), id, sizeof id);
        snprintf(d, sizeof d, "%s %s", fc->version->version, id);
        rk_report_record(&c, RK_RULE_REC_006, NULL, NULL, d);
    }
    return RK_OK;
}

static void check_version(struct rk_record_ctx *c, const struct rk_version *claimed)
{
    struct rk_file_check *fc = c->fc;
    const struct rk_field *f = c->rec->nfields ? &c->rec->fields[0] : NULL;
    const struct rk_item *it = &c->l->items[0];
    if (!f)
        return;
    if (c->rec->number > 1) {
        const struct rk_buf *first = &fc->first_item;
        size_t flen = f->len < 4096 ? f->len : 4096;
        if (flen != first->len ||
            !rk_same_bytes(f->data, (const unsigned char *)first->data, flen)) {
            char e[64];
            rk_encoding_display(fc->enc, (const unsigned char *)first->data, first->len, e,
                                sizeof e);
            rk_report_item(c, RK_RULE_REC_003, it, f, e, true, NULL);
        }
        return;
    }
    if (f->len == 0) {
        rk_report_item(c, RK_RULE_FLD_001, it, f, NULL, false, NULL);
    } else if (!claimed) {
        char e[64] = "";
        size_t at = 0;
        for (size_t i = 0; i < fc->specs->nversions && at + 8 < sizeof e; i++)
            if (strcmp(fc->specs->versions[i].family, fc->fam->name) == 0)
                at += (size_t)snprintf(e + at, sizeof e - at, "%s%s", at ? "|" : "",
                                       fc->specs->versions[i].csv_version);
        rk_report_item(c, RK_RULE_REC_002, it, f, e, true, NULL);
    } else if (fc->name && fc->name->has_month) {
        /* also when no version at all was in force yet (a 202407 file for 202212 or 190001) */
        const struct rk_version *want = in_force(fc->specs, fc->fam->name, fc->name->month);
        char d[32];
        snprintf(d, sizeof d, "%s < %s", fc->name->month, claimed->effective_from);
        if (!want)
            rk_report_item(c, RK_RULE_REC_004, it, f, NULL, true, d);
        else if (want != claimed)
            rk_report_item(c, RK_RULE_REC_004, it, f, want->csv_version, true, fc->name->month);
    }
}

static enum rk_status check_record(struct rk_file_check *fc, const struct rk_record *rec)
{
    fc->is_data = true;
    const struct rk_version *claimed = NULL;
    if (rec->number == 1) {
        enum rk_status st = resolve_version(fc, rec, &claimed);
        if (st != RK_OK)
            return st;
    }
    if (!fc->layout)
        return RK_OK;
    struct rk_record_ctx c = {.fc = fc, .rec = rec, .l = fc->layout};
    check_version(&c, claimed);
    if (rec->fields_seen != c.l->nitems) {
        char e[16], a[16];
        snprintf(e, sizeof e, "%zu", c.l->nitems);
        snprintf(a, sizeof a, "%zu", rec->fields_seen);
        rk_report_record(&c, RK_RULE_REC_001, e, a, c.l->id);
        rk_shifted_note(&c);
        return RK_OK;
    }
    /* (fields past the reader's max_fields are not delivered: CSV-011 said so) */
    rk_check_fields(&c, NULL, 0, c.l->nitems < rec->nfields ? c.l->nitems : rec->nfields);
    return RK_OK;
}

/* The encodings the spec allows: the version's. */
static unsigned encodings(const struct rk_specs *s, const struct rk_version *v)
{
    (void)s;
    return v->encodings ? v->encodings : 1u << v->encoding;
}

/* Before record 1 says which version the file claims: --spec-version, else the newest whose
 * file names are of the style the name has, else the newest. */
static const struct rk_version *first_version(const struct rk_specs *specs,
                                              const struct rk_check_options *opt,
                                              const struct rk_name *name)
{
    const char *family = rk_family_careplan.name;
    if (opt->version)
        return rk_specs_find(specs, family, opt->version);
    const struct rk_version *best = NULL;
    if (name && name->parsed) {
        for (size_t i = 0; i < specs->nversions; i++) {
            const struct rk_version *v = &specs->versions[i];
            if (strcmp(v->family, family) != 0 || v->style != name->style)
                continue;
            if (!best || strcmp(v->effective_from, best->effective_from) > 0)
                best = v;
        }
    }
    return best ? best : rk_specs_find(specs, family, NULL);
}

const struct rk_family rk_family_careplan = {
    .name = "careplan",
    .schema = RK_TABLES_LAYOUTS,
    .title_ja = "ケアプラン",
    .requirement = RK_REQ_EXCHANGE,
    .claims = NULL, /* the default: told by its name */
    .named_files = true,
    .set_group = NULL,
    .typed_quotes = true,
    .jisx0213 = true,
    .records_only = true,
    .encodings = encodings,
    .first_version = first_version,
    .check_record = check_record,
};
