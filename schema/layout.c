/*
 * layout.c — the parts of a report that are not tables: the title lines
 * (agency and year), the six section headings, and the free text of 一, 五
 * and 六.
 *
 * Headings are found in order: a line is the heading of section k only if
 * it starts with a Chinese numeral (一、 or 一 without 、), is short, holds
 * no numbers, names section k's subject (templates.c) and comes after the
 * heading of every earlier section found.  This keeps the rows of the 三
 * table that look like headings (三、本年度办理结果, 四、结转下年度继续办理)
 * from being taken for sections, and it reads pre-2019 reports whose
 * numbering differs.
 */
#include <string.h>

#include "schema_internal.h"

static bool S_is_ascii_word(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
	       || (c >= 'a' && c <= 'z');
}

/* The PROSE text of a doc line: cells joined, with a space only between
 * two ASCII words. */
static char *S_doc_line_text(sc_ctx *ctx, const nb_line *line)
{
	size_t total = 1;
	for (size_t i = 0; i < line->n_cells; i++)
		total += strlen(line->cells[i].text) + 1;
	char *text = nb_arena_alloc(ctx->arena, total);
	size_t n = 0;
	for (size_t i = 0; i < line->n_cells; i++) {
		const char *cell = line->cells[i].text;
		size_t len = strlen(cell);
		if (len == 0)
			continue;
		if (n > 0 && S_is_ascii_word(text[n - 1]) && S_is_ascii_word(cell[0]))
			text[n++] = ' ';
		memcpy(text + n, cell, len);
		n += len;
	}
	text[n] = '\0';
	return text;
}

/* Which section heading line i is (SEC_*), or -1; only sections after
 * `after` are considered. */
static int S_heading(sc_ctx *ctx, size_t i, int after)
{
	const sc_line *line = &ctx->lines[i];
	if (line->n_cells == 0 || line->first_value < line->n_cells)
		return -1;
	const char *text = line->text;
	if (nb_sc_codepoints(text, strlen(text)) > 40)
		return -1;
	const pcre2_code *numeral = ctx->schema->named[PAT_HEADING_NUMERAL];
	if (nb_schema_exec(ctx->schema, numeral, text, ctx->md) < 0)
		return -1;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ctx->md);
	const char *rest = text + ov[1];
	/* a heading is no sentence: no commas or full stops, and without 、
	 * after its numeral it is short */
	if (strpbrk(rest, ",;") || strstr(rest, "。") || strstr(rest, "，"))
		return -1;
	bool punctuated = (ov[1] >= 3 && !memcmp(text + ov[1] - 3, "、", 3))
	                  || (ov[1] >= 1 && strchr(".,:", text[ov[1] - 1]));
	if (!punctuated && nb_sc_codepoints(text, strlen(text)) > 24)
		return -1;
	for (int k = after + 1; k < SEC_COUNT; k++)
		if (nb_sc_match(ctx, PAT_HEADING_1 + k, rest))
			return k;
	return -1;
}

static void S_find_headings(sc_ctx *ctx, sc_layout *layout)
{
	int current = -1;
	for (size_t i = 0; i < ctx->n_lines; i++) {
		int k = S_heading(ctx, i, current);
		if (k < 0)
			continue;
		layout->heading[k] = (long)i;
		current = k;
	}
	for (int k = 0; k < SEC_COUNT; k++) {
		if (layout->heading[k] < 0) {
			layout->body_start[k] = layout->body_end[k] = 0;
			continue;
		}
		size_t end = ctx->n_lines;
		for (int next = k + 1; next < SEC_COUNT; next++)
			if (layout->heading[next] >= 0) {
				end = (size_t)layout->heading[next];
				break;
			}
		layout->body_start[k] = (size_t)layout->heading[k] + 1;
		layout->body_end[k] = end;
	}
}

/* Remove every white space character (the title is CJK). */
static char *S_squeeze(sc_ctx *ctx, const char *text)
{
	size_t len = strlen(text), n = 0;
	char *out = nb_arena_alloc(ctx->arena, len + 1);
	for (size_t i = 0; i < len; i++)
		if (text[i] != ' ' && text[i] != '\t')
			out[n++] = text[i];
	out[n] = '\0';
	return out;
}

/* An agency name as printed: without a trailing 关于/的 and brackets. */
static const char *S_agency_clean(sc_ctx *ctx, const char *text, size_t len)
{
	static const char *const tails[] = {"关于", "的", "《", "“", NULL};
	for (bool again = true; again;) {
		again = false;
		for (size_t t = 0; tails[t]; t++) {
			size_t tl = strlen(tails[t]);
			if (len >= tl && !memcmp(text + len - tl, tails[t], tl)) {
				len -= tl;
				again = true;
			}
		}
	}
	if (len == 0)
		return NULL;
	return nb_arena_strndup(ctx->arena, text, len);
}

/* Year and agency from a title text (PROSE form without spaces). */
static bool S_title_parse(sc_ctx *ctx, const char *title, int *year,
                          const char **agency)
{
	const pcre2_code *re = ctx->schema->named[PAT_TITLE_YEAR];
	if (nb_schema_exec(ctx->schema, re, title, ctx->md) < 0)
		return false;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ctx->md);
	int value = 0;
	for (PCRE2_SIZE p = ov[4]; p < ov[5]; p++)
		value = value * 10 + (title[p] - '0');
	*year = value;
	*agency = S_agency_clean(ctx, title, ov[3] - ov[2]);
	return true;
}

/* The squeezed PROSE text of doc line i. */
static char *S_title_text(sc_ctx *ctx, size_t i)
{
	return S_squeeze(ctx, S_doc_line_text(ctx, nb_sc_doc_line(ctx, i)));
}

static bool S_is_title(sc_ctx *ctx, const char *text)
{
	return nb_sc_codepoints(text, strlen(text)) <= 60 && !strstr(text, "。")
	       && nb_sc_match(ctx, PAT_TITLE, text);
}

/* A line that can be the agency: short, no sentence, no year title. */
static bool S_agency_like(sc_ctx *ctx, const char *text)
{
	return text && nb_sc_codepoints(text, strlen(text)) <= 40 && !strstr(text, "。")
	       && !strchr(text, ':') && !strstr(text, "：")
	       && !nb_sc_match(ctx, PAT_TITLE_YEAR, text);
}

static size_t S_next_nonblank(const sc_ctx *ctx, size_t i, size_t limit)
{
	size_t next = i + 1;
	while (next < limit && nb_sc_doc_line(ctx, next)->n_cells == 0)
		next++;
	return next;
}

/* Title line i (with the next line when the title is broken over two):
 * its text in *title, the index of its last line in *last. */
static bool S_title_at(sc_ctx *ctx, size_t i, size_t limit, char **title,
                       size_t *last)
{
	char *text = S_title_text(ctx, i);
	*title = text;
	*last = i;
	if (S_is_title(ctx, text))
		return true;
	size_t next = S_next_nonblank(ctx, i, limit);
	if (next >= limit)
		return false;
	char *second = S_title_text(ctx, next);
	size_t a = strlen(text), b = strlen(second);
	char *joined = nb_arena_alloc(ctx->arena, a + b + 1);
	memcpy(joined, text, a);
	memcpy(joined + a, second, b + 1);
	if (!S_is_title(ctx, joined) || S_is_title(ctx, second))
		return false;
	*title = joined;
	*last = next;
	return true;
}

static void S_find_title(sc_ctx *ctx, sc_layout *layout)
{
	size_t limit = ctx->n_lines;
	for (int k = 0; k < SEC_COUNT; k++)
		if (layout->heading[k] >= 0) {
			limit = (size_t)layout->heading[k];
			break;
		}
	if (limit > 40)
		limit = 40;
	const char *previous = NULL; /* last non-blank line before the title */
	for (size_t i = 0; i < limit; i++) {
		if (nb_sc_doc_line(ctx, i)->n_cells == 0)
			continue;
		char *title = NULL;
		size_t last = i;
		if (!S_title_at(ctx, i, limit, &title, &last)) {
			previous = S_title_text(ctx, i);
			continue;
		}
		layout->has_title = true;
		const char *agency = NULL;
		int year = 0;
		if (S_title_parse(ctx, title, &year, &agency))
			layout->year = year;
		if (!S_agency_like(ctx, agency))
			agency = NULL;
		/* the agency on the line above the title, else the line below */
		if (!agency && S_agency_like(ctx, previous))
			agency = previous;
		size_t below = S_next_nonblank(ctx, last, limit);
		if (!agency && below < limit) {
			const char *text = S_title_text(ctx, below);
			if (S_agency_like(ctx, text)
			    && nb_sc_match(ctx, PAT_AGENCY, text))
				agency = text;
		}
		layout->agency = agency;
		return;
	}
}

void nb_sc_layout_find(sc_ctx *ctx, sc_layout *layout)
{
	memset(layout, 0, sizeof *layout);
	for (int k = 0; k < SEC_COUNT; k++)
		layout->heading[k] = -1;
	S_find_headings(ctx, layout);
	S_find_title(ctx, layout);
}

/* ---- free text ---- */

static bool S_closed(sc_ctx *ctx, const char *text)
{
	return nb_sc_match(ctx, PAT_CLOSED, text);
}

static bool S_item(sc_ctx *ctx, const char *text)
{
	return nb_sc_match(ctx, PAT_ITEM, text);
}

typedef struct prose_buf {
	char *data;
	size_t len, cap;
} prose_buf;

static void S_append(sc_ctx *ctx, prose_buf *buf, const char *text)
{
	size_t len = strlen(text);
	if (buf->len + len + 1 > buf->cap) {
		size_t cap = (buf->len + len + 1) * 2;
		char *data = nb_arena_alloc(ctx->arena, cap);
		if (buf->len)
			memcpy(data, buf->data, buf->len);
		buf->data = data;
		buf->cap = cap;
	}
	memcpy(buf->data + buf->len, text, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
}

/* A numbered subheading on a line of its own: （一）主动公开情况 */
static bool S_subheading(sc_ctx *ctx, const char *text)
{
	return S_item(ctx, text) && nb_sc_codepoints(text, strlen(text)) <= 30
	       && !strstr(text, "。") && !strstr(text, "，") && !strchr(text, ',');
}

/* Should line `next` continue the paragraph that ends with `prev`? */
static bool S_continues(sc_ctx *ctx, const char *prev, const nb_line *prev_line,
                        const char *next, const nb_line *next_line,
                        bool blank_between)
{
	if (S_item(ctx, next))
		return false;
	bool closed = S_closed(ctx, prev);
	/* the blank that a page break leaves is no paragraph break */
	if (next_line->page != prev_line->page)
		blank_between = false;
	if (!blank_between) {
		/* positioned text: a full-width line continues unless the next
		 * line is indented as a new paragraph (normalize/grid.c) */
		if (next_line->indented)
			return false;
		if (prev_line->full_width)
			return true;
	}
	if (S_subheading(ctx, prev))
		return false;
	return !closed;
}

/* A running header left inside the text: the report's title repeated at
 * the top of a page (normalize removes those it sees on most pages). */
static bool S_running_header(sc_ctx *ctx, const char *text)
{
	return nb_sc_codepoints(text, strlen(text)) <= 50 && !S_closed(ctx, text)
	       && nb_sc_match(ctx, PAT_TITLE, text)
	       && nb_sc_match(ctx, PAT_TITLE_YEAR, text);
}

/* Cut "<agency>[year]政府信息公开工作年度报告" out of a line: a running header
 * that a page break joined into the middle of a paragraph. */
static char *S_cut_running_header(sc_ctx *ctx, char *text, const char *agency)
{
	if (!agency || !*agency)
		return text;
	size_t agency_len = strlen(agency);
	const pcre2_code *tail = ctx->schema->named[PAT_RUNNING_TAIL];
	for (char *hit = strstr(text, agency); hit; hit = strstr(hit + 1, agency)) {
		const char *rest = hit + agency_len;
		if (nb_schema_exec(ctx->schema, tail, rest, ctx->md) < 0)
			continue;
		size_t cut = agency_len + pcre2_get_ovector_pointer(ctx->md)[1];
		memmove(hit, hit + cut, strlen(hit + cut) + 1);
		break;
	}
	return text;
}

char *nb_sc_prose(sc_ctx *ctx, size_t start, size_t end, const char *agency)
{
	prose_buf buf = {0};
	const char *prev = NULL;
	const nb_line *prev_line = NULL;
	bool blank_between = false;
	for (size_t i = start; i < end; i++) {
		const nb_line *line = nb_sc_doc_line(ctx, i);
		if (line->n_cells == 0) {
			blank_between = true;
			continue;
		}
		char *text = S_doc_line_text(ctx, line);
		if (!*text || S_running_header(ctx, text))
			continue;
		text = S_cut_running_header(ctx, text, agency);
		if (!*text)
			continue;
		if (prev)
			S_append(ctx, &buf,
			         S_continues(ctx, prev, prev_line, text, line,
			                     blank_between)
			                 ? ""
			                 : "\n");
		S_append(ctx, &buf, text);
		prev = text;
		prev_line = line;
		blank_between = false;
	}
	return buf.len ? buf.data : NULL;
}

/* ---- compilations ---- */

/* The line where the report whose 一 heading is line `heading` begins:
 * the nearest title line above it (within a few lines), with the line
 * above that when it is a short line of its own (a title over two lines:
 * the agency, then 20XX年政府信息公开工作年度报告); the heading itself when
 * there is no title. */
static size_t S_title_above(sc_ctx *ctx, size_t heading, size_t floor)
{
	size_t seen = 0;
	for (size_t i = heading; i > floor && seen < 6; i--) {
		const sc_line *line = &ctx->lines[i - 1];
		if (line->n_cells == 0)
			continue;
		seen++;
		if (!S_is_title(ctx, S_title_text(ctx, i - 1)))
			continue;
		size_t start = i - 1;
		if (start > floor) {
			const sc_line *above = &ctx->lines[start - 1];
			const char *text = above->n_cells ? S_title_text(ctx, start - 1)
			                                  : "";
			if (above->n_cells && above->n_values == 0
			    && nb_sc_codepoints(text, strlen(text)) <= 30
			    && !strpbrk(text, "0123456789") && !strstr(text, "。")
			    && S_heading(ctx, start - 1, -1) < 0)
				start--;
		}
		return start;
	}
	return heading;
}

size_t nb_sc_report_starts(sc_ctx *ctx, size_t *starts, size_t max)
{
	size_t headings[64], n = 0;
	int current = -1;
	for (size_t i = 0; i < ctx->n_lines && n < 64; i++) {
		if (current >= SEC_APPLICATIONS || current < 0) {
			if (S_heading(ctx, i, -1) == SEC_OVERVIEW) {
				headings[n++] = i;
				current = SEC_OVERVIEW;
				continue;
			}
		}
		int k = S_heading(ctx, i, current);
		if (k >= 0)
			current = k;
	}
	if (n <= 1 || max == 0) {
		if (max)
			starts[0] = 0;
		return 1;
	}
	size_t count = 0, floor = 0;
	for (size_t h = 0; h < n && count < max; h++) {
		starts[count++] = S_title_above(ctx, headings[h], floor);
		floor = headings[h] + 1;
	}
	return count;
}
