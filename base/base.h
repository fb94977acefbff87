/*
 * base.h — the services every stage and every command shares: the status
 * vocabulary and error values, checked allocation, the per-report arena, one
 * growable buffer, the limits that protect the machine, safe file reading,
 * atomic file writing and the sha256 that names an input.
 *
 * base/ is the bottom of the house: it includes nothing of nianbao's, and
 * everything else may include it (tests/layering.sh checks the direction).
 */
#ifndef NB_BASE_H
#define NB_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- status and errors -------------------------------------------------- */

/**
 * Result of a library call: what went wrong with an input, never how a
 * program reports it.  The enumerators are dense and carry no meaning of
 * their own; the stable code string, the process exit code and the hint of
 * each live in one table (base/status.c, nb_status_info).  New statuses are
 * appended before NB_STATUS_COUNT; an exit code once given is never reused.
 */
typedef enum nb_status {
	NB_OK = 0,
	NB_ERR_IO,          /**< cannot open or read the input ("io_error") */
	NB_ERR_EMPTY,       /**< zero bytes, or only white space ("empty") */
	NB_ERR_NOT_UTF8,    /**< text that is not UTF-8, e.g. GBK ("not_utf8") */
	NB_ERR_NOT_PDF,     /**< neither a document nor text ("not_a_pdf") */
	NB_ERR_DAMAGED,     /**< a PDF poppler cannot open ("damaged_pdf") */
	NB_ERR_ENCRYPTED,   /**< needs a password ("encrypted") */
	NB_ERR_NO_TEXT,     /**< no text layer, e.g. a scan ("no_text_layer") */
	NB_ERR_NOT_REPORT,  /**< readable, but not such a report ("not_a_report") */
	NB_ERR_TRUNCATED,   /**< a report cut short ("truncated") */
	NB_ERR_LIMIT,       /**< over a size limit ("too_large") */
	NB_ERR_TEXT_LAYOUT, /**< text in no reading order nianbao can trust
	                         ("unsupported_text_layout") */
	NB_ERR_MULTIPLE,    /**< several reports, split unsure ("multiple_reports") */
	NB_ERR_LEGACY_WORD, /**< binary Word/WPS or RTF ("legacy_word") */
	NB_ERR_NO_LIBRARY,  /**< a library the input's reader loads is not
	                         installed ("missing_library") */
	NB_ERR_ARCHIVE,     /**< an archive: its members are the inputs
	                         (archive/archive.h), or one nested too
	                         deep ("archive") */
	NB_STATUS_COUNT
} nb_status;

/** One row of the status table. */
typedef struct nb_status_row {
	nb_status status;
	const char *code;   /**< stable machine name: "io_error", "empty", … */
	int exit_code;      /**< the process exit status of the CLI */
	const char *hint;   /**< one line: what the user can do, or NULL */
} nb_status_row;

/** The row of `status` (an unknown value gets a row with code "unknown"). */
const nb_status_row *nb_status_info(nb_status status);
/** The whole table, NB_STATUS_COUNT rows, in enum order. */
const nb_status_row *nb_status_table(void);
/** Stable machine-readable name of a status ("io_error", "empty", ...). */
const char *nb_status_code(nb_status status);
/** The status whose code is `code`, or NB_OK when none is. */
nb_status nb_status_from_code(const char *code);

/** An error for unusable input: status, page and a one-line message. */
typedef struct nb_error {
	nb_status status;
	int page;          /**< 1-based page the error refers to, 0 if none */
	char message[256]; /**< one line, no trailing newline, no file name */
} nb_error;

/** Fill `err` (may be NULL) with `status` and a printf-style message.
 *  Returns `status` so callers can `return nb_error_set(...)`. */
nb_status nb_error_set(nb_error *err, nb_status status, int page,
                       const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* ---- memory ------------------------------------------------------------- */

/** malloc/calloc/realloc/strdup that abort with a message on exhaustion. */
void *nb_xmalloc(size_t size);
void *nb_xcalloc(size_t count, size_t size);
void *nb_xrealloc(void *ptr, size_t size);
char *nb_xstrdup(const char *s);

/** `items` (an array of `size`-byte elements, *cap of them) with room for
 *  `need`: doubled (64 at least) when it is too small; never NULL. */
void *nb_grow(void *items, size_t *cap, size_t need, size_t size);

/** A per-report bump allocator.  Everything allocated from it is released by
 *  nb_arena_free at once; there is no per-object free. */
typedef struct nb_arena nb_arena;
nb_arena *nb_arena_new(void);
void nb_arena_free(nb_arena *arena);
/** Zeroed memory, aligned for any type; never NULL. */
void *nb_arena_alloc(nb_arena *arena, size_t size);
/** Copy of `len` bytes of `s` plus a terminating NUL. */
char *nb_arena_strndup(nb_arena *arena, const char *s, size_t len);
char *nb_arena_strdup(nb_arena *arena, const char *s);
/** Bytes handed out so far (for limits and benchmarks). */
size_t nb_arena_used(const nb_arena *arena);

/* ---- growable buffer ---------------------------------------------------- */

/** A growable byte buffer, always NUL-terminated once anything was added.
 *  Zero-initialize it ({0}); release with nb_buf_free. */
typedef struct nb_buf {
	char *data;
	size_t len, cap;
} nb_buf;

void nb_buf_append(nb_buf *buf, const void *data, size_t len);
void nb_buf_puts(nb_buf *buf, const char *text);
void nb_buf_printf(nb_buf *buf, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/** Drop the first `count` bytes. */
void nb_buf_consume(nb_buf *buf, size_t count);
void nb_buf_free(nb_buf *buf);

/* ---- limits ------------------------------------------------------------- */

/** Limits that protect the machine; a zero field means the default. */
typedef struct nb_limits {
	size_t max_input_bytes;     /**< default 256 MiB */
	int max_pages;              /**< default 2000 */
	size_t max_glyphs_per_page; /**< default 20000 */
} nb_limits;

enum { NB_DEFAULT_MAX_PAGES = 2000, NB_DEFAULT_MAX_GLYPHS = 20000 };
#define NB_DEFAULT_MAX_INPUT_BYTES ((size_t)256 << 20)

/** The input size limit in force (the default when unset). */
size_t nb_limits_input_bytes(const nb_limits *limits);

/*
 * Text inputs have limits of their own, far below the input size limit: a
 * real report's text is under 200 KB (about 300 lines and 400 cells), and
 * the text reader and the stages after it hold each line and each cell in
 * several forms (extracted, normalized, the schema's match and prose
 * forms), about 13 bytes of memory per byte of text and 300-400 bytes per
 * cell.  Under these limits a text input costs at most a few hundred MB
 * (docs/batch.md); over them it is refused as too_large before its lines
 * are kept.
 */
#define NB_TEXT_MAX_BYTES ((size_t)16 << 20)
enum {
	NB_TEXT_MAX_LINES = 200000, /**< lines, blank ones included */
	NB_TEXT_MAX_CELLS = 200000, /**< cells of all lines together */
};

/* ---- files -------------------------------------------------------------- */

/**
 * Read a whole file into a malloc'd buffer (*out, NUL-terminated, *out_len
 * bytes before the NUL).  "-" is standard input.  Only regular files and
 * standard input are read: a FIFO, a device or a socket would block or
 * never end, so it is refused (NB_ERR_IO, "not a regular file").  More than
 * `max_bytes` is NB_ERR_LIMIT, found before the bytes are read where the
 * size is known and while reading otherwise.
 */
nb_status nb_file_read(const char *path, size_t max_bytes,
                       unsigned char **out, size_t *out_len, nb_error *err);

/** The first `cap` bytes (or fewer) of the regular file at `path` into
 *  `head`: how many; 0 for anything else or an error.  To tell what a file
 *  is before deciding how to read it. */
size_t nb_file_head(const char *path, unsigned char *head, size_t cap);

/**
 * Write `len` bytes to `path` atomically: a temporary file in the same
 * directory, fsync, rename.  "-" writes to stdout.  Returns 0 or -1 with
 * errno set.
 */
int nb_file_write_atomic(const char *path, const char *data, size_t len);

/** write() all of `len` bytes, retrying on EINTR and short writes.
 *  Returns 0, or -1 with errno set. */
int nb_write_full(int fd, const void *data, size_t len);
/** read() exactly `len` bytes.  Returns 1, 0 on end of file before the
 *  first byte, -1 on error or end of file in the middle. */
int nb_read_full(int fd, void *data, size_t len);

/* ---- libraries loaded when an input needs them --------------------------- */

/** One entry point of a library loaded with nb_dl_open: its name and where
 *  its pointer goes in the caller's table of function pointers. */
typedef struct nb_dl_symbol {
	const char *name;
	size_t offset; /**< offsetof(the table, the member) */
} nb_dl_symbol;

/**
 * Load the shared library `soname` and fill the table `api` with the
 * `count` entry points `symbols` names.  The library stays mapped once
 * loaded (RTLD_NODELETE): the next input of a batch finds it and pays
 * only a reference count, and the caller keeps no state.  A missing
 * library or entry point is NB_ERR_NO_LIBRARY, its name in `err`'s
 * message with `package`, the Debian package to install.  Returns the
 * handle for nb_dl_close in *handle.
 */
nb_status nb_dl_open(const char *soname, const char *package,
                     const nb_dl_symbol *symbols, size_t count, void *api,
                     void **handle, nb_error *err);
/** Drop the reference nb_dl_open took (NULL is fine). */
void nb_dl_close(void *handle);

/* ---- digest ------------------------------------------------------------- */

/** sha256 of `len` bytes, as 64 lowercase hex digits and a NUL;
 *  nb_sha256_hex_of turns a finished 32-byte digest into hex. */
void nb_sha256_hex(const void *data, size_t len, char hex[65]);
void nb_sha256_hex_of(const uint8_t digest[32], char hex[65]);

/** The version of nianbao (what `--version` and a report's generator say). */
#define NB_VERSION "0.2.0"

/** The git commit this build is from (`git describe --always --dirty`),
 *  or NULL when it was not built from git.  Static. */
const char *nb_build_commit(void);

#endif
