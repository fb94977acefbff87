/*
 * normalize_internal.h — private declarations shared by the files of the
 * normalize stage: the rule tables (rules.c), the compiled normalizer
 * (normalize.c), the code-point pass (chars.c) and the document pass
 * (doc.c).  Nothing here is part of the public interface.
 */
#ifndef NB_NORMALIZE_INTERNAL_H
#define NB_NORMALIZE_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>

#include "normalize.h"

/* ---- rule tables (rules.c) ---- */

/** Which form(s) a character rule applies to. */
enum { NB_RULE_MATCH = 1 << 0, NB_RULE_PROSE = 1 << 1 };

/** One rewrite rule: every match of `pattern` becomes `replacement`
 *  (pcre2_substitute syntax), applied in table order.  `trigger` is a
 *  pcre2 character class that every match of `pattern` contains a character
 *  of: a text without any is left alone without running the rule (most
 *  cells, and one match instead of one per rule). */
typedef struct nb_rule_def {
	unsigned forms;          /**< NB_RULE_MATCH and/or NB_RULE_PROSE */
	const char *name;        /**< for error messages and tests */
	const char *pattern;     /**< pcre2, compiled with UTF|UCP */
	const char *replacement;
	const char *trigger;
} nb_rule_def;

extern const nb_rule_def nb_norm_rules[];
extern const size_t nb_norm_n_rules;

/** Line classifiers of the document pass, each a pcre2 pattern matched
 *  against a whole line's PROSE text. */
typedef enum nb_line_pattern {
	NB_LINE_PAGE_NUMBER,  /**< "- 3 -", "第 3 页", "3 / 12", "Page 3" */
	NB_LINE_LONE_NUMBER,  /**< a lone small integer (page number candidate) */
	NB_LINE_HEADING,      /**< a line starting a heading or numbered item */
	NB_LINE_CLOSED,       /**< text ending in closing punctuation */
	NB_LINE_CLAUSE,       /**< text with clause punctuation (，、；：。) */
	NB_LINE_RUNNING_TITLE,/**< a report's name, as running headers print it */
	NB_LINE_N_PATTERNS
} nb_line_pattern;

extern const char *const nb_line_patterns[NB_LINE_N_PATTERNS];

/** Unit suffixes a number cell may carry, longest first, NULL-terminated. */
extern const char *const nb_token_units[];

/* ---- the compiled normalizer (normalize.c) ---- */

struct nb_normalizer {
	pcre2_code **rules;                 /**< one per nb_norm_rules entry */
	/** Per form (MATCH, PROSE): the union of the triggers of its rules. */
	pcre2_code *any_rule[2];
	pcre2_code *lines[NB_LINE_N_PATTERNS];
	pcre2_match_context *match_context; /**< match/depth limits */
	nb_regex_mode mode;
};

/** True if `pattern` of the line classifiers matches `text`; false also
 *  when the match fails on a limit. */
bool nb_norm_line_is(const nb_normalizer *norm, nb_line_pattern pattern,
                     const char *text);

/* ---- the code-point pass (chars.c) ---- */

/**
 * Decode `len` bytes of `text` (invalid sequences become U+FFFD), map
 * radicals to ideographs, drop zero-width and control characters, turn every
 * white-space character into ' ', and for NB_NORM_PROSE fold full-width
 * digits and letters to ASCII.  Then NFKC (MATCH) or NFC (PROSE) through
 * utf8proc.  Returns a malloc'd NUL-terminated string.
 */
char *nb_norm_chars(nb_norm_form form, const char *text, size_t len);

/** The ideograph a radical code point stands for, or `cp` itself. */
int32_t nb_norm_radical(int32_t cp);


#endif
