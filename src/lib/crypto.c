/*
 * crypto.c - hashing (SHA-256) and signatures (Ed25519, for the evidence bundle) through
 * OpenSSL 3. The only file that uses OpenSSL, so it can be swapped or stubbed in one place.
 */
#include "crypto.h"

#include "alloc.h"

#include <stdio.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

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

/* ---- Ed25519 signatures (the evidence bundle) ---- */

void rk_secure_zero(void *p, size_t n)
{
    if (p && n)
        OPENSSL_cleanse(p, n);
}

/* Appends what the memory BIO holds to b. */
static enum rk_status bio_to_buf(BIO *bio, struct rk_buf *b)
{
    char *data = NULL;
    long n = BIO_get_mem_data(bio, &data);
    if (n <= 0 || !data)
        return RK_E_INTERNAL;
    return rk_buf_add(b, data, (size_t)n);
}

static enum rk_status public_pem(EVP_PKEY *key, struct rk_buf *pub)
{
    BIO *bio = BIO_new(BIO_s_mem());
    enum rk_status st =
        bio && PEM_write_bio_PUBKEY(bio, key) == 1 ? bio_to_buf(bio, pub) : RK_E_INTERNAL;
    BIO_free(bio);
    return st;
}

enum rk_status rk_ed25519_keygen(struct rk_buf *priv, struct rk_buf *pub)
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    if (!key)
        return RK_E_INTERNAL;
    BIO *bio = BIO_new(BIO_s_secmem());
    enum rk_status st = RK_E_INTERNAL;
    if (bio && PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL) == 1)
        st = bio_to_buf(bio, priv);
    if (st == RK_OK)
        st = public_pem(key, pub);
    BIO_free(bio); /* a secure-heap BIO is cleansed when freed */
    EVP_PKEY_free(key);
    return st;
}

/* The key in pem if it is an Ed25519 key of the kind wanted, else NULL. */
static EVP_PKEY *read_key(const void *pem, size_t len, bool private_key)
{
    if (len > INT32_MAX)
        return NULL;
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    if (!bio)
        return NULL;
    EVP_PKEY *key = private_key ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL)
                                : PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
    BIO_free(bio);
    if (key && !EVP_PKEY_is_a(key, "ED25519")) {
        EVP_PKEY_free(key);
        key = NULL;
    }
    return key;
}

enum rk_status rk_ed25519_sign(const void *pem, size_t pem_len, const void *msg, size_t n,
                               unsigned char sig[64], struct rk_buf *pub)
{
    EVP_PKEY *key = read_key(pem, pem_len, true);
    if (!key)
        return RK_E_ARG;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t siglen = 64;
    enum rk_status st = RK_E_INTERNAL;
    /* Ed25519 hashes internally: one-shot, with no digest named */
    if (ctx && EVP_DigestSignInit(ctx, NULL, NULL, NULL, key) == 1 &&
        EVP_DigestSign(ctx, sig, &siglen, msg, n) == 1 && siglen == 64)
        st = RK_OK;
    if (st == RK_OK && pub)
        st = public_pem(key, pub);
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(key);
    return st;
}

enum rk_status rk_ed25519_verify(const void *pem, size_t pem_len, const void *msg, size_t n,
                                 const unsigned char sig[64], bool *ok)
{
    *ok = false;
    EVP_PKEY *key = read_key(pem, pem_len, false);
    if (!key)
        return RK_E_ARG;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    enum rk_status st = RK_E_INTERNAL;
    if (ctx && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, key) == 1) {
        st = RK_OK;
        *ok = EVP_DigestVerify(ctx, sig, 64, msg, n) == 1;
    }
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(key);
    return st;
}

/* "SHA256:" and the hex SHA-256 of key's DER SubjectPublicKeyInfo, as `renkei keygen` and
 * `renkei verify` print it. */
static enum rk_status key_fingerprint(EVP_PKEY *key, char out[RK_FINGERPRINT_SIZE])
{
    unsigned char *der = NULL;
    int n = i2d_PUBKEY(key, &der);
    if (n <= 0)
        return RK_E_INTERNAL;
    struct rk_sha256 *h = rk_sha256_new();
    enum rk_status st = h ? rk_sha256_update(h, der, (size_t)n) : RK_E_NOMEM;
    char hex[65];
    if (st == RK_OK)
        st = rk_sha256_final(h, hex);
    rk_sha256_free(h);
    OPENSSL_free(der);
    if (st == RK_OK)
        snprintf(out, RK_FINGERPRINT_SIZE, "SHA256:%s", hex);
    return st;
}

enum rk_status rk_ed25519_fingerprint(const void *pem, size_t pem_len, bool private_key,
                                      char out[RK_FINGERPRINT_SIZE])
{
    out[0] = '\0';
    if (pem_len > INT32_MAX)
        return RK_E_ARG;
    /* exactly one PEM block: a second key beside the first would let a reader pick either */
    BIO *bio = BIO_new_mem_buf(pem, (int)pem_len);
    if (!bio)
        return RK_E_NOMEM;
    unsigned blocks = 0;
    for (;;) {
        char *name = NULL, *header = NULL;
        unsigned char *data = NULL;
        long len = 0;
        if (PEM_read_bio(bio, &name, &header, &data, &len) != 1)
            break;
        blocks++;
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(data);
    }
    BIO_free(bio);
    ERR_clear_error();
    if (blocks != 1)
        return RK_E_ARG;
    EVP_PKEY *key = read_key(pem, pem_len, private_key);
    if (!key)
        return RK_E_ARG;
    enum rk_status st = key_fingerprint(key, out);
    EVP_PKEY_free(key);
    return st;
}
