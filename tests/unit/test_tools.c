/*
 * test_tools.c — unit tests of the pure parts of `nianbao check`, `compare`
 * and `csv` (cli/tools_internal.h): the contract's tables and labels, exact
 * number printing and cell arithmetic, the cross-year links (carry-over,
 * in-force) with the contract's null rule, RFC 4180 quoting of agency names
 * with commas and quotes, the per-report CSV rows, the check summary and
 * account, and the comparison's warnings and shared cells.
 *
 * Reports are built here as JSON, cell by cell, so each test says exactly
 * which numbers it feeds in.  Built with cli/tools.c, check.c, compare.c,
 * csv.c and pipeline.c (see the Makefile rule for test_tools).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../tools/tools.h"
#include "../../tools/tools_internal.h"
#include "../../nianbao.h"

/* ---- building reports ----------------------------------------------------- */

/* A report of `template_name` whose every cell is `fill` (NULL: null). */
static json_t *make_report(const char *template_name, const char *agency,
                           int year, const json_t *fill)
{
	const nb_contract_template *layout = nb_contract_template_named(template_name);
	json_t *report = json_object();
	json_t *source = json_object();
	json_object_set_new(source, "file", json_string("in.txt"));
	json_object_set_new(source, "sha256", json_string("ab12"));
	json_object_set_new(report, "schema_version", json_string("1"));
	json_object_set_new(report, "source", source);
	json_object_set_new(report, "agency", agency ? json_string(agency) : json_null());
	json_object_set_new(report, "year", year ? json_integer(year) : json_null());
	json_object_set_new(report, "template",
	                    template_name ? json_string(template_name) : json_null());
	for (size_t s = 0; s < 3; s++) {
		static const char *const keys[] = {"active_disclosure", "applications",
		                                   "reviews"};
		json_t *section = json_object();
		json_object_set_new(report, keys[s], section);
		if (!layout)
			continue;
		const nb_contract_table *spec = &layout->tables[s];
		for (size_t r = 0; r < spec->n_rows; r++) {
			json_t *row = json_object();
			for (size_t c = 0; c < spec->rows[r].n_columns; c++)
				json_object_set_new(row, spec->rows[r].columns[c].key,
				                    fill ? json_copy((json_t *)fill) : json_null());
			json_object_set_new(section, spec->rows[r].key, row);
		}
	}
	return report;
}

static void set_cell(json_t *report, const char *section, const char *row,
                     const char *column, json_t *value)
{
	json_t *object = json_object_get(json_object_get(report, section), row);
	assert_non_null(object);
	json_object_set_new(object, column, value);
}

static const char *text_of(const json_t *value)
{
	static char buf[64];
	return nb_tools_number_text(value, buf, sizeof buf);
}

/* ---- tables ----------------------------------------------------------- */

static size_t count_cells(const nb_contract_template *layout,
                          const char *section)
{
	size_t n = 0;
	for (size_t s = 0; s < layout->n_tables; s++) {
		if (section && strcmp(layout->tables[s].key, section) != 0)
			continue;
		for (size_t r = 0; r < layout->tables[s].n_rows; r++)
			n += layout->tables[s].rows[r].n_columns;
	}
	return n;
}

static void test_layout_sizes(void **state)
{
	(void)state;
	const nb_contract_template *l2019 = nb_contract_template_named("2019");
	const nb_contract_template *l2021 = nb_contract_template_named("2021");
	assert_non_null(l2019);
	assert_non_null(l2021);
	assert_null(nb_contract_template_named("2020"));
	assert_null(nb_contract_template_named(NULL));
	assert_int_equal(count_cells(l2019, "active_disclosure"), 22);
	assert_int_equal(count_cells(l2019, "applications"), 23 * 7);
	assert_int_equal(count_cells(l2021, "active_disclosure"), 10);
	assert_int_equal(count_cells(l2021, "applications"), 25 * 7);
	assert_int_equal(count_cells(l2021, "reviews"), 15);
	assert_string_equal(nb_tools_find_row(l2019, "applications", "granted")->short_label,
	                    "（一）予以公开");
	assert_null(nb_tools_find_row(l2021, "applications", "other"));
	assert_null(nb_tools_find_row(l2019, "active_disclosure", "nope"));
}

/* The rows and columns agree with the schema stage's own lists. */
static void test_layout_matches_schema(void **state)
{
	(void)state;
	static const char *const templates[] = {"2019", "2021"};
	for (size_t t = 0; t < 2; t++) {
		const char *const *rows = nb_schema_application_rows(templates[t]);
		const nb_contract_template *layout = nb_contract_template_named(templates[t]);
		const nb_contract_table *applications = &layout->tables[1];
		assert_string_equal(applications->key, "applications");
		size_t i = 0;
		for (; rows[i]; i++) {
			assert_true(i < applications->n_rows);
			assert_string_equal(applications->rows[i].key, rows[i]);
		}
		assert_int_equal(i, applications->n_rows);
	}
	const char *const *columns = nb_schema_applicant_columns();
	const nb_contract_row *row = nb_tools_find_row(
		nb_contract_template_named("2019"), "applications", "granted");
	const nb_contract_column *mine = row->columns;
	size_t n = row->n_columns;
	size_t i = 0;
	for (; columns[i]; i++)
		assert_string_equal(mine[i].key, columns[i]);
	assert_int_equal(i, n);
}

static void test_layout_inferred(void **state)
{
	(void)state;
	json_t *report = make_report("2021", "局", 2021, NULL);
	json_object_set_new(report, "template", json_null());
	assert_ptr_equal(nb_tools_report_layout(report), nb_contract_template_named("2021"));
	json_decref(report);
	report = make_report("2019", "局", 2019, NULL);
	json_object_set_new(report, "template", json_null());
	assert_ptr_equal(nb_tools_report_layout(report), nb_contract_template_named("2019"));
	json_decref(report);
	report = make_report(NULL, "局", 2015, NULL);
	assert_null(nb_tools_report_layout(report));
	json_decref(report);
}

/* ---- numbers ---------------------------------------------------------- */

static void test_number_text(void **state)
{
	(void)state;
	json_t *v;
	char buf[64];
	assert_string_equal(nb_tools_number_text(json_null(), buf, sizeof buf), "");
	assert_string_equal(nb_tools_number_text(NULL, buf, sizeof buf), "");
	assert_string_equal(text_of(v = json_integer(12)), "12"); json_decref(v);
	assert_string_equal(text_of(v = json_integer(-3)), "-3"); json_decref(v);
	assert_string_equal(text_of(v = json_real(4068.208)), "4068.208"); json_decref(v);
	assert_string_equal(text_of(v = json_real(495.0)), "495"); json_decref(v);
	assert_string_equal(text_of(v = json_real(-1.5)), "-1.5"); json_decref(v);
	assert_string_equal(text_of(v = json_real(0.1)), "0.1"); json_decref(v);
	assert_string_equal(text_of(v = json_real(-0.0)), "0"); json_decref(v);
	assert_string_equal(text_of(v = json_real(251000)), "251000"); json_decref(v);
	/* A JSON text's decimals come back as written. */
	v = json_loads("[4068.208, 12.30, 0.001]", 0, NULL);
	assert_string_equal(text_of(json_array_get(v, 0)), "4068.208");
	assert_string_equal(text_of(json_array_get(v, 1)), "12.3");
	assert_string_equal(text_of(json_array_get(v, 2)), "0.001");
	assert_int_equal(nb_contract_decimals(json_array_get(v, 0)), 3);
	assert_int_equal(nb_contract_decimals(json_array_get(v, 2)), 3);
	json_decref(v);
}

static void test_difference(void **state)
{
	(void)state;
	json_t *a = json_integer(7), *b = json_integer(3), *d;
	d = nb_tools_difference(a, b);
	assert_true(json_is_integer(d));
	assert_int_equal(json_integer_value(d), -4);
	json_decref(d);
	d = nb_tools_difference(a, json_null());
	assert_true(json_is_null(d));
	json_decref(d);
	json_t *x = json_real(4000.1), *y = json_real(4068.208);
	d = nb_tools_difference(x, y);
	assert_true(json_is_real(d));
	assert_string_equal(text_of(d), "68.108");
	char *dumped = json_dumps(d, JSON_ENCODE_ANY | nb_tools_json_flags());
	assert_string_equal(dumped, "68.108");
	free(dumped);
	json_decref(d);
	d = nb_tools_difference(b, y); /* integer and real */
	assert_string_equal(text_of(d), "4065.208");
	json_decref(d);
	json_decref(a); json_decref(b); json_decref(x); json_decref(y);
}

/* A check entry as the contract's rules build it: the two sums and their
 * verdict (nb_contract_verdict). */
static json_t *S_entry_of(const char *rule, const char *where,
                          const nb_contract_sum *expected,
                          const nb_contract_sum *actual)
{
	json_t *entry = json_object();
	json_object_set_new(entry, "rule", json_string(rule));
	json_object_set_new(entry, "where", json_string(where));
	json_object_set_new(entry, "ok", nb_contract_verdict(expected, actual));
	json_object_set_new(entry, "expected", nb_contract_sum_json(expected));
	json_object_set_new(entry, "actual", nb_contract_sum_json(actual));
	return entry;
}

/* One link entry from single cells (NULL: a blank cell). */
static json_t *link_of(json_t *expected_cell, json_t *actual_cell)
{
	nb_contract_sum expected, actual;
	nb_contract_sum_init(&expected);
	nb_contract_sum_init(&actual);
	nb_contract_sum_add(&expected, expected_cell, +1);
	nb_contract_sum_add(&actual, actual_cell, +1);
	json_t *entry = S_entry_of("years.carried_over", "total", &expected,
	                           &actual);
	json_decref(expected_cell);
	json_decref(actual_cell);
	return entry;
}

static void test_link_null_rule(void **state)
{
	(void)state;
	json_t *e;
	e = link_of(json_integer(3), json_integer(3));
	assert_true(json_is_true(json_object_get(e, "ok")));
	assert_string_equal(json_string_value(json_object_get(e, "rule")),
	                    "years.carried_over");
	json_decref(e);
	e = link_of(json_integer(3), json_integer(2));
	assert_true(json_is_false(json_object_get(e, "ok")));
	assert_int_equal(json_integer_value(json_object_get(e, "expected")), 3);
	assert_int_equal(json_integer_value(json_object_get(e, "actual")), 2);
	json_decref(e);
	e = link_of(json_integer(3), NULL); /* blank against not zero */
	assert_true(json_is_null(json_object_get(e, "ok")));
	json_decref(e);
	e = link_of(NULL, json_integer(4));
	assert_true(json_is_null(json_object_get(e, "ok")));
	json_decref(e);
	e = link_of(NULL, json_integer(0)); /* blank counts as 0 */
	assert_true(json_is_true(json_object_get(e, "ok")));
	json_decref(e);
	e = link_of(NULL, NULL);
	assert_true(json_is_true(json_object_get(e, "ok")));
	json_decref(e);
}

static void test_sum_decimals(void **state)
{
	(void)state;
	nb_contract_sum left, right;
	nb_contract_sum_init(&left);
	nb_contract_sum_init(&right);
	json_t *a = json_real(0.1), *b = json_real(0.2), *c = json_real(0.3);
	nb_contract_sum_add(&left, a, +1);
	nb_contract_sum_add(&left, b, +1);
	nb_contract_sum_add(&right, c, +1);
	nb_contract_sum_add(&right, json_null(), +1);
	json_t *entry = S_entry_of("r", "w", &left, &right);
	assert_true(json_is_true(json_object_get(entry, "ok")));
	assert_string_equal(text_of(json_object_get(entry, "expected")), "0.3");
	json_decref(entry);
	json_decref(a); json_decref(b); json_decref(c);
}

/* ---- text and CSV ------------------------------------------------------- */

static void test_display_width(void **state)
{
	(void)state;
	assert_int_equal(nb_tools_display_width("abc"), 3);
	assert_int_equal(nb_tools_display_width("自然人"), 6);
	assert_int_equal(nb_tools_display_width("（一）予以公开"), 14);
	assert_int_equal(nb_tools_display_width("total 总计"), 10);
	assert_int_equal(nb_tools_display_width(""), 0);
}

static const char *csv_of(nb_buf *buf, const char *text)
{
	nb_buf_consume(buf, buf->len);
	nb_tools_csv_field(buf, text);
	return buf->data;
}

static void test_csv_field(void **state)
{
	(void)state;
	nb_buf buf;
	buf = (nb_buf){0};
	assert_string_equal(csv_of(&buf, "plain"), "plain");
	assert_string_equal(csv_of(&buf, "吴忠市商务局"), "吴忠市商务局");
	assert_string_equal(csv_of(&buf, ""), "");
	assert_string_equal(csv_of(&buf, NULL), "");
	assert_string_equal(csv_of(&buf, "a,b"), "\"a,b\"");
	assert_string_equal(csv_of(&buf, "某局, \"测试\""), "\"某局, \"\"测试\"\"\"");
	assert_string_equal(csv_of(&buf, "two\nlines"), "\"two\nlines\"");
	assert_string_equal(csv_of(&buf, "cr\rx"), "\"cr\rx\"");
	assert_string_equal(csv_of(&buf, " lead"), "\" lead\"");
	assert_string_equal(csv_of(&buf, "-1.5"), "-1.5");
	nb_buf_free(&buf);
}

static void test_csv_report(void **state)
{
	(void)state;
	json_t *zero = json_integer(0);
	json_t *report = make_report("2019", "某局, \"测试\"", 2020, zero);
	set_cell(report, "active_disclosure", "procurement", "amount", json_real(495.5));
	set_cell(report, "applications", "granted", "natural_person", json_null());
	nb_buf buf;
	buf = (nb_buf){0};
	size_t rows = nb_tools_csv_report(&buf, report, "x.json");
	assert_int_equal(rows, 22 + 23 * 7 + 15);
	/* Every row ends CRLF; there are exactly `rows` of them. */
	size_t crlf = 0;
	for (const char *p = buf.data; (p = strstr(p, "\r\n")); p += 2)
		crlf++;
	assert_int_equal(crlf, rows);
	assert_non_null(strstr(buf.data,
		"in.txt,ab12,\"某局, \"\"测试\"\"\",2020,2019,active_disclosure,"
		"regulations,made,0\r\n"));
	assert_non_null(strstr(buf.data, ",active_disclosure,procurement,amount,495.5\r\n"));
	assert_non_null(strstr(buf.data, ",applications,granted,natural_person,\r\n"));
	assert_non_null(strstr(buf.data, ",reviews,litigation_after_review,total,0\r\n"));
	/* The first data row is regulations.made: the contract's order. */
	assert_true(strncmp(buf.data, "in.txt,", 7) == 0);
	json_decref(report);
	/* No tables, no rows; a missing source.file falls back to the input. */
	report = make_report(NULL, NULL, 0, NULL);
	buf.len = 0;
	assert_int_equal(nb_tools_csv_report(&buf, report, "x.json"), 0);
	json_decref(report);
	report = make_report("2021", NULL, 0, zero);
	json_object_del(report, "source");
	buf.len = 0;
	assert_int_equal(nb_tools_csv_report(&buf, report, "x.json"), 200);
	assert_true(strncmp(buf.data, "x.json,,,,2021,active_disclosure,regulations,issued,0\r\n",
	                    strlen("x.json,,,,2021,active_disclosure,regulations,issued,0\r\n")) == 0);
	json_decref(report);
	nb_buf_free(&buf);
	json_decref(zero);
	assert_string_equal(nb_tools_csv_header,
	                    "file,sha256,agency,year,template,section,row,column,value\r\n");
}

static void test_decimal_shift(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int shift;
		const char *want;
	} cases[] = {
		{"251000", -4, "25.1"},  {"495", 4, "4950000"}, {"4068.208", -4, "0.4068208"},
		{"0.4068208", 4, "4068.208"}, {"-0.5", 1, "-5"}, {"0", -4, "0"},
		{"12", 0, "12"},         {"1.50", 0, "1.5"},    {"-3", -1, "-0.3"},
		{"0.0", 4, "0"},
	};
	char buf[64];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_true(nb_tools_decimal_shift(cases[i].text, cases[i].shift, buf,
		                                   sizeof buf));
		assert_string_equal(buf, cases[i].want);
	}
	assert_false(nb_tools_decimal_shift("", 1, buf, sizeof buf));
	assert_false(nb_tools_decimal_shift("1e5", 1, buf, sizeof buf));
	assert_false(nb_tools_decimal_shift("十", 1, buf, sizeof buf));
	assert_false(nb_tools_decimal_shift("123456", 4, buf, 4));
	int shift = 0;
	assert_true(nb_tools_unit_shift("元", "万元", &shift));
	assert_int_equal(shift, -4);
	assert_true(nb_tools_unit_shift("亿元", "元", &shift));
	assert_int_equal(shift, 8);
	assert_true(nb_tools_unit_shift("千元", "万元", &shift));
	assert_int_equal(shift, -1);
	assert_false(nb_tools_unit_shift("件", "元", &shift));
	assert_false(nb_tools_unit_shift("元元", "元", &shift));
}

static void test_csv_labels(void **state)
{
	(void)state;
	json_t *zero = json_integer(0);
	json_t *report = make_report("2019", "某局", 2020, zero);
	set_cell(report, "active_disclosure", "procurement", "amount", json_integer(251000));
	nb_buf buf;
	buf = (nb_buf){0};
	nb_tools_csv_opts opts = {.labels = true, .amounts_in = "万元"};
	/* 2019: the template prints no unit for 采购总金额; the report says none */
	nb_tools_csv_report_with(&buf, report, "x.json", &opts);
	assert_non_null(strstr(buf.data, ",procurement,amount,251000,政府集中采购,采购总金额,\r\n"));
	assert_non_null(strstr(buf.data, ",regulations,made,0,规章,本年新制作数量,件\r\n"));
	/* an amount_unit diagnostic names the unit: converted */
	json_t *diags = json_object_get(report, "diagnostics");
	if (!diags) {
		diags = json_array();
		json_object_set_new(report, "diagnostics", diags);
	}
	json_array_append_new(diags, json_pack("{s:s,s:s,s:s,s:n,s:s}", "level", "info",
		"code", "amount_unit", "message",
		"active_disclosure.procurement.amount: amount printed in 元, kept as printed",
		"page", "field", "active_disclosure.procurement.amount"));
	buf.len = 0;
	nb_tools_csv_report_with(&buf, report, "x.json", &opts);
	nb_buf_puts(&buf, "");
	assert_non_null(strstr(buf.data, ",procurement,amount,25.1,政府集中采购,采购总金额,万元\r\n"));
	json_decref(report);
	/* 2021: the template's header prints （万元） */
	report = make_report("2021", NULL, 0, zero);
	set_cell(report, "active_disclosure", "fees", "amount", json_real(1.5));
	opts.amounts_in = "元";
	buf.len = 0;
	nb_tools_csv_report_with(&buf, report, "x.json", &opts);
	nb_buf_puts(&buf, "");
	assert_non_null(strstr(buf.data, ",fees,amount,15000,行政事业性收费,本年收费金额（万元）,元\r\n"));
	json_decref(report);
	nb_buf_free(&buf);
	json_decref(zero);
}

static void test_error_record(void **state)
{
	(void)state;
	const char *code = NULL;
	json_t *record = json_loads("{\"source\":{\"file\":\"a.pdf\",\"sha256\":null},"
	                            "\"error\":{\"code\":\"encrypted\",\"message\":\"x\"}}",
	                            0, NULL);
	assert_true(nb_tools_is_error_record(record, &code));
	assert_string_equal(code, "encrypted");
	json_decref(record);
	record = make_report("2019", "局", 2019, NULL);
	assert_false(nb_tools_is_error_record(record, &code));
	json_decref(record);
}

/* A record is refused, with the reason, when a template cell is a string
 * (or any other non-number): "11" is never read as a blank cell. */
static void test_is_report_cells(void **state)
{
	(void)state;
	char why[160];
	json_t *zero = json_integer(0);
	json_t *record = make_report("2021", "局", 2021, zero);
	assert_true(nb_tools_is_report(record, why, sizeof why));
	json_t *row = json_object_get(json_object_get(record, "applications"),
	                              "new_received");
	json_object_set_new(row, "total", json_string("11"));
	assert_false(nb_tools_is_report(record, why, sizeof why));
	assert_string_equal(why, "applications.new_received.total: \"11\" is "
	                         "not a number");
	assert_false(nb_tools_is_report(record, NULL, 0));
	json_object_set_new(row, "total", json_null());
	assert_true(nb_tools_is_report(record, why, sizeof why));
	json_object_set_new(row, "total", json_true());
	assert_false(nb_tools_is_report(record, why, sizeof why));
	assert_string_equal(why, "applications.new_received.total: true is "
	                         "not a number");
	json_object_set_new(row, "total", json_integer(11));
	json_object_set_new(json_object_get(record, "reviews"),
	                    "administrative_review", json_string("x"));
	assert_false(nb_tools_is_report(record, why, sizeof why));
	assert_string_equal(why, "reviews.administrative_review: not an object");
	json_decref(record);
	json_decref(zero);
}

/* The contract's frame: schema_version "1" and the three table sections;
 * anything else is refused with the reason. */
static void test_is_report_contract(void **state)
{
	(void)state;
	char why[160];
	json_t *record = make_report("2019", "局", 2019, NULL);
	assert_true(nb_tools_is_report(record, why, sizeof why));
	json_object_set_new(record, "schema_version", json_string("2"));
	assert_false(nb_tools_is_report(record, why, sizeof why));
	assert_string_equal(why, "schema_version is \"2\", not \"1\"");
	json_object_set_new(record, "schema_version", json_integer(1));
	assert_false(nb_tools_is_report(record, why, sizeof why));
	assert_string_equal(why, "schema_version is 1, not \"1\"");
	json_object_del(record, "schema_version");
	assert_false(nb_tools_is_report(record, why, sizeof why));
	assert_string_equal(why, "no schema_version (want \"1\")");
	json_object_set_new(record, "schema_version", json_string("1"));
	json_object_del(record, "applications");
	assert_false(nb_tools_is_report(record, why, sizeof why));
	assert_string_equal(why, "no \"applications\" section");
	json_object_set_new(record, "applications", json_null());
	assert_false(nb_tools_is_report(record, why, sizeof why));
	assert_string_equal(why, "\"applications\" is not an object");
	json_decref(record);
	/* a report before 2019: template null, empty sections */
	record = make_report(NULL, "局", 2017, NULL);
	assert_true(nb_tools_is_report(record, why, sizeof why));
	json_decref(record);
	json_t *array = json_array();
	assert_false(nb_tools_is_report(array, why, sizeof why));
	assert_string_equal(why, "not a JSON object");
	json_decref(array);
}

/* ---- check ----------------------------------------------------------- */

static json_t *entry_of(const char *rule, const char *where, json_t *ok,
                        int expected, int actual)
{
	json_t *entry = json_object();
	json_object_set_new(entry, "rule", json_string(rule));
	json_object_set_new(entry, "where", json_string(where));
	json_object_set_new(entry, "ok", ok);
	json_object_set_new(entry, "expected", json_integer(expected));
	json_object_set_new(entry, "actual", json_integer(actual));
	return entry;
}

static json_t *sample_checks(void)
{
	json_t *checks = json_array();
	json_array_append_new(checks, entry_of("applications.balance",
		"natural_person", json_false(), 12, 11));
	json_array_append_new(checks, entry_of("applications.balance",
		"commercial_enterprise", json_true(), 1, 1));
	json_array_append_new(checks, entry_of("applications.outcome_total",
		"total", json_null(), 7, 0));
	json_array_append_new(checks, entry_of("applications.row_total",
		"granted", json_false(), 5, 6));
	json_array_append_new(checks, entry_of("reviews.total",
		"administrative_review", json_false(), 2, 1));
	return checks;
}

static char *capture_print(const json_t *report, const json_t *checks,
                           size_t *broken)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	*broken = nb_tools_check_print(out, report, checks, "x.json");
	fclose(out);
	return text;
}

static void test_check_summary(void **state)
{
	(void)state;
	json_t *report = make_report("2019", "吴忠市商务局", 2020, NULL);
	json_t *checks = sample_checks();
	json_t *summary = nb_tools_check_summary(report, checks, "x.json");
	assert_string_equal(json_string_value(json_object_get(summary, "file")), "in.txt");
	assert_string_equal(json_string_value(json_object_get(summary, "input")), "x.json");
	assert_string_equal(json_string_value(json_object_get(summary, "agency")), "吴忠市商务局");
	assert_int_equal(json_integer_value(json_object_get(summary, "year")), 2020);
	assert_true(json_is_false(json_object_get(summary, "ok")));
	assert_int_equal(json_integer_value(json_object_get(summary, "checked")), 5);
	assert_int_equal(json_array_size(json_object_get(summary, "broken")), 3);
	assert_int_equal(json_array_size(json_object_get(summary, "blank")), 1);
	json_decref(summary);
	/* All hold: ok true, nothing broken. */
	json_t *good = json_array();
	json_array_append_new(good, entry_of("reviews.total", "litigation_direct",
	                                     json_true(), 0, 0));
	summary = nb_tools_check_summary(report, good, "x.json");
	assert_true(json_is_true(json_object_get(summary, "ok")));
	assert_int_equal(json_array_size(json_object_get(summary, "broken")), 0);
	json_decref(summary);
	json_decref(good);
	json_decref(checks);
	json_decref(report);
}

static void test_check_print(void **state)
{
	(void)state;
	json_t *report = make_report("2019", "吴忠市商务局", 2020, NULL);
	json_t *checks = sample_checks();
	size_t broken;
	char *text = capture_print(report, checks, &broken);
	assert_int_equal(broken, 3);
	assert_non_null(strstr(text, "in.txt (in x.json): 吴忠市商务局, 2020, template 2019: "
	                             "3 of 5 rules broken, 1 cannot be checked"));
	assert_non_null(strstr(text, "broken: applications.balance, column natural_person 自然人: "
	                             "expected 12 (一 new_received + 二 carried_over)"));
	assert_non_null(strstr(text, "printed 11 (（七）outcome_total + 四 carried_forward), off by -1"));
	assert_non_null(strstr(text, "off by -1"));
	assert_non_null(strstr(text, "row granted （一）予以公开: expected 5"));
	assert_non_null(strstr(text, "off by +1"));
	assert_non_null(strstr(text, "group administrative_review 行政复议"));
	assert_non_null(strstr(text, "cannot check: applications.outcome_total, column total 总计: "
	                             "（七）outcome_total left blank (the outcome rows （一）…（六） = 7)"));
	assert_null(strstr(text, "commercial_enterprise")); /* holds: not listed */
	free(text);
	json_decref(checks);
	/* No tables: said, and nothing counted broken. */
	json_decref(report);
	report = make_report(NULL, NULL, 0, NULL);
	checks = json_array();
	text = capture_print(report, checks, &broken);
	assert_int_equal(broken, 0);
	assert_non_null(strstr(text, "agency unknown, year unknown, template null: no tables"));
	free(text);
	json_decref(checks);
	json_decref(report);
}

/* The real rules on a report that breaks one on purpose. */
static void test_check_with_schema_rules(void **state)
{
	(void)state;
	json_t *zero = json_integer(0);
	json_t *report = make_report("2021", "局", 2021, zero);
	set_cell(report, "applications", "new_received", "natural_person", json_integer(3));
	set_cell(report, "applications", "new_received", "total", json_integer(3));
	json_t *checks = nb_checks_run(report, NULL);
	assert_non_null(checks);
	size_t broken;
	char *text = capture_print(report, checks, &broken);
	/* balance (natural_person, total) and outcome untouched: 2 broken. */
	assert_int_equal(broken, 2);
	assert_non_null(strstr(text, "broken: applications.balance, column natural_person 自然人: "
	                             "expected 3"));
	free(text);
	json_decref(checks);
	json_decref(report);
	json_decref(zero);
}

/* ---- compare ---------------------------------------------------------- */

static size_t count_code(const json_t *comparison, const char *code)
{
	size_t n = 0, index;
	json_t *warning;
	json_array_foreach(json_object_get(comparison, "warnings"), index, warning)
		if (strcmp(json_string_value(json_object_get(warning, "code")), code) == 0)
			n++;
	return n;
}

static const json_t *find_link(const json_t *comparison, const char *rule,
                               const char *where)
{
	size_t index;
	json_t *link;
	json_array_foreach(json_object_get(comparison, "links"), index, link)
		if (strcmp(json_string_value(json_object_get(link, "rule")), rule) == 0
		    && strcmp(json_string_value(json_object_get(link, "where")), where) == 0)
			return link;
	return NULL;
}

static void test_compare_same_template(void **state)
{
	(void)state;
	json_t *zero = json_integer(0);
	json_t *old_report = make_report("2021", "某局", 2021, zero);
	json_t *new_report = make_report("2021", "某局", 2022, zero);
	set_cell(old_report, "applications", "carried_forward", "natural_person", json_integer(2));
	set_cell(new_report, "applications", "carried_over", "natural_person", json_integer(2));
	set_cell(old_report, "applications", "carried_forward", "total", json_integer(5));
	set_cell(new_report, "applications", "carried_over", "total", json_integer(4));
	set_cell(old_report, "applications", "carried_forward", "research_institution", json_integer(1));
	set_cell(new_report, "applications", "carried_over", "research_institution", json_null());
	set_cell(old_report, "active_disclosure", "regulations", "in_force", json_integer(10));
	set_cell(new_report, "active_disclosure", "regulations", "issued", json_integer(3));
	set_cell(new_report, "active_disclosure", "regulations", "repealed", json_integer(1));
	set_cell(new_report, "active_disclosure", "regulations", "in_force", json_integer(12));
	set_cell(old_report, "active_disclosure", "normative_documents", "in_force", json_integer(4));
	set_cell(new_report, "active_disclosure", "normative_documents", "in_force", json_integer(5));
	set_cell(new_report, "active_disclosure", "fees", "amount", json_real(12.5));
	json_t *c = nb_tools_compare(old_report, new_report, "old.json", "new.json");
	assert_int_equal(json_array_size(json_object_get(c, "warnings")), 0);
	assert_int_equal(json_array_size(json_object_get(c, "cells")), 200);
	assert_int_equal(json_array_size(json_object_get(c, "not_comparable")), 0);
	assert_int_equal(json_array_size(json_object_get(c, "links")), 7 + 2);
	assert_true(json_is_true(json_object_get(find_link(c, "years.carried_over", "natural_person"), "ok")));
	assert_true(json_is_false(json_object_get(find_link(c, "years.carried_over", "total"), "ok")));
	assert_true(json_is_null(json_object_get(find_link(c, "years.carried_over", "research_institution"), "ok")));
	assert_true(json_is_true(json_object_get(find_link(c, "years.carried_over", "other_organization"), "ok")));
	const json_t *in_force = find_link(c, "years.in_force", "regulations");
	assert_true(json_is_true(json_object_get(in_force, "ok")));
	assert_int_equal(json_integer_value(json_object_get(in_force, "expected")), 12);
	in_force = find_link(c, "years.in_force", "normative_documents");
	assert_true(json_is_false(json_object_get(in_force, "ok")));
	/* The first cell is regulations.issued (contract order), with change. */
	const json_t *first = json_array_get(json_object_get(c, "cells"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "row")), "regulations");
	assert_string_equal(json_string_value(json_object_get(first, "column")), "issued");
	assert_int_equal(json_integer_value(json_object_get(first, "change")), 3);
	json_decref(c);
	json_decref(old_report);
	json_decref(new_report);
	json_decref(zero);
}

static void test_compare_warnings(void **state)
{
	(void)state;
	json_t *old_report = make_report("2019", "甲局", 2019, NULL);
	json_t *new_report = make_report("2021", "乙局", 2021, NULL);
	json_t *c = nb_tools_compare(old_report, new_report, "a", "b");
	assert_int_equal(count_code(c, "agency_differs"), 1);
	assert_int_equal(count_code(c, "years_not_consecutive"), 1);
	assert_int_equal(count_code(c, "templates_differ"), 1);
	/* Shared: applications rows but （六） (20 + 2 totals) x 7, reviews 15,
	 * licensing/penalty/coercion decisions. */
	assert_int_equal(json_array_size(json_object_get(c, "cells")), 22 * 7 + 15 + 3);
	/* 2019 only: 二 22 - 3 cells + other row; 2021 only: 10 - 3 + 3 rows. */
	assert_int_equal(json_array_size(json_object_get(c, "not_comparable")),
	                 (19 + 7) + (7 + 21));
	/* 2019 → 2021 are not consecutive years: no link is assessable. */
	assert_true(json_is_false(json_object_get(c, "links_assessable")));
	assert_int_equal(json_array_size(json_object_get(c, "links")), 0);
	/* A blank cell stays blank: change null. */
	const json_t *first = json_array_get(json_object_get(c, "cells"), 0);
	assert_true(json_is_null(json_object_get(first, "old")));
	assert_true(json_is_null(json_object_get(first, "change")));
	json_decref(c);
	/* Consecutive years: no in-force link across templates; the carry-over
	 * link stays.  --changed-only drops the cells blank on both sides. */
	json_object_set_new(new_report, "year", json_integer(2020));
	c = nb_tools_compare(old_report, new_report, "a", "b");
	assert_true(json_is_true(json_object_get(c, "links_assessable")));
	assert_null(find_link(c, "years.in_force", "regulations"));
	assert_non_null(find_link(c, "years.carried_over", "total"));
	nb_tools_compare_changed_only(c);
	assert_int_equal(json_array_size(json_object_get(c, "cells")), 0);
	json_decref(c);
	json_object_set_new(new_report, "agency", json_null());
	json_object_set_new(old_report, "year", json_integer(2022));
	json_object_set_new(new_report, "template", json_string("2019"));
	c = nb_tools_compare(old_report, new_report, "a", "b");
	assert_int_equal(count_code(c, "agency_unknown"), 1);
	assert_int_equal(count_code(c, "years_not_consecutive"), 1);
	json_decref(c);
	json_decref(old_report);
	json_decref(new_report);
	old_report = make_report(NULL, "甲局", 2014, NULL);
	new_report = make_report("2019", "甲局", 2015, NULL);
	c = nb_tools_compare(old_report, new_report, "a", "b");
	assert_int_equal(count_code(c, "no_tables"), 1);
	assert_int_equal(json_array_size(json_object_get(c, "cells")), 0);
	json_decref(c);
	json_decref(old_report);
	json_decref(new_report);
}

/* The readable table: every line of a section as wide as its header. */
static void test_compare_print_aligned(void **state)
{
	(void)state;
	json_t *one = json_integer(1);
	json_t *old_report = make_report("2019", "某局", 2019, one);
	json_t *new_report = make_report("2019", "某局", 2020, one);
	set_cell(new_report, "applications", "granted", "natural_person", json_integer(13));
	set_cell(new_report, "active_disclosure", "procurement", "amount", json_real(4068.208));
	json_t *c = nb_tools_compare(old_report, new_report, "a", "b");
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	nb_tools_compare_print(out, c);
	fclose(out);
	assert_non_null(strstr(text, "OLD: in.txt: 某局, 2019, template 2019\n"));
	assert_non_null(strstr(text, "+4067.208\n"));
	assert_non_null(strstr(text, "+12\n"));
	assert_null(strstr(text, "warning"));
	/* Lines of the applications table all end at the same display column. */
	char *start = strstr(text, "\n三、");
	assert_non_null(start);
	start = strchr(start + 1, '\n') + 1;
	size_t width = 0, lines = 0;
	for (char *line = start; *line == ' ';) {
		char *end = strchr(line, '\n');
		*end = '\0';
		size_t w = nb_tools_display_width(line);
		if (!width)
			width = w;
		assert_int_equal(w, width);
		lines++;
		line = end + 1;
	}
	assert_int_equal(lines, 1 + 23 * 7);
	free(text);
	json_decref(c);
	json_decref(old_report);
	json_decref(new_report);
	json_decref(one);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_sizes),
		cmocka_unit_test(test_layout_matches_schema),
		cmocka_unit_test(test_layout_inferred),
		cmocka_unit_test(test_number_text),
		cmocka_unit_test(test_difference),
		cmocka_unit_test(test_link_null_rule),
		cmocka_unit_test(test_sum_decimals),
		cmocka_unit_test(test_display_width),
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_csv_report),
		cmocka_unit_test(test_error_record),
		cmocka_unit_test(test_is_report_cells),
		cmocka_unit_test(test_is_report_contract),
		cmocka_unit_test(test_check_summary),
		cmocka_unit_test(test_check_print),
		cmocka_unit_test(test_check_with_schema_rules),
		cmocka_unit_test(test_compare_same_template),
		cmocka_unit_test(test_compare_warnings),
		cmocka_unit_test(test_compare_print_aligned),
		cmocka_unit_test(test_decimal_shift),
		cmocka_unit_test(test_csv_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
