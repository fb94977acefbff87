/*
 * test_schema.c — unit tests of nb_schema_build through the public header.
 *
 * Documents are built by hand, line by line, so each test states exactly
 * what the schema stage sees: cells with their x positions, as the text
 * reader (tab fields, or display columns) or the PDF reader would give
 * them.  A base report of each template is written once; tests then edit
 * its lines (a label variant, a wrapped label, a missing cell) and check
 * the cells, the template, the diagnostics and the errors that follow.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "nianbao.h"
#include "schema/schema_internal.h"

/* ---- fixture: normalizer and compiled schema, built once ---- */

typedef struct fixture {
	nb_normalizer *norm;
	nb_schema *schema;
} fixture;

static int S_setup(void **state)
{
	fixture *fx = calloc(1, sizeof *fx);
	nb_error err = {0};
	fx->norm = nb_normalizer_new(NB_REGEX_JIT, &err);
	fx->schema = fx->norm ? nb_schema_new(fx->norm, &err) : NULL;
	if (!fx->schema)
		return -1;
	*state = fx;
	return 0;
}

static int S_teardown(void **state)
{
	fixture *fx = *state;
	nb_schema_free(fx->schema);
	nb_normalizer_free(fx->norm);
	free(fx);
	return 0;
}

/* ---- a report as editable lines ---- */

enum { MAX_LINES = 600 };

typedef struct lines {
	char *items[MAX_LINES];
	size_t n;
} lines;

static void L_free(lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	l->n = 0;
}

static void L_add(lines *l, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	assert_true(l->n < MAX_LINES);
	l->items[l->n++] = strdup(buf);
}

static size_t L_find(const lines *l, const char *needle)
{
	for (size_t i = 0; i < l->n; i++)
		if (strstr(l->items[i], needle))
			return i;
	fail_msg("no line contains %s", needle);
	return 0;
}

/* Replace the first line containing `needle` by `count` lines. */
static void L_replace(lines *l, const char *needle, size_t count, ...)
{
	size_t at = L_find(l, needle);
	free(l->items[at]);
	assert_true(l->n - 1 + count <= MAX_LINES);
	memmove(&l->items[at + count], &l->items[at + 1],
	        (l->n - at - 1) * sizeof *l->items);
	l->n = l->n - 1 + count;
	va_list ap;
	va_start(ap, count);
	for (size_t i = 0; i < count; i++)
		l->items[at + i] = strdup(va_arg(ap, const char *));
	va_end(ap);
}

/* Insert `count` lines before the first line containing `needle`. */
static void L_insert_before(lines *l, const char *needle, size_t count, ...)
{
	size_t at = L_find(l, needle);
	assert_true(l->n + count <= MAX_LINES);
	memmove(&l->items[at + count], &l->items[at],
	        (l->n - at) * sizeof *l->items);
	l->n += count;
	va_list ap;
	va_start(ap, count);
	for (size_t i = 0; i < count; i++)
		l->items[at + i] = strdup(va_arg(ap, const char *));
	va_end(ap);
}

/* Drop every line from the one containing `needle` on. */
static void L_cut_from(lines *l, const char *needle)
{
	size_t at = L_find(l, needle);
	for (size_t i = at; i < l->n; i++)
		free(l->items[i]);
	l->n = at;
}

static const char *const S_rows2019[] = {
	"一、本年新收政府信息公开申请数量\t", "二、上年结转政府信息公开申请数量\t",
	"三、本年度办理结果\t（一）予以公开",
	"\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
	"\t（三）不予公开", /* group label, no values */
	"\t1.属于国家秘密", "\t2.其他法律行政法规禁止公开",
	"\t3.危及“三安全一稳定”", "\t4.保护第三方合法权益",
	"\t5.属于三类内部事务信息", "\t6.属于四类过程性信息",
	"\t7.属于行政执法案卷", "\t8.属于行政查询事项",
	"（四）无法提供\t1.本机关不掌握相关政府信息",
	"\t2.没有现成信息需要另行制作", "\t3.补正后申请内容仍不明确",
	"（五）不予处理\t1.信访举报投诉类申请", "\t2.重复申请",
	"\t3.要求提供公开出版物", "\t4.无正当理由大量反复申请",
	"\t5.要求行政机关确认或重新出具已获取信息",
	"（六）其他处理\t", "（七）总计\t", "四、结转下年度继续办理\t",
	NULL,
};

static const char *const S_rows2021_other[] = {
	"（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
	"\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
	"\t3.其他",
	NULL,
};

/* Row n of 三 gets values (n, 0, 0, 0, 0, 1, n + 1): every row differs,
 * so a number put into the wrong row or column is seen. */
static void S_app_row(lines *l, const char *label, int n)
{
	L_add(l, "%s\t%d\t0\t0\t0\t0\t1\t%d", label, n, n + 1);
}

static void S_head(lines *l, int year, const char *agency)
{
	L_add(l, "%s", agency);
	L_add(l, "%d 年政府信息公开工作年度报告", year);
	L_add(l, "");
	L_add(l, "一、总体情况");
	L_add(l, "本机关全面落实条例。");
	L_add(l, "（一）主动公开情况。公开信息25条。");
	L_add(l, "");
}

static void S_applications(lines *l, bool split_other)
{
	L_add(l, "三、收到和处理政府信息公开申请情况");
	L_add(l, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t申请人情况");
	L_add(l, "\t\t自然人\t法人或其他组织");
	L_add(l, "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计");
	int n = 1;
	for (size_t i = 0; S_rows2019[i]; i++) {
		if (strstr(S_rows2019[i], "不予公开")) {
			L_add(l, "%s", S_rows2019[i]);
			continue;
		}
		if (split_other && strstr(S_rows2019[i], "其他处理")) {
			for (size_t k = 0; S_rows2021_other[k]; k++)
				S_app_row(l, S_rows2021_other[k], n++);
			continue;
		}
		S_app_row(l, S_rows2019[i], n++);
	}
}

static void S_tail(lines *l)
{
	L_add(l, "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况");
	L_add(l, "行政复议\t\t\t\t\t行政诉讼");
	L_add(l, "\t\t\t\t\t未经复议直接起诉\t\t\t\t\t复议后起诉");
	L_add(l, "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t"
	         "其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计");
	L_add(l, "1\t2\t3\t4\t10\t0\t0\t0\t0\t0\t5\t0\t0\t0\t5");
	L_add(l, "五、存在的主要问题及改进情况");
	L_add(l, "一是公开深度不够。");
	L_add(l, "二是解读形式单一。");
	L_add(l, "六、其他需要报告的事项");
	L_add(l, "无。");
}

static void S_report2019_as(lines *l, int year, const char *agency)
{
	S_head(l, year, agency);
	L_add(l, "二、主动公开政府信息情况");
	L_add(l, "第二十条第（一）项");
	L_add(l, "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量");
	L_add(l, "规章\t1\t2\t3");
	L_add(l, "规范性文件\t4\t5\t6");
	L_add(l, "第二十条第（五）项");
	L_add(l, "信息内容\t上一年项目数量\t本年增/减\t处理决定数量");
	L_add(l, "行政许可\t7\t-3\t9");
	L_add(l, "其他对外管理服务事项\t10\t0\t11");
	L_add(l, "第二十条第（六）项");
	L_add(l, "信息内容\t上一年项目数量\t本年增/减\t处理决定数量");
	L_add(l, "行政处罚\t12\t1\t13");
	L_add(l, "行政强制\t14\t0\t15");
	L_add(l, "第二十条第（八）项");
	L_add(l, "信息内容\t上一年项目数量\t本年增/减");
	L_add(l, "行政事业性收费\t16\t-2");
	L_add(l, "第二十条第（九）项");
	L_add(l, "信息内容\t采购项目数量\t采购总金额");
	L_add(l, "政府集中采购\t3\t495（万元）");
	S_applications(l, false);
	S_tail(l);
}

static void S_report2019(lines *l)
{
	S_report2019_as(l, 2020, "吴忠市商务和投资促进局");
}

static void S_report2021(lines *l)
{
	S_head(l, 2022, "西峡县人民政府办公室");
	L_add(l, "二、主动公开政府信息情况");
	L_add(l, "第二十条第（一）项");
	L_add(l, "信息内容\t本年制发件数\t本年废止件数\t现行有效件数");
	L_add(l, "规章\t1\t2\t3");
	L_add(l, "行政规范性文件\t4\t5\t6");
	L_add(l, "第二十条第（五）项");
	L_add(l, "信息内容\t本年处理决定数量");
	L_add(l, "行政许可\t7");
	L_add(l, "第二十条第（六）项");
	L_add(l, "信息内容\t本年处理决定数量");
	L_add(l, "行政处罚\t8");
	L_add(l, "行政强制\t9");
	L_add(l, "第二十条第（八）项");
	L_add(l, "信息内容\t本年收费金额（单位：万元）");
	L_add(l, "行政事业性收费\t4068.208");
	S_applications(l, true);
	S_tail(l);
}

/* ---- documents ---- */

static size_t S_codepoints(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/*
 * A document from lines: cells are the tab fields; a field may start with
 * "@X:" to set its x.  FIELDS units: x = field index, width 1.  COLUMNS
 * units: x = 10 × field index unless set, width = its characters.
 */
static nb_doc *S_doc(const lines *l, nb_units units)
{
	nb_arena *arena = nb_arena_new();
	nb_doc *doc = nb_arena_alloc(arena, sizeof *doc);
	doc->arena = arena;
	doc->kind = NB_SOURCE_TEXT;
	doc->units = units;
	doc->n_lines = l->n;
	doc->lines = nb_arena_alloc(doc->arena, (l->n + 1) * sizeof *doc->lines);
	for (size_t i = 0; i < l->n; i++) {
		nb_line *line = &doc->lines[i];
		line->page = 1;
		line->y0 = (double)i;
		line->y1 = (double)i + 1;
		line->cells = nb_arena_alloc(doc->arena, 64 * sizeof *line->cells);
		const char *p = l->items[i];
		for (size_t field = 0; p; field++) {
			const char *tab = strchr(p, '\t');
			size_t len = tab ? (size_t)(tab - p) : strlen(p);
			char *text = nb_arena_strndup(doc->arena, p, len);
			p = tab ? tab + 1 : NULL;
			if (!*text)
				continue;
			double x0 = units == NB_UNITS_FIELDS ? (double)field
			                                     : 10.0 * (double)field;
			if (text[0] == '@') {
				char *colon = strchr(text, ':');
				x0 = strtod(text + 1, NULL);
				text = colon + 1;
			}
			nb_cell *cell = &line->cells[line->n_cells++];
			cell->text = cell->raw = text;
			cell->x0 = x0;
			cell->x1 = x0 + (units == NB_UNITS_FIELDS
			                         ? 1.0
			                         : (double)S_codepoints(text));
			cell->y0 = line->y0;
			cell->y1 = line->y1;
		}
	}
	return doc;
}

static void S_doc_free(nb_doc *doc)
{
	nb_doc_free(doc); /* the doc lives in its own arena */
}

static json_t *S_build_units(void **state, const lines *l, nb_units units,
                             int flags, nb_status *status)
{
	fixture *fx = *state;
	nb_doc *doc = S_doc(l, units);
	/* the schema reads grids: the lines' grid, as normalize makes it */
	nb_normalize_grids(fx->norm, doc);
	nb_source source = {.file = "report.txt", .sha256 = "00"};
	json_t *out = NULL;
	nb_error err = {0};
	*status = nb_schema_build_with(fx->schema, doc, &source, flags, &out, &err);
	S_doc_free(doc);
	if (*status != NB_OK) {
		assert_null(out);
		assert_int_equal(err.status, *status);
		assert_true(err.message[0] != '\0');
	}
	return out;
}

/* The same, the document's page 1 read by OCR, each line with tesseract's
 * `confidence`. */
static json_t *S_build_ocr(void **state, const lines *l, double confidence)
{
	fixture *fx = *state;
	nb_doc *doc = S_doc(l, NB_UNITS_FIELDS);
	for (size_t i = 0; i < doc->n_lines; i++) {
		doc->lines[i].ocr = true;
		doc->lines[i].ocr_confidence = confidence;
	}
	doc->kind = NB_SOURCE_IMAGE;
	doc->n_ocr_pages = 1;
	doc->ocr_pages = nb_arena_alloc(doc->arena, sizeof *doc->ocr_pages);
	doc->ocr_pages[0] = 1;
	nb_normalize_grids(fx->norm, doc);
	nb_source source = {.file = "scan.png", .sha256 = "00"};
	json_t *out = NULL;
	nb_error err = {0};
	assert_int_equal(nb_schema_build_with(fx->schema, doc, &source, 0, &out,
	                                      &err), NB_OK);
	S_doc_free(doc);
	return out;
}

static json_t *S_build(void **state, const lines *l)
{
	nb_status status;
	json_t *out = S_build_units(state, l, NB_UNITS_FIELDS, 0, &status);
	assert_int_equal(status, NB_OK);
	assert_non_null(out);
	return out;
}

/* ---- assertions on the JSON ---- */

static const json_t *S_at(const json_t *report, const char *table,
                          const char *row, const char *column)
{
	const json_t *obj = json_object_get(report, table);
	if (row)
		obj = json_object_get(obj, row);
	if (column)
		obj = json_object_get(obj, column);
	return obj;
}

static const char *S_str(const json_t *report, const char *key)
{
	const char *value = json_string_value(json_object_get(report, key));
	if (!value)
		fail_msg("%s: not a string", key);
	return value;
}

static void S_num(const json_t *report, const char *table, const char *row,
                  const char *column, double expected)
{
	const json_t *cell = S_at(report, table, row, column);
	if (!json_is_number(cell))
		fail_msg("%s.%s.%s: not a number", table, row, column);
	if (json_number_value(cell) != expected)
		fail_msg("%s.%s.%s: expected %g, got %g", table, row, column,
		         expected, json_number_value(cell));
}

static void S_null(const json_t *report, const char *table, const char *row,
                   const char *column)
{
	const json_t *cell = S_at(report, table, row, column);
	if (!json_is_null(cell))
		fail_msg("%s.%s.%s: expected null", table, row, column);
}

static size_t S_diags(const json_t *report, const char *level,
                      const char *code)
{
	size_t n = 0, i;
	const json_t *diag;
	json_array_foreach(json_object_get(report, "diagnostics"), i, diag)
		n += !strcmp(json_string_value(json_object_get(diag, "code")), code)
		     && !strcmp(json_string_value(json_object_get(diag, "level")),
		                level);
	return n;
}

static void S_app(const json_t *report, const char *row, int n)
{
	S_num(report, "applications", row, "natural_person", n);
	S_num(report, "applications", row, "commercial_enterprise", 0);
	S_num(report, "applications", row, "other_organization", 1);
	S_num(report, "applications", row, "total", n + 1);
}

static const char *const S_keys2019[] = {
	"new_received", "carried_over", "granted", "partially_granted",
	"denied_state_secret", "denied_prohibited_by_law",
	"denied_security_stability", "denied_third_party",
	"denied_internal_affairs", "denied_process_info",
	"denied_enforcement_files", "denied_query_matters",
	"unavailable_not_held", "unavailable_needs_creation",
	"unavailable_unclear", "rejected_petition", "rejected_duplicate",
	"rejected_publication", "rejected_excessive", "rejected_confirmation",
	"other", "outcome_total", "carried_forward", NULL,
};

static const char *const S_keys2021[] = {
	"new_received", "carried_over", "granted", "partially_granted",
	"denied_state_secret", "denied_prohibited_by_law",
	"denied_security_stability", "denied_third_party",
	"denied_internal_affairs", "denied_process_info",
	"denied_enforcement_files", "denied_query_matters",
	"unavailable_not_held", "unavailable_needs_creation",
	"unavailable_unclear", "rejected_petition", "rejected_duplicate",
	"rejected_publication", "rejected_excessive", "rejected_confirmation",
	"other_no_correction", "other_fee_unpaid", "other_misc",
	"outcome_total", "carried_forward", NULL,
};

/* ---- tests ---- */

static void test_2019_report(void **state)
{
	lines l = {0};
	S_report2019(&l);
	json_t *r = S_build(state, &l);
	assert_string_equal(json_string_value(json_object_get(r, "template")), "2019");
	assert_string_equal(json_string_value(json_object_get(r, "agency")),
	                    "吴忠市商务和投资促进局");
	assert_int_equal(json_integer_value(json_object_get(r, "year")), 2020);
	S_num(r, "active_disclosure", "regulations", "made", 1);
	S_num(r, "active_disclosure", "normative_documents", "total_published", 6);
	S_num(r, "active_disclosure", "licensing", "change", -3);
	S_num(r, "active_disclosure", "other_services", "decisions", 11);
	S_num(r, "active_disclosure", "coercion", "prior_items", 14);
	S_num(r, "active_disclosure", "fees", "change", -2);
	assert_null(S_at(r, "active_disclosure", "fees", "decisions"));
	S_num(r, "active_disclosure", "procurement", "projects", 3);
	S_num(r, "active_disclosure", "procurement", "amount", 495);
	assert_true(json_is_integer(S_at(r, "active_disclosure", "procurement", "amount")));
	for (size_t i = 0; S_keys2019[i]; i++)
		S_app(r, S_keys2019[i], (int)i + 1);
	assert_null(S_at(r, "applications", "other_misc", NULL));
	S_num(r, "reviews", "administrative_review", "pending", 4);
	S_num(r, "reviews", "administrative_review", "total", 10);
	S_num(r, "reviews", "litigation_after_review", "upheld", 5);
	assert_int_equal(json_array_size(json_object_get(r, "diagnostics")), 0);
	assert_int_equal(json_array_size(json_object_get(r, "checks")), 40);
	const json_t *sections = json_object_get(r, "sections");
	assert_string_equal(json_string_value(json_object_get(sections, "overview")),
	                    "本机关全面落实条例。\n（一）主动公开情况。公开信息25条。");
	assert_string_equal(json_string_value(json_object_get(sections, "problems")),
	                    "一是公开深度不够。\n二是解读形式单一。");
	assert_string_equal(json_string_value(json_object_get(sections, "other")), "无。");
	json_decref(r);
	L_free(&l);
}

static void test_key_order_and_source(void **state)
{
	lines l = {0};
	S_report2019(&l);
	json_t *r = S_build(state, &l);
	static const char *const keys[] = {
		"schema_version", "generator", "source", "agency", "year",
		"template", "active_disclosure", "applications", "reviews",
		"sections", "checks", "diagnostics",
	};
	size_t k = 0;
	const char *key;
	json_t *value;
	json_object_foreach(r, key, value) {
		assert_true(k < 12);
		assert_string_equal(key, keys[k++]);
	}
	assert_int_equal(k, 12);
	/* what wrote it: nianbao, its version, the commit when built from git */
	const json_t *generator = json_object_get(r, "generator");
	assert_string_equal(json_string_value(json_object_get(generator, "name")), "nianbao");
	assert_string_equal(json_string_value(json_object_get(generator, "version")), NB_VERSION);
	if (nb_build_commit())
		assert_string_equal(json_string_value(json_object_get(generator, "commit")),
		                    nb_build_commit());
	else
		assert_null(json_object_get(generator, "commit"));
	const json_t *source = json_object_get(r, "source");
	assert_string_equal(json_string_value(json_object_get(source, "file")), "report.txt");
	assert_string_equal(json_string_value(json_object_get(source, "kind")), "text");
	assert_true(json_is_null(json_object_get(source, "pages")));
	assert_true(json_is_null(json_object_get(source, "producer")));
	assert_string_equal(json_string_value(json_object_get(r, "schema_version")), "1");
	json_decref(r);
	L_free(&l);
}

static void test_2021_report_and_decimal(void **state)
{
	lines l = {0};
	S_report2021(&l);
	json_t *r = S_build(state, &l);
	assert_string_equal(json_string_value(json_object_get(r, "template")), "2021");
	S_num(r, "active_disclosure", "regulations", "issued", 1);
	S_num(r, "active_disclosure", "normative_documents", "in_force", 6);
	S_num(r, "active_disclosure", "licensing", "decisions", 7);
	S_num(r, "active_disclosure", "coercion", "decisions", 9);
	S_num(r, "active_disclosure", "fees", "amount", 4068.208);
	assert_null(S_at(r, "active_disclosure", "other_services", NULL));
	assert_null(S_at(r, "active_disclosure", "procurement", NULL));
	assert_null(S_at(r, "applications", "other", NULL));
	S_app(r, "other_no_correction", 21);
	S_app(r, "other_fee_unpaid", 22);
	S_app(r, "other_misc", 23);
	S_app(r, "outcome_total", 24);
	S_app(r, "carried_forward", 25);
	assert_int_equal(json_array_size(json_object_get(r, "diagnostics")), 0);
	assert_int_equal(json_array_size(json_object_get(r, "checks")), 42);
	/* the dump flag the CLI uses prints the decimal without float noise */
	char *text = json_dumps(r, JSON_COMPACT | JSON_REAL_PRECISION(15));
	assert_non_null(strstr(text, "\"amount\":4068.208}"));
	free(text);
	json_decref(r);
	L_free(&l);
}

static void test_hybrid(void **state)
{
	lines l = {0};
	S_report2021(&l);
	L_replace(&l, "逾期不补正", 1, "（六）其他处理\t\t21\t0\t0\t0\t0\t1\t22");
	L_replace(&l, "逾期未按收费", 0);
	L_replace(&l, "\t3.其他\t", 0);
	json_t *r = S_build(state, &l);
	assert_string_equal(json_string_value(json_object_get(r, "template")), "2021");
	S_app(r, "other_misc", 21);
	S_null(r, "applications", "other_no_correction", "natural_person");
	S_null(r, "applications", "other_fee_unpaid", "total");
	assert_int_equal(S_diags(r, "warning", "other_unsplit"), 1);
	assert_int_equal(S_diags(r, "warning", "row_not_found"), 0);
	json_decref(r);
	L_free(&l);
}

static void test_late_adopter_by_labels(void **state)
{
	lines l = {0};
	S_report2019(&l);
	L_replace(&l, "年政府信息公开工作年度报告", 1, "2021年政府信息公开工作年度报告");
	json_t *r = S_build(state, &l);
	assert_int_equal(json_integer_value(json_object_get(r, "year")), 2021);
	assert_string_equal(json_string_value(json_object_get(r, "template")), "2019");
	assert_int_equal(S_diags(r, "info", "template_by_year"), 0);
	json_decref(r);
	L_free(&l);
}

static void test_template_by_year(void **state)
{
	lines l = {0};
	S_report2019(&l);
	/* no label of either template's own: headers and （六） row gone */
	L_replace(&l, "本年新制作数量", 0);
	L_replace(&l, "上一年项目数量", 0);
	L_replace(&l, "上一年项目数量", 0);
	L_replace(&l, "上一年项目数量", 0);
	L_replace(&l, "采购项目数量", 0);
	L_replace(&l, "政府集中采购", 0);
	L_replace(&l, "其他处理", 0);
	json_t *r = S_build(state, &l);
	assert_string_equal(json_string_value(json_object_get(r, "template")), "2019");
	assert_int_equal(S_diags(r, "info", "template_by_year"), 1);
	S_num(r, "active_disclosure", "licensing", "decisions", 9);
	json_decref(r);
	L_free(&l);
}

static void test_label_variants(void **state)
{
	lines l = {0};
	S_report2019(&l);
	L_replace(&l, "规章\t", 1, "规章（县级无此项）\t1\t2\t3");
	L_replace(&l, "行政许可\t", 1, "行 政 许 可\t7\t-3\t9");
	L_replace(&l, "属于国家秘密", 1, "\t（1）国家秘密\t5\t0\t0\t0\t0\t1\t6");
	L_replace(&l, "禁止公开", 1, "\t2、其他法律行政法规禁止公开\t6\t0\t0\t0\t0\t1\t7");
	L_replace(&l, "三安全一稳定", 1, "\t3．危及「三安全一稳定」\t7\t0\t0\t0\t0\t1\t8");
	L_replace(&l, "部分公开", 1, "\t(二)部分公开\t4\t0\t0\t0\t0\t1\t5");
	L_replace(&l, "重复申请", 1, "\t2. 重 复 申 请\t17\t0\t0\t0\t0\t1\t18");
	L_replace(&l, "大量反复", 1, "\t4.大量反复申请\t19\t0\t0\t0\t0\t1\t20");
	json_t *r = S_build(state, &l);
	S_num(r, "active_disclosure", "regulations", "total_published", 3);
	S_num(r, "active_disclosure", "licensing", "change", -3);
	for (size_t i = 0; S_keys2019[i]; i++)
		S_app(r, S_keys2019[i], (int)i + 1);
	assert_int_equal(json_array_size(json_object_get(r, "diagnostics")), 0);
	json_decref(r);
	L_free(&l);
}

static void test_wrapped_label_numbers_on_middle_line(void **state)
{
	lines l = {0};
	S_report2019(&l);
	L_replace(&l, "部分公开", 3, "\t（二）部分公开（区分处理的，",
	          "\t只计这一情形，不计其他\t4\t0\t0\t0\t0\t1\t5", "\t情形）");
	L_replace(&l, "确认或重新", 3, "\t5.要求行政机关确认或",
	          "\t重新出具已获\t20\t0\t0\t0\t0\t1\t21", "\t取信息");
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_COLUMNS, 0, &status);
	assert_int_equal(status, NB_OK);
	for (size_t i = 0; S_keys2019[i]; i++)
		S_app(r, S_keys2019[i], (int)i + 1);
	assert_int_equal(json_array_size(json_object_get(r, "diagnostics")), 0);
	json_decref(r);
	L_free(&l);
}

static void test_label_completed_after_numbers(void **state)
{
	lines l = {0};
	S_report2019(&l);
	/* the words that name the row come after its numbers */
	L_replace(&l, "补正后申请内容", 3, "\t3.申请内容仍",
	          "\t\t15\t0\t0\t0\t0\t1\t16", "\t不明确");
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_COLUMNS, 0, &status);
	S_app(r, "unavailable_unclear", 15);
	S_app(r, "rejected_petition", 16);
	assert_int_equal(json_array_size(json_object_get(r, "diagnostics")), 0);
	json_decref(r);
	L_free(&l);
}

static void test_merged_group_cell_interleaved(void **state)
{
	lines l = {0};
	S_report2019(&l);
	/* the group cell （三）不予公开 wraps beside the item cell 5.属于… */
	L_replace(&l, "内部事务", 3, "@0:（三）", "@0:不予公\t@10:5.属于三类内部",
	          "@0:开\t@10:事务信息\t9\t0\t0\t0\t0\t1\t10");
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_COLUMNS, 0, &status);
	for (size_t i = 0; S_keys2019[i]; i++)
		S_app(r, S_keys2019[i], (int)i + 1);
	json_decref(r);
	L_free(&l);
}

static void test_group_label_beside_blank_row(void **state)
{
	lines l = {0};
	S_report2021(&l);
	/* 2.申请人逾期… then the merged （六）其他处理 cell, then the numbers */
	L_replace(&l, "逾期未按收费", 3, "\t2.申请人逾期未按收费通知",
	          "（六）其他处理", "\t要求缴纳费用、行政机关不再处理\t22\t0\t0\t0\t0\t1\t23");
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_COLUMNS, 0, &status);
	S_app(r, "other_no_correction", 21);
	S_app(r, "other_fee_unpaid", 22);
	S_app(r, "other_misc", 23);
	assert_int_equal(json_array_size(json_object_get(r, "diagnostics")), 0);
	json_decref(r);
	L_free(&l);
}

static void test_group_and_item_label_one_space_apart(void **state)
{
	lines l = {0};
	S_report2019(&l);
	/* a narrow table: the group label and the item label share a cell,
	 * and the row label ends after its numbers */
	L_replace(&l, "大量反复", 2, "@0:（五） 4、无正当理由大\t\t19\t0\t0\t0\t0\t1\t20",
	          "@0:不予处 量反复申请");
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_COLUMNS, 0, &status);
	S_app(r, "rejected_excessive", 19);
	S_app(r, "rejected_confirmation", 20);
	assert_int_equal(json_array_size(json_object_get(r, "diagnostics")), 0);
	json_decref(r);
	L_free(&l);
}

static void test_numbers_on_their_own_line(void **state)
{
	lines l = {0};
	S_report2019(&l);
	L_replace(&l, "结转下年度", 2, "四、结转下年度继续办理",
	          "\t\t23\t0\t0\t0\t0\t1\t24");
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_COLUMNS, 0, &status);
	S_app(r, "carried_forward", 23);
	S_app(r, "outcome_total", 22);
	json_decref(r);
	L_free(&l);
}

static void test_blank_row_printed_empty(void **state)
{
	lines l = {0};
	S_report2019(&l);
	/* tab text drops empty fields: the row is its label alone */
	L_replace(&l, "上年结转", 1, "二、上年结转政府信息公开申请数量");
	json_t *r = S_build(state, &l);
	S_null(r, "applications", "carried_over", "natural_person");
	S_null(r, "applications", "carried_over", "total");
	S_app(r, "granted", 3);
	assert_int_equal(S_diags(r, "warning", "row_not_found"), 0);
	json_decref(r);
	L_free(&l);
}

static void test_missing_cells_placed_by_x(void **state)
{
	lines l = {0};
	S_report2019(&l);
	L_replace(&l, "本年新收", 1, "一、本年新收政府信息公开申请数量\t\t1\t\t\t\t\t1\t2");
	L_replace(&l, "予以公开", 1, "三、本年度办理结果\t（一）予以公开\t\t\t\t\t\t\t3");
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_COLUMNS, 0, &status);
	S_num(r, "applications", "new_received", "natural_person", 1);
	S_null(r, "applications", "new_received", "commercial_enterprise");
	S_null(r, "applications", "new_received", "legal_service_institution");
	S_num(r, "applications", "new_received", "other_organization", 1);
	S_num(r, "applications", "new_received", "total", 2);
	S_null(r, "applications", "granted", "natural_person");
	S_num(r, "applications", "granted", "total", 3);
	assert_int_equal(S_diags(r, "warning", "row_columns_mismatch"), 0);
	json_decref(r);
	L_free(&l);
}

/* The field of the one diagnostic with this code (NULL if none or several). */
/* How many diagnostics `code` name `field`. */
static size_t S_diag_count(const json_t *report, const char *code,
                           const char *field)
{
	size_t n = 0, i;
	const json_t *d;
	json_array_foreach(json_object_get(report, "diagnostics"), i, d)
		if (!strcmp(json_string_value(json_object_get(d, "code")), code)
		    && json_is_string(json_object_get(d, "field"))
		    && !strcmp(json_string_value(json_object_get(d, "field")), field))
			n++;
	return n;
}

static const char *S_diag_field(const json_t *report, const char *code)
{
	const char *field = NULL;
	size_t i, n = 0;
	json_t *d;
	json_array_foreach(json_object_get(report, "diagnostics"), i, d)
		if (!strcmp(json_string_value(json_object_get(d, "code")), code)) {
			field = json_string_value(json_object_get(d, "field"));
			n++;
		}
	return n == 1 ? field : NULL;
}

/* With no column header read, a row with fewer numbers than columns is
 * placed by the positions of complete rows: each placed cell says so, and
 * the row too, since its other cells are taken as blank on no header's
 * word. */
static void test_placed_by_position_flags_row(void **state)
{
	lines l = {0};
	S_report2019(&l);
	L_replace(&l, "申请人情况", 0);
	L_replace(&l, "法人或其他组织", 0);
	L_replace(&l, "商业企业", 0);
	L_replace(&l, "本年新收", 1, "一、本年新收政府信息公开申请数量\t\t1\t\t\t\t\t1\t2");
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_COLUMNS, 0, &status);
	assert_int_equal(status, NB_OK);
	S_num(r, "applications", "new_received", "natural_person", 1);
	S_null(r, "applications", "new_received", "commercial_enterprise");
	assert_int_equal(S_diags(r, "warning", "value_placed_by_position"), 3);
	assert_string_equal(S_diag_field(r, "row_columns_doubtful"),
	                    "applications.new_received");
	json_decref(r);
	L_free(&l);
}

/* A row with fewer numbers than columns, one column off (the 1 of 自然人
 * printed under 商业企业): its 总计 still adds up, but the columns'
 * checks do not, so the row is flagged, never silently shifted. */
static void test_shifted_partial_row_flagged(void **state)
{
	lines l = {0};
	S_report2019(&l);
	L_replace(&l, "本年新收", 1, "一、本年新收政府信息公开申请数量\t\t\t1\t\t\t\t1\t2");
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_COLUMNS, 0, &status);
	S_null(r, "applications", "new_received", "natural_person");
	S_num(r, "applications", "new_received", "commercial_enterprise", 1);
	assert_int_equal(S_diags(r, "warning", "row_columns_doubtful"), 1);
	assert_string_equal(S_diag_field(r, "row_columns_doubtful"),
	                    "applications.new_received");
	json_decref(r);
	L_free(&l);
}

static void test_missing_cells_off_header_by_a_little(void **state)
{
	lines l = {0};
	S_report2019(&l);
	/* a row set 3 columns right of its header still finds its cells */
	L_replace(&l, "本年新收", 1,
	          "一、本年新收政府信息公开申请数量\t@23:1\t@73:1\t@83:2");
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_COLUMNS, 0, &status);
	S_num(r, "applications", "new_received", "natural_person", 1);
	S_num(r, "applications", "new_received", "other_organization", 1);
	S_num(r, "applications", "new_received", "total", 2);
	json_decref(r);
	L_free(&l);
}

/* A column header OCR garbled (商业企业 read as 业企漠) in a table whose rows
 * leave a cell blank: the column is placed between its neighbours whose
 * headers were read, and said — a number in it gets
 * value_placed_by_position, a blank in it row_columns_doubtful, each
 * naming the cell; the other cells are placed by their headers, unflagged. */
static void test_garbled_header_column_guessed(void **state)
{
	lines l = {0};
	S_report2019(&l);
	/* the headers over their columns (label, then 自然人 … 总计) */
	L_replace(&l, "（本列数据", 1, "（本列数据的勾稽关系）\t申请人情况");
	L_replace(&l, "\t\t自然人", 1, "\t自然人\t法人或其他组织");
	L_replace(&l, "\t\t\t商业企业", 1,
	          "\t\t业企漠\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计");
	L_replace(&l, "本年新收", 1,
	          "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t1\t");
	L_replace(&l, "上年结转", 1,
	          "二、上年结转政府信息公开申请数量\t2\t\t0\t0\t0\t1\t3");
	json_t *r = S_build_ocr(state, &l, 0.95);
	S_num(r, "applications", "new_received", "natural_person", 1);
	S_num(r, "applications", "new_received", "commercial_enterprise", 0);
	S_num(r, "applications", "new_received", "other_organization", 1);
	S_null(r, "applications", "new_received", "total");
	S_null(r, "applications", "carried_over", "commercial_enterprise");
	S_num(r, "applications", "carried_over", "total", 3);
	assert_int_equal(S_diags(r, "warning", "value_placed_by_position"), 1);
	assert_string_equal(S_diag_field(r, "value_placed_by_position"),
	                    "applications.new_received.commercial_enterprise");
	assert_int_equal(S_diag_count(r, "row_columns_doubtful",
	                              "applications.carried_over.commercial_enterprise"),
	                 1);
	assert_int_equal(S_diags(r, "warning", "row_columns_mismatch"), 0);
	json_decref(r);
	L_free(&l);
}

/* Two rows whose labels OCR garbled past any fuzzy match, standing where
 * the template's rows stand between rows matched by label: taken as those
 * rows, each with row_placed_by_position naming it.  Not from a text layer
 * (its labels are what they say), and not when the lines between are more
 * than the rows missing. */
static void test_garbled_rows_placed_by_position(void **state)
{
	for (int k = 0; k < 3; k++) {
		lines l = {0};
		S_report2019(&l);
		L_replace(&l, "1.本机关不掌握相关政府信息", 1,
		          "（四）无法提供\t让机关丰村竹和关咏麻伟\t13\t0\t0\t0\t0\t1\t14");
		L_replace(&l, "2.没有现成信息需要另行制作", 1,
		          "\t和行制人\t14\t0\t0\t0\t0\t1\t15");
		if (k == 2) /* a third line of numbers in the gap */
			L_insert_before(&l, "和行制人", 1, "\t\t7\t0\t0\t0\t0\t1\t8");
		json_t *r = k == 1 ? S_build(state, &l) : S_build_ocr(state, &l, 0.95);
		if (k == 0) {
			S_num(r, "applications", "unavailable_not_held", "natural_person", 13);
			S_num(r, "applications", "unavailable_needs_creation", "total", 15);
			assert_int_equal(S_diag_count(r, "row_placed_by_position",
			                              "applications.unavailable_not_held"), 1);
			assert_int_equal(S_diag_count(r, "row_placed_by_position",
			                              "applications.unavailable_needs_creation"), 1);
		} else {
			S_null(r, "applications", "unavailable_not_held", "natural_person");
			assert_int_equal(S_diags(r, "warning", "row_placed_by_position"), 0);
			assert_int_equal(S_diag_count(r, "row_not_found",
			                              "applications.unavailable_not_held"), 1);
		}
		S_num(r, "applications", "unavailable_unclear", "natural_person", 15);
		json_decref(r);
		L_free(&l);
	}
}

/*
 * The same in a scan's ruled table, where a blank cell is no cell at all:
 * a row whose label OCR garbled and whose total is blank is still the
 * row where it stands (its values in their columns, the total null), but
 * a row of two numbers among seven columns is not taken for one.
 */
static nb_doc *S_doc_with_grids(const lines *l);

static void test_garbled_row_with_blank_cells(void **state)
{
	fixture *fx = *state;
	for (int k = 0; k < 2; k++) {
		lines l = {0};
		S_report2021(&l);
		L_replace(&l, "1.本机关不掌握相关政府信息", 1,
		          k == 0 ? "（四）无法提供\t让机关丰村竹和关咏麻伟\t13\t0\t0\t0\t0\t1\t"
		                 : "（四）无法提供\t让机关丰村竹和关咏麻伟\t13\t\t\t\t\t\t14");
		nb_doc *doc = S_doc_with_grids(&l);
		doc->kind = NB_SOURCE_IMAGE;
		doc->n_ocr_pages = 1;
		doc->ocr_pages = nb_arena_alloc(doc->arena, sizeof *doc->ocr_pages);
		doc->ocr_pages[0] = 1;
		nb_error err = {0};
		assert_int_equal(nb_normalize_doc(fx->norm, doc, &err), NB_OK);
		json_t *r = NULL;
		nb_source source = {.file = "scan.png", .sha256 = "00"};
		assert_int_equal(nb_schema_build_with(fx->schema, doc, &source, 0,
		                                      &r, &err),
		                 NB_OK);
		if (k == 0) {
			S_num(r, "applications", "unavailable_not_held", "natural_person", 13);
			S_num(r, "applications", "unavailable_not_held", "other_organization", 1);
			S_null(r, "applications", "unavailable_not_held", "total");
			assert_int_equal(S_diag_count(r, "row_placed_by_position",
			                              "applications.unavailable_not_held"), 1);
		} else {
			S_null(r, "applications", "unavailable_not_held", "natural_person");
			assert_int_equal(S_diag_count(r, "row_not_found",
			                              "applications.unavailable_not_held"), 1);
		}
		json_decref(r);
		S_doc_free(doc);
		L_free(&l);
	}
}

static void test_too_many_numbers(void **state)
{
	lines l = {0};
	S_report2019(&l);
	L_replace(&l, "予以公开", 1, "三、本年度办理结果\t（一）予以公开\t3\t0\t0\t0\t0\t1\t4\t9");
	json_t *r = S_build(state, &l);
	S_null(r, "applications", "granted", "natural_person");
	S_null(r, "applications", "granted", "total");
	assert_int_equal(S_diags(r, "warning", "row_columns_mismatch"), 1);
	S_app(r, "carried_over", 2);
	S_app(r, "partially_granted", 4);
	json_decref(r);
	L_free(&l);
}

static void test_row_not_found(void **state)
{
	lines l = {0};
	S_report2019(&l);
	L_replace(&l, "重复申请", 0);
	json_t *r = S_build(state, &l);
	S_null(r, "applications", "rejected_duplicate", "natural_person");
	assert_int_equal(S_diags(r, "warning", "row_not_found"), 1);
	S_app(r, "rejected_petition", 16);
	S_app(r, "rejected_publication", 18);
	json_decref(r);
	L_free(&l);
}

static void test_cell_unreadable(void **state)
{
	lines l = {0};
	S_report2019(&l);
	L_replace(&l, "行政处罚", 1, "行政处罚\t12\t1x\t13");
	json_t *r = S_build(state, &l);
	S_num(r, "active_disclosure", "penalty", "prior_items", 12);
	S_null(r, "active_disclosure", "penalty", "change");
	S_num(r, "active_disclosure", "penalty", "decisions", 13);
	assert_int_equal(S_diags(r, "warning", "cell_unreadable"), 1);
	json_decref(r);
	L_free(&l);
}

/* A number read through an interpretation is the number a careful coder
 * records, under a diagnostic whose field is that one cell. */
static void test_cells_read_through(void **state)
{
	lines l = {0};
	S_report2019(&l);
	L_replace(&l, "行政处罚", 1, "行政处罚\t约12\t1①\tl3");
	L_replace(&l, "行政许可", 1, "行政许可\t7\t-3\t1.2万");
	json_t *r = S_build(state, &l);
	S_num(r, "active_disclosure", "penalty", "prior_items", 12);
	S_num(r, "active_disclosure", "penalty", "change", 1);
	S_num(r, "active_disclosure", "penalty", "decisions", 13);
	S_num(r, "active_disclosure", "licensing", "decisions", 12000);
	assert_int_equal(S_diags(r, "warning", "value_interpreted"), 3);
	assert_int_equal(S_diags(r, "info", "marker_stripped"), 1);
	assert_string_equal(S_diag_field(r, "marker_stripped"),
	                    "active_disclosure.penalty.change");
	json_decref(r);
	L_free(&l);
}

static void test_blank_cells(void **state)
{
	lines l = {0};
	S_report2019(&l);
	L_replace(&l, "行政强制", 1, "行政强制\t—\t/\t无");
	json_t *r = S_build(state, &l);
	S_null(r, "active_disclosure", "coercion", "prior_items");
	S_null(r, "active_disclosure", "coercion", "change");
	S_null(r, "active_disclosure", "coercion", "decisions");
	assert_int_equal(json_array_size(json_object_get(r, "diagnostics")), 0);
	json_decref(r);
	L_free(&l);
}

static void test_amount_units(void **state)
{
	lines l = {0};
	S_report2019(&l);
	L_replace(&l, "政府集中采购", 1, "政府集中采购\t3\t251000元");
	json_t *r = S_build(state, &l);
	S_num(r, "active_disclosure", "procurement", "amount", 251000);
	assert_int_equal(S_diags(r, "info", "amount_unit"), 1);
	json_decref(r);
	L_free(&l);

	S_report2021(&l);
	L_replace(&l, "本年收费金额", 1, "信息内容\t本年收费金额（单位：元）");
	L_replace(&l, "行政事业性收费", 1, "行政事业性收费\t1200");
	r = S_build(state, &l);
	S_num(r, "active_disclosure", "fees", "amount", 1200);
	assert_int_equal(S_diags(r, "info", "amount_unit"), 1);
	json_decref(r);
	L_free(&l);
}

static void test_title_variants(void **state)
{
	static const struct {
		const char *first, *second, *agency;
		int year;
	} cases[] = {
		{"银川市民政局2021年政府信息公开工作年度报告", "", "银川市民政局", 2021},
		{"银川市民政局2021年度政府信息公开工作年度报告", "", "银川市民政局", 2021},
		{"银川市民政局关于2021年政府信息公开工作年度报告", "", "银川市民政局", 2021},
		{"银川市民政局", "2021 年 度 政府信息公开工作年度报告", "银川市民政局", 2021},
		/* the agency under the title */
		{"2021年政府信息公开工作年度报告", "银川市民政局", "银川市民政局", 2021},
		/* a title broken over two lines */
		{"银川市民政局2021年政府信息公", "开工作年度报告", "银川市民政局", 2021},
		/* the year first */
		{"2019年上海市青浦区市场监督管理局政府信息公开工作年度报告", "",
		 "上海市青浦区市场监督管理局", 2019},
		{"2021年度银川市民政局政府信息公开工作年度报告", "", "银川市民政局", 2021},
		/* 关于…的年度报告 */
		{"银川市民政局关于2021年度政府信息公开工作的年度报告", "", "银川市民政局", 2021},
		/* the year in Chinese numerals */
		{"银川市民政局二〇二一年度政府信息公开工作年度报告", "", "银川市民政局", 2021},
		{"银川市民政局", "二〇二一年度政府信息公开工作年度报告", "银川市民政局", 2021},
		{"银川市民政局二零一九年政府信息公开工作年度报告", "", "银川市民政局", 2019},
		{"二〇二一年银川市民政局政府信息公开工作年度报告", "", "银川市民政局", 2021},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		lines l = {0};
		S_report2021(&l);
		L_replace(&l, "2022 年政府信息公开工作年度报告", 1, cases[i].second);
		L_replace(&l, "西峡县人民政府办公室", 1, cases[i].first);
		json_t *r = S_build(state, &l);
		assert_string_equal(S_str(r, "agency"), cases[i].agency);
		assert_int_equal(json_integer_value(json_object_get(r, "year")),
		                 cases[i].year);
		json_decref(r);
		L_free(&l);
	}
}

/* A cover page before the title: a publication date, in digits or in
 * Chinese numerals, or a 发布日期 line, is never the agency or the year. */
static void test_title_after_cover(void **state)
{
	static const struct {
		const char *cover1, *cover2, *title, *agency;
		int year;
	} cases[] = {
		{"银川市民政局", "2022年1月", "2021年政府信息公开工作年度报告",
		 "银川市民政局", 2021},
		{"银川市民政局", "二〇二二年一月", "2021年政府信息公开工作年度报告",
		 "银川市民政局", 2021},
		{"发布日期：2022年1月20日", "银川市民政局",
		 "2021年政府信息公开工作年度报告", "银川市民政局", 2021},
		{"二〇二二年一月", "发布日期：2022-01-20",
		 "2021年度银川市民政局政府信息公开工作年度报告", "银川市民政局", 2021},
		{"银川市财政局", "2022年1月",
		 "银川市民政局关于2021年度政府信息公开工作的年度报告", "银川市民政局", 2021},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		lines l = {0};
		S_report2021(&l);
		L_replace(&l, "2022 年政府信息公开工作年度报告", 1, cases[i].title);
		L_replace(&l, "西峡县人民政府办公室", 3, cases[i].cover1, cases[i].cover2, "");
		json_t *r = S_build(state, &l);
		assert_string_equal(S_str(r, "agency"), cases[i].agency);
		assert_int_equal(json_integer_value(json_object_get(r, "year")),
		                 cases[i].year);
		assert_int_equal(S_diags(r, "warning", "agency_missing"), 0);
		json_decref(r);
		L_free(&l);
	}
}

/* What OCR read outside the cells is checked by its shape: an agency with
 * a Latin letter or an ending no body has, or whose line stands off the
 * title's centre, a template the year contradicts. */
static void test_ocr_identity_doubtful(void **state)
{
	static const struct {
		int year;
		const char *agency;
		bool ocr;
		double confidence; /* of the OCR'd lines */
		const char *field; /* the warning's field, or NULL: none */
		double off; /* the agency line's centre off the title's, in
		               characters (line heights) */
	} cases[] = {
		{2020, "I临江呈市场监督管理局", true, 0.95, "agency", 0},
		{2020, "东海省人民政府办公打", true, 0.95, "agency", 0},
		{2020, "临江县市场监督管理局", true, 0.95, NULL, 0},
		{2020, "东海省人民政府办公厅", true, 0.95, NULL, 0},
		{2020, "长等县应急管理局", true, 0.78, "agency", 0}, /* tesseract unsure */
		{2020, "I临江呈市场监督管理局", false, 0, NULL, 0}, /* a text layer */
		{2022, "临江县市场监督管理局", true, 0.95, "template", 0},
		{2022, "临江县市场监督管理局", false, 0, NULL, 0},
		/* the title centred under a line of one character more: 白 lost */
		{2020, "河市教育局", true, 0.95, "agency", 0.5},
		{2020, "白河市教育局", true, 0.95, NULL, 0.1},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		lines l = {0};
		S_report2019_as(&l, cases[k].year, cases[k].agency);
		if (cases[k].off > 0) {
			char moved[200];
			snprintf(moved, sizeof moved, "@%g:%s", cases[k].off,
			         cases[k].agency);
			L_replace(&l, cases[k].agency, 1, moved);
		}
		json_t *r = cases[k].ocr ? S_build_ocr(state, &l, cases[k].confidence)
		                         : S_build(state, &l);
		assert_string_equal(json_string_value(json_object_get(r, "agency")),
		                    cases[k].agency);
		size_t agency = S_diag_count(r, "ocr_text_doubtful", "agency");
		size_t tpl = S_diag_count(r, "ocr_text_doubtful", "template");
		const char *field = cases[k].field;
		assert_int_equal(agency, field && !strcmp(field, "agency"));
		assert_int_equal(tpl, field && !strcmp(field, "template"));
		json_decref(r);
		L_free(&l);
	}
}

static void test_title_two_bodies_no_agency(void **state)
{
	lines l = {0};
	S_report2021(&l);
	L_replace(&l, "西峡县人民政府办公室", 2, "中共西峡县委办公室", "西峡县人民政府办公室");
	json_t *r = S_build(state, &l);
	assert_true(json_is_null(json_object_get(r, "agency")));
	assert_int_equal(json_integer_value(json_object_get(r, "year")), 2022);
	assert_int_equal(S_diags(r, "warning", "agency_missing"), 1);
	json_decref(r);
	L_free(&l);
}

static const char *S_other(const json_t *report)
{
	const json_t *other = json_object_get(json_object_get(report, "sections"), "other");
	if (!json_is_string(other))
		fail_msg("sections.other: not a string");
	return json_string_value(other);
}

/* The signature after 六 (the agency and a date) is no part of its text. */
static void test_signature_after_other(void **state)
{
	static const struct {
		const char *text, *sign1, *sign2, *other;
	} cases[] = {
		{"无", "西峡县人民政府办公室", "2023 年 1 月 20 日", "无"},
		{"无。", "西峡县人民政府办公室", "2023年1月20日", "无。"},
		{"无。", "西峡县人民政府办公室", "二〇二三年一月二十日", "无。"},
		{"无。", "", "西峡县人民政府办公室 2023年1月20日", "无。"},
		{"本年度未收取信息处理费。", "", "2023年1月", "本年度未收取信息处理费。"},
		/* prose that only mentions a body or a year stays */
		{"本年度未收取信息处理费。", "", "具体工作由西峡县人民政府办公室负责。",
		 "本年度未收取信息处理费。\n具体工作由西峡县人民政府办公室负责。"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		lines l = {0};
		S_report2021(&l);
		L_replace(&l, "无。", 4, cases[i].text, "", cases[i].sign1, cases[i].sign2);
		json_t *r = S_build(state, &l);
		assert_string_equal(S_other(r), cases[i].other);
		json_decref(r);
		L_free(&l);
	}
}

static void test_agency_not_taken_from_junk(void **state)
{
	lines l = {0};
	S_report2021(&l);
	L_replace(&l, "西峡县人民政府办公室", 1, "索引号：11640000/2022-00012");
	json_t *r = S_build(state, &l);
	assert_true(json_is_null(json_object_get(r, "agency")));
	assert_int_equal(json_integer_value(json_object_get(r, "year")), 2022);
	assert_int_equal(S_diags(r, "warning", "agency_missing"), 1);
	json_decref(r);
	L_free(&l);
}

static void test_title_missing(void **state)
{
	lines l = {0};
	S_report2021(&l);
	L_replace(&l, "2022 年政府信息公开工作年度报告", 0);
	L_replace(&l, "西峡县人民政府办公室", 0);
	json_t *r = S_build(state, &l);
	assert_true(json_is_null(json_object_get(r, "agency")));
	assert_true(json_is_null(json_object_get(r, "year")));
	assert_int_equal(S_diags(r, "warning", "agency_missing"), 1);
	assert_int_equal(S_diags(r, "warning", "year_missing"), 1);
	assert_string_equal(json_string_value(json_object_get(r, "template")), "2021");
	json_decref(r);
	L_free(&l);
}

static void test_not_a_report(void **state)
{
	lines l = {0};
	L_add(&l, "盐池县人民政府办公室政府信息公开指南");
	L_add(&l, "一、主动公开");
	L_add(&l, "本机关主动公开的政府信息范围包括机构职能。");
	L_add(&l, "二、依申请公开");
	L_add(&l, "申请人可以通过当面提交方式提出申请。");
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_FIELDS, 0, &status);
	assert_null(r);
	assert_int_equal(status, NB_ERR_NOT_REPORT);
	L_free(&l);
}

/* Plain pdftotext prints every cell on its own line: the report is refused
 * with unsupported_text_layout, never read from other lines' numbers. */
static void test_cells_one_per_line_refused(void **state)
{
	lines full = {0}, l = {0};
	S_report2019(&full);
	for (size_t i = 0; i < full.n; i++) {
		char *p = full.items[i];
		for (char *tab; (tab = strchr(p, '\t')) != NULL; p = tab + 1) {
			*tab = '\0';
			if (*p)
				L_add(&l, "%s", p);
		}
		if (*p)
			L_add(&l, "%s", p);
	}
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_FIELDS, 0, &status);
	assert_null(r);
	assert_int_equal(status, NB_ERR_TEXT_LAYOUT);
	L_free(&l);
	L_free(&full);
}

/* The lines of `full` with each row's label and its numbers on lines of
 * their own; `labels_first`: within each table section every label comes
 * first and every line of numbers after them (the order of a converter
 * that reads a table column by column). */
static void S_labels_apart(const lines *full, lines *l, bool labels_first)
{
	lines numbers = {0};
	for (size_t i = 0; i < full->n; i++) {
		const char *line = full->items[i];
		bool heading = strstr(line, "、主动公开") || strstr(line, "、收到和处理")
		               || strstr(line, "、因政府信息公开") || strstr(line, "、存在");
		if (heading) { /* the numbers held back go before the next section */
			for (size_t k = 0; k < numbers.n; k++)
				L_add(l, "%s", numbers.items[k]);
			L_free(&numbers);
			numbers = (lines){0};
		}
		/* the numbers start at the first field that is a number */
		const char *values = NULL;
		for (const char *f = line; f && !values;) {
			size_t n = strcspn(f, "\t");
			if (n && strspn(f, "-0123456789") == n)
				values = f;
			f = f[n] ? f + n + 1 : NULL;
		}
		if (!values) {
			L_add(l, "%s", line);
			continue;
		}
		if (values > line)
			L_add(l, "%.*s", (int)(values - line), line);
		L_add(labels_first ? &numbers : l, "%s", values);
	}
	for (size_t k = 0; k < numbers.n; k++)
		L_add(l, "%s", numbers.items[k]);
	L_free(&numbers);
}

/* Every label first, then every row of numbers (pdfminer, plain pdftotext
 * on some tables): numbers stacked under numbers, away from their labels,
 * are refused, never attached to the last label. */
static void test_numbers_stacked_after_labels_refused(void **state)
{
	lines full = {0}, l = {0};
	S_report2019(&full);
	S_labels_apart(&full, &l, true);
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_COLUMNS, 0, &status);
	assert_null(r);
	assert_int_equal(status, NB_ERR_TEXT_LAYOUT);
	L_free(&l);
	L_free(&full);
}

/* Each label with its numbers on the next line (pdftotext -raw, a wrapped
 * label in pdftotext -layout): read, not refused. */
static void test_numbers_under_each_label_read(void **state)
{
	lines full = {0}, l = {0};
	S_report2019(&full);
	S_labels_apart(&full, &l, false);
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_COLUMNS, 0, &status);
	assert_int_equal(status, NB_OK);
	S_app(r, "new_received", 1);
	S_app(r, "granted", 3);
	S_app(r, "outcome_total", 22);
	S_num(r, "active_disclosure", "licensing", "decisions", 9);
	S_num(r, "reviews", "administrative_review", "total", 10);
	assert_int_equal(S_diags(r, "warning", "row_columns_mismatch"), 0);
	json_decref(r);
	L_free(&l);
	L_free(&full);
}

/* The rule itself: lines of one number, or numbers under numbers, weighed
 * against the rows printed with their label. */
static void test_numbers_apart_rule(void **state)
{
	(void)state;
	sc_layout_signs signs = {0};
	assert_false(nb_sc_numbers_apart(&signs));
	signs = (sc_layout_signs){.lone = 12, .rows = 2};
	assert_true(nb_sc_numbers_apart(&signs));
	signs = (sc_layout_signs){.lone = 12, .rows = 3, .labelled = 3};
	assert_false(nb_sc_numbers_apart(&signs));
	signs = (sc_layout_signs){.stacked = 7};
	assert_false(nb_sc_numbers_apart(&signs)); /* a few wrapped digits */
	signs = (sc_layout_signs){.stacked = 8, .labelled = 8, .rows = 8};
	assert_true(nb_sc_numbers_apart(&signs));
	signs = (sc_layout_signs){.stacked = 8, .labelled = 9, .rows = 9};
	assert_false(nb_sc_numbers_apart(&signs));
	signs = (sc_layout_signs){.stacked = 50, .lone = 73, .labelled = 6,
	                          .rows = 21}; /* plain pdftotext, measured */
	assert_true(nb_sc_numbers_apart(&signs));
}

/* Text cut at single spaces only (pdftotext -raw and the like) has no
 * columns: a row with fewer numbers than cells is left null under
 * row_columns_mismatch, never placed by position, while the same row in
 * aligned text is placed by its columns. */
static void test_unaligned_text_places_nothing_by_position(void **state)
{
	fixture *fx = *state;
	for (int unaligned = 0; unaligned <= 1; unaligned++) {
		lines l = {0};
		S_report2019(&l);
		L_replace(&l, "行政强制", 1, "行政强制\t@10:14\t@30:15");
		nb_doc *doc = S_doc(&l, NB_UNITS_COLUMNS);
		doc->unaligned = unaligned;
		nb_normalize_grids(fx->norm, doc);
		nb_source source = {.file = "report.txt", .sha256 = "00"};
		json_t *r = NULL;
		nb_error err = {0};
		assert_int_equal(nb_schema_build_with(fx->schema, doc, &source, 0,
		                                      &r, &err), NB_OK);
		S_doc_free(doc);
		if (unaligned) {
			S_null(r, "active_disclosure", "coercion", "prior_items");
			S_null(r, "active_disclosure", "coercion", "decisions");
			assert_string_equal(S_diag_field(r, "row_columns_mismatch"),
			                    "active_disclosure.coercion");
			assert_int_equal(S_diags(r, "warning", "value_placed_by_position"), 0);
		} else {
			S_num(r, "active_disclosure", "coercion", "prior_items", 14);
			S_null(r, "active_disclosure", "coercion", "change");
			S_num(r, "active_disclosure", "coercion", "decisions", 15);
			assert_int_equal(S_diags(r, "warning", "row_columns_mismatch"), 0);
		}
		json_decref(r);
		L_free(&l);
	}
}

static void test_truncated(void **state)
{
	lines l = {0};
	S_report2019(&l);
	L_cut_from(&l, "部分公开");
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_FIELDS, 0, &status);
	assert_null(r);
	assert_int_equal(status, NB_ERR_TRUNCATED);
	L_free(&l);

	S_report2019(&l);
	L_cut_from(&l, "三、收到和处理");
	r = S_build_units(state, &l, NB_UNITS_FIELDS, 0, &status);
	assert_int_equal(status, NB_ERR_TRUNCATED);
	L_free(&l);
}

static void test_report_before_2019_has_no_tables(void **state)
{
	lines l = {0};
	L_add(&l, "永宁县教育局2017年政府信息公开工作年度报告");
	L_add(&l, "一、概述");
	L_add(&l, "2017年，我局认真贯彻条例。");
	L_add(&l, "二、主动公开政府信息情况");
	L_add(&l, "全年主动公开政府信息120条。");
	L_add(&l, "三、依申请公开政府信息情况");
	L_add(&l, "全年未收到申请。");
	L_add(&l, "四、政府信息公开的收费及减免情况");
	L_add(&l, "未收取费用。");
	L_add(&l, "五、因政府信息公开申请行政复议、提起行政诉讼的情况");
	L_add(&l, "无。");
	L_add(&l, "六、政府信息公开工作存在的主要问题及改进情况");
	L_add(&l, "工作有待加强。");
	L_add(&l, "七、其他需要报告的事项");
	L_add(&l, "无。");
	json_t *r = S_build(state, &l);
	assert_true(json_is_null(json_object_get(r, "template")));
	assert_int_equal(json_object_size(json_object_get(r, "active_disclosure")), 0);
	assert_int_equal(json_object_size(json_object_get(r, "applications")), 0);
	assert_int_equal(json_object_size(json_object_get(r, "reviews")), 0);
	assert_int_equal(json_array_size(json_object_get(r, "checks")), 0);
	assert_int_equal(S_diags(r, "error", "no_tables"), 1);
	assert_int_equal(S_diags(r, "warning", "row_not_found"), 0);
	assert_int_equal(json_integer_value(json_object_get(r, "year")), 2017);
	const json_t *sections = json_object_get(r, "sections");
	assert_string_equal(json_string_value(json_object_get(sections, "overview")),
	                    "2017年，我局认真贯彻条例。");
	assert_string_equal(json_string_value(json_object_get(sections, "problems")),
	                    "工作有待加强。");
	json_decref(r);
	L_free(&l);
}

static void test_reviews_with_a_blank_by_header_position(void **state)
{
	lines l = {0};
	S_report2019(&l);
	/* the administrative review total left empty: 14 numbers */
	L_replace(&l, "1\t2\t3\t4\t10", 1, "1\t2\t3\t4\t\t0\t0\t0\t0\t0\t5\t0\t0\t0\t5");
	json_t *r = S_build(state, &l);
	S_num(r, "reviews", "administrative_review", "pending", 4);
	S_null(r, "reviews", "administrative_review", "total");
	S_num(r, "reviews", "litigation_after_review", "total", 5);
	assert_int_equal(S_diags(r, "warning", "total_blank"), 1);
	json_decref(r);
	L_free(&l);
}

static void test_provenance(void **state)
{
	lines l = {0};
	S_report2019(&l);
	nb_status status;
	json_t *r = S_build_units(state, &l, NB_UNITS_FIELDS, NB_SCHEMA_PROVENANCE,
	                          &status);
	const json_t *prov = json_object_get(r, "provenance");
	assert_non_null(prov);
	const json_t *origin = S_at(prov, "applications", "granted", "total");
	assert_non_null(origin);
	assert_int_equal(json_integer_value(json_object_get(origin, "page")), 1);
	assert_int_equal(json_array_size(json_object_get(origin, "box")), 4);
	assert_string_equal(json_string_value(json_object_get(origin, "raw")), "4");
	origin = S_at(prov, "active_disclosure", "procurement", "amount");
	assert_string_equal(json_string_value(json_object_get(origin, "raw")),
	                    "495（万元）");
	json_decref(r);
	L_free(&l);
}

/*
 * A document as a reader of structured input (HTML, Word) makes it: prose
 * as lines, each run of tab lines as a grid of its own (a <table>), cells
 * at their column indices, no boxes, no geometry at all.  The schema reads
 * the tables by their labels alone.  A line "<table>" ends the grid and
 * adds no line: the next tab line starts a grid of its own (a table
 * printed as two <table>s one after the other).
 */
static nb_doc *S_doc_with_grids(const lines *l)
{
	nb_arena *arena = nb_arena_new();
	nb_doc *doc = nb_arena_alloc(arena, sizeof *doc);
	doc->arena = arena;
	doc->kind = NB_SOURCE_TEXT;
	doc->units = NB_UNITS_FIELDS;
	doc->lines = nb_arena_alloc(arena, (l->n + 1) * sizeof *doc->lines);
	doc->grids = nb_arena_alloc(arena, (l->n + 1) * sizeof *doc->grids);
	nb_grid *grid = NULL;
	for (size_t i = 0; i < l->n; i++) {
		const char *p = l->items[i];
		if (!strcmp(p, "<table>")) {
			grid = NULL;
			continue;
		}
		if (!strchr(p, '\t')) {
			nb_line *line = &doc->lines[doc->n_lines++];
			line->page = 1;
			line->cells = nb_arena_alloc(arena, sizeof *line->cells);
			line->cells[0].text = line->cells[0].raw = p;
			line->n_cells = 1;
			grid = NULL;
			continue;
		}
		if (!grid) {
			grid = &doc->grids[doc->n_grids++];
			grid->at_line = doc->n_lines;
			grid->rows = nb_arena_alloc(arena, (l->n + 1) * sizeof *grid->rows);
		}
		nb_grid_row *row = &grid->rows[grid->n_rows++];
		row->line = NB_NO_LINE;
		row->cells = nb_arena_alloc(arena, 64 * sizeof *row->cells);
		for (size_t col = 0; p; col++) {
			const char *tab = strchr(p, '\t');
			size_t len = tab ? (size_t)(tab - p) : strlen(p);
			if (len > 0) {
				nb_grid_cell *cell = &row->cells[row->n_cells++];
				cell->raw = nb_arena_strndup(arena, p, len);
				cell->col = col;
				cell->col_span = 1;
				cell->row_span = 1;
				cell->confidence = -1;
			}
			p = tab ? tab + 1 : NULL;
		}
		if (row->n_cells && grid->n_cols < row->cells[row->n_cells - 1].col + 1)
			grid->n_cols = row->cells[row->n_cells - 1].col + 1;
	}
	return doc;
}

static void test_tables_from_reader_grids(void **state)
{
	fixture *fx = *state;
	lines l = {0};
	S_report2021(&l);
	nb_doc *doc = S_doc_with_grids(&l);
	assert_true(doc->n_grids >= 5);
	nb_error err = {0};
	assert_int_equal(nb_normalize_doc(fx->norm, doc, &err), NB_OK);
	json_t *r = NULL;
	nb_source source = {.file = "page.html", .sha256 = "00"};
	assert_int_equal(nb_schema_build_with(fx->schema, doc, &source, 0, &r, &err),
	                 NB_OK);
	assert_string_equal(S_str(r, "template"), "2021");
	assert_string_equal(S_str(r, "agency"), "西峡县人民政府办公室");
	S_num(r, "active_disclosure", "regulations", "issued", 1);
	S_num(r, "active_disclosure", "normative_documents", "in_force", 6);
	S_num(r, "active_disclosure", "licensing", "decisions", 7);
	S_num(r, "active_disclosure", "coercion", "decisions", 9);
	S_num(r, "active_disclosure", "fees", "amount", 4068.208);
	for (size_t i = 0; S_keys2021[i]; i++)
		S_app(r, S_keys2021[i], (int)i + 1);
	S_num(r, "reviews", "administrative_review", "upheld", 1);
	assert_int_equal(S_diags(r, "warning", "row_not_found"), 0);
	assert_int_equal(S_diags(r, "warning", "row_columns_mismatch"), 0);
	json_decref(r);
	S_doc_free(doc);
	L_free(&l);
}

/*
 * Table 三 printed as two tables (续表: a page break in the Word original,
 * or a CMS that cut a long table): the second grid follows the first,
 * with the header repeated or without one, right after it or after a
 * "续表" caption, cut between two groups or inside one (its rows then
 * start with the empty cell under the first table's group label).  The
 * schema reads the consecutive grids as one table: every cell in its
 * place, no row missing, no warning.
 */
static void test_table_split_in_two_grids(void **state)
{
	fixture *fx = *state;
	static const char *const cuts[] = {"（四）无法提供", "5.属于三类内部事务信息"};
	for (size_t cut = 0; cut < 2; cut++)
		for (int shape = 0; shape < 4; shape++) {
			lines l = {0};
			S_report2021(&l);
			bool header = shape & 1, caption = shape & 2;
			const char *split = caption ? "续表" : "<table>";
			if (header)
				L_insert_before(&l, cuts[cut], 4, split,
				                "（本列数据的勾稽关系为：第一项加第二项之和，"
				                "等于第三项加第四项之和）\t\t申请人情况",
				                "\t\t自然人\t法人或其他组织",
				                "\t\t\t商业企业\t科研机构\t社会公益组织\t"
				                "法律服务机构\t其他\t总计");
			else
				L_insert_before(&l, cuts[cut], 1, split);
			nb_doc *doc = S_doc_with_grids(&l);
			nb_error err = {0};
			assert_int_equal(nb_normalize_doc(fx->norm, doc, &err), NB_OK);
			json_t *r = NULL;
			nb_source source = {.file = "page.html", .sha256 = "00"};
			assert_int_equal(nb_schema_build_with(fx->schema, doc, &source, 0,
			                                      &r, &err),
			                 NB_OK);
			print_message("cut %zu, header %d, caption %d\n", cut, header,
			              caption);
			assert_string_equal(S_str(r, "template"), "2021");
			for (size_t i = 0; S_keys2021[i]; i++)
				S_app(r, S_keys2021[i], (int)i + 1);
			S_num(r, "reviews", "administrative_review", "upheld", 1);
			assert_int_equal(S_diags(r, "warning", "row_not_found"), 0);
			assert_int_equal(S_diags(r, "warning", "row_columns_mismatch"), 0);
			json_decref(r);
			S_doc_free(doc);
			L_free(&l);
		}
}

/* ---- honesty: a stray line never changes a cell silently ---- */

/* Is `path` covered by a warning or error of `report` (its field equal to
 * the path or a prefix of it at a dot, or an error without field)? */
static bool S_covered(const json_t *report, const char *path)
{
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(report, "diagnostics"), i, d) {
		const char *level = json_string_value(json_object_get(d, "level"));
		const char *field = json_string_value(json_object_get(d, "field"));
		if (!strcmp(level, "info"))
			continue;
		if (!field) {
			if (!strcmp(level, "error"))
				return true;
			continue;
		}
		size_t n = strlen(field);
		if (!strncmp(path, field, n) && (path[n] == '\0' || path[n] == '.'))
			return true;
	}
	return false;
}

/* Does some diagnostic's message mention `digits`? */
static bool S_said(const json_t *report, const char *digits)
{
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(report, "diagnostics"), i, d)
		if (strstr(json_string_value(json_object_get(d, "message")), digits))
			return true;
	return false;
}

/* Cells of `got` that differ from `want` and no warning covers; *changed
 * counts every cell that differs. */
static size_t S_silent_changes(const json_t *want, const json_t *got,
                               const char *where, size_t *changed)
{
	static const char *const tables[] = {"active_disclosure", "applications",
	                                     "reviews"};
	size_t silent = 0;
	for (size_t t = 0; t < 3; t++) {
		const char *row_key, *col_key;
		json_t *row, *cell;
		json_object_foreach(json_object_get(want, tables[t]), row_key, row)
			json_object_foreach(row, col_key, cell) {
				const json_t *other = S_at(got, tables[t], row_key, col_key);
				if (json_equal(cell, (json_t *)other))
					continue;
				(*changed)++;
				char path[160];
				snprintf(path, sizeof path, "%s.%s.%s", tables[t], row_key,
				         col_key);
				if (S_covered(got, path))
					continue;
				print_message("silent change at %s with %s\n", path, where);
				silent++;
			}
	}
	return silent;
}

/*
 * Conservation, by experiment: a stray line (a watermark, a note, a page
 * number, a stamp's date, an extra 合计 row, a number alone) inserted at
 * every line of the tables of a clean report never changes a cell without
 * a warning naming it, and its number is either said in a diagnostic or
 * stands in cells that changed under a warning.
 */
static void test_stray_lines_never_change_cells_silently(void **state)
{
	static const char *const strays[] = {
		"内部资料 2024-05-12", "注：本表“其他”列共计12件。", "- 7 -",
		"合计\t41\t3\t0\t0\t1\t2\t47", "\t\t\t\t88", "单位：件 3",
		"（盖章）2023年3月1日", "西峡县人民政府办公室2022年政府信息公开工作年度报告",
	};
	static const char *const stray_digits[] = {
		"2024", "12", "7", "41", "88", "3", "2023", "2022",
	};
	static const nb_units units[] = {NB_UNITS_FIELDS, NB_UNITS_COLUMNS};
	lines base = {0};
	S_report2021(&base);
	size_t first = L_find(&base, "二、主动公开"), last = L_find(&base, "五、存在");
	size_t silent = 0, unsaid = 0, runs = 0;
	for (size_t u = 0; u < 2; u++) {
	nb_status base_status;
	json_t *want = S_build_units(state, &base, units[u], 0, &base_status);
	assert_int_equal(base_status, NB_OK);
	for (size_t at = first + 1; at <= last; at++)
		for (size_t s = 0; s < sizeof strays / sizeof strays[0]; s++) {
			lines l = {0};
			for (size_t i = 0; i < base.n; i++) {
				if (i == at)
					L_add(&l, "%s", strays[s]);
				L_add(&l, "%s", base.items[i]);
			}
			nb_status status;
			json_t *got = S_build_units(state, &l, units[u], 0, &status);
			runs++;
			char where[200];
			snprintf(where, sizeof where, "\"%s\" before line %zu", strays[s],
			         at + 1);
			if (!got) {
				L_free(&l);
				continue; /* refused: nothing silent */
			}
			size_t changed = 0;
			silent += S_silent_changes(want, got, where, &changed);
			/* the stray's number is said, or stands in cells that a
			 * warning covers (then they changed) */
			if (!changed && !S_said(got, stray_digits[s])) {
				print_message("not said: %s\n", where);
				if (getenv("NB_TEST_DUMP")) {
					char *dump = json_dumps(json_object_get(got, "diagnostics"), 0);
					print_message("%s\n", dump);
					free(dump);
				}
				unsaid++;
			}
			json_decref(got);
			L_free(&l);
		}
	json_decref(want);
	}
	print_message("%zu insertions, %zu silent cell changes, %zu strays unsaid\n",
	              runs, silent, unsaid);
	assert_int_equal(silent, 0);
	assert_int_equal(unsaid, 0);
	L_free(&base);
}

/* Fields of a tab line, into out (at most max); returns the count. */
static size_t S_fields(const char *line, char out[][128], size_t max)
{
	size_t n = 0;
	for (const char *p = line; p && n < max; n++) {
		const char *tab = strchr(p, '\t');
		size_t len = tab ? (size_t)(tab - p) : strlen(p);
		if (len > 127)
			len = 127;
		memcpy(out[n], p, len);
		out[n][len] = '\0';
		p = tab ? tab + 1 : NULL;
	}
	return n;
}

/* Fields [from, to) of `fields` as a tab line, the first `from` left empty
 * (so every field keeps its column). */
static void S_join_fields(char fields[][128], size_t from, size_t to,
                          char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < to && len + 130 < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s", i ? "\t" : "",
		                        i >= from ? fields[i] : "");
}

/*
 * Rows split over two lines, as space-aligned text prints them when a row
 * is too long or a page breaks inside it: the label alone with the numbers
 * on the next line, or the first numbers with the label and the rest on
 * the next line, every number in its own column.  Each split of each row of
 * 三 gives the cells of the unsplit report, or a warning naming what
 * changed; never a silent change.
 */
static void test_split_rows_never_change_cells_silently(void **state)
{
	lines base = {0};
	S_report2021(&base);
	nb_status status;
	json_t *want = S_build_units(state, &base, NB_UNITS_COLUMNS, 0, &status);
	assert_int_equal(status, NB_OK);
	size_t first = L_find(&base, "三、收到和处理"), last = L_find(&base, "四、");
	size_t silent = 0, runs = 0, exact = 0;
	for (size_t at = first + 1; at < last; at++) {
		char fields[16][128];
		size_t n = S_fields(base.items[at], fields, 16);
		if (n < 8)
			continue;
		size_t label_end = n - 7; /* the 7 applicant cells are last */
		for (size_t cut = label_end; cut < n - 1; cut++) {
			lines l = {0};
			for (size_t i = 0; i < base.n; i++) {
				if (i != at) {
					L_add(&l, "%s", base.items[i]);
					continue;
				}
				char one[1024], two[1024];
				S_join_fields(fields, 0, cut, one, sizeof one);
				S_join_fields(fields, cut, n, two, sizeof two);
				L_add(&l, "%s", one);
				L_add(&l, "%s", two);
			}
			json_t *got = S_build_units(state, &l, NB_UNITS_COLUMNS, 0, &status);
			runs++;
			if (got) {
				char where[200];
				snprintf(where, sizeof where, "line %zu cut before field %zu",
				         at + 1, cut);
				size_t changed = 0;
				silent += S_silent_changes(want, got, where, &changed);
				exact += changed == 0;
				if (changed && getenv("NB_TEST_DUMP"))
					print_message("changed: %s (label ends at %zu)\n", where,
					              label_end);
				json_decref(got);
			}
			L_free(&l);
		}
	}
	print_message("%zu split rows: %zu read exactly, %zu silent cell changes\n",
	              runs, exact, silent);
	assert_int_equal(silent, 0);
	json_decref(want);
	L_free(&base);
}

/*
 * Numbers too long for their cells, wrapped: in each row of 三, every
 * number of two digits or more printed as its first digit on the row's
 * line and the rest on the next line in the same column.  Each wrap gives
 * the unwrapped report's cells (joined under digits_joined) or a warning
 * naming what changed; never a silent change.
 */
/* Cut a UTF-8 label in two halves (by code points): head keeps the first. */
static void S_halve(char *head, char *tail)
{
	size_t n = 0, len = strlen(head);
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)head[i] & 0xC0) != 0x80;
	size_t cut = 0, seen = 0;
	for (; cut < len; cut++)
		if (((unsigned char)head[cut] & 0xC0) != 0x80 && seen++ == n / 2)
			break;
	memcpy(tail, head + cut, len - cut + 1);
	head[cut] = '\0';
}

/*
 * Numbers too long for their cells, wrapped: in each row of 三, every
 * number of two digits or more printed as its first digit on the row's
 * line and the rest on the next line in the same column — with the label,
 * too, wrapped onto that next line or not.  Each wrap gives the unwrapped
 * report's cells (joined under digits_joined) or a warning naming what
 * changed; never a silent change.
 */
static void test_wrapped_numbers_never_change_cells_silently(void **state)
{
	lines base = {0};
	S_report2021(&base);
	nb_status status;
	json_t *want = S_build_units(state, &base, NB_UNITS_COLUMNS, 0, &status);
	size_t first = L_find(&base, "三、收到和处理"), last = L_find(&base, "四、");
	size_t silent = 0, runs = 0, exact = 0;
	for (int label_too = 0; label_too < 2; label_too++)
	for (size_t at = first + 1; at < last; at++) {
		char fields[16][128], tail[16][128];
		size_t n = S_fields(base.items[at], fields, 16);
		if (n < 8)
			continue;
		bool wrapped = false;
		for (size_t f = 0; f < n; f++) {
			tail[f][0] = '\0';
			size_t len = strlen(fields[f]);
			if (f >= n - 7 && len >= 2) {
				memcpy(tail[f], fields[f] + 1, len);
				fields[f][1] = '\0';
				wrapped = true;
			}
		}
		if (!wrapped)
			continue;
		if (label_too)
			S_halve(fields[n - 8], tail[n - 8]);
		lines l = {0};
		for (size_t i = 0; i < base.n; i++) {
			if (i != at) {
				L_add(&l, "%s", base.items[i]);
				continue;
			}
			char one[1024], two[1024];
			S_join_fields(fields, 0, n, one, sizeof one);
			S_join_fields(tail, 0, n, two, sizeof two);
			L_add(&l, "%s", one);
			L_add(&l, "%s", two);
		}
		json_t *got = S_build_units(state, &l, NB_UNITS_COLUMNS, 0, &status);
		runs++;
		if (got) {
			char where[64];
			snprintf(where, sizeof where, "line %zu wrapped%s", at + 1,
			         label_too ? " with its label" : "");
			size_t changed = 0;
			silent += S_silent_changes(want, got, where, &changed);
			exact += changed == 0;
			if (changed && getenv("NB_TEST_DUMP"))
				print_message("changed: %s: %s / %s\n", where,
				              fields[n - 8], tail[n - 8]);
			json_decref(got);
		}
		L_free(&l);
	}
	print_message("%zu wrapped rows: %zu read exactly, %zu silent cell changes\n",
	              runs, exact, silent);
	assert_int_equal(silent, 0);
	json_decref(want);
	L_free(&base);
}

static void test_pdf_source_and_warnings(void **state)
{
	fixture *fx = *state;
	lines l = {0};
	S_report2019(&l);
	nb_doc *doc = S_doc(&l, NB_UNITS_FIELDS);
	doc->kind = NB_SOURCE_PDF;
	doc->pages = 3;
	doc->producer = "LibreOffice 7.4";
	static const char *warnings[] = {"xref table repaired"};
	doc->warnings = warnings;
	doc->n_warnings = 1;
	json_t *r = NULL;
	nb_source source = {.file = "a.pdf", .sha256 = "ab"};
	assert_int_equal(nb_schema_build(fx->norm, doc, &source, 0, &r, NULL), NB_OK);
	const json_t *src = json_object_get(r, "source");
	assert_string_equal(json_string_value(json_object_get(src, "kind")), "pdf");
	assert_int_equal(json_integer_value(json_object_get(src, "pages")), 3);
	assert_string_equal(json_string_value(json_object_get(src, "producer")),
	                    "LibreOffice 7.4");
	assert_int_equal(S_diags(r, "info", "pdf_warning"), 1);
	json_decref(r);
	S_doc_free(doc);
	L_free(&l);
}

static void test_section_missing(void **state)
{
	lines l = {0};
	S_report2019(&l);
	L_cut_from(&l, "六、其他需要报告的事项");
	json_t *r = S_build(state, &l);
	const json_t *sections = json_object_get(r, "sections");
	assert_true(json_is_null(json_object_get(sections, "other")));
	assert_int_equal(S_diags(r, "warning", "section_missing"), 1);
	json_decref(r);
	L_free(&l);
}

/* ---- match limits ---- */

static double S_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* `unit` repeated up to `bytes` bytes, malloc'd. */
static char *S_repeat(const char *unit, size_t bytes)
{
	size_t n = strlen(unit), copies = bytes / n;
	char *s = malloc(copies * n + 1);
	for (size_t i = 0; i < copies; i++)
		memcpy(s + i * n, unit, n);
	s[copies * n] = '\0';
	return s;
}

/* A hostile cell: 100 KB of 信息公开 makes the title pattern
 * (信息公开 … .* … 年度报告) scan the rest of the line from each of its
 * 8,000 starts: 55 s without a match limit.  Under the schema's limits it
 * stops at once and counts as no match; the label and column patterns over
 * 100 KB of one repeated character finish as fast. */
static void S_match_limits(const nb_schema *schema)
{
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	char *hostile = S_repeat("信息公开", 100 * 1024);
	double start = S_now();
	int rc = nb_schema_exec(schema, schema->named[PAT_TITLE],
	                        hostile, md);
	assert_int_equal(rc, PCRE2_ERROR_MATCHLIMIT);
	assert_false(nb_schema_match(schema, schema->named[PAT_TITLE],
	                             hostile, md));
	assert_true(S_now() - start < 1.0);

	static const char *const units[] = {"一", "0", " ", "（", "公开", "a"};
	start = S_now();
	for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
		char *subject = S_repeat(units[u], 100 * 1024);
		for (size_t i = 0; i < schema->n_compiled; i++)
			assert_false(nb_schema_match(schema,
			                             schema->compiled[i].code,
			                             subject, md));
		free(subject);
	}
	assert_true(S_now() - start < 2.0);
	free(hostile);
	pcre2_match_data_free(md);
}

/* Under the JIT (the fixture's, batch mode) and the interpreter (single
 * files), whose limits pcre2 counts apart. */
static void test_match_limits(void **state)
{
	fixture *fx = *state;
	S_match_limits(fx->schema);
	nb_error err = {0};
	nb_normalizer *norm = nb_normalizer_new(NB_REGEX_INTERPRET, &err);
	nb_schema *schema = norm ? nb_schema_new(norm, &err) : NULL;
	assert_non_null(schema);
	S_match_limits(schema);
	nb_schema_free(schema);
	nb_normalizer_free(norm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_2019_report),
		cmocka_unit_test(test_key_order_and_source),
		cmocka_unit_test(test_2021_report_and_decimal),
		cmocka_unit_test(test_hybrid),
		cmocka_unit_test(test_late_adopter_by_labels),
		cmocka_unit_test(test_template_by_year),
		cmocka_unit_test(test_label_variants),
		cmocka_unit_test(test_wrapped_label_numbers_on_middle_line),
		cmocka_unit_test(test_label_completed_after_numbers),
		cmocka_unit_test(test_merged_group_cell_interleaved),
		cmocka_unit_test(test_group_label_beside_blank_row),
		cmocka_unit_test(test_group_and_item_label_one_space_apart),
		cmocka_unit_test(test_numbers_on_their_own_line),
		cmocka_unit_test(test_blank_row_printed_empty),
		cmocka_unit_test(test_missing_cells_placed_by_x),
		cmocka_unit_test(test_missing_cells_off_header_by_a_little),
		cmocka_unit_test(test_shifted_partial_row_flagged),
		cmocka_unit_test(test_placed_by_position_flags_row),
		cmocka_unit_test(test_garbled_header_column_guessed),
		cmocka_unit_test(test_garbled_rows_placed_by_position),
		cmocka_unit_test(test_garbled_row_with_blank_cells),
		cmocka_unit_test(test_too_many_numbers),
		cmocka_unit_test(test_row_not_found),
		cmocka_unit_test(test_cell_unreadable),
		cmocka_unit_test(test_cells_read_through),
		cmocka_unit_test(test_blank_cells),
		cmocka_unit_test(test_amount_units),
		cmocka_unit_test(test_title_variants),
		cmocka_unit_test(test_title_after_cover),
		cmocka_unit_test(test_title_two_bodies_no_agency),
		cmocka_unit_test(test_ocr_identity_doubtful),
		cmocka_unit_test(test_signature_after_other),
		cmocka_unit_test(test_agency_not_taken_from_junk),
		cmocka_unit_test(test_title_missing),
		cmocka_unit_test(test_not_a_report),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_cells_one_per_line_refused),
		cmocka_unit_test(test_numbers_stacked_after_labels_refused),
		cmocka_unit_test(test_numbers_under_each_label_read),
		cmocka_unit_test(test_numbers_apart_rule),
		cmocka_unit_test(test_unaligned_text_places_nothing_by_position),
		cmocka_unit_test(test_report_before_2019_has_no_tables),
		cmocka_unit_test(test_reviews_with_a_blank_by_header_position),
		cmocka_unit_test(test_provenance),
		cmocka_unit_test(test_tables_from_reader_grids),
		cmocka_unit_test(test_table_split_in_two_grids),
		cmocka_unit_test(test_stray_lines_never_change_cells_silently),
		cmocka_unit_test(test_split_rows_never_change_cells_silently),
		cmocka_unit_test(test_wrapped_numbers_never_change_cells_silently),
		cmocka_unit_test(test_pdf_source_and_warnings),
		cmocka_unit_test(test_section_missing),
		cmocka_unit_test(test_match_limits),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
