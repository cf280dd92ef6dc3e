/* Literal values as the server prints them back.
 *
 * A literal the server coerces to a type is stored as a constant of that type, and pg_get_expr
 * prints the type's output function applied to what its input function read: '1 day 2 hours'
 * comes back as '1 day 02:00:00', 1.5e10 (numeric) as 15000000000, '{"a b","c''d"}'::text[] as
 * {"a b",c'd}.  This file re-implements, offline, the input and output functions of the
 * built-in types whose output differs from their input in ways a model commonly writes:
 * integers, numeric, float4/float8 (shortest round-trip output), boolean, interval (postgres
 * IntervalStyle), timestamptz written with a UTC offset (compared as the instant) and arrays
 * of any of them (array_in/array_out quoting).  Every other type prints its value unchanged
 * here.  A value the server would reject, or a form not reproduced (ISO 8601 intervals, hex
 * floats, values beyond the types' ranges), gives NULL: the caller then compares the text as
 * written. */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ddl_int.h"

typedef const char *(*value_fn)(rt_arena *a, const char *in);

static bool
pg_isspace(char c)
{
	/* scanner_isspace / the set isspace() accepts in the C locale */
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static const char *
skip_space(const char *s)
{
	while (*s && pg_isspace(*s))
		s++;
	return s;
}

/* ---- integers: pg_strtoint16/32/64, then the decimal output ---- */

static const char *
int_value(rt_arena *a, const char *in, int64_t min, int64_t max)
{
	const char *p = skip_space(in);
	bool neg = false;
	uint64_t v = 0, limit;
	char buf[32];
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!isdigit((unsigned char)*p))
		return NULL;
	limit = neg ? (uint64_t)(-(min + 1)) + 1 : (uint64_t)max;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (limit - (uint64_t)(*p - '0')) / 10)
			return NULL;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (*skip_space(p))
		return NULL;
	if (neg && v)
		snprintf(buf, sizeof buf, "-%" PRIu64, v);
	else
		snprintf(buf, sizeof buf, "%" PRIu64, v);
	return rt_arena_strdup(a, buf);
}

static const char *
int2_value(rt_arena *a, const char *in)
{
	return int_value(a, in, INT16_MIN, INT16_MAX);
}

static const char *
int4_value(rt_arena *a, const char *in)
{
	return int_value(a, in, INT32_MIN, INT32_MAX);
}

static const char *
int8_value(rt_arena *a, const char *in)
{
	return int_value(a, in, INT64_MIN, INT64_MAX);
}

/* ---- numeric: numeric_in, then numeric_out ---- */

/* The special values numeric_in accepts (case-insensitive, surrounded by blanks). */
static const char *
special_value(const char *in, bool with_nan)
{
	static const char *const names[][2] = {
		{"nan", "NaN"}, {"infinity", "Infinity"}, {"+infinity", "Infinity"},
		{"-infinity", "-Infinity"}, {"inf", "Infinity"}, {"+inf", "Infinity"},
		{"-inf", "-Infinity"}, {NULL, NULL}};
	const char *p = skip_space(in);
	size_t n;
	int i;
	for (i = with_nan ? 0 : 1; names[i][0]; i++) {
		n = strlen(names[i][0]);
		if (strncasecmp(p, names[i][0], n) == 0 && !*skip_space(p + n))
			return names[i][1];
	}
	return NULL;
}

/* set_var_from_str keeps every digit written; the display scale is the digits after the point
 * minus the exponent (never below 0), so 1.5e10 prints as 15000000000 and 1.50 as 1.50. */
static const char *
numeric_value(rt_arena *a, const char *in)
{
	const char *p, *special;
	bool neg = false, seen_point = false;
	rt_buf digits = RT_BUF_INIT, out = RT_BUF_INIT;
	long exp10 = 0, point, ndig, i, first, dscale;
	const char *res = NULL;
	if ((special = special_value(in, true)))
		return special;
	p = skip_space(in);
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	point = -1;
	for (; isdigit((unsigned char)*p) || (*p == '.' && !seen_point); p++) {
		if (*p == '.') {
			seen_point = true;
			point = (long)digits.len;
		} else {
			rt_buf_putc(&digits, *p);
		}
	}
	ndig = (long)digits.len;
	if (!ndig)
		goto cleanup;
	if (point < 0)
		point = ndig;
	if (*p == 'e' || *p == 'E') {
		char *end;
		errno = 0;
		exp10 = strtol(p + 1, &end, 10);
		if (end == p + 1 || errno || exp10 > 2000 || exp10 < -2000)
			goto cleanup;
		p = end;
	}
	if (*skip_space(p) || rt_buf_failed(&digits))
		goto cleanup;
	dscale = ndig - point - exp10;
	if (dscale < 0)
		dscale = 0;
	point += exp10; /* digits before the point, may be <= 0 or > ndig */
	for (first = 0; first < ndig && digits.ptr[first] == '0'; first++)
		;
	if (neg && first < ndig)
		rt_buf_putc(&out, '-');
	/* integer part: digits [0, point), zeros past the written digits */
	if (point <= 0) {
		rt_buf_putc(&out, '0');
	} else {
		bool any = false;
		for (i = 0; i < point; i++) {
			char d = i < ndig ? digits.ptr[i] : '0';
			if (d == '0' && !any)
				continue;
			any = true;
			rt_buf_putc(&out, d);
		}
		if (!any)
			rt_buf_putc(&out, '0');
	}
	if (dscale > 0) {
		rt_buf_putc(&out, '.');
		for (i = point; i < point + dscale; i++)
			rt_buf_putc(&out, i >= 0 && i < ndig ? digits.ptr[i] : '0');
	}
	if (!rt_buf_failed(&out))
		res = rt_arena_strdup(a, rt_buf_cstr(&out));
cleanup:
	rt_buf_dispose(&digits);
	rt_buf_dispose(&out);
	return res;
}

/* ---- float4 / float8: strtod, then the shortest text that reads back the same ---- */

/* float8out/float4out (extra_float_digits 1) print Ryu's shortest representation: the fewest
 * significant digits strictly inside the value's rounding interval (a decimal exactly halfway
 * to a neighbour is not accepted), nearest the value, as %g would lay it out (fixed notation
 * for decimal exponents -4 .. 14, resp. -4 .. 5 for float4). */
static bool
inside_interval(const char *cand, double v, bool is_float4)
{
	if (is_float4) {
		float f = (float)v, lo = nextafterf(f, -INFINITY), hi = nextafterf(f, INFINITY);
		double d = strtod(cand, NULL);
		if (strtof(cand, NULL) != f)
			return false;
		return d != ((double)f + (double)lo) / 2 && d != ((double)f + (double)hi) / 2;
	} else {
		long double lo = ((long double)v + (long double)nextafter(v, -INFINITY)) / 2;
		long double hi = ((long double)v + (long double)nextafter(v, INFINITY)) / 2;
		long double d = strtold(cand, NULL);
		if (strtod(cand, NULL) != v)
			return false;
		return d != lo && d != hi;
	}
}

/* `digits` (no sign, no point, no trailing zeros beyond the first) times 10^(exp10 - ndigits + 1). */
static const char *
layout_float(rt_arena *a, bool neg, const char *digits, int exp10, bool is_float4)
{
	rt_buf b = RT_BUF_INIT;
	const char *res = NULL;
	int n = (int)strlen(digits), i;
	while (n > 1 && digits[n - 1] == '0')
		n--;
	if (neg)
		rt_buf_putc(&b, '-');
	if (exp10 >= -4 && exp10 < (is_float4 ? 6 : 15)) {
		if (exp10 < 0) {
			rt_buf_puts(&b, "0.");
			for (i = -1; i > exp10; i--)
				rt_buf_putc(&b, '0');
			rt_buf_printf(&b, "%.*s", n, digits);
		} else {
			for (i = 0; i <= exp10 || i < n; i++) {
				if (i == exp10 + 1)
					rt_buf_putc(&b, '.');
				rt_buf_putc(&b, i < n ? digits[i] : '0');
			}
		}
	} else {
		rt_buf_putc(&b, digits[0]);
		if (n > 1)
			rt_buf_printf(&b, ".%.*s", n - 1, digits + 1);
		rt_buf_printf(&b, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
	}
	if (!rt_buf_failed(&b))
		res = rt_arena_strdup(a, rt_buf_cstr(&b));
	rt_buf_dispose(&b);
	return res;
}

static const char *
float_value(rt_arena *a, const char *in, bool is_float4)
{
	const char *p = skip_space(in), *special;
	char *end, cand[64], digits[64];
	double v;
	int prec;
	if ((special = special_value(in, true)))
		return special;
	if (!*p)
		return NULL;
	errno = 0;
	if (is_float4) {
		float f = strtof(p, &end);
		v = f;
	} else {
		v = strtod(p, &end);
	}
	if (end == p || *skip_space(end) || !isfinite(v))
		return NULL;
	if (errno == ERANGE && (v == 0 || isinf(v)))
		return NULL; /* "is out of range for type" */
	/* hex floats and "infinity" spellings strtod accepts beyond PostgreSQL's: refuse */
	for (const char *q = p; q < end; q++)
		if (!(isdigit((unsigned char)*q) || *q == '.' || *q == 'e' || *q == 'E' || *q == '+' ||
		      *q == '-'))
			return NULL;
	if (v == 0)
		return signbit(v) ? "-0" : "0";
	for (prec = 1; prec <= 17; prec++) {
		long long d0;
		int exp10, k, j = 0;
		snprintf(cand, sizeof cand, "%.*e", prec - 1, fabs(v));
		exp10 = atoi(strchr(cand, 'e') + 1);
		for (char *q = cand; *q && *q != 'e'; q++)
			if (isdigit((unsigned char)*q))
				digits[j++] = *q;
		digits[j] = '\0';
		d0 = atoll(digits);
		/* the correctly rounded candidate first, then its neighbours at this length (the
		 * interval is lopsided next to a power of two) */
		for (k = 0; k < 3; k++) {
			long long d = d0 + (k == 1 ? 1 : k == 2 ? -1 : 0);
			char try_[80];
			snprintf(digits, sizeof digits, "%lld", d);
			if ((int)strlen(digits) != prec)
				continue;
			snprintf(try_, sizeof try_, "%.1s.%se%d", digits, digits + 1, exp10);
			if (inside_interval(try_, fabs(v), is_float4))
				return layout_float(a, v < 0, digits, exp10, is_float4);
		}
	}
	return NULL;
}

static const char *
float4_value(rt_arena *a, const char *in)
{
	return float_value(a, in, true);
}

static const char *
float8_value(rt_arena *a, const char *in)
{
	return float_value(a, in, false);
}

/* ---- boolean: parse_bool_with_len; printed as true / false ---- */

static const char *
bool_value(rt_arena *a, const char *in)
{
	const char *p = skip_space(in);
	size_t n = strlen(p);
	(void)a;
	while (n && pg_isspace(p[n - 1]))
		n--;
	if (!n)
		return NULL;
	switch (tolower((unsigned char)p[0])) {
	case 't':
		return strncasecmp(p, "true", n) == 0 && n <= 4 ? "true" : NULL;
	case 'f':
		return strncasecmp(p, "false", n) == 0 && n <= 5 ? "false" : NULL;
	case 'y':
		return strncasecmp(p, "yes", n) == 0 && n <= 3 ? "true" : NULL;
	case 'n':
		return strncasecmp(p, "no", n) == 0 && n <= 2 ? "false" : NULL;
	case 'o':
		if (n >= 2 && n <= 2 && strncasecmp(p, "on", n) == 0)
			return "true";
		if (n >= 2 && n <= 3 && strncasecmp(p, "off", n) == 0)
			return "false";
		return NULL;
	case '1':
		return n == 1 ? "true" : NULL;
	case '0':
		return n == 1 ? "false" : NULL;
	default:
		return NULL;
	}
}

/* ---- interval: ParseDateTime + DecodeInterval, then EncodeInterval (postgres style) ---- */

enum { F_NUMBER, F_DATE, F_TIME, F_STRING, F_SPECIAL, F_TZ };
enum { U_NONE, U_USEC, U_MSEC, U_SEC, U_MIN, U_HOUR, U_DAY, U_WEEK, U_MONTH, U_YEAR, U_DECADE,
       U_CENTURY, U_MILLENNIUM, U_AGO, U_IGNORE, U_OTHER };

#define USECS_PER_SEC INT64_C(1000000)
#define USECS_PER_MINUTE INT64_C(60000000)
#define USECS_PER_HOUR INT64_C(3600000000)
#define USECS_PER_DAY INT64_C(86400000000)

typedef struct itv {
	int64_t usec;
	int32_t days, months, years;
} itv;

/* deltatktbl: unit words an interval accepts, matched on their first 10 characters. */
static int
interval_unit(const char *w)
{
	static const struct { const char *word; int unit; } units[] = {
		{"@", U_IGNORE}, {"ago", U_AGO}, {"c", U_CENTURY}, {"cent", U_CENTURY},
		{"centuries", U_CENTURY}, {"century", U_CENTURY}, {"d", U_DAY}, {"day", U_DAY},
		{"days", U_DAY}, {"dec", U_DECADE}, {"decade", U_DECADE}, {"decades", U_DECADE},
		{"decs", U_DECADE}, {"h", U_HOUR}, {"hour", U_HOUR}, {"hours", U_HOUR}, {"hr", U_HOUR},
		{"hrs", U_HOUR}, {"m", U_MIN}, {"microsecon", U_USEC}, {"mil", U_MILLENNIUM},
		{"millennia", U_MILLENNIUM}, {"millennium", U_MILLENNIUM}, {"millisecon", U_MSEC},
		{"mils", U_MILLENNIUM}, {"min", U_MIN}, {"mins", U_MIN}, {"minute", U_MIN},
		{"minutes", U_MIN}, {"mon", U_MONTH}, {"mons", U_MONTH}, {"month", U_MONTH},
		{"months", U_MONTH}, {"ms", U_MSEC}, {"msec", U_MSEC}, {"msecond", U_MSEC},
		{"mseconds", U_MSEC}, {"msecs", U_MSEC}, {"qtr", U_OTHER}, {"quarter", U_OTHER},
		{"s", U_SEC}, {"sec", U_SEC}, {"second", U_SEC}, {"seconds", U_SEC}, {"secs", U_SEC},
		{"timezone", U_OTHER}, {"timezone_h", U_OTHER}, {"timezone_m", U_OTHER},
		{"us", U_USEC}, {"usec", U_USEC}, {"usecond", U_USEC}, {"useconds", U_USEC},
		{"usecs", U_USEC}, {"w", U_WEEK}, {"week", U_WEEK}, {"weeks", U_WEEK}, {"y", U_YEAR},
		{"year", U_YEAR}, {"years", U_YEAR}, {"yr", U_YEAR}, {"yrs", U_YEAR}, {NULL, 0}};
	int i;
	for (i = 0; units[i].word; i++)
		if (strncmp(w, units[i].word, 10) == 0)
			return units[i].unit;
	return U_NONE;
}

/* ParseDateTime: fields of the input, lower-cased, each with its kind. */
static int
split_fields(char *work, size_t worklen, const char *s, char **field, int *ftype, int max)
{
	int nf = 0;
	char *b = work, *end = work + worklen;
#define PUT(ch) do { if (b + 1 >= end) return -1; *b++ = (ch); } while (0)
	while (*s) {
		if (pg_isspace(*s)) {
			s++;
			continue;
		}
		if (nf >= max)
			return -1;
		field[nf] = b;
		if (isdigit((unsigned char)*s)) {
			while (isdigit((unsigned char)*s))
				PUT(*s++);
			if (*s == ':') {
				ftype[nf] = F_TIME;
				PUT(*s++);
				while (isdigit((unsigned char)*s) || *s == ':' || *s == '.')
					PUT(*s++);
			} else if (*s == '-' || *s == '/' || *s == '.') {
				char delim = *s;
				PUT(*s++);
				if (isdigit((unsigned char)*s)) {
					ftype[nf] = delim == '.' ? F_NUMBER : F_DATE;
					while (isdigit((unsigned char)*s))
						PUT(*s++);
					if (*s == delim) {
						ftype[nf] = F_DATE;
						PUT(*s++);
						while (isdigit((unsigned char)*s) || *s == delim)
							PUT(*s++);
					}
				} else {
					ftype[nf] = F_DATE;
					while (isalnum((unsigned char)*s) || *s == delim)
						PUT((char)tolower((unsigned char)*s++));
				}
			} else {
				ftype[nf] = F_NUMBER;
			}
		} else if (*s == '.') {
			PUT(*s++);
			while (isdigit((unsigned char)*s))
				PUT(*s++);
			ftype[nf] = F_NUMBER;
		} else if (isalpha((unsigned char)*s)) {
			ftype[nf] = F_STRING;
			while (isalpha((unsigned char)*s))
				PUT((char)tolower((unsigned char)*s++));
			/* a date or a time zone name would continue here; neither is an interval */
			if (*s == '-' || *s == '/' || *s == '.' || *s == '+' || isdigit((unsigned char)*s))
				return -1;
		} else if (*s == '+' || *s == '-') {
			PUT(*s++);
			while (pg_isspace(*s))
				s++;
			if (isdigit((unsigned char)*s)) {
				ftype[nf] = F_TZ;
				while (isdigit((unsigned char)*s) || *s == ':' || *s == '.' || *s == '-')
					PUT(*s++);
			} else if (isalpha((unsigned char)*s)) {
				ftype[nf] = F_SPECIAL;
				while (isalpha((unsigned char)*s))
					PUT((char)tolower((unsigned char)*s++));
			} else {
				return -1;
			}
		} else if (ispunct((unsigned char)*s)) {
			s++;
			continue;
		} else {
			return -1;
		}
		PUT('\0');
		nf++;
	}
#undef PUT
	return nf;
}

static bool
add64(int64_t *acc, int64_t v)
{
	return !__builtin_add_overflow(*acc, v, acc);
}

static bool
muladd64(int64_t *acc, int64_t v, int64_t scale)
{
	int64_t p;
	return !__builtin_mul_overflow(v, scale, &p) && add64(acc, p);
}

static bool
add32(int32_t *acc, int64_t v)
{
	int64_t r = (int64_t)*acc + v;
	if (r > INT32_MAX || r < INT32_MIN)
		return false;
	*acc = (int32_t)r;
	return true;
}

/* AdjustFractMicroseconds: |frac| < 1 times scale, rounded to a microsecond. */
static bool
fract_usec(itv *t, double frac, int64_t scale)
{
	int64_t usec;
	if (frac == 0)
		return true;
	frac *= (double)scale;
	usec = (int64_t)frac;
	frac -= (double)usec;
	usec += (int64_t)rint(frac);
	return add64(&t->usec, usec);
}

static bool
fract_days(itv *t, double frac, int scale)
{
	int extra;
	if (frac == 0)
		return true;
	frac *= scale;
	extra = (int)frac;
	if (!add32(&t->days, extra))
		return false;
	return fract_usec(t, frac - extra, USECS_PER_DAY);
}

/* ParseFraction / ParseFractionalSecond: ".ddd" (digits optional) as a double. */
static bool
parse_fraction(const char *s, double *out)
{
	char buf[80], *end;
	if (s[1] == '\0') {
		*out = 0;
		return true;
	}
	if (strlen(s) + 2 > sizeof buf)
		return false;
	snprintf(buf, sizeof buf, "0%s", s);
	errno = 0;
	*out = strtod(buf, &end);
	return *end == '\0' && !errno && !strpbrk(s + 1, "eE+-xXpP");
}

/* DecodeTimeForInterval: h:m[:s[.f]] or m:s.f, unsigned. */
static bool
decode_time(const char *s, int64_t *usec)
{
	char *cp;
	long long hour;
	long min, sec = 0;
	double frac = 0;
	int64_t fsec = 0;
	errno = 0;
	hour = strtoll(s, &cp, 10);
	if (errno || *cp != ':')
		return false;
	min = strtol(cp + 1, &cp, 10);
	if (errno)
		return false;
	if (*cp == '\0') {
		sec = 0;
	} else if (*cp == '.') {
		/* mm:ss.fff */
		if (!parse_fraction(cp, &frac))
			return false;
		sec = min;
		min = (long)hour;
		hour = 0;
	} else if (*cp == ':') {
		sec = strtol(cp + 1, &cp, 10);
		if (errno)
			return false;
		if (*cp == '.') {
			if (!parse_fraction(cp, &frac))
				return false;
		} else if (*cp != '\0') {
			return false;
		}
	} else {
		return false;
	}
	fsec = (int64_t)rint(frac * 1000000);
	if (hour < 0 || min < 0 || min > 59 || sec < 0 || sec > 60 || fsec < 0 || fsec > USECS_PER_SEC)
		return false;
	*usec = fsec;
	return muladd64(usec, hour, USECS_PER_HOUR) && muladd64(usec, min, USECS_PER_MINUTE) &&
	       muladd64(usec, sec, USECS_PER_SEC);
}

/* Field masks for duplicate detection, as DTK_M() in DecodeInterval. */
enum { M_YEAR = 1 << 0, M_MONTH = 1 << 1, M_DAY = 1 << 2, M_HOUR = 1 << 3, M_MIN = 1 << 4,
       M_SEC = 1 << 5, M_MSEC = 1 << 6, M_USEC = 1 << 7, M_WEEK = 1 << 8, M_DECADE = 1 << 9,
       M_CENTURY = 1 << 10, M_MILLENNIUM = 1 << 11 };
#define M_TIME (M_HOUR | M_MIN | M_SEC | M_MSEC | M_USEC)

static bool
decode_interval(char **field, const int *ftype, int nf, itv *t)
{
	int type = U_NONE, i, fmask = 0, tmask;
	bool unit_pending = false, ago = false;
	memset(t, 0, sizeof *t);
	/* right to left, so a unit is known before its number */
	for (i = nf - 1; i >= 0; i--) {
		char *f = field[i], *cp;
		tmask = 0;
		switch (ftype[i]) {
		case F_TIME:
			if (!decode_time(f, &t->usec))
				return false;
			tmask = M_TIME;
			type = U_DAY;
			unit_pending = false;
			break;
		case F_TZ:
			if (strchr(f + 1, ':')) {
				int64_t us;
				if (decode_time(f + 1, &us)) {
					t->usec = *f == '-' ? -us : us;
					tmask = M_TIME;
					type = U_DAY;
					unit_pending = false;
					break;
				}
			}
			/* a signed number or year-month */
			__attribute__((fallthrough));
		case F_DATE:
		case F_NUMBER: {
			long long val;
			double fval = 0;
			if (type == U_NONE)
				type = U_SEC;
			errno = 0;
			val = strtoll(f, &cp, 10);
			if (errno)
				return false;
			if (*cp == '-') {
				/* SQL "years-months" */
				long v2 = strtol(cp + 1, &cp, 10);
				if (errno || v2 < 0 || v2 >= 12 || *cp != '\0' || cp == f)
					return false;
				type = U_MONTH;
				if (*f == '-')
					v2 = -v2;
				if (__builtin_mul_overflow(val, 12LL, &val) || __builtin_add_overflow(val, v2, &val))
					return false;
			} else if (*cp == '.') {
				if (!parse_fraction(cp, &fval))
					return false;
				if (*f == '-')
					fval = -fval;
			} else if (*cp != '\0') {
				return false;
			}
			switch (type) {
			case U_USEC:
				if (!muladd64(&t->usec, val, 1) || !fract_usec(t, fval, 1))
					return false;
				tmask = M_USEC;
				break;
			case U_MSEC:
				if (!muladd64(&t->usec, val, 1000) || !fract_usec(t, fval, 1000))
					return false;
				tmask = M_MSEC;
				break;
			case U_SEC:
				if (!muladd64(&t->usec, val, USECS_PER_SEC) || !fract_usec(t, fval, USECS_PER_SEC))
					return false;
				tmask = fval == 0 ? M_SEC : M_SEC | M_MSEC | M_USEC;
				break;
			case U_MIN:
				if (!muladd64(&t->usec, val, USECS_PER_MINUTE) || !fract_usec(t, fval, USECS_PER_MINUTE))
					return false;
				tmask = M_MIN;
				break;
			case U_HOUR:
				if (!muladd64(&t->usec, val, USECS_PER_HOUR) || !fract_usec(t, fval, USECS_PER_HOUR))
					return false;
				tmask = M_HOUR;
				type = U_DAY;
				break;
			case U_DAY:
				if (!add32(&t->days, val) || !fract_usec(t, fval, USECS_PER_DAY))
					return false;
				tmask = M_DAY;
				break;
			case U_WEEK:
				if (val > INT32_MAX / 7 || val < INT32_MIN / 7 || !add32(&t->days, val * 7) ||
				    !fract_days(t, fval, 7))
					return false;
				tmask = M_WEEK;
				break;
			case U_MONTH:
				if (val > INT32_MAX || val < INT32_MIN || !add32(&t->months, val) || !fract_days(t, fval, 30))
					return false;
				tmask = M_MONTH;
				break;
			case U_YEAR:
			case U_DECADE:
			case U_CENTURY:
			case U_MILLENNIUM: {
				int scale = type == U_YEAR ? 1 : type == U_DECADE ? 10 : type == U_CENTURY ? 100 : 1000;
				if (val > INT32_MAX / scale || val < INT32_MIN / scale || !add32(&t->years, val * scale) ||
				    !add32(&t->months, (int64_t)rint(fval * scale * 12)))
					return false;
				tmask = type == U_YEAR ? M_YEAR : type == U_DECADE ? M_DECADE
					: type == U_CENTURY ? M_CENTURY : M_MILLENNIUM;
				break;
			}
			default:
				return false;
			}
			unit_pending = false;
			break;
		}
		case F_STRING:
		case F_SPECIAL: {
			int u;
			if (unit_pending)
				return false;
			u = interval_unit(f);
			if (u == U_IGNORE)
				continue;
			if (u == U_AGO) {
				if (i != nf - 1)
					return false;
				ago = true;
				type = U_NONE;
				break;
			}
			if (u == U_NONE || u == U_OTHER)
				return false;
			type = u;
			unit_pending = true;
			break;
		}
		default:
			return false;
		}
		if (tmask & fmask)
			return false;
		fmask |= tmask;
	}
	if (!fmask || unit_pending)
		return false;
	if (ago) {
		t->usec = -t->usec;
		t->days = -t->days;
		t->months = -t->months;
		t->years = -t->years;
	}
	return true;
}

static void
interval_part(rt_buf *b, int value, const char *unit, bool *is_zero, bool *is_before)
{
	if (value == 0)
		return;
	rt_buf_printf(b, "%s%s%d %s%s", *is_zero ? "" : " ", *is_before && value > 0 ? "+" : "", value,
		      unit, value != 1 ? "s" : "");
	*is_before = value < 0;
	*is_zero = false;
}

static const char *
interval_value(rt_arena *a, const char *in)
{
	char work[256], *field[25];
	int ftype[25], nf;
	itv t;
	int64_t months, time, hour, min, sec, usec;
	rt_buf b = RT_BUF_INIT;
	bool is_zero = true, is_before = false;
	const char *res = NULL;
	if (strlen(in) >= sizeof work / 2)
		return NULL;
	nf = split_fields(work, sizeof work, in, field, ftype, 25);
	if (nf < 0 || !decode_interval(field, ftype, nf, &t))
		return NULL; /* also ISO 8601 ("P1D"), which the server reads another way */
	months = (int64_t)t.years * 12 + t.months;
	if (months > INT32_MAX || months < INT32_MIN)
		return NULL;
	time = t.usec;
	hour = time / USECS_PER_HOUR;
	time -= hour * USECS_PER_HOUR;
	min = time / USECS_PER_MINUTE;
	time -= min * USECS_PER_MINUTE;
	sec = time / USECS_PER_SEC;
	usec = time - sec * USECS_PER_SEC;
	interval_part(&b, (int)(months / 12), "year", &is_zero, &is_before);
	interval_part(&b, (int)(months % 12), "mon", &is_zero, &is_before);
	interval_part(&b, t.days, "day", &is_zero, &is_before);
	if (is_zero || hour || min || sec || usec) {
		bool minus = hour < 0 || min < 0 || sec < 0 || usec < 0;
		rt_buf_printf(&b, "%s%s%02lld:%02d:%02d", is_zero ? "" : " ", minus ? "-" : is_before ? "+" : "",
			      (long long)llabs(hour), (int)llabs(min), (int)llabs(sec));
		if (usec) {
			char frac[8];
			int n = 6;
			snprintf(frac, sizeof frac, "%06d", (int)llabs(usec));
			while (n > 0 && frac[n - 1] == '0')
				n--;
			rt_buf_printf(&b, ".%.*s", n, frac);
		}
	}
	if (!rt_buf_failed(&b))
		res = rt_arena_strdup(a, rt_buf_cstr(&b));
	rt_buf_dispose(&b);
	return res;
}

/* ---- timestamptz: an instant ---- */

/* days_from_civil (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y += *m <= 2;
}

/* timestamptz_out prints the instant in the server's TimeZone, which a model does not know; a
 * literal written with an explicit UTC offset ('2006-11-10 00:00:00+01', ISO 8601 layout)
 * names the same instant whatever that zone is, so both sides compare as the instant, printed
 * in UTC.  Without an offset the instant depends on the server's zone: NULL. */
static const char *
timestamptz_value(rt_arena *a, const char *in)
{
	const char *p = skip_space(in);
	char buf[80], *e;
	long y, mo, d, h, mi, sec = 0, oh = 0, om = 0, os = 0;
	double frac = 0;
	int sign, n;
	int64_t usec, days;
	int64_t yy;
	int mm, dd;
	if (strcasecmp(p, "infinity") == 0 || strcasecmp(p, "-infinity") == 0)
		return strcasecmp(p, "infinity") == 0 ? "infinity" : "-infinity";
	if (sscanf(p, "%4ld-%2ld-%2ld%n", &y, &mo, &d, &n) != 3 || n != 10)
		return NULL;
	p += n;
	if (*p != ' ' && *p != 'T' && *p != 't')
		return NULL;
	p++;
	if (sscanf(p, "%2ld:%2ld%n", &h, &mi, &n) != 2 || n != 5)
		return NULL;
	p += n;
	if (*p == ':') {
		if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
			return NULL;
		sec = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
		if (*p == '.') {
			size_t k = strspn(p + 1, "0123456789");
			if (k + 2 >= sizeof buf)
				return NULL;
			snprintf(buf, sizeof buf, "0%.*s", (int)k + 1, p);
			frac = strtod(buf, NULL);
			p += k + 1;
		}
	}
	while (*p == ' ')
		p++;
	if (*p == 'Z' || *p == 'z') {
		sign = 1;
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		oh = strtol(p + 1, &e, 10);
		if (e == p + 1 || e - p - 1 > 2) {
			/* +hhmm */
			if (e - p - 1 != 4)
				return NULL;
			om = oh % 100;
			oh /= 100;
		} else if (*e == ':') {
			om = strtol(e + 1, &e, 10);
			if (*e == ':')
				os = strtol(e + 1, &e, 10);
		}
		p = e;
	} else {
		return NULL;
	}
	if (*skip_space(p) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 60 ||
	    oh > 15 || om > 59 || os > 59 || y < 1)
		return NULL;
	{
		static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		if (d > mdays[mo - 1] || (mo == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400))))
			return NULL;
	}
	days = days_from_civil(y, (int)mo, (int)d);
	usec = ((days * 24 + h) * 60 + mi) * 60 + sec;
	usec -= sign * (oh * 3600 + om * 60 + os);
	usec = usec * 1000000 + (int64_t)rint(frac * 1000000);
	{
		int64_t s_ = usec >= 0 ? usec / 1000000 : -((-usec + 999999) / 1000000);
		int64_t us = usec - s_ * 1000000, day = s_ >= 0 ? s_ / 86400 : -((-s_ + 86399) / 86400);
		int64_t tod = s_ - day * 86400;
		civil_from_days(day, &yy, &mm, &dd);
		if (us)
			snprintf(buf, sizeof buf, "%04lld-%02d-%02d %02d:%02d:%02d.%06lld+00", (long long)yy, mm, dd,
				 (int)(tod / 3600), (int)(tod / 60 % 60), (int)(tod % 60), (long long)us);
		else
			snprintf(buf, sizeof buf, "%04lld-%02d-%02d %02d:%02d:%02d+00", (long long)yy, mm, dd,
				 (int)(tod / 3600), (int)(tod / 60 % 60), (int)(tod % 60));
	}
	return rt_arena_strdup(a, buf);
}

/* ---- arrays: array_in, then array_out with each element through its type ---- */

typedef struct arr_parse {
	rt_arena *a;
	value_fn elem;
	const char *p;
	rt_buf out;
	int ndim, dims[6], seen_dim[6];
} arr_parse;

/* array_out quotes an element that is empty, spells NULL, or holds a quote, a backslash,
 * a brace, the delimiter or a blank. */
static void
put_element(rt_buf *b, const char *v)
{
	bool quote = !*v || strcasecmp(v, "NULL") == 0;
	const char *q;
	for (q = v; !quote && *q; q++)
		if (*q == '"' || *q == '\\' || *q == '{' || *q == '}' || *q == ',' || pg_isspace(*q))
			quote = true;
	if (!quote) {
		rt_buf_puts(b, v);
		return;
	}
	rt_buf_putc(b, '"');
	for (q = v; *q; q++) {
		if (*q == '"' || *q == '\\')
			rt_buf_putc(b, '\\');
		rt_buf_putc(b, *q);
	}
	rt_buf_putc(b, '"');
}

static bool parse_level(arr_parse *ap, int level);

/* One element after the opening brace or a comma: quoted, or unquoted up to , or }. */
static bool
parse_element(arr_parse *ap)
{
	rt_buf v = RT_BUF_INIT;
	bool quoted = false, ok = false, is_null;
	size_t keep = 0; /* length up to the last character that was escaped or not blank */
	const char *val;
	ap->p = skip_space(ap->p);
	if (*ap->p == '"') {
		quoted = true;
		for (ap->p++; *ap->p && *ap->p != '"'; ap->p++) {
			if (*ap->p == '\\' && ap->p[1])
				ap->p++;
			rt_buf_putc(&v, *ap->p);
		}
		if (*ap->p != '"')
			goto cleanup;
		ap->p = skip_space(ap->p + 1);
		if (*ap->p != ',' && *ap->p != '}')
			goto cleanup;
	} else {
		for (; *ap->p && *ap->p != ',' && *ap->p != '}'; ap->p++) {
			if (*ap->p == '{' || *ap->p == '"')
				goto cleanup;
			if (*ap->p == '\\') {
				if (!ap->p[1])
					goto cleanup;
				ap->p++;
				rt_buf_putc(&v, *ap->p);
				keep = v.len;
				continue;
			}
			rt_buf_putc(&v, *ap->p);
			if (!pg_isspace(*ap->p))
				keep = v.len;
		}
		if (!*ap->p)
			goto cleanup;
		v.len = keep;
	}
	rt_buf_putc(&v, '\0');
	if (rt_buf_failed(&v))
		goto cleanup;
	is_null = !quoted && strcasecmp(v.ptr, "NULL") == 0;
	if (!quoted && !v.ptr[0])
		goto cleanup; /* an empty unquoted element is an error */
	if (is_null) {
		rt_buf_puts(&ap->out, "NULL");
	} else {
		if (!(val = ap->elem ? ap->elem(ap->a, v.ptr) : v.ptr))
			goto cleanup;
		put_element(&ap->out, val);
	}
	ok = true;
cleanup:
	rt_buf_dispose(&v);
	return ok;
}

static bool
parse_level(arr_parse *ap, int level)
{
	int n = 0;
	bool sub = false;
	if (level >= 6)
		return false;
	ap->p = skip_space(ap->p);
	if (*ap->p != '{')
		return false;
	rt_buf_putc(&ap->out, '{');
	ap->p = skip_space(ap->p + 1);
	if (*ap->p == '}') {
		ap->p++;
		rt_buf_putc(&ap->out, '}');
		/* an empty sub-array is only valid as the whole value */
		return level == 0;
	}
	sub = *ap->p == '{';
	for (;;) {
		if (n)
			rt_buf_putc(&ap->out, ',');
		if (sub ? !parse_level(ap, level + 1) : !parse_element(ap))
			return false;
		n++;
		ap->p = skip_space(ap->p);
		if (*ap->p == ',') {
			ap->p = skip_space(ap->p + 1);
			if ((*ap->p == '{') != sub)
				return false;
			continue;
		}
		if (*ap->p == '}')
			break;
		return false;
	}
	ap->p++;
	rt_buf_putc(&ap->out, '}');
	/* rectangular: every sub-array at a level has the same length */
	if (ap->seen_dim[level] && ap->dims[level] != n)
		return false;
	ap->seen_dim[level] = 1;
	ap->dims[level] = n;
	if (!sub) {
		if (ap->ndim && ap->ndim != level + 1)
			return false;
		ap->ndim = level + 1;
	}
	return true;
}

static const char *
array_value(rt_arena *a, const char *in, value_fn elem)
{
	arr_parse ap = {0};
	const char *res = NULL, *p = skip_space(in);
	int lbounds[6], ubounds[6], ndecl = 0, i;
	bool nondefault = false;
	ap.a = a;
	ap.elem = elem;
	ap.out = (rt_buf)RT_BUF_INIT;
	/* [lo:hi]... = dimension decoration */
	while (*p == '[') {
		char *end;
		long lo = 1, hi;
		if (ndecl >= 6)
			return NULL;
		errno = 0;
		hi = strtol(p + 1, &end, 10);
		if (end == p + 1 || errno)
			return NULL;
		if (*end == ':') {
			lo = hi;
			p = end + 1;
			hi = strtol(p, &end, 10);
			if (end == p || errno)
				return NULL;
		}
		if (*end != ']' || hi < lo - 1 || lo < INT32_MIN || hi > INT32_MAX)
			return NULL;
		lbounds[ndecl] = (int)lo;
		ubounds[ndecl] = (int)hi;
		ndecl++;
		p = skip_space(end + 1);
	}
	if (ndecl) {
		if (*p != '=')
			return NULL;
		p++;
	}
	ap.p = p;
	if (!parse_level(&ap, 0) || *skip_space(ap.p))
		goto cleanup;
	if (ndecl) {
		if (ndecl != ap.ndim)
			goto cleanup;
		for (i = 0; i < ndecl; i++) {
			if (ubounds[i] - lbounds[i] + 1 != ap.dims[i])
				goto cleanup;
			if (lbounds[i] != 1)
				nondefault = true;
		}
	}
	if (rt_buf_failed(&ap.out))
		goto cleanup;
	if (nondefault) {
		rt_buf pre = RT_BUF_INIT;
		for (i = 0; i < ndecl; i++)
			rt_buf_printf(&pre, "[%d:%d]", lbounds[i], ubounds[i]);
		rt_buf_printf(&pre, "=%s", rt_buf_cstr(&ap.out));
		if (!rt_buf_failed(&pre))
			res = rt_arena_strdup(a, rt_buf_cstr(&pre));
		rt_buf_dispose(&pre);
	} else {
		res = rt_arena_strdup(a, rt_buf_cstr(&ap.out));
	}
cleanup:
	rt_buf_dispose(&ap.out);
	return res;
}

/* ---- dispatch ---- */

static value_fn
type_fn(const char *type, bool *known)
{
	static const struct { const char *name; value_fn fn; } types[] = {
		{"int2", int2_value}, {"int4", int4_value}, {"int8", int8_value},
		{"numeric", numeric_value}, {"float4", float4_value}, {"float8", float8_value},
		{"bool", bool_value}, {"interval", interval_value}, {"timestamptz", timestamptz_value},
		{NULL, NULL}};
	/* types whose output is their input, as far as a comparison is concerned */
	static const char *const same[] = {"text", "varchar", "bpchar", "name", "unknown", NULL};
	int i;
	*known = false;
	if (!type)
		return NULL;
	for (i = 0; types[i].name; i++)
		if (strcmp(type, types[i].name) == 0) {
			*known = true;
			return types[i].fn;
		}
	for (i = 0; same[i]; i++)
		if (strcmp(type, same[i]) == 0)
			*known = true;
	return NULL;
}

const char *
rt_norm__value(rt_arena *a, const char *type, bool is_array, const char *value)
{
	bool known;
	value_fn fn = type_fn(type, &known);
	if (!value)
		return NULL;
	if (is_array) {
		/* box arrays use ';' between elements; nothing here prints one */
		if (type && strcmp(type, "box") == 0)
			return NULL;
		return array_value(a, value, fn);
	}
	return fn ? fn(a, value) : known ? value : NULL;
}
