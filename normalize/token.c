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
