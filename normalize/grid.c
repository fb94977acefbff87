/*
 * grid.c — positioned lines → a grid: the last step of nb_normalize_doc.
 *
 * Readers of positioned text (PDF glyph boxes, space-aligned and
 * tab-separated text) give lines of runs with x extents, not tables.  This
 * step turns them into the document model's grid, so that everything after
 * normalize maps tables by their header and row labels, whatever the reader
 * was (readers of structured input fill grids themselves; then only their
 * cells' text is normalized here).
 *
 * 1. Runs become cells: a run holding a label and numbers ("规章 0 0 0",
 *    as a space-aligned text with narrow columns gives) or several numbers
 *    ("0 0 0") is cut into one cell per number and one for the label, x
 *    interpolated over the run by character offsets.  Space-aligned text
 *    counts x in characters here, not display columns: pdftotext -layout
 *    gives every glyph one character cell, so wide characters before a
 *    number must not push it right.
 * 2. Columns: the left and right edges of the cells of every line that
 *    looks tabular (two cells or more, or a number) are clustered (edges
 *    closer than the reader's slack are one edge); the clusters, left to
 *    right, are the grid's column boundaries, and a cell spans the columns
 *    between the boundaries nearest its edges; where it stands within them
 *    is kept in column units (boundary k at k, linear in between), so a
 *    number centred under a wide header stays centred.  Tables printed on several
 *    pages share boundaries because their pages share their geometry.
 * 3. One grid row per line (a blank line is an empty row), so a row knows
 *    its line, and the schema can find each section's rows by its lines.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "normalize_internal.h"

/* How far apart two edges may be and still be one column boundary: a tab
 * field index is exact; space-aligned text drifts by a character; PDF
 * cells of one column start within a few points. */
static double S_slack(nb_units units)
{
	switch (units) {
	case NB_UNITS_FIELDS: return 0.5;
	case NB_UNITS_COLUMNS: return 1.5;
	case NB_UNITS_POINTS: return 4.0;
	}
	return 1.0;
}

static size_t S_codepoints(const char *text, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* ---- runs → cells ---- */

typedef struct span {
	size_t start, end;
} span;

static size_t S_tokens(const char *text, span *spans, size_t max)
{
	size_t n = 0, i = 0;
	while (text[i] && n < max) {
		while (text[i] == ' ')
			i++;
		if (!text[i])
			break;
		size_t start = i;
		while (text[i] && text[i] != ' ')
			i++;
		spans[n++] = (span){start, i};
	}
	return n;
}

/* The class of `len` bytes of PROSE text as the schema will read it
 * (nb_token_read), except that in a run that may join cells, digit groups
 * one space apart are several numbers: "0 0 0" is three cells there, while
 * a drawn cell (a tab field) holding "1 0" is one number printed apart. */
static nb_token_kind S_kind(const nb_normalizer *norm, nb_arena *arena,
                            const char *text, size_t len, bool may_join)
{
	char *copy = nb_arena_strndup(arena, text, len);
	nb_token_reading reading;
	nb_token_read(norm, copy, NULL, arena, &reading);
	if (may_join && (reading.how & NB_READ_JOINED))
		return NB_TOKEN_TEXT;
	return reading.kind;
}

/* A cell from run `cell`, its text the bytes [start, end) of the run's
 * text (the whole run when start == 0 and end == its length). */
static nb_grid_cell S_cell_of(nb_arena *arena, const nb_cell *cell,
                              int page, size_t start, size_t end,
                              bool may_join)
{
	const char *text = cell->text;
	size_t len = strlen(text);
	nb_grid_cell out = {
		.text = text,
		.raw = cell->raw ? cell->raw : cell->text,
		.may_join = may_join,
		.row_span = 1,
		.page = page,
		.x0 = cell->x0, .y0 = cell->y0, .x1 = cell->x1, .y1 = cell->y1,
		.confidence = -1,
	};
	if (start == 0 && end == len)
		return out;
	double total = (double)S_codepoints(text, len);
	double width = cell->x1 - cell->x0;
	out.x0 = cell->x0 + width * (double)S_codepoints(text, start) / total;
	out.x1 = cell->x0 + width * (double)S_codepoints(text, end) / total;
	out.text = nb_arena_strndup(arena, text + start, end - start);
	out.part = true;
	return out;
}

/*
 * Cut one run into cells: the run itself when it is one token class, else
 * its trailing NUMBER/BLANK tokens each become a cell and the text before
 * them one label cell.  Tokens are cut at the spaces of the PROSE text,
 * which keeps "只计这 218" apart (the MATCH form drops a space next to a
 * CJK character).  Returns the number of cells written (≤ max).
 */
static size_t S_split_run(const nb_normalizer *norm, nb_arena *arena,
                          const nb_cell *cell, int page, bool may_join,
                          nb_grid_cell *out, size_t max, size_t *values)
{
	const char *text = cell->text;
	size_t len = strlen(text);
	out[0] = S_cell_of(arena, cell, page, 0, len, may_join);
	if (S_kind(norm, arena, text, len, may_join) != NB_TOKEN_TEXT) {
		++*values;
		return 1;
	}
	if (max < 2)
		return 1;
	span spans[64];
	size_t n = S_tokens(text, spans, 64);
	if (n < 2)
		return 1;
	size_t first_value = n;
	while (first_value > 0) {
		const span *sp = &spans[first_value - 1];
		if (S_kind(norm, arena, text + sp->start, sp->end - sp->start, true)
		    == NB_TOKEN_TEXT)
			break;
		first_value--;
	}
	if (first_value == n || n - first_value + 1 > max)
		return 1;
	size_t written = 0;
	if (first_value > 0)
		out[written++] = S_cell_of(arena, cell, page, 0,
		                           spans[first_value - 1].end, may_join);
	for (size_t t = first_value; t < n; t++)
		out[written++] = S_cell_of(arena, cell, page, spans[t].start,
		                           spans[t].end, may_join);
	*values += n - first_value;
	return written;
}

/*
 * Space-aligned text keeps its columns in characters, not display columns:
 * each run's x is moved left by the extra display width of the wide
 * characters before it on the line (a no-op when there are none).
 */
static void S_character_columns(const nb_line *in, nb_cell *cells)
{
	double shift = 0;
	for (size_t i = 0; i < in->n_cells; i++) {
		const nb_cell *cell = &in->cells[i];
		const char *text = cell->raw ? cell->raw : cell->text;
		double chars = (double)S_codepoints(text, strlen(text));
		double width = cell->x1 - cell->x0;
		cells[i] = *cell;
		cells[i].x0 = cell->x0 - shift;
		cells[i].x1 = cells[i].x0 + (chars < width ? chars : width);
		if (width > chars)
			shift += width - chars;
	}
}

static int S_cmp_x0(const void *a, const void *b)
{
	const nb_grid_cell *x = a, *y = b;
	return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/*
 * A tab-separated row with numbers: its empty fields after the label are
 * blank cells (a table copied from a browser prints a blank cell as an
 * empty field, and leaves out label cells that span rows, so only the
 * fields after the label say which column is which).  They become cells
 * with empty text; the schema drops those it does not need to fit the
 * template's columns (padding), never a printed cell.  Returns the count.
 */
static size_t S_fill_empty_fields(const nb_normalizer *norm, nb_doc *doc,
                                  const nb_line *line, nb_grid_cell **work,
                                  size_t n, size_t *cap, size_t *values)
{
	size_t label_end = 0; /* first field after the last label cell */
	for (size_t c = 0; c < n; c++) {
		const nb_grid_cell *cell = &(*work)[c];
		if (S_kind(norm, doc->arena, cell->text, strlen(cell->text), false)
		    != NB_TOKEN_TEXT)
			break;
		label_end = (size_t)cell->x0 + 1;
	}
	bool *taken = nb_xcalloc(line->n_fields + 1, sizeof *taken);
	for (size_t c = 0; c < n; c++)
		if ((size_t)(*work)[c].x0 < line->n_fields)
			taken[(size_t)(*work)[c].x0] = true;
	for (size_t f = label_end; f < line->n_fields; f++) {
		if (taken[f])
			continue;
		if (n == *cap) {
			*work = nb_xrealloc(*work, 2 * *cap * sizeof **work);
			*cap *= 2;
		}
		(*work)[n++] = (nb_grid_cell){
			.text = "", .raw = "", .row_span = 1, .page = line->page,
			.x0 = (double)f, .x1 = (double)f + 1, .y0 = line->y0,
			.y1 = line->y1, .confidence = -1,
		};
		++*values;
	}
	free(taken);
	qsort(*work, n, sizeof **work, S_cmp_x0);
	return n;
}

static void S_row_build(const nb_normalizer *norm, nb_doc *doc, size_t i,
                        nb_grid_row *row, size_t *values)
{
	const nb_line *line = &doc->lines[i];
	/* runs in the coordinates that line up columns (character columns
	 * for space-aligned text); the cells keep the reader's box */
	const nb_cell *runs = line->cells;
	if (doc->units == NB_UNITS_COLUMNS && line->n_cells) {
		nb_cell *shifted = nb_arena_alloc(doc->arena,
		                                  line->n_cells * sizeof *shifted);
		S_character_columns(line, shifted);
		runs = shifted;
	}
	bool may_join = doc->units != NB_UNITS_FIELDS;
	size_t cap = line->n_cells * 2 + 8, n = 0;
	nb_grid_cell *work = nb_xcalloc(cap, sizeof *work);
	for (size_t c = 0; c < line->n_cells; c++) {
		if (n + 2 > cap) {
			work = nb_xrealloc(work, 2 * cap * sizeof *work);
			cap *= 2;
		}
		size_t made = S_split_run(norm, doc->arena, &runs[c], line->page,
		                          may_join, work + n, cap - n, values);
		/* left/right hold the aligned x until columns are assigned; the
		 * box goes back to the reader's coordinates */
		double shift = line->cells[c].x0 - runs[c].x0;
		for (size_t k = n; k < n + made; k++) {
			work[k].left = work[k].x0;
			work[k].right = work[k].x1;
			work[k].x0 += shift;
			work[k].x1 += shift;
		}
		n += made;
	}
	if (line->n_fields && *values)
		n = S_fill_empty_fields(norm, doc, line, &work, n, &cap, values);
	row->line = i;
	row->page = line->page;
	row->n_cells = n;
	row->cells = nb_arena_alloc(doc->arena, (n ? n : 1) * sizeof *row->cells);
	if (n)
		memcpy(row->cells, work, n * sizeof *work);
	free(work);
}

/* ---- columns ---- */

static int S_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* A row that looks like a table's: two cells or more, or a number.
 * `values` is the row's count of number/blank cells (S_row_build). */
static bool S_tabular(const nb_grid_row *row, size_t values)
{
	return row->n_cells >= 2 || values > 0;
}

/* The column boundaries: edges of tabular rows, clustered by `slack`
 * (single linkage), each cluster at its mean.  Returns the count. */
static size_t S_boundaries(nb_doc *doc, const nb_grid *grid,
                           const size_t *values, double **out)
{
	size_t n_edges = 0;
	for (size_t r = 0; r < grid->n_rows; r++)
		n_edges += 2 * grid->rows[r].n_cells;
	double *edges = nb_xmalloc((n_edges + 1) * sizeof *edges);
	size_t n = 0;
	for (size_t r = 0; r < grid->n_rows; r++) {
		const nb_grid_row *row = &grid->rows[r];
		if (!S_tabular(row, values[r]))
			continue;
		for (size_t c = 0; c < row->n_cells; c++) {
			edges[n++] = row->cells[c].left;
			edges[n++] = row->cells[c].right;
		}
	}
	qsort(edges, n, sizeof *edges, S_cmp_double);
	double slack = S_slack(doc->units);
	double *bounds = nb_arena_alloc(doc->arena, (n + 1) * sizeof *bounds);
	size_t n_bounds = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		double sum = edges[i];
		while (j < n && edges[j] - edges[j - 1] <= slack)
			sum += edges[j++];
		bounds[n_bounds++] = sum / (double)(j - i);
		i = j;
	}
	free(edges);
	*out = bounds;
	return n_bounds;
}

/* The first boundary at or after `x` (n when none; bounds sorted). */
static size_t S_first_at_or_after(const double *bounds, size_t n, double x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (bounds[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* `x` in column units: boundary k is k, linear in between (and beyond the
 * outer boundaries at the slope of the nearest interval, or 1 per unit). */
static double S_column_of(const double *bounds, size_t n, double x)
{
	if (n == 0)
		return 0;
	if (n == 1)
		return x - bounds[0];
	size_t lo = S_first_at_or_after(bounds, n, x);
	size_t k = lo == 0 ? 0 : lo >= n ? n - 2 : lo - 1;
	double width = bounds[k + 1] - bounds[k];
	return (double)k + (width > 0 ? (x - bounds[k]) / width : 0);
}

/* Index of the boundary nearest `x` (bounds sorted, n ≥ 1). */
static size_t S_nearest(const double *bounds, size_t n, double x)
{
	size_t lo = S_first_at_or_after(bounds, n, x);
	if (lo == n)
		return n - 1;
	if (lo > 0 && x - bounds[lo - 1] <= bounds[lo] - x)
		return lo - 1;
	return lo;
}

static void S_assign_columns(nb_grid *grid, const double *bounds,
                             size_t n_bounds)
{
	size_t n_cols = n_bounds > 1 ? n_bounds - 1 : 1;
	for (size_t r = 0; r < grid->n_rows; r++) {
		nb_grid_row *row = &grid->rows[r];
		for (size_t c = 0; c < row->n_cells; c++) {
			nb_grid_cell *cell = &row->cells[c];
			double x0 = cell->left, x1 = cell->right; /* aligned x */
			size_t first = n_bounds ? S_nearest(bounds, n_bounds, x0) : 0;
			size_t last = n_bounds ? S_nearest(bounds, n_bounds, x1) : 1;
			if (first >= n_cols)
				first = n_cols - 1;
			cell->col = first;
			cell->col_span = last > first ? last - first : 1;
			if (first + cell->col_span > n_cols)
				cell->col_span = n_cols - first;
			cell->left = S_column_of(bounds, n_bounds, x0);
			cell->right = S_column_of(bounds, n_bounds, x1);
		}
	}
	grid->n_cols = n_cols;
}

/* ---- numbers wrapped in narrow cells ---- */

/* The cell of `host` holding only digits whose extent overlaps `cell`'s,
 * or NULL. */
static nb_grid_cell *S_digits_above(nb_grid_row *host, const nb_grid_cell *cell)
{
	for (size_t c = 0; c < host->n_cells; c++) {
		nb_grid_cell *above = &host->cells[c];
		if (nb_token_all_digits(above->text) && above->x0 < cell->x1
		    && cell->x0 < above->x1)
			return above;
	}
	return NULL;
}

/*
 * A number too long for its cell wraps: "35" on the row's line, "73" on
 * the next (3573).  A line holding only digits, each right under a
 * digits-only number of the line above, on the same page, with fewer
 * numbers than that line (or under a row of one number), is that wrap: its
 * digits are appended to the numbers above, the cells marked `joined` (the
 * schema warns digits_joined on each), and the line left empty.  A full
 * line of numbers under a row is a row of its own (its label may follow).
 */
static void S_join_wrapped_digits(nb_doc *doc, nb_grid *grid, size_t *values)
{
	for (size_t r = 1; r < grid->n_rows; r++) {
		nb_grid_row *host = &grid->rows[r - 1], *tail = &grid->rows[r];
		if (tail->n_cells == 0 || tail->page != host->page)
			continue;
		size_t host_values = values[r - 1];
		if (host_values == 0
		    || (tail->n_cells >= host_values && host_values != 1))
			continue;
		bool wrap = true;
		for (size_t c = 0; c < tail->n_cells && wrap; c++)
			wrap = nb_token_all_digits(tail->cells[c].text)
			       && S_digits_above(host, &tail->cells[c]);
		if (!wrap)
			continue;
		for (size_t c = 0; c < tail->n_cells; c++) {
			const nb_grid_cell *piece = &tail->cells[c];
			nb_grid_cell *above = S_digits_above(host, piece);
			size_t a = strlen(above->text), b = strlen(piece->text);
			char *text = nb_arena_alloc(doc->arena, a + b + 1);
			memcpy(text, above->text, a);
			memcpy(text + a, piece->text, b + 1);
			above->text = above->raw = text;
			above->joined = true;
			above->y1 = piece->y1 > above->y1 ? piece->y1 : above->y1;
		}
		tail->n_cells = 0;
		values[r] = 0;
	}
}

/* ---- prose flow ---- */

/*
 * Within each block of prose (consecutive lines that are not tabular;
 * blank lines do not end a block), a line that reaches 85 % of the block's
 * width runs on into the next line, and one that starts 3 % in is indented:
 * what the schema needs to join a paragraph's lines without reading
 * positions itself.  Tab fields have no widths: nothing is set.
 */
static void S_mark_block(nb_doc *doc, size_t start, size_t end)
{
	double right = 0, left = 1e300;
	for (size_t i = start; i < end; i++) {
		const nb_line *line = &doc->lines[i];
		if (line->n_cells == 0)
			continue;
		if (line->cells[line->n_cells - 1].x1 > right)
			right = line->cells[line->n_cells - 1].x1;
		if (line->cells[0].x0 < left)
			left = line->cells[0].x0;
	}
	double width = right - left;
	for (size_t i = start; i < end; i++) {
		nb_line *line = &doc->lines[i];
		if (line->n_cells == 0)
			continue;
		line->full_width = line->cells[line->n_cells - 1].x1
		                   >= left + 0.85 * width;
		line->indented = line->cells[0].x0 > left + 0.03 * width + 1.0;
	}
}

static void S_mark_flow(nb_doc *doc, const nb_grid *grid,
                        const size_t *values)
{
	if (doc->units == NB_UNITS_FIELDS)
		return;
	size_t start = 0;
	for (size_t i = 0; i <= doc->n_lines; i++) {
		if (i < doc->n_lines && !S_tabular(&grid->rows[i], values[i]))
			continue;
		if (i > start)
			S_mark_block(doc, start, i);
		start = i + 1;
	}
}

/* ---- the step ---- */

static void S_grid_from_lines(const nb_normalizer *norm, nb_doc *doc)
{
	nb_grid *grid = nb_arena_alloc(doc->arena, sizeof *grid);
	grid->from_lines = true;
	grid->at_line = 0;
	grid->n_rows = doc->n_lines;
	grid->rows = nb_arena_alloc(doc->arena,
	                            (doc->n_lines + 1) * sizeof *grid->rows);
	/* number/blank cells of each row, counted as the runs are cut */
	size_t *values = nb_arena_alloc(doc->arena,
	                                (doc->n_lines + 1) * sizeof *values);
	for (size_t i = 0; i < doc->n_lines; i++)
		S_row_build(norm, doc, i, &grid->rows[i], &values[i]);
	S_join_wrapped_digits(doc, grid, values);
	double *bounds = NULL;
	size_t n_bounds = S_boundaries(doc, grid, values, &bounds);
	S_assign_columns(grid, bounds, n_bounds);
	S_mark_flow(doc, grid, values);
	doc->grids = grid;
	doc->n_grids = 1;
}

/* A reader's grid: its cells' text in PROSE form, raw kept. */
static void S_normalize_grid(const nb_normalizer *norm, nb_doc *doc,
                             nb_grid *grid)
{
	for (size_t r = 0; r < grid->n_rows; r++)
		for (size_t c = 0; c < grid->rows[r].n_cells; c++) {
			nb_grid_cell *cell = &grid->rows[r].cells[c];
			if (!cell->raw)
				cell->raw = cell->text;
			cell->text = nb_normalize(norm, NB_NORM_PROSE, cell->raw,
			                          strlen(cell->raw), doc->arena);
			if (cell->row_span == 0)
				cell->row_span = 1;
			if (cell->col_span == 0)
				cell->col_span = 1;
			cell->left = (double)cell->col;
			cell->right = (double)(cell->col + cell->col_span);
		}
}

void nb_normalize_grids(const nb_normalizer *norm, nb_doc *doc)
{
	if (doc->n_grids == 0) {
		S_grid_from_lines(norm, doc);
		return;
	}
	for (size_t g = 0; g < doc->n_grids; g++)
		S_normalize_grid(norm, doc, &doc->grids[g]);
}
