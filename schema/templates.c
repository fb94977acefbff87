/*
 * templates.c — both official templates as data, and their compiled form.
 *
 * Every label a report may print for a row, every header a column may carry
 * and every heading, title and evidence pattern lives in the tables below,
 * not in code: adding a label variant is adding an alternative to a pattern.
 * Patterns are pcre2 (UTF + UCP) matched against the compact MATCH form of
 * the text (normalize/normalize.h: full-width punctuation folded to ASCII,
 * quotes folded) with all white space removed and numbering prefixes such as
 * 三、 (一) 1. 1、 (1) stripped from each cell; so a pattern names the words
 * of a label, never its spacing or numbering.  A row pattern is unanchored
 * unless it says ^…$; a row may be matched by an abbreviation (国家秘密 for
 * 1. 属于国家秘密).  nb_schema_new compiles all of it once per process.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schema_internal.h"

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

/* ---- section 二 ------------------------------------------------------- */

static const tpl_column S_ad19_publish[] = {
	{"made", "新制作?|制作数量"},
	{"published", "新公开?"},
	{"total_published", "公开总|对外公开"},
};
static const tpl_column S_ad19_items[] = {
	{"prior_items", "上一?年项目"},
	{"change", "增/?减|增加/减少"},
	{"decisions", "处理决定"},
};
static const tpl_column S_ad19_fees[] = {
	{"prior_items", "上一?年项目"},
	{"change", "增/?减|增加/减少"},
};
static const tpl_column S_ad19_procurement[] = {
	{"projects", "采购项目"},
	{"amount", "总金额|采购金额"},
};

static const tpl_row S_ad2019_rows[] = {
	{"regulations", "规章", S_ad19_publish, 3, -1},
	{"normative_documents", "规范性文件", S_ad19_publish, 3, -1},
	{"licensing", "行政许可", S_ad19_items, 3, -1},
	{"other_services", "对外管理服务|其他对外管理", S_ad19_items, 3, -1},
	{"penalty", "行政处罚", S_ad19_items, 3, -1},
	{"coercion", "行政强制", S_ad19_items, 3, -1},
	{"fees", "事业性收费", S_ad19_fees, 2, -1},
	{"procurement", "集中采购|政府采购", S_ad19_procurement, 2, 1},
};

static const tpl_column S_ad21_documents[] = {
	{"issued", "制发"},
	{"repealed", "废止"},
	{"in_force", "现行有效"},
};
static const tpl_column S_ad21_decisions[] = {
	{"decisions", "处理决定"},
};
static const tpl_column S_ad21_fees[] = {
	{"amount", "收费金额|金额"},
};

static const tpl_row S_ad2021_rows[] = {
	{"regulations", "规章", S_ad21_documents, 3, -1},
	{"normative_documents", "规范性文件", S_ad21_documents, 3, -1},
	{"licensing", "行政许可", S_ad21_decisions, 1, -1},
	{"penalty", "行政处罚", S_ad21_decisions, 1, -1},
	{"coercion", "行政强制", S_ad21_decisions, 1, -1},
	{"fees", "事业性收费", S_ad21_fees, 1, 0},
};

/* ---- section 三 ------------------------------------------------------- */

/* Section 三 is written once, as lists of (key, pattern) applied to a
 * macro: the row tables below and the public key lists
 * (nb_schema_application_rows, nb_schema_applicant_columns) are both made
 * from them, so they cannot disagree. */
#define APP_KEY(key, pattern) key,
#define APP_COLUMN(key, pattern) {key, pattern},

/* header words may be cut where a narrow column wraps them */
#define APPLICANTS(X)                                                         \
	X("natural_person", "^自然人?$")                                       \
	X("commercial_enterprise", "^商业企?业?$")                             \
	X("research_institution", "^科研机?构?$")                              \
	X("nonprofit_organization", "^社会公?益?组?织?$")                      \
	X("legal_service_institution", "^法律服?务?机?构?$")                   \
	X("other_organization", "^其他$")                                      \
	X("total", "^总计$")

static const tpl_column S_applicants[] = {APPLICANTS(APP_COLUMN)};

#define APP_ROW(key, label) {key, label, S_applicants, N_OF(S_applicants), -1},
#define APP_HEAD(X)                                                           \
	X("new_received", "新收")                                              \
	X("carried_over", "上年结转|上年度结转")                               \
	X("granted", "予以公开")                                               \
	X("partially_granted", "部分公开|区分处理")                            \
	X("denied_state_secret", "国家秘密")                                   \
	X("denied_prohibited_by_law", "禁止公开|法律行政法规|其他法律行政")    \
	X("denied_security_stability", "三安全一稳|安全一稳定|危及")           \
	X("denied_third_party", "第三方")                                      \
	X("denied_internal_affairs", "内部事务|三类内部")                      \
	X("denied_process_info", "过程性|四类过程")                            \
	X("denied_enforcement_files", "执法案卷|行政执法案")                   \
	X("denied_query_matters", "查询事项|行政查询")                         \
	X("unavailable_not_held", "不掌握")                                    \
	X("unavailable_needs_creation", "另行制作|没有现成")                   \
	X("unavailable_unclear", "不明确|补正后申请")                          \
	X("rejected_petition", "信访|举报投诉")                                \
	X("rejected_duplicate", "重复申请")                                    \
	X("rejected_publication", "出版物|公开出版|要求提供公开")              \
	X("rejected_excessive", "大量反复|大量申请|无正当理由大量")            \
	X("rejected_confirmation", "确认或重新|重新出具|已获取信息|行政机关确认")
#define APP_OTHER_2019(X) X("other", "其他处理|^其他$")
#define APP_SPLIT_OTHER(X)                                                    \
	X("other_no_correction", "不补正|逾期不补")                            \
	X("other_fee_unpaid", "未按收费|缴纳费用|逾期未缴|逾期未按")
/* 3.其他 alone is other_misc; （六）其他处理 is only the group label */
#define APP_OTHER_MISC(X) X("other_misc", "^其他(情形)?$")
/* the hybrid layout: the single （六）其他处理 row holds other_misc */
#define APP_OTHER_MISC_HYBRID(X) X("other_misc", "^(其他处理)?其他(处理|情形)?$")
#define APP_TAIL(X)                                                           \
	X("outcome_total", "总计|合计")                                        \
	X("carried_forward", "结转下年|下年度继续|继续办理")

static const tpl_row S_app2019_rows[] = {
	APP_HEAD(APP_ROW) APP_OTHER_2019(APP_ROW) APP_TAIL(APP_ROW)
};
static const tpl_row S_app2021_rows[] = {
	APP_HEAD(APP_ROW) APP_SPLIT_OTHER(APP_ROW) APP_OTHER_MISC(APP_ROW)
	APP_TAIL(APP_ROW)
};
static const tpl_row S_app2021_hybrid_rows[] = {
	APP_HEAD(APP_ROW) APP_SPLIT_OTHER(APP_ROW) APP_OTHER_MISC_HYBRID(APP_ROW)
	APP_TAIL(APP_ROW)
};

/* ---- section 四 ------------------------------------------------------- */

static const tpl_column S_review_columns[] = {
	{"upheld", "维持"},
	{"corrected", "纠正"},
	{"other", "^其他(结果)?$"},
	{"pending", "尚未|审结"},
	{"total", "^总计$"},
};

static const tpl_column S_review_groups[] = {
	{"administrative_review", "行政复议"},
	{"litigation_direct", "未经复议|直接起诉"},
	{"litigation_after_review", "复议后起诉"},
};

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
	[PAT_TITLE] = "(?:政府信息公开|政务公开|信息公开).*(?:年度报告|年报|工作报告)",
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
	*n = N_OF(S_applicants);
	return S_applicants;
}

const tpl_column *nb_tpl_review_columns(size_t *n)
{
	*n = N_OF(S_review_columns);
	return S_review_columns;
}

const tpl_column *nb_tpl_review_groups(size_t *n)
{
	*n = N_OF(S_review_groups);
	return S_review_groups;
}

/* ---- public key lists ----------------------------------------------------- */

static const char *const S_app_keys2019[] = {
	APP_HEAD(APP_KEY) APP_OTHER_2019(APP_KEY) APP_TAIL(APP_KEY) NULL,
};
static const char *const S_app_keys2021[] = {
	APP_HEAD(APP_KEY) APP_SPLIT_OTHER(APP_KEY) APP_OTHER_MISC(APP_KEY)
	APP_TAIL(APP_KEY) NULL,
};
static const char *const S_applicant_keys[] = {APPLICANTS(APP_KEY) NULL};

const char *const *nb_schema_application_rows(const char *template_name)
{
	if (!template_name)
		return NULL;
	if (strcmp(template_name, "2019") == 0)
		return S_app_keys2019;
	if (strcmp(template_name, "2021") == 0)
		return S_app_keys2021;
	return NULL;
}

const char *const *nb_schema_applicant_columns(void)
{
	return S_applicant_keys;
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
	     && S_add_columns(schema, S_review_columns, N_OF(S_review_columns), err)
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

int nb_schema_exec(const nb_schema *schema, const pcre2_code *re,
                   const char *subject, pcre2_match_data *md)
{
	if (!re || !subject)
		return PCRE2_ERROR_NOMATCH;
	return pcre2_match(re, (PCRE2_SPTR)subject, PCRE2_ZERO_TERMINATED, 0, 0,
	                   md, schema->match_context);
}

bool nb_schema_match(const nb_schema *schema, const pcre2_code *re,
                     const char *subject, pcre2_match_data *md)
{
	return nb_schema_exec(schema, re, subject, md) >= 0;
}
