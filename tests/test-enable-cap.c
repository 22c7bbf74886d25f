// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KVM_ENABLE_CAP: which capabilities a VM takes, with which flags and
 * arguments, before and after it has vCPUs or memory; the dirty rings and
 * the vCPU pages that come with them.
 *
 * Expected values: tests/conform/real-*.txt, section "enable_cap".
 */
#include <signal.h>

#include <criterion/criterion.h>

#include "kvm_util.h"

#define KVM_DIRTY_LOG_PAGE_OFFSET_ARM64	64

/* What the VM has when the capability is enabled. */
enum vm_state {
	NEW_VM,
	AFTER_VCPU,	/* vCPU 0 exists */
	AFTER_MEMSLOT,	/* a memory slot exists, no vCPU */
};

struct enable_cap_case {
	char kernel[KERNEL_NAME_MAX];
	enum kvm_fd_kind fd;
	enum vm_state state;
	char name[40];
	uint32_t cap;
	uint32_t flags;
	uint64_t arg0;
	struct result want;
};

#define CAP(name)	#name, KVM_CAP_##name

static struct enable_cap_case enable_cap_cases[] = {
	/* real-*.txt "vm KVM_ENABLE_CAP cap=" */
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(ARM_NISV_TO_USER), 0, 0, RET(0)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(ARM_NISV_TO_USER), 1, 0, ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(ARM_NISV_TO_USER), 0, 1, RET(0)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(IRQCHIP), 0, 0, ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(USER_MEMORY), 0, 0, ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, "9999", 9999, 0, 0, ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, "0x80000000", 0x80000000, 0, 0, ERR(EINVAL)),
	/* The poll time is a u32 of nanoseconds. */
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(HALT_POLL), 0, 1000, RET(0)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(HALT_POLL), 0, 1ULL << 32, ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(HALT_POLL), 0, 0xffffffff, RET(0)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(HALT_POLL), 1, 1000, ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(ARM_SYSTEM_SUSPEND), 0, 0, RET(0)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(ARM_SYSTEM_SUSPEND), 1, 0, ERR(EINVAL)),
	/* ENABLE (bit 0) and INITIALLY_SET (bit 1), the latter only with the former. */
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(MANUAL_DIRTY_LOG_PROTECT2), 0, 0, RET(0)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(MANUAL_DIRTY_LOG_PROTECT2), 0, 1, RET(0)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(MANUAL_DIRTY_LOG_PROTECT2), 0, 2, ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(MANUAL_DIRTY_LOG_PROTECT2), 0, 3, RET(0)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(MANUAL_DIRTY_LOG_PROTECT2), 0, 4, ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(MANUAL_DIRTY_LOG_PROTECT2), 1, 1, ERR(EINVAL)),
	/* Eager page splitting is 6.12's: 0 (off) or a supported block size. */
	ON_6_1(VM_FD, NEW_VM, CAP(ARM_EAGER_SPLIT_CHUNK_SIZE), 0, 0, ERR(EINVAL)),
	ON_6_1(VM_FD, NEW_VM, CAP(ARM_EAGER_SPLIT_CHUNK_SIZE), 0, 0x1000, ERR(EINVAL)),
	ON_6_1(VM_FD, NEW_VM, CAP(ARM_EAGER_SPLIT_CHUNK_SIZE), 0, 0x200000, ERR(EINVAL)),
	ON_6_12(VM_FD, NEW_VM, CAP(ARM_EAGER_SPLIT_CHUNK_SIZE), 0, 0, RET(0)),
	ON_6_12(VM_FD, NEW_VM, CAP(ARM_EAGER_SPLIT_CHUNK_SIZE), 0, 0x1000, RET(0)),
	ON_6_12(VM_FD, NEW_VM, CAP(ARM_EAGER_SPLIT_CHUNK_SIZE), 0, 0x200000, RET(0)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(ARM_EAGER_SPLIT_CHUNK_SIZE), 0, 12345, ERR(EINVAL)),
	/* No MTE under the harness's "-cpu max"; no ring to add a bitmap to. */
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(ARM_MTE), 0, 0, ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, NEW_VM, CAP(DIRTY_LOG_RING_WITH_BITMAP), 0, 0, ERR(EINVAL)),
	/* real-*.txt "vm.after-vcpu KVM_ENABLE_CAP cap=" */
	ON_ALL_KERNELS(VM_FD, AFTER_VCPU, CAP(ARM_MTE), 0, 0, ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, AFTER_VCPU, CAP(ARM_NISV_TO_USER), 0, 0, RET(0)),
	ON_ALL_KERNELS(VM_FD, AFTER_VCPU, CAP(ARM_SYSTEM_SUSPEND), 0, 0, RET(0)),
	ON_ALL_KERNELS(VM_FD, AFTER_VCPU, CAP(HALT_POLL), 0, 500, RET(0)),
	ON_ALL_KERNELS(VM_FD, AFTER_VCPU, CAP(MANUAL_DIRTY_LOG_PROTECT2), 0, 1, RET(0)),
	ON_ALL_KERNELS(VM_FD, AFTER_VCPU, CAP(DIRTY_LOG_RING_ACQ_REL), 0, 4096, ERR(EINVAL)),
	ON_6_1(VM_FD, AFTER_VCPU, CAP(ARM_EAGER_SPLIT_CHUNK_SIZE), 0, 0, ERR(EINVAL)),
	ON_6_12(VM_FD, AFTER_VCPU, CAP(ARM_EAGER_SPLIT_CHUNK_SIZE), 0, 0, RET(0)),
	/* real-*.txt "enable_cap.mte.after-memslot KVM_ENABLE_CAP cap=KVM_CAP_ARM_MTE(205)" */
	ON_ALL_KERNELS(VM_FD, AFTER_MEMSLOT, CAP(ARM_MTE), 0, 0, ERR(EINVAL)),
	/* real-*.txt "vcpu0 KVM_ENABLE_CAP cap=", "sys KVM_ENABLE_CAP cap=": VMs only. */
	ON_ALL_KERNELS(VCPU_FD, NEW_VM, CAP(ARM_NISV_TO_USER), 0, 0, ERR(EINVAL)),
	ON_ALL_KERNELS(VCPU_FD, NEW_VM, CAP(IRQCHIP), 0, 0, ERR(EINVAL)),
	ON_ALL_KERNELS(VCPU_FD, NEW_VM, CAP(HALT_POLL), 0, 1000, ERR(EINVAL)),
	ON_ALL_KERNELS(SYS_FD, NEW_VM, CAP(ARM_NISV_TO_USER), 0, 0, ERR(EINVAL)),
	ON_ALL_KERNELS(SYS_FD, NEW_VM, CAP(IRQCHIP), 0, 0, ERR(EINVAL)),
};

static int fd_for(const struct enable_cap_case *c)
{
	int vm, vcpu;

	if (c->fd == SYS_FD)
		return kvm_open(c->kernel);
	vm = vm_create(c->kernel);
	vcpu = c->fd == VCPU_FD || c->state == AFTER_VCPU ? vm_create_vcpu(vm, 0) : -1;
	if (c->state == AFTER_MEMSLOT)
		vm_set_user_memory_region(vm, 0, 0, 0x100000, 0x10000,
					  (uintptr_t)test_mem(0x10000, PROT_READ | PROT_WRITE));
	return c->fd == VCPU_FD ? vcpu : vm;
}

TEST_CASES(enable_cap, enable, enable_cap_cases)
ParameterizedTest(struct enable_cap_case *c, enable_cap, enable)
{
	int fd = fd_for(c);

	assert_result(__kvm_enable_cap(fd, c->cap, c->flags, c->arg0), &c->want,
		      "%s: %s KVM_ENABLE_CAP %s flags=%#x args[0]=%#llx", c->kernel,
		      fd_kind_name(c->fd), c->name, c->flags, (unsigned long long)c->arg0);
}

/*
 * real-*.txt "vm KVM_ENABLE_CAP cap=KVM_CAP_ARM_NISV_TO_USER(177) flags=0x0 args=0x0,0x0 -> 0",
 * twice
 */
KERNEL_TEST(enable_cap, nisv_to_user_twice)
{
	int vm = vm_create(kernel->name);

	assert_ret(__kvm_enable_cap(vm, KVM_CAP_ARM_NISV_TO_USER, 0, 0), 0);
	assert_ret(__kvm_enable_cap(vm, KVM_CAP_ARM_NISV_TO_USER, 0, 0), 0);
}

/*
 * real-*.txt "vm KVM_ENABLE_CAP cap=KVM_CAP_ARM_SYSTEM_SUSPEND(216) flags=0x0 args=0x0,0x0 -> 0",
 * twice
 */
KERNEL_TEST(enable_cap, system_suspend_twice)
{
	int vm = vm_create(kernel->name);

	assert_ret(__kvm_enable_cap(vm, KVM_CAP_ARM_SYSTEM_SUSPEND, 0, 0), 0);
	assert_ret(__kvm_enable_cap(vm, KVM_CAP_ARM_SYSTEM_SUSPEND, 0, 0), 0);
}

/* ---- dirty rings ------------------------------------------------------- */

/*
 * Ring sizes, each on a new VM.  The plain ring (192) is x86's, never
 * arm64's; the acquire/release one (223) is 6.12's: a power of two, at
 * least a page of entries (16 bytes each) and at most 1 MiB.
 * real-*.txt "enable_cap.ring KVM_ENABLE_CAP cap=KVM_CAP_DIRTY_LOG_RING(192)" and
 * "cap=KVM_CAP_DIRTY_LOG_RING_ACQ_REL(223)"
 */
struct ring_case {
	char kernel[KERNEL_NAME_MAX];
	uint32_t cap;
	uint64_t size;
	struct result want;
};

#define ALL_SIZES(kernel, cap, want)					\
	{ kernel, cap, 0, want }, { kernel, cap, 1000, want },		\
	{ kernel, cap, 1024, want }, { kernel, cap, 2048, want },	\
	{ kernel, cap, 4096, want }, { kernel, cap, 8192, want },	\
	{ kernel, cap, 65536, want }, { kernel, cap, 1 << 20, want },	\
	{ kernel, cap, 1 << 21, want }, { kernel, cap, 1ULL << 32, want }

static struct ring_case absent_ring_cases[] = {
	ALL_SIZES("6.1", KVM_CAP_DIRTY_LOG_RING, ERR(EINVAL)),
	ALL_SIZES("6.12", KVM_CAP_DIRTY_LOG_RING, ERR(EINVAL)),
	ALL_SIZES("6.1", KVM_CAP_DIRTY_LOG_RING_ACQ_REL, ERR(EINVAL)),
};

static struct ring_case acq_rel_ring_cases[] = {
	ON_6_12(KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 0, ERR(EINVAL)),
	ON_6_12(KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 1000, ERR(EINVAL)),
	ON_6_12(KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 1024, ERR(EINVAL)),
	ON_6_12(KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 2048, ERR(EINVAL)),
	ON_6_12(KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 4096, RET(0)),
	ON_6_12(KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 8192, RET(0)),
	ON_6_12(KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 65536, RET(0)),
	ON_6_12(KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 1 << 20, RET(0)),
	ON_6_12(KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 1 << 21, ERR(E2BIG)),
	ON_6_12(KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 1ULL << 32, ERR(EINVAL)),
};

static void enable_ring(const struct ring_case *c)
{
	int vm = vm_create(c->kernel);

	assert_result(__kvm_enable_cap(vm, c->cap, 0, c->size), &c->want,
		      "%s: KVM_ENABLE_CAP cap=%u size=%#llx", c->kernel, c->cap,
		      (unsigned long long)c->size);
}

TEST_CASES(enable_cap, dirty_ring_absent, absent_ring_cases)
ParameterizedTest(struct ring_case *c, enable_cap, dirty_ring_absent)
{
	enable_ring(c);
}

TEST_CASES(enable_cap, dirty_ring_acq_rel_size_on_6_12, acq_rel_ring_cases)
ParameterizedTest(struct ring_case *c, enable_cap, dirty_ring_acq_rel_size_on_6_12)
{
	enable_ring(c);
}

/*
 * 6.1 has no ring: every enable is refused, the vCPU's page 64 maps like
 * any page past the ring (SIGBUS when touched), KVM_RESET_DIRTY_RINGS is
 * unknown.  real-6.1.txt "enable_cap.ring KVM_ENABLE_CAP", "enable_cap.ring.twice",
 * "enable_cap.ring.other-size", "enable_cap.ring.plain-after-acq-rel",
 * "enable_cap.ring.with-bitmap", "enable_cap.ring.vcpu0"
 */
Test(enable_cap, dirty_ring_on_6_1_is_absent_and_page_64_faults)
{
	int vm = vm_create("6.1");
	int vcpu;
	uint8_t *p, v;

	assert_errno(__kvm_enable_cap(vm, KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 1, 4096), EINVAL);
	assert_errno(__kvm_enable_cap(vm, KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 0, 4096), EINVAL);
	assert_errno(__kvm_enable_cap(vm, KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 0, 8192), EINVAL);
	assert_errno(__kvm_enable_cap(vm, KVM_CAP_DIRTY_LOG_RING, 0, 4096), EINVAL);
	assert_errno(__kvm_enable_cap(vm, KVM_CAP_DIRTY_LOG_RING_WITH_BITMAP, 0, 0), EINVAL);
	vcpu = vm_create_vcpu(vm, 0);
	p = kvm_mmap(vcpu, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		     KVM_DIRTY_LOG_PAGE_OFFSET_ARM64);
	cr_assert_eq(probe_read(p, &v), SIGBUS, "page 64");
	munmap(p, PAGE_SIZE);
	p = kvm_mmap(vcpu, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		     KVM_DIRTY_LOG_PAGE_OFFSET_ARM64);
	cr_assert_eq(probe_read(p + PAGE_SIZE, &v), SIGBUS, "page 65");
	munmap(p, 2 * PAGE_SIZE);
	p = kvm_mmap(vcpu, PAGE_SIZE, PROT_READ, MAP_PRIVATE, KVM_DIRTY_LOG_PAGE_OFFSET_ARM64);
	munmap(p, PAGE_SIZE);
	p = kvm_mmap(vcpu, PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_SHARED,
		     KVM_DIRTY_LOG_PAGE_OFFSET_ARM64);
	munmap(p, PAGE_SIZE);
	assert_errno(__vm_ioctl(vm, KVM_RESET_DIRTY_RINGS, 0), EINVAL);
}

/*
 * 6.12: a ring of 4096 bytes, enabled once (flags are not looked at); the
 * bitmap may then be added; each vCPU maps its ring at page 64, shared and
 * not executable only.  real-6.12.txt the same lines as above.
 */
Test(enable_cap, dirty_ring_on_6_12_maps_at_page_64)
{
	int vm = vm_create("6.12");
	int vcpu;
	uint8_t *p, v = 0xff;

	assert_ret(__kvm_enable_cap(vm, KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 1, 4096), 0);
	assert_errno(__kvm_enable_cap(vm, KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 0, 4096), EINVAL);
	assert_errno(__kvm_enable_cap(vm, KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 0, 4096), EINVAL);
	assert_errno(__kvm_enable_cap(vm, KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 0, 8192), EINVAL);
	assert_errno(__kvm_enable_cap(vm, KVM_CAP_DIRTY_LOG_RING, 0, 4096), EINVAL);
	assert_ret(__kvm_enable_cap(vm, KVM_CAP_DIRTY_LOG_RING_WITH_BITMAP, 0, 0), 0);
	vcpu = vm_create_vcpu(vm, 0);
	p = kvm_mmap(vcpu, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		     KVM_DIRTY_LOG_PAGE_OFFSET_ARM64);
	cr_assert_eq(probe_read(p, &v), 0, "page 64");
	cr_assert_eq(v, 0);
	munmap(p, PAGE_SIZE);
	p = kvm_mmap(vcpu, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		     KVM_DIRTY_LOG_PAGE_OFFSET_ARM64);
	cr_assert_eq(probe_read(p + PAGE_SIZE, &v), SIGBUS, "page 65, past the ring");
	munmap(p, 2 * PAGE_SIZE);
	cr_assert_eq(__kvm_mmap(vcpu, PAGE_SIZE, PROT_READ, MAP_PRIVATE,
				KVM_DIRTY_LOG_PAGE_OFFSET_ARM64), MAP_FAILED);
	cr_assert_eq(errno, EINVAL, "private mapping: %s", errno_name(errno));
	cr_assert_eq(__kvm_mmap(vcpu, PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_SHARED,
				KVM_DIRTY_LOG_PAGE_OFFSET_ARM64), MAP_FAILED);
	cr_assert_eq(errno, EINVAL, "executable mapping: %s", errno_name(errno));
	assert_ret(__vm_ioctl(vm, KVM_RESET_DIRTY_RINGS, 0), 0);
}
