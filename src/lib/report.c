/*
 * report.c - the report writers' common part: one struct rk_report per output, a table of
 * format operations (report_text.c, report_json.c), and the running totals every format
 * prints in its summary. Write errors are remembered and returned by rk_report_finish.
 */
#include "report.h"

enum rk_status rk_report_new(struct rk_report **out, enum rk_report_format format,
                             enum rk_lang lang, FILE *fp)
{
    *out = NULL;
    struct rk_report *r = rk_calloc(1, sizeof *r);
    if (!r)
        return RK_E_NOMEM;
    r->fp = fp;
    r->lang = lang;
    r->ops = format == RK_REPORT_JSON ? &rk_report_json_ops : &rk_report_text_ops;
    enum rk_status st = r->ops->begin ? r->ops->begin(r) : RK_OK;
    if (st != RK_OK) {
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
    return r->ops->begin_file ? r->ops->begin_file(r) : RK_OK;
}

void rk_report_finding(void *report, const struct rk_finding *f)
{
    struct rk_report *r = report;
    r->file_findings++;
    if (r->in_set)
        r->count[f->severity]++;
    r->ops->finding(r, f);
}

void rk_report_send_begin(void *report, const struct rk_send *s)
{
    struct rk_report *r = report;
    r->in_set = true;
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
    return r->ops->end_file ? r->ops->end_file(r, res) : RK_OK;
}

enum rk_status rk_report_finish(struct rk_report *r)
{
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
    rk_free(r);
}
