// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Making VMs and vCPUs: KVM_CREATE_VM types (IPA sizes), KVM_CREATE_VCPU
 * ids, limits and the order of its checks, KVM_ARM_PREFERRED_TARGET.
 *
 * Expected values: tests/conform/real-*.txt, sections "create_vm" and
 * "create_vcpu"; each group cites its lines' prefix.
 */
#include <criterion/criterion.h>

#include "kvm_util.h"

/* ---- KVM_CREATE_VM ---------------------------------------------------- */

/*
 * The type's low byte is the IPA size in bits (0: the default, 40); each
 * row is a range of types with the same answer.  The sizes above 48 are
 * the host CPU's: a row per host (the last column).
 * real-*.txt and real-*-n1.txt "create_vm.ipaN KVM_CREATE_VM type=",
 * real-*.txt "create_vm.odd KVM_CREATE_VM type="
 */
struct vm_type_case {
	char kernel[KERNEL_NAME_MAX];
	unsigned long first, last;
	struct result want;
	char host[24];	/* "": every host; else the host CPU (require_host_cpu()) */
};

static struct vm_type_case vm_type_cases[] = {
	ON_ALL_KERNELS(0, 0, NEW_FD),
	ON_ALL_KERNELS(1, 1, ERR(EINVAL)),
	ON_ALL_KERNELS(31, 31, ERR(EINVAL)),
	ON_ALL_KERNELS(32, 48, NEW_FD),
	/*
	 * 6.12 on qemu-max offers 52-bit IPAs; 6.1 stops at 48, and so does
	 * 6.12 on qemu-n1 (no LPA2): real-6.12-n1.txt "create_vm.ipa49
	 * KVM_CREATE_VM type=0x31 -> -1 EINVAL" to "create_vm.ipa52".
	 */
	ON_6_1(49, 52, ERR(EINVAL)),
	ON_6_12(49, 52, NEW_FD, HOST_DEFAULT),
	ON_6_12(49, 52, ERR(EINVAL), HOST_N1),
	ON_ALL_KERNELS(53, 53, ERR(EINVAL)),
	/* Bits above the IPA size field. */
	ON_ALL_KERNELS(0xff, 0xff, ERR(EINVAL)),
	ON_ALL_KERNELS(0x100, 0x100, ERR(EINVAL)),
	ON_ALL_KERNELS(0x80000000, 0x80000000, ERR(EINVAL)),
	ON_ALL_KERNELS(0x100000000, 0x100000000, ERR(EINVAL)),
	ON_ALL_KERNELS(0x100000028, 0x100000028, ERR(EINVAL)),
	ON_ALL_KERNELS(~0UL, ~0UL, ERR(EINVAL)),
};

TEST_CASES(vm, create_vm_of_type, vm_type_cases)
ParameterizedTest(struct vm_type_case *c, vm, create_vm_of_type)
{
	int kvm;

	require_host_cpu(c->host);
	kvm = kvm_open(c->kernel);

	for (unsigned long type = c->first; type >= c->first && type <= c->last; type++) {
		int vm;

		assert_result(vm = __kvm_create_vm(kvm, type), &c->want,
			      "%s: KVM_CREATE_VM type=%#lx", c->kernel, type);
		if (vm >= 0)
			kvm_close(vm);
	}
}

struct ipa_limit_case {
	char kernel[KERNEL_NAME_MAX];
	char host[24];
	long limit;
};

/*
 * The host's IPA limit: 52 bits on 6.12 on qemu-max, 48 on 6.1 and on
 * qemu-n1.  real-*.txt and real-*-n1.txt "create_vm.ipaN KVM_CHECK_EXTENSION
 * cap=KVM_CAP_ARM_VM_IPA_SIZE(165) -> ..."
 */
static struct ipa_limit_case ipa_limit_cases[] = {
	ON_6_1(HOST_DEFAULT, 48),
	ON_6_12(HOST_DEFAULT, 52),
	ON_ALL_KERNELS(HOST_N1, 48),
};

/* A VM reports the host's IPA limit, whatever size it was made with. */
TEST_CASES(vm, ipa_size_cap_is_the_host_limit_for_every_vm, ipa_limit_cases)
ParameterizedTest(struct ipa_limit_case *c, vm, ipa_size_cap_is_the_host_limit_for_every_vm)
{
	long limit = c->limit;
	int kvm;

	require_host_cpu(c->host);
	kvm = kvm_open(c->kernel);
	for (unsigned long type = 0; type <= (unsigned long)limit; type++) {
		int vm;

		if (type >= 1 && type <= 31)
			continue;
		vm = kvm_create_vm(kvm, type);
		cr_expect_eq(kvm_check_extension(vm, KVM_CAP_ARM_VM_IPA_SIZE), limit,
			     "VM of type %#lx", type);
		kvm_close(vm);
	}
}

/* ---- KVM_CREATE_VCPU -------------------------------------------------- */

/*
 * Ids tried on a VM that has vCPUs 0, 1 and 511.  6.1 takes the id as a
 * u32: 2^32 + n is vCPU n (EEXIST when it exists); 6.12 refuses it.
 * real-*.txt "create_vcpu KVM_CREATE_VCPU id=", "create_vcpu.dup KVM_CREATE_VCPU id=0x0"
 */
struct vcpu_id_case {
	char kernel[KERNEL_NAME_MAX];
	unsigned long id;
	struct result want;
};

static struct vcpu_id_case vcpu_id_cases[] = {
	ON_ALL_KERNELS(512, ERR(EINVAL)),
	ON_ALL_KERNELS(1000, ERR(EINVAL)),
	ON_ALL_KERNELS(0, ERR(EEXIST)),
	ON_6_1(0x100000000, ERR(EEXIST)),
	ON_6_1(0x100000001, ERR(EEXIST)),
	ON_6_1(0x100000002, NEW_FD),
	ON_6_12(0x100000000, ERR(EINVAL)),
	ON_6_12(0x100000001, ERR(EINVAL)),
	ON_6_12(0x100000002, ERR(EINVAL)),
	ON_ALL_KERNELS(0xffffffff, ERR(EINVAL)),
	ON_ALL_KERNELS(0x80000000, ERR(EINVAL)),
	ON_ALL_KERNELS(~0UL, ERR(EINVAL)),
};

TEST_CASES(vm, create_vcpu_next_to_0_1_and_511, vcpu_id_cases)
ParameterizedTest(struct vcpu_id_case *c, vm, create_vcpu_next_to_0_1_and_511)
{
	int vm = vm_create(c->kernel);

	vm_create_vcpu(vm, 0);
	vm_create_vcpu(vm, 1);
	vm_create_vcpu(vm, 511);
	assert_result(__vm_create_vcpu(vm, c->id), &c->want, "%s: KVM_CREATE_VCPU id=%#lx",
		      c->kernel, c->id);
}

/*
 * An id above 32 bits, then its low half, on a new VM.
 * real-*.txt "create_vcpu.trunc KVM_CREATE_VCPU id=" and "create_vcpu.trunc.then"
 */
struct vcpu_trunc_case {
	char kernel[KERNEL_NAME_MAX];
	unsigned long id;
	struct result want;
	struct result low_half;	/* then KVM_CREATE_VCPU (uint32_t)id */
};

static struct vcpu_trunc_case vcpu_trunc_cases[] = {
	ON_6_1(0x100000000, NEW_FD, ERR(EEXIST)),
	ON_6_1(0x100000005, NEW_FD, ERR(EEXIST)),
	ON_6_12(0x100000000, ERR(EINVAL), NEW_FD),
	ON_6_12(0x100000005, ERR(EINVAL), NEW_FD),
};

TEST_CASES(vm, create_vcpu_of_a_64_bit_id, vcpu_trunc_cases)
ParameterizedTest(struct vcpu_trunc_case *c, vm, create_vcpu_of_a_64_bit_id)
{
	int vm = vm_create(c->kernel);
	unsigned long low = (uint32_t)c->id;

	assert_result(__vm_create_vcpu(vm, c->id), &c->want, "%s: KVM_CREATE_VCPU id=%#lx",
		      c->kernel, c->id);
	assert_result(__vm_create_vcpu(vm, low), &c->low_half, "%s: then KVM_CREATE_VCPU id=%#lx",
		      c->kernel, low);
}

/*
 * Ids 0 to 511 all create; then the count check (created == max_vcpus)
 * comes before the duplicate check: id 0 again is EINVAL, not EEXIST.
 * real-*.txt "create_vcpu.max KVM_CREATE_VCPU id=0..n-1 until failure -> 512",
 * "create_vcpu.max KVM_CREATE_VCPU id=512 (first failure) -> -1 EINVAL",
 * "create_vcpu.max.dup", "create_vcpu.max.again", "create_vcpu.max.vm KVM_CHECK_EXTENSION"
 */
KERNEL_TEST(vm, create_vcpu_beyond_512_is_einval_before_eexist)
{
	int vm = vm_create(kernel->name);

	for (unsigned long id = 0; id < 512; id++)
		vm_create_vcpu(vm, id);
	assert_errno(__vm_create_vcpu(vm, 512), EINVAL);
	assert_errno(__vm_create_vcpu(vm, 0), EINVAL);
	assert_errno(__vm_create_vcpu(vm, 512), EINVAL);
	assert_ret(__kvm_check_extension(vm, KVM_CAP_MAX_VCPUS), 512);
}

/*
 * The limit is on ids, not only on their count: a VM with no other vCPU
 * still refuses 512.  real-*.txt "create_vcpu.sparse KVM_CREATE_VCPU id="
 */
KERNEL_TEST(vm, create_vcpu_limit_is_on_ids)
{
	int vm = vm_create(kernel->name);

	vm_create_vcpu(vm, 510);
	vm_create_vcpu(vm, 511);
	assert_errno(__vm_create_vcpu(vm, 512), EINVAL);
}

/*
 * real-*.txt "create_vcpu.vm KVM_CHECK_EXTENSION cap=KVM_CAP_MAX_VCPUS(66) -> 512",
 * "create_vcpu.vm KVM_CHECK_EXTENSION cap=KVM_CAP_MAX_VCPU_ID(128) -> 512"
 */
KERNEL_TEST(vm, max_vcpus_and_max_vcpu_id_are_512)
{
	int vm = vm_create(kernel->name);

	vm_create_vcpu(vm, 0);
	assert_ret(__kvm_check_extension(vm, KVM_CAP_MAX_VCPUS), 512);
	assert_ret(__kvm_check_extension(vm, KVM_CAP_MAX_VCPU_ID), 512);
}

/* ---- KVM_ARM_PREFERRED_TARGET ----------------------------------------- */

/*
 * Target 5 (KVM_ARM_TARGET_GENERIC_V8) and no feature bits: every byte of
 * the struct is written.
 * real-*.txt "vm KVM_ARM_PREFERRED_TARGET buf -> 0 target=5 features=0x0,..."
 */
KERNEL_TEST(vm, preferred_target_is_generic_v8_without_features)
{
	int vm = vm_create(kernel->name);
	struct kvm_vcpu_init init;

	memset(&init, 0xff, sizeof(init));
	vm_ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init);
	cr_assert_eq(init.target, 5);
	for (int i = 0; i < 7; i++)
		cr_expect_eq(init.features[i], 0, "features[%d] = %#x", i, init.features[i]);
}
