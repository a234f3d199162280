/* Rule 3: one argument per conversion. */
void f(Req *r, const char *name)
{
	hp(r, "<p>%h %%</p>", name);
	bprintf(&r->out, "%h and %a",
		name);
}
