/*
 * csv_writer.c - writes records the way the care-plan standard wants them: comma-separated,
 * a field in double quotes when it was quoted or must be (it holds a comma, quote, CR or LF),
 * inner quotes doubled, CRLF after every record. Bytes pass through unchanged, so a
 * well-formed file read by csv_reader.c and written here comes out byte-identical.
 */
#include "renkei.h"

#include <stdbool.h>
#include <string.h>

static bool needs_quotes(const struct rk_field *f)
{
    for (size_t i = 0; i < f->len; i++) {
        unsigned char c = f->data[i];
        if (c == ',' || c == '"' || c == '\r' || c == '\n')
            return true;
    }
    return false;
}

enum rk_status rk_write_record(rk_write_fn write, void *ctx, const struct rk_field *fields,
                               size_t nfields)
{
    for (size_t i = 0; i < nfields; i++) {
        const struct rk_field *f = &fields[i];
        if (i > 0 && write(ctx, ",", 1) != 0)
            return RK_E_IO;
        bool q = (f->flags & RK_FIELD_QUOTED) || needs_quotes(f);
        if (!q) {
            if (f->len && write(ctx, f->data, f->len) != 0)
                return RK_E_IO;
            continue;
        }
        if (write(ctx, "\"", 1) != 0)
            return RK_E_IO;
        size_t run = 0;
        for (size_t j = 0; j < f->len; j++) {
            if (f->data[j] != '"')
                continue;
            /* write up to and including the quote, then the quote again */
            if (write(ctx, f->data + run, j + 1 - run) != 0 || write(ctx, "\"", 1) != 0)
                return RK_E_IO;
            run = j + 1;
        }
        if (f->len > run && write(ctx, f->data + run, f->len - run) != 0)
            return RK_E_IO;
        if (write(ctx, "\"", 1) != 0)
            return RK_E_IO;
    }
    return write(ctx, "\r\n", 2) != 0 ? RK_E_IO : RK_OK;
}
