/*
 * rules_record.h - the item checks of rules_record.c, for the families' record drivers
 * (family_<name>.c): one record's context, the item checks, and the two ways a record rule
 * reports (an item's finding, a record's finding), both through the file's emitter.
 */
#ifndef RK_RULES_RECORD_H
#define RK_RULES_RECORD_H

#include "check.h"
#include "finding.h"

/* One record being checked against layout l (NULL: none applies). */
struct rk_record_ctx {
    struct rk_file_check *fc;
    const struct rk_record *rec;
    const struct rk_layout *l;
};

/* Checks fields from .. to - 1 of the record, field i as item cols[i] (none when NULL), or as
 * the layout's item i when cols is NULL (the caller makes sure the record has those fields).
 * Each field: at most one finding for its own value (type -> length -> format -> code list),
 * plus the item's cross-item rule and the family's item checks. */
void rk_check_fields(const struct rk_record_ctx *c, const struct rk_item *const *cols, size_t from,
                     size_t to);

/* A finding on item it (f its field, or NULL: the record's position); show_actual: the
 * field's value (cut at 120 bytes) is the finding's actual. */
void rk_report_item(const struct rk_record_ctx *c, enum rk_rule_id rule, const struct rk_item *it,
                    const struct rk_field *f, const char *expected, bool show_actual,
                    const char *detail);
/* A finding on the record as a whole. */
void rk_report_record(const struct rk_record_ctx *c, enum rk_rule_id rule, const char *expected,
                      const char *actual, const char *detail);
/* REC-007, once per file: a record with a field too many or too few shifts every item. */
void rk_shifted_note(const struct rk_record_ctx *c);

/* The record's field for an item (through fc->col_of when the header names the columns), or
 * NULL when the record is short. */
const struct rk_field *rk_field_of(const struct rk_record_ctx *c, const struct rk_item *it);
/* Whether the field's bytes are s. */
bool rk_field_is(const struct rk_field *f, const char *s);
/* The field's bytes as a C string in buf (n bytes; cut at n - 1). */
const char *rk_field_cstr(const struct rk_field *f, char *buf, size_t n);
/* Whether the field's bytes are one of cl's values. */
bool rk_in_code_list(const struct rk_code_list *cl, const struct rk_field *f);

#endif
