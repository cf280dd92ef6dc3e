#include "retort/buf.h"
#include "retort/arena.h"
#include "retort/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static bool
grow(rt_buf *b, size_t extra)
{
	size_t want, cap;
	char *p;
	if (b->failed)
		return false;
	want = b->len + extra + 1;
	if (want <= b->cap)
		return true;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap *= 2;
	p = rt_realloc(b->ptr, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->ptr = p;
	b->cap = cap;
	return true;
}

void
rt_buf_putn(rt_buf *b, const char *s, size_t n)
{
	if (!grow(b, n))
		return;
	memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void
rt_buf_puts(rt_buf *b, const char *s)
{
	rt_buf_putn(b, s, strlen(s));
}

void
rt_buf_putc(rt_buf *b, char c)
{
	rt_buf_putn(b, &c, 1);
}

void
rt_buf_vprintf(rt_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (!grow(b, (size_t)n))
		return;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
rt_buf_printf(rt_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rt_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
rt_buf_clear(rt_buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void
rt_buf_truncate(rt_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->ptr[len] = '\0';
	}
}

void
rt_buf_dispose(rt_buf *b)
{
	rt_free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}

char *
rt_buf_detach(rt_buf *b)
{
	char *p = b->ptr;
	if (!p)
		p = rt_strdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

int
rt_file_read(rt_buf *out, const char *path, rt_error *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	if (!f)
		return rt_error_set(err, RT_EIO, "cannot open %s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		rt_buf_putn(out, chunk, n);
	if (ferror(f)) {
		fclose(f);
		return rt_error_set(err, RT_EIO, "cannot read %s: %s", path, strerror(errno));
	}
	fclose(f);
	if (!out->ptr)
		rt_buf_puts(out, "");
	if (rt_buf_failed(out))
		return rt_error_nomem(err);
	return RT_OK;
}
