/* rule 9: SQL is a literal with as many ? as bind types and values */
void f(Db *db, Stmt *q, const char *sql, const char *name)
{
	db_exec(db, "INSERT INTO t(a, b) VALUES (?, ?)", "tI", name);
	db_query(db, q, "SELECT a FROM t WHERE b = ? AND c = 'x?'", "tt", name, name);
	db_int(db, 0, sql, "t", name);
	db_text(db, "SELECT a FROM t WHERE b = ?", "b", name, 4);
	db_exec(db, "UPDATE t SET a = ?", "t", name, name);
}
