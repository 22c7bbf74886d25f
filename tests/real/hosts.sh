# hosts.sh - the host CPUs the real-KVM harness boots its kernels on.
# Sourced by the harness scripts (tests/conform/run-real.sh,
# tests/real/check-real.sh, tests/real/update-real.sh, tests/conform-sim.sh,
# tests/real/capture-real.sh).
#
# Each host is a qemu CPU the conformance program runs on, and the
# simulator's host profile that models it.  The first host is the harness's
# default: the built-in profile, every section, recordings real-K.txt.  A
# further host runs the sections about what it adds or lacks, against its
# own profile file, recorded in real-K-SUFFIX.txt.
#
#   real_hosts              the hosts' names, default first
#   real_host NAME          sets host_machine, host_cpu (qemu -M and -cpu),
#                           host_profile (the profile file, relative to the
#                           source tree; empty: the built-in one),
#                           host_sections (conform --sections; empty: all),
#                           host_suffix (recordings: real-K$host_suffix.txt);
#                           returns 1 for an unknown NAME

real_hosts="qemu-max qemu-max-pauth-mte qemu-n1"

real_host() {
	host_machine=virt,virtualization=on,gic-version=3
	case $1 in
	qemu-max)
		host_cpu=max,pauth=off host_profile='' host_sections='' host_suffix='' ;;
	qemu-max-pauth-mte)
		# Pointer authentication with qemu's IMPDEF algorithm (QARMA
		# emulation is slow under TCG) and the Memory Tagging Extension.
		host_machine=$host_machine,mte=on
		host_cpu=max,pauth-impdef=on
		host_profile=sim/arch/arm64/hosts/qemu-max-pauth-mte.host
		host_sections=arm64.ptrauth,arm64.mte
		host_suffix=-pauth-mte ;;
	qemu-n1)
		# An Armv8.2 core with none of the optional vCPU features: no
		# 32-bit EL1, SVE, PMU, pointer authentication or MTE, and a
		# 48-bit IPA limit on 6.12 too (no LPA2).  What is missing
		# touches nearly every section, so all of them run.
		host_cpu=neoverse-n1,pmu=off
		host_profile=sim/arch/arm64/hosts/qemu-n1.host
		host_sections=''
		host_suffix=-n1 ;;
	*) return 1 ;;
	esac
}
