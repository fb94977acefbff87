/*
 * lines.c — the document as table material: every grid row (or document
 * line outside grids) becomes an sc_line whose cells carry their compact
 * MATCH form, token class and grid columns, and whose label and text are
 * ready for matching against the templates.
 *
 * The document model is the only input: readers of structured input fill
 * grids; normalize builds the grid of positioned text (normalize/grid.c,
 * which also cuts runs such as "规章 0 0 0" into cells).  Nothing here
 * looks at page positions or at which reader ran.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "schema_internal.h"


size_t nb_sc_codepoints(const char *text, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			n++;
	return n;
}

bool nb_sc_longer_than(const char *text, size_t max)
{
	size_t n = 0;
	for (; *text; text++)
		if (((unsigned char)*text & 0xC0) != 0x80 && ++n > max)
			return true;
	return false;
}

/* Copy of `text` without any ASCII white space. */
static char *S_compact(nb_arena *arena, const char *text)
{
	size_t len = strlen(text);
	char *out = nb_arena_alloc(arena, len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n'
		    && text[i] != '\r')
			out[n++] = text[i];
	out[n] = '\0';
	return out;
}

bool nb_sc_cell_is_value(const sc_cell *cell)
{
	return cell->kind != NB_TOKEN_TEXT;
}

bool nb_sc_match(const sc_ctx *ctx, pat_id id, const char *text)
{
	return nb_schema_match(ctx->schema, ctx->schema->named[id], text,
	                       ctx->md);
}

const char *nb_sc_strip_numbering(const sc_ctx *ctx, const char *text)
{
	const pcre2_code *re = ctx->schema->named[PAT_NUMBERING];
	for (int guard = 0; guard < 4; guard++) {
		if (nb_schema_exec(ctx->schema, re, text, ctx->md) < 0)
			break;
		PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(ctx->md);
		if (ovector[1] == 0 || text[ovector[1]] == '\0')
			break; /* a bare number is a label of its own */
		text += ovector[1];
	}
	return text;
}

/* Text, class and value of a cell whose PROSE text is `prose`: read once
 * here, with how it was read (nb_token_read). */
static void S_classify(sc_ctx *ctx, sc_cell *out, const char *prose)
{
	const char *match = nb_norm_match_lookup(ctx->doc, prose);
	if (!match)
		match = nb_normalize(ctx->schema->norm, NB_NORM_MATCH, prose,
		                     strlen(prose), ctx->arena);
	out->match = S_compact(ctx->arena, match);
	out->prose = prose;
	nb_token_reading reading;
	nb_token_read(ctx->schema->norm, prose, match, ctx->arena, &reading);
	out->kind = reading.kind;
	out->value = reading.value;
	out->unit = reading.unit;
	out->how = reading.how;
}

static void S_from_grid_cell(sc_ctx *ctx, const nb_grid_cell *in,
                             sc_cell *out)
{
	S_classify(ctx, out, in->text);
	out->raw = in->raw ? in->raw : in->text;
	out->spaced = in->part ? in->text : out->raw;
	out->may_join = in->may_join;
	out->joined = in->joined;
	out->c0 = in->left;
	out->c1 = in->right;
	out->box[0] = in->x0;
	out->box[1] = in->y0;
	out->box[2] = in->x1;
	out->box[3] = in->y1;
	out->ocr = in->confidence >= 0;
	out->confidence = out->ocr ? in->confidence : -1;
}

/* A document line outside grids: each cell one column, in order. */
static void S_from_line_cell(sc_ctx *ctx, const nb_cell *in, size_t index,
                             sc_cell *out)
{
	S_classify(ctx, out, in->text);
	out->raw = in->raw ? in->raw : in->text;
	out->spaced = out->raw;
	out->c0 = (double)index;
	out->c1 = (double)index + 1;
	out->box[0] = in->x0;
	out->box[1] = in->y0;
	out->box[2] = in->x1;
	out->box[3] = in->y1;
}

static void S_line_label(sc_ctx *ctx, sc_line *line)
{
	size_t total = 1;
	for (size_t i = 0; i < line->n_cells; i++)
		total += strlen(line->cells[i].match);
	char *label = nb_arena_alloc(ctx->arena, total);
	char *text = nb_arena_alloc(ctx->arena, total);
	size_t n = 0, t = 0;
	for (size_t i = 0; i < line->n_cells; i++) {
		size_t whole = strlen(line->cells[i].match);
		memcpy(text + t, line->cells[i].match, whole);
		t += whole;
		if (nb_sc_cell_is_value(&line->cells[i]))
			continue;
		const char *stripped = nb_sc_strip_numbering(ctx, line->cells[i].match);
		size_t len = strlen(stripped);
		memcpy(label + n, stripped, len);
		n += len;
	}
	label[n] = '\0';
	text[t] = '\0';
	line->label = label;
	line->text = text;
}

/* Value counts: a text cell after the first value holds a value's slot. */
static void S_line_finish(sc_ctx *ctx, sc_line *out)
{
	size_t n = out->n_cells;
	out->first_value = n;
	out->n_values = 0;
	for (size_t i = 0; i < n; i++) {
		if (nb_sc_cell_is_value(&out->cells[i])) {
			if (out->first_value == n)
				out->first_value = i;
			out->n_values++;
		} else if (out->first_value < n) {
			out->n_values++; /* text where a number belongs */
		}
	}
	S_line_label(ctx, out);
}

/* `grid`: 1-based index of a reader's grid (0 for the lines' grid), `r`
 * the row's index in it. */
static void S_grid_row(sc_ctx *ctx, const nb_grid_row *row, size_t grid,
                       size_t r, sc_line *out)
{
	out->page = row->page;
	out->line = row->line;
	out->doubt = row->doubt;
	out->doubt_said = false;
	out->blank_row = NULL;
	out->n_cells = row->n_cells;
	out->cells = nb_arena_alloc(ctx->arena,
	                            (row->n_cells ? row->n_cells : 1)
	                                    * sizeof *out->cells);
	for (size_t c = 0; c < row->n_cells; c++) {
		sc_cell *cell = &out->cells[c];
		S_from_grid_cell(ctx, &row->cells[c], cell);
		if (grid) {
			cell->table = grid;
			cell->row = r + 1;
			cell->column = row->cells[c].col + 1;
		} else if (row->line != NB_NO_LINE) {
			cell->line = row->line + 1;
		}
	}
	S_line_finish(ctx, out);
}

static void S_doc_line(sc_ctx *ctx, size_t i, sc_line *out)
{
	const nb_line *line = &ctx->doc->lines[i];
	out->page = line->page;
	out->line = i;
	out->doubt = NULL;
	out->doubt_said = false;
	out->blank_row = NULL;
	out->n_cells = line->n_cells;
	out->cells = nb_arena_alloc(ctx->arena,
	                            (line->n_cells ? line->n_cells : 1)
	                                    * sizeof *out->cells);
	for (size_t c = 0; c < line->n_cells; c++) {
		S_from_line_cell(ctx, &line->cells[c], c, &out->cells[c]);
		out->cells[c].line = i + 1;
		if (line->ocr) {
			out->cells[c].ocr = true;
			out->cells[c].confidence = line->ocr_confidence;
		}
	}
	S_line_finish(ctx, out);
}

/* The grid built over the document's lines, if there is one. */
static const nb_grid *S_line_grid(const nb_doc *doc)
{
	for (size_t g = 0; g < doc->n_grids; g++)
		if (doc->grids[g].from_lines
		    && doc->grids[g].n_rows == doc->n_lines)
			return &doc->grids[g];
	return NULL;
}

/* Lines outside grids, with the rows of each reader's grid spliced in
 * before the line it stands before. */
static void S_splice(sc_ctx *ctx)
{
	const nb_doc *doc = ctx->doc;
	size_t total = doc->n_lines;
	for (size_t g = 0; g < doc->n_grids; g++)
		total += doc->grids[g].n_rows;
	ctx->lines = nb_arena_alloc(ctx->arena, (total + 1) * sizeof *ctx->lines);
	size_t n = 0;
	for (size_t i = 0; i <= doc->n_lines; i++) {
		for (size_t g = 0; g < doc->n_grids; g++) {
			const nb_grid *grid = &doc->grids[g];
			size_t at = grid->at_line < doc->n_lines ? grid->at_line
			                                         : doc->n_lines;
			if (grid->from_lines || at != i)
				continue;
			for (size_t r = 0; r < grid->n_rows; r++)
				S_grid_row(ctx, &grid->rows[r], g + 1, r, &ctx->lines[n++]);
		}
		if (i < doc->n_lines)
			S_doc_line(ctx, i, &ctx->lines[n++]);
	}
	ctx->n_lines = n;
}

void nb_sc_lines_build(sc_ctx *ctx)
{
	const nb_doc *doc = ctx->doc;
	const nb_grid *grid = S_line_grid(doc);
	if (!grid) {
		S_splice(ctx);
		return;
	}
	ctx->n_lines = grid->n_rows;
	ctx->lines = nb_arena_alloc(ctx->arena,
	                            (grid->n_rows + 1) * sizeof *ctx->lines);
	for (size_t r = 0; r < grid->n_rows; r++)
		S_grid_row(ctx, &grid->rows[r], 0, r, &ctx->lines[r]);
}

const nb_line *nb_sc_doc_line(const sc_ctx *ctx, size_t i)
{
	static const nb_line none = {0};
	size_t line = i < ctx->n_lines ? ctx->lines[i].line : NB_NO_LINE;
	return line < ctx->doc->n_lines ? &ctx->doc->lines[line] : &none;
}

void nb_sc_diag(sc_ctx *ctx, const char *level, const char *code, int page,
                const char *field, const char *fmt, ...)
{
	char message[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	json_t *diag = json_object();
	json_object_set_new(diag, "level", json_string(level));
	json_object_set_new(diag, "code", json_string(code));
	json_object_set_new(diag, "message", json_string(message));
	json_object_set_new(diag, "page",
	                    page > 0 ? json_integer(page) : json_null());
	if (field)
		json_object_set_new(diag, "field", json_string(field));
	json_array_append_new(ctx->diagnostics, diag);
}

json_t *nb_sc_number(double value)
{
	/* Range first: converting a double beyond long long is undefined
	 * (found by fuzz/report.c, tests/fuzz-regressions/report/). */
	if (value > -9e15 && value < 9e15 && value == (double)(long long)value)
		return json_integer((json_int_t)value);
	return json_real(value);
}
