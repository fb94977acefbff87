/*
 * text.c — the text reader: UTF-8 report text into an nb_doc.
 *
 * Reports reach us as text in two shapes: tab-separated (a table copied out
 * of Word or a spreadsheet: one cell per tab field) and space-aligned
 * (pdftotext -layout: columns made of runs of spaces).  This file checks the
 * bytes first (binary garbage, GBK/GB18030, empty, too large), then cuts
 * each line into cells so that text and PDF input meet in the same
 * line-and-cell form:
 *  - a line with a tab: one cell per non-empty tab field, x0 = field index;
 *  - otherwise: cells split at runs of two or more columns of white space
 *    (U+3000 counts two) and at single spaces between two numeric tokens
 *    ("0 0 0" is three cells), x0/x1 = text columns.  pdftotext -layout
 *    pads by characters (a CJK character is one column), an editor aligns
 *    by display width (East Asian wide = 2, utf8proc_charwidth); both are
 *    measured and the document keeps the one in which its numbers line up
 *    (fewer distinct cell edges; ties go to characters).  Text whose cells
 *    are cut at single spaces only (no tab, hardly any run of spaces) is
 *    marked `unaligned`: its columns line up with nothing.
 * y is the 1-based line number; a form feed (pdftotext's page break)
 * starts a new page.  Text over the text limits of base.h (bytes, lines,
 * cells) is refused as too_large.  Cell text is copied as extracted (raw == text);
 * normalize fills text later.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "extract.h"
#include "encoding_internal.h"
#include "text_internal.h"

enum {
	SNIFF_BYTES = 64 * 1024, /* bytes examined for binary content */
};

/* ---- byte-level checks ---- */

bool nb_text_looks_binary(const unsigned char *data, size_t len)
{
	size_t sample = len < SNIFF_BYTES ? len : SNIFF_BYTES;
	size_t controls = 0;
	for (size_t i = 0; i < sample; i++) {
		unsigned char c = data[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
		     c != '\f' && c != '\v' && c != 0x1A) ||
		    c == 0x7F)
			controls++;
	}
	/* Text has at most a stray control byte; binary data has one in
	 * eight (uniform bytes) or long runs of NULs. */
	return (controls >= 4 || controls == sample) && controls * 100 > sample;
}

bool nb_text_looks_utf16(const unsigned char *data, size_t len)
{
	if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
	                 (data[0] == 0xFE && data[1] == 0xFF)))
		return true;
	size_t sample = len < SNIFF_BYTES ? len : SNIFF_BYTES;
	size_t nul_at[2] = {0, 0};
	for (size_t i = 0; i < sample; i++)
		if (!data[i])
			nul_at[i % 2]++;
	/* UTF-16 without a byte-order mark: the zero high bytes of ASCII
	 * characters fall on every other byte. */
	size_t nuls = nul_at[0] + nul_at[1];
	size_t major = nul_at[0] > nul_at[1] ? nul_at[0] : nul_at[1];
	return nuls * 10 > sample && major * 10 >= nuls * 9;
}

/* Length of the valid UTF-8 sequence at data[i] (1..4), or 0. */
static size_t S_utf8_length(const unsigned char *data, size_t len, size_t i)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate(data + i,
	                                      (utf8proc_ssize_t)(len - i), &cp);
	return n > 0 ? (size_t)n : 0;
}

void nb_text_utf8_count(const unsigned char *data, size_t len,
                        size_t *valid_multibyte, size_t *invalid)
{
	*valid_multibyte = *invalid = 0;
	for (size_t i = 0; i < len;) {
		if (data[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = S_utf8_length(data, len, i);
		if (n) {
			(*valid_multibyte)++;
			i += n;
		} else {
			(*invalid)++;
			i++;
		}
	}
}

bool nb_text_looks_gbk(const unsigned char *data, size_t len)
{
	size_t pairs = 0, strays = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = data[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		unsigned char next = i + 1 < len ? data[i + 1] : 0;
		if (c >= 0x81 && c <= 0xFE && next >= 0x30 && next <= 0x39 &&
		    i + 3 < len && data[i + 2] >= 0x81 && data[i + 2] <= 0xFE &&
		    data[i + 3] >= 0x30 && data[i + 3] <= 0x39) {
			pairs++; /* GB18030 four-byte sequence */
			i += 4;
		} else if (c >= 0x81 && c <= 0xFE && next >= 0x40 &&
		           next <= 0xFE && next != 0x7F) {
			pairs++;
			i += 2;
		} else {
			strays++;
			i++;
		}
	}
	return pairs > 0 && strays * 20 <= pairs;
}

/* Invalid sequences become U+FFFD (EF BF BD); a malloc'd copy. */
static unsigned char *S_repair_utf8(const unsigned char *data, size_t len,
                                    size_t *out_len)
{
	unsigned char *out = nb_xmalloc(len * 3 + 1);
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		size_t n = data[i] < 0x80 ? 1 : S_utf8_length(data, len, i);
		if (n) {
			memcpy(out + o, data + i, n);
			o += n;
			i += n;
		} else {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		}
	}
	*out_len = o;
	return out;
}

/* ---- cutting one line into cells ---- */

/* A growable array of cells (malloc'd, copied into the arena at the end of
 * each line). */
typedef struct cell_vec {
	nb_cell *items;
	double (*char_x)[2]; /* character columns of each cell, beside x0/x1 */
	size_t len, cap;
	size_t max;          /* cells this line may keep: one past the text
	                        limit, which then refuses the document */
} cell_vec;

/* A cell's extent in both metrics of a space-aligned line: display columns
 * (x0, x1) and character columns (cx0, cx1).  Tab fields pass the field
 * index as both. */
typedef struct cell_cols {
	double x0, x1, cx0, cx1;
} cell_cols;

static void S_cell_push(cell_vec *vec, nb_arena *arena, const char *text,
                        size_t len, cell_cols cols, double y)
{
	if (vec->len >= vec->max)
		return;
	if (vec->len == vec->cap) {
		vec->cap = vec->cap ? vec->cap * 2 : 16;
		vec->items = nb_xrealloc(vec->items, vec->cap * sizeof *vec->items);
		vec->char_x = nb_xrealloc(vec->char_x,
		                          vec->cap * sizeof *vec->char_x);
	}
	vec->char_x[vec->len][0] = cols.cx0;
	vec->char_x[vec->len][1] = cols.cx1;
	nb_cell *cell = &vec->items[vec->len++];
	cell->raw = cell->text = nb_arena_strndup(arena, text, len);
	cell->x0 = cols.x0;
	cell->x1 = cols.x1;
	cell->y0 = cell->y1 = y;
}

static bool S_is_space_cp(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\v' || cp == 0xA0 ||
	       cp == 0x3000;
}

/* The code point at s[i] and its byte length (invalid bytes were already
 * replaced, but stay safe). */
static int32_t S_next_cp(const char *s, size_t len, size_t i, size_t *n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
	                                      (utf8proc_ssize_t)(len - i), &cp);
	if (r <= 0) {
		*n = 1;
		return 0xFFFD;
	}
	*n = (size_t)r;
	return cp;
}

/* Trim white space (ASCII and U+3000) from both ends of [*start, *end). */
static void S_trim(const char *s, size_t *start, size_t *end)
{
	while (*start < *end) {
		size_t n;
		int32_t cp = S_next_cp(s, *end, *start, &n);
		if (!S_is_space_cp(cp))
			break;
		*start += n;
	}
	while (*end > *start) {
		size_t back = 1;
		while (back < *end - *start && back < 4 &&
		       ((unsigned char)s[*end - back] & 0xC0) == 0x80)
			back++;
		size_t n;
		int32_t cp = S_next_cp(s, *end, *end - back, &n);
		if (!S_is_space_cp(cp))
			break;
		*end -= back;
	}
}

static size_t S_split_tabs(const char *s, size_t len, double y,
                           nb_arena *arena, cell_vec *cells)
{
	size_t field = 0, start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '\t')
			continue;
		size_t a = start, b = i;
		S_trim(s, &a, &b);
		if (b > a) {
			cell_cols cols = {(double)field, (double)field + 1,
			                  (double)field, (double)field + 1};
			S_cell_push(cells, arena, s + a, b - a, cols, y);
		}
		field++;
		start = i + 1;
	}
	return field;
}

static bool S_is_dash_run(const char *s, size_t len)
{
	static const char *const dashes[] = {"-", "\xE2\x80\x94", "\xE2\x80\x93",
	                                     "\xEF\xBC\x8D", NULL};
	size_t at = 0;
	while (at < len) {
		size_t matched = 0;
		for (size_t d = 0; dashes[d] && !matched; d++) {
			size_t n = strlen(dashes[d]);
			if (n <= len - at && !memcmp(s + at, dashes[d], n))
				matched = n;
		}
		if (!matched)
			return false;
		at += matched;
	}
	return len > 0;
}

bool nb_text_is_numeric_token(const char *s, size_t len)
{
	/* A dash run printed for an empty cell ("-", "—", "--") also
	 * separates numbers in a row. */
	if (S_is_dash_run(s, len))
		return true;
	bool digit = false;
	size_t i = 0;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			digit = true;
		else if (c != '.' && c != ',' && !(c == '%' && i + 1 == len))
			return false;
	}
	return digit;
}

/* One word of a space-aligned line: bytes [start, end), display columns
 * [col0, col1), character columns [ccol0, ccol1), and the white space
 * before it in columns (U+3000 counting two). */
typedef struct word {
	size_t start, end;
	int col0, col1, ccol0, ccol1, gap;
} word;

static void S_push_words(cell_vec *cells, nb_arena *arena, const char *s,
                         const word *first, const word *last, double y)
{
	cell_cols cols = {first->col0, last->col1, first->ccol0, last->ccol1};
	S_cell_push(cells, arena, s + first->start, last->end - first->start,
	            cols, y);
}

/* Does `current` start a new cell after `prev`? */
static bool S_starts_cell(const char *s, const word *prev,
                          const word *current)
{
	return current->gap >= 2 ||
	       (nb_text_is_numeric_token(s + prev->start,
	                                 prev->end - prev->start) &&
	        nb_text_is_numeric_token(s + current->start,
	                                 current->end - current->start));
}

/* Cuts `s` into cells; true when a cut was made at a run of white space
 * (two columns or more), false when every cut fell at a single space
 * between numbers. */
static bool S_split_columns(const char *s, size_t len, double y,
                            nb_arena *arena, cell_vec *cells)
{
	bool aligned = false;
	word current = {0}, first = {0}, prev = {0};
	bool in_word = false, have_cell = false;
	int col = 0, ccol = 0, gap = 0;
	for (size_t i = 0; i <= len;) {
		size_t n = 1;
		int32_t cp = i < len ? S_next_cp(s, len, i, &n) : ' ';
		bool space = i == len || S_is_space_cp(cp);
		if (space && in_word) {
			current.end = i;
			current.col1 = col;
			current.ccol1 = ccol;
			if (!have_cell || S_starts_cell(s, &prev, &current)) {
				if (have_cell) {
					S_push_words(cells, arena, s, &first, &prev, y);
					aligned = aligned || current.gap >= 2;
				}
				first = current;
				have_cell = true;
			}
			prev = current;
			in_word = false;
			gap = 0;
		}
		if (i == len)
			break;
		int width = utf8proc_charwidth(cp);
		if (width < 0)
			width = 0;
		if (space) {
			gap += cp == 0x3000 ? 2 : 1;
		} else if (!in_word) {
			current.start = i;
			current.col0 = col;
			current.ccol0 = ccol;
			current.gap = gap;
			in_word = true;
		}
		col += space && !width ? 1 : width;
		ccol += utf8proc_category(cp) == UTF8PROC_CATEGORY_MN ? 0 : 1;
		i += n;
	}
	if (have_cell)
		S_push_words(cells, arena, s, &first, &prev, y);
	return aligned;
}

/* ---- the document ---- */

/* A cell of a space-aligned line and its extent in character columns,
 * kept until the document's column metric is chosen. */
typedef struct char_extent {
	nb_cell *cell;
	double cx0, cx1;
} char_extent;

typedef struct line_vec {
	nb_line *items;
	size_t len, cap;
	size_t tab_rows, column_rows; /* lines with >= 2 cells, by splitter */
	size_t gap_rows;              /* column rows cut at a run of spaces */
	size_t n_cells;               /* cells of all lines */
	char_extent *extents;         /* cells of space-aligned lines */
	size_t n_extents, extents_cap;
} line_vec;

static void S_keep_extents(line_vec *lines, nb_line *line,
                           const cell_vec *cells)
{
	for (size_t c = 0; c < cells->len; c++) {
		if (lines->n_extents == lines->extents_cap) {
			lines->extents_cap = lines->extents_cap
			                             ? lines->extents_cap * 2
			                             : 256;
			lines->extents = nb_xrealloc(
				lines->extents,
				lines->extents_cap * sizeof *lines->extents);
		}
		char_extent *e = &lines->extents[lines->n_extents++];
		e->cell = &line->cells[c];
		e->cx0 = cells->char_x[c][0];
		e->cx1 = cells->char_x[c][1];
	}
}

static void S_add_line(line_vec *lines, nb_arena *arena, const char *s,
                       size_t len, int page, double y)
{
	cell_vec cells = {.max = NB_TEXT_MAX_CELLS + 1 - lines->n_cells};
	bool tabbed = memchr(s, '\t', len) != NULL, aligned = false;
	size_t n_fields = 0;
	if (tabbed)
		n_fields = S_split_tabs(s, len, y, arena, &cells);
	else
		aligned = S_split_columns(s, len, y, arena, &cells);
	if (cells.len >= 2) {
		if (tabbed)
			lines->tab_rows++;
		else
			lines->column_rows++;
		lines->gap_rows += aligned;
	}
	if (lines->len == lines->cap) {
		lines->cap = lines->cap ? lines->cap * 2 : 256;
		lines->items = nb_xrealloc(lines->items,
		                           lines->cap * sizeof *lines->items);
	}
	nb_line *line = &lines->items[lines->len++];
	memset(line, 0, sizeof *line);
	line->page = page;
	line->y0 = line->y1 = y;
	line->n_fields = n_fields;
	line->n_cells = cells.len;
	lines->n_cells += cells.len;
	if (cells.len) {
		line->cells = nb_arena_alloc(arena, cells.len * sizeof(nb_cell));
		memcpy(line->cells, cells.items, cells.len * sizeof(nb_cell));
		if (!tabbed)
			S_keep_extents(lines, line, &cells);
	}
	free(cells.items);
	free(cells.char_x);
}

/* Split `s` into lines at LF, CRLF and CR; a form feed ends the line and
 * starts a new page.  Control bytes other than tab become spaces.  Stops
 * with NB_ERR_LIMIT once the lines or their cells pass the text limits
 * (base.h), before more of them are kept. */
static nb_status S_read_lines(char *s, size_t len, nb_arena *arena,
                              line_vec *lines, nb_error *err)
{
	int page = 1;
	size_t start = 0, number = 0;
	for (size_t i = 0; i <= len; i++) {
		char c = i < len ? s[i] : '\n';
		if (c != '\n' && c != '\r' && c != '\f') {
			if ((unsigned char)c < 0x20 && c != '\t')
				s[i] = ' ';
			continue;
		}
		bool empty_before_ff = c == '\f' && i == start;
		if (!empty_before_ff && !(i == len && i == start && number > 0))
			S_add_line(lines, arena, s + start, i - start, page,
			           (double)++number);
		if (lines->len > NB_TEXT_MAX_LINES)
			return nb_error_set(err, NB_ERR_LIMIT, 0,
			                    "text has more than %d lines, over "
			                    "the limit for text input",
			                    NB_TEXT_MAX_LINES);
		if (lines->n_cells > NB_TEXT_MAX_CELLS)
			return nb_error_set(err, NB_ERR_LIMIT, 0,
			                    "text has more than %d cells, over "
			                    "the limit for text input",
			                    NB_TEXT_MAX_CELLS);
		if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
			i++;
		if (c == '\f')
			page++;
		start = i + 1;
	}
	return NB_OK;
}

static nb_status S_check_bytes(const unsigned char *data, size_t len,
                               size_t max, nb_error *err)
{
	if (len > max)
		return nb_error_set(err, NB_ERR_LIMIT, 0,
		                    "input is %zu bytes, over the limit of %zu",
		                    len, max);
	if (len == 0)
		return nb_error_set(err, NB_ERR_EMPTY, 0, "empty input");
	if (nb_text_looks_utf16(data, len))
		return nb_error_set(err, NB_ERR_NOT_UTF8, 0,
		                    "not UTF-8 (looks like UTF-16)");
	if (nb_text_looks_binary(data, len))
		return nb_error_set(err, NB_ERR_NOT_PDF, 0,
		                    "binary data, neither PDF nor text");
	if (len > NB_TEXT_MAX_BYTES)
		return nb_error_set(err, NB_ERR_LIMIT, 0,
		                    "text input is %zu bytes, over the limit of "
		                    "%zu for text (a report's text is under "
		                    "1 MB)", len, NB_TEXT_MAX_BYTES);
	size_t valid, invalid;
	nb_text_utf8_count(data, len, &valid, &invalid);
	/* A stray bad byte in a UTF-8 file is repaired (U+FFFD, with a
	 * warning); a file where more than one non-ASCII sequence in twenty
	 * is invalid is in another encoding. */
	if (invalid && invalid * 20 > valid) {
		if (nb_text_looks_gbk(data, len))
			return nb_error_set(err, NB_ERR_NOT_UTF8, 0,
			                    "not UTF-8 (looks like GBK/GB18030)");
		return nb_error_set(err, NB_ERR_NOT_UTF8, 0,
		                    "not UTF-8 (%zu invalid bytes)", invalid);
	}
	return NB_OK;
}

static int S_compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Number of distinct values in `values` (sorted in place). */
static size_t S_distinct(double *values, size_t n)
{
	qsort(values, n, sizeof *values, S_compare_double);
	size_t distinct = 0;
	for (size_t i = 0; i < n; i++)
		distinct += i == 0 || values[i] != values[i - 1];
	return distinct;
}

/* How well the numbers of space-aligned lines line up when measured one
 * way (`which`: 0 display columns, 1 character columns): the fewer the
 * distinct left or right edges, the better. */
static size_t S_alignment_score(const line_vec *lines, int which)
{
	double *left = nb_xmalloc((lines->n_extents + 1) * sizeof *left);
	double *right = nb_xmalloc((lines->n_extents + 1) * sizeof *right);
	size_t n = 0;
	for (size_t i = 0; i < lines->n_extents; i++) {
		const char_extent *e = &lines->extents[i];
		const char *text = e->cell->text;
		if (!nb_text_is_numeric_token(text, strlen(text)))
			continue;
		left[n] = which ? e->cx0 : e->cell->x0;
		right[n] = which ? e->cx1 : e->cell->x1;
		n++;
	}
	size_t distinct_left = S_distinct(left, n);
	size_t distinct_right = S_distinct(right, n);
	free(left);
	free(right);
	return distinct_left < distinct_right ? distinct_left : distinct_right;
}

/* Space-aligned text comes from pdftotext -layout (one column per
 * character, CJK included) or from an editor that aligns by display width
 * (CJK counting two).  Keep the metric in which the numbers line up. */
static void S_choose_columns(line_vec *lines)
{
	if (S_alignment_score(lines, 0) < S_alignment_score(lines, 1))
		return;
	for (size_t i = 0; i < lines->n_extents; i++) {
		lines->extents[i].cell->x0 = lines->extents[i].cx0;
		lines->extents[i].cell->x1 = lines->extents[i].cx1;
	}
}

static bool S_has_cells(const line_vec *lines)
{
	for (size_t i = 0; i < lines->len; i++)
		if (lines->items[i].n_cells)
			return true;
	return false;
}

nb_status nb_text_check_bytes(const unsigned char *data, size_t len,
                              const nb_limits *limits, nb_error *err)
{
	return S_check_bytes(data, len, nb_limits_input_bytes(limits), err);
}

char *nb_text_repair(const unsigned char *data, size_t len, size_t *out_len)
{
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
	}
	char *text = (char *)S_repair_utf8(data, len, out_len);
	text[*out_len] = '\0';
	return text;
}

/*
 * Text in a legacy encoding, converted to UTF-8 (malloc'd, *encoding its
 * name): UTF-16 with a byte-order mark or with the NUL bytes of UTF-16,
 * or bytes that are not UTF-8 and convert strictly from GB18030 (GBK and
 * GB2312 are its subsets).  NULL leaves the bytes to S_check_bytes, which
 * refuses what no known encoding reads.
 */
static char *S_decode_legacy(const unsigned char *data, size_t len,
                             size_t *out_len, const char **encoding)
{
	size_t bom_len;
	const char *from = nb_enc_bom(data, len, &bom_len);
	if (from && !strcmp(from, "UTF-8"))
		return NULL;
	if (!from && nb_text_looks_utf16(data, len)) {
		size_t odd = 0, even = 0;
		for (size_t i = 0; i < len && i < 4096; i++)
			if (!data[i])
				*(i % 2 ? &odd : &even) += 1;
		from = odd > even ? "UTF-16LE" : "UTF-16BE";
	}
	if (!from) {
		size_t valid, invalid;
		nb_text_utf8_count(data, len, &valid, &invalid);
		if (!invalid || invalid * 20 <= valid)
			return NULL;
		from = "GB18030";
	}
	char *text = nb_enc_to_utf8(from, data + bom_len, len - bom_len, out_len);
	if (text)
		*encoding = from;
	return text;
}

nb_status nb_extract_text(const unsigned char *data, size_t len,
                          const nb_limits *limits, nb_doc **out, nb_error *err)
{
	*out = NULL;
	size_t max = nb_limits_input_bytes(limits);
	if (len > max)
		return S_check_bytes(data, len, max, err);
	const char *encoding = NULL;
	size_t decoded_len = 0;
	char *decoded = len > NB_TEXT_MAX_BYTES
	                        ? NULL
	                        : S_decode_legacy(data, len, &decoded_len,
	                                          &encoding);
	if (decoded) {
		data = (const unsigned char *)decoded;
		len = decoded_len;
	}
	nb_status status = S_check_bytes(data, len, max, err);
	if (status != NB_OK) {
		free(decoded);
		return status;
	}
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
	}
	size_t valid, invalid;
	nb_text_utf8_count(data, len, &valid, &invalid);
	size_t text_len;
	char *text = (char *)S_repair_utf8(data, len, &text_len);

	nb_doc *doc = NULL;
	nb_arena *arena = nb_arena_new();
	line_vec lines = {0};
	status = S_read_lines(text, text_len, arena, &lines, err);
	free(text);
	free(decoded);
	if (status != NB_OK) {
		free(lines.extents);
		free(lines.items);
		nb_arena_free(arena);
		return status;
	}
	S_choose_columns(&lines);
	free(lines.extents);
	if (!S_has_cells(&lines)) {
		free(lines.items);
		nb_arena_free(arena);
		return nb_error_set(err, NB_ERR_EMPTY, 0,
		                    "only white space, no text");
	}
	doc = nb_arena_alloc(arena, sizeof *doc);
	doc->arena = arena;
	doc->kind = NB_SOURCE_TEXT;
	doc->encoding = encoding;
	doc->units = lines.tab_rows && lines.tab_rows >= lines.column_rows
	                     ? NB_UNITS_FIELDS
	                     : NB_UNITS_COLUMNS;
	/* no tab and (almost) no run of spaces between cells: the text of a
	 * converter that keeps no layout (plain pdftotext, pdftotext -raw,
	 * mutool, pdfminer, PyMuPDF); a stray double space in prose does not
	 * make columns */
	doc->unaligned = !lines.tab_rows && lines.gap_rows * 4 < lines.column_rows;
	doc->lines = nb_arena_alloc(arena, lines.len * sizeof(nb_line));
	memcpy(doc->lines, lines.items, lines.len * sizeof(nb_line));
	doc->n_lines = lines.len;
	free(lines.items);
	if (invalid) {
		char message[96];
		snprintf(message, sizeof message,
		         "%zu invalid UTF-8 bytes replaced by U+FFFD", invalid);
		doc->warnings = nb_arena_alloc(arena, sizeof *doc->warnings);
		doc->warnings[0] = nb_arena_strdup(arena, message);
		doc->n_warnings = 1;
	}
	*out = doc;
	return NB_OK;
}
