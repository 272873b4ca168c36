/*
 * output.c - where a command's report goes: standard output, or the file -o names, written
 * atomically. The file is opened only once the arguments and the spec tables have been
 * validated (the commands call cli_output_open late), and written to a temporary file in the
 * same directory that replaces FILE by rename() only when the whole report was written: a
 * usage error, a spec error or a failed write never truncates or half-writes an existing file.
 * A FILE that exists and is not a regular file (a device, a FIFO: /dev/full, /dev/stdout) is
 * written in place; a symbolic link is followed, so the file it points to is replaced.
 * The files are named, created and renamed through librenkei's os layer (os.h), so on Windows
 * paths are UTF-8 and the rename replaces FILE (MoveFileExW) once the temporary file is closed.
 */
#include "cli.h"
#include "os.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cli_output_open(struct cli_output *o, const char *path, char *const *inputs, size_t ninputs)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return EXIT_CONFORMS;
    }
    o->path = path;
    struct rk_os_stat so;
    bool exists = rk_os_stat(path, &so) == 0;
    if (exists) {
        for (size_t i = 0; i < ninputs; i++) {
            if (rk_same_file(inputs[i], path))
                return usage_error(TR("入力 '%s' にレポートを上書きしません",
                                      "refusing to write the report over input '%s'"),
                                   path);
        }
    }
    if (exists && !so.is_reg) {
        o->fp = rk_fopen(path, "w");
        if (!o->fp) {
            cli_error("%s: %s", path, strerror(errno));
            return EXIT_UNREADABLE;
        }
        return EXIT_CONFORMS;
    }
    /* the file a link points to is the one replaced */
    char *real = exists ? rk_os_realpath(path) : NULL;
    const char *target = real ? real : path;
    size_t n = strlen(target) + sizeof ".renkei-XXXXXX";
    o->target = malloc(strlen(target) + 1);
    o->tmp = malloc(n);
    if (!o->target || !o->tmp) {
        free(real);
        cli_output_abort(o);
        cli_error("%s", TR("メモリ不足", "out of memory"));
        return EXIT_INTERNAL;
    }
    memcpy(o->target, target, strlen(target) + 1);
    snprintf(o->tmp, n, "%s.renkei-XXXXXX", target);
    free(real);
    int fd = rk_os_mkstemp(o->tmp);
    if (fd < 0) {
        cli_error("%s: %s", path, strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        cli_output_abort(o);
        return EXIT_UNREADABLE;
    }
    /* mkstemp makes 0600; a report gets what a new file would */
    if (rk_os_fchmod(fd, exists ? so.mode : rk_os_new_file_mode()) != 0 ||
        !(o->fp = rk_os_fdopen(fd, "w"))) {
        cli_error("%s: %s", path, strerror(errno));
        rk_os_close(fd);
        cli_output_abort(o);
        return EXIT_UNREADABLE;
    }
    return EXIT_CONFORMS;
}

int cli_output_commit(struct cli_output *o)
{
    if (o->fp == stdout || !o->path) {
        o->fp = NULL;
        return fflush(stdout) == 0 ? EXIT_CONFORMS : EXIT_INTERNAL;
    }
    int err = 0;
    if (fflush(o->fp) != 0 || ferror(o->fp))
        err = errno ? errno : EIO;
    if (fclose(o->fp) != 0 && !err)
        err = errno;
    o->fp = NULL;
    if (!err && o->tmp && rk_os_rename(o->tmp, o->target) != 0)
        err = errno;
    if (err) {
        cli_error(TR("%s: %s（レポートを書けません）", "%s: %s (cannot write the report)"), o->path,
                  strerror(err));
        cli_output_abort(o);
        return EXIT_INTERNAL;
    }
    free(o->tmp);
    free(o->target);
    o->tmp = o->target = NULL;
    return EXIT_CONFORMS;
}

void cli_output_abort(struct cli_output *o)
{
    if (o->fp && o->fp != stdout)
        fclose(o->fp);
    o->fp = NULL;
    if (o->tmp)
        rk_os_unlink(o->tmp);
    free(o->tmp);
    free(o->target);
    o->tmp = o->target = NULL;
}
