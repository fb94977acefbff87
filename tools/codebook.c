/*
 * codebook.c — `nianbao codebook`: every cell of the contract with its
 * labels, for a dataset's documentation.
 *
 * One entry per key (section.row.column): the template's own Chinese row
 * and column labels as printed, an English label, the unit and the
 * template(s) it belongs to.  Everything comes from the contract table
 * (schema.h: nb_contract_templates), the same table the JSON writer, the
 * checks and `nianbao csv` walk, so the codebook cannot drift from the
 * data it documents.  A key both templates hold with the same labels and
 * unit is one entry naming both; where the wording differs, each template
 * has its own entry.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tools.h"
#include "tools_internal.h"

typedef struct entry {
	char key[160];
	const nb_contract_table *table;
	const nb_contract_row *row;
	const nb_contract_column *column;
	const char *templates[2];
	size_t n_templates;
} entry;

static bool S_same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static bool S_same_cell(const entry *e, const nb_contract_row *row,
                        const nb_contract_column *column)
{
	return S_same_text(e->row->label, row->label)
	       && S_same_text(e->column->label, column->label)
	       && S_same_text(e->row->english, row->english)
	       && S_same_text(e->column->english, column->english)
	       && S_same_text(e->column->unit, column->unit);
}

/* The entries of the templates asked for (`only` NULL: both), in the
 * contract's order; a new array the caller frees. */
static entry *S_entries(const char *only, size_t *n_out)
{
	size_t n_templates, cap = 0;
	const nb_contract_template *templates = nb_contract_templates(&n_templates);
	for (size_t t = 0; t < n_templates; t++)
		for (size_t s = 0; s < templates[t].n_tables; s++)
			for (size_t r = 0; r < templates[t].tables[s].n_rows; r++)
				cap += templates[t].tables[s].rows[r].n_columns;
	entry *entries = nb_xcalloc(cap ? cap : 1, sizeof *entries);
	size_t n = 0;
	for (size_t t = 0; t < n_templates; t++) {
		const nb_contract_template *tpl = &templates[t];
		if (only && strcmp(only, tpl->name) != 0)
			continue;
		for (size_t s = 0; s < tpl->n_tables; s++) {
			const nb_contract_table *table = &tpl->tables[s];
			for (size_t r = 0; r < table->n_rows; r++) {
				const nb_contract_row *row = &table->rows[r];
				for (size_t c = 0; c < row->n_columns; c++) {
					const nb_contract_column *column = &row->columns[c];
					char key[160];
					snprintf(key, sizeof key, "%s.%s.%s", table->key,
					         row->key, column->key);
					entry *same = NULL;
					for (size_t i = 0; i < n && !same; i++)
						if (strcmp(entries[i].key, key) == 0
						    && S_same_cell(&entries[i], row, column))
							same = &entries[i];
					if (same) {
						same->templates[same->n_templates++] = tpl->name;
						continue;
					}
					entry *e = &entries[n++];
					memcpy(e->key, key, sizeof key);
					e->table = table;
					e->row = row;
					e->column = column;
					e->templates[e->n_templates++] = tpl->name;
				}
			}
		}
	}
	*n_out = n;
	return entries;
}

/* "regulations: made this year" */
static void S_english(const entry *e, char *buf, size_t size)
{
	snprintf(buf, size, "%s: %s", e->row->english, e->column->english);
}

static void S_templates_text(const entry *e, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", e->templates[0],
	         e->n_templates > 1 ? " " : "",
	         e->n_templates > 1 ? e->templates[1] : "");
}

static json_t *S_json(const entry *entries, size_t n)
{
	json_t *array = json_array();
	for (size_t i = 0; i < n; i++) {
		const entry *e = &entries[i];
		char english[320];
		S_english(e, english, sizeof english);
		json_t *templates = json_array();
		for (size_t t = 0; t < e->n_templates; t++)
			json_array_append_new(templates, json_string(e->templates[t]));
		json_t *item = json_object();
		json_object_set_new(item, "key", json_string(e->key));
		json_object_set_new(item, "section", json_string(e->table->key));
		json_object_set_new(item, "row", json_string(e->row->key));
		json_object_set_new(item, "column", json_string(e->column->key));
		json_object_set_new(item, "row_label_zh", json_string(e->row->label));
		json_object_set_new(item, "column_label_zh",
		                    json_string(e->column->label));
		json_object_set_new(item, "english", json_string(english));
		json_object_set_new(item, "unit", json_string(e->column->unit));
		json_object_set_new(item, "templates", templates);
		json_array_append_new(array, item);
	}
	return array;
}

static const char codebook_header[] =
	"key,section,row,column,row_label_zh,column_label_zh,english,unit,"
	"templates\r\n";

static void S_csv(nb_buf *buf, const entry *entries, size_t n)
{
	nb_buf_puts(buf, codebook_header);
	for (size_t i = 0; i < n; i++) {
		const entry *e = &entries[i];
		char english[320], templates[32];
		S_english(e, english, sizeof english);
		S_templates_text(e, templates, sizeof templates);
		const char *fields[] = {e->key, e->table->key, e->row->key,
		                        e->column->key, e->row->label,
		                        e->column->label, english, e->column->unit,
		                        templates};
		for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
			if (f)
				nb_buf_puts(buf, ",");
			nb_tools_csv_field(buf, fields[f]);
		}
		nb_buf_puts(buf, "\r\n");
	}
}

/* The readable form: one entry per line, aligned, labels last. */
static void S_text(FILE *out, const entry *entries, size_t n)
{
	size_t key_width = strlen("key");
	for (size_t i = 0; i < n; i++)
		if (strlen(entries[i].key) > key_width)
			key_width = strlen(entries[i].key);
	nb_tools_print_padded(out, "key", key_width, false);
	fprintf(out, "  %-9s  %-4s  %s\n", "templates", "unit",
	        "row label | column label — English");
	for (size_t i = 0; i < n; i++) {
		const entry *e = &entries[i];
		char english[320], templates[32];
		S_english(e, english, sizeof english);
		S_templates_text(e, templates, sizeof templates);
		nb_tools_print_padded(out, e->key, key_width, false);
		fprintf(out, "  %-9s  ", templates);
		nb_tools_print_padded(out, e->column->unit ? e->column->unit : "", 4,
		                      false);
		fprintf(out, "  %s | %s — %s\n", e->row->label, e->column->label,
		        english);
	}
}

static const char codebook_usage[] =
	"Usage: nianbao codebook [--json|--csv] [--template 2019|2021]\n"
	"Every cell of the report JSON contract: its key (section.row.column),\n"
	"the template's Chinese row and column labels as printed, an English\n"
	"label, the unit and the template(s) it belongs to.\n"
	"  --json             a JSON array of {key, section, row, column,\n"
	"                     row_label_zh, column_label_zh, english, unit,\n"
	"                     templates}\n"
	"  --csv              the same as CSV (RFC 4180, UTF-8, CRLF; templates\n"
	"                     separated by a space)\n"
	"  --template NAME    only the cells of template 2019 or 2021\n"
	"  -h, --help         this text\n";

int nb_cmd_codebook(int argc, char **argv)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},
		{"csv", no_argument, NULL, 'c'},
		{"template", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	enum { TEXT, JSON, CSV } format = TEXT;
	const char *only = NULL;
	int opt;
	optind = 1;
	while ((opt = nb_cli_getopt(argc, argv, "h", options)) != -1) {
		switch (opt) {
		case 'j': format = JSON; break;
		case 'c': format = CSV; break;
		case 't': only = optarg; break;
		case 'h':
			fputs(codebook_usage, stdout);
			return nb_cli_finish(NB_EXIT_OK);
		default:
			return nb_cli_bad_option("codebook", opt, argv, options);
		}
	}
	if (optind < argc)
		return nb_cli_usage("codebook", "codebook takes no FILE");
	if (only && !nb_contract_template_named(only))
		return nb_cli_usage("codebook",
		                    "--template takes 2019 or 2021");
	size_t n;
	entry *entries = S_entries(only, &n);
	if (format == JSON) {
		json_t *array = S_json(entries, n);
		json_dumpf(array, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(array);
	} else if (format == CSV) {
		nb_buf buf = {0};
		S_csv(&buf, entries, n);
		fwrite(buf.data, 1, buf.len, stdout);
		nb_buf_free(&buf);
	} else {
		S_text(stdout, entries, n);
	}
	free(entries);
	return nb_cli_finish(NB_EXIT_OK);
}
