/*
 * sample.c - conforming synthetic data for any layout or whole send, from the spec tables:
 * each item's value follows its format, type, length and code list (every code value is
 * used in turn), and the cross-item rules hold (link keys, 利用者補足情報 sentinels, one month
 * per file, 福祉用具貸与 TAIS codes and 明細判別コード, 第7表 detail rows, subtotals and the
 * grand total summed from the same service plan as 第6表). Deterministic for a seed. Files
 * are written in MS932 with CRLF through the writer, named by the standard's rule.
 */
#include "alloc.h"
#include "encoding.h"
#include "family.h"
#include "filename.h"
#include "os.h"
#include "spec.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MAX_FIELDS 128

struct service {
    const char *office;
    const char *code; /* its first 2 characters are the service type */
    const char *tais;
    const char *detail; /* 明細判別コード */
    unsigned units;
    unsigned days[8];
    unsigned ndays;
    const char *start, *end;
};

/* The service plan every user of a sample gets (第6表 lines, and 第7表 rows from them). */
static const struct service plan[] = {
    {"1312300001", "111211", NULL, NULL, 387, {1, 8, 15, 22}, 4, "1000", "1045"},
    {"1312300001", "112211", NULL, NULL, 567, {4, 18}, 2, "1400", "1500"},
    {"1312300002", "131111", NULL, NULL, 470, {3, 17}, 2, "0930", "1000"},
    {"1312300003", "171001", "00001-000010", "1", 500, {1}, 1, "9999", "9999"},
    {"1312300003", "171001", "00002-000020", "2", 500, {1}, 1, "9999", "9999"},
};
#define NPLAN (sizeof plan / sizeof plan[0])

/* Whether two services are of one service type at one office. */
static bool same_type(const struct service *a, const struct service *b)
{
    return strncmp(a->code, b->code, 2) == 0 && strcmp(a->office, b->office) == 0;
}

static const char *const names[] = {"山田　花子", "佐々木　恵子", "鈴木　一郎", "高橋　和子",
                                    "田中　茂",   "渡辺　美代子", "伊藤　清",   "中村　トメ"};
static const char *const kanas[] = {"ヤマダ　ハナコ",   "ササキ　ケイコ", "スズキ　イチロウ",
                                    "タカハシ　カズコ", "タナカ　シゲル", "ワタナベ　ミヨコ",
                                    "イトウ　キヨシ",   "ナカムラ　トメ"};
static const char *const texts[] = {
    "自宅での入浴が一人では難しく、見守りと一部介助を希望している。",
    "歩行時にふらつきがあるため、手すり（廊下・トイレ）を設置する。",
    "娘さんより「できるだけ自宅で暮らしたい」との意向あり。\r\n週末は家族が訪問する。",
    "食事量が減っており、体重の変化を月1回確認する。",
    "通院は月2回、長女の付き添いで行っている。服薬は一包化済み。",
    "「転ばないように」との本人の言葉、ご家族は\"安全第一\"を希望。",
};

/* --chars 2027: the same people and texts with characters the move to standard 5.0 touches
 * (specs/careplan/README.md, "JIS X 0213 and standard 5.0"). 髙 靑 淸 are IBM extensions
 * (0xFBFC, 0xFBF2, 0xFB43), ∑ a NEC special character (0x8794): none has a JIS X 0213 code,
 * nor has ￢ (0x81CA); ～ (0x8160) and ＼ (0x815F) are mapped differently by converters. */
static const char *const names2027[] = {"山田　花子", "佐々木　恵子", "鈴木　一郎", "髙橋　和子",
                                        "田中　茂",   "靑木　美代子", "淸水　清",   "髙田　トメ"};
static const char *const texts2027[] = {
    "自宅での入浴は週２回～３回、見守りと一部介助を希望している。",
    "歩行時にふらつきがあるため、手すり（廊下・トイレ）を設置する。\r\n髙橋様（長男）と相談済み。",
    "体重の変化を月1回確認する（∑＝前月比）。塩分は控えめ（￢高塩分食）。",
    "福祉用具の自己負担は月＼１，２００程度。長女の付き添いで通院。",
};

struct gen {
    const struct rk_version *v;
    const struct rk_sample_options *opt;
    uint64_t rng;
    unsigned *code_turn; /* per item: which code value comes next */
    char month[7];
    char plan_date[9], consult_date[9];
    unsigned unit_no; /* which send unit (or layout) the default serial names */
    unsigned users;   /* users in every file written */
    struct rk_buf out;
};

static uint64_t next_rand(struct gen *g)
{
    /* xorshift64* */
    uint64_t x = g->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    g->rng = x;
    return x * 2685821657736338717ull;
}

struct row {
    unsigned user;
    unsigned index;                 /* row number of this user in this file, from 0 */
    const struct service *svc;      /* 第6表/第7表 service, or NULL */
    unsigned day;                   /* service date */
    int total;                      /* 第7表: 0 detail, 1 subtotal (xxAAAA), 2 grand total */
    unsigned long long units, cost; /* 第7表: the row's units total and its cost in yen */
    unsigned count;                 /* 第7表 回数／日数 */
    bool plan_set;                  /* 利用者補足情報 sent with 第1-3表 */
};

static void user_keys(unsigned u, char *insurer, char *insured)
{
    snprintf(insurer, 7, "%s", u % 2 ? "131011" : "011016");
    if (u % 4 == 3)
        snprintf(insured, 11, "H%09u", 123456780 + u);
    else
        snprintf(insured, 11, "%010u", 123450 + u * 1111);
}

static bool from_service(const struct rk_layout *l);

/* The first value of the version's code list id (codes.tsv: total_grand, total_limit). */
static const char *first_code(const struct rk_version *v, const char *id)
{
    const struct rk_code_list *cl = rk_version_list(v, id);
    return cl && cl->ncodes ? cl->codes[0].value : "";
}

/* Digits of exactly n characters (n <= 31) derived from a number. */
static void digits(char *out, size_t n, unsigned long long v)
{
    for (size_t i = n; i > 0; i--) {
        out[i - 1] = (char)('0' + v % 10);
        v /= 10;
    }
    out[n] = '\0';
}

/* The value of one item for one row, as UTF-8 text (converted to MS932 when written). */
static void value(struct gen *g, const struct rk_layout *l, size_t idx, const struct row *r,
                  char *out, size_t n)
{
    const struct rk_item *it = &l->items[idx];
    char insurer[8], insured[12];
    user_keys(r->user, insurer, insured);
    out[0] = '\0';
    if (it->type == RK_T_UNUSED)
        return;
    bool t7 = l->rules & RK_LR_TOTALS;
    const struct service *s = r->svc;
    /* items that follow the row's service or total */
    if (t7 && r->total) {
        if (it->role == RK_ROLE_SERVICE_CODE) {
            if (r->total == 2)
                snprintf(out, n, "%s", first_code(g->v, "total_grand"));
            else
                snprintf(out, n, "%.2s%s", s->code, first_code(g->v, "total_limit"));
            return;
        }
        if (it->role == RK_ROLE_OFFICE) {
            snprintf(out, n, "%s", r->total == 2 && it->sentinel ? it->sentinel : s->office);
            return;
        }
        if (it->role == RK_ROLE_UNITS || it->role == RK_ROLE_COUNT) {
            snprintf(out, n, "0"); /* units 0 on total rows; the count is required, so 0 */
            return;
        }
        if (it->role == RK_ROLE_TAIS || it->role == RK_ROLE_NOTIFY ||
            it->sample == RK_SAMPLE_DEVICE_NAME || it->role == RK_ROLE_RATE ||
            it->role == RK_ROLE_DISCOUNTED_UNITS || it->sample == RK_SAMPLE_EMPTY)
            return;
    }
    switch (it->format) {
    case RK_F_CSV_VERSION:
        snprintf(out, n, "%s", g->v->csv_version);
        return;
    case RK_F_INSURER_NO:
        snprintf(out, n, "%s", insurer);
        return;
    case RK_F_INSURED_NO:
        snprintf(out, n, "%s", insured);
        return;
    case RK_F_YYYYMM:
        snprintf(out, n, "%s", it->rule == RK_R_HOSOKU_SET && r->plan_set ? "000000" : g->month);
        return;
    case RK_F_YYYYMMDD:
        if (it->rule == RK_R_HOSOKU_SET) {
            snprintf(out, n, "%s", r->plan_set ? g->plan_date : "00000000");
        } else if (it->rule == RK_R_DATE_IN_MONTH && s) {
            snprintf(out, n, "%s%02u", g->month, r->day);
        } else if (it->sample == RK_SAMPLE_BIRTH_DATE) {
            snprintf(out, n, "19%02u0%u1%u", 30 + r->user * 3 % 20, 1 + r->user % 9, r->user % 3);
        } else if (it->sample == RK_SAMPLE_CONSULT_DATE) {
            snprintf(out, n, "%s", g->consult_date);
        } else if (it->sample == RK_SAMPLE_PLAN_DATE) {
            snprintf(out, n, "%s", g->plan_date);
        } else if (it->sample == RK_SAMPLE_END) {
            snprintf(out, n, "%.4s1231", g->month);
        } else {
            snprintf(out, n, "%.4s0401", g->month);
        }
        return;
    case RK_F_HHMM:
        if (s)
            snprintf(out, n, "%s", it->sample == RK_SAMPLE_START ? s->start : s->end);
        else
            snprintf(out, n, "%s", it->sample == RK_SAMPLE_START ? "0900" : "1000");
        return;
    case RK_F_DECIMAL2:
        snprintf(out, n, "11.40");
        return;
    case RK_F_DAYMAP31:
        return; /* not billed per day */
    case RK_F_OFFICE_NO: {
        /* an office number that is not the service office's and has one fixed value (第7表
         * No.34) */
        bool fixed_office = it->sentinel && it->role != RK_ROLE_OFFICE;
        if (s && it->role == RK_ROLE_OFFICE)
            snprintf(out, n, "%s", s->office);
        else if (fixed_office)
            snprintf(out, n, "%s", it->sentinel);
        else
            snprintf(out, n, "%s", from_service(l) ? "1312300001" : "1312345678");
        return;
    }
    case RK_F_SERVICE_CODE:
        snprintf(out, n, "%s", (s ? s : &plan[0])->code);
        return;
    case RK_F_SERVICE_TYPE:
        snprintf(out, n, "%.2s", (s ? s : &plan[0])->code);
        return;
    case RK_F_POSTAL:
        snprintf(out, n, "160-00%02u", 20 + r->user % 10);
        return;
    case RK_F_SERIAL:
        if (s && it->role == RK_ROLE_DETAIL_NO)
            snprintf(out, n, "%s", s->detail ? s->detail : "");
        else
            snprintf(out, n, "%u", r->index + 1);
        return;
    default:
        break;
    }
    if (it->codes) {
        /* every value of the list in turn */
        unsigned k = g->code_turn[idx]++ % (unsigned)it->codes->ncodes;
        snprintf(out, n, "%s", it->codes->codes[k].value);
        return;
    }
    if (it->rule == RK_R_TAIS_OR_NOTIFY || it->sample == RK_SAMPLE_DEVICE_NAME) {
        if (s && s->tais && it->role == RK_ROLE_TAIS)
            snprintf(out, n, "%s", s->tais);
        else if (s && s->tais && it->sample == RK_SAMPLE_DEVICE_NAME)
            snprintf(out, n, "%s",
                     s->detail && s->detail[0] == '2' ? "歩行器（前腕支持型）"
                                                      : "車いす（自走式）");
        return;
    }
    if (it->sample == RK_SAMPLE_EMPTY || it->role == RK_ROLE_DETAIL_NO)
        return;
    if (it->type == RK_T_TEXT) {
        if (it->sample == RK_SAMPLE_KANA)
            snprintf(out, n, "%s", kanas[r->user % 8]);
        else if (it->sample == RK_SAMPLE_PERSON_NAME)
            snprintf(out, n, "%s", (g->opt->chars2027 ? names2027 : names)[r->user % 8]);
        else if (it->sample == RK_SAMPLE_OFFICE_NAME)
            snprintf(out, n, "%s", s ? "ケアステーションさくら" : "居宅介護支援センターひまわり");
        else if (it->length)
            snprintf(out, n, "%u", r->index + 1);
        else if (g->opt->chars2027)
            snprintf(out, n, "%s",
                     texts2027[(next_rand(g) >> 33) % (sizeof texts2027 / sizeof texts2027[0])]);
        else
            snprintf(out, n, "%s", texts[(next_rand(g) >> 33) % (sizeof texts / sizeof texts[0])]);
        return;
    }
    /* a quantity or a number without a format */
    if (t7 && !r->total && s) {
        if (it->role == RK_ROLE_UNITS) {
            snprintf(out, n, "%u", s->units);
            return;
        }
        if (it->role == RK_ROLE_COUNT) {
            snprintf(out, n, "%u", r->count);
            return;
        }
    }
    if (t7 && s) {
        if (it->sample == RK_SAMPLE_UNIT_TOTAL)
            snprintf(out, n, "%llu", r->units);
        else if (it->sample == RK_SAMPLE_COST_TOTAL)
            snprintf(out, n, "%llu", r->cost);
        else if (it->sample == RK_SAMPLE_BENEFIT_RATE)
            snprintf(out, n, "90");
        return; /* other amounts stay empty */
    }
    if (s && it->role == RK_ROLE_UNITS) {
        snprintf(out, n, "%u", s->units);
        return;
    }
    if (s && it->role == RK_ROLE_COUNT) {
        snprintf(out, n, "1");
        return;
    }
    unsigned len = it->length ? it->length : 4;
    if (len > 20)
        len = 20;
    if (it->width == RK_W_FIXED) {
        digits(out, len, (unsigned long long)(r->user + 1) * 7919u);
    } else if (it->type == RK_T_ASCII && it->sample == RK_SAMPLE_PHONE) {
        snprintf(out, n, "03-3%03u-%04u", r->user + 100, 1000 + r->index);
    } else {
        unsigned long long cap = 1;
        for (unsigned i = 0; i < len && i < 4; i++)
            cap *= 10;
        snprintf(out, n, "%llu", (unsigned long long)(r->user * 13 + r->index + 1) % cap);
    }
}

/* ---- writing a file ---- */

static int buf_write(void *ctx, const void *p, size_t n)
{
    return rk_buf_add(ctx, p, n) == RK_OK ? 0 : -1;
}

/* Converts UTF-8 text to MS932 bytes; every character used here is in MS932 (環境依存文字 only
 * when envdep: the --chars 2027 texts). */
static enum rk_status to_ms932(const char *s, struct rk_buf *b, bool envdep)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        size_t k;
        if (p[0] < 0x80) {
            cp = p[0];
            k = 1;
        } else if ((p[0] & 0xE0) == 0xC0) {
            cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
            k = 2;
        } else if ((p[0] & 0xF0) == 0xE0) {
            cp = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            k = 3;
        } else {
            return RK_E_INTERNAL;
        }
        unsigned code;
        uint32_t back;
        enum rk_char_class c = rk_unicode_to_ms932(cp, &code, &back);
        if ((c != RK_CH_OK && !(envdep && c == RK_CH_ENVDEP)) || code == 0)
            return RK_E_INTERNAL; /* a sample text outside MS932: a bug in this file */
        unsigned char bytes[2] = {(unsigned char)(code >> 8), (unsigned char)code};
        enum rk_status st = code > 0xFF ? rk_buf_add(b, bytes, 2) : rk_buf_add(b, bytes + 1, 1);
        if (st != RK_OK)
            return st;
        p += k;
    }
    return RK_OK;
}

static enum rk_status write_row(struct gen *g, const struct rk_layout *l, const struct row *r)
{
    struct rk_field fields[MAX_FIELDS];
    struct rk_buf vals = {0};
    size_t offs[MAX_FIELDS];
    size_t n = l->nitems < MAX_FIELDS ? l->nitems : MAX_FIELDS;
    enum rk_status st = RK_OK;
    for (size_t i = 0; i < n && st == RK_OK; i++) {
        char v[512];
        value(g, l, i, r, v, sizeof v);
        offs[i] = vals.len;
        st = to_ms932(v, &vals, g->opt->chars2027);
    }
    for (size_t i = 0; i < n && st == RK_OK; i++) {
        size_t end = i + 1 < n ? offs[i + 1] : vals.len;
        fields[i] = (struct rk_field){
            .data = (const unsigned char *)(vals.data ? vals.data : "") + offs[i],
            .len = end - offs[i],
            .flags = l->items[i].type == RK_T_TEXT ? RK_FIELD_QUOTED : 0,
        };
    }
    if (st == RK_OK)
        st = rk_write_record(buf_write, &g->out, fields, n);
    rk_buf_free(&vals);
    return st;
}

/* 第7表 rows of one user: details per (office, code), subtotals where a type has several
 * codes, the grand total; amounts summed from the same plan as 第6表. */
static enum rk_status rows_table7(struct gen *g, const struct rk_layout *l, unsigned u)
{
    struct row r = {.user = u};
    unsigned long long grand_units = 0, grand_cost = 0;
    for (size_t i = 0; i < NPLAN; i++) {
        const struct service *s = &plan[i];
        bool dup = false;
        for (size_t j = 0; j < i; j++)
            dup |= strcmp(plan[j].code, s->code) == 0 && strcmp(plan[j].office, s->office) == 0 &&
                   strcmp(plan[j].tais ? plan[j].tais : "", s->tais ? s->tais : "") == 0;
        if (dup)
            continue;
        unsigned long long amount = (unsigned long long)s->units * s->ndays;
        r = (struct row){.user = u,
                         .index = r.index,
                         .svc = s,
                         .count = s->ndays,
                         .units = amount,
                         .cost = amount * 1140 / 100};
        enum rk_status st = write_row(g, l, &r);
        if (st != RK_OK)
            return st;
        r.index++;
        /* after the last code of a type with several codes: its subtotal */
        bool last = i + 1 == NPLAN || !same_type(&plan[i + 1], s);
        unsigned ncodes = 0; /* distinct service codes of this type at this office */
        unsigned long long sub_units = 0, sub_cost = 0;
        for (size_t j = 0; j < NPLAN; j++)
            if (same_type(&plan[j], s)) {
                unsigned long long a = (unsigned long long)plan[j].units * plan[j].ndays;
                bool seen = false;
                for (size_t k = 0; k < j; k++)
                    seen |= strcmp(plan[k].code, plan[j].code) == 0 &&
                            strcmp(plan[k].office, plan[j].office) == 0;
                ncodes += !seen;
                sub_units += a;
                sub_cost += a * 1140 / 100;
            }
        grand_units += amount;
        grand_cost += amount * 1140 / 100;
        if (last && ncodes > 1) {
            struct row t = {.user = u,
                            .index = r.index,
                            .svc = s,
                            .total = 1,
                            .units = sub_units,
                            .cost = sub_cost};
            if ((st = write_row(g, l, &t)) != RK_OK)
                return st;
            r.index++;
        }
    }
    struct row t = {.user = u,
                    .index = r.index,
                    .svc = &plan[0],
                    .total = 2,
                    .units = grand_units,
                    .cost = grand_cost};
    return write_row(g, l, &t);
}

static enum rk_status rows_for(struct gen *g, const struct rk_layout *l, unsigned u, bool plan_set)
{
    enum rk_status st = RK_OK;
    if (l->rules & RK_LR_TOTALS)
        return rows_table7(g, l, u);
    if (l->rules & RK_LR_DETAIL_NO) { /* the service lines of the plan or its results */
        unsigned idx = 0;
        for (size_t i = 0; i < NPLAN && st == RK_OK; i++)
            for (unsigned d = 0; d < plan[i].ndays && st == RK_OK; d++) {
                struct row r = {.user = u, .index = idx++, .svc = &plan[i], .day = plan[i].days[d]};
                st = write_row(g, l, &r);
            }
        return st;
    }
    unsigned nrows = l->several ? 2 : 1;
    for (unsigned k = 0; k < nrows && st == RK_OK; k++) {
        struct row r = {.user = u, .index = k, .plan_set = plan_set};
        st = write_row(g, l, &r);
    }
    return st;
}

/* ---- public ---- */

/* Who sends the layout first (layouts.tsv sender): the prevention support center (its files
 * go from a 46 to an A6 office), a service office (from the 11 office back to the 43 one), or
 * the care manager (43 to 11). */
static bool is_yobo(const struct rk_layout *l)
{
    return strncmp(l->sender, "yobo-center", 11) == 0;
}

static bool from_service(const struct rk_layout *l)
{
    return strncmp(l->sender, "service", 7) == 0;
}

/* By default enough users (one row each at least) for every value of every code list. */
static unsigned users_for(const struct rk_layout *l, unsigned users)
{
    for (size_t i = 0; i < l->nitems; i++)
        if (l->items[i].codes && l->items[i].codes->ncodes > users)
            users = (unsigned)l->items[i].codes->ncodes;
    return users;
}

/* The service type a file name gives the first office type of the comma list senders
 * (offices.tsv), or otherwise (an office named by its service) svc. */
static const char *office_type(const struct rk_version *v, const char *senders, const char *svc)
{
    const char *cur = senders, *t;
    size_t n;
    const struct rk_office_type *o = rk_list_next(&cur, &t, &n) ? rk_version_office(v, t, n) : NULL;
    return o && o->service_type ? o->service_type : svc;
}

static enum rk_status write_layout(struct gen *g, const struct rk_layout *l, const char *dir,
                                   bool plan_set, rk_sample_file_fn on_file, void *ctx)
{
    const struct rk_sample_options *o = g->opt;
    /* the care manager's office and the first service's office of the plan; a file name
     * gives an office the service type offices.tsv says its type has (居宅介護支援,
     * 介護予防支援), else that of the service it provides */
    char svc[3];
    snprintf(svc, sizeof svc, "%.2s", plan[0].code);
    const char *from = "1312345678", *to = plan[0].office, *tsvc = svc;
    const char *fsvc = office_type(g->v, l->sender, svc);
    if (is_yobo(l)) {
        /* to a 介護予防・日常生活支援総合事業 (訪問型サービス) office */
        from = "1312399001", to = "1312300003", tsvc = "A6";
    } else if (from_service(l)) {
        const char *next = strchr(l->sender, ',');
        from = plan[0].office, to = "1312345678",
        tsvc = office_type(g->v, next ? next + 1 : "", svc);
    }
    char serial[32];
    if (o->serial)
        snprintf(serial, sizeof serial, "%s", o->serial);
    else /* one send per unit: the 20th of the month before, 12:NN:00 with NN the unit */
        snprintf(serial, sizeof serial, "%s12%02u00", g->plan_date, g->unit_no % 60);
    char name[256];
    const char *month = l->month == RK_MONTH_NONE ? NULL : (plan_set ? "000000" : g->month);
    if (g->v->style == RK_STYLE_V4)
        snprintf(name, sizeof name, "%s/%s%s%s_%s_%s_%s_%s_%s.CSV", dir, l->id, month ? "_" : "",
                 month ? month : "", from, fsvc, to, tsvc, serial);
    else
        snprintf(name, sizeof name, "%s/%s%s%s_%s_%s_%s.CSV", dir, l->id, month ? "_" : "",
                 month ? month : "", from, to, serial);
    unsigned turn[MAX_FIELDS] = {0};
    g->code_turn = turn;
    g->out.len = 0;
    unsigned users = g->users;
    enum rk_status st = RK_OK;
    for (unsigned u = 0; u < users && st == RK_OK; u++)
        st = rows_for(g, l, u, plan_set);
    if (st != RK_OK)
        return st;
    FILE *fp = rk_fopen(name, "wx");
    if (!fp)
        return RK_E_IO;
    bool ok = g->out.len == 0 || fwrite(g->out.data, 1, g->out.len, fp) == g->out.len;
    if (fclose(fp) != 0 || !ok)
        return RK_E_IO;
    if (on_file)
        on_file(ctx, name);
    return RK_OK;
}

enum rk_status rk_sample(const struct rk_specs *specs, const struct rk_sample_options *opt,
                         const char *dir, rk_sample_file_fn on_file, void *ctx)
{
    /* the files offices exchange: the family that serves the evidence's requirement ① */
    const struct rk_family *fam = rk_family_serving(RK_REQ_EXCHANGE);
    const struct rk_version *v = fam ? rk_specs_find(specs, fam->name, opt->version) : NULL;
    if (!v)
        return RK_E_ARG;
    if (rk_encoding_init() != RK_OK)
        return RK_E_INTERNAL;
    struct gen g = {.v = v, .opt = opt, .rng = opt->seed * 2654435761u + 88172645463325252ull};
    const char *month = opt->month ? opt->month : v->effective_from;
    if (strlen(month) != 6 || !rk_valid_month(month))
        return RK_E_ARG;
    /* only a month the version is in force for: from its start to the next version's */
    if (strcmp(month, v->effective_from) < 0)
        return RK_E_ARG;
    for (size_t i = 0; i < specs->nversions; i++) {
        const struct rk_version *o = &specs->versions[i];
        if (strcmp(o->family, v->family) == 0 && strcmp(o->effective_from, v->effective_from) > 0 &&
            strcmp(month, o->effective_from) >= 0)
            return RK_E_ARG;
    }
    memcpy(g.month, month, 7);
    /* the plan is made on the 20th of the month before */
    unsigned y = (unsigned)((month[0] - '0') * 1000 + (month[1] - '0') * 100 +
                            (month[2] - '0') * 10 + (month[3] - '0'));
    unsigned m = (unsigned)((month[4] - '0') * 10 + (month[5] - '0'));
    if (m == 1)
        y--, m = 12;
    else
        m--;
    snprintf(g.plan_date, sizeof g.plan_date, "%04u%02u20", y % 10000, m % 100);
    snprintf(g.consult_date, sizeof g.consult_date, "%04u%02u15", y % 10000, m % 100);
    enum rk_status st = RK_OK;
    const struct rk_layout *one = opt->layout ? rk_version_layout(v, opt->layout) : NULL;
    if (!opt->send && (!one || one->kind == RK_LK_IMAGE))
        return RK_E_ARG;
    if (rk_os_mkdir(dir, 0777) != 0 && errno != EEXIST)
        return RK_E_IO;
    if (opt->send) {
        const struct rk_send_unit *u = NULL;
        for (size_t i = 0; i < v->nsends; i++)
            if (strcmp(v->sends[i].id, opt->send) == 0) {
                u = &v->sends[i];
                g.unit_no = (unsigned)i;
            }
        if (!u) {
            st = RK_E_ARG;
        } else {
            bool plan_set = strcmp(u->id, "plan") == 0;
            const char *lists[2] = {u->members, u->optional};
            /* the same users in every file of the send: enough for all of its layouts */
            g.users = opt->users ? opt->users : 3;
            for (int k = 0; k < 2 && !opt->users; k++) {
                const char *cur = lists[k], *t;
                size_t tl;
                while (rk_list_next(&cur, &t, &tl)) {
                    char id[64];
                    snprintf(id, sizeof id, "%.*s", (int)(tl < 63 ? tl : 63), t);
                    const struct rk_layout *l = rk_version_layout(v, id);
                    if (l)
                        g.users = users_for(l, g.users);
                }
            }
            for (int k = 0; k < 2 && st == RK_OK; k++) {
                const char *cur = lists[k], *t;
                size_t tl;
                while (st == RK_OK && rk_list_next(&cur, &t, &tl)) {
                    char id[64];
                    snprintf(id, sizeof id, "%.*s", (int)(tl < 63 ? tl : 63), t);
                    const struct rk_layout *l = rk_version_layout(v, id);
                    if (l && l->kind != RK_LK_IMAGE)
                        st = write_layout(&g, l, dir, plan_set, on_file, ctx);
                }
            }
        }
    } else {
        const struct rk_layout *l = opt->layout ? rk_version_layout(v, opt->layout) : NULL;
        g.unit_no = l ? 20 + (unsigned)(l - v->layouts) : 0;
        g.users = opt->users ? opt->users : (l ? users_for(l, 3) : 3);
        st = (l && l->kind != RK_LK_IMAGE) ? write_layout(&g, l, dir, false, on_file, ctx)
                                           : RK_E_ARG;
    }
    rk_buf_free(&g.out);
    return st;
}
