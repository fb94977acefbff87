/*
 * checks.c — the contract's consistency rules (勾稽关系) over a report's
 * JSON tables.
 *
 * It reads the contract JSON, not the document, so that `nianbao check` can
 * run the same rules on JSON files made earlier or by hand.  Each entry is
 * {rule, where, ok, expected, actual} with expected the sum side and actual
 * the printed side; null cells count as 0.  ok is null (and a total_blank
 * warning is added) only where one side is blank in every cell while the
 * other side's sum is not zero: the report left a 总计 unfilled rather than
 * printing a wrong number.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "schema_internal.h"

/* A side of a rule: its sum and whether every cell of it was null. */
typedef struct side {
	double sum;
	bool all_null;
} side;

static void S_add(side *s, const json_t *cell)
{
	if (json_is_number(cell)) {
		s->sum += json_number_value(cell);
		s->all_null = false;
	}
}

static const json_t *S_cell(const json_t *table, const char *row,
                            const char *column)
{
	return json_object_get(json_object_get(table, row), column);
}

static bool S_equal(double a, double b)
{
	return fabs(a - b) <= 1e-6 * (1.0 + fabs(a) + fabs(b));
}

static void S_entry(json_t *checks, json_t *diagnostics, const char *rule,
                    const char *where, side expected, side actual)
{
	json_t *ok;
	bool blank = (expected.all_null && !S_equal(actual.sum, 0))
	             || (actual.all_null && !S_equal(expected.sum, 0));
	if (blank)
		ok = json_null();
	else
		ok = json_boolean(S_equal(expected.sum, actual.sum));
	json_t *entry = json_object();
	json_object_set_new(entry, "rule", json_string(rule));
	json_object_set_new(entry, "where", json_string(where));
	json_object_set_new(entry, "ok", ok);
	json_object_set_new(entry, "expected", nb_sc_number(expected.sum));
	json_object_set_new(entry, "actual", nb_sc_number(actual.sum));
	json_array_append_new(checks, entry);
	if (blank && json_is_array(diagnostics)) {
		char message[200];
		snprintf(message, sizeof message,
		         "%s %s: one side blank in every cell, the other not zero",
		         rule, where);
		json_t *diag = json_object();
		json_object_set_new(diag, "level", json_string("warning"));
		json_object_set_new(diag, "code", json_string("total_blank"));
		json_object_set_new(diag, "message", json_string(message));
		json_object_set_new(diag, "page", json_null());
		json_array_append_new(diagnostics, diag);
	}
}

static bool S_is_outcome_row(const char *row)
{
	static const char *const not_outcomes[] = {
		"new_received", "carried_over", "outcome_total", "carried_forward",
		NULL,
	};
	for (size_t i = 0; not_outcomes[i]; i++)
		if (!strcmp(row, not_outcomes[i]))
			return false;
	return true;
}

static void S_applications(const json_t *apps, const char *const *rows,
                           json_t *checks, json_t *diagnostics)
{
	const char *const *columns = nb_schema_applicant_columns();
	for (size_t c = 0; columns[c]; c++) {
		side expected = {0, true}, actual = {0, true};
		S_add(&expected, S_cell(apps, "new_received", columns[c]));
		S_add(&expected, S_cell(apps, "carried_over", columns[c]));
		S_add(&actual, S_cell(apps, "outcome_total", columns[c]));
		S_add(&actual, S_cell(apps, "carried_forward", columns[c]));
		S_entry(checks, diagnostics, "applications.balance", columns[c],
		        expected, actual);
	}
	for (size_t c = 0; columns[c]; c++) {
		side expected = {0, true}, actual = {0, true};
		for (size_t r = 0; rows[r]; r++)
			if (S_is_outcome_row(rows[r]))
				S_add(&expected, S_cell(apps, rows[r], columns[c]));
		S_add(&actual, S_cell(apps, "outcome_total", columns[c]));
		S_entry(checks, diagnostics, "applications.outcome_total",
		        columns[c], expected, actual);
	}
	for (size_t r = 0; rows[r]; r++) {
		side expected = {0, true}, actual = {0, true};
		for (size_t c = 0; columns[c]; c++) {
			if (!strcmp(columns[c], "total"))
				S_add(&actual, S_cell(apps, rows[r], columns[c]));
			else
				S_add(&expected, S_cell(apps, rows[r], columns[c]));
		}
		S_entry(checks, diagnostics, "applications.row_total", rows[r],
		        expected, actual);
	}
}

static void S_reviews(const json_t *reviews, json_t *checks,
                      json_t *diagnostics)
{
	size_t n_groups = 0, n_columns = 0;
	const tpl_column *groups = nb_tpl_review_groups(&n_groups);
	const tpl_column *columns = nb_tpl_review_columns(&n_columns);
	for (size_t g = 0; g < n_groups; g++) {
		const json_t *group = json_object_get(reviews, groups[g].key);
		if (!json_is_object(group))
			continue;
		side expected = {0, true}, actual = {0, true};
		for (size_t c = 0; c < n_columns; c++) {
			const json_t *cell = json_object_get(group, columns[c].key);
			S_add(strcmp(columns[c].key, "total") ? &expected : &actual, cell);
		}
		S_entry(checks, diagnostics, "reviews.total", groups[g].key, expected,
		        actual);
	}
}

json_t *nb_checks_run(const json_t *report, json_t *diagnostics)
{
	json_t *checks = json_array();
	const json_t *template_name = json_object_get(report, "template");
	const char *const *rows =
		nb_schema_application_rows(json_string_value(template_name));
	const json_t *apps = json_object_get(report, "applications");
	if (rows && json_is_object(apps) && json_object_size(apps))
		S_applications(apps, rows, checks, diagnostics);
	const json_t *reviews = json_object_get(report, "reviews");
	if (json_is_object(reviews))
		S_reviews(reviews, checks, diagnostics);
	return checks;
}
