// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The Memory Tagging Extension: KVM_CAP_ARM_MTE (only on a host with MTE,
 * only before the VM's first vCPU), what it gives the VM's vCPUs (the four
 * tag registers, MTE in ID_AA64PFR1_EL1, no 32-bit EL1), the memory a slot
 * of such a VM may use (6.1 refuses shared mappings, 6.12 memory that
 * cannot hold tags), and KVM_ARM_MTE_COPY_TAGS: its checks, partial
 * copies, tags going in and coming back, 6.12's refusal while dirty pages
 * are logged.
 *
 * Two host CPUs: the harness's default, without MTE, and qemu-max-pauth-mte
 * (tests/real/hosts.sh).  Expected values: tests/conform/real-*.txt
 * (default host) and real-*-pauth-mte.txt, section "arm64.mte".
 *
 * The harness's qemu (7.2, TCG) keeps one tag for all the even and one for
 * all the odd granules of a page: the tags written here are constant per
 * page and parity, so that real KVM there and on any correct CPU agree.
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kvm_util.h"

#define PSCI		FEATURE(PSCI_0_2)
#define TAGS_PER_PAGE	(PAGE_SIZE / 16)
#define GPA		0x10000000ULL	/* the main slot; a hole after it */
#define NR_PAGES	4
#define END_GPA		(GPA + NR_PAGES * PAGE_SIZE)
#define RESET_UNKNOWN	0x1de7ec7edbadc0deULL

#define RGSR_EL1	ARM64_SYS_REG(3, 0, 1, 0, 5)
#define GCR_EL1		ARM64_SYS_REG(3, 0, 1, 0, 6)
#define TFSR_EL1	ARM64_SYS_REG(3, 0, 5, 6, 0)
#define TFSRE0_EL1	ARM64_SYS_REG(3, 0, 5, 6, 1)
#define CPACR_EL1	ARM64_SYS_REG(3, 0, 1, 0, 2)
#define ESR_EL1		ARM64_SYS_REG(3, 0, 5, 2, 0)
#define ID_AA64PFR1	ARM64_SYS_REG(3, 0, 0, 4, 1)
#define CLIDR_EL1	ARM64_SYS_REG(3, 1, 0, 0, 1)
#define PFR1_MTE	(0xfULL << 8)

static const uint64_t tag_regs[] = { RGSR_EL1, GCR_EL1, TFSR_EL1, TFSRE0_EL1 };

/* ---- helpers ---------------------------------------------------------------- */

/* The MTE host (the simulator models it; real KVM: skip without MTE). */
static void mte_host(void)
{
	require_host_cap(HOST_PAUTH_MTE, KVM_CAP_ARM_MTE);
}

/* The default host, which has no MTE (real KVM: skip where it has). */
static void no_mte_host(void)
{
	require_host_without_cap(KVM_CAP_ARM_MTE);
}

static int __enable_mte(int vm, uint32_t flags, uint64_t arg0, uint64_t arg1)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_ARM_MTE, .flags = flags, .args = { arg0, arg1 },
	};

	return (int)__vm_ioctl(vm, KVM_ENABLE_CAP, &cap);
}

/* A VM of @kernel with MTE enabled. */
static int vm_create_mte(const char *kernel)
{
	int vm = vm_create(kernel);

	vm_enable_cap(vm, KVM_CAP_ARM_MTE, 0);
	return vm;
}

static long __copy_tags(int vm, uint64_t ipa, uint64_t len, const void *tags, uint64_t flags)
{
	struct kvm_arm_copy_mte_tags ct = {
		.guest_ipa = ipa, .length = len, .addr = (void *)tags, .flags = flags,
	};

	return __vm_ioctl(vm, KVM_ARM_MTE_COPY_TAGS, &ct);
}

/* A copy that must do all of @len bytes of guest memory. */
static void copy_tags(int vm, uint64_t ipa, uint64_t len, const void *tags, uint64_t flags)
{
	long r = __copy_tags(vm, ipa, len, tags, flags);

	TEST_ASSERT(r == (long)len, "KVM_ARM_MTE_COPY_TAGS ipa=%#llx len=%#llx flags=%#llx: %s",
		    (unsigned long long)ipa, (unsigned long long)len,
		    (unsigned long long)flags, result_str(r, errno));
}

/* The tags of @pages pages from @ipa, into a buffer of 0xee first. */
static uint8_t *read_tags(int vm, uint64_t ipa, size_t pages)
{
	static uint8_t tags[NR_PAGES * TAGS_PER_PAGE];

	TEST_ASSERT(pages <= NR_PAGES, "read_tags: %zu pages", pages);
	memset(tags, 0xee, sizeof(tags));
	copy_tags(vm, ipa, pages * PAGE_SIZE, tags, KVM_ARM_TAGS_FROM_GUEST);
	return tags;
}

/* Tag bytes for page @page: its own value, another one on the odd granules. */
static uint8_t pattern(unsigned int page, size_t i)
{
	static const uint8_t even[] = { 0x93, 0xbc, 0x4e, 0x71 };
	static const uint8_t odd[] = { 0x3a, 0x15, 0xd6, 0x28 };

	return i & 1 ? odd[page % 4] : even[page % 4];
}

static void fill_pattern(uint8_t *tags, unsigned int first_page, size_t pages)
{
	for (size_t p = 0; p < pages; p++)
		for (size_t i = 0; i < TAGS_PER_PAGE; i++)
			tags[p * TAGS_PER_PAGE + i] = pattern(first_page + (unsigned int)p, i);
}

/* What reads back: a tag is 4 bits. */
static void expect_pattern(const uint8_t *tags, unsigned int first_page, size_t pages)
{
	for (size_t p = 0; p < pages; p++)
		for (size_t i = 0; i < TAGS_PER_PAGE; i++)
			cr_expect_eq(tags[p * TAGS_PER_PAGE + i],
				     pattern(first_page + (unsigned int)p, i) & 0xf,
				     "page %zu tag %zu: %#x", p, i, tags[p * TAGS_PER_PAGE + i]);
}

static void expect_zero_tags(const uint8_t *tags, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cr_expect_eq(tags[i], 0, "tag %zu: %#x", i, tags[i]);
}

/* A VM with MTE and NR_PAGES pages of anonymous memory at GPA (slot 0). */
static int vm_with_memory(const char *kernel, uint8_t **ret_mem)
{
	int vm = vm_create_mte(kernel);
	uint8_t *mem = test_mem(NR_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE);

	vm_set_user_memory_region(vm, 0, 0, GPA, NR_PAGES * PAGE_SIZE, (uintptr_t)mem);
	if (ret_mem)
		*ret_mem = mem;
	return vm;
}

/*
 * A tag buffer of @before bytes followed by a PROT_NONE page: copies in
 * or out of it fault after @before bytes.
 */
static uint8_t *buffer_before_fault(size_t before)
{
	uint8_t *p = test_mem(2 * PAGE_SIZE, PROT_READ | PROT_WRITE);

	TEST_ASSERT(mprotect(p + PAGE_SIZE, PAGE_SIZE, PROT_NONE) == 0, "mprotect: %s",
		    errno_name(errno));
	return p + PAGE_SIZE - before;
}

/* ---- KVM_CAP_ARM_MTE ---------------------------------------------------------- */

/* real-*-pauth-mte.txt "mte KVM_CHECK_EXTENSION ... -> 1", "mte.cap.vm ... -> 1"; real-*.txt: 0 */
struct cap_case {
	char kernel[KERNEL_NAME_MAX];
	bool host_mte;
	long want;
};

static struct cap_case cap_cases[] = {
	ON_ALL_KERNELS(true, 1),
	ON_ALL_KERNELS(false, 0),
};

TEST_CASES(mte, check_extension, cap_cases)
ParameterizedTest(struct cap_case *c, mte, check_extension)
{
	int kvm, vm;

	if (c->host_mte)
		mte_host();
	else
		no_mte_host();
	kvm = kvm_open(c->kernel);
	vm = kvm_create_vm(kvm, 0);
	expect_ret(__kvm_check_extension(kvm, KVM_CAP_ARM_MTE), c->want);
	expect_ret(__kvm_check_extension(vm, KVM_CAP_ARM_MTE), c->want);
}

/*
 * real-*-pauth-mte.txt "mte.cap.flags ... flags=0x1 ... -> -1 EINVAL",
 * "mte.cap.args ... args=0x1,0xffffffffffffffff -> 0"; real-*.txt
 * "mte.nohost KVM_ENABLE_CAP ... -> -1 EINVAL".
 */
struct enable_case {
	char kernel[KERNEL_NAME_MAX];
	char name[16];
	bool host_mte;
	uint32_t flags;
	uint64_t arg0, arg1;
	struct result want;
};

#define ENABLE_ROWS(mte, ok)							\
	ON_ALL_KERNELS("plain", mte, 0, 0, 0, ok),				\
	ON_ALL_KERNELS("args", mte, 0, 1, ~0ULL, ok),				\
	ON_ALL_KERNELS("flags", mte, 1, 0, 0, ERR(EINVAL)),			\
	ON_ALL_KERNELS("flags-high", mte, 0x80000000u, 0, 0, ERR(EINVAL))

static struct enable_case enable_cases[] = {
	ENABLE_ROWS(true, RET(0)),
	ENABLE_ROWS(false, ERR(EINVAL)),
};

TEST_CASES(mte, enable_cap, enable_cases)
ParameterizedTest(struct enable_case *c, mte, enable_cap)
{
	int vm;

	if (c->host_mte)
		mte_host();
	else
		no_mte_host();
	vm = vm_create(c->kernel);
	assert_result(__enable_mte(vm, c->flags, c->arg0, c->arg1), &c->want, "%s: %s",
		      c->kernel, c->name);
}

/* real-*-pauth-mte.txt "mte.cap.again ... -> 0", "mte.cap.after-vcpu ... -> -1 EINVAL" */
KERNEL_TEST(mte, enable_twice_then_not_after_a_vcpu)
{
	int vm, vcpu;

	mte_host();
	vm = vm_create(kernel->name);
	expect_ret(__enable_mte(vm, 0, 0, 0), 0);
	expect_ret(__enable_mte(vm, 0, 0, 0), 0);
	vcpu = vm_create_vcpu(vm, 0);
	expect_errno(__enable_mte(vm, 0, 0, 0), EINVAL);
	kvm_close(vcpu);
	expect_errno(__enable_mte(vm, 0, 0, 0), EINVAL);
}

/* real-*-pauth-mte.txt "mte.cap.failed-vcpu KVM_CREATE_VCPU id=0x7fffffff -> -1 EINVAL", then 0 */
KERNEL_TEST(mte, a_refused_vcpu_does_not_count)
{
	int vm;

	mte_host();
	vm = vm_create(kernel->name);
	assert_errno(__vm_create_vcpu(vm, 0x7fffffff), EINVAL);
	expect_ret(__enable_mte(vm, 0, 0, 0), 0);
}

/* ---- the vCPUs of a VM with MTE ------------------------------------------- */

/* real-*-pauth-mte.txt "mte.regs.on get sys:3_0_1_0_5 -> 0 val=0x1de7ec7edbadc0de" and the sets */
KERNEL_TEST(mte, tag_registers)
{
	int vcpu;

	mte_host();
	vcpu = vm_create_vcpu(vm_create_mte(kernel->name), 0);
	for (size_t i = 0; i < ARRAY_SIZE(tag_regs); i++) {
		uint64_t val;

		expect_errno(__vcpu_get_reg(vcpu, tag_regs[i], &val), ENOEXEC);
	}
	vcpu_init(vcpu, PSCI);
	for (size_t i = 0; i < ARRAY_SIZE(tag_regs); i++) {
		cr_expect_eq(vcpu_get_reg(vcpu, tag_regs[i]), RESET_UNKNOWN, "reg %zu", i);
		vcpu_set_reg(vcpu, tag_regs[i], ~0ULL);
		cr_expect_eq(vcpu_get_reg(vcpu, tag_regs[i]), ~0ULL, "reg %zu", i);
		vcpu_set_reg(vcpu, tag_regs[i], 0x123456789abcdef0ULL);
		cr_expect_eq(vcpu_get_reg(vcpu, tag_regs[i]), 0x123456789abcdef0ULL, "reg %zu", i);
	}
	/* real-*-pauth-mte.txt "mte.regs.on.reinit get ... -> 0 val=0x1de7ec7edbadc0de" */
	vcpu_init(vcpu, PSCI);
	for (size_t i = 0; i < ARRAY_SIZE(tag_regs); i++)
		cr_expect_eq(vcpu_get_reg(vcpu, tag_regs[i]), RESET_UNKNOWN, "reg %zu", i);
}

/* real-*-pauth-mte.txt "mte.regs.off get sys:3_0_1_0_5 -> -1 ENOENT", "set ... -> -1 ENOENT" */
KERNEL_TEST(mte, no_tag_registers_without_mte)
{
	int vcpu;

	mte_host();
	vcpu = vcpu_create_init(kernel->name, PSCI);
	for (size_t i = 0; i < ARRAY_SIZE(tag_regs); i++) {
		uint64_t val = 0;

		expect_errno(__vcpu_get_reg(vcpu, tag_regs[i], &val), ENOENT);
		expect_errno(__vcpu_set_reg(vcpu, tag_regs[i], &val), ENOENT);
	}
}

/*
 * real-*-pauth-mte.txt "mte.regs.off KVM_GET_REG_LIST n=0 -> -1 E2BIG n=242"
 * (6.12: 259) and "mte.regs.on ... n=246" (263); "reglist.mte id[...]": the
 * tag registers in encoding order, after CPACR_EL1 and ESR_EL1.
 */
struct list_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t n_off, n_on;
};

static struct list_case list_cases[] = {
	ON_6_1(242, 246),
	ON_6_12(259, 263),
};

static size_t index_of(const struct kvm_reg_list *list, uint64_t id)
{
	for (size_t i = 0; i < list->n; i++)
		if (list->reg[i] == id)
			return i;
	return SIZE_MAX;
}

TEST_CASES(mte, reg_list, list_cases)
ParameterizedTest(struct list_case *c, mte, reg_list)
{
	struct kvm_reg_list *list;
	int off, on;

	mte_host();
	off = vcpu_create_init(c->kernel, PSCI);
	on = vm_create_vcpu(vm_create_mte(c->kernel), 0);
	vcpu_init(on, PSCI);
	cr_expect_eq(vcpu_get_reg_list(off)->n, c->n_off);
	list = vcpu_get_reg_list(on);
	cr_expect_eq(list->n, c->n_on);
	cr_expect_eq(index_of(list, RGSR_EL1), index_of(list, CPACR_EL1) + 1);
	cr_expect_eq(index_of(list, GCR_EL1), index_of(list, CPACR_EL1) + 2);
	cr_expect_eq(index_of(list, TFSR_EL1), index_of(list, ESR_EL1) + 1);
	cr_expect_eq(index_of(list, TFSRE0_EL1), index_of(list, ESR_EL1) + 2);
}

/*
 * real-*-pauth-mte.txt "mte.regs.{off,on} get sys:3_0_0_4_1 -> 0 val=0x21"
 * (0x321 with MTE), "get sys:3_1_0_0_1" and "mte.regs.on.pfr1 set ...":
 * the MTE field is fixed either way.
 */
struct idreg_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t pfr1_off, pfr1_on, clidr_off, clidr_on;
};

static struct idreg_case idreg_cases[] = {
	ON_6_1(0x21, 0x321, 0x2000023, 0x2000023),
	ON_6_12(0x21, 0x321, 0x2000021, 0x1002000021ULL),
};

TEST_CASES(mte, id_registers, idreg_cases)
ParameterizedTest(struct idreg_case *c, mte, id_registers)
{
	int off, on;
	uint64_t val;

	mte_host();
	off = vcpu_create_init(c->kernel, PSCI);
	on = vm_create_vcpu(vm_create_mte(c->kernel), 0);
	vcpu_init(on, PSCI);
	cr_expect_eq(vcpu_get_reg(off, ID_AA64PFR1), c->pfr1_off);
	cr_expect_eq(vcpu_get_reg(on, ID_AA64PFR1), c->pfr1_on);
	cr_expect_eq(vcpu_get_reg(off, CLIDR_EL1), c->clidr_off);
	cr_expect_eq(vcpu_get_reg(on, CLIDR_EL1), c->clidr_on);
	for (uint64_t mte = 0; mte < 3; mte++) {
		val = (c->pfr1_on & ~PFR1_MTE) | (mte << 8);
		expect_errno(__vcpu_set_reg(on, ID_AA64PFR1, &val), EINVAL);
	}
	expect_ret(__vcpu_set_reg(on, ID_AA64PFR1, &c->pfr1_on), 0);
	val = c->pfr1_off | (2ULL << 8);
	expect_errno(__vcpu_set_reg(off, ID_AA64PFR1, &val), EINVAL);
	cr_expect_eq(vcpu_get_reg(on, ID_AA64PFR1), c->pfr1_on);
	cr_expect_eq(vcpu_get_reg(off, ID_AA64PFR1), c->pfr1_off);
}

/* real-*-pauth-mte.txt "mte.el1-32 KVM_ARM_VCPU_INIT ... features=0x6 -> -1 EINVAL", 0x4 -> 0 */
KERNEL_TEST(mte, no_32bit_el1)
{
	int vcpu;

	mte_host();
	vcpu = vm_create_vcpu(vm_create_mte(kernel->name), 0);
	expect_errno(__vcpu_init(vcpu, PSCI | FEATURE(EL1_32BIT)), EINVAL);
	expect_ret(__vcpu_init(vcpu, PSCI), 0);
}

/* ---- memory slots -------------------------------------------------------------- */

enum backing {
	ANON_PRIVATE, ANON_SHARED, MEMFD_SHARED, MEMFD_PRIVATE, DEVZERO_PRIVATE, PROT_NONE_ANON,
	PROT_READ_ANON, HOLE, PRIVATE_THEN_SHARED, HOLE_THEN_SHARED, VCPU_RUN, NR_BACKINGS,
};

static const char *const backing_names[] = {
	"anon-private", "anon-shared", "memfd-shared", "memfd-private", "devzero-private",
	"anon-prot-none", "anon-prot-read", "hole", "private+shared", "hole+shared", "vcpu-run",
};

static int test_memfd(size_t len)
{
	int fd = (int)syscall(SYS_memfd_create, "test-mte", 0U);

	TEST_ASSERT(fd >= 0 && ftruncate(fd, (off_t)len) == 0, "memfd: %s", errno_name(errno));
	return fd;
}

/* Two pages of @kind (a "+" kind: the second page is the shared one). */
static void *map_backing(enum backing kind, int vcpu)
{
	const int rw = PROT_READ | PROT_WRITE;
	uint8_t *p;
	int fd;

	switch (kind) {
	case ANON_SHARED:
		p = mmap(NULL, 2 * PAGE_SIZE, rw, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		break;
	case MEMFD_SHARED:
	case MEMFD_PRIVATE:
		fd = test_memfd(2 * PAGE_SIZE);
		p = mmap(NULL, 2 * PAGE_SIZE, rw, kind == MEMFD_SHARED ? MAP_SHARED : MAP_PRIVATE,
			 fd, 0);
		close(fd);
		break;
	case DEVZERO_PRIVATE:
		fd = open("/dev/zero", O_RDWR | O_CLOEXEC);
		TEST_ASSERT(fd >= 0, "/dev/zero: %s", errno_name(errno));
		p = mmap(NULL, 2 * PAGE_SIZE, rw, MAP_PRIVATE, fd, 0);
		close(fd);
		break;
	case PROT_NONE_ANON:
		return test_mem(2 * PAGE_SIZE, PROT_NONE);
	case PROT_READ_ANON:
		return test_mem(2 * PAGE_SIZE, PROT_READ);
	case HOLE:
	case PRIVATE_THEN_SHARED:
	case HOLE_THEN_SHARED:
		p = test_mem(2 * PAGE_SIZE, rw);
		if (kind == HOLE) {
			munmap(p, 2 * PAGE_SIZE);
			return p;
		}
		if (kind == HOLE_THEN_SHARED)
			munmap(p, PAGE_SIZE);
		TEST_ASSERT(mmap(p + PAGE_SIZE, PAGE_SIZE, rw,
				 MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED,
			    "mmap: %s", errno_name(errno));
		return p;
	case VCPU_RUN:
		return kvm_mmap(vcpu, 2 * PAGE_SIZE, rw, MAP_SHARED, 0);
	default:
		return test_mem(2 * PAGE_SIZE, rw);
	}
	TEST_ASSERT(p != MAP_FAILED, "mmap of %s: %s", backing_names[kind], errno_name(errno));
	return p;
}

/*
 * real-*-pauth-mte.txt "mte.slot.on.<backing> KVM_SET_USER_MEMORY_REGION ...":
 * 6.1 refuses whatever is shared, 6.12 what cannot hold tags (a private
 * /dev/zero mapping, KVM's own vCPU pages).
 */
struct backing_case {
	char kernel[KERNEL_NAME_MAX];
	enum backing kind;
	struct result want;
};

static struct backing_case backing_cases[] = {
	ON_6_1(ANON_PRIVATE, RET(0)),
	ON_6_1(ANON_SHARED, ERR(EINVAL)),
	ON_6_1(MEMFD_SHARED, ERR(EINVAL)),
	ON_6_1(MEMFD_PRIVATE, RET(0)),
	ON_6_1(DEVZERO_PRIVATE, RET(0)),
	ON_6_1(PROT_NONE_ANON, RET(0)),
	ON_6_1(PROT_READ_ANON, RET(0)),
	ON_6_1(HOLE, RET(0)),
	ON_6_1(PRIVATE_THEN_SHARED, ERR(EINVAL)),
	ON_6_1(HOLE_THEN_SHARED, ERR(EINVAL)),
	ON_6_1(VCPU_RUN, ERR(EINVAL)),
	ON_6_12(ANON_PRIVATE, RET(0)),
	ON_6_12(ANON_SHARED, RET(0)),
	ON_6_12(MEMFD_SHARED, RET(0)),
	ON_6_12(MEMFD_PRIVATE, RET(0)),
	ON_6_12(DEVZERO_PRIVATE, ERR(EINVAL)),
	ON_6_12(PROT_NONE_ANON, RET(0)),
	ON_6_12(PROT_READ_ANON, RET(0)),
	ON_6_12(HOLE, RET(0)),
	ON_6_12(PRIVATE_THEN_SHARED, RET(0)),
	ON_6_12(HOLE_THEN_SHARED, RET(0)),
	ON_6_12(VCPU_RUN, ERR(EINVAL)),
};

TEST_CASES(mte, slot_backing, backing_cases)
ParameterizedTest(struct backing_case *c, mte, slot_backing)
{
	int vm, vcpu;
	void *p;

	mte_host();
	vm = vm_create_mte(c->kernel);
	vcpu = vm_create_vcpu(vm, 0);
	p = map_backing(c->kind, vcpu);
	assert_result(__vm_set_user_memory_region(vm, 10, 0, 0x20000000, 2 * PAGE_SIZE,
						  (uintptr_t)p),
		      &c->want, "%s: %s", c->kernel, backing_names[c->kind]);
	/* A refused slot was not made. */
	if (c->want.err)
		expect_errno(__vm_delete_memory_region(vm, 10), EINVAL);
}

/* real-*-pauth-mte.txt "mte.slot.off.<backing> ... -> 0": without MTE any memory will do. */
KERNEL_TEST(mte, any_backing_without_mte)
{
	const struct result ok = RET(0);
	int vm, vcpu;

	mte_host();
	vm = vm_create(kernel->name);
	vcpu = vm_create_vcpu(vm, 0);
	for (int k = 0; k < NR_BACKINGS; k++) {
		void *p = map_backing((enum backing)k, vcpu);

		expect_result(__vm_set_user_memory_region(vm, 10, 0, 0x20000000, 2 * PAGE_SIZE,
							  (uintptr_t)p),
			      &ok, "%s", backing_names[k]);
		vm_delete_memory_region(vm, 10);
	}
}

/*
 * real-*-pauth-mte.txt "mte.slot.on.readonly|dirty-log ... uaddr=anon-shared"
 * (6.1 EINVAL, 6.12 0), "mte.slot.on.beyond-ipa ... -> -1 EFAULT" (the
 * IPA space is checked first).
 */
struct shared_flags_case {
	char kernel[KERNEL_NAME_MAX];
	uint32_t flags;
	uint64_t gpa;
	struct result want;
};

static struct shared_flags_case shared_flags_cases[] = {
	ON_6_1(KVM_MEM_READONLY, 0x20000000, ERR(EINVAL)),
	ON_6_1(KVM_MEM_LOG_DIRTY_PAGES, 0x20000000, ERR(EINVAL)),
	ON_ALL_KERNELS(0, 1ULL << 40, ERR(EFAULT)),
	ON_6_12(KVM_MEM_READONLY, 0x20000000, RET(0)),
	ON_6_12(KVM_MEM_LOG_DIRTY_PAGES, 0x20000000, RET(0)),
};

TEST_CASES(mte, shared_memory_with_flags, shared_flags_cases)
ParameterizedTest(struct shared_flags_case *c, mte, shared_memory_with_flags)
{
	void *shared;
	int vm;

	mte_host();
	vm = vm_create_mte(c->kernel);
	shared = map_backing(ANON_SHARED, -1);
	assert_result(__vm_set_user_memory_region(vm, 11, c->flags, c->gpa, 2 * PAGE_SIZE,
						  (uintptr_t)shared),
		      &c->want, "%s: flags %#x gpa %#llx", c->kernel, c->flags,
		      (unsigned long long)c->gpa);
}

/*
 * A slot made before MTE was enabled stays; 6.1 refuses to change its
 * flags or move it then.  real-*-pauth-mte.txt "mte.slot.before.flags",
 * "mte.slot.before.move" (6.1 EINVAL, 6.12 0), "mte.slot.before.same" 0.
 */
struct before_case {
	char kernel[KERNEL_NAME_MAX];
	struct result want;
};

static struct before_case before_cases[] = {
	ON_6_1(ERR(EINVAL)),
	ON_6_12(RET(0)),
};

TEST_CASES(mte, slot_made_before_mte, before_cases)
ParameterizedTest(struct before_case *c, mte, slot_made_before_mte)
{
	uintptr_t shared;
	int vm;

	mte_host();
	vm = vm_create(c->kernel);
	shared = (uintptr_t)map_backing(ANON_SHARED, -1);
	vm_set_user_memory_region(vm, 0, 0, 0x20000000, 2 * PAGE_SIZE, shared);
	vm_enable_cap(vm, KVM_CAP_ARM_MTE, 0);
	expect_ret(__vm_set_user_memory_region(vm, 0, 0, 0x20000000, 2 * PAGE_SIZE, shared), 0);
	expect_result(__vm_set_user_memory_region(vm, 0, KVM_MEM_LOG_DIRTY_PAGES, 0x20000000,
						  2 * PAGE_SIZE, shared), &c->want, "flags");
	expect_result(__vm_set_user_memory_region(vm, 0, 0, 0x40000000, 2 * PAGE_SIZE, shared),
		      &c->want, "move");
	expect_ret(__vm_delete_memory_region(vm, 0), 0);
}

/* ---- KVM_ARM_MTE_COPY_TAGS: the argument ---------------------------------- */

/* real-*.txt, -pauth-mte.txt "mte.copy.off KVM_ARM_MTE_COPY_TAGS ... -> -1 EINVAL", NULL EFAULT */
KERNEL_TEST(mte, copy_without_mte)
{
	uint8_t tags[TAGS_PER_PAGE];
	uint8_t *mem = test_mem(PAGE_SIZE, PROT_READ | PROT_WRITE);
	int vm = vm_create(kernel->name);

	vm_set_user_memory_region(vm, 0, 0, GPA, PAGE_SIZE, (uintptr_t)mem);
	expect_errno(__vm_ioctl(vm, KVM_ARM_MTE_COPY_TAGS, NULL), EFAULT);
	expect_errno(__copy_tags(vm, GPA, PAGE_SIZE, tags, KVM_ARM_TAGS_FROM_GUEST), EINVAL);
	expect_errno(__copy_tags(vm, GPA, PAGE_SIZE, tags, KVM_ARM_TAGS_TO_GUEST), EINVAL);
	expect_errno(__copy_tags(vm, GPA, 0, tags, 0), EINVAL);
}

/* real-*.txt "mte.copy.off.vcpu-fd|sys-fd KVM_ARM_MTE_COPY_TAGS ... -> -1 EINVAL" */
KERNEL_TEST(mte, copy_is_a_vm_ioctl)
{
	uint8_t tags[TAGS_PER_PAGE];
	int vcpu = vm_create_vcpu(vm_create(kernel->name), 0);
	int kvm = kvm_open(kernel->name);

	expect_errno(__copy_tags(vcpu, GPA, PAGE_SIZE, tags, 1), EINVAL);
	expect_errno(__copy_tags(kvm, GPA, PAGE_SIZE, tags, 1), EINVAL);
}

/* real-*-pauth-mte.txt "mte.copy KVM_ARM_MTE_COPY_TAGS NULL|noaccess -> -1 EFAULT" */
KERNEL_TEST(mte, copy_argument_faults)
{
	int vm;

	mte_host();
	vm = vm_with_memory(kernel->name, NULL);
	expect_errno(__vm_ioctl(vm, KVM_ARM_MTE_COPY_TAGS, NULL), EFAULT);
	expect_errno(__vm_ioctl(vm, KVM_ARM_MTE_COPY_TAGS, noaccess_addr()), EFAULT);
}

/*
 * real-*-pauth-mte.txt "mte.copy.reserved|flags|align ... -> -1 EINVAL";
 * "mte.copy.huge": a length above INT_MAX is EINVAL on 6.12, while 6.1
 * copies up to the end of the slot (4 pages).
 */
struct arg_case {
	char kernel[KERNEL_NAME_MAX];
	char name[16];
	uint64_t ipa, len, flags, reserved0, reserved1;
	struct result want;
};

#define ARG_ROWS								\
	ON_ALL_KERNELS("reserved0", GPA, PAGE_SIZE, 1, 1, 0, ERR(EINVAL)),	\
	ON_ALL_KERNELS("reserved1", GPA, PAGE_SIZE, 1, 0, 1, ERR(EINVAL)),	\
	ON_ALL_KERNELS("flags2", GPA, PAGE_SIZE, 2, 0, 0, ERR(EINVAL)),	\
	ON_ALL_KERNELS("flags3", GPA, PAGE_SIZE, 3, 0, 0, ERR(EINVAL)),	\
	ON_ALL_KERNELS("flags63", GPA, PAGE_SIZE, 1ULL << 63, 0, 0, ERR(EINVAL)), \
	ON_ALL_KERNELS("ipa+16", GPA + 16, PAGE_SIZE, 1, 0, 0, ERR(EINVAL)),	\
	ON_ALL_KERNELS("ipa+0x800", GPA + 0x800, PAGE_SIZE, 0, 0, 0, ERR(EINVAL)), \
	ON_ALL_KERNELS("len16", GPA, 16, 1, 0, 0, ERR(EINVAL)),		\
	ON_ALL_KERNELS("len+16", GPA, PAGE_SIZE + 16, 0, 0, 0, ERR(EINVAL)),	\
	ON_ALL_KERNELS("empty-to", GPA, 0, 0, 0, 0, RET(0)),			\
	ON_ALL_KERNELS("empty-from", GPA, 0, 1, 0, 0, RET(0)),		\
	ON_ALL_KERNELS("empty-hole", 0x7ffff000, 0, 0, 0, 0, RET(0)),		\
	ON_ALL_KERNELS("len-int-max", END_GPA, 0x7ffff000, 1, 0, 0, ERR(EFAULT))

static struct arg_case arg_cases[] = {
	ARG_ROWS,
	ON_6_1("len-2g", GPA, 0x80000000ULL, 1, 0, 0, RET(NR_PAGES * PAGE_SIZE)),
	ON_6_1("len-4g-to", GPA, 0x100000000ULL, 0, 0, 0, RET(NR_PAGES * PAGE_SIZE)),
	ON_6_1("len-2^40", GPA, 1ULL << 40, 1, 0, 0, RET(NR_PAGES * PAGE_SIZE)),
	ON_6_12("len-2g", GPA, 0x80000000ULL, 1, 0, 0, ERR(EINVAL)),
	ON_6_12("len-4g-to", GPA, 0x100000000ULL, 0, 0, 0, ERR(EINVAL)),
	ON_6_12("len-2^40", GPA, 1ULL << 40, 1, 0, 0, ERR(EINVAL)),
};

TEST_CASES(mte, copy_argument, arg_cases)
ParameterizedTest(struct arg_case *c, mte, copy_argument)
{
	static uint8_t tags[NR_PAGES * TAGS_PER_PAGE];
	struct kvm_arm_copy_mte_tags ct;
	int vm;

	mte_host();
	vm = vm_with_memory(c->kernel, NULL);
	memset(&ct, 0, sizeof(ct));
	ct.guest_ipa = c->ipa;
	ct.length = c->len;
	ct.addr = tags;
	ct.flags = c->flags;
	ct.reserved[0] = c->reserved0;
	ct.reserved[1] = c->reserved1;
	assert_result(__vm_ioctl(vm, KVM_ARM_MTE_COPY_TAGS, &ct), &c->want, "%s: %s",
		      c->kernel, c->name);
}

/* ---- KVM_ARM_MTE_COPY_TAGS: tags in and out -------------------------------- */

/*
 * real-*-pauth-mte.txt "mte.copy.fresh ... -> 4096", zero tags;
 * "mte.copy.to|from ... -> 8192": what went in comes back, 4 bits a tag.
 */
KERNEL_TEST(mte, copy_round_trip)
{
	uint8_t tags[2 * TAGS_PER_PAGE];
	int vm;

	mte_host();
	vm = vm_with_memory(kernel->name, NULL);
	expect_zero_tags(read_tags(vm, GPA, NR_PAGES), NR_PAGES * TAGS_PER_PAGE);
	fill_pattern(tags, 0, 2);
	copy_tags(vm, GPA + PAGE_SIZE, 2 * PAGE_SIZE, tags, KVM_ARM_TAGS_TO_GUEST);
	expect_pattern(read_tags(vm, GPA + PAGE_SIZE, 2), 0, 2);
	expect_pattern(read_tags(vm, GPA + 2 * PAGE_SIZE, 1), 1, 1);
	expect_zero_tags(read_tags(vm, GPA, 1), TAGS_PER_PAGE);
	expect_zero_tags(read_tags(vm, GPA + 3 * PAGE_SIZE, 1), TAGS_PER_PAGE);
}

/* real-*-pauth-mte.txt "mte.copy.after-write": the VMM's stores leave the tags. */
KERNEL_TEST(mte, vmm_writes_keep_tags)
{
	uint8_t tags[TAGS_PER_PAGE], *mem;
	int vm;

	mte_host();
	vm = vm_with_memory(kernel->name, &mem);
	fill_pattern(tags, 2, 1);
	copy_tags(vm, GPA, PAGE_SIZE, tags, KVM_ARM_TAGS_TO_GUEST);
	memset(mem, 0x5a, PAGE_SIZE);
	expect_pattern(read_tags(vm, GPA, 1), 2, 1);
	cr_expect_eq(mem[PAGE_SIZE - 1], 0x5a);
}

/*
 * real-*-pauth-mte.txt "mte.copy.alias" and "mte.copy.again": the tags
 * are the memory's: another slot over it, or the slot made again elsewhere,
 * sees them.
 */
KERNEL_TEST(mte, tags_belong_to_the_memory)
{
	uint8_t tags[TAGS_PER_PAGE], *mem;
	int vm;

	mte_host();
	vm = vm_with_memory(kernel->name, &mem);
	fill_pattern(tags, 3, 1);
	copy_tags(vm, GPA + PAGE_SIZE, PAGE_SIZE, tags, KVM_ARM_TAGS_TO_GUEST);
	vm_set_user_memory_region(vm, 5, 0, 0x15000000, PAGE_SIZE, (uintptr_t)mem + PAGE_SIZE);
	expect_pattern(read_tags(vm, 0x15000000, 1), 3, 1);
	vm_delete_memory_region(vm, 0);
	vm_set_user_memory_region(vm, 0, 0, 0x16000000, NR_PAGES * PAGE_SIZE, (uintptr_t)mem);
	expect_zero_tags(read_tags(vm, 0x16000000, 1), TAGS_PER_PAGE);
	expect_pattern(read_tags(vm, 0x16000000 + PAGE_SIZE, 1), 3, 1);
}

/*
 * real-*-pauth-mte.txt "mte.copy.hole ... -> -1 EFAULT"; "mte.copy.slot-end
 * ... -> 4096": what was done before the hole is the result.
 */
KERNEL_TEST(mte, copy_up_to_a_hole)
{
	static uint8_t tags[2 * TAGS_PER_PAGE];
	static const uint64_t holes[] = { END_GPA, 0x7ffff000, 1ULL << 40, ~0xfffULL };
	const struct result efault = ERR(EFAULT);
	int vm;

	mte_host();
	vm = vm_with_memory(kernel->name, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(holes); i++) {
		for (int dir = 0; dir < 2; dir++)
			expect_result(__copy_tags(vm, holes[i], PAGE_SIZE, tags, dir), &efault,
				      "ipa %#llx flags %d", (unsigned long long)holes[i], dir);
	}
	memset(tags, 0xee, sizeof(tags));
	expect_ret(__copy_tags(vm, END_GPA - PAGE_SIZE, 2 * PAGE_SIZE, tags, 1), PAGE_SIZE);
	expect_zero_tags(tags, TAGS_PER_PAGE);
	cr_expect_eq(tags[TAGS_PER_PAGE], 0xee);
	fill_pattern(tags, 0, 2);
	expect_ret(__copy_tags(vm, END_GPA - PAGE_SIZE, 2 * PAGE_SIZE, tags, 0), PAGE_SIZE);
	expect_pattern(read_tags(vm, END_GPA - PAGE_SIZE, 1), 0, 1);
}

/* ---- KVM_ARM_MTE_COPY_TAGS: the tag buffer --------------------------------- */

/* real-*-pauth-mte.txt "mte.copy.buf ... addr=NULL|noaccess|robuf|khalf -> -1 EFAULT" */
KERNEL_TEST(mte, copy_bad_buffers)
{
	const uint8_t *ro;
	int vm;

	mte_host();
	vm = vm_with_memory(kernel->name, NULL);
	ro = test_mem(PAGE_SIZE, PROT_READ);
	for (int dir = 0; dir < 2; dir++) {
		expect_errno(__copy_tags(vm, GPA, PAGE_SIZE, NULL, dir), EFAULT);
		expect_errno(__copy_tags(vm, GPA, PAGE_SIZE, (void *)(uintptr_t)noaccess_addr(),
					 dir), EFAULT);
		expect_errno(__copy_tags(vm, GPA, PAGE_SIZE, (void *)(uintptr_t)KERNEL_HALF_ADDR,
					 dir), EFAULT);
	}
	expect_errno(__copy_tags(vm, GPA, PAGE_SIZE, ro, KVM_ARM_TAGS_FROM_GUEST), EFAULT);
}

/* real-*-pauth-mte.txt "mte.copy.buf.one-page ... -> 4096": one page done, then the fault */
KERNEL_TEST(mte, copy_buffer_ends_after_a_page)
{
	uint8_t *tags;
	int vm;

	mte_host();
	vm = vm_with_memory(kernel->name, NULL);
	tags = buffer_before_fault(TAGS_PER_PAGE);
	fill_pattern(tags, 1, 1);
	expect_ret(__copy_tags(vm, GPA, 2 * PAGE_SIZE, tags, KVM_ARM_TAGS_TO_GUEST), PAGE_SIZE);
	expect_pattern(read_tags(vm, GPA, 1), 1, 1);
	expect_zero_tags(read_tags(vm, GPA + PAGE_SIZE, 1), TAGS_PER_PAGE);
	memset(tags, 0xee, TAGS_PER_PAGE);
	expect_ret(__copy_tags(vm, GPA, 2 * PAGE_SIZE, tags, KVM_ARM_TAGS_FROM_GUEST), PAGE_SIZE);
	expect_pattern(tags, 1, 1);
}

/*
 * A buffer that faults 100 tags into a page: EFAULT, and 6.12 clears the
 * page's tags while 6.1 keeps them (here the page's own, written again).
 * A page never tagged reads zero either way.  real-*-pauth-mte.txt
 * "mte.copy.buf.part" and "mte.copy.buf.part.fresh".
 */
struct part_case {
	char kernel[KERNEL_NAME_MAX];
	bool kept;
};

static struct part_case part_cases[] = {
	ON_6_1(true),
	ON_6_12(false),
};

TEST_CASES(mte, copy_buffer_faults_within_a_page, part_cases)
ParameterizedTest(struct part_case *c, mte, copy_buffer_faults_within_a_page)
{
	uint8_t full[TAGS_PER_PAGE], *part;
	int vm;

	mte_host();
	vm = vm_with_memory(c->kernel, NULL);
	fill_pattern(full, 0, 1);
	copy_tags(vm, GPA, PAGE_SIZE, full, KVM_ARM_TAGS_TO_GUEST);
	part = buffer_before_fault(100);
	memcpy(part, full, 100);
	expect_errno(__copy_tags(vm, GPA, PAGE_SIZE, part, KVM_ARM_TAGS_TO_GUEST), EFAULT);
	if (c->kept)
		expect_pattern(read_tags(vm, GPA, 1), 0, 1);
	else
		expect_zero_tags(read_tags(vm, GPA, 1), TAGS_PER_PAGE);
	expect_errno(__copy_tags(vm, GPA + PAGE_SIZE, PAGE_SIZE, part, KVM_ARM_TAGS_TO_GUEST),
		     EFAULT);
	expect_zero_tags(read_tags(vm, GPA + PAGE_SIZE, 1), TAGS_PER_PAGE);
	expect_errno(__copy_tags(vm, GPA, PAGE_SIZE, part, KVM_ARM_TAGS_FROM_GUEST), EFAULT);
}

/* ---- KVM_ARM_MTE_COPY_TAGS: the guest's memory ------------------------------ */

/*
 * real-*-pauth-mte.txt "mte.copy.robuf", "mte.copy.readonly-slot",
 * "mte.copy.noaccess": tags go only into memory the VMM can write and a
 * slot that is not READONLY; they come out of memory it can read.
 */
KERNEL_TEST(mte, copy_needs_access_to_the_memory)
{
	uint8_t tags[TAGS_PER_PAGE];
	void *ro = test_mem(PAGE_SIZE, PROT_READ);
	void *rw = test_mem(PAGE_SIZE, PROT_READ | PROT_WRITE);
	int vm;

	mte_host();
	vm = vm_create_mte(kernel->name);
	vm_set_user_memory_region(vm, 1, 0, 0x11000000, PAGE_SIZE, (uintptr_t)ro);
	vm_set_user_memory_region(vm, 2, KVM_MEM_READONLY, 0x12000000, PAGE_SIZE, (uintptr_t)rw);
	vm_set_user_memory_region(vm, 4, 0, 0x14000000, PAGE_SIZE, noaccess_addr());
	fill_pattern(tags, 0, 1);
	expect_errno(__copy_tags(vm, 0x11000000, PAGE_SIZE, tags, 0), EFAULT);
	expect_errno(__copy_tags(vm, 0x12000000, PAGE_SIZE, tags, 0), EFAULT);
	expect_errno(__copy_tags(vm, 0x14000000, PAGE_SIZE, tags, 0), EFAULT);
	expect_zero_tags(read_tags(vm, 0x11000000, 1), TAGS_PER_PAGE);
	expect_zero_tags(read_tags(vm, 0x12000000, 1), TAGS_PER_PAGE);
	expect_errno(__copy_tags(vm, 0x14000000, PAGE_SIZE, tags, 1), EFAULT);
}

/*
 * While any slot logs dirty pages 6.12 takes no tags (EBUSY, before any
 * other look at the memory); 6.1 takes them.  Reading is fine.
 * real-*-pauth-mte.txt "mte.copy.dirty-log ...", "mte.copy.dirty-log.off|deleted".
 */
struct dirty_case {
	char kernel[KERNEL_NAME_MAX];
	bool busy;
};

static struct dirty_case dirty_cases[] = {
	ON_6_1(false),
	ON_6_12(true),
};

TEST_CASES(mte, copy_while_logging_dirty_pages, dirty_cases)
ParameterizedTest(struct dirty_case *c, mte, copy_while_logging_dirty_pages)
{
	uint8_t tags[TAGS_PER_PAGE];
	uintptr_t dirty = (uintptr_t)test_mem(PAGE_SIZE, PROT_READ | PROT_WRITE);
	int vm;

	mte_host();
	vm = vm_with_memory(c->kernel, NULL);
	vm_set_user_memory_region(vm, 3, KVM_MEM_LOG_DIRTY_PAGES, 0x13000000, PAGE_SIZE, dirty);
	fill_pattern(tags, 1, 1);
	if (c->busy) {
		expect_errno(__copy_tags(vm, 0x13000000, PAGE_SIZE, tags, 0), EBUSY);
		expect_errno(__copy_tags(vm, GPA, PAGE_SIZE, tags, 0), EBUSY);
		expect_errno(__copy_tags(vm, GPA, 0, tags, 0), EBUSY);
		expect_errno(__copy_tags(vm, END_GPA, PAGE_SIZE, tags, 0), EBUSY);
		expect_errno(__copy_tags(vm, GPA, PAGE_SIZE, NULL, 0), EBUSY);
		expect_errno(__copy_tags(vm, GPA + 16, PAGE_SIZE, tags, 0), EINVAL);
		expect_zero_tags(read_tags(vm, 0x13000000, 1), TAGS_PER_PAGE);
	} else {
		copy_tags(vm, 0x13000000, PAGE_SIZE, tags, 0);
		expect_pattern(read_tags(vm, 0x13000000, 1), 1, 1);
	}
	vm_set_user_memory_region(vm, 3, 0, 0x13000000, PAGE_SIZE, dirty);
	copy_tags(vm, 0x13000000, PAGE_SIZE, tags, 0);
	vm_set_user_memory_region(vm, 3, KVM_MEM_LOG_DIRTY_PAGES, 0x13000000, PAGE_SIZE, dirty);
	vm_delete_memory_region(vm, 3);
	copy_tags(vm, GPA, PAGE_SIZE, tags, 0);
	expect_pattern(read_tags(vm, GPA, 1), 1, 1);
}

/* ---- concurrency ------------------------------------------------------------- */

struct copier {
	int vm;
	unsigned int page;
};

static void *copy_loop(void *arg)
{
	const struct copier *c = arg;
	uint8_t in[TAGS_PER_PAGE], out[TAGS_PER_PAGE];
	uint64_t ipa = GPA + c->page * PAGE_SIZE;

	fill_pattern(in, c->page, 1);
	for (int i = 0; i < 200; i++) {
		if (__copy_tags(c->vm, ipa, PAGE_SIZE, in, 0) != PAGE_SIZE ||
		    __copy_tags(c->vm, ipa, PAGE_SIZE, out, 1) != PAGE_SIZE)
			return (void *)1;
		for (size_t j = 0; j < TAGS_PER_PAGE; j++)
			if (out[j] != (in[j] & 0xf))
				return (void *)2;
	}
	return NULL;
}

/*
 * Copies from several threads, each to its own page, while slots come and
 * go elsewhere: every copy whole and right (no recording has threads; the
 * kernel serialises copies and slot changes on the VM's slots_lock).
 */
KERNEL_TEST(mte, copies_from_threads)
{
	struct copier c[NR_PAGES];
	pthread_t t[NR_PAGES];
	uintptr_t other = (uintptr_t)test_mem(PAGE_SIZE, PROT_READ | PROT_WRITE);
	int vm;

	mte_host();
	vm = vm_with_memory(kernel->name, NULL);
	for (unsigned int i = 0; i < NR_PAGES; i++) {
		c[i] = (struct copier){ .vm = vm, .page = i };
		TEST_ASSERT(pthread_create(&t[i], NULL, copy_loop, &c[i]) == 0, "pthread_create");
	}
	for (int i = 0; i < 100; i++) {
		vm_set_user_memory_region(vm, 7, 0, 0x18000000, PAGE_SIZE, other);
		vm_delete_memory_region(vm, 7);
	}
	for (unsigned int i = 0; i < NR_PAGES; i++) {
		void *r;

		pthread_join(t[i], &r);
		cr_expect_null(r, "thread %u", i);
	}
}
