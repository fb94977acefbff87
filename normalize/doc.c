/*
 * doc.c — nb_normalize_doc: the document pass of normalization.
 *
 * After extraction a document still carries what the page put around the
 * report: page numbers and running headers in the middle of the text,
 * sentences cut in two by a page break, and (in space-aligned text) the
 * numbers of a table row pushed onto a line of their own below a wrapped
 * label.  This pass, in order:
 *  1. turns every cell's text into its PROSE form (raw is kept) and drops
 *     cells that normalize to nothing;
 *  2. removes page furniture: page-number lines (rules.c), a lone small
 *     integer next to a page change or between two prose lines with a blank
 *     line beside it, and running headers: a short line opening a page (or
 *     following a page number in text without form feeds) that opens two
 *     or more pages, names the report or repeats a title line (kept on the
 *     first page, where it may be the title);
 *  3. joins a prose line broken mid-sentence with the prose line after the
 *     blank lines, page break or furniture that follow it;
 *  4. appends a line of numbers to the label-only line directly above it
 *     when every number starts right of the label;
 *  5. builds the grid of the positioned lines (grid.c).
 * Which line is what is decided by the line patterns of rules.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize_internal.h"

enum {
	HEADER_MAX_CHARS = 40, /* a running header is a short line */
	TITLE_LINES = 3,       /* lines at the top that make the title */
};

/* A cell text's MATCH form and token class, remembered by the text's
 * address: arena strings are never changed in place, so one address is
 * one text.  The memo stays with the document (doc->match_memo, in its
 * arena) for the schema to read (nb_norm_match_lookup). */
typedef struct kind_slot {
	const char *text;
	const char *match;
	nb_token_kind kind;
} kind_slot;

typedef struct nb_match_memo {
	kind_slot *slots;        /* open addressing, a power of two */
	size_t n, cap;
} kind_memo;

/* Working state: the document's lines plus a removal mark per line. */
typedef struct doc_pass {
	const nb_normalizer *norm;
	nb_doc *doc;
	bool *removed;
	const char **furniture;  /* why a removed line was furniture, or NULL */
	kind_memo *memo;         /* asked through a const pass */
} doc_pass;

/* ---- line helpers ---- */

/* The line's cells joined by one space, from the arena. */
static const char *S_line_text(nb_arena *arena, const nb_line *line)
{
	nb_buf buf = {0};
	nb_buf_append(&buf, "", 0);
	for (size_t i = 0; i < line->n_cells; i++) {
		if (i)
			nb_buf_append(&buf, " ", 1);
		nb_buf_append(&buf, line->cells[i].text,
		              strlen(line->cells[i].text));
	}
	const char *text = nb_arena_strdup(arena, buf.data);
	free(buf.data);
	return text;
}

static size_t S_slot(const kind_slot *slots, size_t cap, const char *text)
{
	size_t h = (size_t)(uintptr_t)text;
	h ^= h >> 17;
	h *= (size_t)0x9E3779B97F4A7C15u;
	size_t i = (h >> 7) & (cap - 1);
	while (slots[i].text && slots[i].text != text)
		i = (i + 1) & (cap - 1);
	return i;
}

/* The class of a cell's text (its MATCH form read as a token), computed
 * once per text: the passes below ask again and again of the same lines,
 * and a paragraph's MATCH form is dear. */
static nb_token_kind S_cell_kind(const doc_pass *pass, const nb_cell *cell)
{
	kind_memo *memo = pass->memo;
	if (memo->n * 2 >= memo->cap) {
		size_t cap = memo->cap ? memo->cap * 2 : 256;
		kind_slot *slots = nb_arena_alloc(pass->doc->arena,
		                                  cap * sizeof *slots);
		memset(slots, 0, cap * sizeof *slots);
		for (size_t i = 0; i < memo->cap; i++)
			if (memo->slots[i].text)
				slots[S_slot(slots, cap, memo->slots[i].text)] =
					memo->slots[i];
		memo->slots = slots;
		memo->cap = cap;
	}
	size_t i = S_slot(memo->slots, memo->cap, cell->text);
	if (!memo->slots[i].text) {
		const char *match = nb_normalize(pass->norm, NB_NORM_MATCH,
		                                 cell->text, strlen(cell->text),
		                                 pass->doc->arena);
		memo->slots[i] = (kind_slot){cell->text, match,
		                             nb_token_classify(match, NULL, NULL)};
		memo->n++;
	}
	return memo->slots[i].kind;
}

const char *nb_norm_match_lookup(const nb_doc *doc, const char *text)
{
	const kind_memo *memo = doc->match_memo;
	if (!memo || !memo->cap)
		return NULL;
	size_t i = S_slot(memo->slots, memo->cap, text);
	return memo->slots[i].text ? memo->slots[i].match : NULL;
}

static bool S_all_cells(const doc_pass *pass, const nb_line *line,
                        bool want_text)
{
	if (!line->n_cells)
		return false;
	for (size_t i = 0; i < line->n_cells; i++) {
		bool is_text = S_cell_kind(pass, &line->cells[i]) == NB_TOKEN_TEXT;
		if (is_text != want_text)
			return false;
	}
	return true;
}

static bool S_is(const doc_pass *pass, nb_line_pattern pattern,
                 const char *text)
{
	return nb_norm_line_is(pass->norm, pattern, text);
}

/* A prose line: one cell of text (not a number) with clause punctuation,
 * the shape of a paragraph's line as opposed to a title or label. */
static bool S_is_prose(const doc_pass *pass, const nb_line *line)
{
	return line->n_cells == 1 &&
	       S_is(pass, NB_LINE_CLAUSE, line->cells[0].text) &&
	       S_cell_kind(pass, &line->cells[0]) == NB_TOKEN_TEXT;
}

/* Index of the nearest kept line after/before `i` that has cells, or
 * (size_t)-1; *blank_between tells whether a blank line was passed. */
static size_t S_neighbour(const doc_pass *pass, size_t i, int step,
                          bool *blank_between)
{
	*blank_between = false;
	size_t n = pass->doc->n_lines;
	for (size_t j = i + (size_t)step; j < n; j += (size_t)step) {
		if (pass->removed[j])
			continue;
		if (!pass->doc->lines[j].n_cells) {
			*blank_between = true;
			continue;
		}
		return j;
	}
	return (size_t)-1;
}

/* ---- 1. cell text ---- */

static void S_normalize_cells(doc_pass *pass)
{
	nb_doc *doc = pass->doc;
	for (size_t i = 0; i < doc->n_lines; i++) {
		nb_line *line = &doc->lines[i];
		size_t kept = 0;
		for (size_t c = 0; c < line->n_cells; c++) {
			nb_cell cell = line->cells[c];
			const char *raw = cell.raw ? cell.raw : cell.text;
			cell.raw = raw;
			cell.text = nb_normalize(pass->norm, NB_NORM_PROSE, raw,
			                         strlen(raw), doc->arena);
			if (*cell.text)
				line->cells[kept++] = cell;
		}
		line->n_cells = kept;
	}
}

/* ---- 2. page furniture ---- */

static bool S_lone_page_number(const doc_pass *pass, size_t i,
                               const char *text)
{
	if (!S_is(pass, NB_LINE_LONE_NUMBER, text) || atoi(text) == 0)
		return false;
	const nb_line *lines = pass->doc->lines;
	bool blank_before, blank_after;
	size_t before = S_neighbour(pass, i, -1, &blank_before);
	size_t after = S_neighbour(pass, i, +1, &blank_after);
	bool page_change =
		(before != (size_t)-1 && lines[before].page != lines[i].page) ||
		(after != (size_t)-1 && lines[after].page != lines[i].page) ||
		(after == (size_t)-1 && pass->doc->kind == NB_SOURCE_PDF);
	if (page_change)
		return true;
	return (blank_before || blank_after) && before != (size_t)-1 &&
	       after != (size_t)-1 && S_is_prose(pass, &lines[before]) &&
	       S_is_prose(pass, &lines[after]);
}

static void S_remove_page_numbers(doc_pass *pass)
{
	nb_doc *doc = pass->doc;
	for (size_t i = 0; i < doc->n_lines; i++) {
		if (!doc->lines[i].n_cells)
			continue;
		const char *text = S_line_text(doc->arena, &doc->lines[i]);
		if (S_is(pass, NB_LINE_PAGE_NUMBER, text) ||
		    S_lone_page_number(pass, i, text)) {
			pass->removed[i] = true;
			pass->furniture[i] = "page number";
		}
	}
}

static size_t S_count_chars(const char *text)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

/* A running header candidate: the first kept line of a page segment (a
 * page, or the text after a page-number line in text without form feeds),
 * when it is one short cell that neither closes a sentence nor starts a
 * heading. */
typedef struct page_head {
	const char *text;
	size_t line;
	int segment;       /* 1-based */
	bool above_table;  /* the next line on the page has several cells */
} page_head;

static int S_compare_heads(const void *a, const void *b)
{
	const page_head *x = a, *y = b;
	int order = strcmp(x->text, y->text);
	return order ? order : (x->segment > y->segment) - (x->segment < y->segment);
}

static bool S_header_shaped(const doc_pass *pass, const nb_line *line)
{
	if (line->n_cells != 1)
		return false;
	const char *text = line->cells[0].text;
	return S_count_chars(text) <= HEADER_MAX_CHARS &&
	       !S_is(pass, NB_LINE_CLOSED, text) &&
	       !S_is(pass, NB_LINE_HEADING, text);
}

static bool S_above_table(const doc_pass *pass, size_t i)
{
	bool blank;
	size_t next = S_neighbour(pass, i, +1, &blank);
	return next != (size_t)-1 &&
	       pass->doc->lines[next].page == pass->doc->lines[i].page &&
	       pass->doc->lines[next].n_cells > 1;
}

static size_t S_page_heads(const doc_pass *pass, page_head *heads)
{
	const nb_doc *doc = pass->doc;
	size_t n = 0;
	int segment = 0, page = 0;
	bool boundary = true;
	for (size_t i = 0; i < doc->n_lines; i++) {
		const nb_line *line = &doc->lines[i];
		if (pass->removed[i]) /* only page numbers so far */
			boundary = true;
		if (pass->removed[i] || !line->n_cells)
			continue;
		if (line->page != page)
			boundary = true;
		page = line->page;
		if (!boundary)
			continue;
		boundary = false;
		segment++;
		if (S_header_shaped(pass, line))
			heads[n++] = (page_head){line->cells[0].text, i, segment,
			                         S_above_table(pass, i)};
	}
	return n;
}

/* The report's title lines: the first TITLE_LINES kept lines with text. */
static bool S_repeats_title(const doc_pass *pass, size_t line_index)
{
	const nb_doc *doc = pass->doc;
	const char *text = doc->lines[line_index].cells[0].text;
	int seen = 0;
	for (size_t i = 0; i < line_index && seen < TITLE_LINES; i++) {
		if (pass->removed[i] || !doc->lines[i].n_cells)
			continue;
		seen++;
		if (!strcmp(S_line_text(doc->arena, &doc->lines[i]), text))
			return true;
	}
	return false;
}

/* A running header opens a page segment after the first and either opens
 * two or more segments, names the report (ends in 年度报告/工作报告), or
 * repeats one of its title lines.  The first segment keeps it: there it
 * may be the title itself.  A line right above a table row that does not
 * name the report is a table's repeated column header: it stays. */
static void S_remove_running_headers(doc_pass *pass)
{
	page_head *heads = nb_xmalloc((pass->doc->n_lines + 1) * sizeof *heads);
	size_t n = S_page_heads(pass, heads);
	for (size_t k = 0; k < n; k++)
		if (heads[k].segment > 1 &&
		    (S_is(pass, NB_LINE_RUNNING_TITLE, heads[k].text) ||
		     (!heads[k].above_table &&
		      S_repeats_title(pass, heads[k].line)))) {
			pass->removed[heads[k].line] = true;
			pass->furniture[heads[k].line] = "running header";
		}
	qsort(heads, n, sizeof *heads, S_compare_heads);
	for (size_t run = 0; run < n;) {
		size_t end = run + 1;
		while (end < n && !strcmp(heads[end].text, heads[run].text))
			end++;
		for (size_t k = run; end - run >= 2 && k < end; k++)
			if (heads[k].segment > 1 && !heads[k].above_table) {
				pass->removed[heads[k].line] = true;
				pass->furniture[heads[k].line] = "running header";
			}
		run = end;
	}
	free(heads);
}

/* ---- 3. sentences broken across a gap ---- */

static bool S_is_heading(const doc_pass *pass, const nb_line *line)
{
	return line->n_cells >= 1 &&
	       S_is(pass, NB_LINE_HEADING, line->cells[0].text);
}

/* The line can continue: prose without closing punctuation, and not a
 * heading standing alone. */
static bool S_broken_prose(const doc_pass *pass, const nb_line *line)
{
	if (!S_is_prose(pass, line))
		return false;
	return !S_is(pass, NB_LINE_CLOSED, line->cells[0].text);
}

static bool S_gap_between(const doc_pass *pass, size_t from, size_t to)
{
	const nb_line *lines = pass->doc->lines;
	if (lines[from].page != lines[to].page)
		return true;
	for (size_t j = from + 1; j < to; j++)
		if (pass->removed[j] || !lines[j].n_cells)
			return true;
	return false;
}

/* The line after `i` that continues its sentence, or (size_t)-1. */
static size_t S_continuation(const doc_pass *pass, size_t i)
{
	bool blank;
	size_t next = S_neighbour(pass, i, +1, &blank);
	if (next == (size_t)-1 || !S_gap_between(pass, i, next))
		return (size_t)-1;
	const nb_line *tail = &pass->doc->lines[next];
	if (tail->n_cells != 1 || S_is_heading(pass, tail) ||
	    S_cell_kind(pass, &tail->cells[0]) != NB_TOKEN_TEXT)
		return (size_t)-1;
	return next;
}

/* Append the cells of the chain starting after `first` to its cell, in
 * one pass (a chain may be long; no quadratic copying). */
static void S_join_chain(doc_pass *pass, size_t first)
{
	nb_doc *doc = pass->doc;
	nb_cell *cell = &doc->lines[first].cells[0];
	nb_buf text = {0}, raw = {0};
	nb_buf_append(&text, cell->text, strlen(cell->text));
	nb_buf_append(&raw, cell->raw, strlen(cell->raw));
	size_t at = first;
	for (;;) {
		const char *last = doc->lines[at].cells[0].text;
		if (at != first && S_is(pass, NB_LINE_CLOSED, last))
			break;
		size_t next = S_continuation(pass, at);
		if (next == (size_t)-1)
			break;
		const nb_cell *tail = &doc->lines[next].cells[0];
		nb_buf_append(&text, tail->text, strlen(tail->text));
		nb_buf_append(&raw, tail->raw, strlen(tail->raw));
		if (tail->x1 > cell->x1)
			cell->x1 = tail->x1;
		for (size_t j = at + 1; j <= next; j++)
			pass->removed[j] = true;
		at = next;
	}
	if (at != first) {
		cell->text = nb_arena_strdup(doc->arena, text.data);
		cell->raw = nb_arena_strdup(doc->arena, raw.data);
	}
	free(text.data);
	free(raw.data);
}

static void S_join_sentences(doc_pass *pass)
{
	for (size_t i = 0; i < pass->doc->n_lines; i++)
		if (!pass->removed[i] && S_broken_prose(pass, &pass->doc->lines[i]))
			S_join_chain(pass, i);
}

/* ---- 4. numbers split from their label ---- */

static void S_merge_number_lines(doc_pass *pass)
{
	nb_doc *doc = pass->doc;
	size_t above = (size_t)-1; /* previous kept line */
	for (size_t i = 0; i < doc->n_lines; i++) {
		if (pass->removed[i])
			continue;
		nb_line *line = &doc->lines[i];
		size_t label_at = above;
		above = i;
		if (label_at == (size_t)-1 || !line->n_cells)
			continue;
		nb_line *label = &doc->lines[label_at];
		if (label->page != line->page || !S_all_cells(pass, label, true) ||
		    !S_all_cells(pass, line, false))
			continue;
		double label_end = label->cells[label->n_cells - 1].x1;
		bool right = true;
		for (size_t c = 0; c < line->n_cells; c++)
			right = right && line->cells[c].x0 >= label_end;
		if (!right)
			continue;
		size_t n = label->n_cells + line->n_cells;
		nb_cell *cells = nb_arena_alloc(doc->arena, n * sizeof *cells);
		memcpy(cells, label->cells, label->n_cells * sizeof *cells);
		memcpy(cells + label->n_cells, line->cells,
		       line->n_cells * sizeof *cells);
		label->cells = cells;
		label->n_cells = n;
		pass->removed[i] = true;
		above = label_at;
	}
}

/* ---- the pass ---- */

static void S_compact(doc_pass *pass)
{
	nb_doc *doc = pass->doc;
	nb_line *lines = nb_arena_alloc(doc->arena,
	                                (doc->n_lines + 1) * sizeof *lines);
	/* a reader's grid stands before a line: keep it before the same
	 * line's successor when lines before it go */
	size_t *new_index = nb_xmalloc((doc->n_lines + 1) * sizeof *new_index);
	size_t kept = 0;
	for (size_t i = 0; i < doc->n_lines; i++) {
		new_index[i] = kept;
		if (!pass->removed[i])
			lines[kept++] = doc->lines[i];
	}
	new_index[doc->n_lines] = kept;
	/* what the extractor took out already (a PDF's watermark glyphs)
	 * stays, its place moved with the lines, then the furniture */
	size_t n_gone = doc->n_removed;
	for (size_t i = 0; i < doc->n_lines; i++)
		n_gone += pass->removed[i] && pass->furniture[i];
	const nb_removed_line *extracted = doc->removed;
	size_t n_extracted = doc->n_removed;
	doc->removed = nb_arena_alloc(doc->arena,
	                              (n_gone + 1) * sizeof *doc->removed);
	doc->n_removed = 0;
	for (size_t k = 0; k < n_extracted; k++) {
		nb_removed_line gone = extracted[k];
		gone.at_line = new_index[gone.at_line < doc->n_lines ? gone.at_line
		                                                     : doc->n_lines];
		doc->removed[doc->n_removed++] = gone;
	}
	for (size_t i = 0; i < doc->n_lines; i++)
		if (pass->removed[i] && pass->furniture[i])
			doc->removed[doc->n_removed++] = (nb_removed_line){
				.at_line = new_index[i],
				.page = doc->lines[i].page,
				.text = S_line_text(doc->arena, &doc->lines[i]),
				.what = pass->furniture[i],
			};
	for (size_t g = 0; g < doc->n_grids; g++) {
		nb_grid *grid = &doc->grids[g];
		if (!grid->from_lines && grid->at_line <= doc->n_lines)
			grid->at_line = new_index[grid->at_line];
	}
	for (size_t i = 0; i < doc->n_images; i++)
		if (doc->images[i] <= doc->n_lines)
			doc->images[i] = new_index[doc->images[i]];
	free(new_index);
	doc->lines = lines;
	doc->n_lines = kept;
}

nb_status nb_normalize_doc(const nb_normalizer *norm, nb_doc *doc,
                           nb_error *err)
{
	(void)err; /* nothing in this pass can fail on any input */
	kind_memo *memo = nb_arena_alloc(doc->arena, sizeof *memo);
	*memo = (kind_memo){0};
	doc->match_memo = memo;
	doc_pass pass = {norm, doc, nb_xcalloc(doc->n_lines + 1, sizeof(bool)),
	                 nb_xcalloc(doc->n_lines + 1, sizeof(const char *)),
	                 memo};
	/* Lines and cells are edited in place: give the document copies of
	 * its own, so that nothing the extractor shares is changed. */
	nb_line *lines = nb_arena_alloc(doc->arena,
	                                (doc->n_lines + 1) * sizeof *lines);
	for (size_t i = 0; i < doc->n_lines; i++) {
		lines[i] = doc->lines[i];
		size_t bytes = lines[i].n_cells * sizeof(nb_cell);
		lines[i].cells = nb_arena_alloc(doc->arena, bytes ? bytes : 1);
		if (bytes)
			memcpy(lines[i].cells, doc->lines[i].cells, bytes);
	}
	doc->lines = lines;
	S_normalize_cells(&pass);
	S_remove_page_numbers(&pass);
	S_remove_running_headers(&pass);
	S_join_sentences(&pass);
	S_merge_number_lines(&pass);
	S_compact(&pass);
	free(pass.removed);
	free(pass.furniture);
	nb_normalize_grids(norm, doc);
	return NB_OK;
}
