/*
 * check.c - checks one file from start to end: reads its name (filename.c), chooses the
 * spec version and layout, streams its bytes through the hash and the reader (csv_reader.c)
 * and each record through the record rules (rules_record.c). All findings of the file leave
 * through one emitter, so counts and the findings cap cover them all.
 */
#include "check.h"

#include "alloc.h"
#include "crypto.h"
#include "csv_reader.h"
#include "encoding.h"
#include "text_scan.h"
#include "family.h"
#include "filename.h"
#include "finding.h"
#include "inputs.h"
#include "rules_file.h"
#include "rules_set.h"

#include <string.h>

/* The start of a file read before the reader runs, to tell its encoding (SNIFF_MAX), then the
 * size of each read (larger reads make libcsv's field buffer grow further before the reader
 * cuts it back: a 1 MiB read tripled the system time on a 1 GB field). */
#define SNIFF_MAX (1024u * 1024u)
#define CHUNK (64u * 1024u)
/* The bytes of the head whose first record tells the family. */
#define HEAD_MAX (64u * 1024u)

struct run {
    struct rk_file_check fc;
    struct rk_set *set;
    int set_file;
    const struct rk_check_options *opt;
    enum rk_status st;
    uint64_t data_records;
    struct rk_field *by_item; /* the record in item order (records_by_item) */
    size_t by_item_cap;
};

/* The record as one field per item of the layout (LIFE: through the header's columns), or
 * rec itself when its fields already are in item order. NULL when out of memory. */
static const struct rk_record *record_by_item(struct run *run, const struct rk_record *rec,
                                              struct rk_record *view)
{
    const struct rk_layout *l = run->fc.layout;
    if (!run->fc.col_of || !l)
        return rec;
    if (!rk_grow(&run->by_item, &run->by_item_cap, l->nitems ? l->nitems : 1, sizeof *run->by_item))
        return NULL;
    for (size_t i = 0; i < l->nitems; i++) {
        int at = run->fc.col_of[i];
        if (at >= 0 && (size_t)at < rec->nfields)
            run->by_item[i] = rec->fields[at];
        else
            run->by_item[i] = (struct rk_field){.data = (const unsigned char *)"", .pos = rec->pos};
    }
    *view = *rec;
    view->fields = run->by_item;
    view->nfields = l->nitems;
    view->fields_seen = l->nitems;
    return view;
}

static int on_record(void *ctx, const struct rk_record *rec)
{
    struct run *run = ctx;
    run->st = run->fc.fam->check_record(&run->fc, rec);
    if (run->st != RK_OK || !run->fc.is_data)
        return run->st != RK_OK;
    run->data_records++;
    if (!run->opt->record_by_record)
        run->st = rk_file_rules_record(&run->fc, rec);
    if (run->st == RK_OK && run->set)
        run->st = rk_set_record(run->set, run->set_file, run->fc.layout, rec, run->fc.col_of);
    if (run->st == RK_OK && run->opt->on_record) {
        struct rk_record view;
        const struct rk_record *r =
            run->opt->records_by_item ? record_by_item(run, rec, &view) : rec;
        run->st = r ? run->opt->on_record(run->opt->record_ctx, run->fc.layout, r) : RK_E_NOMEM;
    }
    return run->st != RK_OK;
}

/* What the first bytes of a file show about its encoding. */
struct sniff {
    bool bom;            /* starts with EF BB BF */
    uint64_t valid_mb;   /* well-formed multi-byte UTF-8 sequences */
    uint64_t invalid;    /* bytes >= 0x80 that are not part of one */
    uint64_t nonascii;   /* characters (as UTF-8) outside ASCII */
    struct rk_pos first; /* the first of them (or 1:1 when there is none) */
};

/* Counts the UTF-8 sequences and the bytes that cannot be UTF-8 in p[0..n), and where the first
 * non-ASCII character is (line, column as the reader counts them when reading UTF-8). Runs of
 * ASCII are skipped 16 or 8 bytes at a time (text_scan.h); the position of the first character
 * is counted only once it is found, over the bytes before it (all single characters then). */
static void sniff(const unsigned char *p, size_t n, struct sniff *sn)
{
    memset(sn, 0, sizeof *sn);
    sn->first = (struct rk_pos){.line = 1, .column = 1};
    size_t i = 0, start = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        sn->bom = true;
        i = start = 3;
    }
    for (;;) {
        i = rk_scan_ascii(p, i, n);
        if (i >= n)
            break;
        size_t k = rk_utf8_len(p + i, n - i);
        if (k == 0 && n - i < 4 && p[i] >= 0xC2 && p[i] <= 0xF4) {
            break; /* cut by the window's end: neither valid nor invalid */
        } else if (k == 0) {
            sn->invalid++;
            k = 1;
        } else {
            sn->valid_mb++;
            if (sn->nonascii++ == 0) {
                /* every byte before it is one character (ASCII or not UTF-8) */
                struct rk_pos at = {.byte = start, .line = 1, .column = 1};
                bool after_cr = false;
                for (size_t j = start; j < i; j++) {
                    unsigned char b = p[j];
                    if (b == '\r' || (b == '\n' && !after_cr)) {
                        at.line++;
                        at.column = 1;
                    } else if (b != '\n') {
                        at.column++;
                    }
                    after_cr = b == '\r';
                }
                at.byte = i;
                sn->first = at;
            }
        }
        i += k;
    }
}

/* Hashes (unless options.no_digest) and reads n bytes of the file. */
static enum rk_status feed(struct run *run, struct rk_sha256 *h, struct rk_reader *r,
                           const unsigned char *p, size_t n, struct rk_file_result *res)
{
    res->bytes += (uint64_t)n;
    enum rk_status st = h ? rk_sha256_update(h, p, n) : RK_OK;
    if (st == RK_OK && r)
        st = rk_reader_feed(r, p, n);
    if (st == RK_E_STOPPED)
        st = run->st;
    return st;
}

/* The input could not be opened or read: IO-001, or what is wrong with its archive (IO-002..006).
 */
static void io_finding(struct rk_emitter *em, const struct rk_input_problem *why)
{
    struct rk_finding f = {.rule = rk_rule_get(why->rule), .detail = why->detail};
    rk_emit(em, &f);
}

/* The first record of the head (the bytes read to tell the encoding), for detection. */
struct head {
    const struct rk_specs *specs;
    const struct rk_family *fam;
};

static int on_first(void *ctx, const struct rk_record *rec)
{
    struct head *h = ctx;
    h->fam = rk_family_detect(h->specs, rec);
    return 1; /* record 1 is enough */
}

/* The family of a file nobody named: the one that claims the head's first record (read by the
 * reader, quietly: the check reads it again with findings), else the default. */
static enum rk_status detect_family(const struct rk_specs *specs, const unsigned char *p, size_t n,
                                    const struct rk_family **fam)
{
    struct head h = {.specs = specs, .fam = NULL};
    struct rk_reader_options ro = {.encoding = RK_ENC_UTF8, .bom_allowed = 1};
    struct rk_reader *r = NULL;
    enum rk_status st = rk_reader_new(&r, &ro, NULL, NULL, NULL, on_first, &h);
    if (st == RK_OK)
        st = rk_reader_feed(r, p, n < HEAD_MAX ? n : HEAD_MAX);
    if (st == RK_OK)
        st = rk_reader_finish(r);
    rk_reader_free(r);
    if (st == RK_E_STOPPED)
        st = RK_OK;
    *fam = h.fam ? h.fam : rk_family_default();
    return st;
}

static void discard(void *ctx, const struct rk_finding *f)
{
    (void)ctx;
    (void)f;
}

/* The file's start, read before the reader runs (the encoding and the family are told by it),
 * and what went wrong opening or reading it. */
struct start {
    struct rk_input *in;
    unsigned char *buf;
    size_t have;
    bool eof;
    enum rk_status st; /* RK_OK, RK_E_IO (why says what), RK_E_NOMEM */
    struct rk_input_problem why;
};

static void read_start(const char *path, struct start *sr)
{
    sr->st = rk_input_open(path, &sr->in, &sr->why);
    if (sr->st == RK_OK) {
        sr->buf = rk_malloc(SNIFF_MAX);
        sr->st = sr->buf ? RK_OK : RK_E_NOMEM;
    }
    while (sr->st == RK_OK && sr->have < SNIFF_MAX && !sr->eof) {
        size_t n = 0;
        sr->st = rk_input_read(sr->in, sr->buf + sr->have, SNIFF_MAX - sr->have, &n, &sr->why);
        sr->eof = n == 0;
        sr->have += n;
    }
}

/* The file's name: the layout and send it names, unless the family's files follow no naming
 * rule or --layout forces one. Returns the layout ID, or NULL. */
static const char *name_stage(const struct rk_specs *specs, const struct rk_check_options *opt,
                              const struct rk_family *fam, const char *path, struct rk_name *name,
                              bool *named, struct rk_emitter *em)
{
    memset(name, 0, sizeof *name);
    *named = false;
    if (!fam->named_files || rk_input_is_archive(path))
        return NULL; /* the content says what the file is; an archive reaches here only when it
                        cannot be read (IO-002..IO-005) */
    if (opt->layout) {
        struct rk_emitter quiet = {.sink = discard};
        *named = rk_name_parse(specs, fam->name, path, name, &quiet);
        if (*named && strcmp(name->layout_id, opt->layout) != 0)
            memset(name, 0, sizeof *name);
        return opt->layout;
    }
    *named = rk_name_parse(specs, fam->name, path, name, em);
    return *named ? name->layout_id : NULL;
}

/* The encoding: what --encoding says, else what the bytes of the file's start show among the
 * encodings the spec allows (README "What it checks"); ENC-014 when the file is UTF-8 and the
 * spec allows only MS932. */
static enum rk_encoding encoding_stage(const struct rk_check_options *opt,
                                       const struct rk_version *version, unsigned allowed,
                                       const struct start *sr, bool image, bool *utf8,
                                       struct rk_emitter *em)
{
    struct sniff sn;
    sniff(sr->buf, image ? 0 : sr->have, &sn);
    *utf8 = sn.bom ? sn.invalid <= sn.valid_mb : sn.valid_mb > sn.invalid;
    enum rk_encoding enc = opt->encoding                    ? opt->encoding
                           : *utf8                          ? RK_ENC_UTF8
                           : sn.invalid == 0                ? version->encoding /* ASCII */
                           : allowed & (1u << RK_ENC_CP932) ? RK_ENC_CP932
                                                            : RK_ENC_UTF8;
    if (enc == RK_ENC_UTF8 && !image && *utf8 && !(allowed & (1u << RK_ENC_UTF8))) {
        /* one finding for the whole file: the characters are then read as UTF-8 and those
         * with no MS932 code listed (ENC-010, ENC-012) */
        char d[48];
        snprintf(d, sizeof d, "%llu%s", (unsigned long long)sn.nonascii, sr->eof ? "" : "+");
        struct rk_finding f = {.rule = rk_rule_get(RK_RULE_ENC_014),
                               .pos = sn.first,
                               .expected = rk_encoding_name(version->encoding),
                               .actual = sn.bom ? "utf-8 BOM" : "utf-8",
                               .detail = d};
        rk_emit(em, &f);
    }
    return enc;
}

/* Reads the rest of the file through the hash and the reader. */
static enum rk_status read_stage(struct run *run, struct start *sr, struct rk_sha256 *h,
                                 struct rk_reader *r, struct rk_emitter *em,
                                 struct rk_file_result *res)
{
    /* the bytes read to tell the encoding first, then the rest of the file */
    enum rk_status st = sr->have ? feed(run, h, r, sr->buf, sr->have, res) : RK_OK;
    while (st == RK_OK && !sr->eof) {
        size_t n = 0;
        st = rk_input_read(sr->in, sr->buf, CHUNK, &n, &sr->why);
        if (st == RK_E_IO) {
            io_finding(em, &sr->why);
            res->unreadable = 1;
            break;
        }
        if (n == 0)
            break;
        st = feed(run, h, r, sr->buf, n, res);
    }
    if (st == RK_OK && r) {
        st = rk_reader_finish(r);
        if (st == RK_E_STOPPED)
            st = run->st;
    }
    return st;
}

/* How the reader reads the file: the encoding told, the family's and the version's rules. */
static struct rk_reader_options reader_options(const struct rk_check_options *opt,
                                               const struct rk_family *fam,
                                               const struct rk_version *version,
                                               enum rk_encoding enc, unsigned allowed, bool utf8,
                                               bool has_layout)
{
    return (struct rk_reader_options){
        .encoding = enc,
        .profile = opt->profile,
        .target_ms932 = !(allowed & (1u << RK_ENC_UTF8)) && enc == RK_ENC_UTF8,
        .check_jisx0213 = fam->jisx0213,
        .bom_allowed = (allowed & (1u << RK_ENC_UTF8)) || (utf8 && enc == RK_ENC_UTF8),
        .eol_allowed = version->eol_allowed,
        .check_field_count = !has_layout && !fam->header_columns,
        .max_field_bytes = opt->max_field_bytes,
        .max_fields = opt->max_fields,
        .max_quoted_lines = opt->max_quoted_lines,
    };
}

static void run_free(struct run *run)
{
    rk_free(run->fc.reported);
    rk_free(run->fc.plan);
    rk_free(run->fc.cols);
    rk_free(run->fc.col_of);
    rk_free(run->by_item);
    rk_file_rules_free(&run->fc);
    rk_buf_free(&run->fc.first_item);
}

/* Tells the set the file is checked. A file counts as the layout its name gives, whatever its
 * content (an empty UP3KYO is still the send's UP3KYO). */
static void set_file_done(const struct rk_specs *specs, const struct run *run,
                          const struct rk_layout *probe, const char *layout_id)
{
    const struct rk_layout *as = run->fc.layout ? run->fc.layout : probe;
    for (size_t i = 0; !as && layout_id && i < specs->nversions; i++)
        if (rk_family_of(&specs->versions[i]) == run->fc.fam)
            as = rk_version_layout(&specs->versions[i], layout_id);
    rk_set_file_done(run->set, run->set_file, as);
}

enum rk_status rk_check_file(const struct rk_specs *specs, const struct rk_check_options *opt,
                             const char *path, rk_sink_fn sink, void *ctx,
                             struct rk_file_result *res)
{
    static const struct rk_check_options defaults;
    if (!opt)
        opt = &defaults;
    memset(res, 0, sizeof *res);
    struct rk_emitter em = {.sink = sink,
                            .ctx = ctx,
                            .path = path,
                            .profile = opt->profile,
                            .max_findings = opt->max_findings};
    const struct rk_family *fam = opt->family ? rk_family_find(opt->family) : NULL;
    if (opt->family && (!fam || !rk_specs_find(specs, fam->name, opt->version)))
        return RK_E_SPEC;

    /* the file's start tells its encoding, and its family when nobody named it */
    struct start sr = {0};
    read_start(path, &sr);
    enum rk_status st = sr.st == RK_E_IO ? RK_OK : sr.st;
    if (st == RK_OK && !fam)
        st = detect_family(specs, sr.buf, sr.have, &fam);
    if (!fam)
        fam = rk_family_default();
    res->family = fam->name;

    struct rk_name name;
    bool named;
    const char *layout_id = name_stage(specs, opt, fam, path, &name, &named, &em);
    const struct rk_version *version = fam->first_version(specs, opt, &name);
    if (!version) {
        rk_input_close(sr.in);
        rk_free(sr.buf);
        return RK_E_SPEC;
    }

    struct run run = {
        .fc =
            {
                .specs = specs,
                .em = &em,
                .fam = fam,
                .version = version,
                .layout_id = layout_id,
                .version_forced = opt->version != NULL,
                .name = (named && name.parsed) ? &name : NULL,
                .guess_layout = !layout_id,
                .no_plan = opt->full_item_checks != 0,
            },
        .set = opt->set,
        .set_file = -1,
        .opt = opt,
    };
    if (opt->set) {
        run.set_file = fam->set_group ? rk_set_add_group_file(opt->set, path, fam->set_group)
                                      : rk_set_add_file(opt->set, path, run.fc.name);
        if (run.set_file < 0)
            st = RK_E_NOMEM;
    }
    if (sr.st == RK_E_IO) {
        io_finding(&em, &sr.why);
        res->unreadable = 1;
    }
    const struct rk_layout *probe = layout_id ? rk_version_layout(version, layout_id) : NULL;
    bool image = probe && probe->kind == RK_LK_IMAGE;
    em.layout = fam->header_columns ? NULL : probe;

    unsigned allowed = fam->encodings(specs, version);
    bool utf8 = false;
    enum rk_encoding enc = encoding_stage(opt, version, allowed, &sr, image, &utf8, &em);
    run.fc.enc = enc;
    res->encoding = enc;

    struct rk_reader *r = NULL;
    struct rk_sha256 *h = NULL;
    if (st == RK_OK && sr.st == RK_OK) {
        struct rk_reader_options ro =
            reader_options(opt, fam, version, enc, allowed, utf8, layout_id != NULL);
        if (!opt->no_digest) {
            h = rk_sha256_new();
            st = h ? RK_OK : RK_E_NOMEM;
        }
        if (st == RK_OK && !image) {
            st = rk_reader_new(&r, &ro, path, NULL, NULL, on_record, &run);
            if (st == RK_OK)
                rk_reader_set_emitter(r, &em);
        }
        if (st == RK_OK)
            st = read_stage(&run, &sr, h, r, &em, res);
    } else if (st == RK_OK) {
        st = sr.st;
    }
    if (st == RK_OK && r && fam->check_end)
        fam->check_end(&run.fc, rk_reader_records(r), rk_reader_end(r));
    if (st == RK_OK)
        st = rk_file_rules_end(&run.fc);
    rk_emit_flush(&em, r ? rk_reader_end(r) : em.last);
    if (st == RK_OK && h)
        st = rk_sha256_final(h, res->sha256);
    if (r)
        res->records = rk_reader_records(r);
    res->data_records = run.data_records;
    rk_input_close(sr.in);
    rk_reader_free(r);
    rk_sha256_free(h);
    rk_free(sr.buf);
    run_free(&run);
    if (opt->set && run.set_file >= 0)
        set_file_done(specs, &run, probe, layout_id);
    res->version = run.fc.version ? run.fc.version->version : NULL;
    res->layout = run.fc.layout ? run.fc.layout->id : (image ? probe->id : NULL);
    memcpy(res->count, em.count, sizeof res->count);
    return st;
}
