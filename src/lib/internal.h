/*
 * internal.h - declarations shared between librenkei's files and not exported. Every
 * function here is hidden (-fvisibility=hidden); only RK_API ones are the public surface.
 */
#ifndef RK_INTERNAL_H
#define RK_INTERNAL_H

#include "renkei.h"

#include <stdbool.h>

/* ---- memory (alloc.c) ---- */
void *rk_malloc(size_t n);
void *rk_calloc(size_t n, size_t size);
void *rk_realloc(void *p, size_t n);
void rk_free(void *p);
/*
 * Makes room for at least `need` elements of `size` bytes in a growable array: `arrp` is the
 * address of the array's pointer (any object pointer type), `cap` its capacity in elements.
 * Doubles from 16. On failure (no memory, or a size that would overflow) returns false and
 * leaves the array and *cap as they were. The one way librenkei grows an array. Inline for the
 * common case (room already there), which the reader meets once per field.
 */
bool rk_grow_slow(void *arrp, size_t *cap, size_t need, size_t size);
static inline bool rk_grow(void *arrp, size_t *cap, size_t need, size_t size)
{
    return need <= *cap || rk_grow_slow(arrp, cap, need, size);
}
char *rk_strdup(const char *s);
char *rk_strndup(const char *s, size_t n);

/* A growable byte buffer with a cap (curl dynbuf style). */
struct rk_buf {
    char *data;
    size_t len, cap, max; /* max: 0 = unlimited */
};
enum rk_status rk_buf_add(struct rk_buf *b, const void *p, size_t n);
enum rk_status rk_buf_addc(struct rk_buf *b, char c);
enum rk_status rk_buf_printf(struct rk_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rk_buf_free(struct rk_buf *b);

struct rk_arena;
struct rk_arena *rk_arena_new(void);
void *rk_arena_alloc(struct rk_arena *a, size_t n); /* zeroed, max_align_t aligned */
char *rk_arena_strndup(struct rk_arena *a, const char *s, size_t n);
void rk_arena_free(struct rk_arena *a);

/* ---- hashing (crypto.c, the only file that uses OpenSSL) ---- */
struct rk_sha256;
struct rk_sha256 *rk_sha256_new(void);
enum rk_status rk_sha256_update(struct rk_sha256 *h, const void *p, size_t n);
/* Writes 64 hex digits and a NUL into hex. */
enum rk_status rk_sha256_final(struct rk_sha256 *h, char hex[65]);
void rk_sha256_free(struct rk_sha256 *h);

/* Ed25519 (crypto.c). PEM text is appended to the caller's buffers (rk_buf_free them; wipe a
 * private key with rk_secure_zero first). */
enum rk_status rk_ed25519_keygen(struct rk_buf *priv_pem, struct rk_buf *pub_pem);
/* Signs msg with the private key in pem; sig receives 64 bytes and pub_pem (may be NULL) the
 * public key. RK_E_ARG when pem holds no Ed25519 private key. */
enum rk_status rk_ed25519_sign(const void *pem, size_t pem_len, const void *msg, size_t n,
                               unsigned char sig[64], struct rk_buf *pub_pem);
/* *ok tells whether sig is msg's signature by the public key in pem. RK_E_ARG when pem holds
 * no Ed25519 public key. */
enum rk_status rk_ed25519_verify(const void *pem, size_t pem_len, const void *msg, size_t n,
                                 const unsigned char sig[64], bool *ok);
/* The fingerprint of the one key in pem (a public key, or the public half of a private key):
 * "SHA256:" and 64 lowercase hex digits of the SHA-256 of its DER SubjectPublicKeyInfo.
 * RK_E_ARG when pem does not hold exactly one PEM block that is an Ed25519 key of that kind. */
enum rk_status rk_ed25519_fingerprint(const void *pem, size_t pem_len, bool private_key,
                                      char out[RK_FINGERPRINT_SIZE]);
void rk_secure_zero(void *p, size_t n);

/* ---- xlsx workbooks (xlsx.c, the only file that uses expat) ---- */

struct rk_xlsx_limits { /* zero = the default in brackets */
    size_t max_part;    /* bytes one part may inflate to [64 MiB] */
    size_t max_total;   /* bytes all parts together may inflate to [256 MiB] */
    size_t max_strings; /* shared strings [1,000,000] */
    size_t max_cells;   /* non-empty cells per sheet [2,000,000] */
};
struct rk_xlsx_cell {
    uint32_t row, col; /* 1-based (A = 1) */
    size_t off, len;   /* text: grid->text.data + off, NUL-terminated */
};
/* A sheet's non-empty cells in document order (row by row). */
struct rk_xlsx_grid {
    size_t ncells, capcells;
    struct rk_xlsx_cell *cells;
    struct rk_buf text;
};
struct rk_xlsx;
/* Opens a workbook in data[0..len) (borrowed, must outlive the rk_xlsx): its sheet names and
 * shared strings. On failure *why says in English what was wrong (static text): RK_E_IO for
 * a malformed or refused workbook (not a ZIP, a part missing or not well-formed, a DOCTYPE),
 * RK_E_LIMIT for a cap reached. Free with rk_xlsx_free. */
enum rk_status rk_xlsx_open(struct rk_xlsx **out, const void *data, size_t len,
                            const struct rk_xlsx_limits *lim, const char **why);
size_t rk_xlsx_sheet_count(const struct rk_xlsx *x);
const char *rk_xlsx_sheet_name(const struct rk_xlsx *x, size_t i);
/* Reads sheet i's cells into g (free with rk_xlsx_grid_free, also after a failure). */
enum rk_status rk_xlsx_sheet_read(struct rk_xlsx *x, size_t i, struct rk_xlsx_grid *g,
                                  const char **why);
void rk_xlsx_grid_free(struct rk_xlsx_grid *g);
void rk_xlsx_free(struct rk_xlsx *x);

/* ---- LIFE table provenance (spec_load.c, life_import.c) ---- */

/* The digest of one LIFE version's tables, as the loader reads them and the importer writes
 * them: SHA-256 over, per table in loading order (codes.tsv, interfaces.tsv, each interface's
 * item table in interfaces.tsv order, collisions.tsv when present), its path relative to the
 * specs directory ("life/3.10/codes.tsv") with a NUL, its size as a uint64_t, its bytes. */
enum rk_status rk_tables_digest_add(struct rk_sha256 *h, const char *rel, const void *data,
                                    size_t len);

/* ---- findings (finding.c) ---- */

/* The one way a finding leaves a check: fills severity from the rule and profile, applies
 * the findings cap, counts, and calls the sink. */
struct rk_emitter {
    rk_sink_fn sink;
    void *ctx;
    const char *path;
    enum rk_profile profile;
    uint64_t max_findings; /* 0 = unlimited */
    uint64_t emitted;
    uint64_t suppressed;
    uint64_t count[3];      /* by effective severity, including suppressed ones */
    struct rk_pos last;     /* position of the last finding with one */
    uint32_t per_rule[160]; /* findings given per rule (index in rules.def), up to the cap */
    const struct rk_layout *layout; /* names the item of a JIS-* finding by its field, or NULL */
};

/* Every rule is given at most this many times per file (per emitter); the rest are counted
 * and summed up in the CSV-014 note, so a file of NUL bytes, of the wrong encoding or followed
 * by a million empty lines gives a bounded report, and every writer's memory stays bounded. */
#define RK_RULE_FINDINGS_CAP 1000u
const struct rk_rule *rk_rule_get(const char *id); /* aborts on an unknown ID: a bug */
void rk_emit(struct rk_emitter *em, struct rk_finding *f);
/* s (a finding's expected or detail value, in its neutral form) in lang: s itself for English
 * or when lang is Japanese and s has no words; else the Japanese written into buf (n bytes,
 * NUL-terminated, cut when longer). The phrases are finding.c's one table. */
const char *rk_phrase(const char *s, enum rk_lang lang, char *buf, size_t n);
/* The Japanese name of an office type (kyotaku: 居宅介護支援事業所), or NULL when unknown. */
const char *rk_office_name_ja(const char *office);
/* "default", "strict", "2027" or "strict,2027", as --profile takes it. */
const char *rk_profile_name(enum rk_profile p);
/* Emits the CSV-014 summary if anything was suppressed. */
void rk_emit_flush(struct rk_emitter *em, struct rk_pos end);

/* ---- reader (csv_reader.c) ---- */

/* Sends the reader's findings through em (shared with the checks of the same file) instead
 * of the sink given to rk_reader_new. */
void rk_reader_set_emitter(struct rk_reader *r, struct rk_emitter *em);
/* The position after the last byte fed. */
struct rk_pos rk_reader_end(const struct rk_reader *r);

/* ---- encoding (encoding.c) ---- */

enum rk_char_class {
    RK_CH_OK = 0,
    RK_CH_INVALID_BYTE, /* ENC-001 */
    RK_CH_BAD_TRAIL,    /* ENC-002 */
    RK_CH_UNASSIGNED,   /* ENC-004 */
    RK_CH_GAIJI,        /* ENC-005 */
    RK_CH_NONROUNDTRIP, /* ENC-006 */
    RK_CH_ENVDEP,       /* ENC-007 */
    RK_CH_NOT_MS932,    /* ENC-010 */
    RK_CH_CHANGES,      /* ENC-012 */
    RK_CH_BAD_UTF8      /* ENC-009 */
};

/* CP932 single bytes: 1 = a character on its own, 2 = lead byte, 0 = invalid. */
int rk_cp932_single(unsigned char b);
/* Class of a CP932 double-byte code; *back receives the code it comes back as when
 * RK_CH_NONROUNDTRIP. */
enum rk_char_class rk_cp932_double(unsigned char lead, unsigned char trail, unsigned *back);
/* Unicode scalar of a CP932 character (single byte when lead == 0), 0 if none. */
uint32_t rk_cp932_to_unicode(unsigned char lead, unsigned char trail);
/* Class of a Unicode scalar bound for MS932; *code receives its MS932 code (0 if none),
 * *back the scalar it comes back as when RK_CH_CHANGES. */
enum rk_char_class rk_unicode_to_ms932(uint32_t cp, unsigned *code, uint32_t *back);
/* Appends cp as UTF-8. */
size_t rk_utf8_put(uint32_t cp, char *out);
/* Length of the well-formed UTF-8 sequence at s (RFC 3629), or 0. */
size_t rk_utf8_len(const unsigned char *s, size_t avail);
/* JIS X 0213 code of a Unicode scalar as glibc's EUC-JISX0213 encodes it (the 2004 edition):
 * 0 when it has none; RK_JIS_ASCII for U+0000-U+007F; RK_JIS_KANA | byte for half-width
 * katakana (JIS X 0201); otherwise (plane - 1) << 14 | row << 7 | cell (面区点). */
unsigned rk_unicode_to_jisx0213(uint32_t cp);
/* What becomes of a scalar converted to JIS X 0213 (standard 5.0): it has a code and the
 * converters agree; glibc's EUC-JISX0213 has no code for it (JIS-001); glibc has one but
 * other converters map it differently (JIS-002; specs/careplan/jisx0213_converters.tsv). */
enum rk_jis_fate { RK_JIS_SAFE = 0, RK_JIS_NONE, RK_JIS_DIFFERS };
enum rk_jis_fate rk_jisx0213_fate(uint32_t cp);

/* An MS932 double-byte code that needs no finding: RK_CH_OK, and when jis, RK_JIS_SAFE too
 * (the reader's fast path). */
bool rk_cp932_plain(unsigned char lead, unsigned char trail, bool jis);
/* The scalar an MS932 double-byte code gives when its bytes are read as Shift_JIS-2004
 * (glibc SHIFT_JISX0213): MS932's own scalar when they agree, 0xFFFFFFFF when none. */
uint32_t rk_cp932_as_sjis2004(unsigned char lead, unsigned char trail);
#define RK_JIS_ASCII 0x8000u
#define RK_JIS_KANA 0x3F80u
#define RK_JIS_PLANE(c) (((c) >> 14) + 1)
#define RK_JIS_ROW(c) (((c) >> 7) & 0x7F)
#define RK_JIS_CELL(c) ((c)&0x7F)

/* ---- hash map (map.c) ---- */
struct rk_map;
struct rk_map *rk_map_new(size_t value_size);
/* The value for key (zeroed when new); NULL when absent and !create, or out of memory. */
void *rk_map_get(struct rk_map *m, const void *key, size_t len, bool create, bool *created);
size_t rk_map_count(const struct rk_map *m);
/* Iterates in insertion order: start with *iter = 0. */
bool rk_map_at(const struct rk_map *m, size_t *iter, const void **key, size_t *len, void **value);
void rk_map_free(struct rk_map *m);

/* Map keys made of record values, each followed by 0x1F. rk_key_add appends one field (NULL =
 * empty); rk_key_items the fields of item Nos. "2,3,5" (through col_of for LIFE headers, NULL =
 * positional). Both return false when the key would not fit in cap bytes. */
bool rk_key_add(char *key, size_t *n, size_t cap, const struct rk_field *f);
bool rk_key_items(char *key, size_t *n, size_t cap, const char *items, const struct rk_record *rec,
                  const int *col_of);

/* The user and the key values of a key that rk_key_items(items) built over layout l, for a
 * reader: vals (len bytes, each value followed by 0x1F) become "対象年月 202504" style pairs
 * joined by "; " in out (item names from l, values shown as text; the user's own items are left
 * out of it), and the values of the items of role insurer and insured go to insurer and insured
 * (each RK_USER_MAX bytes, "" when the key has none). */
#define RK_USER_MAX 32
void rk_key_describe(const struct rk_layout *l, const char *items, const char *vals, size_t len,
                     char *out, size_t cap, char insurer[RK_USER_MAX], char insured[RK_USER_MAX]);

/* ---- spec helpers (spec_load.c) ---- */
/* The first item of l with the role, or NULL (the loader has checked that the roles its rules
 * need are there). */
const struct rk_item *rk_layout_role(const struct rk_layout *l, enum rk_item_role role);
/* The code list of v with that ID (codes.tsv), or NULL. */
const struct rk_code_list *rk_version_list(const struct rk_version *v, const char *id);
/* Whether the n bytes at p are one of cl's values (false when cl is NULL). */
bool rk_code_list_has(const struct rk_code_list *cl, const void *p, size_t n);
/* What a service code of n bytes is on a layout with total rows (codes.tsv lists total_grand,
 * total_limit and total_other): a user's grand total, a service type's subtotal (the type's 2
 * characters and a value of total_limit, whose sums are checked, or of total_other), or a
 * service line. */
enum rk_total { RK_TOTAL_NONE, RK_TOTAL_GRAND, RK_TOTAL_LIMIT, RK_TOTAL_OTHER };
enum rk_total rk_total_kind(const struct rk_version *v, const void *code, size_t n);
/* Whether the service type of a code (its first 2 of n bytes) is in v's code list `list`
 * (tais_type, detail_type, care_management_type). */
bool rk_service_type_in(const struct rk_version *v, const char *list, const void *code, size_t n);
/* Steps through a comma-separated list: tok and len get the next item. */
bool rk_list_next(const char **cursor, const char **tok, size_t *len);

/* The item of a LIFE layout whose ID (the header's column name) is the n bytes at key, or
 * NULL. */
const struct rk_item *rk_layout_item(const struct rk_layout *l, const void *key, size_t n);

/* One term of a LIFE ● condition (column `when`): "ID" holds when the item has a value,
 * "ID=V|V..." when its value is one of the Vs; terms are joined by '&' and must all hold. */
struct rk_when_term {
    const char *id, *vals; /* vals: "1|2", or NULL for "has a value" */
    size_t id_len, vals_len;
};
/* Reads the next term of *cursor into t: 1, or 0 at the end, or -1 when the text is not of
 * that form (ID [a-z0-9_]+, values [0-9]+). */
int rk_when_next(const char **cursor, struct rk_when_term *t);

/* ---- file names (filename.c) ---- */
struct rk_name {
    char layout_id[32];
    bool parsed; /* the parts below were read */
    enum rk_name_style style;
    bool has_month;  /* month holds YYYYMM */
    bool month_zero; /* the month part is 000000 */
    char month[7];
    char from[11], from_svc[3], to[11], to_svc[3];
    char serial[15];
};
/* Reads the base name of path. Returns false when no layout prefix matches (NAME-001). */
bool rk_name_parse(const struct rk_specs *specs, const char *family, const char *path,
                   struct rk_name *out, struct rk_emitter *em);
bool rk_valid_date(const char *yyyymmdd);
bool rk_valid_month(const char *yyyymm);
unsigned rk_month_days(const char *yyyymm);

/* ---- checks of a file's records (check.c; the family's record driver, family.h) ---- */
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
};

/* ---- rules over the records of one file (rules_file.c) ---- */
struct rk_file_agg;
enum rk_status rk_file_rules_record(struct rk_file_check *fc, const struct rk_record *rec);
enum rk_status rk_file_rules_end(struct rk_file_check *fc);
void rk_file_rules_free(struct rk_file_check *fc);

/* ---- rules over the files of a send (rules_set.c) ---- */
/* Registers a file of the set; returns its index (or -1 when out of memory). */
int rk_set_add_file(struct rk_set *set, const char *path, const struct rk_name *name);
enum rk_status rk_set_record(struct rk_set *set, int file, const struct rk_layout *l,
                             const struct rk_record *rec, const int *col_of);
/* Registers a file that joins a set by its family rather than its name (LIFE: one upload). */
int rk_set_add_group_file(struct rk_set *set, const char *path, const char *group);
void rk_set_file_done(struct rk_set *set, int file, const struct rk_layout *l);

/* ---- embedded spec tables (generated by src/tools/embed_specs.c) ---- */
struct rk_embedded_file {
    const char *path; /* relative to specs/, e.g. "careplan/4.1/UPPLAN.tsv" */
    const unsigned char *data;
    size_t len;
};
extern const struct rk_embedded_file rk_embedded_specs[];
extern const size_t rk_embedded_specs_count;

#endif
