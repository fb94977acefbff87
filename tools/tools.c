/*
 * tools.c — the shared ground of `nianbao check`, `compare` and `csv`
 * (tools_internal.h): the contract's tables with the templates' labels,
 * exact number printing and cell arithmetic, display width, CSV quoting.
 *
 * The tables follow the report JSON contract section by section: 二 (table
 * rows of 国办公开办函〔2019〕60号 and 〔2021〕30号), 三 (申请人情况 columns,
 * 办理结果 rows; （六）其他处理 is one row in 2019 and three in 2021) and 四
 * (行政复议, 行政诉讼 groups).  The Chinese labels are the templates' own,
 * shortened where a template label is a sentence, so that a readable line
 * names both the key a script greps for and the row a person sees on paper.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "tools.h"
#include "tools_internal.h"

#define N_OF(array) (sizeof(array) / sizeof((array)[0]))

/* ---- 二、主动公开政府信息情况 ------------------------------------------- */

static const nb_tools_label columns_made_2019[] = {
	{"made", "本年新制作数量"},
	{"published", "本年新公开数量"},
	{"total_published", "对外公开总数量"},
};
static const nb_tools_label columns_items_2019[] = {
	{"prior_items", "上一年项目数量"},
	{"change", "本年增/减"},
	{"decisions", "处理决定数量"},
};
static const nb_tools_label columns_fees_2019[] = {
	{"prior_items", "上一年项目数量"},
	{"change", "本年增/减"},
};
static const nb_tools_label columns_procurement_2019[] = {
	{"projects", "采购项目数量"},
	{"amount", "采购总金额"},
};
static const nb_tools_label columns_issued_2021[] = {
	{"issued", "本年制发件数"},
	{"repealed", "本年废止件数"},
	{"in_force", "现行有效件数"},
};
static const nb_tools_label columns_decisions_2021[] = {
	{"decisions", "本年处理决定数量"},
};
static const nb_tools_label columns_fees_2021[] = {
	{"amount", "本年收费金额（万元）"},
};

#define ROW(key, label, columns) {key, label, columns, N_OF(columns)}

static const nb_tools_row active_rows_2019[] = {
	ROW("regulations", "规章", columns_made_2019),
	ROW("normative_documents", "规范性文件", columns_made_2019),
	ROW("licensing", "行政许可", columns_items_2019),
	ROW("other_services", "其他对外管理服务事项", columns_items_2019),
	ROW("penalty", "行政处罚", columns_items_2019),
	ROW("coercion", "行政强制", columns_items_2019),
	ROW("fees", "行政事业性收费", columns_fees_2019),
	ROW("procurement", "政府集中采购", columns_procurement_2019),
};
static const nb_tools_row active_rows_2021[] = {
	ROW("regulations", "规章", columns_issued_2021),
	ROW("normative_documents", "行政规范性文件", columns_issued_2021),
	ROW("licensing", "行政许可", columns_decisions_2021),
	ROW("penalty", "行政处罚", columns_decisions_2021),
	ROW("coercion", "行政强制", columns_decisions_2021),
	ROW("fees", "行政事业性收费", columns_fees_2021),
};

/* ---- 三、收到和处理政府信息公开申请情况 --------------------------------- */

static const nb_tools_label applicant_columns[] = {
	{"natural_person", "自然人"},
	{"commercial_enterprise", "商业企业"},
	{"research_institution", "科研机构"},
	{"nonprofit_organization", "社会公益组织"},
	{"legal_service_institution", "法律服务机构"},
	{"other_organization", "其他"},
	{"total", "总计"},
};

#define APP_ROW(key, label) ROW(key, label, applicant_columns)
#define APPLICATION_ROWS_HEAD                                              \
	APP_ROW("new_received", "一、本年新收申请"),                        \
	APP_ROW("carried_over", "二、上年结转申请"),                        \
	APP_ROW("granted", "（一）予以公开"),                               \
	APP_ROW("partially_granted", "（二）部分公开"),                     \
	APP_ROW("denied_state_secret", "（三）1.属于国家秘密"),             \
	APP_ROW("denied_prohibited_by_law", "（三）2.其他法律行政法规禁止公开"), \
	APP_ROW("denied_security_stability", "（三）3.危及“三安全一稳定”"), \
	APP_ROW("denied_third_party", "（三）4.保护第三方合法权益"),        \
	APP_ROW("denied_internal_affairs", "（三）5.属于三类内部事务信息"), \
	APP_ROW("denied_process_info", "（三）6.属于四类过程性信息"),       \
	APP_ROW("denied_enforcement_files", "（三）7.属于行政执法案卷"),    \
	APP_ROW("denied_query_matters", "（三）8.属于行政查询事项"),        \
	APP_ROW("unavailable_not_held", "（四）1.本机关不掌握相关政府信息"), \
	APP_ROW("unavailable_needs_creation", "（四）2.没有现成信息需要另行制作"), \
	APP_ROW("unavailable_unclear", "（四）3.补正后申请内容仍不明确"),   \
	APP_ROW("rejected_petition", "（五）1.信访举报投诉类申请"),         \
	APP_ROW("rejected_duplicate", "（五）2.重复申请"),                  \
	APP_ROW("rejected_publication", "（五）3.要求提供公开出版物"),      \
	APP_ROW("rejected_excessive", "（五）4.无正当理由大量反复申请"),    \
	APP_ROW("rejected_confirmation", "（五）5.要求确认或重新出具已获取信息")
#define APPLICATION_ROWS_TAIL                                              \
	APP_ROW("outcome_total", "（七）总计"),                             \
	APP_ROW("carried_forward", "四、结转下年度继续办理")

static const nb_tools_row application_rows_2019[] = {
	APPLICATION_ROWS_HEAD,
	APP_ROW("other", "（六）其他处理"),
	APPLICATION_ROWS_TAIL,
};
static const nb_tools_row application_rows_2021[] = {
	APPLICATION_ROWS_HEAD,
	APP_ROW("other_no_correction", "（六）1.逾期不补正不再处理"),
	APP_ROW("other_fee_unpaid", "（六）2.逾期未缴费不再处理"),
	APP_ROW("other_misc", "（六）3.其他"),
	APPLICATION_ROWS_TAIL,
};

/* ---- 四、行政复议、行政诉讼 --------------------------------------------- */

static const nb_tools_label review_columns[] = {
	{"upheld", "结果维持"},
	{"corrected", "结果纠正"},
	{"other", "其他结果"},
	{"pending", "尚未审结"},
	{"total", "总计"},
};
static const nb_tools_row review_rows[] = {
	ROW("administrative_review", "行政复议", review_columns),
	ROW("litigation_direct", "行政诉讼·未经复议直接起诉", review_columns),
	ROW("litigation_after_review", "行政诉讼·复议后起诉", review_columns),
};

#define SECTION(key, label, rows) {key, label, rows, N_OF(rows)}

static const nb_tools_section sections_2019[] = {
	SECTION("active_disclosure", "二、主动公开政府信息情况", active_rows_2019),
	SECTION("applications", "三、收到和处理政府信息公开申请情况",
	        application_rows_2019),
	SECTION("reviews", "四、行政复议、行政诉讼情况", review_rows),
};
static const nb_tools_section sections_2021[] = {
	SECTION("active_disclosure", "二、主动公开政府信息情况", active_rows_2021),
	SECTION("applications", "三、收到和处理政府信息公开申请情况",
	        application_rows_2021),
	SECTION("reviews", "四、行政复议、行政诉讼情况", review_rows),
};

static const nb_tools_layout layout_2019 = {"2019", sections_2019,
                                            N_OF(sections_2019)};
static const nb_tools_layout layout_2021 = {"2021", sections_2021,
                                            N_OF(sections_2021)};

const nb_tools_layout *nb_tools_layout_named(const char *template_name)
{
	if (!template_name)
		return NULL;
	if (strcmp(template_name, "2019") == 0)
		return &layout_2019;
	if (strcmp(template_name, "2021") == 0)
		return &layout_2021;
	return NULL;
}

static bool S_has_path(const json_t *report, const char *section,
                       const char *row, const char *column)
{
	const json_t *object = json_object_get(report, section);
	object = json_object_get(object, row);
	return object && (!column || json_object_get(object, column));
}

const nb_tools_layout *nb_tools_report_layout(const json_t *report)
{
	const nb_tools_layout *named =
		nb_tools_layout_named(nb_tools_string(report, "template"));
	if (named)
		return named;
	/* No template named, but tables present (a hand-made or older file):
	 * the keys only one template has decide. */
	if (S_has_path(report, "applications", "other_misc", NULL)
	    || S_has_path(report, "active_disclosure", "regulations", "issued"))
		return &layout_2021;
	if (S_has_path(report, "applications", "other", NULL)
	    || S_has_path(report, "active_disclosure", "regulations", "made"))
		return &layout_2019;
	return NULL;
}

const nb_tools_row *nb_tools_find_row(const nb_tools_layout *layout,
                                      const char *section_key,
                                      const char *row_key)
{
	if (!layout || !section_key || !row_key)
		return NULL;
	for (size_t s = 0; s < layout->n_sections; s++) {
		const nb_tools_section *section = &layout->sections[s];
		if (strcmp(section->key, section_key) != 0)
			continue;
		for (size_t r = 0; r < section->n_rows; r++)
			if (strcmp(section->rows[r].key, row_key) == 0)
				return &section->rows[r];
	}
	return NULL;
}

const nb_tools_label *nb_tools_find_column(const nb_tools_row *row,
                                           const char *column_key)
{
	if (!row || !column_key)
		return NULL;
	for (size_t c = 0; c < row->n_columns; c++)
		if (strcmp(row->columns[c].key, column_key) == 0)
			return &row->columns[c];
	return NULL;
}

const nb_tools_label *nb_tools_applicant_columns(size_t *n)
{
	*n = N_OF(applicant_columns);
	return applicant_columns;
}

const json_t *nb_tools_cell(const json_t *report, const char *section,
                            const char *row, const char *column)
{
	const json_t *object = json_object_get(report, section);
	object = json_object_get(object, row);
	return json_object_get(object, column);
}

const char *nb_tools_string(const json_t *object, const char *key)
{
	return json_string_value(json_object_get(object, key));
}

/* ---- numbers ---------------------------------------------------------- */

char *nb_tools_number_text(const json_t *value, char *buf, size_t size)
{
	buf[0] = '\0';
	if (json_is_integer(value)) {
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT,
		         json_integer_value(value));
	} else if (json_is_real(value)) {
		double number = json_real_value(value);
		if (number == 0)
			number = 0; /* -0.0 prints as 0 */
		/* The fewest decimals that read back as the same double: what
		 * the report printed, without binary-fraction noise. */
		if (fabs(number) < 1e17) {
			for (int places = 0; places <= 17; places++) {
				snprintf(buf, size, "%.*f", places, number);
				if (strtod(buf, NULL) == number)
					return buf;
			}
		}
		snprintf(buf, size, "%.17g", number);
	} else if (json_is_string(value)) {
		snprintf(buf, size, "%s", json_string_value(value));
	} else if (json_is_boolean(value)) {
		snprintf(buf, size, "%s", json_is_true(value) ? "true" : "false");
	}
	return buf;
}

int nb_tools_decimals(const json_t *value)
{
	if (!json_is_real(value))
		return 0;
	char text[64];
	nb_tools_number_text(value, text, sizeof text);
	const char *point = strchr(text, '.');
	if (!point || strchr(text, 'e'))
		return 0;
	return (int)strlen(point + 1);
}

/* Round to `places` decimals through the printed form, so that the double
 * is the one a reader of "%.*f" would get (no 68.108000000000004). */
static double S_round_places(double value, int places)
{
	char text[512];
	if (fabs(value) >= 1e17)
		return value;
	snprintf(text, sizeof text, "%.*f", places, value);
	double rounded = strtod(text, NULL);
	return rounded == 0 ? 0 : rounded;
}

void nb_tools_sum_init(nb_tools_sum *sum)
{
	sum->value = 0;
	sum->all_null = true;
	sum->integral = true;
	sum->decimals = 0;
}

void nb_tools_sum_add(nb_tools_sum *sum, const json_t *cell, int sign)
{
	if (!json_is_number(cell))
		return;
	sum->all_null = false;
	sum->value += sign * json_number_value(cell);
	if (json_is_real(cell)) {
		sum->integral = false;
		int places = nb_tools_decimals(cell);
		if (places > sum->decimals)
			sum->decimals = places;
	}
}

json_t *nb_tools_sum_json(const nb_tools_sum *sum)
{
	if (sum->integral)
		return json_integer((json_int_t)llround(sum->value));
	return json_real(S_round_places(sum->value, sum->decimals));
}

json_t *nb_tools_difference(const json_t *old_value, const json_t *new_value)
{
	if (!json_is_number(old_value) || !json_is_number(new_value))
		return json_null();
	if (json_is_integer(old_value) && json_is_integer(new_value))
		return json_integer(json_integer_value(new_value)
		                    - json_integer_value(old_value));
	nb_tools_sum change;
	nb_tools_sum_init(&change);
	nb_tools_sum_add(&change, new_value, +1);
	nb_tools_sum_add(&change, old_value, -1);
	change.integral = false;
	return nb_tools_sum_json(&change);
}

json_t *nb_tools_link_entry(const char *rule, const char *where,
                            const nb_tools_sum *expected,
                            const nb_tools_sum *actual)
{
	json_t *expected_json = nb_tools_sum_json(expected);
	json_t *actual_json = nb_tools_sum_json(actual);
	double expected_value = json_number_value(expected_json);
	double actual_value = json_number_value(actual_json);
	json_t *ok;
	if ((expected->all_null && actual_value != 0)
	    || (actual->all_null && expected_value != 0)) {
		ok = json_null();
	} else {
		int places = expected->decimals > actual->decimals
		                     ? expected->decimals : actual->decimals;
		ok = json_boolean(S_round_places(expected_value, places)
		                  == S_round_places(actual_value, places));
	}
	json_t *entry = json_object();
	json_object_set_new(entry, "rule", json_string(rule));
	json_object_set_new(entry, "where", json_string(where));
	json_object_set_new(entry, "ok", ok);
	json_object_set_new(entry, "expected", expected_json);
	json_object_set_new(entry, "actual", actual_json);
	return entry;
}

/* ---- text ------------------------------------------------------------- */

size_t nb_tools_display_width(const char *text)
{
	const utf8proc_uint8_t *bytes = (const utf8proc_uint8_t *)text;
	size_t width = 0;
	while (*bytes) {
		utf8proc_int32_t code_point = 0;
		utf8proc_ssize_t used = utf8proc_iterate(bytes, -1, &code_point);
		if (used <= 0) { /* an invalid byte shows as one replacement cell */
			width++;
			bytes++;
			continue;
		}
		int cells = utf8proc_charwidth(code_point);
		width += cells > 0 ? (size_t)cells : 0;
		bytes += used;
	}
	return width;
}

void nb_tools_print_padded(FILE *out, const char *text, size_t width,
                           bool right_align)
{
	size_t used = nb_tools_display_width(text);
	size_t pad = used < width ? width - used : 0;
	if (!right_align)
		fputs(text, out);
	for (size_t i = 0; i < pad; i++)
		fputc(' ', out);
	if (right_align)
		fputs(text, out);
}

void nb_tools_csv_field(nb_buf *buf, const char *text)
{
	if (!text || !*text)
		return;
	size_t len = strlen(text);
	bool quote = strpbrk(text, ",\"\r\n") != NULL || text[0] == ' '
	             || text[len - 1] == ' ';
	if (!quote) {
		nb_buf_append(buf, text, len);
		return;
	}
	nb_buf_append(buf, "\"", 1);
	for (const char *c = text; *c; c++) {
		if (*c == '"')
			nb_buf_append(buf, "\"", 1);
		nb_buf_append(buf, c, 1);
	}
	nb_buf_append(buf, "\"", 1);
}

size_t nb_tools_json_flags(void)
{
	return JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15);
}

bool nb_tools_is_error_record(const json_t *record, const char **code)
{
	const json_t *error = json_object_get(record, "error");
	if (!error)
		return false;
	if (code) {
		const char *text = json_is_object(error)
		                           ? nb_tools_string(error, "code")
		                           : json_string_value(error);
		*code = text ? text : "error";
	}
	return true;
}

/* A JSON value as one short line for a message ("11" with its quotes). */
static void S_value_text(const json_t *value, char *buf, size_t size)
{
	char *text = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT);
	if (!text) {
		snprintf(buf, size, "a value");
		return;
	}
	if (strlen(text) > 40)
		snprintf(buf, size, "%.37s...", text);
	else
		snprintf(buf, size, "%s", text);
	free(text);
}

/* Every cell of the report's template is a number or null (or absent): a
 * string where a number belongs ("11") is not read as a blank. */
static bool S_cells_are_numbers(const json_t *record, char *why, size_t size)
{
	const nb_tools_layout *layout = nb_tools_report_layout(record);
	for (size_t s = 0; layout && s < layout->n_sections; s++) {
		const nb_tools_section *section = &layout->sections[s];
		const json_t *rows = json_object_get(record, section->key);
		for (size_t r = 0; r < section->n_rows; r++) {
			const nb_tools_row *row = &section->rows[r];
			const json_t *cells = json_object_get(rows, row->key);
			if (cells && !json_is_object(cells) && !json_is_null(cells)) {
				snprintf(why, size, "%s.%s: not an object",
				         section->key, row->key);
				return false;
			}
			for (size_t c = 0; c < row->n_columns; c++) {
				const char *column = row->columns[c].key;
				const json_t *cell = json_object_get(cells, column);
				if (!cell || json_is_null(cell) || json_is_number(cell))
					continue;
				char value[48];
				S_value_text(cell, value, sizeof value);
				snprintf(why, size, "%s.%s.%s: %s is not a number",
				         section->key, row->key, column, value);
				return false;
			}
		}
	}
	return true;
}

bool nb_tools_is_report(const json_t *record, char *why, size_t size)
{
	char scratch[160];
	if (!why) {
		why = scratch;
		size = sizeof scratch;
	}
	if (!json_is_object(record)) {
		snprintf(why, size, "not a JSON object");
		return false;
	}
	/* The contract this code reads is schema_version "1" (schema/build.c
	 * writes it); another version may mean other keys, not blanks. */
	const json_t *version = json_object_get(record, "schema_version");
	if (!version) {
		snprintf(why, size, "no schema_version (want \"1\")");
		return false;
	}
	if (!json_is_string(version) || strcmp(json_string_value(version), "1")) {
		char value[48];
		S_value_text(version, value, sizeof value);
		snprintf(why, size, "schema_version is %s, not \"1\"", value);
		return false;
	}
	/* Every report has its three table sections, null cells and all (a
	 * pre-2019 report too, with no rows): a missing one is not blank. */
	static const char *const sections[] = {"active_disclosure",
	                                       "applications", "reviews"};
	for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
		const json_t *section = json_object_get(record, sections[i]);
		if (!section) {
			snprintf(why, size, "no \"%s\" section", sections[i]);
			return false;
		}
		if (!json_is_object(section)) {
			snprintf(why, size, "\"%s\" is not an object", sections[i]);
			return false;
		}
	}
	return S_cells_are_numbers(record, why, size);
}
