#include "retort/error.h"
#include "retort/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void
vset(char *dst, size_t n, const char *fmt, va_list ap)
{
	vsnprintf(dst, n, fmt, ap);
}

int
rt_error__set(rt_error *err, const char *file, int line, const char *func, int code,
	      const char *fmt, ...)
{
	va_list ap;
	if (!err)
		return code;
	rt_error_clear(err);
	err->code = code;
	err->src_file = file;
	err->src_line = line;
	err->src_func = func;
	va_start(ap, fmt);
	vset(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return code;
}

void
rt_error_clear(rt_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}

void
rt_error_detail(rt_error *err, const char *fmt, ...)
{
	va_list ap;
	if (!err)
		return;
	va_start(ap, fmt);
	vset(err->detail, sizeof err->detail, fmt, ap);
	va_end(ap);
}

void
rt_error_hint(rt_error *err, const char *fmt, ...)
{
	va_list ap;
	if (!err)
		return;
	va_start(ap, fmt);
	vset(err->hint, sizeof err->hint, fmt, ap);
	va_end(ap);
}

void
rt_error_prefix(rt_error *err, const char *fmt, ...)
{
	char pre[256], old[sizeof err->message];
	va_list ap;
	if (!err)
		return;
	va_start(ap, fmt);
	vset(pre, sizeof pre, fmt, ap);
	va_end(ap);
	memcpy(old, err->message, sizeof old);
	{
		size_t n = strlen(pre);
		if (n > sizeof err->message - 3)
			n = sizeof err->message - 3;
		memcpy(err->message, pre, n);
		memcpy(err->message + n, ": ", 2);
		size_t m = strlen(old);
		if (m > sizeof err->message - n - 3)
			m = sizeof err->message - n - 3;
		memcpy(err->message + n + 2, old, m);
		err->message[n + 2 + m] = '\0';
	}
}

void
rt_error_object(rt_error *err, const char *fmt, ...)
{
	va_list ap;
	if (!err)
		return;
	va_start(ap, fmt);
	vset(err->object, sizeof err->object, fmt, ap);
	va_end(ap);
}

void
rt_error_at_line(rt_error *err, const char *path, int line, int col)
{
	if (!err)
		return;
	snprintf(err->path, sizeof err->path, "%s", path ? path : "");
	err->line = line;
	err->col = col;
}

void
rt_error_at_offset(rt_error *err, const char *path, const char *text, int offset)
{
	int line = 1, col = 1;
	const char *p, *ls;
	size_t n;
	if (!err || !text)
		return;
	ls = text;
	for (p = text; *p && p - text < offset; p++) {
		if (*p == '\n') {
			line++;
			col = 1;
			ls = p + 1;
		} else {
			col++;
		}
	}
	rt_error_at_line(err, path, line, col);
	n = strcspn(ls, "\n");
	if (n >= sizeof err->context_line)
		n = sizeof err->context_line - 1;
	memcpy(err->context_line, ls, n);
	err->context_line[n] = '\0';
}

void
rt_error_format(rt_buf *out, const rt_error *err)
{
	if (err->path[0]) {
		rt_buf_puts(out, err->path);
		if (err->line > 0) {
			rt_buf_printf(out, ":%d", err->line);
			if (err->col > 0)
				rt_buf_printf(out, ":%d", err->col);
		}
		rt_buf_puts(out, ": ");
	} else if (err->object[0]) {
		rt_buf_printf(out, "%s: ", err->object);
	}
	rt_buf_puts(out, err->message[0] ? err->message : "unknown error");
	rt_buf_putc(out, '\n');
	if (err->context_line[0]) {
		int i;
		rt_buf_printf(out, "  %s\n  ", err->context_line);
		for (i = 1; i < err->col; i++)
			rt_buf_putc(out, err->context_line[i - 1] == '\t' ? '\t' : ' ');
		rt_buf_puts(out, "^\n");
	}
	if (err->detail[0])
		rt_buf_printf(out, "DETAIL: %s\n", err->detail);
	if (err->hint[0])
		rt_buf_printf(out, "HINT: %s\n", err->hint);
}

void
rt_trace(const char *fmt, ...)
{
	static int on = -1;
	static struct timespec t0;
	struct timespec t;
	char line[256];
	va_list ap;
	if (on < 0) {
		const char *e = getenv("RETORT_TRACE");
		on = e && *e && strcmp(e, "0");
		clock_gettime(CLOCK_MONOTONIC, &t0);
	}
	if (!on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t);
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "retort: trace: %7.1f ms %s\n",
		(double)(t.tv_sec - t0.tv_sec) * 1e3 + (double)(t.tv_nsec - t0.tv_nsec) / 1e6, line);
}
