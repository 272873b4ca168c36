/*
 * crypto.c - hashing (and, later, signatures) through OpenSSL 3. The only file that uses
 * OpenSSL, so it can be swapped or stubbed in one place.
 */
#include "internal.h"

#include <openssl/evp.h>

struct rk_sha256 {
    EVP_MD_CTX *ctx;
};

struct rk_sha256 *rk_sha256_new(void)
{
    struct rk_sha256 *h = rk_calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->ctx = EVP_MD_CTX_new();
    if (!h->ctx || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
        rk_sha256_free(h);
        return NULL;
    }
    return h;
}

enum rk_status rk_sha256_update(struct rk_sha256 *h, const void *p, size_t n)
{
    return EVP_DigestUpdate(h->ctx, p, n) == 1 ? RK_OK : RK_E_INTERNAL;
}

enum rk_status rk_sha256_final(struct rk_sha256 *h, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_DigestFinal_ex(h->ctx, md, &n) != 1 || n != 32)
        return RK_E_INTERNAL;
    for (unsigned i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
    return RK_OK;
}

void rk_sha256_free(struct rk_sha256 *h)
{
    if (!h)
        return;
    EVP_MD_CTX_free(h->ctx);
    rk_free(h);
}
