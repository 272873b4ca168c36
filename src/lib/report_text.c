/*
 * report_text.c - compiler-style text: `FILE:LINE:COL: error: message [RULE-ID]`, one line
 * per finding, messages in Japanese or English, and a summary line at the end. Severity
 * words stay English (error/warning/info) so editors and CI annotators recognise them.
 */
#include "report.h"

#include <string.h>

static const char *sev_word(enum rk_severity s)
{
    return s == RK_SEV_ERROR ? "error" : s == RK_SEV_WARNING ? "warning" : "info";
}

static void text_finding(struct rk_report *r, const struct rk_finding *f)
{
    char msg[2048], path[1024];
    rk_finding_message(f, r->lang, msg, sizeof msg);
    rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)f->path, strlen(f->path), path,
                        sizeof path);
    int n;
    if (f->pos.line)
        n = fprintf(r->fp, "%s:%llu:%llu: %s: %s", path, (unsigned long long)f->pos.line,
                    (unsigned long long)f->pos.column, sev_word(f->severity), msg);
    else
        n = fprintf(r->fp, "%s: %s: %s", path, sev_word(f->severity), msg);
    if (n >= 0 && f->has_context)
        n = fprintf(r->fp, r->lang == RK_LANG_JA ? " [関連位置 %llu:%llu]" : " [see %llu:%llu]",
                    (unsigned long long)f->context.line, (unsigned long long)f->context.column);
    if (n >= 0)
        n = fprintf(r->fp, " [%s]\n", f->rule->id);
    if (n < 0)
        r->io_error = true;
}

static enum rk_status text_finish(struct rk_report *r)
{
    int n;
    if (r->lang == RK_LANG_JA)
        n = fprintf(r->fp, "%llu ファイル: エラー %llu 件、警告 %llu 件、情報 %llu 件\n",
                    (unsigned long long)r->files, (unsigned long long)r->count[RK_SEV_ERROR],
                    (unsigned long long)r->count[RK_SEV_WARNING],
                    (unsigned long long)r->count[RK_SEV_INFO]);
    else
        n = fprintf(r->fp, "%llu file(s): %llu error(s), %llu warning(s), %llu info\n",
                    (unsigned long long)r->files, (unsigned long long)r->count[RK_SEV_ERROR],
                    (unsigned long long)r->count[RK_SEV_WARNING],
                    (unsigned long long)r->count[RK_SEV_INFO]);
    if (n < 0)
        r->io_error = true;
    return RK_OK;
}

const struct rk_report_ops rk_report_text_ops = {
    .finding = text_finding,
    .finish = text_finish,
};
