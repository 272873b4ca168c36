/*
 * report.h - what the report writers share (report.c) and the operations each format
 * implements (report_text.c, report_json.c with SARIF, report_junit.c, report_html.c).
 * Internal to librenkei.
 */
#ifndef RK_REPORT_H
#define RK_REPORT_H

#include "renkei.h"

#include <stdbool.h>
#include <stdio.h>

struct rk_report;

struct rk_report_ops {
    enum rk_status (*begin)(struct rk_report *r);
    enum rk_status (*begin_file)(struct rk_report *r);
    void (*finding)(struct rk_report *r, const struct rk_finding *f);
    enum rk_status (*end_file)(struct rk_report *r, const struct rk_file_result *res);
    void (*send_begin)(struct rk_report *r, const struct rk_send *s);
    void (*send_end)(struct rk_report *r, const struct rk_send *s);
    void (*profile_begin)(struct rk_report *r, const char *office, const char *direction);
    void (*profile_end)(struct rk_report *r);
    enum rk_status (*finish)(struct rk_report *r);
    void (*free)(struct rk_report *r);
    bool digest; /* end_file writes the file's SHA-256 (rk_report_shows_digest) */
    bool keep;   /* report.c keeps the whole document (r->doc) for finish: the format needs a
                  summary first or a whole-document structure */
};

/* ---- the kept document (formats with ops->keep) ---- */

enum rk_section_kind { RK_SECTION_FILE, RK_SECTION_SEND, RK_SECTION_PROFILE };

struct rk_kept_finding {
    struct rk_finding f; /* every string copied into the document's arena */
    const char *message; /* rk_finding_message in the report's language */
};

struct rk_section {
    enum rk_section_kind kind;
    const char *path;          /* FILE: the input as named */
    struct rk_file_result res; /* FILE: as given to end_file (strings copied) */
    bool ended;                /* FILE: end_file was called */
    struct rk_send send;       /* SEND: a deep copy */
    const char *office;        /* PROFILE */
    const char *direction;     /* PROFILE */
    size_t first, n;           /* its findings: doc->findings[first .. first + n) */
    uint64_t count[3];         /* its findings by severity, as received */
};

/* Sections in the order received (files in input order, then sends, then the profile), each
 * with its findings in the order received (by position). Owned by the report; freed with it. */
struct rk_requirement {
    const char *requirement, *title, *status, *reason; /* copied into the arena */
    const char *text, *not_checked;                    /* rk_report_requirement_detail, or NULL */
};

/* The names of a layout (rk_report_layout_name), copied into the arena. */
struct rk_layout_name {
    const char *id, *name;
};

struct rk_report_doc {
    struct rk_arena *arena;
    struct rk_requirement req[4]; /* verdicts per requirement (evidence), in order given */
    size_t nreq;
    struct rk_report_cover cover; /* rk_report_cover (strings in the arena), when has_cover */
    bool has_cover;
    struct rk_layout_name *layouts; /* rk_report_layout_name (names in the arena) */
    size_t nlayouts, layout_cap;
    struct rk_section *sections;
    size_t nsections, section_cap;
    struct rk_kept_finding *findings;
    size_t nfindings, finding_cap;
    bool oom; /* an allocation failed: rk_report_finish returns RK_E_NOMEM */
};

struct rk_report {
    const struct rk_report_ops *ops;
    FILE *fp;
    enum rk_lang lang;
    const char *path; /* current file */
    uint64_t files;
    uint64_t file_findings;
    uint64_t count[3];
    bool io_error;
    enum rk_status failed; /* a section that could not be written (out of memory): finish
                              returns it, since the report is incomplete */
    uint64_t skipped[3];   /* rk_report_skipped: files, dot-directories, directories seen again */
    bool in_set;           /* findings now are set findings (counted here, carry a path) */
    enum rk_severity min_severity; /* findings below it are counted, not listed (--only) */
    uint64_t (*by_rule)[3];        /* findings received by rule index (rk_rule_count() + 1
                                      rows, the last for a rule not in rules.def), severity */
    void *state;                   /* format-specific */
    struct rk_report_doc *doc;     /* the kept document when ops->keep, else NULL */
    const struct rk_specs *specs;  /* what names office types (rk_report_use_specs), or NULL */
};

/* The tables the report names office types by (their offices.tsv), borrowed: they must
 * outlive the report's rk_report_finish. rk_run_check gives them its reports. */
void rk_report_use_specs(struct rk_report *r, const struct rk_specs *specs);
/* f's message in the report's language, its office types named by the report's specs. */
void rk_report_message(const struct rk_report *r, const struct rk_finding *f, char *buf, size_t n);

/* Write s as it is, or printf-formatted text, to the report; write errors set r->io_error. */
void rk_report_puts(struct rk_report *r, const char *s);
void rk_report_printf(struct rk_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes s (NUL-terminated, UTF-8; NULL writes nothing) escaped for XML and HTML text and
 * attribute values: & < > " ' become entities, TAB, LF and CR character references, and every
 * byte that does not belong to a valid XML character is written as text the way
 * rk_encoding_display shows it: other controls as \u00NN, invalid UTF-8 (and U+FFFE/U+FFFF)
 * byte by byte as \xNN. Write errors set r->io_error. */
void rk_report_put_xml(struct rk_report *r, const char *s);
/* The same for the n bytes at s (no NUL needed). */
void rk_report_put_xml_n(struct rk_report *r, const char *s, size_t n);

/* A send's route as every report shows it: "FROM(SVC) -> TO(SVC)" (sender and receiver
 * office numbers, each with its service type), cut to fit buf. */
void rk_report_send_route(const struct rk_send *s, char *buf, size_t size);

/* Formats SOURCE_DATE_EPOCH as "YYYY-MM-DDTHH:MM:SSZ" into buf; false (buf "") when it is not
 * set or not a whole number. Reports carry no timestamp otherwise, so they can be diffed. */
bool rk_report_timestamp(char buf[32]);

/* The rule's index in rules.def (rk_rule_at), or rk_rule_count() when it is not there. */
size_t rk_report_rule_index(const struct rk_rule *rule);

/* The line saying what was not checked (rk_report_skipped), in r's language, into buf; false
 * (buf "") when nothing was skipped. */
bool rk_report_skipped_line(const struct rk_report *r, char *buf, size_t size);

/* "error", "warning", "info". */
const char *rk_report_severity_name(enum rk_severity s);

extern const struct rk_report_ops rk_report_text_ops;
extern const struct rk_report_ops rk_report_json_ops;
extern const struct rk_report_ops rk_report_junit_ops;
extern const struct rk_report_ops rk_report_sarif_ops;
extern const struct rk_report_ops rk_report_html_ops;

/* The Japanese name of a layout registered with rk_report_layout_name, or NULL. */
const char *rk_report_layout_ja(const struct rk_report_doc *d, const char *id);

#endif
