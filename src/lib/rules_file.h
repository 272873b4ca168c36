/*
 * rules_file.h - the rules over the records of one file (rules_file.c).
 * Hidden (-fvisibility=hidden): not part of the public API.
 */
#ifndef RK_RULES_FILE_H
#define RK_RULES_FILE_H

#include "check.h"

struct rk_file_agg;
enum rk_status rk_file_rules_record(struct rk_file_check *fc, const struct rk_record *rec);
enum rk_status rk_file_rules_end(struct rk_file_check *fc);
void rk_file_rules_free(struct rk_file_check *fc);

#endif
