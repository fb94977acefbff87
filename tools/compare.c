/*
 * compare.c — `nianbao compare OLD NEW`: two reports of one body, year
 * over year.
 *
 * Every table cell the two reports' templates share is listed in the
 * contract's order with old, new and change (new − old; empty when either
 * side is blank: a blank is not a zero).  The cross-year rules of the
 * contract are checked: NEW's applications.carried_over against OLD's
 * applications.carried_forward, per applicant column ("years.carried_over"),
 * only when the years are consecutive (otherwise they are "not
 * assessable": links_assessable false, no entries), and, when both use
 * template 2021, in_force(N+1) = in_force(N) +
 * issued(N+1) − repealed(N+1) for regulations and normative_documents
 * ("years.in_force"); the entries have the shape of the contract's checks.
 * Warnings say when the reports are not of the same body (agency differs or
 * is unknown), not consecutive years, or of different templates; with
 * different templates only the cells both have are compared (applications
 * rows but （六）, reviews, licensing/penalty/coercion decisions) and the
 * rest is listed as not comparable.  The readable output is an aligned
 * table (Chinese labels counted two columns wide); --json gives the same as
 * one JSON object.
 *
 * Exit status: 0 when the comparison was made (differences and broken links
 * are its content, not a failure); 2 usage (also when a file holds more
 * than one report); an input that cannot be read exits with its nb_status,
 * an error record with the status of its code (1 if it has none).
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tools.h"
#include "tools_internal.h"

/* ---- building the comparison ---------------------------------------- */

static json_t *S_identity(const json_t *report, const char *input)
{
	const char *file = nb_tools_string(json_object_get(report, "source"),
	                                   "file");
	const json_t *year = json_object_get(report, "year");
	const json_t *agency = json_object_get(report, "agency");
	const json_t *template_name = json_object_get(report, "template");
	json_t *identity = json_object();
	json_object_set_new(identity, "file", json_string(file ? file : input));
	json_object_set_new(identity, "input", json_string(input));
	json_object_set_new(identity, "agency", json_is_string(agency)
	                    ? json_copy((json_t *)agency) : json_null());
	json_object_set_new(identity, "year", json_is_integer(year)
	                    ? json_copy((json_t *)year) : json_null());
	json_object_set_new(identity, "template", json_is_string(template_name)
	                    ? json_copy((json_t *)template_name) : json_null());
	return identity;
}

static void S_warn(json_t *warnings, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static void S_warn(json_t *warnings, const char *code, const char *fmt, ...)
{
	char message[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	json_t *warning = json_object();
	json_object_set_new(warning, "code", json_string(code));
	json_object_set_new(warning, "message", json_string(message));
	json_array_append_new(warnings, warning);
}

static void S_identity_warnings(json_t *warnings, const json_t *old_report,
                                const json_t *new_report)
{
	const char *old_agency = nb_tools_string(old_report, "agency");
	const char *new_agency = nb_tools_string(new_report, "agency");
	if (!old_agency || !new_agency)
		S_warn(warnings, "agency_unknown",
		       "the %s report names no agency: cannot tell whether both "
		       "are the same body", !old_agency ? "OLD" : "NEW");
	else if (strcmp(old_agency, new_agency) != 0)
		S_warn(warnings, "agency_differs",
		       "not the same body: OLD is %s, NEW is %s", old_agency,
		       new_agency);
	const json_t *old_year = json_object_get(old_report, "year");
	const json_t *new_year = json_object_get(new_report, "year");
	if (!json_is_integer(old_year) || !json_is_integer(new_year))
		S_warn(warnings, "year_unknown",
		       "the %s report's year is unknown: cannot tell whether the "
		       "years are consecutive",
		       !json_is_integer(old_year) ? "OLD" : "NEW");
	else if (json_integer_value(new_year) != json_integer_value(old_year) + 1)
		S_warn(warnings, "years_not_consecutive",
		       "not consecutive years: OLD is %" JSON_INTEGER_FORMAT
		       ", NEW is %" JSON_INTEGER_FORMAT "%s",
		       json_integer_value(old_year), json_integer_value(new_year),
		       json_integer_value(new_year) <= json_integer_value(old_year)
		               ? " (NEW is not later: are OLD and NEW swapped?)" : "");
}

static json_t *S_cell_entry(const char *section, const char *row,
                            const char *column)
{
	json_t *entry = json_object();
	json_object_set_new(entry, "section", json_string(section));
	json_object_set_new(entry, "row", json_string(row));
	json_object_set_new(entry, "column", json_string(column));
	return entry;
}

static json_t *S_value(const json_t *cell)
{
	return json_is_number(cell) ? json_copy((json_t *)cell) : json_null();
}

/* Cells of `from` that `other` lacks go to not_comparable (only_in side);
 * with compare_cells, the shared ones go to cells. */
static void S_walk_cells(json_t *comparison, const nb_contract_template *from,
                         const nb_contract_template *other, const char *side,
                         const json_t *old_report, const json_t *new_report,
                         bool compare_cells)
{
	json_t *cells = json_object_get(comparison, "cells");
	json_t *not_comparable = json_object_get(comparison, "not_comparable");
	for (size_t s = 0; s < from->n_tables; s++) {
		const nb_contract_table *section = &from->tables[s];
		for (size_t r = 0; r < section->n_rows; r++) {
			const nb_contract_row *row = &section->rows[r];
			const nb_contract_row *other_row =
				nb_tools_find_row(other, section->key, row->key);
			for (size_t c = 0; c < row->n_columns; c++) {
				const char *column = row->columns[c].key;
				json_t *entry = S_cell_entry(section->key, row->key, column);
				if (!nb_contract_find_column(other_row, column)) {
					json_object_set_new(entry, "only_in", json_string(side));
					json_array_append_new(not_comparable, entry);
					continue;
				}
				if (!compare_cells) {
					json_decref(entry);
					continue;
				}
				const json_t *old_cell = nb_tools_cell(old_report,
					section->key, row->key, column);
				const json_t *new_cell = nb_tools_cell(new_report,
					section->key, row->key, column);
				json_object_set_new(entry, "old", S_value(old_cell));
				json_object_set_new(entry, "new", S_value(new_cell));
				json_object_set_new(entry, "change",
				                    nb_tools_difference(old_cell, new_cell));
				json_array_append_new(cells, entry);
			}
		}
	}
}

/* The contract's rules across years, read as NEW's template; a rule of one
 * template only when both reports follow it. */
static void S_links(json_t *links, const nb_contract_template *old_layout,
                    const nb_contract_template *new_layout,
                    const json_t *old_report, const json_t *new_report)
{
	size_t n_rules = 0;
	const nb_contract_rule *rules = nb_contract_rules(&n_rules);
	for (size_t i = 0; i < n_rules; i++) {
		if (!rules[i].across_years
		    || (rules[i].template_name && old_layout != new_layout))
			continue;
		nb_contract_rule_run(&rules[i], new_layout, new_report, old_report,
		                     links, NULL);
	}
}

json_t *nb_tools_compare(const json_t *old_report, const json_t *new_report,
                         const char *old_input, const char *new_input)
{
	json_t *comparison = json_object();
	json_t *warnings = json_array();
	json_object_set_new(comparison, "old", S_identity(old_report, old_input));
	json_object_set_new(comparison, "new", S_identity(new_report, new_input));
	json_object_set_new(comparison, "warnings", warnings);
	json_object_set_new(comparison, "cells", json_array());
	json_object_set_new(comparison, "not_comparable", json_array());
	json_t *links = json_array();
	json_object_set_new(comparison, "links", links);
	json_object_set_new(comparison, "links_assessable", json_false());
	S_identity_warnings(warnings, old_report, new_report);
	const nb_contract_template *old_layout = nb_tools_report_layout(old_report);
	const nb_contract_template *new_layout = nb_tools_report_layout(new_report);
	if (!old_layout || !new_layout) {
		S_warn(warnings, "no_tables",
		       "the %s report has no tables (template null): no cells to "
		       "compare", !old_layout ? "OLD" : "NEW");
		return comparison;
	}
	if (old_layout != new_layout)
		S_warn(warnings, "templates_differ",
		       "different templates: OLD is %s, NEW is %s; only the cells "
		       "both templates have are compared",
		       old_layout->name, new_layout->name);
	S_walk_cells(comparison, new_layout, old_layout, "new", old_report,
	             new_report, true);
	S_walk_cells(comparison, old_layout, new_layout, "old", old_report,
	             new_report, false);
	/* A carry-over link holds between a year and the next only: for other
	 * years (or an unknown one) it is not assessable, not broken. */
	const json_t *old_year = json_object_get(old_report, "year");
	const json_t *new_year = json_object_get(new_report, "year");
	bool consecutive = json_is_integer(old_year) && json_is_integer(new_year)
		&& json_integer_value(new_year) == json_integer_value(old_year) + 1;
	json_object_set_new(comparison, "links_assessable",
	                    json_boolean(consecutive));
	if (consecutive)
		S_links(links, old_layout, new_layout, old_report, new_report);
	return comparison;
}

/* ---- printing ---------------------------------------------------------- */

/* "key label" of a row and of a column, as shown in the table. */
static void S_row_text(const nb_contract_template *layout, const json_t *entry,
                       char *row_text, size_t row_size, char *column_text,
                       size_t column_size)
{
	const char *section = nb_tools_string(entry, "section");
	const char *row_key = nb_tools_string(entry, "row");
	const char *column_key = nb_tools_string(entry, "column");
	const nb_contract_row *row = nb_tools_find_row(layout, section, row_key);
	const nb_contract_column *column = nb_contract_find_column(row, column_key);
	snprintf(row_text, row_size, "%s %s", row_key, row ? row->short_label : "");
	snprintf(column_text, column_size, "%s %s", column_key,
	         column ? column->label : "");
}

static const char *S_shown(const json_t *value, char *buf, size_t size,
                           bool signed_change)
{
	if (!json_is_number(value))
		return "blank";
	char text[56];
	nb_tools_number_text(value, text, sizeof text);
	snprintf(buf, size, "%s%s",
	         signed_change && json_number_value(value) > 0 ? "+" : "", text);
	return buf;
}

typedef struct widths {
	size_t row, column, old_value, new_value, change;
} widths;

static void S_widen(size_t *width, size_t used)
{
	if (used > *width)
		*width = used;
}

/* Column widths of one section's table; returns its number of cells. */
static size_t S_measure(const nb_contract_template *layout, const json_t *cells,
                        const char *section, widths *width)
{
	char row_text[256], column_text[256], value[64];
	size_t index, n_cells = 0;
	json_t *entry;
	*width = (widths){3, 6, 3, 3, 6}; /* the header words */
	json_array_foreach(cells, index, entry) {
		if (strcmp(nb_tools_string(entry, "section"), section) != 0)
			continue;
		n_cells++;
		S_row_text(layout, entry, row_text, sizeof row_text, column_text,
		           sizeof column_text);
		S_widen(&width->row, nb_tools_display_width(row_text));
		S_widen(&width->column, nb_tools_display_width(column_text));
		S_widen(&width->old_value, strlen(S_shown(
			json_object_get(entry, "old"), value, sizeof value, false)));
		S_widen(&width->new_value, strlen(S_shown(
			json_object_get(entry, "new"), value, sizeof value, false)));
		S_widen(&width->change, strlen(S_shown(
			json_object_get(entry, "change"), value, sizeof value, true)));
	}
	return n_cells;
}

static void S_print_line(FILE *out, const widths *width, const char *row,
                         const char *column, const char *old_value,
                         const char *new_value, const char *change)
{
	fputs("  ", out);
	nb_tools_print_padded(out, row, width->row, false);
	fputs("  ", out);
	nb_tools_print_padded(out, column, width->column, false);
	fputs("  ", out);
	nb_tools_print_padded(out, old_value, width->old_value, true);
	fputs("  ", out);
	nb_tools_print_padded(out, new_value, width->new_value, true);
	fputs("  ", out);
	nb_tools_print_padded(out, change, width->change, true);
	fputc('\n', out);
}

static void S_print_section(FILE *out, const nb_contract_template *layout,
                            const nb_contract_table *section,
                            const json_t *cells)
{
	widths width;
	if (S_measure(layout, cells, section->key, &width) == 0)
		return; /* no shared cell in this section */
	fprintf(out, "\n%s %s\n", section->short_label, section->key);
	S_print_line(out, &width, "row", "column", "old", "new", "change");
	char row_text[256], column_text[256], old_text[64], new_text[64],
		change_text[64];
	size_t index;
	json_t *entry;
	json_array_foreach(cells, index, entry) {
		if (strcmp(nb_tools_string(entry, "section"), section->key) != 0)
			continue;
		S_row_text(layout, entry, row_text, sizeof row_text, column_text,
		           sizeof column_text);
		S_print_line(out, &width, row_text, column_text,
		             S_shown(json_object_get(entry, "old"), old_text, sizeof old_text, false),
		             S_shown(json_object_get(entry, "new"), new_text, sizeof new_text, false),
		             S_shown(json_object_get(entry, "change"), change_text, sizeof change_text, true));
	}
}

static void S_print_identity(FILE *out, const char *side,
                             const json_t *identity)
{
	char year[32];
	const char *agency = nb_tools_string(identity, "agency");
	const char *template_name = nb_tools_string(identity, "template");
	nb_tools_number_text(json_object_get(identity, "year"), year, sizeof year);
	fprintf(out, "%s: %s: %s, %s, template %s\n", side,
	        nb_tools_string(identity, "file"),
	        agency ? agency : "agency unknown", *year ? year : "year unknown",
	        template_name ? template_name : "null");
}

/* A cell of the comparison as shown ("blank" for null, "?" if absent). */
static const char *S_cell_shown(const json_t *comparison, const char *side,
                                const char *row, const char *column,
                                char *buf, size_t size)
{
	size_t index;
	json_t *entry;
	json_array_foreach(json_object_get(comparison, "cells"), index, entry) {
		if (strcmp(nb_tools_string(entry, "row"), row) == 0
		    && strcmp(nb_tools_string(entry, "column"), column) == 0)
			return S_shown(json_object_get(entry, side), buf, size, false);
	}
	return "?";
}

static const char *S_link_verdict(const json_t *link)
{
	const json_t *ok = json_object_get(link, "ok");
	bool zh = nb_tools_zh();
	if (json_is_true(ok))
		return zh ? "成立" : "ok";
	if (json_is_false(ok))
		return zh ? "不成立" : "BROKEN";
	return zh ? "无法核对（留空）" : "cannot check (left blank)";
}

/* A warning in Chinese, by its code (the JSON keeps the English message). */
static const char *S_warning_zh(const char *code)
{
	static const struct {
		const char *code, *text;
	} texts[] = {
		{"agency_unknown", "有一份报告未写明机关：无法判断是否为同一机关"},
		{"agency_differs", "两份报告不是同一机关"},
		{"year_unknown", "有一份报告年度不详：无法判断是否为相邻年度"},
		{"years_not_consecutive", "两份报告不是相邻年度（或新旧次序颠倒）"},
		{"no_tables", "有一份报告没有表格：无单元格可比较"},
		{"templates_differ", "两份报告模板不同：只比较两种模板共有的单元格"},
	};
	for (size_t i = 0; code && i < sizeof texts / sizeof texts[0]; i++)
		if (strcmp(texts[i].code, code) == 0)
			return texts[i].text;
	return NULL;
}

/* The link with the cells it was computed from, blanks shown as blank. */
static void S_print_link(FILE *out, const json_t *comparison,
                         const json_t *link)
{
	const char *rule = nb_tools_string(link, "rule");
	const char *where = nb_tools_string(link, "where");
	char a[64], b[64], c[64], d[64], sum[64];
	if (nb_tools_zh()) {
		const nb_contract_rule *known = nb_contract_rule_named(rule);
		char expected[64], actual[64];
		nb_tools_number_text(json_object_get(link, "expected"), expected,
		                     sizeof expected);
		nb_tools_number_text(json_object_get(link, "actual"), actual,
		                     sizeof actual);
		fprintf(out, "  %s（%s %s）：应为%s，实际填报%s：%s\n",
		        known ? known->chinese : rule, rule, where,
		        *expected ? expected : "空", *actual ? actual : "空",
		        S_link_verdict(link));
		return;
	}
	if (strcmp(rule, "years.in_force") == 0) {
		const nb_contract_row *row = nb_tools_find_row(
			nb_contract_template_named("2021"), "active_disclosure", where);
		nb_tools_number_text(json_object_get(link, "expected"), sum, sizeof sum);
		fprintf(out, "  %s %s %s: OLD in_force %s + NEW issued %s - NEW "
		        "repealed %s = %s, NEW in_force %s: %s\n", rule, where,
		        row ? row->short_label : "",
		        S_cell_shown(comparison, "old", where, "in_force", a, sizeof a),
		        S_cell_shown(comparison, "new", where, "issued", b, sizeof b),
		        S_cell_shown(comparison, "new", where, "repealed", c, sizeof c),
		        sum,
		        S_cell_shown(comparison, "new", where, "in_force", d, sizeof d),
		        S_link_verdict(link));
		return;
	}
	const nb_contract_column *column = nb_contract_find_column(
		nb_tools_find_row(nb_contract_template_named("2021"), "applications",
		                  "carried_over"), where);
	const char *label = column ? column->label : "";
	fprintf(out, "  %s %s %s: OLD carried_forward %s, NEW carried_over %s: "
	        "%s\n", rule, where, label,
	        S_cell_shown(comparison, "old", "carried_forward", where, a, sizeof a),
	        S_cell_shown(comparison, "new", "carried_over", where, b, sizeof b),
	        S_link_verdict(link));
}

/* One line per row: "section.row: column, column" (entries of one row are
 * consecutive: they were walked row by row). */
static void S_print_not_comparable(FILE *out, const json_t *not_comparable,
                                   const json_t *comparison)
{
	static const char *const sides[] = {"old", "new"};
	for (size_t s = 0; s < 2; s++) {
		const json_t *identity = json_object_get(comparison, sides[s]);
		const char *template_name = nb_tools_string(identity, "template");
		char row_key[256] = "";
		size_t index;
		json_t *entry;
		json_array_foreach(not_comparable, index, entry) {
			if (strcmp(nb_tools_string(entry, "only_in"), sides[s]) != 0)
				continue;
			char this_row[256];
			snprintf(this_row, sizeof this_row, "%s.%s",
			         nb_tools_string(entry, "section"),
			         nb_tools_string(entry, "row"));
			if (!*row_key)
				fprintf(out, "  only in %s (template %s):", s ? "NEW" : "OLD",
				        template_name ? template_name : "null");
			if (strcmp(row_key, this_row) != 0) {
				fprintf(out, "\n    %s: %s", this_row,
				        nb_tools_string(entry, "column"));
				snprintf(row_key, sizeof row_key, "%s", this_row);
			} else {
				fprintf(out, ", %s", nb_tools_string(entry, "column"));
			}
		}
		if (*row_key)
			fputc('\n', out);
	}
}

void nb_tools_compare_print(FILE *out, const json_t *comparison)
{
	const json_t *old_identity = json_object_get(comparison, "old");
	const json_t *new_identity = json_object_get(comparison, "new");
	S_print_identity(out, "OLD", old_identity);
	S_print_identity(out, "NEW", new_identity);
	size_t index;
	json_t *entry;
	json_array_foreach(json_object_get(comparison, "warnings"), index, entry) {
		const char *zh = nb_tools_zh()
			? S_warning_zh(nb_tools_string(entry, "code")) : NULL;
		if (zh)
			fprintf(out, "警告：%s\n", zh);
		else
			fprintf(out, "warning: %s\n", nb_tools_string(entry, "message"));
	}
	const nb_contract_template *layout =
		nb_contract_template_named(nb_tools_string(new_identity, "template"));
	const json_t *cells = json_object_get(comparison, "cells");
	if (!layout && json_array_size(cells))
		layout = nb_contract_template_named(
			nb_tools_string(old_identity, "template"));
	for (size_t s = 0; layout && s < layout->n_tables; s++)
		S_print_section(out, layout, &layout->tables[s], cells);
	const json_t *links = json_object_get(comparison, "links");
	if (!json_is_true(json_object_get(comparison, "links_assessable"))
	    && json_array_size(cells))
		fputs(nb_tools_zh()
		      ? "\n跨年度衔接：无法评估（只在相邻年度之间核对）\n"
		      : "\nacross the years: not assessable (the carry-over links "
		        "hold between consecutive years only)\n", out);
	if (json_array_size(links)) {
		fputs(nb_tools_zh()
		      ? "\n跨年度衔接（本年上年结转=上年结转下年度；现行有效件数）\n"
		      : "\nacross the years (NEW 上年结转 = OLD 结转下年度; 现行有效件数)\n",
		      out);
		json_array_foreach(links, index, entry)
			S_print_link(out, comparison, entry);
	}
	const json_t *not_comparable = json_object_get(comparison, "not_comparable");
	if (json_array_size(not_comparable)) {
		fprintf(out, "\nnot comparable (%zu cells, in one template only):\n",
		        json_array_size(not_comparable));
		S_print_not_comparable(out, not_comparable, comparison);
	}
}

/* ---- the command -------------------------------------------------------- */

void nb_tools_compare_changed_only(json_t *comparison)
{
	json_t *cells = json_object_get(comparison, "cells");
	json_t *kept = json_array();
	size_t index;
	json_t *entry;
	json_array_foreach(cells, index, entry) {
		const json_t *old_value = json_object_get(entry, "old");
		const json_t *new_value = json_object_get(entry, "new");
		const json_t *change = json_object_get(entry, "change");
		bool same = (json_is_null(old_value) && json_is_null(new_value))
		            || (json_is_number(change) && json_number_value(change) == 0);
		if (!same)
			json_array_append(kept, entry);
	}
	json_object_set_new(comparison, "cells", kept);
}

/* The exit code an error record's code stands for (1 when none does). */
static int S_exit_of_code(const char *code)
{
	nb_status status = nb_status_from_code(code);
	return status == NB_OK ? NB_EXIT_FAILED : nb_exit_code(status);
}

/* Load the one report of `path` into *out; returns 0 or the exit status. */
static int S_load_one(nb_context *ctx, const char *path, json_t **out)
{
	nb_error err = {0};
	json_t *reports = nb_load_reports(ctx, path, &err);
	if (!reports) {
		nb_cli_error(path, "%s", err.message);
		return err.status ? nb_exit_code(err.status) : NB_EXIT_FAILED;
	}
	size_t n = json_array_size(reports);
	if (n != 1) {
		nb_cli_error(path, "holds %zu reports; compare takes one report per "
		             "file", n);
		json_decref(reports);
		return n == 0 ? nb_exit_code(NB_ERR_EMPTY) : NB_EXIT_USAGE;
	}
	json_t *report = json_incref(json_array_get(reports, 0));
	json_decref(reports);
	const char *code = NULL;
	if (nb_tools_is_error_record(report, &code)) {
		const char *message = nb_tools_string(
			json_object_get(report, "error"), "message");
		nb_cli_error(path, "an error record (%s)%s%s, not a report", code,
		             message ? ": " : "", message ? message : "");
		/* `code` lives in `report`: take its exit code before the free. */
		int exit_code = S_exit_of_code(code);
		json_decref(report);
		return exit_code;
	}
	char why[160];
	if (!nb_tools_is_report(report, why, sizeof why)) {
		nb_cli_error(path, "not a nianbao report: %s", why);
		json_decref(report);
		return nb_exit_code(NB_ERR_NOT_REPORT);
	}
	*out = report;
	return NB_EXIT_OK;
}

static const char compare_usage[] =
	"Usage: nianbao compare [--json] [--changed-only] [--lang zh|en] OLD NEW\n"
	"Year-over-year table of every cell two reports share (old, new,\n"
	"change), the carry-over link (NEW 上年结转 vs OLD 结转下年度) and, for\n"
	"template 2021, the in-force link; warns when the agency differs, the\n"
	"years are not consecutive or the templates differ.  OLD and NEW are\n"
	"contract JSON, one-record JSONL, or PDF/text reports (one may be\n"
	"'-', standard input).  The links are\n"
	"checked between consecutive years only (\"not assessable\" otherwise).\n"
	"  --json           the comparison as one JSON object\n"
	"                   (schema/compare.schema.json)\n"
	"  --changed-only   only the cells that changed (a blank against a\n"
	"                   number counts as changed)\n"
	"  --lang zh|en     warnings and links in Chinese or English; default:\n"
	"                   zh when LC_ALL, LC_MESSAGES or LANG starts with zh\n";

int nb_cmd_compare(int argc, char **argv)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'J'},
		{"changed-only", no_argument, NULL, 'C'},
		{"lang", required_argument, NULL, 'L'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool as_json = false, changed_only = false;
	nb_tools_set_lang(NULL);
	int opt;
	optind = 1;
	while ((opt = nb_cli_getopt(argc, argv, "h", options)) != -1) {
		switch (opt) {
		case 'J': as_json = true; break;
		case 'C': changed_only = true; break;
		case 'L':
			if (!nb_tools_set_lang(optarg))
				return nb_cli_usage("compare", "--lang takes zh or en");
			break;
		case 'h': fputs(compare_usage, stdout); return NB_EXIT_OK;
		default: return nb_cli_bad_option("compare", opt, argv, options);
		}
	}
	if (argc - optind != 2) {
		nb_cli_note("compare needs exactly two files, OLD and NEW "
		            "(see 'nianbao compare --help')");
		return NB_EXIT_USAGE;
	}
	nb_error err = {0};
	nb_options ctx_options = {.expected_inputs = 2};
	nb_context *ctx = nb_context_new(&ctx_options, &err);
	if (!ctx) {
		nb_cli_note("error: %s", err.message);
		return NB_EXIT_USAGE;
	}
	json_t *old_report = NULL, *new_report = NULL;
	int status = S_load_one(ctx, argv[optind], &old_report);
	if (status == NB_EXIT_OK)
		status = S_load_one(ctx, argv[optind + 1], &new_report);
	nb_context_free(ctx);
	if (status == NB_EXIT_OK) {
		json_t *comparison = nb_tools_compare(old_report, new_report,
		                                      argv[optind], argv[optind + 1]);
		if (changed_only)
			nb_tools_compare_changed_only(comparison);
		if (as_json) {
			char *text = json_dumps(comparison, nb_tools_json_flags());
			puts(text);
			free(text);
		} else {
			nb_tools_compare_print(stdout, comparison);
		}
		json_decref(comparison);
	}
	json_decref(old_report);
	json_decref(new_report);
	int written = nb_cli_finish(NB_EXIT_OK);
	return written != NB_EXIT_OK ? written : status;
}
