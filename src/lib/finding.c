/*
 * finding.c - the one way a finding is reported (rk_emit) and how its message reads in
 * Japanese or English (rk_finding_message). Checks fill a struct rk_finding with the rule,
 * positions and the expected/actual values; everything else is derived here.
 */
#include "finding.h"

#include <stdio.h>
#include <string.h>

const char *rk_profile_name(enum rk_profile p)
{
    static const char *const names[] = {"default", "strict", "2027", "strict,2027"};
    return names[(unsigned)p & 3u];
}

void rk_emit(struct rk_emitter *em, struct rk_finding *f)
{
    enum rk_severity sev = f->rule->severity;
    if (f->rule->strict_raises & (int)em->profile)
        sev = RK_SEV_ERROR;
    f->severity = sev;
    if (!f->path)
        f->path = em->path;
    if (f->pos.line)
        em->last = f->pos;
    em->count[sev]++;
    size_t ri = (size_t)(f->rule - rk_rule_at(0));
    bool writes = rk_emit_writes(em, (enum rk_rule_id)ri); /* before this one is counted */
    if (ri < sizeof em->per_rule / sizeof em->per_rule[0])
        em->per_rule[ri] += em->per_rule[ri] < RK_RULE_FINDINGS_CAP;
    if (!writes) {
        em->suppressed++;
        return;
    }
    em->emitted++;
    /* a character the reader found: the spec's item from the field number */
    char label[384];
    if (!f->item && em->layout && f->field && f->field <= em->layout->nitems &&
        (f->rule->flags & RK_RULE_FLAG_ITEM)) {
        const struct rk_item *it = &em->layout->items[f->field - 1];
        snprintf(label, sizeof label, "%s No.%u %s", em->layout->name, it->no, it->name);
        struct rk_finding named = *f; /* the caller's finding does not keep the label */
        named.item = label;
        if (em->sink)
            em->sink(em->ctx, &named);
        return;
    }
    if (em->sink)
        em->sink(em->ctx, f);
}

bool rk_emit_writes(const struct rk_emitter *em, enum rk_rule_id id)
{
    size_t ri = (size_t)id;
    if (ri < sizeof em->per_rule / sizeof em->per_rule[0] &&
        em->per_rule[ri] >= RK_RULE_FINDINGS_CAP)
        return false;
    return !(em->max_findings && em->emitted >= em->max_findings);
}

void rk_emit_flush(struct rk_emitter *em, struct rk_pos end)
{
    if (!em->suppressed)
        return;
    char detail[64];
    snprintf(detail, sizeof detail, "%llu", (unsigned long long)em->suppressed);
    struct rk_finding f = {.rule = rk_rule_get(RK_RULE_CSV_014), .pos = end, .detail = detail};
    uint64_t max = em->max_findings;
    em->max_findings = 0;
    f.severity = RK_SEV_INFO;
    f.path = em->path;
    em->emitted++;
    em->suppressed = 0;
    if (em->sink)
        em->sink(em->ctx, &f);
    em->max_findings = max;
}

/* ---- the phrases expected and detail values are written in -------------------------------
 * Checks write a finding's expected and detail values in one neutral form: codes, numbers and
 * formats as they are (YYYYMMDD, 0000-2359, U+20BB7), words in English. This table is the one
 * place those words are given in Japanese; rk_phrase renders a value in the report's language
 * (messages, the HTML page). JSON and SARIF keep the neutral form as data. A template's %s
 * stands for any text (a number, a layout ID, a value), given back in the Japanese by %1..%4,
 * each itself rendered through the table; templates are tried in order, so a longer one comes
 * before a shorter one it contains. */
static const struct phrase {
    const char *en, *ja;
} phrases[] = {
    {"(empty)", "（空）"},
    {"10-digit office number", "10桁の事業所番号"},
    {"10 digits", "10桁"},
    {"%s digits", "%1桁"},
    {"%s digits, %s decimals", "整数部%1桁、小数部%2桁"},
    {"%s digits %s decimals", "%1桁（小数部%2桁）"},
    {"record > %s bytes", "レコードが%1バイトを超える"},
    {"%s > %s bytes", "%1バイト > %2バイト"},
    {"> %s bytes", "%1バイトを超える"},
    {"> %s lines", "%1行を超える"},
    {"<= %s chars", "%1文字以内"},
    {"<= %s bytes", "%1バイト以内"},
    {"%s chars", "%1文字"},
    {"%s bytes", "%1バイト"},
    {"half-width ASCII", "半角英数記号"},
    {"31 x [01]", "[01] を31文字"},
    {"1, 2, 3 ...", "1, 2, 3 …（1からの連番）"},
    {"day %s > %s", "%1日（この月は%2日まで）"},
    {"subtotal", "小計行"},
    {"9999999999 only on the grand-total row (999999)", "9999999999 は総計行（999999）だけ"},
    {"YYYYMMDD (plan date of 第1表)", "YYYYMMDD（第1表の計画作成日）"},
    {"00000000 with a month, or a date with 000000",
     "対象年月があれば 00000000、日付があれば対象年月は 000000"},
    {"%s (not in the list)", "%1（一覧にない）"},
    {"header", "ヘッダー行"},
    {"v3-style name", "3.x 形式のファイル名"},
    {"v4-style name", "4.x 形式のファイル名"},
    {"2 characters [0-9A-Z]", "[0-9A-Z] 2文字"},
    {"3-digit service code (4.0 wording)", "3桁のサービスコード（4.0 の書き方）"},
    {"line break after an undoubled quote", "二重にしていない引用符の後の改行"},
    {"EOF", "ファイルの終わり"},
    {"%s; first at record %s, line %s", "%1（最初はレコード %2、%3 行目）"},
    {"first at record %s, line %s", "最初はレコード %1（%2 行目）"},
    {"%s items", "%1項目"},
    {"twice", "2回"},
    {"record %s", "レコード %1"},
    {"field %s", "項目 %1"},
    {"%s error(s)", "エラー %1 件"},
    {"%s pair(s), %s of care-plan files", "%1組（うちケアプランファイル %2組）"},
    {"same number", "同じ数"},
    {"same characters", "同じ文字"},
    {"5.0 conversion signature (no JIS X 0213 code): %s -> %s",
     "標準仕様5.0への変換の跡（JIS X 0213 に符号がない）：%1 → %2"},
    {"5.0 conversion signature (no JIS X 0213 code): %s dropped",
     "標準仕様5.0への変換の跡（JIS X 0213 に符号がない）：%1 が消えた"},
    {"%s output", "%1・出力"},
    {"%s import", "%1・取込"},
    {"condition: %s [%s]", "条件 %2 に該当"},
    {"output", "出力"},
    {"import", "取込"},
    /* send units (sends.tsv), by their members */
    {"plan", "居宅サービス計画書一式（第1表・第2表・第3表・利用者補足情報）"},
    {"plan_delete", "居宅サービス計画書の削除"},
    {"slip", "利用票一式（第6表・第7表・利用者補足情報）"},
    {"slip_delete", "第6表予定の削除"},
    {"actual", "第6表実績"},
    {"actual_delete", "第6表実績の削除"},
    {"kihon", "利用者基本情報一式"},
    {"kihon_delete", "利用者基本情報の削除"},
    {"yobo", "介護予防サービス・支援計画書一式"},
    {"yobo_delete", "介護予防サービス・支援計画書の削除"},
    {"yobo_kihon", "介護予防サービス・支援計画書と利用者基本情報"},
    {"life", "LIFE"},
    {"careplan", "ケアプラン"},
    {"is a directory", "ディレクトリ"},
    {"not a regular file", "通常のファイルではない"},
    {"U+001A: an end-of-file mark (Ctrl-Z) at the end of the file",
     "U+001A: ファイル末尾のファイル終端記号（Ctrl-Z）"},
    {"no such member in the archive", "アーカイブにその名前のファイルがない"},
    {"two members of this name", "この名前のファイルが二つ"},
    {"is a ZIP archive (read it as a directory)", "ZIP アーカイブ（ディレクトリとして読む）"},
    {"No such file or directory", "ファイルがない"},
    {"Permission denied", "読む権限がない"},
    /* why a ZIP member is not extracted (inputs.c, rk_zip_extract) */
    {"empty name", "名前が空"},
    {"name too long", "名前が長すぎる"},
    {"absolute path", "絶対パス"},
    {"backslash in the name", "名前に \\"},
    {"drive letter or ':' in the name", "ドライブ名または名前に :"},
    {"empty path component", "パスに空の部分"},
    {"'.' or '..' in the path", "パスに . または .."},
    {"path too deep", "フォルダーが深すぎる"},
    {"character not allowed in a file name", "ファイル名に使えない文字"},
    {"name ends with '.' or a space", "名前の末尾が . または空白"},
    {"device name reserved by Windows", "Windows が予約した装置名（CON・NUL 等）"},
    {"symlink", "シンボリックリンク"},
    {"special file", "特殊ファイル"},
    {"No space left on device", "ディスクの空きがない"},
};

/* Pieces of a value that are words wherever they stand (the parts of a file-name pattern). */
static const struct phrase tokens[] = {
    {"<from 10>", "<送信元事業所番号10桁>"},
    {"<to 10>", "<送信先事業所番号10桁>"},
    {"<svc 2>", "<サービス種類コード2桁>"},
    {"<枝番 4 digits>", "<枝番4桁>"},
};

#define MAX_CAPS 4

/* Does s[0..len) match template t? Each %s takes one or more characters (the shortest that
 * lets the rest match); caps[] receive the spans. */
static bool match(const char *t, const char *s, size_t len, const char *cap[], size_t caplen[],
                  int ncap)
{
    for (;;) {
        if (t[0] == '%' && t[1] == 's') {
            if (ncap >= MAX_CAPS)
                return false;
            for (size_t k = 1; k <= len; k++) {
                cap[ncap] = s;
                caplen[ncap] = k;
                if (match(t + 2, s + k, len - k, cap, caplen, ncap + 1))
                    return true;
            }
            return false;
        }
        if (!*t)
            return len == 0;
        if (len == 0 || *t != *s)
            return false;
        t++, s++, len--;
    }
}

static int count_caps(const char *t)
{
    int n = 0;
    for (; *t; t++)
        if (t[0] == '%' && t[1] == 's')
            n++;
    return n;
}

static void render(const struct rk_specs *specs, const char *s, size_t len, char *buf, size_t n,
                   size_t *at, int depth);

/* The Japanese of template p with its captured pieces, each rendered in turn. */
static void fill(const struct rk_specs *specs, const char *ja, const char *cap[],
                 const size_t caplen[], char *buf, size_t n, size_t *at, int depth)
{
    for (const char *q = ja; *q; q++) {
        if (q[0] == '%' && q[1] >= '1' && q[1] <= '0' + MAX_CAPS) {
            int i = q[1] - '1';
            render(specs, cap[i], caplen[i], buf, n, at, depth + 1);
            q++;
            continue;
        }
        if (*at + 1 < n)
            buf[(*at)++] = *q;
    }
    buf[*at < n ? *at : n - 1] = '\0';
}

static void render(const struct rk_specs *specs, const char *s, size_t len, char *buf, size_t n,
                   size_t *at, int depth)
{
    const char *cap[MAX_CAPS];
    size_t caplen[MAX_CAPS];
    /* an office type (--office): its name in the tables */
    char code[32];
    const char *office = NULL;
    if (specs && len < sizeof code) {
        memcpy(code, s, len);
        code[len] = '\0';
        office = rk_office_name_ja(specs, code);
    }
    for (const char *q = office; q && *q && *at + 1 < n; q++)
        buf[(*at)++] = *q;
    if (office) {
        buf[*at < n ? *at : n - 1] = '\0';
        return;
    }
    for (size_t i = 0; depth < 3 && i < sizeof phrases / sizeof phrases[0]; i++) {
        const struct phrase *p = &phrases[i];
        if (count_caps(p->en) == 0 ? strlen(p->en) == len && memcmp(p->en, s, len) == 0
                                   : match(p->en, s, len, cap, caplen, 0)) {
            fill(specs, p->ja, cap, caplen, buf, n, at, depth);
            return;
        }
    }
    /* no phrase: copied, with the words of patterns replaced */
    for (size_t i = 0; i < len;) {
        const struct phrase *tok = NULL;
        for (size_t k = 0; s[i] == '<' && k < sizeof tokens / sizeof tokens[0]; k++) {
            size_t tl = strlen(tokens[k].en);
            if (tl <= len - i && memcmp(s + i, tokens[k].en, tl) == 0)
                tok = &tokens[k];
        }
        const char *piece = tok ? tok->ja : s + i;
        size_t plen = tok ? strlen(tok->ja) : 1;
        i += tok ? strlen(tok->en) : 1;
        for (size_t k = 0; k < plen && *at + 1 < n; k++)
            buf[(*at)++] = piece[k];
    }
    buf[*at < n ? *at : n - 1] = '\0';
}

const char *rk_phrase_in(const struct rk_specs *specs, const char *s, enum rk_lang lang, char *buf,
                         size_t n)
{
    if (!s || lang != RK_LANG_JA || n == 0)
        return s;
    size_t at = 0;
    buf[0] = '\0';
    render(specs, s, strlen(s), buf, n, &at, 0);
    return buf;
}

const char *rk_phrase(const char *s, enum rk_lang lang, char *buf, size_t n)
{
    return rk_phrase_in(NULL, s, lang, buf, n);
}

static void append(char *buf, size_t n, size_t *at, const char *s)
{
    size_t len = strlen(s);
    if (*at + 1 >= n)
        return;
    size_t room = n - 1 - *at;
    if (len > room) {
        /* do not cut a UTF-8 sequence in half */
        len = room;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(buf + *at, s, len);
    *at += len;
    buf[*at] = '\0';
}

void rk_finding_message(const struct rk_finding *f, enum rk_lang lang, char *buf, size_t n)
{
    rk_finding_message_in(NULL, f, lang, buf, n);
}

void rk_finding_message_in(const struct rk_specs *specs, const struct rk_finding *f,
                           enum rk_lang lang, char *buf, size_t n)
{
    size_t at = 0;
    if (n == 0)
        return;
    buf[0] = '\0';
    bool ja = lang == RK_LANG_JA;
    char phrase[512];
    append(buf, n, &at, ja ? f->rule->title_ja : f->rule->title_en);
    if (f->item) {
        append(buf, n, &at, ja ? "：" : ": ");
        append(buf, n, &at, f->item);
    }
    if (f->expected || f->actual) {
        append(buf, n, &at, ja ? "（" : " (");
        if (f->expected) {
            append(buf, n, &at, ja ? "期待値 " : "expected ");
            append(buf, n, &at, rk_phrase_in(specs, f->expected, lang, phrase, sizeof phrase));
        }
        if (f->actual) {
            if (f->expected)
                append(buf, n, &at, ja ? "、" : ", ");
            append(buf, n, &at, ja ? "実際 \"" : "got \"");
            append(buf, n, &at, f->actual);
            append(buf, n, &at, "\"");
        }
        append(buf, n, &at, ja ? "）" : ")");
    }
    if (f->detail) {
        append(buf, n, &at, " [");
        append(buf, n, &at, rk_phrase_in(specs, f->detail, lang, phrase, sizeof phrase));
        append(buf, n, &at, "]");
    }
    if (f->insurer_no || f->insured_no) {
        append(buf, n, &at, ja ? "（利用者 保険者番号 " : " (user: insurer ");
        append(buf, n, &at, f->insurer_no ? f->insurer_no : "-");
        append(buf, n, &at, ja ? "、被保険者番号 " : ", insured ");
        append(buf, n, &at, f->insured_no ? f->insured_no : "-");
        append(buf, n, &at, ja ? "）" : ")");
    }
}
