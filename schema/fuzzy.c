/*
 * fuzzy.c — row labels read by OCR, matched to the contract's labels by
 * edit distance.
 *
 * OCR misreads a character of a Chinese label now and then (予以公开 read
 * 于以公开, 稳定 read 穗定), and a label pattern then names no row.  The
 * labels a row can have are a closed set (the template's wording,
 * contract_data.h), so such a label is still told by how few characters
 * it is away from one of them.  Only the Chinese characters count: OCR
 * mangles numbering and brackets most ((一) read 【一》), and they say
 * nothing about the row.  The table walk calls this only for documents
 * read by OCR, only when no pattern matched, and the row it gives gets a
 * label_fuzzy warning naming it (tables.c).
 */
#include <stdlib.h>
#include <string.h>

#include "schema_internal.h"

enum { CORE_MAX = 96 };

static bool S_numeral(uint32_t cp)
{
	static const uint32_t numerals[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB,
	                                    0x4E94, 0x516D, 0x4E03, 0x516B,
	                                    0x4E5D, 0x5341}; /* 一 … 十 */
	for (size_t i = 0; i < sizeof numerals / sizeof numerals[0]; i++)
		if (cp == numerals[i])
			return true;
	return false;
}

/* Numbering around a numeral: （六）, (六), 六、 */
static bool S_numbering(const unsigned char *before, const unsigned char *after)
{
	return (before && (*before == '(' || !strncmp((const char *)before, "\xEF\xBC\x88", 3)))
	       || *after == ')' || !strncmp((const char *)after, "\xEF\xBC\x89", 3)
	       || !strncmp((const char *)after, "\xE3\x80\x81", 3);
}

/* The Chinese characters of `text` (CJK ideographs, numbering such as
 * （六） and 三、 left out), at most CORE_MAX. */
static size_t S_core(const char *text, uint32_t *out)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)text;
	const unsigned char *before = NULL;
	while (*p && n < CORE_MAX) {
		uint32_t cp;
		size_t len;
		if (*p < 0x80) {
			cp = *p;
			len = 1;
		} else if ((*p & 0xE0) == 0xC0 && p[1]) {
			cp = (uint32_t)(*p & 0x1F) << 6 | (p[1] & 0x3F);
			len = 2;
		} else if ((*p & 0xF0) == 0xE0 && p[1] && p[2]) {
			cp = (uint32_t)(*p & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6
			     | (p[2] & 0x3F);
			len = 3;
		} else if ((*p & 0xF8) == 0xF0 && p[1] && p[2] && p[3]) {
			cp = (uint32_t)(*p & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12
			     | (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
			len = 4;
		} else {
			p++;
			continue;
		}
		bool ideograph = (cp >= 0x4E00 && cp <= 0x9FFF)
		                 || (cp >= 0x3400 && cp <= 0x4DBF);
		if (ideograph && !(S_numeral(cp) && S_numbering(before, p + len)))
			out[n++] = cp;
		/* the character before the next: "(" is one byte, "（" three */
		before = p;
		p += len;
	}
	return n;
}

/* The fewest edits that turn `pattern` into some stretch of `text`
 * (Sellers: a match may start and end anywhere in the text). */
static size_t S_distance(const uint32_t *pattern, size_t m,
                         const uint32_t *text, size_t n)
{
	size_t prev[CORE_MAX + 1], cur[CORE_MAX + 1];
	for (size_t i = 0; i <= m; i++)
		prev[i] = i;
	size_t best = m;
	for (size_t j = 1; j <= n; j++) {
		cur[0] = 0;
		for (size_t i = 1; i <= m; i++) {
			size_t sub = prev[i - 1] + (pattern[i - 1] != text[j - 1]);
			size_t del = prev[i] + 1, ins = cur[i - 1] + 1;
			cur[i] = sub < del ? (sub < ins ? sub : ins)
			                   : (del < ins ? del : ins);
		}
		if (cur[m] < best)
			best = cur[m];
		memcpy(prev, cur, (m + 1) * sizeof *prev);
	}
	return best;
}

/* Is `text` (n characters) a misreading of the label `want` (m)?  Not
 * the same, and apart by a quarter of the label's characters at most, one
 * at least; *score is the distance per label character (lower is
 * nearer). */
static bool S_near(const uint32_t *want, size_t m, const uint32_t *text,
                   size_t n, double *score)
{
	size_t d = S_distance(want, m, text, n);
	size_t allowed = m / 4 ? m / 4 : 1;
	if (d == 0 || d > allowed)
		return false;
	*score = (double)d / (double)m;
	return true;
}

/* The contract's one-line label of row `key` (any table of either
 * template: a key names one row), or NULL. */
static const char *S_contract_label(const char *key)
{
	size_t n_templates = 0;
	const nb_contract_template *tpls = nb_contract_templates(&n_templates);
	for (size_t t = 0; t < n_templates; t++)
		for (size_t k = 0; k < tpls[t].n_tables; k++) {
			const nb_contract_row *row =
				nb_contract_find_row(&tpls[t].tables[k], key);
			if (row)
				return row->short_label;
		}
	return NULL;
}

long nb_sc_fuzzy_row(const tpl_table *tpl, const bool *taken,
                     const char *label)
{
	uint32_t text[CORE_MAX], want[CORE_MAX];
	size_t n = S_core(label, text);
	if (n < 3)
		return -1;
	long best = -1;
	double best_score = 1;
	bool tie = false;
	for (size_t r = 0; r < tpl->n_rows; r++) {
		if (taken[r])
			continue;
		const char *printed = S_contract_label(tpl->rows[r].key);
		size_t m = printed ? S_core(printed, want) : 0;
		if (m < 3)
			continue;
		double score;
		if (!S_near(want, m, text, n, &score))
			continue;
		if (score < best_score) {
			best_score = score;
			best = (long)r;
			tie = false;
		} else if (score == best_score) {
			tie = true;
		}
	}
	return tie ? -1 : best;
}

/* The contract's label of column `key` (any row of either template), or
 * NULL. */
static const char *S_column_label(const char *key)
{
	size_t n_templates = 0;
	const nb_contract_template *tpls = nb_contract_templates(&n_templates);
	for (size_t t = 0; t < n_templates; t++)
		for (size_t k = 0; k < tpls[t].n_tables; k++)
			for (size_t r = 0; r < tpls[t].tables[k].n_rows; r++) {
				const nb_contract_column *col = nb_contract_find_column(
					&tpls[t].tables[k].rows[r], key);
				if (col)
					return col->label;
			}
	return NULL;
}

const char *nb_sc_fuzzy_column(const tpl_table *tpl, const char *text)
{
	uint32_t have[CORE_MAX], want[CORE_MAX];
	size_t n = S_core(text, have);
	if (n < 3)
		return NULL;
	const char *best = NULL;
	double best_score = 1;
	bool tie = false;
	for (size_t r = 0; r < tpl->n_rows; r++)
		for (size_t c = 0; c < tpl->rows[r].n_columns; c++) {
			const char *key = tpl->rows[r].columns[c].key;
			if (best && !strcmp(best, key))
				continue; /* rows share their columns */
			const char *printed = S_column_label(key);
			size_t m = printed ? S_core(printed, want) : 0;
			/* the whole header: no more than one character longer */
			if (m < 3 || n > m + m / 4 + 1)
				continue;
			double score;
			if (!S_near(want, m, have, n, &score))
				continue;
			if (score < best_score) {
				best_score = score;
				best = key;
				tie = false;
			} else if (score == best_score && strcmp(best, key)) {
				tie = true;
			}
		}
	return tie ? NULL : best;
}
