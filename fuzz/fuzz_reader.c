/*
 * fuzz_reader.c - the streaming CSV reader (csv_reader.c) fed in chunks.
 *
 * Input: 8 header bytes, then the CSV bytes.
 *   [0] options: bit0 UTF-8 (else CP932), bit1 bom_allowed, bit2 LF allowed, bit3 CR allowed,
 *       bit4 check_field_count, bit5 target_ms932, bit6 strict profile, bit7 tab delimiter
 *   [1] max_field_bytes  (0 = default, else 1..64; default whatever it says when
 *       RENKEI_FUZZ_SKIP holds "field-limit")
 *   [2] max_fields       (0 = default, else 1..16 by its low 4 bits); bit7 check_jisx0213
 *   [3] max_quoted_lines (0 = default, else 1..8)
 *   [4] max_record_bytes (0 = default, else 1..256)
 *   [5..7] chunk sizes, used in turn (0 means 1; at most 64)
 * The input is read three times with the same options: whole, in chunks, and in chunks with
 * every field through libcsv (options.libcsv_only, the reference for the reader's own split of
 * unquoted fields), each chunk from a buffer of its own that is scribbled over and freed once
 * fed. Invariants: the header's promise "any chunking gives identical results",
 * and that the reader's fast path and libcsv alone agree: the same findings at the same
 * positions and the same records, field by field, with the same character counts. Also:
 * record numbers increase, nfields <= max_fields and <= fields_seen, every position lies inside
 * the input, every finding is well-formed, a field has no more characters than bytes, and when
 * the input has no encoding or quoting finding every field's character count is that of its
 * decoded bytes (counted here over the field as delivered).
 * The reference read (libcsv_only) also walks byte by byte: no wide scan, every multi-byte
 * character through the reader's slow path; so the comparison covers the scan (SSE2 or SWAR,
 * text_scan.h), the MS932 and UTF-8 fast paths, and a quoted field's closing quote and
 * delimiter fed in one csv_feed. The SWAR and (where there is SSE2) SSE2 scans are also
 * compared with a byte-by-byte test over the input itself.
 */
#include "harness.h"
#include "text_scan.h"

#define HEADER 8

struct run {
    struct fz_log log;
    const struct rk_reader_options *opt;
    size_t input_len;  /* bytes after the header */
    uint64_t records;  /* records delivered */
    uint64_t last;     /* number of the last one */
    bool broken;       /* an encoding or quoting finding: characters may be counted otherwise */
    size_t miscounted; /* fields whose character count is not that of their decoded bytes */
};

/* Characters in valid MS932 or UTF-8 bytes: a lead byte takes its trail bytes with it. */
static size_t count_chars(enum rk_encoding enc, const unsigned char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (enc == RK_ENC_UTF8) {
            n += (s[i] & 0xC0) != 0x80;
        } else {
            n++;
            if (rk_cp932_single(s[i]) == 2 && i + 1 < len)
                i++;
        }
    }
    return n;
}

static void check_pos(const struct run *run, const struct rk_pos *p, const char *what)
{
    FZ_CHECK(p->byte <= run->input_len, "%s byte %llu beyond %zu", what,
             (unsigned long long)p->byte, run->input_len);
    FZ_CHECK(p->line >= 1 && p->line <= run->input_len + 1, "%s line %llu", what,
             (unsigned long long)p->line);
    FZ_CHECK(p->column >= 1 && p->column <= run->input_len + 1, "%s column %llu", what,
             (unsigned long long)p->column);
}

static void sink(void *ctx, const struct rk_finding *f)
{
    struct run *run = ctx;
    fz_check_finding(f);
    check_pos(run, &f->pos, f->rule->id);
    const char *id = f->rule->id;
    if (strncmp(id, "ENC-", 4) == 0 || strcmp(id, "CSV-001") == 0 || strcmp(id, "CSV-002") == 0 ||
        strcmp(id, "CSV-003") == 0)
        run->broken = true;
    if (f->has_context)
        check_pos(run, &f->context, "context");
    fz_log_add(&run->log, "F %s sev=%d rec=%llu field=%u at=%llu:%llu:%llu ctx=%d:%llu:%llu:%llu",
               f->rule->id, (int)f->severity, (unsigned long long)f->record, f->field,
               (unsigned long long)f->pos.byte, (unsigned long long)f->pos.line,
               (unsigned long long)f->pos.column, f->has_context,
               (unsigned long long)f->context.byte, (unsigned long long)f->context.line,
               (unsigned long long)f->context.column);
    fz_log_add(&run->log, " e=%s a=%s d=%s\n", f->expected ? f->expected : "-",
               f->actual ? f->actual : "-", f->detail ? f->detail : "-");
}

static int on_record(void *ctx, const struct rk_record *rec)
{
    struct run *run = ctx;
    /* a record dropped after a syntax error keeps its number, so numbers may skip */
    FZ_CHECK(rec->number > run->last, "record %llu after %llu", (unsigned long long)rec->number,
             (unsigned long long)run->last);
    run->last = rec->number;
    run->records++;
    FZ_CHECK(rec->nfields >= 1, "record %llu without fields", (unsigned long long)rec->number);
    FZ_CHECK(rec->nfields <= run->opt->max_fields || run->opt->max_fields == 0,
             "nfields %zu > max %zu", rec->nfields, run->opt->max_fields);
    FZ_CHECK(rec->nfields <= rec->fields_seen, "nfields %zu > seen %zu", rec->nfields,
             rec->fields_seen);
    check_pos(run, &rec->pos, "record");
    fz_log_add(&run->log, "R %llu at=%llu:%llu:%llu n=%zu seen=%zu\n",
               (unsigned long long)rec->number, (unsigned long long)rec->pos.byte,
               (unsigned long long)rec->pos.line, (unsigned long long)rec->pos.column, rec->nfields,
               rec->fields_seen);
    size_t total = 0;
    for (size_t i = 0; i < rec->nfields; i++) {
        const struct rk_field *f = &rec->fields[i];
        FZ_CHECK(f->len == 0 || f->data != NULL, "field %zu: data NULL", i + 1);
        FZ_CHECK((f->flags & ~(RK_FIELD_QUOTED | RK_FIELD_TRUNCATED)) == 0, "flags %u", f->flags);
        FZ_CHECK(f->len <= run->input_len, "field %zu: %zu bytes from %zu", i + 1, f->len,
                 run->input_len);
        check_pos(run, &f->pos, "field");
        FZ_CHECK(f->chars <= f->len, "field %zu: %zu characters in %zu bytes", i + 1, f->chars,
                 f->len);
        if (!(f->flags & RK_FIELD_TRUNCATED) &&
            f->chars != count_chars(run->opt->encoding, f->data, f->len))
            run->miscounted++;
        total += f->len;
        fz_log_add(&run->log, "  f%zu at=%llu:%llu:%llu flags=%u len=%zu chars=%zu h=%016llx\n",
                   i + 1, (unsigned long long)f->pos.byte, (unsigned long long)f->pos.line,
                   (unsigned long long)f->pos.column, f->flags, f->len, f->chars,
                   (unsigned long long)fz_hash(f->data, f->len));
    }
    FZ_CHECK(total <= run->input_len, "record holds %zu bytes of %zu", total, run->input_len);
    return 0;
}

/* Reads data with opt in chunks of the given sizes (NULL: whole); returns the final status. */
static enum rk_status read_all(struct run *run, const struct rk_reader_options *opt,
                               const uint8_t *data, size_t size, const uint8_t *chunks)
{
    struct rk_reader *r = NULL;
    enum rk_status st = rk_reader_new(&r, opt, "fuzz.csv", sink, run, on_record, run);
    FZ_CHECK(st == RK_OK, "rk_reader_new: %s", rk_status_str(st));
    size_t at = 0, k = 0;
    while (st == RK_OK && at < size) {
        size_t n = size - at;
        if (chunks) {
            size_t c = chunks[k++ % 3] % 65;
            n = c == 0 ? 1 : (c < n ? c : n);
        }
        /* each chunk in a buffer of its own, scribbled over and freed once fed: the reader
         * must keep nothing of the caller's bytes (a record that goes on past the chunk
         * keeps copies of its fields), and ASan sees any read of them afterwards */
        uint8_t *chunk = malloc(n ? n : 1);
        FZ_CHECK(chunk != NULL, "no memory for a chunk of %zu bytes", n);
        memcpy(chunk, data + at, n);
        st = rk_reader_feed(r, chunk, n);
        memset(chunk, 0xA5, n);
        free(chunk);
        if (st != RK_OK)
            fz_log_add(&run->log, "feed %s\n", rk_status_str(st));
        at += n;
    }
    if (st == RK_OK)
        st = rk_reader_finish(r);
    fz_log_add(&run->log, "end %s records=%llu\n", rk_status_str(st),
               (unsigned long long)rk_reader_records(r));
    FZ_CHECK(rk_reader_records(r) >= run->last && rk_reader_records(r) >= run->records,
             "rk_reader_records %llu, last delivered %llu",
             (unsigned long long)rk_reader_records(r), (unsigned long long)run->last);
    FZ_CHECK(run->broken || run->miscounted == 0,
             "%zu fields counted otherwise than their decoded bytes, no encoding finding",
             run->miscounted);
    rk_reader_free(r);
    return st;
}

/* The scan's definition, byte by byte. */
static size_t ref_scan(const uint8_t *p, size_t i, size_t n, unsigned char s1, unsigned char s2)
{
    while (i < n && !rk_scan_stops(p[i], s1, s2))
        i++;
    return i;
}

/* The SWAR and SSE2 scans find every stop of p[0..n) the byte-by-byte test finds, going from
 * stop to stop (as the reader does), and from every start of a short input. */
static void check_scans(const uint8_t *p, size_t n, unsigned char s1, unsigned char s2)
{
    struct rk_scan_swar w;
    rk_scan_swar_init(&w, p, n, s1, s2);
#ifdef RK_HAVE_SSE2_SCAN
    struct rk_scan_sse2 v;
    rk_scan_sse2_init(&v, p, n, s1, s2);
#endif
    for (size_t i = 0; i <= n; i++) {
        size_t want = ref_scan(p, i, n, s1, s2);
        FZ_CHECK(rk_scan_swar_next(&w, i) == want, "SWAR scan from %zu: not %zu", i, want);
#ifdef RK_HAVE_SSE2_SCAN
        FZ_CHECK(rk_scan_sse2_next(&v, i) == want, "SSE2 scan from %zu: not %zu", i, want);
#endif
        size_t ascii = i;
        while (ascii < n && p[ascii] < 0x80)
            ascii++;
        FZ_CHECK(rk_scan_ascii(p, i, n) == ascii, "ASCII scan from %zu: not %zu", i, ascii);
        if (n > 512 && want > i)
            i = want - 1; /* a long input: from stop to stop */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < HEADER)
        return 0;
    const uint8_t *h = data;
    struct rk_reader_options opt = {
        .encoding = (h[0] & 1) ? RK_ENC_UTF8 : RK_ENC_CP932,
        .bom_allowed = (h[0] >> 1) & 1,
        .eol_allowed = RK_EOL_CRLF | ((h[0] & 4) ? RK_EOL_LF : 0) | ((h[0] & 8) ? RK_EOL_CR : 0),
        .check_field_count = (h[0] >> 4) & 1,
        .target_ms932 = (h[0] >> 5) & 1,
        .profile = (h[0] & 64) ? RK_PROFILE_STRICT : RK_PROFILE_DEFAULT,
        .delimiter = (h[0] & 128) ? '\t' : ',',
        .max_field_bytes = h[1] && !fz_skip("field-limit") ? (size_t)h[1] % 64 + 1 : 0,
        .max_fields = h[2] ? (size_t)h[2] % 16 + 1 : 0,
        .check_jisx0213 = h[2] >> 7,
        .max_quoted_lines = h[3] ? (size_t)h[3] % 8 + 1 : 0,
        .max_record_bytes = h[4] ? (size_t)h[4] + 1 : 0,
    };
    data += HEADER;
    size -= HEADER;
    check_scans(data, size, opt.delimiter, '"');

    struct run whole = {.opt = &opt, .input_len = size};
    struct run chunked = {.opt = &opt, .input_len = size};
    struct rk_reader_options ref_opt = opt;
    ref_opt.libcsv_only = 1;
    struct run ref = {.opt = &ref_opt, .input_len = size};
    enum rk_status a = read_all(&whole, &opt, data, size, NULL);
    enum rk_status b = read_all(&chunked, &opt, data, size, h + 5);
    enum rk_status c = read_all(&ref, &ref_opt, data, size, h + 5);
    FZ_CHECK(a == RK_OK || a == RK_E_LIMIT, "whole read: %s", rk_status_str(a));
    FZ_CHECK(a == b, "whole read %s, chunked %s", rk_status_str(a), rk_status_str(b));
    FZ_CHECK(a == c, "whole read %s, libcsv alone %s", rk_status_str(a), rk_status_str(c));
    fz_log_same(&whole.log, &chunked.log, "whole and chunked reads");
    fz_log_same(&whole.log, &ref.log, "the reader's fast path and libcsv alone");
    fz_log_free(&whole.log);
    fz_log_free(&chunked.log);
    fz_log_free(&ref.log);
    return 0;
}
