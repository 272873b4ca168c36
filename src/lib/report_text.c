/*
 * report_text.c - compiler-style text: `FILE:LINE:COL: error: message [RULE-ID]`, one line
 * per finding, messages in Japanese or English, and a summary line at the end. Severity
 * words stay English (error/warning/info) so editors and CI annotators recognise them.
 */
#include "finding.h"
#include "report.h"

#include <string.h>

/* as a compiler says it: "エラー" / "error" */
static const char *sev_word(enum rk_severity s, enum rk_lang lang)
{
    if (lang == RK_LANG_JA)
        return s == RK_SEV_ERROR ? "エラー" : s == RK_SEV_WARNING ? "警告" : "情報";
    return s == RK_SEV_ERROR ? "error" : s == RK_SEV_WARNING ? "warning" : "info";
}

/* Writes PATH as rk_encoding_display shows it, whole however long: in pieces of at most 160
 * bytes (6 shown bytes each at most) cut between UTF-8 characters. Returns < 0 on a write
 * error. */
static int put_path(FILE *fp, const char *path)
{
    char shown[1024];
    size_t len = strlen(path);
    while (len) {
        size_t n = len < 160 ? len : 160;
        for (int back = 0; n < len && back < 3 && ((unsigned char)path[n] & 0xC0) == 0x80; back++)
            n--; /* path[n] continues a character: cut before it */
        rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)path, n, shown, sizeof shown);
        if (fputs(shown, fp) < 0)
            return -1;
        path += n;
        len -= n;
    }
    return 0;
}

static void text_finding(struct rk_report *r, const struct rk_finding *f)
{
    char msg[2048];
    rk_report_message(r, f, msg, sizeof msg);
    int n = put_path(r->fp, f->path);
    if (n >= 0 && f->pos.line)
        n = fprintf(r->fp, ":%llu:%llu: %s: %s", (unsigned long long)f->pos.line,
                    (unsigned long long)f->pos.column, sev_word(f->severity, r->lang), msg);
    else if (n >= 0)
        n = fprintf(r->fp, ": %s: %s", sev_word(f->severity, r->lang), msg);
    if (n >= 0 && f->has_context)
        n = fprintf(r->fp, r->lang == RK_LANG_JA ? " [関連位置 %llu:%llu]" : " [see %llu:%llu]",
                    (unsigned long long)f->context.line, (unsigned long long)f->context.column);
    if (n >= 0)
        n = fprintf(r->fp, " [%s]\n", f->rule->id);
    if (n < 0)
        r->io_error = true;
}

/* The per-rule summary: one line per rule that has findings (listed or filtered by --only),
 * in rules.def order, before the totals: "  FLD-009: 2 error(s) - title". */
static void text_rules(struct rk_report *r)
{
    static const char *const en[3] = {"info", "warning(s)", "error(s)"};
    static const char *const ja[3] = {"情報", "警告", "エラー"};
    bool is_ja = r->lang == RK_LANG_JA;
    for (size_t i = 0; i < rk_rule_count(); i++) {
        const uint64_t *c = r->by_rule[i];
        if (!c[0] && !c[1] && !c[2])
            continue;
        const struct rk_rule *rule = rk_rule_at(i);
        int n = fprintf(r->fp, "  %s:", rule->id);
        const char *sep = " ";
        for (int sev = RK_SEV_ERROR; sev >= RK_SEV_INFO && n >= 0; sev--) {
            if (!c[sev])
                continue;
            n = is_ja ? fprintf(r->fp, "%s%s %llu 件", sep, ja[sev], (unsigned long long)c[sev])
                      : fprintf(r->fp, "%s%llu %s", sep, (unsigned long long)c[sev], en[sev]);
            sep = is_ja ? "、" : ", ";
        }
        if (n >= 0)
            n = fprintf(r->fp, " - %s\n", is_ja ? rule->title_ja : rule->title_en);
        if (n < 0)
            r->io_error = true;
    }
}

static enum rk_status text_finish(struct rk_report *r)
{
    int n;
    text_rules(r);
    char skipped[320];
    if (rk_report_skipped_line(r, skipped, sizeof skipped) && fprintf(r->fp, "%s\n", skipped) < 0)
        r->io_error = true;
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

static void text_send_begin(struct rk_report *r, const struct rk_send *s)
{
    int n;
    char route[160], unit[160];
    rk_report_send_route(s, route, sizeof route);
    if (!s->serial[0]) /* a family uploaded as one set (LIFE) */
        n = fprintf(r->fp,
                    r->lang == RK_LANG_JA ? "%s のファイル一式: %zu ファイル\n"
                                          : "%s files as one set: %zu file(s)\n",
                    s->unit ? rk_phrase(s->unit, r->lang, unit, sizeof unit) : "-", s->nfiles);
    else if (r->lang == RK_LANG_JA)
        n = fprintf(r->fp,
                    "送信単位 %u（取込順）: ファイル連番 %s  %s  組み合わせ %s: %s  "
                    "%zu ファイル、利用者 %zu 人\n",
                    s->order, s->serial, route,
                    s->unit ? rk_phrase(s->unit, r->lang, unit, sizeof unit) : "-",
                    s->allowed ? "仕様どおり" : "仕様外", s->nfiles, s->nusers);
    else
        n = fprintf(r->fp,
                    "send %u (import order): serial %s  %s  combination %s: %s  "
                    "%zu file(s), %zu user(s)\n",
                    s->order, s->serial, route, s->unit ? s->unit : "-",
                    s->allowed ? "allowed" : "not allowed", s->nfiles, s->nusers);
    for (size_t i = 0; n >= 0 && i < s->nfiles; i++) {
        char path[1024]; /* control characters escaped: a name cannot forge a line */
        rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)s->paths[i], strlen(s->paths[i]),
                            path, sizeof path);
        n = fprintf(r->fp, "  %s %s\n", s->layouts[i] ? s->layouts[i] : "?", path);
    }
    if (n < 0)
        r->io_error = true;
}

static void text_profile_begin(struct rk_report *r, const char *office, const char *direction)
{
    char o[96], d[96];
    if (fprintf(r->fp,
                r->lang == RK_LANG_JA ? "事業所種別 %s（%s）の必須様式:\n"
                                      : "office profile %s (%s): required layouts\n",
                rk_phrase_in(r->specs, office, r->lang, o, sizeof o),
                rk_phrase(direction, r->lang, d, sizeof d)) < 0)
        r->io_error = true;
}

const struct rk_report_ops rk_report_text_ops = {
    .finding = text_finding,
    .send_begin = text_send_begin,
    .profile_begin = text_profile_begin,
    .finish = text_finish,
};
