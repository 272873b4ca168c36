/*
 * evidence.c - the signed evidence bundle for a prefecture. rk_evidence_write checks the
 * inputs the one way checks run (rk_run_check, with the office type's set checks), writes
 * report.json and report.html from the same findings, then a canonical manifest (jansson,
 * sorted keys, compact, UTF-8, a final newline: tool, specs, options, timestamp, the SHA-256
 * and size of every input and every bundle file, the verdicts for requirements ① and ②),
 * its Ed25519 signature (manifest.sig, hex) and the public key (pubkey.pem). Everything is
 * written under temporary names and renamed at the end; any failure removes what was written.
 * rk_evidence_verify checks such a bundle without ever following a link or leaving the
 * directory (openat with O_NOFOLLOW on the bundle's directory descriptor). rk_keygen writes a
 * key pair. The signatures themselves are in crypto.c (OpenSSL lives there only).
 */
#include "alloc.h"
#include "crypto.h"
#include "encoding.h"
#include "evidence.h"
#include "family.h"
#include "finding.h"
#include "inputs.h"
#include "map.h"
#include "os.h"
#include "report.h"
#include "spec.h"
#include "unicode_fold.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KEY_MAX_BYTES (64u * 1024u)
#define MANIFEST_MAX_BYTES (8u * 1024u * 1024u)
#define SIG_HEX 128

#if defined(__clang__)
#define RK_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define RK_COMPILER "gcc " __VERSION__
#else
#define RK_COMPILER "unknown"
#endif

/* The bundle's files, in the order they are renamed into place: the signature last, so a
 * bundle without one (a write that failed half-way and could not be cleaned up) never
 * verifies. */
enum { F_JSON, F_HTML, F_PUB, F_MANIFEST, F_SIG, F_COUNT };
static const char *const final_name[F_COUNT] = {"report.json", "report.html", "pubkey.pem",
                                                "manifest.json", "manifest.sig"};
static const char *const tmp_name[F_COUNT] = {".report.json.tmp", ".report.html.tmp",
                                              ".pubkey.pem.tmp", ".manifest.json.tmp",
                                              ".manifest.sig.tmp"};

/* ---- small file helpers ---- */

/* Reads all of fd (at most max bytes) into b. */
static enum rk_status read_fd(int fd, size_t max, struct rk_buf *b)
{
    char chunk[16384];
    for (;;) {
        rk_ssize n = rk_os_read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return RK_E_IO;
        if (n == 0)
            return RK_OK;
        if (b->len + (size_t)n > max) {
            errno = EFBIG;
            return RK_E_LIMIT;
        }
        enum rk_status st = rk_buf_add(b, chunk, (size_t)n);
        if (st != RK_OK)
            return st;
    }
}

static enum rk_status write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        rk_ssize w = rk_os_write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return RK_E_IO;
        c += w;
        n -= (size_t)w;
    }
    return RK_OK;
}

/* SHA-256 (hex) and size of what fd holds from its current offset. */
static enum rk_status hash_fd(int fd, char hex[65], uint64_t *size)
{
    struct rk_sha256 *h = rk_sha256_new();
    if (!h)
        return RK_E_NOMEM;
    char chunk[16384];
    enum rk_status st = RK_OK;
    *size = 0;
    for (;;) {
        rk_ssize n = rk_os_read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            st = RK_E_IO;
            break;
        }
        if (n == 0)
            break;
        *size += (uint64_t)n;
        st = rk_sha256_update(h, chunk, (size_t)n);
        if (st != RK_OK)
            break;
    }
    if (st == RK_OK)
        st = rk_sha256_final(h, hex);
    rk_sha256_free(h);
    return st;
}

/* A JSON string from bytes that may not be UTF-8 (paths): invalid bytes shown as \xNN. */
static json_t *jstr(const char *s)
{
    if (!s)
        return json_null();
    size_t n = strlen(s) * 4 + 1;
    char *buf = rk_malloc(n);
    if (!buf)
        return NULL;
    rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)s, strlen(s), buf, n);
    json_t *v = json_string(buf);
    rk_free(buf);
    return v;
}

/* Adds v to o under key; false when v is NULL (out of memory) or the add failed. */
static bool put(json_t *o, const char *key, json_t *v)
{
    return v && json_object_set_new(o, key, v) == 0;
}

static bool push(json_t *a, json_t *v)
{
    return v && json_array_append_new(a, v) == 0;
}

/* ---- keygen ---- */

enum rk_status rk_keygen(const char *private_path, const char *public_path)
{
    if (!private_path || !public_path || strcmp(private_path, public_path) == 0)
        return RK_E_ARG;
    struct rk_buf priv = {0}, pub = {0};
    enum rk_status st = rk_ed25519_keygen(&priv, &pub);
    int pfd = -1, qfd = -1;
    bool made_priv = false, made_pub = false;
    if (st == RK_OK) {
        pfd = rk_os_open(private_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        made_priv = pfd >= 0;
        /* the umask can only take bits away; make sure it is exactly owner read/write */
        if (pfd < 0 || rk_os_fchmod(pfd, 0600) != 0 ||
            write_all(pfd, priv.data, priv.len) != RK_OK || rk_os_fsync(pfd) != 0)
            st = RK_E_IO;
    }
    if (pfd >= 0 && rk_os_close(pfd) != 0)
        st = RK_E_IO;
    if (st == RK_OK) {
        qfd = rk_os_open(public_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        made_pub = qfd >= 0;
        if (qfd < 0 || write_all(qfd, pub.data, pub.len) != RK_OK || rk_os_fsync(qfd) != 0)
            st = RK_E_IO;
    }
    if (qfd >= 0 && rk_os_close(qfd) != 0)
        st = RK_E_IO;
    if (st != RK_OK) {
        int saved = errno;
        if (made_priv)
            rk_os_unlink(private_path);
        if (made_pub)
            rk_os_unlink(public_path);
        errno = saved;
    }
    rk_secure_zero(priv.data, priv.cap);
    rk_buf_free(&priv);
    rk_buf_free(&pub);
    return st;
}

/* ---- writing a bundle ---- */

struct evidence;
static void evidence_free(struct evidence *ev);

struct checked {
    char *path;
    char sha256[65];
    uint64_t bytes;
    uint64_t count[3];
    uint64_t data_records; /* records that are data (not a LIFE data-type or header line) */
    const char *family, *version, *layout; /* spec-owned or static */
    bool unreadable;
    const char *role; /* "checked", "roundtrip-original", "roundtrip-reexport" */
    char *copy;       /* its copy in the bundle ("inputs/checked/1/NAME.CSV"), or NULL */
};

struct evidence {
    const struct rk_specs *specs;
    const struct rk_evidence_options *opt;
    struct rk_evidence_result *res;
    struct rk_report *reports[2];
    struct checked *files;
    size_t nfiles, cap;
    bool oom;
    /* the set checks' profile: layouts reported missing (SET-012) */
    bool in_profile, profile_ran;
    struct rk_buf missing; /* ",UP1KYO,UP2KYO," */
    /* round trip */
    bool rt_ran;
    const char *rt_family; /* the family of the round trip's first pair, or NULL */
    enum rk_status rt_status;
    struct rk_roundtrip_result rt;
    struct checked *rt_files; /* the round trip's files actually compared, in pair order */
    size_t nrt, rtcap;
    /* the bundle directory */
    int dfd;
    bool created_dir;
    bool tmp_made[F_COUNT], final_made[F_COUNT];
    char sha[F_COUNT][65];
    uint64_t size[F_COUNT];
    json_t *verdict[2]; /* ① and ②, decided before the reports are finished */
    char fingerprint[RK_FINGERPRINT_SIZE]; /* the signer's */
    bool builtin_specs;                    /* specs are this build's built-in tables */
    const char *rt_problem;                /* why the round trip is not one, or NULL */
    uint64_t rt_unpaired;                  /* original records left unpaired */
    /* the copies of the inputs (inputs/ in the bundle; written under .inputs.tmp/ first) */
    const char *const *args; /* the arguments the checked inputs came from */
    size_t nargs;
    struct rk_paths unpaired;    /* files the round trip named unpaired (RT-005), to copy too */
    struct rk_buf unpaired_side; /* 'o' or 'r' per unpaired file */
    bool copies_made;            /* .inputs.tmp was created */
    bool copies_final;           /* ... and renamed to inputs */
    const char *recheck_why;     /* NULL: the copies make a re-check possible; else why not */
    char *rt_original_copy, *rt_reexport_copy; /* what verify re-runs the round trip on */
    char ts[32];                               /* when the bundle is made (UTC) */
    struct rk_map *order_as; /* verify: a copy -> the path it was copied from, which the send
                                checks order it by (a copy's name may sort otherwise) */
};

/* Keeps the first problem, in Japanese (ja) and English (en): two formats with the same
 * conversions in the same order. */
__attribute__((format(printf, 2, 4), format(printf, 3, 4))) static void
say(struct rk_evidence_result *res, const char *ja, const char *en, ...)
{
    if (res->message[0])
        return; /* keep the first problem */
    va_list ap, aq;
    va_start(ap, en);
    va_copy(aq, ap);
    vsnprintf(res->message, sizeof res->message, en, ap);
    vsnprintf(res->message_ja, sizeof res->message_ja, ja, aq);
    va_end(aq);
    va_end(ap);
}

static void on_file(void *ctx, const char *path, enum rk_status st, const struct rk_file_result *fr)
{
    struct evidence *ev = ctx;
    if (!rk_grow(&ev->files, &ev->cap, ev->nfiles + 1, sizeof *ev->files)) {
        ev->oom = true;
        return;
    }
    struct checked *c = &ev->files[ev->nfiles];
    memset(c, 0, sizeof *c);
    c->path = rk_strdup(path);
    if (!c->path) {
        ev->oom = true;
        return;
    }
    ev->nfiles++;
    c->role = "checked";
    memcpy(c->sha256, fr->sha256, sizeof c->sha256);
    c->bytes = fr->bytes;
    c->data_records = fr->data_records;
    memcpy(c->count, fr->count, sizeof c->count);
    c->family = fr->family;
    c->version = fr->version;
    c->layout = fr->layout;
    c->unreadable = st == RK_E_IO || fr->unreadable;
}

static void observe_profile_begin(void *ctx, const char *office, const char *direction)
{
    struct evidence *ev = ctx;
    ev->in_profile = ev->profile_ran = true;
}

static void observe_profile_end(void *ctx)
{
    struct evidence *ev = ctx;
    ev->in_profile = false;
}

static void observe_finding(void *ctx, const struct rk_finding *f)
{
    struct evidence *ev = ctx;
    if (ev->in_profile && f->expected && f->rule == rk_rule_get(RK_RULE_SET_012))
        if (rk_buf_printf(&ev->missing, ",%s,", f->expected) != RK_OK)
            ev->oom = true;
}

static bool missing_layout(const struct evidence *ev, const char *id)
{
    if (!ev->missing.data)
        return false;
    char key[64];
    snprintf(key, sizeof key, ",%s,", id);
    return strstr(ev->missing.data, key) != NULL;
}

/* Appends a copy of s to a list of strings (a struct rk_paths used as a plain list). */
static bool list_add(struct rk_paths *l, const char *s)
{
    if (!rk_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v))
        return false;
    if ((l->v[l->n] = rk_strdup(s)) == NULL)
        return false;
    l->n++;
    return true;
}

static void both_reports(void *ctx, const struct rk_finding *f)
{
    struct evidence *ev = ctx;
    for (int k = 0; k < 2; k++)
        if (ev->reports[k])
            rk_report_finding(ev->reports[k], f);
    /* a file the round trip could not pair: copied too, so that verify finds it unpaired */
    if (f->rule == rk_rule_get(RK_RULE_RT_005) && f->path && f->detail) {
        char side = strcmp(f->detail, ev->opt->roundtrip_reexport) == 0 ? 'o' : 'r';
        if (!list_add(&ev->unpaired, f->path) || rk_buf_add(&ev->unpaired_side, &side, 1) != RK_OK)
            ev->oom = true;
    }
    /* a round trip that is not one: its rule's title is the verdict's reason */
    if (!ev->rt_problem &&
        (f->rule == rk_rule_get(RK_RULE_RT_007) || f->rule == rk_rule_get(RK_RULE_RT_008) ||
         f->rule == rk_rule_get(RK_RULE_RT_009)))
        ev->rt_problem = f->rule->title_ja;
}

static bool add_rt_file(struct evidence *ev, const char *path, const struct rk_file_result *fr,
                        const char *role)
{
    if (!rk_grow(&ev->rt_files, &ev->rtcap, ev->nrt + 1, sizeof *ev->rt_files))
        return false;
    struct checked *c = &ev->rt_files[ev->nrt];
    memset(c, 0, sizeof *c);
    if ((c->path = rk_strdup(path)) == NULL)
        return false;
    ev->nrt++;
    c->role = role;
    memcpy(c->sha256, fr->sha256, sizeof c->sha256);
    c->bytes = fr->bytes;
    c->layout = fr->layout;
    c->family = fr->family;
    c->version = fr->version;
    c->unreadable = fr->unreadable;
    return true;
}

/* Each pair the round trip compared (only those are listed in the manifest). */
static void on_pair(void *ctx, const char *original, const struct rk_file_result *o,
                    const char *reexport, const struct rk_file_result *r)
{
    struct evidence *ev = ctx;
    if (!ev->rt_family)
        ev->rt_family = o->family;
    if (!add_rt_file(ev, original, o, "roundtrip-original") ||
        !add_rt_file(ev, reexport, r, "roundtrip-reexport"))
        ev->oom = true;
}

/* The round trip goes first in the reports: a section named after the original. */
static enum rk_status run_roundtrip(struct evidence *ev)
{
    const struct rk_evidence_options *o = ev->opt;
    enum rk_status rs = RK_OK;
    for (int k = 0; k < 2; k++)
        if (ev->reports[k] && rs == RK_OK)
            rs = rk_report_begin_file(ev->reports[k], o->roundtrip_original);
    ev->rt_status =
        rk_roundtrip_each(ev->specs, &o->run.check, o->roundtrip_original, o->roundtrip_reexport,
                          both_reports, ev, on_pair, ev, &ev->rt);
    ev->rt_unpaired = ev->rt.lost;
    struct rk_file_result fr = {.family = ev->rt_family, .records = ev->rt.pairs};
    memcpy(fr.count, ev->rt.count, sizeof fr.count);
    for (int k = 0; k < 2; k++)
        if (ev->reports[k] && rs == RK_OK)
            rs = rk_report_end_file(ev->reports[k], &fr);
    ev->rt_ran = true;
    if (rs != RK_OK) { /* a report left without its section's end is no report */
        say(ev->res, "往復: %s", "round trip: %s", rk_status_str(rs));
        return rs;
    }
    if (ev->rt_status == RK_E_IO) {
        say(ev->res, "往復: %s または %s を読めない", "round trip: %s or %s could not be read",
            o->roundtrip_original, o->roundtrip_reexport);
        return RK_E_IO;
    }
    if (ev->rt_status != RK_OK) {
        say(ev->res, "往復: %s", "round trip: %s", rk_status_str(ev->rt_status));
        return ev->rt_status;
    }
    for (size_t i = 0; i < ev->nrt; i++)
        if (ev->rt_files[i].unreadable) {
            say(ev->res, "往復: %s を読めない", "round trip: %s could not be read",
                ev->rt_files[i].path);
            return RK_E_IO;
        }
    return ev->oom ? RK_E_NOMEM : RK_OK;
}

/* ---- the copies of the inputs (inputs/ in the bundle) ---- */

#define COPY_DIR "inputs"
#define COPY_TMP ".inputs.tmp"
#define COPY_MAX_DEPTH 64

/* Characters a Windows file name cannot hold (besides control characters): a copy's name is
 * one that both Linux and Windows can write and read back. */
#define NOT_PORTABLE "<>:\"\\|?*"

/* Whether the component s (n bytes) is one of Windows's device names, which no file there can
 * have: CON, PRN, AUX, NUL, COM and LPT with a digit or a superscript 1, 2 or 3 ("Naming Files,
 * Paths, and Namespaces", learn.microsoft.com), CONIN$ and CONOUT$ (CreateFile's consoles), each
 * in any case and with any extension. */
static bool device_name(const char *s, size_t n)
{
    static const char *const dev[] = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"};
    static const char *const sup[] = {"\xC2\xB9", "\xC2\xB2", "\xC2\xB3"};
    size_t stem = 0;
    while (stem < n && s[stem] != '.')
        stem++;
    if (stem < 3 || stem > 7)
        return false;
    char up[7];
    for (size_t i = 0; i < stem; i++)
        up[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i];
    for (size_t i = 0; i < sizeof dev / sizeof *dev; i++)
        if (strlen(dev[i]) == stem && memcmp(up, dev[i], stem) == 0)
            return true;
    if (memcmp(up, "COM", 3) != 0 && memcmp(up, "LPT", 3) != 0)
        return false;
    if (stem == 4)
        return s[3] >= '0' && s[3] <= '9';
    for (size_t i = 0; stem == 5 && i < sizeof sup / sizeof *sup; i++)
        if (memcmp(s + 3, sup[i], 2) == 0)
            return true;
    return false;
}

/* Appends "/" and one component of a copy's name: well-formed UTF-8 kept as it is; other
 * bytes, control characters, a leading '.', the characters Windows does not allow in a name, a
 * trailing '.' or ' ' (which Windows drops), the first letter of a Windows device name and a
 * '~' before a digit (a short name, "ABCDEF~1.CSV", which Windows may have given another file
 * of the folder) as %XX (so a copy's name is valid UTF-8 for the manifest, never a dot-file or
 * "..", and the same file on Linux and Windows). "" and "." are no component at all. */
static enum rk_status add_component(struct rk_buf *b, const char *s, size_t n)
{
    if (n == 0 || (n == 1 && s[0] == '.'))
        return RK_OK;
    enum rk_status st = rk_buf_add(b, "/", 1);
    bool dev = device_name(s, n);
    for (size_t i = 0; st == RK_OK && i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c >= 0x80 ? rk_utf8_len((const unsigned char *)s + i, n - i) : 1;
        if (k == 0 || c < 0x20 || c == 0x7f || c == '%' || (i == 0 && (c == '.' || dev)) ||
            (c && strchr(NOT_PORTABLE, c)) || (i == n - 1 && (c == '.' || c == ' ')) ||
            (c == '~' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')) {
            st = rk_buf_printf(b, "%%%02X", c);
            i++;
        } else {
            st = rk_buf_add(b, s + i, k);
            i += k;
        }
    }
    return st;
}

/* Appends path's components to out, each one with add_component ("/" at the start, as an
 * absolute path's first, is the component "%2F"). */
static enum rk_status add_components(struct rk_buf *out, const char *rel)
{
    enum rk_status st = RK_OK;
    if (rk_os_is_sep(*rel))
        st = rk_buf_add(out, "/%2F", 4);
    while (st == RK_OK && *rel) {
        size_t len = 0;
        while (rel[len] && !rk_os_is_sep(rel[len]))
            len++;
        st = add_component(out, rel, len);
        rel += len + (rel[len] ? 1 : 0);
    }
    return st;
}

/* The name of the copy of a checked input in the bundle: inputs/checked/PATH, its path as it
 * was checked (so the copies sort as the originals did: the set checks order files by path). */
static enum rk_status checked_copy_name(const char *path, struct rk_buf *out)
{
    out->len = 0;
    enum rk_status st = rk_buf_printf(out, "%s/checked", COPY_DIR);
    return st == RK_OK ? add_components(out, path) : st;
}

/* The name of the copy of a round trip's file path, which came from argument arg:
 * inputs/FOLDER/REL, REL the path below the argument (an archive's members below the
 * archive's name; a file given as the argument: its own name). */
static enum rk_status copy_name(const char *folder, const char *arg, const char *path,
                                struct rk_buf *out)
{
    out->len = 0;
    enum rk_status st = rk_buf_printf(out, "%s/%s", COPY_DIR, folder);
    size_t n = strlen(arg);
    while (n > 1 && rk_os_is_sep(arg[n - 1]))
        n--;
    const char *rel;
    if (strncmp(path, arg, n) == 0 &&
        (rk_os_is_sep(path[n]) || strncmp(path + n, RK_ARCHIVE_SEP, 2) == 0))
        rel = path + n + (rk_os_is_sep(path[n]) ? 1 : 2);
    else {
        rel = path; /* the file's own name */
        for (const char *c = path; *c; c++)
            if (rk_os_is_sep(*c))
                rel = c + 1;
    }
    return st == RK_OK ? add_components(out, rel) : st;
}

/* ---- copies' names that no file system takes for one another ---- */

/* The code point at s (n bytes: valid UTF-8, as a copy's name is); *k receives its length. */
static uint32_t next_cp(const char *s, size_t n, size_t *k)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = u[0] >= 0x80 ? rk_utf8_len(u, n) : 1;
    if (len <= 1) {
        *k = 1;
        return u[0];
    }
    uint32_t cp = u[0] & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (size_t i = 1; i < len; i++)
        cp = cp << 6 | (u[i] & 0x3F);
    *k = len;
    return cp;
}

static int cmp_mark(const void *key, const void *elem)
{
    uint32_t cp = *(const uint32_t *)key;
    const uint32_t *r = elem;
    return cp < r[0] ? -1 : cp > r[1] ? 1 : 0;
}

static int cmp_fold(const void *key, const void *elem)
{
    uint32_t cp = *(const uint32_t *)key, at = *(const uint32_t *)elem; /* its first member */
    return (cp > at) - (cp < at);
}

/* Appends to key the key of name (n bytes): the same for every name that Windows (case) or
 * macOS (case and Unicode normalisation) takes for the same file, by unicode_fold.h; a Hangul
 * syllable as its jamo (Unicode 3.12). */
static enum rk_status fold_name(const char *name, size_t n, struct rk_buf *key)
{
    enum rk_status st = RK_OK;
    for (size_t i = 0, k; st == RK_OK && i < n; i += k) {
        uint32_t cp = next_cp(name + i, n - i, &k), out[3] = {cp, 0, 0};
        if (cp >= 0xAC00 && cp <= 0xD7A3) {
            uint32_t sy = cp - 0xAC00;
            out[0] = 0x1100 + sy / 588;
            out[1] = 0x1161 + sy % 588 / 28;
            out[2] = sy % 28 ? 0x11A7 + sy % 28 : 0;
        } else if (bsearch(&cp, rk_fold_marks, sizeof rk_fold_marks / sizeof *rk_fold_marks,
                           sizeof *rk_fold_marks, cmp_mark)) {
            continue;
        } else {
            const uint32_t *f =
                bsearch(&cp, rk_fold_keys, sizeof rk_fold_keys / sizeof *rk_fold_keys,
                        sizeof *rk_fold_keys, cmp_fold);
            if (f)
                memcpy(out, f + 1, sizeof out);
        }
        for (int j = 0; st == RK_OK && j < 3 && out[j]; j++) {
            char u[4];
            st = rk_buf_add(key, u, rk_utf8_put(out[j], u));
        }
    }
    return st;
}

/* The names given to the copies of one bundle: within a folder no two share a key (fold_name),
 * so the bundle is the same files on a file system that ignores case or normalisation. */
struct copy_names {
    struct rk_map *keys;   /* "FOLDER\x1fKEY": a key taken in FOLDER (a name given) */
    struct rk_map *given;  /* "FOLDER\x1fNAME\x1fSOURCE" -> its index in names (SOURCE: the
                              input's path for a file, "" for a folder) */
    struct rk_paths names; /* what each was given */
};

static void copy_names_free(struct copy_names *cn)
{
    rk_map_free(cn->keys);
    rk_map_free(cn->given);
    rk_paths_free(&cn->names);
}

/* How many of the first len bytes of the component c (valid UTF-8 and %XX escapes: add_component)
 * fit in max bytes without cutting a character or an escape. */
static size_t fit_component(const char *c, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t k = max;
    while (k > 0 && ((unsigned char)c[k] & 0xC0) == 0x80)
        k--; /* c[k] continues a character: cut before that character */
    if (k >= 1 && c[k - 1] == '%')
        k -= 1;
    else if (k >= 2 && c[k - 2] == '%')
        k -= 2;
    return k;
}

/* The most bytes in one component of a path: NAME_MAX of Linux's file systems, and NTFS's 255
 * UTF-16 units (which 255 bytes of UTF-8 never exceed). */
#define COMPONENT_MAX 255u

/* Gives the copy of the input at src the name *name ("inputs/...", from checked_copy_name or
 * copy_name) or, when a component shares its key with another name already given in its folder,
 * that component with the suffix "%-2" (then "%-3", ...): a folder's name so suffixed, a file
 * kept as it is in a folder of that name ("A.CSV" then "a.csv": "a.csv%-2/a.csv"), since the
 * checks read a file's name. '%' is otherwise always %XX, so no input's name has such a suffix.
 * A suffixed name is cut (at a character) to stay within COMPONENT_MAX bytes with its suffix.
 * The first given keeps its name; the same folder or input asked for again gets the same. */
static enum rk_status unique_name(struct copy_names *cn, const char *src, struct rk_buf *name)
{
    struct rk_buf out = {0}, k = {0}, cand = {0};
    enum rk_status st = RK_OK;
    for (size_t at = 0; st == RK_OK && at < name->len;) {
        const char *c = name->data + at;
        size_t len = strcspn(c, "/");
        bool file = at + len == name->len;
        k.len = 0;
        bool created = false;
        size_t *idx = NULL;
        if ((out.len == 0 || (st = rk_buf_add(&k, out.data, out.len)) == RK_OK) &&
            (st = rk_buf_printf(&k, "\x1f%.*s\x1f%s", (int)len, c, file ? src : "")) == RK_OK &&
            (idx = rk_map_get(cn->given, k.data, k.len, true, &created)) == NULL)
            st = RK_E_NOMEM;
        for (unsigned n = 1; st == RK_OK && created; n++) {
            cand.len = 0;
            k.len = 0;
            char sfx[16] = "";
            if (n > 1)
                snprintf(sfx, sizeof sfx, "%%-%u", n);
            size_t keep = n > 1 ? fit_component(c, len, COMPONENT_MAX - strlen(sfx)) : len;
            st = rk_buf_add(&cand, c, keep);
            if (st == RK_OK)
                st = rk_buf_add(&cand, sfx, strlen(sfx));
            if (st == RK_OK && out.len)
                st = rk_buf_add(&k, out.data, out.len);
            if (st == RK_OK)
                st = rk_buf_addc(&k, 0x1f);
            if (st == RK_OK)
                st = fold_name(cand.data, cand.len, &k);
            bool fresh = false;
            if (st == RK_OK && !rk_map_get(cn->keys, k.data, k.len, true, &fresh))
                st = RK_E_NOMEM;
            if (st != RK_OK || !fresh)
                continue;
            if (n > 1 && file)
                st = rk_buf_printf(&cand, "/%.*s", (int)len, c);
            if (st == RK_OK && !list_add(&cn->names, cand.data))
                st = RK_E_NOMEM;
            if (st == RK_OK)
                *idx = cn->names.n - 1;
            created = false;
        }
        if (st == RK_OK)
            st = rk_buf_printf(&out, "%s%s", out.len ? "/" : "", cn->names.v[*idx]);
        at += len + 1;
    }
    rk_buf_free(&k);
    rk_buf_free(&cand);
    if (st == RK_OK) {
        rk_buf_free(name);
        *name = out;
    } else {
        rk_buf_free(&out);
    }
    return st;
}

/* Removes the directory name under dfd and everything in it, never following a link. */
static void remove_tree(int dfd, const char *name, int depth)
{
    int fd = depth < COPY_MAX_DEPTH
                 ? rk_os_openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                 : -1;
    struct rk_os_dir *d = fd >= 0 ? rk_os_dir_openat(fd) : NULL;
    if (d) {
        /* the names first: an entry removed while the directory is read may be skipped */
        struct rk_paths names = {0};
        const char *e;
        while ((e = rk_os_dir_next(d)) != NULL && list_add(&names, e))
            ;
        rk_os_dir_close(d);
        for (size_t i = 0; i < names.n; i++) {
            struct rk_os_stat sb;
            if (rk_os_lstatat(fd, names.v[i], &sb) == 0 && sb.is_dir)
                remove_tree(fd, names.v[i], depth + 1);
            else
                rk_os_unlinkat(fd, names.v[i]);
        }
        rk_paths_free(&names);
    }
    if (fd >= 0)
        rk_os_close(fd);
    rk_os_rmdirat(dfd, name);
}

/* Makes the directories of name (a copy's name, "inputs/..."; under .inputs.tmp while the
 * bundle is written; the last component too when dir_too) and returns the descriptor of the
 * last directory, or -1. *last receives the file's own name within it. */
static int copy_dirs(struct evidence *ev, char *name, bool dir_too, const char **last)
{
    int fd = rk_os_openat(ev->dfd, COPY_TMP, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    char *s = name + strlen(COPY_DIR) + 1;
    for (int depth = 0; fd >= 0; depth++) {
        char *slash = strchr(s, '/');
        if (!slash && !dir_too) {
            *last = s;
            return fd;
        }
        if (slash)
            *slash = '\0';
        int nfd = -1;
        if (depth < COPY_MAX_DEPTH && (rk_os_mkdirat(fd, s, 0755) == 0 || errno == EEXIST))
            nfd = rk_os_openat(fd, s, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (slash)
            *slash = '/';
        rk_os_close(fd);
        fd = nfd;
        if (!slash) {
            *last = NULL;
            return fd;
        }
        s = slash + 1;
    }
    return -1;
}

/* Copies the input at path (through inputs.c: never blocking, a regular file or an archive
 * member) to name in the bundle. The bytes must be those the check read (sha256): a file
 * changed since is refused. RK_E_IO with the message said when it cannot be copied; quiet
 * (RK_E_IO, no message) when it cannot even be opened and quiet. */
static enum rk_status write_copy(struct evidence *ev, const char *path, const char *sha256,
                                 char *name, bool quiet, const char *out_dir)
{
    struct rk_input *in = NULL;
    struct rk_input_problem why = {0};
    enum rk_status st = rk_input_open(path, &in, &why);
    if (st != RK_OK) {
        if (!quiet)
            say(ev->res, "%s: 証拠一式に写せない: %s", "%s: cannot be copied into the bundle: %s",
                path, why.detail);
        return st;
    }
    const char *last = NULL;
    int dfd = copy_dirs(ev, name, false, &last);
    int fd = dfd >= 0 ? rk_os_openat(dfd, last,
                                     O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)
                      : -1;
    int saved = errno;
    if (dfd >= 0)
        rk_os_close(dfd);
    if (fd < 0) {
        rk_input_close(in);
        say(ev->res, "%s/%s: %s の写しを書けない: %s", "%s/%s: cannot write the copy of %s: %s",
            out_dir, name, path, strerror(saved));
        return RK_E_IO;
    }
    struct rk_sha256 *h = rk_sha256_new();
    st = h ? RK_OK : RK_E_NOMEM;
    char chunk[16384], hex[65];
    size_t got = 0;
    while (st == RK_OK && (st = rk_input_read(in, chunk, sizeof chunk, &got, &why)) == RK_OK &&
           got > 0) {
        st = rk_sha256_update(h, chunk, got);
        if (st == RK_OK)
            st = write_all(fd, chunk, got);
    }
    if (st == RK_OK)
        st = rk_sha256_final(h, hex);
    rk_sha256_free(h);
    rk_input_close(in);
    if (st == RK_OK && rk_os_fsync(fd) != 0)
        st = RK_E_IO;
    saved = errno;
    if (rk_os_close(fd) != 0 && st == RK_OK) {
        st = RK_E_IO;
        saved = errno;
    }
    if (st != RK_OK)
        say(ev->res, "%s/%s: %s の写しを書けない: %s", "%s/%s: cannot write the copy of %s: %s",
            out_dir, name, path, st == RK_E_NOMEM ? "out of memory" : strerror(saved));
    else if (strcmp(hex, sha256) != 0) {
        say(ev->res, "%s: 検査の途中で変更された", "%s: changed while it was being checked", path);
        st = RK_E_IO;
    }
    return st;
}

/* Copies one checked (folder NULL) or round-trip file; c->copy receives its name in the
 * bundle (unique_name's among names). */
static enum rk_status copy_one(struct evidence *ev, struct copy_names *names, struct checked *c,
                               const char *folder, const char *arg, const char *out_dir)
{
    struct rk_buf name = {0};
    enum rk_status st =
        folder ? copy_name(folder, arg, c->path, &name) : checked_copy_name(c->path, &name);
    if (st == RK_OK)
        st = unique_name(names, c->path, &name);
    if (st == RK_OK)
        st = write_copy(ev, c->path, c->sha256, name.data, false, out_dir);
    if (st == RK_OK)
        c->copy = name.data;
    else
        rk_buf_free(&name);
    if (st == RK_E_NOMEM)
        say(ev->res, "メモリが足りない", "out of memory");
    return st;
}

/* What verify re-runs the round trip on, for one side: the copies' folder for a directory or
 * an archive, the copy of the file for a file (the name its copy was given), the original's
 * folder for both sides when the original was given as its own re-export. */
static char *rt_copy_path(struct evidence *ev, struct copy_names *names, const char *folder,
                          const char *arg, bool same)
{
    struct rk_buf b = {0};
    enum rk_status st;
    if (same || rk_input_is_dir(arg))
        st = rk_buf_printf(&b, "%s/%s", COPY_DIR, same ? "roundtrip-original" : folder);
    else {
        for (size_t i = 0; i < ev->nrt; i++)
            if (ev->rt_files[i].copy && strcmp(ev->rt_files[i].path, arg) == 0)
                return rk_strdup(ev->rt_files[i].copy);
        st = copy_name(folder, arg, arg, &b);
        if (st == RK_OK)
            st = unique_name(names, arg, &b);
    }
    if (st != RK_OK) {
        rk_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* The round trip's part of write_copies: its two folders, the copies of the files it compared
 * and of those it named unpaired, then what verify re-runs it on. */
static enum rk_status write_rt_copies(struct evidence *ev, struct copy_names *names,
                                      const char *out_dir)
{
    const struct rk_evidence_options *o = ev->opt;
    enum rk_status st = RK_OK;
    const char *roots[2] = {COPY_DIR "/roundtrip-original", COPY_DIR "/roundtrip-reexport"};
    for (int k = 0; k < 2; k++) {
        char root[64];
        const char *last;
        snprintf(root, sizeof root, "%s", roots[k]);
        int fd = copy_dirs(ev, root, true, &last);
        if (fd < 0) {
            say(ev->res, "%s/%s: %s", "%s/%s: %s", out_dir, roots[k], strerror(errno));
            return RK_E_IO;
        }
        rk_os_close(fd);
    }
    for (size_t i = 0; st == RK_OK && i < ev->nrt; i++) {
        struct checked *c = &ev->rt_files[i];
        bool orig = strcmp(c->role, "roundtrip-original") == 0;
        st = copy_one(ev, names, c, orig ? "roundtrip-original" : "roundtrip-reexport",
                      orig ? o->roundtrip_original : o->roundtrip_reexport, out_dir);
    }
    for (size_t i = 0; st == RK_OK && i < ev->unpaired.n; i++) {
        const char *path = ev->unpaired.v[i];
        bool orig = ev->unpaired_side.data[i] == 'o';
        struct rk_buf name = {0};
        char hex[65];
        uint64_t size;
        struct rk_input_problem why;
        st = copy_name(orig ? "roundtrip-original" : "roundtrip-reexport",
                       orig ? o->roundtrip_original : o->roundtrip_reexport, path, &name);
        if (st == RK_OK && rk_input_hash(path, hex, &size, &why) != RK_OK) {
            ev->recheck_why = "roundtrip-uncopied"; /* a FIFO, a link to nothing: not copied */
            rk_buf_free(&name);
            continue;
        }
        if (st == RK_OK)
            st = unique_name(names, path, &name);
        if (st == RK_OK)
            st = write_copy(ev, path, hex, name.data, false, out_dir);
        if (st == RK_OK &&
            !add_rt_file(ev, path, &(struct rk_file_result){.bytes = size},
                         orig ? "roundtrip-unpaired-original" : "roundtrip-unpaired-reexport"))
            st = RK_E_NOMEM;
        if (st == RK_OK) {
            struct checked *c = &ev->rt_files[ev->nrt - 1];
            memcpy(c->sha256, hex, sizeof c->sha256);
            c->copy = name.data;
        } else {
            rk_buf_free(&name);
        }
    }
    if (st != RK_OK)
        return st;
    bool same = rk_input_same_file(o->roundtrip_original, o->roundtrip_reexport);
    ev->rt_original_copy =
        rt_copy_path(ev, names, "roundtrip-original", o->roundtrip_original, same);
    ev->rt_reexport_copy =
        rt_copy_path(ev, names, "roundtrip-reexport", o->roundtrip_reexport, same);
    return ev->rt_original_copy && ev->rt_reexport_copy ? RK_OK : RK_E_NOMEM;
}

/* Writes the copies of every input into .inputs.tmp: the checked files under checked/K/, the
 * round trip's under roundtrip-original/ and roundtrip-reexport/ (its compared pairs, and the
 * files it named unpaired when they can be read: a FIFO cannot, and then the round trip cannot
 * be re-checked). Their names are unique_name's. */
static enum rk_status write_copies(struct evidence *ev, const char *out_dir)
{
    const struct rk_evidence_options *o = ev->opt;
    if (o->without_inputs) {
        ev->recheck_why = "inputs-left-out";
        return RK_OK;
    }
    if (rk_os_mkdirat(ev->dfd, COPY_TMP, 0755) != 0) {
        say(ev->res, "%s/%s: %s", "%s/%s: %s", out_dir, COPY_DIR, strerror(errno));
        return RK_E_IO;
    }
    ev->copies_made = true;
    struct copy_names names = {.keys = rk_map_new(0), .given = rk_map_new(sizeof(size_t))};
    /* a file given twice (as itself and in its folder) is checked twice and copied once */
    struct rk_map *done = rk_map_new(sizeof(size_t));
    enum rk_status st = done && names.keys && names.given ? RK_OK : RK_E_NOMEM;
    for (size_t i = 0; st == RK_OK && i < ev->nfiles; i++) {
        struct checked *c = &ev->files[i];
        bool created = false;
        size_t *first = rk_map_get(done, c->path, strlen(c->path), true, &created);
        if (!first)
            st = RK_E_NOMEM;
        else if (!created)
            st = (c->copy = rk_strdup(ev->files[*first].copy)) ? RK_OK : RK_E_NOMEM;
        else {
            *first = i;
            st = copy_one(ev, &names, c, NULL, NULL, out_dir);
        }
    }
    rk_map_free(done);
    if (st == RK_OK && ev->rt_ran)
        st = write_rt_copies(ev, &names, out_dir);
    copy_names_free(&names);
    if (st == RK_E_NOMEM)
        say(ev->res, "メモリが足りない", "out of memory");
    return st;
}

/* Opens a temporary file of the bundle as a stream. */
static FILE *open_tmp(struct evidence *ev, int which)
{
    int fd = rk_os_openat(ev->dfd, tmp_name[which],
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return NULL;
    ev->tmp_made[which] = true;
    FILE *fp = rk_os_fdopen(fd, "w");
    if (!fp)
        rk_os_close(fd);
    return fp;
}

/* Flushes, syncs and closes a stream; false (errno set) when any of it failed. */
static bool close_stream(FILE *fp)
{
    bool ok = fflush(fp) == 0 && !ferror(fp);
    int saved = errno;
    if (ok && rk_os_fsync(fileno(fp)) != 0) {
        ok = false;
        saved = errno;
    }
    if (fclose(fp) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    errno = saved ? saved : EIO;
    return ok;
}

static enum rk_status write_tmp(struct evidence *ev, int which, const void *p, size_t n,
                                const char *out_dir)
{
    int fd = rk_os_openat(ev->dfd, tmp_name[which],
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        say(ev->res, "%s/%s: %s", "%s/%s: %s", out_dir, final_name[which], strerror(errno));
        return RK_E_IO;
    }
    ev->tmp_made[which] = true;
    enum rk_status st = write_all(fd, p, n);
    if (st == RK_OK && rk_os_fsync(fd) != 0)
        st = RK_E_IO;
    int saved = errno;
    if (rk_os_close(fd) != 0 && st == RK_OK) {
        st = RK_E_IO;
        saved = errno;
    }
    if (st != RK_OK)
        say(ev->res, "%s/%s: 書き込みに失敗した: %s", "%s/%s: write failed: %s", out_dir,
            final_name[which], strerror(saved));
    return st;
}

static enum rk_status hash_tmp(struct evidence *ev, int which, const char *out_dir)
{
    int fd = rk_os_openat(ev->dfd, tmp_name[which], O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    enum rk_status st = fd < 0 ? RK_E_IO : hash_fd(fd, ev->sha[which], &ev->size[which]);
    if (st != RK_OK)
        say(ev->res, "%s/%s: 書いた内容を読み戻せない: %s", "%s/%s: cannot read back: %s", out_dir,
            final_name[which], strerror(errno));
    if (fd >= 0)
        rk_os_close(fd);
    return st;
}

static const char *office_name_ja(const struct rk_specs *specs, const char *office)
{
    const char *ja = rk_office_name_ja(specs, office);
    return ja ? ja : "";
}

static const char *status_ja(const char *status)
{
    return strcmp(status, "met") == 0       ? "適合"
           : strcmp(status, "not met") == 0 ? "不適合"
                                            : "判定対象外";
}

/* Whether a checked file counts for requirement r: its family serves r (a file of no known
 * family counts where the default family's do). */
static bool serves(const struct checked *c, enum rk_evidence_req r)
{
    const struct rk_family *f = rk_family_find(c->family);
    return (f ? f : rk_family_default())->requirement == r;
}

/* The newest version of the family that serves requirement r, or NULL. */
static const struct rk_version *newest_serving(const struct evidence *ev, enum rk_evidence_req r)
{
    const struct rk_family *f = rk_family_serving(r);
    return f ? rk_specs_find(ev->specs, f->name, NULL) : NULL;
}

/* The newest version of requirement ①'s family (the care-plan standard) the files claim (the set
 * checks' office profile uses the same rule, so -j and file order cannot change it), else the
 * newest built in. versions receives the versions claimed ("3.2, 4.1"), *n how many;
 * *nomem is set when versions could not grow (NULL is then no answer, not "no tables"). */
static const struct rk_version *careplan_version(const struct evidence *ev, struct rk_buf *versions,
                                                 size_t *n, bool *nomem)
{
    const struct rk_version *best = NULL;
    *n = 0;
    *nomem = false;
    for (size_t i = 0; i < ev->specs->nversions; i++) {
        const struct rk_version *v = &ev->specs->versions[i];
        if (rk_family_of(v)->requirement != RK_REQ_EXCHANGE)
            continue;
        bool seen = false;
        for (size_t j = 0; j < ev->nfiles && !seen; j++) {
            const struct checked *c = &ev->files[j];
            seen = c->layout && c->version && serves(c, RK_REQ_EXCHANGE) &&
                   strcmp(c->version, v->version) == 0;
        }
        if (!seen)
            continue;
        (*n)++;
        if (rk_buf_printf(versions, "%s%s", versions->len ? ", " : "", v->version) != RK_OK) {
            *nomem = true;
            return NULL;
        }
        if (!best || strcmp(v->effective_from, best->effective_from) > 0)
            best = v;
    }
    return best ? best : newest_serving(ev, RK_REQ_EXCHANGE);
}

/* Layouts of the profile for office and direction, comma-separated, into b. */
static enum rk_status profile_list(const struct rk_version *v, const char *office,
                                   const char *direction, struct rk_buf *b)
{
    enum rk_status st = rk_buf_add(b, "", 0);
    for (size_t i = 0; st == RK_OK && v && i < v->nprofile; i++) {
        const struct rk_profile_row *p = &v->profile[i];
        if (p->required && strcmp(p->office, office) == 0 && strcmp(p->direction, direction) == 0)
            st = rk_buf_printf(b, "%s%s", b->len ? "、" : "", p->layout);
    }
    return st;
}

/* Why the options keep the verdicts from being the standard's (appended to why, Japanese);
 * false when they do not. The standards declare the encodings and the file names decide the
 * layouts and versions; the spec tables are this build's. */
static bool options_change_conformity(const struct evidence *ev, struct rk_buf *why)
{
    const struct rk_check_options *co = &ev->opt->run.check;
    size_t before = why->len;
    bool ok = true;
    if (co->encoding != RK_ENC_DEFAULT)
        ok = rk_buf_printf(why,
                           "--encoding %s: 標準仕様が定める文字コード（ケアプラン: MS932、LIFE: "
                           "UTF-8またはShift_JIS）によらず読む指定のため。",
                           rk_encoding_name(co->encoding)) == RK_OK;
    if (ok && co->layout)
        ok = rk_buf_printf(why, "--layout %s: ファイル名によらず様式を指定したため。",
                           co->layout) == RK_OK;
    if (ok && co->version)
        ok = rk_buf_printf(why, "--spec-version %s: ファイルが名乗る版によらず版を指定したため。",
                           co->version) == RK_OK;
    if (ok && co->family)
        ok = rk_buf_printf(why, "--family %s: ファイルの内容によらず仕様を指定したため。",
                           co->family) == RK_OK;
    if (ok && !ev->builtin_specs)
        ok = rk_buf_printf(
                 why, "--specs: このビルドに組み込まれた仕様表でない表で検査したため。") == RK_OK;
    return !ok || why->len > before;
}

static json_t *verdict_obj(const char *requirement, const char *title, const char *status,
                           const char *reason)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:[]}", "requirement", requirement, "title", title,
                     "status", status, "status_ja", status_ja(status), "reason", reason,
                     "not_checked");
}

static const char *const title_1 = "① ケアプランデータ連携標準仕様に沿ったCSVの出力・取込";
static const char *const title_2 = "② LIFE（科学的介護情報システム）へのCSV出力";

/* A verdict that is "not assessed" for reason, with what was not checked. */
static json_t *not_assessed(struct evidence *ev, int which, const char *reason,
                            const char *not_checked)
{
    json_t *o =
        verdict_obj(which == 0 ? "①" : "②", which == 0 ? title_1 : title_2, "not assessed", reason);
    if (which == 0)
        ev->res->verdict_1 = "not assessed";
    else
        ev->res->verdict_2 = "not assessed";
    if (o && !push(json_object_get(o, "not_checked"), json_string(not_checked))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Requirement ①: the care-plan CSV files the office type must output (and import). */
static json_t *verdict_1(struct evidence *ev)
{
    const char *office = ev->opt->office;
    const char *office_ja = office_name_ja(ev->specs, office);
    struct rk_buf reason = {0}, imports = {0}, versions = {0};
    size_t nversions = 0;
    bool nomem;
    const struct rk_version *v = careplan_version(ev, &versions, &nversions, &nomem);
    json_t *o = NULL;
    bool ok = !nomem && rk_buf_add(&reason, "", 0) == RK_OK;
    if (!ok || options_change_conformity(ev, &reason)) {
        o = ok ? not_assessed(ev, 0, reason.data,
                              "ケアプランのCSVファイル（標準仕様の条件で検査していない）")
               : NULL;
        rk_buf_free(&reason);
        rk_buf_free(&versions);
        return o;
    }
    if (!v || !rk_specs_office_profiled(ev->specs, office)) {
        /* an office type the exchange does not include (offices.tsv lists it, no version's
         * profiles.tsv gives it files) */
        ok = !v || rk_buf_printf(&reason,
                                 "profiles.tsv に%sがやり取りすべきケアプランの様式はない。"
                                 "ケアプランデータ連携標準仕様は居宅介護支援・居宅サービスと"
                                 "介護予防支援・介護予防サービスの間の連携を定める",
                                 office_ja) == RK_OK;
        o = ok ? not_assessed(ev, 0, v ? reason.data : "このビルドにケアプランの仕様表がない",
                              "ケアプランのCSVファイル（この事業所種別には要件がない）")
               : NULL;
        rk_buf_free(&reason);
        rk_buf_free(&versions);
        return o;
    }
    if (nversions > 1) {
        ok = rk_buf_printf(&reason,
                           "ケアプランのファイルが複数の版（%s）を名乗っている。判定は1つの版の"
                           "出力についてのみ行う",
                           versions.data) == RK_OK;
        o = ok ? not_assessed(ev, 0, reason.data, "ケアプランのCSVファイル（版が混在している）")
               : NULL;
        rk_buf_free(&reason);
        rk_buf_free(&versions);
        return o;
    }
    rk_buf_free(&versions);
    /* which required layouts were there (the set checks' SET-012), and did they conform */
    json_t *layouts = json_array();
    size_t missing = 0, failing = 0;
    uint64_t file_errors = 0;
    for (size_t i = 0; i < ev->nfiles; i++)
        if (serves(&ev->files[i], RK_REQ_EXCHANGE))
            file_errors += ev->files[i].count[RK_SEV_ERROR];
    struct rk_buf missing_list = {0}, failing_list = {0};
    ok = ok && layouts != NULL;
    for (size_t i = 0; ok && i < v->nprofile; i++) {
        const struct rk_profile_row *p = &v->profile[i];
        if (strcmp(p->office, office) != 0 || strcmp(p->direction, "output") != 0)
            continue;
        uint64_t nfiles = 0, errors = 0;
        for (size_t j = 0; j < ev->nfiles; j++) {
            const struct checked *c = &ev->files[j];
            if (c->layout && serves(c, RK_REQ_EXCHANGE) && strcmp(c->layout, p->layout) == 0) {
                nfiles++;
                errors += c->count[RK_SEV_ERROR];
            }
        }
        bool present = p->required ? !missing_layout(ev, p->layout) && nfiles > 0 : nfiles > 0;
        if (!present && !p->required)
            continue; /* an optional layout (△) not given: nothing to say */
        const struct rk_layout *l = rk_version_layout(v, p->layout);
        const char *lname = l ? l->name : "";
        json_t *e =
            json_pack("{s:s,s:s,s:b,s:b,s:I,s:I,s:s}", "layout", p->layout, "name", lname,
                      "required", p->required, "present", present, "files", (json_int_t)nfiles,
                      "errors", (json_int_t)errors, "citation", p->citation);
        bool made = e != NULL;
        if (made && present)
            made = json_object_set_new(e, "conforms", json_boolean(errors == 0)) == 0;
        if (!made)
            json_decref(e);
        ok = made && push(layouts, e);
        if (p->required && !present) {
            missing++;
            ok = ok && rk_buf_printf(&missing_list, "%s%s %s", missing > 1 ? "、" : "", p->layout,
                                     lname) == RK_OK;
        }
        if (present && errors) {
            failing++;
            ok = ok && rk_buf_printf(&failing_list, "%s%s %s", failing > 1 ? "、" : "", p->layout,
                                     lname) == RK_OK;
        }
    }
    uint64_t set_errors = ev->res->run.set_count[RK_SEV_ERROR];
    bool rt_given = ev->rt_ran;
    bool rt_ok = rt_given && ev->rt_problem == NULL && ev->rt.lost == 0 && ev->rt.changed == 0 &&
                 ev->rt.count[RK_SEV_ERROR] == 0;
    const char *status;
    if (missing || file_errors || set_errors || (rt_given && !rt_ok)) {
        status = "not met";
        if (ok && missing)
            ok = rk_buf_printf(&reason, "%sに必須の様式がない: %s。", office_ja,
                               missing_list.data) == RK_OK;
        if (ok && failing)
            ok = rk_buf_printf(&reason, "エラーのある必須様式: %s。", failing_list.data) == RK_OK;
        if (ok && (file_errors || set_errors))
            ok = rk_buf_printf(&reason,
                               "ファイルのエラー %llu 件、送信単位のエラー %llu 件"
                               "（report.json 参照）。",
                               (unsigned long long)file_errors,
                               (unsigned long long)set_errors) == RK_OK;
        if (ok && rt_given && ev->rt_problem)
            ok = rk_buf_printf(&reason, "往復として成り立たない: %s。", ev->rt_problem) == RK_OK;
        else if (ok && rt_given && !rt_ok)
            ok = rk_buf_printf(&reason,
                               "往復（取込・再出力）でレコード %llu 件が失われ、項目 %llu 件が"
                               "変わり、エラー %llu 件があった。",
                               (unsigned long long)ev->rt.lost, (unsigned long long)ev->rt.changed,
                               (unsigned long long)ev->rt.count[RK_SEV_ERROR]) == RK_OK;
    } else if (!rt_given) {
        status = "not assessed";
        ok = ok && rk_buf_printf(&reason,
                                 "%sに必須の様式はすべてあり適合しているが、往復（--roundtrip "
                                 "元の出力 再出力）が示されていないため、取込と再出力でデータが"
                                 "保たれるかは確かめていない",
                                 office_ja) == RK_OK;
    } else {
        status = "met";
        ok = ok && rk_buf_printf(&reason,
                                 "%sに必須の様式がすべてあり適合し、送信単位の整合がとれ、"
                                 "往復（取込・再出力）でデータが保たれた",
                                 office_ja) == RK_OK;
    }
    ev->res->verdict_1 = status;
    ok = ok && profile_list(v, office, "import", &imports) == RK_OK;
    if (ok)
        o = verdict_obj("①", title_1, status, reason.data);
    ok = ok && o;
    json_t *nc = ok ? json_object_get(o, "not_checked") : NULL;
    char line[512];
    if (ok) {
        ok = put(o, "office_type", json_string(office)) &&
             put(o, "office_type_ja", json_string(office_ja)) &&
             put(o, "direction", json_string("output")) &&
             put(o, "spec", json_pack("{s:s,s:s}", "family", v->family, "version", v->version)) &&
             put(o, "layouts", json_incref(layouts)) &&
             put(o, "errors",
                 json_pack("{s:I,s:I}", "files", (json_int_t)file_errors, "sends",
                           (json_int_t)set_errors));
    }
    if (ok && rt_given) {
        json_t *rt = json_pack(
            "{s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "status", rt_ok ? "met" : "not met",
            "status_ja", status_ja(rt_ok ? "met" : "not met"), "pairs", (json_int_t)ev->rt.pairs,
            "lost", (json_int_t)ev->rt.lost, "added", (json_int_t)ev->rt.added, "changed",
            (json_int_t)ev->rt.changed, "same", (json_int_t)ev->rt.same, "errors",
            (json_int_t)ev->rt.count[RK_SEV_ERROR], "unpaired", (json_int_t)ev->rt_unpaired);
        if (rt && ev->rt_problem && !put(rt, "problem", json_string(ev->rt_problem))) {
            json_decref(rt);
            rt = NULL;
        }
        ok = put(o, "roundtrip", rt);
        ok = ok && push(nc, json_string("提示された往復以外の取込（往復で再出力されたファイル"
                                        "のみ確認した）"));
    } else if (ok) {
        ok = put(o, "roundtrip",
                 json_pack("{s:s,s:s,s:s}", "status", "not assessed", "status_ja",
                           status_ja("not assessed"), "reason",
                           "往復（--roundtrip 元の出力 再出力）が示されていない"));
        snprintf(line, sizeof line,
                 "取込: %sが取り込むべき様式（%s）を読み、変えずに再出力できること（--roundtrip "
                 "が必要）",
                 office_ja, imports.len ? imports.data : "profiles.tsv に記載なし");
        ok = ok && push(nc, json_string(line));
    }
    ok =
        ok &&
        push(nc, json_string("値が介護記録として正しいか（形式とファイル間の整合のみ確認した）")) &&
        push(nc, json_string("製品が提示しなかったファイル（マニフェストの入力のみ検査した）")) &&
        push(nc, json_string("画像ファイル（UPKIHON_IMAGE）の内容（名前のみ確認した）"));
    json_decref(layouts);
    rk_buf_free(&reason);
    rk_buf_free(&imports);
    rk_buf_free(&missing_list);
    rk_buf_free(&failing_list);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Requirement ②: LIFE CSV output. Met only when every input was identified, every LIFE file
 * holds at least one data record and none has an error-level finding. */
static json_t *verdict_2(struct evidence *ev)
{
    uint64_t files = 0, errors = 0, unidentified = 0, empty = 0;
    for (size_t i = 0; i < ev->nfiles; i++) {
        const struct checked *c = &ev->files[i];
        if (!c->layout) {
            unidentified++;
            continue;
        }
        if (!serves(c, RK_REQ_LIFE_OUTPUT))
            continue;
        files++;
        errors += c->count[RK_SEV_ERROR];
        empty += c->data_records == 0;
    }
    struct rk_buf reason = {0};
    bool ok = rk_buf_add(&reason, "", 0) == RK_OK;
    if (!ok)
        return NULL;
    json_t *o = NULL;
    if (!newest_serving(ev, RK_REQ_LIFE_OUTPUT)) {
        o = not_assessed(ev, 1, "このビルドにLIFEの仕様表がない", "LIFEへのCSV出力");
    } else if (options_change_conformity(ev, &reason)) {
        o = not_assessed(ev, 1, reason.data, "LIFEのCSVファイル（標準仕様の条件で検査していない）");
    } else if (!files) {
        o = not_assessed(ev, 1, "LIFEのCSVファイルが提示されていない",
                         "LIFEへのCSV出力（科学的介護推進体制加算等）");
    } else {
        const char *status = "met";
        if (unidentified || empty || errors) {
            status = "not met";
            if (unidentified)
                ok = rk_buf_printf(&reason,
                                   "様式を判定できない入力が %llu 件ある（LIFEの出力かどうかも"
                                   "判定できない）。",
                                   (unsigned long long)unidentified) == RK_OK;
            if (ok && empty)
                ok = rk_buf_printf(&reason, "データレコードのないLIFEファイルが %llu 件ある。",
                                   (unsigned long long)empty) == RK_OK;
            if (ok && errors)
                ok = rk_buf_printf(&reason,
                                   "LIFEファイルにエラーが %llu 件ある（report.json 参照）。",
                                   (unsigned long long)errors) == RK_OK;
        } else {
            ok = rk_buf_printf(&reason,
                               "提示されたLIFEのCSVファイル %llu 件すべてが様式を判定でき、"
                               "データレコードがあり、エラーがない",
                               (unsigned long long)files) == RK_OK;
        }
        ev->res->verdict_2 = status;
        o = ok ? verdict_obj("②", title_2, status, reason.data) : NULL;
        ok = o && put(o, "files", json_integer((json_int_t)files)) &&
             put(o, "errors", json_integer((json_int_t)errors)) &&
             put(o, "unidentified", json_integer((json_int_t)unidentified)) &&
             put(o, "without_data", json_integer((json_int_t)empty)) &&
             push(json_object_get(o, "not_checked"),
                  json_string("LIFEが受け付けるかどうか（形式のみ確認した）"));
        if (!ok) {
            json_decref(o);
            o = NULL;
        }
    }
    rk_buf_free(&reason);
    /* against which tables: MHLW's item list as imported, or tables edited since */
    const struct rk_version *lv = NULL;
    for (size_t i = 0; i < ev->nfiles && !lv; i++) {
        const struct checked *c = &ev->files[i];
        if (serves(c, RK_REQ_LIFE_OUTPUT) && c->layout && c->version)
            lv = rk_specs_find(ev->specs, c->family, c->version);
    }
    const char *was = o ? json_string_value(json_object_get(o, "reason")) : NULL;
    if (was && lv && lv->import_file) {
        struct rk_buf b = {0};
        if (rk_buf_printf(
                &b,
                lv->import_intact
                    ? "%s（LIFEの表: 厚生労働省の項目一覧 %s（sha256 %s）から取り込んだまま）"
                    : "%s（LIFEの表: 項目一覧 %s（sha256 %s）から取り込んだ後に編集された表"
                      "（厚生労働省の公表どおりではない））",
                was, lv->import_file, lv->import_sha256) != RK_OK ||
            json_object_set_new(o, "reason", json_string(b.data)) != 0) {
            json_decref(o);
            o = NULL;
        }
        rk_buf_free(&b);
    }
    return o;
}

static const char *encoding_option(enum rk_encoding e)
{
    return e == RK_ENC_DEFAULT ? "default" : rk_encoding_name(e);
}

static json_t *input_entry(const struct checked *c)
{
    json_t *o = json_object();
    if (o && put(o, "path", jstr(c->path)) && put(o, "role", json_string(c->role)) &&
        put(o, "sha256", json_string(c->sha256)) &&
        put(o, "size", json_integer((json_int_t)c->bytes)) &&
        (!c->copy || put(o, "copy", json_string(c->copy))))
        return o;
    json_decref(o);
    return NULL;
}

static bool timestamp_now(char buf[32])
{
    if (rk_report_timestamp(buf))
        return true;
    time_t t = time(NULL);
    struct tm tm;
    return gmtime_r(&t, &tm) && strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) != 0;
}

static json_t *build_info(void)
{
    json_t *b = json_pack("{s:s}", "compiler", RK_COMPILER);
#ifdef RK_BUILD_EPOCH
    time_t t = (time_t)RK_BUILD_EPOCH;
    struct tm tm;
    char date[32];
    if (b && gmtime_r(&t, &tm) && strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm))
        json_object_set_new(b, "date", json_string(date));
#endif
    return b;
}

/* The manifest, or NULL (message set) on failure. */
static json_t *build_manifest(struct evidence *ev)
{
    const struct rk_evidence_options *o = ev->opt;
    const struct rk_check_options *co = &o->run.check;
    const char *ts = ev->ts;
    json_t *m = json_object();
    json_t *used = json_array(), *inputs = json_array(), *files = json_array();
    json_t *verdicts = json_array();
    bool ok = m && used && inputs && files && verdicts;
    /* spec versions used, in spec order */
    for (size_t i = 0; ok && i < ev->specs->nversions; i++) {
        const struct rk_version *v = &ev->specs->versions[i];
        bool seen = false;
        for (size_t j = 0; j < ev->nfiles && !seen; j++)
            seen = ev->files[j].version && ev->files[j].family &&
                   strcmp(ev->files[j].family, v->family) == 0 &&
                   strcmp(ev->files[j].version, v->version) == 0;
        /* LIFE tables imported from MHLW's item list (rk_life_import) name the workbook, and
         * whether they are still as imported or were edited since */
        json_t *source = seen && v->import_file
                             ? json_pack("{s:s,s:s,s:s,s:s}", "kind",
                                         v->import_intact ? "mhlw_item_list" : "edited_tables",
                                         "file", v->import_file, "sha256", v->import_sha256,
                                         "tables_digest", v->import_digest)
                             : NULL;
        /* jansson's "s?"/"o*" turn a failed allocation into null or nothing: put each one */
        json_t *u =
            seen ? json_pack("{s:s,s:s}", "family", v->family, "version", v->version) : NULL;
        if (seen)
            ok = u &&
                 (v->csv_version ? put(u, "csv_version", json_string(v->csv_version))
                                 : put(u, "csv_version", json_null())) &&
                 (!v->import_file || put(u, "source", source));
        else
            json_decref(source);
        if (seen && ok)
            ok = push(used, u);
        else
            json_decref(u);
    }
    for (size_t i = 0; ok && i < ev->nfiles; i++)
        ok = push(inputs, input_entry(&ev->files[i]));
    if (ok && ev->rt_ran)
        for (size_t i = 0; ok && i < ev->nrt; i++)
            ok = push(inputs, input_entry(&ev->rt_files[i]));
    json_t *args = ok ? json_array() : NULL;
    ok = ok && args;
    for (size_t i = 0; ok && i < ev->nargs; i++)
        ok = push(args, jstr(ev->args[i]));
    for (int k = F_JSON; ok && k <= F_HTML; k++)
        ok = push(files, json_pack("{s:s,s:s,s:I}", "name", final_name[k], "sha256", ev->sha[k],
                                   "size", (json_int_t)ev->size[k]));
    json_t *options =
        ok ? json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:b,s:s,s:O}", "encoding",
                       encoding_option(co->encoding), "profile", rk_profile_name(co->profile),
                       "max_findings", (json_int_t)co->max_findings, "max_field_bytes",
                       (json_int_t)co->max_field_bytes, "max_fields", (json_int_t)co->max_fields,
                       "max_quoted_lines", (json_int_t)co->max_quoted_lines, "set_checks",
                       rk_specs_office_profiled(ev->specs, o->office), "direction", "output",
                       "arguments", args)
           : NULL;
    ok = ok && options;
    ok = ok && put(options, "specs_builtin", json_boolean(ev->builtin_specs)) &&
         put(options, "jobs", json_integer((json_int_t)(o->run.jobs ? o->run.jobs : 1))) &&
         put(options, "office", json_string(o->office));
    if (ok && co->family)
        ok = put(options, "family", json_string(co->family));
    if (ok && co->version)
        ok = put(options, "spec_version", json_string(co->version));
    if (ok && co->layout)
        ok = put(options, "layout", json_string(co->layout));
    if (ok && ev->rt_ran) {
        json_t *rt = json_object();
        ok = put(options, "roundtrip", rt) && put(rt, "original", jstr(o->roundtrip_original)) &&
             put(rt, "reexport", jstr(o->roundtrip_reexport)) &&
             (!ev->rt_original_copy ||
              put(rt, "original_copy", json_string(ev->rt_original_copy))) &&
             (!ev->rt_reexport_copy || put(rt, "reexport_copy", json_string(ev->rt_reexport_copy)));
    }
    /* whether verify can re-check the verdicts from the copies, and if not why */
    json_t *rc = ok ? json_object() : NULL;
    ok = ok && put(m, "recheck", rc) &&
         put(rc, "possible", json_boolean(ev->recheck_why == NULL)) &&
         (!ev->recheck_why || put(rc, "why", json_string(ev->recheck_why)));
    const struct rk_run_result *rr = &ev->res->run;
    ok = ok && put(m, "schema", json_string("renkei.evidence")) &&
         put(m, "version", json_integer(1)) && put(m, "vendor", json_string(o->vendor)) &&
         put(m, "product", json_string(o->product)) &&
         put(m, "product_version", json_string(o->product_version)) &&
         put(m, "office_type", json_string(o->office)) &&
         put(m, "tool",
             json_pack("{s:s,s:s,s:o}", "name", "renkei", "version", RK_VERSION, "build",
                       build_info())) &&
         put(m, "specs",
             json_pack("{s:s,s:O}", "sha256", rk_specs_sha256(ev->specs), "used", used)) &&
         put(m, "options", json_incref(options)) && put(m, "timestamp", json_string(ts)) &&
         put(m, "signer",
             json_pack("{s:s,s:s}", "algorithm", "Ed25519", "fingerprint", ev->fingerprint)) &&
         put(m, "inputs", json_incref(inputs)) && put(m, "files", json_incref(files)) &&
         put(m, "summary",
             json_pack("{s:I,s:I,s:I,s:I}", "files", (json_int_t)rr->files, "errors",
                       (json_int_t)rr->count[RK_SEV_ERROR], "warnings",
                       (json_int_t)rr->count[RK_SEV_WARNING], "infos",
                       (json_int_t)rr->count[RK_SEV_INFO])) &&
         push(verdicts, json_incref(ev->verdict[0])) &&
         push(verdicts, json_incref(ev->verdict[1])) && put(m, "verdicts", json_incref(verdicts));
    json_decref(args);
    json_decref(used);
    json_decref(inputs);
    json_decref(files);
    json_decref(options);
    json_decref(verdicts);
    if (!ok) {
        say(ev->res, "メモリが足りないか、ベンダー名・製品名が UTF-8 でない",
            "out of memory, or a vendor/product name that is not UTF-8");
        json_decref(m);
        return NULL;
    }
    return m;
}

/* Whether o is an office type of the tables (a version's offices.tsv); tables that list none
 * (LIFE's alone: requirement ① is then not assessed) take any. */
static bool valid_office(const struct rk_specs *specs, const char *o)
{
    if (!o || rk_office_name_ja(specs, o))
        return o != NULL;
    for (size_t i = 0; specs && i < specs->nversions; i++)
        if (specs->versions[i].noffices)
            return false;
    return true;
}

/* The office types of the tables, "kyotaku|service|...", into b (in the order of the first
 * version that lists each). */
static enum rk_status office_list(const struct rk_specs *specs, struct rk_buf *b)
{
    enum rk_status st = rk_buf_add(b, "", 0);
    for (size_t i = 0; st == RK_OK && specs && i < specs->nversions; i++)
        for (size_t k = 0; st == RK_OK && k < specs->versions[i].noffices; k++) {
            const char *o = specs->versions[i].offices[k].office;
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                seen = rk_version_office(&specs->versions[j], o, strlen(o)) != NULL;
            if (!seen)
                st = rk_buf_printf(b, "%s%s", b->len ? "|" : "", o);
        }
    return st;
}

/* The round trip and the checks into ev->reports (the second may be NULL), then the verdicts:
 * the one assessment behind a bundle and behind verify's re-check of it. label names the
 * office profile's findings (the first argument). */
static const char *mapped(struct rk_map *paths, const char *p);

/* The path a copy was copied from (rk_set_options.order_name over evidence.order_as). */
static const char *order_of(void *ctx, const char *path)
{
    return mapped(ctx, path);
}

static enum rk_status assess(struct evidence *ev, const char *const *paths, size_t n,
                             const char *label)
{
    enum rk_status st = RK_OK;
    if (st == RK_OK && ev->opt->roundtrip_original)
        st = run_roundtrip(ev);

    /* the checks, exactly as `renkei check --office` runs them */
    if (st == RK_OK) {
        /* an office type with no files to exchange (profiles.tsv) has no profile to check */
        bool no_profile = !rk_specs_office_profiled(ev->specs, ev->opt->office);
        struct rk_set_callbacks observe = {
            .profile_begin = observe_profile_begin,
            .profile_end = observe_profile_end,
            .finding = observe_finding,
            .ctx = ev,
        };
        struct rk_run_options ro = ev->opt->run;
        ro.use_set = 1;
        ro.set.office = no_profile ? NULL : ev->opt->office;
        ro.set.direction = "output";
        ro.set.label = label;
        if (ev->order_as) {
            ro.set.order_name = order_of;
            ro.set.order_ctx = ev->order_as;
        }
        ro.on_file = on_file;
        ro.observe_set = &observe;
        ro.ctx = ev;
        st = rk_run_check(ev->specs, &ro, paths, n, ev->reports, ev->reports[1] ? 2 : 1,
                          &ev->res->run);
        if (st != RK_OK)
            say(ev->res, "検査が失敗した: %s", "the checks failed: %s", rk_status_str(st));
        else if (ev->oom)
            st = RK_E_NOMEM;
        for (size_t i = 0; st == RK_OK && i < ev->nfiles; i++)
            if (ev->files[i].unreadable) {
                say(ev->res, "%s: 読めない", "%s: could not be read", ev->files[i].path);
                st = RK_E_IO;
            }
        if (st == RK_OK && !no_profile && !ev->profile_ran) {
            say(ev->res, "事業所種別の必須様式の検査が行われなかった",
                "the office profile check did not run");
            st = RK_E_INTERNAL;
        }
    }
    /* the verdicts go into the HTML summary and into the manifest alike */
    if (st == RK_OK) {
        ev->verdict[0] = verdict_1(ev);
        ev->verdict[1] = verdict_2(ev);
        if (!ev->verdict[0] || !ev->verdict[1]) {
            say(ev->res, "判定を決められない（メモリが足りない）",
                "cannot decide the verdicts (out of memory)");
            st = RK_E_NOMEM;
        }
        for (int i = 0; st == RK_OK && ev->reports[1] && i < 2; i++)
            rk_report_requirement(ev->reports[1],
                                  json_string_value(json_object_get(ev->verdict[i], "requirement")),
                                  json_string_value(json_object_get(ev->verdict[i], "title")),
                                  json_string_value(json_object_get(ev->verdict[i], "status")),
                                  json_string_value(json_object_get(ev->verdict[i], "reason")));
    }
    return st;
}

/* The wording of requirement 4(2) ① and ② as the officer's page shows it: renkei's summary of
 * what it judges (the subsidy's own text is in its 実施要綱 and each prefecture's 交付要綱; see
 * README). */
static const char *const requirement_text[2] = {
    "「ケアプランデータ連携標準仕様」（居宅介護支援事業所と訪問介護などのサービス提供事業所間に"
    "おける情報連携の標準仕様）に準じたCSVファイルを、事業所種別ごとに標準仕様が定める様式で"
    "出力し、取り込めること",
    "科学的介護情報システム（LIFE）の外部インターフェース仕様（項目一覧）に沿ったCSVファイルを"
    "出力できること",
};

/* The spec versions the files claim, by family, and whose tables they are: "ケアプラン 4.1、
 * LIFE 3.10（このビルドに組み込まれた仕様表）". */
static enum rk_status specs_said(const struct evidence *ev, struct rk_buf *b)
{
    enum rk_status st = rk_buf_add(b, "", 0);
    for (size_t i = 0; st == RK_OK && i < ev->specs->nversions; i++) {
        const struct rk_version *v = &ev->specs->versions[i];
        bool seen = false;
        for (size_t j = 0; j < ev->nfiles && !seen; j++)
            seen = ev->files[j].version && ev->files[j].family &&
                   strcmp(ev->files[j].family, v->family) == 0 &&
                   strcmp(ev->files[j].version, v->version) == 0;
        if (seen)
            st = rk_buf_printf(b, "%s%s %s", b->len ? "、" : "", rk_family_of(v)->title_ja,
                               v->version);
    }
    if (st == RK_OK)
        st = rk_buf_printf(b, "%s（%s）", b->len ? "" : "なし",
                           ev->builtin_specs ? "このビルドに組み込まれた仕様表"
                                             : "組み込みでない仕様表（--specs）");
    return st;
}

/* The HTML report's first page (rk_report_cover), each verdict's wording and what was not
 * checked, and the Japanese names of the layouts checked. */
static enum rk_status cover_page(struct evidence *ev)
{
    struct rk_report *html = ev->reports[1];
    const struct rk_evidence_options *o = ev->opt;
    struct rk_buf specs = {0}, nc = {0};
    enum rk_status st = specs_said(ev, &specs);
    const char *recheck =
        !ev->recheck_why ? "できる（検査した入力の写しを inputs/ に同梱。renkei verify が写しから"
                           "判定を再計算し、この判定書と照合する）"
        : strcmp(ev->recheck_why, "inputs-left-out") == 0
            ? "できない（個人情報のため入力の写しを同梱していない: --without-inputs）。判定は"
              "作成時の記録のまま"
            : "できない（往復のファイルの一部を写せなかった）。判定は作成時の記録のまま";
    struct rk_report_cover c = {
        .vendor = o->vendor,
        .product = o->product,
        .product_version = o->product_version,
        .office_type = o->office,
        .timestamp = ev->ts,
        .fingerprint = ev->fingerprint,
        .tool_version = RK_VERSION,
        .specs = specs.data,
        .recheck = recheck,
    };
    if (st == RK_OK)
        rk_report_cover(html, &c);
    for (int i = 0; st == RK_OK && i < 2; i++) {
        json_t *v = ev->verdict[i], *e;
        size_t k;
        nc.len = 0;
        st = rk_buf_add(&nc, "", 0);
        json_array_foreach(json_object_get(v, "not_checked"), k, e)
        {
            if (st == RK_OK)
                st = rk_buf_printf(&nc, "%s%s", nc.len ? "\n" : "",
                                   json_string_value(e) ? json_string_value(e) : "");
        }
        /* the details go with the requirement given i-th (assess gave ① then ②) */
        if (st == RK_OK)
            rk_report_requirement_detail(html, (size_t)i, requirement_text[i], nc.data);
    }
    for (size_t i = 0; st == RK_OK && i < ev->nfiles; i++) {
        const struct checked *f = &ev->files[i];
        const struct rk_version *v =
            f->layout && f->version ? rk_specs_find(ev->specs, f->family, f->version) : NULL;
        const struct rk_layout *l = v ? rk_version_layout(v, f->layout) : NULL;
        if (l)
            rk_report_layout_name(html, l->id, l->name);
    }
    rk_buf_free(&specs);
    rk_buf_free(&nc);
    return st;
}

/* Creates out_dir, or accepts an existing empty directory. */
static enum rk_status prepare_dir(struct evidence *ev, const char *out_dir)
{
    if (rk_os_mkdir(out_dir, 0755) == 0) {
        ev->created_dir = true;
    } else if (errno != EEXIST) {
        say(ev->res, "%s: 作れない: %s", "%s: cannot create: %s", out_dir, strerror(errno));
        return RK_E_IO;
    }
    ev->dfd = rk_os_open(out_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (ev->dfd < 0) {
        say(ev->res, "%s: %s", "%s: %s", out_dir,
            errno == ENOTDIR || errno == ELOOP ? "exists and is not a directory" : strerror(errno));
        return RK_E_IO;
    }
    if (ev->created_dir)
        return RK_OK;
    struct rk_os_dir *d = rk_os_dir_openat(ev->dfd);
    if (!d) {
        say(ev->res, "%s: %s", "%s: %s", out_dir, strerror(errno));
        return RK_E_IO;
    }
    const char *e;
    bool empty = true;
    while (empty && (e = rk_os_dir_next(d)) != NULL)
        empty = strcmp(e, ".") == 0 || strcmp(e, "..") == 0;
    rk_os_dir_close(d);
    if (!empty) {
        say(ev->res, "%s: 既にあり空でない（証拠一式は新しいディレクトリに書く）",
            "%s: exists and is not empty (a bundle goes into a new directory)", out_dir);
        return RK_E_IO;
    }
    return RK_OK;
}

/* Removes whatever this call wrote (and the directory when it made it). */
static void clean_up(struct evidence *ev, const char *out_dir)
{
    int saved = errno;
    for (int k = 0; k < F_COUNT && ev->dfd >= 0; k++) {
        if (ev->tmp_made[k])
            rk_os_unlinkat(ev->dfd, tmp_name[k]);
        if (ev->final_made[k])
            rk_os_unlinkat(ev->dfd, final_name[k]);
    }
    if (ev->dfd >= 0 && ev->copies_made)
        remove_tree(ev->dfd, COPY_TMP, 0);
    if (ev->dfd >= 0 && ev->copies_final)
        remove_tree(ev->dfd, COPY_DIR, 0);
    if (ev->created_dir)
        rk_os_rmdir(out_dir);
    errno = saved;
}

enum rk_status rk_evidence_write(const struct rk_specs *specs,
                                 const struct rk_evidence_options *opt, const char *const *inputs,
                                 size_t ninputs, const char *out_dir,
                                 struct rk_evidence_result *res)
{
    memset(res, 0, sizeof *res);
    res->verdict_1 = res->verdict_2 = "not assessed";
    if (!opt || !opt->vendor || !*opt->vendor || !opt->product || !*opt->product ||
        !opt->product_version || !*opt->product_version) {
        say(res, "ベンダー、製品とそのバージョンが必要",
            "the vendor, the product and its version are required");
        return RK_E_ARG;
    }
    if (!valid_office(specs, opt->office)) {
        struct rk_buf known = {0};
        if (office_list(specs, &known) != RK_OK)
            say(res, "メモリが足りない", "out of memory");
        else
            say(res, "事業所種別 '%s' は知らない（%s）", "unknown office type '%s' (%s)",
                opt->office ? opt->office : "", known.data);
        rk_buf_free(&known);
        return RK_E_ARG;
    }
    if (!opt->key_path || !out_dir || ninputs == 0) {
        say(res, "秘密鍵、書き出し先のディレクトリと 1 つ以上の入力が必要",
            "a private key, an output directory and at least one input are required");
        return RK_E_ARG;
    }
    if (!opt->roundtrip_original != !opt->roundtrip_reexport) {
        say(res, "往復には ORIGINAL と REEXPORT の両方が必要",
            "a round trip needs both ORIGINAL and REEXPORT");
        return RK_E_ARG;
    }
    json_set_alloc_funcs(rk_malloc, rk_free);

    /* the key first: nothing is written with a key that cannot sign */
    struct rk_buf key = {0}, pub = {0};
    enum rk_status st = RK_OK;
    int kfd = rk_os_open(opt->key_path, O_RDONLY | O_CLOEXEC);
    if (kfd < 0 || read_fd(kfd, KEY_MAX_BYTES, &key) != RK_OK) {
        say(res, "%s: 秘密鍵を読めない: %s", "%s: cannot read the private key: %s", opt->key_path,
            strerror(errno));
        st = RK_E_IO;
    }
    if (kfd >= 0)
        rk_os_close(kfd);
    unsigned char sig[64];
    if (st == RK_OK && key.len == 0) {
        say(res, "%s: 鍵ファイルが空", "%s: empty key file", opt->key_path);
        st = RK_E_ARG;
    }
    if (st == RK_OK) {
        st = rk_ed25519_sign(key.data, key.len, "", 0, sig, &pub);
        if (st == RK_E_ARG)
            say(res, "%s: PEM の Ed25519 秘密鍵でない（'renkei keygen' で作る）",
                "%s: not an Ed25519 private key in PEM (make one with 'renkei keygen')",
                opt->key_path);
        else if (st != RK_OK)
            say(res, "%s: この鍵で署名できない: %s", "%s: cannot sign with this key: %s",
                opt->key_path, rk_status_str(st));
    }
    if (st == RK_OK) {
        st = rk_ed25519_fingerprint(key.data, key.len, true, res->fingerprint);
        if (st == RK_E_ARG)
            say(res, "%s: 鍵が 2 つ以上ある（鍵ファイルには鍵ちょうど 1 つ）",
                "%s: holds more than one key (a key file holds exactly one)", opt->key_path);
        else if (st != RK_OK)
            say(res, "%s: %s", "%s: %s", opt->key_path, rk_status_str(st));
    }
    if (st != RK_OK) {
        rk_secure_zero(key.data, key.cap);
        rk_buf_free(&key);
        rk_buf_free(&pub);
        return st;
    }

    struct evidence ev = {.specs = specs, .opt = opt, .res = res, .dfd = -1};
    memcpy(ev.fingerprint, res->fingerprint, sizeof ev.fingerprint);
    /* the verdicts are the standard's only with this build's tables: the same bytes */
    struct rk_specs *builtin = NULL;
    const char *ours = rk_specs_sha256(specs), *theirs = NULL;
    if (!ours)
        st = RK_E_NOMEM;
    else if (rk_specs_load_builtin(&builtin, NULL, NULL) == RK_OK) {
        if (!(theirs = rk_specs_sha256(builtin)))
            st = RK_E_NOMEM;
        else
            ev.builtin_specs = strcmp(theirs, ours) == 0;
    }
    rk_specs_free(builtin);
    struct rk_paths paths = {.specs = specs};
    FILE *fp[2] = {NULL, NULL};
    json_t *manifest = NULL;
    char *text = NULL;
    ev.args = inputs;
    ev.nargs = ninputs;
    for (size_t i = 0; st == RK_OK && i < ninputs; i++)
        st = rk_paths_add(&paths, inputs[i]);
    if (st == RK_OK)
        st = prepare_dir(&ev, out_dir);
    for (int k = 0; st == RK_OK && k < 2; k++) {
        fp[k] = open_tmp(&ev, k == 0 ? F_JSON : F_HTML);
        if (!fp[k]) {
            say(res, "%s/%s: %s", "%s/%s: %s", out_dir, final_name[k], strerror(errno));
            st = RK_E_IO;
        }
    }
    for (int k = 0; st == RK_OK && k < 2; k++)
        st = rk_report_new(&ev.reports[k], k == 0 ? RK_REPORT_JSON : RK_REPORT_HTML, RK_LANG_JA,
                           fp[k]);
    if (st == RK_OK && !timestamp_now(ev.ts)) {
        say(res, "時刻を読めない", "cannot read the clock");
        st = RK_E_IO;
    }
    if (st == RK_OK)
        st = assess(&ev, (const char *const *)paths.v, paths.n, inputs[0]);
    /* the copies of the inputs, for verify to re-check the verdicts */
    if (st == RK_OK)
        st = write_copies(&ev, out_dir);
    /* the officer's first page: what the verdicts are about */
    if (st == RK_OK)
        st = cover_page(&ev);
    for (int k = 0; k < 2; k++) {
        if (ev.reports[k])
            rk_report_skipped(ev.reports[k], &paths);
        enum rk_status fs = ev.reports[k] ? rk_report_finish(ev.reports[k]) : RK_OK;
        rk_report_free(ev.reports[k]);
        bool closed = fp[k] ? close_stream(fp[k]) : true;
        int e = errno;
        if (st == RK_OK && (fs != RK_OK || !closed)) {
            say(res, "%s/%s: 書き込みに失敗した: %s", "%s/%s: write failed: %s", out_dir,
                final_name[k],
                fs == RK_E_NOMEM ? "out of memory"
                : !closed        ? strerror(e)
                                 : "write error");
            st = fs != RK_OK ? fs : RK_E_IO;
        }
    }
    if (st == RK_OK)
        st = hash_tmp(&ev, F_JSON, out_dir);
    if (st == RK_OK)
        st = hash_tmp(&ev, F_HTML, out_dir);

    /* the manifest, canonical, then signed */
    if (st == RK_OK) {
        manifest = build_manifest(&ev);
        text = manifest ? json_dumps(manifest, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
        /* jansson's sorted-key dump ignores a failed write of a key (seen when an allocation
         * fails), so read the text back before signing it */
        json_t *back = text ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
        if (!back || !json_equal(back, manifest)) {
            rk_free(text);
            text = NULL;
        }
        json_decref(back);
        if (!text) {
            say(res, "マニフェストを作れない（メモリが足りない）",
                "cannot build the manifest (out of memory)");
            st = RK_E_NOMEM;
        }
    }
    struct rk_buf body = {0};
    char sighex[SIG_HEX + 2];
    if (st == RK_OK) {
        st = rk_buf_printf(&body, "%s\n", text);
        if (st == RK_OK)
            st = rk_ed25519_sign(key.data, key.len, body.data, body.len, sig, NULL);
        static const char digits[] = "0123456789abcdef";
        for (int i = 0; i < 64; i++) {
            sighex[2 * i] = digits[sig[i] >> 4];
            sighex[2 * i + 1] = digits[sig[i] & 15];
        }
        sighex[SIG_HEX] = '\n';
        sighex[SIG_HEX + 1] = '\0';
    }
    if (st == RK_OK)
        st = write_tmp(&ev, F_MANIFEST, body.data, body.len, out_dir);
    if (st == RK_OK)
        st = write_tmp(&ev, F_PUB, pub.data, pub.len, out_dir);
    if (st == RK_OK)
        st = write_tmp(&ev, F_SIG, sighex, SIG_HEX + 1, out_dir);
    /* into place, the signature last */
    if (st == RK_OK && ev.copies_made) {
        if (rk_os_renameat(ev.dfd, COPY_TMP, COPY_DIR) != 0) {
            say(res, "%s/%s: 置き場所へ名前を変えられない: %s",
                "%s/%s: cannot rename into place: %s", out_dir, COPY_DIR, strerror(errno));
            st = RK_E_IO;
        } else {
            ev.copies_made = false;
            ev.copies_final = true;
        }
    }
    for (int k = 0; st == RK_OK && k < F_COUNT; k++) {
        if (rk_os_renameat(ev.dfd, tmp_name[k], final_name[k]) != 0) {
            say(res, "%s/%s: 置き場所へ名前を変えられない: %s",
                "%s/%s: cannot rename into place: %s", out_dir, final_name[k], strerror(errno));
            st = RK_E_IO;
        } else {
            ev.tmp_made[k] = false;
            ev.final_made[k] = true;
        }
    }
    if (st == RK_OK && rk_os_fsync(ev.dfd) != 0) {
        say(res, "%s: %s", "%s: %s", out_dir, strerror(errno));
        st = RK_E_IO;
    }
    if (st != RK_OK) {
        if (!res->message[0])
            say(res, "%s", "%s", rk_status_str(st));
        clean_up(&ev, out_dir);
    }
    if (ev.dfd >= 0)
        rk_os_close(ev.dfd);
    rk_buf_free(&body);
    rk_free(text); /* json_dumps allocates with the functions given to jansson */
    json_decref(manifest);
    evidence_free(&ev);
    rk_paths_free(&paths);
    rk_secure_zero(key.data, key.cap);
    rk_buf_free(&key);
    rk_buf_free(&pub);
    return st;
}

/* ---- verifying a bundle ---- */

struct verify {
    int dfd;
    size_t listcap;
    const char *dir;
    rk_sink_fn sink;
    void *ctx;
    struct rk_verify_result *res;
    struct rk_emitter em;   /* every problem goes through rk_emit, as every finding does */
    size_t copies;          /* copies of inputs the manifest lists */
    bool oom;               /* a problem could not be kept */
    struct rk_specs *specs; /* this build's tables (verify_specs), or NULL */
    bool specs_tried;
};

/* This build's tables, loaded on first use (NULL when they cannot be). */
static const struct rk_specs *verify_specs(struct verify *vf)
{
    if (!vf->specs_tried && rk_specs_load_builtin(&vf->specs, NULL, NULL) != RK_OK) {
        rk_specs_free(vf->specs);
        vf->specs = NULL;
    }
    vf->specs_tried = true;
    return vf->specs;
}

bool rk_verify_keep(struct rk_verify_result *res, size_t *cap, const struct rk_finding *f)
{
    char ja[1024], en[1024];
    rk_finding_message(f, RK_LANG_JA, ja, sizeof ja);
    rk_finding_message(f, RK_LANG_EN, en, sizeof en);
    char *path = f->path ? rk_strdup(f->path) : NULL;
    char *message_ja = rk_strdup(ja), *message_en = rk_strdup(en);
    if ((f->path && !path) || !message_ja || !message_en ||
        !rk_grow(&res->list, cap, res->nlist + 1, sizeof *res->list)) {
        rk_free(path);
        rk_free(message_ja);
        rk_free(message_en);
        return false;
    }
    res->list[res->nlist++] = (struct rk_verify_problem){
        .rule = f->rule->id, .path = path, .message_ja = message_ja, .message_en = message_en};
    return true;
}

/* What rk_emit hands on: kept in res and given to the caller's sink. */
static void collect(void *ctx, const struct rk_finding *f)
{
    struct verify *vf = ctx;
    if (!rk_verify_keep(vf->res, &vf->listcap, f))
        vf->oom = true;
    if (vf->sink)
        vf->sink(vf->ctx, f);
}

/* The one way verify tells a problem: a finding of an EVD rule on DIR/name. */
static void problem(struct verify *vf, enum rk_rule_id rule, const char *name, const char *expected,
                    const char *actual, const char *detail)
{
    char shown[1024], path[1536];
    rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)name, strlen(name), shown,
                        sizeof shown);
    snprintf(path, sizeof path, "%s/%s", vf->dir, shown);
    struct rk_finding f = {.rule = rk_rule_get(rule),
                           .path = path,
                           .expected = expected,
                           .actual = actual,
                           .detail = detail};
    rk_emit(&vf->em, &f);
    vf->res->problems = (size_t)vf->em.count[RK_SEV_ERROR];
}

/* Copies a string of the manifest into a fixed field, cut on a UTF-8 character boundary. */
static void copy_field(char *dst, size_t n, const char *src)
{
    size_t len = src ? strlen(src) : 0;
    if (len >= n) {
        len = n - 1;
        while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
            len--;
    }
    if (len)
        memcpy(dst, src, len);
    dst[len] = '\0';
}

static const char *jget(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* What a verified manifest says, into res (the office type named by this build's tables). */
static void describe(struct verify *vf, json_t *m)
{
    struct rk_verify_result *res = vf->res;
    copy_field(res->vendor, sizeof res->vendor, jget(m, "vendor"));
    copy_field(res->product, sizeof res->product, jget(m, "product"));
    copy_field(res->product_version, sizeof res->product_version, jget(m, "product_version"));
    const char *office = jget(m, "office_type");
    copy_field(res->office_type, sizeof res->office_type, office);
    const struct rk_specs *tables = office ? verify_specs(vf) : NULL;
    if (valid_office(tables, office))
        copy_field(res->office_type_ja, sizeof res->office_type_ja, office_name_ja(tables, office));
    copy_field(res->timestamp, sizeof res->timestamp, jget(m, "timestamp"));
    copy_field(res->tool_version, sizeof res->tool_version,
               jget(json_object_get(m, "tool"), "version"));
    json_t *specs = json_object_get(m, "specs");
    copy_field(res->specs_sha256, sizeof res->specs_sha256, jget(specs, "sha256"));
    res->specs_builtin =
        json_is_true(json_object_get(json_object_get(m, "options"), "specs_builtin"));
    size_t i;
    json_t *u;
    size_t at = 0;
    json_array_foreach(json_object_get(specs, "used"), i, u)
    {
        int n = snprintf(res->specs_used + at, sizeof res->specs_used - at, "%s%s %s",
                         at ? ", " : "", jget(u, "family") ? jget(u, "family") : "?",
                         jget(u, "version") ? jget(u, "version") : "?");
        if (n < 0 || (size_t)n >= sizeof res->specs_used - at)
            break;
        at += (size_t)n;
    }
    json_t *v;
    json_array_foreach(json_object_get(m, "verdicts"), i, v)
    {
        if (i >= 2)
            break;
        copy_field(res->verdicts[i].requirement, sizeof res->verdicts[i].requirement,
                   jget(v, "requirement"));
        copy_field(res->verdicts[i].status, sizeof res->verdicts[i].status, jget(v, "status"));
        const char *st = jget(v, "status");
        copy_field(res->verdicts[i].status_ja, sizeof res->verdicts[i].status_ja,
                   st ? status_ja(st) : NULL);
        copy_field(res->verdicts[i].reason, sizeof res->verdicts[i].reason, jget(v, "reason"));
    }
}

void rk_verify_result_free(struct rk_verify_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->nlist; i++) {
        rk_free(res->list[i].path);
        rk_free(res->list[i].message_ja);
        rk_free(res->list[i].message_en);
    }
    rk_free(res->list);
    res->list = NULL;
    res->nlist = 0;
}

enum rk_status rk_verify_write_json(FILE *fp, const struct rk_verify_result *res, enum rk_lang lang)
{
    json_set_alloc_funcs(rk_malloc, rk_free);
    json_t *o = json_object(), *verdicts = json_array(), *problems = json_array();
    bool ok = o && verdicts && problems;
    for (int i = 0; ok && i < 2; i++)
        if (res->verdicts[i].status[0])
            ok = push(verdicts,
                      json_pack("{s:s,s:s,s:s,s:s}", "requirement", res->verdicts[i].requirement,
                                "status", res->verdicts[i].status, "status_ja",
                                res->verdicts[i].status_ja, "reason", res->verdicts[i].reason));
    for (size_t i = 0; ok && i < res->nlist; i++) {
        const struct rk_verify_problem *p = &res->list[i];
        const char *msg = lang == RK_LANG_EN ? p->message_en : p->message_ja;
        ok = push(problems, json_pack("{s:s,s:o,s:s}", "rule", p->rule, "path", jstr(p->path),
                                      "message", msg ? msg : ""));
    }
    ok = ok && put(o, "schema", json_string("renkei.verify")) &&
         put(o, "version", json_integer(1)) && put(o, "valid", json_boolean(res->valid)) &&
         put(o, "rechecked", json_boolean(res->rechecked)) &&
         (res->rechecked || put(o, "recheck_why", json_string(res->recheck_why))) &&
         put(o, "signer_confirmed", json_boolean(res->signer_confirmed)) &&
         put(o, "fingerprint", json_string(res->fingerprint)) &&
         put(o, "vendor", json_string(res->vendor)) &&
         put(o, "product", json_string(res->product)) &&
         put(o, "product_version", json_string(res->product_version)) &&
         put(o, "office_type", json_string(res->office_type)) &&
         put(o, "office_type_ja", json_string(res->office_type_ja)) &&
         put(o, "timestamp", json_string(res->timestamp)) &&
         put(o, "tool_version", json_string(res->tool_version)) &&
         put(o, "specs",
             json_pack("{s:s,s:s,s:b}", "used", res->specs_used, "sha256", res->specs_sha256,
                       "builtin", res->specs_builtin)) &&
         put(o, "files", json_integer((json_int_t)res->files)) &&
         put(o, "copies", json_integer((json_int_t)res->copies)) &&
         put(o, "verdicts", json_incref(verdicts)) && put(o, "problems", json_incref(problems));
    int rc = ok ? json_dumpf(o, fp, JSON_SORT_KEYS | JSON_INDENT(2)) : -1;
    json_decref(o);
    json_decref(verdicts);
    json_decref(problems);
    if (!ok)
        return RK_E_NOMEM;
    return rc == 0 && fputc('\n', fp) != EOF ? RK_OK : RK_E_IO;
}

/* Opens name inside the bundle, never through a link, never blocking on a FIFO; false
 * (problem told) when it cannot. size receives the file's size. */
static bool open_in_bundle(struct verify *vf, const char *name, int *fd, uint64_t *size)
{
    /* a copy of an input ("inputs/checked/1/NAME.CSV"): each folder opened without following
       a link */
    int at = vf->dfd;
    const char *leaf = name;
    for (const char *slash; (slash = strchr(leaf, '/')) != NULL; leaf = slash + 1) {
        char part[256];
        size_t n = (size_t)(slash - leaf);
        int nfd = -1;
        errno = ENOENT;
        if (n > 0 && n < sizeof part) {
            memcpy(part, leaf, n);
            part[n] = '\0';
            nfd = rk_os_openat(at, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
        int saved = errno;
        if (at != vf->dfd)
            rk_os_close(at);
        errno = saved;
        if (nfd < 0) {
            if (errno == ENOENT)
                problem(vf, RK_RULE_EVD_001, name, NULL, NULL, NULL);
            else if (errno == ELOOP || errno == ENOTDIR)
                problem(vf, RK_RULE_EVD_002, name, NULL,
                        errno == ELOOP ? "symlink" : "not a directory", NULL);
            else
                problem(vf, RK_RULE_EVD_003, name, NULL, NULL, strerror(errno));
            *fd = -1;
            return false;
        }
        at = nfd;
    }
    *fd = rk_os_openat(at, leaf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (at != vf->dfd) {
        int saved = errno;
        rk_os_close(at);
        errno = saved;
    }
    if (*fd < 0) {
        if (errno == ENOENT)
            problem(vf, RK_RULE_EVD_001, name, NULL, NULL, NULL);
        else if (errno == ELOOP || errno == EISDIR) /* EISDIR: a directory, on Windows */
            problem(vf, RK_RULE_EVD_002, name, NULL, errno == ELOOP ? "symlink" : "directory",
                    NULL);
        else
            problem(vf, RK_RULE_EVD_003, name, NULL, NULL, strerror(errno));
        return false;
    }
    struct rk_os_stat sb;
    if (rk_os_fstat(*fd, &sb) != 0 || !sb.is_reg) {
        problem(vf, RK_RULE_EVD_002, name, NULL, sb.is_dir ? "directory" : "special file", NULL);
        rk_os_close(*fd);
        *fd = -1;
        return false;
    }
    if (size)
        *size = (uint64_t)sb.size;
    return true;
}

static bool read_in_bundle(struct verify *vf, const char *name, size_t max, struct rk_buf *b)
{
    int fd;
    uint64_t size = 0;
    if (!open_in_bundle(vf, name, &fd, &size))
        return false;
    enum rk_status st = size > max ? RK_E_LIMIT : read_fd(fd, max, b);
    rk_os_close(fd);
    if (st != RK_OK) {
        char limit[64];
        snprintf(limit, sizeof limit, "<= %zu bytes", max);
        problem(vf, RK_RULE_EVD_003, name, st == RK_E_LIMIT ? limit : NULL, NULL,
                st == RK_E_LIMIT ? NULL : strerror(errno));
    }
    return st == RK_OK;
}

/* A name a manifest may list: one plain file name in the bundle directory. */
static bool safe_name(const char *name, size_t len)
{
    if (len == 0 || len != strlen(name) || len > 255)
        return false; /* empty, an embedded NUL, or too long */
    if (name[0] == '/' || strchr(name, '/') || strchr(name, '\\') || strstr(name, ".."))
        return false;
    return strcmp(name, ".") != 0;
}

static bool is_meta(const char *name)
{
    return strcmp(name, "manifest.json") == 0 || strcmp(name, "manifest.sig") == 0 ||
           strcmp(name, "pubkey.pem") == 0;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Checks that the bundle's file name has the size jsize and the SHA-256 want (sizes first). */
static void check_content(struct verify *vf, const char *name, const char *want, json_t *jsize)
{
    int fd;
    uint64_t size = 0;
    if (!open_in_bundle(vf, name, &fd, &size))
        return;
    char a[32], b[32];
    if (json_integer_value(jsize) < 0 || size != (uint64_t)json_integer_value(jsize)) {
        rk_os_close(fd);
        snprintf(a, sizeof a, "%lld", (long long)json_integer_value(jsize));
        snprintf(b, sizeof b, "%llu", (unsigned long long)size);
        problem(vf, RK_RULE_EVD_011, name, a, b, NULL);
        return;
    }
    char hex[65];
    uint64_t got = 0;
    enum rk_status st = hash_fd(fd, hex, &got);
    rk_os_close(fd);
    if (st != RK_OK)
        problem(vf, RK_RULE_EVD_003, name, NULL, NULL, strerror(errno));
    else if (got != size || strcmp(hex, want) != 0)
        problem(vf, RK_RULE_EVD_012, name, want, hex, NULL);
}

/* A copy's name as a manifest may list it: inputs/..., plain components only. */
static bool safe_copy_name(const char *name, size_t len)
{
    if (len != strlen(name) || len > 4096 || strncmp(name, COPY_DIR "/", strlen(COPY_DIR) + 1) != 0)
        return false;
    int depth = 0;
    for (const char *s = name; *s; depth++) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        bool odd = false; /* a character no name on Windows may hold */
        for (size_t k = 0; k < n && !odd; k++)
            odd = (unsigned char)s[k] < 0x20 || strchr(NOT_PORTABLE, s[k]);
        if (n == 0 || n > 255 || s[0] == '.' || odd || s[n - 1] == ' ' || s[n - 1] == '.' ||
            device_name(s, n) || depth > COPY_MAX_DEPTH + 4)
            return false;
        s += n + (e ? 1 : 0);
        if (e && !*s)
            return false; /* a trailing '/' */
    }
    return true;
}

/* What the manifest lists: its files (the bundle's own, under "files") or the copies of the
 * inputs (under "inputs", an entry with a "copy"). */
struct listing {
    const char *array, *key, *fields; /* the array, its entries' name key, what each must hold */
    bool copies;
};
static const struct listing FILES_LISTED = {"files", "name", "name, sha256, size", false};
static const struct listing COPIES_LISTED = {"inputs", "copy", "copy, sha256, size", true};

/* Checks every entry of one listing (sizes first, then hashes): a safe name, listed once, the
 * size and SHA-256 the manifest records. seen receives the names (a hash map: linear in the
 * manifest); for a copy, with the SHA-256 (an input checked twice, given as itself and in its
 * folder, is one copy listed twice, with one hash). */
static void check_listed(struct verify *vf, json_t *manifest, const struct listing *l,
                         struct rk_map *seen)
{
    json_t *arr = json_object_get(manifest, l->array);
    if (!json_is_array(arr)) {
        problem(vf, RK_RULE_EVD_008, "manifest.json", l->array, NULL, NULL);
        return;
    }
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e)
    {
        json_t *jn = json_object_get(e, l->key);
        if (!jn && l->copies)
            continue; /* an input without a copy (--without-inputs) */
        const char *name = json_string_value(jn);
        const char *want = json_string_value(json_object_get(e, "sha256"));
        json_t *jsize = json_object_get(e, "size");
        if (!name || !want || !json_is_integer(jsize)) {
            char d[64];
            snprintf(d, sizeof d, "%s[%zu]", l->array, i);
            problem(vf, RK_RULE_EVD_008, "manifest.json", l->fields, NULL, d);
            continue;
        }
        if (l->copies) {
            vf->copies++;
            vf->res->copies++;
        } else {
            vf->res->files++;
        }
        size_t len = json_string_length(jn);
        if (l->copies ? !safe_copy_name(name, len) : !safe_name(name, len)) {
            problem(vf, RK_RULE_EVD_009, name, NULL, NULL, NULL);
            continue;
        }
        if (!l->copies && is_meta(name)) {
            problem(vf, RK_RULE_EVD_010, name, NULL, NULL, NULL);
            continue;
        }
        bool created = false;
        char *sha = rk_map_get(seen, name, strlen(name), true, &created);
        if (!sha) {
            problem(vf, RK_RULE_EVD_003, ".", NULL, NULL, "out of memory");
            return;
        }
        if (!created) {
            if (!l->copies || strncmp(sha, want, 64) != 0)
                problem(vf, RK_RULE_EVD_010, name, NULL, NULL, NULL);
            continue;
        }
        if (l->copies)
            snprintf(sha, 65, "%.64s", want);
        check_content(vf, name, want, jsize);
    }
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

#define ENTRIES_MAX (1u << 20) /* entries of a bundle's directory tree verify reads at most */

/* The names in the directory of descriptor fd, sorted; false (problem told) on failure. */
static bool dir_names(struct verify *vf, int fd, const char *shown, struct rk_paths *names)
{
    struct rk_os_dir *d = rk_os_dir_openat(fd);
    if (!d) {
        problem(vf, RK_RULE_EVD_003, shown, NULL, NULL, strerror(errno));
        return false;
    }
    const char *e;
    bool ok = true;
    while (ok && (e = rk_os_dir_next(d)) != NULL)
        ok = names->n < ENTRIES_MAX && list_add(names, e);
    rk_os_dir_close(d);
    if (!ok)
        problem(vf, RK_RULE_EVD_003, shown, NULL, NULL,
                names->n >= ENTRIES_MAX ? "too many entries" : "out of memory");
    if (names->n > 1)
        qsort(names->v, names->n, sizeof *names->v, cmp_name);
    return ok;
}

/* Every entry under inputs/ (at dirfd, named prefix; closed here) must be a folder or a listed
 * copy. */
static void check_copy_dir(struct verify *vf, int dirfd, const char *prefix, int depth,
                           struct rk_map *copies, size_t *seen)
{
    struct rk_paths names = {0};
    if (!dir_names(vf, dirfd, prefix, &names)) {
        rk_paths_free(&names);
        rk_os_close(dirfd);
        return;
    }
    struct rk_buf path = {0};
    for (size_t i = 0; i < names.n; i++) {
        if (++*seen > ENTRIES_MAX) {
            problem(vf, RK_RULE_EVD_003, prefix, NULL, NULL, "too many entries");
            break;
        }
        path.len = 0;
        if (rk_buf_printf(&path, "%s/%s", prefix, names.v[i]) != RK_OK) {
            problem(vf, RK_RULE_EVD_003, prefix, NULL, NULL, "out of memory");
            break;
        }
        struct rk_os_stat sb = {0};
        int fd = -1;
        if (rk_os_lstatat(dirfd, names.v[i], &sb) == 0 && sb.is_dir && depth < COPY_MAX_DEPTH + 4)
            fd = rk_os_openat(dirfd, names.v[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0)
            check_copy_dir(vf, fd, path.data, depth + 1, copies, seen);
        else if (!rk_map_get(copies, path.data, path.len, false, NULL))
            problem(vf, RK_RULE_EVD_013, path.data, NULL, sb.is_link ? "symlink" : NULL, NULL);
    }
    rk_buf_free(&path);
    rk_paths_free(&names);
    rk_os_close(dirfd);
}

/* Every entry of the directory must be a bundle file or listed (told in name order), and
 * every file under inputs/ a listed copy. have_list: the manifest's list was read (else only
 * links among the bundle files are told). */
static void check_entries(struct verify *vf, struct rk_map *listed, struct rk_map *copies,
                          bool have_list)
{
    struct rk_paths names = {0};
    if (!dir_names(vf, vf->dfd, ".", &names)) {
        rk_paths_free(&names);
        return;
    }
    size_t seen = names.n;
    for (size_t i = 0; i < names.n; i++) {
        const char *name = names.v[i];
        bool known = is_meta(name) || rk_map_get(listed, name, strlen(name), false, NULL);
        struct rk_os_stat sb = {0};
        bool link = rk_os_lstatat(vf->dfd, name, &sb) == 0 && sb.is_link;
        if (!known && have_list && strcmp(name, COPY_DIR) == 0 && !link && sb.is_dir) {
            int fd = rk_os_openat(vf->dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd >= 0) {
                check_copy_dir(vf, fd, COPY_DIR, 0, copies, &seen);
                continue;
            }
        }
        if (!known && have_list)
            problem(vf, RK_RULE_EVD_013, name, NULL, link ? "symlink" : NULL, NULL);
    }
    rk_paths_free(&names);
}

/* Reads the one public key of a key file (never through a link, never a FIFO); its PEM into
 * pem and its fingerprint into fp. RK_E_IO: cannot be read; RK_E_ARG: not exactly one Ed25519
 * public key. */
static enum rk_status read_pubkey_at(int dirfd, const char *path, struct rk_buf *pem,
                                     char fp[RK_FINGERPRINT_SIZE])
{
    fp[0] = '\0';
    int fd = rk_os_openat(dirfd, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return RK_E_IO;
    struct rk_os_stat sb;
    enum rk_status st = rk_os_fstat(fd, &sb) != 0 || !sb.is_reg ? RK_E_IO
                        : (uint64_t)sb.size > KEY_MAX_BYTES     ? RK_E_ARG
                                                                : read_fd(fd, KEY_MAX_BYTES, pem);
    rk_os_close(fd);
    if (st == RK_E_LIMIT)
        st = RK_E_ARG;
    if (st == RK_OK)
        st = rk_ed25519_fingerprint(pem->data ? pem->data : "", pem->len, false, fp);
    return st;
}

enum rk_status rk_key_fingerprint(const char *pubkey_path, char out[RK_FINGERPRINT_SIZE])
{
    struct rk_buf pem = {0};
    enum rk_status st = read_pubkey_at(AT_FDCWD, pubkey_path, &pem, out);
    rk_buf_free(&pem);
    return st;
}

/* The signer's fingerprint as the manifest records it, or NULL. */
static const char *manifest_signer(json_t *manifest)
{
    const char *fp =
        json_string_value(json_object_get(json_object_get(manifest, "signer"), "fingerprint"));
    return fp && strlen(fp) == RK_FINGERPRINT_SIZE - 1 ? fp : NULL;
}

/* ---- re-checking a bundle's verdicts from its copies ---- */

#define REPORT_MAX_BYTES (64u * 1024u * 1024u) /* report.json verify compares at most */

/* Frees what an assessment holds (not the reports, not ev itself). */
static void evidence_free(struct evidence *ev)
{
    json_decref(ev->verdict[0]);
    json_decref(ev->verdict[1]);
    for (size_t i = 0; i < ev->nfiles; i++) {
        rk_free(ev->files[i].path);
        rk_free(ev->files[i].copy);
    }
    rk_free(ev->files);
    rk_buf_free(&ev->missing);
    for (size_t i = 0; i < ev->nrt; i++) {
        rk_free(ev->rt_files[i].path);
        rk_free(ev->rt_files[i].copy);
    }
    rk_free(ev->rt_files);
    rk_paths_free(&ev->unpaired);
    rk_buf_free(&ev->unpaired_side);
    rk_free(ev->rt_original_copy);
    rk_free(ev->rt_reexport_copy);
}

/* A path as the JSON report shows it (report_json.c's jstr): invalid bytes as \xNN. */
static char *shown_path(const char *a, const char *b)
{
    struct rk_buf raw = {0};
    if (rk_buf_printf(&raw, "%s/%s", a, b) != RK_OK)
        return NULL;
    size_t n = raw.len * 4 + 1;
    char *out = rk_malloc(n);
    if (out)
        rk_encoding_display(RK_ENC_UTF8, (const unsigned char *)raw.data, raw.len, out, n);
    rk_buf_free(&raw);
    return out;
}

/* copy -> original, both as the report shows them (original borrowed from the manifest). */
static bool map_path(struct rk_map *m, const char *dir, const char *copy, const char *original)
{
    char *key = shown_path(dir, copy);
    const char **v = key && original ? rk_map_get(m, key, strlen(key), true, NULL) : NULL;
    if (v)
        *v = original;
    rk_free(key);
    return v != NULL;
}

static const char *mapped(struct rk_map *paths, const char *p)
{
    const char **v = paths && p ? rk_map_get(paths, p, strlen(p), false, NULL) : NULL;
    return v ? *v : p;
}

static bool tally(struct rk_map *m, struct rk_buf *key)
{
    uint64_t *c = key->data ? rk_map_get(m, key->data, key->len, true, NULL) : NULL;
    if (c)
        (*c)++;
    return c != NULL;
}

static long long jint(json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

/* Tallies findings (rule, file, line) of a report's list: file is the section's path. */
static bool digest_findings(json_t *list, const char *section, const char *file,
                            struct rk_map *paths, struct rk_map *out)
{
    size_t i;
    json_t *f;
    bool ok = true;
    struct rk_buf key = {0};
    json_array_foreach(list, i, f)
    {
        const char *path = json_string_value(json_object_get(f, "path"));
        key.len = 0;
        ok =
            rk_buf_printf(&key, "%s\t%s\t%s\tline %lld", section, path ? mapped(paths, path) : file,
                          jget(f, "rule") ? jget(f, "rule") : "?", jint(f, "line")) == RK_OK &&
            tally(out, &key);
        if (!ok)
            break;
    }
    rk_buf_free(&key);
    return ok;
}

/* What of a renkei.report verify compares, as a multiset of keys: each file (layout, version,
 * records, counts), each finding (rule, file, line), the summary and its per-rule counts.
 * paths maps the re-check's paths to the bundle's (NULL: none). */
static bool digest_report(json_t *r, struct rk_map *paths, struct rk_map *out)
{
    struct rk_buf key = {0};
    bool ok = json_is_object(r);
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(r, "files"), i, e)
    {
        const char *path = mapped(paths, jget(e, "path") ? jget(e, "path") : "?");
        key.len = 0;
        ok = ok &&
             rk_buf_printf(&key,
                           "file\t%s\t%s %s\t%lld records\terrors/warnings/infos %lld/%lld/%lld",
                           path, jget(e, "layout") ? jget(e, "layout") : "-",
                           jget(e, "version") ? jget(e, "version") : "-", jint(e, "records"),
                           jint(e, "errors"), jint(e, "warnings"), jint(e, "infos")) == RK_OK &&
             tally(out, &key) &&
             digest_findings(json_object_get(e, "findings"), "finding", path, paths, out);
    }
    json_array_foreach(json_object_get(r, "sends"), i, e) ok =
        ok && digest_findings(json_object_get(e, "findings"), "send", "-", paths, out);
    ok = ok && digest_findings(json_object_get(json_object_get(r, "profile"), "findings"),
                               "profile", "-", paths, out);
    json_t *sum = json_object_get(r, "summary");
    key.len = 0;
    ok = ok &&
         rk_buf_printf(&key, "summary\t%lld files\terrors/warnings/infos %lld/%lld/%lld",
                       jint(sum, "files"), jint(sum, "errors"), jint(sum, "warnings"),
                       jint(sum, "infos")) == RK_OK &&
         tally(out, &key);
    const char *rule;
    json_object_foreach(json_object_get(sum, "rules"), rule, e)
    {
        key.len = 0;
        ok = ok &&
             rk_buf_printf(&key, "rule\t%s\terrors/warnings/infos %lld/%lld/%lld", rule,
                           jint(e, "errors"), jint(e, "warnings"), jint(e, "infos")) == RK_OK &&
             tally(out, &key);
    }
    rk_buf_free(&key);
    return ok;
}

#define DIFFERENCES_NAMED 20

/* One difference between the bundle and the re-check (EVD-014), the first few named. */
static void difference(struct verify *vf, const char *file, const char *what, const char *bundle,
                       const char *again, size_t *n)
{
    if ((*n)++ >= DIFFERENCES_NAMED)
        return;
    char e[600], a[600];
    snprintf(e, sizeof e, "%s", bundle);
    snprintf(a, sizeof a, "%s", again);
    for (char *p = e; *p; p++)
        *p = *p == '\t' ? ' ' : *p;
    for (char *p = a; *p; p++)
        *p = *p == '\t' ? ' ' : *p;
    problem(vf, RK_RULE_EVD_014, file, e, a, what);
}

/* Tells every key whose count differs between a (the bundle's report) and b (the re-check). */
static void compare_digests(struct verify *vf, struct rk_map *a, struct rk_map *b, size_t *n)
{
    size_t it = 0, len;
    const void *k;
    void *v;
    char e[64], g[64];
    while (rk_map_at(a, &it, &k, &len, &v)) {
        uint64_t *w = rk_map_get(b, k, len, false, NULL);
        uint64_t have = *(uint64_t *)v, got = w ? *w : 0;
        if (have == got)
            continue;
        struct rk_buf key = {0};
        if (rk_buf_add(&key, k, len) != RK_OK)
            break;
        snprintf(e, sizeof e, "×%llu", (unsigned long long)have);
        snprintf(g, sizeof g, "×%llu", (unsigned long long)got);
        struct rk_buf x = {0}, y = {0};
        if (rk_buf_printf(&x, "%s %s", key.data, e) == RK_OK &&
            rk_buf_printf(&y, "%s %s", key.data, g) == RK_OK)
            difference(vf, "report.json", "report.json / re-check", x.data, y.data, n);
        rk_buf_free(&x);
        rk_buf_free(&y);
        rk_buf_free(&key);
    }
    it = 0;
    while (rk_map_at(b, &it, &k, &len, &v)) {
        if (rk_map_get(a, k, len, false, NULL))
            continue;
        struct rk_buf key = {0}, y = {0};
        if (rk_buf_add(&key, k, len) == RK_OK &&
            rk_buf_printf(&y, "%s ×%llu", key.data, (unsigned long long)*(uint64_t *)v) == RK_OK)
            difference(vf, "report.json", "report.json / re-check", "-", y.data, n);
        rk_buf_free(&key);
        rk_buf_free(&y);
    }
}

static bool parse_encoding(const char *s, enum rk_encoding *e)
{
    if (s && strcmp(s, "default") == 0)
        *e = RK_ENC_DEFAULT;
    else if (s && strcmp(s, rk_encoding_name(RK_ENC_CP932)) == 0)
        *e = RK_ENC_CP932;
    else if (s && strcmp(s, rk_encoding_name(RK_ENC_UTF8)) == 0)
        *e = RK_ENC_UTF8;
    else
        return false;
    return true;
}

static bool parse_profile(const char *s, enum rk_profile *p)
{
    for (unsigned i = 0; s && i < 4; i++)
        if (strcmp(s, rk_profile_name((enum rk_profile)i)) == 0) {
            *p = (enum rk_profile)i;
            return true;
        }
    return false;
}

/* Says why the verdicts were not re-checked (a warning: the bundle may still be valid). */
static void not_rechecked(struct verify *vf, const char *why, const char *expected,
                          const char *actual)
{
    copy_field(vf->res->recheck_why, sizeof vf->res->recheck_why, why);
    problem(vf, RK_RULE_EVD_015, "manifest.json", expected, actual, why);
}

/* The whole of the temporary file fp (at most max bytes) into out. */
static enum rk_status read_back(FILE *fp, size_t max, struct rk_buf *out)
{
    if (fflush(fp) != 0 || fseek(fp, 0, SEEK_SET) != 0)
        return RK_E_IO;
    char chunk[16384];
    size_t n;
    enum rk_status st = RK_OK;
    while (st == RK_OK && (n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        st = out->len + n > max ? RK_E_LIMIT : rk_buf_add(out, chunk, n);
    return st == RK_OK && ferror(fp) ? RK_E_IO : st;
}

/* Re-runs the check on the bundle's copies with the options the manifest records and this
 * build's spec tables, and compares the verdicts, the findings and the counts with the
 * manifest and report.json. Every difference is an EVD-014 problem. */
static void recheck(struct verify *vf, json_t *m)
{
    struct rk_verify_result *res = vf->res;
    json_t *rc = json_object_get(m, "recheck"), *opts = json_object_get(m, "options");
    if (!json_is_true(json_object_get(rc, "possible"))) {
        const char *why = jget(rc, "why");
        not_rechecked(vf, why && strcmp(why, "roundtrip-uncopied") == 0 ? why : "inputs-left-out",
                      NULL, NULL);
        return;
    }
    if (res->problems) {
        copy_field(res->recheck_why, sizeof res->recheck_why, "invalid");
        return; /* nothing in it can be relied on: not even worth re-checking */
    }
    const struct rk_specs *specs = verify_specs(vf);
    const char *ours = specs ? rk_specs_sha256(specs) : NULL;
    if (!ours) {
        problem(vf, RK_RULE_EVD_003, "manifest.json", NULL, NULL, "this build's spec tables");
        return;
    }
    const char *sha = jget(json_object_get(m, "specs"), "sha256");
    const char *made_by = jget(json_object_get(m, "tool"), "version");
    if (!json_is_true(json_object_get(opts, "specs_builtin")) || !sha || strcmp(sha, ours) != 0) {
        /* other tables: what the bundle found cannot be reproduced here, and it is said */
        not_rechecked(vf, "other-specs", ours, sha ? sha : "-");
        return;
    }
    if (!made_by || strcmp(made_by, RK_VERSION) != 0)
        problem(vf, RK_RULE_EVD_016, "manifest.json", RK_VERSION, made_by ? made_by : "-", NULL);

    /* the options, as recorded */
    struct rk_evidence_options eo = {
        .vendor = jget(m, "vendor"),
        .product = jget(m, "product"),
        .product_version = jget(m, "product_version"),
        .office = jget(m, "office_type"),
    };
    struct rk_check_options *co = &eo.run.check;
    bool ok = eo.office && valid_office(specs, eo.office) &&
              parse_encoding(jget(opts, "encoding"), &co->encoding) &&
              parse_profile(jget(opts, "profile"), &co->profile);
    co->family = jget(opts, "family");
    co->version = jget(opts, "spec_version");
    co->layout = jget(opts, "layout");
    co->max_findings = (uint64_t)jint(opts, "max_findings");
    co->max_field_bytes = (size_t)jint(opts, "max_field_bytes");
    co->max_fields = (size_t)jint(opts, "max_fields");
    co->max_quoted_lines = (size_t)jint(opts, "max_quoted_lines");
    eo.run.jobs = 1;
    json_t *args = json_object_get(opts, "arguments");
    ok = ok && json_is_array(args) && json_array_size(args) > 0;
    if (!ok) {
        problem(vf, RK_RULE_EVD_008, "manifest.json", "options", NULL, NULL);
        return;
    }

    /* the copies to check, and the paths the report shows for them */
    struct rk_map *paths = rk_map_new(sizeof(const char *));
    struct rk_paths list = {0};
    struct rk_buf b = {0};
    char *label = NULL, *rt[2] = {NULL, NULL};
    ok = paths != NULL;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(m, "inputs"), i, e)
    {
        const char *copy = jget(e, "copy"), *path = jget(e, "path");
        if (!ok || !copy)
            continue;
        ok = map_path(paths, vf->dir, copy, path);
        if (ok && strcmp(jget(e, "role") ? jget(e, "role") : "", "checked") == 0) {
            b.len = 0;
            ok = rk_buf_printf(&b, "%s/%s", vf->dir, copy) == RK_OK && list_add(&list, b.data);
        }
    }
    /* the arguments (the office profile's findings name the first) */
    json_array_foreach(args, i, e)
    {
        const char *arg = json_string_value(e);
        ok = ok && arg && checked_copy_name(arg, &b) == RK_OK &&
             map_path(paths, vf->dir, b.data, arg);
        if (ok && i == 0) {
            struct rk_buf l = {0};
            ok = rk_buf_printf(&l, "%s/%s", vf->dir, b.data) == RK_OK;
            label = l.data;
        }
    }
    json_t *jrt = json_object_get(opts, "roundtrip");
    for (int k = 0; ok && jrt && k < 2; k++) {
        const char *copy = jget(jrt, k ? "reexport_copy" : "original_copy");
        const char *given = jget(jrt, k ? "reexport" : "original");
        b.len = 0;
        ok = copy && given && safe_copy_name(copy, strlen(copy)) &&
             rk_buf_printf(&b, "%s/%s", vf->dir, copy) == RK_OK &&
             (rt[k] = rk_strdup(b.data)) != NULL && map_path(paths, vf->dir, copy, given);
    }
    eo.roundtrip_original = rt[0];
    eo.roundtrip_reexport = rt[1];
    rk_buf_free(&b);

    /* the same assessment the bundle was made by, into a JSON report in memory */
    struct rk_evidence_result er = {0};
    struct evidence ev = {.specs = specs,
                          .opt = &eo,
                          .res = &er,
                          .dfd = -1,
                          .builtin_specs = true,
                          .order_as = paths};
    struct rk_buf text = {0};
    FILE *fp = ok ? rk_os_tmpfile() : NULL;
    enum rk_status st = !ok  ? RK_E_NOMEM
                        : fp ? rk_report_new(&ev.reports[0], RK_REPORT_JSON, RK_LANG_JA, fp)
                             : RK_E_IO;
    if (st == RK_OK)
        st = assess(&ev, (const char *const *)list.v, list.n, label);
    enum rk_status fs = ev.reports[0] ? rk_report_finish(ev.reports[0]) : RK_OK;
    rk_report_free(ev.reports[0]);
    if (fs == RK_OK && st == RK_OK)
        fs = read_back(fp, REPORT_MAX_BYTES, &text);
    if (fp && fclose(fp) != 0 && fs == RK_OK)
        fs = RK_E_IO;
    if (st == RK_OK)
        st = fs;
    size_t ndiff = 0;
    if (st != RK_OK) {
        problem(vf, RK_RULE_EVD_014, "manifest.json", NULL, NULL,
                er.message[0] ? er.message : rk_status_str(st));
        ndiff++;
    } else {
        /* the verdicts against the manifest's */
        json_t *verdicts = json_object_get(m, "verdicts");
        for (int k = 0; k < 2; k++) {
            json_t *had = json_array_get(verdicts, (size_t)k);
            if (json_equal(had, ev.verdict[k]))
                continue;
            char what[64];
            snprintf(what, sizeof what, "verdict %s", k ? "②" : "①");
            const char *hs = jget(had, "status"), *gs = jget(ev.verdict[k], "status");
            const char *hr = jget(had, "reason"), *gr = jget(ev.verdict[k], "reason");
            struct rk_buf x = {0}, y = {0};
            if (rk_buf_printf(&x, "%s: %s", hs ? hs : "-", hr ? hr : "-") == RK_OK &&
                rk_buf_printf(&y, "%s: %s", gs ? gs : "-", gr ? gr : "-") == RK_OK)
                difference(vf, "manifest.json", what, x.data, y.data, &ndiff);
            rk_buf_free(&x);
            rk_buf_free(&y);
        }
        /* the counts against the manifest's summary */
        json_t *sum = json_object_get(m, "summary");
        char x[128], y[128];
        snprintf(x, sizeof x, "%lld files, errors/warnings/infos %lld/%lld/%lld",
                 jint(sum, "files"), jint(sum, "errors"), jint(sum, "warnings"),
                 jint(sum, "infos"));
        snprintf(y, sizeof y, "%llu files, errors/warnings/infos %llu/%llu/%llu",
                 (unsigned long long)er.run.files, (unsigned long long)er.run.count[RK_SEV_ERROR],
                 (unsigned long long)er.run.count[RK_SEV_WARNING],
                 (unsigned long long)er.run.count[RK_SEV_INFO]);
        if (strcmp(x, y) != 0)
            difference(vf, "manifest.json", "summary", x, y, &ndiff);
        /* the findings and counts against report.json's */
        struct rk_buf theirs = {0};
        json_t *a = NULL, *g = NULL;
        struct rk_map *da = rk_map_new(sizeof(uint64_t)), *dg = rk_map_new(sizeof(uint64_t));
        if (read_in_bundle(vf, "report.json", REPORT_MAX_BYTES, &theirs)) {
            a = json_loadb(theirs.data ? theirs.data : "", theirs.len, 0, NULL);
            g = json_loadb(text.data ? text.data : "", text.len, 0, NULL);
            if (!a || !g || !da || !dg || !digest_report(a, NULL, da) ||
                !digest_report(g, paths, dg))
                problem(vf, RK_RULE_EVD_003, "report.json", NULL, NULL,
                        !a ? "not a JSON report" : "out of memory");
            else
                compare_digests(vf, da, dg, &ndiff);
        }
        if (ndiff > DIFFERENCES_NAMED) {
            char more[64];
            snprintf(more, sizeof more, "%zu", ndiff - DIFFERENCES_NAMED);
            problem(vf, RK_RULE_EVD_014, "report.json", NULL, more, "differences not named");
        }
        json_decref(a);
        json_decref(g);
        rk_map_free(da);
        rk_map_free(dg);
        rk_buf_free(&theirs);
    }
    if (ndiff)
        copy_field(res->recheck_why, sizeof res->recheck_why, "disagrees");
    res->rechecked = ndiff == 0 && res->problems == 0;
    rk_buf_free(&text);
    evidence_free(&ev);
    rk_free(label);
    rk_free(rt[0]);
    rk_free(rt[1]);
    rk_paths_free(&list);
    rk_map_free(paths);
}

enum rk_status rk_evidence_verify(const char *dir, const char *pubkey_path, rk_sink_fn sink,
                                  void *ctx, struct rk_verify_result *res)
{
    memset(res, 0, sizeof *res);
    json_set_alloc_funcs(rk_malloc, rk_free);
    struct verify vf = {.dir = dir, .sink = sink, .ctx = ctx, .res = res};
    vf.em.sink = collect;
    vf.em.ctx = &vf;
    vf.em.path = dir;
    /* a key the officer names must be one key: otherwise the call is wrong, not the bundle */
    struct rk_buf given = {0};
    char given_fp[RK_FINGERPRINT_SIZE] = "";
    if (pubkey_path) {
        enum rk_status ks = read_pubkey_at(AT_FDCWD, pubkey_path, &given, given_fp);
        if (ks != RK_OK) {
            rk_buf_free(&given);
            return ks == RK_E_IO || ks == RK_E_ARG ? RK_E_ARG : ks;
        }
    }
    vf.dfd = rk_os_open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (vf.dfd < 0) {
        rk_buf_free(&given);
        return RK_E_IO;
    }
    res->key_from_bundle = !pubkey_path;
    struct rk_buf own = {0}, body = {0}, sig = {0};
    char own_fp[RK_FINGERPRINT_SIZE] = "";
    struct rk_map *listed = rk_map_new(1), *copies = rk_map_new(65);
    if (!listed || !copies) {
        rk_map_free(listed);
        rk_map_free(copies);
        rk_os_close(vf.dfd);
        rk_buf_free(&given);
        return RK_E_NOMEM;
    }
    /* the bundle's own key: exactly one Ed25519 public key */
    bool own_ok = false;
    {
        int fd;
        if (open_in_bundle(&vf, "pubkey.pem", &fd, NULL)) {
            rk_os_close(fd);
            enum rk_status ks = read_pubkey_at(vf.dfd, "pubkey.pem", &own, own_fp);
            own_ok = ks == RK_OK;
            if (ks == RK_E_ARG)
                problem(&vf, RK_RULE_EVD_006, "pubkey.pem", "1", NULL, NULL);
            else if (ks != RK_OK)
                problem(&vf, RK_RULE_EVD_003, "pubkey.pem", NULL, NULL, rk_status_str(ks));
        }
    }
    bool body_ok = read_in_bundle(&vf, "manifest.json", MANIFEST_MAX_BYTES, &body);
    bool sig_ok = read_in_bundle(&vf, "manifest.sig", 4096, &sig);
    unsigned char raw[64];
    if (sig_ok) {
        size_t n = sig.len;
        while (n && (sig.data[n - 1] == '\n' || sig.data[n - 1] == '\r'))
            n--;
        sig_ok = n == SIG_HEX;
        for (size_t i = 0; sig_ok && i < 64; i++) {
            int hi = hexval((unsigned char)sig.data[2 * i]);
            int lo = hexval((unsigned char)sig.data[2 * i + 1]);
            sig_ok = hi >= 0 && lo >= 0;
            raw[i] = sig_ok ? (unsigned char)(hi << 4 | lo) : 0;
        }
        if (!sig_ok)
            problem(&vf, RK_RULE_EVD_004, "manifest.sig", "128 hex digits", NULL, NULL);
    }
    /* the signature, with the key named by the officer, else the bundle's own */
    const struct rk_buf *key = pubkey_path ? &given : &own;
    bool signed_ok = false;
    if ((pubkey_path || own_ok) && body_ok && sig_ok) {
        enum rk_status vs = rk_ed25519_verify(key->data ? key->data : "", key->len, body.data,
                                              body.len, raw, &signed_ok);
        if (vs != RK_OK)
            problem(&vf, RK_RULE_EVD_003, "manifest.sig", NULL, NULL, rk_status_str(vs));
        else if (!signed_ok)
            problem(&vf, RK_RULE_EVD_005, "manifest.json", pubkey_path ? given_fp : own_fp, NULL,
                    pubkey_path ? pubkey_path : "pubkey.pem");
    }
    /* an unsigned manifest is not read further: nothing in it can be trusted, and parsing what
     * anyone could have written costs memory for nothing */
    json_t *manifest = NULL;
    bool have_list = false;
    if (signed_ok) {
        json_error_t err;
        manifest = json_loadb(body.data, body.len, JSON_REJECT_DUPLICATES, &err);
        if (!manifest || !json_is_object(manifest)) {
            char d[200];
            snprintf(d, sizeof d, "line %d: %s", err.line, err.text);
            problem(&vf, RK_RULE_EVD_008, "manifest.json", "JSON object", NULL, d);
        } else {
            const char *schema = json_string_value(json_object_get(manifest, "schema"));
            if (!schema || strcmp(schema, "renkei.evidence") != 0 ||
                json_integer_value(json_object_get(manifest, "version")) != 1)
                problem(&vf, RK_RULE_EVD_008, "manifest.json", "renkei.evidence 1", NULL, NULL);
            char *again = json_dumps(manifest, JSON_SORT_KEYS | JSON_COMPACT);
            if (!again || strlen(again) + 1 != body.len || memcmp(again, body.data, body.len - 1) ||
                body.data[body.len - 1] != '\n')
                problem(&vf, RK_RULE_EVD_008, "manifest.json", "canonical JSON", NULL, NULL);
            rk_free(again);
            /* the key that signed must be the one the manifest names, and the bundle's */
            const char *signer = manifest_signer(manifest);
            if (!signer)
                problem(&vf, RK_RULE_EVD_008, "manifest.json", "signer.fingerprint", NULL, NULL);
            else {
                snprintf(res->fingerprint, sizeof res->fingerprint, "%s", signer);
                if (own_ok && strcmp(own_fp, signer) != 0)
                    problem(&vf, RK_RULE_EVD_007, "pubkey.pem", signer, own_fp, NULL);
                if (pubkey_path && strcmp(given_fp, signer) != 0)
                    problem(&vf, RK_RULE_EVD_007, "manifest.json", given_fp, signer, pubkey_path);
                res->signer_confirmed = pubkey_path && strcmp(given_fp, signer) == 0;
            }
            describe(&vf, manifest);
            check_listed(&vf, manifest, &FILES_LISTED, listed);
            check_listed(&vf, manifest, &COPIES_LISTED, copies);
            have_list = true;
        }
    }
    check_entries(&vf, listed, copies, have_list);
    /* the verdicts re-computed from the copies, once everything else holds */
    if (have_list)
        recheck(&vf, manifest);
    /* the problems over a rule's cap (RK_RULE_FINDINGS_CAP) are summed up, as check does */
    rk_emit_flush(&vf.em, (struct rk_pos){0});
    res->valid = res->problems == 0;
    if (!res->valid)
        res->signer_confirmed = 0;
    json_decref(manifest);
    rk_os_close(vf.dfd);
    rk_specs_free(vf.specs);
    rk_map_free(listed);
    rk_map_free(copies);
    rk_buf_free(&given);
    rk_buf_free(&own);
    rk_buf_free(&body);
    rk_buf_free(&sig);
    return vf.oom ? RK_E_NOMEM : RK_OK;
}
