/*
 * report.c - the report writers' common part: one struct rk_report per output, a table of
 * format operations (report_text.c, report_json.c with SARIF, report_junit.c,
 * report_html.c), and the running totals every format prints in its summary. Formats that
 * need the whole document before they write (ops->keep) get it here, in r->doc: sections and
 * findings copied into an arena in the order received. Write errors are remembered and
 * returned by rk_report_finish. Also the XML/HTML escaping those formats share.
 */
#include "report.h"

#include "alloc.h"
#include "finding.h"
#include "spec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct rk_report_ops *ops_for(enum rk_report_format format)
{
    switch (format) {
    case RK_REPORT_JSON:
        return &rk_report_json_ops;
    case RK_REPORT_JUNIT:
        return &rk_report_junit_ops;
    case RK_REPORT_SARIF:
        return &rk_report_sarif_ops;
    case RK_REPORT_HTML:
        return &rk_report_html_ops;
    case RK_REPORT_TEXT:
    default:
        return &rk_report_text_ops;
    }
}

/* ---- the kept document ---- */

static void doc_free(struct rk_report_doc *d)
{
    if (!d)
        return;
    rk_arena_free(d->arena);
    rk_free(d->sections);
    rk_free(d->findings);
    rk_free(d->layouts);
    rk_free(d);
}

static const char *keep_str(struct rk_report_doc *d, const char *s)
{
    if (!s)
        return NULL;
    char *c = rk_arena_strndup(d->arena, s, strlen(s));
    if (!c)
        d->oom = true;
    return c;
}

/* A new section at the end (zeroed), or NULL when out of memory. */
static struct rk_section *add_section(struct rk_report_doc *d, enum rk_section_kind kind)
{
    if (!rk_grow(&d->sections, &d->section_cap, d->nsections + 1, sizeof *d->sections)) {
        d->oom = true;
        return NULL;
    }
    struct rk_section *sec = &d->sections[d->nsections++];
    memset(sec, 0, sizeof *sec);
    sec->kind = kind;
    sec->first = d->nfindings;
    return sec;
}

static void keep_finding(struct rk_report *r, const struct rk_finding *f)
{
    struct rk_report_doc *d = r->doc;
    if (d->nsections == 0 && !add_section(d, RK_SECTION_FILE))
        return;
    if (!rk_grow(&d->findings, &d->finding_cap, d->nfindings + 1, sizeof *d->findings)) {
        d->oom = true;
        return;
    }
    struct rk_kept_finding *k = &d->findings[d->nfindings];
    char msg[2048];
    rk_report_message(r, f, msg, sizeof msg);
    k->f = *f;
    k->f.path = keep_str(d, f->path);
    k->f.item = keep_str(d, f->item);
    k->f.expected = keep_str(d, f->expected);
    k->f.actual = keep_str(d, f->actual);
    k->f.detail = keep_str(d, f->detail);
    k->f.citation = keep_str(d, f->citation);
    k->f.insurer_no = keep_str(d, f->insurer_no);
    k->f.insured_no = keep_str(d, f->insured_no);
    k->message = keep_str(d, msg);
    if (d->oom)
        return;
    d->nfindings++;
    struct rk_section *sec = &d->sections[d->nsections - 1];
    sec->n++;
    sec->count[f->severity]++;
}

static void keep_send(struct rk_report_doc *d, const struct rk_send *s)
{
    struct rk_section *sec = add_section(d, RK_SECTION_SEND);
    if (!sec)
        return;
    struct rk_send *c = &sec->send;
    *c = *s;
    c->serial = keep_str(d, s->serial);
    c->from = keep_str(d, s->from);
    c->from_svc = keep_str(d, s->from_svc);
    c->to = keep_str(d, s->to);
    c->to_svc = keep_str(d, s->to_svc);
    c->unit = keep_str(d, s->unit);
    const char **paths = rk_arena_alloc(d->arena, (s->nfiles + 1) * sizeof *paths);
    const char **layouts = rk_arena_alloc(d->arena, (s->nfiles + 1) * sizeof *layouts);
    if (!paths || !layouts) {
        d->oom = true;
        c->nfiles = 0;
        return;
    }
    for (size_t i = 0; i < s->nfiles; i++) {
        paths[i] = keep_str(d, s->paths[i]);
        layouts[i] = keep_str(d, s->layouts[i]);
    }
    c->paths = paths;
    c->layouts = layouts;
}

enum rk_status rk_report_new(struct rk_report **out, enum rk_report_format format,
                             enum rk_lang lang, FILE *fp)
{
    *out = NULL;
    struct rk_report *r = rk_calloc(1, sizeof *r);
    if (!r)
        return RK_E_NOMEM;
    r->fp = fp;
    r->lang = lang;
    r->ops = ops_for(format);
    r->by_rule = rk_calloc(rk_rule_count() + 1, sizeof *r->by_rule);
    if (!r->by_rule) {
        rk_free(r);
        return RK_E_NOMEM;
    }
    if (r->ops->keep) {
        r->doc = rk_calloc(1, sizeof *r->doc);
        if (r->doc)
            r->doc->arena = rk_arena_new();
        if (!r->doc || !r->doc->arena) {
            doc_free(r->doc);
            rk_free(r->by_rule);
            rk_free(r);
            return RK_E_NOMEM;
        }
    }
    enum rk_status st = r->ops->begin ? r->ops->begin(r) : RK_OK;
    if (st != RK_OK) {
        doc_free(r->doc);
        rk_free(r->by_rule);
        rk_free(r);
        return st;
    }
    *out = r;
    return RK_OK;
}

enum rk_status rk_report_begin_file(struct rk_report *r, const char *path)
{
    r->files++;
    r->path = path;
    r->file_findings = 0;
    if (r->doc) {
        struct rk_section *sec = add_section(r->doc, RK_SECTION_FILE);
        if (sec)
            sec->path = keep_str(r->doc, path);
    }
    enum rk_status st = r->ops->begin_file ? r->ops->begin_file(r) : RK_OK;
    if (st != RK_OK && r->failed == RK_OK)
        r->failed = st;
    return st;
}

int rk_report_shows_digest(const struct rk_report *r)
{
    return r->ops->digest;
}

void rk_report_finding(void *report, const struct rk_finding *f)
{
    struct rk_report *r = report;
    r->by_rule[rk_report_rule_index(f->rule)][f->severity]++;
    if (r->in_set)
        r->count[f->severity]++;
    if (f->severity < r->min_severity)
        return; /* counted, not listed */
    r->file_findings++;
    if (r->doc)
        keep_finding(r, f);
    if (r->ops->finding)
        r->ops->finding(r, f);
}

void rk_report_send_begin(void *report, const struct rk_send *s)
{
    struct rk_report *r = report;
    r->in_set = true;
    if (r->doc)
        keep_send(r->doc, s);
    if (r->ops->send_begin)
        r->ops->send_begin(r, s);
}

void rk_report_send_end(void *report, const struct rk_send *s)
{
    struct rk_report *r = report;
    if (r->ops->send_end)
        r->ops->send_end(r, s);
}

void rk_report_profile_begin(void *report, const char *office, const char *direction)
{
    struct rk_report *r = report;
    r->in_set = true;
    if (r->doc) {
        struct rk_section *sec = add_section(r->doc, RK_SECTION_PROFILE);
        if (sec) {
            sec->office = keep_str(r->doc, office);
            sec->direction = keep_str(r->doc, direction);
        }
    }
    if (r->ops->profile_begin)
        r->ops->profile_begin(r, office, direction);
}

void rk_report_profile_end(void *report)
{
    struct rk_report *r = report;
    if (r->ops->profile_end)
        r->ops->profile_end(r);
}

enum rk_status rk_report_end_file(struct rk_report *r, const struct rk_file_result *res)
{
    for (int i = 0; i < 3; i++)
        r->count[i] += res->count[i];
    struct rk_report_doc *d = r->doc;
    if (d && d->nsections && d->sections[d->nsections - 1].kind == RK_SECTION_FILE) {
        struct rk_section *sec = &d->sections[d->nsections - 1];
        sec->res = *res;
        sec->res.family = keep_str(d, res->family);
        sec->res.version = keep_str(d, res->version);
        sec->res.layout = keep_str(d, res->layout);
        sec->ended = true;
    }
    enum rk_status st = r->ops->end_file ? r->ops->end_file(r, res) : RK_OK;
    if (st != RK_OK && r->failed == RK_OK)
        r->failed = st; /* the file's section is left open: the report is no report */
    return st;
}

void rk_report_requirement(struct rk_report *r, const char *requirement, const char *title,
                           const char *status, const char *reason)
{
    struct rk_report_doc *d = r->doc;
    if (!d || d->nreq == sizeof d->req / sizeof d->req[0])
        return;
    const char *src[4] = {requirement, title, status, reason};
    const char *dst[4];
    for (int i = 0; i < 4; i++) {
        const char *v = src[i] ? src[i] : "";
        dst[i] = rk_arena_strndup(d->arena, v, strlen(v));
        if (!dst[i]) {
            d->oom = true;
            return;
        }
    }
    d->req[d->nreq++] = (struct rk_requirement){
        .requirement = dst[0], .title = dst[1], .status = dst[2], .reason = dst[3]};
}

const char *rk_office_name_ja(const struct rk_specs *specs, const char *office)
{
    for (size_t i = 0; specs && office && i < specs->nversions; i++) {
        const struct rk_office_type *o =
            rk_version_office(&specs->versions[i], office, strlen(office));
        if (o)
            return o->name;
    }
    return NULL;
}

void rk_report_use_specs(struct rk_report *r, const struct rk_specs *specs)
{
    if (r)
        r->specs = specs;
}

void rk_report_message(const struct rk_report *r, const struct rk_finding *f, char *buf, size_t n)
{
    rk_finding_message_in(r->specs, f, r->lang, buf, n);
}

int rk_specs_office_profiled(const struct rk_specs *specs, const char *office)
{
    for (size_t i = 0; specs && office && i < specs->nversions; i++)
        for (size_t k = 0; k < specs->versions[i].nprofile; k++)
            if (strcmp(specs->versions[i].profile[k].office, office) == 0)
                return 1;
    return 0;
}

static const char *doc_str(struct rk_report_doc *d, const char *s)
{
    if (!s)
        return NULL;
    const char *c = rk_arena_strndup(d->arena, s, strlen(s));
    if (!c)
        d->oom = true;
    return c;
}

void rk_report_cover(struct rk_report *r, const struct rk_report_cover *c)
{
    struct rk_report_doc *d = r->doc;
    if (!d || !c)
        return;
    d->cover = (struct rk_report_cover){
        .vendor = doc_str(d, c->vendor),
        .product = doc_str(d, c->product),
        .product_version = doc_str(d, c->product_version),
        .office_type = doc_str(d, c->office_type),
        .timestamp = doc_str(d, c->timestamp),
        .fingerprint = doc_str(d, c->fingerprint),
        .tool_version = doc_str(d, c->tool_version),
        .specs = doc_str(d, c->specs),
        .recheck = doc_str(d, c->recheck),
    };
    d->has_cover = true;
}

void rk_report_requirement_detail(struct rk_report *r, size_t i, const char *text,
                                  const char *not_checked)
{
    struct rk_report_doc *d = r->doc;
    if (!d || i >= d->nreq)
        return;
    d->req[i].text = doc_str(d, text);
    d->req[i].not_checked = doc_str(d, not_checked);
}

void rk_report_layout_name(struct rk_report *r, const char *id, const char *name)
{
    struct rk_report_doc *d = r->doc;
    if (!d || !id || !name || rk_report_layout_ja(d, id))
        return;
    if (!rk_grow(&d->layouts, &d->layout_cap, d->nlayouts + 1, sizeof *d->layouts)) {
        d->oom = true;
        return;
    }
    const char *i = doc_str(d, id), *n = doc_str(d, name);
    if (i && n)
        d->layouts[d->nlayouts++] = (struct rk_layout_name){i, n};
}

const char *rk_report_layout_ja(const struct rk_report_doc *d, const char *id)
{
    for (size_t i = 0; d && id && i < d->nlayouts; i++)
        if (strcmp(d->layouts[i].id, id) == 0)
            return d->layouts[i].name;
    return NULL;
}

bool rk_report_skipped_line(const struct rk_report *r, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!r->skipped[0] && !r->skipped[1] && !r->skipped[2])
        return false;
    const unsigned long long *k =
        (const unsigned long long[]){r->skipped[0], r->skipped[1], r->skipped[2]};
    if (r->lang == RK_LANG_JA)
        snprintf(buf, size,
                 "検査していないもの: CSV でないファイル %llu 件、ドットで始まるディレクトリ "
                 "%llu 件、リンクで再び現れたディレクトリ %llu 件",
                 k[0], k[1], k[2]);
    else
        snprintf(buf, size,
                 "not checked: files not CSV %llu, dot-directories %llu, directories reached "
                 "again through a link %llu",
                 k[0], k[1], k[2]);
    return true;
}

void rk_report_skipped(struct rk_report *r, const struct rk_paths *inputs)
{
    r->skipped[0] = inputs->skipped_files;
    r->skipped[1] = inputs->skipped_dirs;
    r->skipped[2] = inputs->repeated_dirs;
}

enum rk_status rk_report_finish(struct rk_report *r)
{
    if (r->doc && r->doc->oom)
        return RK_E_NOMEM; /* the kept document is incomplete: write nothing misleading */
    if (r->failed != RK_OK)
        return r->failed;
    enum rk_status st = r->ops->finish ? r->ops->finish(r) : RK_OK;
    if (fflush(r->fp) != 0 || ferror(r->fp))
        r->io_error = true;
    return r->io_error ? RK_E_IO : st;
}

void rk_report_free(struct rk_report *r)
{
    if (!r)
        return;
    if (r->ops->free)
        r->ops->free(r);
    doc_free(r->doc);
    rk_free(r->by_rule);
    rk_free(r);
}

void rk_report_set_min_severity(struct rk_report *r, enum rk_severity min)
{
    r->min_severity = min;
}

uint64_t rk_report_rule_count(const struct rk_report *r, size_t i, enum rk_severity sev)
{
    return i < rk_rule_count() && (unsigned)sev < 3 ? r->by_rule[i][sev] : 0;
}

/* ---- what several formats share ---- */

const char *rk_report_severity_name(enum rk_severity s)
{
    return s == RK_SEV_ERROR ? "error" : s == RK_SEV_WARNING ? "warning" : "info";
}

size_t rk_report_rule_index(const struct rk_rule *rule)
{
    size_t n = rk_rule_count();
    const struct rk_rule *first = rk_rule_at(0);
    for (size_t i = 0; rule && i < n; i++)
        if (rule == first + i)
            return i;
    for (size_t i = 0; rule && i < n; i++)
        if (strcmp(rule->id, first[i].id) == 0)
            return i; /* a copy of a rule (a caller's own struct) */
    return n;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes) encoding an XML character, or 0. */
static size_t xml_char_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return c >= 0x20 || c == 0x09 || c == 0x0A || c == 0x0D ? 1 : 0;
    size_t len = c >= 0xC2 && c <= 0xDF   ? 2
                 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4
                                          : 0;
    if (len == 0 || len > n)
        return 0;
    uint32_t cp = c & (len == 2 ? 0x1Fu : len == 3 ? 0x0Fu : 0x07u);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0; /* overlong or out of range */
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
        return 0; /* surrogates and the two non-characters XML excludes */
    return len;
}

static const char *xml_entity(unsigned char c)
{
    static const char *const entity[128] = {
        ['&'] = "&amp;",  ['<'] = "&lt;",  ['>'] = "&gt;",   ['"'] = "&quot;",
        ['\''] = "&#39;", ['\t'] = "&#9;", ['\n'] = "&#10;", ['\r'] = "&#13;",
    };
    return c < 128 ? entity[c] : NULL;
}

void rk_report_puts(struct rk_report *r, const char *s)
{
    if (fputs(s, r->fp) < 0)
        r->io_error = true;
}

void rk_report_printf(struct rk_report *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(r->fp, fmt, ap) < 0)
        r->io_error = true;
    va_end(ap);
}

void rk_report_send_route(const struct rk_send *s, char *buf, size_t size)
{
    snprintf(buf, size, "%s(%s) -> %s(%s)", s->from ? s->from : "", s->from_svc ? s->from_svc : "",
             s->to ? s->to : "", s->to_svc ? s->to_svc : "");
}

void rk_report_put_xml(struct rk_report *r, const char *s)
{
    if (s)
        rk_report_put_xml_n(r, s, strlen(s));
}

void rk_report_put_xml_n(struct rk_report *r, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    char out[512];
    size_t o = 0;
    while (n > 0) {
        const char *rep = NULL;
        size_t len = xml_char_len(p, n);
        if (len == 1)
            rep = xml_entity(*p);
        /* as rk_encoding_display shows them: a control as \u00NN, any other byte as \xNN */
        char bad[8];
        if (len == 0) {
            snprintf(bad, sizeof bad, *p < 0x20 ? "\\u%04X" : "\\x%02X", (unsigned)*p);
            rep = bad;
            len = 1;
        }
        size_t add = rep ? strlen(rep) : len;
        if (o + add > sizeof out) {
            if (fwrite(out, 1, o, r->fp) != o)
                r->io_error = true;
            o = 0;
        }
        memcpy(out + o, rep ? rep : (const char *)p, add);
        o += add;
        p += len;
        n -= len;
    }
    if (o && fwrite(out, 1, o, r->fp) != o)
        r->io_error = true;
}

bool rk_report_timestamp(char buf[32])
{
    buf[0] = '\0';
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (!e || !*e || *e == '-')
        return false;
    char *end;
    unsigned long long v = strtoull(e, &end, 10);
    if (*end || v > 253402300799ULL) /* up to 9999-12-31T23:59:59Z */
        return false;
    time_t t = (time_t)v;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
        buf[0] = '\0';
        return false;
    }
    return true;
}
