/*
 * rules.c - the rule table (rules.def) as data: lookup by ID and enumeration, and the
 * status strings of the tool-failure channel.
 */
#include "finding.h"

#include <pthread.h>
#include <string.h>

#define INFO RK_SEV_INFO
#define WARNING RK_SEV_WARNING
#define ERROR RK_SEV_ERROR
#define UNSURE RK_RULE_FLAG_UNSURE
#define ITEM RK_RULE_FLAG_ITEM
#define RULE(name, id, sev, strict, scope, listed, flags, ja, en, clause)                          \
    [RK_RULE_##                                                                                    \
        name] = {id, sev, ja, en, clause, strict, RK_SCOPE_##scope, RK_LISTED_##listed, flags},
static const struct rk_rule rules[RK_RULE_COUNT] = {
#include "rules.def"
};
#undef RULE

int rk_rule_across_records(const struct rk_rule *r)
{
    return r->scope == RK_SCOPE_FILE || r->scope == RK_SCOPE_SEND;
}

size_t rk_rule_count(void)
{
    return sizeof rules / sizeof rules[0];
}

const struct rk_rule *rk_rule_at(size_t i)
{
    return i < rk_rule_count() ? &rules[i] : NULL;
}

/* Rules by ID in an open-addressing hash table, built once: every finding looks its rule up,
 * and a linear scan was over half of the time of a file of a million empty lines. */
#define SLOTS 512u
_Static_assert(sizeof rules / sizeof rules[0] < SLOTS / 2, "the rule table stays half empty");
static const struct rk_rule *by_id[SLOTS];
static pthread_once_t by_id_once = PTHREAD_ONCE_INIT;

static unsigned id_hash(const char *id)
{
    unsigned h = 2166136261u;
    for (const unsigned char *s = (const unsigned char *)id; *s; s++)
        h = (h ^ *s) * 16777619u;
    return h;
}

static void by_id_build(void)
{
    for (size_t i = 0; i < rk_rule_count(); i++) {
        unsigned h = id_hash(rules[i].id) % SLOTS;
        while (by_id[h])
            h = (h + 1) % SLOTS;
        by_id[h] = &rules[i];
    }
}

const struct rk_rule *rk_rule_find(const char *id)
{
    pthread_once(&by_id_once, by_id_build);
    for (unsigned h = id_hash(id) % SLOTS; by_id[h]; h = (h + 1) % SLOTS)
        if (strcmp(by_id[h]->id, id) == 0)
            return by_id[h];
    return NULL;
}

const struct rk_rule *rk_rule_get(enum rk_rule_id id)
{
    return &rules[id];
}

const char *rk_status_str(enum rk_status s)
{
    switch (s) {
    case RK_OK:
        return "ok";
    case RK_E_NOMEM:
        return "out of memory";
    case RK_E_IO:
        return "input/output error";
    case RK_E_LIMIT:
        return "limit reached";
    case RK_E_SPEC:
        return "spec error";
    case RK_E_ARG:
        return "invalid argument";
    case RK_E_INTERNAL:
        return "internal error";
    case RK_E_STOPPED:
        return "stopped by callback";
    }
    return "unknown status";
}
