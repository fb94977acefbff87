/*
 * schema_internal.h — what the files of schema/ share and nothing else sees.
 *
 * The schema stage is split by job: templates.c gives the rebuilder its
 * view of both official templates (row keys, label patterns, column header
 * patterns) and compiles them once into an nb_schema; lines.c turns a normalized nb_doc
 * into classified lines (label cells, value cells); tables.c rebuilds the
 * 二/三/四 tables from those lines; layout.c finds the title, the section
 * headings and the free text; build.c decides the template and assembles
 * the contract JSON; checks.c computes the 勾稽关系 checks.  The contract
 * table itself (rows, columns, labels, rules) is contract.c's, public in
 * schema.h; templates.c expands the same data (contract_data.h) into the
 * tpl_* view below.
 */
#ifndef NB_SCHEMA_INTERNAL_H
#define NB_SCHEMA_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "schema.h"

/* ---- templates as the rebuilder sees them (templates.c) --------------- */

/** A column: its JSON key and a pattern for its header cell (matched
 *  against the compact MATCH form, anchored by the pattern itself). */
typedef struct tpl_column {
	const char *key;
	const char *header;
} tpl_column;

/** A row: its JSON key, a label pattern (unanchored unless the pattern
 *  says so, matched against the label with numbering removed) and its
 *  columns.  `amount` marks the column index holding an amount in 万元
 *  (-1 for none). */
typedef struct tpl_row {
	const char *key;
	const char *label;
	const tpl_column *columns;
	size_t n_columns;
	int amount;
} tpl_row;

typedef struct tpl_table {
	const tpl_row *rows;
	size_t n_rows;
} tpl_table;

typedef enum tpl_id { TPL_2019 = 0, TPL_2021 = 1 } tpl_id;

/** Section 二 and 三 of a template; `hybrid`: the 2021 三 table printed
 *  with a single （六）其他处理 row. */
const tpl_table *nb_tpl_active(tpl_id id);
const tpl_table *nb_tpl_applications(tpl_id id, bool hybrid);
/** The seven applicant columns, the five review columns, the three review
 *  groups (key + group header pattern). */
const tpl_column *nb_tpl_applicant_columns(size_t *n);
const tpl_column *nb_tpl_review_columns(size_t *n);
const tpl_column *nb_tpl_review_groups(size_t *n);

/** Named patterns outside the row tables (headings, title, evidence). */
typedef enum pat_id {
	PAT_NUMBERING,       /* one numbering prefix: 一、 (一) 1. 1、 (1) */
	PAT_HEADING_1,       /* 一、总体情况 */
	PAT_HEADING_2,
	PAT_HEADING_3,
	PAT_HEADING_4,
	PAT_HEADING_5,
	PAT_HEADING_6,
	PAT_HEADING_NUMERAL, /* a first-level heading number: 一、 or 一 */
	PAT_TITLE,           /* 政府信息公开 … 年度报告 */
	PAT_TITLE_YEAR,      /* (agency)(year)年度?… */
	PAT_EVIDENCE_2021_AD,
	PAT_EVIDENCE_2019_AD,
	PAT_EVIDENCE_2021_APP,
	PAT_EVIDENCE_2019_APP,
	PAT_UNIT,            /* a unit in brackets: (万元) (单位:元) */
	PAT_HEADER_WORD,     /* 信息内容, 申请人情况, 法人或其他组织 … */
	PAT_ITEM,            /* a numbered item in prose: （一） 一、 1. */
	PAT_CLOSED,          /* prose that ends a sentence: 。 ！ ？ ； ： */
	PAT_RUNNING_TAIL,    /* what follows the agency in a running header */
	PAT_AGENCY,          /* a line that names a government body */
	PAT_COUNT
} pat_id;

struct nb_schema {
	const nb_normalizer *norm;
	pcre2_code *named[PAT_COUNT];
	/* match, depth and heap limits of every match the schema runs
	 * (nb_schema_exec): a hostile cell fails to match instead of
	 * backtracking for minutes */
	pcre2_match_context *match_context;
	/* compiled row/column patterns, keyed by their source string */
	struct compiled {
		const char *source;
		pcre2_code *code;
	} *compiled;
	size_t n_compiled;
};

/** The compiled form of a pattern string taken from the template tables
 *  (NULL if `source` is not one of them). */
const pcre2_code *nb_schema_pattern(const nb_schema *schema, const char *source);

/** pcre2_match of `re` over the whole of `subject` under the schema's
 *  limits: the number of captures plus one, or a negative pcre2 code (no
 *  match, or a limit hit, which callers count as no match).  `md` is match
 *  data owned by the caller (one per build). */
int nb_schema_exec(const nb_schema *schema, const pcre2_code *re,
                   const char *subject, pcre2_match_data *md);

/** True when `re` matches somewhere in `subject` (nb_schema_exec >= 0). */
bool nb_schema_match(const nb_schema *schema, const pcre2_code *re,
                     const char *subject, pcre2_match_data *md);

/* ---- classified lines (lines.c) ---------------------------------------- */

/* A cell as the schema sees it: its text in the forms it needs and its
 * place in the grid.  c0/c1 are grid column coordinates (the first column
 * and one past the last; a piece of a run gets fractional ones): the table
 * walk orders and aligns cells by them, never by page positions.  The box
 * is carried for provenance only. */
typedef struct sc_cell {
	const char *match;   /* MATCH form, white space removed */
	const char *prose;   /* PROSE form as the doc holds it */
	const char *raw;     /* as extracted */
	const char *spaced;  /* with the spaces as printed: raw for a whole
	                        cell, the PROSE piece of a part */
	bool may_join;       /* a run that may hold several cells' words */
	nb_token_kind kind;
	double value;
	const char *unit;    /* unit suffix of a NUMBER, or NULL */
	unsigned how;        /* NB_READ_*: how the number was read */
	bool joined;         /* digits wrapped onto the next line, joined */
	bool used;           /* the table walk placed it, read it as a label
	                        or header, or covered it by a diagnostic */
	double c0, c1;       /* grid columns */
	double box[4];       /* x0 y0 x1 y1 on the page (provenance) */
	/* provenance where there are no pages and boxes: a reader's grid
	 * (1-based table, row, column; 0 when the cell is from lines) and the
	 * document line (1-based; 0 for a reader's grid) */
	size_t table, row, column, line;
	/* read by OCR (nb_grid_cell.confidence ≥ 0): how sure, 0..1 */
	bool ocr;
	double confidence;
} sc_cell;

/* Below this an agency read by OCR gets an ocr_text_doubtful warning
 * (tesseract's confidence in the title line, 0..1: a misread character
 * shows as a line under 0.9, a clean one reads 0.89-0.96). */
#define SC_OCR_TEXT_CONFIDENCE 0.90

/* Below this an OCR'd number gets an ocr_low_confidence warning naming
 * its cell (tesseract's mean confidence over the cell, 0..1). */
#define SC_OCR_LOW_CONFIDENCE NB_OCR_LOW_CONFIDENCE
/* An OCR'd number below this in a rule instance that does not add up gets
 * ocr_check_failed naming it: the check cross-validates the reading. */
#define SC_OCR_CHECK_CONFIDENCE 0.90

/* One line of the document as the schema walks it: a grid row (with the
 * document line it came from, if any) or a document line outside grids. */
typedef struct sc_line {
	int page;
	size_t line;         /* index into doc->lines, or NB_NO_LINE */
	sc_cell *cells;
	size_t n_cells;
	size_t n_values;     /* NUMBER/BLANK cells (and unreadable slots) */
	size_t first_value;  /* index of the first value cell, n_cells if none */
	const char *label;   /* compact MATCH text of the label cells, numbering
	                        prefixes removed from each cell */
	const char *text;    /* compact MATCH text of every cell, as printed */
	const char *doubt;   /* the reader's doubt about the row's cells
	                        (nb_grid_row.doubt), or NULL */
	bool doubt_said;     /* a warning has named the row for it */
	const char *blank_row; /* the field of a template row left blank whose
	                          label this line holds, or NULL (a number left
	                          in no cell just below it may be the row's) */
} sc_line;

/* Per-build working state. */
typedef struct sc_ctx {
	const nb_schema *schema;
	const nb_doc *doc;
	nb_arena *arena;          /* working memory of this build */
	pcre2_match_data *md;
	sc_line *lines;           /* the document in reading order: grid rows
	                             and the lines outside grids */
	size_t n_lines;
	json_t *diagnostics;      /* array being filled */
} sc_ctx;

void nb_sc_lines_build(sc_ctx *ctx);

/** The document line behind walk line `i` (an empty line for a grid row
 *  that has none), for the free text. */
const nb_line *nb_sc_doc_line(const sc_ctx *ctx, size_t i);

/** Does the named pattern `id` match somewhere in `text` (under the
 *  schema's limits, with the build's match data)? */
bool nb_sc_match(const sc_ctx *ctx, pat_id id, const char *text);

/** True when a cell holds a value slot (number, printed blank). */
bool nb_sc_cell_is_value(const sc_cell *cell);

/** Remove numbering prefixes (一、 (一) 1. …) from the front of `text`. */
const char *nb_sc_strip_numbering(const sc_ctx *ctx, const char *text);

/** Append a diagnostic {level, code, message, page (0 → null), field}:
 *  `field` is the dotted JSON path it concerns (the contract's
 *  "Diagnostics"), or NULL for none (then the key is left out). */
void nb_sc_diag(sc_ctx *ctx, const char *level, const char *code, int page,
             const char *field, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;

/** A number as JSON: an integer when integral, else a real. */
json_t *nb_sc_number(double value);

/* ---- layout (layout.c) -------------------------------------------------- */

enum { SEC_OVERVIEW = 0, SEC_ACTIVE, SEC_APPLICATIONS, SEC_REVIEWS,
       SEC_PROBLEMS, SEC_OTHER, SEC_COUNT };

typedef struct sc_layout {
	/* line index of each heading, or -1; a section's body runs from the
	 * heading's next line to the next heading found (or the end) */
	long heading[SEC_COUNT];
	size_t body_start[SEC_COUNT], body_end[SEC_COUNT];
	bool has_title;
	const char *agency;  /* NULL when not found */
	int year;            /* 0 when not found */
} sc_layout;

void nb_sc_layout_find(sc_ctx *ctx, sc_layout *layout);

/** How the lines of the table sections (二, 三, 四) hold their numbers
 *  (build.c), blank lines aside. */
typedef struct sc_layout_signs {
	size_t lone;      /* lines of one value and nothing else */
	size_t rows;      /* lines of several cells, values among them */
	size_t labelled;  /* lines holding a label and values */
	size_t stacked;   /* lines of values with no label right under
	                     another such line */
} sc_layout_signs;

void nb_sc_layout_signs(const sc_ctx *ctx, const sc_layout *layout,
                        sc_layout_signs *signs);

/** Do the signs say the numbers stand away from their labels (text
 *  extracted without its layout: unsupported_text_layout)? */
bool nb_sc_numbers_apart(const sc_layout_signs *signs);

/** Where each report of a compilation starts (line indices into
 *  ctx->lines, at most `max`): the first, and every 一、总体情况 heading that
 *  follows a 三 or later heading, each moved back to its title.  Returns
 *  the count (1 for a single report). */
size_t nb_sc_report_starts(sc_ctx *ctx, size_t *starts, size_t max);

/** The free text of lines [start, end) as one string (paragraphs joined
 *  by "\n"), or NULL when there is none.  A running header naming
 *  `agency` (may be NULL) is cut out. */
char *nb_sc_prose(sc_ctx *ctx, size_t start, size_t end, const char *agency);

/* ---- tables (tables.c) ------------------------------------------------- */

/** One rebuilt cell: value (has_value), or null; where it came from. */
typedef struct sc_value {
	bool present;        /* the report printed something here */
	bool has_value;      /* a number (else null) */
	double value;
	const sc_cell *cell; /* source cell for provenance, or NULL */
	int page;
} sc_value;

/** A rebuilt table: rows × columns of one tpl_table. */
typedef struct sc_table {
	const tpl_table *tpl;
	sc_value **cells;    /* [row][column] */
	bool *found;         /* row found in the text */
	int *page;           /* page of the row, 0 if unknown */
	bool *by_column;     /* fewer numbers than columns: placed by the
	                        columns they stand in */
} sc_table;

/** Rows of 三 placed by their columns, under a column whose checks
 *  (outcome_total, balance) fail in `checks`: row_columns_doubtful on each
 *  (their numbers may stand one column off). */
void nb_sc_doubt_placed_rows(sc_ctx *ctx, const sc_table *applications,
                             const json_t *checks);

/** Rebuild `tpl` from lines [start, end).  Warnings go to diagnostics. */
void nb_sc_table_rebuild(sc_ctx *ctx, const tpl_table *tpl, size_t start,
                      size_t end, const char *section, sc_table *out);

/** value_not_placed infos for what holds digits in lines [start, end) and
 *  no table walk accounted for (call after the walks of that section). */
void nb_sc_report_unplaced(sc_ctx *ctx, size_t start, size_t end,
                           const char *section);

/** Rebuild 四: 3 groups × 5 columns from lines [start, end); returns false
 *  (cells all null, a warning given) when the numbers do not fit. */
bool nb_sc_reviews_rebuild(sc_ctx *ctx, size_t start, size_t end,
                        sc_value out[3][5]);

/** For a label read by OCR that no pattern matched: the row of `tpl` not
 *  yet `taken` whose template label is fewest edits away (its Chinese
 *  characters only; a quarter of them at most), or -1 when none is, or two
 *  are equally near (fuzzy.c). */
long nb_sc_fuzzy_row(const tpl_table *tpl, const bool *taken,
                     const char *label);

/** The same for a column header read by OCR that no header pattern
 *  matched: the key of the column of `tpl` whose template label is fewest
 *  edits away (the header no more than a quarter longer), or NULL. */
const char *nb_sc_fuzzy_column(const tpl_table *tpl, const char *text);

/** Code points in the first `len` bytes of UTF-8 `text` (a cell's width
 *  in characters, for placing split cells). */
size_t nb_sc_codepoints(const char *text, size_t len);
/** Whether NUL-terminated `text` has more than `max` code points; reads no
 *  further than the code point after the max-th (a heading test on a
 *  paragraph need not count all of it). */
bool nb_sc_longer_than(const char *text, size_t max);

#endif
