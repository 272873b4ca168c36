/*
 * fuzz_life_import.c - rk_life_import, MHLW's LIFE item list (.xlsx) read into spec tables.
 *
 * Byte 0: bit 0 clear, the rest is the .xlsx itself (a ZIP: mutations mostly meet the ZIP and
 * CRC checks); bit 0 set, the rest is XML parts cut at each FF FE - a sheet, the shared
 * strings, the workbook, its relationships - stored (uncompressed) into an .xlsx here, with
 * fixed defaults for the parts not given, so that mutations reach the XML and the import.
 * Bit 1: small caps (64 KiB a part, 100 shared strings, 2000 cells) to reach the limits.
 *
 * Invariants: the status is RK_OK or RK_E_SPEC (or RK_E_NOMEM); RK_E_SPEC comes with an
 * error-level LIFEIMP finding; RK_OK gives versions.tsv, interfaces.tsv, codes.tsv and one
 * table per interface, every line of each with exactly its header's columns and no CR, one
 * LIFEIMP-004 warning per ● condition that has no `when`, and tables the spec loader reads
 * without a finding (what the importer writes, renkei can load).
 */
#include "harness.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

struct seen {
    size_t errors, warnings_004, other;
};

static void sink(void *ctx, const struct rk_finding *f)
{
    struct seen *s = ctx;
    fz_check_finding(f);
    FZ_CHECK(!strncmp(f->rule->id, "LIFEIMP-", 8), "unexpected rule %s", f->rule->id);
    if (!strcmp(f->rule->id, "LIFEIMP-004"))
        s->warnings_004++;
    if (f->severity == RK_SEV_ERROR)
        s->errors++;
}

static void load_sink(void *ctx, const struct rk_finding *f)
{
    fprintf(stderr, "spec loader: %s %s expected %s actual %s\n", f->rule->id,
            f->path ? f->path : "", f->expected ? f->expected : "", f->actual ? f->actual : "");
    FZ_CHECK(0, "the imported tables do not load");
}

static const char def_sheet[] =
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>No.</t></is></c>"
    "<c r=\"B1\" t=\"inlineStr\"><is><t>項目ID</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>"
    "項目名</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>タイプ</t></is></c><c r=\"E1\" "
    "t=\"inlineStr\"><is><t>桁数</t></is></c><c r=\"F1\" t=\"inlineStr\"><is><t>必須</t></is>"
    "</c></row><row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>"
    "care_facility_id</t></is></c><c r=\"C2\" t=\"inlineStr\"><is><t>事業所番号</t></is></c>"
    "<c r=\"D2\" t=\"inlineStr\"><is><t>文字列</t></is></c><c r=\"E2\"><v>10</v></c>"
    "<c r=\"F2\" t=\"inlineStr\"><is><t>◎</t></is></c></row></sheetData></worksheet>";
static const char def_strings[] = "<sst><si><t>No.</t></si></sst>";
static const char def_workbook[] =
    "<workbook xmlns:r=\"r\"><sheets><sheet name=\"SERVICE_USER_INFO\" sheetId=\"1\" "
    "r:id=\"rId1\"/></sheets></workbook>";
static const char def_rels[] = "<Relationships><Relationship Id=\"rId1\" "
                               "Target=\"worksheets/sheet1.xml\"/></Relationships>";

/* An .xlsx (stored, uncompressed) of the given parts, in *out (free()). */
static bool build(const uint8_t *const parts[4], const size_t lens[4], uint8_t **out,
                  size_t *outlen)
{
    static const char *const names[4] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                                         "xl/workbook.xml", "xl/_rels/workbook.xml.rels"};
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &err) : NULL;
    zip_error_fini(&err);
    if (!z) {
        if (src)
            zip_source_free(src);
        return false;
    }
    zip_source_keep(src);
    for (int i = 0; i < 4; i++) {
        zip_source_t *s = zip_source_buffer(z, parts[i], lens[i], 0);
        zip_int64_t at = s ? zip_file_add(z, names[i], s, 0) : -1;
        if (at < 0) {
            zip_source_free(s);
            zip_discard(z);
            zip_source_free(src);
            return false;
        }
        zip_set_file_compression(z, (zip_uint64_t)at, ZIP_CM_STORE, 0);
    }
    bool ok = zip_close(z) == 0;
    if (!ok)
        zip_discard(z);
    zip_stat_t st;
    ok = ok && zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0;
    if (ok) {
        *out = malloc(st.size ? st.size : 1);
        ok = *out && zip_source_read(src, *out, st.size) == (zip_int64_t)st.size;
        *outlen = st.size;
        zip_source_close(src);
        if (!ok) {
            free(*out);
            *out = NULL;
        }
    }
    zip_source_free(src);
    return ok;
}

/* Every line of a table has its header's tab count; no CR anywhere. */
static void check_table(const struct rk_life_table *t)
{
    FZ_CHECK(t->len > 0 && t->data[t->len - 1] == '\n', "%s does not end a line", t->path);
    FZ_CHECK(!memchr(t->data, '\r', t->len), "%s holds a CR", t->path);
    FZ_CHECK(strlen(t->data) == t->len, "%s holds a NUL", t->path);
    size_t tabs = 0, want = SIZE_MAX;
    for (size_t i = 0; i < t->len; i++) {
        if (t->data[i] == '\t')
            tabs++;
        else if (t->data[i] == '\n') {
            if (want == SIZE_MAX)
                want = tabs;
            FZ_CHECK(tabs == want, "%s: a line with %zu tabs, header %zu", t->path, tabs, want);
            tabs = 0;
        }
    }
}

static void rm_tree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t mode = data[0];
    data++;
    size--;
    uint8_t *xlsx = NULL;
    size_t xlen = size;
    const uint8_t *in = data;
    if (mode & 1) {
        const uint8_t *parts[4] = {(const uint8_t *)def_sheet, (const uint8_t *)def_strings,
                                   (const uint8_t *)def_workbook, (const uint8_t *)def_rels};
        size_t lens[4] = {sizeof def_sheet - 1, sizeof def_strings - 1, sizeof def_workbook - 1,
                          sizeof def_rels - 1};
        const uint8_t *p = data, *end = data + size;
        for (int i = 0; i < 4 && p <= end; i++) {
            const uint8_t *cut = p;
            while (cut + 1 < end && !(cut[0] == 0xFF && cut[1] == 0xFE))
                cut++;
            if (cut + 1 >= end)
                cut = end;
            parts[i] = p;
            lens[i] = (size_t)(cut - p);
            if (cut == end)
                break;
            p = cut + 2;
        }
        if (!build(parts, lens, &xlsx, &xlen))
            return 0;
        in = xlsx;
    }
    struct rk_life_import_options o = {.version = "3.10", .name = "fuzz.xlsx"};
    if (mode & 2) {
        o.max_part_bytes = 64u << 10;
        o.max_strings = 100;
        o.max_cells = 2000;
    } else {
        o.max_part_bytes = 4u << 20;
        o.max_total_bytes = 16u << 20;
    }
    struct seen s = {0};
    struct rk_life_import *r = NULL;
    enum rk_status st = rk_life_import(in, xlen, &o, &r, sink, &s);
    FZ_CHECK(st == RK_OK || st == RK_E_SPEC || st == RK_E_NOMEM, "status %s", rk_status_str(st));
    if (st == RK_E_SPEC)
        FZ_CHECK(s.errors > 0 && !r, "RK_E_SPEC without an error finding");
    if (st == RK_OK) {
        FZ_CHECK(r && s.errors == 0, "RK_OK with %zu error findings", s.errors);
        FZ_CHECK(r->ntables == r->ninterfaces + 3, "%zu tables for %zu interfaces", r->ntables,
                 r->ninterfaces);
        FZ_CHECK(r->nwhen <= r->ncond && s.warnings_004 == r->ncond - r->nwhen,
                 "%zu LIFEIMP-004 for %zu conditions, %zu evaluated", s.warnings_004, r->ncond,
                 r->nwhen);
        for (size_t i = 0; i < r->ntables; i++)
            check_table(&r->tables[i]);
        /* what the importer writes, the loader reads */
        char dir[] = "/tmp/fz_life_import_XXXXXX";
        if (!mkdtemp(dir))
            abort();
        bool written = true;
        for (size_t i = 0; written && i < r->ntables; i++) {
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dir, r->tables[i].path);
            for (char *q = path + strlen(dir) + 1; *q; q++)
                if (*q == '/') {
                    *q = '\0';
                    mkdir(path, 0755);
                    *q = '/';
                }
            FILE *fp = fopen(path, "wb");
            written = fp && fwrite(r->tables[i].data, 1, r->tables[i].len, fp) == r->tables[i].len;
            if (fp)
                fclose(fp);
        }
        if (written) {
            struct rk_specs *specs = NULL;
            enum rk_status ls = rk_specs_load_dir(&specs, dir, load_sink, NULL);
            FZ_CHECK(ls == RK_OK || ls == RK_E_NOMEM, "loading the tables: %s", rk_status_str(ls));
            rk_specs_free(specs);
        }
        rm_tree(dir);
    }
    rk_life_import_free(r);
    free(xlsx);
    return 0;
}
