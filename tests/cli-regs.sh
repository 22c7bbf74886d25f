#!/bin/sh
# kvmsim regid and kvmsim reglist: register ids and names both ways, the
# reasons given for malformed ids, and the register lists compared with
# the ones real KVM returned (tests/conform/real-*.txt, "reglist.<cfg>
# id[i]" lines).  TAP output, one line per check.
kvmsim=${top_builddir:-.}/tools/kvmsim
srcdir=${top_srcdir:-.}
. "$srcdir/tests/tap.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out err=$tmp/err
# Register names such as spsr[0] must not be globbed.
set -f

run() {	# run ARGS...: status in $rc, stdout in $out, stderr in $err
	"$kvmsim" "$@" >"$out" 2>"$err"
	rc=$?
}

# regid ARG EXPECTED-LINE: the one line regid prints for ARG.
regid_is() {
	run regid "$1"
	check "regid $1: $2" test $rc -eq 0 -a "$(cat "$out")" = "$2" -a ! -s "$err"
}

# regid_fails ARG PATTERN: exit 1, nothing on stdout, PATTERN (grep -E) on stderr.
regid_fails() {
	run regid "$1"
	pattern=$2
	check "regid $1 fails: $2" eval 'test $rc -eq 1 -a ! -s "$out" &&
		grep -Eq "^kvmsim regid: .*$pattern" "$err"'
}

echo "1..90"

# Ids to names: every class.
regid_is 0x6030000000100040 "0x6030000000100040 core regs.pc (u64)"
regid_is 0x603000000013c005 "0x603000000013c005 sysreg MPIDR_EL1 (3,0,0,0,5)"
regid_is 0x603000000010000e "0x603000000010000e core regs.regs[7] (x7, u64)"
regid_is 0x603000000010003e "0x603000000010003e core regs.sp (SP_EL0, u64)"
regid_is 0x6030000000100042 "0x6030000000100042 core regs.pstate (u64)"
regid_is 0x6030000000100044 "0x6030000000100044 core sp_el1 (u64)"
regid_is 0x6030000000100046 "0x6030000000100046 core elr_el1 (u64)"
regid_is 0x603000000010004a "0x603000000010004a core spsr[1] (SPSR_ABT, u64)"
regid_is 0x6040000000100054 "0x6040000000100054 core fp_regs.vregs[0] (v0, u128)"
regid_is 0x60400000001000d0 "0x60400000001000d0 core fp_regs.vregs[31] (v31, u128)"
regid_is 0x60200000001000d4 "0x60200000001000d4 core fp_regs.fpsr (u32)"
regid_is 0x60200000001000d5 "0x60200000001000d5 core fp_regs.fpcr (u32)"
regid_is 0x6030000000140000 "0x6030000000140000 fw PSCI_VERSION (u64)"
regid_is 0x6030000000140001 "0x6030000000140001 fw SMCCC_ARCH_WORKAROUND_1 (u64, Spectre-v2)"
regid_is 0x6030000000140002 "0x6030000000140002 fw SMCCC_ARCH_WORKAROUND_2 (u64, Spectre-v4)"
regid_is 0x6030000000140003 "0x6030000000140003 fw SMCCC_ARCH_WORKAROUND_3 (u64, Spectre-BHB)"
regid_is 0x6030000000160000 "0x6030000000160000 fw-bmap STD_BMAP (u64, standard services)"
regid_is 0x6030000000160001 "0x6030000000160001 fw-bmap STD_HYP_BMAP (u64, standard hypervisor services)"
regid_is 0x6030000000160002 "0x6030000000160002 fw-bmap VENDOR_HYP_BMAP (u64, vendor hypervisor services)"
regid_is 0x6080000000150000 "0x6080000000150000 sve z0 (u2048, slice 0)"
regid_is 0x6050000000150421 "0x6050000000150421 sve p1.slice1 (u256, slice 1)"
regid_is 0x6050000000150600 "0x6050000000150600 sve ffr (u256, slice 0)"
regid_is 0x606000000015ffff "0x606000000015ffff sve vls (u512, the vector lengths)"
regid_is 0x6020000000110002 "0x6020000000110002 demux CCSIDR_EL1[2] (u32, CSSELR_EL1 2: level 2 data or unified cache)"
regid_is 0x603000000013df19 "0x603000000013df19 timer TIMER_CTL (3,3,14,3,1: CNTV_CTL_EL0)"
# The uapi's swapped encodings: TIMER_CNT has CNTV_CVAL_EL0's, TIMER_CVAL CNTVCT_EL0's.
run regid 0x603000000013df1a
check "regid: KVM_REG_ARM_TIMER_CNT (3,3,14,3,2) is the count" \
	grep -q '^0x603000000013df1a timer TIMER_CNT (3,3,14,3,2: the virtual count CNTVCT_EL0' "$out"
run regid 0x603000000013df02
check "regid: KVM_REG_ARM_TIMER_CVAL (3,3,14,0,2) is the compare value" \
	grep -q '^0x603000000013df02 timer TIMER_CVAL (3,3,14,0,2: CNTV_CVAL_EL0' "$out"
regid_is 0x603000000013df01 "0x603000000013df01 timer PTIMER_CNT (3,3,14,0,1: CNTPCT_EL0)"
regid_is 0x603000000013c780 \
	"0x603000000013c780 sysreg S3_0_C15_C0_0 (3,0,15,0,0; not a register the simulator knows)"
regid_is 6931039826524241984 "0x6030000000100040 core regs.pc (u64)"

# Names to ids, aliases and case included.
regid_is pc "0x6030000000100040 core regs.pc (u64)"
regid_is X7 "0x603000000010000e core regs.regs[7] (x7, u64)"
regid_is 'regs.regs[30]' "0x603000000010003c core regs.regs[30] (x30, u64)"
regid_is v3 "0x6040000000100060 core fp_regs.vregs[3] (v3, u128)"
regid_is fpcr "0x60200000001000d5 core fp_regs.fpcr (u32)"
regid_is spsr_el1 "0x6030000000100048 core spsr[0] (SPSR_EL1, u64)"
regid_is mpidr_el1 "0x603000000013c005 sysreg MPIDR_EL1 (3,0,0,0,5)"
regid_is S3_0_C0_C0_5 "0x603000000013c005 sysreg MPIDR_EL1 (3,0,0,0,5)"
regid_is KVM_REG_ARM_PSCI_VERSION "0x6030000000140000 fw PSCI_VERSION (u64)"
regid_is z31.slice2 "0x60800000001503e2 sve z31.slice2 (u2048, slice 2)"
regid_is P15 "0x60500000001505e0 sve p15 (u256, slice 0)"
regid_is vls "0x606000000015ffff sve vls (u512, the vector lengths)"
regid_is 'ccsidr[1]' "0x6020000000110001 demux CCSIDR_EL1[1] (u32, CSSELR_EL1 1: level 1 instruction cache)"
run regid CNTVCT_EL0 TIMER_CNT S3_3_C14_C3_2
check "regid: CNTVCT_EL0, TIMER_CNT and S3_3_C14_C3_2 are KVM_REG_ARM_TIMER_CNT" \
	test $rc -eq 0 -a "$(cut -d' ' -f1 "$out" | sort -u)" = 0x603000000013df1a
run regid pc x7 MPIDR_EL1
check "regid: one line per argument" test $rc -eq 0 -a "$(wc -l <"$out")" -eq 3

# Malformed ids: which field is wrong.
regid_fails 0x4030000000100040 "architecture field 0x40 is KVM_REG_ARM"
regid_fails 0x6030000100100040 "bits 0x100000000 \(32-51\) are set"
regid_fails 0x6090000000100040 "size field 9 is no KVM_REG_SIZE"
regid_fails 0x6030000000120000 "class \(coproc\) 0x12 is no arm64 register class"
regid_fails 0x6020000000100040 "size U32 does not match regs.pc, which is U64"
regid_fails 0x6030000000100041 "core offset 0x41 is misaligned: it is inside regs.pc, which starts at 0x40"
regid_fails 0x60300000001000d8 "core offset 0xd8 is beyond struct kvm_regs"
regid_fails 0x6030000000100052 "core offset 0x52 is padding"
regid_fails 0x6030000010100000 "core offset 0x10000000 is beyond"
regid_fails 0x6020000000130000 "size U32 does not match system registers, which are U64"
regid_fails 0x6030000010130000 "bits 0x10000000 are set outside the sysreg"
regid_fails 0x6030000000140004 "fw index 4 is no register"
regid_fails 0x6020000000140000 "size U32 does not match firmware registers"
regid_fails 0x6030000000160003 "fw-bmap index 3 is no register"
regid_fails 0x6080000000150800 "SVE index 0x800 is none of Z"
regid_fails 0x6050000000150000 "size U256 does not match the Z registers, which are U2048"
regid_fails 0x6020000000110100 "DEMUX id 1 is unknown"
regid_fails 0x602000000011000e "CSSELR_EL1 value 14 is out of range"
regid_fails 0x12g "not a register id"
# Names that do not fit.
regid_fails x31 "out of range"
regid_fails S3_8_C0_C0_0 "op1 is 8, but op1 has 3 bits \(0-7\)"
regid_fails S3_0_C0_C16_0 "CRm is 16, but CRm has 4 bits"
regid_fails FROB_EL1 "no register has this name"
run regid pc 0x4030000000100040 x7
check "regid: a bad argument fails the command, the others are still printed" \
	test $rc -eq 1 -a "$(wc -l <"$out")" -eq 2 -a "$(wc -l <"$err")" -eq 1
run regid
check "regid without arguments fails with a message" test $rc -eq 1 -a ! -s "$out" -a -s "$err"

# reglist: the simulator's lists against real KVM's, id by id, in order.
for kernel in 6.1 6.12; do
	for cfg in base:psci_0_2 pmu:psci_0_2,pmu sve:psci_0_2,sve el1-32:psci_0_2,el1_32bit psci0.1:; do
		name=${cfg%%:*} features=${cfg#*:}
		awk -v c="reglist.$name" '$1 == c && $2 ~ /^id\[/ { print $NF }' \
			"$srcdir/tests/conform/real-$kernel.txt" >"$tmp/real"
		run reglist --kernel=$kernel --features=$features
		cut -d' ' -f1 "$out" >"$tmp/sim"
		check "reglist --kernel=$kernel --features=$features: real KVM's $name list ($(wc -l <"$tmp/real") ids)" \
			eval 'test $rc -eq 0 -a -s "$tmp/real" && cmp -s "$tmp/real" "$tmp/sim"'
	done
done

run reglist --kernel=6.12 --features=psci_0_2,pmu,sve
check "reglist names every register" test $rc -eq 0 -a -z "$(awk 'NF != 2 || $2 == "?"' "$out")"
cp "$out" "$tmp/list"
cut -d' ' -f1 "$tmp/list" >"$tmp/sim.ids"
run regid $(cut -d' ' -f2 "$tmp/list")
check "regid gives back the ids of every name reglist prints" \
	eval 'test $rc -eq 0 && cut -d" " -f1 "$out" | cmp -s - "$tmp/sim.ids"'
run reglist --count
check "reglist --count on the default kernel: 259" test "$(cat "$out")" = 259
run reglist --kernel=6.1 --features=pmu --count
check "reglist --count: 316 with a PMU on 6.1" test "$(cat "$out")" = 316
run reglist --kernel=6.12 --host="$srcdir/sim/arch/arm64/hosts/qemu-max.host" --count
check "reglist --host with the built-in profile's file: 259" test "$(cat "$out")" = 259

# reglist errors.
run reglist --kernel=5.4
check "reglist --kernel=5.4 fails with a message" \
	eval 'test $rc -eq 1 -a ! -s "$out" && grep -q "names no modelled kernel" "$err"'
run reglist --features=pmu,frob
check "reglist --features with an unknown feature fails" \
	eval 'test $rc -eq 1 && grep -q "unknown feature .frob." "$err"'
run reglist --features=ptrauth
check "reglist: a feature the host lacks fails KVM_ARM_VCPU_INIT" \
	eval 'test $rc -eq 1 && grep -q "KVM_ARM_VCPU_INIT with features 0x60: .*EINVAL" "$err"'
run reglist --host="$tmp/nonexistent"
check "reglist --host with a missing file fails" \
	eval 'test $rc -eq 1 && grep -q "^kvmsim reglist: --host=.*: No such file" "$err"'
run reglist extra
check "reglist with an argument fails" test $rc -eq 1 -a -s "$err"
tap_exit
