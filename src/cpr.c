/* cpr.c: CPR numbers.  Ten digits DDMMYY-SSSS, with or without the dash;
 * the first six must be a real date.  The century follows from the seventh
 * digit and the year.  The modulus-11 check is not required: it has not held
 * for all numbers since 2007 (DOMAIN.md §10). */
#include "hjemvej.h"

#include <string.h>

int cpr_parse(const char *in, char out[11])
{
	char d[11];
	size_t n = 0;
	const char *s = in;
	while (*s == ' ')
		s++;
	for (; *s && n < 11; s++) {
		if (*s >= '0' && *s <= '9')
			d[n++] = *s;
		else if (*s == '-' && n == 6 && s[-1] != '-')
			continue;
		else if (*s == ' ')
			break;
		else
			return -1;
	}
	while (*s == ' ')
		s++;
	if (n != 10 || *s)
		return -1;
	d[10] = 0;
	char birth[11];
	if (cpr_birth_date(d, birth))
		return -1;
	memcpy(out, d, 11);
	return 0;
}

int cpr_birth_date(const char *c, char out[11])
{
	int dd = (c[0] - '0') * 10 + (c[1] - '0');
	int mm = (c[2] - '0') * 10 + (c[3] - '0');
	int yy = (c[4] - '0') * 10 + (c[5] - '0');
	int d7 = c[6] - '0';
	int century;
	if (d7 <= 3)
		century = 1900;
	else if (d7 == 4 || d7 == 9)
		century = yy <= 36 ? 2000 : 1900;
	else
		century = yy <= 57 ? 2000 : 1800;
	if (!date_valid(century + yy, mm, dd))
		return -1;
	format_ymd(out, century + yy, mm, dd);
	return 0;
}

void cpr_mask(const char *c, char out[12])
{
	snprintf(out, 12, "%.6s-XXXX", c);
}

void cpr_format(const char *c, char out[12])
{
	snprintf(out, 12, "%.6s-%.4s", c, c + 6);
}
