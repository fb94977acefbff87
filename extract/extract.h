/*
 * extract.h — the extract stage and the base types every stage shares.
 *
 * Extract turns input bytes into an nb_doc: a sequence of lines, each a row of
 * positioned cells, page by page.  PDF input and text input meet here, in the
 * same representation, so that everything after this stage is shared:
 *
 *  - PDF (poppler-glib): glyphs with their boxes are grouped into words,
 *    lines and cells by geometry.  Units are PDF points, origin top-left of
 *    the page, y growing downwards.
 *  - Text: a tab-separated line gives one cell per tab field (x = field
 *    index, empty fields omitted); a space-aligned line (pdftotext -layout
 *    style) is split at runs of two or more spaces (x = text column:
 *    characters as pdftotext counts them, or display columns with East
 *    Asian wide characters counting 2, whichever lines the document's
 *    numbers up; extract/text.c).  y is the line number.
 *
 * A line with no cells is a blank line; blank lines are kept because they
 * mark paragraph and page breaks in extracted text.
 */
#ifndef NB_EXTRACT_H
#define NB_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

/* ---- status and errors -------------------------------------------------- */

/** Result of a library call.  The numeric values are the CLI's exit codes. */
typedef enum nb_status {
	NB_OK = 0,
	NB_ERR_IO = 3,          /**< cannot open or read the input ("io_error") */
	NB_ERR_EMPTY = 4,       /**< zero bytes, or only white space ("empty") */
	NB_ERR_NOT_UTF8 = 5,    /**< text that is not UTF-8, e.g. GBK ("not_utf8") */
	NB_ERR_NOT_PDF = 6,     /**< neither a PDF nor UTF-8 text ("not_a_pdf") */
	NB_ERR_DAMAGED = 7,     /**< a PDF poppler cannot open ("damaged_pdf") */
	NB_ERR_ENCRYPTED = 8,   /**< needs a password ("encrypted") */
	NB_ERR_NO_TEXT = 9,     /**< no text layer, e.g. a scan ("no_text_layer") */
	NB_ERR_NOT_REPORT = 10, /**< readable, but not such a report ("not_a_report") */
	NB_ERR_TRUNCATED = 11,  /**< a report cut short ("truncated") */
	NB_ERR_LIMIT = 12,      /**< over a size limit ("too_large") */
} nb_status;

/** An error for unusable input: code, stable code string, page, message. */
typedef struct nb_error {
	nb_status status;
	int page;          /**< 1-based page the error refers to, 0 if none */
	char message[256]; /**< one line, no trailing newline, no file name */
} nb_error;

/** Stable machine-readable name of a status ("io_error", "empty", ...). */
const char *nb_status_code(nb_status status);

/** Fill `err` (may be NULL) with `status` and a printf-style message.
 *  Returns `status` so callers can `return nb_error_set(...)`. */
nb_status nb_error_set(nb_error *err, nb_status status, int page,
                       const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* ---- memory ----------------------------------------------------------- */

/** malloc/calloc/realloc/strdup that abort with a message on exhaustion. */
void *nb_xmalloc(size_t size);
void *nb_xcalloc(size_t count, size_t size);
void *nb_xrealloc(void *ptr, size_t size);
char *nb_xstrdup(const char *s);

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

/* ---- the document model ---------------------------------------------------- */

/** One cell: a run of text that belongs together on a line. */
typedef struct nb_cell {
	const char *text;   /**< UTF-8, NUL-terminated, arena-owned */
	const char *raw;    /**< the text as extracted, before normalize */
	double x0, x1;      /**< horizontal extent (points, or text columns) */
	double y0, y1;      /**< vertical extent (points, or line number) */
} nb_cell;

/** One line: cells ordered left to right.  n_cells == 0 is a blank line. */
typedef struct nb_line {
	int page;           /**< 1-based */
	double y0, y1;      /**< vertical extent of the line */
	nb_cell *cells;
	size_t n_cells;
} nb_line;

typedef enum nb_source_kind { NB_SOURCE_TEXT, NB_SOURCE_PDF } nb_source_kind;

/** Units of the x/y coordinates of a document's cells. */
typedef enum nb_units {
	NB_UNITS_POINTS,     /**< PDF: points, origin top-left */
	NB_UNITS_COLUMNS,    /**< space-aligned text: text columns */
	NB_UNITS_FIELDS,     /**< tab-separated text: field index */
} nb_units;

/** A document: lines in reading order, owned by its arena. */
typedef struct nb_doc {
	nb_arena *arena;     /**< owns everything below; freed by nb_doc_free */
	nb_source_kind kind;
	nb_units units;
	int pages;           /**< PDF page count; text: 0 (unknown) */
	const char *producer;/**< PDF Producer, or NULL */
	nb_line *lines;
	size_t n_lines;
	/** Recoverable oddities met while extracting (e.g. a poppler warning on
	 *  a slightly damaged file): the schema turns them into diagnostics. */
	const char **warnings;
	size_t n_warnings;
} nb_doc;

/** Free a document and its arena.  NULL is a no-op. */
void nb_doc_free(nb_doc *doc);

/** Limits that protect the machine; a zero field means the default. */
typedef struct nb_limits {
	size_t max_input_bytes;  /**< default 256 MiB */
	int max_pages;           /**< default 2000 */
	size_t max_glyphs_per_page; /**< default 20000 */
} nb_limits;

/** What kind of input `data` holds, by content (never by file name):
 *  NB_SOURCE_PDF if it starts (after up to 1 KiB of junk) with "%PDF-". */
nb_source_kind nb_sniff(const unsigned char *data, size_t len);

/**
 * Read UTF-8 report text into a new document.
 * Errors: NB_ERR_EMPTY, NB_ERR_NOT_UTF8 (invalid UTF-8 that looks like a
 * legacy encoding), NB_ERR_NOT_PDF (binary garbage), NB_ERR_LIMIT.
 * On success *out owns a new nb_doc (free with nb_doc_free).
 */
nb_status nb_extract_text(const unsigned char *data, size_t len,
                          const nb_limits *limits, nb_doc **out, nb_error *err);

/**
 * Read a PDF held in memory into a new document through poppler-glib.
 * Errors: NB_ERR_DAMAGED, NB_ERR_ENCRYPTED, NB_ERR_NO_TEXT, NB_ERR_LIMIT.
 * On success *out owns a new nb_doc (free with nb_doc_free).
 */
nb_status nb_extract_pdf(const unsigned char *data, size_t len,
                         const nb_limits *limits, nb_doc **out, nb_error *err);

/** nb_sniff, then the matching reader. */
nb_status nb_extract(const unsigned char *data, size_t len,
                     const nb_limits *limits, nb_doc **out, nb_error *err);

#endif
