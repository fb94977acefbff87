/*
 * test_checks.c — unit tests of nb_checks_run, the contract's consistency
 * rules (勾稽关系), on hand-made contract JSON.
 *
 * The checks work on the JSON tree, not on a document, so that `nianbao
 * check` gives the same verdict on a JSON file as extraction did: these
 * tests build report objects with jansson and pin down each rule's sums,
 * its ok / false / null (total_blank) outcome, the order of the entries and
 * the treatment of null cells and printed zeros.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "nianbao.h"

/* A report of `template_name` with every application and review cell 0. */
static json_t *S_report(const char *template_name)
{
	json_t *report = json_object();
	json_object_set_new(report, "template", json_string(template_name));
	json_t *apps = json_object();
	const char *const *rows = nb_schema_application_rows(template_name);
	const char *const *columns = nb_schema_applicant_columns();
	for (size_t r = 0; rows && rows[r]; r++) {
		json_t *row = json_object();
		for (size_t c = 0; columns[c]; c++)
			json_object_set_new(row, columns[c], json_integer(0));
		json_object_set_new(apps, rows[r], row);
	}
	json_object_set_new(report, "applications", apps);
	static const char *const groups[] = {"administrative_review",
	                                     "litigation_direct",
	                                     "litigation_after_review"};
	static const char *const cols[] = {"upheld", "corrected", "other",
	                                   "pending", "total"};
	json_t *reviews = json_object();
	for (size_t g = 0; g < 3; g++) {
		json_t *group = json_object();
		for (size_t c = 0; c < 5; c++)
			json_object_set_new(group, cols[c], json_integer(0));
		json_object_set_new(reviews, groups[g], group);
	}
	json_object_set_new(report, "reviews", reviews);
	return report;
}

static void S_set(json_t *report, const char *table, const char *row,
                  const char *column, json_t *value)
{
	json_t *obj = json_object_get(json_object_get(report, table), row);
	assert_non_null(obj);
	json_object_set_new(obj, column, value);
}

/* The entry for (rule, where), asserting there is exactly one. */
static const json_t *S_entry(const json_t *checks, const char *rule,
                             const char *where)
{
	const json_t *found = NULL;
	size_t i;
	const json_t *entry;
	json_array_foreach(checks, i, entry) {
		if (strcmp(json_string_value(json_object_get(entry, "rule")), rule)
		    || strcmp(json_string_value(json_object_get(entry, "where")),
		              where))
			continue;
		assert_null(found);
		found = entry;
	}
	assert_non_null(found);
	return found;
}

static void S_expect(const json_t *checks, const char *rule, const char *where,
                     int ok, double expected, double actual)
{
	const json_t *entry = S_entry(checks, rule, where);
	const json_t *verdict = json_object_get(entry, "ok");
	if (ok < 0)
		assert_true(json_is_null(verdict));
	else
		assert_true(json_is_boolean(verdict)
		            && json_is_true(verdict) == (ok == 1));
	assert_true(json_number_value(json_object_get(entry, "expected"))
	            == expected);
	assert_true(json_number_value(json_object_get(entry, "actual")) == actual);
}

static size_t S_count_code(const json_t *diagnostics, const char *code)
{
	size_t n = 0, i;
	const json_t *diag;
	json_array_foreach(diagnostics, i, diag)
		n += !strcmp(json_string_value(json_object_get(diag, "code")), code);
	return n;
}

static void test_all_zero_report_holds(void **state)
{
	(void)state;
	json_t *report = S_report("2019");
	json_t *diagnostics = json_array();
	json_t *checks = nb_checks_run(report, diagnostics);
	/* 7 balance + 7 outcome_total + 23 row_total + 3 reviews */
	assert_int_equal(json_array_size(checks), 7 + 7 + 23 + 3);
	size_t i;
	const json_t *entry;
	json_array_foreach(checks, i, entry)
		assert_true(json_is_true(json_object_get(entry, "ok")));
	assert_int_equal(json_array_size(diagnostics), 0);
	json_decref(checks);
	json_decref(diagnostics);
	json_decref(report);
}

static void test_order_of_entries(void **state)
{
	(void)state;
	json_t *report = S_report("2021");
	json_t *checks = nb_checks_run(report, NULL);
	assert_int_equal(json_array_size(checks), 7 + 7 + 25 + 3);
	const char *rules[] = {"applications.balance", "applications.outcome_total",
	                       "applications.row_total", "reviews.total"};
	size_t counts[] = {7, 7, 25, 3}, at = 0;
	for (size_t r = 0; r < 4; r++)
		for (size_t k = 0; k < counts[r]; k++, at++) {
			const json_t *entry = json_array_get(checks, at);
			assert_string_equal(json_string_value(json_object_get(entry, "rule")),
			                    rules[r]);
		}
	const json_t *first = json_array_get(checks, 0);
	assert_string_equal(json_string_value(json_object_get(first, "where")),
	                    "natural_person");
	const json_t *row = json_array_get(checks, 14);
	assert_string_equal(json_string_value(json_object_get(row, "where")),
	                    "new_received");
	const json_t *last = json_array_get(checks, at - 1);
	assert_string_equal(json_string_value(json_object_get(last, "where")),
	                    "litigation_after_review");
	json_decref(checks);
	json_decref(report);
}

static void test_balance(void **state)
{
	(void)state;
	json_t *report = S_report("2019");
	S_set(report, "applications", "new_received", "natural_person", json_integer(5));
	S_set(report, "applications", "carried_over", "natural_person", json_integer(2));
	S_set(report, "applications", "outcome_total", "natural_person", json_integer(6));
	S_set(report, "applications", "carried_forward", "natural_person", json_integer(1));
	S_set(report, "applications", "new_received", "total", json_integer(5));
	S_set(report, "applications", "outcome_total", "total", json_integer(4));
	json_t *checks = nb_checks_run(report, NULL);
	S_expect(checks, "applications.balance", "natural_person", 1, 7, 7);
	S_expect(checks, "applications.balance", "total", 0, 5, 4);
	json_decref(checks);
	json_decref(report);
}

static void test_outcome_total_2021_counts_split_other_rows(void **state)
{
	(void)state;
	json_t *report = S_report("2021");
	S_set(report, "applications", "granted", "commercial_enterprise", json_integer(3));
	S_set(report, "applications", "other_no_correction", "commercial_enterprise", json_integer(1));
	S_set(report, "applications", "other_fee_unpaid", "commercial_enterprise", json_integer(1));
	S_set(report, "applications", "other_misc", "commercial_enterprise", json_integer(2));
	S_set(report, "applications", "outcome_total", "commercial_enterprise", json_integer(7));
	/* carried rows are not outcomes */
	S_set(report, "applications", "carried_forward", "commercial_enterprise", json_integer(9));
	json_t *checks = nb_checks_run(report, NULL);
	S_expect(checks, "applications.outcome_total", "commercial_enterprise", 1, 7, 7);
	json_decref(checks);
	json_decref(report);
}

static void test_row_total_false(void **state)
{
	(void)state;
	json_t *report = S_report("2019");
	S_set(report, "applications", "granted", "natural_person", json_integer(2));
	S_set(report, "applications", "granted", "other_organization", json_integer(1));
	S_set(report, "applications", "granted", "total", json_integer(4));
	json_t *checks = nb_checks_run(report, NULL);
	S_expect(checks, "applications.row_total", "granted", 0, 3, 4);
	S_expect(checks, "applications.row_total", "other", 1, 0, 0);
	json_decref(checks);
	json_decref(report);
}

static void test_total_left_blank_is_null_with_warning(void **state)
{
	(void)state;
	json_t *report = S_report("2019");
	S_set(report, "applications", "granted", "natural_person", json_integer(2));
	S_set(report, "applications", "granted", "total", json_null());
	S_set(report, "reviews", "administrative_review", "upheld", json_integer(1));
	S_set(report, "reviews", "administrative_review", "total", json_null());
	json_t *diagnostics = json_array();
	json_t *checks = nb_checks_run(report, diagnostics);
	S_expect(checks, "applications.row_total", "granted", -1, 2, 0);
	S_expect(checks, "reviews.total", "administrative_review", -1, 1, 0);
	assert_int_equal(S_count_code(diagnostics, "total_blank"), 2);
	const json_t *diag = json_array_get(diagnostics, 0);
	assert_string_equal(json_string_value(json_object_get(diag, "level")),
	                    "warning");
	assert_true(json_is_null(json_object_get(diag, "page")));
	json_decref(checks);
	json_decref(diagnostics);
	json_decref(report);
}

/* The field of the one total_blank warning about (rule, where). */
static const char *S_blank_field(const json_t *diagnostics, const char *rule,
                                 const char *where)
{
	char prefix[160];
	snprintf(prefix, sizeof prefix, "%s %s:", rule, where);
	const char *field = NULL;
	size_t i, n = 0;
	const json_t *diag;
	json_array_foreach(diagnostics, i, diag) {
		const char *message = json_string_value(json_object_get(diag, "message"));
		if (strcmp(json_string_value(json_object_get(diag, "code")),
		           "total_blank")
		    || strncmp(message, prefix, strlen(prefix)))
			continue;
		field = json_string_value(json_object_get(diag, "field"));
		n++;
	}
	assert_int_equal(n, 1);
	assert_non_null(field);
	return field;
}

/* A total_blank's field is the blank side: its one cell, else the
 * narrowest dotted path holding all of its cells. */
static void test_total_blank_field_one_cell(void **state)
{
	(void)state;
	json_t *report = S_report("2021");
	S_set(report, "applications", "new_received", "natural_person",
	      json_integer(3));
	S_set(report, "applications", "new_received", "total", json_null());
	S_set(report, "applications", "granted", "natural_person", json_integer(3));
	S_set(report, "applications", "outcome_total", "natural_person",
	      json_null());
	S_set(report, "applications", "carried_forward", "natural_person",
	      json_integer(0));
	S_set(report, "reviews", "administrative_review", "upheld", json_integer(1));
	S_set(report, "reviews", "administrative_review", "total", json_null());
	json_t *diagnostics = json_array();
	json_t *checks = nb_checks_run(report, diagnostics);
	assert_string_equal(S_blank_field(diagnostics, "applications.row_total",
	                                  "new_received"),
	                    "applications.new_received.total");
	assert_string_equal(S_blank_field(diagnostics, "reviews.total",
	                                  "administrative_review"),
	                    "reviews.administrative_review.total");
	assert_string_equal(S_blank_field(diagnostics,
	                                  "applications.outcome_total",
	                                  "natural_person"),
	                    "applications.outcome_total.natural_person");
	json_decref(checks);
	json_decref(diagnostics);
	json_decref(report);
}

static void test_total_blank_field_common_prefix(void **state)
{
	(void)state;
	json_t *report = S_report("2019");
	/* the six applicant cells of a row blank, its total printed */
	const char *const *columns = nb_schema_applicant_columns();
	for (size_t c = 0; columns[c + 1]; c++)
		S_set(report, "applications", "carried_over", columns[c], json_null());
	S_set(report, "applications", "carried_over", "total", json_integer(5));
	/* a balance rule whose blank side spans two rows */
	S_set(report, "applications", "new_received", "legal_service_institution",
	      json_integer(2));
	S_set(report, "applications", "outcome_total", "legal_service_institution",
	      json_null());
	S_set(report, "applications", "carried_forward",
	      "legal_service_institution", json_null());
	json_t *diagnostics = json_array();
	json_t *checks = nb_checks_run(report, diagnostics);
	S_expect(checks, "applications.row_total", "carried_over", -1, 0, 5);
	assert_string_equal(S_blank_field(diagnostics, "applications.row_total",
	                                  "carried_over"),
	                    "applications.carried_over");
	S_expect(checks, "applications.balance", "legal_service_institution", -1,
	         2, 0);
	assert_string_equal(S_blank_field(diagnostics, "applications.balance",
	                                  "legal_service_institution"),
	                    "applications");
	/* key order: level, code, message, page, field */
	const json_t *diag = json_array_get(diagnostics, 0);
	const char *keys[5];
	size_t n = 0;
	const char *key;
	json_t *value;
	json_object_foreach((json_t *)diag, key, value) {
		assert_true(n < 5);
		keys[n++] = key;
	}
	assert_int_equal(n, 5);
	assert_string_equal(keys[0], "level");
	assert_string_equal(keys[3], "page");
	assert_string_equal(keys[4], "field");
	json_decref(checks);
	json_decref(diagnostics);
	json_decref(report);
}

static void test_printed_zero_is_not_blank(void **state)
{
	(void)state;
	json_t *report = S_report("2019");
	S_set(report, "applications", "granted", "natural_person", json_integer(2));
	/* total printed as 0: a wrong number, not a blank */
	json_t *diagnostics = json_array();
	json_t *checks = nb_checks_run(report, diagnostics);
	S_expect(checks, "applications.row_total", "granted", 0, 2, 0);
	assert_int_equal(S_count_code(diagnostics, "total_blank"), 0);
	json_decref(checks);
	json_decref(diagnostics);
	json_decref(report);
}

static void test_both_sides_blank_holds(void **state)
{
	(void)state;
	json_t *report = S_report("2019");
	const char *const *columns = nb_schema_applicant_columns();
	for (size_t c = 0; columns[c]; c++)
		S_set(report, "applications", "denied_state_secret", columns[c],
		      json_null());
	json_t *diagnostics = json_array();
	json_t *checks = nb_checks_run(report, diagnostics);
	S_expect(checks, "applications.row_total", "denied_state_secret", 1, 0, 0);
	assert_int_equal(json_array_size(diagnostics), 0);
	json_decref(checks);
	json_decref(diagnostics);
	json_decref(report);
}

static void test_blank_side_with_zero_other_side_holds(void **state)
{
	(void)state;
	json_t *report = S_report("2019");
	S_set(report, "applications", "granted", "total", json_null());
	json_t *checks = nb_checks_run(report, NULL);
	S_expect(checks, "applications.row_total", "granted", 1, 0, 0);
	json_decref(checks);
	json_decref(report);
}

static void test_null_counts_as_zero_in_sums(void **state)
{
	(void)state;
	json_t *report = S_report("2019");
	S_set(report, "applications", "granted", "natural_person", json_integer(3));
	S_set(report, "applications", "granted", "commercial_enterprise", json_null());
	S_set(report, "applications", "granted", "total", json_integer(3));
	json_t *checks = nb_checks_run(report, NULL);
	S_expect(checks, "applications.row_total", "granted", 1, 3, 3);
	json_decref(checks);
	json_decref(report);
}

static void test_decimal_sums(void **state)
{
	(void)state;
	json_t *report = S_report("2019");
	S_set(report, "reviews", "litigation_direct", "upheld", json_real(0.1));
	S_set(report, "reviews", "litigation_direct", "corrected", json_real(0.2));
	S_set(report, "reviews", "litigation_direct", "total", json_real(0.3));
	json_t *checks = nb_checks_run(report, NULL);
	const json_t *entry = S_entry(checks, "reviews.total", "litigation_direct");
	assert_true(json_is_true(json_object_get(entry, "ok")));
	json_decref(checks);
	json_decref(report);
}

static void test_no_template_checks_only_reviews(void **state)
{
	(void)state;
	json_t *report = json_pack("{s:n, s:{}, s:{}}", "template", "applications",
	                           "reviews");
	json_t *checks = nb_checks_run(report, NULL);
	assert_int_equal(json_array_size(checks), 0);
	json_decref(checks);
	json_decref(report);
	report = S_report("2019");
	json_object_set_new(report, "template", json_null());
	checks = nb_checks_run(report, NULL);
	assert_int_equal(json_array_size(checks), 3);
	json_decref(checks);
	json_decref(report);
}

static void test_missing_row_counts_as_blank(void **state)
{
	(void)state;
	json_t *report = S_report("2019");
	json_object_del(json_object_get(report, "applications"), "carried_forward");
	S_set(report, "applications", "new_received", "total", json_integer(4));
	S_set(report, "applications", "outcome_total", "total", json_integer(4));
	json_t *checks = nb_checks_run(report, NULL);
	S_expect(checks, "applications.balance", "total", 1, 4, 4);
	S_expect(checks, "applications.row_total", "carried_forward", 1, 0, 0);
	json_decref(checks);
	json_decref(report);
}

static void test_key_lists(void **state)
{
	(void)state;
	assert_null(nb_schema_application_rows(NULL));
	assert_null(nb_schema_application_rows("2020"));
	const char *const *rows = nb_schema_application_rows("2019");
	size_t n = 0;
	while (rows[n])
		n++;
	assert_int_equal(n, 23);
	assert_string_equal(rows[20], "other");
	rows = nb_schema_application_rows("2021");
	n = 0;
	while (rows[n])
		n++;
	assert_int_equal(n, 25);
	assert_string_equal(rows[22], "other_misc");
	assert_string_equal(nb_schema_applicant_columns()[6], "total");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_zero_report_holds),
		cmocka_unit_test(test_order_of_entries),
		cmocka_unit_test(test_balance),
		cmocka_unit_test(test_outcome_total_2021_counts_split_other_rows),
		cmocka_unit_test(test_row_total_false),
		cmocka_unit_test(test_total_left_blank_is_null_with_warning),
		cmocka_unit_test(test_total_blank_field_one_cell),
		cmocka_unit_test(test_total_blank_field_common_prefix),
		cmocka_unit_test(test_printed_zero_is_not_blank),
		cmocka_unit_test(test_both_sides_blank_holds),
		cmocka_unit_test(test_blank_side_with_zero_other_side_holds),
		cmocka_unit_test(test_null_counts_as_zero_in_sums),
		cmocka_unit_test(test_decimal_sums),
		cmocka_unit_test(test_no_template_checks_only_reviews),
		cmocka_unit_test(test_missing_row_counts_as_blank),
		cmocka_unit_test(test_key_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
