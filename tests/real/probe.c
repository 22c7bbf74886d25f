/*
 * probe.c - smoke test of real arm64 KVM, used to prove the boot harness.
 *
 * Prints the API version, the preferred target and the KVM_GET_REG_LIST
 * count of a freshly initialised vCPU in three configurations (base, PMUv3,
 * SVE).  Each configuration gets its own VM because KVM keeps per-VM state
 * (6.12 even requires all vCPUs of a VM to share features), so reusing a VM
 * would change what is being measured.
 *
 * Build: aarch64-linux-gnu-gcc -static -O2 -o probe probe.c
 * Exit status: 0 if every step succeeded, 1 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

static int failed;

static void fail(const char *what)
{
	printf("error: %s: %s (errno %d)\n", what, strerror(errno), errno);
	failed = 1;
}

/* Number of registers KVM_GET_REG_LIST reports.  Asking with n = 0 is the
 * documented way to learn the count: KVM stores it and fails with E2BIG. */
static long reg_count(int vcpu)
{
	struct kvm_reg_list probe = { .n = 0 };

	if (ioctl(vcpu, KVM_GET_REG_LIST, &probe) == 0)
		return 0;
	if (errno != E2BIG) {
		fail("KVM_GET_REG_LIST");
		return -1;
	}
	return (long)probe.n;
}

/* Create a VM and vCPU 0, initialise it with the preferred target plus the
 * given feature bit (-1: none), finalise SVE if asked, print the count. */
static void config(int kvm, const char *label, int feature)
{
	struct kvm_vcpu_init init;
	int vm, vcpu;
	long n;

	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		fail("KVM_CREATE_VM");
		return;
	}
	memset(&init, 0, sizeof(init));
	if (ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init) < 0) {
		fail("KVM_ARM_PREFERRED_TARGET");
		close(vm);
		return;
	}
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0) {
		fail("KVM_CREATE_VCPU");
		close(vm);
		return;
	}
	/* PREFERRED_TARGET may report features; the base config wants none. */
	memset(init.features, 0, sizeof(init.features));
	if (feature >= 0)
		init.features[feature / 32] |= 1u << (feature % 32);
	if (ioctl(vcpu, KVM_ARM_VCPU_INIT, &init) < 0) {
		fail("KVM_ARM_VCPU_INIT");
		goto out;
	}
	if (feature == KVM_ARM_VCPU_SVE) {
		int what = KVM_ARM_VCPU_SVE;

		if (ioctl(vcpu, KVM_ARM_VCPU_FINALIZE, &what) < 0) {
			fail("KVM_ARM_VCPU_FINALIZE(SVE)");
			goto out;
		}
	}
	n = reg_count(vcpu);
	if (n >= 0)
		printf("%s reg_list %ld\n", label, n);
out:
	close(vcpu);
	close(vm);
}

int main(void)
{
	struct kvm_vcpu_init init;
	int kvm, vm, api;

	/* The console is a serial line; flush per line so a crash part-way
	 * still shows everything printed before it. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		fail("open /dev/kvm");
		return 1;
	}
	api = ioctl(kvm, KVM_GET_API_VERSION, 0);
	if (api < 0)
		fail("KVM_GET_API_VERSION");
	else
		printf("api_version %d\n", api);

	/* The preferred target on its own, as the first thing a VMM asks. */
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		fail("KVM_CREATE_VM");
	} else {
		memset(&init, 0, sizeof(init));
		if (ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init) < 0)
			fail("KVM_ARM_PREFERRED_TARGET");
		else
			printf("preferred_target %u\n", init.target);
		close(vm);
	}

	config(kvm, "base", -1);
	config(kvm, "pmu", KVM_ARM_VCPU_PMU_V3);
	config(kvm, "sve", KVM_ARM_VCPU_SVE);

	close(kvm);
	return failed;
}
