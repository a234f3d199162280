/* Rule 2: only the project's conversions. */
void f(Req *r, const char *name)
{
	hp(r, "<p>%h</p>"
	      "<p>%q</p>", name, name);
}
