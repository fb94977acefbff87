/*
 * contract.c — the contract table (schema.h): both templates' tables with
 * keys, printed and English labels, patterns and units, expanded from
 * contract_data.h, and the consistency rules over them with their one
 * evaluator.
 *
 * The rules are the contract's `checks` (applications.balance,
 * applications.outcome_total, applications.row_total, reviews.total) and
 * the cross-year links of `nianbao compare` (years.carried_over,
 * years.in_force).  Null counts as 0; an instance whose one side is blank
 * in every cell while the other is not zero has ok null (total_blank);
 * otherwise the sides are compared to the decimal places printed.  That
 * verdict is decided here only (nb_contract_verdict), for extraction,
 * `check` and `compare` alike.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema_internal.h"
#include "contract_data.h"

#define N_OF(array) (sizeof(array) / sizeof((array)[0]))

/* ---- the tables ---------------------------------------------------------- */

#define S_COLUMN(key, label, patterns, english, unit) \
	{key, label, patterns, english, unit},
#define S_COLUMNS(list) static const nb_contract_column S_##list[] = {list(S_COLUMN)};

NB_COLUMN_LISTS(S_COLUMNS)

#define S_AD_ROW(key, label, short_label, patterns, english, unit, columns, \
                 amount)                                                     \
	{key, label, short_label, patterns, english, unit, S_##columns,          \
	 N_OF(S_##columns), false},
#define S_APP_ROW(key, label, short_label, patterns, english, outcome)       \
	{key, label, short_label, patterns, english, "件", S_NB_APPLICANTS,       \
	 N_OF(S_NB_APPLICANTS), outcome},
#define S_GROUP(key, label, patterns, english)                               \
	{key, label, label, patterns, english, "件", S_NB_REVIEW_COLUMNS,        \
	 N_OF(S_NB_REVIEW_COLUMNS), false},

static const nb_contract_row S_ad2019[] = {NB_AD2019_ROWS(S_AD_ROW)};
static const nb_contract_row S_ad2021[] = {NB_AD2021_ROWS(S_AD_ROW)};
static const nb_contract_row S_app2019[] = {NB_APP2019_ROWS(S_APP_ROW)};
static const nb_contract_row S_app2021[] = {NB_APP2021_ROWS(S_APP_ROW)};
static const nb_contract_row S_reviews[] = {NB_REVIEW_GROUPS(S_GROUP)};

#define S_TABLE(key, label, short_label, english) key, label, short_label, english

static const nb_contract_table S_tables2019[] = {
	{NB_TABLE_ACTIVE(S_TABLE), S_ad2019, N_OF(S_ad2019)},
	{NB_TABLE_APPLICATIONS(S_TABLE), S_app2019, N_OF(S_app2019)},
	{NB_TABLE_REVIEWS(S_TABLE), S_reviews, N_OF(S_reviews)},
};
static const nb_contract_table S_tables2021[] = {
	{NB_TABLE_ACTIVE(S_TABLE), S_ad2021, N_OF(S_ad2021)},
	{NB_TABLE_APPLICATIONS(S_TABLE), S_app2021, N_OF(S_app2021)},
	{NB_TABLE_REVIEWS(S_TABLE), S_reviews, N_OF(S_reviews)},
};

static const nb_contract_template S_templates[] = {
	{"2019", S_tables2019, N_OF(S_tables2019)},
	{"2021", S_tables2021, N_OF(S_tables2021)},
};

const nb_contract_template *nb_contract_templates(size_t *n)
{
	*n = N_OF(S_templates);
	return S_templates;
}

const nb_contract_template *nb_contract_template_named(const char *name)
{
	for (size_t t = 0; name && t < N_OF(S_templates); t++)
		if (strcmp(S_templates[t].name, name) == 0)
			return &S_templates[t];
	return NULL;
}

const nb_contract_table *nb_contract_find_table(const nb_contract_template *tpl,
                                                const char *key)
{
	for (size_t t = 0; tpl && key && t < tpl->n_tables; t++)
		if (strcmp(tpl->tables[t].key, key) == 0)
			return &tpl->tables[t];
	return NULL;
}

const nb_contract_row *nb_contract_find_row(const nb_contract_table *table,
                                            const char *key)
{
	for (size_t r = 0; table && key && r < table->n_rows; r++)
		if (strcmp(table->rows[r].key, key) == 0)
			return &table->rows[r];
	return NULL;
}

const nb_contract_column *nb_contract_find_column(const nb_contract_row *row,
                                                  const char *key)
{
	for (size_t c = 0; row && key && c < row->n_columns; c++)
		if (strcmp(row->columns[c].key, key) == 0)
			return &row->columns[c];
	return NULL;
}

/* ---- public key lists ----------------------------------------------------- */

#define S_APP_KEY(key, label, short_label, patterns, english, outcome) key,
#define S_COLUMN_KEY(key, label, patterns, english, unit) key,

static const char *const S_app_keys2019[] = {NB_APP2019_ROWS(S_APP_KEY) NULL};
static const char *const S_app_keys2021[] = {NB_APP2021_ROWS(S_APP_KEY) NULL};
static const char *const S_applicant_keys[] = {NB_APPLICANTS(S_COLUMN_KEY) NULL};

const char *const *nb_schema_application_rows(const char *template_name)
{
	const nb_contract_template *tpl = nb_contract_template_named(template_name);
	if (!tpl)
		return NULL;
	return tpl == &S_templates[0] ? S_app_keys2019 : S_app_keys2021;
}

const char *const *nb_schema_applicant_columns(void)
{
	return S_applicant_keys;
}

/* ---- the rules ------------------------------------------------------------ */

#define S_TERMS(array) array, N_OF(array)

static const nb_contract_term S_balance_expected[] = {
	{"new_received", NULL, +1, false}, {"carried_over", NULL, +1, false},
};
static const nb_contract_term S_balance_actual[] = {
	{"outcome_total", NULL, +1, false}, {"carried_forward", NULL, +1, false},
};
static const nb_contract_term S_outcomes_expected[] = {
	{NB_CONTRACT_OUTCOMES, NULL, +1, false},
};
static const nb_contract_term S_outcomes_actual[] = {
	{"outcome_total", NULL, +1, false},
};
static const nb_contract_term S_parts[] = {
	{NULL, NB_CONTRACT_PARTS, +1, false},
};
static const nb_contract_term S_total[] = {
	{NULL, "total", +1, false},
};
static const nb_contract_term S_carry_expected[] = {
	{"carried_forward", NULL, +1, true},
};
static const nb_contract_term S_carry_actual[] = {
	{"carried_over", NULL, +1, false},
};
static const nb_contract_term S_in_force_expected[] = {
	{NULL, "in_force", +1, true},
	{NULL, "issued", +1, false},
	{NULL, "repealed", -1, false},
};
static const nb_contract_term S_in_force_actual[] = {
	{NULL, "in_force", +1, false},
};
static const char *const S_in_force_rows[] = {
	"regulations", "normative_documents", NULL,
};

static const nb_contract_rule S_rules[] = {
	{"applications.balance", "applications", "column", false, NULL, NULL,
	 false, S_TERMS(S_balance_expected), S_TERMS(S_balance_actual),
	 "一 new_received + 二 carried_over",
	 "（七）outcome_total + 四 carried_forward",
	 "new_received + carried_over = outcome_total + carried_forward, "
	 "per applicant column",
	 "第一项加第二项之和，等于第三项加第四项之和"
	 "（新收+上年结转=办理结果总计+结转下年度）"},
	{"applications.outcome_total", "applications", "column", false, NULL,
	 NULL, false, S_TERMS(S_outcomes_expected), S_TERMS(S_outcomes_actual),
	 "the outcome rows （一）…（六）", "（七）outcome_total",
	 "outcome_total = the sum of the outcome rows, per applicant column",
	 "办理结果总计=各项办理结果之和"},
	{"applications.row_total", "applications", "row", true, NULL, NULL,
	 false, S_TERMS(S_parts), S_TERMS(S_total),
	 "the six applicant columns", "总计 total",
	 "total = the sum of the six applicant columns, per row",
	 "总计=各类申请人之和"},
	{"reviews.total", "reviews", "group", true, NULL, NULL, false,
	 S_TERMS(S_parts), S_TERMS(S_total),
	 "upheld + corrected + other + pending", "总计 total",
	 "total = upheld + corrected + other + pending, per group",
	 "复议/诉讼总计=各结果之和"},
	{"years.carried_over", "applications", "column", false, NULL, NULL, true,
	 S_TERMS(S_carry_expected), S_TERMS(S_carry_actual),
	 "OLD carried_forward", "NEW carried_over",
	 "carried_over of year N+1 = carried_forward of year N, per applicant "
	 "column",
	 "上年结转=上年报告的结转下年度"},
	{"years.in_force", "active_disclosure", "row", true, S_in_force_rows,
	 "2021", true, S_TERMS(S_in_force_expected), S_TERMS(S_in_force_actual),
	 "OLD in_force + NEW issued - NEW repealed", "NEW in_force",
	 "in_force of year N+1 = in_force of N + issued - repealed of N+1",
	 "现行有效件数=上年现行有效件数+本年制发件数-本年废止件数"},
};

const nb_contract_rule *nb_contract_rules(size_t *n)
{
	*n = N_OF(S_rules);
	return S_rules;
}

const nb_contract_rule *nb_contract_rule_named(const char *name)
{
	for (size_t i = 0; name && i < N_OF(S_rules); i++)
		if (strcmp(S_rules[i].name, name) == 0)
			return &S_rules[i];
	return NULL;
}

/* ---- sums and the verdict --------------------------------------------- */

int nb_contract_decimals(const json_t *value)
{
	if (!json_is_real(value))
		return 0;
	double number = json_real_value(value);
	if (!(fabs(number) < 1e17))
		return 0;
	/* The fewest decimals that read back as the same double: what the
	 * report printed, without binary-fraction noise. */
	char text[512];
	for (int places = 0; places <= 17; places++) {
		snprintf(text, sizeof text, "%.*f", places, number);
		if (strtod(text, NULL) == number)
			return places;
	}
	return 0;
}

/* Round to `places` decimals through the printed form, so that the double
 * is the one a reader of "%.*f" would get (no 68.108000000000004). */
static double S_round_places(double value, int places)
{
	char text[512];
	if (!(fabs(value) < 1e17))
		return value;
	snprintf(text, sizeof text, "%.*f", places, value);
	double rounded = strtod(text, NULL);
	return rounded == 0 ? 0 : rounded;
}

void nb_contract_sum_init(nb_contract_sum *sum)
{
	sum->value = 0;
	sum->all_null = true;
	sum->integral = true;
	sum->decimals = 0;
}

void nb_contract_sum_add(nb_contract_sum *sum, const json_t *cell, int sign)
{
	if (!json_is_number(cell))
		return;
	sum->all_null = false;
	sum->value += sign * json_number_value(cell);
	if (json_is_real(cell)) {
		sum->integral = false;
		int places = nb_contract_decimals(cell);
		if (places > sum->decimals)
			sum->decimals = places;
	}
}

json_t *nb_contract_sum_json(const nb_contract_sum *sum)
{
	if (sum->integral && fabs(sum->value) < 9e15)
		return json_integer((json_int_t)llround(sum->value));
	return json_real(S_round_places(sum->value, sum->decimals));
}

/* The sum as nb_contract_sum_json gives it. */
static double S_printed(const nb_contract_sum *sum)
{
	if (sum->integral && fabs(sum->value) < 9e15)
		return (double)llround(sum->value);
	return S_round_places(sum->value, sum->decimals);
}

json_t *nb_contract_verdict(const nb_contract_sum *expected,
                            const nb_contract_sum *actual)
{
	double e = S_printed(expected), a = S_printed(actual);
	if ((expected->all_null && a != 0) || (actual->all_null && e != 0))
		return json_null();
	int places = expected->decimals > actual->decimals ? expected->decimals
	                                                   : actual->decimals;
	return json_boolean(S_round_places(e, places) == S_round_places(a, places));
}

/* ---- evaluating a rule ------------------------------------------------- */

/* One side of an instance: its sum and the dotted path holding every cell
 * it read (the narrowest common prefix of the cells' paths). */
typedef struct side {
	nb_contract_sum sum;
	char field[160];
	bool any;
} side;

static void S_path_meet(side *s, const char *path)
{
	if (!s->any) {
		snprintf(s->field, sizeof s->field, "%s", path);
		s->any = true;
		return;
	}
	/* keep the longest common run of whole dotted keys */
	size_t keep = 0, i = 0;
	for (; s->field[i] && path[i] && s->field[i] == path[i]; i++)
		if (s->field[i] == '.')
			keep = i;
	if (!s->field[i] && (path[i] == '.' || !path[i]))
		keep = i;
	s->field[keep] = '\0';
}

/* What snprintf(out, cap, "%s.%s.%s", a, b, c) writes, without the
 * formatting engine: a rule's cells are visited thousands of times in a
 * report. */
static void S_path3(char *out, size_t cap, const char *a, const char *b,
                    const char *c)
{
	const char *const parts[] = {a, ".", b, ".", c};
	size_t n = 0;
	for (size_t k = 0; k < 5; k++)
		for (const char *p = parts[k]; *p && n + 1 < cap; p++)
			out[n++] = *p;
	out[n] = '\0';
}

static void S_add_cell(side *s, const json_t *report, const char *table,
                       const char *row, const char *column, int sign)
{
	const json_t *cell = json_object_get(
		json_object_get(json_object_get(report, table), row), column);
	nb_contract_sum_add(&s->sum, cell, sign);
	char path[160];
	S_path3(path, sizeof path, table, row, column);
	S_path_meet(s, path);
}

/* Call `visit` for every cell one term adds at instance `where`. */
static void S_term_cells(const nb_contract_term *term,
                         const nb_contract_table *table, const char *where,
                         void (*visit)(void *data, const char *row,
                                       const char *column, int sign),
                         void *data)
{
	const char *row_key = term->row ? term->row : where;
	const char *column_key = term->column ? term->column : where;
	if (strcmp(row_key, NB_CONTRACT_OUTCOMES) == 0) {
		for (size_t r = 0; r < table->n_rows; r++)
			if (table->rows[r].outcome)
				visit(data, table->rows[r].key, column_key, term->sign);
		return;
	}
	if (strcmp(column_key, NB_CONTRACT_PARTS) == 0) {
		const nb_contract_row *row = nb_contract_find_row(table, row_key);
		for (size_t c = 0; row && c < row->n_columns; c++)
			if (strcmp(row->columns[c].key, "total") != 0)
				visit(data, row_key, row->columns[c].key, term->sign);
		return;
	}
	visit(data, row_key, column_key, term->sign);
}

typedef struct term_sum {
	side *s;
	const json_t *report;
	const char *table;
} term_sum;

static void S_sum_visit(void *data, const char *row, const char *column,
                        int sign)
{
	term_sum *t = data;
	S_add_cell(t->s, t->report, t->table, row, column, sign);
}

static void S_add_term(side *s, const nb_contract_term *term,
                       const nb_contract_table *table, const char *where,
                       const json_t *report)
{
	term_sum t = {s, report, table->key};
	S_term_cells(term, table, where, S_sum_visit, &t);
}

typedef struct cells_visit {
	void (*visit)(void *data, const char *row, const char *column,
	              bool expected, bool old);
	void *data;
	bool expected, old;
} cells_visit;

static void S_cells_visit(void *data, const char *row, const char *column,
                          int sign)
{
	(void)sign;
	cells_visit *v = data;
	v->visit(v->data, row, column, v->expected, v->old);
}

void nb_contract_rule_cells(const nb_contract_rule *rule,
                            const nb_contract_table *table, const char *where,
                            void (*visit)(void *data, const char *row,
                                          const char *column, bool expected,
                                          bool old),
                            void *data)
{
	cells_visit v = {visit, data, true, false};
	for (size_t i = 0; i < rule->n_expected; i++) {
		v.old = rule->expected[i].old;
		S_term_cells(&rule->expected[i], table, where, S_cells_visit, &v);
	}
	v.expected = false;
	for (size_t i = 0; i < rule->n_actual; i++) {
		v.old = rule->actual[i].old;
		S_term_cells(&rule->actual[i], table, where, S_cells_visit, &v);
	}
}

static void S_side(side *s, const nb_contract_term *terms, size_t n,
                   const nb_contract_table *table, const char *where,
                   const json_t *report, const json_t *old_report)
{
	nb_contract_sum_init(&s->sum);
	s->any = false;
	s->field[0] = '\0';
	for (size_t i = 0; i < n; i++)
		S_add_term(s, &terms[i], table, where,
		           terms[i].old ? old_report : report);
}

static void S_instance(const nb_contract_rule *rule,
                       const nb_contract_table *table, const char *where,
                       const json_t *report, const json_t *old_report,
                       json_t *checks, json_t *diagnostics)
{
	side expected, actual;
	S_side(&expected, rule->expected, rule->n_expected, table, where, report,
	       old_report);
	S_side(&actual, rule->actual, rule->n_actual, table, where, report,
	       old_report);
	json_t *ok = nb_contract_verdict(&expected.sum, &actual.sum);
	json_t *entry = json_object();
	json_object_set_new(entry, "rule", json_string(rule->name));
	json_object_set_new(entry, "where", json_string(where));
	json_object_set(entry, "ok", ok);
	json_object_set_new(entry, "expected", nb_contract_sum_json(&expected.sum));
	json_object_set_new(entry, "actual", nb_contract_sum_json(&actual.sum));
	json_array_append_new(checks, entry);
	if (json_is_null(ok) && json_is_array(diagnostics)) {
		const side *blank = actual.sum.all_null ? &actual : &expected;
		char message[200];
		snprintf(message, sizeof message,
		         "%s %s: one side blank in every cell, the other not zero",
		         rule->name, where);
		json_t *diag = json_object();
		json_object_set_new(diag, "level", json_string("warning"));
		json_object_set_new(diag, "code", json_string("total_blank"));
		json_object_set_new(diag, "message", json_string(message));
		json_object_set_new(diag, "page", json_null());
		if (blank->any && blank->field[0])
			json_object_set_new(diag, "field", json_string(blank->field));
		json_array_append_new(diagnostics, diag);
	}
	json_decref(ok);
}

/* The table a rule reads under `tpl`; with no template, a table both
 * templates share. */
static const nb_contract_table *S_rule_table(const nb_contract_rule *rule,
                                             const nb_contract_template *tpl)
{
	if (tpl)
		return nb_contract_find_table(tpl, rule->table);
	const nb_contract_table *first = NULL;
	for (size_t t = 0; t < N_OF(S_templates); t++) {
		const nb_contract_table *table =
			nb_contract_find_table(&S_templates[t], rule->table);
		if (!table || (first && first->rows != table->rows))
			return NULL;
		first = table;
	}
	return first;
}

void nb_contract_rule_run(const nb_contract_rule *rule,
                          const nb_contract_template *tpl,
                          const json_t *report, const json_t *old_report,
                          json_t *checks, json_t *diagnostics)
{
	if (rule->template_name
	    && (!tpl || strcmp(rule->template_name, tpl->name) != 0))
		return;
	const nb_contract_table *table = S_rule_table(rule, tpl);
	if (!table || table->n_rows == 0)
		return;
	if (rule->across_years && !old_report)
		return;
	if (!rule->across_years) {
		const json_t *object = json_object_get(report, rule->table);
		if (!json_is_object(object) || json_object_size(object) == 0)
			return;
	}
	if (rule->over_rows) {
		for (size_t r = 0; r < table->n_rows; r++) {
			const char *key = table->rows[r].key;
			bool chosen = !rule->only;
			for (size_t i = 0; rule->only && rule->only[i] && !chosen; i++)
				chosen = strcmp(rule->only[i], key) == 0;
			if (chosen)
				S_instance(rule, table, key, report, old_report, checks,
				           diagnostics);
		}
		return;
	}
	const nb_contract_row *row = &table->rows[0];
	for (size_t c = 0; c < row->n_columns; c++)
		S_instance(rule, table, row->columns[c].key, report, old_report,
		           checks, diagnostics);
}
