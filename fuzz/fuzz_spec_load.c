/*
 * fuzz_spec_load.c - the spec loader (spec_load.c, rk_specs_load_dir) with one table replaced
 * by the input.
 *
 * A temporary directory is laid out as specs/: careplan/versions.tsv (the 4.1 row only),
 * careplan/4.1/layouts.tsv (UPPLAN and UPKIHON_IMAGE), UPPLAN.tsv, codes.tsv and
 * service_types.tsv; life/versions.tsv (the 1.00 row only), life/1.00/interfaces.tsv
 * (SERVICE_USER_INFO and FORM_0210_2021) with those two item tables, codes.tsv and
 * collisions.tsv; all taken from the tables embedded in the library. The first input byte
 * picks the table the rest of the input replaces: 0 careplan/versions.tsv, 1 layouts.tsv,
 * 2 codes.tsv, 3 service_types.tsv, 5 life/versions.tsv, 6 life/1.00/interfaces.tsv,
 * 7 life/1.00/FORM_0210_2021.tsv (its ● `when` conditions among the rest), anything else
 * UPPLAN.tsv.
 *
 * Any status is fine except RK_E_INTERNAL and RK_E_ARG; no crash, no leak. RK_OK must come
 * with a well-formed struct rk_specs and no error-level finding; RK_E_SPEC with at least one
 * (SPEC-*, or CSV- or ENC- findings from reading a table). When the
 * tables load, a fixed UPPLAN file is checked against them, so odd but accepted specs reach
 * the record rules too, and so is a LIFE FORM_0210_2021 file whose row makes a ● condition
 * hold (and so reaches the `when` evaluation).
 */
#include "harness.h"

static char dir[512], specs_dir[600];
static const char *const tables[] = {
    "careplan/versions.tsv",          "careplan/4.1/layouts.tsv",     "careplan/4.1/codes.tsv",
    "careplan/4.1/service_types.tsv", "careplan/4.1/UPPLAN.tsv",      "life/versions.tsv",
    "life/1.00/interfaces.tsv",       "life/1.00/FORM_0210_2021.tsv",
};

/* The embedded table at rel, or abort. */
static const struct rk_embedded_file *embedded(const char *rel)
{
    for (size_t i = 0; i < rk_embedded_specs_count; i++)
        if (strcmp(rk_embedded_specs[i].path, rel) == 0)
            return &rk_embedded_specs[i];
    fprintf(stderr, "%s is not embedded\n", rel);
    abort();
}

/* The embedded table at rel, keeping the header and the lines that start with one of keep. */
static void write_table(const char *rel, const char *const *keep)
{
    const struct rk_embedded_file *e = embedded(rel);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", specs_dir, rel);
    if (!keep) {
        fz_write_file(path, e->data, e->len);
        return;
    }
    char *out = malloc(e->len + 1);
    if (!out)
        abort();
    size_t w = 0;
    bool header = true;
    for (size_t at = 0; at < e->len;) {
        const unsigned char *nl = memchr(e->data + at, '\n', e->len - at);
        size_t end = nl ? (size_t)(nl - e->data) + 1 : e->len;
        bool take = header;
        for (size_t k = 0; !take && keep[k]; k++) {
            size_t n = strlen(keep[k]);
            take = end - at > n && memcmp(e->data + at, keep[k], n) == 0;
        }
        if (take) {
            memcpy(out + w, e->data + at, end - at);
            w += end - at;
        }
        header = false;
        at = end;
    }
    fz_write_file(path, out, w);
    free(out);
}

/* The base tree: each table with the rows it keeps (NULL: all of them). */
static void write_base(void)
{
    static const char *const versions[] = {"4.1\t", NULL};
    static const char *const layouts[] = {"UPPLAN\t", "UPKIHON_IMAGE\t", NULL};
    static const char *const life_versions[] = {"1.00\t", NULL};
    static const char *const interfaces[] = {"SERVICE_USER_INFO\t", "FORM_0210_2021\t", NULL};
    static const struct {
        const char *rel;
        const char *const *keep;
    } base[] = {
        {"careplan/versions.tsv", versions},      {"careplan/4.1/layouts.tsv", layouts},
        {"careplan/4.1/codes.tsv", NULL},         {"careplan/4.1/service_types.tsv", NULL},
        {"careplan/4.1/UPPLAN.tsv", NULL},        {"life/versions.tsv", life_versions},
        {"life/1.00/interfaces.tsv", interfaces}, {"life/1.00/codes.tsv", NULL},
        {"life/1.00/collisions.tsv", NULL},       {"life/1.00/SERVICE_USER_INFO.tsv", NULL},
        {"life/1.00/FORM_0210_2021.tsv", NULL},
    };
    for (size_t i = 0; i < sizeof base / sizeof *base; i++)
        write_table(base[i].rel, base[i].keep);
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s", fz_tmp_dir());
    snprintf(specs_dir, sizeof specs_dir, "%s/specs", dir);
    char p[1024];
    fz_mkdir(specs_dir);
    snprintf(p, sizeof p, "%s/careplan", specs_dir);
    fz_mkdir(p);
    snprintf(p, sizeof p, "%s/careplan/4.1", specs_dir);
    fz_mkdir(p);
    snprintf(p, sizeof p, "%s/life", specs_dir);
    fz_mkdir(p);
    snprintf(p, sizeof p, "%s/life/1.00", specs_dir);
    fz_mkdir(p);
    /* a UPPLAN file for 2025-04 with two records */
    static const char sample[] =
        "202407,131001,1234567890,20250325,202504,1312345678,\"\x8d\xb2\x93\xa1\","
        "300,0,20250401,,0900,1000,1,111111,,,,,1312300001,\"\x96\x4b\x96\xe2\","
        ",1,1312345678,\r\n"
        "202407,131001,1234567890,20250325,202504,1312345678,\"\x8d\xb2\x93\xa1\","
        "300,0,20250402,,9999,9999,1,171001,00001-000010,,\"\x8e\xd4\x82\xa2\x82\xb7\",1,"
        "1312300001,,,1,1312345678,\r\n";
    snprintf(p, sizeof p, "%s/UPPLAN_202504_1312345678_43_1312300001_11_20250325120000.CSV", dir);
    fz_write_file(p, sample, sizeof sample - 1);
    /* FORM_0210_2021 (1.00), its first 21 columns: No.21 回数 is ● when No.20 実施の有無 is 1;
     * row 1 meets the condition and leaves 回数 empty, row 2 does not */
    static const char life[] =
        "FORM_0210_2021\r\n"
        "care_facility_id,service_code,insurer_no,insured_no,external_system_management_number,"
        "care_level,disease_name,family_dentist,denture_using,food_form_enteral_nutrition,"
        "food_form_tube_feeding,food_form_ingestion,meal_form,aspiration_pneumonitis,"
        "date_of_onset_01,date_of_onset_02,date_of_onset_03,date_of_onset_04,date_of_onset_05,"
        "is_visiting_dental_hygiene_guidance,visiting_dental_hygiene_guidance_frequency\r\n"
        "1312345678,55,131011,0000123456,U0001,01,\xe5\xb1\xb1\xe7\x94\xb0,0,0,0,0,0,01,0,"
        "20250400,20250400,20250400,20250400,20250400,1,\r\n"
        "1312345678,55,131011,0000123457,U0002,01,\xe5\xb1\xb1\xe7\x94\xb0,0,0,0,0,0,01,0,"
        "20250400,20250400,20250400,20250400,20250400,0,\r\n";
    snprintf(p, sizeof p, "%s/FORM_0210_2021.csv", dir);
    fz_write_file(p, life, sizeof life - 1);
}

struct seen {
    unsigned errors; /* error-level findings: SPEC-, or CSV- and ENC- from reading a table */
};

static void sink(void *ctx, const struct rk_finding *f)
{
    struct seen *s = ctx;
    fz_check_finding(f);
    if (f->severity == RK_SEV_ERROR)
        s->errors++;
    if (getenv("RENKEI_FUZZ_VERBOSE"))
        fprintf(stderr, "%s sev=%d line=%llu %s\n", f->rule->id, (int)f->severity,
                (unsigned long long)f->pos.line, f->path ? f->path : "");
}

static void check_sink(void *ctx, const struct rk_finding *f)
{
    (void)ctx;
    fz_check_finding(f);
    if (getenv("RENKEI_FUZZ_VERBOSE"))
        fprintf(stderr, "check: %s line=%llu\n", f->rule->id, (unsigned long long)f->pos.line);
}

static void check_specs(const struct rk_specs *s)
{
    const char *sha = rk_specs_sha256(s);
    FZ_CHECK(sha && strlen(sha) == 64, "sha256 '%s'", sha ? sha : "(none)");
    for (size_t i = 0; i < s->nversions; i++) {
        const struct rk_version *v = &s->versions[i];
        FZ_CHECK(v->family && v->version, "version %zu has NULL strings", i);
        if (strcmp(v->family, "careplan") == 0) /* LIFE versions have neither */
            FZ_CHECK(v->csv_version && v->effective_from, "version %zu has NULL strings", i);
        FZ_CHECK(v->nlayouts == 0 || v->layouts, "layouts NULL");
        FZ_CHECK(v->nlists == 0 || v->lists, "lists NULL");
        FZ_CHECK(v->ntypes == 0 || v->types, "types NULL");
        for (size_t j = 0; j < v->nlayouts; j++) {
            const struct rk_layout *l = &v->layouts[j];
            FZ_CHECK(l->id && l->name, "layout %zu NULL strings", j);
            FZ_CHECK(l->version == v, "layout %s: version back-pointer", l->id);
            FZ_CHECK(l->nitems == 0 || l->items, "layout %s: items NULL", l->id);
            FZ_CHECK(rk_version_layout(v, l->id) != NULL, "layout %s not found", l->id);
            for (size_t k = 0; k < l->nitems; k++) {
                const struct rk_item *it = &l->items[k];
                FZ_CHECK(it->name != NULL, "item %zu name NULL", k);
                if (it->codes) {
                    FZ_CHECK(it->codes >= v->lists && it->codes < v->lists + v->nlists,
                             "item %zu: code list outside the version", k);
                }
            }
        }
        for (size_t j = 0; j < v->nlists; j++) {
            FZ_CHECK(v->lists[j].id != NULL, "list %zu id NULL", j);
            FZ_CHECK(v->lists[j].ncodes == 0 || v->lists[j].codes, "list %zu codes NULL", j);
            for (size_t k = 0; k < v->lists[j].ncodes; k++)
                FZ_CHECK(v->lists[j].codes[k].value != NULL, "code NULL");
        }
        for (size_t j = 0; j < v->ntypes; j++) {
            FZ_CHECK(v->types[j].code != NULL, "type code NULL");
            FZ_CHECK(rk_version_service_type(v, v->types[j].code, strlen(v->types[j].code)),
                     "type %s not found", v->types[j].code);
        }
        FZ_CHECK(rk_specs_find(s, v->family, v->version) != NULL, "version not found");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!specs_dir[0])
        setup();
    if (size < 1)
        return 0;
    write_base();
    size_t which = data[0] < sizeof tables / sizeof *tables ? data[0] : 4;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", specs_dir, tables[which]);
    fz_write_file(path, data + 1, size - 1);

    struct seen seen = {0};
    struct rk_specs *s = NULL;
    enum rk_status st = rk_specs_load_dir(&s, specs_dir, sink, &seen);
    FZ_CHECK(st != RK_E_INTERNAL && st != RK_E_ARG, "status %s", rk_status_str(st));
    if (st != RK_OK) {
        FZ_CHECK(s == NULL, "status %s with specs", rk_status_str(st));
        if (st == RK_E_SPEC)
            FZ_CHECK(seen.errors > 0, "RK_E_SPEC without an error-level finding");
        return 0;
    }
    FZ_CHECK(s != NULL, "RK_OK without specs");
    FZ_CHECK(seen.errors == 0, "RK_OK with %u error-level findings", seen.errors);
    check_specs(s);

    char file[1024];
    snprintf(file, sizeof file, "%s/UPPLAN_202504_1312345678_43_1312300001_11_20250325120000.CSV",
             dir);
    struct rk_check_options opt = {0};
    struct rk_file_result res;
    st = rk_check_file(s, &opt, file, check_sink, NULL, &res);
    FZ_CHECK(st == RK_OK || st == RK_E_SPEC || st == RK_E_LIMIT, "check: %s", rk_status_str(st));
    snprintf(file, sizeof file, "%s/FORM_0210_2021.csv", dir);
    opt.family = "life";
    st = rk_check_file(s, &opt, file, check_sink, NULL, &res);
    FZ_CHECK(st == RK_OK || st == RK_E_SPEC || st == RK_E_LIMIT, "LIFE check: %s",
             rk_status_str(st));
    rk_specs_free(s);
    return 0;
}
