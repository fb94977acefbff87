/*
 * csv.c — `nianbao csv`: reports as one long, tidy CSV for pandas, R and
 * Excel.
 *
 * One row per table cell: file,sha256,agency,year,template,section,row,
 * column,value.  The cells are those of the report's template in the
 * contract's order (二 active_disclosure, 三 applications, 四 reviews), so a
 * dataset of thousands of reports is one `pd.read_csv` away and every value
 * keeps its key.  A blank cell (JSON null) is an empty field, never 0: a
 * researcher must be able to tell "left blank" from "zero".  Numbers are
 * written as the JSON holds them (no float noise).  The format is RFC 4180:
 * CRLF line ends, fields quoted when they hold a comma, quote, CR or LF,
 * quotes doubled; UTF-8, with --bom prefixing the byte-order mark Excel
 * needs to read UTF-8.  JSONL error records are skipped with a note on
 * stderr; a report without tables (template null) gives no rows and a note.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tools.h"
#include "tools_internal.h"

const char nb_tools_csv_header[] =
	"file,sha256,agency,year,template,section,row,column,value\r\n";

/* The fields every row of one report starts with, already quoted. */
static void S_identity_fields(nb_buf *prefix, const json_t *report,
                              const char *input)
{
	const json_t *source = json_object_get(report, "source");
	const char *file = nb_tools_string(source, "file");
	char year[32];
	nb_tools_csv_field(prefix, file ? file : input);
	nb_buf_puts(prefix, ",");
	nb_tools_csv_field(prefix, nb_tools_string(source, "sha256"));
	nb_buf_puts(prefix, ",");
	nb_tools_csv_field(prefix, nb_tools_string(report, "agency"));
	nb_buf_puts(prefix, ",");
	nb_tools_csv_field(prefix, nb_tools_number_text(
		json_object_get(report, "year"), year, sizeof year));
	nb_buf_puts(prefix, ",");
	nb_tools_csv_field(prefix, nb_tools_string(report, "template"));
	nb_buf_puts(prefix, ",");
}

size_t nb_tools_csv_report(nb_buf *buf, const json_t *report,
                           const char *input)
{
	const nb_contract_template *layout = nb_tools_report_layout(report);
	if (!layout)
		return 0;
	nb_buf prefix;
	prefix = (nb_buf){0};
	S_identity_fields(&prefix, report, input);
	size_t rows = 0;
	char value[512];
	for (size_t s = 0; s < layout->n_tables; s++) {
		const nb_contract_table *section = &layout->tables[s];
		for (size_t r = 0; r < section->n_rows; r++) {
			const nb_contract_row *row = &section->rows[r];
			for (size_t c = 0; c < row->n_columns; c++) {
				const json_t *cell = nb_tools_cell(report, section->key,
				                                   row->key,
				                                   row->columns[c].key);
				nb_buf_append(buf, prefix.data, prefix.len);
				nb_buf_puts(buf, section->key);
				nb_buf_puts(buf, ",");
				nb_buf_puts(buf, row->key);
				nb_buf_puts(buf, ",");
				nb_buf_puts(buf, row->columns[c].key);
				nb_buf_puts(buf, ",");
				nb_tools_csv_field(buf, nb_tools_number_text(
					cell, value, sizeof value));
				nb_buf_puts(buf, "\r\n");
				rows++;
			}
		}
	}
	nb_buf_free(&prefix);
	return rows;
}

typedef struct csv_args {
	bool bom;
	const char *output;   /* NULL: stdout */
} csv_args;

static const char csv_usage[] =
	"Usage: nianbao csv [--bom] [-o OUT.csv] INPUT...\n"
	"One CSV row per table cell of every report in INPUT (contract JSON,\n"
	"JSONL batch output, or a PDF/text report):\n"
	"  file,sha256,agency,year,template,section,row,column,value\n"
	"A blank cell is an empty value, not 0.  RFC 4180, UTF-8, CRLF.\n"
	"  --bom             start with the UTF-8 byte-order mark (for Excel)\n"
	"  -o, --output OUT  write OUT atomically instead of standard output\n";

static int S_parse(int argc, char **argv, csv_args *args)
{
	static const struct option options[] = {
		{"bom", no_argument, NULL, 'b'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+o:h", options, NULL)) != -1) {
		switch (opt) {
		case 'b': args->bom = true; break;
		case 'o': args->output = optarg; break;
		case 'h': fputs(csv_usage, stdout); return NB_EXIT_OK;
		default:
			nb_cli_note("bad option for csv (see 'nianbao csv --help')");
			return NB_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		nb_cli_note("csv needs at least one INPUT (see 'nianbao csv --help')");
		return NB_EXIT_USAGE;
	}
	return -1;
}

/* Stream to stdout report by report (an archive's CSV can be large);
 * with -o everything is kept for one atomic write. */
static int S_flush(nb_buf *buf, const csv_args *args)
{
	if (args->output)
		return 0;
	if (buf->len && fwrite(buf->data, 1, buf->len, stdout) != buf->len)
		return -1;
	nb_buf_consume(buf, buf->len);
	return 0;
}

/* Append the rows of every report of one input; returns the exit status
 * this input contributes (0, or its nb_status). */
static int S_convert_input(nb_context *ctx, const char *path,
                           nb_buf *buf)
{
	nb_error err = {0};
	json_t *reports = nb_load_reports(ctx, path, &err);
	if (!reports) {
		nb_cli_error(path, "%s", err.message);
		return err.status ? nb_exit_code(err.status) : NB_EXIT_FAILED;
	}
	int status = NB_EXIT_OK;
	size_t index;
	json_t *report;
	json_array_foreach(reports, index, report) {
		const char *code = NULL;
		const char *file = nb_tools_string(json_object_get(report, "source"),
		                                   "file");
		if (!file)
			file = path;
		if (nb_tools_is_error_record(report, &code)) {
			nb_cli_note("note: skipped error record for %s: %s", file, code);
			continue;
		}
		char why[160];
		if (!nb_tools_is_report(report, why, sizeof why)) {
			nb_cli_error(path, "record %zu is not a nianbao report: %s",
			             index + 1, why);
			status = nb_exit_code(NB_ERR_NOT_REPORT);
			continue;
		}
		if (nb_tools_csv_report(buf, report, path) == 0)
			nb_cli_note("note: no tables in %s (template null): no rows",
			            file);
	}
	json_decref(reports);
	return status;
}

int nb_cmd_csv(int argc, char **argv)
{
	csv_args args = {0};
	int parsed = S_parse(argc, argv, &args);
	if (parsed >= 0)
		return parsed;
	nb_error err = {0};
	nb_options ctx_options = {.expected_inputs = (size_t)(argc - optind)};
	nb_context *ctx = nb_context_new(&ctx_options, &err);
	if (!ctx) {
		nb_cli_note("error: %s", err.message);
		return NB_EXIT_USAGE;
	}
	nb_buf buf;
	buf = (nb_buf){0};
	if (args.bom)
		nb_buf_puts(&buf, "\xEF\xBB\xBF");
	nb_buf_puts(&buf, nb_tools_csv_header);
	int n_inputs = argc - optind, failed = 0, last_status = NB_EXIT_OK;
	bool write_error = false;
	for (int i = optind; i < argc && !write_error; i++) {
		int status = S_convert_input(ctx, argv[i], &buf);
		if (status != NB_EXIT_OK) {
			failed++;
			last_status = status;
		}
		write_error = S_flush(&buf, &args) != 0;
	}
	nb_context_free(ctx);
	if (!write_error && args.output
	    && nb_file_write_atomic(args.output, buf.data, buf.len) != 0) {
		nb_cli_error(args.output, "cannot write: %s", strerror(errno));
		nb_buf_free(&buf);
		return NB_EXIT_USAGE;
	}
	nb_buf_free(&buf);
	if (write_error || fflush(stdout) != 0 || ferror(stdout)) {
		nb_cli_note("error: cannot write to standard output");
		return NB_EXIT_USAGE;
	}
	if (failed == 0)
		return NB_EXIT_OK;
	return n_inputs == 1 ? last_status : NB_EXIT_FAILED;
}
