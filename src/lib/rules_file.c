/*
 * rules_file.c - the rules of one file that need more than one record: no two records
 * sharing a key (unique.tsv), 第7表 subtotal and grand-total rows per user and their sums,
 * 福祉用具貸与 明細判別コード numbering, and users with no service of the receiving office.
 * Records are folded into small aggregates (per user, per service), never kept, so memory
 * grows with the number of users and services, not with the file.
 */
#include "rules_file.h"

#include "alloc.h"
#include "check.h"
#include "filename.h"
#include "finding.h"
#include "map.h"
#include "spec.h"

#include <string.h>

#define KEY_MAX 256
/* At most this many columns a subtotal or total row sums (items of role sum): the rest are
 * not compared. */
#define NSUMS 16

struct where {
    uint64_t record;
    struct rk_pos pos;
};

struct user7 {
    struct where first;
    bool grand;
    struct where grand_at;
    long long grand_val[NSUMS];
    bool grand_has[NSUMS];
    long long type_sum[NSUMS]; /* over its types: subtotal, or the sum of a lone code */
    bool type_unknown[NSUMS];
};

struct type7 {
    struct where first;
    struct user7 *user;
    char first_code[8];
    bool several;
    bool subtotal;
    struct where sub_at;
    long long detail_sum[NSUMS];
    bool detail_all[NSUMS]; /* every detail row had a value */
    long long sub_val[NSUMS];
    bool sub_has[NSUMS];
};

struct group17 {
    struct where first;
    unsigned nitems; /* distinct items (TAIS/届出 codes) of one code and one unit price */
};

struct item17 {
    struct where first;
    struct group17 *group;
    char detail[8];
};

struct related {
    struct where first;
    bool related;
};

/* the lines of one service type of a user in a month at one office */
struct timed {
    struct where first; /* the first line with no time (9999 in start and end) */
    bool untimed;       /* a line with no time was seen */
    bool timed;         /* a line with a time was seen */
};

/* The key a rule looked up last and its value (a user's records come together, so the next
 * record's key is most often the same): a record whose fields are the key's takes the value
 * with no key built, hashed or copied; the key is copied only when another one comes. */
struct key_memo {
    void *value; /* NULL: none kept */
    size_t len;
    char key[KEY_MAX];
};

struct rk_file_agg {
    bool ready;
    const int *col_of; /* LIFE: field of each item, or NULL (positional) */
    const struct rk_layout *layout;
    /* item indices (0-based) or -1 */
    int insurer, insured, month, office, code, units, tais, notify, detail, sums[NSUMS];
    int nsums;
    const struct rk_item_list *unique;
    struct rk_map *seen;     /* unique key -> struct where */
    struct rk_map *users7;   /* user -> struct user7 */
    struct rk_map *types7;   /* user+office+type -> struct type7 */
    struct rk_map *groups17; /* user+office+code+units -> struct group17 */
    struct rk_map *items17;  /* group key + item identity -> struct item17 */
    struct rk_map *related;  /* user -> struct related */
    /* service types whose units depend on the duration (code list timed_type), and the
     * layout's time items that take the no-time sentinel (start, end) */
    const struct rk_code_list *timed_types;
    int times[2];
    size_t sentinel_len[2];
    struct rk_map *timed;         /* user+month+office+type -> struct timed */
    unsigned char timed_code[2];  /* the last service type looked up in timed_types */
    bool timed_known, timed_in;   /* ... and whether it is there */
    unsigned char detail_code[2]; /* the last service type looked up in detail_type */
    bool detail_known, detail_in; /* ... and whether it is there */
    size_t to_len;                /* strlen(fc->name->to), for rule_related */
    struct key_memo last_user7, last_type7, last_related, last_timed;
};

static int index_of(const struct rk_layout *l, enum rk_item_role role)
{
    const struct rk_item *it = rk_layout_role(l, role);
    return it ? (int)(it - l->items) : -1;
}

/* The first value of v's code list id, as a finding names it. */
static const char *first_code(const struct rk_version *v, const char *id)
{
    const struct rk_code_list *cl = rk_version_list(v, id);
    return cl && cl->ncodes ? cl->codes[0].value : "";
}

/* The field of item index i (0-based): positional, or through the LIFE header's columns. */
static const struct rk_field *fld(const struct rk_file_agg *a, const struct rk_record *rec, int i)
{
    if (i < 0)
        return NULL;
    if (a->col_of)
        i = a->col_of[i];
    return (i >= 0 && (size_t)i < rec->nfields) ? &rec->fields[i] : NULL;
}

/* Whether the key kept in m is the one rk_key_add makes of the fields f[0..n) (NULL: empty). */
static bool memo_is(const struct key_memo *m, const struct rk_field *const *f, size_t n)
{
    return rk_key_match(m->key, m->len, f, n) == m->len;
}

/* The value of the key of the fields f[0..n) in map (created zeroed when new), through the
 * rule's memo m. NULL with *fits false: the key does not fit in KEY_MAX (the item checks report
 * the values too long); NULL with *fits true: out of memory. */
static void *get_keyed(struct rk_map *map, struct key_memo *m, const struct rk_field *const *f,
                       size_t n, bool *created, bool *fits)
{
    *created = false;
    *fits = true;
    if (m->value && memo_is(m, f, n))
        return m->value;
    m->value = NULL;
    m->len = 0;
    for (size_t i = 0; i < n; i++)
        if (!rk_key_add(m->key, &m->len, KEY_MAX, f[i])) {
            *fits = false;
            return NULL;
        }
    m->value = rk_map_get(map, m->key, m->len, true, created);
    return m->value;
}

static bool parse_ll(const struct rk_field *f, long long *v)
{
    if (!f || f->len == 0 || f->len > 15)
        return false;
    long long x = 0;
    for (size_t i = 0; i < f->len; i++) {
        if (f->data[i] < '0' || f->data[i] > '9')
            return false;
        x = x * 10 + (f->data[i] - '0');
    }
    *v = x;
    return true;
}

/* A finding about records of the file; insurer and insured name the user when one user is
 * concerned ("" or NULL: none). */
static void emit_user(struct rk_file_check *fc, enum rk_rule_id rule, const struct where *w,
                      unsigned field, const char *expected, const char *actual, const char *detail,
                      const char *insurer, const char *insured)
{
    char label[256];
    const struct rk_layout *l = fc->layout;
    struct rk_finding f = {
        .rule = rk_rule_get(rule),
        .record = w->record,
        .field = field,
        .pos = w->pos,
        .expected = expected,
        .actual = actual,
        .detail = detail,
        .citation = l ? l->citation : NULL,
        .insurer_no = insurer && *insurer ? insurer : NULL,
        .insured_no = insured && *insured ? insured : NULL,
    };
    if (l && field && field <= l->nitems) {
        snprintf(label, sizeof label, "%s No.%u %s", l->name, field, l->items[field - 1].name);
        f.item = label;
        f.citation = l->items[field - 1].citation;
    }
    rk_emit(fc->em, &f);
}

static enum rk_status setup(struct rk_file_check *fc)
{
    struct rk_file_agg *a = fc->agg;
    const struct rk_layout *l = fc->layout;
    a->ready = true;
    a->layout = l;
    a->col_of = fc->col_of;
    a->insurer = index_of(l, RK_ROLE_INSURER);
    a->insured = index_of(l, RK_ROLE_INSURED);
    a->month = index_of(l, RK_ROLE_MONTH);
    a->code = index_of(l, RK_ROLE_SERVICE_CODE);
    a->units = index_of(l, RK_ROLE_UNITS);
    a->tais = index_of(l, RK_ROLE_TAIS);
    a->notify = index_of(l, RK_ROLE_NOTIFY);
    a->detail = index_of(l, RK_ROLE_DETAIL_NO);
    a->office = index_of(l, RK_ROLE_OFFICE);
    for (size_t i = 0; i < l->nitems && a->nsums < NSUMS; i++)
        if (l->items[i].role == RK_ROLE_SUM)
            a->sums[a->nsums++] = (int)i;
    for (size_t i = 0; i < l->version->nunique; i++)
        if (strcmp(l->version->unique[i].layout, l->id) == 0)
            a->unique = &l->version->unique[i];
    if (a->unique && !(a->seen = rk_map_new(sizeof(struct where))))
        return RK_E_NOMEM;
    if ((l->rules & RK_LR_TOTALS) && (!(a->users7 = rk_map_new(sizeof(struct user7))) ||
                                      !(a->types7 = rk_map_new(sizeof(struct type7)))))
        return RK_E_NOMEM;
    if ((l->rules & RK_LR_DETAIL_NO) && a->detail >= 0 &&
        (!(a->groups17 = rk_map_new(sizeof(struct group17))) ||
         !(a->items17 = rk_map_new(sizeof(struct item17)))))
        return RK_E_NOMEM;
    if ((l->rules & RK_LR_RELATED) && a->office >= 0 && fc->name && fc->name->parsed &&
        !(a->related = rk_map_new(sizeof(struct related))))
        return RK_E_NOMEM;
    /* the time items with a sentinel (no time display): exactly start and end */
    int ntimes = 0;
    for (size_t i = 0; i < l->nitems; i++) {
        if (l->items[i].format != RK_F_HHMM || !l->items[i].sentinel)
            continue;
        if (ntimes < 2)
            a->times[ntimes] = (int)i;
        ntimes++;
    }
    for (int k = 0; k < ntimes && k < 2; k++)
        a->sentinel_len[k] = strlen(l->items[a->times[k]].sentinel);
    if (a->related)
        a->to_len = strlen(fc->name->to);
    a->timed_types = rk_version_list(l->version, "timed_type");
    if (ntimes == 2 && a->timed_types && a->code >= 0 &&
        !(a->timed = rk_map_new(sizeof(struct timed))))
        return RK_E_NOMEM;
    return RK_OK;
}

/* FLD-028: a service of a type whose units are set by its duration (訪問介護 by 所要時間) whose
 * lines carry no time at all for the user in the month. A line of the type with 9999 beside
 * timed lines is a percentage add-on (e.g. 処遇改善加算), which carries no time. */
static enum rk_status rule_timed(struct rk_file_check *fc, const struct rk_record *rec,
                                 const struct where *here)
{
    struct rk_file_agg *a = fc->agg;
    const struct rk_field *code = fld(a, rec, a->code);
    if (!code || code->len < 2)
        return RK_OK;
    /* a user's lines of one service type come together: the last type's answer is kept */
    if (!a->timed_known || memcmp(a->timed_code, code->data, 2) != 0) {
        a->timed_in = rk_code_list_has(a->timed_types, code->data, 2);
        memcpy(a->timed_code, code->data, 2);
        a->timed_known = true;
    }
    if (!a->timed_in)
        return RK_OK;
    struct rk_field type = *code;
    type.len = 2;
    const struct rk_field *key[] = {fld(a, rec, a->insurer), fld(a, rec, a->insured),
                                    fld(a, rec, a->month), fld(a, rec, a->office), &type};
    bool untimed = true;
    for (int k = 0; k < 2; k++) {
        const struct rk_field *t = fld(a, rec, a->times[k]);
        const char *sentinel = a->layout->items[a->times[k]].sentinel;
        untimed &= t && t->len == a->sentinel_len[k] && rk_same_bytes(t->data, sentinel, t->len);
    }
    bool created, fits;
    struct timed *t = get_keyed(a->timed, &a->last_timed, key, 5, &created, &fits);
    if (!t)
        return fits ? RK_E_NOMEM : RK_OK;
    if (untimed && !t->untimed) {
        t->untimed = true;
        t->first = *here;
        t->first.pos = fld(a, rec, a->times[0])->pos; /* at the start time */
    }
    t->timed |= !untimed;
    return RK_OK;
}

static enum rk_status rule_unique(struct rk_file_check *fc, const struct rk_record *rec,
                                  const struct where *here)
{
    struct rk_file_agg *a = fc->agg;
    char key[KEY_MAX];
    size_t n = 0;
    if (!rk_key_items(key, &n, sizeof key, a->unique->items, rec, a->col_of))
        return RK_OK; /* too long to be a key: the item checks report it */
    bool created;
    struct where *w = rk_map_get(a->seen, key, n, true, &created);
    if (!w)
        return RK_E_NOMEM;
    if (created) {
        *w = *here;
        return RK_OK;
    }
    /* the key by name and value ("居宅サービス計画作成（変更）日 20250320"), the user apart */
    char keys[192], d[256], insurer[RK_USER_MAX], insured[RK_USER_MAX];
    rk_key_describe(fc->layout, a->unique->items, key, n, keys, sizeof keys, insurer, insured);
    snprintf(d, sizeof d, "%s%sfirst at record %llu, line %llu", keys, *keys ? "; " : "",
             (unsigned long long)w->record, (unsigned long long)w->pos.line);
    emit_user(fc, RK_RULE_SET_005, here, 0, NULL, NULL, d, insurer, insured);
    return RK_OK;
}

static void fold_sums(const struct rk_file_agg *a, const struct rk_record *rec, long long *val,
                      bool *has)
{
    for (int i = 0; i < a->nsums; i++)
        has[i] = parse_ll(fld(a, rec, a->sums[i]), &val[i]);
}

static enum rk_status rule_table7(struct rk_file_check *fc, const struct rk_record *rec,
                                  const struct where *here)
{
    struct rk_file_agg *a = fc->agg;
    const struct rk_field *code = fld(a, rec, a->code), *office = fld(a, rec, a->office);
    if (!code || code->len != 6)
        return RK_OK;
    const struct rk_field *user[] = {fld(a, rec, a->insurer), fld(a, rec, a->insured),
                                     fld(a, rec, a->month)};
    bool created, fits;
    struct user7 *u = get_keyed(a->users7, &a->last_user7, user, 3, &created, &fits);
    if (!u)
        return fits ? RK_E_NOMEM : RK_OK;
    if (created)
        u->first = *here;
    enum rk_total total = rk_total_kind(a->layout->version, code->data, code->len);
    if (total == RK_TOTAL_GRAND) {
        u->grand = true;
        u->grand_at = *here;
        fold_sums(a, rec, u->grand_val, u->grand_has);
        return RK_OK;
    }
    struct rk_field type = {.data = code->data, .len = 2};
    const struct rk_field *tkey[] = {user[0], user[1], user[2], office, &type};
    struct type7 *t = get_keyed(a->types7, &a->last_type7, tkey, 5, &created, &fits);
    if (!t)
        return fits ? RK_E_NOMEM : RK_OK;
    if (created) {
        t->first = *here;
        t->user = u;
        for (int i = 0; i < a->nsums; i++)
            t->detail_all[i] = true;
    }
    if (total != RK_TOTAL_NONE) {
        if (total == RK_TOTAL_LIMIT) {
            t->subtotal = true;
            t->sub_at = *here;
            fold_sums(a, rec, t->sub_val, t->sub_has);
        }
        return RK_OK;
    }
    if (!t->first_code[0])
        memcpy(t->first_code, code->data, 6);
    else if (memcmp(t->first_code, code->data, 6) != 0)
        t->several = true;
    long long v[NSUMS];
    bool has[NSUMS];
    fold_sums(a, rec, v, has);
    for (int i = 0; i < a->nsums; i++) {
        if (has[i])
            t->detail_sum[i] += v[i];
        else
            t->detail_all[i] = false;
    }
    return RK_OK;
}

static enum rk_status rule_detail17(struct rk_file_check *fc, const struct rk_record *rec,
                                    const struct where *here)
{
    struct rk_file_agg *a = fc->agg;
    const struct rk_field *code = fld(a, rec, a->code);
    if (!code || code->len < 2)
        return RK_OK;
    /* a user's lines of one service type come together: the last type's answer is kept */
    if (!a->detail_known || memcmp(a->detail_code, code->data, 2) != 0) {
        a->detail_in = rk_service_type_in(a->layout->version->detail_type, code->data, 2);
        memcpy(a->detail_code, code->data, 2);
        a->detail_known = true;
    }
    if (!a->detail_in)
        return RK_OK;
    char key[KEY_MAX];
    size_t n = 0;
    if (!rk_key_add(key, &n, KEY_MAX, fld(a, rec, a->insurer)) ||
        !rk_key_add(key, &n, KEY_MAX, fld(a, rec, a->insured)) ||
        !rk_key_add(key, &n, KEY_MAX, fld(a, rec, a->month)) ||
        !rk_key_add(key, &n, KEY_MAX, fld(a, rec, a->office)) ||
        !rk_key_add(key, &n, KEY_MAX, code) || !rk_key_add(key, &n, KEY_MAX, fld(a, rec, a->units)))
        return RK_OK;
    size_t group_len = n;
    if (!rk_key_add(key, &n, KEY_MAX, fld(a, rec, a->tais)) ||
        !rk_key_add(key, &n, KEY_MAX, fld(a, rec, a->notify)))
        return RK_OK;
    bool created;
    struct group17 *g = rk_map_get(a->groups17, key, group_len, true, &created);
    if (!g)
        return RK_E_NOMEM;
    if (created)
        g->first = *here;
    struct item17 *it = rk_map_get(a->items17, key, n, true, &created);
    if (!it)
        return RK_E_NOMEM;
    if (created) {
        it->first = *here;
        it->group = g;
        g->nitems++;
        const struct rk_field *d = fld(a, rec, a->detail);
        snprintf(it->detail, sizeof it->detail, "%.*s", (int)(d && d->len < 7 ? d->len : 0),
                 d ? (const char *)d->data : "");
    }
    return RK_OK;
}

static enum rk_status rule_related(struct rk_file_check *fc, const struct rk_record *rec,
                                   const struct where *here)
{
    struct rk_file_agg *a = fc->agg;
    const struct rk_field *key[] = {fld(a, rec, a->insurer), fld(a, rec, a->insured)};
    bool created, fits;
    struct related *r = get_keyed(a->related, &a->last_related, key, 2, &created, &fits);
    if (!r)
        return fits ? RK_E_NOMEM : RK_OK;
    if (created)
        r->first = *here;
    const struct rk_field *office = fld(a, rec, a->office);
    if (office && office->len == a->to_len &&
        rk_same_bytes(office->data, fc->name->to, office->len))
        r->related = true;
    return RK_OK;
}

enum rk_status rk_file_rules_record(struct rk_file_check *fc, const struct rk_record *rec)
{
    if (!fc->layout)
        return RK_OK;
    if (!fc->agg) {
        fc->agg = rk_calloc(1, sizeof *fc->agg);
        if (!fc->agg)
            return RK_E_NOMEM;
    }
    struct rk_file_agg *a = fc->agg;
    if (!a->ready) {
        enum rk_status st = setup(fc);
        if (st != RK_OK)
            return st;
    }
    if (a->layout != fc->layout)
        return RK_OK; /* the layout changed at record 1 before setup: cannot happen */
    struct where here = {rec->number, rec->pos};
    enum rk_status st = RK_OK;
    if (a->seen)
        st = rule_unique(fc, rec, &here);
    if (st == RK_OK && a->users7)
        st = rule_table7(fc, rec, &here);
    if (st == RK_OK && a->groups17)
        st = rule_detail17(fc, rec, &here);
    if (st == RK_OK && a->related)
        st = rule_related(fc, rec, &here);
    if (st == RK_OK && a->timed)
        st = rule_timed(fc, rec, &here);
    return st;
}

/* The user of a 第7表 key (insurer, insured and month first, as the keys are built). */
static void user_of(const struct rk_file_check *fc, const void *k, size_t kl,
                    char insurer[RK_USER_MAX], char insured[RK_USER_MAX])
{
    const struct rk_file_agg *a = fc->agg;
    char items[48], month[64];
    snprintf(items, sizeof items, "%d,%d,%d", a->insurer + 1, a->insured + 1, a->month + 1);
    rk_key_describe(fc->layout, items, k, kl, month, sizeof month, insurer, insured);
}

static void end_table7(struct rk_file_check *fc)
{
    struct rk_file_agg *a = fc->agg;
    const void *k;
    size_t kl, it = 0;
    void *v;
    const char *grand = first_code(a->layout->version, "total_grand");
    char insurer[RK_USER_MAX], insured[RK_USER_MAX];
    /* per type: a subtotal where several codes; sums of subtotals; fold into the user */
    while (rk_map_at(a->types7, &it, &k, &kl, &v)) {
        struct type7 *t = v;
        user_of(fc, k, kl, insurer, insured);
        if (t->several && !t->subtotal) {
            char e[48];
            size_t at = rk_encoding_display(fc->enc, (const unsigned char *)t->first_code, 2, e,
                                            sizeof e - 16);
            snprintf(e + at, sizeof e - at, "%s", first_code(a->layout->version, "total_limit"));
            emit_user(fc, RK_RULE_SET_006, &t->first, (unsigned)a->code + 1, e, NULL, NULL, insurer,
                      insured);
        }
        for (int i = 0; i < a->nsums; i++) {
            if (t->subtotal && t->sub_has[i]) {
                t->user->type_sum[i] += t->sub_val[i];
                if (t->detail_all[i] && t->first_code[0] && t->sub_val[i] != t->detail_sum[i]) {
                    char e[32], g[32];
                    snprintf(e, sizeof e, "%lld", t->detail_sum[i]);
                    snprintf(g, sizeof g, "%lld", t->sub_val[i]);
                    emit_user(fc, RK_RULE_SET_008, &t->sub_at, (unsigned)a->sums[i] + 1, e, g, NULL,
                              insurer, insured);
                }
            } else if (!t->subtotal && t->detail_all[i] && t->first_code[0]) {
                t->user->type_sum[i] += t->detail_sum[i];
            } else {
                t->user->type_unknown[i] = true;
            }
        }
    }
    /* per user: the grand total, and its sums over the types */
    it = 0;
    while (rk_map_at(a->users7, &it, &k, &kl, &v)) {
        struct user7 *u = v;
        user_of(fc, k, kl, insurer, insured);
        if (!u->grand) {
            emit_user(fc, RK_RULE_SET_007, &u->first, (unsigned)a->code + 1, grand, NULL, NULL,
                      insurer, insured);
            continue;
        }
        for (int i = 0; i < a->nsums; i++) {
            if (!u->grand_has[i] || u->type_unknown[i] || u->type_sum[i] == u->grand_val[i])
                continue;
            char e[32], g[32];
            snprintf(e, sizeof e, "%lld", u->type_sum[i]);
            snprintf(g, sizeof g, "%lld", u->grand_val[i]);
            emit_user(fc, RK_RULE_SET_008, &u->grand_at, (unsigned)a->sums[i] + 1, e, g, grand,
                      insurer, insured);
        }
    }
}

/* Distinct items of one code and one unit price: 明細判別コード 1..n, all different. */
static void end_detail17(struct rk_file_check *fc)
{
    struct rk_file_agg *a = fc->agg;
    const void *k;
    size_t kl, it = 0;
    void *v;
    /* one pass over the items, in input order: the first item that breaks its group's
     * numbering is reported, once per group (seen codes are kept per group in a bit mask) */
    struct group_state {
        uint64_t seen;
        bool reported;
    };
    struct rk_map *state = rk_map_new(sizeof(struct group_state));
    if (!state)
        return;
    while (rk_map_at(a->items17, &it, &k, &kl, &v)) {
        struct item17 *item = v;
        struct group17 *g = item->group;
        if (g->nitems < 2)
            continue;
        struct group_state *gs = rk_map_get(state, &g, sizeof g, true, NULL);
        if (!gs || gs->reported)
            continue;
        unsigned d = 0;
        for (const char *p = item->detail; *p; p++)
            d = *p >= '0' && *p <= '9' ? d * 10 + (unsigned)(*p - '0') : 999;
        bool bad =
            g->nitems >= 64 || !item->detail[0] || d == 0 || d > g->nitems || (gs->seen >> d & 1u);
        if (!bad) {
            gs->seen |= (uint64_t)1 << d;
            continue;
        }
        gs->reported = true;
        char e[32], det[32];
        snprintf(e, sizeof e, "1..%u", g->nitems);
        snprintf(det, sizeof det, "%u items", g->nitems);
        char insurer[RK_USER_MAX], insured[RK_USER_MAX];
        user_of(fc, k, kl, insurer, insured);
        emit_user(fc, RK_RULE_SET_010, &item->first, (unsigned)a->detail + 1, e, NULL, det, insurer,
                  insured);
    }
    rk_map_free(state);
}

static void end_related(struct rk_file_check *fc)
{
    struct rk_file_agg *a = fc->agg;
    const void *k;
    size_t kl, it = 0;
    void *v;
    while (rk_map_at(a->related, &it, &k, &kl, &v)) {
        struct related *r = v;
        if (!r->related) {
            char insurer[RK_USER_MAX], insured[RK_USER_MAX];
            user_of(fc, k, kl, insurer, insured);
            emit_user(fc, RK_RULE_SET_011, &r->first, (unsigned)a->office + 1, fc->name->to, NULL,
                      NULL, insurer, insured);
        }
    }
}

static void end_timed(struct rk_file_check *fc)
{
    struct rk_file_agg *a = fc->agg;
    const void *k;
    size_t kl, it = 0;
    void *v;
    while (rk_map_at(a->timed, &it, &k, &kl, &v)) {
        struct timed *t = v;
        if (!t->untimed || t->timed)
            continue;
        char insurer[RK_USER_MAX], insured[RK_USER_MAX];
        user_of(fc, k, kl, insurer, insured);
        emit_user(fc, RK_RULE_FLD_028, &t->first, (unsigned)a->times[0] + 1, "HHMM",
                  a->layout->items[a->times[0]].sentinel, NULL, insurer, insured);
    }
}

enum rk_status rk_file_rules_end(struct rk_file_check *fc)
{
    struct rk_file_agg *a = fc->agg;
    if (!a || !a->ready)
        return RK_OK;
    if (a->users7)
        end_table7(fc);
    if (a->groups17)
        end_detail17(fc);
    if (a->related)
        end_related(fc);
    if (a->timed)
        end_timed(fc);
    return RK_OK;
}

void rk_file_rules_free(struct rk_file_check *fc)
{
    struct rk_file_agg *a = fc->agg;
    if (!a)
        return;
    rk_map_free(a->items17);
    rk_map_free(a->seen);
    rk_map_free(a->users7);
    rk_map_free(a->types7);
    rk_map_free(a->groups17);
    rk_map_free(a->related);
    rk_map_free(a->timed);
    rk_free(a);
    fc->agg = NULL;
}
