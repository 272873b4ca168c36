/*
 * cmd_keygen.c - `renkei keygen --out PREFIX`: an Ed25519 key pair.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Writes PREFIX.key (mode 0600) and PREFIX.pub. */
int cmd_keygen(struct cli *c, int argc, char **argv)
{
    if (argc != 0 || !c->out_dir || !*c->out_dir)
        return usage_error("%s",
                           TR("keygen には --out PREFIX が必要です", "keygen needs --out PREFIX"));
    size_t n = strlen(c->out_dir) + 5;
    char *priv = malloc(n), *pub = malloc(n);
    int code = EXIT_CONFORMS;
    if (!priv || !pub) {
        code = EXIT_INTERNAL;
    } else {
        snprintf(priv, n, "%s.key", c->out_dir);
        snprintf(pub, n, "%s.pub", c->out_dir);
        enum rk_status st = rk_keygen(priv, pub);
        if (st == RK_E_IO) {
            fprintf(
                stderr,
                TR("renkei: %s または %s を書けません: %s（既にあるファイルは上書きしません）\n",
                   "renkei: cannot write %s or %s: %s (existing files are never "
                   "overwritten)\n"),
                priv, pub, strerror(errno));
            code = EXIT_UNREADABLE;
        } else if (st != RK_OK) {
            fprintf(stderr, TR("renkei: keygen: 鍵を作れません（%s）\n", "renkei: keygen: %s\n"),
                    rk_status_str(st));
            code = EXIT_INTERNAL;
        } else {
            char fp[RK_FINGERPRINT_SIZE];
            st = rk_key_fingerprint(pub, fp);
            if (st != RK_OK) {
                fprintf(stderr,
                        TR("renkei: keygen: %s の鍵を読み戻せません（%s）\n",
                           "renkei: keygen: %s: %s\n"),
                        pub, rk_status_str(st));
                code = EXIT_INTERNAL;
            } else {
                printf(TR("秘密鍵: %s（誰にも渡さない）\n公開鍵: %s（都道府県に渡す）\n"
                          "フィンガープリント: %s（公開鍵とは別の経路で公表する）\n",
                          "private key: %s (keep it to yourself)\n"
                          "public key: %s (give it to the prefecture)\n"
                          "fingerprint: %s (publish it apart from the key)\n"),
                       priv, pub, fp);
                if (fflush(stdout) != 0)
                    code = EXIT_INTERNAL;
            }
        }
    }
    free(priv);
    free(pub);
    return code;
}
