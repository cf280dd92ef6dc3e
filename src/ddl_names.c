/* PostgreSQL's rules for the names it gives objects the user did not name: makeObjectName,
 * ChooseRelationName, ChooseConstraintName, ChooseIndexNameAddition (commands/indexcmds.c,
 * catalog/pg_constraint.c).  Copied exactly, or parse and introspect disagree on every unnamed
 * constraint, index and serial sequence. */
#include <string.h>

#include "ddl_int.h"

/* pg_mbcliplen for UTF-8 (the encoding pgtmp clusters and nearly every database use): the
 * longest prefix of at most `limit` bytes that ends on a character boundary. */
int
rt_ddl__mbcliplen(const char *s, int len, int limit)
{
	int n = 0;
	if (len <= limit)
		limit = len;
	while (n < limit && s[n]) {
		unsigned char ch = (unsigned char)s[n];
		int w = ch < 0x80 ? 1 : (ch & 0xe0) == 0xc0 ? 2 : (ch & 0xf0) == 0xe0 ? 3 : (ch & 0xf8) == 0xf0 ? 4 : 1;
		if (n + w > limit)
			break;
		n += w;
	}
	return n;
}

/* PostgreSQL names an unnamed object name1_name2_label, shortening the longer of name1 and
 * name2 (never the label) one byte at a time until it fits NAMEDATALEN-1 bytes, then clipping
 * each part to a character boundary. */
void
rt_ddl__make_object_name(char *out, const char *name1, const char *name2, const char *label)
{
	int overhead = 0, availchars, name1chars, name2chars = 0, ndx;
	name1chars = (int)strlen(name1);
	if (name2) {
		name2chars = (int)strlen(name2);
		overhead++;
	}
	if (label)
		overhead += (int)strlen(label) + 1;
	availchars = RT_NAMEDATALEN - 1 - overhead;
	while (name1chars + name2chars > availchars) {
		if (name1chars > name2chars)
			name1chars--;
		else
			name2chars--;
	}
	name1chars = rt_ddl__mbcliplen(name1, name1chars, name1chars);
	if (name2)
		name2chars = rt_ddl__mbcliplen(name2, name2chars, name2chars);
	memcpy(out, name1, (size_t)name1chars);
	ndx = name1chars;
	if (name2) {
		out[ndx++] = '_';
		memcpy(out + ndx, name2, (size_t)name2chars);
		ndx += name2chars;
	}
	if (label) {
		out[ndx++] = '_';
		/* label is short (pkey, key, seq, check1 ...): fits by construction */
		strcpy(out + ndx, label);
	} else {
		out[ndx] = '\0';
	}
}

/* ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: column names joined by
 * '_', each clipped to NAMEDATALEN, stopping as soon as NAMEDATALEN bytes are reached. */
void
rt_ddl__name_addition(rt_buf *out, const char *const *names, int n)
{
	char buf[RT_NAMEDATALEN * 2 + 2];
	size_t buflen = 0;
	int i;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		size_t l;
		if (buflen > 0)
			buf[buflen++] = '_';
		l = strlen(names[i]);
		if (l > RT_NAMEDATALEN - 1)
			l = RT_NAMEDATALEN - 1;
		memcpy(buf + buflen, names[i], l);
		buflen += l;
		buf[buflen] = '\0';
		if (buflen >= RT_NAMEDATALEN)
			break;
	}
	rt_buf_puts(out, buf);
}
