/*
 * check.h - the state of one file's check (check.c), shared with the family's record driver
 * (family.h), the record rules (rules_record.c) and the rules over a file's records
 * (rules_file.c).
 * Hidden (-fvisibility=hidden): not part of the public API.
 */
#ifndef RK_CHECK_H
#define RK_CHECK_H

#include "alloc.h"

struct rk_emitter;
struct rk_family;
struct rk_name;
struct rk_file_agg;
struct rk_item_plan;
struct rk_code_slot;

struct rk_file_check {
    const struct rk_specs *specs;
    struct rk_emitter *em;
    enum rk_encoding enc;
    const struct rk_family *fam;      /* family.h: the family's hooks */
    const struct rk_version *version; /* version the records are checked against */
    const struct rk_layout *layout;   /* NULL: no layout, reading-layer checks only */
    const char *layout_id;            /* from the name or --layout */
    bool version_forced;              /* --spec-version given */
    const struct rk_name *name;       /* parsed file name, or NULL */
    char csv_version[16];             /* value of item 1 in record 1, for lookup */
    struct rk_buf first_item;         /* item 1 of record 1, every byte, for comparison */
    struct rk_file_agg *agg;          /* aggregates of rules_file.c */
    /* a family whose header names the columns (LIFE): the layout comes from line 1 (or the
     * header), the columns from the header */
    int stage;                   /* the family's: where in the file's lines it is */
    const struct rk_item **cols; /* per field of a data record: its item, or NULL */
    size_t ncols;
    int *col_of;             /* per item (No. - 1): its field, or -1 */
    uint64_t header_record;  /* record number of the header line */
    bool is_data;            /* the record just checked holds data (not a header) */
    uint64_t data_records;   /* LIFE: records after the header */
    bool shift_noted;        /* REC-007 given */
    bool guess_layout;       /* the name names no layout: guess it from record 1 */
    unsigned char *reported; /* per item: bits of once-per-file findings */
    size_t nreported;
    /* what the record rules consult on every record, found once (rules_record.c): the items
     * of layout items_of of format service code, 保険者番号 and 被保険者番号, of role office,
     * the first of rule tais_or_notify (each NULL when it has none) */
    const struct rk_layout *items_of;
    const struct rk_item *service_code, *insurer_no, *insured_no, *office, *first_tais;
    /* the service types looked up last (rules_record.c's type_memo: a few slots, by the
     * type's 2 bytes; a user's lines of one type come together) */
    struct rk_type_memo {
        const struct rk_version *of;        /* the version type was found in (NULL: free) */
        unsigned char code[2];              /* the service type */
        bool tais, detail;                  /* whether it is in tais_type, detail_type */
        const struct rk_service_type *type; /* what it is, or NULL: not in the list */
    } types[16];
    /* rules_record.c: what each item of layout plan_of needs of a value, decided on its first
     * record (struct rk_item_plan; freed with the check); no_plan: none, every field through
     * the item checks (rk_check_options.full_item_checks). One block of plan_size bytes: the
     * items' plans, then the code lists' tables (plan_slots); plan_svc: the field of the
     * service code (SIZE_MAX: none), by the columns plan_cols */
    bool no_plan;
    const struct rk_layout *plan_of;
    const struct rk_family *plan_fam;
    const int *plan_cols;
    struct rk_item_plan *plan;
    size_t plan_size;
    struct rk_code_slot *plan_slots;
    size_t plan_svc;
};

#endif
