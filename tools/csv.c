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

const char nb_tools_csv_label_header[] = ",row_label_zh,column_label_zh,unit";

/* Money units by their power of ten in 元. */
static const struct {
	const char *name;
	int power;
} money_units[] = {{"亿元", 8}, {"万元", 4}, {"千元", 3}, {"元", 0}};

/* The money unit `text` starts with (longest first), or NULL. */
static const char *S_money_unit_at(const char *text, int *power)
{
	for (size_t i = 0; i < sizeof money_units / sizeof money_units[0]; i++)
		if (strncmp(text, money_units[i].name, strlen(money_units[i].name)) == 0) {
			if (power)
				*power = money_units[i].power;
			return money_units[i].name;
		}
	return NULL;
}

/* The first money unit anywhere in `text`, or NULL. */
static const char *S_money_unit_in(const char *text)
{
	for (const char *p = text; p && *p; p++) {
		const char *unit = S_money_unit_at(p, NULL);
		if (unit)
			return unit;
	}
	return NULL;
}

bool nb_tools_unit_shift(const char *from, const char *to, int *shift)
{
	int from_power, to_power;
	const char *a = from ? S_money_unit_at(from, &from_power) : NULL;
	const char *b = to ? S_money_unit_at(to, &to_power) : NULL;
	if (!a || !b || strcmp(a, from) != 0 || strcmp(b, to) != 0)
		return false;
	*shift = from_power - to_power;
	return true;
}

bool nb_tools_is_amount(const nb_contract_column *column)
{
	return column->unit && strstr(column->unit, "元") != NULL;
}

const char *nb_tools_amount_unit(const json_t *report, const char *section,
                                 const nb_contract_row *row,
                                 const nb_contract_column *column)
{
	char field[200];
	snprintf(field, sizeof field, "%s.%s.%s", section, row->key, column->key);
	size_t index;
	const json_t *diag;
	json_array_foreach(json_object_get(report, "diagnostics"), index, diag) {
		const char *code = nb_tools_string(diag, "code");
		const char *where = nb_tools_string(diag, "field");
		if (!code || strcmp(code, "amount_unit") != 0 || !where
		    || strcmp(where, field) != 0)
			continue;
		/* "…: amount printed in 元, kept as printed"; a message that
		 * names no unit leaves the unit unsaid */
		const char *message = nb_tools_string(diag, "message");
		const char *in = message ? strstr(message, "printed in ") : NULL;
		return in ? S_money_unit_at(in + strlen("printed in "), NULL) : NULL;
	}
	const json_t *prov = json_object_get(report, "provenance");
	const char *raw = nb_tools_string(
		nb_tools_cell(prov, section, row->key, column->key), "raw");
	const char *unit = raw ? S_money_unit_in(raw) : NULL;
	if (unit)
		return unit;
	return S_money_unit_in(column->label);
}

bool nb_tools_decimal_shift(const char *text, int shift, char *buf,
                            size_t size)
{
	/* digits without the point, and where the point stands among them */
	char digits[128];
	size_t n = 0;
	long point = -1;
	bool negative = false;
	const char *p = text;
	if (*p == '-' || *p == '+')
		negative = *p++ == '-';
	if (!*p || shift > 64 || shift < -64)
		return false;
	for (; *p; p++) {
		if (*p == '.' && point < 0)
			point = (long)n;
		else if (*p >= '0' && *p <= '9' && n < sizeof digits)
			digits[n++] = *p;
		else
			return false;
	}
	if (n == 0)
		return false;
	if (point < 0)
		point = (long)n;
	point += shift;
	/* the integer part: digits before the point (zeros past the end) */
	char out[256];
	size_t o = 0;
	if (negative)
		out[o++] = '-';
	size_t int_start = o;
	for (long i = 0; i < point; i++) {
		char d = i < (long)n ? digits[i] : '0';
		if (o == int_start && d == '0')
			continue; /* no leading zeros */
		out[o++] = d;
	}
	if (o == int_start)
		out[o++] = '0';
	size_t before_fraction = o;
	out[o++] = '.';
	for (long i = point; i < (long)n; i++)
		out[o++] = i < 0 ? '0' : digits[i];
	while (o > before_fraction + 1 && out[o - 1] == '0')
		o--;
	if (o == before_fraction + 1)
		o = before_fraction;
	out[o] = '\0';
	if (negative && strcmp(out, "-0") == 0)
		memmove(out, out + 1, strlen(out));
	if (strlen(out) + 1 > size)
		return false;
	memcpy(buf, out, strlen(out) + 1);
	return true;
}

/* value, then with --labels: row_label_zh,column_label_zh,unit.  An
 * amount's unit is the one the report says (empty when it does not); with
 * --amounts-in an amount in a known unit is converted and carries the new
 * unit. */
static void S_cell_fields(nb_buf *buf, const json_t *report,
                          const nb_contract_table *section,
                          const nb_contract_row *row,
                          const nb_contract_column *column,
                          const nb_tools_csv_opts *opts)
{
	char value[512], converted[512];
	const json_t *cell = nb_tools_cell(report, section->key, row->key,
	                                   column->key);
	const char *text = nb_tools_number_text(cell, value, sizeof value);
	const char *unit = column->unit;
	if (nb_tools_is_amount(column)) {
		unit = nb_tools_amount_unit(report, section->key, row, column);
		int shift;
		if (opts->amounts_in && unit
		    && nb_tools_unit_shift(unit, opts->amounts_in, &shift)) {
			if (text[0] == '\0'
			    || nb_tools_decimal_shift(text, shift, converted,
			                              sizeof converted)) {
				if (text[0])
					text = converted;
				unit = opts->amounts_in;
			}
		}
	}
	nb_tools_csv_field(buf, text);
	if (opts->labels) {
		nb_buf_puts(buf, ",");
		nb_tools_csv_field(buf, row->label);
		nb_buf_puts(buf, ",");
		nb_tools_csv_field(buf, column->label);
		nb_buf_puts(buf, ",");
		nb_tools_csv_field(buf, unit);
	}
}

size_t nb_tools_csv_report_with(nb_buf *buf, const json_t *report,
                                const char *input,
                                const nb_tools_csv_opts *opts)
{
	static const nb_tools_csv_opts none = {0};
	if (!opts)
		opts = &none;
	const nb_contract_template *layout = nb_tools_report_layout(report);
	if (!layout)
		return 0;
	nb_buf prefix;
	prefix = (nb_buf){0};
	S_identity_fields(&prefix, report, input);
	size_t rows = 0;
	for (size_t s = 0; s < layout->n_tables; s++) {
		const nb_contract_table *section = &layout->tables[s];
		for (size_t r = 0; r < section->n_rows; r++) {
			const nb_contract_row *row = &section->rows[r];
			for (size_t c = 0; c < row->n_columns; c++) {
				nb_buf_append(buf, prefix.data, prefix.len);
				nb_buf_puts(buf, section->key);
				nb_buf_puts(buf, ",");
				nb_buf_puts(buf, row->key);
				nb_buf_puts(buf, ",");
				nb_buf_puts(buf, row->columns[c].key);
				nb_buf_puts(buf, ",");
				S_cell_fields(buf, report, section, row, &row->columns[c],
				              opts);
				nb_buf_puts(buf, "\r\n");
				rows++;
			}
		}
	}
	nb_buf_free(&prefix);
	return rows;
}

size_t nb_tools_csv_report(nb_buf *buf, const json_t *report,
                           const char *input)
{
	return nb_tools_csv_report_with(buf, report, input, NULL);
}

typedef struct csv_args {
	bool bom;
	const char *output;   /* NULL: stdout */
	nb_tools_csv_opts opts;
} csv_args;

static const char csv_usage[] =
	"Usage: nianbao csv [--bom] [--labels] [--amounts-in 万元|元] [-o OUT.csv]\n"
	"                   INPUT...\n"
	"One CSV row per table cell of every report in INPUT (contract JSON,\n"
	"JSONL batch output, or a PDF/text report; '-': standard input):\n"
	"  file,sha256,agency,year,template,section,row,column,value\n"
	"A blank cell is an empty value, not 0.  RFC 4180, UTF-8, CRLF.\n"
	"  --bom             start with the UTF-8 byte-order mark (for Excel)\n"
	"  --labels          add row_label_zh,column_label_zh,unit: the template's\n"
	"                    labels and the unit; an amount's unit is the one the\n"
	"                    report prints (万元, 元), empty when it says none\n"
	"  --amounts-in U    convert amounts whose unit the report says to U\n"
	"                    (万元 or 元; implies --labels); an amount in no\n"
	"                    stated unit stays as printed, its unit empty\n"
	"  -o, --output OUT  write OUT atomically instead of standard output\n";

static int S_parse(int argc, char **argv, csv_args *args)
{
	static const struct option options[] = {
		{"bom", no_argument, NULL, 'b'},
		{"output", required_argument, NULL, 'o'},
		{"labels", no_argument, NULL, 'l'},
		{"amounts-in", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int opt;
	optind = 1;
	while ((opt = nb_cli_getopt(argc, argv, "o:h", options)) != -1) {
		switch (opt) {
		case 'b': args->bom = true; break;
		case 'o': args->output = optarg; break;
		case 'l': args->opts.labels = true; break;
		case 'a':
			if (strcmp(optarg, "万元") != 0 && strcmp(optarg, "元") != 0) {
				nb_cli_note("--amounts-in takes 万元 or 元 (see 'nianbao csv --help')");
				return NB_EXIT_USAGE;
			}
			args->opts.amounts_in = optarg;
			args->opts.labels = true;
			break;
		case 'h': fputs(csv_usage, stdout); return NB_EXIT_OK;
		default: return nb_cli_bad_option("csv", opt, argv, options);
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
                           const nb_tools_csv_opts *opts, nb_buf *buf)
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
		const char *first = nb_tools_duplicate_of(report);
		if (first) {
			nb_cli_note("note: skipped duplicate record for %s: the "
			            "same bytes as %s", file, first);
			continue;
		}
		char why[160];
		if (!nb_tools_is_report(report, why, sizeof why)) {
			nb_cli_error(path, "record %zu is not a nianbao report: %s",
			             index + 1, why);
			status = nb_exit_code(NB_ERR_NOT_REPORT);
			continue;
		}
		if (nb_tools_csv_report_with(buf, report, path, opts) == 0)
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
	/* a document read directly keeps the raw text of its cells, where an
	 * amount's printed unit is (nb_tools_amount_unit) */
	nb_options ctx_options = {.expected_inputs = (size_t)(argc - optind),
	                          .flags = args.opts.labels ? NB_PROVENANCE : 0};
	nb_context *ctx = nb_context_new(&ctx_options, &err);
	if (!ctx) {
		nb_cli_note("error: %s", err.message);
		return NB_EXIT_USAGE;
	}
	nb_buf buf;
	buf = (nb_buf){0};
	if (args.bom)
		nb_buf_puts(&buf, "\xEF\xBB\xBF");
	if (args.opts.labels) {
		nb_buf_append(&buf, nb_tools_csv_header,
		              strlen(nb_tools_csv_header) - 2);
		nb_buf_puts(&buf, nb_tools_csv_label_header);
		nb_buf_puts(&buf, "\r\n");
	} else {
		nb_buf_puts(&buf, nb_tools_csv_header);
	}
	int n_inputs = argc - optind, failed = 0, last_status = NB_EXIT_OK;
	bool write_error = false;
	for (int i = optind; i < argc && !write_error; i++) {
		int status = S_convert_input(ctx, argv[i], &args.opts, &buf);
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
	if (write_error) {
		if (nb_cli_stdout_gone())
			return NB_EXIT_PIPE;
		nb_cli_note("error: cannot write to standard output");
		return NB_EXIT_USAGE;
	}
	int written = nb_cli_finish(NB_EXIT_OK);
	if (written != NB_EXIT_OK)
		return written;
	if (failed == 0)
		return NB_EXIT_OK;
	return n_inputs == 1 ? last_status : NB_EXIT_FAILED;
}
