/*
 * inputs.h - the one place where librenkei meets the file system for its inputs (inputs.c):
 * arguments expanded into the files to check (rk_paths_add: directories walked, ZIP archives
 * read as directories), an input opened and read without ever blocking (a regular file, or a
 * member of an archive named `ARCHIVE.zip!/path/NAME.CSV`), and the "never write over an input"
 * check. check, roundtrip, normalize, evidence and verify all go through it, so a port (Windows
 * wide-character paths) has one file to change.
 */
#ifndef RK_INPUTS_H
#define RK_INPUTS_H

#include "alloc.h"
#include "finding.h"

/* Between an archive's path and a member's path inside it: "A.zip!/dir/NAME.CSV". */
#define RK_ARCHIVE_SEP "!/"

/* Limits against ZIP bombs (each one a finding with its rule when exceeded). */
#define RK_ZIP_MAX_MEMBERS 10000u                      /* IO-003 */
#define RK_ZIP_MAX_MEMBER_BYTES (256ull * 1024 * 1024) /* IO-004: one member, uncompressed */
#define RK_ZIP_MAX_TOTAL_BYTES (1024ull * 1024 * 1024) /* IO-005: every member together */
#define RK_ZIP_MAX_RATIO 200u     /* IO-006: uncompressed / compressed, for members over ... */
#define RK_ZIP_RATIO_FLOOR 65536u /* ... this many bytes (tiny members compress as they like) */

/* Why an input cannot be opened or read: the rule (IO-001, or IO-002..IO-006 for an archive) and a
 * detail for the finding. */
struct rk_input_problem {
    enum rk_rule_id rule;
    char detail[256];
};

/* An opened input: a regular file or a member of a ZIP archive. */
struct rk_input;

/*
 * Opens path for reading. A regular file is opened with O_NONBLOCK (a FIFO never makes it
 * wait) and refused unless fstat says it is a regular file; "A.zip!/m" opens member m of the
 * archive A.zip, within the limits above; a path naming an archive itself (a damaged one, or
 * one over a limit, which rk_paths_add adds as it is) gives that archive's problem. On success
 * *out is the input (rk_input_close it); otherwise RK_E_IO (or RK_E_NOMEM) and *why says why.
 */
enum rk_status rk_input_open(const char *path, struct rk_input **out, struct rk_input_problem *why);

/* Reads up to cap bytes into buf; *got is 0 at the end. RK_E_IO with *why filled on a read
 * error or when a member grows past its limit. */
enum rk_status rk_input_read(struct rk_input *in, void *buf, size_t cap, size_t *got,
                             struct rk_input_problem *why);

/* Closes in; NULL is a no-op. An archive stays open in the thread that read a member of it
 * (inputs.c: "the archive whose members are being read") until that thread opens another
 * archive or calls rk_input_release, which a thread that ends must call. */
void rk_input_close(struct rk_input *in);
void rk_input_release(void);

/* SHA-256 (64 hex digits) and size of the whole input at path; RK_E_IO with *why otherwise. */
enum rk_status rk_input_hash(const char *path, char hex[65], uint64_t *size,
                             struct rk_input_problem *why);

/* True when a and b exist and are the same file (same device and inode; an archive member
 * counts as its archive). */
bool rk_input_same_file(const char *a, const char *b);

/* True when path is a directory (following links) or a ZIP archive: what rk_paths_add reads
 * as a directory. */
bool rk_input_is_dir(const char *path);

/* True when path names a ZIP archive itself (a regular file named *.zip in any case), not a
 * member: its name is not a layout's. */
bool rk_input_is_archive(const char *path);

/* ---- a ZIP archive in memory (an .xlsx workbook, read by xlsx.c) ---- */

struct rk_zip;
/* Opens the archive in data[0..len) (borrowed: must outlive the rk_zip). RK_E_IO when it is
 * not a readable ZIP, RK_E_LIMIT with more than RK_ZIP_MAX_MEMBERS members. Free with
 * rk_zip_close. */
enum rk_status rk_zip_open_mem(struct rk_zip **out, const void *data, size_t len);
bool rk_zip_has(struct rk_zip *z, const char *name);
/* Appends member name, inflated, to out: RK_E_IO when absent or corrupt, RK_E_LIMIT when it
 * would inflate beyond max bytes (whatever its header declares). */
enum rk_status rk_zip_read(struct rk_zip *z, const char *name, size_t max, struct rk_buf *out);
void rk_zip_close(struct rk_zip *z);

/* ---- a ZIP of a directory, extracted (an evidence bundle: verify_zip.c) ---- */

/* Told for each member left out, and for the archive as a whole (member NULL) when it cannot
 * be read: the rule (IO-001..IO-009), the member's name in UTF-8, a neutral detail or NULL. */
typedef void (*rk_zip_tell_fn)(void *ctx, enum rk_rule_id rule, const char *member,
                               const char *detail);

/*
 * Extracts the archive at path into dest, an empty directory only the caller may enter
 * (rk_os_mkdtemp), never writing outside it. A member's name (UTF-8, or CP932 as Japanese
 * Windows writes it) must be a relative path of plain components that names the same file on
 * every system (IO-007: absolute, a drive letter or ':', a backslash, '.' or '..', an empty
 * component, a control character or one of <>"|?*, a trailing '.' or space, a device name
 * Windows reserves, too long or too deep); it must be a file or a directory (IO-008: a link or
 * another special file); a file's name must be in the archive once, ASCII case aside as
 * Windows and macOS compare names (IO-009). Members under __MACOSX/ (what macOS adds beside a
 * folder it zips) are left out unsaid. The limits of inputs.h hold for what is inflated, not
 * what the headers declare: a member over IO-004 or IO-006 is left out, IO-005 stops. Files are
 * created new (O_EXCL, mode 0600), never through a link; a member left out leaves no file.
 * Returns RK_OK when the archive was read (members left out were told); RK_E_IO when it cannot
 * be read as a whole or passes IO-003/IO-005, or dest cannot be written (told); RK_E_NOMEM.
 */
enum rk_status rk_zip_extract(const char *path, const char *dest, rk_zip_tell_fn tell, void *ctx);

/* Removes dir and everything under it, never following a link: what rk_zip_extract wrote.
 * 0, or -1 when something could not be removed. */
int rk_dir_remove(const char *dir);

#endif
