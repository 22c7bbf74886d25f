#!/bin/sh
# kvmsim's errors in one style ("kvmsim COMMAND: ..."), a release that is
# not modelled refused wherever it comes from, regid's hint for an id
# without its 0x and the register names the kernel, QEMU and gdb use.
# TAP output, one line per check.
kvmsim=${top_builddir:-.}/tools/kvmsim
. "${top_srcdir:-.}/tests/tap.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out err=$tmp/err

run() {	# run ARGS...: status in $rc, stdout in $out, stderr in $err
	"$kvmsim" "$@" >"$out" 2>"$err"
	rc=$?
}

# fails PATTERN: exit 1, nothing on stdout, stderr exactly the one line PATTERN.
fails() {
	test $rc -eq 1 -a ! -s "$out" && test "$(cat "$err")" = "$1"
}

# is LINE: exit 0, stdout exactly LINE, nothing on stderr.
is() {
	test $rc -eq 0 -a ! -s "$err" && test "$(cat "$out")" = "$1"
}

echo "1..16"

KVMSIM_KERNEL=5.15 run reglist --count
check "reglist refuses KVMSIM_KERNEL=5.15, naming the modelled kernels" \
	fails "kvmsim reglist: KVMSIM_KERNEL=5.15 names no modelled kernel (modelled: 6.1, 6.12)"
KVMSIM_KERNEL=6,1 run reglist --count
check "reglist refuses KVMSIM_KERNEL=6,1" \
	fails "kvmsim reglist: KVMSIM_KERNEL=6,1 names no modelled kernel (modelled: 6.1, 6.12)"
run reglist --kernel=5.15 --count
check "reglist refuses --kernel=5.15, naming the modelled kernels" \
	fails "kvmsim reglist: --kernel=5.15 names no modelled kernel (modelled: 6.1, 6.12)"
KVMSIM_KERNEL=6.1 run reglist --count
check "reglist takes KVMSIM_KERNEL=6.1" is 242
KVMSIM_KERNEL=5.15 run reglist --kernel=6.1 --count
check "--kernel wins over KVMSIM_KERNEL" is 242
run reglist --host=/ --count
check "reglist --host= a directory says so" fails "kvmsim reglist: --host=/: Is a directory"
run reglist --host="$tmp/qemu-n1" --count
check "reglist --host= a missing file says what a host profile is" \
	fails "kvmsim reglist: --host=$tmp/qemu-n1: No such file or directory (a host profile file, such as sim/arch/arm64/hosts/qemu-n1.host, or a built-in one's name: qemu-max, qemu-max-pauth-mte, qemu-n1)"

run reglist --kernel=6.1 --host=qemu-max-pauth-mte --features=ptrauth --count
check "reglist --host= takes a built-in profile's name" is 252
run reglist --kernel=6.1 --host=qemu-n1 --features=pmu --count
check "reglist --host=qemu-n1 is the built-in N1, without a PMU" \
	fails "kvmsim reglist: KVM_ARM_VCPU_INIT with features 0x8: Invalid argument (EINVAL); does the host profile offer them all?"

run regid 603000000013c005
check "regid suggests 0x for an id in hex without it" \
	fails "kvmsim regid: 603000000013c005: not a register id (a 64-bit number, 0x<hex> or decimal); did you mean 0x603000000013c005?"
run regid 6030000000100040
check "regid suggests 0x for a hex id that reads as decimal" \
	fails "kvmsim regid: 0x00156c40c80066c8: architecture field 0x00 is KVM_REG_GENERIC, not KVM_REG_ARM64 (0x60); did you mean 0x6030000000100040?"
run regid 12345
check "regid suggests nothing for a number that is no register either way" \
	eval 'test $rc -eq 1 && ! grep -q "did you mean" "$err"'
run regid sp_el0
check "regid sp_el0 is regs.sp" is "0x603000000010003e core regs.sp (SP_EL0, u64)"
run regid CPSR
check "regid CPSR is regs.pstate" is "0x6030000000100042 core regs.pstate (u64)"
run regid lr
check "regid lr is x30" is "0x603000000010003c core regs.regs[30] (x30, u64)"
run regid dacr32_el2
check "regid dacr32_el2, an EL2 name KVM has, is the register" \
	is "0x603000000013e180 sysreg DACR32_EL2 (3,4,3,0,0)"
run regid ELR_EL2
check "regid ELR_EL2 says KVM has no such EL2 register" \
	fails "kvmsim regid: ELR_EL2: not a KVM register: without nested virtualisation (not in 6.1 or 6.12) KVM has no EL2 registers but DACR32_EL2, IFSR32_EL2, FPEXC32_EL2 and DBGVCR32_EL2"

run --frob
check "an unknown option of kvmsim itself is one 'kvmsim: ' line" \
	fails "kvmsim: invalid option '--frob' (see 'kvmsim --help')"
tap_exit
