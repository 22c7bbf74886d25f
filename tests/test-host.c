// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Host CPU profiles: what KVM offers depends on the host CPU, and the
 * simulator takes it from a host profile (sim/arch/arm64/hosts/NAME.host).
 * The harness's hosts (tests/real/hosts.sh):
 *   qemu-max            the default: 32-bit EL1, PMU, SVE; no pointer
 *                       authentication or MTE
 *   qemu-max-pauth-mte  the same with pointer authentication and MTE
 *   qemu-n1             an Armv8.2 core with none of the optional
 *                       features and a 48-bit IPA limit on 6.12 too
 * Each module's suite has the rows of each host for what it tests (its
 * capabilities in test-sys, INIT in test-vcpu-init, IPA sizes in test-vm,
 * ID registers in test-sys-reg, the refused-init PMU in test-vcpu-attr).
 * Here: the capabilities of qemu-max-pauth-mte, the one host whose
 * module suites check-real does not run (test-sys assumes no pointer
 * authentication or MTE); its pointer authentication and MTE capabilities
 * are test-ptrauth's and test-mte's.
 *
 * Expected values: tests/capture/real-K-pauth-mte.host ("features el0_32bit
 * el1_32bit pmu sve ptrauth mte", "ipa_limit"), recorded on real KVM by
 * kvmsim capture, which asks these capabilities.  On real KVM a row runs on
 * its own host only (require_host(): tests/real/suites-real.sh says which
 * host it booted).
 */
#include <criterion/criterion.h>

#include "kvm_util.h"

/* ---- KVM_CHECK_EXTENSION ------------------------------------------------- */

/* real-K-pauth-mte.host "features ..." and "ipa_limit". */
struct cap_case {
	char kernel[KERNEL_NAME_MAX];
	char host[24];
	char name[24];
	long cap;
	long want;
};

#define CAP_ROWS(kernel, host, ipa)					\
	{ kernel, host, "el1-32bit", KVM_CAP_ARM_EL1_32BIT, 1 },	\
	{ kernel, host, "pmu-v3", KVM_CAP_ARM_PMU_V3, 1 },		\
	{ kernel, host, "sve", KVM_CAP_ARM_SVE, 1 },			\
	{ kernel, host, "vm-ipa-size", KVM_CAP_ARM_VM_IPA_SIZE, ipa }

static struct cap_case cap_cases[] = {
	CAP_ROWS("6.1", HOST_PAUTH_MTE, 48),
	CAP_ROWS("6.12", HOST_PAUTH_MTE, 52),
};

TEST_CASES(host, caps, cap_cases)
ParameterizedTest(struct cap_case *c, host, caps)
{
	const struct result want = RET(c->want);
	int kvm, vm;

	require_host(c->host);
	kvm = kvm_open(c->kernel);
	vm = kvm_create_vm(kvm, 0);
	expect_result(__kvm_check_extension(kvm, c->cap), &want, "%s %s: %s on /dev/kvm",
		      c->kernel, c->host, c->name);
	expect_result(__kvm_check_extension(vm, c->cap), &want, "%s %s: %s on a VM",
		      c->kernel, c->host, c->name);
	kvm_close(vm);
	kvm_close(kvm);
}
