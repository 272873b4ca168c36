/*
 * report_sarif.c - SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the
 * format code-scanning services read: one run whose tool.driver is renkei with every rule of
 * rules.def (ID, title in the report's language, default level, properties.clause), then one
 * result per finding, files in input order and each file's findings in the order found (by
 * position), then the set findings. A result carries ruleId and ruleIndex, level
 * (error/warning/note), the message, the path as artifactLocation.uri (percent-encoded where
 * a URI needs it) and, when the finding has a line, region.startLine/startColumn (columns
 * count Unicode code points: run.columnKind). The document is one JSON tree built by jansson
 * (which escapes every value), so the findings are held in memory (report.c's kept document,
 * ops->keep) and written by finish. jansson is used here and in report_json.c only. No
 * timestamps unless SOURCE_DATE_EPOCH is set (then invocations[0].endTimeUtc).
 */
#include "report.h"

#include <jansson.h>
#include <string.h>

#define SARIF_SCHEMA                                                                               \
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

/* A JSON string from bytes that may not be UTF-8 (file names): invalid bytes as \xNN. */
static json_t *jstr(const char *s)
{
    if (!s)
        return json_null();
    char buf[4096];
    rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)s, strlen(s), buf, sizeof buf);
    return json_string(buf);
}

/* Sets o[key] = v (jansson takes v, or frees it on failure); remembers a failure (o or v
 * NULL: out of memory). */
static void set(json_t *o, const char *key, json_t *v, bool *failed)
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
    set(art, "uri", uri_of(path), failed);
    set(phys, "artifactLocation", art, failed);
    if (pos && pos->line) {
        json_t *region = json_object();
        set(region, "startLine", json_integer((json_int_t)pos->line), failed);
        if (pos->column)
            set(region, "startColumn", json_integer((json_int_t)pos->column), failed);
        set(phys, "region", region, failed);
    }
    set(loc, "physicalLocation", phys, failed);
    return loc;
}

static json_t *rules_array(const struct rk_report *r, bool *failed)
{
    json_t *rules = json_array();
    for (size_t i = 0; rules && i < rk_rule_count(); i++) {
        const struct rk_rule *rule = rk_rule_at(i);
        json_t *o = json_object(), *desc = json_object(), *conf = json_object(),
               *props = json_object();
        set(o, "id", json_string(rule->id), failed);
        set(desc, "text", jstr(r->lang == RK_LANG_JA ? rule->title_ja : rule->title_en), failed);
        set(o, "shortDescription", desc, failed);
        set(conf, "level", json_string(level_of(rule->severity)), failed);
        set(o, "defaultConfiguration", conf, failed);
        set(props, "clause", jstr(rule->clause), failed);
        set(o, "properties", props, failed);
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
    set(o, "ruleId", json_string(f->rule->id), failed);
    if (index < rk_rule_count())
        set(o, "ruleIndex", json_integer((json_int_t)index), failed);
    set(o, "level", json_string(level_of(f->severity)), failed);
    set(msg, "text", jstr(k->message), failed);
    set(o, "message", msg, failed);
    if (json_array_append_new(locs, location(f->path, &f->pos, failed)) != 0)
        *failed = true;
    set(o, "locations", locs, failed);
    if (f->has_context && f->context.line) {
        json_t *rel = json_array(), *loc = location(f->path, &f->context, failed);
        set(loc, "id", json_integer(1), failed);
        if (json_array_append_new(rel, loc) != 0)
            *failed = true;
        set(o, "relatedLocations", rel, failed);
    }
    /* what the other formats also show: the exact position and the spec's words */
    set(props, "byte", json_integer((json_int_t)f->pos.byte), failed);
    set(props, "record", json_integer((json_int_t)f->record), failed);
    set(props, "field", json_integer((json_int_t)f->field), failed);
    if (f->item)
        set(props, "item", jstr(f->item), failed);
    if (f->expected)
        set(props, "expected", jstr(f->expected), failed);
    if (f->actual)
        set(props, "actual", jstr(f->actual), failed);
    if (f->detail)
        set(props, "detail", jstr(f->detail), failed);
    if (f->citation || f->rule->clause)
        set(props, "citation", jstr(f->citation ? f->citation : f->rule->clause), failed);
    set(o, "properties", props, failed);
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
    set(root, "$schema", json_string(SARIF_SCHEMA), &failed);
    set(root, "version", json_string("2.1.0"), &failed);
    set(driver, "name", json_string("renkei"), &failed);
    set(driver, "version", json_string(RK_VERSION), &failed);
    set(driver, "rules", rules_array(r, &failed), &failed);
    set(tool, "driver", driver, &failed);
    set(run, "tool", tool, &failed);
    char timestamp[32];
    if (rk_report_timestamp(timestamp)) {
        json_t *invs = json_array(), *inv = json_object();
        set(inv, "executionSuccessful", json_true(), &failed);
        set(inv, "endTimeUtc", json_string(timestamp), &failed);
        if (json_array_append_new(invs, inv) != 0)
            failed = true;
        set(run, "invocations", invs, &failed);
    }
    set(run, "columnKind", json_string("unicodeCodePoints"), &failed);
    for (size_t i = 0; results && !failed && i < d->nfindings; i++)
        if (json_array_append_new(results, result(&d->findings[i], &failed)) != 0)
            failed = true;
    set(run, "results", results, &failed);
    if (json_array_append_new(runs, run) != 0)
        failed = true;
    set(root, "runs", runs, &failed);
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
