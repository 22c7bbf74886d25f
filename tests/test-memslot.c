// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KVM_SET_USER_MEMORY_REGION: creating, changing, moving and deleting
 * slots; alignment, flags, slot ids, guest-physical and user address
 * bounds, the IPA limit, how many slots a VM takes.
 *
 * Expected values: tests/conform/real-*.txt, section "memslot", lines
 * "memslot.<case> KVM_SET_USER_MEMORY_REGION ..."; the case names below are
 * the transcripts'.  The slot under test is usually [G, G+S) backed by buf.
 */
#include <criterion/criterion.h>

#include "kvm_util.h"

#define G	0x100000ULL	/* gpa of the transcripts' main slot */
#define S	0x10000ULL	/* its size */
#define BUF_LEN	(1UL << 20)

/* Where a row's userspace_addr points. */
enum uaddr_base {
	UA_ABS,		/* the number itself */
	UA_BUF,		/* buf + off: 1 MiB of anonymous memory */
	UA_NOACCESS,	/* PROT_NONE pages */
	UA_ROBUF,	/* a read-only page */
};

struct uaddr {
	enum uaddr_base base;
	uint64_t off;
};

#define ABS(a)		{ UA_ABS, (a) }
#define BUF(off)	{ UA_BUF, (off) }
#define NOACCESS	{ UA_NOACCESS, 0 }
#define ROBUF		{ UA_ROBUF, 0 }

struct region {
	uint32_t slot;
	uint32_t flags;
	uint64_t gpa;
	uint64_t size;
	struct uaddr uaddr;
};

struct memslot_case {
	char kernel[KERNEL_NAME_MAX];
	char name[40];
	struct region region;
	struct result want;
};

static uint8_t *buf;

static uint64_t uaddr_of(const struct uaddr *u)
{
	static uint8_t *robuf;

	if (!buf)
		buf = test_mem(BUF_LEN, PROT_READ | PROT_WRITE);
	switch (u->base) {
	case UA_BUF:
		return (uintptr_t)buf + u->off;
	case UA_NOACCESS:
		return noaccess_addr();
	case UA_ROBUF:
		if (!robuf)
			robuf = test_mem(PAGE_SIZE, PROT_READ);
		return (uintptr_t)robuf;
	default:
		return u->off;
	}
}

static int __set_region(int vm, const struct region *r)
{
	return __vm_set_user_memory_region(vm, r->slot, r->flags, r->gpa, r->size,
					   uaddr_of(&r->uaddr));
}

#define SLOT_0	{ 0, 0, G, S, BUF(0) }

static void create_slot_0(int vm)
{
	const struct region slot0 = SLOT_0;

	vm_set_user_memory_region(vm, 0, 0, G, S, uaddr_of(&slot0.uaddr));
}

/* ---- a VM with slot 0 = [G, G+S) at buf ------------------------------- */

static struct memslot_case slot0_cases[] = {
	/* real-*.txt "memslot.same-again", ".log-dirty-on", ".readonly-on", ".move", ... */
	ON_ALL_KERNELS("same-again", { 0, 0, G, S, BUF(0) }, RET(0)),
	ON_ALL_KERNELS("log-dirty-on", { 0, KVM_MEM_LOG_DIRTY_PAGES, G, S, BUF(0) }, RET(0)),
	ON_ALL_KERNELS("readonly-on", { 0, KVM_MEM_READONLY, G, S, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("move", { 0, 0, 2 * G, S, BUF(0) }, RET(0)),
	ON_ALL_KERNELS("move+log-dirty", { 0, KVM_MEM_LOG_DIRTY_PAGES, 2 * G, S, BUF(0) }, RET(0)),
	ON_ALL_KERNELS("resize-grow", { 0, 0, G, 2 * S, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("resize-shrink", { 0, 0, G, S / 2, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("uaddr-change", { 0, 0, G, S, BUF(S) }, ERR(EINVAL)),
	ON_ALL_KERNELS("move+uaddr-change", { 0, 0, 2 * G, S, BUF(S) }, ERR(EINVAL)),
	/* real-*.txt "memslot.overlap-*", ".adjacent-*", ".same-uaddr-other-slot" */
	ON_ALL_KERNELS("overlap-exact", { 1, 0, G, S, BUF(S) }, ERR(EEXIST)),
	ON_ALL_KERNELS("overlap-tail", { 1, 0, G + S / 2, S, BUF(S) }, ERR(EEXIST)),
	ON_ALL_KERNELS("overlap-head", { 1, 0, G - S / 2, S, BUF(S) }, ERR(EEXIST)),
	ON_ALL_KERNELS("overlap-inside", { 1, 0, G + PAGE_SIZE, PAGE_SIZE, BUF(S) }, ERR(EEXIST)),
	ON_ALL_KERNELS("overlap-around", { 1, 0, G - S, 3 * S, BUF(S) }, ERR(EEXIST)),
	ON_ALL_KERNELS("adjacent-above", { 1, 0, G + S, S, BUF(S) }, RET(0)),
	ON_ALL_KERNELS("adjacent-below", { 2, 0, G - S, S, BUF(2 * S) }, RET(0)),
	ON_ALL_KERNELS("same-uaddr-other-slot", { 3, 0, 4 * G, S, BUF(0) }, RET(0)),
	/* real-*.txt "memslot.delete-absent", ".create-size0" */
	ON_ALL_KERNELS("delete-absent", { 5, 0, 0, 0, ABS(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("create-size0", { 6, 0, 8 * G, 0, BUF(0) }, ERR(EINVAL)),
	/*
	 * Deleting (size 0) still checks flags and alignment, and the user
	 * address, but not the guest address.
	 * real-*.txt "memslot.delete-unaligned-gpa", ".delete-unaligned-uaddr", ...
	 */
	ON_ALL_KERNELS("delete-unaligned-gpa", { 0, 0, 0x800, 0, ABS(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("delete-unaligned-uaddr", { 0, 0, 0, 0, BUF(0x800) }, ERR(EINVAL)),
	ON_ALL_KERNELS("delete-kernel-half-uaddr", { 0, 0, 0, 0, ABS(KERNEL_HALF_ADDR) }, ERR(EINVAL)),
	ON_ALL_KERNELS("delete-huge-gpa", { 0, 0, 1ULL << 63, 0, ABS(0) }, RET(0)),
	ON_ALL_KERNELS("delete-unknown-flag", { 0, 0x4, 0, 0, ABS(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("delete-readonly-flag", { 0, KVM_MEM_READONLY, 0, 0, ABS(0) }, RET(0)),
	ON_ALL_KERNELS("delete-log-dirty-flag", { 0, KVM_MEM_LOG_DIRTY_PAGES, 0, 0, ABS(0) }, RET(0)),
	ON_ALL_KERNELS("delete-plain", { 0, 0, 0, 0, ABS(0) }, RET(0)),
};

TEST_CASES(memslot, next_to_slot_0, slot0_cases)
ParameterizedTest(struct memslot_case *c, memslot, next_to_slot_0)
{
	int vm = vm_create(c->kernel);
	const struct region *r = &c->region;

	create_slot_0(vm);
	assert_result(__set_region(vm, r), &c->want, "%s: memslot.%s", c->kernel, c->name);
	/* A deleted slot 0 can be made again ("memslot.recreate -> 0"). */
	if (r->slot == 0 && r->size == 0 && c->want.ret == 0)
		create_slot_0(vm);
}

/* ---- a VM without slots ----------------------------------------------- */

static struct memslot_case new_slot_cases[] = {
	/* real-*.txt "memslot.create-readonly", ".create-readonly+log-dirty" */
	ON_ALL_KERNELS("create-readonly", { 7, KVM_MEM_READONLY, G, S, BUF(0) }, RET(0)),
	ON_ALL_KERNELS("create-readonly+log-dirty",
		       { 7, KVM_MEM_READONLY | KVM_MEM_LOG_DIRTY_PAGES, G, S, BUF(0) }, RET(0)),
	/* real-*.txt "memslot.unaligned-*", ".size-below-page", ".odd-pages" */
	ON_ALL_KERNELS("unaligned-gpa", { 8, 0, G + 0x800, S, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("unaligned-size", { 8, 0, G, S + 0x800, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("size-below-page", { 8, 0, G, 0x800, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("unaligned-uaddr", { 8, 0, G, S, BUF(0x800) }, ERR(EINVAL)),
	ON_ALL_KERNELS("odd-pages", { 8, 0, G + PAGE_SIZE, 3 * PAGE_SIZE, BUF(5 * PAGE_SIZE) }, RET(0)),
	/*
	 * Slot ids: 32767 user slots (KVM_CAP_NR_MEMSLOTS), one address
	 * space (bits 16-31 must be 0).  real-*.txt "memslot.slot-id"
	 */
	ON_ALL_KERNELS("slot-id 509", { 509, 0, G, S, BUF(0) }, RET(0)),
	ON_ALL_KERNELS("slot-id 510", { 510, 0, G, S, BUF(0) }, RET(0)),
	ON_ALL_KERNELS("slot-id 511", { 511, 0, G, S, BUF(0) }, RET(0)),
	ON_ALL_KERNELS("slot-id 512", { 512, 0, G, S, BUF(0) }, RET(0)),
	ON_ALL_KERNELS("slot-id 32763", { 32763, 0, G, S, BUF(0) }, RET(0)),
	ON_ALL_KERNELS("slot-id 32764", { 32764, 0, G, S, BUF(0) }, RET(0)),
	ON_ALL_KERNELS("slot-id 32765", { 32765, 0, G, S, BUF(0) }, RET(0)),
	ON_ALL_KERNELS("slot-id 32766", { 32766, 0, G, S, BUF(0) }, RET(0)),
	ON_ALL_KERNELS("slot-id 32767", { 32767, 0, G, S, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("slot-id 32768", { 32768, 0, G, S, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("slot-id 65535", { 65535, 0, G, S, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("slot-id 65536", { 65536, 0, G, S, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("slot-id 65537", { 65537, 0, G, S, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("slot-id 98303", { 98303, 0, G, S, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("slot-id 131072", { 131072, 0, G, S, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("slot-id 2147483647", { 2147483647, 0, G, S, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("slot-id 2147483648", { 2147483648u, 0, G, S, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("slot-id 4294967295", { 4294967295u, 0, G, S, BUF(0) }, ERR(EINVAL)),
	/*
	 * Sizes and guest addresses (a type-0 VM: 40-bit IPA).  Past the IPA
	 * space is EFAULT; overflow and more than 2^31 pages are EINVAL.
	 * real-*.txt "memslot.gpa+size-*", ".size-*", ".ipa40.*"
	 */
	ON_ALL_KERNELS("gpa+size-overflow", { 10, 0, 0xfffffffffff00000, 0x200000, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("gpa+size-wrap-to-0", { 10, 0, 0xffffffffffff0000, 0x10000, BUF(0) }, ERR(EINVAL)),
	ON_ALL_KERNELS("size-8TiB", { 10, 0, 0, 1ULL << 43, ABS(0x200000000) }, ERR(EINVAL)),
	ON_ALL_KERNELS("size-8TiB-minus-page", { 10, 0, 0, (1ULL << 43) - PAGE_SIZE, ABS(0x200000000) },
		       ERR(EFAULT)),
	ON_ALL_KERNELS("size-2^47-uaddr-2^47", { 10, 0, 0, 1ULL << 47, ABS(1ULL << 47) }, ERR(EINVAL)),
	ON_ALL_KERNELS("ipa40.end-at-limit", { 10, 0, (1ULL << 40) - S, S, BUF(0) }, RET(0)),
	ON_ALL_KERNELS("ipa40.one-page-past", { 10, 0, (1ULL << 40) - S + PAGE_SIZE, S, BUF(0) },
		       ERR(EFAULT)),
	ON_ALL_KERNELS("ipa40.start-at-limit", { 10, 0, 1ULL << 40, PAGE_SIZE, BUF(0) }, ERR(EFAULT)),
	ON_ALL_KERNELS("ipa40.2^48", { 10, 0, 1ULL << 48, PAGE_SIZE, BUF(0) }, ERR(EFAULT)),
	ON_ALL_KERNELS("ipa40.2^52", { 10, 0, 1ULL << 52, PAGE_SIZE, BUF(0) }, ERR(EFAULT)),
	ON_ALL_KERNELS("ipa40.2^63", { 10, 0, 1ULL << 63, PAGE_SIZE, BUF(0) }, ERR(EFAULT)),
	/*
	 * User addresses: the range must lie below the user address space's
	 * end, 2^48 on 6.1 and 2^52 on 6.12; tagged and kernel-half addresses
	 * are refused.  Nothing is read: PROT_NONE memory, a read-only page
	 * and address 0 all do.  real-*.txt "memslot.uaddr.*"
	 */
	ON_ALL_KERNELS("uaddr.2^47-S", { 11, 0, 0x40000000, S, ABS((1ULL << 47) - S) }, RET(0)),
	ON_ALL_KERNELS("uaddr.2^47", { 11, 0, 0x40000000, S, ABS(1ULL << 47) }, RET(0)),
	ON_ALL_KERNELS("uaddr.2^48-S", { 11, 0, 0x40000000, S, ABS((1ULL << 48) - S) }, RET(0)),
	ON_6_1("uaddr.2^48-page(straddle)", { 11, 0, 0x40000000, S, ABS((1ULL << 48) - PAGE_SIZE) },
	       ERR(EINVAL)),
	ON_6_12("uaddr.2^48-page(straddle)", { 11, 0, 0x40000000, S, ABS((1ULL << 48) - PAGE_SIZE) },
		RET(0)),
	ON_6_1("uaddr.2^48", { 11, 0, 0x40000000, S, ABS(1ULL << 48) }, ERR(EINVAL)),
	ON_6_12("uaddr.2^48", { 11, 0, 0x40000000, S, ABS(1ULL << 48) }, RET(0)),
	ON_6_1("uaddr.2^49", { 11, 0, 0x40000000, S, ABS(1ULL << 49) }, ERR(EINVAL)),
	ON_6_12("uaddr.2^49", { 11, 0, 0x40000000, S, ABS(1ULL << 49) }, RET(0)),
	ON_6_1("uaddr.2^52-S", { 11, 0, 0x40000000, S, ABS((1ULL << 52) - S) }, ERR(EINVAL)),
	ON_6_12("uaddr.2^52-S", { 11, 0, 0x40000000, S, ABS((1ULL << 52) - S) }, RET(0)),
	ON_ALL_KERNELS("uaddr.2^52", { 11, 0, 0x40000000, S, ABS(1ULL << 52) }, ERR(EINVAL)),
	ON_ALL_KERNELS("uaddr.2^55", { 11, 0, 0x40000000, S, ABS(1ULL << 55) }, ERR(EINVAL)),
	ON_ALL_KERNELS("uaddr.2^56", { 11, 0, 0x40000000, S, ABS(1ULL << 56) }, ERR(EINVAL)),
	ON_ALL_KERNELS("uaddr.2^63", { 11, 0, 0x40000000, S, ABS(1ULL << 63) }, ERR(EINVAL)),
	ON_ALL_KERNELS("uaddr.kernel-half", { 11, 0, 0x40000000, S, ABS(KERNEL_HALF_ADDR) }, ERR(EINVAL)),
	ON_ALL_KERNELS("uaddr.top-page", { 11, 0, 0x40000000, PAGE_SIZE, ABS(0xfffffffffffff000) },
		       ERR(EINVAL)),
	ON_ALL_KERNELS("uaddr.0", { 11, 0, 0x40000000, S, ABS(0) }, RET(0)),
	ON_ALL_KERNELS("uaddr.noaccess", { 11, 0, 0x40000000, S, NOACCESS }, RET(0)),
	ON_ALL_KERNELS("uaddr.read-only-page", { 11, 0, 0x40000000, PAGE_SIZE, ROBUF }, RET(0)),
	ON_ALL_KERNELS("uaddr.tag0x01", { 11, 0, 0x40000000, S, BUF(0x01ULL << 56) }, ERR(EINVAL)),
	ON_ALL_KERNELS("uaddr.tag0xff", { 11, 0, 0x40000000, S, BUF(0xffULL << 56) }, ERR(EINVAL)),
	ON_ALL_KERNELS("uaddr.uaddr+size-wrap", { 11, 0, 0x40000000, S, ABS(0xffffffffffff0000) },
		       ERR(EINVAL)),
};

TEST_CASES(memslot, new_slot, new_slot_cases)
ParameterizedTest(struct memslot_case *c, memslot, new_slot)
{
	int vm = vm_create(c->kernel);
	const struct region *r = &c->region;

	assert_result(__set_region(vm, r), &c->want, "%s: memslot.%s", c->kernel, c->name);
	/* What was made can be deleted again ("memslot.undo -> 0"). */
	if (c->want.ret == 0)
		assert_ret(__vm_delete_memory_region(vm, r->slot), 0);
}

/* real-*.txt "memslot.flag-bit": only LOG_DIRTY_PAGES (bit 0) and READONLY (bit 1) exist. */
KERNEL_TEST(memslot, unknown_flag_bits_are_einval)
{
	int vm = vm_create(kernel->name);
	const struct result einval = ERR(EINVAL);
	const struct uaddr at_buf = BUF(0);

	for (int bit = 2; bit < 32; bit++)
		expect_result(__vm_set_user_memory_region(vm, 9, 1u << bit, G, S, uaddr_of(&at_buf)),
			      &einval, "flags=%#x", 1u << bit);
}

/* ---- changes in sequence ---------------------------------------------- */

/*
 * Steps on one VM, in the transcript's order; each step's answer depends
 * on the ones before.
 */
struct step {
	char name[40];
	struct region region;
	struct result want;
};

static void run_steps(const char *kernel, int vm, const struct step *steps, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_result(__set_region(vm, &steps[i].region), &steps[i].want,
			      "%s: memslot.%s (step %zu)", kernel, steps[i].name, i + 1);
}

/* real-*.txt "memslot.create" to "memslot.move-back" */
KERNEL_TEST(memslot, flags_change_and_slot_moves_back_and_forth)
{
	static const struct step steps[] = {
		{ "create", SLOT_0, RET(0) },
		{ "log-dirty-on", { 0, KVM_MEM_LOG_DIRTY_PAGES, G, S, BUF(0) }, RET(0) },
		{ "log-dirty-same", { 0, KVM_MEM_LOG_DIRTY_PAGES, G, S, BUF(0) }, RET(0) },
		{ "log-dirty-off", { 0, 0, G, S, BUF(0) }, RET(0) },
		{ "move", { 0, 0, 2 * G, S, BUF(0) }, RET(0) },
		{ "move-back", { 0, 0, G, S, BUF(0) }, RET(0) },
		{ "move+log-dirty", { 0, KVM_MEM_LOG_DIRTY_PAGES, 2 * G, S, BUF(0) }, RET(0) },
		{ "move-back", { 0, 0, G, S, BUF(0) }, RET(0) },
	};

	run_steps(kernel->name, vm_create(kernel->name), steps, ARRAY_SIZE(steps));
}

/* real-*.txt "memslot.adjacent-above", "memslot.delete-other-fields" */
KERNEL_TEST(memslot, delete_ignores_where_the_slot_was)
{
	static const struct step steps[] = {
		{ "create", SLOT_0, RET(0) },
		{ "adjacent-above", { 1, 0, G + S, S, BUF(S) }, RET(0) },
		{ "delete-other-fields", { 1, 0, 0x7000000, 0, BUF(0x80000) }, RET(0) },
	};

	run_steps(kernel->name, vm_create(kernel->name), steps, ARRAY_SIZE(steps));
}

/* real-*.txt "memslot.adjacent-below", "memslot.delete", "memslot.delete-twice" */
KERNEL_TEST(memslot, delete_twice_is_einval)
{
	static const struct step steps[] = {
		{ "create", SLOT_0, RET(0) },
		{ "adjacent-below", { 2, 0, G - S, S, BUF(2 * S) }, RET(0) },
		{ "delete", { 2, 0, 0, 0, ABS(0) }, RET(0) },
		{ "delete-twice", { 2, 0, 0, 0, ABS(0) }, ERR(EINVAL) },
	};

	run_steps(kernel->name, vm_create(kernel->name), steps, ARRAY_SIZE(steps));
}

/* real-*.txt "memslot.same-uaddr-other-slot", ".move-onto-other", ".move-partly-onto-other" */
KERNEL_TEST(memslot, move_onto_another_slot_is_eexist)
{
	static const struct step steps[] = {
		{ "create", SLOT_0, RET(0) },
		{ "adjacent-above", { 1, 0, G + S, S, BUF(S) }, RET(0) },
		{ "same-uaddr-other-slot", { 3, 0, 4 * G, S, BUF(0) }, RET(0) },
		{ "move-onto-other", { 3, 0, G + S, S, BUF(0) }, ERR(EEXIST) },
		{ "move-partly-onto-other", { 3, 0, G + S + S / 2, S, BUF(0) }, ERR(EEXIST) },
		{ "delete", { 3, 0, 0, 0, ABS(0) }, RET(0) },
	};

	run_steps(kernel->name, vm_create(kernel->name), steps, ARRAY_SIZE(steps));
}

/* real-*.txt "memslot.create-readonly", ".readonly-off", ".readonly+log-dirty" */
KERNEL_TEST(memslot, readonly_cannot_be_turned_off)
{
	static const struct step steps[] = {
		{ "create-readonly", { 7, KVM_MEM_READONLY, G, S, BUF(0) }, RET(0) },
		{ "readonly-off", { 7, 0, G, S, BUF(0) }, ERR(EINVAL) },
		{ "readonly+log-dirty", { 7, KVM_MEM_READONLY | KVM_MEM_LOG_DIRTY_PAGES, G, S, BUF(0) },
		  RET(0) },
	};

	run_steps(kernel->name, vm_create(kernel->name), steps, ARRAY_SIZE(steps));
}

/* ---- the IPA limit of other VM types ---------------------------------- */

/* real-*.txt "memslot.ipa32.*" (a VM of type 32: 4 GiB of guest-physical space) */
KERNEL_TEST(memslot, ipa32_vm_ends_at_4_gib)
{
	static const struct step steps[] = {
		{ "ipa32.end-at-limit", { 0, 0, (1ULL << 32) - S, S, BUF(0) }, RET(0) },
		{ "undo", { 0, 0, 0, 0, ABS(0) }, RET(0) },
		{ "ipa32.one-page-past", { 0, 0, (1ULL << 32) - S + PAGE_SIZE, S, BUF(0) }, ERR(EFAULT) },
		{ "ipa32.start-at-limit", { 0, 0, 1ULL << 32, PAGE_SIZE, BUF(0) }, ERR(EFAULT) },
		{ "ipa32.below-4GiB", { 0, 0, 0x80000000, S, BUF(0) }, RET(0) },
		{ "ipa32.move-past-limit", { 0, 0, 1ULL << 32, S, BUF(0) }, ERR(EFAULT) },
		{ "undo", { 0, 0, 0, 0, ABS(0) }, RET(0) },
	};
	int kvm = kvm_open(kernel->name);

	run_steps(kernel->name, kvm_create_vm(kvm, 32), steps, ARRAY_SIZE(steps));
}

/*
 * A VM of the largest IPA size the host offers (KVM_CAP_ARM_VM_IPA_SIZE: 48
 * or 52 bits, the host CPU's; tests/test-sys.c checks the value).
 * real-*.txt and real-*-n1.txt "memslot.ipamax.vm KVM_CREATE_VM type=",
 * "memslot.ipamax.end-at-limit", "memslot.ipamax.one-page-past"
 */
KERNEL_TEST(memslot, largest_ipa_vm_ends_at_its_limit)
{
	int kvm = kvm_open(kernel->name);
	unsigned int bits = (unsigned int)kvm_check_extension(kvm, KVM_CAP_ARM_VM_IPA_SIZE);
	const struct step steps[] = {
		{ "ipamax.end-at-limit", { 0, 0, (1ULL << bits) - S, S, BUF(0) }, RET(0) },
		{ "undo", { 0, 0, 0, 0, ABS(0) }, RET(0) },
		{ "ipamax.one-page-past", { 0, 0, (1ULL << bits) - S + PAGE_SIZE, S, BUF(0) },
		  ERR(EFAULT) },
	};

	cr_assert(bits >= 32 && bits <= 52, "%s: IPA limit %u", kernel->name, bits);
	run_steps(kernel->name, kvm_create_vm(kvm, bits), steps, ARRAY_SIZE(steps));
}

/* ---- how many ---------------------------------------------------------- */

/*
 * Slots 0 to 32766 all create, one page each; 32767 does not.
 * real-*.txt "memslot.count KVM_SET_USER_MEMORY_REGION slot=0..32767 one page each
 * -> created=32767 first-failure: slot=32767 -> -1 EINVAL"
 */
KERNEL_TEST(memslot, a_vm_takes_32767_slots)
{
	int vm = vm_create(kernel->name);
	const struct uaddr at_buf = BUF(0);
	uint64_t uaddr = uaddr_of(&at_buf);
	uint32_t slot;

	for (slot = 0; slot < 32767; slot++)
		vm_set_user_memory_region(vm, slot, 0, 0x10000000 + (uint64_t)slot * PAGE_SIZE,
					  PAGE_SIZE, uaddr);
	assert_errno(__vm_set_user_memory_region(vm, slot, 0, 0x10000000 + (uint64_t)slot * PAGE_SIZE,
						 PAGE_SIZE, uaddr), EINVAL);
}
