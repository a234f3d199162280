/* Rule 1: the format must be a string literal. */
void f(Req *r, const char *fmt, const char *name)
{
	hp(r, "<p>%h</p>", name);
	hp(r, fmt, name);
}
