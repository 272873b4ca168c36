/*
 * finding.c - the one way a finding is reported (rk_emit) and how its message reads in
 * Japanese or English (rk_finding_message). Checks fill a struct rk_finding with the rule,
 * positions and the expected/actual values; everything else is derived here.
 */
#include "internal.h"

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
    bool flood = false;
    if (ri < sizeof em->per_rule / sizeof em->per_rule[0]) {
        flood = em->per_rule[ri] >= RK_RULE_FINDINGS_CAP;
        em->per_rule[ri] += !flood;
    }
    if (flood || (em->max_findings && em->emitted >= em->max_findings)) {
        em->suppressed++;
        return;
    }
    em->emitted++;
    /* a character the reader found: the spec's item from the field number */
    char label[384];
    if (!f->item && em->layout && f->field && f->field <= em->layout->nitems &&
        strncmp(f->rule->id, "JIS-", 4) == 0) {
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

void rk_emit_flush(struct rk_emitter *em, struct rk_pos end)
{
    if (!em->suppressed)
        return;
    char detail[64];
    snprintf(detail, sizeof detail, "%llu", (unsigned long long)em->suppressed);
    struct rk_finding f = {.rule = rk_rule_get("CSV-014"), .pos = end, .detail = detail};
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
    size_t at = 0;
    if (n == 0)
        return;
    buf[0] = '\0';
    bool ja = lang == RK_LANG_JA;
    append(buf, n, &at, ja ? f->rule->title_ja : f->rule->title_en);
    if (f->item) {
        append(buf, n, &at, ja ? "：" : ": ");
        append(buf, n, &at, f->item);
    }
    if (f->expected || f->actual) {
        append(buf, n, &at, ja ? "（" : " (");
        if (f->expected) {
            append(buf, n, &at, ja ? "期待値 " : "expected ");
            append(buf, n, &at, f->expected);
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
        append(buf, n, &at, f->detail);
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
