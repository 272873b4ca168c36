/*
 * csv_reader.h - what librenkei's modules add to the reader's public API (csv_reader.c).
 * Hidden (-fvisibility=hidden): not part of the public API.
 */
#ifndef RK_CSV_READER_H
#define RK_CSV_READER_H

#include "renkei.h"

struct rk_emitter;

/* Sends the reader's findings through em (shared with the checks of the same file) instead
 * of the sink given to rk_reader_new. */
void rk_reader_set_emitter(struct rk_reader *r, struct rk_emitter *em);
/* The position after the last byte fed. */
struct rk_pos rk_reader_end(const struct rk_reader *r);

#endif
