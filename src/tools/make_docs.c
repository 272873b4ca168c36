/*
 * make_docs.c - writes renkei.1 (the man page) and the bash completion script from the CLI's
 * option and command tables, the same tables `renkei help` prints from. Run at build time:
 * make_docs MAN_OUT COMPLETION_OUT.
 */
#include "cli.h"

#include <stdio.h>

static int write_file(const char *path, void (*write)(FILE *fp))
{
    FILE *fp = fopen(path, "w");
    if (!fp) {
        perror(path);
        return 1;
    }
    write(fp);
    if (ferror(fp) | fclose(fp)) {
        perror(path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: make_docs MAN_OUT COMPLETION_OUT\n", stderr);
        return 2;
    }
    return write_file(argv[1], cli_man_page) | write_file(argv[2], cli_bash_completion);
}
