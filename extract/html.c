/*
 * html.c — the HTML reader: a web page → lines of prose and grids.
 *
 * libxml2's HTML parser builds the tree; nianbao chooses the charset
 * itself (libxml2 2.9 stops silently at the first GBK-only character of a
 * page labelled gb2312 and reads a page whose <title> precedes its <meta>
 * as Latin-1): a byte-order mark, a label given from outside (an MHTML
 * part's), a prescan of <meta charset> / http-equiv, then the bytes
 * themselves (strict UTF-8, else GB18030).  The page is converted to UTF-8
 * and parsed as UTF-8.
 *
 * One walk over the visible tree (scripts, styles, comments, <head> and
 * hidden elements left out) makes a line of every block and a grid of
 * every data table (a <table> holding no other table, with more than one
 * column and no long prose in a cell): cells at their grid positions with
 * their row and column spans, a cell spanning rows in its first row only.
 * The article is then found by content: the smallest element holding the
 * section headings (一、… 六、) and the template's tables; navigation,
 * index tables of page metadata, related links and footers fall outside
 * it.  The report's title comes from the article, else from the nearest
 * title-like block before it, else from <title> without the site name.
 *
 * libxml2's messages are captured while the page is parsed and become the
 * document's warnings (its losses when the parser gave up).  The walk is
 * iterative and stops descending at MAX_DEPTH, so deep nesting costs
 * neither stack nor time, and is reported as a loss.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "encoding_internal.h"
#include "extract.h"
#include "libs_internal.h"

enum {
	MAX_DEPTH = 1000,         /* elements nested deeper are not read */
	MAX_COLS = 1000,          /* HTML's own colspan limit */
	MAX_ROW_SPAN = 65534,     /* HTML's own rowspan limit */
	MAX_MESSAGES = 16,        /* distinct parser messages kept */
	PRESCAN_BYTES = 4096,     /* where a <meta> charset must stand */
	PROSE_CELL = 300,         /* code points: a cell of a layout table */
};
#define HTML_MAX_BYTES ((size_t)32 << 20)

/* ---- what the walk collects ---- */

typedef struct mark {
	size_t enter, exit;       /* DFS order of an element's subtree */
} mark;

typedef struct line_rec {
	char *text;
	size_t enter;             /* of the element the text stood in */
	bool linked;              /* all of it inside <a> */
} line_rec;

typedef struct grid_rec {
	nb_grid grid;
	size_t enter;
	size_t at;                /* lines before it */
	bool template_like;
} grid_rec;

typedef struct image_rec {
	size_t enter, at;
} image_rec;

typedef struct message {
	int code;
	int line;
	size_t count;
	char text[160];
} message;

typedef struct reader {
	const nb_libxml *xml;
	nb_arena *arena;
	line_rec *lines;
	size_t n_lines, cap_lines;
	grid_rec *grids;
	size_t n_grids, cap_grids;
	image_rec *images;
	size_t n_images, cap_images;
	mark *marks;              /* one per element entered */
	size_t n_marks, cap_marks;
	nb_buf buf;               /* the block being read */
	size_t buf_enter;
	bool buf_linked;
	int space;                /* pending: 0 none, 1 soft, 2 hard */
	int in_link;
	size_t cells;
	bool too_deep, too_many;
	message messages[MAX_MESSAGES];
	size_t n_messages, dropped;
	bool fatal;
	char fatal_text[256];
} reader;


/* ---- libxml2's messages ---- */

static void S_on_error(void *user, xmlErrorPtr e)
{
	reader *r = user;
	if (!e)
		return;
	bool fatal = e->level == XML_ERR_FATAL && !r->fatal;
	/* a message seen before is only counted (a page repeats one
	 * thousands of times): its text is not made again */
	if (!fatal)
		for (size_t i = 0; i < r->n_messages; i++)
			if (r->messages[i].code == e->code) {
				r->messages[i].count++;
				return;
			}
	char text[160];
	snprintf(text, sizeof text, "%s", e->message ? e->message : "error");
	size_t n = strlen(text);
	while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	if (fatal) {
		r->fatal = true;
		snprintf(r->fatal_text, sizeof r->fatal_text,
		         "the HTML parser gave up at line %d (%s): the rest of "
		         "the page was not read", e->line, text);
	}
	for (size_t i = 0; i < r->n_messages; i++)
		if (r->messages[i].code == e->code) {
			r->messages[i].count++;
			return;
		}
	if (r->n_messages == MAX_MESSAGES) {
		r->dropped++;
		return;
	}
	message *m = &r->messages[r->n_messages++];
	m->code = e->code;
	m->line = e->line;
	m->count = 1;
	memcpy(m->text, text, n + 1);
}

static void S_on_generic(void *user, const char *fmt, ...)
{
	(void)user;
	(void)fmt; /* generic messages repeat a structured one */
}

/* ---- the charset ---- */

static bool S_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* charset=NAME inside `s` (an attribute value or a whole tag). */
static const char *S_charset_in(const char *s, size_t len)
{
	for (size_t i = 0; i + 8 <= len; i++) {
		if (strncasecmp(s + i, "charset", 7))
			continue;
		size_t j = i + 7;
		while (j < len && S_is_space(s[j]))
			j++;
		if (j >= len || s[j] != '=')
			continue;
		j++;
		while (j < len && (S_is_space(s[j]) || s[j] == '"' || s[j] == '\''))
			j++;
		size_t k = j;
		while (k < len && !S_is_space(s[k]) && s[k] != '"' && s[k] != '\''
		       && s[k] != ';' && s[k] != '>' && s[k] != '/')
			k++;
		const char *name = nb_enc_canonical(s + j, k - j);
		if (name)
			return name;
	}
	return NULL;
}

/* The charset a <meta> within the first PRESCAN_BYTES declares. */
static const char *S_prescan(const unsigned char *data, size_t len)
{
	const char *s = (const char *)data;
	size_t n = len < PRESCAN_BYTES ? len : PRESCAN_BYTES;
	for (size_t i = 0; i + 5 < n; i++) {
		if (s[i] != '<' || strncasecmp(s + i + 1, "meta", 4))
			continue;
		size_t end = i;
		while (end < n && s[end] != '>')
			end++;
		const char *name = S_charset_in(s + i, end - i);
		if (name)
			return name;
		i = end;
	}
	return NULL;
}

/* The page as UTF-8 (malloc'd) and what it was read as. */
static char *S_to_utf8(const unsigned char *data, size_t len,
                       const char *charset, size_t *out_len,
                       const char **encoding)
{
	size_t bom_len;
	const char *from = nb_enc_bom(data, len, &bom_len);
	const char *tries[4];
	size_t n = 0;
	if (from)
		tries[n++] = from;
	if (charset && nb_enc_canonical(charset, strlen(charset)))
		tries[n++] = nb_enc_canonical(charset, strlen(charset));
	/* a download cut inside a character: the page without its part */
	bool valid = nb_enc_valid_utf8(data + bom_len, len - bom_len);
	if (!valid)
		for (size_t cut = 1; cut <= 3 && cut < len - bom_len; cut++)
			if (nb_enc_valid_utf8(data + bom_len, len - bom_len - cut)) {
				len -= cut;
				valid = true;
				break;
			}
	const char *declared = S_prescan(data, len);
	if (declared)
		tries[n++] = declared;
	/* a page whose label lies (UTF-8 labelled gb2312, GBK labelled
	 * utf-8) is read by what its bytes are */
	tries[n++] = valid ? "UTF-8" : "GB18030";
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(tries[i], "UTF-8")) {
			if (!valid)
				continue;
			char *copy = nb_xmalloc(len - bom_len + 1);
			memcpy(copy, data + bom_len, len - bom_len);
			copy[len - bom_len] = '\0';
			*out_len = len - bom_len;
			*encoding = "UTF-8";
			return copy;
		}
		char *text = nb_enc_to_utf8(tries[i], data + bom_len,
		                            len - bom_len, out_len);
		if (text) {
			*encoding = tries[i];
			return text;
		}
	}
	return NULL;
}

/* ---- elements ---- */

/* libxml2's HTML parser lowercases element names as it reads them
 * (htmlParseHTMLName), so a plain comparison suffices: the case-blind one
 * was 5 % of a page's instructions. */
static bool S_name_is(const xmlNode *node, const char *name)
{
	/* the first byte first: most names differ there */
	return node->name && node->name[0] == (xmlChar)name[0]
	       && !strcmp((const char *)node->name, name);
}

/* What the walk asks of an element's name: a block (its text is a line
 * of its own) or invisible (not read).  The names are listed under their
 * first byte, so that an element is compared with the two or three names
 * sharing it rather than with all 57 in turn (that was 3 % of a page's
 * instructions). */
enum { NAME_BLOCK = 1, NAME_INVISIBLE = 2 };

typedef struct name_class {
	const char *name;
	unsigned cls;
} name_class;

#define B NAME_BLOCK
#define I NAME_INVISIBLE
static const name_class S_names_a[] = {{"article", B}, {"aside", B},
                                       {"address", B}, {NULL, 0}};
static const name_class S_names_b[] = {{"body", B}, {"blockquote", B},
                                       {"button", I}, {NULL, 0}};
static const name_class S_names_c[] = {{"center", B}, {"caption", B},
                                       {NULL, 0}};
static const name_class S_names_d[] = {{"div", B}, {"dl", B}, {"dt", B},
                                       {"dd", B}, {"details", B}, {NULL, 0}};
static const name_class S_names_e[] = {{"embed", I}, {NULL, 0}};
static const name_class S_names_f[] = {{"footer", B}, {"figure", B},
                                       {"figcaption", B}, {"form", B},
                                       {"fieldset", B}, {NULL, 0}};
static const name_class S_names_h[] = {{"h1", B}, {"h2", B}, {"h3", B},
                                       {"h4", B}, {"h5", B}, {"h6", B},
                                       {"header", B}, {"hr", B}, {"html", B},
                                       {"head", I}, {NULL, 0}};
static const name_class S_names_i[] = {{"iframe", I}, {NULL, 0}};
static const name_class S_names_l[] = {{"li", B}, {NULL, 0}};
static const name_class S_names_m[] = {{"main", B}, {"map", I}, {"math", I},
                                       {NULL, 0}};
static const name_class S_names_n[] = {{"nav", B}, {"noscript", I},
                                       {NULL, 0}};
static const name_class S_names_o[] = {{"ol", B}, {"object", I}, {NULL, 0}};
static const name_class S_names_p[] = {{"p", B}, {"pre", B}, {NULL, 0}};
static const name_class S_names_s[] = {{"section", B}, {"summary", B},
                                       {"script", I}, {"style", I},
                                       {"select", I}, {"svg", I}, {NULL, 0}};
static const name_class S_names_t[] = {{"table", B}, {"tr", B}, {"td", B},
                                       {"th", B}, {"thead", B}, {"tbody", B},
                                       {"tfoot", B}, {"template", I},
                                       {"textarea", I}, {"title", I},
                                       {NULL, 0}};
static const name_class S_names_u[] = {{"ul", B}, {NULL, 0}};
#undef B
#undef I

/* NAME_BLOCK, NAME_INVISIBLE or 0 for an element. */
static unsigned S_name_class(const xmlNode *node)
{
	const name_class *list;
	if (!node->name)
		return 0;
	switch (node->name[0]) {
	case 'a': list = S_names_a; break;
	case 'b': list = S_names_b; break;
	case 'c': list = S_names_c; break;
	case 'd': list = S_names_d; break;
	case 'e': list = S_names_e; break;
	case 'f': list = S_names_f; break;
	case 'h': list = S_names_h; break;
	case 'i': list = S_names_i; break;
	case 'l': list = S_names_l; break;
	case 'm': list = S_names_m; break;
	case 'n': list = S_names_n; break;
	case 'o': list = S_names_o; break;
	case 'p': list = S_names_p; break;
	case 's': list = S_names_s; break;
	case 't': list = S_names_t; break;
	case 'u': list = S_names_u; break;
	default: return 0;
	}
	for (; list->name; list++)
		if (!strcmp((const char *)node->name, list->name))
			return list->cls;
	return 0;
}

static bool S_block(const xmlNode *node)
{
	return S_name_class(node) & NAME_BLOCK;
}

/* The value of attribute `name` (as libxml2's HTML parser stores it, in
 * lower case) in `value`, cut at `cap` bytes; false when there is none.
 * Read off the tree rather than with xmlGetProp: no allocation, and no
 * call into the library for every element of the page. */
static bool S_attr(const xmlNode *node, const char *name, char *value,
                   size_t cap)
{
	for (const xmlAttr *a = node->properties; a; a = a->next) {
		if (!a->name || strcmp((const char *)a->name, name) != 0)
			continue;
		size_t n = 0;
		for (const xmlNode *t = a->children; t; t = t->next)
			for (const xmlChar *p = t->content; p && *p && n + 1 < cap; p++)
				value[n++] = (char)*p;
		value[n] = '\0';
		return true;
	}
	return false;
}

/* A hidden attribute, or a style attribute that hides the element.  One
 * pass over the attributes (most elements have none of the two). */
static bool S_hidden(xmlNode *node)
{
	const xmlAttr *style_attr = NULL;
	for (const xmlAttr *a = node->properties; a; a = a->next) {
		if (!a->name)
			continue;
		if (a->name[0] == 'h' && !strcmp((const char *)a->name, "hidden"))
			return true;
		if (!style_attr && a->name[0] == 's'
		    && !strcmp((const char *)a->name, "style"))
			style_attr = a;
	}
	if (!style_attr)
		return false;
	/* the first 255 bytes of the value, white space left out and in
	 * lower case, read straight off its text nodes */
	char compact[256];
	size_t n = 0, seen = 0;
	for (const xmlNode *t = style_attr->children; t; t = t->next)
		for (const xmlChar *p = t->content; p && *p && seen < 255; p++, seen++)
			if (!S_is_space((char)*p))
				compact[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	compact[n] = '\0';
	return strstr(compact, "display:none") || strstr(compact, "visibility:hidden");
}

static bool S_skipped(xmlNode *node)
{
	return node->type == XML_ELEMENT_NODE
	       && ((S_name_class(node) & NAME_INVISIBLE) || S_hidden(node));
}

/* ---- text ---- */

/* The code point at s (UTF-8, valid), its length in *n. */
static unsigned S_cp(const unsigned char *s, size_t *n)
{
	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if (s[0] < 0xE0) {
		*n = 2;
		return ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
	}
	if (s[0] < 0xF0) {
		*n = 3;
		return ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
	}
	*n = 4;
	return ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12)
	       | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
}

static bool S_wide(unsigned cp)
{
	return cp >= 0x2E80;
}

/* The last code point of the buffer, 0 when empty. */
static unsigned S_last_cp(const nb_buf *buf)
{
	if (!buf->len)
		return 0;
	size_t i = buf->len - 1;
	while (i > 0 && ((unsigned char)buf->data[i] & 0xC0) == 0x80)
		i--;
	size_t n;
	return S_cp((const unsigned char *)buf->data + i, &n);
}

/* Whether the text at s starts with a space of S_append's (ASCII white
 * space, U+00A0 or U+3000) or ends. */
static bool S_space_at(const unsigned char *s)
{
	switch (s[0]) {
	case '\0': case ' ': case '\t': case '\r': case '\f': case '\n':
		return true;
	case 0xC2:
		return s[1] == 0xA0;
	case 0xE3:
		return s[1] == 0x80 && s[2] == 0x80;
	default:
		return false;
	}
}

/*
 * Append text with HTML's white space rules: a run of white space is one
 * space, none at the start.  A run holding a line break between two wide
 * characters is dropped (an editor's line wrap inside Chinese text), as is
 * a block boundary inside a cell between them; &nbsp; and U+3000 are
 * spaces that stay.
 */
static void S_append(nb_buf *buf, int *space, const unsigned char *s)
{
	while (*s) {
		size_t n;
		unsigned cp = S_cp(s, &n);
		if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f') {
			if (*space == 0)
				*space = 1;
			s += n;
			continue;
		}
		if (cp == '\n') {
			*space = *space == 2 ? 2 : 3; /* 3: a soft break */
			s += n;
			continue;
		}
		if (cp == 0xA0 || cp == 0x3000) {
			*space = 2;
			s += n;
			continue;
		}
		if (*space && buf->len) {
			bool soft = *space == 3;
			if (!(soft && S_wide(S_last_cp(buf)) && S_wide(cp)))
				nb_buf_append(buf, " ", 1);
		}
		*space = 0;
		/* the run of characters up to the next space of any kind is
		 * copied at once: nothing in it changes the pending space */
		size_t run = n;
		while (!S_space_at(s + run))
			run++;
		nb_buf_append(buf, s, run);
		s += run;
	}
}

static size_t S_codepoints(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* ---- lines ---- */

static void S_flush(reader *r)
{
	r->space = 0;
	if (!r->buf.len)
		return;
	r->lines = nb_grow(r->lines, &r->cap_lines, r->n_lines + 1, sizeof *r->lines);
	r->lines[r->n_lines++] = (line_rec){
		.text = nb_arena_strndup(r->arena, r->buf.data, r->buf.len),
		.enter = r->buf_enter,
		.linked = r->buf_linked,
	};
	r->buf.len = 0;
}

/* Text standing directly in the element entered as `parent`. */
static void S_text(reader *r, xmlNode *node, size_t parent)
{
	if (!node->content)
		return;
	bool was_empty = r->buf.len == 0;
	S_append(&r->buf, &r->space, node->content);
	if (was_empty && r->buf.len) {
		r->buf_enter = parent;
		r->buf_linked = r->in_link > 0;
	} else if (r->buf.len && r->in_link == 0) {
		r->buf_linked = false;
	}
}

/* ---- tables ---- */

/* A <table> inside `table` (capped walk). */
static bool S_has_table(xmlNode *table)
{
	xmlNode *cur = table->children;
	size_t depth = 1;
	while (cur && depth) {
		if (cur->type == XML_ELEMENT_NODE && S_name_is(cur, "table"))
			return true;
		if (cur->type == XML_ELEMENT_NODE && cur->children
		    && depth < MAX_DEPTH) {
			cur = cur->children;
			depth++;
			continue;
		}
		while (cur && !cur->next && depth) {
			cur = cur->parent;
			depth--;
		}
		if (cur && depth)
			cur = cur->next;
	}
	return false;
}

/* The text of a cell: inline text joined, blocks and <br> as soft breaks. */
static char *S_cell_text(reader *r, xmlNode *cell)
{
	nb_buf buf = {0};
	int space = 0;
	xmlNode *cur = cell->children;
	size_t depth = 1;
	while (cur && depth) {
		bool descend = false;
		if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
			if (cur->content)
				S_append(&buf, &space, cur->content);
		} else if (cur->type == XML_ELEMENT_NODE && !S_skipped(cur)) {
			if (S_name_is(cur, "br") || S_block(cur))
				space = space == 2 ? 2 : 3;
			descend = cur->children && depth < MAX_DEPTH;
		}
		if (descend) {
			cur = cur->children;
			depth++;
			continue;
		}
		while (cur && !cur->next && depth) {
			cur = cur->parent;
			depth--;
			if (cur && depth && S_block(cur))
				space = space == 2 ? 2 : 3;
		}
		if (cur && depth)
			cur = cur->next;
	}
	char *out = nb_arena_strndup(r->arena, buf.data ? buf.data : "", buf.len);
	nb_buf_free(&buf);
	return out;
}

static long S_span(xmlNode *cell, const char *name, long max)
{
	char value[32];
	if (!S_attr(cell, name, value, sizeof value))
		return 1;
	long n = strtol(value, NULL, 10);
	return n < 1 ? 1 : n > max ? max : n;
}

static const char *const S_template_words[] = {
	"信息内容", "规章", "自然人", "予以公开", "行政复议", "结果维持",
	"本年新收", "行政许可", "申请人情况", NULL};

/* The rows of a table: <tr> children of the table and of its row groups. */
static size_t S_rows(xmlNode *table, xmlNode ***rows)
{
	size_t n = 0, cap = 0;
	*rows = NULL;
	for (xmlNode *c = table->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || S_skipped(c))
			continue;
		if (S_name_is(c, "tr")) {
			*rows = nb_grow(*rows, &cap, n + 1, sizeof **rows);
			(*rows)[n++] = c;
		} else if (S_name_is(c, "thead") || S_name_is(c, "tbody")
		           || S_name_is(c, "tfoot")) {
			for (xmlNode *t = c->children; t; t = t->next)
				if (t->type == XML_ELEMENT_NODE && S_name_is(t, "tr")
				    && !S_skipped(t)) {
					*rows = nb_grow(*rows, &cap, n + 1, sizeof **rows);
					(*rows)[n++] = t;
				}
		}
	}
	return n;
}

/*
 * A table as a grid.  false (nothing added) for a layout table: one
 * column, or a cell holding prose; its content is then read as blocks.
 */
static bool S_table(reader *r, xmlNode *table, size_t enter)
{
	xmlNode **trs;
	size_t n_trs = S_rows(table, &trs);
	if (!n_trs) {
		free(trs);
		return false;
	}
	size_t *busy = nb_xcalloc(MAX_COLS + 1, sizeof *busy);
	bool *placed = nb_xcalloc(MAX_COLS + 1, sizeof *placed);
	/* columns ever spanned: busy[] and placed[] stay 0 from there on, so
	 * a row clears and counts down only that many, not all MAX_COLS */
	size_t used = 0;
	nb_grid grid = {0};
	grid.rows = nb_arena_alloc(r->arena, n_trs * sizeof *grid.rows);
	grid.at_line = 0;
	bool layout = false, template_like = false;
	size_t max_cells_in_row = 0;
	for (size_t t = 0; t < n_trs && !layout; t++) {
		size_t n = 0;
		for (xmlNode *c = trs[t]->children; c; c = c->next)
			n += c->type == XML_ELEMENT_NODE
			     && (S_name_is(c, "td") || S_name_is(c, "th"));
		nb_grid_row *row = &grid.rows[grid.n_rows];
		row->line = NB_NO_LINE;
		row->cells = nb_arena_alloc(r->arena, (n ? n : 1) * sizeof *row->cells);
		memset(placed, 0, used * sizeof *placed);
		size_t col = 0;
		for (xmlNode *c = trs[t]->children; c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE
			    || !(S_name_is(c, "td") || S_name_is(c, "th")))
				continue;
			while (col < MAX_COLS && busy[col] > 0 && !placed[col])
				col++;
			if (col >= MAX_COLS)
				break;
			size_t cs = (size_t)S_span(c, "colspan", MAX_COLS);
			size_t rs = (size_t)S_span(c, "rowspan", MAX_ROW_SPAN);
			if (col + cs > MAX_COLS)
				cs = MAX_COLS - col;
			for (size_t k = col; k < col + cs; k++) {
				busy[k] = rs;
				placed[k] = true;
			}
			if (used < col + cs)
				used = col + cs;
			if (S_hidden(c)) {
				col += cs;
				continue;
			}
			char *text = S_cell_text(r, c);
			if (S_codepoints(text) > PROSE_CELL)
				layout = true;
			for (size_t w = 0; S_template_words[w]; w++)
				if (strstr(text, S_template_words[w]))
					template_like = true;
			if (*text) {
				nb_grid_cell *cell = &row->cells[row->n_cells++];
				cell->raw = text;
				cell->col = col;
				cell->col_span = cs;
				cell->row_span = rs;
				cell->left = (double)col;
				cell->right = (double)(col + cs);
				cell->confidence = -1;
				r->cells++;
			}
			if (grid.n_cols < col + cs)
				grid.n_cols = col + cs;
			col += cs;
		}
		for (size_t k = 0; k < used; k++)
			if (busy[k] > 0)
				busy[k]--;
		if (row->n_cells > max_cells_in_row)
			max_cells_in_row = row->n_cells;
		if (row->n_cells)
			grid.n_rows++;
	}
	free(busy);
	free(placed);
	free(trs);
	if (layout || grid.n_cols < 2 || max_cells_in_row < 2 || !grid.n_rows)
		return false;
	S_flush(r);
	r->grids = nb_grow(r->grids, &r->cap_grids, r->n_grids + 1, sizeof *r->grids);
	r->grids[r->n_grids++] = (grid_rec){.grid = grid, .enter = enter,
	                                     .at = r->n_lines,
	                                     .template_like = template_like};
	return true;
}

/* ---- the walk ---- */

/* Enter an element or text (`parent`: the index of the element it stands
 * in); *enter is the element's own index.  true to descend. */
static bool S_visit(reader *r, xmlNode *node, size_t parent, size_t *enter)
{
	if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
		S_text(r, node, parent);
		return false;
	}
	if (node->type != XML_ELEMENT_NODE || S_skipped(node))
		return false;
	r->marks = nb_grow(r->marks, &r->cap_marks, r->n_marks + 1, sizeof *r->marks);
	*enter = r->n_marks++;
	r->marks[*enter] = (mark){*enter, *enter + 1};
	if (S_name_is(node, "br")) {
		S_flush(r);
		return false;
	}
	if (S_name_is(node, "img")) {
		S_flush(r);
		r->images = nb_grow(r->images, &r->cap_images, r->n_images + 1,
		                   sizeof *r->images);
		r->images[r->n_images++] = (image_rec){*enter, r->n_lines};
		return false;
	}
	if (S_name_is(node, "a"))
		r->in_link++;
	if (S_block(node))
		S_flush(r);
	if (S_name_is(node, "table") && !S_has_table(node)
	    && S_table(r, node, *enter))
		return false;
	return node->children != NULL;
}

static void S_leave(reader *r, xmlNode *node, size_t enter)
{
	if (node->type != XML_ELEMENT_NODE || enter == (size_t)-1)
		return;
	r->marks[enter].exit = r->n_marks;
	if (S_name_is(node, "a") && r->in_link > 0)
		r->in_link--;
	if (S_block(node))
		S_flush(r);
}

/* Walk the tree from `root` in document order, iteratively; the indices
 * of the open elements are kept on a stack bounded by MAX_DEPTH. */
static void S_walk(reader *r, xmlNode *root)
{
	size_t *stack = nb_xmalloc((MAX_DEPTH + 2) * sizeof *stack);
	size_t depth = 0;
	xmlNode *cur = root;
	while (cur) {
		size_t enter = (size_t)-1;
		size_t parent = depth ? stack[depth - 1] : 0;
		if (S_visit(r, cur, parent, &enter)) {
			if (depth < MAX_DEPTH) {
				stack[depth++] = enter;
				cur = cur->children;
				continue;
			}
			r->too_deep = true;
		}
		S_leave(r, cur, enter);
		while (cur) {
			if (cur == root) {
				cur = NULL;
				break;
			}
			if (cur->next) {
				cur = cur->next;
				break;
			}
			cur = cur->parent;
			depth--;
			S_leave(r, cur, stack[depth]);
		}
	}
	S_flush(r);
	free(stack);
}

/* ---- the article ---- */

static bool S_starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* 一、总体情况 … 六、其他需要报告的事项: a section heading of the report. */
static bool S_heading(const char *text)
{
	static const char *const numbers[] = {"一", "二", "三", "四", "五", "六", NULL};
	static const char *const words[] = {"总体情况", "主动公开", "收到和处理",
	                                    "依申请", "行政复议", "存在的主要问题",
	                                    "其他需要报告", NULL};
	while (*text == ' ')
		text++;
	bool numbered = false;
	for (size_t i = 0; numbers[i]; i++)
		if (S_starts_with(text, numbers[i])
		    && (S_starts_with(text + 3, "、") || S_starts_with(text + 3, "．")
		        || S_starts_with(text + 3, ".")))
			numbered = true;
	if (!numbered || S_codepoints(text) > 60)
		return false;
	for (size_t i = 0; words[i]; i++)
		if (strstr(text, words[i]))
			return true;
	return false;
}

static bool S_title_like(const line_rec *line)
{
	return !line->linked && S_codepoints(line->text) <= 80
	       && (strstr(line->text, "年度报告") || strstr(line->text, "年报"));
}

/* The smallest element holding every heading and template table:
 * [*lo, *hi) of element indices; the whole page when fewer than two. */
static void S_article(const reader *r, size_t *lo, size_t *hi)
{
	size_t first = (size_t)-1, last = 0, found = 0;
	for (size_t i = 0; i < r->n_lines; i++)
		if (S_heading(r->lines[i].text)) {
			size_t e = r->lines[i].enter;
			first = e < first ? e : first;
			last = e > last ? e : last;
			found++;
		}
	for (size_t g = 0; g < r->n_grids; g++)
		if (r->grids[g].template_like) {
			size_t e = r->grids[g].enter;
			first = e < first ? e : first;
			last = e > last ? e : last;
			found++;
		}
	*lo = 0;
	*hi = (size_t)-1;
	if (found < 2)
		return;
	for (size_t m = 0; m < r->n_marks && m <= first; m++)
		if (r->marks[m].exit > last && m >= *lo) {
			*lo = r->marks[m].enter;
			*hi = r->marks[m].exit;
		}
}

/* <title> of the page without the site's name: the piece around the
 * separators that names the report, else the first. */
static char *S_page_title(reader *r, xmlNode *root)
{
	xmlNode *head = NULL;
	for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && S_name_is(c, "head"))
			head = c;
	xmlNode *title = NULL;
	for (xmlNode *c = head ? head->children : NULL; c && !title; c = c->next)
		if (c->type == XML_ELEMENT_NODE && S_name_is(c, "title"))
			title = c;
	if (!title)
		return NULL;
	xmlChar *content = r->xml->NodeGetContent(title);
	if (!content)
		return NULL;
	nb_buf buf = {0};
	int space = 0;
	S_append(&buf, &space, content);
	nb_libxml_free(r->xml, content);
	if (!buf.len) {
		nb_buf_free(&buf);
		return NULL;
	}
	static const char *const seps[] = {" - ", "_", " | ", "|", "－", "——",
	                                   " — ", " – ", "--", NULL};
	char *text = buf.data, *best = NULL;
	for (;;) {
		char *cut = NULL;
		size_t cut_len = 0;
		for (size_t i = 0; seps[i]; i++) {
			char *hit = strstr(text, seps[i]);
			if (hit && (!cut || hit < cut)) {
				cut = hit;
				cut_len = strlen(seps[i]);
			}
		}
		if (cut)
			*cut = '\0';
		if (!best && (strstr(text, "年度报告") || strstr(text, "年报")))
			best = text;
		if (!cut)
			break;
		text = cut + cut_len;
	}
	char *out = nb_arena_strdup(r->arena, best ? best : buf.data);
	nb_buf_free(&buf);
	return out;
}

/* ---- the document ---- */

static void S_line(nb_doc *doc, const char *text)
{
	nb_line *line = &doc->lines[doc->n_lines];
	line->page = 0;
	line->y0 = (double)doc->n_lines;
	line->y1 = (double)doc->n_lines + 1;
	line->cells = nb_arena_alloc(doc->arena, sizeof *line->cells);
	line->cells[0] = (nb_cell){.text = text, .raw = text, .x0 = 0,
	                           .x1 = (double)S_codepoints(text),
	                           .y0 = line->y0, .y1 = line->y1};
	line->n_cells = 1;
	/* every block is a paragraph of its own */
	line->indented = true;
	doc->n_lines++;
}

static void S_add_note(nb_doc *doc, const char ***list, size_t *n,
                       const char *text)
{
	const char **grown = nb_arena_alloc(doc->arena, (*n + 1) * sizeof *grown);
	if (*n)
		memcpy(grown, *list, *n * sizeof *grown);
	grown[(*n)++] = nb_arena_strdup(doc->arena, text);
	*list = grown;
}

static nb_doc *S_assemble(reader *r, const char *page_title,
                          const char *encoding)
{
	size_t lo, hi;
	S_article(r, &lo, &hi);
	nb_doc *doc = nb_arena_alloc(r->arena, sizeof *doc);
	doc->arena = r->arena;
	doc->kind = NB_SOURCE_HTML;
	doc->units = NB_UNITS_FIELDS;
	doc->encoding = encoding;
	doc->lines = nb_arena_alloc(r->arena, (r->n_lines + 2) * sizeof *doc->lines);
	/* kept[i]: lines of the article before line i */
	size_t *kept = nb_xcalloc(r->n_lines + 1, sizeof *kept);
	size_t first_kept = r->n_lines, n_kept = 0;
	bool titled = false;
	for (size_t i = 0; i < r->n_lines; i++) {
		kept[i] = n_kept;
		const line_rec *line = &r->lines[i];
		if (line->enter < lo || line->enter >= hi)
			continue;
		if (first_kept == r->n_lines)
			first_kept = i;
		if (n_kept < 8 && S_title_like(line))
			titled = true;
		n_kept++;
	}
	kept[r->n_lines] = n_kept;
	const char *title = NULL;
	if (!titled) {
		for (size_t i = 0; i < first_kept && i < r->n_lines; i++)
			if (S_title_like(&r->lines[i]))
				title = r->lines[i].text;
		if (!title)
			title = page_title;
	}
	size_t offset = title ? 1 : 0;
	if (title)
		S_line(doc, title);
	for (size_t i = 0; i < r->n_lines; i++)
		if (r->lines[i].enter >= lo && r->lines[i].enter < hi)
			S_line(doc, r->lines[i].text);
	doc->grids = nb_arena_alloc(r->arena, (r->n_grids + 1) * sizeof *doc->grids);
	for (size_t g = 0; g < r->n_grids; g++) {
		if (r->grids[g].enter < lo || r->grids[g].enter >= hi)
			continue;
		nb_grid *grid = &doc->grids[doc->n_grids++];
		*grid = r->grids[g].grid;
		grid->at_line = kept[r->grids[g].at] + offset;
	}
	doc->images = nb_arena_alloc(r->arena, (r->n_images + 1) * sizeof *doc->images);
	for (size_t i = 0; i < r->n_images; i++)
		if (r->images[i].enter >= lo && r->images[i].enter < hi)
			doc->images[doc->n_images++] = kept[r->images[i].at] + offset;
	free(kept);
	for (size_t i = 0; i < r->n_messages; i++) {
		char note[256];
		const message *m = &r->messages[i];
		if (m->count > 1)
			snprintf(note, sizeof note, "HTML parser: %s (line %d; %zu times)",
			         m->text, m->line, m->count);
		else
			snprintf(note, sizeof note, "HTML parser: %s (line %d)", m->text,
			         m->line);
		S_add_note(doc, &doc->warnings, &doc->n_warnings, note);
	}
	if (r->dropped) {
		char note[96];
		snprintf(note, sizeof note, "%zu further kinds of HTML parser messages "
		         "not shown", r->dropped);
		S_add_note(doc, &doc->warnings, &doc->n_warnings, note);
	}
	if (r->fatal)
		S_add_note(doc, &doc->losses, &doc->n_losses, r->fatal_text);
	if (r->too_deep) {
		char note[128];
		snprintf(note, sizeof note, "elements nested deeper than %d levels "
		         "were not read", MAX_DEPTH);
		S_add_note(doc, &doc->losses, &doc->n_losses, note);
	}
	return doc;
}

static void S_reader_free(reader *r)
{
	free(r->lines);
	free(r->grids);
	free(r->images);
	free(r->marks);
	nb_buf_free(&r->buf);
}

static xmlNode *S_body(xmlNode *root)
{
	for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && S_name_is(c, "body"))
			return c;
	return root;
}

nb_status nb_extract_html(const unsigned char *data, size_t len,
                          const char *charset, const nb_limits *limits,
                          nb_doc **out, nb_error *err)
{
	*out = NULL;
	size_t max = nb_limits_input_bytes(limits);
	if (len > max || len > HTML_MAX_BYTES)
		return nb_error_set(err, NB_ERR_LIMIT, 0,
		                    "HTML input is %zu bytes, over the limit of %zu "
		                    "for a page (a report's page is under 2 MB)",
		                    len, max < HTML_MAX_BYTES ? max : HTML_MAX_BYTES);
	if (len == 0)
		return nb_error_set(err, NB_ERR_EMPTY, 0, "empty input");
	const char *encoding = NULL;
	size_t text_len = 0;
	char *text = S_to_utf8(data, len, charset, &text_len, &encoding);
	if (!text)
		return nb_error_set(err, NB_ERR_NOT_UTF8, 0,
		                    "a page in no encoding nianbao reads (neither "
		                    "its declared charset, UTF-8 nor GB18030)");
	nb_libxml xml;
	nb_status status = nb_libxml_open(&xml, err);
	if (status != NB_OK) {
		free(text);
		return status;
	}
	reader r = {0};
	r.xml = &xml;
	r.arena = nb_arena_new();
	xml.SetStructuredErrorFunc(&r, S_on_error);
	xml.SetGenericErrorFunc(&r, S_on_generic);
	htmlDocPtr html = xml.htmlReadMemory(text, (int)text_len, NULL, "UTF-8",
	                                     HTML_PARSE_RECOVER | HTML_PARSE_NONET
	                                             | HTML_PARSE_COMPACT);
	free(text);
	xmlNode *root = html ? xml.DocGetRootElement(html) : NULL;
	if (root)
		S_walk(&r, S_body(root));
	char *page_title = root ? S_page_title(&r, root) : NULL;
	xml.SetStructuredErrorFunc(NULL, NULL);
	xml.SetGenericErrorFunc(NULL, NULL);
	if (html)
		xml.FreeDoc(html);
	nb_libxml_close(&xml);
	if (r.n_lines > NB_TEXT_MAX_LINES || r.cells > NB_TEXT_MAX_CELLS) {
		S_reader_free(&r);
		nb_arena_free(r.arena);
		return nb_error_set(err, NB_ERR_LIMIT, 0,
		                    "the page has over %d blocks or table cells",
		                    NB_TEXT_MAX_LINES);
	}
	if (!r.n_lines && !r.n_grids && !page_title) {
		S_reader_free(&r);
		nb_arena_free(r.arena);
		return nb_error_set(err, NB_ERR_EMPTY, 0, "a page with no text");
	}
	*out = S_assemble(&r, page_title, encoding);
	S_reader_free(&r);
	return NB_OK;
}
