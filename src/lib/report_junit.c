/*
 * report_junit.c - JUnit XML, the report CI systems show: one <testsuite> per input file
 * (named by its path, in input order) with one <testcase> per rule that ran on it, and a last
 * testsuite "sends" for the rules across files (send sets and the office profile) when those
 * ran. A rule ran on a file when rules.def lists it there (column listed: FILES or SENDS), on
 * the sends when it lists it there (SENDS), or where it reported something. A testcase fails
 * (<failure>) when its rule found errors, listed one per line in the order found; warnings and
 * infos go to its <system-out>. The counts in the attributes come first in the document, so the
 * findings are held in memory (report.c's kept document, ops->keep) and everything is written
 * by finish. Every value from the input goes through rk_report_put_xml. No timestamps unless
 * SOURCE_DATE_EPOCH is set.
 */
#include "alloc.h"
#include "report.h"

#include <string.h>

/* One testsuite's worth: its sections, and per rule the errors and other findings. */
struct suite {
    const char *name;
    const struct rk_section *const *sections;
    size_t nsections;
    enum rk_rule_listed listed; /* the rules listed here when they found nothing: this or more */
    size_t *errors;             /* per rule index */
    size_t *others;
    size_t tests, failures;
};

static bool rule_runs(const struct suite *s, size_t i)
{
    return rk_rule_at(i)->listed >= s->listed || s->errors[i] || s->others[i];
}

static void count_suite(const struct rk_report_doc *d, struct suite *s, size_t nrules)
{
    memset(s->errors, 0, nrules * sizeof *s->errors);
    memset(s->others, 0, nrules * sizeof *s->others);
    for (size_t k = 0; k < s->nsections; k++) {
        const struct rk_section *sec = s->sections[k];
        for (size_t j = sec->first; j < sec->first + sec->n; j++) {
            const struct rk_finding *f = &d->findings[j].f;
            size_t i = rk_report_rule_index(f->rule);
            if (i == nrules)
                continue;
            if (f->severity == RK_SEV_ERROR)
                s->errors[i]++;
            else
                s->others[i]++;
        }
    }
    s->tests = s->failures = 0;
    for (size_t i = 0; i < nrules; i++) {
        if (!rule_runs(s, i))
            continue;
        s->tests++;
        if (s->errors[i])
            s->failures++;
    }
}

/* One finding as a compiler-style line: PATH:LINE:COL: severity: message */
static void put_finding(struct rk_report *r, const struct rk_kept_finding *k)
{
    const struct rk_finding *f = &k->f;
    rk_report_put_xml(r, f->path);
    if (f->pos.line)
        rk_report_printf(r, ":%llu:%llu", (unsigned long long)f->pos.line,
                         (unsigned long long)f->pos.column);
    rk_report_printf(r, ": %s: ", rk_report_severity_name(f->severity));
    rk_report_put_xml(r, k->message);
    rk_report_printf(r, "\n");
}

/* The findings of rule i in the suite: errors (want_error) or the others. */
static void put_rule_findings(struct rk_report *r, const struct suite *s, size_t i, bool want_error)
{
    const struct rk_report_doc *d = r->doc;
    for (size_t k = 0; k < s->nsections; k++) {
        const struct rk_section *sec = s->sections[k];
        for (size_t j = sec->first; j < sec->first + sec->n; j++) {
            const struct rk_kept_finding *kf = &d->findings[j];
            if (rk_report_rule_index(kf->f.rule) == i &&
                (kf->f.severity == RK_SEV_ERROR) == want_error)
                put_finding(r, kf);
        }
    }
}

static void put_property(struct rk_report *r, const char *name, const char *value)
{
    rk_report_printf(r, "      <property name=\"%s\" value=\"", name);
    rk_report_put_xml(r, value ? value : "");
    rk_report_printf(r, "\"/>\n");
}

static void put_properties(struct rk_report *r, const struct suite *s)
{
    rk_report_printf(r, "    <properties>\n");
    for (size_t k = 0; k < s->nsections; k++) {
        const struct rk_section *sec = s->sections[k];
        char num[32];
        if (sec->kind == RK_SECTION_FILE) {
            put_property(r, "layout", sec->res.layout);
            put_property(r, "spec_version", sec->res.version);
            put_property(r, "encoding", rk_encoding_name(sec->res.encoding));
            put_property(r, "sha256", sec->res.sha256);
            snprintf(num, sizeof num, "%llu", (unsigned long long)sec->res.records);
            put_property(r, "records", num);
        } else if (sec->kind == RK_SECTION_SEND) {
            const struct rk_send *sd = &sec->send;
            rk_report_printf(r, "      <property name=\"send.%u\" value=\"", sd->order);
            rk_report_put_xml(r, sd->serial);
            rk_report_printf(r, " ");
            char route[160];
            rk_report_send_route(sd, route, sizeof route);
            rk_report_put_xml(r, route);
            rk_report_printf(r, " ");
            rk_report_put_xml(r, sd->unit ? sd->unit : "-");
            rk_report_printf(r, " %s %zu\"/>\n", sd->allowed ? "allowed" : "not-allowed",
                             sd->nfiles);
        } else {
            rk_report_printf(r, "      <property name=\"profile\" value=\"");
            rk_report_put_xml(r, sec->office);
            rk_report_printf(r, " ");
            rk_report_put_xml(r, sec->direction);
            rk_report_printf(r, "\"/>\n");
        }
    }
    rk_report_printf(r, "    </properties>\n");
}

static void put_suite(struct rk_report *r, const struct suite *s, size_t nrules,
                      const char *timestamp)
{
    rk_report_printf(r, "  <testsuite name=\"");
    rk_report_put_xml(r, s->name);
    rk_report_printf(r, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\"", s->tests,
                     s->failures);
    if (*timestamp)
        rk_report_printf(r, " timestamp=\"%s\"", timestamp);
    rk_report_printf(r, ">\n");
    put_properties(r, s);
    for (size_t i = 0; i < nrules; i++) {
        if (!rule_runs(s, i))
            continue;
        const struct rk_rule *rule = rk_rule_at(i);
        rk_report_printf(r, "    <testcase classname=\"");
        rk_report_put_xml(r, s->name);
        rk_report_printf(r, "\" name=\"%s ", rule->id);
        rk_report_put_xml(r, r->lang == RK_LANG_JA ? rule->title_ja : rule->title_en);
        if (!s->errors[i] && !s->others[i]) {
            rk_report_printf(r, "\"/>\n");
            continue;
        }
        rk_report_printf(r, "\">\n");
        if (s->errors[i]) {
            rk_report_printf(r, "      <failure type=\"%s\" message=\"", rule->id);
            if (r->lang == RK_LANG_JA)
                rk_report_printf(r, "エラー %zu 件", s->errors[i]);
            else
                rk_report_printf(r, "%zu error(s)", s->errors[i]);
            rk_report_printf(r, "\">");
            put_rule_findings(r, s, i, true);
            rk_report_printf(r, "</failure>\n");
        }
        if (s->others[i]) {
            rk_report_printf(r, "      <system-out>");
            put_rule_findings(r, s, i, false);
            rk_report_printf(r, "</system-out>\n");
        }
        rk_report_printf(r, "    </testcase>\n");
    }
    rk_report_printf(r, "  </testsuite>\n");
}

static enum rk_status junit_finish(struct rk_report *r)
{
    const struct rk_report_doc *d = r->doc;
    size_t nrules = rk_rule_count();
    char timestamp[32];
    rk_report_timestamp(timestamp);
    size_t *errors = rk_calloc(nrules ? nrules : 1, sizeof *errors);
    size_t *others = rk_calloc(nrules ? nrules : 1, sizeof *others);
    const struct rk_section **sets = rk_calloc(d->nsections ? d->nsections : 1, sizeof *sets);
    if (!errors || !others || !sets) {
        rk_free(errors);
        rk_free(others);
        rk_free(sets);
        return RK_E_NOMEM;
    }
    /* the totals of the root element first: count every suite once before writing */
    size_t nsets = 0, tests = 0, failures = 0;
    for (size_t k = 0; k < d->nsections; k++) {
        const struct rk_section *sec = &d->sections[k];
        if (sec->kind != RK_SECTION_FILE) {
            sets[nsets++] = sec;
            continue;
        }
        const struct rk_section *one[1] = {sec};
        struct suite s = {sec->path, one, 1, RK_LISTED_FILES, errors, others, 0, 0};
        count_suite(d, &s, nrules);
        tests += s.tests;
        failures += s.failures;
    }
    struct suite sends = {"sends", sets, nsets, RK_LISTED_SENDS, errors, others, 0, 0};
    if (nsets) {
        count_suite(d, &sends, nrules);
        tests += sends.tests;
        failures += sends.failures;
    }
    rk_report_printf(r, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    rk_report_printf(
        r, "<testsuites name=\"renkei %s\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
        RK_VERSION, tests, failures);
    for (size_t k = 0; k < d->nsections; k++) {
        const struct rk_section *sec = &d->sections[k];
        if (sec->kind != RK_SECTION_FILE)
            continue;
        const struct rk_section *one[1] = {sec};
        struct suite s = {sec->path, one, 1, RK_LISTED_FILES, errors, others, 0, 0};
        count_suite(d, &s, nrules);
        put_suite(r, &s, nrules, timestamp);
    }
    if (nsets) {
        count_suite(d, &sends, nrules);
        put_suite(r, &sends, nrules, timestamp);
    }
    rk_report_printf(r, "</testsuites>\n");
    rk_free(errors);
    rk_free(others);
    rk_free(sets);
    return RK_OK;
}

const struct rk_report_ops rk_report_junit_ops = {
    .finish = junit_finish,
    .digest = true,
    .keep = true,
};
