/*
 * extract.h — the extract stage: input bytes → the document model (nb_doc).
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

#include "../base/base.h"

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
