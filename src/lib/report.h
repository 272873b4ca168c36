/*
 * report.h - what the report writers share (report.c) and the operations each format
 * implements (report_text.c, report_json.c). Internal to librenkei.
 */
#ifndef RK_REPORT_H
#define RK_REPORT_H

#include "internal.h"

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
};

struct rk_report {
    const struct rk_report_ops *ops;
    FILE *fp;
    enum rk_lang lang;
    const char *path;    /* current file */
    uint64_t files;
    uint64_t file_findings;
    uint64_t count[3];
    bool io_error;
    bool in_set;         /* findings now are set findings (counted here, carry a path) */
    void *state;         /* format-specific */
};

extern const struct rk_report_ops rk_report_text_ops;
extern const struct rk_report_ops rk_report_json_ops;

#endif
