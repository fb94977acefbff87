/*
 * tools_internal.h — what `nianbao check`, `compare` and `csv` share.
 *
 * The three commands read finished contract JSON, never a document.  They
 * walk the contract table (schema.h: the cells of each template in the
 * contract's order with the template's own Chinese labels, for readable
 * output: an auditor reads 自然人 and （一）予以公开, not only the keys) and
 * share here number formatting that prints a value exactly as the JSON
 * holds it (no float noise: 4068.208 stays 4068.208), display width of
 * Chinese text for aligned tables, RFC 4180 CSV quoting and a growable
 * buffer.  Private to cli/; the pure functions are unit-tested in
 * tests/unit/test_tools.c.
 */
#ifndef NB_TOOLS_INTERNAL_H
#define NB_TOOLS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "../nianbao.h"

/* ---- the contract's tables ---------------------------------------------- */

/* The tables, rows and columns with their labels, cell sums and the rules'
 * verdict are the contract table's (schema/schema.h: nb_contract_*). */

/**
 * The template a report's tables follow: by its `template`, or, when that
 * is null or unknown but tables are present, by the keys its tables hold
 * (applications.other → 2019, other_misc → 2021;
 * active_disclosure.regulations.made/issued).  NULL when the report has no
 * tables.
 */
const nb_contract_template *nb_tools_report_layout(const json_t *report);

/** Row `row_key` of table `table_key` in `layout`, or NULL. */
const nb_contract_row *nb_tools_find_row(const nb_contract_template *layout,
                                         const char *table_key,
                                         const char *row_key);

/** report[section][row][column] (borrowed), or NULL when any key is absent.
 *  A present null cell returns the JSON null. */
const json_t *nb_tools_cell(const json_t *report, const char *section,
                            const char *row, const char *column);

/** A borrowed string member of an object, or NULL. */
const char *nb_tools_string(const json_t *object, const char *key);

/* ---- numbers ---------------------------------------------------------- */

/**
 * Write a cell as the JSON holds it into buf: "" for null or absent, an
 * integer in decimal, a real in the fewest decimal places that read back as
 * the same double (4068.208, 495, -1.5), a string as is.  Returns buf.
 */
char *nb_tools_number_text(const json_t *value, char *buf, size_t size);

/**
 * new − old as a new JSON value: null when either is not a number, an
 * integer when both are integers, otherwise a real rounded to the larger
 * number of decimal places.
 */
json_t *nb_tools_difference(const json_t *old_value, const json_t *new_value);

/* ---- text ------------------------------------------------------------- */

/** Display columns of UTF-8 text on a terminal (East Asian wide = 2). */
size_t nb_tools_display_width(const char *text);

/** Print `text` padded with spaces to `width` display columns, on the left
 *  (right_align) or on the right. */
void nb_tools_print_padded(FILE *out, const char *text, size_t width,
                           bool right_align);

/**
 * Append one CSV field by RFC 4180: quoted when it holds a comma, a double
 * quote, CR or LF (or starts/ends with a space, which some readers trim),
 * with its double quotes doubled.  NULL is an empty field.
 */
void nb_tools_csv_field(nb_buf *buf, const char *text);

/* ---- the commands' pure parts ------------------------------------------ */

/** JSON dump flags for the tools' machine output (compact, key order kept,
 *  15 significant digits so sums of decimals print without float noise). */
size_t nb_tools_json_flags(void);

/** Is this JSONL record an error record ({"source":…, "error":{code,…}})?
 *  *code (may be NULL) gets the error code or "error". */
bool nb_tools_is_error_record(const json_t *record, const char **code);

/** The path a batch duplicate record ({"source":…, "duplicate_of": PATH})
 *  points to, borrowed from `record`; NULL for any other record. */
const char *nb_tools_duplicate_of(const json_t *record);

/** Is this record a report the tools can read: an object with
 *  schema_version "1" and its three table sections (active_disclosure,
 *  applications, reviews) as objects, whose template cells are numbers or
 *  null (a string such as "11" is never read as a blank)?
 *  Anything else in a JSON input is refused as not_a_report; `why` (may be
 *  NULL) gets one line naming what is wrong, e.g.
 *  `applications.new_received.total: "11" is not a number`. */
bool nb_tools_is_report(const json_t *record, char *why, size_t size);

/** Append the CSV rows of one report (no header) to buf: one row per cell
 *  of its template in contract order.  `input` names the file read, used
 *  when the report has no source.file.  Returns the number of rows. */
size_t nb_tools_csv_report(nb_buf *buf, const json_t *report,
                           const char *input);

/** The CSV header row, CRLF-terminated. */
extern const char nb_tools_csv_header[];

/** What `nianbao csv --labels` and `--amounts-in` add. */
typedef struct nb_tools_csv_opts {
	bool labels;            /**< add row_label_zh,column_label_zh,unit */
	const char *amounts_in; /**< "万元" or "元": convert amounts whose
	                             unit the report says; NULL: as printed */
} nb_tools_csv_opts;

/** The columns --labels appends to the header (after value, no CRLF). */
extern const char nb_tools_csv_label_header[];

/** nb_tools_csv_report with the options of --labels and --amounts-in
 *  (`opts` NULL: none). */
size_t nb_tools_csv_report_with(nb_buf *buf, const json_t *report,
                                const char *input,
                                const nb_tools_csv_opts *opts);

/**
 * The unit an amount cell (a column whose contract unit is in 元) is
 * printed in, as the report says it: the unit an `amount_unit` diagnostic
 * of that field names, else the unit printed with the number (provenance
 * raw text), else the unit the template's own column header prints
 * (本年收费金额（万元）).  NULL when the report does not say: a 2019
 * procurement amount printed as a bare number.  Static strings.
 */
const char *nb_tools_amount_unit(const json_t *report, const char *section,
                                 const nb_contract_row *row,
                                 const nb_contract_column *column);

/** Is `column` an amount (its contract unit is in 元)? */
bool nb_tools_is_amount(const nb_contract_column *column);

/**
 * Write the decimal number `text` times 10^shift into buf, exactly (the
 * digits are moved, never rounded): ("251000", -4) → "25.1", ("495", 4) →
 * "4950000", ("-0.5", 1) → "-5".  Returns false (buf untouched) when text
 * is not a plain decimal number or buf is too small.
 */
bool nb_tools_decimal_shift(const char *text, int shift, char *buf,
                            size_t size);

/** The power of ten from unit `from` to unit `to` (元, 千元, 万元, 亿元):
 *  ("元", "万元") → -4.  False when either is not such a unit. */
bool nb_tools_unit_shift(const char *from, const char *to, int *shift);

/** Per-report result of `nianbao check` for --json: {file, input, agency,
 *  year, template, ok, checked, broken, blank}, from the checks array.
 *  New reference. */
json_t *nb_tools_check_summary(const json_t *report, const json_t *checks,
                               const char *input);

/** The cells check entry `entry` of `report` reads, as a new array of
 *  {field, page, row_label}: page from the report's provenance (null
 *  without it), row_label the template's short label of the row. */
json_t *nb_tools_check_cells(const json_t *report, const json_t *entry);

/** Print the readable account of one report's checks; returns the number of
 *  broken rules. */
size_t nb_tools_check_print(FILE *out, const json_t *report,
                            const json_t *checks, const char *input);

/**
 * The comparison of two reports as a new JSON object: old/new identity,
 * warnings [{code,message}], cells [{section,row,column,old,new,change}],
 * not_comparable [{section,row,column,only_in}], links [check entries],
 * links_assessable (false unless NEW's year follows OLD's: then links is
 * empty).
 */
json_t *nb_tools_compare(const json_t *old_report, const json_t *new_report,
                         const char *old_input, const char *new_input);

/** `--changed-only`: keep only the cells of `comparison` whose value
 *  changed (a blank against a number counts as changed). */
void nb_tools_compare_changed_only(json_t *comparison);

/** Print a comparison made by nb_tools_compare as an aligned table. */
void nb_tools_compare_print(FILE *out, const json_t *comparison);

#endif
