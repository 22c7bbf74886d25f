#!/bin/sh
# kvmsim-vmm, the reference VMM's command line, on the simulator: the
# guests' output and exit statuses, --help, --version and its errors.
# TAP output.
vmm=${top_builddir:-.}/vmm/kvmsim-vmm
guests=${top_builddir:-.}/vmm/guests
. "${top_srcdir:-.}/tests/tap.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out err=$tmp/err

run() {	# run ARGS...: status in $rc, stdout in $out, stderr in $err
	KVMSIM_BACKEND=sim "$vmm" "$@" >"$out" 2>"$err"
	rc=$?
}

echo "1..16"
if [ -r "$guests/hello.bin" ] && [ "${KVMSIM_GUEST_EXEC:-yes}" != no ]; then
	run "$guests/hello.bin"
	check "hello: prints its line, powers off, exit 0" \
		sh -c "test $rc -eq 0 && test \"\$(cat '$out')\" = 'Hello from the guest!' && test ! -s '$err'"
	run --kernel=6.1 --cpus=3 --mem=1M "$guests/smp.bin"
	check "smp --cpus=3: a line from each CPU, then the last powers off" \
		sh -c "test $rc -eq 0 && test \$(grep -c '^Hello from the CPU with MPIDR 0x00000000800000' '$out') -eq 3 && tail -1 '$out' | grep -q '^Last CPU up'"
	run "$guests/fault.bin"
	check "fault: the undecodable access is reported, exit 1" \
		sh -c "test $rc -eq 1 && grep -q 'cannot decode' '$err'"
	run "$guests/timer.bin"
	check "timer: five virtual timer interrupts through the GICv3, exit 0" \
		sh -c "test $rc -eq 0 && test \$(grep -c '^tick [1-5]\$' '$out') -eq 5 && tail -1 '$out' | grep -q '^5 virtual timer interrupts'"
	run --kernel=6.1 "$guests/doorbell.bin"
	check "doorbell: five SPIs from the VMM's thread through an irqfd, exit 0" \
		sh -c "test $rc -eq 0 && test \$(grep -c '^doorbell [1-5]\$' '$out') -eq 5 && test ! -s '$err'"
	run --cpus=8 "$guests/sgi.bin"
	check "sgi --cpus=8: SGI 1 goes around eight CPUs 50 times among their timer ticks, exit 0" \
		sh -c "test $rc -eq 0 && test \"\$(cat '$out')\" = '50 rounds of SGI 1 around 8 CPUs: powering off'"
	run --no-gic "$guests/timer.bin"
	check "timer --no-gic: the GIC's MMIO exits to a VMM with no device there, exit 1" \
		sh -c "test $rc -eq 1 && grep -q 'MMIO write at 0x8000000: no device there' '$err'"
	run --mem=4K --load-addr=0x40000fc0 "$guests/hello.bin"
	check "an image that does not fit is refused, exit 1" \
		sh -c "test $rc -eq 1 && grep -q 'does not fit in RAM' '$err'"
else
	for i in 1 2 3 4 5 6 7 8; do
		echo "ok $((n += 1)) - # SKIP no guest images (aarch64 toolchain) or no guest execution (Unicorn)"
	done
fi
run "$tmp/none.bin"
check "a missing image: exit 1 and the reason" \
	sh -c "test $rc -eq 1 && grep -q 'none.bin: No such file or directory' '$err'"
run --cpus=0 x.bin
check "--cpus=0 is a usage error (2)" test $rc -eq 2 -a -s "$err"
run --mem=12Q x.bin
check "--mem=12Q is a usage error" test $rc -eq 2
run --kernel=5.10 x.bin
check "an unmodelled --kernel is a usage error" test $rc -eq 2
run --backend=qemu x.bin
check "an unknown --backend is a usage error" \
	sh -c "test $rc -eq 2 && grep -q \"'qemu'\" '$err'"
run
check "no IMAGE is a usage error" test $rc -eq 2 -a -s "$err"
run --help
check "--help is usage on stdout" sh -c "test $rc -eq 0 && grep -q '^Usage: kvmsim-vmm' '$out'"
run --version
check "--version names the version" grep -Eq '^kvmsim-vmm [0-9]+\.[0-9]+\.[0-9]+$' "$out"
tap_exit
