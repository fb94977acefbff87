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
	/** Set by normalize for positioned text (nb_normalize_grids): the
	 *  line runs to the right edge of its block of prose (its paragraph
	 *  goes on in the next line), or starts indented (a new paragraph).
	 *  Both false where there is no geometry to tell (tab fields). */
	bool full_width, indented;
	/** Tab-separated text: how many tab fields the line has, empty ones
	 *  included (a blank cell of a copied table is an empty field); 0 for
	 *  other lines. */
	size_t n_fields;
	/** Read by OCR (tesseract's text line): its confidence, 0..1; a
	 *  number the schema takes from it is as unsure as an OCR'd cell's. */
	bool ocr;
	double ocr_confidence;
} nb_line;

/** What an input is, told by its content (nb_sniff); one reader each.
 *  Keep one kind per line: readers are added here and in the handler
 *  table of extract/extract.c, in the same order. */
typedef enum nb_source_kind {
	NB_SOURCE_TEXT,
	NB_SOURCE_PDF,
	NB_SOURCE_HTML,
	NB_SOURCE_MHTML,
	NB_SOURCE_MARKDOWN,
	NB_SOURCE_DOCX,
	NB_SOURCE_ODT,
	NB_SOURCE_IMAGE,
	NB_SOURCE_KIND_COUNT
} nb_source_kind;

/** The contract's name of a kind (source.kind): "text", "pdf", "html", …;
 *  "text" for anything out of range. */
const char *nb_source_kind_name(nb_source_kind kind);

/** Units of the x/y coordinates of a document's cells. */
typedef enum nb_units {
	NB_UNITS_POINTS,     /**< PDF: points, origin top-left */
	NB_UNITS_COLUMNS,    /**< space-aligned text: text columns */
	NB_UNITS_FIELDS,     /**< tab-separated text: field index */
} nb_units;

/* ---- tables as grids ---------------------------------------------------- */

/** No document line (a grid row a reader built from a table element). */
#define NB_NO_LINE ((size_t)-1)

/**
 * One cell of a grid: its text, where it starts (row, column) and how many
 * rows and columns it spans, and where it stands on the page (provenance
 * only: nothing after normalize reads the box).
 */
typedef struct nb_grid_cell {
	const char *text;    /**< PROSE form after normalize */
	const char *raw;     /**< as extracted (the whole run for a part) */
	bool part;           /**< cut out of a longer run (`text` is the piece) */
	bool joined;         /**< digits wrapped onto the next line in a narrow
	                          cell, joined here (the schema says so) */
	bool may_join;       /**< a text run that may hold the words of several
	                          cells one space apart (PDF, space-aligned
	                          text); false for a drawn cell (a tab field, an
	                          HTML <td>) */
	size_t col, col_span;/**< first column (0-based) and columns spanned */
	/** Where the cell stands in column units: column k runs from k to
	 *  k + 1.  A reader's cell is [col, col + col_span]; a run of
	 *  positioned text may stand inside its columns (a number centred under
	 *  a wide header), which these keep. */
	double left, right;
	size_t row_span;     /**< rows spanned, ≥ 1 */
	int page;            /**< 1-based; 0 when the source has no pages */
	double x0, y0, x1, y1; /**< box on the page, or all 0 */
	double confidence;   /**< 0..1 (OCR), or -1 when the reader has none */
} nb_grid_cell;

/** An OCR'd number read under this confidence (in percent, and 0..1) is
 *  not vouched for: the schema warns about it (ocr_low_confidence),
 *  naming its cell. */
#define NB_OCR_LOW_CONFIDENCE_PERCENT 80
#define NB_OCR_LOW_CONFIDENCE (NB_OCR_LOW_CONFIDENCE_PERCENT / 100.0)

/** One row of a grid: the cells that start in it, left to right. */
typedef struct nb_grid_row {
	size_t line;         /**< the document line it was built from, or
	                          NB_NO_LINE */
	int page;
	nb_grid_cell *cells;
	size_t n_cells;
	/** Why the reader is unsure of this row's cells (a Markdown row with
	 *  more or fewer cells than its table's header), or NULL: the schema
	 *  turns it into a warning naming the row (or its table). */
	const char *doubt;
} nb_grid_row;

/**
 * A table as rows × columns of cells with spans.  Readers of structured
 * input (HTML, Word, OCR) fill grids directly; for positioned text (PDF,
 * space-aligned or tab-separated text) normalize builds one grid over the
 * document's lines, cutting columns at the edges its rows share
 * (normalize/grid.c), so that the schema maps every table by its header and
 * row labels, never by x positions or by which reader ran.
 */
typedef struct nb_grid {
	nb_grid_row *rows;
	size_t n_rows;
	size_t n_cols;
	/** Where the grid stands among the document's lines: before line
	 *  `at_line` (n_lines: at the end).  A grid built from lines has each
	 *  row's `line` instead and covers them. */
	size_t at_line;
	bool from_lines;
	/** A grid read from a picture (OCR): the x of its column rules, in
	 *  points (n_cols + 1 of them), by which a table continued past a
	 *  page break is joined to its first part; NULL for other grids. */
	const double *col_x;
} nb_grid;

/** Text taken out of the lines: page furniture normalize removed (a page
 *  number, a running header) or glyphs the PDF reader took out before it
 *  built lines (a turned watermark), kept so that a number it held is not
 *  dropped silently. */
typedef struct nb_removed_line {
	size_t at_line;      /**< the line it stood before, after removal */
	int page;
	const char *text;
	const char *what;    /**< "page number", "running header", "watermark" */
} nb_removed_line;

/** A document: lines in reading order and tables as grids, owned by its
 *  arena. */
typedef struct nb_doc {
	nb_arena *arena;     /**< owns everything below; freed by nb_doc_free */
	nb_source_kind kind;
	nb_units units;
	/** Text whose cells were cut at single spaces only (no tab, hardly any
	 *  run of spaces between cells: what plain pdftotext, pdftotext -raw,
	 *  mutool, pdfminer or PyMuPDF give): its x positions are character
	 *  offsets that line up with no column, so no value may be placed by
	 *  position.  False for PDF, tab-separated and space-aligned text. */
	bool unaligned;
	int pages;           /**< PDF page count; text: 0 (unknown) */
	const char *producer;/**< PDF Producer, or NULL */
	nb_line *lines;
	size_t n_lines;
	nb_grid *grids;      /**< in document order */
	size_t n_grids;
	nb_removed_line *removed; /**< text extract and normalize took out */
	size_t n_removed;
	/** Recoverable oddities met while extracting (e.g. a poppler warning on
	 *  a slightly damaged file): the schema turns them into diagnostics. */
	const char **warnings;
	size_t n_warnings;
	/** Problems after which part of the input may not have been read (a
	 *  parser that gave up inside the page): the schema warns about every
	 *  table it did not find whole, naming the table. */
	const char **losses;
	size_t n_losses;
	/** What a text, HTML or MHTML input was read as ("UTF-8", "GB18030",
	 *  "UTF-16LE"), or NULL (PDF; text that was UTF-8 already). */
	const char *encoding;
	/** Pictures standing among the lines (an HTML <img>): each the line
	 *  it stands before.  A table section with no table but a picture is
	 *  a table printed as an image. */
	size_t *images;
	size_t n_images;
	/** The pages read by OCR (1-based, ascending): source.ocr. */
	int *ocr_pages;
	size_t n_ocr_pages;
	/** Normalize's MATCH forms of cell texts, by the texts' addresses
	 *  (normalize/doc.c; in the arena, NULL before normalization): the
	 *  schema reads a paragraph's MATCH form from here instead of
	 *  normalizing it again. */
	struct nb_match_memo *match_memo;
} nb_doc;

/** Free a document and its arena.  NULL is a no-op. */
void nb_doc_free(nb_doc *doc);

/** What kind of input `data` holds, by content (never by file name): the
 *  reader whose recognizer scores highest (extract/extract.c): PDF for
 *  "%PDF-" within the first KiB, MHTML for a MIME multipart/related
 *  header, HTML for markup (<html, <!DOCTYPE html, <table, <body, <meta
 *  near the start, in ASCII, UTF-16 or after a BOM), Markdown for a pipe
 *  table (a `| … |` line over a `|---|` line) or an HTML <table> in text
 *  (nb_markdown_sniff), DOCX or ODT for a ZIP package holding one, else
 *  text. */
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

/**
 * Read Markdown (what MinerU, Docling, marker and pandoc write) into a new
 * document with cmark-gfm: headings and paragraphs become lines, pipe
 * tables and HTML <table>s (libxml2) become grids.  Errors as
 * nb_extract_text.  On success *out owns a new nb_doc.
 */
nb_status nb_extract_markdown(const unsigned char *data, size_t len,
                              const nb_limits *limits, nb_doc **out,
                              nb_error *err);

/** True when text holds a Markdown pipe table or an HTML <table>. */
bool nb_markdown_sniff(const unsigned char *data, size_t len);

/**
 * Read an HTML page into a new document through libxml2's HTML parser:
 * the article found by its content (the element holding the section
 * headings and the template's tables), its blocks as lines, each data
 * <table> as a grid (row and column spans kept), pictures as `images`.
 * The charset comes from a byte-order mark, the page's <meta>, or the
 * bytes (strict UTF-8, else GB18030); `charset` (may be NULL) is a label
 * given from outside (an MHTML part's) and wins over the page's own.
 * libxml2's messages become doc->warnings (doc->losses when it gave up).
 * Errors: NB_ERR_EMPTY, NB_ERR_NOT_UTF8 (bytes valid in no encoding
 * tried), NB_ERR_LIMIT.
 */
nb_status nb_extract_html(const unsigned char *data, size_t len,
                          const char *charset, const nb_limits *limits,
                          nb_doc **out, nb_error *err);

/**
 * Read a saved page (MHTML: MIME multipart/related, what browsers save)
 * through GMime: its first text/html part, decoded from quoted-printable
 * or base64 and read with the part's charset by nb_extract_html.
 * Errors: NB_ERR_DAMAGED (no MIME structure or no HTML part), and those of
 * nb_extract_html.
 */
nb_status nb_extract_mhtml(const unsigned char *data, size_t len,
                           const nb_limits *limits, nb_doc **out,
                           nb_error *err);

/**
 * Read a Word document (.docx, OOXML) held in memory: word/document.xml's
 * paragraphs as lines (numbered ones with their number from
 * word/numbering.xml), its tables as grids with their spans
 * (extract/office.c).  libxml2's messages become doc->warnings.
 * Errors: NB_ERR_DAMAGED (not a readable package, no document part, not
 * XML), NB_ERR_EMPTY, NB_ERR_LIMIT.
 */
nb_status nb_extract_docx(const unsigned char *data, size_t len,
                          const nb_limits *limits, nb_doc **out, nb_error *err);

/** The same for an OpenDocument text (.odt): content.xml. */
nb_status nb_extract_odt(const unsigned char *data, size_t len,
                         const nb_limits *limits, nb_doc **out, nb_error *err);

/* ---- OCR: scans and pictures of tables (extract/ocr.c) ------------------ */

/** Which pages are read by OCR. */
typedef enum nb_ocr_mode {
	NB_OCR_AUTO = 0, /**< image files and PDF pages without a text layer */
	NB_OCR_ALWAYS,   /**< every PDF page, its text layer ignored */
	NB_OCR_NEVER,    /**< none: a PDF without text stays no_text_layer */
} nb_ocr_mode;

/** How OCR runs; zero-initialized means the defaults. */
typedef struct nb_ocr_options {
	nb_ocr_mode mode;
	int dpi;               /**< PDF pages are rendered at this; default 300 */
	const char *tessdata;  /**< tesseract's language data folder, or NULL
	                            for tesseract's own default */
	size_t max_pixels;     /**< per page; default NB_OCR_MAX_PIXELS */
	int max_pages;         /**< pages read by OCR per input; default
	                            NB_OCR_MAX_PAGES */
} nb_ocr_options;

#define NB_OCR_MAX_PIXELS ((size_t)100 << 20)
enum { NB_OCR_MAX_PAGES = 200, NB_OCR_DEFAULT_DPI = 300 };

/**
 * The OCR engine: tesseract and leptonica, loaded with nb_dl_open (never
 * linked: libtesseract doubles a process's start time) when the first page
 * needs them, and two tesseract handles (chi_sim for labels and prose, a
 * digit reader for value cells) made then and kept until nb_ocr_free.  One
 * per thread: a handle is not shared.  Before loading, OMP_THREAD_LIMIT is
 * set to 1 unless the environment sets it (one core per batch worker).
 */
typedef struct nb_ocr nb_ocr;

/** Never fails: nothing is loaded until a page needs it.  The options are
 *  copied (tessdata too). */
nb_ocr *nb_ocr_new(const nb_ocr_options *options);
void nb_ocr_free(nb_ocr *ocr);

/** True when `data` starts like a PNG, JPEG or TIFF file. */
bool nb_image_sniff(const unsigned char *data, size_t len);

/**
 * Read an image file (PNG, JPEG, TIFF with every page of a multi-page one)
 * by OCR: ruled tables become grids, the text around them lines.  `ocr`
 * NULL or in NB_OCR_NEVER mode: NB_ERR_NO_TEXT.  Errors: NB_ERR_DAMAGED (not
 * decodable), NB_ERR_LIMIT (pixels, pages), NB_ERR_NO_LIBRARY, NB_ERR_EMPTY
 * (nothing legible on any page).
 */
nb_status nb_extract_image(const unsigned char *data, size_t len,
                           const nb_limits *limits, nb_ocr *ocr,
                           nb_doc **out, nb_error *err);

/** nb_extract_pdf with OCR of the pages `ocr`'s mode selects (NULL: none,
 *  as nb_extract_pdf). */
nb_status nb_extract_pdf_ocr(const unsigned char *data, size_t len,
                             const nb_limits *limits, nb_ocr *ocr,
                             nb_doc **out, nb_error *err);

/** nb_extract with an OCR engine for scans (NULL: as nb_extract). */
nb_status nb_extract_with(const unsigned char *data, size_t len,
                          const nb_limits *limits, nb_ocr *ocr, nb_doc **out,
                          nb_error *err);

/** nb_sniff, then the matching reader.  An encrypted Word file (an OLE
 *  container holding an encrypted package) is NB_ERR_ENCRYPTED, a binary
 *  Word or WPS file (.doc, .wps) or RTF is NB_ERR_LEGACY_WORD. */
nb_status nb_extract(const unsigned char *data, size_t len,
                     const nb_limits *limits, nb_doc **out, nb_error *err);

#endif
