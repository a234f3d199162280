/* Rule 5: every _() string needs an English translation. */
void f(Req *r)
{
	hp(r, "<p>%h</p>", _("Hej verden"));
	hp(r, "<p>%h</p>", _("Ikke " "oversat"));
	hp(r, "<p>%h</p>", _("Ikke " "oversat"));
	hp(r, "<p>%h</p>", _("Citat: \"x\""));
}
