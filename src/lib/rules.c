/*
 * rules.c - the rule table (rules.def) as data: lookup by ID and enumeration, and the
 * status strings of the tool-failure channel.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define INFO RK_SEV_INFO
#define WARNING RK_SEV_WARNING
#define ERROR RK_SEV_ERROR
#define RULE(id, sev, strict, ja, en, clause) {id, sev, ja, en, clause, strict},
static const struct rk_rule rules[] = {
#include "rules.def"
};
#undef RULE

_Static_assert(sizeof rules / sizeof rules[0] <= 160,
               "struct rk_emitter.per_rule holds a count for every rule");

size_t rk_rule_count(void)
{
    return sizeof rules / sizeof rules[0];
}

const struct rk_rule *rk_rule_at(size_t i)
{
    return i < rk_rule_count() ? &rules[i] : NULL;
}

const struct rk_rule *rk_rule_find(const char *id)
{
    for (size_t i = 0; i < rk_rule_count(); i++)
        if (strcmp(rules[i].id, id) == 0)
            return &rules[i];
    return NULL;
}

const struct rk_rule *rk_rule_get(const char *id)
{
    const struct rk_rule *r = rk_rule_find(id);
    if (!r)
        abort(); /* a check names a rule that rules.def lacks: a bug caught by every test */
    return r;
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
