/*
 * tools.c — the shared ground of `nianbao check`, `compare` and `csv`
 * (tools_internal.h): which of the contract's templates a report's tables
 * follow, exact number printing, display width, CSV quoting.
 *
 * The tables themselves, with the templates' labels, are the contract
 * table's (schema.h, nb_contract_*), as are cell sums and the rules'
 * verdict: the commands print a row by its short_label, so that a readable
 * line names both the key a script greps for and the row a person sees on
 * paper.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "tools.h"
#include "tools_internal.h"

static bool S_has_path(const json_t *report, const char *section,
                       const char *row, const char *column)
{
	const json_t *object = json_object_get(report, section);
	object = json_object_get(object, row);
	return object && (!column || json_object_get(object, column));
}

const nb_contract_template *nb_tools_report_layout(const json_t *report)
{
	const nb_contract_template *named =
		nb_contract_template_named(nb_tools_string(report, "template"));
	if (named)
		return named;
	/* No template named, but tables present (a hand-made or older file):
	 * the keys only one template has decide. */
	if (S_has_path(report, "applications", "other_misc", NULL)
	    || S_has_path(report, "active_disclosure", "regulations", "issued"))
		return nb_contract_template_named("2021");
	if (S_has_path(report, "applications", "other", NULL)
	    || S_has_path(report, "active_disclosure", "regulations", "made"))
		return nb_contract_template_named("2019");
	return NULL;
}

const nb_contract_row *nb_tools_find_row(const nb_contract_template *layout,
                                         const char *table_key,
                                         const char *row_key)
{
	return nb_contract_find_row(nb_contract_find_table(layout, table_key),
	                            row_key);
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

json_t *nb_tools_difference(const json_t *old_value, const json_t *new_value)
{
	if (!json_is_number(old_value) || !json_is_number(new_value))
		return json_null();
	if (json_is_integer(old_value) && json_is_integer(new_value))
		return json_integer(json_integer_value(new_value)
		                    - json_integer_value(old_value));
	nb_contract_sum change;
	nb_contract_sum_init(&change);
	nb_contract_sum_add(&change, new_value, +1);
	nb_contract_sum_add(&change, old_value, -1);
	change.integral = false;
	return nb_contract_sum_json(&change);
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

const char *nb_tools_duplicate_of(const json_t *record)
{
	return json_string_value(json_object_get(record, "duplicate_of"));
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
	const nb_contract_template *layout = nb_tools_report_layout(record);
	for (size_t s = 0; layout && s < layout->n_tables; s++) {
		const nb_contract_table *section = &layout->tables[s];
		const json_t *rows = json_object_get(record, section->key);
		for (size_t r = 0; r < section->n_rows; r++) {
			const nb_contract_row *row = &section->rows[r];
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
