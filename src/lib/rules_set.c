/*
 * rules_set.c - the rules across files: groups files into sends (same ファイル連番 and
 * sender/receiver pair), matches each send against the allowed combinations (sends.tsv),
 * checks link keys between a send's files (links.tsv), compares 第6表 and 第7表 counts, and
 * checks the office profile (profiles.tsv). While files are checked, each record's link keys
 * and counts are folded into maps; nothing else of the records is kept.
 */
#include "rules_set.h"

#include "alloc.h"
#include "filename.h"
#include "finding.h"
#include "map.h"
#include "spec.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX 320

struct set_plan;

struct set_file {
    struct set_plan *plan; /* while its records come: what they give the set (set_plan_of) */
    char *path;
    const char *order; /* what it is ordered by: path, or the set's order_name for it */
    struct rk_name name;
    bool named;
    const struct rk_layout *layout;
    char send[64]; /* serial|from|fsvc|to|tsvc, "" when the name has no parts */
};

struct where {
    int file;
    uint64_t record;
    struct rk_pos pos;
};

struct count67 {
    long long n6, n7;
    bool has6, has7;
    struct where w7;
};

struct rk_set {
    const struct rk_specs *specs;
    struct rk_set_options opt;
    struct set_file *files;
    size_t nfiles, cap;
    struct rk_map *keys;   /* send|link|role|values -> struct where (first record) */
    struct rk_map *counts; /* send|user|month|office|code -> struct count67 */
    struct rk_map *users;  /* send|insurer|insured -> (nothing) */
    struct rk_emitter em;  /* the set findings' (rk_set_check): profile, cap, counts */
    const struct rk_set_callbacks *cb;
    pthread_mutex_t lock; /* files may be checked in parallel (renkei check -j) */
};

enum rk_status rk_set_new(struct rk_set **out, const struct rk_specs *specs,
                          const struct rk_set_options *opt)
{
    *out = NULL;
    struct rk_set *s = rk_calloc(1, sizeof *s);
    if (!s)
        return RK_E_NOMEM;
    s->specs = specs;
    if (opt)
        s->opt = *opt;
    pthread_mutex_init(&s->lock, NULL);
    s->keys = rk_map_new(sizeof(struct where));
    s->counts = rk_map_new(sizeof(struct count67));
    s->users = rk_map_new(1);
    if (!s->keys || !s->counts || !s->users) {
        rk_set_free(s);
        return RK_E_NOMEM;
    }
    *out = s;
    return RK_OK;
}

void rk_set_free(struct rk_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nfiles; i++) {
        rk_free(s->files[i].path);
        rk_free(s->files[i].plan);
    }
    rk_free(s->files);
    rk_map_free(s->keys);
    rk_map_free(s->counts);
    rk_map_free(s->users);
    pthread_mutex_destroy(&s->lock);
    rk_free(s);
}

static int add_file_locked(struct rk_set *s, const char *path, const struct rk_name *name);

int rk_set_add_file(struct rk_set *s, const char *path, const struct rk_name *name)
{
    pthread_mutex_lock(&s->lock);
    int i = add_file_locked(s, path, name);
    pthread_mutex_unlock(&s->lock);
    return i;
}

static int add_file_locked(struct rk_set *s, const char *path, const struct rk_name *name)
{
    if (!rk_grow(&s->files, &s->cap, s->nfiles + 1, sizeof *s->files))
        return -1;
    struct set_file *f = &s->files[s->nfiles];
    memset(f, 0, sizeof *f);
    f->path = rk_strdup(path);
    if (!f->path)
        return -1;
    f->order = s->opt.order_name ? s->opt.order_name(s->opt.order_ctx, f->path) : NULL;
    if (!f->order)
        f->order = f->path;
    if (name && name->parsed && name->serial[0]) {
        f->named = true;
        f->name = *name;
        snprintf(f->send, sizeof f->send, "%s|%s|%s|%s|%s", name->serial, name->from,
                 name->from_svc, name->to, name->to_svc);
    }
    return (int)s->nfiles++;
}

int rk_set_add_group_file(struct rk_set *s, const char *path, const char *group)
{
    pthread_mutex_lock(&s->lock);
    int i = add_file_locked(s, path, NULL);
    if (i >= 0) {
        s->files[i].named = true;
        snprintf(s->files[i].send, sizeof s->files[i].send, "%s", group);
    }
    pthread_mutex_unlock(&s->lock);
    return i;
}

void rk_set_file_done(struct rk_set *s, int file, const struct rk_layout *l)
{
    pthread_mutex_lock(&s->lock);
    if (file >= 0 && (size_t)file < s->nfiles) {
        s->files[file].layout = l;
        rk_free(s->files[file].plan); /* its records are all in */
        s->files[file].plan = NULL;
    }
    pthread_mutex_unlock(&s->lock);
}

/* Keeps the earliest place (by path, then record), so that the result does not depend on the
 * order in which parallel checks delivered their records. */
static void keep_first(const struct rk_set *s, struct where *w, const struct where *x)
{
    if (x->file == w->file) { /* the same order */
        if (x->record < w->record)
            *w = *x;
        return;
    }
    int c = strcmp(s->files[x->file].order, s->files[w->file].order);
    if (c < 0 || (c == 0 && x->record < w->record))
        *w = *x;
}

/* ---- what a file's records give the set ---- */

/* A map key kept between records: the value of the key met last (a user's records come
 * together, so the next record's key is most often the same). key[0..plen) is a prefix the
 * plan writes once (send, link, role); the record's values follow, each ended by 0x1F as
 * rk_key_add writes them. A record whose values are the key's takes the value with no key
 * built, hashed or copied. */
struct set_memo {
    void *value; /* NULL: none kept */
    size_t plen, len;
    char key[KEY_MAX];
};

#define LINK_ITEMS 16 /* a link's key items the plan reads (a link of more: rk_key_items) */

struct set_link {
    const char *items; /* the link's key items, "2,3,5" */
    int fields[LINK_ITEMS];
    size_t nfields; /* 0: more than LINK_ITEMS, rk_key_items per record */
    struct set_memo memo;
};

/* What the records of one file of layout layout (columns col_of) give the set, found at its
 * first record: the links it is a child or parent in (in the order of links.tsv, child first),
 * the fields of its items of each role, the keys kept. Freed when the file is done. */
struct set_plan {
    const struct rk_layout *layout;
    const int *col_of;
    int insurer, insured, month, office, code, count; /* item indices (positional) or -1 */
    struct set_memo user, counts;
    size_t nlinks;
    struct set_link links[]; /* nlinks */
};

static int item_index(const struct rk_layout *l, enum rk_item_role role)
{
    const struct rk_item *it = rk_layout_role(l, role);
    return it ? (int)(it - l->items) : -1;
}

static const struct rk_field *fld(const struct rk_record *rec, int i)
{
    return (i >= 0 && (size_t)i < rec->nfields) ? &rec->fields[i] : NULL;
}

static long long num(const struct rk_field *f)
{
    long long v = 0;
    for (size_t i = 0; f && i < f->len && i < 15; i++) {
        if (f->data[i] < '0' || f->data[i] > '9')
            return 0;
        v = v * 10 + (f->data[i] - '0');
    }
    return v;
}

/* Whether the values of m's key, from *at on, begin with the n fields f (NULL: empty), each
 * ended by 0x1F; *at moves past them. */
static bool memo_has(const struct set_memo *m, size_t *at, const struct rk_field *const *f,
                     size_t n)
{
    size_t k = rk_key_match(m->key + *at, m->len - *at, f, n);
    if (k == SIZE_MAX)
        return false;
    *at += k;
    return true;
}

/* The value of the key of m's prefix and the n fields f in map (created zeroed when new),
 * through m. NULL with *fits false: the key does not fit; NULL with *fits true: no memory. */
static void *memo_get(struct rk_map *map, struct set_memo *m, const struct rk_field *const *f,
                      size_t n, bool *created, bool *fits)
{
    size_t at = m->plen;
    *created = false;
    *fits = true;
    if (m->value && memo_has(m, &at, f, n) && at == m->len)
        return m->value;
    m->value = NULL;
    m->len = m->plen;
    for (size_t i = 0; i < n; i++)
        if (!rk_key_add(m->key, &m->len, KEY_MAX, f[i])) {
            *fits = false;
            return NULL;
        }
    m->value = rk_map_get(map, m->key, m->len, true, created);
    return m->value;
}

/* The plan of file's records of layout l (columns col_of), made at the first of them. */
static struct set_plan *set_plan_of(struct rk_set *s, int file, const struct rk_layout *l,
                                    const int *col_of)
{
    struct set_file *sf = &s->files[file];
    if (sf->plan && sf->plan->layout == l && sf->plan->col_of == col_of)
        return sf->plan;
    rk_free(sf->plan);
    const struct rk_version *v = l->version;
    size_t n = 0;
    for (size_t i = 0; i < v->nlinks; i++)
        n += (strcmp(v->links[i].child, l->id) == 0) + (strcmp(v->links[i].parent, l->id) == 0);
    struct set_plan *p = rk_calloc(1, sizeof *p + n * sizeof p->links[0]);
    sf->plan = p;
    if (!p)
        return NULL;
    p->layout = l;
    p->col_of = col_of;
    p->insurer = item_index(l, RK_ROLE_INSURER);
    p->insured = item_index(l, RK_ROLE_INSURED);
    p->month = item_index(l, RK_ROLE_MONTH);
    p->office = item_index(l, RK_ROLE_OFFICE);
    p->code = item_index(l, RK_ROLE_SERVICE_CODE);
    p->count = item_index(l, RK_ROLE_COUNT);
    p->user.plen = p->user.len = (size_t)snprintf(p->user.key, KEY_MAX, "%s\x1f", sf->send);
    p->counts.plen = p->counts.len = p->user.plen;
    memcpy(p->counts.key, p->user.key, p->user.plen + 1);
    for (size_t i = 0; i < v->nlinks; i++) {
        const struct rk_link *k = &v->links[i];
        for (int role = 0; role < 2; role++) {
            if (strcmp(role ? k->parent : k->child, l->id) != 0)
                continue;
            struct set_link *sl = &p->links[p->nlinks++];
            /* the link's number names its version too: files of two versions may share a set */
            size_t id = (size_t)(v - s->specs->versions) * 1000 + i;
            sl->memo.plen = sl->memo.len =
                (size_t)snprintf(sl->memo.key, KEY_MAX, "%s\x1f%zu\x1f%d\x1f", sf->send, id, role);
            sl->items = role ? k->parent_keys : k->child_keys;
            /* the fields of its items, as rk_key_items finds them */
            const char *cur = sl->items, *t;
            size_t tl, nf = 0;
            while (rk_list_next(&cur, &t, &tl)) {
                unsigned no = 0;
                for (size_t j = 0; j < tl; j++)
                    no = no * 10 + (unsigned)(t[j] - '0');
                long at = no >= 1 ? (col_of ? col_of[no - 1] : (long)no - 1) : -1;
                if (nf < LINK_ITEMS)
                    sl->fields[nf] = at < 0 || at > INT32_MAX ? -1 : (int)at;
                nf++;
            }
            sl->nfields = nf <= LINK_ITEMS ? nf : 0;
        }
    }
    return p;
}

/* Folds the 第6表/第7表 count of a record into the send's per-service totals. */
static enum rk_status fold_count(struct rk_set *s, int file, struct set_plan *p,
                                 const struct rk_record *rec)
{
    const struct rk_layout *l = p->layout;
    bool is7 = l->rules & RK_LR_BENEFIT_COUNTS, is6 = l->rules & RK_LR_PLAN_COUNTS;
    if (!is6 && !is7)
        return RK_OK;
    const struct rk_field *code = fld(rec, p->code);
    if (!code || code->len != 6)
        return RK_OK;
    if (is7 && rk_total_kind(l->version, code->data, code->len) != RK_TOTAL_NONE)
        return RK_OK;
    const struct rk_field *of = fld(rec, p->office);
    if (!of)
        return RK_OK;
    /* the key: send, user and month each ended by 0x1F, then the office, 0x1F and the code */
    const struct rk_field *user[] = {fld(rec, p->insurer), fld(rec, p->insured), fld(rec, p->month),
                                     of};
    struct set_memo *m = &p->counts;
    size_t at = m->plen;
    struct count67 *c = NULL;
    if (m->value && memo_has(m, &at, user, 4) && m->len - at == code->len &&
        rk_same_bytes(m->key + at, code->data, code->len)) {
        c = m->value;
    } else {
        m->value = NULL;
        size_t n = m->plen;
        if (!rk_key_add(m->key, &n, KEY_MAX, user[0]) ||
            !rk_key_add(m->key, &n, KEY_MAX, user[1]) || !rk_key_add(m->key, &n, KEY_MAX, user[2]))
            return RK_OK;
        if (n + of->len + code->len + 2 >= KEY_MAX)
            return RK_OK;
        memcpy(m->key + n, of->data, of->len);
        n += of->len;
        m->key[n++] = '\x1f';
        memcpy(m->key + n, code->data, code->len);
        n += code->len;
        m->len = n;
        c = m->value = rk_map_get(s->counts, m->key, n, true, NULL);
        if (!c)
            return RK_E_NOMEM;
    }
    long long v = num(fld(rec, p->count));
    if (is6) {
        c->n6 += v;
        c->has6 = true;
    } else {
        struct where here = {file, rec->number, rec->pos};
        if (!c->has7)
            c->w7 = here;
        else
            keep_first(s, &c->w7, &here);
        c->n7 += v;
        c->has7 = true;
    }
    return RK_OK;
}

static enum rk_status record_locked(struct rk_set *s, int file, const struct rk_layout *l,
                                    const struct rk_record *rec, const int *col_of);

enum rk_status rk_set_record(struct rk_set *s, int file, const struct rk_layout *l,
                             const struct rk_record *rec, const int *col_of)
{
    pthread_mutex_lock(&s->lock);
    enum rk_status st = record_locked(s, file, l, rec, col_of);
    pthread_mutex_unlock(&s->lock);
    return st;
}

static enum rk_status record_locked(struct rk_set *s, int file, const struct rk_layout *l,
                                    const struct rk_record *rec, const int *col_of)
{
    if (!l || file < 0 || !s->files[file].named)
        return RK_OK;
    struct set_plan *p = set_plan_of(s, file, l, col_of);
    if (!p)
        return RK_E_NOMEM;
    for (size_t i = 0; i < p->nlinks; i++) {
        struct set_link *sl = &p->links[i];
        struct where *w;
        bool created, fits = true;
        if (sl->nfields) {
            const struct rk_field *f[LINK_ITEMS];
            for (size_t j = 0; j < sl->nfields; j++)
                f[j] = fld(rec, sl->fields[j]);
            w = memo_get(s->keys, &sl->memo, f, sl->nfields, &created, &fits);
        } else { /* a key of many items: built as it comes */
            struct set_memo *m = &sl->memo;
            m->value = NULL;
            m->len = m->plen;
            fits = rk_key_items(m->key, &m->len, KEY_MAX, sl->items, rec, col_of);
            w = fits ? rk_map_get(s->keys, m->key, m->len, true, &created) : NULL;
        }
        if (!w && !fits)
            continue;
        if (!w)
            return RK_E_NOMEM;
        struct where here = {file, rec->number, rec->pos};
        if (created)
            *w = here;
        else
            keep_first(s, w, &here);
    }
    if (!col_of) {
        const struct rk_field *user[] = {fld(rec, p->insurer), fld(rec, p->insured)};
        bool created, fits;
        if (!memo_get(s->users, &p->user, user, 2, &created, &fits) && fits)
            return RK_E_NOMEM;
    }
    return fold_count(s, file, p, rec);
}

/* ---- checking ---- */

/* A set finding; insurer and insured name the user it is about ("" or NULL: none). */
static void emit_user(struct rk_set *s, enum rk_rule_id rule, const char *path,
                      const struct where *w, const char *expected, const char *actual,
                      const char *detail, const char *citation, const char *insurer,
                      const char *insured)
{
    struct rk_finding f = {
        .rule = rk_rule_get(rule),
        .path = path,
        .expected = expected,
        .actual = actual,
        .detail = detail,
        .citation = citation,
        .insurer_no = insurer && *insurer ? insurer : NULL,
        .insured_no = insured && *insured ? insured : NULL,
    };
    if (w) {
        f.record = w->record;
        f.pos = w->pos;
    }
    rk_emit(&s->em, &f);
}

static void emit(struct rk_set *s, enum rk_rule_id rule, const char *path, const struct where *w,
                 const char *expected, const char *actual, const char *detail, const char *citation)
{
    emit_user(s, rule, path, w, expected, actual, detail, citation, NULL, NULL);
}

static bool in_list(const char *list, const char *id)
{
    const char *cur = list, *t;
    size_t n;
    while (rk_list_next(&cur, &t, &n))
        if (strlen(id) == n && memcmp(id, t, n) == 0)
            return true;
    return false;
}

static size_t list_len(const char *list)
{
    const char *cur = list, *t;
    size_t n, k = 0;
    while (rk_list_next(&cur, &t, &n))
        k++;
    return k;
}

static int cmp_send(const void *a, const void *b)
{
    const struct set_file *x = *(const struct set_file *const *)a;
    const struct set_file *y = *(const struct set_file *const *)b;
    int c = strcmp(x->send, y->send);
    return c ? c : strcmp(x->order, y->order);
}

/* Which unit fits the layouts best: fewest missing + unexpected members. */
static const struct rk_send_unit *best_unit(const struct rk_version *v, struct set_file **f,
                                            size_t n, size_t *misfit)
{
    const struct rk_send_unit *best = NULL;
    size_t best_cost = (size_t)-1;
    for (size_t u = 0; u < v->nsends; u++) {
        const struct rk_send_unit *su = &v->sends[u];
        size_t cost = 0;
        const char *cur = su->members, *t;
        size_t tl;
        while (rk_list_next(&cur, &t, &tl)) {
            bool have = false;
            for (size_t i = 0; i < n && !have; i++)
                have = f[i]->layout && strlen(f[i]->layout->id) == tl &&
                       memcmp(f[i]->layout->id, t, tl) == 0;
            cost += !have;
        }
        for (size_t i = 0; i < n; i++)
            if (f[i]->layout && !in_list(su->members, f[i]->layout->id) &&
                !(su->optional && in_list(su->optional, f[i]->layout->id)))
                cost++;
        if (cost < best_cost ||
            (cost == best_cost && best && list_len(su->members) > list_len(best->members))) {
            best = su;
            best_cost = cost;
        }
    }
    *misfit = best_cost;
    return best;
}

/* A finding found in one pass over the maps, emitted later inside its send. */
struct pending {
    size_t send;
    int kind; /* 0 = link (SET-004), 1 = count (SET-009) */
    size_t link;
    struct where w;
    const char *order; /* of w.file: the sort key that does not depend on check order */
    long long n6, n7;
    char code[32];    /* the service code, for display */
    const char *vals; /* the key's values (in the set's maps, which outlive the pendings) */
    size_t nvals;
};

struct pendings {
    struct pending *v;
    size_t n, cap;
};

static bool pend(struct pendings *p, const struct pending *x)
{
    if (!rk_grow(&p->v, &p->cap, p->n + 1, sizeof *p->v))
        return false;
    p->v[p->n++] = *x;
    return true;
}

static int cmp_pending(const void *a, const void *b)
{
    const struct pending *x = a, *y = b;
    if (x->send != y->send)
        return x->send < y->send ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind - y->kind;
    int c = strcmp(x->order, y->order);
    if (c)
        return c;
    if (x->w.record != y->w.record)
        return x->w.record < y->w.record ? -1 : 1;
    return strcmp(x->code, y->code) < 0   ? -1
           : strcmp(x->code, y->code) > 0 ? 1
                                          : (x->link > y->link) - (x->link < y->link);
}

/* The send index of a map key "send\x1f...", or -1. */
static long send_of(struct rk_map *index, const void *key, size_t kl)
{
    const char *k = key;
    const char *sep = memchr(k, '\x1f', kl);
    if (!sep)
        return -1;
    size_t *idx = rk_map_get(index, k, (size_t)(sep - k), false, NULL);
    return idx ? (long)*idx : -1;
}

static bool send_has_layout(struct set_file **f, size_t n, const char *id)
{
    for (size_t j = 0; j < n; j++)
        if (f[j]->layout && strcmp(f[j]->layout->id, id) == 0)
            return true;
    return false;
}

struct send_span {
    struct set_file **files;
    size_t n;
    size_t users;
};

/* One pass over the link keys: children whose parent key is absent in their send. */
static bool find_links(struct rk_set *s, struct rk_map *index, const struct send_span *sp,
                       struct pendings *out)
{
    const void *key;
    size_t kl, it = 0;
    void *val;
    while (rk_map_at(s->keys, &it, &key, &kl, &val)) {
        const char *k = key;
        /* key: send \x1f link \x1f role \x1f values */
        const char *p1 = memchr(k, '\x1f', kl);
        if (!p1)
            continue;
        const char *p2 = memchr(p1 + 1, '\x1f', kl - (size_t)(p1 + 1 - k));
        if (!p2 || p2 + 2 >= k + kl || p2[1] != '0')
            continue; /* parent-role entries are only looked up */
        long si = send_of(index, key, kl);
        if (si < 0)
            continue;
        const struct where *w = val;
        const struct rk_layout *l = s->files[w->file].layout;
        size_t id = (size_t)strtoul(p1 + 1, NULL, 10), link = id % 1000;
        if (!l || id / 1000 != (size_t)(l->version - s->specs->versions) ||
            link >= l->version->nlinks)
            continue;
        const struct rk_link *lk = &l->version->links[link];
        if (!send_has_layout(sp[si].files, sp[si].n, lk->parent))
            continue; /* reported as a missing member (SET-002) */
        char pkey[KEY_MAX];
        memcpy(pkey, key, kl);
        pkey[p2 + 1 - k] = '1';
        if (rk_map_get(s->keys, pkey, kl, false, NULL))
            continue;
        struct pending x = {.send = (size_t)si,
                            .kind = 0,
                            .link = link,
                            .w = *w,
                            .order = s->files[w->file].order,
                            .vals = p2 + 3,
                            .nvals = kl - (size_t)(p2 + 3 - k)};
        if (!pend(out, &x))
            return false;
    }
    return true;
}

/* One pass over the 第6表/第7表 counts, and over the users. */
static bool find_counts(struct rk_set *s, struct rk_map *index, struct send_span *sp,
                        struct pendings *out)
{
    const void *key;
    size_t kl, it = 0;
    void *val;
    while (rk_map_at(s->counts, &it, &key, &kl, &val)) {
        const struct count67 *c = val;
        if (!c->has6 || !c->has7 || c->n6 == c->n7)
            continue;
        long si = send_of(index, key, kl);
        if (si < 0)
            continue;
        struct pending x = {.send = (size_t)si,
                            .kind = 1,
                            .w = c->w7,
                            .order = s->files[c->w7.file].order,
                            .n6 = c->n6,
                            .n7 = c->n7};
        const char *sep = memchr(key, '\x1f', kl); /* after the send */
        if (sep) {
            x.vals = sep + 1;
            x.nvals = kl - (size_t)(sep + 1 - (const char *)key);
        }
        rk_encoding_display(RK_ENC_CP932, (const unsigned char *)key + kl - 6, 6, x.code,
                            sizeof x.code);
        if (!pend(out, &x))
            return false;
    }
    it = 0;
    while (rk_map_at(s->users, &it, &key, &kl, &val)) {
        long si = send_of(index, key, kl);
        if (si >= 0)
            sp[si].users++;
    }
    return true;
}

static void emit_pending(struct rk_set *s, const struct pending *x)
{
    const struct rk_layout *l = s->files[x->w.file].layout;
    if (x->kind == 0) {
        /* the key values the parent lacks, by name: "UPPLAN -> UPHOSOKU: 対象年月 202504" */
        const struct rk_link *k = &l->version->links[x->link];
        char keys[192], detail[256], insurer[RK_USER_MAX], insured[RK_USER_MAX];
        rk_key_describe(l, k->child_keys, x->vals, x->nvals, keys, sizeof keys, insurer, insured);
        snprintf(detail, sizeof detail, "%s -> %s%s%s", k->child, k->parent, *keys ? ": " : "",
                 keys);
        emit_user(s, RK_RULE_SET_004, s->files[x->w.file].path, &x->w, k->parent, NULL, detail,
                  k->citation, insurer, insured);
    } else {
        char e[32], a[32], keys[192], detail[256], insurer[RK_USER_MAX], insured[RK_USER_MAX];
        snprintf(e, sizeof e, "%lld", x->n6);
        snprintf(a, sizeof a, "%lld", x->n7);
        char items[48]; /* the items fold_count keys on */
        snprintf(items, sizeof items, "%d,%d,%d", item_index(l, RK_ROLE_INSURER) + 1,
                 item_index(l, RK_ROLE_INSURED) + 1, item_index(l, RK_ROLE_MONTH) + 1);
        rk_key_describe(l, items, x->vals, x->nvals, keys, sizeof keys, insurer, insured);
        snprintf(detail, sizeof detail, "%s%s%s", x->code, *keys ? "; " : "", keys);
        emit_user(s, RK_RULE_SET_009, s->files[x->w.file].path, &x->w, e, a, detail, NULL, insurer,
                  insured);
    }
}

static enum rk_status check_send(struct rk_set *s, const struct send_span *sp, unsigned order,
                                 const struct pending *pend_v, size_t pend_n)
{
    struct set_file **f = sp->files;
    size_t n = sp->n;
    const struct rk_version *v = NULL;
    for (size_t i = 0; i < n && !v; i++)
        v = f[i]->layout ? f[i]->layout->version : NULL;
    const char **paths = rk_calloc(n, sizeof *paths);
    const char **layouts = rk_calloc(n, sizeof *layouts);
    if (!paths || !layouts) {
        rk_free(paths);
        rk_free(layouts);
        return RK_E_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        paths[i] = f[i]->path;
        layouts[i] = f[i]->layout ? f[i]->layout->id : f[i]->name.layout_id;
    }
    size_t misfit = 0;
    const struct rk_send_unit *unit = v && v->nsends ? best_unit(v, f, n, &misfit) : NULL;
    bool grouped = v && v->nsends == 0; /* a family without send units (LIFE): one upload */
    bool dup = false;
    for (size_t i = 0; i < n && !grouped; i++)
        for (size_t j = 0; j < i; j++)
            dup |= f[i]->layout && f[j]->layout == f[i]->layout;
    struct rk_send send = {
        .order = order,
        .serial = f[0]->name.serial,
        .from = f[0]->name.from,
        .from_svc = f[0]->name.from_svc,
        .to = f[0]->name.to,
        .to_svc = f[0]->name.to_svc,
        .unit = unit ? unit->id : (grouped ? v->family : NULL),
        .allowed = grouped || (unit && misfit == 0 && !dup),
        .nfiles = n,
        .paths = paths,
        .layouts = layouts,
        .nusers = sp->users,
    };
    if (s->cb && s->cb->send_begin)
        s->cb->send_begin(s->cb->ctx, &send);
    for (size_t i = 0; i < n && !grouped; i++)
        for (size_t j = 0; j < i; j++)
            if (f[i]->layout && f[j]->layout == f[i]->layout)
                emit(s, RK_RULE_SET_003, f[i]->path, NULL, NULL, f[i]->layout->id, f[j]->path,
                     unit ? unit->citation : NULL);
    if (unit && misfit) {
        const char *cur = unit->members, *t;
        size_t tl;
        while (rk_list_next(&cur, &t, &tl)) {
            char id[64];
            snprintf(id, sizeof id, "%.*s", (int)(tl < 63 ? tl : 63), t);
            if (!send_has_layout(f, n, id))
                emit(s, RK_RULE_SET_002, f[0]->path, NULL, id, NULL, unit->id, unit->citation);
        }
        for (size_t i = 0; i < n; i++)
            if (f[i]->layout && !in_list(unit->members, f[i]->layout->id) &&
                !(unit->optional && in_list(unit->optional, f[i]->layout->id)))
                emit(s, RK_RULE_SET_001, f[i]->path, NULL, unit->members, f[i]->layout->id,
                     unit->id, unit->citation);
    }
    for (size_t i = 0; i < pend_n; i++)
        emit_pending(s, &pend_v[i]);
    rk_emit_flush(&s->em, (struct rk_pos){0}); /* what the cap left out, in this section */
    if (s->cb && s->cb->send_end)
        s->cb->send_end(s->cb->ctx, &send);
    rk_free(paths);
    rk_free(layouts);
    return RK_OK;
}

static void check_profile(struct rk_set *s)
{
    const char *office = s->opt.office;
    const char *dir = s->opt.direction ? s->opt.direction : "output";
    /* the newest version with an office profile (profile.tsv) that the files claim, else the
     * newest with one: never the version of whichever file reached the set first (that
     * depends on -j and timing), never a version with no profile (LIFE's) */
    const struct rk_version *v = NULL;
    for (size_t i = 0; i < s->nfiles; i++) {
        const struct rk_version *fv = s->files[i].layout ? s->files[i].layout->version : NULL;
        if (fv && fv->nprofile && (!v || strcmp(fv->effective_from, v->effective_from) > 0))
            v = fv;
    }
    bool claimed = v != NULL;
    for (size_t i = 0; !claimed && i < s->specs->nversions; i++) {
        const struct rk_version *sv = &s->specs->versions[i];
        if (sv->nprofile && (!v || strcmp(sv->effective_from, v->effective_from) > 0))
            v = sv;
    }
    if (s->cb && s->cb->profile_begin)
        s->cb->profile_begin(s->cb->ctx, office, dir);
    for (size_t i = 0; v && i < v->nprofile; i++) {
        const struct rk_profile_row *p = &v->profile[i];
        if (!p->required || strcmp(p->office, office) != 0 || strcmp(p->direction, dir) != 0)
            continue;
        bool have = false;
        for (size_t j = 0; j < s->nfiles && !have; j++)
            have = s->files[j].layout && strcmp(s->files[j].layout->id, p->layout) == 0;
        if (!have) {
            char d[96];
            snprintf(d, sizeof d, "%s %s", office, dir);
            emit(s, RK_RULE_SET_012, s->opt.label ? s->opt.label : ".", NULL, p->layout, NULL, d,
                 p->citation);
        }
    }
    rk_emit_flush(&s->em, (struct rk_pos){0});
    if (s->cb && s->cb->profile_end)
        s->cb->profile_end(s->cb->ctx);
}

enum rk_status rk_set_check(struct rk_set *s, const struct rk_set_callbacks *cb, uint64_t counts[3])
{
    s->cb = cb;
    s->em = (struct rk_emitter){
        .sink = cb ? cb->finding : NULL,
        .ctx = cb ? cb->ctx : NULL,
        .path = s->opt.label ? s->opt.label : ".",
        .profile = s->opt.profile,
        .max_findings = s->opt.max_findings,
    };
    struct set_file **order = rk_calloc(s->nfiles ? s->nfiles : 1, sizeof *order);
    struct send_span *spans = rk_calloc(s->nfiles ? s->nfiles : 1, sizeof *spans);
    struct rk_map *index = rk_map_new(sizeof(size_t));
    struct pendings pv = {0};
    enum rk_status st = (order && spans && index) ? RK_OK : RK_E_NOMEM;
    size_t n = 0, nsends = 0;
    for (size_t i = 0; st == RK_OK && i < s->nfiles; i++)
        if (s->files[i].named)
            order[n++] = &s->files[i];
    if (st == RK_OK)
        qsort(order, n, sizeof *order, cmp_send);
    for (size_t i = 0; st == RK_OK && i < n;) {
        size_t j = i + 1;
        while (j < n && strcmp(order[j]->send, order[i]->send) == 0)
            j++;
        spans[nsends] = (struct send_span){order + i, j - i, 0};
        size_t *idx = rk_map_get(index, order[i]->send, strlen(order[i]->send), true, NULL);
        if (!idx)
            st = RK_E_NOMEM;
        else
            *idx = nsends;
        nsends++;
        i = j;
    }
    if (st == RK_OK && (!find_links(s, index, spans, &pv) || !find_counts(s, index, spans, &pv)))
        st = RK_E_NOMEM;
    if (st == RK_OK && pv.n) {
        qsort(pv.v, pv.n, sizeof *pv.v, cmp_pending);
    }
    size_t p = 0;
    for (size_t k = 0; st == RK_OK && k < nsends; k++) {
        size_t q = p;
        while (q < pv.n && pv.v[q].send == k)
            q++;
        st = check_send(s, &spans[k], (unsigned)k + 1, pv.v ? pv.v + p : NULL, q - p);
        p = q;
    }
    rk_free(order);
    rk_free(spans);
    rk_free(pv.v);
    rk_map_free(index);
    if (st == RK_OK && s->opt.office)
        check_profile(s);
    if (counts)
        memcpy(counts, s->em.count, sizeof s->em.count);
    return st;
}
