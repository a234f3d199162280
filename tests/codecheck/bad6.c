/* Rule 6: N_() needs a literal (a non-literal _() is fine). */
void f(Req *r, const Row *row)
{
	hp(r, "<p>%h</p>", _(row->label));
	hp(r, "<p>%h</p>", N_(row->label));
}
