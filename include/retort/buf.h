/* retort growable strings: append freely, check once (the buffer remembers its first failure).
 * It does not quote or escape SQL; that belongs to sql.h. */
#ifndef RETORT_BUF_H
#define RETORT_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct rt_buf {
	char *ptr;     /* always NUL-terminated once anything was appended; NULL when empty */
	size_t len;
	size_t cap;
	bool failed;
} rt_buf;

#define RT_BUF_INIT {NULL, 0, 0, false}

void rt_buf_puts(rt_buf *b, const char *s);
void rt_buf_putn(rt_buf *b, const char *s, size_t n);
void rt_buf_putc(rt_buf *b, char c);
void rt_buf_printf(rt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rt_buf_vprintf(rt_buf *b, const char *fmt, va_list ap);
void rt_buf_clear(rt_buf *b);        /* keeps capacity */
void rt_buf_truncate(rt_buf *b, size_t len);
void rt_buf_dispose(rt_buf *b);
/* Takes ownership of the text (caller frees with free()); the buffer is left empty. */
char *rt_buf_detach(rt_buf *b);
static inline bool rt_buf_failed(const rt_buf *b) { return b->failed; }
static inline const char *rt_buf_cstr(const rt_buf *b) { return b->ptr ? b->ptr : ""; }

/* Reads a whole file; errors name the path. */
struct rt_error;
int rt_file_read(rt_buf *out, const char *path, struct rt_error *err);

#endif
