/* retort canonical forms: comparing expressions as normalized parse trees (locations dropped,
 * the server's own rewrites applied to both sides), canonical type names, PostgreSQL's naming
 * rules for implicit constraints and indexes.  It does not talk to a server. */
#ifndef RETORT_NORMALIZE_H
#define RETORT_NORMALIZE_H

#include <stdbool.h>

#include "retort/graph.h"

/* True when two expression texts (column defaults, CHECK bodies, generated columns, index key
 * expressions, index predicates, domain defaults/checks) denote the same expression once both
 * are parsed and normalized.  NULL equals only NULL.  A text that does not parse compares by
 * bytes. */
bool rt_norm_expr_equal(const char *a, const char *b);
/* The same for view bodies (SELECT statements). */
bool rt_norm_query_equal(const char *a, const char *b);
/* The same for constraint definitions as pg_get_constraintdef prints them ("EXCLUDE USING gist
 * (room WITH =, during WITH &&)", "CHECK (a > 0)", "FOREIGN KEY (a) REFERENCES t(id)"). */
bool rt_norm_constraint_equal(const char *a, const char *b);
/* The same for partition bounds as pg_get_expr(relpartbound) prints them ("FOR VALUES FROM (1)
 * TO (10)", "FOR VALUES IN ('a', 'b')", "DEFAULT"). */
bool rt_norm_partbound_equal(const char *a, const char *b);
/* A partition key as pg_get_partkeydef prints it under search_path '' ("RANGE (a)", "LIST
 * (lower(b) COLLATE pg_catalog.\"C\")") into its strategy ('r', 'l', 'h') and keys, allocated
 * in g.  RT_EPARSE when it does not parse. */
int rt_norm_partkey(rt_graph *g, const char *def, char *strat, rt_index_key **keys, int *nkeys, rt_error *err);
/* The normalized form of an expression, deparsed (caller frees with rt_free); NULL when it does
 * not parse.  Two expressions are rt_norm_expr_equal exactly when their canonical texts are
 * equal, so it suits display and hashing; it drops casts and must never be executed. */
char *rt_norm_expr_canonical(const char *expr);
/* Whether expression text `expr` calls a function named `name` (the name as a whole word,
 * optionally closing a quoted identifier, then '('): a text match, good for ordering only.
 * NULL or empty never calls. */
bool rt_norm_text_calls(const char *expr, const char *name);

#endif
