/*
 * fuzz_roundtrip.c - the round-trip invariant of the reader and the writer: read the input
 * (as CP932, then as UTF-8), and when that reading raised no CSV-* (syntax) finding, write
 * every record with rk_write_record and read the result again. The second reading must give
 * the same records (count, field count, field bytes, quoted flag) and no CSV-* finding.
 * csv_writer.c promises more: a well-formed file comes out byte-identical, so when the input
 * has no BOM the written bytes must equal the input. A BOM is written back first when the
 * input has one (it is not part of any record).
 */
#include "harness.h"

struct field_copy {
    unsigned char *data;
    size_t len;
    unsigned flags;
};

struct rec_copy {
    struct field_copy *fields;
    size_t n;
};

struct parse {
    struct rec_copy *recs;
    size_t n, cap;
    unsigned csv_findings;
    unsigned bom_findings;
    bool eof_mark; /* the input ended with a DOS end-of-file mark (0x1A), not a record's byte */
};

static void sink(void *ctx, const struct rk_finding *f)
{
    struct parse *p = ctx;
    fz_check_finding(f);
    if (strncmp(f->rule->id, "CSV-", 4) == 0)
        p->csv_findings++;
    if (strcmp(f->rule->id, "ENC-008") == 0)
        p->bom_findings++;
    if (strcmp(f->rule->id, "ENC-011") == 0 && f->detail && strstr(f->detail, "end-of-file mark"))
        p->eof_mark = true;
}

static int on_record(void *ctx, const struct rk_record *rec)
{
    struct parse *p = ctx;
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->recs = realloc(p->recs, p->cap * sizeof *p->recs);
        if (!p->recs)
            abort();
    }
    struct rec_copy *r = &p->recs[p->n++];
    r->n = rec->nfields;
    r->fields = calloc(rec->nfields ? rec->nfields : 1, sizeof *r->fields);
    if (!r->fields)
        abort();
    for (size_t i = 0; i < rec->nfields; i++) {
        r->fields[i].len = rec->fields[i].len;
        r->fields[i].flags = rec->fields[i].flags;
        r->fields[i].data = malloc(rec->fields[i].len ? rec->fields[i].len : 1);
        if (!r->fields[i].data)
            abort();
        if (rec->fields[i].len)
            memcpy(r->fields[i].data, rec->fields[i].data, rec->fields[i].len);
    }
    return 0;
}

static void parse_free(struct parse *p)
{
    for (size_t i = 0; i < p->n; i++) {
        for (size_t j = 0; j < p->recs[i].n; j++)
            free(p->recs[i].fields[j].data);
        free(p->recs[i].fields);
    }
    free(p->recs);
    memset(p, 0, sizeof *p);
}

static void parse(struct parse *p, enum rk_encoding e, const uint8_t *data, size_t size)
{
    struct rk_reader_options opt = {.encoding = e};
    struct rk_reader *r = NULL;
    enum rk_status st = rk_reader_new(&r, &opt, "roundtrip.csv", sink, p, on_record, p);
    FZ_CHECK(st == RK_OK, "rk_reader_new: %s", rk_status_str(st));
    st = rk_reader_feed(r, data, size);
    if (st == RK_OK)
        st = rk_reader_finish(r);
    FZ_CHECK(st == RK_OK, "read: %s", rk_status_str(st));
    rk_reader_free(r);
}

struct out {
    unsigned char *data;
    size_t len, cap;
};

static int write_out(void *ctx, const void *buf, size_t len)
{
    struct out *o = ctx;
    FZ_CHECK(len > 0, "zero-length write");
    if (o->len + len > o->cap) {
        size_t cap = o->cap ? o->cap : 256;
        while (cap < o->len + len)
            cap *= 2;
        unsigned char *d = realloc(o->data, cap);
        if (!d)
            abort();
        o->data = d;
        o->cap = cap;
    }
    memcpy(o->data + o->len, buf, len);
    o->len += len;
    return 0;
}

static void roundtrip(enum rk_encoding e, const uint8_t *data, size_t size)
{
    struct parse first = {0};
    parse(&first, e, data, size);
    if (first.csv_findings) {
        parse_free(&first);
        return;
    }
    struct out out = {0};
    /* A BOM belongs to the file, not to a record: write it back the way a caller of
     * rk_write_record would, or a field that itself starts with U+FEFF would turn into one. */
    bool bom = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
    if (bom)
        write_out(&out, "\xEF\xBB\xBF", 3);
    for (size_t i = 0; i < first.n; i++) {
        struct rk_field *views = calloc(first.recs[i].n ? first.recs[i].n : 1, sizeof *views);
        if (!views)
            abort();
        for (size_t j = 0; j < first.recs[i].n; j++) {
            views[j].data = first.recs[i].fields[j].data;
            views[j].len = first.recs[i].fields[j].len;
            views[j].flags = first.recs[i].fields[j].flags;
        }
        enum rk_status st = rk_write_record(write_out, &out, views, first.recs[i].n);
        FZ_CHECK(st == RK_OK, "rk_write_record: %s", rk_status_str(st));
        free(views);
    }
    /* the end-of-file mark belongs to the file, as a BOM does: the records end before it */
    if (first.eof_mark)
        write_out(&out, "\x1A", 1);
    if (!first.bom_findings && !bom) {
        if (out.len != size || (size && memcmp(out.data, data, size) != 0)) {
            size_t i = 0;
            while (i < out.len && i < size && out.data[i] == data[i])
                i++;
            fprintf(stderr, "%s: written %zu bytes, input %zu, first difference at %zu\n",
                    rk_encoding_name(e), out.len, size, i);
        }
        FZ_CHECK(out.len == size && (size == 0 || memcmp(out.data, data, size) == 0),
                 "a well-formed input did not come out byte-identical");
    }
    struct parse second = {0};
    parse(&second, e, out.data ? out.data : (const unsigned char *)"", out.len);
    FZ_CHECK(second.csv_findings == 0, "%u CSV-* findings in the written file",
             second.csv_findings);
    FZ_CHECK(second.n == first.n, "%zu records, then %zu", first.n, second.n);
    for (size_t i = 0; i < first.n; i++) {
        const struct rec_copy *a = &first.recs[i], *b = &second.recs[i];
        FZ_CHECK(a->n == b->n, "record %zu: %zu fields, then %zu", i + 1, a->n, b->n);
        for (size_t j = 0; j < a->n; j++) {
            FZ_CHECK(a->fields[j].len == b->fields[j].len &&
                         memcmp(a->fields[j].data, b->fields[j].data, a->fields[j].len) == 0,
                     "record %zu field %zu differs (%zu vs %zu bytes)", i + 1, j + 1,
                     a->fields[j].len, b->fields[j].len);
            FZ_CHECK(a->fields[j].flags == b->fields[j].flags, "record %zu field %zu flags", i + 1,
                     j + 1);
        }
    }
    parse_free(&first);
    parse_free(&second);
    free(out.data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    roundtrip(RK_ENC_CP932, data, size);
    roundtrip(RK_ENC_UTF8, data, size);
    return 0;
}
