/*
 * normalize.h — the normalize stage: one text form for everything after it.
 *
 * Reports arrive with the noise of Word, WPS and PDF extractors: Kangxi
 * radicals and CJK Radicals Supplement code points where ideographs were
 * meant (⻔ for 门, ⼾ for 户), full-width digits, a dozen dash and quote
 * variants, spaces between CJK glyphs, page numbers and running headers in
 * the middle of a table, sentences broken by page breaks.  This stage maps
 * all of it to one form with utf8proc (NFKC) plus committed maps for what
 * NFKC misses, and pcre2 rules kept as data in one table (normalize/rules.c).
 *
 * Two forms of one string:
 *  - NB_NORM_MATCH: for table labels and numbers.  NFKC (full-width
 *    punctuation becomes ASCII), radicals fixed, every dash/quote/bracket
 *    variant folded to one ASCII form, all white space removed between CJK
 *    characters and collapsed elsewhere.
 *  - NB_NORM_PROSE: for free text shown to people.  Radicals fixed,
 *    full-width digits/letters/space become ASCII, spaces between CJK
 *    characters removed; Chinese punctuation (，。（）“”) kept as printed.
 */
#ifndef NB_NORMALIZE_H
#define NB_NORMALIZE_H

#include "../extract/extract.h"

/** Compiled rules (pcre2 patterns, JIT where available).  Build once per
 *  process and share read-only between documents. */
typedef struct nb_normalizer nb_normalizer;

/** How the patterns are compiled.  pcre2's JIT matches several times
 *  faster, but compiling with it costs ~1.5 ms and ~60 page faults per
 *  process: a process reading one or two documents is faster without it, a
 *  batch worker with it (bench/findings.md). */
typedef enum nb_regex_mode { NB_REGEX_INTERPRET, NB_REGEX_JIT } nb_regex_mode;

/** NULL only if a rule of normalize/rules.c does not compile (a build bug,
 *  reported as NB_ERR_IO naming the rule) or pcre2 runs out of memory.
 *  An nb_schema built on it compiles its own patterns in the same `mode`. */
nb_normalizer *nb_normalizer_new(nb_regex_mode mode, nb_error *err);
nb_regex_mode nb_normalizer_regex_mode(const nb_normalizer *norm);

/** Whether the JIT may be used at all: true, except under valgrind, whose
 *  memcheck misreads the JIT's vectorized reads (NB_REGEX_JIT then falls
 *  back to the interpreter). */
bool nb_regex_jit_wanted(void);
void nb_normalizer_free(nb_normalizer *norm);

/** The MATCH form nb_normalize_doc made of the cell text at `text` (that
 *  very address, a string of the document's arena), or NULL when it made
 *  none: the same string nb_normalize(norm, NB_NORM_MATCH, text, …) gives.
 *  Borrowed from the document. */
const char *nb_norm_match_lookup(const nb_doc *doc, const char *text);

#ifdef NB_CHECK_UTF8
/** Builds with NB_CHECK_UTF8 (sanitize, fuzz) only: abort unless `text` is
 *  valid UTF-8.  Normalized text always is, so pattern matches on it skip
 *  pcre2's own check; these builds make sure of it. */
void nb_norm_assert_utf8(const char *text);
#endif

typedef enum nb_norm_form { NB_NORM_MATCH, NB_NORM_PROSE } nb_norm_form;

/**
 * Normalize `len` bytes of UTF-8 `text` into the given form.  The result is
 * allocated from `arena`.  Invalid UTF-8 sequences become U+FFFD; control
 * and zero-width characters are dropped; every white-space character counts
 * as a space.  Never NULL.  The rules, in order, are the table of
 * normalize/rules.c; tests/normalize/rules.txt shows each at work.
 */
char *nb_normalize(const nb_normalizer *norm, nb_norm_form form,
                   const char *text, size_t len, nb_arena *arena);

/**
 * Normalize a document in place:
 *  - every cell's text becomes its NB_NORM_PROSE form (cell->raw keeps the
 *    extracted text); callers match labels with nb_normalize(..MATCH..);
 *  - page furniture lines (page numbers such as "- 3 -", "第 3 页", "3/12",
 *    a running header repeated on most pages) are removed;
 *  - a prose line broken mid-sentence (no closing punctuation, then blank
 *    lines or a page break, then a line that does not start a heading or a
 *    numbered item) is joined with the next;
 *  - a line holding only numbers is joined to the label-only line above it
 *    when the numbers stand to the right of the label (a wrapped label).
 *  - the lines become a grid (nb_normalize_grids), unless the reader made
 *    grids, whose cells are normalized instead.
 * Lines and cells are re-allocated from doc->arena.  Lines wrapped inside a
 * paragraph with no gap (layout text, PDF) are left as they are.  Always
 * returns NB_OK (normalize/doc.c says how each step decides).
 */
nb_status nb_normalize_doc(const nb_normalizer *norm, nb_doc *doc,
                           nb_error *err);

/**
 * The grid step of nb_normalize_doc alone (normalize/grid.c): one grid over
 * the lines of a document of positioned text whose cells are already in
 * PROSE form, or, when the reader made grids, their cells normalized.  For
 * tests and tools that build documents by hand.
 */
void nb_normalize_grids(const nb_normalizer *norm, nb_doc *doc);

/** Token classes of a normalized table cell. */
typedef enum nb_token_kind {
	NB_TOKEN_TEXT,    /**< anything else: a label */
	NB_TOKEN_NUMBER,  /**< a number, maybe with a unit: 495(万元), -3, 4068.208 */
	NB_TOKEN_BLANK,   /**< a printed "no number": — - / 无 0-width */
} nb_token_kind;

/**
 * Classify a normalized (NB_NORM_MATCH) cell text.  For NB_TOKEN_NUMBER,
 * *value receives the number and *unit (may be NULL) names the unit suffix
 * without brackets, or is NULL when there is none ("495(万元)" → 495,
 * "万元").  The unit string is static (normalize/rules.c, nb_token_units),
 * not a pointer into `text`, so that "495(万元)" and "495万元" give the same
 * NUL-terminated "万元".  Thousands separators count only in strict groups
 * of three ("1,234"); "×" is TEXT; "", dash runs, "/", "\", 无, 空, N/A are
 * BLANK (normalize/token.c says why).
 */
nb_token_kind nb_token_classify(const char *text, double *value,
                                const char **unit);

/** True when `text` is one or more ASCII digits and nothing else. */
bool nb_token_all_digits(const char *text);

/** How a cell's number was read beyond copying its printed digits. */
enum {
	NB_READ_MARKER = 1 << 0,     /**< footnote marker dropped: 6① 17¹ 5* 3※ */
	NB_READ_APPROX = 1 << 1,     /**< word of approximation dropped: 约5 */
	NB_READ_ANNOTATION = 1 << 2, /**< bracketed note dropped: 3705（含转办12） */
	NB_READ_JOINED = 1 << 3,     /**< digit groups one space apart joined: 1 0 */
	NB_READ_LETTERS = 1 << 4,    /**< letters read as digits: l0 → 10, O → 0 */
	NB_READ_STRAY = 1 << 5,      /**< a stroke one space off dropped (OCR of
	                                  a rule's edge): 214 | → 214 */
};

/** A cell as read: its class, number and unit, and how it was read. */
typedef struct nb_token_reading {
	nb_token_kind kind;
	double value;
	const char *unit;   /**< as nb_token_classify gives it */
	unsigned how;       /**< NB_READ_* (0: the printed digits as they are) */
} nb_token_reading;

/**
 * Read one cell's PROSE text as a careful coder would.  Footnote markers
 * are looked for first (NFKC would turn ① and ¹ into digits: 6① is not 61);
 * then the MATCH form is classified (nb_token_classify); when that says
 * TEXT, a word of approximation before the number (约, 近, 超过 …), a
 * bracketed note after it, markers, digit groups one space apart (a drawn
 * cell holding "1 0") and the letters l/I/O/o standing for digits are read
 * through, in that order, and `how` says which.  Anything else stays TEXT.
 * `match` is the MATCH form of `prose` when the caller has it (NULL: it is
 * made here).  Scratch strings come from `arena`.
 */
void nb_token_read(const nb_normalizer *norm, const char *prose,
                   const char *match, nb_arena *arena, nb_token_reading *out);

#endif
