/*
 * report_json.c - the renkei.report JSON document (schema name and version 1), streamed:
 * each finding is written as soon as it arrives, so memory stays flat however many there
 * are. Every JSON value is built and escaped by jansson; only the punctuation between
 * values is written here. The only file that uses jansson. Shape:
 *   {"schema":"renkei.report","version":1,"tool":{...},"files":[{"path":..,"encoding":..,
 *    "findings":[...],"sha256":..,"records":N,...}],"summary":{"files":N,"errors":N,...}}
 */
#include "report.h"

#include <jansson.h>
#include <string.h>

struct finding_obj {
    json_t *o;
    json_t *line, *column, *byte, *record, *field;
};

static bool finding_obj_init(struct finding_obj *fo);
static void finding_obj_free(struct finding_obj *fo);

struct json_state {
    struct finding_obj fo;
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

static void put(struct rk_report *r, const char *s)
{
    if (fputs(s, r->fp) < 0)
        r->io_error = true;
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
    if (!finding_obj_init(&s->fo)) {
        finding_obj_free(&s->fo);
        rk_free(s);
        return RK_E_NOMEM;
    }
    s->first_file = true;
    r->state = s;
    json_t *tool = json_pack("{s:s,s:s}", "name", "renkei", "version", RK_VERSION);
    put(r, "{\"schema\":\"renkei.report\",\"version\":1,\"tool\":");
    dump(r, tool);
    put(r, ",\"files\":[");
    return RK_OK;
}

static enum rk_status json_begin_file(struct rk_report *r)
{
    struct json_state *s = r->state;
    put(r, s->first_file ? "{\"path\":" : ",{\"path\":");
    s->first_file = false;
    s->first_finding = true;
    dump(r, jstr(r->path));
    put(r, ",\"findings\":[");
    return RK_OK;
}

static const char *sev_name(enum rk_severity s)
{
    return s == RK_SEV_ERROR ? "error" : s == RK_SEV_WARNING ? "warning" : "info";
}

/* Sets key to v in o; a NULL v (an allocation that failed) or a failed set marks the report
 * as failed, so that a value is never dropped silently. */
static void set(struct rk_report *r, json_t *o, const char *key, json_t *v)
{
    if (!v || json_object_set_new(o, key, v) != 0)
        r->io_error = true;
}

/* One finding object, kept for the report and filled anew for each finding: its integer
 * members are updated in place, so a finding costs its strings' copies, not a new object. */
static bool finding_obj_init(struct finding_obj *fo)
{
    fo->o = json_object();
    fo->line = json_integer(0);
    fo->column = json_integer(0);
    fo->byte = json_integer(0);
    fo->record = json_integer(0);
    fo->field = json_integer(0);
    return fo->o && fo->line && fo->column && fo->byte && fo->record && fo->field;
}

static void finding_obj_free(struct finding_obj *fo)
{
    json_decref(fo->o);
    json_decref(fo->line);
    json_decref(fo->column);
    json_decref(fo->byte);
    json_decref(fo->record);
    json_decref(fo->field);
}

static void json_finding(struct rk_report *r, const struct rk_finding *f)
{
    struct json_state *s = r->state;
    struct finding_obj *fo = &s->fo;
    char msg[2048];
    rk_finding_message(f, r->lang, msg, sizeof msg);
    json_t *o = fo->o;
    json_object_clear(o); /* members in the documented order, optional ones only when set */
    set(r, o, "rule", json_string(f->rule->id));
    set(r, o, "severity", json_string(sev_name(f->severity)));
    json_integer_set(fo->line, (json_int_t)f->pos.line);
    json_integer_set(fo->column, (json_int_t)f->pos.column);
    json_integer_set(fo->byte, (json_int_t)f->pos.byte);
    json_integer_set(fo->record, (json_int_t)f->record);
    json_integer_set(fo->field, (json_int_t)f->field);
    set(r, o, "line", json_incref(fo->line));
    set(r, o, "column", json_incref(fo->column));
    set(r, o, "byte", json_incref(fo->byte));
    set(r, o, "record", json_incref(fo->record));
    set(r, o, "field", json_incref(fo->field));
    set(r, o, "message", json_string(msg));
    /* finding strings are UTF-8 by the library's contract (renkei.h; the fuzz harnesses
     * check it): json_string validates them again, and a broken one fails the report */
    if (f->item)
        set(r, o, "item", json_string(f->item));
    if (f->expected)
        set(r, o, "expected", json_string(f->expected));
    if (f->actual)
        set(r, o, "actual", json_string(f->actual));
    if (f->detail)
        set(r, o, "detail", json_string(f->detail));
    if (f->citation || f->rule->clause)
        set(r, o, "citation", json_string(f->citation ? f->citation : f->rule->clause));
    if (s->section > 0 || !r->path || strcmp(f->path, r->path) != 0)
        set(r, o, "path", jstr(f->path));
    if (f->has_context)
        set(r, o, "context",
            json_pack("{s:I,s:I,s:I}", "line", (json_int_t)f->context.line, "column",
                      (json_int_t)f->context.column, "byte", (json_int_t)f->context.byte));
    /* into a buffer first: json_dumpf writes every token with its own fwrite */
    char buf[8192];
    size_t n = json_dumpb(o, buf + 1, sizeof buf - 1, JSON_COMPACT);
    buf[0] = ',';
    const char *start = s->first_finding ? buf + 1 : buf;
    s->first_finding = false;
    if (n == 0) {
        r->io_error = true;
    } else if (n < sizeof buf - 1) {
        if (fwrite(start, 1, (size_t)(buf + 1 + n - start), r->fp) != (size_t)(buf + 1 + n - start))
            r->io_error = true;
    } else { /* a finding larger than the buffer */
        if (start == buf)
            put(r, ",");
        if (json_dumpf(o, r->fp, JSON_COMPACT) != 0)
            r->io_error = true;
    }
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
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!text)
        return RK_E_NOMEM;
    put(r, "],");
    put(r, text + 1); /* drop the opening brace: the members close the file object */
    rk_free(text);
    return RK_OK;
}

static void json_send_begin(struct rk_report *r, const struct rk_send *sd)
{
    struct json_state *s = r->state;
    if (s->section == 0) {
        put(r, "],\"sends\":[");
        s->section = 1;
        s->first_send = true;
    }
    put(r, s->first_send ? "" : ",");
    s->first_send = false;
    json_t *files = json_array();
    for (size_t i = 0; files && i < sd->nfiles; i++)
        json_array_append_new(files, json_pack("{s:o,s:o}", "path", jstr(sd->paths[i]), "layout",
                                               jstr(sd->layouts[i])));
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:b,s:I,s:o}", "order",
                          (json_int_t)sd->order, "serial", sd->serial, "from", sd->from,
                          "from_service", sd->from_svc, "to", sd->to, "to_service", sd->to_svc,
                          "unit", jstr(sd->unit), "allowed", sd->allowed, "users",
                          (json_int_t)sd->nusers, "files", files);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!text) {
        r->io_error = true;
        return;
    }
    text[strlen(text) - 1] = '\0'; /* leave the object open for its findings */
    put(r, text);
    put(r, ",\"findings\":[");
    rk_free(text);
    s->first_finding = true;
}

static void json_section_end(struct rk_report *r, const struct rk_send *sd)
{
    (void)sd;
    put(r, "]}");
}

static void json_profile_begin(struct rk_report *r, const char *office, const char *direction)
{
    struct json_state *s = r->state;
    put(r, "]");
    s->section = 2;
    json_t *o = json_pack("{s:s,s:s}", "office", office, "direction", direction);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!text) {
        r->io_error = true;
        return;
    }
    text[strlen(text) - 1] = '\0';
    put(r, ",\"profile\":");
    put(r, text);
    put(r, ",\"findings\":[");
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
        put(r, "]");
    json_t *sum = json_pack("{s:I,s:I,s:I,s:I}", "files", (json_int_t)r->files, "errors",
                            (json_int_t)r->count[RK_SEV_ERROR], "warnings",
                            (json_int_t)r->count[RK_SEV_WARNING], "infos",
                            (json_int_t)r->count[RK_SEV_INFO]);
    put(r, ",\"summary\":");
    dump(r, sum);
    put(r, "}\n");
    return RK_OK;
}

static void json_free_state(struct rk_report *r)
{
    struct json_state *s = r->state;
    if (s)
        finding_obj_free(&s->fo);
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
};
