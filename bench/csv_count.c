/* csv_count: the floor for renkei's speed. Counts the fields and records of one file with bare
 * libcsv (csv_parse with default options over 64 KiB reads, callbacks that only count), which is
 * the parser renkei is bound to. Built by bench/run.sh: cc -O2 csv_count.c -lcsv. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

struct counts {
    unsigned long long fields, records;
};

static void on_field(void *data, size_t len, void *user)
{
    (void)data;
    (void)len;
    ((struct counts *)user)->fields++;
}

static void on_record(int c, void *user)
{
    (void)c;
    ((struct counts *)user)->records++;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: csv_count FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 3;
    }
    struct csv_parser p;
    if (csv_init(&p, 0) != 0) {
        fclose(f);
        return 4;
    }
    static char buf[64 * 1024];
    struct counts n = {0, 0};
    size_t got;
    int rc = 0;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
        if (csv_parse(&p, buf, got, on_field, on_record, &n) != got) {
            fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
            rc = 1;
            break;
        }
    }
    if (ferror(f)) {
        perror(argv[1]);
        rc = 3;
    }
    csv_fini(&p, on_field, on_record, &n);
    csv_free(&p);
    fclose(f);
    printf("%llu fields, %llu records\n", n.fields, n.records);
    return rc;
}
