#!/bin/sh
# The simulator against real KVM: runs the conformance program's simulator
# build with each kernel profile and compares its transcript with the one
# real KVM gave (tests/conform/real-KERNEL.txt, recorded by
# tests/conform/run-real.sh).  Lines marked [vary] are compared up to
# " -> "; lines listed in tests/conform/known-gaps.txt are left out and
# counted.  TAP output: one line per kernel; a difference is shown as a
# diff (real KVM first).
conform=${top_builddir:-.}/tests/conform/conform-sim
dir=${top_srcdir:-.}/tests/conform
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT

# normalise KERNEL FILE: drop the values of [vary] lines and the known gaps.
normalise() {
	awk -v k="$1" -v gaps="$dir/known-gaps.txt" '
		BEGIN {
			FS = "\t"
			while ((getline line < gaps) > 0) {
				if (line ~ /^#/ || line == "") continue
				split(line, f, "\t")
				if (f[1] == "*" || f[1] == k) prefix[++n] = f[2]
			}
			FS = " "
		}
		{
			for (i = 1; i <= n; i++)
				if (index($0, prefix[i]) == 1) { gap++; next }
			if ($0 ~ / \[vary\]$/) sub(/ -> .*/, " -> [vary]")
			print
		}
		END { print gap + 0 > "/dev/stderr" }' "$2"
}

echo "1..2"
n=0 failed=0
for k in 6.1 6.12; do
	n=$((n + 1))
	if ! "$conform" --kernel="$k" >"$work/sim-$k.txt" 2>"$work/sim-$k.err"; then
		echo "not ok $n - $k: the conformance program failed"
		sed 's/^/# /' "$work/sim-$k.err"
		failed=$((failed + 1))
		continue
	fi
	normalise "$k" "$dir/real-$k.txt" >"$work/real.n" 2>"$work/gaps"
	normalise "$k" "$work/sim-$k.txt" >"$work/sim.n" 2>/dev/null
	lines=$(wc -l <"$work/real.n")
	if diff -u "$work/real.n" "$work/sim.n" >"$work/diff"; then
		echo "ok $n - $k: $lines lines identical to real KVM ($(cat "$work/gaps") known gaps left out)"
	else
		echo "not ok $n - $k: the simulator differs from real KVM"
		sed 's/^/# /' "$work/diff"
		failed=$((failed + 1))
	fi
done
exit $((failed != 0))
