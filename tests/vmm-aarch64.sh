#!/bin/sh
# vmm-aarch64.sh - the reference VMM built for aarch64 ('make aarch64':
# aarch64/vmm/kvmsim-vmm, dynamically linked) runs its guests on the
# simulator under kvmsim-run, which starts qemu-aarch64 with the aarch64
# interposer on its own, and prints exactly what the x86-64 build prints
# there; kvmsim trace of it decodes its calls as of a native program.  TAP
# output.  make check builds aarch64/ first when it can (its outcome in
# aarch64.status and aarch64.log); this test skips, with the reason, when
# the cross compiler, qemu-aarch64 or Debian's arm64 Unicorn are missing.
case ${1:-} in
-h|--help)
	sed -n '2,9s/^# \{0,1\}//p' "$0"
	echo "Run by make check (top_builddir, top_srcdir in the environment)."
	exit 0 ;;
esac
top=${top_builddir:-.}
run=$top/vmm/kvmsim-run
kvmsim=$top/tools/kvmsim
vmm=$top/vmm/kvmsim-vmm
vmm64=$top/aarch64/vmm/kvmsim-vmm
guests=$top/vmm/guests
. "${top_srcdir:-.}/tests/tap.sh"

skip() { echo "1..0 # SKIP $*"; exit 77; }
status=$(cat "$top/aarch64.status" 2>/dev/null) || status=
case $status in
0) ;;
77) skip "$(grep 'cross-aarch64.sh:' "$top/aarch64.log" | tail -n 1)" ;;
'') skip "no aarch64 build: make check builds it (make aarch64)" ;;
*) echo "1..1"; echo "not ok 1 - make aarch64 failed (exit $status):"
   tail -n 20 "$top/aarch64.log" | sed 's/^/# /'; exit 1 ;;
esac
command -v "${QEMU_AARCH64:-qemu-aarch64}" >/dev/null 2>&1 || skip "no qemu-aarch64 (qemu-user)"
test "${KVMSIM_GUEST_EXEC:-no}" = yes || skip "no guest execution in this build (Unicorn) to compare with"
test -f "$guests/hello.bin" || skip "no guest images"
# kvmsim-run finds the aarch64 libraries by itself (Debian's cross libc).
unset QEMU_LD_PREFIX KVMSIM_PRELOAD_AARCH64 KVMSIM_TRACE_PRELOAD_AARCH64

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trace=$tmp/trace


# same CASE ARGS...: the aarch64 VMM prints (stdout, stderr) and exits as the
# x86-64 one does, both under kvmsim-run on the host backend (/dev/kvm).
same() {
	desc=$1; shift
	"$run" "$vmm" --backend=host "$@" >"$tmp/x86" 2>&1; echo "exit $?" >>"$tmp/x86"
	"$run" "$vmm64" --backend=host "$@" >"$tmp/a64" 2>&1; echo "exit $?" >>"$tmp/a64"
	check "$desc" \
		sh -c "diff -u '$tmp/x86' '$tmp/a64' | sed 's/^/# /'; cmp -s '$tmp/x86' '$tmp/a64'"
}

has() {	# has LINE: the trace has that exact line
	grep -qxF "$1" "$trace"
}

echo "1..9"
"$run" "$vmm64" --backend=host "$guests/hello.bin" >"$tmp/out" 2>&1
check "kvmsim-run runs the aarch64 VMM's hello guest (no KVMSIM_PRELOAD_AARCH64, no QEMU_LD_PREFIX)" \
	test "$(cat "$tmp/out")" = "Hello from the guest!"
same "hello: the aarch64 VMM as the x86-64 one" "$guests/hello.bin"
same "smp --cpus=4: the aarch64 VMM as the x86-64 one" --cpus=4 "$guests/smp.bin"
same "fault: the aarch64 VMM's error and status as the x86-64 one's" "$guests/fault.bin"
KVMSIM_PRELOAD_AARCH64=$tmp/none.so "$run" "$vmm64" "$guests/hello.bin" >/dev/null 2>"$tmp/err"
check "KVMSIM_PRELOAD_AARCH64 still overrides (a missing one: 125)" \
	sh -c "test $? -eq 125 && grep -q 'none.so' '$tmp/err'"

"$kvmsim" trace -o "$trace" "$vmm64" --backend=host "$guests/hello.bin" >"$tmp/out" 2>&1
check "kvmsim trace runs the aarch64 VMM as without it" \
	test "$(cat "$tmp/out")" = "Hello from the guest!"
check "trace of aarch64: KVM_SET_USER_MEMORY_REGION's slot, read from the program" \
	grep -q '^vm KVM_SET_USER_MEMORY_REGION slot=0 flags=0x0 gpa=0x40000000 size=0x4000000 uaddr=0x[0-9a-f]* -> 0$' "$trace"
check "trace of aarch64: KVM_SET_ONE_REG's register and value, KVM_RUN's MMIO data" \
	sh -c "grep -qxF 'vcpu0 KVM_SET_ONE_REG regs.pc = 0x40000000 -> 0' '$trace' &&
	       grep -q '^vcpu0 KVM_RUN mmio_read_data=0x[0-9a-f]* -> 0 exit=MMIO phys_addr=0x9000000 len=1 is_write=1 data=0x48$' '$trace'"
check "trace of aarch64: no argument unreadable" sh -c "! grep -n '<fault>' '$trace' | sed 's/^/# /' | grep -q ."
tap_exit
