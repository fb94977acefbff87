/*
 * lines.c — a normalized nb_doc seen as table material: every cell gets its
 * compact MATCH form and a token class, every line its value cells and its
 * label text.
 *
 * This is the only place that looks at how a producer split a line into
 * cells.  A cell that holds several numbers separated by single spaces
 * ("0 0 0", as a space-aligned text with narrow columns gives) or a label
 * followed by numbers ("规章 0 0 0") is split into one cell per token, with
 * x positions interpolated over the cell's extent, so that every later step
 * sees one value per cell whatever produced the document.
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

/* A token of a split cell: [start, end) of the MATCH text. */
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

static void S_cell_fill(sc_ctx *ctx, sc_cell *out, const nb_cell *cell,
                        const char *match)
{
	out->match = S_compact(ctx->arena, match);
	out->prose = cell->text;
	out->raw = cell->raw ? cell->raw : cell->text;
	out->spaced = out->raw;
	out->kind = nb_token_classify(match, &out->value, &out->unit);
	out->x0 = cell->x0;
	out->x1 = cell->x1;
	out->y0 = cell->y0;
	out->y1 = cell->y1;
}

static char *S_match_form(sc_ctx *ctx, const char *text, size_t len)
{
	return nb_normalize(ctx->schema->norm, NB_NORM_MATCH, text, len,
	                    ctx->arena);
}

/* Bytes [start, end) of `cell`'s text as a cell of its own, its x
 * interpolated by character offsets over the cell's extent. */
static void S_part(sc_ctx *ctx, const nb_cell *cell, size_t start, size_t end,
                   sc_cell *out)
{
	const char *text = cell->text;
	double total = (double)nb_sc_codepoints(text, strlen(text));
	double width = cell->x1 - cell->x0;
	nb_cell part = *cell;
	part.x0 = cell->x0 + width * (double)nb_sc_codepoints(text, start) / total;
	part.x1 = cell->x0 + width * (double)nb_sc_codepoints(text, end) / total;
	part.text = nb_arena_strndup(ctx->arena, text + start, end - start);
	S_cell_fill(ctx, out, &part, S_match_form(ctx, part.text, end - start));
	out->raw = cell->raw ? cell->raw : cell->text;
	out->spaced = part.text;
}

/*
 * Split one cell into output cells: the cell itself when it is one token
 * class, else its trailing NUMBER/BLANK tokens each become a cell and the
 * text before them one label cell.  Tokens are cut at the spaces of the
 * PROSE text, which keeps "只计这 218" apart (the MATCH form drops a space
 * next to a CJK character).  Returns the number of cells written.
 */
static size_t S_split_cell(sc_ctx *ctx, const nb_cell *cell, sc_cell *out,
                           size_t max)
{
	const char *text = cell->text;
	S_cell_fill(ctx, &out[0], cell, S_match_form(ctx, text, strlen(text)));
	if (out[0].kind != NB_TOKEN_TEXT || max < 2)
		return 1;
	span spans[64];
	size_t n = S_tokens(text, spans, 64);
	if (n < 2)
		return 1;
	size_t first_value = n;
	while (first_value > 0) {
		const span *sp = &spans[first_value - 1];
		char *token = S_match_form(ctx, text + sp->start, sp->end - sp->start);
		if (nb_token_classify(token, NULL, NULL) == NB_TOKEN_TEXT)
			break;
		first_value--;
	}
	if (first_value == n || n - first_value + 1 > max)
		return 1;
	size_t written = 0;
	if (first_value > 0)
		S_part(ctx, cell, 0, spans[first_value - 1].end, &out[written++]);
	for (size_t t = first_value; t < n; t++)
		S_part(ctx, cell, spans[t].start, spans[t].end, &out[written++]);
	return written;
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

/*
 * Space-aligned text keeps its columns in characters, not display columns:
 * pdftotext -layout gives every glyph, wide or not, one character cell, so
 * a row with many CJK characters before its numbers pushes them to the
 * right on screen while their character index stays in its column.  Each
 * cell's x is moved left by the extra display width of the wide characters
 * before it on the line (a no-op when there are none).
 */
static void S_character_columns(const nb_line *in, nb_cell *cells)
{
	double shift = 0;
	for (size_t i = 0; i < in->n_cells; i++) {
		const nb_cell *cell = &in->cells[i];
		const char *text = cell->raw ? cell->raw : cell->text;
		double chars = (double)nb_sc_codepoints(text, strlen(text));
		double width = cell->x1 - cell->x0;
		cells[i] = *cell;
		cells[i].x0 = cell->x0 - shift;
		cells[i].x1 = cells[i].x0 + (chars < width ? chars : width);
		if (width > chars)
			shift += width - chars;
	}
}

static void S_line_build(sc_ctx *ctx, const nb_line *in, sc_line *out)
{
	const nb_cell *source = in->cells;
	if (ctx->doc->units == NB_UNITS_COLUMNS && in->n_cells) {
		nb_cell *cells = nb_arena_alloc(ctx->arena,
		                                in->n_cells * sizeof *cells);
		S_character_columns(in, cells);
		source = cells;
	}
	out->page = in->page;
	out->y0 = in->y0;
	out->y1 = in->y1;
	size_t cap = in->n_cells * 2 + 8, n = 0;
	sc_cell *work = nb_xcalloc(cap, sizeof *work);
	for (size_t i = 0; i < in->n_cells; i++) {
		if (n + 2 > cap) {
			work = nb_xrealloc(work, 2 * cap * sizeof *work);
			memset(work + cap, 0, cap * sizeof *work);
			cap *= 2;
		}
		n += S_split_cell(ctx, &source[i], work + n, cap - n);
	}
	/* the arena keeps exactly n cells: lines are many, most have few */
	out->cells = nb_arena_alloc(ctx->arena, (n ? n : 1) * sizeof *out->cells);
	memcpy(out->cells, work, n * sizeof *work);
	free(work);
	out->n_cells = n;
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

void nb_sc_lines_build(sc_ctx *ctx)
{
	const nb_doc *doc = ctx->doc;
	ctx->n_lines = doc->n_lines;
	ctx->lines = nb_arena_alloc(ctx->arena,
	                            (doc->n_lines + 1) * sizeof *ctx->lines);
	for (size_t i = 0; i < doc->n_lines; i++)
		S_line_build(ctx, &doc->lines[i], &ctx->lines[i]);
}

void nb_sc_diag(sc_ctx *ctx, const char *level, const char *code, int page,
                const char *fmt, ...)
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
