/*
 * office.c — the Word (.docx) and OpenDocument (.odt) readers, and the
 * recognizers of office files nianbao does not read itself.
 *
 * Both formats are ZIP packages of XML parts.  The package is opened with
 * libarchive from memory; word/document.xml (with word/numbering.xml and
 * word/styles.xml) or content.xml is parsed with libxml2, network access
 * and entity expansion off, its messages kept as the document's warnings.
 * The walk makes a line of every paragraph (the title, the headings, the
 * prose) and a grid of every table, cells at their grid columns with
 * their spans, so that normalize only normalizes the cells' text.
 *
 * DOCX (ECMA-376 part 1, §17): tracked insertions are kept and deletions
 * dropped; a field's instruction (w:instrText) is not text, its result is;
 * hyperlinks, content controls (w:sdt) and smart tags are read through;
 * mc:AlternateContent is read once (its Choice, else its Fallback); text
 * boxes become paragraphs after the one that anchors them; w:gridBefore
 * and w:gridAfter (WPS) skip grid columns; a w:vMerge continuation is the
 * cell above spanning one more row; paragraphs numbered by numbering.xml
 * get their number (一、, （一）, 1.) as Word renders it, so that the
 * headings read as the template's.  Headers and footers are other parts
 * and are never read.
 *
 * ODT (OpenDocument 1.2, §9): table:number-columns-spanned and
 * number-rows-spanned, covered cells, repeated columns and rows (capped);
 * tracked changes' deleted text (text:tracked-changes) and notes are left
 * out.
 *
 * A table whose rows are one cell each, holding tables, is a layout frame:
 * its content is read as the body.  Any other nested table gives its text
 * to the cell that holds it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include <archive.h>
#include <archive_entry.h>
#include "extract.h"
#include "libs_internal.h"
#include "office_internal.h"

enum {
	MAX_PART_BYTES = 64 << 20, /* one XML part, inflated */
	MAX_DEPTH = 256,           /* element nesting walked */
	MAX_COLS = 512,            /* grid columns of one table */
	MAX_REPEAT = 64,           /* ODT rows/columns repeated */
	MAX_WARNINGS = 16,
	MAX_LEVELS = 9,
	MAX_NUMS = 512,
};

/* ---- the package ---- */

/*
 * libarchive is loaded when a package is opened, not at start-up
 * (base/dynlib.c says why).
 */
#ifndef NB_LIBARCHIVE_SONAME
#define NB_LIBARCHIVE_SONAME "libarchive.so.13"
#endif

typedef struct zip_api {
	struct archive *(*read_new)(void);
	int (*support_format_zip)(struct archive *);
	int (*support_filter_none)(struct archive *);
	int (*open_memory)(struct archive *, const void *, size_t);
	int (*next_header)(struct archive *, struct archive_entry **);
	int (*data_skip)(struct archive *);
	la_ssize_t (*read_data)(struct archive *, void *, size_t);
	int (*read_free)(struct archive *);
	const char *(*entry_pathname)(struct archive_entry *);
} zip_api;

static nb_status S_zip_api(zip_api *api, void **handle, nb_error *err)
{
#define S_SYM(name, member) {name, offsetof(zip_api, member)}
	static const nb_dl_symbol symbols[] = {
		S_SYM("archive_read_new", read_new),
		S_SYM("archive_read_support_format_zip", support_format_zip),
		S_SYM("archive_read_support_filter_none", support_filter_none),
		S_SYM("archive_read_open_memory", open_memory),
		S_SYM("archive_read_next_header", next_header),
		S_SYM("archive_read_data_skip", data_skip),
		S_SYM("archive_read_data", read_data),
		S_SYM("archive_read_free", read_free),
		S_SYM("archive_entry_pathname", entry_pathname),
	};
#undef S_SYM
	return nb_dl_open(NB_LIBARCHIVE_SONAME, "libarchive13", symbols,
	                  sizeof symbols / sizeof symbols[0], api, handle, err);
}

/* Part `name` of the package, inflated, at most max_bytes. */
static nb_status S_zip_part(const zip_api *z, const unsigned char *data,
                            size_t len, const char *name, size_t max_bytes,
                            unsigned char **out, size_t *out_len)
{
	struct archive *a = z->read_new();
	z->support_format_zip(a);
	z->support_filter_none(a);
	nb_status status = NB_ERR_NOT_PDF;
	if (z->open_memory(a, data, len) != ARCHIVE_OK) {
		z->read_free(a);
		return NB_ERR_DAMAGED;
	}
	struct archive_entry *entry;
	int rc;
	while ((rc = z->next_header(a, &entry)) == ARCHIVE_OK) {
		const char *path = z->entry_pathname(entry);
		if (!path || strcmp(path, name) != 0) {
			z->data_skip(a);
			continue;
		}
		nb_buf buf = {0};
		char chunk[16384];
		la_ssize_t n;
		status = NB_OK;
		while ((n = z->read_data(a, chunk, sizeof chunk)) > 0) {
			if (buf.len + (size_t)n > max_bytes) {
				status = NB_ERR_LIMIT;
				break;
			}
			nb_buf_append(&buf, chunk, (size_t)n);
		}
		if (n < 0)
			status = NB_ERR_DAMAGED;
		if (status != NB_OK) {
			nb_buf_free(&buf);
			break;
		}
		nb_buf_append(&buf, "", 0);
		*out = (unsigned char *)buf.data;
		*out_len = buf.len;
		break;
	}
	if (rc != ARCHIVE_OK && rc != ARCHIVE_EOF && status == NB_ERR_NOT_PDF)
		status = NB_ERR_DAMAGED;
	z->read_free(a);
	return status;
}

nb_status nb_office_zip_part(const unsigned char *data, size_t len,
                             const char *name, size_t max_bytes,
                             unsigned char **out, size_t *out_len,
                             nb_error *err)
{
	*out = NULL;
	*out_len = 0;
	zip_api z;
	void *handle;
	nb_status status = S_zip_api(&z, &handle, err);
	if (status != NB_OK)
		return status;
	status = S_zip_part(&z, data, len, name, max_bytes, out, out_len);
	nb_dl_close(handle);
	return status;
}

/* ---- recognizers ---- */

static bool S_has(const unsigned char *data, size_t len, const void *what,
                  size_t what_len)
{
	const unsigned char *w = what;
	if (what_len == 0 || what_len > len)
		return what_len == 0;
	for (const unsigned char *p = data; p + what_len <= data + len; p++) {
		p = memchr(p, w[0], (size_t)(data + len - p));
		if (!p || p + what_len > data + len)
			return false;
		if (!memcmp(p, w, what_len))
			return true;
	}
	return false;
}

nb_office_kind nb_office_sniff(const unsigned char *data, size_t len)
{
	static const unsigned char ole[] = {0xD0, 0xCF, 0x11, 0xE0,
	                                    0xA1, 0xB1, 0x1A, 0xE1};
	if (len >= 8 && !memcmp(data, ole, 8)) {
		/* "EncryptedPackage" in a directory entry (UTF-16LE): an
		 * encrypted OOXML file; any other OLE file is a legacy one */
		static const char enc[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
		if (S_has(data, len, enc, sizeof enc - 1))
			return NB_OFFICE_ENCRYPTED;
		return NB_OFFICE_LEGACY;
	}
	if (len >= 5 && !memcmp(data, "{\\rtf", 5))
		return NB_OFFICE_LEGACY;
	if (len < 4 || memcmp(data, "PK\3\4", 4) != 0)
		return NB_OFFICE_NONE;
	/* ODF: a first member "mimetype", stored, naming the type (an extra
	 * field may stand between the name and the data) */
	static const char odt[] = "application/vnd.oasis.opendocument.text";
	if (len >= 38 && !memcmp(data + 30, "mimetype", 8)
	    && S_has(data + 38, len - 38 < 256 ? len - 38 : 256, odt, sizeof odt - 1))
		return NB_OFFICE_ODT;
	if (S_has(data, len, "word/document.xml", 17))
		return NB_OFFICE_DOCX;
	return NB_OFFICE_NONE;
}

/* ---- the document being built ---- */

typedef struct tcell {
	char *text; /* malloc'd */
	size_t row, col, col_span, row_span;
} tcell;

typedef struct table {
	tcell *cells;
	size_t n, cap;
	size_t n_rows, n_cols;
	size_t open[MAX_COLS]; /* DOCX: the cell a vMerge started, +1 */
} table;

typedef struct numbering numbering;

typedef struct reader {
	const nb_libxml *xml;
	nb_arena *arena;
	nb_line *lines;
	size_t n_lines, cap_lines;
	nb_grid *grids;
	size_t n_grids, cap_grids;
	const char *warnings[MAX_WARNINGS];
	size_t n_warnings;
	size_t cells;         /* lines and cells so far, against the limit */
	bool over;
	int depth;
	uint64_t field;       /* DOCX: fields in their instruction (begin..separate) */
	int fields;           /* DOCX: fields open */
	numbering *num;
} reader;


static void S_warn(reader *r, const char *fmt, ...)
{
	if (r->n_warnings == MAX_WARNINGS)
		return;
	char text[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	size_t n = strlen(text);
	while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	for (size_t i = 0; i < r->n_warnings; i++)
		if (!strcmp(r->warnings[i], text))
			return;
	r->warnings[r->n_warnings++] = nb_arena_strdup(r->arena, text);
}

static bool S_count(reader *r)
{
	if (++r->cells > NB_TEXT_MAX_CELLS)
		r->over = true;
	return !r->over;
}

/* `text` with white space runs made one space and trimmed, in the arena;
 * NULL when nothing is left. */
static char *S_clean(reader *r, const char *text, size_t len)
{
	char *out = nb_arena_alloc(r->arena, len + 1);
	size_t n = 0;
	bool space = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = n > 0;
			continue;
		}
		if (space)
			out[n++] = ' ';
		space = false;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n ? out : NULL;
}

static void S_line(reader *r, const char *text, size_t len)
{
	char *clean = S_clean(r, text, len);
	if (!clean || !S_count(r))
		return;
	r->lines = nb_grow(r->lines, &r->cap_lines, r->n_lines + 1, sizeof *r->lines);
	nb_line *line = &r->lines[r->n_lines];
	memset(line, 0, sizeof *line);
	line->page = 0;
	line->y0 = (double)r->n_lines;
	line->y1 = (double)r->n_lines + 1;
	line->cells = nb_arena_alloc(r->arena, sizeof *line->cells);
	line->cells[0] = (nb_cell){.text = clean, .raw = clean, .x0 = 0,
	                           .x1 = (double)strlen(clean),
	                           .y0 = line->y0, .y1 = line->y1};
	line->n_cells = 1;
	line->indented = true; /* every paragraph is one of its own */
	r->n_lines++;
}

static tcell *S_table_cell(table *t, size_t row, size_t col, size_t cs,
                           size_t rs)
{
	t->cells = nb_grow(t->cells, &t->cap, t->n + 1, sizeof *t->cells);
	tcell *c = &t->cells[t->n++];
	*c = (tcell){.row = row, .col = col, .col_span = cs, .row_span = rs};
	if (t->n_cols < col + cs)
		t->n_cols = col + cs;
	return c;
}

static void S_table_free(table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->cells[i].text);
	free(t->cells);
}

/* The table as a grid standing before the next line: rows without text
 * are left out, row spans shortened by them. */
static void S_table_emit(reader *r, table *t)
{
	size_t *kept = nb_xcalloc(t->n_rows + 1, sizeof *kept);
	for (size_t i = 0; i < t->n; i++)
		if (t->cells[i].text && *t->cells[i].text)
			kept[t->cells[i].row] = 1;
	size_t *index = nb_xcalloc(t->n_rows + 1, sizeof *index);
	size_t n_rows = 0;
	for (size_t row = 0; row < t->n_rows; row++) {
		index[row] = n_rows;
		n_rows += kept[row];
	}
	index[t->n_rows] = n_rows;
	if (n_rows == 0) {
		free(kept);
		free(index);
		return;
	}
	r->grids = nb_grow(r->grids, &r->cap_grids, r->n_grids + 1, sizeof *r->grids);
	nb_grid *g = &r->grids[r->n_grids++];
	memset(g, 0, sizeof *g);
	g->at_line = r->n_lines;
	g->n_cols = t->n_cols;
	g->rows = nb_arena_alloc(r->arena, n_rows * sizeof *g->rows);
	g->n_rows = n_rows;
	size_t *per_row = nb_xcalloc(n_rows, sizeof *per_row);
	for (size_t i = 0; i < t->n; i++)
		if (t->cells[i].text && *t->cells[i].text)
			per_row[index[t->cells[i].row]]++;
	for (size_t k = 0; k < n_rows; k++) {
		g->rows[k].line = NB_NO_LINE;
		g->rows[k].page = 0;
		g->rows[k].cells = nb_arena_alloc(r->arena,
		                                  (per_row[k] + 1) * sizeof(nb_grid_cell));
	}
	for (size_t i = 0; i < t->n; i++) {
		tcell *c = &t->cells[i];
		if (!c->text || !*c->text)
			continue;
		nb_grid_row *row = &g->rows[index[c->row]];
		size_t end = c->row + c->row_span;
		if (end > t->n_rows)
			end = t->n_rows;
		size_t rs = index[end] - index[c->row];
		nb_grid_cell *cell = &row->cells[row->n_cells++];
		memset(cell, 0, sizeof *cell);
		cell->raw = nb_arena_strdup(r->arena, c->text);
		cell->col = c->col;
		cell->col_span = c->col_span;
		cell->row_span = rs ? rs : 1;
		cell->left = (double)c->col;
		cell->right = (double)(c->col + c->col_span);
		cell->confidence = -1;
	}
	free(per_row);
	free(kept);
	free(index);
}

/* The table read to its end: emitted as a grid, then freed with its
 * cells. */
static void S_table_finish(reader *r, table *t)
{
	S_table_emit(r, t);
	S_table_free(t);
	free(t);
}

/* ---- XML helpers ---- */

static bool S_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const xmlNode *S_child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (S_is(c, name))
			return c;
	return NULL;
}

/* The text children of `n` (an attribute, or a w:t element) appended to
 * `out`: read off the tree, the parser having already replaced entity
 * and character references. */
static void S_text_of(const xmlNode *n, nb_buf *out)
{
	for (const xmlNode *t = n->children; t; t = t->next)
		if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE)
		    && t->content)
			nb_buf_puts(out, (const char *)t->content);
}

/* An attribute by local name (any namespace), or NULL; its value copied
 * into `buf`, cut at `size` bytes. */
static const char *S_attr(const xmlNode *n, const char *name, char *buf,
                          size_t size)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, name)) {
			nb_buf v = {0};
			S_text_of((const xmlNode *)a, &v);
			snprintf(buf, size, "%s", v.data ? v.data : "");
			nb_buf_free(&v);
			return buf;
		}
	return NULL;
}

static long S_attr_long(const xmlNode *n, const char *name, long fallback)
{
	char buf[32];
	const char *v = S_attr(n, name, buf, sizeof buf);
	if (!v || !*v)
		return fallback;
	char *end;
	long x = strtol(v, &end, 10);
	return *end ? fallback : x;
}

static size_t S_span(long v, size_t max)
{
	if (v < 1)
		return 1;
	return (size_t)v > max ? max : (size_t)v;
}

/* ---- numbering (DOCX) ---- */

typedef struct level {
	char fmt[32];
	char text[64];
	long start;
} level;

typedef struct abstract_num {
	long id;
	level lvl[MAX_LEVELS];
} abstract_num;

struct numbering {
	abstract_num *abs;
	size_t n_abs;
	struct {
		long id, abs;
		long count[MAX_LEVELS];
	} nums[MAX_NUMS];
	size_t n_nums;
	struct {
		char id[64];
		long num, ilvl;
	} styles[MAX_NUMS];
	size_t n_styles;
};

static void S_numbering_load(numbering *nb, const xmlNode *root)
{
	for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
		if (S_is(c, "abstractNum")) {
			nb->abs = nb_xrealloc(nb->abs, (nb->n_abs + 1) * sizeof *nb->abs);
			abstract_num *a = &nb->abs[nb->n_abs++];
			memset(a, 0, sizeof *a);
			a->id = S_attr_long(c, "abstractNumId", -1);
			for (const xmlNode *l = c->children; l; l = l->next) {
				if (!S_is(l, "lvl"))
					continue;
				long i = S_attr_long(l, "ilvl", -1);
				if (i < 0 || i >= MAX_LEVELS)
					continue;
				level *lv = &a->lvl[i];
				lv->start = 1;
				const xmlNode *x;
				if ((x = S_child(l, "start")))
					lv->start = S_attr_long(x, "val", 1);
				if ((x = S_child(l, "numFmt")))
					S_attr(x, "val", lv->fmt, sizeof lv->fmt);
				if ((x = S_child(l, "lvlText")))
					S_attr(x, "val", lv->text, sizeof lv->text);
			}
		} else if (S_is(c, "num") && nb->n_nums < MAX_NUMS) {
			const xmlNode *x = S_child(c, "abstractNumId");
			nb->nums[nb->n_nums].id = S_attr_long(c, "numId", -1);
			nb->nums[nb->n_nums].abs = x ? S_attr_long(x, "val", -1) : -1;
			memset(nb->nums[nb->n_nums].count, 0,
			       sizeof nb->nums[nb->n_nums].count);
			nb->n_nums++;
		}
	}
}

/* numPr of a paragraph style (styles.xml), by style id. */
static void S_styles_load(numbering *nb, const xmlNode *root)
{
	for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
		if (!S_is(c, "style") || nb->n_styles == MAX_NUMS)
			continue;
		const xmlNode *ppr = S_child(c, "pPr");
		const xmlNode *numpr = ppr ? S_child(ppr, "numPr") : NULL;
		const xmlNode *id = numpr ? S_child(numpr, "numId") : NULL;
		if (!id)
			continue;
		const xmlNode *ilvl = S_child(numpr, "ilvl");
		char buf[64];
		if (!S_attr(c, "styleId", buf, sizeof buf))
			continue;
		snprintf(nb->styles[nb->n_styles].id, sizeof nb->styles[0].id, "%s", buf);
		nb->styles[nb->n_styles].num = S_attr_long(id, "val", -1);
		nb->styles[nb->n_styles].ilvl = ilvl ? S_attr_long(ilvl, "val", 0) : 0;
		nb->n_styles++;
	}
}

static void S_chinese(nb_buf *out, long n, bool legal)
{
	static const char *const small[] = {"〇", "一", "二", "三", "四",
	                                    "五", "六", "七", "八", "九"};
	static const char *const big[] = {"零", "壹", "贰", "叁", "肆",
	                                  "伍", "陆", "柒", "捌", "玖"};
	const char *const *d = legal ? big : small;
	const char *ten = legal ? "拾" : "十";
	if (n <= 0 || n >= 100) {
		nb_buf_printf(out, "%ld", n);
		return;
	}
	if (n >= 10) {
		if (n >= 20)
			nb_buf_puts(out, d[n / 10]);
		nb_buf_puts(out, ten);
		if (n % 10)
			nb_buf_puts(out, d[n % 10]);
		return;
	}
	nb_buf_puts(out, d[n]);
}

static void S_format(nb_buf *out, const char *fmt, long n)
{
	if (!strcmp(fmt, "chineseCounting") || !strcmp(fmt, "chineseCountingThousand")
	    || !strcmp(fmt, "ideographTraditional") || !strcmp(fmt, "taiwaneseCounting")
	    || !strcmp(fmt, "japaneseCounting"))
		S_chinese(out, n, false);
	else if (!strcmp(fmt, "chineseLegalSimplified"))
		S_chinese(out, n, true);
	else if ((!strcmp(fmt, "lowerLetter") || !strcmp(fmt, "upperLetter"))
	         && n >= 1 && n <= 26)
		nb_buf_printf(out, "%c", (char)((fmt[0] == 'l' ? 'a' : 'A') + n - 1));
	else if (!strcmp(fmt, "decimalFullWidth") && n >= 0 && n < 10)
		nb_buf_printf(out, "\xef\xbc%c", (char)(0x90 + n));
	else if (!strcmp(fmt, "decimalEnclosedCircle") && n >= 1 && n <= 20)
		nb_buf_printf(out, "\xe2\x91%c", (char)(0xa0 + n - 1));
	else
		nb_buf_printf(out, "%ld", n);
}

/* The number Word shows before a paragraph numbered (numId, ilvl). */
static void S_number(numbering *nb, long num_id, long ilvl, nb_buf *out)
{
	if (!nb || ilvl < 0 || ilvl >= MAX_LEVELS || num_id <= 0)
		return;
	size_t k;
	for (k = 0; k < nb->n_nums && nb->nums[k].id != num_id; k++)
		;
	if (k == nb->n_nums)
		return;
	abstract_num *a = NULL;
	for (size_t i = 0; i < nb->n_abs; i++)
		if (nb->abs[i].id == nb->nums[k].abs)
			a = &nb->abs[i];
	if (!a)
		return;
	level *lv = a->lvl;
	long *count = nb->nums[k].count;
	count[ilvl] = count[ilvl] ? count[ilvl] + 1 : lv[ilvl].start;
	for (long i = ilvl + 1; i < MAX_LEVELS; i++)
		count[i] = 0;
	if (!strcmp(lv[ilvl].fmt, "bullet") || !strcmp(lv[ilvl].fmt, "none"))
		return;
	for (const char *p = lv[ilvl].text; *p; p++) {
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
			long l = p[1] - '1';
			long v = count[l] ? count[l] : lv[l].start;
			S_format(out, lv[l].fmt, v);
			p++;
		} else {
			nb_buf_append(out, p, 1);
		}
	}
}

/* ---- DOCX ---- */

typedef struct docx_para {
	nb_buf text;
	const xmlNode *boxes[16]; /* text boxes anchored in it */
	size_t n_boxes;
} docx_para;

static void S_docx_blocks(reader *r, const xmlNode *parent, nb_buf *cell_text);

static void S_docx_inline(reader *r, const xmlNode *n, docx_para *p)
{
	if (++r->depth > MAX_DEPTH) {
		r->depth--;
		return;
	}
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		if (!strcmp(name, "t")) {
			if (r->field == 0)
				S_text_of(c, &p->text);
		} else if (!strcmp(name, "tab") || !strcmp(name, "br")
		           || !strcmp(name, "cr")) {
			nb_buf_puts(&p->text, " ");
		} else if (!strcmp(name, "fldChar")) {
			/* begin … separate (the instruction) … end: a stack of
			 * fields, bit k set while field k is in its instruction */
			char buf[16];
			const char *type = S_attr(c, "fldCharType", buf, sizeof buf);
			if (!type)
				continue;
			if (!strcmp(type, "begin") && r->fields < 63) {
				r->fields++;
				r->field |= (uint64_t)1 << r->fields;
			} else if (!strcmp(type, "separate") && r->fields > 0) {
				r->field &= ~((uint64_t)1 << r->fields);
			} else if (!strcmp(type, "end") && r->fields > 0) {
				r->field &= ~((uint64_t)1 << r->fields);
				r->fields--;
			}
		} else if (!strcmp(name, "del") || !strcmp(name, "moveFrom")
		           || !strcmp(name, "delText") || !strcmp(name, "instrText")
		           || !strcmp(name, "rPr") || !strcmp(name, "pPr")
		           || !strcmp(name, "sdtPr") || !strcmp(name, "footnoteReference")
		           || !strcmp(name, "endnoteReference")
		           || !strcmp(name, "commentReference")) {
			continue;
		} else if (!strcmp(name, "AlternateContent")) {
			const xmlNode *pick = S_child(c, "Choice");
			if (!pick)
				pick = S_child(c, "Fallback");
			if (pick)
				S_docx_inline(r, pick, p);
		} else if (!strcmp(name, "txbxContent")) {
			if (p->n_boxes < sizeof p->boxes / sizeof p->boxes[0])
				p->boxes[p->n_boxes++] = c;
		} else if (!strcmp(name, "r")) {
			const xmlNode *rpr = S_child(c, "rPr");
			if (rpr && S_child(rpr, "vanish"))
				continue; /* hidden text */
			S_docx_inline(r, c, p);
		} else {
			/* ins, moveTo, hyperlink, sdt, sdtContent, smartTag,
			 * fldSimple (its result), drawing, pict, … */
			S_docx_inline(r, c, p);
		}
	}
	r->depth--;
}

/* A paragraph: its number (numbering.xml), then its text.  Into the
 * current cell when in a table, else a line; then its text boxes. */
static void S_docx_para(reader *r, const xmlNode *n, nb_buf *cell_text)
{
	docx_para p = {0};
	const xmlNode *ppr = S_child(n, "pPr");
	const xmlNode *numpr = ppr ? S_child(ppr, "numPr") : NULL;
	long num_id = -1, ilvl = 0;
	if (numpr) {
		const xmlNode *x;
		if ((x = S_child(numpr, "numId")))
			num_id = S_attr_long(x, "val", -1);
		if ((x = S_child(numpr, "ilvl")))
			ilvl = S_attr_long(x, "val", 0);
	} else if (ppr && r->num) {
		const xmlNode *style = S_child(ppr, "pStyle");
		char buf[64];
		if (style && S_attr(style, "val", buf, sizeof buf))
			for (size_t i = 0; i < r->num->n_styles; i++)
				if (!strcmp(r->num->styles[i].id, buf)) {
					num_id = r->num->styles[i].num;
					ilvl = r->num->styles[i].ilvl;
				}
	}
	r->field = 0;
	r->fields = 0;
	S_docx_inline(r, n, &p);
	bool has_text = false;
	for (size_t i = 0; i < p.text.len; i++)
		if (p.text.data[i] != ' ')
			has_text = true;
	nb_buf line = {0};
	if (has_text && num_id > 0)
		S_number(r->num, num_id, ilvl, &line);
	if (p.text.len)
		nb_buf_append(&line, p.text.data, p.text.len);
	if (cell_text) {
		if (line.len) {
			if (cell_text->len)
				nb_buf_puts(cell_text, " ");
			nb_buf_append(cell_text, line.data, line.len);
		}
	} else if (line.len) {
		S_line(r, line.data, line.len);
	}
	nb_buf_free(&line);
	nb_buf_free(&p.text);
	for (size_t i = 0; i < p.n_boxes; i++)
		S_docx_blocks(r, p.boxes[i], cell_text);
}

/* Is this table a frame: every row one cell, and some cell holds a table? */
static bool S_frame(const xmlNode *tbl, const char *row_name,
                    const char *cell_name, const char *table_name)
{
	bool nested = false;
	for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
		if (!S_is(tr, row_name))
			continue;
		size_t cells = 0;
		for (const xmlNode *tc = tr->children; tc; tc = tc->next)
			if (S_is(tc, cell_name)) {
				cells++;
				if (S_child(tc, table_name))
					nested = true;
			}
		if (cells > 1)
			return false;
	}
	return nested;
}

static void S_docx_table(reader *r, const xmlNode *tbl, nb_buf *cell_text)
{
	if (S_frame(tbl, "tr", "tc", "tbl")) {
		for (const xmlNode *tr = tbl->children; tr; tr = tr->next)
			for (const xmlNode *tc = S_is(tr, "tr") ? tr->children : NULL; tc;
			     tc = tc->next)
				if (S_is(tc, "tc"))
					S_docx_blocks(r, tc, cell_text);
		return;
	}
	if (cell_text) {
		/* a table inside a cell: its text to the cell */
		S_docx_blocks(r, tbl, cell_text);
		return;
	}
	table *t = nb_xcalloc(1, sizeof *t);
	for (const xmlNode *tr = tbl->children; tr && !r->over; tr = tr->next) {
		if (!S_is(tr, "tr"))
			continue;
		const xmlNode *trpr = S_child(tr, "trPr");
		const xmlNode *before = trpr ? S_child(trpr, "gridBefore") : NULL;
		size_t col = before ? S_span(S_attr_long(before, "val", 0), MAX_COLS) : 0;
		if (before && S_attr_long(before, "val", 0) < 1)
			col = 0;
		size_t row = t->n_rows++;
		for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
			if (S_is(tc, "sdt")) {
				/* a content control around cells */
				const xmlNode *content = S_child(tc, "sdtContent");
				tc = content && S_child(content, "tc") ? S_child(content, "tc") : tc;
			}
			if (!S_is(tc, "tc") || col >= MAX_COLS)
				continue;
			const xmlNode *tcpr = S_child(tc, "tcPr");
			const xmlNode *x;
			size_t cs = 1;
			if (tcpr && (x = S_child(tcpr, "gridSpan")))
				cs = S_span(S_attr_long(x, "val", 1), MAX_COLS - col);
			const xmlNode *vmerge = tcpr ? S_child(tcpr, "vMerge") : NULL;
			char buf[16];
			const char *vm = vmerge ? S_attr(vmerge, "val", buf, sizeof buf) : NULL;
			bool cont = vmerge && (!vm || !strcmp(vm, "continue"));
			if (cont && t->open[col]) {
				tcell *above = &t->cells[t->open[col] - 1];
				above->row_span = row - above->row + 1;
				nb_buf extra = {0};
				S_docx_blocks(r, tc, &extra);
				if (extra.len) {
					/* text in a continuation cell: Word shows it
					 * in the merged cell */
					size_t old = above->text ? strlen(above->text) : 0;
					above->text = nb_xrealloc(above->text, old + extra.len + 2);
					if (old)
						above->text[old++] = ' ';
					memcpy(above->text + old, extra.data, extra.len + 1);
				}
				nb_buf_free(&extra);
				col += cs;
				continue;
			}
			nb_buf text = {0};
			S_docx_blocks(r, tc, &text);
			tcell *c = S_table_cell(t, row, col, cs, 1);
			c->text = text.data ? text.data : NULL;
			for (size_t k = col; k < col + cs; k++)
				t->open[k] = vmerge ? t->n : 0;
			S_count(r);
			col += cs;
		}
	}
	S_table_finish(r, t);
}

static void S_docx_blocks(reader *r, const xmlNode *parent, nb_buf *cell_text)
{
	if (++r->depth > MAX_DEPTH) {
		r->depth--;
		return;
	}
	for (const xmlNode *c = parent->children; c && !r->over; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		if (!strcmp(name, "p"))
			S_docx_para(r, c, cell_text);
		else if (!strcmp(name, "tbl"))
			S_docx_table(r, c, cell_text);
		else if (!strcmp(name, "AlternateContent")) {
			const xmlNode *pick = S_child(c, "Choice");
			if (!pick)
				pick = S_child(c, "Fallback");
			if (pick)
				S_docx_blocks(r, pick, cell_text);
		} else if (!strcmp(name, "del") || !strcmp(name, "moveFrom")
		           || !strcmp(name, "sdtPr") || !strcmp(name, "tcPr")
		           || !strcmp(name, "tblPr") || !strcmp(name, "sectPr"))
			continue;
		else /* sdt, sdtContent, ins, customXml, txbxContent, … */
			S_docx_blocks(r, c, cell_text);
	}
	r->depth--;
}

/* ---- ODT ---- */

static void S_odt_blocks(reader *r, const xmlNode *parent, nb_buf *cell_text);

static void S_odt_inline(reader *r, const xmlNode *n, nb_buf *out,
                         const xmlNode **boxes, size_t *n_boxes)
{
	if (++r->depth > MAX_DEPTH) {
		r->depth--;
		return;
	}
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				nb_buf_puts(out, (const char *)c->content);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		if (!strcmp(name, "s")) {
			long k = S_attr_long(c, "c", 1);
			for (long i = 0; i < (k < 1 ? 1 : k > 64 ? 64 : k); i++)
				nb_buf_puts(out, " ");
		} else if (!strcmp(name, "tab") || !strcmp(name, "line-break")) {
			nb_buf_puts(out, " ");
		} else if (!strcmp(name, "note") || !strcmp(name, "annotation")
		           || !strcmp(name, "tracked-changes")
		           || !strcmp(name, "bookmark-ref")) {
			continue;
		} else if (!strcmp(name, "text-box")) {
			if (*n_boxes < 16)
				boxes[(*n_boxes)++] = c;
		} else {
			/* span, a, frame, number, meta, … */
			S_odt_inline(r, c, out, boxes, n_boxes);
		}
	}
	r->depth--;
}

static void S_odt_para(reader *r, const xmlNode *n, nb_buf *cell_text)
{
	nb_buf text = {0};
	const xmlNode *boxes[16];
	size_t n_boxes = 0;
	S_odt_inline(r, n, &text, boxes, &n_boxes);
	if (cell_text) {
		if (text.len) {
			if (cell_text->len)
				nb_buf_puts(cell_text, " ");
			nb_buf_append(cell_text, text.data, text.len);
		}
	} else if (text.len) {
		S_line(r, text.data, text.len);
	}
	nb_buf_free(&text);
	for (size_t i = 0; i < n_boxes; i++)
		S_odt_blocks(r, boxes[i], cell_text);
}

static void S_odt_rows(reader *r, const xmlNode *parent, table *t, size_t *budget)
{
	for (const xmlNode *tr = parent->children; tr && !r->over; tr = tr->next) {
		if (S_is(tr, "table-header-rows") || S_is(tr, "table-rows")
		    || S_is(tr, "table-row-group")) {
			S_odt_rows(r, tr, t, budget);
			continue;
		}
		if (!S_is(tr, "table-row"))
			continue;
		size_t repeat = S_span(S_attr_long(tr, "number-rows-repeated", 1), MAX_REPEAT);
		for (size_t rep = 0; rep < repeat && *budget > 0; rep++) {
			(*budget)--;
			size_t row = t->n_rows++;
			size_t col = 0;
			for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
				bool covered = S_is(tc, "covered-table-cell");
				if (!covered && !S_is(tc, "table-cell"))
					continue;
				size_t times = S_span(S_attr_long(tc, "number-columns-repeated", 1),
				                      MAX_REPEAT);
				if (covered) {
					col += times;
					continue;
				}
				size_t cs = S_span(S_attr_long(tc, "number-columns-spanned", 1),
				                   MAX_COLS);
				size_t rs = S_span(S_attr_long(tc, "number-rows-spanned", 1),
				                   MAX_REPEAT * 16);
				nb_buf text = {0};
				S_odt_blocks(r, tc, &text);
				for (size_t k = 0; k < times && col < MAX_COLS; k++) {
					if (col + cs > MAX_COLS)
						cs = MAX_COLS - col;
					tcell *c = S_table_cell(t, row, col, cs, rs);
					c->text = text.data ? strdup(text.data) : NULL;
					S_count(r);
					/* the columns it spans follow as covered cells */
					col++;
				}
				nb_buf_free(&text);
			}
		}
	}
}

static void S_odt_table(reader *r, const xmlNode *tbl, nb_buf *cell_text)
{
	if (S_frame(tbl, "table-row", "table-cell", "table")) {
		for (const xmlNode *tr = tbl->children; tr; tr = tr->next)
			for (const xmlNode *tc = S_is(tr, "table-row") ? tr->children : NULL;
			     tc; tc = tc->next)
				if (S_is(tc, "table-cell"))
					S_odt_blocks(r, tc, cell_text);
		return;
	}
	if (cell_text) {
		S_odt_blocks(r, tbl, cell_text);
		return;
	}
	table *t = nb_xcalloc(1, sizeof *t);
	size_t budget = MAX_REPEAT * 64;
	S_odt_rows(r, tbl, t, &budget);
	S_table_finish(r, t);
}

static void S_odt_blocks(reader *r, const xmlNode *parent, nb_buf *cell_text)
{
	if (++r->depth > MAX_DEPTH) {
		r->depth--;
		return;
	}
	for (const xmlNode *c = parent->children; c && !r->over; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		if (!strcmp(name, "p") || !strcmp(name, "h"))
			S_odt_para(r, c, cell_text);
		else if (!strcmp(name, "table"))
			S_odt_table(r, c, cell_text);
		else if (!strcmp(name, "tracked-changes") || !strcmp(name, "forms")
		         || !strcmp(name, "sequence-decls")
		         || !strcmp(name, "variable-decls")
		         || !strcmp(name, "table-column")
		         || !strcmp(name, "table-columns")
		         || !strcmp(name, "annotation") || !strcmp(name, "note"))
			continue;
		else /* list, list-item, section, frame, text-box, … */
			S_odt_blocks(r, c, cell_text);
	}
	r->depth--;
}

/* ---- parsing a part ---- */

static void S_on_error(void *user, xmlErrorPtr e)
{
	reader *r = user;
	if (e)
		S_warn(r, "XML: %s (line %d)", e->message ? e->message : "error",
		       e->line);
}

static void S_on_generic(void *user, const char *fmt, ...)
{
	(void)user;
	(void)fmt;
}

static xmlDoc *S_parse(reader *r, const unsigned char *xml, size_t len)
{
	if (len > (size_t)INT32_MAX)
		return NULL;
	r->xml->SetStructuredErrorFunc(r, S_on_error);
	r->xml->SetGenericErrorFunc(r, S_on_generic);
	xmlDoc *d = r->xml->ReadMemory((const char *)xml, (int)len, "part.xml",
	                               NULL,
	                               XML_PARSE_NONET | XML_PARSE_NOCDATA
	                                       | XML_PARSE_COMPACT);
	r->xml->SetStructuredErrorFunc(NULL, NULL);
	r->xml->SetGenericErrorFunc(NULL, NULL);
	return d;
}

/* ---- the readers ---- */

static nb_status S_finish(reader *r, nb_source_kind kind, nb_doc **out,
                          nb_error *err)
{
	if (r->over) {
		free(r->lines);
		free(r->grids);
		nb_arena_free(r->arena);
		return nb_error_set(err, NB_ERR_LIMIT, 0,
		                    "the document has over %d paragraphs and table "
		                    "cells", NB_TEXT_MAX_CELLS);
	}
	if (r->n_lines == 0 && r->n_grids == 0) {
		free(r->lines);
		free(r->grids);
		nb_arena_free(r->arena);
		return nb_error_set(err, NB_ERR_EMPTY, 0, "a document with no text");
	}
	nb_doc *doc = nb_arena_alloc(r->arena, sizeof *doc);
	memset(doc, 0, sizeof *doc);
	doc->arena = r->arena;
	doc->kind = kind;
	doc->units = NB_UNITS_FIELDS;
	doc->lines = nb_arena_alloc(r->arena, (r->n_lines + 1) * sizeof *doc->lines);
	if (r->n_lines)
		memcpy(doc->lines, r->lines, r->n_lines * sizeof *doc->lines);
	doc->n_lines = r->n_lines;
	doc->grids = nb_arena_alloc(r->arena, (r->n_grids + 1) * sizeof *doc->grids);
	if (r->n_grids)
		memcpy(doc->grids, r->grids, r->n_grids * sizeof *doc->grids);
	doc->n_grids = r->n_grids;
	if (r->n_warnings) {
		doc->warnings = nb_arena_alloc(r->arena,
		                               r->n_warnings * sizeof *doc->warnings);
		memcpy(doc->warnings, r->warnings, r->n_warnings * sizeof *doc->warnings);
		doc->n_warnings = r->n_warnings;
	}
	free(r->lines);
	free(r->grids);
	*out = doc;
	return NB_OK;
}

static nb_status S_part(const unsigned char *data, size_t len, const char *name,
                        const char *what, unsigned char **xml, size_t *xml_len,
                        nb_error *err)
{
	nb_status s = nb_office_zip_part(data, len, name, MAX_PART_BYTES, xml,
	                                 xml_len, err);
	if (s == NB_ERR_NO_LIBRARY)
		return s;
	if (s == NB_ERR_LIMIT)
		return nb_error_set(err, s, 0, "%s: %s is over %d MB inflated", what,
		                    name, MAX_PART_BYTES >> 20);
	if (s == NB_ERR_NOT_PDF)
		return nb_error_set(err, NB_ERR_DAMAGED, 0, "%s without %s", what, name);
	if (s != NB_OK)
		return nb_error_set(err, NB_ERR_DAMAGED, 0,
		                    "%s: the ZIP package is damaged or cut short (%s)",
		                    what, name);
	return NB_OK;
}

static nb_status S_docx(const nb_libxml *lib, const unsigned char *data,
                        size_t len, nb_doc **out, nb_error *err)
{
	unsigned char *xml = NULL;
	size_t xml_len = 0;
	nb_status s = S_part(data, len, "word/document.xml", "a .docx", &xml,
	                     &xml_len, err);
	if (s != NB_OK)
		return s;
	reader r = {.xml = lib, .arena = nb_arena_new()};
	numbering num = {0};
	unsigned char *extra = NULL;
	size_t extra_len = 0;
	static const char *const parts[] = {"word/numbering.xml", "word/styles.xml"};
	for (size_t i = 0; i < 2; i++) {
		if (nb_office_zip_part(data, len, parts[i], MAX_PART_BYTES, &extra,
		                       &extra_len, NULL) != NB_OK)
			continue;
		xmlDoc *d = S_parse(&r, extra, extra_len);
		if (d) {
			if (i == 0)
				S_numbering_load(&num, r.xml->DocGetRootElement(d));
			else
				S_styles_load(&num, r.xml->DocGetRootElement(d));
			r.xml->FreeDoc(d);
		}
		free(extra);
		extra = NULL;
	}
	r.num = &num;
	xmlDoc *d = S_parse(&r, xml, xml_len);
	free(xml);
	if (!d) {
		free(num.abs);
		nb_error_set(err, NB_ERR_DAMAGED, 0,
		             "a .docx whose word/document.xml is not XML%s%s",
		             r.n_warnings ? ": " : "", r.n_warnings ? r.warnings[0] : "");
		nb_arena_free(r.arena); /* after the message: it holds warnings */
		return NB_ERR_DAMAGED;
	}
	const xmlNode *root = r.xml->DocGetRootElement(d);
	const xmlNode *body = root ? S_child(root, "body") : NULL;
	if (body)
		S_docx_blocks(&r, body, NULL);
	r.xml->FreeDoc(d);
	free(num.abs);
	return S_finish(&r, NB_SOURCE_DOCX, out, err);
}

static nb_status S_odt(const nb_libxml *lib, const unsigned char *data,
                       size_t len, nb_doc **out, nb_error *err)
{
	unsigned char *xml = NULL;
	size_t xml_len = 0;
	nb_status s = S_part(data, len, "content.xml", "an .odt", &xml, &xml_len, err);
	if (s != NB_OK)
		return s;
	reader r = {.xml = lib, .arena = nb_arena_new()};
	xmlDoc *d = S_parse(&r, xml, xml_len);
	free(xml);
	if (!d) {
		nb_error_set(err, NB_ERR_DAMAGED, 0,
		             "an .odt whose content.xml is not XML%s%s",
		             r.n_warnings ? ": " : "", r.n_warnings ? r.warnings[0] : "");
		nb_arena_free(r.arena); /* after the message: it holds warnings */
		return NB_ERR_DAMAGED;
	}
	const xmlNode *root = r.xml->DocGetRootElement(d);
	const xmlNode *body = root ? S_child(root, "body") : NULL;
	const xmlNode *text = body ? S_child(body, "text") : NULL;
	if (text)
		S_odt_blocks(&r, text, NULL);
	r.xml->FreeDoc(d);
	return S_finish(&r, NB_SOURCE_ODT, out, err);
}

/* libxml2 loaded for the read of one package (base/dynlib.c). */
typedef nb_status (*package_reader)(const nb_libxml *, const unsigned char *,
                                    size_t, nb_doc **, nb_error *);

static nb_status S_with_libxml(package_reader read, const unsigned char *data,
                               size_t len, nb_doc **out, nb_error *err)
{
	nb_libxml lib;
	nb_status s = nb_libxml_open(&lib, err);
	if (s != NB_OK)
		return s;
	s = read(&lib, data, len, out, err);
	nb_libxml_close(&lib);
	return s;
}

nb_status nb_extract_docx(const unsigned char *data, size_t len,
                          const nb_limits *limits, nb_doc **out, nb_error *err)
{
	(void)limits;
	return S_with_libxml(S_docx, data, len, out, err);
}

nb_status nb_extract_odt(const unsigned char *data, size_t len,
                         const nb_limits *limits, nb_doc **out, nb_error *err)
{
	(void)limits;
	return S_with_libxml(S_odt, data, len, out, err);
}
