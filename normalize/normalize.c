/*
 * normalize.c — the compiled normalizer and nb_normalize.
 *
 * nb_normalizer_new compiles every pattern of rules.c once (UTF + UCP, and
 * JIT if asked) and sets match and depth limits, so that no line,
 * however pathological, can make a pattern run away: a rule that hits a
 * limit leaves its input unchanged.  A pattern that does not compile is a
 * bug in rules.c (the unit tests compile them all); it is reported as
 * NB_ERR_IO with the rule's name, since no input is to blame.  nb_normalize runs the code-point pass
 * (chars.c) and then the rules of the requested form in table order.
 */
#include <stdlib.h>
#include <string.h>

#include "normalize_internal.h"

enum {
	MATCH_LIMIT = 1000000, /* backtracking steps per match */
	DEPTH_LIMIT = 10000,   /* nested backtracking frames per match */
	HEAP_LIMIT = 8192,     /* KiB of backtracking frames per match */
};

/* pcre2's JIT code reads 16 bytes at a time past the end of a subject
 * (safely, within the page), which valgrind's memcheck reports as invalid
 * reads.  Under valgrind the interpreter runs instead, so `make valgrind`
 * sees only nianbao's own behaviour. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define S_UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#endif
#endif
#ifndef S_UNDER_VALGRIND
#define S_UNDER_VALGRIND() false
#endif

bool nb_regex_jit_wanted(void)
{
	return !S_UNDER_VALGRIND();
}

static pcre2_code *S_compile(const char *pattern, const char *name,
                             nb_regex_mode mode, nb_error *err)
{
	int code;
	PCRE2_SIZE offset;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	                               PCRE2_UTF | PCRE2_UCP, &code, &offset,
	                               NULL);
	if (!re) {
		PCRE2_UCHAR message[120];
		pcre2_get_error_message(code, message, sizeof message);
		nb_error_set(err, NB_ERR_IO, 0,
		             "normalize rule %s: %s at offset %zu", name,
		             (const char *)message, (size_t)offset);
		return NULL;
	}
	/* JIT is an optimization: without it (or if it fails) the
	 * interpreter runs the same pattern. */
	if (mode == NB_REGEX_JIT && nb_regex_jit_wanted())
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

nb_regex_mode nb_normalizer_regex_mode(const nb_normalizer *norm)
{
	return norm->mode;
}

void nb_normalizer_free(nb_normalizer *norm)
{
	if (!norm)
		return;
	if (norm->rules)
		for (size_t i = 0; i < nb_norm_n_rules; i++)
			pcre2_code_free(norm->rules[i]);
	free(norm->rules);
	for (int i = 0; i < NB_LINE_N_PATTERNS; i++)
		pcre2_code_free(norm->lines[i]);
	for (int f = 0; f < 2; f++)
		pcre2_code_free(norm->any_rule[f]);
	pcre2_match_context_free(norm->match_context);
	free(norm);
}

/* "(?:trigger1)|(?:trigger2)|…" over the rules of one form: where it does
 * not match, none of those rules can. */
static pcre2_code *S_compile_any(unsigned want, nb_regex_mode mode,
                                 nb_error *err)
{
	nb_buf alternation = {0};
	for (size_t i = 0; i < nb_norm_n_rules; i++) {
		if (!(nb_norm_rules[i].forms & want))
			continue;
		nb_buf_append(&alternation, alternation.len ? "|(?:" : "(?:",
		              alternation.len ? 4 : 3);
		nb_buf_append(&alternation, nb_norm_rules[i].trigger,
		              strlen(nb_norm_rules[i].trigger));
		nb_buf_append(&alternation, ")", 1);
	}
	pcre2_code *re = S_compile(alternation.data ? alternation.data : "(*FAIL)",
	                           "any rule", mode, err);
	free(alternation.data);
	return re;
}

nb_normalizer *nb_normalizer_new(nb_regex_mode mode, nb_error *err)
{
	nb_normalizer *norm = nb_xcalloc(1, sizeof *norm);
	norm->mode = mode;
	norm->rules = nb_xcalloc(nb_norm_n_rules, sizeof *norm->rules);
	for (size_t i = 0; i < nb_norm_n_rules; i++) {
		norm->rules[i] = S_compile(nb_norm_rules[i].pattern,
		                           nb_norm_rules[i].name, mode, err);
		if (!norm->rules[i])
			goto fail;
	}
	for (int i = 0; i < NB_LINE_N_PATTERNS; i++) {
		norm->lines[i] = S_compile(nb_line_patterns[i], "line pattern",
		                           mode, err);
		if (!norm->lines[i])
			goto fail;
	}
	norm->any_rule[0] = S_compile_any(NB_RULE_MATCH, mode, err);
	norm->any_rule[1] = norm->any_rule[0]
	                            ? S_compile_any(NB_RULE_PROSE, mode, err)
	                            : NULL;
	if (!norm->any_rule[1])
		goto fail;
	norm->match_context = pcre2_match_context_create(NULL);
	if (!norm->match_context) {
		nb_error_set(err, NB_ERR_IO, 0, "normalize: out of memory");
		goto fail;
	}
	pcre2_set_match_limit(norm->match_context, MATCH_LIMIT);
	pcre2_set_depth_limit(norm->match_context, DEPTH_LIMIT);
	pcre2_set_heap_limit(norm->match_context, HEAP_LIMIT);
	return norm;
fail:
	nb_normalizer_free(norm);
	return NULL;
}

/* One rule over `text`: a malloc'd result, or NULL to keep `text` (no
 * match, or a limit hit). */
static char *S_substitute(const nb_normalizer *norm, const pcre2_code *re,
                          const char *replacement, const char *text)
{
	size_t len = strlen(text);
	PCRE2_SIZE out_len = len + len / 2 + 16;
	for (int attempt = 0; attempt < 2; attempt++) {
		PCRE2_UCHAR *out = nb_xmalloc(out_len + 1);
		int rc = pcre2_substitute(
			re, (PCRE2_SPTR)text, len, 0,
			PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH |
				PCRE2_NO_UTF_CHECK,
			NULL, norm->match_context, (PCRE2_SPTR)replacement,
			PCRE2_ZERO_TERMINATED, out, &out_len);
		if (rc > 0)
			return (char *)out;
		free(out);
		if (rc != PCRE2_ERROR_NOMEMORY)
			return NULL; /* 0 = no match; < 0 = a limit: keep input */
	}
	return NULL;
}

char *nb_normalize(const nb_normalizer *norm, nb_norm_form form,
                   const char *text, size_t len, nb_arena *arena)
{
	char *current = nb_norm_chars(form, text, len);
	unsigned want = form == NB_NORM_MATCH ? NB_RULE_MATCH : NB_RULE_PROSE;
	pcre2_match_data *probe = pcre2_match_data_create(1, NULL);
	/* When no trigger of this form matches, no rule can: nothing to
	 * rewrite.  (A limit hit here is not a "no": the rules then run.) */
	bool may_rewrite =
		!probe
		|| pcre2_match(norm->any_rule[form == NB_NORM_PROSE],
		               (PCRE2_SPTR)current, strlen(current), 0,
		               PCRE2_NO_UTF_CHECK, probe, norm->match_context)
		           != PCRE2_ERROR_NOMATCH;
	for (size_t i = 0; may_rewrite && i < nb_norm_n_rules; i++) {
		if (!(nb_norm_rules[i].forms & want))
			continue;
		if (probe && pcre2_match(norm->rules[i], (PCRE2_SPTR)current,
		                         strlen(current), 0, PCRE2_NO_UTF_CHECK,
		                         probe, norm->match_context)
		                 == PCRE2_ERROR_NOMATCH)
			continue; /* most rules match nothing: skip the copy */
		char *next = S_substitute(norm, norm->rules[i],
		                          nb_norm_rules[i].replacement, current);
		if (next) {
			free(current);
			current = next;
		}
	}
	pcre2_match_data_free(probe);
	char *result = nb_arena_strdup(arena, current);
	free(current);
	return result;
}

#ifdef NB_CHECK_UTF8
void nb_norm_assert_utf8(const char *text)
{
	size_t len = strlen(text);
	PCRE2_SIZE erroroffset = 0;
	pcre2_code *any = pcre2_compile((PCRE2_SPTR) "", 0, PCRE2_UTF, &(int){0},
	                                &erroroffset, NULL);
	pcre2_match_data *data = pcre2_match_data_create(1, NULL);
	int rc = any && data ? pcre2_match(any, (PCRE2_SPTR)text, len, 0, 0,
	                                   data, NULL)
	                     : 0;
	pcre2_match_data_free(data);
	pcre2_code_free(any);
	if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
		abort(); /* a subject that is not normalized text */
}
#endif

/* `text` is normalized text, valid UTF-8 by construction (see
 * nb_schema_exec): no UTF check. */
bool nb_norm_line_is(const nb_normalizer *norm, nb_line_pattern pattern,
                     const char *text)
{
	pcre2_match_data *data =
		pcre2_match_data_create_from_pattern(norm->lines[pattern], NULL);
	if (!data)
		return false;
#ifdef NB_CHECK_UTF8
	nb_norm_assert_utf8(text);
#endif
	int rc = pcre2_match(norm->lines[pattern], (PCRE2_SPTR)text,
	                     PCRE2_ZERO_TERMINATED, 0, PCRE2_NO_UTF_CHECK, data,
	                     norm->match_context);
	pcre2_match_data_free(data);
	return rc >= 0;
}
