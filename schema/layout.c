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
 *
 * The title gives agency and year in any of the shapes reports print:
 * XX局2020年…, XX局关于2020年度…的年度报告, 2019年XX局… (year first), a year
 * in Chinese numerals (二〇二三年度), the agency on the line above or below, a
 * title broken over two lines, after a cover page with a publication date.
 * The signature after the last section (the agency and a date line) is no
 * part of that section's text.
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

/* `text` without one comma, full stop or semicolon at its end. */
static const char *S_without_end_mark(sc_ctx *ctx, const char *text)
{
	static const char *const marks[] = {"，", "。", "；", ",", ".", ";"};
	size_t len = strlen(text);
	for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
		size_t m = strlen(marks[k]);
		if (len >= m && !memcmp(text + len - m, marks[k], m))
			return nb_arena_strndup(ctx->arena, text, len - m);
	}
	return text;
}

/* OCR'd `text` that starts with at most two stray marks before a numeral
 * and 、 (枚3三、收到…): what follows the 、, else NULL. */
static const char *S_after_specks(sc_ctx *ctx, const char *text)
{
	const pcre2_code *numeral = ctx->schema->named[PAT_HEADING_NUMERAL];
	const char *p = text;
	for (int skipped = 1; skipped <= 2 && *p; skipped++) {
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
		if (nb_schema_exec(ctx->schema, numeral, p, ctx->md) < 0)
			continue;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ctx->md);
		if (ov[1] >= 3 && !memcmp(p + ov[1] - 3, "、", 3))
			return p + ov[1];
	}
	return NULL;
}

/* Which section heading line i is (SEC_*), or -1; only sections after
 * `after` are considered. */
static int S_heading(sc_ctx *ctx, size_t i, int after)
{
	const sc_line *line = &ctx->lines[i];
	if (line->n_cells == 0 || line->first_value < line->n_cells)
		return -1;
	const char *text = line->text;
	if (nb_sc_longer_than(text, 40))
		return -1;
	const pcre2_code *numeral = ctx->schema->named[PAT_HEADING_NUMERAL];
	const char *rest;
	bool punctuated;
	if (nb_schema_exec(ctx->schema, numeral, text, ctx->md) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ctx->md);
		rest = text + ov[1];
		punctuated = (ov[1] >= 3 && !memcmp(text + ov[1] - 3, "、", 3))
		             || (ov[1] >= 1 && strchr(".,:", text[ov[1] - 1]));
	} else if (ctx->doc->n_ocr_pages > 0 && !strncmp(text, "、", 3)) {
		/* OCR takes the strokes of 二 and 三 for rules now and then:
		 * a heading left with its 、 only */
		rest = text + 3;
		punctuated = true;
	} else if (ctx->doc->n_ocr_pages > 0
	           && (rest = S_after_specks(ctx, text)) != NULL) {
		/* specks before a heading read as one or two marks: 枚3三、… */
		punctuated = true;
	} else {
		return -1;
	}
	/* OCR reads a speck after a heading as a comma or a full stop */
	if (ctx->doc->n_ocr_pages > 0)
		rest = S_without_end_mark(ctx, rest);
	/* a heading is no sentence: no commas or full stops, and without 、
	 * after its numeral it is short */
	if (strpbrk(rest, ",;") || strstr(rest, "。") || strstr(rest, "，"))
		return -1;
	if (!punctuated && nb_sc_longer_than(text, 24))
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

/* The value of the Chinese numeral at p (〇/零/○ 0, 一 … 九), its length in
 * *len; -1 when p holds none. */
static int S_cjk_digit(const char *p, size_t *len)
{
	static const char *const digits[] = {"〇", "一", "二", "三", "四",
	                                     "五", "六", "七", "八", "九"};
	for (int d = 0; d < 10; d++)
		if (!strncmp(p, digits[d], 3)) {
			*len = 3;
			return d;
		}
	if (!strncmp(p, "零", 3) || !strncmp(p, "○", 3)) {
		*len = 3;
		return 0;
	}
	return -1;
}

/* A year of 1900-2099 at p, as four ASCII digits (not inside a longer
 * number) or four Chinese numerals: its value, and the end of its digits
 * in *end; 0 when there is none. */
static int S_year_digits(const char *text, const char *p, const char **end)
{
	int value = 0;
	if (*p >= '0' && *p <= '9') {
		if (p > text && p[-1] >= '0' && p[-1] <= '9')
			return 0;
		for (int k = 0; k < 4; k++, p++) {
			if (*p < '0' || *p > '9')
				return 0;
			value = value * 10 + (*p - '0');
		}
		if (*p >= '0' && *p <= '9')
			return 0;
	} else {
		for (int k = 0; k < 4; k++) {
			size_t len = 0;
			int digit = S_cjk_digit(p, &len);
			if (digit < 0)
				return 0;
			value = value * 10 + digit;
			p += len;
		}
	}
	if (value < 1900 || value > 2099)
		return 0;
	*end = p;
	return value;
}

/* The first year of `text` printed as a year (digits, then 年): its value;
 * where its digits start in *start and where the text after 年 (and 度)
 * starts in *after.  0 when there is none. */
static int S_find_year(const char *text, const char **start, const char **after)
{
	for (const char *p = text; *p; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80)
			continue;
		const char *end = NULL;
		int year = S_year_digits(text, p, &end);
		if (!year)
			continue;
		while (*end == ' ')
			end++;
		if (strncmp(end, "年", 3))
			continue;
		end += 3;
		if (!strncmp(end, "度", 3))
			end += 3;
		*start = p;
		*after = end;
		return year;
	}
	return 0;
}

/* A day or month number at p: one or two ASCII digits, or Chinese numerals
 * up to 三十一 (一, 十, 十二, 二十, 二十八 …).  The end, or NULL. */
static const char *S_small_number(const char *p)
{
	if (*p >= '0' && *p <= '9')
		return p[1] >= '0' && p[1] <= '9' ? p + 2 : p + 1;
	const char *q = p;
	size_t len = 0;
	int digit = S_cjk_digit(q, &len);
	if (digit > 0 && digit <= 3 && !strncmp(q + len, "十", 3))
		q += len; /* 二十… */
	else if (digit > 0)
		return q + len;
	if (strncmp(q, "十", 3))
		return NULL;
	q += 3;
	if (S_cjk_digit(q, &len) > 0)
		q += len;
	return q;
}

/* A whole (squeezed) text that is a date: 2020年2月8日, 2024年1月,
 * 二〇二一年一月二十日, 2023-01-16. */
static bool S_date_text(const char *text)
{
	const char *start = NULL, *after = NULL;
	if (S_find_year(text, &start, &after) && start == text) {
		/* S_find_year took a 度 that no date has */
		if (after - text >= 3 && !strncmp(after - 3, "度", 3))
			return false;
		const char *p = S_small_number(after);
		if (!p || strncmp(p, "月", 3))
			return false;
		p += 3;
		if (!*p)
			return true;
		p = S_small_number(p);
		return p && !strcmp(p, "日");
	}
	/* 2023-01-16, 2023.1.16, 2023/01/16 */
	const char *end = NULL;
	if (!S_year_digits(text, text, &end))
		return false;
	char sep = *end;
	if (sep != '-' && sep != '.' && sep != '/')
		return false;
	const char *p = S_small_number(end + 1);
	if (!p || *p != sep || !(p[1] >= '0' && p[1] <= '9'))
		return false;
	p = S_small_number(p + 1);
	return p && !*p;
}

/* A line that dates the report rather than naming it: a date, or a
 * 发布日期/成文日期 line. */
static bool S_date_line(const char *text)
{
	return text
	       && (S_date_text(text) || strstr(text, "发布日期")
	           || strstr(text, "发布时间") || strstr(text, "成文日期"));
}

/* Where the title's own words start in `text` (政府信息公开, 政务公开,
 * 信息公开), or the end of the text. */
static const char *S_title_words(const char *text)
{
	static const char *const words[] = {"政府信息公开", "政务公开",
	                                    "信息公开", NULL};
	const char *first = text + strlen(text);
	for (size_t w = 0; words[w]; w++) {
		const char *hit = strstr(text, words[w]);
		if (hit && hit < first)
			first = hit;
	}
	return first;
}

/* An agency name as printed: without a trailing 关于/的 and brackets. */
static const char *S_agency_clean(sc_ctx *ctx, const char *text, size_t len)
{
	static const char *const tails[] = {"关于", "的", "《", "“", "（", "(", NULL};
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

/* Year and agency from a title text (PROSE form without spaces): the
 * agency is what comes before the year (XX局2020年…, XX局关于2020年度…),
 * or, with the year first, what comes between the year and the title's
 * own words (2019年XX局政府信息公开…).  False when there is no year. */
static bool S_title_parse(sc_ctx *ctx, const char *title, int *year,
                          const char **agency)
{
	const char *start = NULL, *after = NULL;
	int value = S_find_year(title, &start, &after);
	if (!value)
		return false;
	*year = value;
	const char *words = S_title_words(title);
	const char *end = words < start ? words : start;
	*agency = S_agency_clean(ctx, title, (size_t)(end - title));
	if (!*agency && words > after)
		*agency = S_agency_clean(ctx, after, (size_t)(words - after));
	return true;
}

/* The squeezed PROSE text of doc line i. */
static char *S_title_text(sc_ctx *ctx, size_t i)
{
	return S_squeeze(ctx, S_doc_line_text(ctx, nb_sc_doc_line(ctx, i)));
}

static bool S_is_title(sc_ctx *ctx, const char *text)
{
	return !nb_sc_longer_than(text, 60) && !strstr(text, "。")
	       && nb_sc_match(ctx, PAT_TITLE, text);
}

static bool S_has_year(const char *text)
{
	const char *start = NULL, *after = NULL;
	return S_find_year(text, &start, &after) != 0;
}

/* A line that can be the agency: short, no sentence, no year or date. */
static bool S_agency_like(sc_ctx *ctx, const char *text)
{
	return text && !nb_sc_longer_than(text, 40) && !strstr(text, "。")
	       && !strchr(text, ':') && !strstr(text, "：")
	       && !nb_sc_match(ctx, PAT_TITLE_YEAR, text)
	       && !S_date_line(text) && !S_has_year(text);
}

/* An agency-like line that ends the way a body's name ends (局, 政府 …). */
static bool S_names_body(sc_ctx *ctx, const char *text)
{
	return S_agency_like(ctx, text)
	       && nb_sc_match(ctx, PAT_AGENCY, text);
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
	/* the last two non-blank lines before the title, dates skipped (a
	 * cover page's 2024年1月 or 发布日期 line) */
	const char *previous = NULL, *earlier = NULL;
	for (size_t i = 0; i < limit; i++) {
		if (nb_sc_doc_line(ctx, i)->n_cells == 0)
			continue;
		char *title = NULL;
		size_t last = i;
		if (!S_title_at(ctx, i, limit, &title, &last)) {
			const char *text = S_title_text(ctx, i);
			if (!S_date_line(text)) {
				earlier = previous;
				previous = text;
			}
			continue;
		}
		layout->has_title = true;
		const char *agency = NULL;
		int year = 0;
		if (S_title_parse(ctx, title, &year, &agency))
			layout->year = year;
		if (!S_agency_like(ctx, agency))
			agency = NULL;
		/* the agency on the line above the title, unless the line above
		 * that names another body too (a cover naming two bodies: no
		 * agency rather than the wrong one); else the line below */
		if (!agency && S_agency_like(ctx, previous)) {
			bool two = S_names_body(ctx, previous) && S_names_body(ctx, earlier)
			           && strcmp(previous, earlier) != 0;
			layout->agency = two ? NULL : previous;
			return;
		}
		size_t below = S_next_nonblank(ctx, last, limit);
		if (!agency && below < limit) {
			const char *text = S_title_text(ctx, below);
			if (S_names_body(ctx, text))
				agency = text;
		}
		layout->agency = agency;
		return;
	}
}

/* Does squeezed `text` end with a date, after an agency name or nothing
 * (青川市人民政府2020年2月8日, 2020年2月8日)? */
static bool S_signature_date(sc_ctx *ctx, const char *text)
{
	if (S_date_text(text))
		return true;
	for (const char *p = text; *p; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80)
			continue;
		const char *end = NULL;
		if (p > text && S_year_digits(text, p, &end) && S_date_text(p)) {
			const char *name = nb_arena_strndup(ctx->arena, text,
			                                    (size_t)(p - text));
			return S_names_body(ctx, name);
		}
	}
	return false;
}

/* End the last section's body before the signature that closes a report:
 * a date line, with the agency's name on the line above it or on the
 * same line. */
static void S_drop_signature(sc_ctx *ctx, sc_layout *layout)
{
	int k = SEC_OTHER;
	while (k >= SEC_PROBLEMS && layout->heading[k] < 0)
		k--;
	if (k < SEC_PROBLEMS || layout->body_end[k] != ctx->n_lines)
		return;
	size_t start = layout->body_start[k], end = layout->body_end[k];
	while (end > start && nb_sc_doc_line(ctx, end - 1)->n_cells == 0)
		end--;
	if (end == start || !S_signature_date(ctx, S_title_text(ctx, end - 1)))
		return;
	end--;
	size_t above = end;
	while (above > start && nb_sc_doc_line(ctx, above - 1)->n_cells == 0)
		above--;
	if (above > start && S_names_body(ctx, S_title_text(ctx, above - 1)))
		end = above - 1;
	layout->body_end[k] = end;
}

void nb_sc_layout_find(sc_ctx *ctx, sc_layout *layout)
{
	memset(layout, 0, sizeof *layout);
	for (int k = 0; k < SEC_COUNT; k++)
		layout->heading[k] = -1;
	S_find_headings(ctx, layout);
	S_find_title(ctx, layout);
	S_drop_signature(ctx, layout);
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
	return S_item(ctx, text) && !nb_sc_longer_than(text, 30)
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
	return !nb_sc_longer_than(text, 50) && !S_closed(ctx, text)
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
			    && !nb_sc_longer_than(text, 30)
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
