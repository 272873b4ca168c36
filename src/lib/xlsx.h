/*
 * xlsx.h - xlsx workbooks (xlsx.c, the only file that uses expat).
 * Hidden (-fvisibility=hidden): not part of the public API.
 */
#ifndef RK_XLSX_H
#define RK_XLSX_H

#include "alloc.h"

struct rk_xlsx_limits { /* zero = the default in brackets */
    size_t max_part;    /* bytes one part may inflate to [64 MiB] */
    size_t max_total;   /* bytes all parts together may inflate to [256 MiB] */
    size_t max_strings; /* shared strings [1,000,000] */
    size_t max_cells;   /* non-empty cells per sheet [2,000,000] */
};
struct rk_xlsx_cell {
    uint32_t row, col; /* 1-based (A = 1) */
    size_t off, len;   /* text: grid->text.data + off, NUL-terminated */
};
/* A sheet's non-empty cells in document order (row by row). */
struct rk_xlsx_grid {
    size_t ncells, capcells;
    struct rk_xlsx_cell *cells;
    struct rk_buf text;
};
struct rk_xlsx;
/* Opens a workbook in data[0..len) (borrowed, must outlive the rk_xlsx): its sheet names and
 * shared strings. On failure *why says in English what was wrong (static text): RK_E_IO for
 * a malformed or refused workbook (not a ZIP, a part missing or not well-formed, a DOCTYPE),
 * RK_E_LIMIT for a cap reached. Free with rk_xlsx_free. */
enum rk_status rk_xlsx_open(struct rk_xlsx **out, const void *data, size_t len,
                            const struct rk_xlsx_limits *lim, const char **why);
size_t rk_xlsx_sheet_count(const struct rk_xlsx *x);
const char *rk_xlsx_sheet_name(const struct rk_xlsx *x, size_t i);
/* Reads sheet i's cells into g (free with rk_xlsx_grid_free, also after a failure). */
enum rk_status rk_xlsx_sheet_read(struct rk_xlsx *x, size_t i, struct rk_xlsx_grid *g,
                                  const char **why);
void rk_xlsx_grid_free(struct rk_xlsx_grid *g);
void rk_xlsx_free(struct rk_xlsx *x);

#endif
