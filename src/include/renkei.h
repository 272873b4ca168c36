/*
 * renkei.h - the one public header of librenkei.
 *
 * librenkei checks the CSV files that Japanese care software exchanges (the care-plan
 * data-linkage standard, ケアプランデータ連携標準仕様) against the spec version they claim.
 * It reads bytes, never prints, never exits: what is wrong with an input is a finding handed
 * to a caller-supplied sink; what went wrong with the tool is an enum rk_status.
 *
 * Typical use: load a spec set (rk_specs_load_builtin), fill a zeroed struct
 * rk_check_options, call rk_check_path for each input with a sink that writes a report
 * (rk_report_*). Zero in any options field means the documented default.
 */
#ifndef RENKEI_H
#define RENKEI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(RK_BUILDING_LIB)
#define RK_API __attribute__((visibility("default")))
#else
#define RK_API
#endif

#define RK_VERSION "0.1.0"

/* ---- status: the tool failed (as opposed to: the input is wrong) ------------------------ */

/* Append-only. */
enum rk_status {
    RK_OK = 0,
    RK_E_NOMEM,    /* an allocation failed */
    RK_E_IO,       /* an input could not be read or an output not written */
    RK_E_LIMIT,    /* a configured limit was reached (also reported as a finding) */
    RK_E_SPEC,     /* a spec table is malformed or a spec/layout is unknown */
    RK_E_ARG,      /* a caller passed an invalid argument */
    RK_E_INTERNAL, /* a bug: should never happen */
    RK_E_STOPPED   /* a callback asked to stop */
};

RK_API const char *rk_status_str(enum rk_status s);

/* ---- findings ----------------------------------------------------------------------------- */

enum rk_severity { RK_SEV_INFO = 0, RK_SEV_WARNING = 1, RK_SEV_ERROR = 2 };

/* Which default severities apply, as bits that combine: RK_PROFILE_STRICT raises the
 * 環境依存文字 and round-trip rules (ENC-006, ENC-007) from warning to error;
 * RK_PROFILE_2027 raises the characters with no JIS X 0213 code (JIS-001), which will not
 * survive the conversion to standard 5.0 from January 2027. */
enum rk_profile { RK_PROFILE_DEFAULT = 0, RK_PROFILE_STRICT = 1, RK_PROFILE_2027 = 2 };

enum rk_lang { RK_LANG_JA = 0, RK_LANG_EN = 1 };

/* A rule: stable ID, never reused. The table is src/lib/rules.def. */
/* What a rule looks at (column scope of rules.def). */
enum rk_rule_scope {
    RK_SCOPE_READ,      /* the bytes, characters, CSV syntax and the input itself */
    RK_SCOPE_NAME,      /* the file's name */
    RK_SCOPE_RECORD,    /* one record */
    RK_SCOPE_FILE,      /* the records of one file together (remembers across records) */
    RK_SCOPE_SEND,      /* the files of a send or upload together (remembers across records) */
    RK_SCOPE_ROUNDTRIP, /* an export against its re-export */
    RK_SCOPE_EVIDENCE,  /* an evidence bundle and its verification */
    RK_SCOPE_TABLES,    /* the spec tables and their import */
    RK_SCOPE_OUTPUT     /* normalize's copy */
};

/* Where a report lists a rule as a check that ran even when it found nothing (column listed
 * of rules.def; a JUnit testcase that passed). Elsewhere a rule shows where it found something. */
enum rk_rule_listed {
    RK_LISTED_FOUND, /* only where it found something */
    RK_LISTED_FILES, /* under each input file */
    RK_LISTED_SENDS  /* under each input file and under the sends */
};

/* What else rules.def says of a rule (column flags, struct rk_rule.flags). */
enum {
    /* an error of it leaves the records uncertain (bytes, CSV syntax, the input): normalize
     * writes no copy, which would not be faithful */
    RK_RULE_FLAG_UNSURE = 1,
    /* its finding knows the field number only (the reader's character findings): rk_emit
     * names the spec item of that field in the file's layout */
    RK_RULE_FLAG_ITEM = 2
};

struct rk_rule {
    const char *id;            /* "ENC-005" */
    enum rk_severity severity; /* default severity */
    const char *title_ja;      /* short Japanese title */
    const char *title_en;      /* short English title */
    const char *clause;        /* spec clause or rationale the rule rests on */
    int strict_raises;         /* RK_PROFILE_* bits of the profiles that make it an error */
    enum rk_rule_scope scope;
    enum rk_rule_listed listed;
    unsigned flags; /* RK_RULE_FLAG_* */
};

/* Whether the rule remembers across records (scope FILE or SEND): off when records are
 * checked one by one (rk_check_options.record_by_record). */
RK_API int rk_rule_across_records(const struct rk_rule *r);

RK_API size_t rk_rule_count(void);
RK_API const struct rk_rule *rk_rule_at(size_t i);
RK_API const struct rk_rule *rk_rule_find(const char *id);

/* A position in an input file. */
struct rk_pos {
    uint64_t byte;   /* 0-based offset in the original, undecoded file */
    uint64_t line;   /* 1-based physical line (CRLF, LF and CR each end one line) */
    uint64_t column; /* 1-based character column after decoding */
};

/* One finding. All strings are UTF-8 and borrowed: valid only during the sink call. */
struct rk_finding {
    const struct rk_rule *rule;
    enum rk_severity severity; /* effective severity (profile applied) */
    const char *path;          /* the input as named by the caller */
    uint64_t record;           /* 1-based logical record, 0 = the whole file */
    unsigned field;            /* 1-based field, 0 = the whole record or file */
    struct rk_pos pos;         /* where it is */
    int has_context;           /* 1 when context is set */
    struct rk_pos context;     /* a second position, e.g. where an unclosed quote opened */
    const char *item;     /* spec item, e.g. "第6表 No.12 サービス開始時刻", or NULL */
    const char *expected; /* what the spec wants, or NULL */
    const char *actual;   /* what the input has (escaped for display), or NULL */
    const char *detail;   /* language-neutral detail (code point, count), or NULL */
    const char *citation; /* spec citation, or NULL */
    /* the user a care-plan record finding is about (保険者番号, 被保険者番号), or NULL */
    const char *insurer_no, *insured_no;
};

/* Receives each finding. Return nothing; the library goes on to the next problem. */
typedef void (*rk_sink_fn)(void *ctx, const struct rk_finding *f);

/* Writes the finding's message in lang into buf (always NUL-terminated, truncated to n). */
RK_API void rk_finding_message(const struct rk_finding *f, enum rk_lang lang, char *buf, size_t n);

/* ---- encodings ---------------------------------------------------------------------------- */

enum rk_encoding {
    RK_ENC_DEFAULT = 0, /* whatever the spec declares; MS932 when nothing does */
    RK_ENC_CP932 = 1,   /* Shift_JIS as Microsoft code page 932 (MS932) */
    RK_ENC_UTF8 = 2
};

RK_API const char *rk_encoding_name(enum rk_encoding e); /* "cp932", "utf-8" */

/* Kept for callers of earlier versions: the MS932 and JIS X 0213 tables are now generated at
 * build time (src/tools/gen_encoding.c, from the build machine's glibc iconv), so this always
 * returns RK_OK. */
RK_API enum rk_status rk_encoding_init(void);

/* Converts len bytes of text in encoding e into UTF-8 for display: invalid bytes become
 * "\xNN"; CR, LF and TAB "\r", "\n", "\t"; other controls "\u00NN". Writes at most n-1 bytes plus
 * NUL into out; returns the number of bytes written (without NUL). Never fails. */
RK_API size_t rk_encoding_display(enum rk_encoding e, const unsigned char *s, size_t len, char *out,
                                  size_t n);

/* ---- memory ------------------------------------------------------------------------------ */

/* Replaces the allocator used by librenkei and the libraries it drives (libcsv, jansson).
 * Pass NULLs to restore malloc/realloc/free. Not thread-safe: call before any other use. */
RK_API void rk_set_allocator(void *(*malloc_fn)(size_t), void *(*realloc_fn)(void *, size_t),
                             void (*free_fn)(void *));

/* ---- the reader: strict CSV over libcsv, with exact positions ----------------------------- */

#define RK_FIELD_QUOTED 1u    /* the field was enclosed in double quotes */
#define RK_FIELD_TRUNCATED 2u /* the field exceeded max_field_bytes; data is not all there */

/* A field: the unescaped bytes (doubled quotes collapsed, enclosing quotes removed), not
 * NUL-terminated, borrowed until the record callback returns. */
struct rk_field {
    const unsigned char *data;
    size_t len;
    struct rk_pos pos; /* first byte of the field (its opening quote when quoted) */
    unsigned flags;    /* RK_FIELD_* */
    size_t chars;      /* characters of data after decoding, as the reader counted them while
                          validating the encoding (a byte that is no valid character counts
                          as one); 0 when truncated */
};

enum rk_eol { RK_EOL_NONE = 0, RK_EOL_CRLF = 1, RK_EOL_LF = 2, RK_EOL_CR = 4 };

struct rk_record {
    uint64_t number;               /* 1-based logical record */
    struct rk_pos pos;             /* first byte of the record */
    size_t nfields;                /* fields delivered (at most max_fields) */
    const struct rk_field *fields; /* nfields fields */
    size_t fields_seen;            /* fields in the input, may exceed nfields */
};

struct rk_reader_options {
    enum rk_encoding encoding; /* RK_ENC_DEFAULT means MS932 */
    unsigned char delimiter;   /* 0 means ',' */
    int no_quotes;             /* '"' is plain text (tab-separated tables without quoting) */
    enum rk_profile profile;
    int target_ms932;        /* UTF-8 input bound for an MS932 file: report what cannot survive */
    int bom_allowed;         /* a UTF-8 BOM at the start is allowed (LIFE) */
    unsigned eol_allowed;    /* RK_EOL_* mask of record terminators allowed; 0 = CRLF only */
    int check_field_count;   /* report records whose field count differs from the first's */
    size_t max_field_bytes;  /* 0 = 1 MiB */
    size_t max_fields;       /* fields kept per record; 0 = 4096 */
    size_t max_quoted_lines; /* a quoted field spanning more lines is reported as unclosed
                                and reading resumes at the next line; 0 = 500 */
    size_t max_record_bytes; /* bytes kept per record; 0 = 16 MiB */
    int check_jisx0213;      /* report characters with no JIS X 0213 code, or mapped differently
                                by converters (care-plan files: JIS-001, JIS-002) */
    int libcsv_only;         /* every field through libcsv, none split by the reader itself:
                                the reference the differential fuzz harness compares with */
};

/* Called for each record. Return 0 to go on, nonzero to stop (rk_reader_feed then returns
 * RK_E_STOPPED). */
typedef int (*rk_record_fn)(void *ctx, const struct rk_record *rec);

struct rk_reader;

/* Creates a reader. path names the input in findings (borrowed; must outlive the reader).
 * Findings go to sink; records to on_record. Free with rk_reader_free. */
RK_API enum rk_status rk_reader_new(struct rk_reader **out, const struct rk_reader_options *opt,
                                    const char *path, rk_sink_fn sink, void *sink_ctx,
                                    rk_record_fn on_record, void *record_ctx);
/* Feeds the next len bytes of the input (any chunking gives identical results). */
RK_API enum rk_status rk_reader_feed(struct rk_reader *r, const void *buf, size_t len);
/* Signals end of input: reports what is left open (quote, last record, final line end). */
RK_API enum rk_status rk_reader_finish(struct rk_reader *r);
/* Records read so far: those delivered and those dropped after an unclosed quote (CSV-001),
 * which keep their numbers. */
RK_API uint64_t rk_reader_records(const struct rk_reader *r);
RK_API void rk_reader_free(struct rk_reader *r);

/* ---- specs as data ---------------------------------------------------------------------- */

/* The spec tables of specs/ (see specs/README.md for the columns), loaded and validated.
 * Everything below is owned by the struct rk_specs it came from. */

enum rk_item_type { RK_T_DIGITS, RK_T_ALNUM, RK_T_ASCII, RK_T_TEXT, RK_T_UNUSED };
enum rk_unit { RK_U_NONE, RK_U_CHARS, RK_U_BYTES };
enum rk_width { RK_W_NONE, RK_W_FIXED, RK_W_MAX };
enum rk_required { RK_REQ_NO, RK_REQ_YES, RK_REQ_COND, RK_REQ_NEEDED };
enum rk_format {
    RK_F_NONE,
    RK_F_CSV_VERSION,
    RK_F_YYYYMM,
    RK_F_YYYYMMDD,
    RK_F_HHMM,
    RK_F_INT,
    RK_F_DECIMAL2,
    RK_F_DAYMAP31,
    RK_F_INSURED_NO,
    RK_F_OFFICE_NO,
    RK_F_INSURER_NO,
    RK_F_SERVICE_CODE,
    RK_F_SERVICE_TYPE,
    RK_F_POSTAL,
    RK_F_SERIAL,
    RK_F_NUMBER, /* LIFE 数値: digits, at most length integer digits and decimals after '.' */
    RK_F_HH,     /* LIFE hour 00-23 */
    RK_F_MM,     /* LIFE minute 00-59 */
    RK_F_YYYYMMDD_D00 /* LIFE YYYYMMDD, or YYYYMM00 when the day is unknown */
};
enum rk_item_rule {
    RK_R_NONE,
    RK_R_MONTH_MATCHES_NAME,
    RK_R_TAIS_OR_NOTIFY,
    RK_R_DETAIL_NO_17,
    RK_R_TOTAL_ROW,
    RK_R_HOSOKU_SET,
    RK_R_IN_SCOPE,
    RK_R_DATE_IN_MONTH
};

/* What an item is to the rules that need it (column `role` of an item table): the
 * rules find their items by role, never by name or position (specs/README.md). */
enum rk_item_role {
    RK_ROLE_NONE,
    RK_ROLE_INSURER,          /* with the insured number, whose record it is */
    RK_ROLE_INSURED,          /* the insured person's number */
    RK_ROLE_MONTH,            /* the service month the record belongs to */
    RK_ROLE_OFFICE,           /* the service office's number */
    RK_ROLE_SERVICE_CODE,     /* the service code (type + item) */
    RK_ROLE_UNITS,            /* the service's units */
    RK_ROLE_RATE,             /* the discount rate */
    RK_ROLE_DISCOUNTED_UNITS, /* the units after the discount */
    RK_ROLE_COUNT,            /* how many times (days) the service is given */
    RK_ROLE_TAIS,             /* the TAIS code of a welfare device */
    RK_ROLE_NOTIFY,           /* the notified code of a welfare device */
    RK_ROLE_DETAIL_NO,        /* the detail number of a device of one code and price */
    RK_ROLE_SUM,              /* a column a subtotal or total row sums (any number of items) */
    /* LIFE (column `role` of a LIFE item table): */
    RK_ROLE_SERVICE_TYPE, /* the service type the record is given under */
    RK_ROLE_RECORD_KEY,   /* the software's own key of the user's record */
    RK_ROLE_DETAIL_KEY,   /* the detail number under that key */
    RK_ROLE_VERSION,      /* the interface version item (its value is the version's) */
    RK_ROLE_PERIOD_START, /* the first date of a period (the k-th start pairs with the k-th end) */
    RK_ROLE_PERIOD_END    /* the last date of a period, not before its start */
};

/* What value `renkei sample` writes for an item beyond its format and code list (column
 * `sample` of samples.tsv, specs/README.md): sample.c asks this, never an item's name. */
enum rk_sample_kind {
    RK_SAMPLE_NONE,
    RK_SAMPLE_BIRTH_DATE,   /* the user's date of birth */
    RK_SAMPLE_CONSULT_DATE, /* a date of consultation */
    RK_SAMPLE_PLAN_DATE,    /* a date the plan or its document was made or changed */
    RK_SAMPLE_START,        /* the start of a period (a date) or of a service (a time) */
    RK_SAMPLE_END,          /* the end of a period or of a service */
    RK_SAMPLE_DEVICE_NAME,  /* the name of a rented welfare device */
    RK_SAMPLE_EMPTY,        /* left empty */
    RK_SAMPLE_KANA,         /* the user's name in katakana */
    RK_SAMPLE_PERSON_NAME,  /* a person's name */
    RK_SAMPLE_OFFICE_NAME,  /* an office's name */
    RK_SAMPLE_PHONE,        /* a telephone number */
    RK_SAMPLE_UNIT_TOTAL,   /* units times count, summed on total rows */
    RK_SAMPLE_COST_TOTAL,   /* the units total in yen, summed on total rows */
    RK_SAMPLE_BENEFIT_RATE  /* the benefit rate in percent */
};

/* The rules over a file's records that a layout takes part in (column `rules` of
 * layouts.tsv), a mask. Each needs items of certain roles; the loader checks they are there. */
#define RK_LR_TOTALS 1u         /* subtotal and grand-total rows and their sums */
#define RK_LR_DETAIL_NO 2u      /* detail numbers of devices of one code and price */
#define RK_LR_PLAN_COUNTS 4u    /* the planned counts compared with the benefit's */
#define RK_LR_BENEFIT_COUNTS 8u /* the benefit's counts compared with the plan's */
#define RK_LR_RELATED 16u       /* every user has a service of the receiving office */

struct rk_code {
    const char *value;
    const char *label;
};

struct rk_code_list {
    const char *id;
    size_t ncodes;
    struct rk_code *codes;
};

struct rk_item {
    unsigned no;      /* item No. */
    const char *name; /* item name as printed in the spec */
    enum rk_item_type type;
    unsigned length; /* 0 = no length given */
    enum rk_unit unit;
    enum rk_width width;
    enum rk_required required;
    enum rk_format format;
    const struct rk_code_list *codes; /* NULL = no code list */
    const char *sentinel;             /* NULL = none */
    enum rk_item_rule rule;
    const char *citation;
    const char *note;
    /* LIFE only (NULL/0 for the care-plan standard): */
    const char *key;            /* physical item ID, the column name on the header line */
    unsigned decimals;          /* digits after the decimal point of a number */
    int halfwidth_kana;         /* the value is written in half-width katakana */
    const char *condition;      /* when a ● (cond) item is required, in words */
    const char *when;           /* the same, to evaluate (specs/life/README.md), or NULL */
    enum rk_item_role role;     /* care-plan: what the item is to the rules, or RK_ROLE_NONE */
    enum rk_sample_kind sample; /* care-plan: what renkei sample writes (samples.tsv) */
};

enum rk_month_kind { RK_MONTH_NONE, RK_MONTH, RK_MONTH_OR_ZERO };
enum rk_layout_kind { RK_LK_DATA, RK_LK_DELETE, RK_LK_IMAGE };
enum rk_name_style { RK_STYLE_V3, RK_STYLE_V4 };

struct rk_version;

struct rk_layout {
    const char *id;   /* file-name prefix, e.g. "UPPLAN" */
    const char *name; /* e.g. "第6表（サービス利用票）予定" */
    enum rk_month_kind month;
    size_t nitems;
    struct rk_item *items;
    const char *sender; /* e.g. "kyotaku,yobo-center" */
    const char *parent; /* layout whose name part this reuses, or NULL */
    const char *keys;   /* item Nos., e.g. "2,3,5" */
    enum rk_layout_kind kind;
    const char *citation;
    const struct rk_version *version;
    unsigned rules; /* RK_LR_* mask */
    int several;    /* a user has several records of it (samples.tsv `several`) */
};

struct rk_service_type {
    const char *code;
    const char *name;
    const char *benefit; /* "kaigo", "yobo", "sogo" */
    int in_scope;
    const char *citation;
};

/* Which layouts make up one send (files sharing a ファイル連番). Lists are comma-separated. */
struct rk_send_unit {
    const char *id;       /* "slip" */
    const char *members;  /* "UPPLAN,UPSIKYU,UPHOSOKU" */
    const char *optional; /* members that may come along, or NULL */
    const char *citation;
};

/* A record of child must have a record of parent in the same send with equal keys. */
struct rk_link {
    const char *child, *child_keys; /* layout ID, item Nos. "2,3,5" */
    const char *parent, *parent_keys;
    const char *citation;
};

/* Which layouts an office type must output or import (the required-file matrix). */
struct rk_profile_row {
    const char *office;    /* "kyotaku", "service", "yobo-center", "yobo-service" */
    const char *direction; /* "output", "import" */
    const char *layout;
    int required; /* 1 = ○ (必須), 0 = △ (任意) */
    const char *citation;
};

/* An office type (offices.tsv): who sends and receives files (layouts.tsv sender, profiles.tsv
 * office). */
struct rk_office_type {
    const char *office;       /* "kyotaku" */
    const char *name;         /* its name in Japanese, "居宅介護支援事業所" */
    const char *service_type; /* the service type a file name gives it ("43"), or NULL: the
                                 type of the service the office provides */
    const char *citation;
};

/* A layout's item list: in unique.tsv the items no two records of a file may share; in
 * match.tsv the items that pair a record with its counterpart in a re-export. */
struct rk_item_list {
    const char *layout, *items;
    const char *citation;
};

struct rk_version {
    const char *family;         /* "careplan" */
    const char *version;        /* "4.1" */
    const char *csv_version;    /* "202407" */
    const char *effective_from; /* "202504" */
    enum rk_name_style style;
    enum rk_encoding encoding;
    const char *citation;
    /* LIFE only: */
    const char *header_lines; /* "type+names" or "type+names,names" */
    unsigned eol_allowed;     /* RK_EOL_* mask */
    size_t nlayouts;
    struct rk_layout *layouts;
    size_t nlists;
    struct rk_code_list *lists;
    size_t ntypes;
    struct rk_service_type *types;
    size_t nsends;
    struct rk_send_unit *sends;
    size_t nlinks;
    struct rk_link *links;
    size_t nprofile;
    struct rk_profile_row *profile;
    size_t nunique;
    struct rk_item_list *unique;
    size_t nmatch;
    struct rk_item_list *match;
    size_t ncollisions; /* LIFE: code lists whose numbers mean other things in the care-plan */
    struct rk_item_list *collisions; /* standard: layout = LIFE list, items = care-plan list */
    unsigned encodings; /* every encoding the spec allows: mask of 1u << RK_ENC_* (LIFE: UTF-8
                           and MS932; care-plan: its one encoding) */
    /* LIFE tables made by rk_life_import from MHLW's item list (versions.tsv note "import:
     * sha256=WORKBOOK tables=DIGEST file=NAME"), else all NULL/0: */
    const char *import_file;   /* the workbook's file name */
    const char *import_sha256; /* the workbook's SHA-256 (hex) */
    const char *import_digest; /* the digest of the tables as imported (rk_life_import) */
    int import_intact;         /* 1: the version's tables are exactly what the import wrote;
                                  0: they were changed since (edited tables) */
    const struct rk_code_list **lists_by_id; /* the nlists lists sorted by id (rk_version_list) */
    /* The lists the record rules consult on every record, found by ID once at load (NULL when
     * the version has none): codes.tsv total_grand, total_limit, total_other, tais_type,
     * detail_type. */
    const struct rk_code_list *total_grand, *total_limit, *total_other, *tais_type, *detail_type;
    size_t noffices; /* care-plan: the office types (offices.tsv), or 0 */
    struct rk_office_type *offices;
};

struct rk_specs {
    size_t nversions; /* all families, in versions.tsv order per family */
    struct rk_version *versions;
    struct rk_arena *arena;         /* owns everything */
    struct rk_specs_tables *tables; /* the tables as read, for rk_specs_sha256 (spec_load.c) */
};

/* 1 when a version's profiles.tsv lists the files an office type (its code, "kyotaku") must
 * exchange, else 0: an office type the exchange does not include (facility) or an unknown one. */
RK_API int rk_specs_office_profiled(const struct rk_specs *specs, const char *office);

/* Loads the tables embedded at build time. Problems in the tables go to sink (may be NULL)
 * as SPEC-* findings, and the call returns RK_E_SPEC. Free with rk_specs_free. */
RK_API enum rk_status rk_specs_load_builtin(struct rk_specs **out, rk_sink_fn sink, void *ctx);
/* Loads the tables from dir (laid out as specs/). */
RK_API enum rk_status rk_specs_load_dir(struct rk_specs **out, const char *dir, rk_sink_fn sink,
                                        void *ctx);
RK_API void rk_specs_free(struct rk_specs *s);
/* The hex SHA-256 over every table s loaded: per table in loading order, its path relative to
 * the specs directory with a NUL, its size as a uint64_t, its bytes. Taken on the first call
 * (only the reports that name the tables need it: evidence, renkei specs) over the bytes the
 * loader read, which s keeps (the embedded tables are the binary's; a directory's tables are
 * copied). Owned by s; NULL when memory runs out. Safe to call from several threads. */
RK_API const char *rk_specs_sha256(const struct rk_specs *s);
/* Finds a version (version NULL: the newest of the family; family NULL: the default family,
 * the care-plan standard), or NULL. */
RK_API const struct rk_version *rk_specs_find(const struct rk_specs *s, const char *family,
                                              const char *version);
/* Finds the version whose CSV version value is csv_version (family NULL: the default), or
 * NULL. */
RK_API const struct rk_version *
rk_specs_find_csv_version(const struct rk_specs *s, const char *family, const char *csv_version);
RK_API const struct rk_layout *rk_version_layout(const struct rk_version *v, const char *id);
RK_API const struct rk_service_type *rk_version_service_type(const struct rk_version *v,
                                                             const char *code, size_t len);
/* Names of the enums, as written in the tables ("digits", "yyyymmdd", ...). */
RK_API const char *rk_item_type_name(enum rk_item_type t);
RK_API const char *rk_format_name(enum rk_format f);
RK_API const char *rk_required_name(enum rk_required r);
RK_API const char *rk_width_name(enum rk_width w);
RK_API const char *rk_item_rule_name(enum rk_item_rule r);
RK_API const char *rk_item_role_name(enum rk_item_role r); /* the table's word, "-" for none */

/* ---- checking a file ------------------------------------------------------------------- */

struct rk_set;

struct rk_check_options {
    struct rk_set *set;   /* when set, the file's name and keys are collected for rk_set_check */
    int record_by_record; /* only rules that need nothing beyond the current record: memory
                             stays flat whatever the file's size (the rules that remember
                             across records are off: rk_rule_across_records) */
    const char *family;   /* NULL = the default family, the care-plan standard */
    const char *version;  /* spec version to check against; NULL = what the file claims */
    const char *layout;   /* force a layout (file name not judged); NULL = from the name */
    enum rk_encoding encoding; /* RK_ENC_DEFAULT = what the spec declares */
    enum rk_profile profile;
    uint64_t max_findings;  /* per file; 0 = unlimited */
    size_t max_field_bytes; /* reader limits; 0 = defaults */
    size_t max_fields;
    size_t max_quoted_lines;
    /* Called with each record after its checks, with the layout it was checked against
     * (NULL when none applied). A status other than RK_OK stops the check with it. */
    enum rk_status (*on_record)(void *ctx, const struct rk_layout *layout,
                                const struct rk_record *rec);
    void *record_ctx;
    /* 1: on_record gets the record as one field per item of the layout, in item order (a LIFE
     * file's columns in whatever order its header gives them; an item with no column as an
     * empty field at the record's start), so that records compare item by item */
    int records_by_item;
    /* rk_normalize only: write the copy in this encoding (RK_ENC_CP932 turns a UTF-8 file into
     * MS932); RK_ENC_DEFAULT keeps the bytes as read */
    enum rk_encoding output_encoding;
    /* 1: every non-empty field through the item checks themselves, none accepted by the
     * plan made for its layout (rules_record.c): the reference the differential fuzz
     * harnesses (fuzz_check, fuzz_life) compare with */
    int full_item_checks;
    /* 1: the input's SHA-256 is not taken and rk_file_result.sha256 stays "": for a caller
     * that shows it nowhere (rk_report_shows_digest), since hashing costs as much as the
     * checks where the CPU has no SHA instructions. Evidence, verify and round trips take it. */
    int no_digest;
};

struct rk_file_result {
    enum rk_encoding encoding; /* what the file was read as */
    char sha256[65];           /* hex SHA-256 of the bytes read ("" if unreadable or
                                  options.no_digest) */
    uint64_t records;
    uint64_t count[3];     /* findings by severity (RK_SEV_*) */
    const char *family;    /* spec family checked against (static or spec-owned) */
    const char *version;   /* spec version, or NULL when none applied */
    const char *layout;    /* layout ID, or NULL */
    int unreadable;        /* the input could not be read (finding IO-001) */
    uint64_t bytes;        /* bytes read (and hashed) */
    uint64_t data_records; /* records that are data (a LIFE file's data-type and header lines
                              are records but not data) */
};

/* Checks one file: its name, bytes, records and items. Findings go to sink in the order
 * they are found (by position within the file). Returns RK_OK when the check ran (whatever
 * it found), RK_E_IO when the input could not be read (also reported as IO-001), or another
 * status when the tool failed. res is filled in every case. */
RK_API enum rk_status rk_check_file(const struct rk_specs *specs,
                                    const struct rk_check_options *opt, const char *path,
                                    rk_sink_fn sink, void *ctx, struct rk_file_result *res);

/* ---- send sets: rules across the files of a send ------------------------------------- */

/* Files sharing a ファイル連番 and a sender/receiver pair form a send. Check each file with
 * rk_check_file and options.set pointing here, then call rk_set_check. Memory grows with the
 * number of files and of distinct keys (users, services), not with the records. */
struct rk_set_options {
    const char *office;      /* "kyotaku", "service", "yobo-center", "yobo-service", or NULL */
    const char *direction;   /* "output" or "import" (default output) */
    const char *label;       /* names the set in profile findings (e.g. the directory) */
    enum rk_profile profile; /* the profile the set findings' severities follow, as a file's */
    uint64_t max_findings;   /* set findings given at most (the rest summed up in a CSV-014
                                note at the end of each send and of the profile); 0 = unlimited */
    /* The name a file is ordered by among the files of a send (whose records count as first),
     * when not its path: verify re-checks the copies of inputs in the order of the paths they
     * were copied from. NULL: the path. The name returned must outlive the set. */
    const char *(*order_name)(void *ctx, const char *path);
    void *order_ctx;
};

struct rk_send {
    unsigned order;     /* 1-based order in which a receiver processes it (by serial) */
    const char *serial; /* the 14-digit ファイル連番 */
    const char *from, *from_svc, *to, *to_svc;
    const char *unit; /* the send unit it matches best (sends.tsv), or NULL */
    int allowed;      /* 1 when its files are exactly an allowed combination */
    size_t nfiles;
    const char *const *paths;   /* its files, in name order */
    const char *const *layouts; /* layout ID of each file */
    size_t nusers; /* distinct users (保険者番号 + 被保険者番号) in its files */
};

struct rk_set_callbacks {
    void (*send_begin)(void *ctx, const struct rk_send *s);
    void (*send_end)(void *ctx, const struct rk_send *s);
    void (*profile_begin)(void *ctx, const char *office, const char *direction);
    void (*profile_end)(void *ctx);
    rk_sink_fn finding; /* set findings: path names the file concerned */
    void *ctx;
};

RK_API enum rk_status rk_set_new(struct rk_set **out, const struct rk_specs *specs,
                                 const struct rk_set_options *opt);
/* Groups the files into sends (in processing order) and reports each with its findings;
 * then the office profile when one was given. counts receives findings by severity. */
RK_API enum rk_status rk_set_check(struct rk_set *set, const struct rk_set_callbacks *cb,
                                   uint64_t counts[3]);
RK_API void rk_set_free(struct rk_set *set);

/* ---- round trips: export -> import -> export ------------------------------------------- */

struct rk_roundtrip_result {
    uint64_t pairs;                      /* file pairs compared */
    uint64_t lost, added, changed, same; /* records lost, added; items changed; byte-only */
    uint64_t count[3];                   /* findings by severity */
    uint64_t records;                    /* records of the original paired in the re-export */
    uint64_t careplan_pairs;             /* pairs where a side was a care-plan layout */
};

/* Compares an export with its re-export (two files, or two directories whose files are paired
 * by layout, month, sender and receiver): records are paired by the layout's match items
 * (match.tsv) and compared item by item. What the spec treats as equal (quoting, the CP932
 * duplicate codes, leading zeros of a quantity) is RT-004 (info); lost records RT-001, added
 * RT-002, changed items RT-003. The original records are held in memory. */
RK_API enum rk_status rk_roundtrip(const struct rk_specs *specs, const struct rk_check_options *opt,
                                   const char *original, const char *reexport, rk_sink_fn sink,
                                   void *ctx, struct rk_roundtrip_result *res);

/* A round trip that is not one is an error finding: the re-export is the original itself
 * (the same path, or a file of the same name and bytes: RT-007), carries the original's
 * ファイル連番 (RT-008), or no record was paired (no care-plan file, two empty files or
 * directories: RT-009). */

/* Told of each pair of files compared, with what rk_check_file gave for each side (hashes,
 * layouts); only compared files are told. */
typedef void (*rk_pair_fn)(void *ctx, const char *original, const struct rk_file_result *o,
                           const char *reexport, const struct rk_file_result *r);
/* rk_roundtrip, telling on_pair (may be NULL) of each pair compared. */
RK_API enum rk_status rk_roundtrip_each(const struct rk_specs *specs,
                                        const struct rk_check_options *opt, const char *original,
                                        const char *reexport, rk_sink_fn sink, void *ctx,
                                        rk_pair_fn on_pair, void *pair_ctx,
                                        struct rk_roundtrip_result *res);

/* Writes a canonical copy of in to out (never in itself): records as the standard wants
 * them (free text quoted, other items quoted only when they must be, CRLF), bytes otherwise
 * unchanged. Refuses (RK_E_ARG, out not written) when in has syntax or character errors
 * that make its records uncertain; findings go to sink. out is written to a temporary file
 * beside it and renamed into place. */
/* With opt->output_encoding RK_ENC_CP932 the copy is written in MS932: a UTF-8 input is
 * converted character by character, and refused (RK_E_ARG, nothing written) when a character has
 * no MS932 code; those characters are the ENC-010/ENC-005 findings given to sink. */
/* res (may be NULL) receives the file's result as checked: its family, version and layout. */
RK_API enum rk_status rk_normalize(const struct rk_specs *specs, const struct rk_check_options *opt,
                                   const char *in, const char *out, rk_sink_fn sink, void *ctx,
                                   struct rk_file_result *res);

/* ---- LIFE item lists (life_import.c) ------------------------------------------------------ */

struct rk_life_import_options {
    const char *version;   /* version label of the tables, e.g. "3.10" (digits and dots) */
    const char *name;      /* the workbook's file name, cited in every row; NULL: "workbook.xlsx" */
    size_t max_part_bytes; /* bytes one XML part may inflate to; 0 = 64 MiB */
    size_t max_total_bytes; /* bytes all parts may inflate to; 0 = 256 MiB */
    size_t max_strings;     /* shared strings; 0 = 1,000,000 */
    size_t max_cells;       /* non-empty cells per sheet; 0 = 2,000,000 */
};

/* One table, as text, at a path relative to a specs directory ("life/3.10/codes.tsv"). */
struct rk_life_table {
    const char *path;
    const char *data;
    size_t len;
};

struct rk_life_import {
    char sha256[65];        /* hex SHA-256 of the workbook's bytes */
    char tables_digest[65]; /* digest of the version's tables (versions.tsv names it) */
    size_t ntables; /* life/versions.tsv, life/V/interfaces.tsv, one per interface, codes.tsv */
    struct rk_life_table *tables;
    size_t ninterfaces, nitems, ncodes;
    size_t ncond; /* ● items */
    size_t nwhen; /* of which the condition became a `when` expression */
    void *owner;  /* internal */
};

/*
 * Reads MHLW's LIFE item list (外部インターフェース項目一覧, .xlsx) from data[0..len) and makes
 * the spec tables of version opt->version in the layout of specs/life/ (specs/life/README.md).
 * Problems in the workbook go to sink as LIFEIMP-* findings (position: sheet row and column);
 * a ● condition that cannot be evaluated is a warning and the tables are still made. Returns
 * RK_E_SPEC (nothing made) when an error-level finding was given, RK_E_ARG for a bad version
 * label. Free *out with rk_life_import_free; the caller writes the tables.
 */
RK_API enum rk_status rk_life_import(const void *data, size_t len,
                                     const struct rk_life_import_options *opt,
                                     struct rk_life_import **out, rk_sink_fn sink, void *ctx);
RK_API void rk_life_import_free(struct rk_life_import *r);

/* ---- synthetic data ----------------------------------------------------------------------- */

struct rk_sample_options {
    const char *version; /* spec version; NULL = the newest */
    const char *layout;  /* one layout (e.g. "UPPLAN"), or */
    const char *send;    /* a whole send unit of sends.tsv (e.g. "slip") */
    const char *month;   /* service month YYYYMM; NULL = the version's first month */
    const char *serial;  /* the 14-digit ファイル連番; NULL = a fixed one */
    unsigned users;      /* 0 = as many as the longest code list of the layout (at least 3), so
                            that every code value appears */
    uint64_t seed;       /* varies the free text; the same seed gives the same bytes */
    int chars2027;       /* names and free text with characters that the conversion to
                            standard 5.0 (JIS X 0213) loses or maps differently: 髙 靑 淸 ∑ ￢
                            (JIS-001, and ENC-007 but for ￢), ～ ＼ (JIS-002); still no error
                            under the default profile */
};

typedef void (*rk_sample_file_fn)(void *ctx, const char *path);

/* Writes conforming synthetic files into dir (created if needed; existing files are never
 * overwritten: RK_E_IO). on_file is told each path written. */
RK_API enum rk_status rk_sample(const struct rk_specs *specs, const struct rk_sample_options *opt,
                                const char *dir, rk_sample_file_fn on_file, void *ctx);

/* ---- reports ------------------------------------------------------------------------------ */

/* Append-only. JUnit, SARIF and HTML hold the findings in memory until rk_report_finish. */
enum rk_report_format {
    RK_REPORT_TEXT = 0,
    RK_REPORT_JSON = 1,
    RK_REPORT_JUNIT = 2, /* JUnit XML: a testsuite per input file, a testcase per rule */
    RK_REPORT_SARIF = 3, /* SARIF 2.1.0 */
    RK_REPORT_HTML = 4   /* a self-contained Japanese HTML page, printable on A4 */
};

/* A report writer: one per output format, all fed the same findings. Call begin_file,
 * then rk_report_finding for each finding (it is an rk_sink_fn: pass the report as ctx),
 * then end_file; rk_report_finish writes the summary. Output goes to out (not closed). */
struct rk_report;
struct rk_paths;
RK_API enum rk_status rk_report_new(struct rk_report **out, enum rk_report_format format,
                                    enum rk_lang lang, FILE *fp);
RK_API enum rk_status rk_report_begin_file(struct rk_report *r, const char *path);
RK_API void rk_report_finding(void *report, const struct rk_finding *f);
/* 1 when the report writes each file's SHA-256 (JSON, JUnit, HTML), 0 when it does not (text,
 * SARIF): a check whose only output is such a report can set rk_check_options.no_digest. */
RK_API int rk_report_shows_digest(const struct rk_report *r);
RK_API enum rk_status rk_report_end_file(struct rk_report *r, const struct rk_file_result *res);
/* The send and profile sections (rk_set_callbacks): pass the report as ctx. */
RK_API void rk_report_send_begin(void *report, const struct rk_send *s);
RK_API void rk_report_send_end(void *report, const struct rk_send *s);
RK_API void rk_report_profile_begin(void *report, const char *office, const char *direction);
RK_API void rk_report_profile_end(void *report);
/* A verdict on a requirement (the evidence bundle's ① and ②), shown in the summary of the
 * formats that have one (HTML); the others ignore it. Call before rk_report_finish. */
RK_API void rk_report_requirement(struct rk_report *r, const char *requirement, const char *title,
                                  const char *status, const char *reason);
/* The first page of an evidence bundle's HTML report: what its verdicts are about, so that a
 * printed page is tied to one product, one key and one run. Strings are copied; NULL members
 * are left out. The other formats ignore it. Call before rk_report_finish. */
struct rk_report_cover {
    const char *vendor, *product, *product_version;
    const char *office_type;  /* kyotaku, service, ...: shown by its Japanese name */
    const char *timestamp;    /* when the bundle was made (UTC) */
    const char *fingerprint;  /* the signer's key: SHA256:<64 hex> */
    const char *tool_version; /* the renkei that made it */
    const char *specs;        /* the spec versions used and whose tables they are */
    const char *recheck;      /* whether `renkei verify` can re-check the verdicts */
};
RK_API void rk_report_cover(struct rk_report *r, const struct rk_report_cover *c);
/* For the i-th requirement given with rk_report_requirement (from 0): its wording (the text
 * it is judged against) and what was not checked (one item per line); either may be NULL. */
RK_API void rk_report_requirement_detail(struct rk_report *r, size_t i, const char *text,
                                         const char *not_checked);
/* A layout's name (UP1KYO: 居宅サービス計画1表), shown next to its ID in the HTML report. */
RK_API void rk_report_layout_name(struct rk_report *r, const char *id, const char *name);
/* What rk_paths_add did not take (files not CSV, dot-directories, directories reached again),
 * counted in the summary of the text, JSON and HTML reports. Call before rk_report_finish. */
RK_API void rk_report_skipped(struct rk_report *r, const struct rk_paths *inputs);
/* Lists only findings of severity MIN and above (--only errors: RK_SEV_ERROR); the others are
 * still counted in the totals and the per-rule summary. Call before the first finding. */
RK_API void rk_report_set_min_severity(struct rk_report *r, enum rk_severity min);
/* Findings received so far by rule and severity (listed or not; those over max_findings
 * never reach a report): count[RK_SEV_*] of rule rk_rule_at(i). 0 for i out of range. */
RK_API uint64_t rk_report_rule_count(const struct rk_report *r, size_t i, enum rk_severity sev);
RK_API enum rk_status rk_report_finish(struct rk_report *r);
RK_API void rk_report_free(struct rk_report *r);

/* ---- running a check over many inputs: the one way the CLI and evidence run checks ---- */

/* The files to check, from the caller's arguments (inputs.c). Zero-initialise; set specs
 * before the first rk_paths_add so that files named as an image layout are taken too. */
struct rk_paths {
    char **v; /* paths, owned; rk_paths_free frees them. An archive member is named
                 "ARCHIVE.zip!/path/NAME.CSV" */
    size_t n, cap;
    int any_dir;                  /* 1 when one of the arguments was a directory or an archive */
    const struct rk_specs *specs; /* the caller's (may be NULL): names its image layouts */
    uint64_t skipped_files;       /* files in directories and archives not taken (not *.csv nor
                                     an image layout, or a name starting with '.') */
    uint64_t skipped_dirs;        /* dot-directories (.git) not entered */
    uint64_t repeated_dirs;       /* directories reached again through a link (a loop): read once */
};

/* Adds arg: a directory is read recursively (its entries in name order; only files named *.csv
 * in any case and image-layout files are taken, the rest counted in skipped_*; links to
 * directories followed, each directory read once); a ZIP archive (a .zip file, given or found
 * in a directory) is read as a directory; anything else is added as given (a missing file is
 * reported by the check). A directory or archive that holds nothing to check adds nothing:
 * compare p->n before and after. RK_E_NOMEM when out of memory. */
RK_API enum rk_status rk_paths_add(struct rk_paths *p, const char *arg);
RK_API void rk_paths_free(struct rk_paths *p);
/* 1 when path exists and is one of the inputs in p, or the archive holding one (else 0): the
 * "never write over an input" check for an output about to be written. */
RK_API int rk_paths_holds(const struct rk_paths *p, const char *path);

struct rk_run_options {
    struct rk_check_options check; /* per file; check.set is managed by rk_run_check */
    int use_set;                   /* 1: group the files into sends and run the set checks */
    struct rk_set_options set;     /* for the set checks */
    unsigned jobs;                 /* files checked at a time; 0 or 1 = in this thread. The
                                      reports receive exactly what they would with 1 */
    /* Called (may be NULL) after each file's findings went to the reports, in input order,
     * with the status of rk_check_file. */
    void (*on_file)(void *ctx, const char *path, enum rk_status st,
                    const struct rk_file_result *res);
    /* Also told of the sends, the profile and the set findings (may be NULL; its ctx is
     * its own). */
    const struct rk_set_callbacks *observe_set;
    void *ctx; /* for on_file */
};

struct rk_run_result {
    uint64_t files;            /* files checked */
    uint64_t unreadable;       /* files that could not be read */
    uint64_t failed;           /* files whose check failed (a tool failure, see on_file) */
    uint64_t count[3];         /* findings by severity, files and sets */
    uint64_t set_count[3];     /* of which set findings */
    enum rk_status set_status; /* of rk_set_check (RK_OK when not run) */
};

/* Checks paths[0..n) one by one (or jobs at a time) and feeds every finding, file and send to
 * each of the nreports reports (created by the caller, finished by the caller). The set
 * checks run when use_set and no file check failed. Returns RK_OK when every check ran
 * (whatever it found; unreadable files are counted in res), else the first tool failure. */
RK_API enum rk_status rk_run_check(const struct rk_specs *specs, const struct rk_run_options *opt,
                                   const char *const *paths, size_t n,
                                   struct rk_report *const *reports, size_t nreports,
                                   struct rk_run_result *res);

/* ---- evidence for a prefecture: a signed bundle --------------------------------------- */

/* Writes an Ed25519 key pair: the private key (PKCS#8 PEM) to private_path with mode 0600,
 * the public key (SubjectPublicKeyInfo PEM) to public_path. Never overwrites (RK_E_IO when
 * either exists; nothing is left behind on failure). */
RK_API enum rk_status rk_keygen(const char *private_path, const char *public_path);

/* "SHA256:" + 64 lowercase hex digits + NUL: the SHA-256 of a key's DER SubjectPublicKeyInfo,
 * what a vendor publishes with its key and an officer compares. */
#define RK_FINGERPRINT_SIZE 72

/* The fingerprint of the public key in the file at pubkey_path. RK_E_IO when it cannot be
 * read (links and FIFOs are refused), RK_E_ARG when it does not hold exactly one Ed25519
 * public key (PEM). */
RK_API enum rk_status rk_key_fingerprint(const char *pubkey_path, char out[RK_FINGERPRINT_SIZE]);

struct rk_evidence_options {
    const char *vendor, *product, *product_version; /* required */
    const char *office;   /* kyotaku|service|facility|yobo-center|yobo-service */
    const char *key_path; /* the Ed25519 private key (PEM) that signs the manifest */
    int without_inputs;   /* 1: no copies of the inputs in the bundle (real personal data):
                             the bundle then says its verdicts cannot be re-checked */
    const char *roundtrip_original, *roundtrip_reexport; /* both or neither */
    struct rk_run_options run; /* how the inputs are checked (use_set and set are set here) */
};

struct rk_evidence_result {
    char message[512];     /* when the call fails: what went wrong, naming the file */
    char message_ja[512];  /* the same in Japanese */
    const char *verdict_1; /* "met", "not met", "not assessed" (static strings) */
    const char *verdict_2;
    struct rk_run_result run;
    char fingerprint[RK_FINGERPRINT_SIZE]; /* the signing key's (also in the manifest) */
};

/* Checks the inputs (files or directories) as `renkei check --office` does and writes a new
 * bundle into out_dir (created; an existing empty directory is used; anything else is
 * refused): report.json, report.html, manifest.json (canonical JSON: tool, specs, options,
 * inputs with SHA-256 and size, files, verdicts), manifest.sig (hex Ed25519 signature over
 * manifest.json) and pubkey.pem. Files are written under temporary names and renamed at the
 * end; on any failure everything written is removed. RK_E_ARG: bad options (message says),
 * RK_E_IO: an input, the key or the directory could not be read or written. */
RK_API enum rk_status rk_evidence_write(const struct rk_specs *specs,
                                        const struct rk_evidence_options *opt,
                                        const char *const *inputs, size_t ninputs,
                                        const char *out_dir, struct rk_evidence_result *res);

struct rk_verify_result {
    int valid;            /* 1: signature, keys and every file check out */
    int key_from_bundle;  /* 1: the bundle's own pubkey.pem was used (shows integrity, not who
                             signed: compare fingerprint with the one the vendor published) */
    int signer_confirmed; /* 1: the key given (pubkey_path) is the signer the manifest names */
    char fingerprint[RK_FINGERPRINT_SIZE]; /* the signer's, as the signed manifest records it
                                              ("" when the manifest could not be trusted) */
    size_t files;                          /* files listed in the manifest */
    size_t copies;                         /* copies of inputs the manifest lists */
    size_t problems;                       /* error-level findings */
    /* What the bundle says, read from a manifest whose signature verified ("" otherwise): */
    char vendor[256], product[256], product_version[128];
    char office_type[32];     /* kyotaku, service, ... */
    char office_type_ja[128]; /* 居宅介護支援事業所, ... */
    char timestamp[32];       /* when the bundle was made (UTC) */
    char tool_version[32];    /* the renkei that made it */
    char specs_used[128];     /* "careplan 4.1, life 3.10" */
    char specs_sha256[65];    /* of the spec tables it used */
    int specs_builtin;        /* 1: it used its built-in tables */
    struct {
        char requirement[8]; /* "①", "②" */
        char status[16];     /* met, not met, not assessed */
        char status_ja[16];  /* 適合, 不適合, 判定対象外 */
        char reason[1024];
    } verdicts[2];
    int rechecked;        /* 1: the verdicts, findings and counts were re-computed from the copies
                             of the inputs in the bundle and agree; 0: see recheck_why */
    char recheck_why[32]; /* when not rechecked: "inputs-left-out" (the vendor left them out),
                             "roundtrip-uncopied" (a round-trip file could not be copied),
                             "other-specs" (made with other spec tables than this build's),
                             "disagrees" (EVD-014 problems), "invalid" (other problems) */
    /* Every problem found, owned (rk_verify_result_free): */
    struct rk_verify_problem {
        const char *rule; /* static */
        char *path, *message_ja, *message_en;
    } * list;
    size_t nlist;
};

/* Frees what rk_evidence_verify allocated in res (not res itself). */
RK_API void rk_verify_result_free(struct rk_verify_result *res);

/* Writes res as one JSON object and a newline: valid, rechecked, fingerprint, signer_confirmed,
 * vendor, product, product_version, office_type (and _ja), timestamp, tool_version, specs,
 * verdicts [{requirement, status, status_ja, reason}], problems [{rule, path, message}] with
 * messages in lang. RK_E_IO when fp fails. */
RK_API enum rk_status rk_verify_write_json(FILE *fp, const struct rk_verify_result *res,
                                           enum rk_lang lang);

/* Verifies a bundle: pubkey.pem must hold exactly one Ed25519 public key whose fingerprint is
 * the signer's recorded in manifest.json; the signature over manifest.json is checked with
 * pubkey_path (whose fingerprint must be the signer's too) or, when NULL, with pubkey.pem;
 * then each listed file's size and SHA-256, and that nothing else is there. Each problem is a
 * finding of an EVD rule given to sink (path "DIR/NAME") and kept in res->list; a rule is given
 * at most 1000 times, the rest summed up in a last CSV-014 note (all count). Never follows a
 * symbolic link, never opens a FIFO or a path outside dir. Returns RK_OK when the verification ran
 * (res->valid says how it came out), RK_E_ARG when pubkey_path cannot be read or is not
 * exactly one Ed25519 public key, RK_E_IO when dir cannot be read, RK_E_NOMEM when a problem
 * could not be kept in res->list. */
RK_API enum rk_status rk_evidence_verify(const char *dir, const char *pubkey_path, rk_sink_fn sink,
                                         void *ctx, struct rk_verify_result *res);

/* Verifies the bundle at path as rk_evidence_verify does, where path is a bundle directory or a
 * ZIP archive of one (a regular file named *.zip, any case), its files at the top or in one
 * folder (a folder zipped whole). A ZIP is extracted by the inputs module into a new temporary
 * directory only this user may enter, removed afterwards: a member whose name would leave it, a
 * link, a name given twice and the limits against ZIP bombs are findings of IO rules
 * (IO-002..IO-009), told before the bundle's and counted as its problems (the bundle is then
 * invalid); paths name members as "PATH!/NAME". RK_E_IO also when the archive cannot be read as
 * a whole (damaged, over a limit): its finding is told and in res->list. */
RK_API enum rk_status rk_evidence_verify_path(const char *path, const char *pubkey_path,
                                              rk_sink_fn sink, void *ctx,
                                              struct rk_verify_result *res);

/* ---- the writer: records as the standard wants them ------------------------------------- */

/* Writes one record: fields joined by ',', a field enclosed in quotes when it has
 * RK_FIELD_QUOTED or holds ',', '"', CR or LF; inner quotes doubled; CRLF at the end. Bytes
 * are written as given (already in the file's encoding). write returns 0 on success. */
typedef int (*rk_write_fn)(void *ctx, const void *buf, size_t len);
RK_API enum rk_status rk_write_record(rk_write_fn write, void *ctx, const struct rk_field *fields,
                                      size_t nfields);

/* ---- the operating system (os.c) ------------------------------------------------------ */

/* Prepares the process for a command line that speaks UTF-8. On Windows: *argc and *argv are
 * replaced by the command line in UTF-8 (from GetCommandLineW, so Japanese folder and file
 * names arrive whatever the ANSI code page; the strings live as long as the process), the
 * console's output code page is set to UTF-8, and stdin, stdout and stderr are put in binary
 * mode (reports are byte-identical to those written on Linux: no CRLF translation). Elsewhere
 * it does nothing. RK_OK, or RK_E_NOMEM. */
RK_API enum rk_status rk_os_process_init(int *argc, char ***argv);

/* fopen(3) with a UTF-8 path, always in binary mode, the file not inherited by child processes
 * (on Windows through _wfopen). */
RK_API FILE *rk_fopen(const char *path, const char *mode);

/* 1 when a and b (UTF-8 paths) both exist and are the same file (same device and inode; on
 * Windows the same volume and file index), else 0. */
RK_API int rk_same_file(const char *a, const char *b);

#ifdef __cplusplus
}
#endif
#endif
