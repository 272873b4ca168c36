/*
 * family.h - what a spec family is to the library: one struct of hooks per family (as curl's
 * TLS back-ends, lib/vtls/vtls_int.h, or expat's encodings), each family in its own file
 * (family_careplan.c, family_life.c). The checks, the set rules, the round trip, normalize
 * and the reports call these hooks and never compare a family's name.
 */
#ifndef RK_FAMILY_H
#define RK_FAMILY_H

#include "check.h"
#include "filename.h"

struct rk_reader_options;
struct rk_record_ctx;

/* How a family's tables under specs/<family>/ are laid out (specs/README.md,
 * specs/life/README.md): which reader spec_load.c uses. */
enum rk_table_schema { RK_TABLES_LAYOUTS, RK_TABLES_INTERFACES };

/* Which requirement of the subsidy's evidence bundle (evidence.c) a family's files serve:
 * ① CSV output and import under the care-plan data exchange standard, ② CSV output to LIFE. */
enum rk_evidence_req { RK_REQ_NONE, RK_REQ_EXCHANGE, RK_REQ_LIFE_OUTPUT };

struct rk_family {
    const char *name; /* its directory under specs/ and versions.tsv's family column */
    enum rk_table_schema schema;
    /* What the reports call the family in Japanese ("LIFE 3.10" for a version). */
    const char *title_ja;
    /* The evidence requirement its files serve (the verdicts count its files there). */
    enum rk_evidence_req requirement;
    /* Whether a file whose first record (as the reader reads the file's head) is `first` is of
     * this family; NULL: only when named (--family) or as the default. */
    bool (*claims)(const struct rk_specs *s, const struct rk_record *first);
    /* The file's name names its layout, version style and send (filename.c); false: the
     * content says what the file is and the name follows no rule. */
    bool named_files;
    /* A header line names the columns, so fields are items by the header, not by position:
     * the family counts a record's fields itself, and the reader's JIS-* findings name no
     * item. */
    bool header_columns;
    /* The set a file joins by its family (one upload), or NULL: the send its name gives. */
    const char *set_group;
    /* Whether text items must be quoted and other items must not (FLD-017, FLD-018). */
    bool typed_quotes;
    /* Whether characters are also checked for JIS X 0213 (standard 5.0's target). */
    bool jisx0213;
    /* Whether the file's records, as the writer writes them, are the whole file: normalize
     * writes the canonical form of those only (a LIFE file has type and header lines). */
    bool records_only;
    /* The encodings the spec allows a file before its content names the version (a mask of
     * 1u << RK_ENC_*). */
    unsigned (*encodings)(const struct rk_specs *s, const struct rk_version *v);
    /* The version to check against before record 1 says which one the file claims. */
    const struct rk_version *(*first_version)(const struct rk_specs *s,
                                              const struct rk_check_options *opt,
                                              const struct rk_name *name);
    /* Checks one record (chooses version and layout on the records that say them); sets
     * fc->is_data when the record holds data. */
    enum rk_status (*check_record)(struct rk_file_check *fc, const struct rk_record *rec);
    /* After the last record of a file of `records` records ending at end; may be NULL. */
    void (*check_end)(struct rk_file_check *fc, uint64_t records, struct rk_pos end);
    /* A non-empty value of an item the shared item checks see first: true when the hook
     * dealt with it (no other check then); may be NULL. */
    bool (*item_special)(const struct rk_record_ctx *c, const struct rk_item *it,
                         const struct rk_field *f);
    /* The family's own checks of an item's non-empty value after the shared ones (ok: they
     * passed); may be NULL. */
    void (*item_value)(const struct rk_record_ctx *c, const struct rk_item *it,
                       const struct rk_field *f, bool ok);
    /* Whether item_value finds nothing in any value of item it that passed the shared checks
     * (ok), so that the item plans (rules_record.c) need not call it; may be NULL: always
     * called. */
    bool (*item_value_quiet)(const struct rk_item *it);
};

extern const struct rk_family rk_family_careplan;
extern const struct rk_family rk_family_life;

/* The family named name, or NULL when the library has none of that name. */
const struct rk_family *rk_family_find(const char *name);
/* The family of a file nobody named: the first that claims its first record, else the
 * default (the first family, whose files are told by their names). */
const struct rk_family *rk_family_detect(const struct rk_specs *s, const struct rk_record *first);
/* The family that serves requirement r, or NULL. */
const struct rk_family *rk_family_serving(enum rk_evidence_req r);
/* The family of a version (its tables' family), or the default one. */
const struct rk_family *rk_family_of(const struct rk_version *v);
const struct rk_family *rk_family_default(void);
/* The families, for the loader: i-th, NULL past the last. */
const struct rk_family *rk_family_at(size_t i);

#endif
