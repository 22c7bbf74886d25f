/* SPDX-License-Identifier: MIT */
/*
 * A VMM-shaped program that includes the KVM headers the usual way.  It is
 * only compiled, never run: check-abi.sh builds it with -Wall -Wextra
 * -Werror on the host with -I uapi (our headers) and for arm64 without it
 * (the system's), proving the same source builds unchanged both ways.
 */
#include <linux/kvm.h>
#include <linux/psci.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

static int set_pc(int vcpu_fd, __u64 pc)
{
	struct kvm_one_reg reg = {
		.id = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE |
		      KVM_REG_ARM_CORE_REG(regs.pc),
		.addr = (__u64)(unsigned long)&pc,
	};

	return ioctl(vcpu_fd, KVM_SET_ONE_REG, &reg);
}

static const char *exit_name(const struct kvm_run *run)
{
	switch (run->exit_reason) {
	case KVM_EXIT_MMIO:
		return run->mmio.is_write ? "mmio write" : "mmio read";
	case KVM_EXIT_SYSTEM_EVENT:
		return run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN ?
		       "shutdown" : "system event";
	case KVM_EXIT_ARM_NISV:
		return "nisv";
	case KVM_EXIT_HYPERCALL:
		return run->hypercall.nr == PSCI_0_2_FN_SYSTEM_OFF ? "off" : "hvc";
	default:
		return "other";
	}
}

int main(int argc, char **argv)
{
	struct kvm_vcpu_init init = { .target = KVM_ARM_TARGET_GENERIC_V8 };
	struct kvm_userspace_memory_region mem = { .slot = 0, .flags = KVM_MEM_READONLY };
	struct kvm_vcpu_events events = { .exception.serror_pending = 1 };
	struct kvm_enable_cap cap = { .cap = KVM_CAP_ARM_NISV_TO_USER };
	__u64 ids[] = {
		ARM64_SYS_REG(3, 0, 0, 0, 5),
		KVM_REG_ARM_TIMER_CNT,
		KVM_REG_ARM_PSCI_VERSION,
		KVM_REG_ARM64_SVE_ZREG(31, 0),
		KVM_REG_ARM64_SVE_VLS,
		KVM_REG_ARM_STD_HYP_BMAP,
	};
	struct kvm_run *run;
	sigset_t set;
	int kvm;

	(void)argc;
	(void)argv;
	init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
	sigemptyset(&set);
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
		return EXIT_FAILURE;
	run = mmap(NULL, sizeof(*run), PROT_READ | PROT_WRITE, MAP_SHARED, kvm, 0);
	if (run == MAP_FAILED)
		return EXIT_FAILURE;
	printf("%s %zu %d %u %llx %u %u %u\n", exit_name(run), sizeof(*run),
	       set_pc(kvm, 0x80000000ull), mem.flags == KVM_MEM_READONLY,
	       (unsigned long long)ids[0], (unsigned)PSCI_VERSION(1, 1),
	       events.exception.serror_pending, cap.cap);
	(void)init;
	return PSCI_RET_SUCCESS;
}
