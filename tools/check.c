/*
 * check.c — `nianbao check`: which consistency rules (勾稽关系) a report
 * breaks, in words an auditor can act on.
 *
 * The rules themselves are the schema stage's (nb_checks_run, the contract's
 * `checks`): they are recomputed from the report's tables, never taken from
 * the file's own `checks` array, so a hand-corrected JSON is checked as it
 * now stands.  For each broken rule the account names the rule, the column
 * (applicant column, 自然人 …), row (（一）予以公开 …) or group (行政复议 …)
 * by key and by the template's label, the expected side (the sum) and the
 * printed side, and their difference.  An entry with ok = null (one side
 * left blank, the other not zero) is reported as "cannot check", not as
 * broken: the report left the cells empty rather than printing a wrong
 * number.
 *
 * Each broken rule also says where its cells are: the page (from the
 * report's provenance; `check` reads a document with provenance) and the
 * row label of every cell it reads.  A summary line counts every report
 * (every input and record, read or not), those with a broken rule and
 * those that could not be read (an error record, a record that is not a
 * report, an input that cannot be read).
 *
 * Exit status: unreadable wins: when any input or record could not be read,
 * its own status (3..14, as `nianbao extract`; an error record's by its
 * code) if it was the only report, else NB_EXIT_UNREADABLE (66); the other
 * inputs are still checked.  Otherwise 1 if any rule is broken, else 0.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tools.h"
#include "tools_internal.h"

/* How a rule's two sides read in words: the contract table's. */
typedef struct rule_words {
	const char *where_kind;  /* column, row or group */
	const char *expected;    /* the sum side */
	const char *actual;      /* the printed side */
} rule_words;

static rule_words S_rule_words(const char *rule_name)
{
	const nb_contract_rule *rule = nb_contract_rule_named(rule_name);
	if (!rule)
		return (rule_words){"at", "expected", "printed"};
	return (rule_words){rule->where_kind, rule->expected_words,
	                    rule->actual_words};
}

/* The template's label for an entry's `where`: a row or group of the
 * rule's table (its short label), or a column of that table. */
static const char *S_where_label(const nb_contract_template *layout,
                                 const char *rule_name, const char *where)
{
	if (!where)
		return "";
	const nb_contract_rule *rule = nb_contract_rule_named(rule_name);
	const nb_contract_table *table = nb_contract_find_table(
		layout, rule ? rule->table : "applications");
	const nb_contract_row *row = nb_contract_find_row(table, where);
	if (row)
		return row->short_label;
	const nb_contract_column *column = table && table->n_rows
		? nb_contract_find_column(&table->rows[0], where) : NULL;
	return column ? column->label : "";
}

/* The file a report is named by: its source.file, else the input path. */
static const char *S_report_file(const json_t *report, const char *input)
{
	const char *file = nb_tools_string(json_object_get(report, "source"),
	                                   "file");
	return file ? file : input;
}

/* The cells a rule instance reads, as {field, page, row_label}: page from
 * the report's provenance (null without it), row_label the template's
 * short label of the cell's row. */
typedef struct where_cells {
	const json_t *report;
	const nb_contract_table *table;
	json_t *cells;
} where_cells;

static void S_where_visit(void *data, const char *row_key,
                          const char *column_key, bool expected, bool old)
{
	(void)expected;
	where_cells *w = data;
	if (old)
		return; /* a cell of another report: compare's, not check's */
	char field[200];
	snprintf(field, sizeof field, "%s.%s.%s", w->table->key, row_key,
	         column_key);
	size_t index;
	json_t *seen;
	json_array_foreach(w->cells, index, seen)
		if (strcmp(nb_tools_string(seen, "field"), field) == 0)
			return;
	const json_t *origin = nb_tools_cell(json_object_get(w->report,
	                                                     "provenance"),
	                                     w->table->key, row_key, column_key);
	const json_t *page = json_object_get(origin, "page");
	const nb_contract_row *row = nb_contract_find_row(w->table, row_key);
	json_array_append_new(w->cells, json_pack(
		"{s:s, s:o, s:s}", "field", field, "page",
		json_is_integer(page) ? json_integer(json_integer_value(page))
		                      : json_null(),
		"row_label", row ? row->short_label : row_key));
}

json_t *nb_tools_check_cells(const json_t *report, const json_t *entry)
{
	json_t *cells = json_array();
	const nb_contract_rule *rule = nb_contract_rule_named(
		nb_tools_string(entry, "rule"));
	const char *where = nb_tools_string(entry, "where");
	const nb_contract_template *layout = nb_tools_report_layout(report);
	const nb_contract_table *table = rule
		? nb_contract_find_table(layout, rule->table) : NULL;
	if (!table || !where)
		return cells;
	where_cells w = {report, table, cells};
	nb_contract_rule_cells(rule, table, where, S_where_visit, &w);
	return cells;
}

/* The entries of `checks` whose ok is `want` (false: broken; null: blank),
 * each with `at`: the cells it reads (nb_tools_check_cells). */
static void S_append_located(json_t *out, const json_t *report,
                             const json_t *entry)
{
	json_t *copy = json_copy((json_t *)entry);
	json_object_set_new(copy, "at", nb_tools_check_cells(report, entry));
	json_array_append_new(out, copy);
}

json_t *nb_tools_check_summary(const json_t *report, const json_t *checks,
                               const char *input)
{
	json_t *broken = json_array(), *blank = json_array();
	size_t index;
	json_t *entry;
	json_array_foreach(checks, index, entry) {
		const json_t *ok = json_object_get(entry, "ok");
		if (json_is_false(ok))
			S_append_located(broken, report, entry);
		else if (json_is_null(ok))
			S_append_located(blank, report, entry);
	}
	const json_t *year = json_object_get(report, "year");
	const char *agency = nb_tools_string(report, "agency");
	const char *template_name = nb_tools_string(report, "template");
	json_t *summary = json_object();
	json_object_set_new(summary, "file",
	                    json_string(S_report_file(report, input)));
	json_object_set_new(summary, "input", json_string(input));
	json_object_set_new(summary, "agency",
	                    agency ? json_string(agency) : json_null());
	json_object_set_new(summary, "year", json_is_integer(year)
	                    ? json_integer(json_integer_value(year)) : json_null());
	json_object_set_new(summary, "template", template_name
	                    ? json_string(template_name) : json_null());
	json_object_set_new(summary, "ok",
	                    !nb_tools_report_layout(report) ? json_null()
	                    : json_boolean(json_array_size(broken) == 0));
	json_object_set_new(summary, "checked",
	                    json_integer((json_int_t)json_array_size(checks)));
	json_object_set_new(summary, "broken", broken);
	json_object_set_new(summary, "blank", blank);
	return summary;
}

static void S_print_header(FILE *out, const json_t *report,
                           const char *input)
{
	const char *file = S_report_file(report, input);
	char year[32];
	const char *agency = nb_tools_string(report, "agency");
	const char *template_name = nb_tools_string(report, "template");
	nb_tools_number_text(json_object_get(report, "year"), year, sizeof year);
	bool zh = nb_tools_zh();
	fputs(file, out);
	if (strcmp(file, input) != 0)
		fprintf(out, zh ? "（在 %s 中）" : " (in %s)", input);
	if (zh)
		fprintf(out, "：%s，%s%s，%s%s", agency ? agency : "机关不详",
		        *year ? year : "年度不详", *year ? "年度" : "",
		        template_name ? template_name : "无",
		        template_name ? "年版模板" : "模板");
	else
		fprintf(out, ": %s, %s, template %s",
		        agency ? agency : "agency unknown",
		        *year ? year : "year unknown",
		        template_name ? template_name : "null");
}

/* "    at page 2: 一、本年新收申请, 二、上年结转申请; page 3: （七）总计":
 * the rows of the cells a broken rule reads, page by page as the report
 * prints them; nothing when no cell has a page (JSON without provenance). */
static void S_print_at(FILE *out, const json_t *report, const json_t *entry)
{
	json_t *cells = nb_tools_check_cells(report, entry);
	json_t *pages = json_array(); /* page numbers in first-seen order */
	size_t index;
	json_t *cell;
	json_array_foreach(cells, index, cell) {
		const json_t *page = json_object_get(cell, "page");
		if (!json_is_integer(page))
			continue;
		bool seen = false;
		size_t p;
		json_t *known;
		json_array_foreach(pages, p, known)
			seen = seen || json_integer_value(known) == json_integer_value(page);
		if (!seen)
			json_array_append_new(pages, json_integer(json_integer_value(page)));
	}
	if (json_array_size(pages)) {
		bool zh = nb_tools_zh();
		fputs(zh ? "    位于" : "    at", out);
		size_t p;
		json_t *page;
		json_array_foreach(pages, p, page) {
			if (zh)
				fprintf(out, "%s第%" JSON_INTEGER_FORMAT "页：", p ? "；" : "",
				        json_integer_value(page));
			else
				fprintf(out, "%s page %" JSON_INTEGER_FORMAT ":", p ? ";" : "",
				        json_integer_value(page));
			const char *last = NULL;
			size_t shown = 0;
			json_array_foreach(cells, index, cell) {
				const json_t *at = json_object_get(cell, "page");
				const char *label = nb_tools_string(cell, "row_label");
				if (!json_is_integer(at)
				    || json_integer_value(at) != json_integer_value(page)
				    || (last && strcmp(last, label) == 0))
					continue;
				if (zh)
					fprintf(out, "%s%s", shown++ ? "、" : "", label);
				else
					fprintf(out, "%s %s", shown++ ? "," : "", label);
				last = label;
			}
		}
		fputc('\n', out);
	}
	json_decref(pages);
	json_decref(cells);
}

static void S_print_entry(FILE *out, const nb_contract_template *layout,
                          const json_t *entry)
{
	const char *rule = nb_tools_string(entry, "rule");
	const char *where = nb_tools_string(entry, "where");
	const rule_words words = S_rule_words(rule);
	const json_t *ok = json_object_get(entry, "ok");
	const json_t *expected = json_object_get(entry, "expected");
	const json_t *actual = json_object_get(entry, "actual");
	char expected_text[64], actual_text[64], change_text[64];
	nb_tools_number_text(expected, expected_text, sizeof expected_text);
	nb_tools_number_text(actual, actual_text, sizeof actual_text);
	if (nb_tools_zh()) {
		const nb_contract_rule *known = nb_contract_rule_named(rule);
		json_t *change = nb_tools_difference(expected, actual);
		nb_tools_number_text(change, change_text, sizeof change_text);
		fprintf(out, "  %s：%s（%s），%s：", json_is_null(ok) ? "无法核对" : "不成立",
		        known ? known->chinese : (rule ? rule : "?"), rule ? rule : "?",
		        *S_where_label(layout, rule, where)
		                ? S_where_label(layout, rule, where)
		                : (where ? where : "?"));
		if (json_is_null(ok))
			fprintf(out, "一方留空（另一方为%s）\n",
			        json_number_value(actual) == 0 ? expected_text : actual_text);
		else
			fprintf(out, "应为%s，实际填报%s，相差%s%s\n", expected_text,
			        actual_text, json_number_value(change) > 0 ? "+" : "",
			        change_text);
		json_decref(change);
		return;
	}
	fprintf(out, "  %s: %s, %s %s %s: ",
	        json_is_null(ok) ? "cannot check" : "broken", rule ? rule : "?",
	        words.where_kind, where ? where : "?",
	        S_where_label(layout, rule, where));
	if (json_is_null(ok)) {
		/* The blank side sums to 0 while the other does not. */
		bool printed_blank = json_number_value(actual) == 0;
		fprintf(out, "%s left blank (%s = %s)\n",
		        printed_blank ? words.actual : words.expected,
		        printed_blank ? words.expected : words.actual,
		        printed_blank ? expected_text : actual_text);
		return;
	}
	json_t *change = nb_tools_difference(expected, actual);
	nb_tools_number_text(change, change_text, sizeof change_text);
	fprintf(out, "expected %s (%s), printed %s (%s), off by %s%s\n",
	        expected_text, words.expected, actual_text, words.actual,
	        json_number_value(change) > 0 ? "+" : "", change_text);
	json_decref(change);
}

size_t nb_tools_check_print(FILE *out, const json_t *report,
                            const json_t *checks, const char *input)
{
	const nb_contract_template *layout = nb_tools_report_layout(report);
	json_t *summary = nb_tools_check_summary(report, checks, input);
	const json_t *broken = json_object_get(summary, "broken");
	const json_t *blank = json_object_get(summary, "blank");
	size_t n_broken = json_array_size(broken);
	size_t n_blank = json_array_size(blank);
	S_print_header(out, report, input);
	bool zh = nb_tools_zh();
	if (!layout) {
		fputs(zh ? "：没有表格，无可核对\n" : ": no tables, nothing to check\n",
		      out);
		json_decref(summary);
		return 0;
	}
	if (n_broken && zh)
		fprintf(out, "：%zu条规则中%zu条不成立", json_array_size(checks),
		        n_broken);
	else if (n_broken)
		fprintf(out, ": %zu of %zu rules broken", n_broken,
		        json_array_size(checks));
	else
		fprintf(out, zh ? "：全部%zu条规则成立" : ": all %zu rules hold",
		        json_array_size(checks) - n_blank);
	if (n_blank)
		fprintf(out, zh ? "，%zu条因留空无法核对"
		                : ", %zu cannot be checked (left blank)", n_blank);
	fputc('\n', out);
	size_t index;
	json_t *entry;
	json_array_foreach(checks, index, entry) {
		const json_t *ok = json_object_get(entry, "ok");
		if (json_is_false(ok) || json_is_null(ok)) {
			S_print_entry(out, layout, entry);
			S_print_at(out, report, entry);
		}
	}
	json_decref(summary);
	return n_broken;
}

typedef struct check_run {
	bool json;
	size_t reports;      /* every input and record, read or not */
	size_t broken;       /* reports with a broken rule */
	size_t failed;       /* inputs or records that could not be read */
	int last_status;     /* exit status of the last one that could not */
} check_run;

/* --json line for a record that could not be checked. */
static void S_print_error_json(const json_t *report, const char *input,
                               const char *code)
{
	json_t *line = json_object();
	json_object_set_new(line, "file",
	                    json_string(S_report_file(report, input)));
	json_object_set_new(line, "input", json_string(input));
	json_object_set_new(line, "ok", json_null());
	json_object_set_new(line, "error", json_string(code));
	char *text = json_dumps(line, nb_tools_json_flags());
	puts(text);
	free(text);
	json_decref(line);
}

static void S_check_report(check_run *run, const json_t *report,
                           const char *input, size_t index)
{
	const char *code = NULL;
	const char *first = nb_tools_duplicate_of(report);
	if (first) {
		/* the record it points to is checked in its place */
		nb_cli_note("note: %s: the same bytes as %s, checked there",
		            S_report_file(report, input), first);
		return;
	}
	if (nb_tools_is_error_record(report, &code)) {
		run->reports++;
		const json_t *error = json_object_get(report, "error");
		const char *message = nb_tools_string(error, "message");
		nb_cli_error(S_report_file(report, input),
		             "error record (%s)%s%s: not checked", code,
		             message ? ": " : "", message ? message : "");
		if (run->json)
			S_print_error_json(report, input, code);
		run->failed++;
		nb_status status = nb_status_from_code(code);
		run->last_status = status == NB_OK ? NB_EXIT_UNREADABLE
		                                   : nb_exit_code(status);
		return;
	}
	char why[160];
	if (!nb_tools_is_report(report, why, sizeof why)) {
		nb_cli_error(input, "record %zu is not a nianbao report: %s",
		             index + 1, why);
		run->reports++;
		if (run->json)
			S_print_error_json(report, input, "not_a_report");
		run->failed++;
		run->last_status = nb_exit_code(NB_ERR_NOT_REPORT);
		return;
	}
	run->reports++;
	json_t *checks = nb_checks_run(report, NULL);
	if (run->json) {
		json_t *summary = nb_tools_check_summary(report, checks, input);
		if (json_array_size(json_object_get(summary, "broken")))
			run->broken++;
		char *line = json_dumps(summary, nb_tools_json_flags());
		puts(line);
		free(line);
		json_decref(summary);
	} else if (nb_tools_check_print(stdout, report, checks, input)) {
		run->broken++;
	}
	json_decref(checks);
}

static void S_check_input(check_run *run, nb_context *ctx,
                          const char *path)
{
	nb_error err = {0};
	json_t *reports = nb_load_reports(ctx, path, &err);
	if (!reports) {
		nb_cli_error(path, "%s", err.message);
		run->reports++;
		run->failed++;
		run->last_status = err.status ? nb_exit_code(err.status)
		                              : NB_EXIT_UNREADABLE;
		return;
	}
	if (json_array_size(reports) == 0) {
		nb_cli_error(path, "no report records");
		run->reports++;
		run->failed++;
		run->last_status = nb_exit_code(NB_ERR_EMPTY);
	}
	size_t index;
	json_t *report;
	json_array_foreach(reports, index, report)
		S_check_report(run, report, path, index);
	json_decref(reports);
}

static const char check_usage[] =
	"Usage: nianbao check [--json] [--lang zh|en] FILE...\n"
	"Recompute the consistency rules (勾稽关系) of every report in FILE\n"
	"(contract JSON, JSONL batch output, or a PDF/text report; '-':\n"
	"standard input) and list\n"
	"each broken rule: rule, column/row/group, expected vs printed, and the\n"
	"page and row of the cells it reads (from provenance: a PDF or text\n"
	"report is read with it).  Last line: N reports, K with broken rules,\n"
	"E unreadable (on stderr with --json).\n"
	"  --json   one JSON object per report: {file, input, agency, year,\n"
	"           template, ok, checked, broken: [...], blank: [...]}, each\n"
	"           entry with `at`: [{field, page, row_label}]\n"
	"           (schema/check.schema.json)\n"
	"  --lang zh|en  messages and rule names in Chinese (the template's own\n"
	"           words) or English; default: zh when LC_ALL, LC_MESSAGES or\n"
	"           LANG starts with zh (JSON keys stay English)\n"
	"Exit: 0 every input read and every rule holds; 1 every input read and\n"
	"some rule broken; when any input or record could not be read (an\n"
	"error record, not_a_report included), that wins: its own status\n"
	"(3..14, as `nianbao extract`) when it was the only report asked for,\n"
	"else 66.\n";

int nb_cmd_check(int argc, char **argv)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'J'},
		{"lang", required_argument, NULL, 'L'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	check_run run = {0};
	nb_tools_set_lang(NULL);
	int opt;
	optind = 1;
	while ((opt = nb_cli_getopt(argc, argv, "h", options)) != -1) {
		switch (opt) {
		case 'J': run.json = true; break;
		case 'L':
			if (!nb_tools_set_lang(optarg))
				return nb_cli_usage("check", "--lang takes zh or en");
			break;
		case 'h': fputs(check_usage, stdout); return NB_EXIT_OK;
		default: return nb_cli_bad_option("check", opt, argv, options);
		}
	}
	int n_inputs = argc - optind;
	if (n_inputs < 1) {
		nb_cli_note("check needs at least one FILE (see 'nianbao check --help')");
		return NB_EXIT_USAGE;
	}
	nb_error err = {0};
	/* a document read directly keeps its cells' pages (provenance), so a
	 * broken rule can say where its cells are */
	nb_options ctx_options = {.expected_inputs = (size_t)n_inputs,
	                          .flags = NB_PROVENANCE};
	nb_context *ctx = nb_context_new(&ctx_options, &err);
	if (!ctx) {
		nb_cli_note("error: %s", err.message);
		return NB_EXIT_USAGE;
	}
	for (int i = optind; i < argc; i++)
		S_check_input(&run, ctx, argv[i]);
	nb_context_free(ctx);
	int written = nb_cli_finish(NB_EXIT_OK);
	if (written != NB_EXIT_OK)
		return written;
	const char *summary = nb_tools_zh()
		? "共%zu份报告，%zu份有规则不成立，%zu份无法读取"
		: "%zu reports, %zu with broken rules, %zu unreadable";
	if (run.json) {
		nb_cli_note(summary, run.reports, run.broken, run.failed);
	} else {
		printf(summary, run.reports, run.broken, run.failed);
		putchar('\n');
	}
	if ((written = nb_cli_finish(NB_EXIT_OK)) != NB_EXIT_OK)
		return written;
	if (run.failed)
		return run.reports == 1 ? run.last_status : NB_EXIT_UNREADABLE;
	return run.broken ? NB_EXIT_FAILED : NB_EXIT_OK;
}
