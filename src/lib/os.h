/*
 * os.h - the operating system under librenkei (os.c): every call that names a file or a
 * directory goes through here, with paths in UTF-8. On POSIX systems these are the C library's
 * calls. On Windows (mingw-w64) paths are converted to UTF-16 and the wide-character API is
 * used (_wopen, _wfopen, CreateFileW, FindFirstFileW, MoveFileExW), so Japanese folder and file
 * names work whatever the ANSI code page; files are always opened in binary mode (no CRLF
 * translation) and never inherited by child processes.
 *
 * The *at functions keep the evidence module's "everything relative to the bundle's directory
 * descriptor" design: on Windows a directory descriptor is the directory's path held in a small
 * table (rk_os_open with O_DIRECTORY), and names are joined to it.
 *
 * Every function sets errno and returns -1 (or NULL) on failure, like the call it stands for.
 * The functions are exported (RK_API) so that the command line, which names, creates and
 * renames files through this layer too, links against the shared library's exported symbols
 * only (ctest cli_shared_lib).
 */
#ifndef RK_OS_H
#define RK_OS_H

#include "renkei.h" /* RK_API: the os layer is exported, for the command line (src/cli) */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <fcntl.h>

#ifdef _WIN32
#include <io.h>
/* Flags Windows does not have: handles are always opened non-inheritable (O_NOINHERIT), a FIFO
 * cannot be named by a path. */
#ifndef O_NOFOLLOW
#define O_NOFOLLOW 0x20000000 /* not an msvcrt flag: rk_os_open refuses a reparse point */
#endif
#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif
#ifndef O_NONBLOCK
#define O_NONBLOCK 0
#endif
#ifndef AT_FDCWD
#define AT_FDCWD (-100) /* the *at calls: a name relative to the current directory */
#endif
#ifndef O_DIRECTORY
#define O_DIRECTORY 0x10000000 /* not an msvcrt flag: rk_os_open makes a directory descriptor */
#endif
#ifndef STDIN_FILENO
#define STDIN_FILENO 0
#endif
typedef long long rk_ssize;
#else
#include <sys/types.h>
#include <unistd.h>
typedef ssize_t rk_ssize;
#endif

/* What rk_os_stat and friends tell about a file. */
struct rk_os_stat {
    bool is_dir;   /* a directory */
    bool is_reg;   /* a regular file */
    bool is_link;  /* a symbolic link or other reparse point (only when not followed) */
    uint64_t size; /* bytes, for a regular file */
    uint64_t dev;  /* device (Windows: volume serial number) */
    uint64_t ino;  /* inode (Windows: file index); dev and ino together name one file */
    int mode;      /* permission bits (st_mode & 07777; Windows: 0444 read-only, else 0666) */
};

/* Whether c separates the parts of a path: '/', and on Windows '\\' too. */
static inline bool rk_os_is_sep(char c)
{
#ifdef _WIN32
    return c == '/' || c == '\\';
#else
    return c == '/';
#endif
}

/* Opens path as open(2) does (the mode, an int, follows when flags has O_CREAT; O_DIRECTORY gives a
 * directory descriptor for the *at calls). On Windows a file created with a mode giving nothing to
 * group and others (0600) gets a protected access-control list with one entry, full access for the
 * user running renkei: no permission is inherited from the folder, so only that user (and
 * administrators, who can take ownership) can read it. */
RK_API int rk_os_open(const char *path, int flags, ...);

/* Opens name in the directory of descriptor dfd, as openat(2). */
RK_API int rk_os_openat(int dfd, const char *name, int flags, ...);

/* (fopen is rk_fopen in renkei.h: binary whatever mode says, not inherited by children.) */

/* A FILE on descriptor fd (binary), as fdopen(3). */
RK_API FILE *rk_os_fdopen(int fd, const char *mode);

/* Clears O_NONBLOCK once a file is open (on Windows nothing to do). */
RK_API void rk_os_set_blocking(int fd);

/* read(2), write(2), close(2), fsync(2) (on Windows a directory's fsync does nothing). */
RK_API rk_ssize rk_os_read(int fd, void *buf, size_t n);
RK_API rk_ssize rk_os_write(int fd, const void *buf, size_t n);
RK_API int rk_os_close(int fd);
RK_API int rk_os_fsync(int fd);

/* stat(2) following links, lstat(2) (nofollow), fstat(2), fstatat(2) without following. */
RK_API int rk_os_stat(const char *path, struct rk_os_stat *st);
RK_API int rk_os_lstat(const char *path, struct rk_os_stat *st);
RK_API int rk_os_fstat(int fd, struct rk_os_stat *st);
RK_API int rk_os_lstatat(int dfd, const char *name, struct rk_os_stat *st);

/* (Whether two paths name the same file: rk_same_file in renkei.h.) */

/* mkdir(2); mode is ignored on Windows (the folder inherits its parent's permissions). */
RK_API int rk_os_mkdir(const char *path, int mode);

/* mkdirat(2): the directory name in the directory of descriptor dfd. */
RK_API int rk_os_mkdirat(int dfd, const char *name, int mode);

/* rmdir(2) (an empty directory); rk_os_rmdirat removes name in the directory of dfd
 * (unlinkat(2) with AT_REMOVEDIR). */
RK_API int rk_os_rmdir(const char *path);
RK_API int rk_os_rmdirat(int dfd, const char *name);

/* fchmod(2). On Windows it does nothing and returns 0: a file's permissions there are its
 * access-control list, which rk_os_open sets when it creates a file with mode 0600. */
RK_API int rk_os_fchmod(int fd, int mode);

/* unlink(2) and unlinkat(2) (files only). */
RK_API int rk_os_unlink(const char *path);
RK_API int rk_os_unlinkat(int dfd, const char *name);

/* Renames from to to, replacing to atomically if it exists (rename(2); on Windows MoveFileExW
 * with MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH, a directory without replacing, which
 * MoveFileExW does not allow for one). rk_os_renameat renames within the
 * directory of dfd. */
RK_API int rk_os_rename(const char *from, const char *to);
RK_API int rk_os_renameat(int dfd, const char *from, const char *to);

/* Reading a directory: the names in it, "." and ".." left out, in the order the system gives
 * them (callers sort). rk_os_dir_next's name is valid until the next call. */
struct rk_os_dir;
RK_API struct rk_os_dir *rk_os_dir_open(const char *path);
RK_API struct rk_os_dir *rk_os_dir_openat(int dfd); /* the directory of descriptor dfd itself */
RK_API const char *rk_os_dir_next(struct rk_os_dir *d);
RK_API void rk_os_dir_close(struct rk_os_dir *d);

/* The file path names once symbolic links are followed, malloc'd (realpath(3); on Windows the
 * target of a reparse point, else a copy of path). NULL with errno on failure. */
RK_API char *rk_os_realpath(const char *path);

/* mkstemp(3): the last six characters of tmpl ("XXXXXX") replaced to name a new file, opened
 * read-write. On Windows the file gets its folder's inherited permissions. */
RK_API int rk_os_mkstemp(char *tmpl);

/* mkdtemp(3): a new directory only its owner may enter, named as for rk_os_mkstemp. */
RK_API char *rk_os_mkdtemp(char *tmpl);

/* A temporary file open for reading and writing (binary), in rk_os_tmpdir(), that disappears
 * when closed (POSIX: unlinked at once; Windows: _O_TEMPORARY). NULL with errno on failure. */
RK_API FILE *rk_os_tmpfile(void);

/* The permission bits a new file gets (0666 less the umask; on Windows 0666). */
RK_API int rk_os_new_file_mode(void);

/* The directory for temporary files: $TMPDIR or /tmp; on Windows GetTempPathW's (%TMP%,
 * %TEMP%), without the trailing separator. The string is static. */
RK_API const char *rk_os_tmpdir(void);

/* chdir(2), and fchdir(2) to a directory descriptor from rk_os_open(".", O_DIRECTORY) (on
 * Windows such a descriptor holds the directory's full path). */
RK_API int rk_os_chdir(const char *path);
RK_API int rk_os_fchdir(int dfd);

/* The process ID (for temporary names). */
RK_API long rk_os_pid(void);

#endif
