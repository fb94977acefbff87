/*
 * markdown.c — Markdown as converters write it (MinerU, Docling, marker,
 * pandoc) → the document model.
 *
 * cmark-gfm with its table extension parses the text (it keeps an empty
 * `||` cell, where md4c drops it and shifts the row).  Headings and
 * paragraphs become lines (a soft break starts a new line, a blank line
 * follows each block, as in extracted text); a pipe table becomes a grid;
 * an HTML block is parsed with libxml2's HTML parser, its <table>s (MinerU
 * writes them with rowspan/colspan) becoming grids and its other text
 * lines.  Grid rows have no document line (NB_NO_LINE): a grid stands
 * before the line count it was made at, so the pieces of a table a
 * converter broke up, and the loose label text between them, stay in
 * reading order.
 *
 * Both parsers drop the cells of a pipe-table row beyond the header's
 * count (and pad a short row): each row's cells are counted again from its
 * source line, the dropped ones kept, and a row whose count differs from
 * the header's carries a doubt that the schema reports as a warning.
 *
 * Docling repeats a merged cell's text into every cell it covers: equal
 * label or header text in consecutive cells of a row is one cell spanning
 * them, and equal text in the same columns of consecutive rows is one cell
 * spanning those rows (a label is then read once, not doubled into the row
 * label).  Numbers are never merged: a converter does not repeat values,
 * and two equal numbers side by side are two cells.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include "extract.h"
#include "libs_internal.h"
#include "text_internal.h"

enum {
	SNIFF_BYTES = 64 * 1024,
	MAX_SPAN = 1000,        /* colspan/rowspan beyond this are clamped */
	MAX_WARNINGS = 16,
	/* cmark-gfm's table extension takes time quadratic in the cells of a
	 * row (4 s for 32,768 pipes in one line); the widest table of a report
	 * has 15 columns */
	MAX_ROW_PIPES = 1024,
};

/* ---- sniffing ---- */

/* A delimiter row of a pipe table: only | : - and spaces, with a - and
 * a |. */
static bool S_delimiter_row(const unsigned char *s, size_t len)
{
	bool dash = false, pipe = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		if (c == '-')
			dash = true;
		else if (c == '|')
			pipe = true;
		else if (c != ':' && c != ' ' && c != '\t' && c != '\r')
			return false;
	}
	return dash && pipe;
}

static bool S_pipe_row(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len && i < 4 && s[i] == ' ')
		i++;
	if (i >= len || s[i] != '|')
		return false;
	return memchr(s + i + 1, '|', len - i - 1) != NULL;
}

static bool S_has_table_tag(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i + 6 <= len; i++)
		if (s[i] == '<' && (s[i + 1] | 0x20) == 't' && (s[i + 2] | 0x20) == 'a'
		    && (s[i + 3] | 0x20) == 'b' && (s[i + 4] | 0x20) == 'l'
		    && (s[i + 5] | 0x20) == 'e')
			return true;
	return false;
}

bool nb_markdown_sniff(const unsigned char *data, size_t len)
{
	if (len > SNIFF_BYTES)
		len = SNIFF_BYTES;
	size_t i = 0;
	while (i < len && (isspace(data[i]) || data[i] >= 0x80))
		i++;
	/* a page that starts with markup is HTML, not text holding HTML */
	bool markup = i < len && data[i] == '<';
	const unsigned char *prev = NULL;
	size_t prev_len = 0;
	for (size_t start = 0; start < len;) {
		const unsigned char *nl = memchr(data + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - data) : len;
		const unsigned char *line = data + start;
		size_t n = end - start;
		if (prev && S_pipe_row(prev, prev_len) && S_delimiter_row(line, n))
			return true;
		prev = line;
		prev_len = n;
		start = end + 1;
	}
	return !markup && S_has_table_tag(data, len);
}

/* ---- building the document ---- */

typedef struct builder {
	const nb_libxml *xml;    /* for HTML inside the Markdown */
	nb_arena *arena;
	nb_line *lines;
	size_t n_lines, cap_lines;
	nb_grid *grids;
	size_t n_grids, cap_grids;
	size_t n_cells;          /* all cells so far, against the limit */
	const char **warnings;
	size_t n_warnings;
	const char *src;         /* the source text, for counting row cells */
	size_t *line_at;         /* byte offset of each source line */
	size_t n_src_lines;
	bool over_limit;
	nb_status status;
} builder;

static bool S_count_cell(builder *b)
{
	if (++b->n_cells > NB_TEXT_MAX_CELLS)
		b->over_limit = true;
	return !b->over_limit;
}

static void S_warn(builder *b, const char *message)
{
	if (b->n_warnings >= MAX_WARNINGS)
		return;
	if (!b->warnings)
		b->warnings = nb_arena_alloc(b->arena,
		                             MAX_WARNINGS * sizeof *b->warnings);
	b->warnings[b->n_warnings++] = nb_arena_strdup(b->arena, message);
}

static void S_blank_line(builder *b)
{
	if (b->n_lines && b->lines[b->n_lines - 1].n_cells == 0)
		return;
	if (b->n_lines == b->cap_lines)
		b->lines = nb_grow(b->lines, &b->cap_lines, b->cap_lines + 1, sizeof *b->lines);
	nb_line *line = &b->lines[b->n_lines++];
	memset(line, 0, sizeof *line);
	line->page = 1;
	line->y0 = line->y1 = (double)b->n_lines;
}

/* A line of one cell holding `text` (trimmed; nothing for white space). */
static void S_text_line(builder *b, const char *text, size_t len)
{
	while (len && isspace((unsigned char)*text)) {
		text++;
		len--;
	}
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	if (!len || !S_count_cell(b))
		return;
	if (b->n_lines == b->cap_lines)
		b->lines = nb_grow(b->lines, &b->cap_lines, b->cap_lines + 1, sizeof *b->lines);
	nb_line *line = &b->lines[b->n_lines++];
	memset(line, 0, sizeof *line);
	line->page = 1;
	line->y0 = line->y1 = (double)b->n_lines;
	line->cells = nb_arena_alloc(b->arena, sizeof *line->cells);
	nb_cell *cell = &line->cells[0];
	cell->text = cell->raw = nb_arena_strndup(b->arena, text, len);
	cell->x0 = 0;
	cell->x1 = 1;
	cell->y0 = cell->y1 = line->y0;
	line->n_cells = 1;
}

/* A growable byte buffer (malloc'd). */
typedef struct buf {
	char *s;
	size_t len, cap;
} buf;

static void S_put(buf *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		o->s = nb_xrealloc(o->s, o->cap);
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

/* ---- grids ---- */

/* One cell before it is put in its grid row. */
typedef struct pcell {
	size_t row, col, col_span, row_span;
	char *text;              /* arena */
	bool dropped;            /* merged into the cell above */
} pcell;

typedef struct pgrid {
	pcell *cells;
	size_t n, cap;
	size_t n_rows, n_cols;
	const char **doubts;     /* per row, grown with n_rows */
	size_t cap_rows;
} pgrid;

static void S_prow(pgrid *g)
{
	if (g->n_rows == g->cap_rows) {
		size_t old = g->cap_rows;
		g->doubts = nb_grow(g->doubts, &g->cap_rows, g->cap_rows + 1, sizeof *g->doubts);
		memset(g->doubts + old, 0, (g->cap_rows - old) * sizeof *g->doubts);
	}
	g->n_rows++;
}

static void S_pcell(builder *b, pgrid *g, size_t col, size_t col_span,
                    size_t row_span, const char *text, size_t len)
{
	while (len && isspace((unsigned char)*text)) {
		text++;
		len--;
	}
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	if (!len || !S_count_cell(b))
		return;
	if (g->n == g->cap)
		g->cells = nb_grow(g->cells, &g->cap, g->cap + 1, sizeof *g->cells);
	pcell *c = &g->cells[g->n++];
	c->row = g->n_rows - 1;
	c->col = col;
	c->col_span = col_span;
	c->row_span = row_span;
	c->text = nb_arena_strndup(b->arena, text, len);
	c->dropped = false;
	if (col + col_span > g->n_cols)
		g->n_cols = col + col_span;
}

static bool S_is_value(const char *text)
{
	return nb_text_is_numeric_token(text, strlen(text));
}

/* Docling's repeated merged cells: equal label text side by side in a row
 * is one cell; equal label text in the same columns of consecutive rows is
 * one cell spanning them.  Cells are in row order, left to right. */
static void S_merge_repeats(pgrid *g)
{
	size_t out = 0;
	for (size_t i = 0; i < g->n; i++) {
		pcell *c = &g->cells[i];
		if (out && !S_is_value(c->text)) {
			pcell *left = &g->cells[out - 1];
			if (left->row == c->row && left->col + left->col_span == c->col
			    && !strcmp(left->text, c->text)) {
				left->col_span += c->col_span;
				continue;
			}
		}
		g->cells[out++] = *c;
	}
	g->n = out;
	/* above[col]: the cell standing at col in the rows so far */
	pcell **above = nb_xmalloc((g->n_cols + 1) * sizeof *above);
	memset(above, 0, (g->n_cols + 1) * sizeof *above);
	for (size_t i = 0; i < g->n; i++) {
		pcell *c = &g->cells[i];
		pcell *up = above[c->col];
		if (up && !S_is_value(c->text) && up->col == c->col
		    && up->col_span == c->col_span && up->row + up->row_span == c->row
		    && !strcmp(up->text, c->text)) {
			up->row_span += c->row_span;
			c->dropped = true;
			continue;
		}
		for (size_t k = c->col; k < c->col + c->col_span; k++)
			above[k] = c;
	}
	free(above);
}

static void S_grid_finish(builder *b, pgrid *g, bool merge)
{
	if (merge)
		S_merge_repeats(g);
	if (g->n_rows && !b->over_limit) {
		if (b->n_grids == b->cap_grids)
			b->grids = nb_grow(b->grids, &b->cap_grids, b->cap_grids + 1, sizeof *b->grids);
		nb_grid *grid = &b->grids[b->n_grids++];
		memset(grid, 0, sizeof *grid);
		grid->at_line = b->n_lines;
		grid->n_cols = g->n_cols;
		grid->rows = nb_arena_alloc(b->arena, g->n_rows * sizeof *grid->rows);
		grid->n_rows = g->n_rows;
		size_t *count = nb_xmalloc((g->n_rows + 1) * sizeof *count);
		memset(count, 0, (g->n_rows + 1) * sizeof *count);
		for (size_t i = 0; i < g->n; i++)
			count[g->cells[i].row] += !g->cells[i].dropped;
		for (size_t r = 0; r < g->n_rows; r++) {
			nb_grid_row *row = &grid->rows[r];
			row->line = NB_NO_LINE;
			row->page = 1;
			row->doubt = g->doubts[r];
			row->cells = nb_arena_alloc(b->arena,
			                            (count[r] + 1) * sizeof *row->cells);
		}
		free(count);
		for (size_t i = 0; i < g->n; i++) {
			const pcell *c = &g->cells[i];
			if (c->dropped)
				continue;
			nb_grid_row *row = &grid->rows[c->row];
			nb_grid_cell *cell = &row->cells[row->n_cells++];
			memset(cell, 0, sizeof *cell);
			cell->text = cell->raw = c->text;
			cell->col = c->col;
			cell->col_span = c->col_span;
			cell->row_span = c->row_span;
			cell->left = (double)c->col;
			cell->right = (double)(c->col + c->col_span);
			cell->page = 1;
			cell->confidence = -1;
		}
		/* a table stands apart from the prose around it */
		S_blank_line(b);
	}
	free(g->cells);
	free(g->doubts);
}

/* ---- HTML (libxml2) ---- */

static bool S_named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name
	       && !strcmp((const char *)n->name, name);
}

static bool S_block_element(const xmlNode *n)
{
	static const char *const blocks[] = {
		"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr",
		"section", "article", "blockquote", "pre", "ul", "ol", "hr", NULL};
	if (n->type != XML_ELEMENT_NODE)
		return false;
	for (size_t i = 0; blocks[i]; i++)
		if (!strcmp((const char *)n->name, blocks[i]))
			return true;
	return false;
}

/* The text under `n` with <br> and block ends as spaces (iterative: HTML
 * may nest deeper than any stack). */
static void S_node_text(const xmlNode *top, buf *o)
{
	const xmlNode *n = top->children;
	while (n) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			const char *t = (const char *)n->content;
			if (t)
				S_put(o, t, strlen(t));
		} else if (S_block_element(n)) {
			S_put(o, " ", 1);
		}
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n != top && !n->next)
			n = n->parent;
		if (n == top)
			break;
		n = n->next;
	}
}

/* A span attribute's value, read off the tree (the parser lowercases
 * HTML attribute names); 1 when there is none. */
static size_t S_span_attr(const xmlNode *n, const char *name)
{
	char v[32];
	size_t len = 0;
	const xmlAttr *a = n->properties;
	while (a && (!a->name || strcmp((const char *)a->name, name) != 0))
		a = a->next;
	if (!a)
		return 1;
	for (const xmlNode *t = a->children; t; t = t->next)
		for (const xmlChar *p = t->content; p && *p && len + 1 < sizeof v; p++)
			v[len++] = (char)*p;
	v[len] = '\0';
	long k = strtol(v, NULL, 10);
	if (k < 1)
		return 1;
	return k > MAX_SPAN ? MAX_SPAN : (size_t)k;
}

/* The rows of a <table>, in order, through thead/tbody/tfoot, not into
 * nested tables. */
static void S_html_row(builder *b, pgrid *g, const xmlNode *tr, size_t **busy,
                       size_t *n_busy)
{
	S_prow(g);
	size_t col = 0;
	for (const xmlNode *td = tr->children; td; td = td->next) {
		if (!S_named(td, "td") && !S_named(td, "th"))
			continue;
		while (col < *n_busy && (*busy)[col])
			col++;
		size_t cs = S_span_attr(td, "colspan");
		size_t rs = S_span_attr(td, "rowspan");
		if (col + cs > *n_busy) {
			size_t grown = col + cs + 16;
			*busy = nb_xrealloc(*busy, grown * sizeof **busy);
			memset(*busy + *n_busy, 0, (grown - *n_busy) * sizeof **busy);
			*n_busy = grown;
		}
		for (size_t k = col; k < col + cs; k++)
			(*busy)[k] = rs;
		buf text = {0};
		S_node_text(td, &text);
		if (text.s)
			S_pcell(b, g, col, cs, rs, text.s, text.len);
		free(text.s);
		col += cs;
	}
	for (size_t k = 0; k < *n_busy; k++)
		if ((*busy)[k])
			(*busy)[k]--;
}

static void S_html_table(builder *b, const xmlNode *table)
{
	pgrid g = {0};
	size_t *busy = NULL, n_busy = 0;
	for (const xmlNode *n = table->children; n; n = n->next) {
		if (S_named(n, "tr"))
			S_html_row(b, &g, n, &busy, &n_busy);
		else if (S_named(n, "thead") || S_named(n, "tbody")
		         || S_named(n, "tfoot"))
			for (const xmlNode *tr = n->children; tr; tr = tr->next)
				if (S_named(tr, "tr"))
					S_html_row(b, &g, tr, &busy, &n_busy);
	}
	free(busy);
	S_grid_finish(b, &g, true);
}

/* Text and tables of an HTML fragment in document order: tables become
 * grids, text between block elements lines. */
static void S_html_walk(builder *b, const xmlNode *top)
{
	buf line = {0};
	const xmlNode *n = top->children;
	while (n) {
		bool descend = true;
		if (S_named(n, "table")) {
			S_text_line(b, line.s ? line.s : "", line.len);
			line.len = 0;
			S_html_table(b, n);
			descend = false;
		} else if (S_named(n, "script") || S_named(n, "style")) {
			descend = false;
		} else if (n->type == XML_TEXT_NODE && n->content) {
			S_put(&line, (const char *)n->content,
			      strlen((const char *)n->content));
		} else if (S_block_element(n)) {
			S_text_line(b, line.s ? line.s : "", line.len);
			line.len = 0;
		}
		if (descend && n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n != top && !n->next) {
			n = n->parent;
			if (S_block_element(n)) {
				S_text_line(b, line.s ? line.s : "", line.len);
				line.len = 0;
			}
		}
		if (n == top)
			break;
		n = n->next;
	}
	S_text_line(b, line.s ? line.s : "", line.len);
	free(line.s);
}

static void S_html_block(builder *b, const char *html, size_t len)
{
	if (len > (size_t)2147483647)
		return;
	htmlParserCtxtPtr ctxt = b->xml->htmlNewParserCtxt();
	if (!ctxt)
		return;
	htmlDocPtr hdoc = b->xml->htmlCtxtReadMemory(
		ctxt, html, (int)len, NULL, "UTF-8",
		HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET
		        | HTML_PARSE_NOIMPLIED);
	const xmlError *e = b->xml->CtxtGetLastError(ctxt);
	if (e && e->level >= XML_ERR_ERROR) {
		char message[200];
		snprintf(message, sizeof message,
		         "HTML in the Markdown: %s (line %d)",
		         e->message ? e->message : "parse error", e->line);
		size_t m = strlen(message);
		while (m && (message[m - 1] == '\n' || message[m - 1] == ' '))
			message[--m] = '\0';
		S_warn(b, message);
	}
	if (hdoc) {
		S_html_walk(b, (const xmlNode *)hdoc);
		b->xml->FreeDoc(hdoc);
	}
	b->xml->htmlFreeParserCtxt(ctxt);
}

/* ---- Markdown (cmark-gfm) ---- */

/* Inline text of `node`'s subtree: soft and hard breaks as "\n", inline
 * <br> as a space, other inline HTML dropped. */
static void S_inline_text(cmark_node *node, buf *o)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(n);
			if (lit)
				S_put(o, lit, strlen(lit));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			S_put(o, "\n", 1);
			break;
		case CMARK_NODE_HTML_INLINE:
			lit = cmark_node_get_literal(n);
			if (lit && !strncmp(lit, "<br", 3))
				S_put(o, " ", 1);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* A paragraph or heading: one line per source line, then a blank line. */
static void S_block_lines(builder *b, cmark_node *node)
{
	buf text = {0};
	S_inline_text(node, &text);
	for (size_t start = 0; text.s && start <= text.len;) {
		const char *nl = memchr(text.s + start, '\n', text.len - start);
		size_t end = nl ? (size_t)(nl - text.s) : text.len;
		S_text_line(b, text.s + start, end - start);
		start = end + 1;
	}
	free(text.s);
	S_blank_line(b);
}

/* The cells of a pipe-table source line, split at unescaped | outside
 * code spans; the leading and trailing pipes are edges, not cells.  The
 * cells from index `want_from` on (those the parser dropped) are added to
 * the grid's current row; returns the count. */
static size_t S_source_cells(const char *s, size_t len, size_t want_from,
                             builder *b, pgrid *g)
{
	size_t a = 0;
	while (a < len && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (len > a && (s[len - 1] == ' ' || s[len - 1] == '\t'
	                   || s[len - 1] == '\r'))
		len--;
	if (a < len && s[a] == '|')
		a++;
	if (len > a && s[len - 1] == '|' && !(len >= 2 && s[len - 2] == '\\'))
		len--;
	size_t count = 0, start = a;
	bool code = false;
	for (size_t i = a; i <= len; i++) {
		if (i < len && s[i] == '\\') {
			i++;
			continue;
		}
		if (i < len && s[i] == '`')
			code = !code;
		if (i < len && (s[i] != '|' || code))
			continue;
		if (count >= want_from && S_count_cell(b))
			S_pcell(b, g, count, 1, 1, s + start, i - start);
		count++;
		start = i + 1;
	}
	return count;
}

static void S_pipe_table(builder *b, cmark_node *table)
{
	pgrid g = {0};
	size_t header = cmark_gfm_extensions_get_table_columns(table);
	for (cmark_node *row = cmark_node_first_child(table); row;
	     row = cmark_node_next(row)) {
		S_prow(&g);
		size_t col = 0;
		for (cmark_node *cell = cmark_node_first_child(row);
		     cell && !b->over_limit; cell = cmark_node_next(cell), col++) {
			if (!S_count_cell(b))
				break; /* empty cells count against the limit too */
			buf text = {0};
			S_inline_text(cell, &text);
			for (size_t i = 0; i < text.len; i++)
				if (text.s[i] == '\n')
					text.s[i] = ' ';
			if (text.s)
				S_pcell(b, &g, col, 1, 1, text.s, text.len);
			free(text.s);
		}
		/* the parser keeps `header` cells per row: count the source's */
		int at = cmark_node_get_start_line(row);
		if (at < 1 || (size_t)at > b->n_src_lines)
			continue;
		size_t from = b->line_at[at - 1];
		const char *line = b->src + from;
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		size_t n = S_source_cells(line, len, header, b, &g);
		if (n != header) {
			char doubt[120];
			snprintf(doubt, sizeof doubt,
			         "%zu cells in a Markdown table of %zu columns "
			         "(source line %d)", n, header, at);
			g.doubts[g.n_rows - 1] = nb_arena_strdup(b->arena, doubt);
		}
	}
	S_grid_finish(b, &g, true);
}

static void S_code_block(builder *b, cmark_node *node)
{
	const char *lit = cmark_node_get_literal(node);
	for (const char *p = lit; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		S_text_line(b, p, len);
		p = nl ? nl + 1 : p + len;
	}
	S_blank_line(b);
}

static void S_walk(builder *b, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node *skip_until = NULL;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && !b->over_limit) {
		cmark_node *n = cmark_iter_get_node(it);
		if (skip_until) {
			if (n == skip_until && ev == CMARK_EVENT_EXIT)
				skip_until = NULL;
			continue;
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		const char *type = cmark_node_get_type_string(n);
		if (type && !strcmp(type, "table")) {
			S_pipe_table(b, n);
			skip_until = n;
			continue;
		}
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HEADING:
		case CMARK_NODE_PARAGRAPH:
			S_block_lines(b, n);
			skip_until = n;
			break;
		case CMARK_NODE_HTML_BLOCK: {
			const char *lit = cmark_node_get_literal(n);
			if (lit)
				S_html_block(b, lit, strlen(lit));
			S_blank_line(b);
			break;
		}
		case CMARK_NODE_CODE_BLOCK:
			S_code_block(b, n);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* Index the source lines; returns the first (1-based) line with more
 * than MAX_ROW_PIPES pipes, or 0. */
static size_t S_index_lines(builder *b, const char *text, size_t len)
{
	size_t n = 1;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	b->line_at = nb_xmalloc(n * sizeof *b->line_at);
	b->line_at[0] = 0;
	b->n_src_lines = 1;
	size_t pipes = 0, wide = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '|' && ++pipes > MAX_ROW_PIPES && !wide)
			wide = b->n_src_lines;
		if (text[i] == '\n') {
			b->line_at[b->n_src_lines++] = i + 1;
			pipes = 0;
		}
	}
	return wide;
}

nb_status nb_extract_markdown(const unsigned char *data, size_t len,
                              const nb_limits *limits, nb_doc **out,
                              nb_error *err)
{
	*out = NULL;
	nb_status status = nb_text_check_bytes(data, len, limits, err);
	if (status != NB_OK)
		return status;
	size_t valid, invalid;
	nb_text_utf8_count(data, len, &valid, &invalid);
	size_t text_len;
	char *text = nb_text_repair(data, len, &text_len);

	nb_libxml xml;
	status = nb_libxml_open(&xml, err);
	if (status != NB_OK) {
		free(text);
		return status;
	}
	builder b = {.xml = &xml, .arena = nb_arena_new(), .src = text};
	size_t wide = S_index_lines(&b, text, text_len);
	if (b.n_src_lines > NB_TEXT_MAX_LINES || wide) {
		nb_libxml_close(&xml);
		free(b.line_at);
		free(text);
		nb_arena_free(b.arena);
		if (wide)
			return nb_error_set(err, NB_ERR_LIMIT, 0,
			                    "Markdown line %zu has over %d table "
			                    "cells", wide, MAX_ROW_PIPES);
		return nb_error_set(err, NB_ERR_LIMIT, 0,
		                    "text input has over %d lines",
		                    NB_TEXT_MAX_LINES);
	}
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	cmark_syntax_extension *tables = cmark_find_syntax_extension("table");
	if (tables)
		cmark_parser_attach_syntax_extension(parser, tables);
	cmark_parser_feed(parser, text, text_len);
	cmark_node *root = cmark_parser_finish(parser);
	S_walk(&b, root);
	cmark_node_free(root);
	cmark_parser_free(parser);
	nb_libxml_close(&xml);
	b.xml = NULL;
	free(b.line_at);
	free(text);

	if (b.over_limit) {
		free(b.lines);
		free(b.grids);
		nb_arena_free(b.arena);
		return nb_error_set(err, NB_ERR_LIMIT, 0,
		                    "text input has over %d cells",
		                    NB_TEXT_MAX_CELLS);
	}
	size_t cells = 0;
	for (size_t i = 0; i < b.n_lines; i++)
		cells += b.lines[i].n_cells;
	if (!cells && !b.n_grids) {
		free(b.lines);
		free(b.grids);
		nb_arena_free(b.arena);
		return nb_error_set(err, NB_ERR_EMPTY, 0,
		                    "only white space, no text");
	}
	nb_doc *doc = nb_arena_alloc(b.arena, sizeof *doc);
	memset(doc, 0, sizeof *doc);
	doc->arena = b.arena;
	doc->kind = NB_SOURCE_MARKDOWN;
	doc->units = NB_UNITS_FIELDS;
	doc->lines = nb_arena_alloc(b.arena, (b.n_lines + 1) * sizeof *doc->lines);
	if (b.n_lines)
		memcpy(doc->lines, b.lines, b.n_lines * sizeof *doc->lines);
	doc->n_lines = b.n_lines;
	doc->grids = nb_arena_alloc(b.arena, (b.n_grids + 1) * sizeof *doc->grids);
	if (b.n_grids)
		memcpy(doc->grids, b.grids, b.n_grids * sizeof *doc->grids);
	doc->n_grids = b.n_grids;
	free(b.lines);
	free(b.grids);
	if (invalid) {
		char message[96];
		snprintf(message, sizeof message,
		         "%zu invalid UTF-8 bytes replaced by U+FFFD", invalid);
		S_warn(&b, message);
	}
	doc->warnings = b.warnings;
	doc->n_warnings = b.n_warnings;
	*out = doc;
	return NB_OK;
}
