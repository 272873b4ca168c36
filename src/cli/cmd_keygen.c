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
            fprintf(stderr,
                    "renkei: cannot write %s or %s: %s (existing files are never "
                    "overwritten)\n",
                    priv, pub, strerror(errno));
            code = EXIT_UNREADABLE;
        } else if (st != RK_OK) {
            fprintf(stderr, "renkei: keygen: %s\n", rk_status_str(st));
            code = EXIT_INTERNAL;
        } else {
            char fp[RK_FINGERPRINT_SIZE];
            st = rk_key_fingerprint(pub, fp);
            if (st != RK_OK) {
                fprintf(stderr, "renkei: keygen: %s: %s\n", pub, rk_status_str(st));
                code = EXIT_INTERNAL;
            } else {
                printf("%s\n%s\n%s\n", priv, pub, fp);
                if (fflush(stdout) != 0)
                    code = EXIT_INTERNAL;
            }
        }
    }
    free(priv);
    free(pub);
    return code;
}
