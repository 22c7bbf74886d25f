#!/bin/sh
# The kvmsim command: --help, --version, its subcommands and its errors.
# TAP output, one line per check.
kvmsim=${top_builddir:-.}/tools/kvmsim
. "${top_srcdir:-.}/tests/tap.sh"

out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

run() {	# run ARGS...: status in $rc, stdout in $out, stderr in $err
	"$kvmsim" "$@" >"$out" 2>"$err"
	rc=$?
}

echo "1..29"
run --help
check "--help exits 0 and lists the commands" test $rc -eq 0 -a -s "$out"
check "--help names the info command" grep -q '^  info ' "$out"
run --version
check "--version prints the name and version" grep -Eq '^kvmsim [0-9]+\.[0-9]+\.[0-9]+$' "$out"
run info
check "info exits 0" test $rc -eq 0
check "info names both modelled kernels" grep -q '^modelled kernels: 6.1 6.12$' "$out"
run kernels
check "kernels marks 6.12 as the default" grep -qx '6.12 (default)' "$out"
run info --help
check "info --help is usage on stdout" grep -q '^Usage: kvmsim info' "$out"
run frobnicate
check "an unknown command fails with a message on stderr" \
	test $rc -ne 0 -a ! -s "$out" -a -s "$err"
run info extra
check "an unexpected argument fails" test $rc -ne 0 -a -s "$err"
run
check "no command prints usage on stderr and fails" test $rc -ne 0 -a -s "$err"
run --frob
check "an unknown option fails with usage on stderr" test $rc -ne 0 -a ! -s "$out" -a -s "$err"

# Every subcommand: --help (usage on stdout), --version, an unknown option.
for cmd in info kernels regid reglist; do
	run $cmd --help
	check "$cmd --help is its usage on stdout" \
		eval 'test $rc -eq 0 -a ! -s "$err" && grep -q "^Usage: kvmsim $cmd" "$out"'
	run $cmd --version
	check "$cmd --version prints the version" \
		eval 'test $rc -eq 0 && grep -Eqx "kvmsim [0-9]+\.[0-9]+\.[0-9]+" "$out"'
	run $cmd --frob
	check "$cmd --frob fails with a message on stderr" \
		eval 'test $rc -eq 1 -a ! -s "$out" && grep -q "^kvmsim $cmd: invalid option .--frob." "$err"'
done
run trace --help
check "trace --help is its usage on stdout" grep -q '^Usage: kvmsim trace' "$out"
run trace --version
check "trace --version prints the version" grep -Eqx 'kvmsim [0-9]+\.[0-9]+\.[0-9]+' "$out"
run trace --frob
check "trace --frob fails with 125 (its program's statuses are the others)" \
	eval 'test $rc -eq 125 -a ! -s "$out" && grep -q "^kvmsim trace: invalid option" "$err"'
run help reglist
check "help COMMAND is that command's usage" grep -q '^Usage: kvmsim reglist' "$out"
tap_exit
