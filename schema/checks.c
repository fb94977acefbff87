/*
 * checks.c — the contract's consistency rules (勾稽关系) over a report's
 * JSON tables.
 *
 * It reads the contract JSON, not the document, so that `nianbao check` can
 * run the same rules on JSON files made earlier or by hand.  The rules and
 * their verdict are the contract table's (contract.c): each rule within one
 * year gives an entry {rule, where, ok, expected, actual} per instance,
 * expected the sum side and actual the printed side; null cells count as
 * 0; ok is null (and a total_blank warning names the blank side in its
 * `field`) only where one side is blank in every cell while the other
 * side's sum is not zero: the report left a 总计 unfilled rather than
 * printing a wrong number.
 */
#include "schema_internal.h"

json_t *nb_checks_run(const json_t *report, json_t *diagnostics)
{
	json_t *checks = json_array();
	const nb_contract_template *tpl = nb_contract_template_named(
		json_string_value(json_object_get(report, "template")));
	size_t n_rules = 0;
	const nb_contract_rule *rules = nb_contract_rules(&n_rules);
	for (size_t i = 0; i < n_rules; i++)
		if (!rules[i].across_years)
			nb_contract_rule_run(&rules[i], tpl, report, NULL, checks,
			                     diagnostics);
	return checks;
}
