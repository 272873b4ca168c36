/*
 * os.c - file and directory calls with UTF-8 paths (os.h): the C library's on POSIX systems,
 * the wide-character Windows API under mingw-w64. The only file of librenkei that knows it runs
 * on Windows.
 */
#ifndef _WIN32
#define _XOPEN_SOURCE 700 /* realpath, fchdir, mkdtemp */
#endif
#include "os.h"

#include "renkei.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* the mode argument of open(2), present when flags has O_CREAT */
#define MODE_ARG(flags, mode)                                                                      \
    do {                                                                                           \
        if ((flags)&O_CREAT) {                                                                     \
            va_list ap;                                                                            \
            va_start(ap, flags);                                                                   \
            mode = va_arg(ap, int);                                                                \
            va_end(ap);                                                                            \
        }                                                                                          \
    } while (0)

#ifndef _WIN32

#include <dirent.h>
#include <sys/stat.h>

static void from_stat(const struct stat *sb, struct rk_os_stat *st)
{
    st->is_dir = S_ISDIR(sb->st_mode);
    st->is_reg = S_ISREG(sb->st_mode);
    st->is_link = S_ISLNK(sb->st_mode);
    st->size = sb->st_size > 0 ? (uint64_t)sb->st_size : 0;
    st->dev = (uint64_t)sb->st_dev;
    st->ino = (uint64_t)sb->st_ino;
    st->mode = (int)(sb->st_mode & 07777);
}

int rk_os_open(const char *path, int flags, ...)
{
    int mode = 0;
    MODE_ARG(flags, mode);
    return open(path, flags, mode);
}

int rk_os_openat(int dfd, const char *name, int flags, ...)
{
    int mode = 0;
    MODE_ARG(flags, mode);
    return openat(dfd, name, flags, mode);
}

FILE *rk_fopen(const char *path, const char *mode)
{
    char m[8];
    size_t n = 0;
    for (const char *p = mode; *p && n < sizeof m - 2; p++)
        if (*p != 'b')
            m[n++] = *p;
    m[n++] = 'e'; /* O_CLOEXEC (glibc) */
    m[n] = '\0';
    return fopen(path, m);
}

FILE *rk_os_fdopen(int fd, const char *mode)
{
    return fdopen(fd, mode);
}

void rk_os_set_blocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
}

rk_ssize rk_os_read(int fd, void *buf, size_t n)
{
    return read(fd, buf, n);
}

rk_ssize rk_os_write(int fd, const void *buf, size_t n)
{
    return write(fd, buf, n);
}

int rk_os_close(int fd)
{
    return close(fd);
}

int rk_os_fsync(int fd)
{
    return fsync(fd);
}

int rk_os_stat(const char *path, struct rk_os_stat *st)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return -1;
    from_stat(&sb, st);
    return 0;
}

int rk_os_lstat(const char *path, struct rk_os_stat *st)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return -1;
    from_stat(&sb, st);
    return 0;
}

int rk_os_fstat(int fd, struct rk_os_stat *st)
{
    struct stat sb;
    if (fstat(fd, &sb) != 0)
        return -1;
    from_stat(&sb, st);
    return 0;
}

int rk_os_lstatat(int dfd, const char *name, struct rk_os_stat *st)
{
    struct stat sb;
    if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
        return -1;
    from_stat(&sb, st);
    return 0;
}

int rk_os_mkdir(const char *path, int mode)
{
    return mkdir(path, (mode_t)mode);
}

int rk_os_mkdirat(int dfd, const char *name, int mode)
{
    return mkdirat(dfd, name, (mode_t)mode);
}

int rk_os_rmdir(const char *path)
{
    return rmdir(path);
}

int rk_os_rmdirat(int dfd, const char *name)
{
    return unlinkat(dfd, name, AT_REMOVEDIR);
}

int rk_os_fchmod(int fd, int mode)
{
    return fchmod(fd, (mode_t)mode);
}

int rk_os_unlink(const char *path)
{
    return unlink(path);
}

int rk_os_unlinkat(int dfd, const char *name)
{
    return unlinkat(dfd, name, 0);
}

int rk_os_rename(const char *from, const char *to)
{
    return rename(from, to);
}

int rk_os_renameat(int dfd, const char *from, const char *to)
{
    return renameat(dfd, from, dfd, to);
}

struct rk_os_dir {
    DIR *d;
};

static struct rk_os_dir *wrap_dir(DIR *d)
{
    if (!d)
        return NULL;
    struct rk_os_dir *r = malloc(sizeof *r);
    if (!r) {
        closedir(d);
        errno = ENOMEM;
        return NULL;
    }
    r->d = d;
    return r;
}

struct rk_os_dir *rk_os_dir_open(const char *path)
{
    return wrap_dir(opendir(path));
}

struct rk_os_dir *rk_os_dir_openat(int dfd)
{
    int fd = dup(dfd);
    if (fd < 0)
        return NULL;
    DIR *d = fdopendir(fd);
    if (!d)
        close(fd);
    return wrap_dir(d);
}

const char *rk_os_dir_next(struct rk_os_dir *d)
{
    struct dirent *e;
    while ((e = readdir(d->d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            return e->d_name;
    return NULL;
}

void rk_os_dir_close(struct rk_os_dir *d)
{
    if (!d)
        return;
    closedir(d->d);
    free(d);
}

char *rk_os_realpath(const char *path)
{
    return realpath(path, NULL);
}

int rk_os_mkstemp(char *tmpl)
{
    return mkstemp(tmpl);
}

char *rk_os_mkdtemp(char *tmpl)
{
    return mkdtemp(tmpl);
}

FILE *rk_os_tmpfile(void)
{
    char tmpl[4096];
    if (snprintf(tmpl, sizeof tmpl, "%s/renkei-XXXXXX", rk_os_tmpdir()) >= (int)sizeof tmpl) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return NULL;
    unlink(tmpl);
    FILE *fp = fdopen(fd, "w+");
    if (!fp)
        close(fd);
    return fp;
}

int rk_os_new_file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return (int)(0666 & ~mask);
}

const char *rk_os_tmpdir(void)
{
    const char *t = getenv("TMPDIR");
    return t && *t ? t : "/tmp";
}

int rk_os_chdir(const char *path)
{
    return chdir(path);
}

int rk_os_fchdir(int dfd)
{
    return fchdir(dfd);
}

long rk_os_pid(void)
{
    return (long)getpid();
}

enum rk_status rk_os_process_init(int *argc, char ***argv)
{
    return RK_OK;
}

#else /* _WIN32 */

#include <windows.h>

#include <bcrypt.h>
#include <pthread.h>
#include <sddl.h>
#include <shellapi.h>
#include <share.h>
#include <sys/stat.h>

/* UTF-8 -> UTF-16, malloc'd; NULL with errno EILSEQ when the path is not UTF-8. */
static wchar_t *widen(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
    if (n <= 0) {
        errno = EILSEQ;
        return NULL;
    }
    wchar_t *w = malloc((size_t)n * sizeof *w);
    if (!w) {
        errno = ENOMEM;
        return NULL;
    }
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
    /* A \\?\ path is passed to the file system as it is, without turning '/' into '\': do it
     * here, since names found in a directory are joined to it with '/'. */
    if (wcsncmp(w, L"\\\\?\\", 4) == 0)
        for (wchar_t *c = w + 4; *c; c++)
            if (*c == L'/')
                *c = L'\\';
    return w;
}

/* UTF-16 -> UTF-8 into buf (cap bytes); false when it does not fit or is ill-formed. */
static bool narrow(const wchar_t *w, char *buf, size_t cap)
{
    int n = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, w, -1, buf, (int)cap, NULL, NULL);
    return n > 0;
}

/* UTF-16 -> UTF-8, malloc'd; NULL with errno */
static char *narrow_dup(const wchar_t *w)
{
    int n = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, w, -1, NULL, 0, NULL, NULL);
    if (n <= 0) {
        errno = EILSEQ;
        return NULL;
    }
    char *s = malloc((size_t)n);
    if (!s) {
        errno = ENOMEM;
        return NULL;
    }
    WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, w, -1, s, n, NULL, NULL);
    return s;
}

static void set_errno_from_win32(DWORD e)
{
    switch (e) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
    case ERROR_BAD_NETPATH:
    case ERROR_BAD_NET_NAME:
        errno = ENOENT;
        break;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
        errno = EACCES;
        break;
    case ERROR_FILE_EXISTS:
    case ERROR_ALREADY_EXISTS:
        errno = EEXIST;
        break;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        errno = ENOMEM;
        break;
    case ERROR_DIRECTORY:
        errno = ENOTDIR;
        break;
    default:
        errno = EIO;
    }
}

/* ---- directory descriptors: a directory's path, held in a table -------------------------- */

#define DIRFD_BASE 0x40000000
#define DIRFD_MAX 160 /* evidence's walks hold one per level of a copy's folders (<= 68) */
static char *dirfd_path[DIRFD_MAX];
static pthread_mutex_t dirfd_lock = PTHREAD_MUTEX_INITIALIZER;

static bool is_dirfd(int fd)
{
    return fd >= DIRFD_BASE && fd < DIRFD_BASE + DIRFD_MAX;
}

/* path of dfd joined with name, malloc'd */
static char *at_path(int dfd, const char *name)
{
    if (dfd == AT_FDCWD) {
        char *p = strdup(name);
        if (!p)
            errno = ENOMEM;
        return p;
    }
    if (!is_dirfd(dfd)) {
        errno = EBADF;
        return NULL;
    }
    pthread_mutex_lock(&dirfd_lock);
    const char *dir = dirfd_path[dfd - DIRFD_BASE];
    char *p = NULL;
    if (dir) {
        size_t a = strlen(dir), b = strlen(name);
        p = malloc(a + b + 2);
        if (p) {
            memcpy(p, dir, a);
            p[a] = '/';
            memcpy(p + a + 1, name, b + 1);
        } else {
            errno = ENOMEM;
        }
    } else {
        errno = EBADF;
    }
    pthread_mutex_unlock(&dirfd_lock);
    return p;
}

/* path made absolute (GetFullPathNameW), in UTF-8, malloc'd */
static char *full_path(const char *path)
{
    wchar_t *w = widen(path);
    if (!w)
        return NULL;
    char *r = NULL;
    DWORD n = GetFullPathNameW(w, 0, NULL, NULL);
    wchar_t *f = n ? malloc((size_t)n * sizeof *f) : NULL;
    if (f && GetFullPathNameW(w, n, f, NULL) > 0)
        r = narrow_dup(f);
    else if (!n)
        set_errno_from_win32(GetLastError());
    else
        errno = ENOMEM;
    free(f);
    free(w);
    return r;
}

static int open_dirfd(const char *path)
{
    struct rk_os_stat st;
    if (rk_os_stat(path, &st) != 0)
        return -1;
    if (!st.is_dir) {
        errno = ENOTDIR;
        return -1;
    }
    /* the full path, so the descriptor still names the directory after a chdir */
    char *copy = full_path(path);
    if (!copy)
        return -1;
    pthread_mutex_lock(&dirfd_lock);
    int fd = -1;
    for (int i = 0; i < DIRFD_MAX && fd < 0; i++)
        if (!dirfd_path[i]) {
            dirfd_path[i] = copy;
            fd = DIRFD_BASE + i;
        }
    pthread_mutex_unlock(&dirfd_lock);
    if (fd < 0) {
        free(copy);
        errno = EMFILE;
    }
    return fd;
}

/* ---- files ---------------------------------------------------------------------------------- */

/* A new file that only the current user may open: a protected DACL with one entry, full access
 * for the process token's user (so neither the folder's inherited entries nor "Everyone" apply). */
static int create_private(const wchar_t *w, int flags)
{
    HANDLE tok = NULL;
    BYTE buf[256];
    DWORD len = 0;
    wchar_t *sid = NULL;
    PSECURITY_DESCRIPTOR sd = NULL;
    int fd = -1;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok) ||
        !GetTokenInformation(tok, TokenUser, buf, sizeof buf, &len) ||
        !ConvertSidToStringSidW(((TOKEN_USER *)(void *)buf)->User.Sid, &sid)) {
        set_errno_from_win32(GetLastError());
        goto out;
    }
    wchar_t sddl[256];
    if (_snwprintf(sddl, 256, L"D:P(A;;FA;;;%ls)", sid) < 0) {
        errno = ENAMETOOLONG;
        goto out;
    }
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sd, NULL)) {
        set_errno_from_win32(GetLastError());
        goto out;
    }
    SECURITY_ATTRIBUTES sa = {sizeof sa, sd, FALSE};
    DWORD disp = (flags & O_EXCL) ? CREATE_NEW : (flags & O_TRUNC) ? CREATE_ALWAYS : OPEN_ALWAYS;
    HANDLE h =
        CreateFileW(w, GENERIC_READ | GENERIC_WRITE, 0, &sa, disp, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        set_errno_from_win32(GetLastError());
        goto out;
    }
    fd = _open_osfhandle((intptr_t)h, _O_BINARY | (flags & (O_WRONLY | O_RDWR | O_APPEND)));
    if (fd < 0)
        CloseHandle(h);
out:
    if (sd)
        LocalFree(sd);
    if (sid)
        LocalFree(sid);
    if (tok)
        CloseHandle(tok);
    return fd;
}

static int open_w(const char *path, int flags, int mode)
{
    struct rk_os_stat st;
    if ((flags & O_NOFOLLOW) && rk_os_lstat(path, &st) == 0 && st.is_link) {
        errno = ELOOP;
        return -1;
    }
    flags &= ~O_NOFOLLOW;
    if (flags & O_DIRECTORY)
        return open_dirfd(path);
    wchar_t *w = widen(path);
    if (!w)
        return -1;
    int fd;
    if ((flags & O_CREAT) && (mode & 077) == 0)
        fd = create_private(w, flags);
    else
        fd = _wsopen(w, flags | _O_BINARY | _O_NOINHERIT, _SH_DENYNO,
                     (mode & 0200) ? _S_IREAD | _S_IWRITE : _S_IREAD);
    /* a directory cannot be opened as a file here (EACCES), where POSIX opens it for reading
     * and refuses it for writing (EISDIR): EISDIR, so a caller tells it as on Linux */
    if (fd < 0 && errno == EACCES) {
        DWORD attr = GetFileAttributesW(w);
        if (attr != INVALID_FILE_ATTRIBUTES && (attr & FILE_ATTRIBUTE_DIRECTORY))
            errno = EISDIR;
    }
    free(w);
    return fd;
}

int rk_os_open(const char *path, int flags, ...)
{
    int mode = 0;
    MODE_ARG(flags, mode);
    return open_w(path, flags, mode);
}

int rk_os_openat(int dfd, const char *name, int flags, ...)
{
    int mode = 0;
    MODE_ARG(flags, mode);
    char *p = at_path(dfd, name);
    if (!p)
        return -1;
    int fd = open_w(p, flags, mode);
    free(p);
    return fd;
}

FILE *rk_fopen(const char *path, const char *mode)
{
    wchar_t m[8];
    size_t n = 0;
    for (const char *p = mode; *p && n < 5; p++)
        if (*p != 'b' && *p != 'e')
            m[n++] = (wchar_t)(unsigned char)*p;
    m[n++] = L'b';
    m[n++] = L'N'; /* not inherited */
    m[n] = 0;
    wchar_t *w = widen(path);
    if (!w)
        return NULL;
    FILE *fp = _wfopen(w, m);
    free(w);
    return fp;
}

FILE *rk_os_fdopen(int fd, const char *mode)
{
    char m[8];
    size_t n = 0;
    for (const char *p = mode; *p && n < 5; p++)
        if (*p != 'b')
            m[n++] = *p;
    m[n++] = 'b';
    m[n] = '\0';
    return _fdopen(fd, m);
}

void rk_os_set_blocking(int fd) {}

rk_ssize rk_os_read(int fd, void *buf, size_t n)
{
    return _read(fd, buf, n > 0x40000000u ? 0x40000000u : (unsigned)n);
}

rk_ssize rk_os_write(int fd, const void *buf, size_t n)
{
    return _write(fd, buf, n > 0x40000000u ? 0x40000000u : (unsigned)n);
}

int rk_os_close(int fd)
{
    if (is_dirfd(fd)) {
        pthread_mutex_lock(&dirfd_lock);
        free(dirfd_path[fd - DIRFD_BASE]);
        dirfd_path[fd - DIRFD_BASE] = NULL;
        pthread_mutex_unlock(&dirfd_lock);
        return 0;
    }
    return _close(fd);
}

int rk_os_fsync(int fd)
{
    if (is_dirfd(fd))
        return 0; /* a rename is durable once MoveFileExW with WRITE_THROUGH returned */
    return _commit(fd);
}

static int stat_handle(HANDLE h, struct rk_os_stat *st)
{
    BY_HANDLE_FILE_INFORMATION fi;
    if (!GetFileInformationByHandle(h, &fi)) {
        set_errno_from_win32(GetLastError());
        return -1;
    }
    memset(st, 0, sizeof *st);
    st->is_link = (fi.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0;
    st->is_dir = !st->is_link && (fi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
    st->is_reg = !st->is_link && !st->is_dir && GetFileType(h) == FILE_TYPE_DISK;
    st->size = ((uint64_t)fi.nFileSizeHigh << 32) | fi.nFileSizeLow;
    st->dev = fi.dwVolumeSerialNumber;
    st->ino = ((uint64_t)fi.nFileIndexHigh << 32) | fi.nFileIndexLow;
    st->mode = st->is_dir ? 0777 : (fi.dwFileAttributes & FILE_ATTRIBUTE_READONLY) ? 0444 : 0666;
    return 0;
}

static int stat_path(const char *path, struct rk_os_stat *st, bool follow)
{
    wchar_t *w = widen(path);
    if (!w)
        return -1;
    DWORD fl = FILE_FLAG_BACKUP_SEMANTICS | (follow ? 0 : FILE_FLAG_OPEN_REPARSE_POINT);
    HANDLE h =
        CreateFileW(w, FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                    NULL, OPEN_EXISTING, fl, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        set_errno_from_win32(GetLastError());
        return -1;
    }
    int r = stat_handle(h, st);
    CloseHandle(h);
    return r;
}

int rk_os_stat(const char *path, struct rk_os_stat *st)
{
    return stat_path(path, st, true);
}

int rk_os_lstat(const char *path, struct rk_os_stat *st)
{
    return stat_path(path, st, false);
}

int rk_os_fstat(int fd, struct rk_os_stat *st)
{
    if (is_dirfd(fd)) {
        pthread_mutex_lock(&dirfd_lock);
        char *p = dirfd_path[fd - DIRFD_BASE] ? strdup(dirfd_path[fd - DIRFD_BASE]) : NULL;
        pthread_mutex_unlock(&dirfd_lock);
        if (!p) {
            errno = EBADF;
            return -1;
        }
        int r = rk_os_stat(p, st);
        free(p);
        return r;
    }
    HANDLE h = (HANDLE)_get_osfhandle(fd);
    if (h == INVALID_HANDLE_VALUE) {
        errno = EBADF;
        return -1;
    }
    return stat_handle(h, st);
}

int rk_os_lstatat(int dfd, const char *name, struct rk_os_stat *st)
{
    char *p = at_path(dfd, name);
    if (!p)
        return -1;
    int r = rk_os_lstat(p, st);
    free(p);
    return r;
}

int rk_os_mkdir(const char *path, int mode)
{
    (void)mode;
    wchar_t *w = widen(path);
    if (!w)
        return -1;
    int r = 0;
    if (!CreateDirectoryW(w, NULL)) {
        set_errno_from_win32(GetLastError());
        r = -1;
    }
    free(w);
    return r;
}

int rk_os_rmdir(const char *path)
{
    wchar_t *w = widen(path);
    if (!w)
        return -1;
    int r = 0;
    if (!RemoveDirectoryW(w)) {
        set_errno_from_win32(GetLastError());
        r = -1;
    }
    free(w);
    return r;
}

int rk_os_mkdirat(int dfd, const char *name, int mode)
{
    char *p = at_path(dfd, name);
    if (!p)
        return -1;
    int r = rk_os_mkdir(p, mode);
    free(p);
    return r;
}

int rk_os_rmdirat(int dfd, const char *name)
{
    char *p = at_path(dfd, name);
    if (!p)
        return -1;
    int r = rk_os_rmdir(p);
    free(p);
    return r;
}

int rk_os_fchmod(int fd, int mode)
{
    return 0;
}

int rk_os_unlink(const char *path)
{
    wchar_t *w = widen(path);
    if (!w)
        return -1;
    int r = _wunlink(w);
    free(w);
    return r;
}

int rk_os_unlinkat(int dfd, const char *name)
{
    char *p = at_path(dfd, name);
    if (!p)
        return -1;
    int r = rk_os_unlink(p);
    free(p);
    return r;
}

int rk_os_rename(const char *from, const char *to)
{
    wchar_t *a = widen(from), *b = a ? widen(to) : NULL;
    int r = -1;
    if (a && b) {
        /* MOVEFILE_REPLACE_EXISTING cannot be used on a directory (evidence's inputs/) */
        DWORD attr = GetFileAttributesW(a);
        DWORD fl = MOVEFILE_WRITE_THROUGH;
        if (attr == INVALID_FILE_ATTRIBUTES || !(attr & FILE_ATTRIBUTE_DIRECTORY))
            fl |= MOVEFILE_REPLACE_EXISTING;
        if (MoveFileExW(a, b, fl))
            r = 0;
        else
            set_errno_from_win32(GetLastError());
    }
    free(a);
    free(b);
    return r;
}

int rk_os_renameat(int dfd, const char *from, const char *to)
{
    char *a = at_path(dfd, from), *b = a ? at_path(dfd, to) : NULL;
    int r = a && b ? rk_os_rename(a, b) : -1;
    free(a);
    free(b);
    return r;
}

struct rk_os_dir {
    HANDLE h;
    bool first; /* fd holds an entry not yet returned */
    WIN32_FIND_DATAW fd;
    char name[MAX_PATH * 3 + 1]; /* UTF-8 of a name of at most MAX_PATH UTF-16 units */
};

struct rk_os_dir *rk_os_dir_open(const char *path)
{
    size_t n = strlen(path);
    char *pattern = malloc(n + 3);
    if (!pattern) {
        errno = ENOMEM;
        return NULL;
    }
    memcpy(pattern, path, n);
    size_t k = n;
    if (k > 0 && path[k - 1] != '/' && path[k - 1] != '\\')
        pattern[k++] = '/';
    pattern[k++] = '*';
    pattern[k] = '\0';
    wchar_t *w = widen(pattern);
    free(pattern);
    if (!w)
        return NULL;
    struct rk_os_dir *d = calloc(1, sizeof *d);
    if (!d) {
        free(w);
        errno = ENOMEM;
        return NULL;
    }
    d->h = FindFirstFileW(w, &d->fd);
    free(w);
    if (d->h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        if (e != ERROR_FILE_NOT_FOUND) { /* an empty folder has no entry at all */
            free(d);
            set_errno_from_win32(e);
            return NULL;
        }
    } else {
        d->first = true;
    }
    return d;
}

struct rk_os_dir *rk_os_dir_openat(int dfd)
{
    if (!is_dirfd(dfd)) {
        errno = EBADF;
        return NULL;
    }
    pthread_mutex_lock(&dirfd_lock);
    char *p = dirfd_path[dfd - DIRFD_BASE] ? strdup(dirfd_path[dfd - DIRFD_BASE]) : NULL;
    pthread_mutex_unlock(&dirfd_lock);
    if (!p) {
        errno = EBADF;
        return NULL;
    }
    struct rk_os_dir *d = rk_os_dir_open(p);
    free(p);
    return d;
}

const char *rk_os_dir_next(struct rk_os_dir *d)
{
    while (d->h != INVALID_HANDLE_VALUE) {
        if (!d->first && !FindNextFileW(d->h, &d->fd))
            return NULL;
        d->first = false;
        const wchar_t *w = d->fd.cFileName;
        if (wcscmp(w, L".") == 0 || wcscmp(w, L"..") == 0)
            continue;
        if (narrow(w, d->name, sizeof d->name))
            return d->name;
    }
    return NULL;
}

void rk_os_dir_close(struct rk_os_dir *d)
{
    if (!d)
        return;
    if (d->h != INVALID_HANDLE_VALUE)
        FindClose(d->h);
    free(d);
}

char *rk_os_realpath(const char *path)
{
    struct rk_os_stat st;
    if (rk_os_lstat(path, &st) != 0)
        return NULL;
    if (!st.is_link) {
        char *p = strdup(path);
        if (!p)
            errno = ENOMEM;
        return p;
    }
    /* the file a reparse point (a symbolic link, a junction) leads to */
    wchar_t *w = widen(path);
    if (!w)
        return NULL;
    HANDLE h = CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        set_errno_from_win32(GetLastError());
        return NULL;
    }
    char *r = NULL;
    DWORD n = GetFinalPathNameByHandleW(h, NULL, 0, FILE_NAME_NORMALIZED);
    wchar_t *f = n ? malloc(((size_t)n + 1) * sizeof *f) : NULL;
    if (f && GetFinalPathNameByHandleW(h, f, n + 1, FILE_NAME_NORMALIZED) > 0)
        r = narrow_dup(f); /* \\?\C:\... or \\?\UNC\...: both open as they are */
    else if (!n)
        set_errno_from_win32(GetLastError());
    else
        errno = ENOMEM;
    free(f);
    CloseHandle(h);
    return r;
}

/* the last six characters of tmpl ("XXXXXX") replaced by random letters and digits */
static bool fill_template(char *tmpl)
{
    size_t n = strlen(tmpl);
    if (n < 6 || strcmp(tmpl + n - 6, "XXXXXX") != 0) {
        errno = EINVAL;
        return false;
    }
    static const char set[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char r[6];
    if (BCryptGenRandom(NULL, r, sizeof r, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) {
        errno = EIO;
        return false;
    }
    for (size_t i = 0; i < 6; i++)
        tmpl[n - 6 + i] = set[r[i] % (sizeof set - 1)];
    return true;
}

int rk_os_mkstemp(char *tmpl)
{
    for (int tries = 0; tries < 100; tries++) {
        if (!fill_template(tmpl))
            return -1;
        /* 0666: not create_private's owner-only list; the folder's permissions apply */
        int fd = rk_os_open(tmpl, O_RDWR | O_CREAT | O_EXCL, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
        memcpy(tmpl + strlen(tmpl) - 6, "XXXXXX", 6);
    }
    errno = EEXIST;
    return -1;
}

char *rk_os_mkdtemp(char *tmpl)
{
    for (int tries = 0; tries < 100; tries++) {
        if (!fill_template(tmpl))
            return NULL;
        if (rk_os_mkdir(tmpl, 0700) == 0)
            return tmpl;
        if (errno != EEXIST)
            return NULL;
        memcpy(tmpl + strlen(tmpl) - 6, "XXXXXX", 6);
    }
    errno = EEXIST;
    return NULL;
}

FILE *rk_os_tmpfile(void)
{
    char tmpl[MAX_PATH * 3 + 32];
    snprintf(tmpl, sizeof tmpl, "%s/renkei-XXXXXX", rk_os_tmpdir());
    for (int tries = 0; tries < 100; tries++) {
        if (!fill_template(tmpl))
            return NULL;
        wchar_t *w = widen(tmpl);
        if (!w)
            return NULL;
        int fd = _wsopen(w, _O_RDWR | _O_CREAT | _O_EXCL | _O_TEMPORARY | _O_BINARY | _O_NOINHERIT,
                         _SH_DENYNO, _S_IREAD | _S_IWRITE);
        free(w);
        if (fd >= 0) {
            FILE *fp = _fdopen(fd, "w+b");
            if (!fp)
                _close(fd);
            return fp;
        }
        if (errno != EEXIST)
            return NULL;
        memcpy(tmpl + strlen(tmpl) - 6, "XXXXXX", 6);
    }
    errno = EEXIST;
    return NULL;
}

int rk_os_new_file_mode(void)
{
    return 0666;
}

const char *rk_os_tmpdir(void)
{
    static char dir[MAX_PATH * 3 + 1];
    wchar_t w[MAX_PATH + 2];
    DWORD n = GetTempPathW(MAX_PATH + 2, w);
    if (n == 0 || n > MAX_PATH + 1 || !narrow(w, dir, sizeof dir))
        return ".";
    size_t k = strlen(dir);
    while (k > 1 && rk_os_is_sep(dir[k - 1]) && dir[k - 2] != ':')
        dir[--k] = '\0';
    return dir;
}

int rk_os_chdir(const char *path)
{
    wchar_t *w = widen(path);
    if (!w)
        return -1;
    int r = 0;
    if (!SetCurrentDirectoryW(w)) {
        set_errno_from_win32(GetLastError());
        r = -1;
    }
    free(w);
    return r;
}

int rk_os_fchdir(int dfd)
{
    if (!is_dirfd(dfd)) {
        errno = EBADF;
        return -1;
    }
    pthread_mutex_lock(&dirfd_lock);
    char *p = dirfd_path[dfd - DIRFD_BASE] ? strdup(dirfd_path[dfd - DIRFD_BASE]) : NULL;
    pthread_mutex_unlock(&dirfd_lock);
    if (!p) {
        errno = EBADF;
        return -1;
    }
    int r = rk_os_chdir(p);
    free(p);
    return r;
}

long rk_os_pid(void)
{
    return (long)GetCurrentProcessId();
}

enum rk_status rk_os_process_init(int *argc, char ***argv)
{
    int n = 0;
    wchar_t **w = CommandLineToArgvW(GetCommandLineW(), &n);
    if (!w)
        return RK_E_NOMEM;
    char **v = calloc((size_t)n + 1, sizeof *v);
    for (int i = 0; v && i < n; i++) {
        int len = WideCharToMultiByte(CP_UTF8, 0, w[i], -1, NULL, 0, NULL, NULL);
        v[i] = len > 0 ? malloc((size_t)len) : NULL;
        if (!v[i]) {
            while (i-- > 0)
                free(v[i]);
            free(v);
            v = NULL;
            break;
        }
        WideCharToMultiByte(CP_UTF8, 0, w[i], -1, v[i], len, NULL, NULL);
    }
    LocalFree(w);
    if (!v)
        return RK_E_NOMEM;
    *argc = n;
    *argv = v;
    SetConsoleOutputCP(CP_UTF8);
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
    return RK_OK;
}

#endif /* _WIN32 */

int rk_same_file(const char *a, const char *b)
{
    struct rk_os_stat sa, sb;
    return rk_os_stat(a, &sa) == 0 && rk_os_stat(b, &sb) == 0 && sa.dev == sb.dev &&
           sa.ino == sb.ino;
}
