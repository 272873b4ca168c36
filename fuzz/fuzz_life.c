/*
 * fuzz_life.c - the whole check of one LIFE file (check.c, rk_check_file, family "life") with
 * the builtin specs: header, data-type line, records and items of the LIFE CSV連携仕様.
 * fuzz_check.c covers the care-plan family; LIFE files are told by their content, which a
 * fuzzer seeded with care-plan files seldom writes, so LIFE has a harness of its own.
 *
 * The first input byte chooses the options; the rest is written to a temporary file and
 * checked twice, once whole and once record by record (the CLI's --no-set: the rules that remember
 * across records off):
 *   bit 2: family forced to "life" (else detected from the content, as the CLI does)
 *   bits 0-1, with bit 2: the spec version: what the file claims, "3.10", "1.00", or an
 *             unknown "9.99" (for which the check must refuse to run: RK_E_SPEC)
 *   bit 3: read as CP932 (else LIFE's default, UTF-8)   bit 4: strict profile
 *   bit 5: max_findings 3                                bit 6: small reader limits
 *   bit 7: the file named like a care-plan UPPLAN file (the content must still decide)
 * Invariants: the check runs (RK_OK; RK_E_SPEC exactly for "9.99"); a forced or detected LIFE file
 * is checked as LIFE, and a LIFE layout is one of the version's; the sink sees what the result
 * counts; SHA-256 and record count are filled; every finding is well-formed; and the
 * record-by-record run gives exactly the findings of the whole run other than the SET-* ones (the
 * rules it switches off), in the same order; with every field through the item checks themselves
 * (full_item_checks) the findings are exactly those of the item plans (fz_plan_same).
 */
#include "harness.h"

static const char *const versions[4] = {NULL, "3.10", "1.00", "9.99"};

static void sink(void *ctx, const struct rk_finding *f)
{
    fz_seen_add(ctx, f);
}

static bool is_layout_of(const struct rk_specs *specs, const char *version, const char *layout)
{
    const struct rk_version *v = rk_specs_find(specs, "life", version);
    return v && rk_version_layout(v, layout) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct rk_specs *specs = fz_specs();
    if (size < 1)
        return 0;
    unsigned char sel = data[0];
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", fz_tmp_dir(),
             (sel & 128) ? "UPPLAN_202504_1312345678_43_1312300001_11_20250325120000.CSV"
                         : "SERVICE_USER_INFO.csv");
    fz_write_file(path, data + 1, size - 1);

    struct rk_check_options opt = {
        .family = (sel & 4) ? "life" : NULL,
        .version = (sel & 4) ? versions[sel & 3] : NULL,
        .encoding = (sel & 8) ? RK_ENC_CP932 : RK_ENC_DEFAULT,
        .profile = (sel & 16) ? RK_PROFILE_STRICT : RK_PROFILE_DEFAULT,
        .max_findings = (sel & 32) ? 3 : 0,
        .max_field_bytes = (sel & 64) ? 16 : 0,
        .max_fields = (sel & 64) ? 8 : 0,
        .max_quoted_lines = (sel & 64) ? 2 : 0,
    };
    struct fz_seen whole = {.skip_set = true}, by_record = {.skip_set = false};
    struct rk_file_result res, res2;
    memset(&res, 0xA5, sizeof res);
    enum rk_status st = rk_check_file(specs, &opt, path, sink, &whole, &res);
    if (opt.version && strcmp(opt.version, "9.99") == 0) {
        unlink(path);
        FZ_CHECK(st == RK_E_SPEC, "unknown version 9.99: %s", rk_status_str(st));
        fz_log_free(&whole.log);
        return 0;
    }
    FZ_CHECK(st == RK_OK, "rk_check_file: %s", rk_status_str(st));
    opt.record_by_record = 1;
    st = rk_check_file(specs, &opt, path, sink, &by_record, &res2);
    fz_plan_same(specs, &opt, path);
    unlink(path);
    FZ_CHECK(st == RK_OK, "rk_check_file (record by record): %s", rk_status_str(st));

    FZ_CHECK(!res.unreadable, "unreadable");
    FZ_CHECK(strlen(res.sha256) == 64, "sha256 '%.70s'", res.sha256);
    FZ_CHECK(strcmp(res.sha256, res2.sha256) == 0, "two readings, two hashes");
    FZ_CHECK(res.records == res2.records, "records %llu vs %llu", (unsigned long long)res.records,
             (unsigned long long)res2.records);
    FZ_CHECK(res.records <= size, "%llu records from %zu bytes", (unsigned long long)res.records,
             size);
    FZ_CHECK(res.family != NULL, "no family");
    if (opt.family)
        FZ_CHECK(strcmp(res.family, "life") == 0, "forced LIFE, checked as %s", res.family);
    if (strcmp(res.family, "life") == 0 && res.layout && res.version)
        FZ_CHECK(is_layout_of(specs, res.version, res.layout), "layout %s is not LIFE %s's",
                 res.layout, res.version);
    fz_seen_verify(&res, &whole, &by_record, opt.max_findings);
    fz_log_free(&whole.log);
    fz_log_free(&by_record.log);
    return 0;
}
