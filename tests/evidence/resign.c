/*
 * resign.c - test helper: signs a file with an Ed25519 private key (PEM) the way
 * rk_evidence_write signs manifest.json, and writes the hex signature. The evidence test uses
 * it to forge a manifest that only the path checks of `renkei verify` can catch.
 * usage: resign KEY.pem MANIFEST SIG
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

static int slurp(const char *path, struct rk_buf *b)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        if (rk_buf_add(b, chunk, n) != RK_OK) {
            fclose(fp);
            return -1;
        }
    int bad = ferror(fp);
    return fclose(fp) == 0 && !bad ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: resign KEY.pem MANIFEST SIG\n");
        return 2;
    }
    struct rk_buf key = {0}, msg = {0};
    unsigned char sig[64];
    if (slurp(argv[1], &key) != 0 || slurp(argv[2], &msg) != 0 ||
        rk_ed25519_sign(key.data, key.len, msg.data ? msg.data : "", msg.len, sig, NULL) != RK_OK) {
        fprintf(stderr, "resign: cannot sign\n");
        return 1;
    }
    FILE *out = fopen(argv[3], "w");
    if (!out)
        return 1;
    for (int i = 0; i < 64; i++)
        fprintf(out, "%02x", sig[i]);
    fputc('\n', out);
    rk_buf_free(&key);
    rk_buf_free(&msg);
    return fclose(out) == 0 ? 0 : 1;
}
