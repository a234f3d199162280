/* ical.c: invitations to network meetings as iCalendar text (RFC 5545,
 * with METHOD:REQUEST from RFC 5546), written by hand: CRLF line endings,
 * content lines folded at 75 octets without splitting a UTF-8 character,
 * TEXT values escaped (backslash, semicolon, comma, newline), local times
 * with TZID=Europe/Copenhagen and the VTIMEZONE that defines it.  The
 * caller decides what goes in: never a CPR number or other sensitive data
 * (meeting.c gives "Netværksmøde" and the young person's first name). */
#include "hjemvej.h"

#include <string.h>

/* RFC 5545 §3.3.11: TEXT escapes backslash, semicolon, comma and newline;
 * other control characters (not allowed in TEXT) are dropped. */
void ical_text(Buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '\\': buf_puts(b, "\\\\"); break;
		case ';': buf_puts(b, "\\;"); break;
		case ',': buf_puts(b, "\\,"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': break;
		default:
			if (c < 0x20 || c == 0x7F)
				break;
			buf_putc(b, (char)c);
		}
	}
}

/* A parameter value (CN=...): quoted, without the characters a quoted
 * parameter value cannot hold (DQUOTE and controls). */
static void ical_param(Buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c != '"' && c >= 0x20 && c != 0x7F)
			buf_putc(b, (char)c);
	}
	buf_putc(b, '"');
}

/* RFC 5545 §3.1: a content line longer than 75 octets is folded: CRLF and
 * one space, the break never inside a multi-byte UTF-8 character.  Every
 * physical line, the leading space included, is at most 75 octets. */
void ical_fold(Buf *out, const char *line)
{
	size_t n = strlen(line), i = 0, room = 75;
	while (n - i > room) {
		size_t cut = i + room;
		while (cut > i && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--; /* back to the start of the character */
		buf_append(out, line + i, cut - i);
		buf_puts(out, "\r\n ");
		i = cut;
		room = 74;
	}
	buf_append(out, line + i, n - i);
	buf_puts(out, "\r\n");
}

/* name (with parameters) ":" TEXT value, escaped and folded */
static void line_text(Buf *out, const char *name, const char *value)
{
	Buf l = {0};
	buf_puts(&l, name);
	buf_putc(&l, ':');
	ical_text(&l, value);
	ical_fold(out, buf_str(&l));
	buf_free(&l);
}

/* a value that needs no escaping (numbers, times, identifiers) */
static void line_raw(Buf *out, const char *name, const char *value)
{
	Buf l = {0};
	buf_puts(&l, name);
	buf_putc(&l, ':');
	buf_puts(&l, value);
	ical_fold(out, buf_str(&l));
	buf_free(&l);
}

/* ORGANIZER/ATTENDEE: a cal-address (mailto:) with the name as CN */
static void line_address(Buf *out, const char *prop, const char *cn, const char *email)
{
	Buf l = {0};
	buf_puts(&l, prop);
	if (cn && *cn) {
		buf_puts(&l, ";CN=");
		ical_param(&l, cn);
	}
	if (strcmp(prop, "ATTENDEE") == 0)
		buf_puts(&l, ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE");
	buf_puts(&l, ":mailto:");
	for (const char *s = email; *s; s++)
		if ((unsigned char)*s > 0x20 && *s != '"' && *s != 0x7F)
			buf_putc(&l, *s);
	ical_fold(out, buf_str(&l));
	buf_free(&l);
}

/* "2026-03-01" "09:30" -> "20260301T093000" */
static void local_time(char out[16], const char *date, const char *hhmm)
{
	memcpy(out, date, 4);
	memcpy(out + 4, date + 5, 2);
	memcpy(out + 6, date + 8, 2);
	out[8] = 'T';
	memcpy(out + 9, hhmm, 2);
	memcpy(out + 11, hhmm + 3, 2);
	memcpy(out + 13, "00", 3);
}

/* An e-mail address in a free-text contact field ("tlf 12345678,
 * a.b@kommune.dk"): the first word with one '@' and a dot after it.
 * Returns 1 and copies it to out, else 0. */
int ical_find_email(const char *contact, char *out, size_t cap)
{
	const char *s = contact;
	while (s && *s) {
		while (*s && strchr(" \t\n,;<>()[]:", *s))
			s++;
		const char *w = s;
		while (*s && !strchr(" \t\n,;<>()[]:", *s))
			s++;
		size_t len = (size_t)(s - w);
		const char *at = memchr(w, '@', len);
		if (at && at > w && len < cap && memchr(at + 1, '@', (size_t)(s - at - 1)) == NULL) {
			const char *dot = memchr(at + 1, '.', (size_t)(s - at - 1));
			if (dot && dot > at + 1 && dot < s - 1) {
				memcpy(out, w, len);
				out[len] = 0;
				return 1;
			}
		}
	}
	if (cap)
		out[0] = 0;
	return 0;
}

void ical_invitation(Buf *out, const IcalEvent *e)
{
	char stamp[21], ds[16], de[16], seq[24];
	time_iso_utc(stamp, e->dtstamp);
	/* "2026-03-01T09:30:00Z" -> "20260301T093000Z" */
	char st[17];
	int k = 0;
	for (const char *p = stamp; *p; p++)
		if (*p != '-' && *p != ':')
			st[k++] = *p;
	st[k] = 0;
	local_time(ds, e->date, e->start);
	local_time(de, e->date, e->end);
	snprintf(seq, sizeof seq, "%d", e->sequence);

	line_raw(out, "BEGIN", "VCALENDAR");
	line_raw(out, "VERSION", "2.0");
	line_raw(out, "PRODID", "-//hjemvej//hjemvej " HJEMVEJ_VERSION "//DA");
	line_raw(out, "CALSCALE", "GREGORIAN");
	line_raw(out, "METHOD", "REQUEST");
	/* Europe/Copenhagen: CET/CEST with the EU rules (last Sunday of March
	 * and of October), as util.c computes it */
	line_raw(out, "BEGIN", "VTIMEZONE");
	line_raw(out, "TZID", "Europe/Copenhagen");
	line_raw(out, "BEGIN", "DAYLIGHT");
	line_raw(out, "TZOFFSETFROM", "+0100");
	line_raw(out, "TZOFFSETTO", "+0200");
	line_raw(out, "TZNAME", "CEST");
	line_raw(out, "DTSTART", "19700329T020000");
	line_raw(out, "RRULE", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
	line_raw(out, "END", "DAYLIGHT");
	line_raw(out, "BEGIN", "STANDARD");
	line_raw(out, "TZOFFSETFROM", "+0200");
	line_raw(out, "TZOFFSETTO", "+0100");
	line_raw(out, "TZNAME", "CET");
	line_raw(out, "DTSTART", "19701025T030000");
	line_raw(out, "RRULE", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
	line_raw(out, "END", "STANDARD");
	line_raw(out, "END", "VTIMEZONE");

	line_raw(out, "BEGIN", "VEVENT");
	line_raw(out, "UID", e->uid);
	line_raw(out, "SEQUENCE", seq);
	line_raw(out, "DTSTAMP", st);
	line_raw(out, "DTSTART;TZID=Europe/Copenhagen", ds);
	line_raw(out, "DTEND;TZID=Europe/Copenhagen", de);
	line_text(out, "SUMMARY", e->summary);
	if (e->location && *e->location)
		line_text(out, "LOCATION", e->location);
	if (e->description && *e->description)
		line_text(out, "DESCRIPTION", e->description);
	line_raw(out, "STATUS", "CONFIRMED");
	if (e->organizer_email && *e->organizer_email)
		line_address(out, "ORGANIZER", e->organizer_name, e->organizer_email);
	for (int i = 0; i < e->nattendees; i++)
		if (e->attendees[i].email && *e->attendees[i].email)
			line_address(out, "ATTENDEE", e->attendees[i].name, e->attendees[i].email);
	line_raw(out, "END", "VEVENT");
	line_raw(out, "END", "VCALENDAR");
}
