/* Rule 8: a translation must keep the conversions (see bad8.po). */
void f(Req *r, int n, const char *name)
{
	hp(r, "<p>%h</p>", _("Hej verden"));
	hp(r, _("%d beskeder til %h"), n, name);
}
