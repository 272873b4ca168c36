/*
 * family.c - the families the library knows (family.h), in the order detection asks them:
 * the first is the default, the family of a file no other claims.
 */
#include "family.h"

#include <string.h>

static const struct rk_family *const families[] = {&rk_family_careplan, &rk_family_life};
#define NFAMILIES (sizeof families / sizeof families[0])

const struct rk_family *rk_family_at(size_t i)
{
    return i < NFAMILIES ? families[i] : NULL;
}

const struct rk_family *rk_family_default(void)
{
    return families[0];
}

const struct rk_family *rk_family_find(const char *name)
{
    for (size_t i = 0; name && i < NFAMILIES; i++)
        if (strcmp(families[i]->name, name) == 0)
            return families[i];
    return NULL;
}

const struct rk_family *rk_family_serving(enum rk_evidence_req r)
{
    for (size_t i = 0; i < NFAMILIES; i++)
        if (families[i]->requirement == r)
            return families[i];
    return NULL;
}

const struct rk_family *rk_family_of(const struct rk_version *v)
{
    const struct rk_family *f = v ? rk_family_find(v->family) : NULL;
    return f ? f : rk_family_default();
}

const struct rk_family *rk_family_detect(const struct rk_specs *s, const struct rk_record *first)
{
    for (size_t i = 0; i < NFAMILIES; i++)
        if (families[i]->claims && families[i]->claims(s, first))
            return families[i];
    return rk_family_default();
}
