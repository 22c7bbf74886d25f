#!/bin/sh
# The simulator against real KVM: runs the conformance program's simulator
# build with each kernel profile and compares its transcript with the one
# real KVM gave (tests/conform/real-KERNEL.txt, recorded by
# tests/conform/run-real.sh); then, for each further host CPU of the
# harness (tests/real/hosts.sh), its sections with that host's profile
# against real-KERNEL-SUFFIX.txt.  Lines marked [vary] are compared up to
# " -> "; lines listed in tests/conform/known-gaps.txt are left out and
# counted.  TAP output: one line per kernel; a difference is shown as a
# diff (real KVM first).  A build without guest execution
# (KVMSIM_GUEST_EXEC=no: no Unicorn) leaves the KVM_RUN and debug sections
# out.
conform=${top_builddir:-.}/tests/conform/conform-sim
top=${top_srcdir:-.}
dir=$top/tests/conform
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT

# The normalisation, shared with make check-real: drops the values of
# [vary] lines and the known gaps (see tests/real/transcript.sh --help).
drop= note=
if [ "${KVMSIM_GUEST_EXEC:-yes}" = no ]; then
	drop="--drop-section run --drop-section debug"
	note="; sections run and debug left out: built without guest execution"
fi
normalise() {
	"$top/tests/real/transcript.sh" normalise --gaps "$dir/known-gaps.txt" $drop "$@"
}

. "$top/tests/real/hosts.sh"
set -- $real_hosts
echo "1..$(($# * 2))"
n=0 failed=0
for h in $real_hosts; do
	real_host "$h"
	for k in 6.1 6.12; do
		n=$((n + 1))
		what="$k${host_suffix:+ on $h}"
		if ! KVMSIM_HOST=${host_profile:+$top/$host_profile} "$conform" --kernel="$k" \
			${host_sections:+--sections=$host_sections} \
			>"$work/sim-$k.txt" 2>"$work/sim-$k.err"; then
			echo "not ok $n - $what: the conformance program failed"
			sed 's/^/# /' "$work/sim-$k.err"
			failed=$((failed + 1))
			continue
		fi
		if ! normalise --count "$work/gaps" "$k" "$dir/real-$k$host_suffix.txt" >"$work/real.n" ||
			! normalise "$k" "$work/sim-$k.txt" >"$work/sim.n"; then
			echo "not ok $n - $what: cannot normalise the transcripts"
			failed=$((failed + 1))
			continue
		fi
		lines=$(wc -l <"$work/real.n")
		if diff -u "$work/real.n" "$work/sim.n" >"$work/diff"; then
			echo "ok $n - $what: $lines lines identical to real KVM ($(cat "$work/gaps") known gaps left out$note)"
		else
			echo "not ok $n - $what: the simulator differs from real KVM"
			sed 's/^/# /' "$work/diff"
			failed=$((failed + 1))
		fi
	done
done
exit $((failed != 0))
