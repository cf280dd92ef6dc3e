/* Statement text for graph objects.  Names are quoted here and only here; expression and type
 * text is canonical server text and goes out as it is. */
#include "retort/sql.h"
#include "retort/normalize.h"

#include <inttypes.h>
#include <string.h>

static void
qual(rt_buf *b, const rt_object *o)
{
	rt_sql_qualified(b, o->schema, o->name);
}

static void
name_list(rt_buf *b, const char *const *names, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			rt_buf_puts(b, ", ");
		rt_sql_ident(b, names[i] ? names[i] : "?");
	}
}

static void
options(rt_buf *b, const char *const *opts, int n)
{
	if (n <= 0)
		return;
	rt_buf_puts(b, " WITH (");
	for (int i = 0; i < n; i++) {
		if (i)
			rt_buf_puts(b, ", ");
		rt_buf_puts(b, opts[i]);
	}
	rt_buf_putc(b, ')');
}

void
rt_sql_seqopts(rt_buf *b, const rt_seqopts *o, bool with_type)
{
	if (with_type && o->data_type)
		rt_buf_printf(b, " AS %s", o->data_type);
	rt_buf_printf(b, " START WITH %" PRId64 " INCREMENT BY %" PRId64 " MINVALUE %" PRId64
		      " MAXVALUE %" PRId64 " CACHE %" PRId64 "%s", o->start, o->increment, o->min,
		      o->max, o->cache, o->cycle ? " CYCLE" : " NO CYCLE");
}

void
rt_sql_column_def(rt_buf *b, const rt_object *table, const rt_column *col)
{
	rt_sql_ident(b, col->name);
	rt_buf_printf(b, " %s", col->type);
	if (col->collation)
		rt_buf_printf(b, " COLLATE %s", col->collation);
	if (col->generated == 's' && col->default_expr)
		rt_buf_printf(b, " GENERATED ALWAYS AS (%s) STORED", col->default_expr);
	else if (col->default_expr)
		rt_buf_printf(b, " DEFAULT %s", col->default_expr);
	if (col->identity) {
		rt_buf_printf(b, " GENERATED %s AS IDENTITY (", col->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
		if (col->identity_seq) {
			rt_buf_puts(b, "SEQUENCE NAME ");
			rt_sql_qualified(b, table->schema, col->identity_seq);
		}
		rt_sql_seqopts(b, col->identity_opts, false);
		rt_buf_putc(b, ')');
	}
	if (col->not_null)
		rt_buf_puts(b, " NOT NULL");
}

void
rt_sql_attribute_def(rt_buf *b, const rt_column *attr)
{
	rt_sql_ident(b, attr->name);
	rt_buf_printf(b, " %s", attr->type);
	if (attr->collation)
		rt_buf_printf(b, " COLLATE %s", attr->collation);
}

static const char *
fk_action(char a)
{
	switch (a) {
	case 'r': return "RESTRICT";
	case 'c': return "CASCADE";
	case 'n': return "SET NULL";
	case 'd': return "SET DEFAULT";
	default: return "NO ACTION";
	}
}

void
rt_sql_constraint_def(rt_buf *b, const rt_constraint *k)
{
	switch (k->type) {
	case RT_CON_PRIMARY:
	case RT_CON_UNIQUE:
		rt_buf_puts(b, k->type == RT_CON_PRIMARY ? "PRIMARY KEY " : "UNIQUE ");
		if (k->nulls_not_distinct)
			rt_buf_puts(b, "NULLS NOT DISTINCT ");
		rt_buf_putc(b, '(');
		name_list(b, k->columns, k->ncolumns);
		rt_buf_putc(b, ')');
		if (k->ninclude) {
			rt_buf_puts(b, " INCLUDE (");
			name_list(b, k->include, k->ninclude);
			rt_buf_putc(b, ')');
		}
		options(b, k->reloptions, k->nreloptions);
		break;
	case RT_CON_FOREIGN:
		rt_buf_puts(b, "FOREIGN KEY (");
		name_list(b, k->columns, k->ncolumns);
		rt_buf_puts(b, ") REFERENCES ");
		rt_sql_qualified(b, k->ref_schema, k->ref_table);
		rt_buf_putc(b, '(');
		name_list(b, k->ref_columns, k->nref_columns);
		rt_buf_putc(b, ')');
		if (k->match == 'f')
			rt_buf_puts(b, " MATCH FULL");
		else if (k->match == 'p')
			rt_buf_puts(b, " MATCH PARTIAL");
		if (k->on_update && k->on_update != 'a')
			rt_buf_printf(b, " ON UPDATE %s", fk_action(k->on_update));
		if (k->on_delete && k->on_delete != 'a')
			rt_buf_printf(b, " ON DELETE %s", fk_action(k->on_delete));
		if (k->ndelete_set_columns) {
			rt_buf_puts(b, " (");
			name_list(b, k->delete_set_columns, k->ndelete_set_columns);
			rt_buf_putc(b, ')');
		}
		break;
	case RT_CON_CHECK:
		rt_buf_printf(b, "CHECK (%s)", k->expr ? k->expr : "true");
		if (k->no_inherit)
			rt_buf_puts(b, " NO INHERIT");
		break;
	case RT_CON_EXCLUDE:
		rt_buf_puts(b, k->definition ? k->definition : "EXCLUDE ()");
		break;
	}
	/* an EXCLUDE definition is pg_get_constraintdef's text: it says DEFERRABLE itself */
	if (k->deferrable && k->type != RT_CON_EXCLUDE)
		rt_buf_puts(b, k->deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE");
	if (k->not_valid)
		rt_buf_puts(b, " NOT VALID");
}


/* An index or partition key: column or (expression), COLLATE, operator class. */
static void
key_spec(rt_buf *b, const rt_index_key *k)
{
	if (k->column)
		rt_sql_ident(b, k->column);
	else
		rt_buf_printf(b, "(%s)", k->expr ? k->expr : "NULL");
	if (k->collation)
		rt_buf_printf(b, " COLLATE %s", k->collation);
	if (k->opclass)
		rt_buf_printf(b, " %s", k->opclass);
}

void
rt_sql_index_def(rt_buf *b, const rt_index *x, bool concurrently)
{
	rt_buf_printf(b, "CREATE %sINDEX %s", x->unique ? "UNIQUE " : "",
		      concurrently ? "CONCURRENTLY " : "");
	rt_sql_ident(b, x->obj.name);
	rt_buf_puts(b, " ON ");
	rt_sql_qualified(b, x->obj.schema, x->obj.table);
	if (x->method && strcmp(x->method, "btree"))
		rt_buf_printf(b, " USING %s", x->method);
	rt_buf_puts(b, " (");
	for (int i = 0; i < x->nkeys; i++) {
		const rt_index_key *k = &x->keys[i];
		if (i)
			rt_buf_puts(b, ", ");
		key_spec(b, k);
		if (k->desc)
			rt_buf_puts(b, " DESC");
		if (k->desc && !k->nulls_first)
			rt_buf_puts(b, " NULLS LAST");
		else if (!k->desc && k->nulls_first)
			rt_buf_puts(b, " NULLS FIRST");
	}
	rt_buf_putc(b, ')');
	if (x->ninclude) {
		rt_buf_puts(b, " INCLUDE (");
		name_list(b, x->include, x->ninclude);
		rt_buf_putc(b, ')');
	}
	if (x->nulls_not_distinct)
		rt_buf_puts(b, " NULLS NOT DISTINCT");
	options(b, x->reloptions, x->nreloptions);
	if (x->predicate)
		rt_buf_printf(b, " WHERE %s", x->predicate);
}

/* CREATE STATISTICS as pg_get_statisticsobjdef prints it: kinds only when not PostgreSQL's
 * default for the keys, columns then expressions, then the target when set. */
static void
create_statistics(rt_buf *b, const rt_statistics *x)
{
	static const char *names[] = {"ndistinct", "dependencies", "mcv"};
	const char *kinds = x->kinds ? x->kinds : "";
	const char *dflt = x->ncolumns + x->nexprs >= 2 ? "dfm" : "";
	rt_buf_puts(b, "CREATE STATISTICS ");
	qual(b, &x->obj);
	if (strcmp(kinds, dflt)) {
		bool first = true;
		rt_buf_puts(b, " (");
		for (int i = 0; i < 3; i++) {
			if (!strchr(kinds, "dfm"[i]))
				continue;
			rt_buf_printf(b, "%s%s", first ? "" : ", ", names[i]);
			first = false;
		}
		rt_buf_putc(b, ')');
	}
	rt_buf_puts(b, " ON ");
	name_list(b, x->columns, x->ncolumns);
	for (int i = 0; i < x->nexprs; i++)
		rt_buf_printf(b, "%s(%s)", x->ncolumns || i ? ", " : "", x->exprs[i]);
	rt_buf_puts(b, " FROM ");
	rt_sql_qualified(b, x->rel_schema, x->rel_table);
	rt_buf_puts(b, ";\n");
	if (x->stattarget >= 0)
		rt_sql_stattarget(b, x);
}

void
rt_sql_stattarget(rt_buf *b, const rt_statistics *x)
{
	rt_buf_puts(b, "ALTER STATISTICS ");
	qual(b, &x->obj);
	rt_buf_printf(b, " SET STATISTICS %d;\n", x->stattarget);
}

static void
create_table(rt_buf *b, const rt_table *t)
{
	int n = 0;
	rt_buf_printf(b, "CREATE %sTABLE ", t->unlogged ? "UNLOGGED " : "");
	qual(b, &t->obj);
	if (t->partbound && t->nparents) {
		/* a partition: its columns come from its partitioned table */
		rt_buf_puts(b, " PARTITION OF ");
		rt_sql_qualified(b, t->parents[0].schema, t->parents[0].name);
		rt_buf_printf(b, " %s", t->partbound);
		goto tail;
	}
	rt_buf_puts(b, " (");
	/* an inherited column that is not the table's own comes with its parent: listing it
	 * would make it local */
	for (int i = 0; i < t->ncolumns; i++) {
		if (t->columns[i].not_local)
			continue;
		rt_buf_puts(b, n++ ? ",\n    " : "\n    ");
		rt_sql_column_def(b, &t->obj, &t->columns[i]);
	}
	rt_buf_puts(b, n ? "\n)" : ")");
	if (t->nparents) {
		rt_buf_puts(b, " INHERITS (");
		for (int i = 0; i < t->nparents; i++) {
			if (i)
				rt_buf_puts(b, ", ");
			rt_sql_qualified(b, t->parents[i].schema, t->parents[i].name);
		}
		rt_buf_putc(b, ')');
	}
tail:
	if (t->partstrat) {
		rt_buf_printf(b, " PARTITION BY %s (", t->partstrat == 'l' ? "LIST" : t->partstrat == 'h' ? "HASH" : "RANGE");
		for (int i = 0; i < t->npartkeys; i++) {
			const rt_index_key *k = &t->partkeys[i];
			if (i)
				rt_buf_puts(b, ", ");
			key_spec(b, k);
		}
		rt_buf_putc(b, ')');
	}
	options(b, t->reloptions, t->nreloptions);
	rt_buf_puts(b, ";\n");
	/* CREATE TABLE takes neither flag: they are ALTER TABLE statements of their own */
	if (t->row_security)
		rt_sql_row_security(b, t, false, true);
	if (t->force_row_security)
		rt_sql_row_security(b, t, true, true);
}

void
rt_sql_trigger_state(rt_buf *b, const rt_trigger *t)
{
	rt_buf_puts(b, "ALTER TABLE ");
	rt_sql_qualified(b, t->obj.schema, t->obj.table);
	rt_buf_puts(b, t->enabled == 'D' ? " DISABLE TRIGGER " : t->enabled == 'A' ? " ENABLE ALWAYS TRIGGER "
		       : t->enabled == 'R' ? " ENABLE REPLICA TRIGGER " : " ENABLE TRIGGER ");
	rt_sql_ident(b, t->obj.name);
	rt_buf_puts(b, ";\n");
}

void
rt_sql_replica_identity(rt_buf *b, const rt_table *t)
{
	rt_buf_puts(b, "ALTER TABLE ");
	qual(b, &t->obj);
	switch (t->replident) {
	case 'n':
		rt_buf_puts(b, " REPLICA IDENTITY NOTHING;\n");
		break;
	case 'f':
		rt_buf_puts(b, " REPLICA IDENTITY FULL;\n");
		break;
	case 'i':
		if (t->replident_index) {
			rt_buf_puts(b, " REPLICA IDENTITY USING INDEX ");
			rt_sql_ident(b, t->replident_index);
			rt_buf_puts(b, ";\n");
		} else {
			/* its index is gone: the server then behaves as with NOTHING */
			rt_buf_puts(b, " REPLICA IDENTITY NOTHING;\n");
		}
		break;
	default:
		rt_buf_puts(b, " REPLICA IDENTITY DEFAULT;\n");
		break;
	}
}

void
rt_sql_row_security(rt_buf *b, const rt_table *t, bool force, bool on)
{
	rt_buf_puts(b, "ALTER TABLE ");
	qual(b, &t->obj);
	if (force)
		rt_buf_puts(b, on ? " FORCE" : " NO FORCE");
	else
		rt_buf_puts(b, on ? " ENABLE" : " DISABLE");
	rt_buf_puts(b, " ROW LEVEL SECURITY;\n");
}

void
rt_sql_policy_roles(rt_buf *b, const rt_policy *p)
{
	rt_buf_puts(b, " TO ");
	for (int i = 0; i < p->nroles; i++) {
		if (i)
			rt_buf_puts(b, ", ");
		/* "public" is the PUBLIC pseudo-role (polroles 0): a role of that name cannot exist */
		if (!strcmp(p->roles[i], "public"))
			rt_buf_puts(b, "PUBLIC");
		else
			rt_sql_ident(b, p->roles[i]);
	}
	if (!p->nroles)
		rt_buf_puts(b, "PUBLIC");
}

static bool
policy_to_public(const rt_policy *p)
{
	return !p->nroles || (p->nroles == 1 && !strcmp(p->roles[0], "public"));
}

/* As pg_dump writes it: FOR ALL, permissive and TO PUBLIC are the defaults and left out. */
static void
create_policy(rt_buf *b, const rt_policy *p)
{
	static const struct { char cmd; const char *word; } cmds[] = {
		{'r', "SELECT"}, {'a', "INSERT"}, {'w', "UPDATE"}, {'d', "DELETE"},
	};
	rt_buf_puts(b, "CREATE POLICY ");
	rt_sql_ident(b, p->obj.name);
	rt_buf_puts(b, " ON ");
	rt_sql_qualified(b, p->obj.schema, p->obj.table);
	if (!p->permissive)
		rt_buf_puts(b, " AS RESTRICTIVE");
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (p->cmd == cmds[i].cmd)
			rt_buf_printf(b, " FOR %s", cmds[i].word);
	if (!policy_to_public(p))
		rt_sql_policy_roles(b, p);
	if (p->using_expr)
		rt_buf_printf(b, " USING (%s)", p->using_expr);
	if (p->check_expr)
		rt_buf_printf(b, " WITH CHECK (%s)", p->check_expr);
	rt_buf_puts(b, ";\n");
}

static void
create_view(rt_buf *b, const rt_view *v)
{
	bool mat = v->obj.kind == RT_KIND_MATVIEW;
	rt_buf_puts(b, mat ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ");
	qual(b, &v->obj);
	options(b, v->reloptions, v->nreloptions);
	rt_buf_printf(b, " AS\n%s", v->definition ? v->definition : "SELECT");
	if (mat)
		rt_buf_puts(b, v->with_no_data ? "\nWITH NO DATA" : "\nWITH DATA");
	else if (v->check_option)
		rt_buf_printf(b, "\nWITH %s CHECK OPTION",
			      !strcmp(v->check_option, "local") ? "LOCAL" : "CASCADED");
	rt_buf_puts(b, ";\n");
}

void
rt_sql_domain_check(rt_buf *b, const rt_domain *d, const rt_check *k)
{
	rt_buf_puts(b, "ALTER DOMAIN ");
	qual(b, &d->obj);
	rt_buf_puts(b, " ADD CONSTRAINT ");
	rt_sql_ident(b, k->name);
	rt_buf_printf(b, " CHECK (%s)%s;\n", k->expr, k->not_valid ? " NOT VALID" : "");
}

/* As pg_dump writes it: provider, determinism when off, then the locale (LC_COLLATE and
 * LC_CTYPE apart only when they differ). */
static void
create_collation(rt_buf *b, const rt_collation *k)
{
	rt_buf_puts(b, "CREATE COLLATION ");
	qual(b, &k->obj);
	rt_buf_printf(b, " (provider = %s", k->provider == 'i' ? "icu" : "libc");
	if (!k->deterministic)
		rt_buf_puts(b, ", deterministic = false");
	if (k->provider == 'i') {
		rt_buf_puts(b, ", locale = ");
		rt_sql_literal(b, k->icu_locale ? k->icu_locale : "");
	} else if (k->lc_collate && k->lc_ctype && !strcmp(k->lc_collate, k->lc_ctype)) {
		rt_buf_puts(b, ", locale = ");
		rt_sql_literal(b, k->lc_collate);
	} else {
		rt_buf_puts(b, ", lc_collate = ");
		rt_sql_literal(b, k->lc_collate ? k->lc_collate : "");
		rt_buf_puts(b, ", lc_ctype = ");
		rt_sql_literal(b, k->lc_ctype ? k->lc_ctype : "");
	}
	rt_buf_puts(b, ");\n");
}

void
rt_sql_create(rt_buf *b, const rt_object *o)
{
	switch (o->kind) {
	case RT_KIND_COLLATION:
		create_collation(b, (const rt_collation *)o);
		break;
	case RT_KIND_SCHEMA:
		rt_buf_puts(b, "CREATE SCHEMA ");
		rt_sql_ident(b, o->name);
		rt_buf_puts(b, ";\n");
		break;
	case RT_KIND_EXTENSION: {
		const rt_extension *x = (const rt_extension *)o;
		rt_buf_puts(b, "CREATE EXTENSION IF NOT EXISTS ");
		rt_sql_ident(b, o->name);
		if (x->ext_schema) {
			rt_buf_puts(b, " WITH SCHEMA ");
			rt_sql_ident(b, x->ext_schema);
		}
		rt_buf_puts(b, ";\n");
		break;
	}
	case RT_KIND_ENUM: {
		const rt_enum *e = (const rt_enum *)o;
		rt_buf_puts(b, "CREATE TYPE ");
		qual(b, o);
		rt_buf_puts(b, " AS ENUM (");
		for (int i = 0; i < e->nlabels; i++) {
			if (i)
				rt_buf_puts(b, ", ");
			rt_sql_literal(b, e->labels[i]);
		}
		rt_buf_puts(b, ");\n");
		break;
	}
	case RT_KIND_DOMAIN: {
		const rt_domain *d = (const rt_domain *)o;
		rt_buf_puts(b, "CREATE DOMAIN ");
		qual(b, o);
		rt_buf_printf(b, " AS %s", d->base_type);
		if (d->collation)
			rt_buf_printf(b, " COLLATE %s", d->collation);
		if (d->default_expr)
			rt_buf_printf(b, " DEFAULT %s", d->default_expr);
		if (d->not_null)
			rt_buf_puts(b, " NOT NULL");
		for (int i = 0; i < d->nchecks; i++) {
			if (d->checks[i].not_valid)
				continue;
			rt_buf_puts(b, "\n    CONSTRAINT ");
			rt_sql_ident(b, d->checks[i].name);
			rt_buf_printf(b, " CHECK (%s)", d->checks[i].expr);
		}
		rt_buf_puts(b, ";\n");
		/* CREATE DOMAIN takes no NOT VALID: such checks are added afterwards */
		for (int i = 0; i < d->nchecks; i++)
			if (d->checks[i].not_valid)
				rt_sql_domain_check(b, d, &d->checks[i]);
		break;
	}
	case RT_KIND_COMPOSITE: {
		const rt_composite *t = (const rt_composite *)o;
		rt_buf_puts(b, "CREATE TYPE ");
		qual(b, o);
		rt_buf_puts(b, " AS (");
		for (int i = 0; i < t->nattrs; i++) {
			rt_buf_puts(b, i ? ",\n    " : "\n    ");
			rt_sql_attribute_def(b, &t->attrs[i]);
		}
		rt_buf_puts(b, t->nattrs ? "\n);\n" : ");\n");
		break;
	}
	case RT_KIND_RANGE: {
		/* pg_dump's form: the multirange type named even when it is the default name */
		const rt_range *r = (const rt_range *)o;
		rt_buf_puts(b, "CREATE TYPE ");
		qual(b, o);
		rt_buf_printf(b, " AS RANGE (\n    subtype = %s", r->subtype);
		if (r->multirange) {
			rt_buf_puts(b, ",\n    multirange_type_name = ");
			rt_sql_qualified(b, r->multirange_schema, r->multirange);
		}
		if (r->opclass)
			rt_buf_printf(b, ",\n    subtype_opclass = %s", r->opclass);
		if (r->collation)
			rt_buf_printf(b, ",\n    collation = %s", r->collation);
		if (r->subtype_diff)
			rt_buf_printf(b, ",\n    subtype_diff = %s", r->subtype_diff);
		rt_buf_puts(b, "\n);\n");
		break;
	}
	case RT_KIND_SEQUENCE:
		rt_buf_puts(b, ((const rt_sequence *)o)->unlogged ? "CREATE UNLOGGED SEQUENCE " : "CREATE SEQUENCE ");
		qual(b, o);
		rt_sql_seqopts(b, &((const rt_sequence *)o)->opts, true);
		rt_buf_puts(b, ";\n");
		break;
	case RT_KIND_FUNCTION:
		/* pg_get_functiondef's text, a CREATE OR REPLACE statement with a dollar-quoted
		 * body: the statement is not split at the semicolons inside it */
		rt_buf_puts(b, ((const rt_function *)o)->definition);
		rt_buf_puts(b, ";\n");
		break;
	case RT_KIND_TRIGGER:
		rt_buf_puts(b, ((const rt_trigger *)o)->definition);
		rt_buf_puts(b, ";\n");
		if (((const rt_trigger *)o)->enabled)
			rt_sql_trigger_state(b, (const rt_trigger *)o);
		break;
	case RT_KIND_TABLE:
		create_table(b, (const rt_table *)o);
		break;
	case RT_KIND_VIEW:
	case RT_KIND_MATVIEW:
		create_view(b, (const rt_view *)o);
		break;
	case RT_KIND_INDEX:
		if (((const rt_index *)o)->constraint)
			break; /* created by its constraint */
		if (((const rt_index *)o)->parent_index)
			break; /* the server clones it onto the partition with its partitioned index */
		rt_sql_index_def(b, (const rt_index *)o, false);
		rt_buf_puts(b, ";\n");
		break;
	case RT_KIND_CONSTRAINT:
		if (((const rt_constraint *)o)->not_local)
			break; /* comes with the parent's */
		rt_buf_puts(b, "ALTER TABLE ");
		rt_sql_qualified(b, o->schema, o->table);
		rt_buf_puts(b, " ADD CONSTRAINT ");
		rt_sql_ident(b, o->name);
		rt_buf_putc(b, ' ');
		rt_sql_constraint_def(b, (const rt_constraint *)o);
		rt_buf_puts(b, ";\n");
		break;
	case RT_KIND_STATISTICS:
		create_statistics(b, (const rt_statistics *)o);
		break;
	case RT_KIND_POLICY:
		create_policy(b, (const rt_policy *)o);
		break;
	default:
		break;
	}
}

void
rt_sql_inherited_fixups(rt_buf *b, const rt_graph *g, const rt_table *t)
{
	for (int k = 0; k < t->ncolumns; k++) {
		const rt_column *tc = &t->columns[k];
		const char *dflt = tc->not_local ? NULL : tc->default_expr;
		bool not_null = !tc->not_local && tc->not_null;
		if (!tc->inhcount || tc->generated || tc->identity)
			continue;
		for (int i = 0; i < t->nparents; i++) {
			const rt_column *pc = rt_table_column(rt_graph_find_table(g, t->parents[i].schema, t->parents[i].name),
							  tc->name);
			if (!pc)
				continue;
			if (!dflt && !pc->identity)
				dflt = pc->default_expr;
			not_null |= pc->not_null || pc->identity;
		}
		if (!(dflt == tc->default_expr || (dflt && tc->default_expr && (!strcmp(dflt, tc->default_expr) ||
										 rt_norm_expr_equal(dflt, tc->default_expr))))) {
			rt_buf_puts(b, "ALTER TABLE ONLY ");
			qual(b, &t->obj);
			rt_buf_puts(b, " ALTER COLUMN ");
			rt_sql_ident(b, tc->name);
			if (tc->default_expr)
				rt_buf_printf(b, " SET DEFAULT %s;\n", tc->default_expr);
			else
				rt_buf_puts(b, " DROP DEFAULT;\n");
		}
		if (not_null != tc->not_null) {
			rt_buf_puts(b, "ALTER TABLE ONLY ");
			qual(b, &t->obj);
			rt_buf_puts(b, " ALTER COLUMN ");
			rt_sql_ident(b, tc->name);
			rt_buf_puts(b, tc->not_null ? " SET NOT NULL;\n" : " DROP NOT NULL;\n");
		}
	}
}

void
rt_sql_object_ref(rt_buf *b, const rt_object *o)
{
	static const char *words[RT_KIND__COUNT] = {
		"SCHEMA", "EXTENSION", "TYPE", "DOMAIN", "TYPE", "TYPE", "SEQUENCE", "FUNCTION", "TABLE", "VIEW",
		"MATERIALIZED VIEW", "INDEX", "CONSTRAINT", "TRIGGER", "STATISTICS", "POLICY", "COLLATION",
	};
	if (o->kind == RT_KIND_FUNCTION) {
		const rt_function *f = (const rt_function *)o;
		rt_buf_puts(b, f->is_procedure ? "PROCEDURE " : "FUNCTION ");
		rt_sql_qualified(b, o->schema, f->proname);
		rt_buf_printf(b, "(%s)", f->identity_args ? f->identity_args : "");
		return;
	}
	rt_buf_printf(b, "%s ", words[o->kind]);
	if (o->kind == RT_KIND_CONSTRAINT || o->kind == RT_KIND_TRIGGER || o->kind == RT_KIND_POLICY) {
		rt_sql_ident(b, o->name);
		rt_buf_puts(b, " ON ");
		rt_sql_qualified(b, o->schema, o->table);
	} else {
		qual(b, o);
	}
}

void
rt_sql_comment_is(rt_buf *b, const char *text)
{
	rt_buf_puts(b, " IS ");
	if (text)
		rt_sql_literal(b, text);
	else
		rt_buf_puts(b, "NULL");
	rt_buf_puts(b, ";\n");
}

void
rt_sql_comments(rt_buf *b, const rt_object *o)
{
	const rt_column *cols = NULL;
	int ncols = 0;
	if (o->comment) {
		rt_buf_puts(b, "COMMENT ON ");
		rt_sql_object_ref(b, o);
		rt_sql_comment_is(b, o->comment);
	}
	if (o->kind == RT_KIND_DOMAIN) {
		const rt_domain *d = (const rt_domain *)o;
		for (int i = 0; i < d->nchecks; i++) {
			if (!d->checks[i].comment)
				continue;
			rt_buf_puts(b, "COMMENT ON CONSTRAINT ");
			rt_sql_ident(b, d->checks[i].name);
			rt_buf_puts(b, " ON DOMAIN ");
			qual(b, o);
			rt_sql_comment_is(b, d->checks[i].comment);
		}
	}
	rt_object_columns(o, &cols, &ncols);
	for (int i = 0; i < ncols; i++) {
		if (cols[i].identity_comment && cols[i].identity_seq) {
			rt_buf_puts(b, "COMMENT ON SEQUENCE ");
			rt_sql_qualified(b, o->schema, cols[i].identity_seq);
			rt_sql_comment_is(b, cols[i].identity_comment);
		}
		if (cols[i].stattarget && o->kind == RT_KIND_TABLE) {
			rt_buf_puts(b, "ALTER TABLE ");
			qual(b, o);
			rt_buf_puts(b, " ALTER COLUMN ");
			rt_sql_ident(b, cols[i].name);
			rt_buf_printf(b, " SET STATISTICS %s;\n", cols[i].stattarget);
		}
		if (!cols[i].comment)
			continue;
		rt_buf_puts(b, "COMMENT ON COLUMN ");
		qual(b, o);
		rt_buf_putc(b, '.');
		rt_sql_ident(b, cols[i].name);
		rt_sql_comment_is(b, cols[i].comment);
	}
}

void
rt_sql_owned_by(rt_buf *b, const rt_sequence *s)
{
	if (!s->owned_table || !s->owned_column)
		return;
	rt_buf_puts(b, "ALTER SEQUENCE ");
	qual(b, &s->obj);
	rt_buf_puts(b, " OWNED BY ");
	rt_sql_qualified(b, s->owned_schema, s->owned_table);
	rt_buf_putc(b, '.');
	rt_sql_ident(b, s->owned_column);
	rt_buf_puts(b, ";\n");
}

void
rt_sql_drop(rt_buf *b, const rt_object *o)
{
	if (o->kind == RT_KIND_CONSTRAINT) {
		rt_buf_puts(b, "ALTER TABLE ");
		rt_sql_qualified(b, o->schema, o->table);
		rt_buf_puts(b, " DROP CONSTRAINT ");
		rt_sql_ident(b, o->name);
		rt_buf_puts(b, ";\n");
		return;
	}
	rt_buf_puts(b, "DROP ");
	rt_sql_object_ref(b, o);
	rt_buf_puts(b, ";\n");
}

void
rt_sql_cluster_on(rt_buf *b, const rt_index *x)
{
	if (!x->clustered)
		return;
	/* ALTER TABLE, as pg_dump writes it, takes materialized views too */
	rt_buf_puts(b, "ALTER TABLE ");
	rt_sql_qualified(b, x->obj.schema, x->obj.table);
	rt_buf_puts(b, " CLUSTER ON ");
	rt_sql_ident(b, x->obj.name);
	rt_buf_puts(b, ";\n");
}

int
rt_sql_render_schema(rt_buf *out, rt_graph *g, rt_error *err)
{
	rt_object **order;
	int n, rc, i;
	if ((rc = rt_graph_create_order(&order, &n, g, err)))
		return rc;
	/* functions come before the tables whose defaults call them: a SQL function's body must
	 * not be checked against tables that do not exist yet (pg_dump does the same) */
	for (i = 0; i < n; i++)
		if (order[i]->kind == RT_KIND_FUNCTION) {
			rt_buf_puts(out, "SET check_function_bodies = off;\n");
			break;
		}
	for (i = 0; i < n; i++) {
		if (!RT_IS_PUBLIC_SCHEMA(order[i])) /* every database has it */
			rt_sql_create(out, order[i]);
		if (order[i]->kind == RT_KIND_TABLE && ((const rt_table *)order[i])->nparents)
			rt_sql_inherited_fixups(out, g, (const rt_table *)order[i]);
	}
	for (i = 0; i < n; i++)
		if (order[i]->kind == RT_KIND_SEQUENCE)
			rt_sql_owned_by(out, (const rt_sequence *)order[i]);
	/* after every constraint: the cluster index may be a PRIMARY KEY's, so may the replica
	 * identity's */
	for (i = 0; i < n; i++)
		if (order[i]->kind == RT_KIND_INDEX)
			rt_sql_cluster_on(out, (const rt_index *)order[i]);
	for (i = 0; i < n; i++)
		if (order[i]->kind == RT_KIND_TABLE && ((const rt_table *)order[i])->replident)
			rt_sql_replica_identity(out, (const rt_table *)order[i]);
	for (i = 0; i < n; i++)
		rt_sql_comments(out, order[i]);
	if (rt_buf_failed(out))
		return rt_error_nomem(err);
	return RT_OK;
}
