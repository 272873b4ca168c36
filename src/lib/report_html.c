/*
 * report_html.c - a self-contained HTML page in Japanese for people who decide on the result
 * (a prefecture officer, a help desk): the summary first (id="summary": the overall verdict
 * and counts, a verdict per file 適合/不適合 with its error and warning counts, per send the
 * combination and 仕様どおり/仕様外, the office profile), then the findings grouped by file
 * (and send) and, within each, by rule in rules.def order: rule ID, title, the spec clause
 * and the count, then each finding (class="finding") with its position, item, expected and
 * actual value. Headings are Japanese; rule titles and messages follow the report's language.
 * Inline CSS only: no script, no external fetch; @page A4 for printing. The summary comes
 * before the details, so the findings are held in memory (report.c's kept document,
 * ops->keep) and the page is written by finish. Every value from the input goes through
 * rk_report_put_xml. No timestamp unless SOURCE_DATE_EPOCH is set.
 */
#include "alloc.h"
#include "finding.h"
#include "report.h"

#include <string.h>

static const char style[] =
    "@page{size:A4;margin:12mm 10mm}\n"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact;box-sizing:border-box}\n"
    "body{font-family:\"Noto Sans CJK JP\",\"Noto Sans JP\",\"IPAPGothic\",\"IPAGothic\","
    "\"Hiragino Kaku Gothic ProN\",\"Yu Gothic\",Meiryo,sans-serif;color:#1b1b1b;"
    "font-size:14px;line-height:1.5;margin:24px auto;max-width:1120px;padding:0 16px}\n"
    "h1{font-size:22px;margin:0 0 4px;border-bottom:3px solid #2b4c7e;padding-bottom:4px}\n"
    "h2{font-size:18px;margin:24px 0 8px;border-left:6px solid #2b4c7e;padding-left:8px}\n"
    "h3{font-size:15px;margin:18px 0 6px}\n"
    "h4{font-size:14px;margin:12px 0 4px;font-weight:normal}\n"
    ".meta{color:#555;margin:0 0 12px;font-size:12px}\n"
    "table{border-collapse:collapse;width:100%;margin:4px 0 8px}\n"
    "th,td{border:1px solid #c4c9d0;padding:3px 6px;text-align:left;vertical-align:top}\n"
    "th{background:#eef1f5;font-weight:bold;white-space:nowrap}\n"
    "td.num{text-align:right;white-space:nowrap}\n"
    "td.nowrap{white-space:nowrap}\n"
    "table.findings{table-layout:fixed}\n"
    "table.findings th:nth-child(1){width:14%}table.findings th:nth-child(2){width:24%}"
    "table.findings th:nth-child(3){width:18%}table.findings th:nth-child(4){width:20%}\n"
    "table.findings td{overflow-wrap:anywhere}\n"
    ".path,.value{word-break:break-all;overflow-wrap:anywhere}\n"
    "code,.pos{font-family:\"DejaVu Sans Mono\",\"IPAGothic\",monospace;font-size:12px}\n"
    ".value{background:#f6f6f2;border:1px solid #ddd;padding:0 3px;white-space:pre-wrap}\n"
    ".value:empty::after{content:\"（空）\";color:#888}\n"
    ".badge{display:inline-block;padding:0 6px;border-radius:3px;font-weight:bold;"
    "white-space:nowrap}\n"
    ".ok{background:#e2f3e7;color:#0f5c2c}\n"
    ".ng{background:#fde6e6;color:#9c1414}\n"
    ".warning{background:#fff2cf;color:#6f4b00}\n"
    ".info{background:#e6edf9;color:#1d4685}\n"
    ".overall{font-size:16px;padding:8px 12px;border:1px solid #c4c9d0;border-radius:4px;"
    "margin:8px 0}\n"
    ".overall .badge{font-size:18px;margin-right:8px}\n"
    ".clause{color:#444;font-size:12px;margin:0 0 4px}\n"
    ".none{color:#0f5c2c}\n"
    ".files-of-send{margin:0;padding-left:1.2em}\n"
    "ul.files-of-send li{word-break:break-all}\n"
    "footer{margin-top:24px;color:#666;font-size:11px;border-top:1px solid #ccc}\n"
    "table.cover th{width:14em}\n"
    "table.files{table-layout:fixed}"
    "table.files th:nth-child(1){width:4%}table.files th:nth-child(2){width:32%}"
    "table.files th:nth-child(3){width:18%}table.files th:nth-child(4){width:9%}"
    "table.files th:nth-child(5){width:7%}table.files th:nth-child(6){width:7%}"
    "table.files th:nth-child(7){width:8%}table.files th:nth-child(n+8){width:5%}\n"
    "table.files th{white-space:normal}table.files td{overflow-wrap:anywhere}\n"
    ".layout-name{font-size:12px;color:#444}\n"
    ".requirement{border:1px solid #c4c9d0;border-radius:4px;padding:6px 12px;margin:8px 0}\n"
    ".requirement h3{margin:4px 0}\n"
    ".requirement .badge{font-size:16px;margin-left:8px}\n"
    ".req-text{background:#f4f6f9;border-left:4px solid #8da1b4;padding:4px 8px;margin:4px 0}\n"
    ".not-checked{margin:2px 0;padding-left:1.4em}\n"
    ".note{font-size:12px;color:#444}\n"
    "@media print{body{font-size:9pt;margin:0;max-width:none;padding:0}"
    "h1{font-size:15pt}h2{font-size:12pt}h3{font-size:10.5pt}"
    "code,.pos{font-size:8pt}a{color:inherit;text-decoration:none}"
    "thead{display:table-header-group}tr.finding,.overall{break-inside:avoid}"
    "h2,h3,h4{break-after:avoid}#findings{break-before:page}.requirement{break-inside:avoid}"
    "#summary{break-before:page}}\n";

/* A requirement's status (met, not met, not assessed) as the officer reads it, with its
 * badge class. */
static const char *status_ja(const char *status, const char **cls)
{
    if (status && strcmp(status, "met") == 0) {
        *cls = "ok";
        return "適合";
    }
    if (status && strcmp(status, "not met") == 0) {
        *cls = "ng";
        return "不適合";
    }
    *cls = "info";
    return "判定対象外";
}

static const char *sev_ja(enum rk_severity s)
{
    return s == RK_SEV_ERROR ? "エラー" : s == RK_SEV_WARNING ? "警告" : "情報";
}

static const char *sev_class(enum rk_severity s)
{
    return s == RK_SEV_ERROR ? "ng" : s == RK_SEV_WARNING ? "warning" : "info";
}

static const char *title_of(const struct rk_report *r, const struct rk_rule *rule)
{
    return r->lang == RK_LANG_EN ? rule->title_en : rule->title_ja;
}

static void put_verdict(struct rk_report *r, bool ok, const char *yes, const char *no)
{
    rk_report_printf(r, "<span class=\"badge %s\">%s</span>", ok ? "ok" : "ng", ok ? yes : no);
}

/* Findings by severity for a file: what the check counted (suppressed ones too). */
static const uint64_t *file_counts(const struct rk_section *sec)
{
    return sec->ended ? sec->res.count : sec->count;
}

static void summary_files(struct rk_report *r, const struct rk_report_doc *d)
{
    rk_report_puts(
        r, "<h3>ファイルごとの判定</h3>\n<table class=\"files\">\n<thead><tr><th>#</th>"
           "<th>ファイル</th><th>様式</th><th>仕様</th><th>文字コード</th><th>レコード</th>"
           "<th>判定</th><th>エラー</th><th>警告</th><th>情報</th></tr></thead>\n<tbody>\n");
    size_t n = 0;
    for (size_t k = 0; k < d->nsections; k++) {
        const struct rk_section *sec = &d->sections[k];
        if (sec->kind != RK_SECTION_FILE)
            continue;
        const uint64_t *c = file_counts(sec);
        rk_report_printf(
            r, "<tr><td class=\"num\">%zu</td><td class=\"path\"><a href=\"#file-%zu\">", ++n, k);
        rk_report_put_xml(r, sec->path);
        rk_report_puts(r, "</a></td><td>");
        rk_report_put_xml(r, sec->res.layout ? sec->res.layout : "—");
        const char *lname = rk_report_layout_ja(d, sec->res.layout);
        if (lname) {
            rk_report_puts(r, "<br><span class=\"layout-name\">");
            rk_report_put_xml(r, lname);
            rk_report_puts(r, "</span>");
        }
        rk_report_puts(r, "</td><td class=\"nowrap\">");
        if (sec->res.version) {
            rk_report_put_xml(r, sec->res.family);
            rk_report_puts(r, " ");
            rk_report_put_xml(r, sec->res.version);
        } else {
            rk_report_puts(r, "—");
        }
        rk_report_printf(r, "</td><td>%s</td><td class=\"num\">%llu</td><td>",
                         sec->res.unreadable ? "—" : rk_encoding_name(sec->res.encoding),
                         (unsigned long long)sec->res.records);
        if (sec->res.unreadable)
            rk_report_puts(r, "<span class=\"badge ng\">読めない</span>");
        else
            put_verdict(r, c[RK_SEV_ERROR] == 0, "適合", "不適合");
        rk_report_printf(r,
                         "</td><td class=\"num\">%llu</td><td class=\"num\">%llu</td>"
                         "<td class=\"num\">%llu</td></tr>\n",
                         (unsigned long long)c[RK_SEV_ERROR], (unsigned long long)c[RK_SEV_WARNING],
                         (unsigned long long)c[RK_SEV_INFO]);
    }
    rk_report_puts(r, "</tbody>\n</table>\n");
}

static void summary_sends(struct rk_report *r, const struct rk_report_doc *d)
{
    bool any = false;
    for (size_t k = 0; k < d->nsections; k++) {
        const struct rk_section *sec = &d->sections[k];
        if (sec->kind != RK_SECTION_SEND)
            continue;
        if (!any)
            rk_report_puts(r, "<h3>送信単位ごとの判定</h3>\n<table class=\"sends\">\n<thead><tr>"
                              "<th>取込順</th><th>ファイル連番</th><th>送信元 → 送信先</th>"
                              "<th>組み合わせ</th><th>判定</th><th>ファイル</th><th>利用者</th>"
                              "<th>エラー</th><th>警告</th></tr></thead>\n<tbody>\n");
        any = true;
        const struct rk_send *s = &sec->send;
        rk_report_printf(r, "<tr><td class=\"num\"><a href=\"#file-%zu\">%u</a></td><td><code>", k,
                         s->order);
        rk_report_put_xml(r, s->serial);
        rk_report_puts(r, "</code></td><td>");
        char route[160];
        rk_report_send_route(s, route, sizeof route);
        rk_report_put_xml(r, route);
        rk_report_puts(r, "</td><td>");
        char unit[160];
        rk_report_put_xml(r, s->unit ? rk_phrase(s->unit, r->lang, unit, sizeof unit) : "—");
        rk_report_puts(r, "</td><td>");
        put_verdict(r, s->allowed, "仕様どおり", "仕様外");
        rk_report_puts(r, "</td><td><ul class=\"files-of-send\">");
        for (size_t i = 0; i < s->nfiles; i++) {
            rk_report_puts(r, "<li><code>");
            rk_report_put_xml(r, s->layouts[i] ? s->layouts[i] : "?");
            rk_report_puts(r, "</code> ");
            rk_report_put_xml(r, s->paths[i]);
            rk_report_puts(r, "</li>");
        }
        rk_report_printf(r,
                         "</ul></td><td class=\"num\">%zu</td><td class=\"num\">%llu</td>"
                         "<td class=\"num\">%llu</td></tr>\n",
                         s->nusers, (unsigned long long)sec->count[RK_SEV_ERROR],
                         (unsigned long long)sec->count[RK_SEV_WARNING]);
    }
    if (any)
        rk_report_puts(r, "</tbody>\n</table>\n");
}

/* An office type by its Japanese name, its code after it. */
static void put_office(struct rk_report *r, const char *office)
{
    const char *ja = rk_office_name_ja(r->specs, office);
    if (ja) {
        rk_report_put_xml(r, ja);
        rk_report_puts(r, "（<code>");
        rk_report_put_xml(r, office);
        rk_report_puts(r, "</code>）");
    } else {
        rk_report_puts(r, "<code>");
        rk_report_put_xml(r, office ? office : "—");
        rk_report_puts(r, "</code>");
    }
}

static const char *direction_ja(const char *direction)
{
    return direction && strcmp(direction, "import") == 0 ? "取込" : "出力";
}

static void summary_profile(struct rk_report *r, const struct rk_report_doc *d)
{
    for (size_t k = 0; k < d->nsections; k++) {
        const struct rk_section *sec = &d->sections[k];
        if (sec->kind != RK_SECTION_PROFILE)
            continue;
        rk_report_puts(r, "<h3>事業所種別の必須様式</h3>\n<p>事業所種別 ");
        put_office(r, sec->office);
        rk_report_printf(r, "、%s: ", direction_ja(sec->direction));
        put_verdict(r, sec->count[RK_SEV_ERROR] == 0, "必須様式あり", "必須様式が不足");
        rk_report_printf(r, " <a href=\"#file-%zu\">エラー %llu 件</a></p>\n", k,
                         (unsigned long long)sec->count[RK_SEV_ERROR]);
    }
}

/* Findings by rule (listed or left out by --only), in rules.def order. */
static void summary_rules(struct rk_report *r)
{
    bool any = false;
    for (size_t i = 0; i < rk_rule_count(); i++) {
        const uint64_t *c = r->by_rule[i];
        if (!c[0] && !c[1] && !c[2])
            continue;
        if (!any)
            rk_report_puts(r, "<h3>規則ごとの件数</h3>\n<table class=\"rules\">\n<thead><tr>"
                              "<th>規則</th><th>内容</th><th>エラー</th><th>警告</th><th>情報</th>"
                              "</tr></thead>\n<tbody>\n");
        any = true;
        const struct rk_rule *rule = rk_rule_at(i);
        rk_report_puts(r, "<tr><td class=\"nowrap\">");
        rk_report_put_xml(r, rule->id);
        rk_report_puts(r, "</td><td>");
        rk_report_put_xml(r, rule->title_ja);
        rk_report_printf(r,
                         "</td><td class=\"num\">%llu</td><td class=\"num\">%llu</td>"
                         "<td class=\"num\">%llu</td></tr>\n",
                         (unsigned long long)c[RK_SEV_ERROR], (unsigned long long)c[RK_SEV_WARNING],
                         (unsigned long long)c[RK_SEV_INFO]);
    }
    if (any)
        rk_report_puts(r, "</tbody>\n</table>\n");
}

static void summary(struct rk_report *r, const struct rk_report_doc *d)
{
    size_t files = 0, ok = 0;
    for (size_t k = 0; k < d->nsections; k++) {
        const struct rk_section *sec = &d->sections[k];
        if (sec->kind != RK_SECTION_FILE)
            continue;
        files++;
        if (file_counts(sec)[RK_SEV_ERROR] == 0 && !sec->res.unreadable)
            ok++;
    }
    rk_report_puts(r, "<section id=\"summary\">\n<h2>概要</h2>\n<div class=\"overall\">");
    put_verdict(r, r->count[RK_SEV_ERROR] == 0, "適合", "不適合");
    rk_report_printf(r,
                     "ファイル %zu 件（適合 %zu 件、不適合 %zu 件）　エラー %llu 件、警告 %llu 件、"
                     "情報 %llu 件</div>\n",
                     files, ok, files - ok, (unsigned long long)r->count[RK_SEV_ERROR],
                     (unsigned long long)r->count[RK_SEV_WARNING],
                     (unsigned long long)r->count[RK_SEV_INFO]);
    char skipped[320];
    if (rk_report_skipped_line(r, skipped, sizeof skipped)) {
        rk_report_puts(r, "<p class=\"skipped\">");
        rk_report_put_xml(r, skipped);
        rk_report_puts(r, "</p>\n");
    }
    /* issue 19: how many characters the move to standard 5.0 (JIS X 0213, January 2027) puts
     * at risk; told, never part of the verdict (JIS-001 is a warning unless --profile 2027) */
    uint64_t jis[2] = {0, 0};
    const struct rk_rule *jis1 = rk_rule_get(RK_RULE_JIS_001), *jis2 = rk_rule_get(RK_RULE_JIS_002);
    for (size_t i = 0; i < d->nfindings; i++) {
        jis[0] += d->findings[i].f.rule == jis1;
        jis[1] += d->findings[i].f.rule == jis2;
    }
    rk_report_printf(r,
                     "<p class=\"jis2027\">標準仕様5.0（JIS X 0213）への変換（2027年1月～）で"
                     "失われるか置き換わる文字（JIS-001）%llu 文字、変換表によって結果が違う文字"
                     "（JIS-002）%llu 文字（判定には含めない）</p>\n",
                     (unsigned long long)jis[0], (unsigned long long)jis[1]);
    if (d->nreq) {
        rk_report_puts(
            r, "<h3>要件ごとの判定</h3>\n<table class=\"requirements\">\n<thead><tr><th>要件</th>"
               "<th>判定</th><th>理由</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < d->nreq; i++) {
            const struct rk_requirement *q = &d->req[i];
            rk_report_puts(r, "<tr><td>");
            rk_report_put_xml(r, q->title[0] ? q->title : q->requirement);
            const char *cls;
            const char *st = status_ja(q->status, &cls);
            rk_report_printf(r, "</td><td><span class=\"badge %s\">%s</span></td><td>", cls, st);
            rk_report_put_xml(r, q->reason);
            rk_report_puts(r, "</td></tr>\n");
        }
        rk_report_puts(r, "</tbody>\n</table>\n");
    }
    summary_files(r, d);
    summary_sends(r, d);
    summary_profile(r, d);
    summary_rules(r);
    rk_report_puts(r, "</section>\n");
}

static void cover_row(struct rk_report *r, const char *th, const char *v, bool code)
{
    if (!v)
        return;
    rk_report_printf(r, "<tr><th>%s</th><td>%s", th, code ? "<code>" : "");
    rk_report_put_xml(r, v);
    rk_report_printf(r, "%s</td></tr>\n", code ? "</code>" : "");
}

/* The first page of an evidence bundle's report: what, whose, when and by which key; then each
 * requirement judged, its wording, the verdict, the reason and what was not checked. */
static void cover(struct rk_report *r, const struct rk_report_doc *d)
{
    const struct rk_report_cover *c = &d->cover;
    rk_report_puts(r, "<section id=\"cover\">\n<h2>この判定書について</h2>\n"
                      "<table class=\"cover\">\n<tbody>\n");
    cover_row(r, "ベンダー", c->vendor, false);
    cover_row(r, "製品", c->product, false);
    cover_row(r, "製品のバージョン", c->product_version, false);
    if (c->office_type) {
        rk_report_puts(r, "<tr><th>事業所種別</th><td>");
        put_office(r, c->office_type);
        rk_report_puts(r, "</td></tr>\n");
    }
    cover_row(r, "作成日時（UTC）", c->timestamp, false);
    cover_row(r, "署名者の鍵（フィンガープリント）", c->fingerprint, true);
    if (c->tool_version) {
        rk_report_puts(r, "<tr><th>検査したプログラム</th><td>renkei ");
        rk_report_put_xml(r, c->tool_version);
        rk_report_puts(r, "</td></tr>\n");
    }
    cover_row(r, "仕様（版と仕様表）", c->specs, false);
    cover_row(r, "再検査", c->recheck, false);
    rk_report_puts(
        r, "</tbody>\n</table>\n<h2>判定した要件（補助要件 4(2) の介護ソフトの要件）</h2>\n");
    for (size_t i = 0; i < d->nreq; i++) {
        const struct rk_requirement *q = &d->req[i];
        const char *cls;
        const char *st = status_ja(q->status, &cls);
        rk_report_printf(r, "<div class=\"requirement\" id=\"requirement-%zu\">\n<h3>", i + 1);
        rk_report_put_xml(r, q->title[0] ? q->title : q->requirement);
        rk_report_printf(r, "<span class=\"badge %s\">%s</span></h3>\n", cls, st);
        if (q->text) {
            rk_report_puts(r, "<p class=\"req-text\">要件: ");
            rk_report_put_xml(r, q->text);
            rk_report_puts(r, "</p>\n");
        }
        rk_report_puts(r, "<p class=\"reason\">理由: ");
        rk_report_put_xml(r, q->reason);
        rk_report_puts(r, "</p>\n");
        if (q->not_checked && *q->not_checked) {
            rk_report_puts(r, "<p>確認していないこと:</p>\n<ul class=\"not-checked\">\n");
            for (const char *s = q->not_checked; *s;) {
                const char *e = strchr(s, '\n');
                size_t n = e ? (size_t)(e - s) : strlen(s);
                rk_report_puts(r, "<li>");
                rk_report_put_xml_n(r, s, n);
                rk_report_puts(r, "</li>\n");
                s += n + (e ? 1 : 0);
            }
            rk_report_puts(r, "</ul>\n");
        }
        rk_report_puts(r, "</div>\n");
    }
    rk_report_puts(
        r, "<p class=\"note\">「判定対象外」は「適合」ではありません。要件の文言は renkei が"
           "判定する内容の要約です。補助の可否は実施要綱・交付要綱の文言によります。判定の根拠は"
           "次ページ以降の検査結果と、この証拠一式の report.json・manifest.json にあります。"
           "<code>renkei verify</code> で署名と再検査を確かめてください（README「都道府県の"
           "担当者の方へ」）。</p>\n</section>\n");
}

/* What a printed page carries at its foot, as a CSS string: the product, its version and the
 * signer's key, so that any printed page can be tied to this bundle. */
static void print_mark(struct rk_report *r, const struct rk_report_doc *d)
{
    const struct rk_report_cover *c = &d->cover;
    const char *parts[] = {c->vendor, c->product, c->product_version, c->fingerprint};
    rk_report_puts(r, "@page{@bottom-left{font-size:7pt;color:#555;content:\"");
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (!parts[i])
            continue;
        if (i)
            rk_report_puts(r, i == 3 ? "　署名者 " : " ");
        /* a CSS string: quotes, backslashes, '<' (never "</style>") and controls as escapes */
        for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++) {
            if (*p == '"' || *p == '\\' || *p == '<' || *p == '>' || *p == '&' || *p < 0x20 ||
                *p == 0x7f)
                rk_report_printf(r, "\\%X ", *p);
            else
                fputc(*p, r->fp);
        }
    }
    rk_report_puts(r, "\"}@bottom-right{font-size:7pt;color:#555;"
                      "content:counter(page) \" / \" counter(pages)}}\n");
}

static void put_pos(struct rk_report *r, const struct rk_pos *p)
{
    if (p->line)
        rk_report_printf(r, "%llu:%llu", (unsigned long long)p->line,
                         (unsigned long long)p->column);
    else
        rk_report_puts(r, "—");
}

static void put_cell(struct rk_report *r, const char *s, bool value)
{
    rk_report_puts(r, "<td>");
    if (value && s) {
        rk_report_puts(r, "<code class=\"value\">");
        rk_report_put_xml(r, s);
        rk_report_puts(r, "</code>");
    } else {
        rk_report_put_xml(r, s ? s : "—");
    }
    rk_report_puts(r, "</td>");
}

static void put_finding(struct rk_report *r, const struct rk_kept_finding *k, bool with_path)
{
    const struct rk_finding *f = &k->f;
    rk_report_puts(r, "<tr class=\"finding\" title=\"");
    rk_report_put_xml(r, k->message);
    rk_report_puts(r, "\"><td class=\"pos\">");
    if (with_path) {
        rk_report_puts(r, "<span class=\"path\">");
        rk_report_put_xml(r, f->path);
        rk_report_puts(r, "</span><br>");
    }
    put_pos(r, &f->pos);
    if (f->record || f->field)
        rk_report_printf(r, "<br>レコード %llu 項目 %u", (unsigned long long)f->record, f->field);
    if (f->insurer_no || f->insured_no) {
        /* the user the finding is about */
        rk_report_puts(r, "<br><span class=\"user\">利用者 保険者番号 ");
        rk_report_put_xml(r, f->insurer_no ? f->insurer_no : "-");
        rk_report_puts(r, " 被保険者番号 ");
        rk_report_put_xml(r, f->insured_no ? f->insured_no : "-");
        rk_report_puts(r, "</span>");
    }
    rk_report_puts(r, "</td>");
    put_cell(r, f->item, false);
    char phrase[512];
    put_cell(r, rk_phrase_in(r->specs, f->expected, r->lang, phrase, sizeof phrase), false);
    put_cell(r, f->actual, true);
    rk_report_puts(r, "<td>");
    bool any = false;
    if (f->detail) {
        rk_report_put_xml(r, rk_phrase_in(r->specs, f->detail, r->lang, phrase, sizeof phrase));
        any = true;
    }
    if (f->has_context) {
        rk_report_puts(r, any ? "<br>" : "");
        rk_report_puts(r, "関連位置 ");
        put_pos(r, &f->context);
        any = true;
    }
    if (f->citation && (!f->rule->clause || strcmp(f->citation, f->rule->clause) != 0)) {
        rk_report_puts(r, any ? "<br>" : "");
        rk_report_puts(r, "出典: ");
        rk_report_put_xml(r, f->citation);
        any = true;
    }
    if (!any)
        rk_report_puts(r, "—");
    rk_report_puts(r, "</td></tr>\n");
}

/* The findings of one section, grouped by rule in rules.def order. */
static void section_findings(struct rk_report *r, const struct rk_section *sec, size_t *per_rule)
{
    const struct rk_report_doc *d = r->doc;
    size_t nrules = rk_rule_count();
    memset(per_rule, 0, (nrules + 1) * sizeof *per_rule);
    for (size_t j = sec->first; j < sec->first + sec->n; j++)
        per_rule[rk_report_rule_index(d->findings[j].f.rule)]++;
    if (sec->n == 0) {
        rk_report_puts(r, "<p class=\"none\">指摘はありません。</p>\n");
        return;
    }
    for (size_t i = 0; i <= nrules; i++) {
        if (!per_rule[i])
            continue;
        const struct rk_kept_finding *first = NULL;
        for (size_t j = sec->first; j < sec->first + sec->n && !first; j++)
            if (rk_report_rule_index(d->findings[j].f.rule) == i)
                first = &d->findings[j];
        const struct rk_rule *rule = first->f.rule;
        rk_report_printf(r, "<div class=\"rule\">\n<h4><span class=\"badge %s\">%s</span> <code>",
                         sev_class(first->f.severity), sev_ja(first->f.severity));
        rk_report_put_xml(r, rule->id);
        rk_report_puts(r, "</code> ");
        rk_report_put_xml(r, title_of(r, rule));
        rk_report_printf(r, "（%zu 件）</h4>\n<p class=\"clause\">根拠: ", per_rule[i]);
        rk_report_put_xml(r, rule->clause);
        rk_report_puts(r, "</p>\n<table class=\"findings\">\n<thead><tr><th>位置</th><th>項目</th>"
                          "<th>期待値</th><th>実際の値</th><th>補足</th></tr></thead>\n<tbody>\n");
        for (size_t j = sec->first; j < sec->first + sec->n; j++)
            if (rk_report_rule_index(d->findings[j].f.rule) == i)
                put_finding(r, &d->findings[j], sec->kind != RK_SECTION_FILE);
        rk_report_puts(r, "</tbody>\n</table>\n</div>\n");
    }
}

static void details(struct rk_report *r, const struct rk_report_doc *d, size_t *per_rule)
{
    rk_report_puts(r, "<section id=\"findings\">\n<h2>指摘の詳細</h2>\n");
    size_t nfile = 0;
    for (size_t k = 0; k < d->nsections; k++) {
        const struct rk_section *sec = &d->sections[k];
        rk_report_printf(r, "<section class=\"section\" id=\"file-%zu\">\n<h3>", k);
        if (sec->kind == RK_SECTION_FILE) {
            rk_report_printf(r, "%zu. <span class=\"path\">", ++nfile);
            rk_report_put_xml(r, sec->path);
            rk_report_puts(r, "</span></h3>\n");
            if (sec->ended && !sec->res.unreadable) {
                rk_report_puts(r, "<p class=\"meta\">SHA-256 <code>");
                rk_report_put_xml(r, sec->res.sha256);
                rk_report_puts(r, "</code></p>\n");
            }
        } else if (sec->kind == RK_SECTION_SEND) {
            rk_report_printf(r, "送信単位 %u（ファイル連番 ", sec->send.order);
            rk_report_put_xml(r, sec->send.serial);
            rk_report_puts(r, "）</h3>\n");
        } else {
            rk_report_puts(r, "事業所種別 ");
            put_office(r, sec->office);
            rk_report_printf(r, "の必須様式（%s）</h3>\n", direction_ja(sec->direction));
        }
        section_findings(r, sec, per_rule);
        rk_report_puts(r, "</section>\n");
    }
    rk_report_puts(r, "</section>\n");
}

static enum rk_status html_finish(struct rk_report *r)
{
    const struct rk_report_doc *d = r->doc;
    size_t *per_rule = rk_calloc(rk_rule_count() + 1, sizeof *per_rule);
    if (!per_rule)
        return RK_E_NOMEM;
    char timestamp[32];
    bool stamped = rk_report_timestamp(timestamp);
    const char *title = d->has_cover ? "介護ソフトの要件の判定書（renkei 証拠一式）"
                                     : "ケアプランデータ連携 CSV 検査レポート";
    rk_report_printf(r,
                     "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta name=\"generator\" content=\"renkei %s\">\n"
                     "<title>%s%s</title>\n<style>\n%s",
                     RK_VERSION, title, d->has_cover ? "" : "（renkei）", style);
    if (d->has_cover)
        print_mark(r, d);
    rk_report_printf(r,
                     "</style>\n</head>\n<body>\n<header>\n<h1>%s</h1>\n"
                     "<p class=\"meta\">renkei %s",
                     d->has_cover ? "介護ソフトの要件の判定書（証拠一式）" : title, RK_VERSION);
    if (stamped)
        rk_report_printf(r, "　作成日時 %s", timestamp);
    rk_report_puts(r, "　判定: エラーが1件でもあれば不適合</p>\n</header>\n");
    if (d->has_cover)
        cover(r, d);
    summary(r, d);
    details(r, d, per_rule);
    rk_report_puts(
        r, "<footer><p>規則の一覧は <code>renkei rules</code>、位置は 行:桁（桁は文字単位）。"
           "</p></footer>\n</body>\n</html>\n");
    rk_free(per_rule);
    return RK_OK;
}

const struct rk_report_ops rk_report_html_ops = {
    .finish = html_finish,
    .digest = true,
    .keep = true,
};
