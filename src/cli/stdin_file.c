/*
 * stdin_file.c - `renkei check --name NAME -`: standard input checked as a file called NAME.
 * The file name decides the layout and the version family, so the bytes are copied (64 KiB at
 * a time: memory stays flat) into NAME in a new private directory under $TMPDIR (or /tmp; on
 * Windows %TEMP%), and the check runs there on "NAME", so findings name the file as the user
 * did. The copy and its directory are removed afterwards. Files and directories go through
 * librenkei's os layer (os.h).
 */
#include "cli.h"
#include "os.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cli_stdin_open(struct cli_stdin *s, const char *name)
{
    memset(s, 0, sizeof *s);
    s->cwd = -1;
    const char *tmpdir = rk_os_tmpdir();
    size_t n = strlen(tmpdir) + sizeof "/renkei-stdin-XXXXXX";
    s->dir = malloc(n);
    if (!s->dir) {
        cli_error("%s", TR("メモリ不足", "out of memory"));
        return EXIT_INTERNAL;
    }
    snprintf(s->dir, n, "%s/renkei-stdin-XXXXXX", tmpdir);
    if (!rk_os_mkdtemp(s->dir)) {
        cli_error("%s: %s", s->dir, strerror(errno));
        free(s->dir);
        s->dir = NULL;
        return EXIT_UNREADABLE;
    }
    s->cwd = rk_os_open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (s->cwd < 0 || rk_os_chdir(s->dir) != 0) {
        cli_error("%s: %s", s->dir, strerror(errno));
        cli_stdin_close(s);
        return EXIT_UNREADABLE;
    }
    s->name = name;
    int fd = rk_os_open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        cli_error("%s: %s", name, strerror(errno));
        cli_stdin_close(s);
        return EXIT_UNREADABLE;
    }
    s->created = true;
    static char buf[65536];
    for (;;) {
        rk_ssize got = rk_os_read(STDIN_FILENO, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            cli_error(TR("標準入力を読めません: %s", "cannot read standard input: %s"),
                      strerror(errno));
            rk_os_close(fd);
            cli_stdin_close(s);
            return EXIT_UNREADABLE;
        }
        if (got == 0)
            break;
        for (rk_ssize off = 0; off < got;) {
            rk_ssize put = rk_os_write(fd, buf + off, (size_t)(got - off));
            if (put < 0 && errno == EINTR)
                continue;
            if (put < 0) {
                cli_error("%s/%s: %s", s->dir, name, strerror(errno));
                rk_os_close(fd);
                cli_stdin_close(s);
                return EXIT_UNREADABLE;
            }
            off += put;
        }
    }
    if (rk_os_close(fd) != 0) {
        cli_error("%s/%s: %s", s->dir, name, strerror(errno));
        cli_stdin_close(s);
        return EXIT_UNREADABLE;
    }
    return EXIT_CONFORMS;
}

void cli_stdin_close(struct cli_stdin *s)
{
    if (s->created)
        rk_os_unlink(s->name);
    if (s->cwd >= 0) {
        if (rk_os_fchdir(s->cwd) != 0)
            cli_error("%s", strerror(errno));
        rk_os_close(s->cwd);
    }
    if (s->dir)
        rk_os_rmdir(s->dir);
    free(s->dir);
    memset(s, 0, sizeof *s);
    s->cwd = -1;
}
