#!/bin/sh
# Tests for tools/codecheck.c.  Usage: sh tests/codecheck/run.sh PATH/TO/codecheck
# Runs the built checker on the fixtures in this directory; prints one
# "ok - NAME" / "not ok - NAME" line per case and a final "N passed, M failed".
set -u

[ $# -eq 1 ] || { echo "usage: $0 CODECHECK-BINARY" >&2; exit 2; }
case $1 in
/*) bin=$1 ;;
*) bin=$(pwd)/$1 ;;
esac
[ -x "$bin" ] || { echo "$0: $bin is not an executable" >&2; exit 2; }
cd "$(dirname "$0")" || exit 2

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0

result() { # NAME STATUS DETAIL
	if [ "$2" -eq 0 ]; then
		echo "ok - $1"
		passed=$((passed + 1))
	else
		echo "not ok - $1"
		printf '%s\n' "$3" | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
}

run() { # ARGS...: runs the checker; sets rc, leaves $tmp/out, $tmp/err, $tmp/errors
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	grep -v '^warning: ' "$tmp/err" >"$tmp/errors"
}

# expect_fail NAME CATALOG FILE.c EXPECTED-ERROR-LINES
expect_fail() {
	run "$2" "$3"
	printf '%s\n' "$4" >"$tmp/expected"
	if [ "$rc" -eq 1 ] && cmp -s "$tmp/expected" "$tmp/errors"; then
		result "$1" 0 ""
	else
		result "$1" 1 "exit $rc; expected:
$4
got:
$(cat "$tmp/errors")"
	fi
}

run fixture.po good.c
[ "$rc" -eq 0 ] && [ ! -s "$tmp/errors" ]
result "good.c passes every rule" $? "exit $rc; $(cat "$tmp/err")"

grep -q '^warning: fixture\.po:[0-9]*: .*"Ikke brugt nogen steder"$' "$tmp/err" &&
	[ "$(wc -l <"$tmp/err")" -eq 1 ]
result "rule 7: unused translation is a warning only" $? "$(cat "$tmp/err")"

expect_fail "rule 1: format is not a string literal" fixture.po bad1.c \
	'bad1.c:5: format is not a string literal'
expect_fail "rule 2: unknown conversion" fixture.po bad2.c \
	'bad2.c:4: unknown conversion %q'
expect_fail "rule 3: conversions and arguments differ" fixture.po bad3.c \
	'bad3.c:5: 2 conversions but 1 arguments'
expect_fail "rule 4: raw %s with a non-literal argument" fixture.po bad4.c \
	'bad4.c:6: raw %s with a non-literal argument: user_input(r, name)'
expect_fail "rule 5: missing English translation" fixture.po bad5.c \
	'bad5.c:5: missing English translation: "Ikke oversat"
bad5.c:6: missing English translation: "Ikke oversat"
bad5.c:7: missing English translation: "Citat: \"x\""'
expect_fail "rule 6: N_() needs a literal" fixture.po bad6.c \
	'bad6.c:5: N_() argument is not a string literal'
expect_fail "rule 8: translation changes conversions" bad8.po bad8.c \
	'bad8.po:9: translation changes conversions: "%d beskeder til %h"'

expect_fail "rule 9: SQL is a literal whose placeholders match the bind types" fixture.po bad9.c \
	'bad9.c:4: 2 bind types need 2 values but 1 are given
bad9.c:5: 1 placeholders but 2 bind types
bad9.c:6: SQL is not a string literal
bad9.c:8: 1 bind types need 1 values but 2 are given'

expected='msgid "Ikke oversat"
msgstr ""

msgid "Citat: \"x\""
msgstr ""
'
run --missing fixture.po bad5.c good.c
[ "$rc" -eq 0 ] && [ "$(cat "$tmp/out")
" = "$expected" ]
result "--missing prints PO entries for untranslated strings" $? "exit $rc; got:
$(cat "$tmp/out")"

run --extract bad5.c
[ "$rc" -eq 0 ] && [ "$(cat "$tmp/out")
" = 'msgid "Hej verden"
msgstr ""

'"$expected" ]
result "--extract without a catalog prints every literal string" $? "exit $rc; got:
$(cat "$tmp/out")"

run fixture.po no-such-file.c
[ "$rc" -eq 1 ] && grep -q '^no-such-file\.c:0: cannot open' "$tmp/err"
result "an unreadable source fails the run" $? "exit $rc; $(cat "$tmp/err")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
