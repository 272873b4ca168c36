/*
 * crypto.h - hashing and signatures (crypto.c, the only file that uses OpenSSL).
 * Hidden (-fvisibility=hidden): not part of the public API.
 */
#ifndef RK_CRYPTO_H
#define RK_CRYPTO_H

#include "alloc.h"

struct rk_sha256;
struct rk_sha256 *rk_sha256_new(void);
enum rk_status rk_sha256_update(struct rk_sha256 *h, const void *p, size_t n);
/* Writes 64 hex digits and a NUL into hex. */
enum rk_status rk_sha256_final(struct rk_sha256 *h, char hex[65]);
void rk_sha256_free(struct rk_sha256 *h);

/* Ed25519 (crypto.c). PEM text is appended to the caller's buffers (rk_buf_free them; wipe a
 * private key with rk_secure_zero first). */
enum rk_status rk_ed25519_keygen(struct rk_buf *priv_pem, struct rk_buf *pub_pem);
/* Signs msg with the private key in pem; sig receives 64 bytes and pub_pem (may be NULL) the
 * public key. RK_E_ARG when pem holds no Ed25519 private key. */
enum rk_status rk_ed25519_sign(const void *pem, size_t pem_len, const void *msg, size_t n,
                               unsigned char sig[64], struct rk_buf *pub_pem);
/* *ok tells whether sig is msg's signature by the public key in pem. RK_E_ARG when pem holds
 * no Ed25519 public key. */
enum rk_status rk_ed25519_verify(const void *pem, size_t pem_len, const void *msg, size_t n,
                                 const unsigned char sig[64], bool *ok);
/* The fingerprint of the one key in pem (a public key, or the public half of a private key):
 * "SHA256:" and 64 lowercase hex digits of the SHA-256 of its DER SubjectPublicKeyInfo.
 * RK_E_ARG when pem does not hold exactly one PEM block that is an Ed25519 key of that kind. */
enum rk_status rk_ed25519_fingerprint(const void *pem, size_t pem_len, bool private_key,
                                      char out[RK_FINGERPRINT_SIZE]);
void rk_secure_zero(void *p, size_t n);

#endif
