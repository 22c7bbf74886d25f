#!/bin/sh
# kvmsim trace: the KVM ioctls of tests/preload-target (a plain program
# using /dev/kvm) and of the reference VMM, decoded; its errors.  TAP
# output, one line per check.
kvmsim=${top_builddir:-.}/tools/kvmsim
target=${top_builddir:-.}/tests/preload-target
vmm=${top_builddir:-.}/vmm/kvmsim-vmm
guests=${top_builddir:-.}/vmm/guests
. "${top_srcdir:-.}/tests/tap.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out err=$tmp/err trace=$tmp/trace

run() {	# run ARGS...: status in $rc, stdout in $out, stderr in $err
	"$kvmsim" "$@" >"$out" 2>"$err"
	rc=$?
}

has() {	# has LINE: the trace has that exact line
	grep -qxF "$1" "$trace"
}

echo "1..23"

run trace -o "$trace" --kernel=6.1 "$target"
check "trace runs the program with its own output and status" \
	eval 'test $rc -eq 0 && grep -q "^KVM_GET_API_VERSION -> 12$" "$out"'
check "trace -o leaves stderr alone" test ! -s "$err"
check "trace: sys ioctls" has "sys KVM_GET_API_VERSION -> 12"
check "trace: --kernel=6.1 reaches the program" has "sys KVM_CHECK_EXTENSION cap=165 -> 48"
check "trace: a new VM fd is named" \
	grep -q '^sys KVM_CREATE_VM type=0x0 -> [0-9]* (vm)$' "$trace"
check "trace: a new vCPU fd is named by its id" \
	grep -q '^vm KVM_CREATE_VCPU id=2 -> [0-9]* (vcpu2)$' "$trace"
check "trace: what KVM_ARM_PREFERRED_TARGET gives back" has "vm KVM_ARM_PREFERRED_TARGET -> 0 target=5"
check "trace: KVM_ARM_VCPU_INIT's features" has "vcpu2 KVM_ARM_VCPU_INIT target=5 features=none -> 0"
check "trace: KVM_GET_ONE_REG with the register's name and value" \
	has "vcpu2 KVM_GET_ONE_REG MPIDR_EL1 -> 0 = 0x80000002"
check "trace: a dup of a vCPU fd is that vCPU" \
	test "$(grep -c '^vcpu2 KVM_GET_MP_STATE -> 0 mp_state=0$' "$trace")" -eq 2
check "trace: no line for calls on other files" test -z "$(grep -v '^\(sys\|vm\|vcpu[0-9]*\) ' "$trace")"

KVMSIM_INJECT='KVM_GET_ONE_REG=EFAULT' "$kvmsim" trace -o "$trace" "$target" >/dev/null 2>&1
check "trace: a failing call shows -1 and the errno's name" \
	has "vcpu2 KVM_GET_ONE_REG MPIDR_EL1 -> -1 EFAULT"

"$kvmsim" trace "$target" >/dev/null 2>"$trace"
check "trace without -o writes to stderr" has "sys KVM_GET_VCPU_MMAP_SIZE -> 8192"

# The reference VMM through /dev/kvm (its host backend, which the interposer serves).
if test "$KVMSIM_GUEST_EXEC" = yes && test -f "$guests/hello.bin"; then
	run trace -o "$trace" "$vmm" --backend=host "$guests/hello.bin"
	check "trace: the VMM runs as without it" \
		test $rc -eq 0 -a "$(cat "$out")" = "Hello from the guest!"
	check "trace: KVM_SET_USER_MEMORY_REGION's slot" \
		grep -q '^vm KVM_SET_USER_MEMORY_REGION slot=0 flags=0x0 gpa=0x40000000 size=0x4000000 uaddr=0x[0-9a-f]* -> 0$' "$trace"
	check "trace: KVM_SET_ONE_REG with the register's name and value" \
		has "vcpu0 KVM_SET_ONE_REG regs.pc = 0x40000000 -> 0"
	check "trace: KVM_RUN's MMIO exits, with the data written and the data read" \
		grep -q '^vcpu0 KVM_RUN mmio_read_data=0x[0-9a-f]* -> 0 exit=MMIO phys_addr=0x9000000 len=1 is_write=1 data=0x48$' "$trace"
	check "trace: KVM_RUN's system event" \
		has "vcpu0 KVM_RUN -> 0 exit=SYSTEM_EVENT type=SHUTDOWN ndata=1 data=0x0"
else
	for i in 1 2 3 4 5; do
		echo "ok $((n + i)) # SKIP no guest execution or no guest images in this build"
	done
	n=$((n + 5))
fi

# Errors: trace's own (125), a program that cannot run (126) or be found (127).
run trace
check "trace without a program fails with 125" test $rc -eq 125 -a -s "$err"
run trace --kernel=5.4 true
check "trace --kernel=5.4 fails with 125" \
	eval 'test $rc -eq 125 && grep -q "names no modelled kernel" "$err"'
run trace "$tmp/no-such-program"
check "trace of a missing program fails with 127" test $rc -eq 127 -a -s "$err"
run trace -- sh -c 'exit 3'
check "trace exits with the program's status" test $rc -eq 3
KVMSIM_INJECT=bogus "$kvmsim" trace "$target" >"$out" 2>"$err"; rc=$?
check "a malformed KVMSIM_INJECT fails with 125 before the program runs" \
	sh -c "test $rc -eq 125 && test ! -s '$out' && grep -q KVMSIM_INJECT '$err'"
tap_exit
