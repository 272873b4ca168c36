/*
 * evidence.h - what the evidence module (evidence.c) shares with verify_zip.c, which verifies
 * a bundle received as a ZIP. Hidden (-fvisibility=hidden): not part of the public API.
 */
#ifndef RK_EVIDENCE_H
#define RK_EVIDENCE_H

#include "renkei.h"
#include <stdbool.h>

/* The one way verify keeps a problem: finding f (given by rk_emit to verify's sink) appended
 * to res->list with its path and its message in Japanese and English, copied (freed by
 * rk_verify_result_free). *cap is the list's capacity. false when out of memory: then the
 * list is as it was. */
bool rk_verify_keep(struct rk_verify_result *res, size_t *cap, const struct rk_finding *f);

#endif
