/*
 * token.c — classifies a normalized table cell as a number, a printed blank
 * or text.
 *
 * Decisions (the reports' own conventions):
 *  - NUMBER: an optional sign, digits, an optional decimal part, then an
 *    optional unit from nb_token_units (rules.c), bare or in parentheses,
 *    after an optional space: "0", "-3", "+2", "4068.208", "495(万元)",
 *    "495万元", "251000元", "12件", "3 件", "100%".  Thousands separators
 *    are accepted only in strict groups of three ("1,234", "12,345.5"),
 *    which cannot be mistaken for two numbers run together ("1,2" is TEXT).
 *  - BLANK: what reports print for "nothing here": the empty string, any
 *    run of dashes ("-", "--", "—", "－"), "/", "\", "无", "空", "N/A".
 *    "×" is TEXT: no report convention makes it a blank, and calling it
 *    null would hide a cell the schema should flag as unreadable.
 *  - TEXT: everything else, including numbering such as "1." and "(一)".
 */
#include <stdlib.h>
#include <string.h>

#include "normalize_internal.h"

static const char *const S_blanks[] = {
	"", "/", "\\", "无", "空", "N/A", "n/a", "NA", NULL,
};

static bool S_is_dash_run(const char *s)
{
	static const char *const dashes[] = {
		"-", "\xE2\x80\x90", "\xE2\x80\x91", "\xE2\x80\x92",
		"\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x95",
		"\xE2\x88\x92", "\xEF\xBC\x8D", NULL,
	};
	if (!*s)
		return false;
	while (*s) {
		size_t matched = 0;
		for (size_t i = 0; dashes[i] && !matched; i++)
			if (!strncmp(s, dashes[i], strlen(dashes[i])))
				matched = strlen(dashes[i]);
		if (!matched)
			return false;
		s += matched;
	}
	return true;
}

static bool S_is_blank(const char *text)
{
	for (size_t i = 0; S_blanks[i]; i++)
		if (!strcmp(text, S_blanks[i]))
			return true;
	return S_is_dash_run(text);
}

static bool S_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits with strict thousands groups or none; returns the end, or NULL. */
static const char *S_scan_integer(const char *p)
{
	const char *start = p;
	while (S_digit(*p))
		p++;
	size_t lead = (size_t)(p - start);
	if (lead == 0)
		return NULL;
	if (*p != ',')
		return p;
	if (lead > 3)
		return NULL;
	while (*p == ',') {
		if (!(S_digit(p[1]) && S_digit(p[2]) && S_digit(p[3])) ||
		    S_digit(p[4]))
			return NULL;
		p += 4;
	}
	return p;
}

/* The unit at `p` ("万元", "(万元)", " 件"), NULL if none; *end after it. */
static const char *S_scan_unit(const char *p, const char **end)
{
	if (*p == ' ')
		p++;
	bool paren = *p == '(';
	if (paren)
		p++;
	for (size_t i = 0; nb_token_units[i]; i++) {
		size_t n = strlen(nb_token_units[i]);
		if (strncmp(p, nb_token_units[i], n))
			continue;
		if (paren && p[n] != ')')
			continue;
		*end = p + n + (paren ? 1 : 0);
		return nb_token_units[i];
	}
	return NULL;
}

/* The value of the numeric prefix [start, end) without separators. */
static double S_value(const char *start, const char *end)
{
	char digits[64];
	size_t n = 0;
	for (const char *p = start; p < end && n + 1 < sizeof digits; p++)
		if (*p != ',')
			digits[n++] = *p;
	digits[n] = '\0';
	return strtod(digits, NULL);
}

nb_token_kind nb_token_classify(const char *text, double *value,
                                const char **unit)
{
	if (unit)
		*unit = NULL;
	if (value)
		*value = 0;
	if (S_is_blank(text))
		return NB_TOKEN_BLANK;
	const char *p = text;
	if (*p == '+' || *p == '-')
		p++;
	p = S_scan_integer(p);
	if (!p)
		return NB_TOKEN_TEXT;
	if (*p == '.') {
		if (!S_digit(p[1]))
			return NB_TOKEN_TEXT;
		for (p++; S_digit(*p); p++)
			;
	}
	const char *number_end = p;
	const char *found_unit = NULL;
	if (*p) {
		found_unit = S_scan_unit(p, &p);
		if (!found_unit || *p)
			return NB_TOKEN_TEXT;
	}
	if (value)
		*value = S_value(text, number_end);
	if (unit)
		*unit = found_unit;
	return NB_TOKEN_NUMBER;
}

/* ---- reading a cell: what a careful coder records ---- */

/* The code point at text[*at] (UTF-8, assumed valid: PROSE text is). */
static int32_t S_cp_at(const char *text, size_t at, size_t *len)
{
	const unsigned char *p = (const unsigned char *)text + at;
	if (p[0] < 0x80) {
		*len = 1;
		return p[0];
	}
	size_t n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : 2;
	int32_t cp = p[0] & (0x7F >> (n + 1));
	for (size_t i = 1; i < n && p[i]; i++)
		cp = (cp << 6) | (p[i] & 0x3F);
	*len = n;
	return cp;
}

/* Footnote markers printed after a number: circled and parenthesized
 * numbers (① ⑴ ❶), superscript digits (¹ ² ³ ⁴), ※ * † ‡ #. */
static bool S_is_marker(int32_t cp)
{
	return (cp >= 0x2460 && cp <= 0x24FF) || (cp >= 0x2776 && cp <= 0x2793)
	       || (cp >= 0x3251 && cp <= 0x325F) || (cp >= 0x32B1 && cp <= 0x32BF)
	       || cp == 0xB9 || cp == 0xB2 || cp == 0xB3
	       || (cp >= 0x2070 && cp <= 0x209F) || cp == 0x203B || cp == '*'
	       || cp == 0x2020 || cp == 0x2021 || cp == '#' || cp == 0xFF0A;
}

/* A vertical stroke standing one space or more off the text at either end
 * ("214 |", "| 214", also 丨): OCR reads a table rule's edge so.  The length
 * of what remains, its start in *start; `len` when there is none. */
static size_t S_without_strays(const char *text, size_t len, size_t *start)
{
	size_t a = 0, b = len;
	bool cut = false;
	for (int side = 0; side < 2; side++) {
		size_t i = side ? b : a;
		size_t n = 0;
		if (!side && i < b && text[i] == '|')
			n = 1;
		else if (!side && b - i >= 3 && !memcmp(text + i, "丨", 3))
			n = 3;
		else if (side && i > a && text[i - 1] == '|')
			n = 1;
		else if (side && i - a >= 3 && !memcmp(text + i - 3, "丨", 3))
			n = 3;
		if (!n)
			continue;
		size_t spaces = 0;
		if (!side)
			while (a + n + spaces < b && text[a + n + spaces] == ' ')
				spaces++;
		else
			while (b - n - spaces > a && text[b - n - spaces - 1] == ' ')
				spaces++;
		if (!spaces)
			continue;
		if (!side)
			a += n + spaces;
		else
			b -= n + spaces;
		cut = true;
	}
	*start = a;
	return cut && b > a ? b - a : len;
}

/* Length of `text` without the markers at its end (0: all markers). */
static size_t S_without_markers(const char *text, size_t len)
{
	while (len > 0) {
		size_t start = len - 1;
		while (start > 0 && ((unsigned char)text[start] & 0xC0) == 0x80)
			start--;
		size_t cp_len;
		if (!S_is_marker(S_cp_at(text, start, &cp_len)))
			break;
		len = start;
	}
	return len;
}

static const char *const S_approx_words[] = {
	"大约", "约计", "约为", "将近", "超过", "不足", "不到", "约", "近", "逾",
	NULL,
};

/* A plain classification of `len` bytes of PROSE text. */
static nb_token_kind S_plain(const nb_normalizer *norm, nb_arena *arena,
                             const char *text, size_t len,
                             nb_token_reading *out)
{
	const char *match = nb_normalize(norm, NB_NORM_MATCH, text, len, arena);
	out->kind = nb_token_classify(match, &out->value, &out->unit);
	return out->kind;
}

/* Digits in groups one space apart ("1 0", "12 5"): joined, else NULL. */
static char *S_joined_digits(nb_arena *arena, const char *text, size_t len)
{
	char *out = nb_arena_alloc(arena, len + 1);
	size_t n = 0, groups = 0;
	for (size_t i = 0; i < len; i++) {
		if (S_digit(text[i])) {
			if (i == 0 || text[i - 1] == ' ')
				groups++;
			out[n++] = text[i];
		} else if (text[i] != ' ' || i == 0 || i + 1 == len
		           || text[i + 1] == ' ') {
			return NULL;
		}
	}
	out[n] = '\0';
	return groups >= 2 ? out : NULL;
}

/* Letters that stand for digits (l, I → 1; O, o → 0) in a short token of
 * digits and such letters, at least one of them a letter: else NULL. */
static char *S_letters_as_digits(nb_arena *arena, const char *text, size_t len)
{
	if (len == 0 || len > 8)
		return NULL;
	char *out = nb_arena_alloc(arena, len + 1);
	bool letter = false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (S_digit(c)) {
			out[i] = c;
		} else if (c == 'l' || c == 'I') {
			out[i] = '1';
			letter = true;
		} else if (c == 'O' || c == 'o') {
			out[i] = '0';
			letter = true;
		} else {
			return NULL;
		}
	}
	out[len] = '\0';
	return letter ? out : NULL;
}

/* The bytes before a bracketed note at the end ("3705（含转办12）"), or
 * len when there is none. */
static size_t S_without_note(const char *text, size_t len)
{
	static const char close_full[] = "\xEF\xBC\x89", open_full[] = "\xEF\xBC\x88";
	size_t end = len;
	while (end > 0 && text[end - 1] == ' ')
		end--;
	const char *open = NULL;
	if (end >= 3 && !memcmp(text + end - 3, close_full, 3)) {
		for (size_t i = 0; i + 3 <= end - 3; i++)
			if (!memcmp(text + i, open_full, 3))
				open = text + i;
	} else if (end >= 1 && text[end - 1] == ')') {
		const char *paren = memchr(text, '(', end);
		open = paren;
	}
	if (!open || open == text)
		return len;
	size_t cut = (size_t)(open - text);
	while (cut > 0 && text[cut - 1] == ' ')
		cut--;
	return cut;
}

void nb_token_read(const nb_normalizer *norm, const char *prose,
                   const char *match, nb_arena *arena, nb_token_reading *out)
{
	*out = (nb_token_reading){.kind = NB_TOKEN_TEXT};
	size_t len = strlen(prose);
	while (len > 0 && prose[len - 1] == ' ')
		len--;
	while (len > 0 && *prose == ' ') {
		prose++;
		len--;
	}
	/* markers first: NFKC turns ① and ¹ into digits (6① would read 61) */
	size_t bare = S_without_markers(prose, len);
	if (bare > 0 && bare < len) {
		if (S_plain(norm, arena, prose, bare, out) == NB_TOKEN_NUMBER) {
			out->how |= NB_READ_MARKER;
			return;
		}
		out->kind = NB_TOKEN_TEXT;
	}
	if (match) { /* the caller's MATCH form of the whole text */
		out->kind = nb_token_classify(match, &out->value, &out->unit);
		if (out->kind != NB_TOKEN_TEXT)
			return;
	} else if (S_plain(norm, arena, prose, len, out) != NB_TOKEN_TEXT) {
		return;
	}
	unsigned how = 0;
	size_t start = 0, kept = S_without_strays(prose, len, &start);
	if (kept < len) {
		prose += start;
		len = kept;
		how |= NB_READ_STRAY;
	}
	for (size_t i = 0; S_approx_words[i]; i++) {
		size_t n = strlen(S_approx_words[i]);
		if (len > n && !strncmp(prose, S_approx_words[i], n)) {
			prose += n;
			len -= n;
			how |= NB_READ_APPROX;
			break;
		}
	}
	size_t noted = S_without_note(prose, len);
	if (noted < len) {
		len = noted;
		how |= NB_READ_ANNOTATION;
	}
	bare = S_without_markers(prose, len);
	if (bare > 0 && bare < len) {
		len = bare;
		how |= NB_READ_MARKER;
	}
	if (how && S_plain(norm, arena, prose, len, out) == NB_TOKEN_NUMBER) {
		out->how = how;
		return;
	}
	const char *fixed = S_joined_digits(arena, prose, len);
	unsigned fix = NB_READ_JOINED;
	if (!fixed) {
		fixed = S_letters_as_digits(arena, prose, len);
		fix = NB_READ_LETTERS;
	}
	if (fixed && S_plain(norm, arena, fixed, strlen(fixed), out)
	                     == NB_TOKEN_NUMBER) {
		out->how = how | fix;
		return;
	}
	*out = (nb_token_reading){.kind = NB_TOKEN_TEXT};
}

bool nb_token_all_digits(const char *text)
{
	if (!*text)
		return false;
	for (; *text; text++)
		if (!S_digit(*text))
			return false;
	return true;
}
