/*
 * csv_reader.c - the streaming record reader: libcsv parses, this file knows where every
 * byte is and what it means as a character.
 *
 * Each chunk the caller feeds is walked once: runs of printable ASCII 16 or 8 bytes at a time
 * (text_scan.h), multi-byte characters that need no finding by a table look-up each (MS932
 * pairs) or a well-formedness test (UTF-8), everything else byte by byte. The walk keeps the exact
 * position (byte offset, physical line, decoded column), validates MS932 or UTF-8 with the tables
 * of encoding.c, and hands libcsv the bytes in segments that end at every byte that can end a field
 * or a record or break the syntax (delimiter, quote, CR, LF, and the byte after a quote). So when
 * libcsv calls back, or stops on a strict-mode error, the byte that caused it is the last one fed,
 * and its position is known exactly. After a strict-mode error the reader reports it and lets
 * libcsv take that one byte leniently, which reads an undoubled inner quote the way its writer
 * meant; reading then goes on. A whole unquoted field that ends while libcsv holds nothing of it is
 * split by the walk itself, as libcsv would split it (deliver, plain_fields); libcsv parses every
 * quoted field and every byte where the syntax breaks. Such a field reaches the record callback as
 * a view of the caller's chunk, written once; a record that goes on past the chunk has those fields
 * copied into the record buffer first (keep_fields), where libcsv's fields are copied as they come.
 *
 * Memory is bounded by the options: libcsv's field buffer is cut back when a field passes
 * max_field_bytes, the record arena by max_record_bytes, fields by max_fields; a quoted field
 * that runs over max_quoted_lines is reported as unclosed and reading resumes at the next
 * line. This is the only file that uses libcsv.
 */
#include "csv_reader.h"

#include "alloc.h"
#include "encoding.h"
#include "finding.h"
#include "text_scan.h"

#include <csv.h>
#include <pthread.h>
#include <string.h>

#define DEF_MAX_FIELD_BYTES (1u << 20)
#define DEF_MAX_FIELDS 4096u
#define DEF_MAX_QUOTED_LINES 500u
#define DEF_MAX_RECORD_BYTES (16u << 20)

/* What a byte is to the walk. */
enum byte_class {
    B_TEXT = 0, /* an ASCII character or (CP932) a half-width katakana */
    B_CUT,      /* delimiter or quote: a segment ends here */
    B_CR,
    B_LF,
    B_CTRL, /* C0 control or DEL */
    B_TAB,
    B_MULTI, /* first byte of a multi-byte character */
    B_BAD    /* cannot start a character */
};

struct rk_reader {
    struct rk_reader_options opt;
    struct rk_emitter *em; /* points at own_em */
    struct rk_emitter own_em;
    rk_record_fn on_record;
    void *record_ctx;
    struct csv_parser csv;
    unsigned char csv_opts;
    bool csv_live;
    /* libcsv's states between fields and between records (its values are private to
     * libcsv.c, so they are learnt from libcsv itself: probe_libcsv); direct is false when
     * they could not be learnt or options.libcsv_only asks for libcsv alone */
    bool direct;
    int csv_row_not_begun, csv_field_not_begun;
    /* libcsv's state after a quote inside quoted text: the quote is in its buffer until the
     * byte after it tells whether it closed the field; -1 when not learnt (then a quoted
     * field's closing quote and delimiter are fed apart, as every other cut byte) */
    int csv_quote_pending;
    unsigned char cls[256];
    /* the wide scan and the multi-byte fast path (plain_run); false in the reference walk
     * (options.libcsv_only) */
    bool wide;
    unsigned char stop_quote; /* the quote, or the delimiter again when quotes are text */

    struct rk_pos pos; /* position of the next byte */
    bool after_cr;     /* the last byte was a CR */
    /* characters before the current line, every line-end byte counted as one: so
     * line_base + column counts characters across the lines of a quoted field */
    uint64_t line_base;

    /* a multi-byte character in progress */
    unsigned char mb[4];
    int mb_have, mb_need;
    struct rk_pos mb_pos;

    /* BOM detection on the first bytes */
    unsigned char head[3];
    int head_len;
    bool head_done;
    /* the last byte fed was 0x1A (Ctrl-Z), not yet read: an end-of-file mark if nothing follows */
    bool eof_mark_held;

    /* CSV structure */
    bool awaiting_record;   /* between records: CR/LF here are not data */
    bool record_cr_pending; /* the last record ended with CR; an LF now completes CRLF */
    struct rk_pos term_pos;
    bool at_field_start;
    bool field_quoted;
    bool after_quote; /* the last byte was a quote */
    bool data_cr;     /* the last byte was a CR inside quoted text */
    struct rk_pos data_cr_pos;
    struct rk_pos field_pos, record_pos, cut_pos, quote_pos;
    uint64_t field_chars; /* line_base + field_pos.column when the field began */
    bool row_ended;
    uint64_t quoted_lines;
    bool field_truncated;
    bool field_undoubled; /* this quoted field had an undoubled quote (CSV-003) */
    /* while a quoted field is fed whole (opening quote to delimiter) in one csv_feed: the bytes
     * between its quotes in the chunk (on_field); else NULL */
    const unsigned char *quoted_view;
    size_t quoted_view_len;

    /* the record being assembled: each field written once as the view the record callback
     * gets. A field the reader split itself points into the caller's chunk (until the chunk
     * ends: keep_fields); one from libcsv, into rec */
    struct rk_field *fields;
    size_t nslots, cap_slots, fields_seen;
    size_t slot_limit; /* the lesser of cap_slots and max_fields: one test per field */
    struct rk_buf rec;
    size_t rec_bytes; /* the record's bytes, wherever they are (max_record_bytes) */
    bool fields_over, bytes_over;

    /* file-level */
    uint64_t records;  /* records delivered */
    uint64_t numbered; /* record numbers used: delivered and dropped ones */
    size_t first_nfields;
    unsigned eol_seen;
    unsigned eol_first;
    bool eol_mixed_reported, eol_reported_lf, eol_reported_cr, data_eol_reported;
    bool ended_by_eof;
    enum rk_status err;
    bool stopped;
};

/* ---- findings ---- */

static void report_full(struct rk_reader *r, enum rk_rule_id rule, struct rk_pos pos,
                        uint64_t record, unsigned field, const char *detail,
                        const struct rk_pos *context, const char *expected, const char *actual)
{
    struct rk_finding f = {
        .rule = rk_rule_get(rule),
        .record = record,
        .field = field,
        .pos = pos,
        .detail = detail,
        .expected = expected,
        .actual = actual,
    };
    if (context) {
        f.has_context = 1;
        f.context = *context;
    }
    rk_emit(r->em, &f);
}

/* The record a position belongs to: the one being read, or the one just ended. */
static uint64_t cur_record(const struct rk_reader *r)
{
    return r->awaiting_record ? r->numbered : r->numbered + 1;
}

static void report(struct rk_reader *r, enum rk_rule_id rule, struct rk_pos pos, unsigned field,
                   const char *detail, const struct rk_pos *context, const char *expected,
                   const char *actual)
{
    report_full(r, rule, pos, cur_record(r), field, detail, context, expected, actual);
}

/* A finding about the file's layout rather than a record (empty line, empty file). */
static void report_at(struct rk_reader *r, enum rk_rule_id rule, struct rk_pos pos, uint64_t record,
                      unsigned field, const char *detail)
{
    report_full(r, rule, pos, record, field, detail, NULL, NULL, NULL);
}

static unsigned cur_field(const struct rk_reader *r)
{
    return r->awaiting_record ? 0 : (unsigned)(r->fields_seen + 1);
}

/* ---- the record's fields ---- */

/* Copies len bytes into the record buffer and returns where they are now. The fields already
 * there move with the buffer when it grows (the only time they move). NULL: no memory. */
static const unsigned char *rec_add(struct rk_reader *r, const void *data, size_t len)
{
    if (r->rec.len + len < r->rec.cap) { /* room: no call but the copy */
        unsigned char *d = (unsigned char *)r->rec.data + r->rec.len;
        memcpy(d, data, len);
        r->rec.len += len;
        return d;
    }
    uintptr_t old = (uintptr_t)r->rec.data;
    size_t old_len = r->rec.len;
    if (rk_buf_add(&r->rec, data, len) != RK_OK)
        return NULL;
    if (old && (uintptr_t)r->rec.data != old)
        for (size_t k = 0; k < r->nslots; k++) {
            uintptr_t a = (uintptr_t)r->fields[k].data;
            if (a >= old && a <= old + old_len)
                r->fields[k].data = (const unsigned char *)r->rec.data + (a - old);
        }
    return (const unsigned char *)r->rec.data + old_len;
}

/* Adds a field to the record, with the limits: a field past max_field_bytes (or cut by csv_feed:
 * truncated) is delivered empty and flagged, one past max_fields dropped, one past
 * max_record_bytes delivered empty and flagged. copy: data is libcsv's buffer, copied into
 * rec; else it is the caller's chunk, borrowed. fields_seen already counts the field. */
__attribute__((noinline)) static void add_field(struct rk_reader *r, const unsigned char *data,
                                                size_t len, struct rk_pos fpos, unsigned flags,
                                                size_t chars, bool truncated, bool copy)
{
    /* reported when the field ends, whether csv_feed already cut libcsv's buffer or the field
     * arrived within one segment: so any chunking reports it at the same point */
    if (truncated || len > r->opt.max_field_bytes) {
        char d[32];
        snprintf(d, sizeof d, "%zu", r->opt.max_field_bytes);
        report(r, RK_RULE_CSV_010, fpos, (unsigned)r->fields_seen, d, NULL, NULL, NULL);
        flags |= RK_FIELD_TRUNCATED;
        len = 0;
    }
    if (r->nslots >= r->opt.max_fields) {
        if (!r->fields_over) {
            char d[32];
            snprintf(d, sizeof d, "%zu", r->opt.max_fields);
            report(r, RK_RULE_CSV_011, fpos, (unsigned)r->fields_seen, d, NULL, NULL, NULL);
            r->fields_over = true;
        }
        return;
    }
    if (r->rec_bytes + len > r->opt.max_record_bytes) {
        if (!r->bytes_over) {
            char d[48];
            snprintf(d, sizeof d, "record > %zu bytes", r->opt.max_record_bytes);
            report(r, RK_RULE_CSV_010, fpos, (unsigned)r->fields_seen, d, NULL, NULL, NULL);
            r->bytes_over = true;
        }
        flags |= RK_FIELD_TRUNCATED;
        len = 0;
    }
    if (r->nslots >= r->cap_slots) {
        if (!rk_grow(&r->fields, &r->cap_slots, r->nslots + 1, sizeof *r->fields)) {
            r->err = RK_E_NOMEM;
            return;
        }
        r->slot_limit = r->cap_slots < r->opt.max_fields ? r->cap_slots : r->opt.max_fields;
    }
    if (len == 0) {
        data = (const unsigned char *)""; /* libcsv gives an empty field as (NULL, 0) */
    } else if (copy && !(data = rec_add(r, data, len))) {
        r->err = RK_E_NOMEM;
        return;
    }
    struct rk_field *f = &r->fields[r->nslots++];
    f->data = data;
    f->len = len;
    f->pos = fpos;
    f->flags = flags;
    f->chars = flags & RK_FIELD_TRUNCATED ? 0 : chars;
    r->rec_bytes += len;
}

/* A field that is a view of the chunk being walked, written once: one the reader split itself
 * (unquoted, whole in the chunk: add_view), or a quoted field libcsv was given whole whose
 * bytes are those between its quotes (on_field). Within the limits (the common case) it is a
 * few stores. fields_seen already counts it. */
__attribute__((always_inline)) static inline void put_view(struct rk_reader *r,
                                                           const unsigned char *data, size_t len,
                                                           struct rk_pos fpos, size_t chars,
                                                           unsigned flags)
{
    if (__builtin_expect(len <= r->opt.max_field_bytes && r->nslots < r->slot_limit &&
                             r->rec_bytes + len <= r->opt.max_record_bytes,
                         1)) {
        struct rk_field *f = &r->fields[r->nslots++];
        f->data = data;
        f->len = len;
        f->pos = fpos;
        f->flags = flags;
        f->chars = chars;
        r->rec_bytes += len;
        return;
    }
    add_field(r, data, len, fpos, flags, chars, false, false);
}

/* A field the reader split itself (unquoted, whole in the chunk being walked). */
__attribute__((always_inline)) static inline void add_view(struct rk_reader *r,
                                                           const unsigned char *data, size_t len,
                                                           struct rk_pos fpos, size_t chars)
{
    r->fields_seen++;
    put_view(r, data, len, fpos, chars, 0);
}

/* The fields of the record being read that point into the chunk p[0..n) are copied into rec
 * before the chunk goes back to the caller (a record that goes on in the next chunk). */
static enum rk_status keep_fields(struct rk_reader *r, const unsigned char *p, size_t n)
{
    uintptr_t lo = (uintptr_t)p, hi = lo + n;
    for (size_t k = 0; k < r->nslots; k++) {
        struct rk_field *f = &r->fields[k];
        uintptr_t a = (uintptr_t)f->data;
        if (a < lo || a >= hi)
            continue;
        const unsigned char *d = rec_add(r, f->data, f->len);
        if (!d)
            return r->err = RK_E_NOMEM;
        f->data = d;
    }
    return RK_OK;
}

/* The field state after the byte at cut_pos ended a field: the next one starts after it. */
static inline void next_field(struct rk_reader *r)
{
    r->field_truncated = false;
    r->field_undoubled = false;
    r->at_field_start = true;
    r->field_quoted = false;
    r->quoted_lines = 0;
    r->field_pos = r->cut_pos;
    r->field_pos.byte++;
    r->field_pos.column++;
    r->field_chars = r->line_base + r->field_pos.column;
}

/* ---- libcsv callbacks ---- */

static void on_field(void *data, size_t len, void *ctx)
{
    struct rk_reader *r = ctx;
    if (r->err != RK_OK)
        return;
    r->fields_seen++;
    struct rk_pos fpos = r->field_pos;
    unsigned flags = r->field_quoted ? RK_FIELD_QUOTED : 0;
    /* the characters the walk counted from the field's first byte to the one that ended it,
     * less the bytes libcsv dropped (quotes: one character each) */
    size_t chars = (size_t)(r->line_base + r->cut_pos.column - r->field_chars -
                            (r->cut_pos.byte - fpos.byte - len));
    bool truncated = r->field_truncated;
    next_field(r);
    /* a quoted field given whole in one csv_feed and without a doubled quote (as long as the
     * bytes between its quotes): those bytes, a view of the chunk, not a copy */
    if (r->quoted_view && len == r->quoted_view_len && !truncated) {
        put_view(r, r->quoted_view, len, fpos, chars, flags);
        return;
    }
    add_field(r, data, len, fpos, flags, chars, truncated, true);
}

/* A whole unquoted field that ends at the byte at cut_pos, split by the reader (deliver). */
__attribute__((always_inline)) static inline void
direct_field(struct rk_reader *r, const unsigned char *data, size_t len)
{
    if (r->err != RK_OK)
        return;
    struct rk_pos fpos = r->field_pos;
    size_t chars = (size_t)(r->line_base + r->cut_pos.column - r->field_chars);
    next_field(r);
    add_view(r, data, len, fpos, chars);
}

static void reset_record(struct rk_reader *r)
{
    r->nslots = 0;
    r->fields_seen = 0;
    r->rec.len = 0;
    r->rec_bytes = 0;
    r->fields_over = r->bytes_over = false;
}

static void on_row(int c, void *ctx)
{
    struct rk_reader *r = ctx;
    (void)c;
    r->row_ended = true;
    if (r->err != RK_OK)
        return;
    struct rk_record rec = {
        .number = r->numbered + 1,
        .pos = r->record_pos,
        .nfields = r->nslots,
        .fields = r->fields,
        .fields_seen = r->fields_seen,
    };
    if (r->opt.check_field_count) {
        if (r->records == 0) {
            r->first_nfields = r->fields_seen;
        } else if (r->fields_seen != r->first_nfields) {
            char e[32], a[32];
            snprintf(e, sizeof e, "%zu", r->first_nfields);
            snprintf(a, sizeof a, "%zu", r->fields_seen);
            report(r, RK_RULE_CSV_004, r->record_pos, 0, NULL, NULL, e, a);
        }
    }
    r->records++;
    r->numbered++;
    if (r->on_record && r->on_record(r->record_ctx, &rec) != 0)
        r->stopped = true;
    reset_record(r);
    r->awaiting_record = true;
    r->at_field_start = false;
}

/* ---- libcsv driving ---- */

static int never_space(unsigned char c)
{
    (void)c;
    return 0;
}

static enum rk_status csv_start(struct rk_reader *r)
{
    if (csv_init(&r->csv, r->csv_opts) != 0)
        return RK_E_NOMEM;
    csv_set_delim(&r->csv, r->opt.delimiter);
    if (r->opt.no_quotes)
        csv_set_quote(&r->csv, '\0');         /* a NUL byte is reported as ENC-011 anyway */
    csv_set_space_func(&r->csv, never_space); /* libcsv's default term test is CR or LF */
    csv_set_realloc_func(&r->csv, rk_realloc);
    csv_set_free_func(&r->csv, rk_free);
    r->csv_live = true;
    return RK_OK;
}

static void csv_stop(struct rk_reader *r)
{
    if (r->csv_live)
        csv_free(&r->csv);
    r->csv_live = false;
}

/* Feeds seg[0..n) to libcsv; the last byte is at r->cut_pos when it is a cut byte. */
static enum rk_status csv_feed(struct rk_reader *r, const unsigned char *seg, size_t n)
{
    while (n > 0) {
        size_t done = csv_parse(&r->csv, seg, n, on_field, on_row, r);
        if (r->err != RK_OK)
            return r->err;
        if (done == n)
            break;
        int e = csv_error(&r->csv);
        if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
            return RK_E_NOMEM;
        if (e != CSV_EPARSE)
            return RK_E_INTERNAL;
        /* strict-mode error at seg[done], which is the cut byte at r->cut_pos */
        if (seg[done] == '"' && !r->field_quoted) {
            report(r, RK_RULE_CSV_002, r->cut_pos, cur_field(r), NULL, &r->field_pos, NULL, NULL);
        } else {
            report(r, RK_RULE_CSV_003, r->cut_pos, cur_field(r), NULL, &r->quote_pos, NULL, NULL);
            r->field_undoubled = true;
        }
        r->csv.status = 0;
        csv_set_opts(&r->csv, (unsigned char)(r->csv_opts & ~CSV_STRICT));
        size_t one = csv_parse(&r->csv, seg + done, 1, on_field, on_row, r);
        csv_set_opts(&r->csv, r->csv_opts);
        if (r->err != RK_OK)
            return r->err;
        if (one != 1)
            return csv_error(&r->csv) == CSV_ENOMEM ? RK_E_NOMEM : RK_E_INTERNAL;
        seg += done + 1;
        n -= done + 1;
    }
    /* bound libcsv's field buffer: the field's bytes so far, not counting a quote that libcsv
     * holds until it knows whether the field ended there (so a quoted field of max_field_bytes
     * is whole whether its closing quote ends a segment or not) */
    size_t held =
        r->csv.entry_pos - (r->csv.entry_pos > 0 && r->csv.pstate == r->csv_quote_pending);
    if (held > r->opt.max_field_bytes) {
        r->field_truncated = true; /* reported by on_field */
        /* keep the last byte: libcsv may still strip a closing quote from it */
        r->csv.entry_buf[0] = r->csv.entry_buf[r->csv.entry_pos - 1];
        r->csv.entry_pos = 1;
    }
    return r->stopped ? RK_E_STOPPED : RK_OK;
}

/* libcsv's parser states between records and between fields: what a fresh parser holds, and
 * what it holds after a delimiter and after a line end; and the state after a quote inside
 * quoted text (`"a"`: the quote held in its buffer). Learnt once per process (renkei -j N
 * reads files on several threads: pthread_once); probe_ok is false when they cannot be told
 * apart or libcsv cannot be set up: then every field goes through libcsv. The probe uses
 * libcsv's own allocator, not rk_realloc: what it learns must not depend on which allocation a
 * failing-allocator test fails. */
static pthread_once_t probe_once = PTHREAD_ONCE_INIT;
static bool probe_ok;
static int probe_row_not_begun, probe_field_not_begun, probe_quote_pending;

static void probe_libcsv(void)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT) != 0)
        return;
    int row = p.pstate;
    bool ok = csv_parse(&p, ",", 1, NULL, NULL, NULL) == 1;
    int field = p.pstate;
    ok = ok && p.entry_pos == 0 && csv_parse(&p, "\n", 1, NULL, NULL, NULL) == 1 &&
         p.pstate == row && p.entry_pos == 0 && field != row;
    csv_free(&p);
    if (!ok || csv_init(&p, CSV_STRICT) != 0)
        return;
    ok = csv_parse(&p, "\"a\"", 3, NULL, NULL, NULL) == 3 && p.entry_pos == 2 &&
         p.entry_buf[1] == '"' && p.pstate != row && p.pstate != field;
    int quote = p.pstate;
    csv_free(&p);
    probe_row_not_begun = row;
    probe_field_not_begun = field;
    probe_quote_pending = quote;
    probe_ok = ok;
}

/* Hands on seg[0..n), whose last byte is the cut byte at r->cut_pos (of class c). The common
 * case, a whole unquoted field ending at a delimiter or a line end while libcsv holds nothing
 * of it, is delivered here as libcsv would deliver it (strict mode, no space trimming: the
 * field's bytes as they are), leaving libcsv in the state it would be in. Everything else,
 * quoted fields and whatever breaks the syntax, goes through libcsv. Inlined into the walk's two
 * calls: it runs once per field. */
__attribute__((always_inline)) static inline enum rk_status
deliver(struct rk_reader *r, const unsigned char *seg, size_t n, enum byte_class c)
{
    if (!r->direct || r->field_quoted || r->csv.entry_pos != 0)
        return csv_feed(r, seg, n);
    bool row_start = r->csv.pstate == r->csv_row_not_begun;
    if (!row_start && r->csv.pstate != r->csv_field_not_begun)
        return csv_feed(r, seg, n);
    unsigned char b = seg[n - 1];
    if (b == r->opt.delimiter && c == B_CUT) {
        direct_field(r, seg, n - 1);
        r->csv.pstate = r->csv_field_not_begun;
    } else if ((c == B_CR || c == B_LF) && !(row_start && n == 1)) {
        /* (a line end alone at a row's start is libcsv's to ignore) */
        direct_field(r, seg, n - 1);
        if (r->err == RK_OK)
            on_row(b, r);
        r->csv.pstate = r->csv_row_not_begun;
    } else {
        return csv_feed(r, seg, n);
    }
    if (r->err != RK_OK)
        return r->err;
    return r->stopped ? RK_E_STOPPED : RK_OK;
}

/* ---- line endings ---- */

static void account_eol(struct rk_reader *r, enum rk_eol kind, struct rk_pos pos)
{
    r->eol_seen |= (unsigned)kind;
    if (!r->eol_first)
        r->eol_first = (unsigned)kind;
    else if ((unsigned)kind != r->eol_first && !r->eol_mixed_reported) {
        report(r, RK_RULE_CSV_009, pos, 0,
               kind == RK_EOL_CRLF ? "CRLF"
               : kind == RK_EOL_LF ? "LF"
                                   : "CR",
               NULL, NULL, NULL);
        r->eol_mixed_reported = true;
    }
    if (r->opt.eol_allowed & (unsigned)kind)
        return;
    if (kind == RK_EOL_LF && !r->eol_reported_lf) {
        report(r, RK_RULE_CSV_007, pos, 0, NULL, NULL, NULL, NULL);
        r->eol_reported_lf = true;
    } else if (kind == RK_EOL_CR && !r->eol_reported_cr) {
        report(r, RK_RULE_CSV_008, pos, 0, NULL, NULL, NULL, NULL);
        r->eol_reported_cr = true;
    }
}

/* ---- characters ---- */

static void report_char(struct rk_reader *r, enum rk_rule_id rule, struct rk_pos pos,
                        const char *detail)
{
    report(r, rule, pos, cur_field(r), detail, NULL, NULL, NULL);
}

/* JIS-001 / JIS-002: what becomes of the character cp (MS932 code lead, trail; lead 0 for
 * UTF-8 input) in the conversion to standard 5.0 (JIS X 0213). */
static void check_jis(struct rk_reader *r, uint32_t cp, unsigned char lead, unsigned char trail)
{
    enum rk_jis_fate fate = rk_jisx0213_fate(cp);
    if (fate == RK_JIS_SAFE)
        return;
    char ch[8], d[96];
    ch[rk_utf8_put(cp, ch)] = '\0';
    int k = snprintf(d, sizeof d, "U+%04X", (unsigned)cp);
    if (lead)
        k += snprintf(d + k, sizeof d - (size_t)k, " 0x%02X%02X", lead, trail);
    /* the same bytes as a JIS X 0208/0213 code (Shift_JIS-2004): the character a converter
     * that maps codes gives (～ 0x8160 -> 1-1-33 〜, ￢ 0x81CA -> 1-2-44 ¬); for the NEC and
     * IBM extensions (0xED40 on) it is another kanji, so it is told only where converters are
     * known to differ */
    uint32_t as = lead ? rk_cp932_as_sjis2004(lead, trail) : cp;
    unsigned j = as != cp && as != 0xFFFFFFFFu ? rk_unicode_to_jisx0213(as) : 0;
    if (j && j != RK_JIS_ASCII && (fate == RK_JIS_DIFFERS || lead < 0xED)) {
        char as_ch[8];
        as_ch[rk_utf8_put(as, as_ch)] = '\0';
        snprintf(d + k, sizeof d - (size_t)k, "; JIS %u-%u-%u = %s U+%04X", RK_JIS_PLANE(j),
                 RK_JIS_ROW(j), RK_JIS_CELL(j), as_ch, (unsigned)as);
    }
    report(r, fate == RK_JIS_NONE ? RK_RULE_JIS_001 : RK_RULE_JIS_002, r->mb_pos, cur_field(r), d,
           NULL, NULL, ch);
}

static void finish_cp932(struct rk_reader *r, unsigned char lead, unsigned char trail)
{
    unsigned back = 0;
    enum rk_char_class c = rk_cp932_double(lead, trail, &back);
    if (c == RK_CH_OK) {
        if (r->opt.check_jisx0213)
            check_jis(r, rk_cp932_to_unicode(lead, trail), lead, trail);
        return; /* the common case: nothing to format */
    }
    char d[48];
    snprintf(d, sizeof d, "0x%02X%02X", lead, trail);
    switch (c) {
    case RK_CH_OK:
        break;
    case RK_CH_UNASSIGNED:
        report_char(r, RK_RULE_ENC_004, r->mb_pos, d);
        break;
    case RK_CH_GAIJI:
        report_char(r, RK_RULE_ENC_005, r->mb_pos, d);
        break;
    case RK_CH_NONROUNDTRIP:
        snprintf(d, sizeof d, "0x%02X%02X -> 0x%04X", lead, trail, back);
        report_char(r, RK_RULE_ENC_006, r->mb_pos, d);
        break;
    case RK_CH_ENVDEP:
        report_char(r, RK_RULE_ENC_007, r->mb_pos, d);
        break;
    default:
        break;
    }
    if (r->opt.check_jisx0213 && (c == RK_CH_NONROUNDTRIP || c == RK_CH_ENVDEP))
        check_jis(r, rk_cp932_to_unicode(lead, trail), lead, trail);
}

static void finish_utf8(struct rk_reader *r)
{
    uint32_t cp = 0;
    unsigned char b0 = r->mb[0];
    int n = r->mb_have;
    cp = n == 2 ? (b0 & 0x1Fu) : n == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
    for (int i = 1; i < n; i++)
        cp = (cp << 6) | (r->mb[i] & 0x3Fu);
    char d[64];
    if (r->opt.check_jisx0213)
        check_jis(r, cp, 0, 0);
    if (!r->opt.target_ms932)
        return;
    unsigned code = 0;
    uint32_t back = 0;
    switch (rk_unicode_to_ms932(cp, &code, &back)) {
    case RK_CH_GAIJI:
        snprintf(d, sizeof d, "U+%04X", (unsigned)cp);
        report_char(r, RK_RULE_ENC_005, r->mb_pos, d);
        break;
    case RK_CH_NOT_MS932: {
        /* a JIS X 0213 character outside MS932: what standard 5.0 data (JIS X 0213) coming
         * back to a 4.1 partner (MS932) cannot carry */
        unsigned j = rk_unicode_to_jisx0213(cp);
        if (j && j != RK_JIS_ASCII && (j & RK_JIS_KANA) != RK_JIS_KANA)
            snprintf(d, sizeof d, "U+%04X JIS X 0213 %u-%u-%u: 5.0 -> 4.1", (unsigned)cp,
                     RK_JIS_PLANE(j), RK_JIS_ROW(j), RK_JIS_CELL(j));
        else
            snprintf(d, sizeof d, "U+%04X", (unsigned)cp);
        report_char(r, RK_RULE_ENC_010, r->mb_pos, d);
        break;
    }
    case RK_CH_CHANGES:
        snprintf(d, sizeof d, "U+%04X -> 0x%04X -> U+%04X", (unsigned)cp, code, (unsigned)back);
        report_char(r, RK_RULE_ENC_012, r->mb_pos, d);
        break;
    case RK_CH_ENVDEP:
        snprintf(d, sizeof d, "U+%04X -> 0x%04X", (unsigned)cp, code);
        report_char(r, RK_RULE_ENC_007, r->mb_pos, d);
        break;
    default:
        break;
    }
}

/* The second..fourth byte of a UTF-8 sequence: is b allowed here? (RFC 3629 table) */
static bool utf8_cont_ok(const struct rk_reader *r, unsigned char b)
{
    if ((b & 0xC0) != 0x80)
        return false;
    if (r->mb_have == 1) {
        unsigned char b0 = r->mb[0];
        if (b0 == 0xE0 && b < 0xA0)
            return false; /* overlong */
        if (b0 == 0xED && b > 0x9F)
            return false; /* surrogate */
        if (b0 == 0xF0 && b < 0x90)
            return false; /* overlong */
        if (b0 == 0xF4 && b > 0x8F)
            return false; /* above U+10FFFF */
    }
    return true;
}

/* A multi-byte character left incomplete by byte b (or end of input). */
static void mb_abandon(struct rk_reader *r, bool at_eof)
{
    char d[32];
    if (r->opt.encoding == RK_ENC_CP932) {
        snprintf(d, sizeof d, "0x%02X", r->mb[0]);
        report_char(r, at_eof ? RK_RULE_ENC_003 : RK_RULE_ENC_002, r->mb_pos, d);
    } else {
        size_t k = 0;
        for (int i = 0; i < r->mb_have && k + 6 < sizeof d; i++)
            k += (size_t)snprintf(d + k, sizeof d - k, "%s0x%02X", i ? " " : "", r->mb[i]);
        report_char(r, RK_RULE_ENC_009, r->mb_pos, d);
    }
    r->mb_have = r->mb_need = 0;
    r->pos.column++;
}

/* Resolves a pending multi-byte character with byte b. Returns true when b was consumed. */
static bool mb_continue(struct rk_reader *r, unsigned char b)
{
    if (r->opt.encoding == RK_ENC_CP932) {
        if ((b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFC)) {
            finish_cp932(r, r->mb[0], b);
            r->mb_have = r->mb_need = 0;
            r->pos.column++;
            r->pos.byte++;
            r->after_cr = false;
            return true;
        }
        mb_abandon(r, false);
        return false;
    }
    if (!utf8_cont_ok(r, b)) {
        mb_abandon(r, false);
        return false;
    }
    r->mb[r->mb_have++] = b;
    r->pos.byte++;
    if (r->mb_have == r->mb_need) {
        finish_utf8(r);
        r->mb_have = r->mb_need = 0;
        r->pos.column++;
    }
    return true;
}

/* Starts a multi-byte character (or reports a byte that cannot start one). */
static void mb_start(struct rk_reader *r, unsigned char b)
{
    int need = 0;
    if (r->opt.encoding == RK_ENC_CP932) {
        need = 2;
    } else if (b >= 0xC2 && b <= 0xDF) {
        need = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 4;
    }
    r->mb[0] = b;
    r->mb_have = 1;
    r->mb_need = need;
    r->mb_pos = r->pos;
    r->pos.byte++;
}

/* ---- the walk ---- */

static void build_classes(struct rk_reader *r)
{
    for (int b = 0; b < 256; b++) {
        enum byte_class c;
        if (b < 0x20 || b == 0x7F)
            c = B_CTRL;
        else if (b < 0x80)
            c = B_TEXT;
        else if (r->opt.encoding == RK_ENC_CP932)
            c = rk_cp932_single((unsigned char)b) == 1   ? B_TEXT
                : rk_cp932_single((unsigned char)b) == 2 ? B_MULTI
                                                         : B_BAD;
        else
            c = (b >= 0xC2 && b <= 0xF4) ? B_MULTI : B_BAD;
        r->cls[b] = (unsigned char)c;
    }
    r->cls['\t'] = B_TAB;
    r->cls['\r'] = B_CR;
    r->cls['\n'] = B_LF;
    r->cls['"'] = r->opt.no_quotes ? B_TEXT : B_CUT;
    r->cls[r->opt.delimiter] = B_CUT;
}

/* A line break inside quoted text, or the bound on it. */
static enum rk_status data_line_break(struct rk_reader *r, unsigned char b)
{
    if (b == '\n' && r->data_cr) {
        r->data_cr = false;
        return RK_OK; /* second half of CRLF */
    }
    r->quoted_lines++;
    if (!r->data_eol_reported && b == '\n') {
        report(r, RK_RULE_CSV_012, r->cut_pos, cur_field(r), "LF", NULL, NULL, NULL);
        r->data_eol_reported = true;
    }
    r->data_cr = b == '\r';
    r->data_cr_pos = r->cut_pos;
    /* An undoubled quote followed by a line break means the quotes no longer pair up on
     * this line: stop here rather than let the field swallow the lines that follow. */
    if (r->quoted_lines <= r->opt.max_quoted_lines && !r->field_undoubled)
        return RK_OK;
    /* give up on this field: report where it opened, drop the record, resync here */
    char d[48];
    if (r->field_undoubled)
        snprintf(d, sizeof d, "line break after an undoubled quote");
    else
        snprintf(d, sizeof d, "> %zu lines", r->opt.max_quoted_lines);
    report(r, RK_RULE_CSV_001, r->field_pos, cur_field(r), d, &r->field_pos, NULL, NULL);
    r->numbered++; /* the dropped record keeps its number */
    csv_stop(r);
    enum rk_status st = csv_start(r);
    if (st != RK_OK)
        return st;
    reset_record(r);
    r->awaiting_record = true;
    r->at_field_start = false;
    r->record_cr_pending = false; /* after_cr swallows the LF of this line's CRLF */
    r->data_cr = false;
    r->quoted_lines = 0;
    r->field_truncated = false;
    r->field_undoubled = false;
    r->field_quoted = false;
    return RK_OK;
}

/* The bytes of the well-formed UTF-8 character at p[j] (whole in p[j..n)) when it needs no
 * finding (what finish_utf8 would report nothing for), else 0. */
static size_t utf8_plain(const struct rk_reader *r, const unsigned char *p, size_t j, size_t n)
{
    size_t len = rk_utf8_len(p + j, n - j);
    if (len == 0 || !(r->opt.check_jisx0213 || r->opt.target_ms932))
        return len;
    unsigned char b0 = p[j];
    uint32_t cp = len == 2 ? (b0 & 0x1Fu) : len == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
    for (size_t k = 1; k < len; k++)
        cp = (cp << 6) | (p[j + k] & 0x3Fu);
    if (r->opt.check_jisx0213 && rk_jisx0213_fate(cp) != RK_JIS_SAFE)
        return 0;
    unsigned code;
    uint32_t back;
    if (r->opt.target_ms932 && rk_unicode_to_ms932(cp, &code, &back) != RK_CH_OK)
        return 0;
    return len;
}

/* The bytes of the multi-byte character at p[j] (a B_MULTI byte) when it needs nothing but
 * counting: a valid MS932 double-byte code (rk_cp932_plain), or UTF-8 as utf8_plain says (a
 * 3-byte sequence whose lead byte puts no bound on the second, the common Japanese case, is
 * told here); else 0. */
__attribute__((always_inline)) static inline size_t mb_plain(const struct rk_reader *r,
                                                             const unsigned char *p, size_t j,
                                                             size_t n, bool cp932, bool jis)
{
    if (cp932)
        return j + 1 < n && rk_cp932_plain(p[j], p[j + 1], jis) ? 2 : 0;
    unsigned char b = p[j];
    if (((b >= 0xE1 && b <= 0xEC) || b >= 0xEE) && b <= 0xEF && j + 2 < n &&
        ((p[j + 1] & 0xC0) | ((p[j + 2] & 0xC0) >> 2)) == 0xA0 &&
        !(r->opt.check_jisx0213 | r->opt.target_ms932))
        return 3;
    return utf8_plain(r, p, j, n);
}

/* The walk's settings that the fast path reads at every field, loaded once per chunk. */
struct walk_opts {
    bool cp932, jis;
    bool wide; /* the wide scan and the multi-byte fast path; not in the reference walk */
};

/* The end of the run of plain characters from p[j] (ASCII, half-width kana, multi-byte
 * characters that need no finding: what needs nothing but counting); *cols receives its
 * characters. Runs of printable ASCII are skipped 16 or 8 bytes at a time (sc, over p[0..n):
 * text_scan.h); the reference walk (options.libcsv_only) goes byte by byte through the class
 * table, and every multi-byte character there goes the slow way (mb_start). */
__attribute__((always_inline)) static inline size_t
plain_run(const struct rk_reader *r, struct rk_scan *sc, const unsigned char *p, size_t j, size_t n,
          struct walk_opts w, uint64_t *cols)
{
    const unsigned char *cls = r->cls;
    size_t k = j, multi = 0; /* bytes of multi-byte characters, beyond their first */
    for (;;) {
        if (w.wide)
            k = rk_scan_next(sc, k);
        if (k >= n)
            break;
        enum byte_class c = (enum byte_class)cls[p[k]];
        if (c == B_TEXT) { /* half-width kana, or any text in the reference walk */
            k++;
            continue;
        }
        if (c != B_MULTI || !w.wide)
            break;
        /* a run of multi-byte characters (kanji): each followed by the next without a scan */
        size_t len;
        do {
            if (!(len = mb_plain(r, p, k, n, w.cp932, w.jis)))
                goto done;
            k += len;
            multi += len - 1;
        } while (k < n && cls[p[k]] == B_MULTI);
    }
done:
    *cols = k - j - multi;
    return k;
}

/* Delivers the unquoted field that the delimiter at p[*ip] ends (whole in p from *segp, libcsv
 * holding nothing of it: the walk checked that), then each following field of plain characters
 * that a delimiter ends, as views of p, with the position kept in locals (written back once: a
 * struct rk_pos stored member by member and read back whole stalls the CPU). A CR LF after such
 * a field ends the record here as the switch and deliver() would end it (the record callback at
 * the CR, CRLF accounted at the LF; the fast path then starts the next record). Leaves *ip at
 * the first byte that is not such a field's, *segp where the field that goes on there began,
 * and libcsv in its state between fields or records. */
static enum rk_status plain_fields(struct rk_reader *r, struct rk_scan *sc, const unsigned char *p,
                                   size_t *ip, size_t n, size_t *segp, struct walk_opts w)
{
    const unsigned char delim = r->opt.delimiter;
    struct rk_scan scan = *sc; /* in registers while the loop runs */
    size_t i = *ip, start = *segp;
    struct rk_pos pos = r->pos, fpos = r->field_pos, cut;
    size_t chars = (size_t)(r->line_base + pos.column - r->field_chars);
    bool started; /* a field began after the last delimiter and goes on past the run */
    for (;;) {
        /* the field p[start..i) ends at the delimiter at i */
        add_view(r, p + start, i - start, fpos, chars);
        if (r->err != RK_OK) {
            *sc = scan;
            return r->err;
        }
        cut = pos;
        pos.column++;
        pos.byte++;
        start = ++i;
        fpos = pos;
        if (i >= n) {
            started = false;
            break;
        }
        uint64_t cols;
        size_t j = plain_run(r, &scan, p, i, n, w, &cols);
        started = j > i || p[i] == delim; /* else not a plain character: not this loop's field */
        if (started) {
            pos.column += cols;
            pos.byte += j - i;
            i = j;
            if (j < n && p[j] == delim) {
                chars = (size_t)cols;
                continue;
            }
        }
        if (!(w.wide && i + 1 < n && p[i] == '\r' && p[i + 1] == '\n'))
            break;
        /* the field p[start..i) is the record's last: CR LF ends it */
        add_view(r, p + start, i - start, fpos, (size_t)cols);
        if (r->err != RK_OK) {
            *sc = scan;
            return r->err;
        }
        cut = pos;
        r->cut_pos = cut;
        on_row('\r', r);
        r->csv.pstate = r->csv_row_not_begun;
        if (r->err != RK_OK) {
            *sc = scan;
            return r->err;
        }
        if (r->stopped) { /* where the switch leaves it: at the CR, its CRLF not yet told */
            r->record_cr_pending = true;
            r->term_pos = cut;
            r->pos = cut;
            r->after_cr = false;
            *sc = scan;
            return RK_E_STOPPED;
        }
        account_eol(r, RK_EOL_CRLF, cut);
        r->line_base += cut.column;
        pos.line++;
        pos.column = 1;
        pos.byte += 2;
        i += 2;
        start = i;
        r->pos = pos;
        r->after_cr = false;
        r->field_truncated = false;
        r->field_undoubled = false;
        r->field_quoted = false;
        r->quoted_lines = 0;
        r->field_pos = pos;
        r->field_chars = r->line_base + pos.column;
        *sc = scan;
        *ip = i;
        *segp = start;
        return RK_OK;
    }
    r->cut_pos = cut;
    r->pos = pos;
    r->after_cr = false;
    r->csv.pstate = r->csv_field_not_begun;
    r->field_truncated = false;
    r->field_undoubled = false;
    r->field_quoted = false;
    r->quoted_lines = 0;
    r->field_pos = fpos;
    r->field_chars = r->line_base + fpos.column;
    r->at_field_start = !started;
    *sc = scan;
    *ip = i;
    *segp = start;
    return RK_OK;
}

static enum rk_status walk_bytes(struct rk_reader *r, const unsigned char *p, size_t n)
{
    size_t seg = 0;
    const struct walk_opts w = {
        .cp932 = r->opt.encoding == RK_ENC_CP932, .jis = r->opt.check_jisx0213, .wide = r->wide};
    struct rk_scan sc;
    rk_scan_init(&sc, p, n, r->opt.delimiter, r->stop_quote);
    for (size_t i = 0; i < n; i++) {
        /* Fast path: inside a field, a run of plain characters needs nothing but counting;
         * libcsv takes them with the segment that ends at the next cut byte. A delimiter that
         * ends the run ends the field: plain_fields delivers it, and the plain fields after
         * it, when libcsv holds nothing of it (as deliver() would); else deliver() hands it on
         * as the switch below would. A quoted field is libcsv's: its opening quote is taken
         * here as the switch would take it (no cut: libcsv cannot stop there), and when its
         * closing quote is followed by the delimiter, the two go to libcsv in one csv_feed,
         * which calls back at the delimiter (a quote inside quoted text is never an error in
         * itself: the byte after it is where libcsv would stop). */
        while (!r->mb_have && !r->after_quote && !r->data_cr) {
            if (r->awaiting_record) {
                /* a record starts at p[i], unless it is a line end (the switch's: the end of
                 * a CR line, an empty line) */
                if (!w.wide || r->record_cr_pending || p[i] == '\r' || p[i] == '\n')
                    break;
                r->awaiting_record = false;
                r->record_pos = r->pos;
                r->at_field_start = true;
            }
            if (r->at_field_start) {
                if (w.wide && p[i] == r->stop_quote && p[i] == '"') {
                    r->field_pos = r->pos;
                    r->field_chars = r->line_base + r->pos.column;
                    r->field_quoted = true;
                    r->at_field_start = false;
                    r->pos.column++;
                    r->pos.byte++;
                    r->after_cr = false;
                    if (++i >= n)
                        break;
                } else if (r->cls[p[i]] != B_TEXT && p[i] != r->opt.delimiter &&
                           !(w.wide && r->cls[p[i]] == B_MULTI &&
                             mb_plain(r, p, i, n, w.cp932, w.jis))) {
                    break; /* not a plain character: the switch's */
                } else {
                    /* an unquoted field starts with a plain character, or is empty */
                    r->field_pos = r->pos;
                    r->field_chars = r->line_base + r->pos.column;
                    r->field_quoted = false;
                    r->at_field_start = false;
                }
            }
            uint64_t cols;
            size_t j = plain_run(r, &sc, p, i, n, w, &cols);
            r->pos.column += cols;
            r->pos.byte += j - i;
            if (j > i)
                r->after_cr = false;
            i = j;
            if (!(j < n && p[j] == r->opt.delimiter)) {
                if (!(w.wide && r->field_quoted && r->csv_quote_pending >= 0 && j + 1 < n &&
                      p[j] == '"' && p[j + 1] == r->opt.delimiter))
                    break;
                /* the closing quote at j, the delimiter after it */
                r->pos.column++;
                r->pos.byte++;
                r->after_cr = false;
                r->cut_pos = r->pos;
                i = j + 1;
                if (r->cut_pos.byte - r->field_pos.byte ==
                    i - seg) { /* p[seg]: its opening quote */
                    r->quoted_view = p + seg + 1;
                    r->quoted_view_len = j - seg - 1;
                }
                enum rk_status st = csv_feed(r, p + seg, i + 1 - seg);
                r->quoted_view = NULL;
                if (st != RK_OK)
                    return st;
                r->pos.column++;
                r->pos.byte++;
                seg = ++i;
                if (i >= n)
                    break;
                continue;
            }
            /* the delimiter at i ends the field */
            r->cut_pos = r->pos;
            if (r->direct && !r->field_quoted && r->csv.entry_pos == 0 &&
                (r->csv.pstate == r->csv_field_not_begun ||
                 r->csv.pstate == r->csv_row_not_begun)) {
                enum rk_status st = plain_fields(r, &sc, p, &i, n, &seg, w);
                if (st != RK_OK)
                    return st;
                if (i >= n || !(r->at_field_start || r->awaiting_record))
                    break; /* the byte at i is the switch's (or the chunk is done) */
                continue;  /* a field or a record that is not plain starts at i */
            }
            enum rk_status st = deliver(r, p + seg, i + 1 - seg, B_CUT);
            if (st != RK_OK)
                return st;
            r->pos.column++;
            r->pos.byte++;
            r->after_cr = false;
            seg = ++i;
            if (i >= n)
                break;
        }
        if (i >= n)
            break;
        unsigned char b = p[i];
        if (r->mb_have && mb_continue(r, b))
            continue;
        enum byte_class c = (enum byte_class)r->cls[b];
        struct rk_pos here = r->pos;

        /* a data CR not followed by LF inside quoted text */
        if (r->data_cr && b != '\n') {
            if (!r->data_eol_reported) {
                report(r, RK_RULE_CSV_012, r->data_cr_pos, cur_field(r), "CR", NULL, NULL, NULL);
                r->data_eol_reported = true;
            }
            r->data_cr = false;
        }

        /* between records: line ends here are terminators or empty lines */
        if (r->awaiting_record) {
            if (c == B_CR || c == B_LF) {
                if (b == '\n' && r->after_cr) {
                    /* second half of a CRLF: of the last record, or of an empty line */
                    if (r->record_cr_pending)
                        account_eol(r, RK_EOL_CRLF, r->term_pos);
                    r->record_cr_pending = false;
                } else {
                    if (r->record_cr_pending)
                        account_eol(r, RK_EOL_CR, r->term_pos);
                    r->record_cr_pending = false;
                    report_at(r, RK_RULE_CSV_005, here, 0, 0, NULL);
                }
                if (b == '\r') {
                    r->pos.line++;
                    r->pos.column = 1;
                    r->after_cr = true;
                } else {
                    if (!r->after_cr) {
                        r->pos.line++;
                        r->pos.column = 1;
                    }
                    r->after_cr = false;
                }
                r->pos.byte++;
                /* libcsv ignores line ends between records; feed what precedes, skip this */
                if (seg < i) {
                    enum rk_status st = csv_feed(r, p + seg, i - seg);
                    if (st != RK_OK)
                        return st;
                }
                seg = i + 1;
                continue;
            }
            if (r->record_cr_pending) {
                account_eol(r, RK_EOL_CR, r->term_pos);
                r->record_cr_pending = false;
            }
            r->awaiting_record = false;
            r->record_pos = here;
            r->field_pos = here;
            r->field_chars = r->line_base + here.column;
            r->at_field_start = true;
        }
        bool opening = false; /* the quote that opens a quoted field */
        if (r->at_field_start) {
            r->field_pos = here;
            r->field_chars = r->line_base + here.column;
            r->field_quoted = opening = b == '"' && !r->opt.no_quotes;
            r->at_field_start = false;
        }

        bool cut = r->after_quote;
        r->after_quote = false;
        switch (c) {
        case B_TEXT:
            r->pos.column++;
            break;
        case B_CUT:
            /* libcsv cannot stop on an opening quote or the byte after it: no cut there */
            cut = !opening;
            if (b == '"' && !opening) {
                r->after_quote = true;
                r->quote_pos = here;
            }
            r->pos.column++;
            break;
        case B_CR:
        case B_LF:
            cut = true;
            break;
        case B_TAB:
            report_char(r, RK_RULE_ENC_013, here, "U+0009");
            r->pos.column++;
            break;
        case B_CTRL: {
            char d[16];
            snprintf(d, sizeof d, "U+%04X", b);
            report_char(r, RK_RULE_ENC_011, here, d);
            r->pos.column++;
            break;
        }
        case B_MULTI:
            mb_start(r, b);
            if (r->mb_need == 0)
                mb_abandon(r, false);
            if (cut) {
                r->cut_pos = here;
                enum rk_status st = csv_feed(r, p + seg, i + 1 - seg);
                if (st != RK_OK)
                    return st;
                seg = i + 1;
            }
            r->after_cr = false;
            continue;
        case B_BAD: {
            char d[16];
            snprintf(d, sizeof d, "0x%02X", b);
            report_char(r, r->opt.encoding == RK_ENC_CP932 ? RK_RULE_ENC_001 : RK_RULE_ENC_009,
                        here, d);
            r->pos.column++;
            break;
        }
        }
        if (cut) {
            r->cut_pos = here;
            r->row_ended = false;
            enum rk_status st = deliver(r, p + seg, i + 1 - seg, c);
            seg = i + 1;
            if (st != RK_OK && st != RK_E_STOPPED)
                return st;
            if (c == B_CR || c == B_LF) {
                if (r->row_ended) {
                    if (b == '\n')
                        account_eol(r, RK_EOL_LF, here);
                    else {
                        r->record_cr_pending = true;
                        r->term_pos = here;
                    }
                } else if (!r->awaiting_record) {
                    enum rk_status st2 = data_line_break(r, b);
                    if (st2 != RK_OK)
                        return st2;
                }
            }
            if (st == RK_E_STOPPED)
                return st;
        }
        /* advance lines */
        if (b == '\r') {
            r->line_base += r->pos.column;
            r->pos.line++;
            r->pos.column = 1;
            r->after_cr = true;
        } else if (b == '\n') {
            if (!r->after_cr) {
                r->line_base += r->pos.column;
                r->pos.line++;
                r->pos.column = 1;
            } else {
                r->line_base++;
            }
            r->after_cr = false;
        } else {
            r->after_cr = false;
        }
        if (c != B_MULTI)
            r->pos.byte++;
    }
    if (seg < n)
        return csv_feed(r, p + seg, n - seg);
    return RK_OK;
}

/* Walks the chunk p[0..n); the record that goes on past it keeps its fields (keep_fields). */
static enum rk_status walk(struct rk_reader *r, const unsigned char *p, size_t n)
{
    enum rk_status st = walk_bytes(r, p, n);
    if (st == RK_OK && r->nslots)
        st = keep_fields(r, p, n);
    return st;
}

/* ---- BOM ---- */

static enum rk_status head_flush(struct rk_reader *r)
{
    r->head_done = true;
    if (r->head_len == 3 && r->head[0] == 0xEF && r->head[1] == 0xBB && r->head[2] == 0xBF) {
        if (!(r->opt.encoding == RK_ENC_UTF8 && r->opt.bom_allowed))
            report(r, RK_RULE_ENC_008, r->pos, 0, "EF BB BF", NULL, NULL, NULL);
        r->pos.byte += 3;
        return RK_OK;
    }
    return walk(r, r->head, (size_t)r->head_len);
}

/* ---- public ---- */

enum rk_status rk_reader_new(struct rk_reader **out, const struct rk_reader_options *opt,
                             const char *path, rk_sink_fn sink, void *sink_ctx,
                             rk_record_fn on_record, void *record_ctx)
{
    *out = NULL;
    enum rk_status st = rk_encoding_init();
    if (st != RK_OK)
        return st;
    struct rk_reader *r = rk_calloc(1, sizeof *r);
    if (!r)
        return RK_E_NOMEM;
    if (opt)
        r->opt = *opt;
    if (r->opt.encoding == RK_ENC_DEFAULT)
        r->opt.encoding = RK_ENC_CP932;
    if (!r->opt.delimiter)
        r->opt.delimiter = ',';
    if (!r->opt.eol_allowed)
        r->opt.eol_allowed = RK_EOL_CRLF;
    if (!r->opt.max_field_bytes)
        r->opt.max_field_bytes = DEF_MAX_FIELD_BYTES;
    if (!r->opt.max_fields)
        r->opt.max_fields = DEF_MAX_FIELDS;
    if (!r->opt.max_quoted_lines)
        r->opt.max_quoted_lines = DEF_MAX_QUOTED_LINES;
    if (!r->opt.max_record_bytes)
        r->opt.max_record_bytes = DEF_MAX_RECORD_BYTES;
    if (r->opt.delimiter == '"' || r->opt.delimiter == '\r' || r->opt.delimiter == '\n' ||
        r->opt.delimiter >= 0x80) {
        rk_free(r);
        return RK_E_ARG;
    }
    r->own_em.sink = sink;
    r->own_em.ctx = sink_ctx;
    r->own_em.path = path;
    r->own_em.profile = r->opt.profile;
    r->em = &r->own_em;
    r->on_record = on_record;
    r->record_ctx = record_ctx;
    r->csv_opts = CSV_STRICT | CSV_STRICT_FINI;
    r->csv_quote_pending = -1;
    if (pthread_once(&probe_once, probe_libcsv) == 0 && probe_ok) {
        r->csv_quote_pending = probe_quote_pending; /* the reference read's bound too */
        if (!r->opt.libcsv_only) {
            r->direct = true;
            r->csv_row_not_begun = probe_row_not_begun;
            r->csv_field_not_begun = probe_field_not_begun;
        }
    }
    r->wide = !r->opt.libcsv_only;
    r->stop_quote = r->opt.no_quotes ? (unsigned char)r->opt.delimiter : (unsigned char)'"';
    r->pos.line = 1;
    r->pos.column = 1;
    r->awaiting_record = true;
    build_classes(r);
    st = csv_start(r);
    if (st != RK_OK) {
        rk_free(r);
        return st;
    }
    *out = r;
    return RK_OK;
}

/* DOS and old Windows programs may end a text file with 0x1A (Ctrl-Z), which no layout allows.
 * The last byte fed is held back until more come or the input ends: right after the last
 * record's line end it is one finding, not a broken record of its own. */
static const unsigned char eof_mark[1] = {0x1A};

enum rk_status rk_reader_feed(struct rk_reader *r, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    if (r->err != RK_OK)
        return r->err;
    if (r->stopped)
        return RK_E_STOPPED;
    while (!r->head_done && len > 0) {
        r->head[r->head_len++] = *p++;
        len--;
        static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
        if (r->head_len == 3 || r->head[r->head_len - 1] != bom[r->head_len - 1]) {
            enum rk_status st = head_flush(r);
            if (st != RK_OK) {
                if (st != RK_E_STOPPED)
                    r->err = st;
                return st;
            }
        }
    }
    if (len == 0)
        return RK_OK;
    enum rk_status st = RK_OK;
    if (r->eof_mark_held) { /* more bytes came: it was a control character like any other */
        r->eof_mark_held = false;
        st = walk(r, eof_mark, 1);
    }
    bool hold = p[len - 1] == eof_mark[0];
    if (st == RK_OK && len > hold)
        st = walk(r, p, len - hold);
    r->eof_mark_held = hold && st == RK_OK;
    if (st != RK_OK && st != RK_E_STOPPED)
        r->err = st;
    return st;
}

enum rk_status rk_reader_finish(struct rk_reader *r)
{
    if (r->err != RK_OK)
        return r->err;
    if (r->stopped)
        return RK_E_STOPPED;
    enum rk_status st = RK_OK;
    if (!r->head_done && (st = head_flush(r)) != RK_OK)
        return st;
    if (r->eof_mark_held) {
        r->eof_mark_held = false;
        /* after the last record's line end, or ending an unquoted last field (no line end) */
        if (!r->mb_have && (r->awaiting_record ? r->numbered > 0 : !r->field_quoted)) {
            report_char(r, RK_RULE_ENC_011, r->pos,
                        "U+001A: an end-of-file mark (Ctrl-Z) at the end of the file");
            r->pos.byte++;
            r->pos.column++;
        } else if ((st = walk(r, eof_mark, 1)) != RK_OK) {
            return st;
        }
    }
    if (r->mb_have)
        mb_abandon(r, true);
    if (r->data_cr && !r->data_eol_reported) {
        report(r, RK_RULE_CSV_012, r->data_cr_pos, cur_field(r), "CR", NULL, NULL, NULL);
        r->data_cr = false;
    }
    if (r->record_cr_pending) {
        account_eol(r, RK_EOL_CR, r->term_pos);
        r->record_cr_pending = false;
    }
    if (!r->awaiting_record) {
        /* the last record has no line end */
        r->cut_pos = r->pos;
        r->row_ended = false;
        int rc = csv_fini(&r->csv, on_field, on_row, r);
        if (r->err != RK_OK)
            return r->err;
        if (rc != 0 && csv_error(&r->csv) == CSV_EPARSE) {
            report(r, RK_RULE_CSV_001, r->field_pos, cur_field(r), "EOF", &r->field_pos, NULL,
                   NULL);
            r->numbered++; /* the dropped record keeps its number */
            reset_record(r);
            r->awaiting_record = true;
        } else if (rc != 0) {
            return r->err = RK_E_NOMEM;
        } else {
            report(r, RK_RULE_CSV_006, r->pos, 0, NULL, NULL, NULL, NULL);
        }
    }
    if (r->numbered == 0)
        report_at(r, RK_RULE_CSV_013, r->pos, 0, 0, NULL);
    if (r->em == &r->own_em)
        rk_emit_flush(r->em, r->pos); /* else the owner of the emitter flushes it */
    return r->stopped ? RK_E_STOPPED : RK_OK;
}

void rk_reader_set_emitter(struct rk_reader *r, struct rk_emitter *em)
{
    r->em = em;
}

struct rk_pos rk_reader_end(const struct rk_reader *r)
{
    return r->pos;
}

uint64_t rk_reader_records(const struct rk_reader *r)
{
    return r->numbered; /* delivered and dropped (unclosed quote) records alike */
}

void rk_reader_free(struct rk_reader *r)
{
    if (!r)
        return;
    csv_stop(r);
    rk_free(r->fields);
    rk_buf_free(&r->rec);
    rk_free(r);
}
