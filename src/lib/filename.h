/*
 * filename.h - what a file's name says (filename.c).
 * Hidden (-fvisibility=hidden): not part of the public API.
 */
#ifndef RK_FILENAME_H
#define RK_FILENAME_H

#include "renkei.h"
#include <stdbool.h>

struct rk_emitter;

struct rk_name {
    char layout_id[32];
    bool parsed; /* the parts below were read */
    enum rk_name_style style;
    bool has_month;  /* month holds YYYYMM */
    bool month_zero; /* the month part is 000000 */
    char month[7];
    char from[11], from_svc[3], to[11], to_svc[3];
    char serial[15];
};
/* Reads the base name of path. Returns false when no layout prefix matches (NAME-001). */
bool rk_name_parse(const struct rk_specs *specs, const char *family, const char *path,
                   struct rk_name *out, struct rk_emitter *em);
bool rk_valid_date(const char *yyyymmdd);
bool rk_valid_month(const char *yyyymm);
unsigned rk_month_days(const char *yyyymm);

#endif
