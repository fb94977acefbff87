/*
 * test_normalize.c — unit tests of the normalize stage.
 *
 * The character rules are tested from a transcript, tests/normalize/rules.txt
 * (read relative to the repository root, where `make unit` runs), so a new
 * variant is a new line there.  The document pass (page furniture, broken
 * sentences, number lines) is tested here on small documents made with the
 * text reader or by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <utf8proc.h>

#include "nianbao.h"
#include "normalize/normalize_internal.h"

#define RULES_PATH "tests/normalize/rules.txt"

/* ---- the transcript ---- */

static size_t S_put_utf8(char *out, uint32_t cp)
{
	return (size_t)utf8proc_encode_char((utf8proc_int32_t)cp,
	                                    (utf8proc_uint8_t *)out);
}

/* Undo the transcript's escapes; returns the byte length. */
static size_t S_unescape(const char *in, size_t len, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (in[i] != '\\' || i + 1 == len) {
			out[o++] = in[i];
			continue;
		}
		char c = in[++i];
		if (c == 's') {
			out[o++] = ' ';
		} else if (c == 't') {
			out[o++] = '\t';
		} else if (c == 'n') {
			out[o++] = '\n';
		} else if (c == 'x' && i + 2 < len) {
			char hex[3] = {in[i + 1], in[i + 2], 0};
			out[o++] = (char)strtoul(hex, NULL, 16);
			i += 2;
		} else if (c == 'u' && i + 1 < len && in[i + 1] == '{') {
			char *end;
			uint32_t cp = (uint32_t)strtoul(in + i + 2, &end, 16);
			o += S_put_utf8(out + o, cp);
			i = (size_t)(end - in);
		} else {
			out[o++] = c;
		}
	}
	out[o] = '\0';
	return o;
}

/* What a token case prints: "text", "blank", "number V" or "number V U". */
static void S_describe_token(const char *match, char *out, size_t size)
{
	double value;
	const char *unit;
	switch (nb_token_classify(match, &value, &unit)) {
	case NB_TOKEN_TEXT:
		snprintf(out, size, "text");
		break;
	case NB_TOKEN_BLANK:
		snprintf(out, size, "blank");
		break;
	case NB_TOKEN_NUMBER:
		snprintf(out, size, unit ? "number %.10g %s" : "number %.10g",
		         value, unit ? unit : "");
		break;
	}
}

/* Run one transcript line; returns 1 for a case run, 0 for none, and
 * counts a failure in *failures (printing it). */
static int S_run_case(const nb_normalizer *norm, nb_arena *arena,
                      const char *line, int number, int *failures)
{
	const char *forms[] = {"match: ", "prose: ", "token: ", "page-number: ",
	                       "heading: "};
	int form = -1;
	for (int f = 0; f < 5; f++)
		if (!strncmp(line, forms[f], strlen(forms[f])))
			form = f;
	if (form < 0)
		return 0;
	const char *input = line + strlen(forms[form]);
	const char *arrow = NULL;
	for (const char *p = strstr(input, " => "); p; p = strstr(p + 1, " => "))
		arrow = p;
	if (!arrow) {
		printf("%s:%d: no \" => \" in case\n", RULES_PATH, number);
		(*failures)++;
		return 1;
	}
	char in[1024], want[1024], got[1024];
	size_t in_len = S_unescape(input, (size_t)(arrow - input), in);
	S_unescape(arrow + 4, strlen(arrow + 4), want);
	const char *result;
	if (form >= 3) {
		nb_line_pattern pattern =
			form == 3 ? NB_LINE_PAGE_NUMBER : NB_LINE_HEADING;
		const char *prose = nb_normalize(norm, NB_NORM_PROSE, in, in_len, arena);
		result = nb_norm_line_is(norm, pattern, prose) ? "yes" : "no";
	} else if (form == 2) {
		const char *match = nb_normalize(norm, NB_NORM_MATCH, in, in_len, arena);
		S_describe_token(match, got, sizeof got);
		result = got;
	} else {
		result = nb_normalize(norm, form == 0 ? NB_NORM_MATCH : NB_NORM_PROSE,
		                      in, in_len, arena);
	}
	if (strcmp(result, want)) {
		printf("%s:%d: %s[%s] gave [%s], expected [%s]\n", RULES_PATH,
		       number, forms[form], in, result, want);
		(*failures)++;
	}
	return 1;
}

static void S_transcript(const nb_normalizer *norm)
{
	FILE *f = fopen(RULES_PATH, "r");
	assert_non_null(f); /* run from the repository root */
	nb_arena *arena = nb_arena_new();
	char line[2048];
	int number = 0, cases = 0, failures = 0;
	while (fgets(line, sizeof line, f)) {
		number++;
		line[strcspn(line, "\r\n")] = '\0';
		cases += S_run_case(norm, arena, line, number, &failures);
	}
	fclose(f);
	nb_arena_free(arena);
	printf("%s: %d cases, %d failed\n", RULES_PATH, cases, failures);
	assert_true(cases >= 40);
	assert_int_equal(failures, 0);
}

/* The transcript, with the patterns JIT-compiled (batch workers) and
 * interpreted (a process reading one file): the same results. */
static void test_transcript(void **state)
{
	S_transcript(*state);
	nb_error err = {0};
	nb_normalizer *interpreted = nb_normalizer_new(NB_REGEX_INTERPRET, &err);
	assert_non_null(interpreted);
	S_transcript(interpreted);
	nb_normalizer_free(interpreted);
}

/* ---- rule triggers ---- */

static pcre2_code *S_compile_test(const char *pattern)
{
	int code;
	PCRE2_SIZE offset;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	                               PCRE2_UTF | PCRE2_UCP, &code, &offset,
	                               NULL);
	assert_non_null(re);
	return re;
}

static bool S_matches(const pcre2_code *re, const char *text,
                      pcre2_match_data *md)
{
	return pcre2_match(re, (PCRE2_SPTR)text, strlen(text), 0, 0, md, NULL)
	       >= 0;
}

/* The texts a code point X is tried in: "X", "XX", "中X中" and "aX" (alone,
 * in a run, next to CJK, and after a letter it may compose with).  False
 * for a surrogate, which is no character. */
enum { N_CONTEXTS = 4 };
static bool S_contexts(uint32_t cp, char text[N_CONTEXTS][24])
{
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return false;
	char x[8] = {0};
	S_put_utf8(x, cp);
	snprintf(text[0], sizeof text[0], "%s", x);
	snprintf(text[1], sizeof text[1], "%s%s", x, x);
	snprintf(text[2], sizeof text[2], "中%s中", x);
	snprintf(text[3], sizeof text[3], "a%s", x);
	return true;
}

/* nb_normalize skips the rules of a form when no trigger of them matches,
 * so a trigger must match wherever its rule does: tried on every BMP code
 * point in its contexts (the rules act on single characters, runs of them,
 * or white space next to CJK). */
static void test_rule_triggers_cover_their_rules(void **state)
{
	(void)state;
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	for (size_t i = 0; i < nb_norm_n_rules; i++) {
		pcre2_code *rule = S_compile_test(nb_norm_rules[i].pattern);
		pcre2_code *trigger = S_compile_test(nb_norm_rules[i].trigger);
		size_t missed = 0;
		for (uint32_t cp = 1; cp <= 0xFFFF; cp++) {
			char text[N_CONTEXTS][24];
			if (!S_contexts(cp, text))
				continue;
			for (int t = 0; t < N_CONTEXTS; t++)
				if (S_matches(rule, text[t], md)
				    && !S_matches(trigger, text[t], md))
					missed++;
		}
		if (missed)
			printf("rule %s: %zu texts match the rule, not its trigger\n",
			       nb_norm_rules[i].name, missed);
		assert_int_equal(missed, 0);
		pcre2_code_free(rule);
		pcre2_code_free(trigger);
	}
	pcre2_match_data_free(md);
}

/* The white-space trigger lists the code points \s matches under UCP: the
 * two must agree on every code point, or a rule could be skipped. */
static void test_white_space_trigger_is_ucp_space(void **state)
{
	(void)state;
	const char *trigger = NULL;
	for (size_t i = 0; i < nb_norm_n_rules; i++)
		if (strcmp(nb_norm_rules[i].name, "space-run") == 0)
			trigger = nb_norm_rules[i].trigger;
	assert_non_null(trigger);
	pcre2_code *listed = S_compile_test(trigger);
	pcre2_code *space = S_compile_test("\\s");
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	size_t spaces = 0;
	for (uint32_t cp = 1; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		char x[8] = {0};
		S_put_utf8(x, cp);
		bool is_space = S_matches(space, x, md);
		if (is_space != S_matches(listed, x, md))
			fail_msg("U+%04X: \\s says %d, the trigger says %d",
			         (unsigned)cp, is_space, !is_space);
		spaces += is_space;
	}
	assert_int_equal(spaces, 26); /* 6 ASCII/NEL, 17 Zs, Zl, Zp, U+180E */
	pcre2_code_free(listed);
	pcre2_code_free(space);
	pcre2_match_data_free(md);
}

/* ---- the code-point pass ---- */

/* nb_norm_chars skips utf8proc when every character is one NFKC/NFC leaves
 * alone; its output must then be normalized all the same: normalizing it
 * again changes nothing.  Tried on every code point of planes 0-2 in its
 * contexts. */
static void test_chars_output_is_normalized(void **state)
{
	(void)state;
	size_t checked = 0, wrong = 0;
	for (int form = NB_NORM_MATCH; form <= NB_NORM_PROSE; form++) {
		utf8proc_option_t options = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
		if (form == NB_NORM_MATCH)
			options |= UTF8PROC_COMPAT;
		for (uint32_t cp = 1; cp <= 0x2FFFF; cp++) {
			char text[N_CONTEXTS][24];
			if (!S_contexts(cp, text))
				continue;
			for (int t = 0; t < N_CONTEXTS; t++) {
				char *out = nb_norm_chars((nb_norm_form)form, text[t],
				                          strlen(text[t]));
				utf8proc_uint8_t *again = NULL;
				utf8proc_map((const utf8proc_uint8_t *)out, 0, &again,
				             options | UTF8PROC_NULLTERM);
				if (!again || strcmp((char *)again, out) != 0) {
					if (wrong++ < 5)
						printf("form %d U+%04X text %d: not normalized\n",
						       form, (unsigned)cp, t);
				}
				free(again);
				free(out);
				checked++;
			}
		}
	}
	assert_true(checked > 1000000);
	assert_int_equal(wrong, 0);
}

/* ---- nb_normalize details not in the transcript ---- */

static void test_normalize_length_and_arena(void **state)
{
	const nb_normalizer *norm = *state;
	nb_arena *arena = nb_arena_new();
	/* only the first `len` bytes count */
	const char *text = "⼾籍XYZ";
	char *out = nb_normalize(norm, NB_NORM_MATCH, text, strlen("⼾籍"), arena);
	assert_string_equal(out, "户籍");
	/* empty input gives an empty string, never NULL */
	out = nb_normalize(norm, NB_NORM_PROSE, "", 0, arena);
	assert_non_null(out);
	assert_string_equal(out, "");
	/* a NUL byte inside the length is dropped like other controls */
	out = nb_normalize(norm, NB_NORM_MATCH, "a\0b", 3, arena);
	assert_string_equal(out, "ab");
	nb_arena_free(arena);
}

static void test_pathological_line_finishes(void **state)
{
	const nb_normalizer *norm = *state;
	nb_arena *arena = nb_arena_new();
	size_t n = 200000;
	char *text = malloc(n * 3 + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(text + i * 3, i % 2 ? "\xE3\x80\x80" : "\xE4\xB8\x80", 3);
	text[n * 3] = '\0';
	char *out = nb_normalize(norm, NB_NORM_MATCH, text, n * 3, arena);
	/* U+3000 between ideographs vanishes: only the 一 remain */
	assert_int_equal(strlen(out), (n / 2) * 3);
	free(text);
	nb_arena_free(arena);
}

/* ---- token classification ---- */

static void test_token_values(void **state)
{
	(void)state;
	double value = -1;
	const char *unit = "x";
	assert_int_equal(nb_token_classify("495(万元)", &value, &unit),
	                 NB_TOKEN_NUMBER);
	assert_true(value == 495.0);
	assert_string_equal(unit, "万元");
	assert_int_equal(nb_token_classify("-3", &value, &unit), NB_TOKEN_NUMBER);
	assert_true(value == -3.0);
	assert_null(unit);
	assert_int_equal(nb_token_classify("4068.208", &value, NULL),
	                 NB_TOKEN_NUMBER);
	assert_true(value > 4068.207 && value < 4068.209);
	assert_int_equal(nb_token_classify("—", &value, &unit), NB_TOKEN_BLANK);
	assert_null(unit);
	assert_int_equal(nb_token_classify("", NULL, NULL), NB_TOKEN_BLANK);
	assert_int_equal(nb_token_classify("1.", NULL, NULL), NB_TOKEN_TEXT);
	assert_int_equal(nb_token_classify(".5", NULL, NULL), NB_TOKEN_TEXT);
	assert_int_equal(nb_token_classify("12件件", NULL, NULL), NB_TOKEN_TEXT);
	assert_int_equal(nb_token_classify("3人次", &value, &unit),
	                 NB_TOKEN_NUMBER);
	assert_string_equal(unit, "人次");
}

/* ---- the document pass ---- */

static nb_doc *S_text_doc(const char *text)
{
	nb_doc *doc = NULL;
	nb_error err = {0};
	nb_status status = nb_extract_text((const unsigned char *)text,
	                                   strlen(text), NULL, &doc, &err);
	assert_int_equal(status, NB_OK);
	return doc;
}

static void S_normalize(const nb_normalizer *norm, nb_doc *doc)
{
	nb_error err = {0};
	assert_int_equal(nb_normalize_doc(norm, doc, &err), NB_OK);
}

/* The lines with cells, each as its cells joined by '|'. */
static char *S_render(const nb_doc *doc)
{
	size_t cap = 1 << 16, len = 0;
	char *out = calloc(1, cap);
	for (size_t i = 0; i < doc->n_lines; i++) {
		const nb_line *line = &doc->lines[i];
		if (!line->n_cells)
			continue;
		for (size_t c = 0; c < line->n_cells; c++)
			len += (size_t)snprintf(out + len, cap - len, "%s%s",
			                        c ? "|" : "", line->cells[c].text);
		len += (size_t)snprintf(out + len, cap - len, "\n");
	}
	return out;
}

static void S_expect(const nb_normalizer *norm, const char *input,
                     const char *expected)
{
	nb_doc *doc = S_text_doc(input);
	S_normalize(norm, doc);
	char *got = S_render(doc);
	if (strcmp(got, expected))
		printf("input:\n%s\ngot:\n%s\nexpected:\n%s\n", input, got, expected);
	assert_string_equal(got, expected);
	free(got);
	nb_doc_free(doc);
}

/* What a careful coder records for a cell, and how it was read. */
static void test_token_readings(void **state)
{
	const nb_normalizer *norm = *state;
	static const struct {
		const char *prose;
		nb_token_kind kind;
		double value;
		unsigned how;
	} cases[] = {
		{"12", NB_TOKEN_NUMBER, 12, 0},
		{"5件", NB_TOKEN_NUMBER, 5, 0},            /* the count unit */
		{"495（万元）", NB_TOKEN_NUMBER, 495, 0},   /* a unit, not a note */
		{"—", NB_TOKEN_BLANK, 0, 0},
		{"6①", NB_TOKEN_NUMBER, 6, NB_READ_MARKER}, /* NFKC alone: 61 */
		{"17¹", NB_TOKEN_NUMBER, 17, NB_READ_MARKER},
		{"5*", NB_TOKEN_NUMBER, 5, NB_READ_MARKER},
		{"3※", NB_TOKEN_NUMBER, 3, NB_READ_MARKER},
		{"约5", NB_TOKEN_NUMBER, 5, NB_READ_APPROX},
		{"超过300", NB_TOKEN_NUMBER, 300, NB_READ_APPROX},
		{"3705（含转办12）", NB_TOKEN_NUMBER, 3705, NB_READ_ANNOTATION},
		{"3705(含转办12)", NB_TOKEN_NUMBER, 3705, NB_READ_ANNOTATION},
		{"1 0", NB_TOKEN_NUMBER, 10, NB_READ_JOINED},
		{"l0", NB_TOKEN_NUMBER, 10, NB_READ_LETTERS},
		{"O", NB_TOKEN_NUMBER, 0, NB_READ_LETTERS},
		{"214 |", NB_TOKEN_NUMBER, 214, NB_READ_STRAY}, /* OCR: a rule */
		{"| 7", NB_TOKEN_NUMBER, 7, NB_READ_STRAY},
		{"12 丨", NB_TOKEN_NUMBER, 12, NB_READ_STRAY},
		{"214|", NB_TOKEN_TEXT, 0, 0},                  /* 2141? unsure */
		{"约5①", NB_TOKEN_NUMBER, 5, NB_READ_APPROX | NB_READ_MARKER},
		{"行政许可", NB_TOKEN_TEXT, 0, 0},
		{"1x", NB_TOKEN_TEXT, 0, 0},
		{"约", NB_TOKEN_TEXT, 0, 0},
		{"（含转办12）", NB_TOKEN_TEXT, 0, 0},
		{"Lol", NB_TOKEN_TEXT, 0, 0},
	};
	nb_arena *arena = nb_arena_new();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		nb_token_reading r;
		nb_token_read(norm, cases[i].prose, NULL, arena, &r);
		if (r.kind != cases[i].kind || r.how != cases[i].how
		    || (r.kind == NB_TOKEN_NUMBER && r.value != cases[i].value))
			fail_msg("\"%s\": kind %d value %g how %u, want %d %g %u",
			         cases[i].prose, r.kind, r.value, r.how, cases[i].kind,
			         cases[i].value, cases[i].how);
	}
	nb_arena_free(arena);
}

static void test_doc_prose_form_keeps_raw(void **state)
{
	const nb_normalizer *norm = *state;
	nb_doc *doc = S_text_doc("政府⻔户　网 站\t４９５（万元）\n");
	S_normalize(norm, doc);
	assert_int_equal(doc->n_lines, 1);
	assert_string_equal(doc->lines[0].cells[0].text, "政府门户网站");
	assert_string_equal(doc->lines[0].cells[0].raw, "政府⻔户　网 站");
	assert_string_equal(doc->lines[0].cells[1].text, "495（万元）");
	nb_doc_free(doc);
}

static void test_doc_sample_sentence_join(void **state)
{
	S_expect(*state,
	         "（四）平台建设情况。完善新媒体的互动功能，为群众\n"
	         "\n"
	         "提供权威的政策解读、全面的办事指南。\n"
	         "\n"
	         "（五）监督保障情况。始终把政府信息公开作为一项重大任务。\n",
	         "（四）平台建设情况。完善新媒体的互动功能，为群众提供权威的政策解读、全面的办事指南。\n"
	         "（五）监督保障情况。始终把政府信息公开作为一项重大任务。\n");
	S_expect(*state,
	         "政务微博推送各类信息 1408 条，微信公众号发\n\n布、转载信息 100 条。\n",
	         "政务微博推送各类信息 1408 条，微信公众号发布、转载信息 100 条。\n");
}

static void test_doc_no_join_after_heading_or_closed(void **state)
{
	S_expect(*state,
	         "吴忠市商务和投资促进局\n\n2020 年政府信息公开工作年度报告\n\n"
	         "一、总体情况\n\n2020 年，市商务局全面落实信息公开条例。\n\n"
	         "六、其他需要报告的事项\n\n无。\n",
	         "吴忠市商务和投资促进局\n2020 年政府信息公开工作年度报告\n"
	         "一、总体情况\n2020 年，市商务局全面落实信息公开条例。\n"
	         "六、其他需要报告的事项\n无。\n");
	/* the next line starts a numbered item: no join */
	S_expect(*state,
	         "加强对政务微博的管理，定期自查\n\n（二）依申请公开情况。我局按照要求办理。\n",
	         "加强对政务微博的管理，定期自查\n（二）依申请公开情况。我局按照要求办理。\n");
	/* the next line is a table row: no join */
	S_expect(*state, "加强管理，定期自查\n\n规章\t0\t0\t0\n",
	         "加强管理，定期自查\n规章|0|0|0\n");
}

static void test_doc_join_across_page_break_and_furniture(void **state)
{
	S_expect(*state,
	         "及时回应热线反馈的咨询、投诉类\n\n- 3 -\n\f事项，处理过程中加强沟通。\n",
	         "及时回应热线反馈的咨询、投诉类事项，处理过程中加强沟通。\n");
	S_expect(*state,
	         "我局按照要求，积极抓好政府信\n第 3 页 共 12 页\n\f息主动公开。\n",
	         "我局按照要求，积极抓好政府信息主动公开。\n");
}

static void test_doc_page_number_lines(void **state)
{
	S_expect(*state,
	         "一、总体情况\n— 2 —\n第 3 页\n第3页 共12页\n3 / 12\n3/12\n"
	         "Page 4 of 9\n二、主动公开\n",
	         "一、总体情况\n二、主动公开\n");
	/* a lone page number between prose paragraphs, with blank lines */
	S_expect(*state,
	         "依据条例规定，制作本报告。\n\n7\n\n本报告电子版可在网站下载。\n",
	         "依据条例规定，制作本报告。\n本报告电子版可在网站下载。\n");
	/* a lone number next to a page change (form feed) */
	S_expect(*state, "一、总体情况\n\n12\n\f二、主动公开\n",
	         "一、总体情况\n二、主动公开\n");
}

static void test_doc_lone_numbers_in_tables_stay(void **state)
{
	/* layout text: a lone "0" and a lone "5" belong to the table */
	S_expect(*state,
	         "行政许可           5        0        2\n"
	         "其他对外管理服务事项\n"
	         "                         0\n"
	         "行政处罚\n"
	         "5\n"
	         "行政强制           0        0        0\n",
	         "行政许可|5|0|2\n"
	         "其他对外管理服务事项|0\n"
	         "行政处罚\n"
	         "5\n"
	         "行政强制|0|0|0\n");
	/* "0" is never a page number */
	S_expect(*state, "依据条例规定，制作本报告。\n\n0\n\n本报告可在网站下载。\n",
	         "依据条例规定，制作本报告。\n0\n本报告可在网站下载。\n");
}

static void test_doc_number_line_merge(void **state)
{
	S_expect(*state,
	         "（二）部分公开（区分处理的，只计\n"
	         "这一情形，不计其他情形）\n"
	         "                                 0    0    0    0\n"
	         "（三）不予公开\n",
	         "（二）部分公开（区分处理的，只计\n"
	         "这一情形，不计其他情形）|0|0|0|0\n"
	         "（三）不予公开\n");
	/* numbers starting left of the label's end are not merged */
	S_expect(*state,
	         "结果维持   结果纠正   其他结果\n"
	         "0          0          0\n",
	         "结果维持|结果纠正|其他结果\n0|0|0\n");
	/* a blank line between: not directly below, not merged */
	S_expect(*state, "行政处罚\n\n                 16   0   0\n",
	         "行政处罚\n16|0|0\n");
	/* blanks printed as — count with the numbers */
	S_expect(*state, "政府集中采购\n                 3   —   495（万元）\n",
	         "政府集中采购|3|—|495（万元）\n");
}

/* A PDF-like document made by hand: a running header on every page. */
static nb_doc *S_paged_doc(const char *const *texts, const int *pages,
                           size_t n)
{
	nb_arena *arena = nb_arena_new();
	nb_doc *doc = nb_arena_alloc(arena, sizeof *doc);
	doc->arena = arena;
	doc->kind = NB_SOURCE_PDF;
	doc->units = NB_UNITS_POINTS;
	doc->lines = nb_arena_alloc(arena, n * sizeof *doc->lines);
	doc->n_lines = n;
	for (size_t i = 0; i < n; i++) {
		nb_line *line = &doc->lines[i];
		line->page = pages[i];
		line->y0 = 72 + 20.0 * (double)i;
		line->y1 = line->y0 + 12;
		if (!*texts[i])
			continue;
		line->cells = nb_arena_alloc(arena, sizeof(nb_cell));
		line->n_cells = 1;
		line->cells[0].raw = line->cells[0].text =
			nb_arena_strdup(arena, texts[i]);
		line->cells[0].x0 = 90;
		line->cells[0].x1 = 500;
		line->cells[0].y0 = line->y0;
		line->cells[0].y1 = line->y1;
	}
	return doc;
}

static void test_doc_running_header(void **state)
{
	const char *const texts[] = {
		"某某区人民政府办公室",         /* page 1: kept (may be a title) */
		"2021 年政府信息公开工作年度报告",
		"一、总体情况",
		"本年度我区认真贯彻落实条例，",
		"2",
		"某某区人民政府办公室",
		"扎实推进政务公开工作。",
		"3",
		"某某区人民政府办公室",
		"二、主动公开政府信息情况",
	};
	const int pages[] = {1, 1, 1, 1, 1, 2, 2, 2, 3, 3};
	nb_doc *doc = S_paged_doc(texts, pages, 10);
	S_normalize(*state, doc);
	char *got = S_render(doc);
	assert_string_equal(got, "某某区人民政府办公室\n"
	                         "2021 年政府信息公开工作年度报告\n"
	                         "一、总体情况\n"
	                         "本年度我区认真贯彻落实条例，扎实推进政务公开工作。\n"
	                         "二、主动公开政府信息情况\n");
	free(got);
	nb_doc_free(doc);
}

static void test_doc_running_header_in_plain_text(void **state)
{
	/* no form feed: the page number marks the page break; the header
	 * names the report and the sentence around it is joined */
	S_expect(*state,
	         "海原县人民政府\n2025年政府信息公开工作年度报告\n\n"
	         "（一）主动公开情况。制发行政规范性文件6件，废止3\n\n"
	         "— 2 —\n\n"
	         "海原县人民政府2025年政府信息公开工作年度报告\n\n"
	         "件，现行有效48件。\n",
	         "海原县人民政府\n2025年政府信息公开工作年度报告\n"
	         "（一）主动公开情况。制发行政规范性文件6件，废止3件，现行有效48件。\n");
	/* a header repeating a title line; a form feed */
	S_expect(*state,
	         "同心县自然资源局\n2019年政府信息公开工作年度报告\n"
	         "全年主动公开政府信息217条，其中国有建设用\n\n- 1 -\n\n"
	         "\f    同心县自然资源局\n\n权出让信息23条。\n",
	         "同心县自然资源局\n2019年政府信息公开工作年度报告\n"
	         "全年主动公开政府信息217条，其中国有建设用权出让信息23条。\n");
	/* a heading opening a page is not a header, even if it says 报告 */
	S_expect(*state,
	         "全年办结申请9件。\n\f六、其他需要报告的事项\n无。\n",
	         "全年办结申请9件。\n六、其他需要报告的事项\n无。\n");
}

static void test_doc_repeated_table_header_stays(void **state)
{
	/* a table continued over pages repeats its header: not furniture */
	S_expect(*state,
	         "申请人情况\n自然人    商业企业\n0    0\n\f"
	         "申请人情况\n自然人    商业企业\n1    2\n\f"
	         "申请人情况\n自然人    商业企业\n3    4\n",
	         "申请人情况\n自然人|商业企业\n0|0\n"
	         "申请人情况\n自然人|商业企业\n1|2\n"
	         "申请人情况\n自然人|商业企业\n3|4\n");
}

static int S_setup(void **state)
{
	nb_error err = {0};
	*state = nb_normalizer_new(NB_REGEX_JIT, &err);
	return *state ? 0 : -1;
}

static int S_teardown(void **state)
{
	nb_normalizer_free(*state);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transcript),
		cmocka_unit_test(test_rule_triggers_cover_their_rules),
		cmocka_unit_test(test_white_space_trigger_is_ucp_space),
		cmocka_unit_test(test_chars_output_is_normalized),
		cmocka_unit_test(test_normalize_length_and_arena),
		cmocka_unit_test(test_pathological_line_finishes),
		cmocka_unit_test(test_token_values),
		cmocka_unit_test(test_token_readings),
		cmocka_unit_test(test_doc_prose_form_keeps_raw),
		cmocka_unit_test(test_doc_sample_sentence_join),
		cmocka_unit_test(test_doc_no_join_after_heading_or_closed),
		cmocka_unit_test(test_doc_join_across_page_break_and_furniture),
		cmocka_unit_test(test_doc_page_number_lines),
		cmocka_unit_test(test_doc_lone_numbers_in_tables_stay),
		cmocka_unit_test(test_doc_number_line_merge),
		cmocka_unit_test(test_doc_running_header),
		cmocka_unit_test(test_doc_running_header_in_plain_text),
		cmocka_unit_test(test_doc_repeated_table_header_stays),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
