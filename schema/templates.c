/*
 * templates.c — the rebuilder's view of the contract table, and its
 * compiled form.
 *
 * The rows and columns of both templates, with every label a report may
 * print for a row and every header a column may carry, are the contract
 * table's (contract_data.h): this file expands them into the tpl_* view
 * tables.c walks (key, label pattern, columns) and compiles every pattern
 * once per process in nb_schema_new, together with the heading, title and
 * evidence patterns below, which are about the document rather than a
 * cell.  Patterns are matched against the compact MATCH form of the text
 * (see contract_data.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schema_internal.h"
#include "contract_data.h"

#define N_OF(array) (sizeof(array) / sizeof((array)[0]))

/* Limits of every schema match.  The patterns are literals, alternations
 * and short classes: a real label, heading or title line needs a few
 * hundred steps.  A pattern with `.*` between two alternations (PAT_TITLE)
 * costs one scan of the subject per start of its first part, so its time
 * grows with the square of a hostile line; pcre2 counts about ten steps per
 * start there, and 10,000 steps stop a 100 KB line of 信息公开信息公开…
 * within a millisecond (without the limit: 55 s; tests/unit/test_schema.c).
 * A match stopped by a limit counts as no match. */
enum {
	MATCH_LIMIT = 10000, /* backtracking steps per match */
	DEPTH_LIMIT = 1000,  /* nested backtracking frames per match */
	HEAP_LIMIT = 4096,   /* KiB of backtracking frames per match */
};

/* ---- the rebuilder's view of the contract table ------------------------- */

/* contract_data.h holds every row and column once; here each becomes
 * (key, pattern) and each column list one array, shared by the rows that
 * print it (tables.c tells such rows apart by that identity). */
#define S_COLUMN(key, label, patterns, english, unit) {key, patterns},
#define S_COLUMNS(list) static const tpl_column S_##list[] = {list(S_COLUMN)};

NB_COLUMN_LISTS(S_COLUMNS)

#define S_AD_ROW(key, label, short_label, patterns, english, unit, columns, \
                 amount)                                                     \
	{key, patterns, S_##columns, N_OF(S_##columns), amount},
#define S_APP_ROW(key, label, short_label, patterns, english, outcome)       \
	{key, patterns, S_NB_APPLICANTS, N_OF(S_NB_APPLICANTS), -1},
#define S_GROUP(key, label, patterns, english) {key, patterns},

static const tpl_row S_ad2019_rows[] = {NB_AD2019_ROWS(S_AD_ROW)};
static const tpl_row S_ad2021_rows[] = {NB_AD2021_ROWS(S_AD_ROW)};
static const tpl_row S_app2019_rows[] = {NB_APP2019_ROWS(S_APP_ROW)};
static const tpl_row S_app2021_rows[] = {NB_APP2021_ROWS(S_APP_ROW)};
static const tpl_row S_app2021_hybrid_rows[] = {
	NB_APP2021_HYBRID_ROWS(S_APP_ROW)
};

static const tpl_column S_review_groups[] = {NB_REVIEW_GROUPS(S_GROUP)};

static const tpl_table S_active[] = {
	{S_ad2019_rows, N_OF(S_ad2019_rows)},
	{S_ad2021_rows, N_OF(S_ad2021_rows)},
};
static const tpl_table S_applications[] = {
	{S_app2019_rows, N_OF(S_app2019_rows)},
	{S_app2021_rows, N_OF(S_app2021_rows)},
	{S_app2021_hybrid_rows, N_OF(S_app2021_hybrid_rows)},
};

/* ---- named patterns ----------------------------------------------------- */

static const char *const S_named[PAT_COUNT] = {
	[PAT_NUMBERING] = "^(?:\\(?[一二三四五六七八九十]{1,3}\\)|[一二三四五六七八九十]{1,3}[、.,]"
	                  "|\\(?[0-9]{1,2}\\)|[0-9]{1,2}(?:[、,]|\\.(?![0-9])))",
	[PAT_HEADING_1] = "总体情况|概述|基本情况",
	[PAT_HEADING_2] = "主动公开",
	[PAT_HEADING_3] = "收到和处理|依申请公开|公开申请情况|申请公开情况",
	[PAT_HEADING_4] = "行政复议|行政诉讼",
	[PAT_HEADING_5] = "问题|改进",
	[PAT_HEADING_6] = "其他需要报告|其他事项|需要报告的",
	[PAT_HEADING_NUMERAL] = "^[一二三四五六七八九十]{1,2}(?:[、.,:]|(?![、.,:]))",
	[PAT_TITLE] = "(?:政府信息公开|政务公开|信息公开).*(?:年度报告|年报|工作报告|年度(?:报.|.告))",
	[PAT_TITLE_YEAR] = "^(.*?)((?:19|20)[0-9]{2})\\s*年度?",
	[PAT_EVIDENCE_2021_AD] = "制发件数|废止件数|现行有效件数|收费金额",
	[PAT_EVIDENCE_2019_AD] = "新制作数量|上一?年项目数量|集中采购|新公开数量|对外公开总数",
	[PAT_EVIDENCE_2021_APP] = "不补正|未按收费|缴纳费用",
	[PAT_EVIDENCE_2019_APP] = "其他处理",
	[PAT_UNIT] = "(万元|千元|亿元|元)",
	[PAT_HEADER_WORD] = "^(?:信息内容|申请人情况|法人或其他组织|行政诉讼|第[一二三四五六七八九十]+条"
	                    "第\\([一二三四五六七八九十]+\\)项)$",
	[PAT_ITEM] = "^\\s*(?:[（(]\\s*[一二三四五六七八九十0-9]{1,3}\\s*[）)]"
	             "|[一二三四五六七八九十]{1,3}\\s*、|[0-9]{1,2}\\s*[.．、](?![0-9]))",
	[PAT_RUNNING_TAIL] = "^(?:(?:19|20)[0-9]{2}\\s*年度?)?(?:政府信息公开|政务公开|信息公开)"
	                     "[^。，,；;]{0,12}?(?:年度报告|年报)",
	[PAT_AGENCY] = "(?:局|委员会|委|办公室|办|厅|院|政府|中心|室|所|处|部|署|馆|站|队|"
	               "街道|镇|乡|公司|集团|管委会|会)$",
	[PAT_CLOSED] = "[。！？；：!?;:…][”’）)\"']?\\s*$",
};

const tpl_table *nb_tpl_active(tpl_id id)
{
	return &S_active[id];
}

const tpl_table *nb_tpl_applications(tpl_id id, bool hybrid)
{
	return &S_applications[id == TPL_2021 && hybrid ? 2 : id];
}

const tpl_column *nb_tpl_applicant_columns(size_t *n)
{
	*n = N_OF(S_NB_APPLICANTS);
	return S_NB_APPLICANTS;
}

const tpl_column *nb_tpl_review_columns(size_t *n)
{
	*n = N_OF(S_NB_REVIEW_COLUMNS);
	return S_NB_REVIEW_COLUMNS;
}

const tpl_column *nb_tpl_review_groups(size_t *n)
{
	*n = N_OF(S_review_groups);
	return S_review_groups;
}

/* ---- compilation ---------------------------------------------------------- */

static pcre2_code *S_compile(const char *source, nb_regex_mode mode,
                             nb_error *err)
{
	int code = 0;
	PCRE2_SIZE offset = 0;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)source, PCRE2_ZERO_TERMINATED,
	                               PCRE2_UTF | PCRE2_UCP, &code, &offset,
	                               NULL);
	if (!re) {
		PCRE2_UCHAR message[120];
		pcre2_get_error_message(code, message, sizeof message);
		nb_error_set(err, NB_ERR_IO, 0, "schema pattern %s: %s at %zu",
		             source, (const char *)message, (size_t)offset);
		return NULL;
	}
	if (mode == NB_REGEX_JIT && nb_regex_jit_wanted())
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* optional speed-up */
	return re;
}

static bool S_add(nb_schema *schema, const char *source, nb_error *err)
{
	for (size_t i = 0; i < schema->n_compiled; i++)
		if (schema->compiled[i].source == source)
			return true;
	pcre2_code *re = S_compile(source, nb_normalizer_regex_mode(schema->norm),
	                           err);
	if (!re)
		return false;
	schema->compiled = nb_xrealloc(schema->compiled,
	                               (schema->n_compiled + 1)
	                                       * sizeof *schema->compiled);
	schema->compiled[schema->n_compiled].source = source;
	schema->compiled[schema->n_compiled].code = re;
	schema->n_compiled++;
	return true;
}

static bool S_add_columns(nb_schema *schema, const tpl_column *columns,
                          size_t n, nb_error *err)
{
	for (size_t i = 0; i < n; i++)
		if (!S_add(schema, columns[i].header, err))
			return false;
	return true;
}

static bool S_add_table(nb_schema *schema, const tpl_table *table,
                        nb_error *err)
{
	for (size_t i = 0; i < table->n_rows; i++) {
		const tpl_row *row = &table->rows[i];
		if (!S_add(schema, row->label, err)
		    || !S_add_columns(schema, row->columns, row->n_columns, err))
			return false;
	}
	return true;
}

static int S_by_source(const void *a, const void *b)
{
	const struct compiled *x = a, *y = b;
	uintptr_t px = (uintptr_t)x->source, py = (uintptr_t)y->source;
	return px < py ? -1 : px > py;
}

nb_schema *nb_schema_new(const nb_normalizer *norm, nb_error *err)
{
	nb_schema *schema = nb_xcalloc(1, sizeof *schema);
	schema->norm = norm;
	bool ok = true;
	for (int i = 0; i < PAT_COUNT && ok; i++) {
		schema->named[i] = S_compile(S_named[i],
		                             nb_normalizer_regex_mode(norm), err);
		ok = schema->named[i] != NULL;
	}
	for (size_t t = 0; t < N_OF(S_active) && ok; t++)
		ok = S_add_table(schema, &S_active[t], err);
	for (size_t t = 0; t < N_OF(S_applications) && ok; t++)
		ok = S_add_table(schema, &S_applications[t], err);
	ok = ok
	     && S_add_columns(schema, S_NB_REVIEW_COLUMNS,
	                     N_OF(S_NB_REVIEW_COLUMNS), err)
	     && S_add_columns(schema, S_review_groups, N_OF(S_review_groups), err);
	if (!ok) {
		nb_schema_free(schema);
		return NULL;
	}
	qsort(schema->compiled, schema->n_compiled, sizeof *schema->compiled,
	      S_by_source);
	schema->match_context = pcre2_match_context_create(NULL);
	if (!schema->match_context) {
		nb_error_set(err, NB_ERR_IO, 0, "schema: out of memory");
		nb_schema_free(schema);
		return NULL;
	}
	pcre2_set_match_limit(schema->match_context, MATCH_LIMIT);
	pcre2_set_depth_limit(schema->match_context, DEPTH_LIMIT);
	pcre2_set_heap_limit(schema->match_context, HEAP_LIMIT);
	return schema;
}

void nb_schema_free(nb_schema *schema)
{
	if (!schema)
		return;
	for (int i = 0; i < PAT_COUNT; i++)
		pcre2_code_free(schema->named[i]);
	for (size_t i = 0; i < schema->n_compiled; i++)
		pcre2_code_free(schema->compiled[i].code);
	free(schema->compiled);
	pcre2_match_context_free(schema->match_context);
	free(schema);
}

const pcre2_code *nb_schema_pattern(const nb_schema *schema, const char *source)
{
	struct compiled key = {.source = source};
	const struct compiled *hit = bsearch(&key, schema->compiled,
	                                     schema->n_compiled,
	                                     sizeof *schema->compiled,
	                                     S_by_source);
	return hit ? hit->code : NULL;
}

/* Every subject is normalized text (nb_normalize's output, or pieces and
 * joins of it cut at character boundaries), which is valid UTF-8 by
 * construction: pcre2 is told so and does not check each subject again
 * for every pattern (some 4 % of a web page's instructions).  Builds with
 * NB_CHECK_UTF8 (sanitize, fuzz) check it all the same. */
int nb_schema_exec(const nb_schema *schema, const pcre2_code *re,
                   const char *subject, pcre2_match_data *md)
{
	if (!re || !subject)
		return PCRE2_ERROR_NOMATCH;
#ifdef NB_CHECK_UTF8
	nb_norm_assert_utf8(subject);
#endif
	return pcre2_match(re, (PCRE2_SPTR)subject, PCRE2_ZERO_TERMINATED, 0,
	                   PCRE2_NO_UTF_CHECK, md, schema->match_context);
}

bool nb_schema_match(const nb_schema *schema, const pcre2_code *re,
                     const char *subject, pcre2_match_data *md)
{
	return nb_schema_exec(schema, re, subject, md) >= 0;
}
