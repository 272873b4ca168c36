/*
 * finding.h - the one way a finding is reported (finding.c): the emitter.
 * Hidden (-fvisibility=hidden): not part of the public API.
 */
#ifndef RK_FINDING_H
#define RK_FINDING_H

#include "renkei.h"
#include <stdbool.h>

/* Every rule of rules.def by name: RK_RULE_ENC_001 for "ENC-001", in the table's order, so
 * that a check naming a rule rules.def lacks does not compile. (jq's opcode_list.h.) */
enum rk_rule_id {
#define RULE(name, ...) RK_RULE_##name,
#include "rules.def"
#undef RULE
    RK_RULE_COUNT
};

/* The one way a finding leaves a check: fills severity from the rule and profile, applies
 * the findings cap, counts, and calls the sink. */
struct rk_emitter {
    rk_sink_fn sink;
    void *ctx;
    const char *path;
    enum rk_profile profile;
    uint64_t max_findings; /* 0 = unlimited */
    uint64_t emitted;
    uint64_t suppressed;
    uint64_t count[3];                /* by effective severity, including suppressed ones */
    struct rk_pos last;               /* position of the last finding with one */
    uint32_t per_rule[RK_RULE_COUNT]; /* findings given per rule, up to the cap */
    const struct rk_layout *layout;   /* names the item of a JIS-* finding by its field, or NULL */
};

/* Every rule is given at most this many times per file (per emitter); the rest are counted
 * and summed up in the CSV-014 note, so a file of NUL bytes, of the wrong encoding or followed
 * by a million empty lines gives a bounded report, and every writer's memory stays bounded. */
#define RK_RULE_FINDINGS_CAP 1000u
/* The rule of rules.def named id (rk_rule_find looks one up by its ID string). */
const struct rk_rule *rk_rule_get(enum rk_rule_id id);
void rk_emit(struct rk_emitter *em, struct rk_finding *f);
/* Whether rk_emit would hand a finding of rule id to the sink now, rather than only count it
 * (its rule at the cap, or the file at max_findings): a check formats a finding's texts only
 * when it will be written, and gives rk_emit the bare finding otherwise. */
bool rk_emit_writes(const struct rk_emitter *em, enum rk_rule_id id);
/* s (a finding's expected or detail value, in its neutral form) in lang: s itself for English
 * or when lang is Japanese and s has no words; else the Japanese written into buf (n bytes,
 * NUL-terminated, cut when longer). The phrases are finding.c's one table. */
const char *rk_phrase(const char *s, enum rk_lang lang, char *buf, size_t n);
/* rk_phrase, and an office type's code (kyotaku) in Japanese by its name in specs' offices.tsv
 * (specs may be NULL: the code as it is). */
const char *rk_phrase_in(const struct rk_specs *specs, const char *s, enum rk_lang lang, char *buf,
                         size_t n);
/* rk_finding_message, with office types named by specs (rk_phrase_in). */
void rk_finding_message_in(const struct rk_specs *specs, const struct rk_finding *f,
                           enum rk_lang lang, char *buf, size_t n);
/* The Japanese name of an office type (kyotaku: 居宅介護支援事業所) in the first version of
 * specs whose offices.tsv lists it, or NULL when none does (or specs is NULL). */
const char *rk_office_name_ja(const struct rk_specs *specs, const char *office);
/* "default", "strict", "2027" or "strict,2027", as --profile takes it. */
const char *rk_profile_name(enum rk_profile p);
/* Emits the CSV-014 summary if anything was suppressed. */
void rk_emit_flush(struct rk_emitter *em, struct rk_pos end);

#endif
