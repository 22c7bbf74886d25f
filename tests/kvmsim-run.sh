#!/bin/sh
# kvmsim-run: an unmodified program (tests/preload-target.c, plain system
# calls on /dev/kvm) sees the simulated arm64 KVM and prints what real KVM
# printed for the same binary built for aarch64 (tests/preload/real-K.txt,
# recorded with tests/real/boot.sh --bin preload-target --run
# preload-target); exit status, signals and errors.  TAP output.
run=${top_builddir:-.}/vmm/kvmsim-run
target=${top_builddir:-.}/tests/preload-target
recorded=${top_srcdir:-.}/tests/preload
. "${top_srcdir:-.}/tests/tap.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out err=$tmp/err

runit() {	# runit ARGS...: status in $rc, stdout in $out, stderr in $err
	"$run" "$@" >"$out" 2>"$err"
	rc=$?
}

same_as() {	# same_as FILE: $out is FILE, else the diff goes to the log
	diff -u "$1" "$out" | sed 's/^/# /'
	cmp -s "$1" "$out"
}

echo "1..18"
for k in 6.1 6.12; do
	runit --kernel="$k" "$target"
	check "--kernel=$k: the program gets real KVM $k's answers" same_as "$recorded/real-$k.txt"
	KVMSIM_KERNEL=$k "$run" "$target" >"$out" 2>"$err"
	check "KVMSIM_KERNEL=$k does what --kernel does" same_as "$recorded/real-$k.txt"
done
runit "$target" exit 7
check "the program's exit status is passed through" test $rc -eq 7
runit "$target" kill 15
check "a signal that ends the program ends kvmsim-run alike" test $rc -eq $((128 + 15))
runit -- "$target" exit 0
check "-- ends kvmsim-run's options" test $rc -eq 0
runit --kernel=5.4 "$target"
check "an unknown --kernel fails with 125 and says so" \
	sh -c "test $rc -eq 125 && grep -q \"'5.4' names no modelled kernel\" '$err'"
KVMSIM_KERNEL=4.19 "$run" "$target" >"$out" 2>"$err"; rc=$?
check "an unknown KVMSIM_KERNEL fails alike" test $rc -eq 125
runit "$tmp/no-such-program"
check "a missing program fails with 127" test $rc -eq 127 -a -s "$err"
runit no-such-program-in-path
check "a program not in PATH fails with 127" \
	sh -c "test $rc -eq 127 && grep -q 'command not found' '$err'"
if ${CC:-cc} -static -o "$tmp/static" -x c - 2>/dev/null <<'PROG'
int main(void) { return 0; }
PROG
then
	runit "$tmp/static"
	check "a static program is refused with 126 and a reason" \
		sh -c "test $rc -eq 126 && grep -q 'statically linked' '$err'"
else
	echo "ok $((n += 1)) - # SKIP no static libc to build a static program"
fi
if [ -n "${AARCH64_CC:-}" ] && "$AARCH64_CC" -o "$tmp/a64" -x c - 2>/dev/null <<'PROG'
int main(void) { return 0; }
PROG
then
	KVMSIM_PRELOAD_AARCH64= "$run" "$tmp/a64" >"$out" 2>"$err"; rc=$?
	if [ -r "${top_builddir:-.}/aarch64/vmm/.libs/libkvmsim-preload.so" ] &&
	   command -v "${QEMU_AARCH64:-qemu-aarch64}" >/dev/null 2>&1; then
		# tests/vmm-aarch64.sh runs it through its paces.
		check "an aarch64 program runs with the aarch64 interposer of 'make aarch64'" \
			test $rc -eq 0
	else
		check "an aarch64 program without an aarch64 interposer: 126 and the reason" \
			sh -c "test $rc -eq 126 && grep -q 'KVMSIM_PRELOAD_AARCH64' '$err'"
	fi
else
	echo "ok $((n += 1)) - # SKIP no aarch64 compiler"
fi
KVMSIM_INJECT="KVM_GET_API_VERSION=EPERM KVM_ARM_VCPU_INIT#1+=ENOENT" "$run" "$target" >"$out" 2>"$err"
check "KVMSIM_INJECT reaches the program's calls" \
	sh -c "grep -qx 'KVM_GET_API_VERSION -> -1 EPERM' '$out' && grep -qx 'KVM_ARM_VCPU_INIT -> -1 ENOENT' '$out'"
KVMSIM_INJECT="KVM_RUN=exit:bogus" "$run" "$target" >"$out" 2>"$err"; rc=$?
check "a malformed KVMSIM_INJECT fails with 125 before the program runs" \
	sh -c "test $rc -eq 125 && test ! -s '$out' && grep -q \"rule 'KVM_RUN=exit:bogus'\" '$err'"
runit --preload-first="$tmp/no-such.so" "$target"
check "--preload-first of a missing library fails with 125 and says so" \
	sh -c "test $rc -eq 125 && grep -q 'no-such.so' '$err' && test ! -s '$out'"
runit --help
check "--help is usage on stdout" sh -c "test $rc -eq 0 && grep -q '^Usage: kvmsim-run' '$out'"
runit
check "no program prints usage on stderr and fails" test $rc -eq 125 -a -s "$err"
tap_exit
