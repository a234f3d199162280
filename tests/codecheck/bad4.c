/* Rule 4: raw %s only with a literal. */
void f(Req *r, const char *name, int here)
{
	hp(r, "%s", "<hr>");
	hp(r, "<li%s>%s</li>", here ? " class=\"x\"" : "",
	   user_input(r,   name));
}
