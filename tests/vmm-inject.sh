#!/bin/sh
# The reference VMM's error paths, reached with fault injection and
# scripted exits (KVMSIM_INJECT, kvmsim/inject.h): each failing KVM call
# of its set-up and each exit its run loop must handle, with the exit
# status and the message a user would get.  Scripted exits need no guest
# execution, so only the last cases skip without Unicorn.  TAP output.
vmm=${top_builddir:-.}/vmm/kvmsim-vmm
guests=${top_builddir:-.}/vmm/guests
. "${top_srcdir:-.}/tests/tap.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out err=$tmp/err

# Until the guest runs, any image does.
img=$guests/hello.bin
if [ ! -r "$img" ]; then
	img=$tmp/img.bin
	printf '\000\000\000\000' >"$img"
fi

# inject RULES [VMM ARGS...]: status in $rc, console in $out, log in $err
inject() {
	rules=$1; shift
	KVMSIM_BACKEND=sim KVMSIM_INJECT=$rules "$vmm" "$@" "$img" >"$out" 2>"$err"
	rc=$?
}

# fails STATUS TEXT: exit STATUS and TEXT in the log
fails() {
	test "$rc" -eq "$1" && grep -qF -- "$2" "$err" || {
		echo "# exit $rc, log:" && sed 's/^/#   /' "$err"
		return 1
	}
}

echo "1..20"

# ---- set-up: every KVM call the VMM makes before running can fail -------
inject "open=ENOENT"
check "no /dev/kvm: exit 1, the open's error" fails 1 "/dev/kvm: No such file or directory"
inject "KVM_CREATE_VM=ENOMEM"
check "KVM_CREATE_VM fails: exit 1" fails 1 "KVM_CREATE_VM: Cannot allocate memory"
inject "KVM_ENABLE_CAP=EINVAL"
check "KVM_ENABLE_CAP(NISV_TO_USER) fails: exit 1" \
	fails 1 "KVM_ENABLE_CAP ARM_NISV_TO_USER: Invalid argument"
inject "KVM_SET_USER_MEMORY_REGION=EEXIST"
check "the RAM slot is refused: exit 1" fails 1 "KVM_SET_USER_MEMORY_REGION: File exists"
inject "KVM_GET_VCPU_MMAP_SIZE=EIO"
check "KVM_GET_VCPU_MMAP_SIZE fails: exit 1" fails 1 "KVM_GET_VCPU_MMAP_SIZE: Input/output error"
inject "KVM_CREATE_VCPU#3=EMFILE" --cpus=4
check "the 3rd KVM_CREATE_VCPU fails: exit 1, vCPUs made so far released" \
	fails 1 "KVM_CREATE_VCPU: Too many open files"
inject "KVM_ARM_VCPU_INIT@vcpu1=EINVAL" --cpus=2
check "vCPU 1's KVM_ARM_VCPU_INIT fails: exit 1, the vCPU named" \
	fails 1 "vCPU 1: KVM_ARM_VCPU_INIT: Invalid argument"
inject "mmap@vcpu=ENOMEM"
check "mapping kvm_run fails: exit 1" fails 1 "mmap of kvm_run: Cannot allocate memory"
inject "KVM_SET_ONE_REG=EFAULT"
check "setting the entry PC fails: exit 1" fails 1 "vCPU 0: KVM_SET_ONE_REG pc: Bad address"
KVMSIM_BACKEND=sim KVMSIM_INJECT="KVM_RUN=EWHAT" "$vmm" "$img" >"$out" 2>"$err"
rc=$?
check "a malformed KVMSIM_INJECT is explained and fails the open" \
	sh -c "test $rc -eq 1 && grep -q \"^kvmsim: KVMSIM_INJECT: rule 'KVM_RUN=EWHAT'\" '$err' && grep -q '/dev/kvm: Invalid argument' '$err'"

# ---- the run loop: every exit it handles, and the ones it must refuse ---
inject "KVM_RUN=exit:system_event:reset"
check "a reset event: exit 3, nothing logged" sh -c "test $rc -eq 3 && test ! -s '$err'"
inject "KVM_RUN=exit:system_event:shutdown"
check "a shutdown event: exit 0" sh -c "test $rc -eq 0 && test ! -s '$err'"
inject "KVM_RUN=exit:system_event:crash"
check "a crash event is not handled: exit 1" fails 1 "vCPU 0: system event 3 not handled (pc 0x40000000)"
inject "KVM_RUN=exit:mmio:0x9000000:1:w:0x4f KVM_RUN=exit:mmio:0x9000000:1:w:0x6b \
	KVM_RUN=exit:mmio:0x9000000:1:w:0x0a KVM_RUN=exit:system_event:shutdown"
check "writes to the UART's data register reach the console" \
	sh -c "test $rc -eq 0 && test \"\$(cat '$out')\" = Ok"
inject "KVM_RUN=exit:mmio:0x8000000:4:r"
check "MMIO where no device is: exit 1, the access described" \
	fails 1 "vCPU 0: 4-byte MMIO read at 0x8000000: no device there (pc 0x40000000)"
inject "KVM_RUN=exit:arm_nisv:0x45:0x9000010"
check "an access KVM cannot decode: exit 1" \
	fails 1 "guest access at IPA 0x9000010 that KVM cannot decode (ESR ISS 0x45)"
inject "KVM_RUN=exit:fail_entry:0x10 KVM_GET_ONE_REG=EIO"
check "KVM_EXIT_FAIL_ENTRY: exit 1; no PC when it cannot be read" \
	sh -c "test $rc -eq 1 && grep -qx 'vCPU 0: KVM could not enter the guest (reason 0x10)' '$err'"
inject "KVM_RUN=exit:internal_error:1"
check "an exit the VMM does not know: exit 1" fails 1 "vCPU 0: exit reason 17 not handled"
inject "KVM_RUN=EFAULT"
check "KVM_RUN fails: exit 1, the errno and the PC" fails 1 "vCPU 0: KVM_RUN: Bad address (pc 0x40000000)"

# ---- interrupted runs are retried: needs the guest to run ---------------
if [ "$img" = "$guests/hello.bin" ] && [ "${KVMSIM_GUEST_EXEC:-yes}" != no ]; then
	inject "KVM_RUN#1=EINTR KVM_RUN#2=EAGAIN KVM_RUN=exit:mmio:0x9000000:1:w:0x3e"
	check "EINTR and EAGAIN from KVM_RUN are retried; the guest then runs" \
		sh -c "test $rc -eq 0 && test \"\$(cat '$out')\" = '>Hello from the guest!'"
else
	echo "ok $((n += 1)) - # SKIP no guest image (aarch64 toolchain) or no guest execution (Unicorn)"
fi
tap_exit
