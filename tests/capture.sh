#!/bin/sh
# kvmsim capture: the host profile real KVM gave on the harness, for each
# kernel (tests/capture/real-K.host, and real-K-SUFFIX.host for the
# harness's further host CPUs, recorded by make update-real; check-real
# captures them live), must be what the simulator's built-in profile reads back through
# the same command, and loaded with KVMSIM_HOST it must give real KVM's
# conformance transcripts.  Then capture's errors.  TAP output.
kvmsim=${top_builddir:-.}/tools/kvmsim
conform=${top_builddir:-.}/tests/conform/conform-sim
src=${top_srcdir:-.}
. "$src/tests/tap.sh"
. "$src/tests/real/hosts.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# same FILE FILE: identical but for '# ' comment lines, else the diff in the log
same() {
	grep -v '^# ' "$1" >"$tmp/a"
	grep -v '^# ' "$2" >"$tmp/b"
	diff -u "$tmp/a" "$tmp/b" | sed 's/^/# /'
	cmp -s "$tmp/a" "$tmp/b"
}

# A profile of both kernels, from the two recordings.
{ cat "$src/tests/capture/real-6.1.host"; echo
  sed -n '/^kernel /,$p' "$src/tests/capture/real-6.12.host"; } >"$tmp/real.host"

normalise() {
	"$src/tests/real/transcript.sh" normalise --gaps "$src/tests/conform/known-gaps.txt" \
		$drop "$@"
}
drop=
[ "${KVMSIM_GUEST_EXEC:-yes}" != no ] || drop="--drop-section run --drop-section debug"

set -- $real_hosts
shift	# the default host, checked first
echo "1..$((6 + 2 * $#))"
for k in 6.1 6.12; do
	"$kvmsim" capture --backend=sim --kernel="$k" --name=qemu-max >"$tmp/sim-$k.host" 2>"$tmp/err"
	check "$k: the simulator reads back what real KVM showed" \
		same "$src/tests/capture/real-$k.host" "$tmp/sim-$k.host"
	KVMSIM_HOST=$tmp/real.host "$conform" --kernel="$k" >"$tmp/conform-$k.txt" 2>"$tmp/err"
	normalise "$k" "$tmp/conform-$k.txt" >"$tmp/sim.n" 2>>"$tmp/err"
	normalise "$k" "$src/tests/conform/real-$k.txt" >"$tmp/real.n" 2>>"$tmp/err"
	check "$k: with the captured profile loaded, real KVM's transcript" \
		sh -c "cmp -s '$tmp/sim.n' '$tmp/real.n' && test -s '$tmp/real.n'"
done
# The harness's further hosts (tests/real/hosts.sh): each profile file
# reads back, through the same command, what real KVM showed there.
for h; do
	real_host "$h"
	for k in 6.1 6.12; do
		KVMSIM_HOST=$src/$host_profile "$kvmsim" capture \
			--backend=sim --kernel="$k" --name="$h" >"$tmp/sim-$k.host" 2>"$tmp/err"
		check "$k: $h: the simulator reads back what real KVM showed" \
			same "$src/tests/capture/real-$k$host_suffix.host" "$tmp/sim-$k.host"
	done
done
if [ -e /dev/kvm ]; then
	"$kvmsim" capture >"$tmp/out" 2>"$tmp/err"; rc=$?
	# This machine's /dev/kvm is arm64 KVM only when the tests run on one.
	if [ "$(uname -m)" = aarch64 ] && [ $rc -eq 0 ]; then
		check "on this arm64 host: a profile" grep -q '^kernel ' "$tmp/out"
	else
		check "a /dev/kvm that is not arm64 KVM: exit 1, the reason" \
			sh -c "test $rc -eq 1 && grep -q 'not arm64 KVM' '$tmp/err'"
	fi
else
	"$kvmsim" capture >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "no /dev/kvm: exit 1, the reason" \
		sh -c "test $rc -eq 1 && grep -q '/dev/kvm' '$tmp/err'"
fi
"$kvmsim" capture --kernel=6.1 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--kernel without --backend=sim is refused" \
	sh -c "test $rc -eq 1 && grep -q 'backend=sim' '$tmp/err'"
"$kvmsim" capture --backend=sim -o "$tmp/none/x.host" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "an output file that cannot be written: exit 1, the reason" \
	sh -c "test $rc -eq 1 && grep -q 'No such file or directory' '$tmp/err'"
"$kvmsim" capture --help >"$tmp/out" 2>&1
check "--help explains it" grep -q 'host profile' "$tmp/out"
tap_exit
