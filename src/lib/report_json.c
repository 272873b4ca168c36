/*
 * report_json.c - the two JSON reports. The JSON library is used here (the writer) and in
 * evidence.c (the manifest, written and read back) only.
 *
 * renkei.report (schema name and version 1), streamed: each finding is written as soon as it
 * arrives, so memory stays flat however many there are. Every JSON value is built and escaped
 * by jansson; only the punctuation between values is written here. Shape:
 *   {"schema":"renkei.report","version":1,"tool":{...},"files":[{"path":..,"encoding":..,
 *    "findings":[...],"sha256":..,"records":N,...}],"summary":{"files":N,"errors":N,...,
 *    "rules":{"FLD-009":{"errors":N,"warnings":N,"infos":N},...}}}
 *
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the format code-scanning
 * services read: one run whose tool.driver is renkei with every rule of rules.def (ID, title
 * in the report's language, default level, properties.clause), then one result per finding,
 * files in input order and each file's findings in the order found (by position), then the
 * set findings. A result carries ruleId and ruleIndex, level (error/warning/note), the
 * message, the path as artifactLocation.uri (percent-encoded where a URI needs it) and, when
 * the finding has a line, region.startLine/startColumn (columns count Unicode code points:
 * run.columnKind). The document is one JSON tree, so the findings are held in memory
 * (report.c's kept document, ops->keep) and written by finish. No timestamps unless
 * SOURCE_DATE_EPOCH is set (then invocations[0].endTimeUtc).
 */
#include "alloc.h"
#include "report.h"

#include <jansson.h>
#include <string.h>

/* A string value as jansson wrote it, kept by its bytes: a report repeats its rule IDs,
 * severities, item names, expected texts and citations finding after finding, and jansson's
 * dump of a string (one UTF-8 decode per character) is most of a finding's cost. */
struct dumped {
    bool used;
    uint64_t hash;      /* of src */
    struct rk_buf src;  /* the string */
    struct rk_buf json; /* its JSON text, quotes and escapes as jansson wrote them */
};
#define NDUMPED 64 /* slots, by the string's hash */

struct json_state {
    struct rk_buf out; /* the finding being written, sent with one fwrite */
    bool failed;       /* a value of it could not be made or written */
    struct dumped dumped[NDUMPED];
    bool first_file;
    bool first_finding;
    int section; /* 0 files, 1 sends, 2 profile done */
    bool first_send;
};

/* A JSON string from bytes that may not be UTF-8 (file names): invalid bytes as \xNN. */
static json_t *jstr(const char *s)
{
    if (!s)
        return json_null();
    char buf[4096];
    rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)s, strlen(s), buf, sizeof buf);
    return json_string(buf);
}

/* json_dumps(o, JSON_COMPACT), or NULL: jansson's dump into a string drops an object's key
 * silently when growing its buffer fails, so the text is read back and compared. */
static char *dumps_whole(json_t *o)
{
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_t *back = text ? json_loads(text, 0, NULL) : NULL;
    if (text && (!back || !json_equal(back, o))) {
        rk_free(text);
        text = NULL;
    }
    json_decref(back);
    return text;
}

static void dump(struct rk_report *r, json_t *v)
{
    if (!v || json_dumpf(v, r->fp, JSON_COMPACT | JSON_ENCODE_ANY) != 0)
        r->io_error = true;
    json_decref(v);
}

static enum rk_status json_begin(struct rk_report *r)
{
    /* jansson allocates through librenkei's allocator, like everything else */
    json_set_alloc_funcs(rk_malloc, rk_free);
    struct json_state *s = rk_calloc(1, sizeof *s);
    if (!s)
        return RK_E_NOMEM;
    s->first_file = true;
    r->state = s;
    json_t *tool = json_pack("{s:s,s:s}", "name", "renkei", "version", RK_VERSION);
    rk_report_puts(r, "{\"schema\":\"renkei.report\",\"version\":1,\"tool\":");
    dump(r, tool);
    rk_report_puts(r, ",\"files\":[");
    return RK_OK;
}

static enum rk_status json_begin_file(struct rk_report *r)
{
    struct json_state *s = r->state;
    rk_report_puts(r, s->first_file ? "{\"path\":" : ",{\"path\":");
    s->first_file = false;
    s->first_finding = true;
    dump(r, jstr(r->path));
    rk_report_puts(r, ",\"findings\":[");
    return RK_OK;
}

/* Sets key to v in o; a NULL v (an allocation that failed) or a failed set marks the report
 * as failed, so that a value is never dropped silently. */
static void set(struct rk_report *r, json_t *o, const char *key, json_t *v)
{
    if (!v || json_object_set_new_nocheck(o, key, v) != 0)
        r->io_error = true;
}

/* ---- a finding: the punctuation and this file's own ASCII keys written here, every value
 * written by jansson ---- */

/* Appends the JSON text jansson writes for v to b and releases v; false when v is NULL (an
 * allocation failed) or jansson cannot write it (a string that is not UTF-8). */
static bool add_json(struct rk_buf *b, json_t *v)
{
    char tmp[4096];
    size_t n = v ? json_dumpb(v, tmp, sizeof tmp, JSON_COMPACT | JSON_ENCODE_ANY) : 0;
    bool ok = n > 0;
    if (ok && n <= sizeof tmp) {
        ok = rk_buf_add(b, tmp, n) == RK_OK;
    } else if (ok) {
        char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        ok = text && rk_buf_add(b, text, strlen(text)) == RK_OK;
        rk_free(text);
    }
    json_decref(v);
    return ok;
}

static void put_lit(struct json_state *s, const char *lit)
{
    if (!s->failed && rk_buf_add(&s->out, lit, strlen(lit)) != RK_OK)
        s->failed = true;
}

/* An integer as jansson writes a json_int_t ("%" JSON_INTEGER_FORMAT in its dump.c: the
 * value cast to json_int_t, in decimal), without a printf per number. */
static void put_int(struct json_state *s, uint64_t v)
{
    char t[24];
    size_t at = sizeof t;
    bool negative = (json_int_t)v < 0;
    uint64_t m = negative ? 0 - v : v;
    do {
        t[--at] = (char)('0' + m % 10);
        m /= 10;
    } while (m);
    if (negative)
        t[--at] = '-';
    if (!s->failed && rk_buf_add(&s->out, t + at, sizeof t - at) != RK_OK)
        s->failed = true;
}

/* A string, UTF-8 by the library's contract (renkei.h; the fuzz harnesses check it). It is
 * not validated twice: jansson's dump decodes every string it writes and fails on ill-formed
 * UTF-8, and that fails the report. A string written before is taken from s->dumped. */
static void put_str(struct json_state *s, const char *str)
{
    if (s->failed)
        return;
    size_t n = strlen(str);
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)str[i]) * 1099511628211u;
    struct dumped *d = &s->dumped[h % NDUMPED];
    if (!d->used || d->hash != h || d->src.len != n ||
        (n > 0 && memcmp(d->src.data, str, n) != 0)) {
        d->used = false;
        d->src.len = 0;
        d->json.len = 0;
        if (rk_buf_add(&d->src, str, n) != RK_OK ||
            !add_json(&d->json, json_stringn_nocheck(str, n))) {
            s->failed = true;
            return;
        }
        d->used = true;
        d->hash = h;
    }
    if (rk_buf_add(&s->out, d->json.data, d->json.len) != RK_OK)
        s->failed = true;
}

/* A member whose name is written as the literal key (",\"name\":"), then its value. An
 * optional string member is left out when NULL. */
static void put_int_member(struct json_state *s, const char *key, uint64_t v)
{
    put_lit(s, key);
    put_int(s, v);
}

static void put_str_member(struct json_state *s, const char *key, const char *str)
{
    if (!str)
        return;
    put_lit(s, key);
    put_str(s, str);
}

/* "line":N,"column":N,"byte":N */
static void put_pos(struct json_state *s, const struct rk_pos *pos)
{
    put_int_member(s, "\"line\":", pos->line);
    put_int_member(s, ",\"column\":", pos->column);
    put_int_member(s, ",\"byte\":", pos->byte);
}

/* The finding as one object, members in the documented order, the optional ones only when
 * set; written with one fwrite (nothing when a value cannot be made: the report fails). */
static void json_finding(struct rk_report *r, const struct rk_finding *f)
{
    struct json_state *s = r->state;
    char msg[2048];
    rk_report_message(r, f, msg, sizeof msg);
    s->out.len = 0;
    s->failed = false;
    put_str_member(s, s->first_finding ? "{\"rule\":" : ",{\"rule\":", f->rule->id);
    s->first_finding = false;
    put_str_member(s, ",\"severity\":", rk_report_severity_name(f->severity));
    put_lit(s, ",");
    put_pos(s, &f->pos);
    put_int_member(s, ",\"record\":", f->record);
    put_int_member(s, ",\"field\":", f->field);
    put_lit(s, ",\"message\":");
    if (!s->failed && !add_json(&s->out, json_string_nocheck(msg)))
        s->failed = true;
    put_str_member(s, ",\"item\":", f->item);
    put_str_member(s, ",\"expected\":", f->expected);
    put_str_member(s, ",\"actual\":", f->actual);
    put_str_member(s, ",\"detail\":", f->detail);
    if (f->insurer_no || f->insured_no) {
        put_lit(s, ",\"user\":{");
        put_str_member(s, "\"insurer_no\":", f->insurer_no);
        put_str_member(s, f->insurer_no ? ",\"insured_no\":" : "\"insured_no\":", f->insured_no);
        put_lit(s, "}");
    }
    put_str_member(s, ",\"citation\":", f->citation ? f->citation : f->rule->clause);
    if (s->section > 0 || !r->path || strcmp(f->path, r->path) != 0) {
        put_lit(s, ",\"path\":");
        if (!s->failed && !add_json(&s->out, jstr(f->path)))
            s->failed = true;
    }
    if (f->has_context) {
        put_lit(s, ",\"context\":{");
        put_pos(s, &f->context);
        put_lit(s, "}");
    }
    put_lit(s, "}");
    if (s->failed)
        r->io_error = true;
    else if (fwrite(s->out.data, 1, s->out.len, r->fp) != s->out.len)
        r->io_error = true;
}

static enum rk_status json_end_file(struct rk_report *r, const struct rk_file_result *res)
{
    /* the file object's members after its findings, in name order (jansson keeps the order
     * of insertion; JSON_SORT_KEYS is not used because it can drop a key silently when an
     * allocation fails) */
    json_t *o = json_object();
    if (!o)
        return RK_E_NOMEM;
    set(r, o, "encoding", json_string(rk_encoding_name(res->encoding)));
    set(r, o, "errors", json_integer((json_int_t)res->count[RK_SEV_ERROR]));
    set(r, o, "family", jstr(res->family));
    set(r, o, "infos", json_integer((json_int_t)res->count[RK_SEV_INFO]));
    set(r, o, "layout", jstr(res->layout));
    set(r, o, "records", json_integer((json_int_t)res->records));
    set(r, o, "sha256", json_string(res->sha256));
    set(r, o, "version", jstr(res->version));
    set(r, o, "warnings", json_integer((json_int_t)res->count[RK_SEV_WARNING]));
    char *text = dumps_whole(o);
    json_decref(o);
    if (!text)
        return RK_E_NOMEM;
    rk_report_puts(r, "],");
    rk_report_puts(r, text + 1); /* drop the opening brace: the members close the file object */
    rk_free(text);
    return RK_OK;
}

static void json_send_begin(struct rk_report *r, const struct rk_send *sd)
{
    struct json_state *s = r->state;
    if (s->section == 0) {
        rk_report_puts(r, "],\"sends\":[");
        s->section = 1;
        s->first_send = true;
    }
    rk_report_puts(r, s->first_send ? "" : ",");
    s->first_send = false;
    json_t *files = json_array();
    for (size_t i = 0; files && i < sd->nfiles; i++)
        json_array_append_new(files, json_pack("{s:o,s:o}", "path", jstr(sd->paths[i]), "layout",
                                               jstr(sd->layouts[i])));
    json_t *o =
        json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:b,s:I,s:o}", "order", (json_int_t)sd->order,
                  "serial", sd->serial, "from", sd->from, "from_service", sd->from_svc, "to",
                  sd->to, "to_service", sd->to_svc, "unit", jstr(sd->unit), "allowed", sd->allowed,
                  "users", (json_int_t)sd->nusers, "files", files);
    char *text = dumps_whole(o);
    json_decref(o);
    if (!text) {
        r->io_error = true;
        return;
    }
    text[strlen(text) - 1] = '\0'; /* leave the object open for its findings */
    rk_report_puts(r, text);
    rk_report_puts(r, ",\"findings\":[");
    rk_free(text);
    s->first_finding = true;
}

static void json_section_end(struct rk_report *r, const struct rk_send *sd)
{
    (void)sd;
    rk_report_puts(r, "]}");
}

static void json_profile_begin(struct rk_report *r, const char *office, const char *direction)
{
    struct json_state *s = r->state;
    rk_report_puts(r, "]");
    s->section = 2;
    json_t *o = json_pack("{s:s,s:s}", "office", office, "direction", direction);
    char *text = dumps_whole(o);
    json_decref(o);
    if (!text) {
        r->io_error = true;
        return;
    }
    text[strlen(text) - 1] = '\0';
    rk_report_puts(r, ",\"profile\":");
    rk_report_puts(r, text);
    rk_report_puts(r, ",\"findings\":[");
    rk_free(text);
    s->first_finding = true;
}

static void json_profile_end(struct rk_report *r)
{
    json_section_end(r, NULL);
}

static enum rk_status json_finish(struct rk_report *r)
{
    struct json_state *s = r->state;
    if (s->section < 2)
        rk_report_puts(r, "]");
    /* summary.rules: findings by rule (listed or filtered by --only), in rules.def order */
    json_t *rules = json_object();
    for (size_t i = 0; rules && i < rk_rule_count(); i++) {
        const uint64_t *c = r->by_rule[i];
        if (!c[0] && !c[1] && !c[2])
            continue;
        json_t *one = json_pack("{s:I,s:I,s:I}", "errors", (json_int_t)c[RK_SEV_ERROR], "warnings",
                                (json_int_t)c[RK_SEV_WARNING], "infos", (json_int_t)c[RK_SEV_INFO]);
        if (!one || json_object_set_new(rules, rk_rule_at(i)->id, one) != 0) {
            json_decref(rules);
            rules = NULL;
        }
    }
    json_t *sum = rules ? json_pack("{s:I,s:I,s:I,s:I,s:o}", "files", (json_int_t)r->files,
                                    "errors", (json_int_t)r->count[RK_SEV_ERROR], "warnings",
                                    (json_int_t)r->count[RK_SEV_WARNING], "infos",
                                    (json_int_t)r->count[RK_SEV_INFO], "rules", rules)
                        : NULL;
    if (sum && (r->skipped[0] || r->skipped[1] || r->skipped[2]))
        json_object_set_new_nocheck(sum, "skipped",
                                    json_pack("{s:I,s:I,s:I}", "files", (json_int_t)r->skipped[0],
                                              "directories", (json_int_t)r->skipped[1],
                                              "repeated_directories", (json_int_t)r->skipped[2]));
    rk_report_puts(r, ",\"summary\":");
    dump(r, sum);
    rk_report_puts(r, "}\n");
    return RK_OK;
}

static void json_free_state(struct rk_report *r)
{
    struct json_state *s = r->state;
    if (s) {
        rk_buf_free(&s->out);
        for (size_t i = 0; i < NDUMPED; i++) {
            rk_buf_free(&s->dumped[i].src);
            rk_buf_free(&s->dumped[i].json);
        }
    }
    rk_free(s);
}

const struct rk_report_ops rk_report_json_ops = {
    .begin = json_begin,
    .begin_file = json_begin_file,
    .finding = json_finding,
    .end_file = json_end_file,
    .send_begin = json_send_begin,
    .send_end = json_section_end,
    .profile_begin = json_profile_begin,
    .profile_end = json_profile_end,
    .finish = json_finish,
    .free = json_free_state,
    .digest = true,
};

/* ---- SARIF 2.1.0 ---- */

#define SARIF_SCHEMA                                                                               \
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

/* Sets o[key] = v (jansson takes v, or frees it on failure); remembers a failure (o or v
 * NULL: out of memory). */
static void sarif_set(json_t *o, const char *key, json_t *v, bool *failed)
{
    if (json_object_set_new(o, key, v) != 0)
        *failed = true;
}

/* The path as a URI reference: unreserved bytes and '/' as they are, the rest %XX. */
static json_t *uri_of(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    struct rk_buf b = {0};
    bool failed = false;
    for (const unsigned char *p = (const unsigned char *)(path ? path : ""); *p && !failed; p++) {
        unsigned char c = *p;
        bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
        failed = keep ? rk_buf_addc(&b, (char)c) != RK_OK : rk_buf_add(&b, esc, 3) != RK_OK;
    }
    json_t *v = failed ? NULL : json_stringn(b.data ? b.data : "", b.len);
    rk_buf_free(&b);
    return v;
}

static const char *level_of(enum rk_severity s)
{
    return s == RK_SEV_ERROR ? "error" : s == RK_SEV_WARNING ? "warning" : "note";
}

static json_t *location(const char *path, const struct rk_pos *pos, bool *failed)
{
    json_t *loc = json_object(), *phys = json_object(), *art = json_object();
    sarif_set(art, "uri", uri_of(path), failed);
    sarif_set(phys, "artifactLocation", art, failed);
    if (pos && pos->line) {
        json_t *region = json_object();
        sarif_set(region, "startLine", json_integer((json_int_t)pos->line), failed);
        if (pos->column)
            sarif_set(region, "startColumn", json_integer((json_int_t)pos->column), failed);
        sarif_set(phys, "region", region, failed);
    }
    sarif_set(loc, "physicalLocation", phys, failed);
    return loc;
}

static json_t *rules_array(const struct rk_report *r, bool *failed)
{
    json_t *rules = json_array();
    for (size_t i = 0; rules && i < rk_rule_count(); i++) {
        const struct rk_rule *rule = rk_rule_at(i);
        json_t *o = json_object(), *desc = json_object(), *conf = json_object(),
               *props = json_object();
        sarif_set(o, "id", json_string(rule->id), failed);
        sarif_set(desc, "text", jstr(r->lang == RK_LANG_JA ? rule->title_ja : rule->title_en),
                  failed);
        sarif_set(o, "shortDescription", desc, failed);
        sarif_set(conf, "level", json_string(level_of(rule->severity)), failed);
        sarif_set(o, "defaultConfiguration", conf, failed);
        sarif_set(props, "clause", jstr(rule->clause), failed);
        sarif_set(o, "properties", props, failed);
        if (json_array_append_new(rules, o) != 0)
            *failed = true;
    }
    if (!rules)
        *failed = true;
    return rules;
}

static json_t *result(const struct rk_kept_finding *k, bool *failed)
{
    const struct rk_finding *f = &k->f;
    json_t *o = json_object(), *msg = json_object(), *locs = json_array(), *props = json_object();
    size_t index = rk_report_rule_index(f->rule);
    sarif_set(o, "ruleId", json_string(f->rule->id), failed);
    if (index < rk_rule_count())
        sarif_set(o, "ruleIndex", json_integer((json_int_t)index), failed);
    sarif_set(o, "level", json_string(level_of(f->severity)), failed);
    sarif_set(msg, "text", jstr(k->message), failed);
    sarif_set(o, "message", msg, failed);
    if (json_array_append_new(locs, location(f->path, &f->pos, failed)) != 0)
        *failed = true;
    sarif_set(o, "locations", locs, failed);
    if (f->has_context && f->context.line) {
        json_t *rel = json_array(), *loc = location(f->path, &f->context, failed);
        sarif_set(loc, "id", json_integer(1), failed);
        if (json_array_append_new(rel, loc) != 0)
            *failed = true;
        sarif_set(o, "relatedLocations", rel, failed);
    }
    /* what the other formats also show: the exact position and the spec's words */
    sarif_set(props, "byte", json_integer((json_int_t)f->pos.byte), failed);
    sarif_set(props, "record", json_integer((json_int_t)f->record), failed);
    sarif_set(props, "field", json_integer((json_int_t)f->field), failed);
    if (f->item)
        sarif_set(props, "item", jstr(f->item), failed);
    if (f->expected)
        sarif_set(props, "expected", jstr(f->expected), failed);
    if (f->actual)
        sarif_set(props, "actual", jstr(f->actual), failed);
    if (f->detail)
        sarif_set(props, "detail", jstr(f->detail), failed);
    if (f->citation || f->rule->clause)
        sarif_set(props, "citation", jstr(f->citation ? f->citation : f->rule->clause), failed);
    sarif_set(o, "properties", props, failed);
    return o;
}

static enum rk_status sarif_begin(struct rk_report *r)
{
    /* jansson allocates through librenkei's allocator, like everything else */
    json_set_alloc_funcs(rk_malloc, rk_free);
    return RK_OK;
}

static enum rk_status sarif_finish(struct rk_report *r)
{
    const struct rk_report_doc *d = r->doc;
    bool failed = false;
    json_t *root = json_object(), *runs = json_array(), *run = json_object(), *tool = json_object(),
           *driver = json_object(), *results = json_array();
    sarif_set(root, "$schema", json_string(SARIF_SCHEMA), &failed);
    sarif_set(root, "version", json_string("2.1.0"), &failed);
    sarif_set(driver, "name", json_string("renkei"), &failed);
    sarif_set(driver, "version", json_string(RK_VERSION), &failed);
    sarif_set(driver, "rules", rules_array(r, &failed), &failed);
    sarif_set(tool, "driver", driver, &failed);
    sarif_set(run, "tool", tool, &failed);
    char timestamp[32];
    if (rk_report_timestamp(timestamp)) {
        json_t *invs = json_array(), *inv = json_object();
        sarif_set(inv, "executionSuccessful", json_true(), &failed);
        sarif_set(inv, "endTimeUtc", json_string(timestamp), &failed);
        if (json_array_append_new(invs, inv) != 0)
            failed = true;
        sarif_set(run, "invocations", invs, &failed);
    }
    sarif_set(run, "columnKind", json_string("unicodeCodePoints"), &failed);
    for (size_t i = 0; results && !failed && i < d->nfindings; i++)
        if (json_array_append_new(results, result(&d->findings[i], &failed)) != 0)
            failed = true;
    sarif_set(run, "results", results, &failed);
    if (json_array_append_new(runs, run) != 0)
        failed = true;
    sarif_set(root, "runs", runs, &failed);
    if (!failed && (json_dumpf(root, r->fp, JSON_INDENT(2)) != 0 || fputs("\n", r->fp) < 0))
        r->io_error = true;
    json_decref(root);
    return failed ? RK_E_NOMEM : RK_OK;
}

const struct rk_report_ops rk_report_sarif_ops = {
    .begin = sarif_begin,
    .finish = sarif_finish,
    .keep = true,
};
