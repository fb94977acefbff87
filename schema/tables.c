/*
 * tables.c — rebuilding the 二, 三 and 四 tables from classified lines.
 *
 * The walk reads the document model only: the order of rows (grid rows, and
 * document lines outside grids) and each cell's place in grid columns.  The
 * same walk serves every reader, whether the grid came from a reader of
 * structured input or from positioned text (normalize/grid.c); it never
 * sees a page position.
 *
 * A line with values ends a row.  Its label is every label fragment met
 * since the previous row (a wrapped label's first lines, a group label such
 * as （三）不予公开) plus the line's own label cells, read column by column.
 * A label-only line right after a row that cannot start a label of its own
 * (情形）, the tail of a label whose numbers stood on its first line)
 * continues that row instead.  Numbers whose label names no row yet wait
 * for the words that follow them (a label wrapped around its numbers).  A
 * label-only line that names a row near where the table has got to is a
 * row printed with every cell blank, unless numbers follow for it.
 *
 * The label is matched against the template's rows not yet filled, earliest
 * first, so abbreviations and misprints still find their row and no row is
 * filled twice.  Values go to columns in order when their count fits; fewer
 * values are placed by their columns against column anchors (the header cells,
 * else the median position of complete rows), allowing a row to sit a
 * little off its header but never a whole column; anything doubtful leaves
 * the row null with a warning.  Numbers are never moved to another row.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "schema_internal.h"

enum { MAX_ANCHORS = 32 };

/* Where a column header was seen: its key, x centre and unit. */
typedef struct anchor {
	const char *key;
	double x;
	const char *unit;
} anchor;

/* A piece of a row label: its text (numbering removed) and where it
 * stands.  A label wrapped inside a table cell comes in pieces, and the
 * pieces of a merged group cell (（三）不予公开) interleave with those of
 * the item cells beside it; reading each column top to bottom, columns left
 * to right, puts every cell's words back together. */
typedef struct fragment {
	double col;
	const char *text;
	const sc_cell *cell;     /* the cell it comes from */
} fragment;

/* One matched row before its values are placed. */
typedef struct row_record {
	size_t row;              /* index into tpl->rows */
	const sc_cell **values;  /* value slots left to right */
	size_t n_values;
	const sc_line *line;     /* the line of the values, or NULL */
	const sc_line *label_line; /* a blank row's label line, or NULL */
	bool dropped;            /* a repeat of its row, not placed */
	bool continued;          /* numbers continued on the next line */
	bool by_place;           /* its label named no row: placed by where it
	                            stands among rows matched by label */
	int page;
	anchor anchors[MAX_ANCHORS];
	size_t n_anchors;
} row_record;

/*
 * The walk is a state machine over the section's lines.  Each line is one
 * of three kinds — a values line (numbers or printed blanks, maybe after a
 * label), a column header line, or a label-only line — and what it does
 * depends on the state:
 *
 *  WALK_BETWEEN    no row under way.  A values line with no label, in the
 *                  columns after those of the row just ended (which had
 *                  fewer numbers than columns), continues that row; one
 *                  whose label names no row and whose digits stand under
 *                  the row's is the wrap of that row's label and numbers.  Other
 *                  values lines end a row (its label: the line's own label
 *                  cells) → BETWEEN, or, when that label names no row, keep
 *                  their numbers → ORPHAN.  A
 *                  header line records column anchors.  A label-only line
 *                  continues the row just ended (a tail such as 情形）:
 *                  stays BETWEEN), names a row near where the table has got
 *                  to → CANDIDATE, or starts a label → LABEL.
 *  WALK_LABEL      label fragments gathered (a wrapped label's first
 *                  lines, a group label such as （三）不予公开).  A values
 *                  line ends the row whose label is the fragments plus its
 *                  own, read column by column → BETWEEN (or ORPHAN when
 *                  nothing names a row).  A label-only line adds fragments
 *                  or → CANDIDATE.  A header line drops the fragments (not
 *                  used: digits in them are reported) → BETWEEN.
 *  WALK_CANDIDATE  a label-only line named a row.  A values line without a
 *                  row label of its own gives that row its numbers →
 *                  BETWEEN; one that names another row first records the
 *                  candidate as printed blank.  A label-only line that
 *                  names no row and is no new numbered item (or stands left
 *                  of the label column: a group label) adds to its label;
 *                  anything else records it as printed blank first.
 *  WALK_ORPHAN     numbers whose label named no row (the label's words come
 *                  after them).  A label-only line that completes a row's
 *                  label gives the row those numbers → BETWEEN; so does a
 *                  values line that completes it with digits standing under
 *                  the numbers (a wrap: joined); a numbered line drops them
 *                  (reported as not placed) and is read as in BETWEEN; any
 *                  other values or header line drops them.
 *
 * At the end a candidate is recorded as printed blank.  Whatever holds
 * digits and was not placed, read as a label or header, or covered by a
 * row diagnostic is reported afterwards (nb_sc_report_unplaced).
 */
typedef enum walk_state {
	WALK_BETWEEN,
	WALK_LABEL,
	WALK_CANDIDATE,
	WALK_ORPHAN,
} walk_state;

typedef struct walk {
	sc_ctx *ctx;
	walk_state state;
	const tpl_table *tpl;
	bool *taken;             /* row already matched */
	/* a document read by OCR: labels no pattern matches are matched by
	 * edit distance (fuzzy.c); the label each row got so, or NULL */
	bool ocr;
	const char **fuzzy;
	fragment *pending;       /* label fragments waiting for their values */
	size_t n_pending, cap_pending;
	long last_row;           /* record index of the previous row, or -1 */
	char *last_label;
	anchor anchors[MAX_ANCHORS];
	size_t n_anchors;
	row_record *records;
	size_t n_records, cap_records;
	double label_cols;       /* the rightmost column a label cell started in */
	long candidate;          /* CANDIDATE: the row named by label-only lines */
	int candidate_page;
	const sc_line *candidate_line;
	const sc_line *orphan;   /* ORPHAN: the values whose label did not name a
	                            row yet; their label pieces are in pending */
} walk;

static char *S_concat(nb_arena *arena, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *out = nb_arena_alloc(arena, la + lb + 1);
	memcpy(out, a, la);
	memcpy(out + la, b, lb + 1);
	return out;
}

static void S_fragment_add(walk *w, double col, const char *text,
                           const sc_cell *cell)
{
	if (w->n_pending == w->cap_pending) {
		size_t cap = w->cap_pending ? w->cap_pending * 2 : 16;
		fragment *grown = nb_arena_alloc(w->ctx->arena, cap * sizeof *grown);
		if (w->n_pending)
			memcpy(grown, w->pending, w->n_pending * sizeof *grown);
		w->pending = grown;
		w->cap_pending = cap;
	}
	w->pending[w->n_pending++] = (fragment){col, text, cell};
}

/* Bytes [start, end) of a text. */
typedef struct piece {
	size_t start, end;
} piece;

/* Split `text` at single spaces into pieces of two characters or more;
 * returns the number of pieces (0: not such a text). */
static size_t S_pieces(const char *text, piece *pieces, size_t max)
{
	size_t n = 0, len = strlen(text);
	for (size_t i = 0; i < len;) {
		while (i < len && text[i] == ' ')
			i++;
		size_t start = i;
		while (i < len && text[i] != ' ')
			i++;
		if (i == start)
			break;
		if (n == max || nb_sc_codepoints(text + start, i - start) < 2)
			return 0;
		pieces[n++] = (piece){start, i};
	}
	return n;
}

/*
 * A label cell as fragments.  Space-aligned text and PDF may print a
 * group label and an item label one space apart ("（五） 4、无正当理由大",
 * "不予处 量反复申请"): the raw text's space-separated pieces of two or more
 * characters become fragments of their own, x interpolated.  Tab fields
 * are cells as the report drew them and stay whole, as do spaced-out
 * labels (行 政 许 可).  Columns are grid columns: a piece's are
 * interpolated over its cell's.
 */
static void S_cell_fragments(walk *w, const sc_cell *cell)
{
	const char *text = cell->spaced;
	piece pieces[16];
	size_t n = cell->may_join ? S_pieces(text, pieces, 16) : 0;
	if (n < 2) {
		S_fragment_add(w, cell->c0, nb_sc_strip_numbering(w->ctx, cell->match),
		               cell);
		return;
	}
	double total = (double)nb_sc_codepoints(text, strlen(text));
	double width = cell->c1 - cell->c0;
	for (size_t k = 0; k < n; k++) {
		size_t start = pieces[k].start, end = pieces[k].end;
		char *match = nb_normalize(w->ctx->schema->norm, NB_NORM_MATCH,
		                           text + start, end - start, w->ctx->arena);
		double col = cell->c0 + width * (double)nb_sc_codepoints(text, start) / total;
		S_fragment_add(w, col, nb_sc_strip_numbering(w->ctx, match), cell);
	}
}

static void S_pending_add(walk *w, const sc_line *line)
{
	for (size_t i = 0; i < line->n_cells && i < line->first_value; i++)
		if (!nb_sc_cell_is_value(&line->cells[i]))
			S_cell_fragments(w, &line->cells[i]);
}

/* How far apart two cells of one column may start, in grid columns: the
 * grid's columns are exact; pieces of runs fall between them. */
static double S_column_slack(const walk *w)
{
	(void)w;
	return 0.5;
}

/* The pending fragments (plus `line`'s label cells, may be NULL) as one
 * label: column by column, left to right, each top to bottom. */
static char *S_pending_label(walk *w, const sc_line *line)
{
	size_t saved = w->n_pending;
	if (line)
		S_pending_add(w, line);
	size_t n = w->n_pending, total = 1;
	double *keys = nb_arena_alloc(w->ctx->arena, (n + 1) * sizeof *keys);
	double slack = S_column_slack(w);
	for (size_t i = 0; i < n; i++) {
		keys[i] = w->pending[i].col;
		for (size_t j = 0; j < i; j++)
			if (fabs(w->pending[j].col - w->pending[i].col) <= slack) {
				keys[i] = keys[j];
				break;
			}
		total += strlen(w->pending[i].text);
	}
	char *out = nb_arena_alloc(w->ctx->arena, total);
	size_t len = 0;
	bool *used = nb_arena_alloc(w->ctx->arena, (n + 1) * sizeof *used);
	for (size_t done = 0; done < n;) {
		double column = INFINITY;
		for (size_t i = 0; i < n; i++)
			if (!used[i] && keys[i] < column)
				column = keys[i];
		for (size_t i = 0; i < n; i++) {
			if (used[i] || keys[i] != column)
				continue;
			size_t l = strlen(w->pending[i].text);
			memcpy(out + len, w->pending[i].text, l);
			len += l;
			used[i] = true;
			done++;
		}
	}
	out[len] = '\0';
	w->n_pending = line ? saved : w->n_pending;
	return out;
}

/* ---- what the walk has accounted for ----
 *
 * Every cell the walk places, reads as part of a row label or a column
 * header, or covers with a row diagnostic is marked used; whatever holds a
 * digit and is left unused when the walk ends gets a value_not_placed info
 * (S_report_unplaced): nothing in a table's lines is dropped silently. */

/*
 * A row of 三 with fewer numbers than columns is placed by the columns its
 * numbers stand in.  A shift by one column keeps the row's 总计, so the
 * cross-check is by column: when a column's checks fail (outcome_total,
 * balance), each row placed by columns that holds a number or a blank in
 * that column gets row_columns_doubtful — its numbers may stand one column
 * off (a row split over two lines, a page break beside blank cells).
 */
void nb_sc_doubt_placed_rows(sc_ctx *ctx, const sc_table *applications,
                             const json_t *checks)
{
	const tpl_table *tpl = applications->tpl;
	if (!tpl)
		return;
	bool *doubt = nb_arena_alloc(ctx->arena, (tpl->n_rows + 1) * sizeof *doubt);
	size_t i;
	json_t *check;
	json_array_foreach(checks, i, check) {
		const char *rule = json_string_value(json_object_get(check, "rule"));
		const char *where = json_string_value(json_object_get(check, "where"));
		if (!rule || !where || !json_is_false(json_object_get(check, "ok"))
		    || (strcmp(rule, "applications.outcome_total")
		        && strcmp(rule, "applications.balance")))
			continue;
		for (size_t r = 0; r < tpl->n_rows; r++) {
			if (!applications->by_column[r])
				continue;
			const tpl_row *row = &tpl->rows[r];
			for (size_t c = 0; c < row->n_columns; c++)
				if (!strcmp(row->columns[c].key, where)
				    && applications->cells[r][c].present)
					doubt[r] = true;
		}
	}
	for (size_t r = 0; r < tpl->n_rows; r++)
		if (doubt[r]) {
			char field[160];
			snprintf(field, sizeof field, "applications.%s", tpl->rows[r].key);
			nb_sc_diag(ctx, "warning", "row_columns_doubtful",
			           applications->page[r], field,
			           "%s: its numbers, fewer than its columns, were placed "
			           "by the columns they stand in, and a column they "
			           "stand in does not add up: they may stand one column "
			           "off", field);
		}
}

/* Any digit in the MATCH form of a cell? */
static bool S_has_digit(const char *text)
{
	for (; *text; text++)
		if (*text >= '0' && *text <= '9')
			return true;
	return false;
}

static void S_use(const sc_cell *cell)
{
	((sc_cell *)cell)->used = true; /* the walk's own lines (ctx->lines) */
}

static void S_use_line(const sc_line *line, size_t end)
{
	for (size_t i = 0; i < line->n_cells && i < end; i++)
		S_use(&line->cells[i]);
}

/* The label cells of a row's line: used, unless a cell holds digits once
 * its numbering is gone (a stray such as 内部资料 2024-05-12 beside the
 * label is no part of it, whatever the row's pattern matched). */
static void S_use_label(const walk *w, const sc_line *line)
{
	for (size_t i = 0; i < line->n_cells && i < line->first_value; i++)
		if (!S_has_digit(nb_sc_strip_numbering(w->ctx, line->cells[i].match)))
			S_use(&line->cells[i]);
}

static void S_pending_clear(walk *w)
{
	w->n_pending = 0;
}

/* The pending fragments became (part of) a row's label; a fragment that
 * holds digits after its numbering is no label words (a watermark, a date
 * stamp) and is left to be reported. */
static void S_pending_consume(walk *w)
{
	for (size_t i = 0; i < w->n_pending; i++) {
		const sc_cell *cell = w->pending[i].cell;
		if (!S_has_digit(nb_sc_strip_numbering(w->ctx, cell->match)))
			S_use(cell);
	}
	w->n_pending = 0;
}

static int S_paren_balance(const char *text)
{
	int balance = 0;
	for (const char *p = text; *p; p++) {
		if (*p == '(')
			balance++;
		else if (*p == ')')
			balance--;
	}
	return balance;
}

static bool S_row_matches(const walk *w, size_t r, const char *label)
{
	const pcre2_code *re = nb_schema_pattern(w->ctx->schema, w->tpl->rows[r].label);
	return nb_schema_match(w->ctx->schema, re, label, w->ctx->md);
}

/* The earliest row not yet taken whose pattern matches `label`, or -1. */
static long S_match_row(const walk *w, const char *label)
{
	if (!label || !*label)
		return -1;
	for (size_t r = 0; r < w->tpl->n_rows; r++)
		if (!w->taken[r] && S_row_matches(w, r, label))
			return (long)r;
	if (!w->ocr)
		return -1;
	long r = nb_sc_fuzzy_row(w->tpl, w->taken, label);
	if (r >= 0)
		w->fuzzy[r] = label;
	return r;
}

/* The earliest row already taken whose pattern matches `label`, or -1: a
 * second line that reads as a row (an extra 合计 beside （七）总计). */
static long S_match_taken_row(const walk *w, const char *label)
{
	if (!label || !*label)
		return -1;
	for (size_t r = 0; r < w->tpl->n_rows; r++)
		if (w->taken[r] && S_row_matches(w, r, label))
			return (long)r;
	return -1;
}

/* Did a row before `r` carry the same column list?  (Rows of a table share
 * one list: its patterns were tried already, with the same result.) */
static bool S_columns_seen(const tpl_table *tpl, size_t r)
{
	for (size_t before = 0; before < r; before++)
		if (tpl->rows[before].columns == tpl->rows[r].columns)
			return true;
	return false;
}

/* Does a column header pattern of this table match the cell? Sets *key. */
static bool S_header_cell(const walk *w, const sc_cell *cell,
                          const char **key)
{
	for (size_t r = 0; r < w->tpl->n_rows; r++) {
		const tpl_row *row = &w->tpl->rows[r];
		if (S_columns_seen(w->tpl, r))
			continue;
		for (size_t c = 0; c < row->n_columns; c++) {
			const pcre2_code *re = nb_schema_pattern(w->ctx->schema,
			                                         row->columns[c].header);
			if (nb_schema_match(w->ctx->schema, re, cell->match,
			                    w->ctx->md)) {
				*key = row->columns[c].key;
				return true;
			}
		}
	}
	*key = NULL;
	if (nb_sc_match(w->ctx, PAT_HEADER_WORD, cell->match))
		return true;
	/* read by OCR: a header one misread character away (目然人) */
	if (w->ocr && cell->ocr)
		*key = nb_sc_fuzzy_column(w->tpl, cell->match);
	return *key != NULL;
}

static const char *S_header_unit(const walk *w, const char *text)
{
	const pcre2_code *re = w->ctx->schema->named[PAT_UNIT];
	if (nb_schema_exec(w->ctx->schema, re, text, w->ctx->md) < 0)
		return NULL;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(w->ctx->md);
	return nb_arena_strndup(w->ctx->arena, text + ov[2], ov[3] - ov[2]);
}

static void S_anchor_set(walk *w, const char *key, double x, const char *unit)
{
	for (size_t i = 0; i < w->n_anchors; i++)
		if (!strcmp(w->anchors[i].key, key)) {
			w->anchors[i].x = x;
			w->anchors[i].unit = unit;
			return;
		}
	if (w->n_anchors < MAX_ANCHORS)
		w->anchors[w->n_anchors++] = (anchor){key, x, unit};
}

static bool S_starts_numbered(const sc_ctx *ctx, const sc_line *line)
{
	for (size_t i = 0; i < line->n_cells && i < line->first_value; i++)
		if (nb_sc_strip_numbering(ctx, line->cells[i].match)
		       != line->cells[i].match)
			return true;
	return false;
}

/* A label-only line that is a column header line: record its anchors. */
static bool S_header_line(walk *w, const sc_line *line)
{
	size_t hits = 0;
	for (size_t i = 0; i < line->n_cells; i++) {
		const char *key = NULL;
		if (S_header_cell(w, &line->cells[i], &key))
			hits++;
	}
	/* one header word alone on its line (其他, 总计) is a header unless
	 * it is numbered like a row label ((七)总计) */
	bool header = hits >= 2 || (hits == 1 && line->n_cells > 1)
	              || (hits == 1 && !S_starts_numbered(w->ctx, line));
	if (!header)
		return false;
	for (size_t i = 0; i < line->n_cells; i++) {
		const char *key = NULL;
		const sc_cell *cell = &line->cells[i];
		if (S_header_cell(w, cell, &key) && key)
			S_anchor_set(w, key, (cell->c0 + cell->c1) / 2,
			             S_header_unit(w, cell->match));
	}
	return true;
}


/* Does a label line hold a number standing as a value: a run of digits
 * ending the text or followed by a space (规章27 27 131), not an item
 * number ((1), 1., 2、, 第3)? */
static bool S_digits_in_label(const sc_line *line)
{
	const char *text = line->text;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9' || (p > text && p[-1] >= '0' && p[-1] <= '9'))
			continue;
		const char *end = p;
		while (*end >= '0' && *end <= '9')
			end++;
		bool numbering = (p > text && p[-1] == '(')
		                 || (p - text >= 3 && (!strncmp(p - 3, "（", 3)
		                                       || !strncmp(p - 3, "第", 3)));
		if (!numbering && (*end == '\0' || *end == ' '))
			return true;
	}
	return false;
}

/* The next non-blank line after i (before end) starts a label of its own. */
static bool S_next_self_labelled(const walk *w, size_t i, size_t end)
{
	for (size_t j = i + 1; j < end; j++) {
		const sc_line *next = &w->ctx->lines[j];
		if (next->n_cells == 0)
			continue;
		if (nb_sc_cell_is_value(&next->cells[0]))
			return false;
		return next->n_values > 0 || S_starts_numbered(w->ctx, next);
	}
	return true;
}

/* Is label-only line i the tail of the previous row's label? */
static bool S_continues_row(const walk *w, size_t i, size_t end)
{
	const sc_line *line = &w->ctx->lines[i];
	if (w->last_row < 0 || w->n_pending)
		return false;
	if (S_starts_numbered(w->ctx, line))
		return false;
	if (S_paren_balance(line->label) < 0)
		return true;
	if (S_match_row(w, line->label) >= 0)
		return false;
	if (S_paren_balance(w->last_label) > 0)
		return true;
	return S_next_self_labelled(w, i, end);
}

static void S_record_row(walk *w, long row, const sc_line *line, int page)
{
	if (w->n_records == w->cap_records) {
		size_t cap = w->cap_records * 2 + 8;
		row_record *grown = nb_arena_alloc(w->ctx->arena, cap * sizeof *grown);
		if (w->n_records)
			memcpy(grown, w->records, w->n_records * sizeof *grown);
		w->records = grown;
		w->cap_records = cap;
	}
	row_record *rec = &w->records[w->n_records++];
	rec->row = (size_t)row;
	rec->line = line;
	rec->page = page;
	rec->n_values = line ? line->n_values : 0;
	rec->values = nb_arena_alloc(w->ctx->arena,
	                             (rec->n_values + 1) * sizeof *rec->values);
	for (size_t i = 0; i < rec->n_values; i++)
		rec->values[i] = &line->cells[line->first_value + i];
	memcpy(rec->anchors, w->anchors, sizeof w->anchors);
	rec->n_anchors = w->n_anchors;
	w->taken[row] = true;
	w->last_row = (long)(w->n_records - 1);
}

/* A row whose label stood alone, with no values after it: the report left
 * every cell of it blank (a tab-separated or PDF row of empty cells). */
static void S_flush_candidate(walk *w)
{
	if (w->state != WALK_CANDIDATE)
		return;
	S_record_row(w, w->candidate, NULL, w->candidate_page);
	w->records[w->n_records - 1].label_line = w->candidate_line;
	w->last_label = S_pending_label(w, NULL);
	w->candidate = -1;
	S_pending_consume(w);
	w->state = WALK_BETWEEN;
}

static void S_value_line(walk *w, const sc_line *line)
{
	if (w->state == WALK_CANDIDATE) {
		/* the candidate's values, unless this line names a row itself */
		if (!*line->label || S_paren_balance(line->label) < 0
		    || S_match_row(w, line->label) < 0) {
			char *full = S_pending_label(w, line);
			S_record_row(w, w->candidate, line, line->page);
			w->last_label = full;
			w->candidate = -1;
			S_pending_consume(w);
			S_use_label(w, line);
			w->state = WALK_BETWEEN;
			return;
		}
		S_flush_candidate(w);
	}
	char *full = S_pending_label(w, line);
	long row = S_match_row(w, full);
	if (row < 0)
		row = S_match_row(w, line->label);
	if (row < 0 && w->n_pending)
		row = S_match_row(w, S_pending_label(w, NULL));
	if (row < 0 && *line->label)
		row = S_match_taken_row(w, line->label); /* settled after the walk */
	if (row < 0) {
		/* a label whose words come after its numbers: keep its pieces
		 * and wait for the rest */
		S_pending_add(w, line);
		w->last_row = -1;
		w->orphan = line;
		w->state = WALK_ORPHAN;
		return;
	}
	S_pending_consume(w);
	S_use_label(w, line);
	S_record_row(w, row, line, line->page);
	w->last_label = full;
	w->state = WALK_BETWEEN;
}

/* A numbered label standing left of the candidate's label column: the
 * group label of a merged cell ((六)其他处理 beside 2.申请人逾期未按…),
 * not the start of the next row. */
static bool S_group_label(const walk *w, const sc_line *line)
{
	if (!w->n_pending)
		return false;
	double column = w->pending[0].col;
	for (size_t i = 1; i < w->n_pending; i++)
		if (w->pending[i].col > column)
			column = w->pending[i].col;
	for (size_t i = 0; i < line->n_cells && i < line->first_value; i++)
		if (line->cells[i].c0 >= column - S_column_slack(w))
			return false;
	return true;
}

/* Label-only line i completes the label of values met before it? */
static bool S_adopt_orphan(walk *w, const sc_line *line)
{
	const sc_line *orphan = w->orphan;
	w->orphan = NULL;
	if (S_starts_numbered(w->ctx, line)) {
		S_pending_clear(w); /* the orphan's numbers stay unplaced */
		w->state = WALK_BETWEEN;
		return false;
	}
	S_pending_add(w, line);
	char *full = S_pending_label(w, NULL);
	long row = S_match_row(w, full);
	if (row < 0) {
		w->orphan = orphan; /* still ORPHAN */
		return true;
	}
	S_pending_consume(w);
	S_record_row(w, row, orphan, orphan->page);
	w->last_label = full;
	w->state = WALK_BETWEEN;
	return true;
}

/* Rows before `row` in template order not matched yet.  A label alone on
 * its line names a blank row only near where the table has got to, so a
 * header or a sentence that happens to say 总计 cannot take a row. */
static size_t S_unfilled_before(const walk *w, size_t row)
{
	size_t n = 0;
	for (size_t r = 0; r < row; r++)
		n += !w->taken[r];
	return n;
}

static void S_label_line(walk *w, size_t i, size_t end)
{
	const sc_line *line = &w->ctx->lines[i];
	if (w->state == WALK_ORPHAN && S_adopt_orphan(w, line))
		return;
	if (w->state == WALK_CANDIDATE) {
		bool names_row = S_match_row(w, line->label) >= 0;
		if (!names_row && (!S_starts_numbered(w->ctx, line)
		                   || S_group_label(w, line))) {
			S_pending_add(w, line);
			return;
		}
		S_flush_candidate(w);
	}
	if (S_continues_row(w, i, end)) {
		/* not marked used: the tail of a label that was matched already
		 * decides nothing; digits in it are reported */
		w->last_label = S_concat(w->ctx->arena, w->last_label, line->label);
		return;
	}
	char *full = S_pending_label(w, line);
	long row = S_match_row(w, full);
	if (row < 0)
		row = S_match_row(w, line->label);
	S_pending_add(w, line);
	w->state = WALK_LABEL;
	if (row >= 0 && S_unfilled_before(w, (size_t)row) <= 2) {
		w->candidate = row;
		w->candidate_page = line->page;
		w->candidate_line = line;
		w->taken[row] = true;
		w->state = WALK_CANDIDATE;
	}
}

/*
 * A line of numbers alone, right after a row whose numbers were fewer than
 * its columns, standing in the columns after them: the rest of that row,
 * printed on the next line (a long row, a page break inside it).  Its
 * numbers join the row's, in order.
 */
static bool S_continue_row(walk *w, const sc_line *line)
{
	if (w->state != WALK_BETWEEN || w->last_row < 0 || *line->label
	    || line->first_value != 0)
		return false;
	row_record *rec = &w->records[w->last_row];
	const tpl_row *row = &w->tpl->rows[rec->row];
	if (rec->n_values == 0 || rec->n_values + line->n_values > row->n_columns)
		return false;
	const sc_cell *last = rec->values[rec->n_values - 1];
	if (line->cells[0].c0 < last->c1 - S_column_slack(w))
		return false;
	const sc_cell **values = nb_arena_alloc(
		w->ctx->arena, (rec->n_values + line->n_values + 1) * sizeof *values);
	memcpy(values, rec->values, rec->n_values * sizeof *values);
	for (size_t v = 0; v < line->n_values; v++)
		values[rec->n_values + v] = &line->cells[v];
	rec->values = values;
	rec->n_values += line->n_values;
	rec->continued = true;
	return true;
}

/* The value of the row just recorded standing over `cell` (columns
 * overlap) and printed in digits only, or -1. */
static long S_value_above(const row_record *rec, const sc_cell *cell)
{
	for (size_t v = 0; v < rec->n_values; v++) {
		const sc_cell *above = rec->values[v];
		if (above->kind == NB_TOKEN_NUMBER && nb_token_all_digits(above->match)
		    && above->c0 < cell->c1 && cell->c0 < above->c1)
			return (long)v;
	}
	return -1;
}

/*
 * The wrap of a row whose label and numbers both ran onto the next line in
 * narrow cells: "（二）部分公开（区分处理的，只计这一  1" then
 * "情形，不计其他情形）  6" for 16.  The next line's label names no row
 * and starts no numbered item, and each of its numbers is digits only,
 * right under a digits-only number of the row, fewer of them than the
 * row's: the digits are appended to the numbers above (digits_joined on
 * each), the label words to the row's label.  (normalize/grid.c joins the
 * wraps that carry no label.)
 */
/* Do `line`'s numbers stand, digits only, under digits-only numbers of
 * `rec`, fewer of them: the wrap of rec's numbers? */
static bool S_wraps_under(const row_record *rec, const sc_line *line)
{
	if (line->n_values == 0 || line->n_values >= rec->n_values)
		return false;
	for (size_t v = 0; v < line->n_values; v++) {
		const sc_cell *cell = &line->cells[line->first_value + v];
		if (cell->kind != NB_TOKEN_NUMBER || !nb_token_all_digits(cell->match)
		    || S_value_above(rec, cell) < 0)
			return false;
	}
	return true;
}

/* Append `line`'s digits to the numbers of `rec` above them (new cells,
 * marked joined: digits_joined is said on each). */
static void S_join_under(walk *w, row_record *rec, const sc_line *line)
{
	const sc_cell **values = nb_arena_alloc(w->ctx->arena,
	                                        (rec->n_values + 1) * sizeof *values);
	memcpy(values, rec->values, rec->n_values * sizeof *values);
	for (size_t v = 0; v < line->n_values; v++) {
		const sc_cell *tail = &line->cells[line->first_value + v];
		long at = S_value_above(rec, tail);
		sc_cell *joined = nb_arena_alloc(w->ctx->arena, sizeof *joined);
		*joined = *values[at];
		size_t a = strlen(joined->match), b = strlen(tail->match);
		char *text = nb_arena_alloc(w->ctx->arena, a + b + 1);
		memcpy(text, joined->match, a);
		memcpy(text + a, tail->match, b + 1);
		joined->match = joined->prose = joined->spaced = text;
		joined->value = strtod(text, NULL);
		joined->joined = true;
		values[at] = joined;
		S_use(tail);
	}
	rec->values = values;
}

/*
 * The wrap of a row whose label and numbers both ran onto the next line in
 * narrow cells: "（二）部分公开（区分处理的，只计这一  1" then
 * "情形，不计其他情形）  6" for 16.  The next line's label names no row
 * and starts no numbered item, and each of its numbers is digits only,
 * right under a digits-only number of the row, fewer of them than the
 * row's: the digits are appended to the numbers above (digits_joined on
 * each), the label words to the row's label.  (normalize/grid.c joins the
 * wraps that carry no label.)
 */
static bool S_wrap_row(walk *w, const sc_line *line)
{
	if (w->state != WALK_BETWEEN || w->last_row < 0 || !*line->label
	    || line->first_value == 0)
		return false;
	row_record *rec = &w->records[w->last_row];
	if (S_starts_numbered(w->ctx, line) || S_match_row(w, line->label) >= 0
	    || !S_wraps_under(rec, line))
		return false;
	S_join_under(w, rec, line);
	S_use_label(w, line);
	w->last_label = S_concat(w->ctx->arena, w->last_label, line->label);
	return true;
}

/*
 * The same wrap when the row's first line did not name it ("5.属于三类  1"
 * then "内部事务信息  6"): its numbers wait as an orphan, and the next line
 * completes the label and the digits: the orphan becomes the row, joined.
 */
static bool S_wrap_orphan(walk *w, const sc_line *line)
{
	if (w->state != WALK_ORPHAN || !*line->label
	    || S_starts_numbered(w->ctx, line))
		return false;
	const sc_line *orphan = w->orphan;
	row_record probe = {.values = nb_arena_alloc(w->ctx->arena,
	                                             (orphan->n_values + 1)
	                                                     * sizeof(sc_cell *)),
	                    .n_values = orphan->n_values};
	for (size_t v = 0; v < orphan->n_values; v++)
		probe.values[v] = &orphan->cells[orphan->first_value + v];
	if (!S_wraps_under(&probe, line))
		return false;
	char *full = S_pending_label(w, line);
	long row = S_match_row(w, full);
	if (row < 0)
		return false;
	S_pending_consume(w);
	S_use_label(w, line);
	S_record_row(w, row, orphan, orphan->page);
	S_join_under(w, &w->records[w->n_records - 1], line);
	w->last_label = full;
	w->orphan = NULL;
	w->state = WALK_BETWEEN;
	return true;
}

static void S_walk(walk *w, size_t start, size_t end)
{
	w->label_cols = -1;
	for (size_t i = start; i < end; i++) {
		const sc_line *line = &w->ctx->lines[i];
		if (line->n_cells == 0)
			continue;
		for (size_t c = 0; c < line->first_value && c < line->n_cells; c++)
			if (line->cells[c].c0 > w->label_cols)
				w->label_cols = line->cells[c].c0;
		if (line->n_values > 0) {
			if (S_wrap_orphan(w, line))
				continue;
			if (w->state == WALK_ORPHAN) {
				/* the orphan's numbers stay unplaced */
				S_pending_clear(w);
				w->orphan = NULL;
				w->state = WALK_BETWEEN;
			}
			if (!S_continue_row(w, line) && !S_wrap_row(w, line))
				S_value_line(w, line);
			continue;
		}
		if (S_header_line(w, line)) {
			S_use_line(line, line->n_cells);
			if (w->state == WALK_ORPHAN)
				w->orphan = NULL;
			S_flush_candidate(w);
			S_pending_clear(w);
			w->last_row = -1;
			w->state = WALK_BETWEEN;
			continue;
		}
		S_label_line(w, i, end);
	}
	S_flush_candidate(w);
}

/* ---- placing values ---- */

static int S_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double S_centre(const sc_cell *cell)
{
	return (cell->c0 + cell->c1) / 2;
}

/* Median x of column c over complete rows with the same columns. */
static bool S_median_anchor(const walk *w, const tpl_row *row, size_t c,
                            double *x)
{
	double *xs = nb_arena_alloc(w->ctx->arena,
	                            (w->n_records + 1) * sizeof *xs);
	size_t n = 0;
	for (size_t i = 0; i < w->n_records; i++) {
		const row_record *rec = &w->records[i];
		const tpl_row *other = &w->tpl->rows[rec->row];
		if (other->columns == row->columns && rec->n_values == row->n_columns)
			xs[n++] = S_centre(rec->values[c]);
	}
	if (n == 0)
		return false;
	qsort(xs, n, sizeof *xs, S_cmp_double);
	*x = n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
	return true;
}

static bool S_anchor_lookup(const row_record *rec, const char *key,
                            double *x)
{
	for (size_t i = 0; i < rec->n_anchors; i++)
		if (!strcmp(rec->anchors[i].key, key)) {
			*x = rec->anchors[i].x;
			return true;
		}
	return false;
}

/* Each column of a row whose header was not read (`guessed`) and that no
 * number went into: taken as blank, but nothing located the column, so
 * its null gets a warning naming the cell. */
static void S_doubt_guessed_blanks(sc_ctx *ctx, const row_record *rec,
                                   const tpl_row *row, const size_t *cols,
                                   const bool *guessed, size_t n_cols,
                                   const char *row_field)
{
	for (size_t c = 0; c < n_cols; c++) {
		bool filled = false;
		for (size_t v = 0; v < rec->n_values && !filled; v++)
			filled = cols[v] == c;
		if (!guessed[c] || filled)
			continue;
		char where[200];
		snprintf(where, sizeof where, "%s.%s", row_field,
		         row->columns[c].key);
		nb_sc_diag(ctx, "warning", "row_columns_doubtful", rec->page, where,
		           "%s: taken as blank, but its column's header was not "
		           "read, so no column was located there", where);
	}
}

/* The anchors of the columns `guessed` (their headers not read) from
 * those of the others, by their place among them: between two read
 * columns at its share of the distance, beyond the last one at the
 * spacing of the last two.  False when a column cannot be placed so or the
 * anchors do not run left to right. */
static bool S_guess_anchors(double *xs, const bool *guessed, size_t n)
{
	for (size_t c = 0; c < n; c++) {
		if (!guessed[c])
			continue;
		long l1 = -1, l2 = -1, r1 = -1, r2 = -1;
		for (long k = (long)c - 1; k >= 0 && l2 < 0; k--)
			if (!guessed[k])
				l1 < 0 ? (void)(l1 = k) : (void)(l2 = k);
		for (size_t k = c + 1; k < n && r2 < 0; k++)
			if (!guessed[k])
				r1 < 0 ? (void)(r1 = (long)k) : (void)(r2 = (long)k);
		long a = l1, b = r1; /* two read columns to measure from */
		if (a < 0 || b < 0) {
			a = l1 >= 0 ? l2 : r1;
			b = l1 >= 0 ? l1 : r2;
		}
		if (a < 0 || b < 0)
			return false;
		xs[c] = xs[a] + (xs[b] - xs[a]) * (double)((long)c - a)
		                / (double)(b - a);
	}
	for (size_t c = 1; c < n; c++)
		if (!(xs[c] > xs[c - 1]))
			return false;
	return true;
}

/* Column anchors for a row: from its headers; a column whose header was
 * not read (OCR garbled 商业企业) at its place among those that were
 * (guessed[c] set); else all medians of complete rows (then *by_position
 * is set: no header named the columns). */
static bool S_anchors_for(const walk *w, const row_record *rec, double *xs,
                          bool *guessed, bool *by_position)
{
	const tpl_row *row = &w->tpl->rows[rec->row];
	size_t found = 0;
	*by_position = false;
	for (size_t c = 0; c < row->n_columns; c++) {
		guessed[c] = !S_anchor_lookup(rec, row->columns[c].key, &xs[c]);
		found += !guessed[c];
	}
	if (found == row->n_columns)
		return true;
	if (found >= 2 && S_guess_anchors(xs, guessed, row->n_columns))
		return true;
	*by_position = true;
	for (size_t c = 0; c < row->n_columns; c++) {
		guessed[c] = false;
		if (!S_median_anchor(w, row, c, &xs[c]))
			return false;
	}
	return true;
}

/*
 * Place `n` value cells onto `n_columns` anchors shifted by `shift`: each
 * to its nearest anchor, clearly nearer than to the next one, each column
 * once, left to right.  Writes the columns to cols[] and returns the total
 * distance, or -1 when the placement is doubtful.
 */
static double S_place_shifted(const sc_cell *const *values, size_t n,
                              const double *xs, size_t n_columns,
                              double shift, size_t *cols)
{
	long last = -1;
	double cost = 0;
	for (size_t v = 0; v < n; v++) {
		double x = S_centre(values[v]) + shift;
		size_t best = 0;
		double d1 = INFINITY, d2 = INFINITY;
		for (size_t c = 0; c < n_columns; c++) {
			double d = fabs(xs[c] - x);
			if (d < d1) {
				d2 = d1;
				d1 = d;
				best = c;
			} else if (d < d2) {
				d2 = d;
			}
		}
		if (!(d1 < 0.7 * d2) || (long)best <= last)
			return -1;
		cols[v] = best;
		last = (long)best;
		cost += d1;
	}
	return cost;
}

/*
 * Place values by their columns.  A row may sit a little off its header (a hand-set
 * layout, a label that pushed the numbers right): shifts of less than
 * three quarters of the narrowest column gap that line a value up with an
 * anchor are tried too, and the placement with the least total distance
 * (plus a price for the shift) wins.  A shift of a whole column is never
 * tried, so numbers cannot slide to the next one.
 */
static bool S_place_by_column(const sc_cell *const *values, size_t n,
                         const double *xs, size_t n_columns, size_t *cols)
{
	double gap = INFINITY;
	for (size_t c = 1; c < n_columns; c++)
		if (fabs(xs[c] - xs[c - 1]) < gap)
			gap = fabs(xs[c] - xs[c - 1]);
	size_t trial[64];
	if (n > 64)
		return false;
	double best = S_place_shifted(values, n, xs, n_columns, 0, cols);
	for (size_t v = 0; v < n; v++)
		for (size_t c = 0; c < n_columns; c++) {
			double shift = xs[c] - S_centre(values[v]);
			if (fabs(shift) >= 0.75 * gap)
				continue;
			double cost = S_place_shifted(values, n, xs, n_columns, shift,
			                              trial);
			if (cost < 0)
				continue;
			cost += 0.5 * (double)n * fabs(shift);
			if (best >= 0 && cost >= best)
				continue;
			best = cost;
			memcpy(cols, trial, n * sizeof *cols);
		}
	return best >= 0;
}

/* What the walk did beyond copying the printed number into cell `where`,
 * said with `where` as the field: a marker dropped is an info (the number
 * is as printed); any other reading is a warning. */
static void S_reading_diagnostics(sc_ctx *ctx, const sc_cell *cell, int page,
                                  const char *where, double value)
{
	const char *shown = cell->spaced;
	if (cell->joined)
		nb_sc_diag(ctx, "warning", "digits_joined", page, where,
		              "%s: digits printed on two lines in a narrow cell "
		              "joined: read as %g", where, value);
	if (cell->how & NB_READ_JOINED)
		nb_sc_diag(ctx, "warning", "digits_joined", page, where,
		              "%s: \"%s\" read as %g (digits one space apart)", where,
		              shown, value);
	if (cell->how & NB_READ_MARKER)
		nb_sc_diag(ctx, "info", "marker_stripped", page, where,
		              "%s: footnote marker dropped from \"%s\"", where, shown);
	static const struct {
		unsigned flag;
		const char *what;
	} readings[] = {
		{NB_READ_APPROX, "a word of approximation dropped"},
		{NB_READ_ANNOTATION, "a bracketed note dropped"},
		{NB_READ_LETTERS, "letters read as digits"},
		{NB_READ_STRAY, "a stroke one space off dropped, a rule's edge"},
	};
	for (size_t i = 0; i < sizeof readings / sizeof readings[0]; i++)
		if (cell->how & readings[i].flag)
			nb_sc_diag(ctx, "warning", "value_interpreted", page, where,
			              "%s: \"%s\" read as %g (%s)", where, shown, value,
			              readings[i].what);
}

/* A count printed with 万 ("1.2万") is 12000 of them: read so, and said.
 * An amount keeps its number as printed (its unit gets amount_unit). */
static double S_scaled(sc_ctx *ctx, const sc_cell *cell, int page,
                       const char *where, bool amount)
{
	if (amount || !cell->unit || strcmp(cell->unit, "万") != 0)
		return cell->value;
	double value = cell->value * 10000;
	nb_sc_diag(ctx, "warning", "value_interpreted", page, where,
	              "%s: \"%s\" read as %g (万 multiplied out)", where,
	              cell->spaced, value);
	return value;
}

static void S_cell_value(sc_ctx *ctx, const sc_cell *cell, int page,
                         const char *where, bool amount, sc_value *out)
{
	out->present = true;
	out->cell = cell;
	out->page = page;
	if (cell->kind == NB_TOKEN_NUMBER) {
		out->has_value = true;
		out->value = S_scaled(ctx, cell, page, where, amount);
		S_reading_diagnostics(ctx, cell, page, where, out->value);
		if (cell->ocr && cell->confidence < SC_OCR_LOW_CONFIDENCE)
			nb_sc_diag(ctx, "warning", "ocr_low_confidence", page, where,
			           "%s: \"%s\" read by OCR as %g with confidence "
			           "%.0f%%; check it on the page", where, cell->spaced,
			           out->value, cell->confidence * 100);
	} else if (cell->kind == NB_TOKEN_TEXT) {
		nb_sc_diag(ctx, "warning", "cell_unreadable", page, where,
		           "%s: \"%s\" is not a number; left null", where, cell->match);
	}
}

static const char *S_unit_name(const char *unit)
{
	if (!unit)
		return NULL;
	if (unit[0] == '(') /* "(万元)" → "万元" is handled by the caller */
		return unit + 1;
	return unit;
}

/* An amount in anything but 万元 gets an info diagnostic. */
static void S_amount_unit(sc_ctx *ctx, const walk *w, const row_record *rec,
                          size_t column, const sc_value *value,
                          const char *section)
{
	const tpl_row *row = &w->tpl->rows[rec->row];
	const char *unit = NULL;
	if (value->cell && value->cell->kind == NB_TOKEN_NUMBER)
		unit = S_unit_name(value->cell->unit);
	if (!unit)
		for (size_t i = 0; i < rec->n_anchors; i++)
			if (!strcmp(rec->anchors[i].key, row->columns[column].key))
				unit = rec->anchors[i].unit;
	if (!unit || strncmp(unit, "万元", strlen("万元")) == 0)
		return;
	char field[160];
	snprintf(field, sizeof field, "%s.%s.%s", section, row->key,
	         row->columns[column].key);
	nb_sc_diag(ctx, "info", "amount_unit", rec->page, field,
	           "%s: amount printed in %s, kept as printed", field, unit);
}

/* Is this value slot an empty field (normalize/grid.c), not a printed
 * cell? */
static bool S_empty_slot(const sc_cell *cell)
{
	return !*cell->prose;
}

/*
 * A row with more value slots than columns, some of them empty fields of
 * tab-separated text: the empty ones are dropped from the left (where
 * label cells that span rows were left out), then from the right
 * (trailing padding), until the slots fit the columns.  Printed cells are
 * never dropped: then the row stays too long (row_columns_mismatch).
 */
static const row_record *S_without_padding(walk *w, const row_record *rec,
                                           size_t n_cols, const char *field)
{
	if (rec->n_values <= n_cols)
		return rec;
	size_t first = 0, end = rec->n_values;
	/* with the row's column headers read: empty fields left of the first
	 * header or right of the last are no cells of the table */
	const tpl_row *row = &w->tpl->rows[rec->row];
	double xs[MAX_ANCHORS] = {0};
	bool all = row->n_columns > 0 && row->n_columns <= MAX_ANCHORS;
	for (size_t c = 0; c < row->n_columns && all; c++)
		all = S_anchor_lookup(rec, row->columns[c].key, &xs[c]);
	if (all) {
		double lo = xs[0], hi = xs[0];
		for (size_t c = 1; c < row->n_columns; c++) {
			lo = xs[c] < lo ? xs[c] : lo;
			hi = xs[c] > hi ? xs[c] : hi;
		}
		while (end - first > n_cols && S_empty_slot(rec->values[first])
		       && S_centre(rec->values[first]) < lo - 0.5)
			first++;
		while (end - first > n_cols && S_empty_slot(rec->values[end - 1])
		       && S_centre(rec->values[end - 1]) > hi + 0.5)
			end--;
	}
	/* empty fields where other rows print labels (a group label's column)
	 * are placeholders, whatever the rest */
	while (end - first > n_cols && S_empty_slot(rec->values[first])
	       && rec->values[first]->c0 <= w->label_cols)
		first++;
	size_t placeholders = first;
	while (end - first > n_cols && S_empty_slot(rec->values[first]))
		first++;
	while (end - first > n_cols && S_empty_slot(rec->values[end - 1]))
		end--;
	if (first == 0 && end == rec->n_values)
		return rec;
	/* the other way round (right first) would put the numbers elsewhere:
	 * which empty field was a blank cell is unsure */
	size_t right_first = placeholders, right_end = end;
	while (right_end - right_first > n_cols
	       && S_empty_slot(rec->values[right_end - 1]))
		right_end--;
	while (right_end - right_first > n_cols
	       && S_empty_slot(rec->values[right_first]))
		right_first++;
	if (right_first != first)
		nb_sc_diag(w->ctx, "warning", "row_columns_doubtful", rec->page,
		           field, "%s: empty fields at both ends of the row; which "
		           "of them were blank cells is unsure, so its numbers may "
		           "stand one column off", field);
	row_record *trimmed = nb_arena_alloc(w->ctx->arena, sizeof *trimmed);
	*trimmed = *rec;
	trimmed->values = rec->values + first;
	trimmed->n_values = end - first;
	return trimmed;
}

static void S_place(walk *w, const row_record *rec, const char *section,
                    sc_table *out)
{
	sc_ctx *ctx = w->ctx;
	const tpl_row *row = &w->tpl->rows[rec->row];
	size_t n_cols = row->n_columns;
	out->found[rec->row] = true;
	out->page[rec->row] = rec->page;
	if (w->fuzzy[rec->row]) {
		char field[160];
		snprintf(field, sizeof field, "%s.%s", section, row->key);
		nb_sc_diag(ctx, "warning", "label_fuzzy", rec->page, field,
		           "%s: its label, read by OCR as \"%s\", is not the "
		           "template's wording but the nearest to it", field,
		           w->fuzzy[rec->row]);
	}
	if (rec->by_place) {
		char field[160];
		snprintf(field, sizeof field, "%s.%s", section, row->key);
		nb_sc_diag(ctx, "warning", "row_placed_by_position", rec->page,
		           field, "%s: its label, read by OCR as \"%s\", names no "
		           "row; taken as this row by where it stands among the "
		           "rows whose labels were read", field, rec->line->label);
	}
	if (rec->line && rec->line->doubt) {
		char field[160];
		snprintf(field, sizeof field, "%s.%s", section, row->key);
		nb_sc_diag(ctx, "warning", "table_cells_mismatch", rec->page, field,
		           "%s: %s", field, rec->line->doubt);
		/* the walk's lines are the context's own (not const there) */
		ctx->lines[rec->line - ctx->lines].doubt_said = true;
	}
	if (rec->n_values == 0) {
		/* a row printed with every cell blank, unless its label line
		 * holds digits no cell was read from (OCR glued a row's numbers
		 * to its label: 规章27 27 131) */
		const sc_line *label = rec->line ? rec->line : rec->label_line;
		char field[160];
		snprintf(field, sizeof field, "%s.%s", section, row->key);
		if (label && S_digits_in_label(label))
			nb_sc_diag(ctx, "warning", "row_columns_mismatch", rec->page,
			           field, "%s: its line \"%s\" holds numbers not read "
			           "as its cells; row left null", field, label->text);
		else if (label) /* the walk's lines are the context's own */
			ctx->lines[label - ctx->lines].blank_row =
				nb_arena_strdup(ctx->arena, field);
		return;
	}
	for (size_t v = 0; v < rec->n_values; v++)
		S_use(rec->values[v]); /* placed, or under the row's warning */
	char row_field[160];
	snprintf(row_field, sizeof row_field, "%s.%s", section, row->key);
	rec = S_without_padding(w, rec, n_cols, row_field);
	size_t *cols = nb_arena_alloc(ctx->arena, (rec->n_values + 1) * sizeof *cols);
	bool ok = rec->n_values == n_cols, by_position = false;
	bool *guessed = nb_arena_alloc(ctx->arena, (n_cols + 1) * sizeof *guessed);
	memset(guessed, 0, (n_cols + 1) * sizeof *guessed);
	if (ok) {
		for (size_t v = 0; v < n_cols; v++)
			cols[v] = v;
	} else if (rec->n_values < n_cols && !ctx->doc->unaligned) {
		/* text without column alignment: which cells were left blank
		 * cannot be told, so nothing is placed by position */
		double *xs = nb_arena_alloc(ctx->arena, n_cols * sizeof *xs);
		ok = S_anchors_for(w, rec, xs, guessed, &by_position)
		     && S_place_by_column(rec->values, rec->n_values, xs, n_cols, cols);
	}
	if (!ok) {
		char field[160];
		snprintf(field, sizeof field, "%s.%s", section, row->key);
		nb_sc_diag(ctx, "warning", "row_columns_mismatch", rec->page, field,
		           "%s: %zu values for %zu columns; row left null", field,
		           rec->n_values, n_cols);
		return;
	}
	for (size_t v = 0; v < rec->n_values; v++) {
		char where[160];
		snprintf(where, sizeof where, "%s.%s.%s", section, row->key,
		         row->columns[cols[v]].key);
		S_cell_value(ctx, rec->values[v], rec->page, where,
		             row->amount == (int)cols[v],
		             &out->cells[rec->row][cols[v]]);
		if (by_position)
			nb_sc_diag(ctx, "warning", "value_placed_by_position",
			              rec->page, where,
			              "%s: no column header was read; placed by its "
			              "position among the row's columns", where);
		else if (guessed[cols[v]])
			nb_sc_diag(ctx, "warning", "value_placed_by_position",
			              rec->page, where,
			              "%s: its column's header was not read; placed "
			              "by the column's place among those whose headers "
			              "were", where);
	}
	S_doubt_guessed_blanks(ctx, rec, row, cols, guessed, n_cols, row_field);
	out->by_column[rec->row] = rec->n_values < n_cols && !by_position;
	if (by_position) {
		/* the columns left without a number are taken as printed blank,
		 * but no header located them: their nulls are doubtful too */
		char field[160];
		snprintf(field, sizeof field, "%s.%s", section, row->key);
		nb_sc_diag(ctx, "warning", "row_columns_doubtful", rec->page, field,
		           "%s: %zu numbers for %zu columns placed by position (no "
		           "column header was read); the other cells taken as blank",
		           field, rec->n_values, n_cols);
	}
	if (rec->continued) {
		char field[160];
		snprintf(field, sizeof field, "%s.%s", section, row->key);
		nb_sc_diag(ctx, "info", "row_continued", rec->page, field,
		           "%s: the row's numbers continue on the next line; read "
		           "as one row", field);
	}
	if (row->amount >= 0)
		S_amount_unit(ctx, w, rec, (size_t)row->amount,
		              &out->cells[rec->row][row->amount], section);
}

/* Does record k stand where its row belongs: after the records of earlier
 * rows and before those of later ones (its own row's others aside)? */
static bool S_in_order(const walk *w, size_t k)
{
	size_t row = w->records[k].row;
	for (size_t i = k; i-- > 0;)
		if (w->records[i].row != row)
			return w->records[i].row < row;
	for (size_t i = k + 1; i < w->n_records; i++)
		if (w->records[i].row != row)
			return w->records[i].row > row;
	return true;
}

static void S_unuse_line(const sc_line *line)
{
	for (size_t i = 0; line && i < line->n_cells; i++)
		((sc_cell *)&line->cells[i])->used = false;
}

/*
 * A row read from two lines (an extra 合计 row beside （七）总计, a stray
 * line whose words match a row): the one that stands where the row belongs
 * among the others is kept, and the other lines are left to be reported
 * as not placed.  When none or both stand in order, the first is kept and
 * row_repeated warns on the row: its numbers may be the wrong line's.
 */
static void S_settle_repeats(walk *w, const char *section)
{
	for (size_t r = 0; r < w->tpl->n_rows; r++) {
		size_t n = 0, in_order = 0, keep = 0;
		for (size_t k = 0; k < w->n_records; k++)
			if (w->records[k].row == r) {
				n++;
				if (S_in_order(w, k)) {
					if (in_order++ == 0)
						keep = k;
				}
			}
		if (n < 2)
			continue;
		bool sure = in_order == 1;
		for (size_t k = 0, first = 1; k < w->n_records; k++) {
			row_record *rec = &w->records[k];
			if (rec->row != r)
				continue;
			if (!sure && first) {
				keep = k;
				first = 0;
			}
			if (k == keep)
				continue;
			rec->dropped = true;
			S_unuse_line(rec->line);
		}
		if (!sure) {
			char field[160];
			snprintf(field, sizeof field, "%s.%s", section, w->tpl->rows[r].key);
			nb_sc_diag(w->ctx, "warning", "row_repeated", w->records[keep].page,
			           field, "%s: %zu lines read as this row and where it "
			           "belongs is unsure; the first kept, the others not "
			           "placed", field, n);
		}
	}
}

/* The walk line a record stands on: its values' line, or a blank row's
 * label line; -1 when neither is known. */
static long S_record_at(const walk *w, const row_record *rec)
{
	const sc_line *line = rec->line ? rec->line : rec->label_line;
	return line ? (long)(line - w->ctx->lines) : -1;
}

/* Lines strictly between walk lines `from` and `to` that hold exactly
 * `n_columns` values no row took (a full row of numbers whose label named
 * no row), into `found` (at most `cap`); their count. */
static size_t S_untaken_rows(const walk *w, long from, long to,
                             size_t n_columns, const sc_line **found,
                             size_t cap)
{
	size_t n = 0;
	for (long i = from + 1; i < to; i++) {
		const sc_line *line = &w->ctx->lines[i];
		/* a full row, or a grid's row with blank cells (absent from it:
		 * its values are placed by their columns) */
		bool grid_row = line->line == NB_NO_LINE;
		if (grid_row ? line->n_values > n_columns
		                   || line->n_values * 2 < n_columns
		             : line->n_values != n_columns)
			continue;
		bool free_line = true;
		for (size_t c = 0; c < line->n_cells && free_line; c++)
			free_line = !line->cells[c].used;
		if (free_line && n++ < cap)
			found[n - 1] = line;
	}
	return n;
}

/*
 * Rows whose labels OCR garbled past any fuzzy match (本机关不掌握相关政府
 * 信息 read as 让机关丰村竹和关咏麻伟): between two rows matched by label,
 * with only rows of the same columns missing between them in the
 * template, as many lines of a full row of numbers (or, in a scan's ruled
 * table, a row of at least half its cells, the blank ones absent) as rows
 * missing are those rows, in order.  Each is placed with row_placed_by_position
 * naming it; a gap whose count of lines differs is left alone (its
 * numbers reported as not placed).  Only for OCR'd text: a text layer's
 * labels are what they say.
 */
static void S_rows_by_place(walk *w)
{
	size_t n = w->n_records;
	for (size_t k = 0; k + 1 < n; k++) {
		const row_record *a = &w->records[k], *b = &w->records[k + 1];
		long la = S_record_at(w, a), lb = S_record_at(w, b);
		if (a->dropped || b->dropped || la < 0 || lb <= la
		    || b->row < a->row + 2)
			continue;
		const tpl_row *ra = &w->tpl->rows[a->row];
		size_t missing = 0;
		bool clean = true;
		for (size_t r = a->row + 1; r < b->row && clean; r++) {
			clean = !w->taken[r] && w->tpl->rows[r].columns == ra->columns
			        && w->tpl->rows[r].n_columns == ra->n_columns;
			missing++;
		}
		const sc_line *lines[8];
		if (!clean || missing > 8
		    || S_untaken_rows(w, la, lb, ra->n_columns, lines, 8) != missing)
			continue;
		size_t first_row = a->row + 1;
		for (size_t m = 0; m < missing; m++) {
			S_record_row(w, (long)(first_row + m), lines[m], lines[m]->page);
			w->records[w->n_records - 1].by_place = true;
			for (size_t c = 0; c < lines[m]->n_cells; c++)
				((sc_cell *)&lines[m]->cells[c])->used = true;
		}
	}
}

void nb_sc_table_rebuild(sc_ctx *ctx, const tpl_table *tpl, size_t start,
                         size_t end, const char *section, sc_table *out)
{
	nb_arena *arena = ctx->arena;
	out->tpl = tpl;
	out->cells = nb_arena_alloc(arena, tpl->n_rows * sizeof *out->cells);
	out->found = nb_arena_alloc(arena, tpl->n_rows * sizeof *out->found);
	out->page = nb_arena_alloc(arena, tpl->n_rows * sizeof *out->page);
	out->by_column = nb_arena_alloc(arena, tpl->n_rows * sizeof *out->by_column);
	for (size_t r = 0; r < tpl->n_rows; r++)
		out->cells[r] = nb_arena_alloc(arena, (tpl->rows[r].n_columns + 1)
		                                              * sizeof **out->cells);
	walk w = {
		.ctx = ctx,
		.tpl = tpl,
		.taken = nb_arena_alloc(arena, tpl->n_rows * sizeof(bool)),
		.last_row = -1,
		.last_label = "",
		.candidate = -1,
		.records = nb_arena_alloc(arena, (tpl->n_rows + 1) * sizeof(row_record)),
		.cap_records = tpl->n_rows + 1,
		.ocr = ctx->doc->n_ocr_pages > 0,
		.fuzzy = nb_arena_alloc(arena, (tpl->n_rows + 1) * sizeof(char *)),
	};
	S_walk(&w, start, end);
	S_settle_repeats(&w, section);
	if (w.ocr)
		S_rows_by_place(&w);
	for (size_t i = 0; i < w.n_records; i++)
		if (!w.records[i].dropped)
			S_place(&w, &w.records[i], section, out);
}

/* Walk line `k`, seen from a number left in no cell: true when it is
 * the label of a row left blank (that row is then warned about, once), or
 * when it holds a placed cell (a row between them: look no further). */
static bool S_stop_at(sc_ctx *ctx, size_t k, const char *shown)
{
	sc_line *line = &ctx->lines[k];
	if (line->blank_row) {
		nb_sc_diag(ctx, "warning", "row_columns_mismatch", line->page,
		           line->blank_row, "%s: no number was read in its cells, "
		           "and \"%s\" beside its label stands in no cell; row left "
		           "null", line->blank_row, shown);
		line->blank_row = NULL;
		return true;
	}
	for (size_t c = 0; c < line->n_cells; c++)
		if (line->cells[c].used)
			return true;
	return false;
}

/* A number left in no cell on walk line `at`, next to the label of a row
 * left blank (above or below it, with only lines of numbers in no cell
 * between them): the row was printed with numbers, maybe these (OCR reads
 * a row's numbers as a line of their own when they stand a little higher
 * or lower than its label), so its blanks are not vouched for: a warning
 * names the row. */
static void S_blank_row_near(sc_ctx *ctx, size_t start, size_t end,
                             size_t at, const char *shown)
{
	for (size_t k = at; k-- > start;)
		if (S_stop_at(ctx, k, shown))
			break;
	for (size_t k = at + 1; k < end; k++)
		if (S_stop_at(ctx, k, shown))
			break;
}

/* One value_not_placed info per line of [start, end) whose cells with
 * digits the walk did not account for, and one per line the normalize pass
 * removed there (page numbers, running headers) that held digits: a number
 * seen near a table and not put in any cell is said, never dropped. */
void nb_sc_report_unplaced(sc_ctx *ctx, size_t start, size_t end,
                           const char *section)
{
	for (size_t i = start; i < end; i++) {
		const sc_line *line = &ctx->lines[i];
		if (line->doubt && !line->doubt_said) {
			nb_sc_diag(ctx, "warning", "table_cells_mismatch", line->page,
			           section, "%s: %s", section, line->doubt);
			ctx->lines[i].doubt_said = true;
		}
		char shown[200] = "";
		size_t len = 0;
		for (size_t c = 0; c < line->n_cells; c++) {
			const sc_cell *cell = &line->cells[c];
			if (cell->used || !S_has_digit(cell->match))
				continue;
			int wrote = snprintf(shown + len, sizeof shown - len, "%s%s",
			                     len ? " " : "", cell->prose);
			if (wrote > 0)
				len += (size_t)wrote < sizeof shown - len
				               ? (size_t)wrote
				               : sizeof shown - len - 1;
		}
		if (len) {
			nb_sc_diag(ctx, "info", "value_not_placed", line->page,
			              section, "%s: \"%s\" stands in the table but in "
			              "no cell; not placed", section, shown);
			S_blank_row_near(ctx, start, end, i, shown);
		}
	}
	const nb_doc *doc = ctx->doc;
	for (size_t k = 0; k < doc->n_removed; k++) {
		const nb_removed_line *gone = &doc->removed[k];
		bool inside = false;
		for (size_t i = start; i < end && !inside; i++)
			inside = ctx->lines[i].line == gone->at_line;
		if (inside && S_has_digit(gone->text))
			nb_sc_diag(ctx, "info", "value_not_placed", gone->page,
			              section, "%s: %s \"%s\" removed inside the "
			              "table; not placed", section, gone->what, gone->text);
	}
}

/* ---- section 四 ---- */

/*
 * Column anchors of 四 from its header lines: every header cell that names
 * a column (维持, 纠正, 其他, 尚未/审结, 总计), from all header lines, grouped
 * by overlapping x extent (a header word broken over two lines is one
 * column).  Usable only when that gives 15 columns in the order of three
 * groups of upheld, corrected, other, pending, total.
 */
typedef struct review_anchor {
	double c0, c1;
	size_t column;
} review_anchor;

static int S_cmp_anchor(const void *a, const void *b)
{
	const review_anchor *x = a, *y = b;
	return x->c0 < y->c0 ? -1 : x->c0 > y->c0;
}

/* The review column headers in a cell: the cell itself, or each of its
 * space-separated words ("结果 结果 其他 尚未" printed as one cell). */
static size_t S_header_words(sc_ctx *ctx, const sc_cell *cell,
                             review_anchor *out, size_t max)
{
	size_t n_columns = 0;
	const tpl_column *columns = nb_tpl_review_columns(&n_columns);
	piece pieces[16];
	size_t n_pieces = S_pieces(cell->spaced, pieces, 16);
	double total = (double)nb_sc_codepoints(cell->spaced, strlen(cell->spaced));
	double width = cell->c1 - cell->c0;
	size_t n = 0;
	for (size_t p = 0; p < (n_pieces > 1 ? n_pieces : 1) && n < max; p++) {
		const char *match = cell->match;
		double c0 = cell->c0, c1 = cell->c1;
		if (n_pieces > 1) {
			const char *text = cell->spaced;
			match = nb_normalize(ctx->schema->norm, NB_NORM_MATCH,
			                     text + pieces[p].start,
			                     pieces[p].end - pieces[p].start, ctx->arena);
			c0 = cell->c0 + width * (double)nb_sc_codepoints(text, pieces[p].start) / total;
			c1 = cell->c0 + width * (double)nb_sc_codepoints(text, pieces[p].end) / total;
		}
		for (size_t k = 0; k < n_columns; k++) {
			const pcre2_code *re = nb_schema_pattern(ctx->schema,
			                                         columns[k].header);
			if (nb_schema_match(ctx->schema, re, match, ctx->md)) {
				out[n++] = (review_anchor){c0, c1, k};
				break;
			}
		}
	}
	return n;
}

/* Add a header word unless one of its column already overlaps it. */
static size_t S_anchor_add(review_anchor *found, size_t n, size_t max,
                           review_anchor word)
{
	for (size_t a = 0; a < n; a++)
		if (found[a].column == word.column && found[a].c0 < word.c1
		    && word.c0 < found[a].c1)
			return n;
	if (n < max)
		found[n++] = word;
	return n;
}

static bool S_review_anchors(sc_ctx *ctx, size_t start, size_t end,
                             double xs[15])
{
	review_anchor found[64];
	size_t n = 0;
	for (size_t i = start; i < end; i++) {
		const sc_line *line = &ctx->lines[i];
		if (line->n_values > 0)
			continue;
		for (size_t c = 0; c < line->n_cells; c++) {
			review_anchor words[16];
			size_t n_words = S_header_words(ctx, &line->cells[c], words, 16);
			for (size_t k = 0; k < n_words; k++)
				n = S_anchor_add(found, n, 64, words[k]);
		}
	}
	if (n != 15)
		return false;
	qsort(found, n, sizeof *found, S_cmp_anchor);
	for (size_t a = 0; a < 15; a++) {
		if (found[a].column != a % 5)
			return false;
		xs[a] = (found[a].c0 + found[a].c1) / 2;
	}
	return true;
}

/* The value cells of lines [start, end) of 四, into values/pages (at most
 * 64); lines with fewer than `min_values` values are left out.  Returns
 * the count, or 65 when there were more than 64. */
static size_t S_review_values(sc_ctx *ctx, size_t start, size_t end,
                              size_t min_values, const sc_cell **values,
                              int *pages)
{
	size_t n = 0;
	for (size_t i = start; i < end; i++) {
		const sc_line *line = &ctx->lines[i];
		if (line->n_values < min_values)
			continue;
		for (size_t v = 0; v < line->n_values; v++) {
			if (n == 64)
				return 65;
			pages[n] = line->page;
			values[n++] = &line->cells[line->first_value + v];
		}
	}
	return n;
}

bool nb_sc_reviews_rebuild(sc_ctx *ctx, size_t start, size_t end,
                           sc_value out[3][5])
{
	const sc_cell *values[64];
	int pages[64];
	size_t n = S_review_values(ctx, start, end, 1, values, pages);
	if (n > 15) {
		/* a stray number beside the table (a page number, a unit line):
		 * the lines that look like data rows, when they hold exactly the
		 * 15 cells; the others are reported as not placed */
		const sc_cell *rows[64];
		int row_pages[64];
		size_t m = S_review_values(ctx, start, end, 5, rows, row_pages);
		if (m == 15) {
			memcpy(values, rows, m * sizeof *rows);
			memcpy(pages, row_pages, m * sizeof *row_pages);
			n = m;
		}
	}
	bool overflow = n > 64;
	if (overflow)
		n = 64;
	for (size_t v = 0; v < n; v++)
		S_use(values[v]); /* placed below, or under the warning */
	if (n == 0) {
		nb_sc_diag(ctx, "warning", "row_not_found", 0, "reviews",
		           "reviews: no numbers found under section 四; left null");
		return false;
	}
	size_t cols[64];
	bool ok = !overflow && n <= 15;
	if (ok && n == 15) {
		for (size_t v = 0; v < n; v++)
			cols[v] = v;
	} else if (ok && ctx->doc->unaligned) {
		ok = false; /* no columns to place by (see S_place) */
	} else if (ok) {
		double xs[15];
		ok = S_review_anchors(ctx, start, end, xs)
		     && S_place_by_column(values, n, xs, 15, cols);
	}
	if (!ok) {
		nb_sc_diag(ctx, "warning", "row_columns_mismatch", pages[0], "reviews",
		           "reviews: %zu values for 15 columns; left null", n);
		return false;
	}
	size_t n_groups = 0, n_columns = 0;
	const tpl_column *groups = nb_tpl_review_groups(&n_groups);
	const tpl_column *columns = nb_tpl_review_columns(&n_columns);
	for (size_t v = 0; v < n; v++) {
		char where[160];
		snprintf(where, sizeof where, "reviews.%s.%s",
		         groups[cols[v] / 5].key, columns[cols[v] % 5].key);
		S_cell_value(ctx, values[v], pages[v], where, false,
		             &out[cols[v] / 5][cols[v] % 5]);
	}
	return true;
}
