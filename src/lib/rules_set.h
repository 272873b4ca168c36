/*
 * rules_set.h - the rules over the files of a send (rules_set.c), fed while files are checked.
 * Hidden (-fvisibility=hidden): not part of the public API.
 */
#ifndef RK_RULES_SET_H
#define RK_RULES_SET_H

#include "renkei.h"

struct rk_name;

/* Registers a file of the set; returns its index (or -1 when out of memory). */
int rk_set_add_file(struct rk_set *set, const char *path, const struct rk_name *name);
enum rk_status rk_set_record(struct rk_set *set, int file, const struct rk_layout *l,
                             const struct rk_record *rec, const int *col_of);
/* Registers a file that joins a set by its family rather than its name (LIFE: one upload). */
int rk_set_add_group_file(struct rk_set *set, const char *path, const char *group);
void rk_set_file_done(struct rk_set *set, int file, const struct rk_layout *l);

#endif
