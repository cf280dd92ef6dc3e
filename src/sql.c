/* Identifier and literal quoting, byte for byte as PostgreSQL 15's quote_identifier()
 * (src/backend/utils/adt/ruleutils.c) and quote_literal() (quote.c) produce them, so that
 * what retort writes reads the same as what pg_dump or the server would write. */
#include "retort/sql.h"

#include <string.h>

/* Longer than any keyword (the longest in 15 has 17 bytes): longer words are not looked up. */
#define KW_MAXLEN 32

char
rt_sql_keyword_category(const char *word)
{
	char lower[KW_MAXLEN + 1];
	const rt_sql_keyword *kw;
	size_t n, i, lo, hi;

	if (!word)
		return 0;
	/* The scanner folds ASCII only (ScanKeywordLookup), never locale-dependent bytes. */
	for (i = 0; word[i]; i++) {
		char c = word[i];
		if (i >= KW_MAXLEN)
			return 0;
		lower[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	lower[i] = '\0';

	kw = rt_sql_keywords(&n);
	lo = 0;
	hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(lower, kw[mid].word);
		if (cmp == 0)
			return kw[mid].catcode;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

bool
rt_sql_needs_quote(const char *name)
{
	const char *p;
	char cat;

	if (!name || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
		return true;
	/* No '$' here although the grammar allows it after the first byte: quote_identifier()
	 * quotes it, and matching the server's text is the point. */
	for (p = name; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return true;
	}
	cat = rt_sql_keyword_category(name);
	return cat != 0 && cat != 'U';
}

void
rt_sql_ident(rt_buf *b, const char *name)
{
	const char *p, *run;

	if (!name) {
		b->failed = true;
		return;
	}
	if (!rt_sql_needs_quote(name)) {
		rt_buf_puts(b, name);
		return;
	}
	rt_buf_putc(b, '"');
	for (run = p = name; *p; p++) {
		if (*p == '"') {
			rt_buf_putn(b, run, (size_t)(p - run + 1));
			run = p;        /* the quote goes out again with the next run: doubled */
		}
	}
	rt_buf_putn(b, run, (size_t)(p - run));
	rt_buf_putc(b, '"');
}

void
rt_sql_qualified(rt_buf *b, const char *schema, const char *name)
{
	if (schema) {
		rt_sql_ident(b, schema);
		rt_buf_putc(b, '.');
	}
	rt_sql_ident(b, name);
}

void
rt_sql_literal(rt_buf *b, const char *s)
{
	const char *p, *run;

	if (!s) {
		rt_buf_puts(b, "NULL");
		return;
	}
	/* quote_literal() switches to E'' when there is a backslash, so the result means the
	 * same whatever standard_conforming_strings is set to. */
	if (strchr(s, '\\'))
		rt_buf_putc(b, 'E');
	rt_buf_putc(b, '\'');
	for (run = p = s; *p; p++) {
		if (*p == '\'' || *p == '\\') {
			rt_buf_putn(b, run, (size_t)(p - run + 1));
			run = p;
		}
	}
	rt_buf_putn(b, run, (size_t)(p - run));
	rt_buf_putc(b, '\'');
}
