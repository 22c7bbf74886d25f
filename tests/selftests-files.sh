#!/bin/sh
# selftests-files.sh - make check: the selftests' expectation files are
# sound (tests/selftests/judge.sh --check), and README's table of them is
# the one tests/selftests/table.sh makes from them.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
st=$top_srcdir/tests/selftests
echo "1..3"
n=0 failed=0
for k in 6.1 6.12; do
	n=$((n + 1))
	if out=$("$st/judge.sh" --check "$st/expected-$k.txt" 2>&1); then
		echo "ok $n - expected-$k.txt is sound"
	else
		echo "not ok $n - expected-$k.txt:"; echo "$out" | sed 's/^/# /'; failed=1
	fi
done
if out=$("$st/table.sh" --check "$top_srcdir/README" 2>&1); then
	echo "ok 3 - README's selftest table is the expectation files'"
else
	echo "not ok 3 - README's selftest table:"; echo "$out" | sed 's/^/# /'; failed=1
fi
exit $failed
