/*
 * fuzz_check.c - the whole check of one file (check.c, rk_check_file) with the builtin specs:
 * name, bytes, records and items.
 *
 * The first input byte chooses the file name and options; the rest is written to a temporary
 * file of that name and checked:
 *   bits 0-2: the name (UPPLAN, UPJSK, UPHOSOKU, UPKIHON, UPSIKYU, UP2KYO, a v3 UPPLAN name,
 *             or a name no layout matches)
 *   bit 3: read as UTF-8 (else what the spec declares)   bit 4: strict profile
 *   bit 5: max_findings 3                                 bit 6: force the layout UPPLAN
 *   bit 7: small reader limits (16 bytes a field, 8 fields, 2 quoted lines)
 * Invariants: the check runs (RK_OK), the sink sees what the result counts, the result's
 * SHA-256 and record count are filled, every finding is well-formed, REC-003 (CSV version
 * differs within the file) never names a record whose item 1 equals record 1's, and checked
 * again record by record (the CLI's --no-set: the rules that remember across records off) the
 * file gives exactly the findings of the whole check other than SET-*, in the same order; and
 * with every field through the item checks themselves (full_item_checks) it gives exactly the
 * findings of the item plans (fz_plan_same), every text alike.
 */
#include "harness.h"

static const char *const names[8] = {
    "UPPLAN_202504_1312345678_43_1312300001_11_20250325120000.CSV",
    "UPJSK_202504_1312300001_11_1312345678_43_20250501093000.CSV",
    "UPHOSOKU_000000_1312345678_43_1312300001_11_20250325120000.CSV",
    "UPKIHON_1312345678_43_1312300001_11_20250325120000.CSV",
    "UPSIKYU_202504_1312345678_43_1312300001_11_20250325120000.CSV",
    "UP2KYO_1312345678_43_1312300001_11_20250325120000.CSV",
    "UPPLAN_201912_0300000100_0300000005_20191025200201.CSV",
    "plan.csv",
};

/* Item 1 (CSV version) of each record, as a reader of our own sees it. */
struct first_item {
    uint64_t number;
    size_t len;
    uint64_t hash;
    bool truncated;
};

struct seen {
    struct fz_seen fs;
    struct first_item *items;
    size_t nitems, cap;
};

static int on_record(void *ctx, const struct rk_record *rec)
{
    struct seen *s = ctx;
    if (s->nitems == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->items = realloc(s->items, s->cap * sizeof *s->items);
        if (!s->items)
            abort();
    }
    const struct rk_field *f = &rec->fields[0];
    s->items[s->nitems++] = (struct first_item){rec->number, f->len, fz_hash(f->data, f->len),
                                                (f->flags & RK_FIELD_TRUNCATED) != 0};
    return 0;
}

static const struct first_item *find_item(const struct seen *s, uint64_t number)
{
    for (size_t i = 0; i < s->nitems; i++)
        if (s->items[i].number == number)
            return &s->items[i];
    return NULL;
}

static void sink(void *ctx, const struct rk_finding *f)
{
    struct seen *s = ctx;
    fz_seen_add(&s->fs, f);
    if (strcmp(f->rule->id, "REC-003") == 0) {
        /* "the CSV version differs within one file": it must differ from record 1's */
        const struct first_item *one = find_item(s, 1), *cur = find_item(s, f->record);
        if (one && cur && !one->truncated && !cur->truncated)
            FZ_CHECK(one->len != cur->len || one->hash != cur->hash,
                     "REC-003 on record %llu, whose item 1 equals record 1's",
                     (unsigned long long)f->record);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct rk_specs *specs = fz_specs();
    if (size < 1)
        return 0;
    unsigned char sel = data[0];
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", fz_tmp_dir(), names[sel & 7]);
    fz_write_file(path, data + 1, size - 1);

    struct rk_check_options opt = {
        .encoding = (sel & 8) ? RK_ENC_UTF8 : RK_ENC_DEFAULT,
        .profile = (sel & 16) ? RK_PROFILE_STRICT : RK_PROFILE_DEFAULT,
        .max_findings = (sel & 32) ? 3 : 0,
        .layout = (sel & 64) ? "UPPLAN" : NULL,
        .max_field_bytes = (sel & 128) ? 16 : 0,
        .max_fields = (sel & 128) ? 8 : 0,
        .max_quoted_lines = (sel & 128) ? 2 : 0,
    };
    struct seen seen = {.fs = {.skip_set = true}};
    /* our own reading of the records, for the REC-003 check (check.c reads cp932 unless told) */
    struct rk_reader_options ro = {
        .encoding = (sel & 8) ? RK_ENC_UTF8 : RK_ENC_CP932,
        .max_field_bytes = opt.max_field_bytes,
        .max_fields = opt.max_fields,
        .max_quoted_lines = opt.max_quoted_lines,
    };
    struct rk_reader *r = NULL;
    enum rk_status rst = rk_reader_new(&r, &ro, "own", NULL, NULL, on_record, &seen);
    FZ_CHECK(rst == RK_OK, "rk_reader_new: %s", rk_status_str(rst));
    if (rk_reader_feed(r, data + 1, size - 1) == RK_OK)
        rk_reader_finish(r);
    rk_reader_free(r);
    struct rk_file_result res;
    memset(&res, 0xA5, sizeof res);
    enum rk_status st = rk_check_file(specs, &opt, path, sink, &seen, &res);
    FZ_CHECK(st == RK_OK, "rk_check_file: %s", rk_status_str(st));
    struct rk_check_options by_record_opt = opt;
    by_record_opt.record_by_record = 1;
    struct seen by_record = {.items = seen.items, .nitems = seen.nitems};
    struct rk_file_result res2;
    st = rk_check_file(specs, &by_record_opt, path, sink, &by_record, &res2);
    fz_plan_same(specs, &opt, path);
    unlink(path);
    free(seen.items);
    FZ_CHECK(st == RK_OK, "rk_check_file (record by record): %s", rk_status_str(st));
    fz_seen_verify(&res, &seen.fs, &by_record.fs, opt.max_findings);
    fz_log_free(&seen.fs.log);
    fz_log_free(&by_record.fs.log);
    FZ_CHECK(!res.unreadable, "unreadable");
    FZ_CHECK(strlen(res.sha256) == 64, "sha256 '%.70s'", res.sha256);
    /* a file whose line 1 or header is LIFE's is read as LIFE, whatever its name */
    FZ_CHECK(res.family && (strcmp(res.family, "careplan") == 0 || strcmp(res.family, "life") == 0),
             "family");
    FZ_CHECK(res.records <= size, "%llu records from %zu bytes", (unsigned long long)res.records,
             size);
    return 0;
}
