/*
 * mte.c - conformance section arm64.mte: the Memory Tagging Extension.
 *
 * KVM_CAP_ARM_MTE on the system and VM fds and KVM_ENABLE_CAP of it; on a
 * host without MTE only that and KVM_ARM_MTE_COPY_TAGS's refusals.  On a
 * host with MTE: what enabling it changes for the VM's vCPUs (the tag
 * registers, ID_AA64PFR1_EL1, 32-bit EL1), which memory a slot may be
 * backed by, and KVM_ARM_MTE_COPY_TAGS (checks, partial copies, tags
 * written and read back).
 */
#include "conform.h"

#include <sys/syscall.h>

#define MTE_GPA		0x10000000ULL	/* slot 0: MTE_PAGES pages, a hole after */
#define MTE_PAGES	4
#define TAGS_PER_PAGE	(PAGE / 16)

#define ID_RGSR_EL1	SYS_ID(3, 0, 1, 0, 5)
#define ID_GCR_EL1	SYS_ID(3, 0, 1, 0, 6)
#define ID_TFSR_EL1	SYS_ID(3, 0, 5, 6, 0)
#define ID_TFSRE0_EL1	SYS_ID(3, 0, 5, 6, 1)
#define ID_PFR1_EL1	SYS_ID(3, 0, 0, 4, 1)
#define ID_CLIDR_EL1	SYS_ID(3, 1, 0, 0, 1)

static const ull mte_regs[] = { ID_RGSR_EL1, ID_GCR_EL1, ID_TFSR_EL1, ID_TFSRE0_EL1 };

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

static int mte_memfd(void)
{
	return (int)syscall(SYS_memfd_create, "conform-mte", 0U);
}

/* A memory slot whose backing is printed as @label (addresses vary). */
static long mslot(const char *where, int vm, uint32_t slot, uint32_t flags, ull gpa, ull size,
		  const void *uaddr, const char *label)
{
	struct kvm_userspace_memory_region m = {
		.slot = slot, .flags = flags, .guest_phys_addr = gpa, .memory_size = size,
		.userspace_addr = (ull)(uintptr_t)uaddr,
	};

	L("%s KVM_SET_USER_MEMORY_REGION slot=%u flags=0x%x gpa=0x%llx size=0x%llx uaddr=%s",
	  where, slot, flags, gpa, size, label);
	long r = R(kiop(vm, KVM_SET_USER_MEMORY_REGION, &m));
	emit();
	return r;
}

static void mslot_del(const char *where, int vm, long r, uint32_t slot)
{
	if (r == 0)
		mslot(where, vm, slot, 0, 0, 0, NULL, "0");
}

static long copy_tags_full(const char *where, int vm, ull ipa, ull len, const void *addr,
			   const char *label, ull flags, ull res0, ull res1)
{
	struct kvm_arm_copy_mte_tags ct;

	memset(&ct, 0, sizeof(ct));
	ct.guest_ipa = ipa;
	ct.length = len;
	ct.addr = (void *)addr;
	ct.flags = flags;
	ct.reserved[0] = res0;
	ct.reserved[1] = res1;
	L("%s KVM_ARM_MTE_COPY_TAGS ipa=0x%llx len=0x%llx addr=%s flags=0x%llx", where, ipa, len,
	  label, flags);
	if (res0 || res1)
		L(" reserved=0x%llx,0x%llx", res0, res1);
	long r = R(kiop(vm, KVM_ARM_MTE_COPY_TAGS, &ct));
	emit();
	return r;
}

static long copy_tags(const char *where, int vm, ull ipa, ull len, const void *addr,
		      const char *label, ull flags)
{
	return copy_tags_full(where, vm, ipa, len, addr, label, flags, 0, 0);
}

/* "WHERE tags n=N first=HEX... nz=N fnv=X" for @n tag bytes. */
static void Ltags(const char *where, const uint8_t *t, size_t n)
{
	L("%s tags n=%zu first=", where, n);
	for (size_t i = 0; i < n && i < 16; i++)
		L("%02x", t[i]);
	L(" nz=%zu fnv=%08x", nonzero(t, n), fnv1a(t, n));
	emit();
}

static void get_regs(const char *where, int vcpu, const ull *ids, size_t n)
{
	uint8_t v[8];

	for (size_t i = 0; i < n; i++)
		get_reg(where, vcpu, ids[i], v);
}

/* ------------------------------------------------------------------------ */
/* KVM_ENABLE_CAP(KVM_CAP_ARM_MTE)                                           */

static void mte_cap(void)
{
	int vm, vcpu;

	vm = create_vm("mte.cap", 0);
	check_ext("mte.cap.vm", vm, CAP_ARM_MTE, 0);
	enable_cap("mte.cap.flags", vm, CAP_ARM_MTE, 1, 0, 0);
	enable_cap("mte.cap.flags", vm, CAP_ARM_MTE, 0x80000000u, 0, 0);
	enable_cap("mte.cap.args", vm, CAP_ARM_MTE, 0, 1, 0xffffffffffffffffULL);
	enable_cap("mte.cap", vm, CAP_ARM_MTE, 0, 0, 0);
	enable_cap("mte.cap.again", vm, CAP_ARM_MTE, 0, 0, 0);
	check_ext("mte.cap.vm.enabled", vm, CAP_ARM_MTE, 0);
	vcpu = create_vcpu("mte.cap", vm, 0);
	enable_cap("mte.cap.after-vcpu", vm, CAP_ARM_MTE, 0, 0, 0);
	kclose(vcpu);
	enable_cap("mte.cap.after-vcpu-closed", vm, CAP_ARM_MTE, 0, 0, 0);
	kclose(vm);

	/* A vCPU that was never created does not count. */
	vm = create_vm("mte.cap.failed-vcpu", 0);
	create_vcpu("mte.cap.failed-vcpu", vm, 0x7fffffff);
	enable_cap("mte.cap.failed-vcpu", vm, CAP_ARM_MTE, 0, 0, 0);
	kclose(vm);
}

/* KVM_ARM_MTE_COPY_TAGS on a VM without MTE, and on other fds. */
static void mte_copy_off(void)
{
	uint8_t tags[TAGS_PER_PAGE];
	int vm, vcpu;
	long r;

	vm = create_vm("mte.copy.off", 0);
	r = setmem("mte.copy.off", vm, 0, 0, MTE_GPA, PAGE, (ull)(uintptr_t)buf);
	L("mte.copy.off KVM_ARM_MTE_COPY_TAGS NULL");
	R(kio(vm, KVM_ARM_MTE_COPY_TAGS, 0));
	emit();
	copy_tags("mte.copy.off", vm, MTE_GPA, PAGE, tags, "tags", KVM_ARM_TAGS_FROM_GUEST);
	copy_tags("mte.copy.off", vm, MTE_GPA, PAGE, tags, "tags", KVM_ARM_TAGS_TO_GUEST);
	copy_tags("mte.copy.off", vm, MTE_GPA + 1, 0, tags, "tags", 7);
	copy_tags("mte.copy.off", vm, MTE_GPA, 0, tags, "tags", 0);
	vcpu = create_vcpu("mte.copy.off", vm, 0);
	copy_tags("mte.copy.off.vcpu-fd", vcpu, MTE_GPA, PAGE, tags, "tags", 1);
	copy_tags("mte.copy.off.sys-fd", kvm, MTE_GPA, PAGE, tags, "tags", 1);
	undo("mte.copy.off", vm, r, 0);
	drop(vm, vcpu);
}

/* ------------------------------------------------------------------------ */
/* vCPUs of a VM with MTE                                                    */

static int mte_vm(const char *where)
{
	int vm = create_vm(where, 0);

	enable_cap(where, vm, CAP_ARM_MTE, 0, 0, 0);
	return vm;
}

static void mte_vcpus(void)
{
	int vm_on, vm_off, on, off, vm32, v32;
	uint8_t v[8];

	vm_off = create_vm("mte.regs.off", 0);
	off = create_vcpu("mte.regs.off", vm_off, 0);
	vm_on = mte_vm("mte.regs.on");
	on = create_vcpu("mte.regs.on", vm_on, 0);

	/* Before VCPU_INIT. */
	get_regs("mte.regs.on.uninit", on, mte_regs, 4);
	vcpu_init0("mte.regs.off", off, BIT(F_PSCI_0_2));
	vcpu_init0("mte.regs.on", on, BIT(F_PSCI_0_2));
	get_reg_list_n("mte.regs.off", off);
	get_reg_list_n("mte.regs.on", on);
	get_regs("mte.regs.off", off, mte_regs, 4);
	get_regs("mte.regs.on", on, mte_regs, 4);
	for (size_t i = 0; i < 4; i++) {
		set_reg64("mte.regs.off", off, mte_regs[i], 0);
		set_reg64("mte.regs.on", on, mte_regs[i], 0xffffffffffffffffULL);
		get_reg("mte.regs.on", on, mte_regs[i], v);
		set_reg64("mte.regs.on", on, mte_regs[i], 0x123456789abcdef0ULL);
		get_reg("mte.regs.on", on, mte_regs[i], v);
	}
	/* A new VCPU_INIT resets them. */
	vcpu_init0("mte.regs.on.reinit", on, BIT(F_PSCI_0_2));
	get_regs("mte.regs.on.reinit", on, mte_regs, 4);

	/* The ID registers MTE shows in. */
	get_reg("mte.regs.off", off, ID_PFR1_EL1, v);
	get_reg("mte.regs.on", on, ID_PFR1_EL1, v);
	get_reg("mte.regs.off", off, ID_CLIDR_EL1, v);
	get_reg("mte.regs.on", on, ID_CLIDR_EL1, v);
	{
		ull pfr1 = getr(on, ID_PFR1_EL1), pfr1_off = getr(off, ID_PFR1_EL1);

		for (ull mte = 0; mte < 4; mte++) {
			set_reg64("mte.regs.on.pfr1", on, ID_PFR1_EL1,
				  (pfr1 & ~(0xfULL << 8)) | (mte << 8));
			get_reg("mte.regs.on.pfr1", on, ID_PFR1_EL1, v);
		}
		set_reg64("mte.regs.on.pfr1", on, ID_PFR1_EL1, pfr1);
		set_reg64("mte.regs.off.pfr1", off, ID_PFR1_EL1, pfr1_off | (2ULL << 8));
		get_reg("mte.regs.off.pfr1", off, ID_PFR1_EL1, v);
	}
	drop(vm_off, off);

	/* The whole list: ids in order, every register read and written. */
	dump_reglist("mte", on, 0);
	drop(vm_on, on);

	/* MTE and a 32-bit EL1. */
	vm32 = mte_vm("mte.el1-32");
	v32 = create_vcpu("mte.el1-32", vm32, 0);
	vcpu_init0("mte.el1-32", v32, BIT(F_PSCI_0_2) | BIT(F_EL1_32BIT));
	vcpu_init0("mte.el1-32.then-64", v32, BIT(F_PSCI_0_2));
	drop(vm32, v32);
}

/* ------------------------------------------------------------------------ */
/* Memory slots of a VM with MTE: which backing memory is refused            */

/*
 * Not among them: a MAP_SHARED mapping of /dev/zero, which 6.12 refuses
 * while it takes MAP_SHARED | MAP_ANONYMOUS; the simulator, which sees the
 * VMM's memory through /proc/self/maps only, cannot tell the two apart.
 */

enum backing {
	B_ANON_PRIVATE, B_ANON_SHARED, B_MEMFD_SHARED, B_MEMFD_PRIVATE, B_DEVZERO_PRIVATE,
	B_PROT_NONE, B_PROT_READ, B_HOLE, B_PRIVATE_THEN_SHARED,
	B_HOLE_THEN_SHARED, B_VCPU_RUN, NR_BACKINGS,
};

static const char *const backing_names[NR_BACKINGS] = {
	"anon-private", "anon-shared", "memfd-shared", "memfd-private", "devzero-private",
	"anon-prot-none", "anon-prot-read", "hole", "private+shared",
	"hole+shared", "vcpu-run",
};

/*
 * Two pages of @kind at a fresh address (the second page is what the
 * "+" kinds name), or MAP_FAILED.  @vcpu is for B_VCPU_RUN.
 */
static uint8_t *map_backing(enum backing kind, int vcpu)
{
	const int rw = PROT_READ | PROT_WRITE;
	uint8_t *p = MAP_FAILED;
	int fd;

	switch (kind) {
	case B_ANON_PRIVATE:
		return mmap(NULL, 2 * PAGE, rw, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	case B_ANON_SHARED:
		return mmap(NULL, 2 * PAGE, rw, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	case B_MEMFD_SHARED:
	case B_MEMFD_PRIVATE:
		fd = mte_memfd();
		if (fd < 0 || ftruncate(fd, 2 * PAGE) < 0)
			break;
		p = mmap(NULL, 2 * PAGE, rw, kind == B_MEMFD_SHARED ? MAP_SHARED : MAP_PRIVATE,
			 fd, 0);
		close(fd);
		break;
	case B_DEVZERO_PRIVATE:
		fd = open("/dev/zero", O_RDWR | O_CLOEXEC);
		if (fd < 0)
			break;
		p = mmap(NULL, 2 * PAGE, rw, MAP_PRIVATE, fd, 0);
		close(fd);
		break;
	case B_PROT_NONE:
		return mmap(NULL, 2 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	case B_PROT_READ:
		return mmap(NULL, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	case B_HOLE:
	case B_PRIVATE_THEN_SHARED:
	case B_HOLE_THEN_SHARED:
		p = mmap(NULL, 2 * PAGE, rw, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			break;
		if (kind == B_HOLE) {
			munmap(p, 2 * PAGE);
			break;
		}
		if (kind == B_HOLE_THEN_SHARED)
			munmap(p, PAGE);
		if (mmap(p + PAGE, PAGE, rw, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
		    MAP_FAILED) {
			munmap(p, 2 * PAGE);
			p = MAP_FAILED;
		}
		break;
	case B_VCPU_RUN:
		/* The kvm_run page, twice over (page 1 is the coalesced-MMIO ring). */
		return kmmap(2 * PAGE, rw, MAP_SHARED, vcpu, 0);
	default:
		break;
	}
	return p;
}

static void unmap_backing(enum backing kind, uint8_t *p)
{
	if (p == MAP_FAILED || kind == B_HOLE)
		return;
	munmap(p, 2 * PAGE);
}

static void mte_backing(const char *where, int vm, int vcpu)
{
	char w[64];

	for (int k = 0; k < NR_BACKINGS; k++) {
		uint8_t *p = map_backing((enum backing)k, vcpu);
		long r;

		snprintf(w, sizeof(w), "%s.%s", where, backing_names[k]);
		if (p == MAP_FAILED && k != B_HOLE) {
			L("%s mmap", w);
			L(" -> -1 %s", ename(errno));
			emit();
			continue;
		}
		r = mslot(w, vm, 10, 0, 0x20000000, 2 * PAGE, p, backing_names[k]);
		mslot_del(w, vm, r, 10);
		unmap_backing((enum backing)k, p);
	}
}

static void mte_slots(void)
{
	int vm_off, vm_on, vcpu_off, vcpu_on, vm;
	uint8_t *shared, *priv;
	long r;

	vm_off = create_vm("mte.slot.off", 0);
	vcpu_off = create_vcpu("mte.slot.off", vm_off, 0);
	vm_on = mte_vm("mte.slot.on");
	vcpu_on = create_vcpu("mte.slot.on", vm_on, 0);
	mte_backing("mte.slot.off", vm_off, vcpu_off);
	mte_backing("mte.slot.on", vm_on, vcpu_on);

	/* The flags do not matter; the IPA-space check comes first. */
	shared = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	priv = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	r = mslot("mte.slot.on.readonly", vm_on, 11, KVM_MEM_READONLY, 0x20000000, 2 * PAGE,
		  shared, "anon-shared");
	mslot_del("mte.slot.on.readonly", vm_on, r, 11);
	r = mslot("mte.slot.on.dirty-log", vm_on, 11, KVM_MEM_LOG_DIRTY_PAGES, 0x20000000,
		  2 * PAGE, shared, "anon-shared");
	mslot_del("mte.slot.on.dirty-log", vm_on, r, 11);
	r = mslot("mte.slot.on.beyond-ipa", vm_on, 11, 0, 1ULL << 40, 2 * PAGE, shared,
		  "anon-shared");
	mslot_del("mte.slot.on.beyond-ipa", vm_on, r, 11);
	/* A refused change leaves the slot as it was. */
	r = mslot("mte.slot.on.change", vm_on, 12, 0, 0x30000000, 2 * PAGE, priv, "anon-private");
	mslot("mte.slot.on.change", vm_on, 12, 0, 0x30000000, 2 * PAGE, shared, "anon-shared");
	mslot("mte.slot.on.change", vm_on, 12, KVM_MEM_LOG_DIRTY_PAGES, 0x30000000, 2 * PAGE,
	      priv, "anon-private");
	mslot_del("mte.slot.on.change", vm_on, r, 12);
	drop(vm_off, vcpu_off);
	drop(vm_on, vcpu_on);

	/* A slot made before MTE was enabled: only later changes are checked. */
	vm = create_vm("mte.slot.before", 0);
	r = mslot("mte.slot.before", vm, 0, 0, 0x20000000, 2 * PAGE, shared, "anon-shared");
	enable_cap("mte.slot.before", vm, CAP_ARM_MTE, 0, 0, 0);
	mslot("mte.slot.before.flags", vm, 0, KVM_MEM_LOG_DIRTY_PAGES, 0x20000000, 2 * PAGE,
	      shared, "anon-shared");
	mslot("mte.slot.before.move", vm, 0, 0, 0x40000000, 2 * PAGE, shared, "anon-shared");
	mslot("mte.slot.before.same", vm, 0, 0, 0x20000000, 2 * PAGE, shared, "anon-shared");
	mslot_del("mte.slot.before", vm, r, 0);
	kclose(vm);
	munmap(shared, 2 * PAGE);
	munmap(priv, 2 * PAGE);
}

/* ------------------------------------------------------------------------ */
/* KVM_ARM_MTE_COPY_TAGS                                                     */

static void mte_copy(void)
{
	const ull end = MTE_GPA + MTE_PAGES * PAGE;
	const ull ro_gpa = 0x11000000, rof_gpa = 0x12000000, dirty_gpa = 0x13000000;
	const ull na_gpa = 0x14000000, alias_gpa = 0x15000000, again_gpa = 0x16000000;
	const ull fresh_gpa = 0x17000000;
	uint8_t *mem, *tb, *pat, *rwpage, *dirty, *fresh;
	const size_t tblen = 2 * PAGE;
	int vm;

	mem = mmap(NULL, MTE_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	rwpage = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	dirty = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fresh = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* Tag buffer: two pages, then a PROT_NONE one. */
	tb = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pat = malloc(tblen);
	if (mem == MAP_FAILED || rwpage == MAP_FAILED || dirty == MAP_FAILED ||
	    fresh == MAP_FAILED || tb == MAP_FAILED || !pat) {
		L("mte.copy mmap -> -1");
		emit();
		return;
	}
	mprotect(tb + 2 * PAGE, PAGE, PROT_NONE);
	/*
	 * The harness's qemu (7.2, TCG) keeps one tag for all even and one for
	 * all odd granules of a page, the last written: the patterns here are
	 * constant per page and parity, so any correct CPU gives the same.
	 * The high nibbles are dropped: a tag is 4 bits.
	 */
	for (size_t i = 0; i < tblen; i++)
		pat[i] = i < TAGS_PER_PAGE ? (i & 1 ? 0x3a : 0x93) : (i & 1 ? 0x15 : 0xbc);

	vm = mte_vm("mte.copy");
	mslot("mte.copy", vm, 0, 0, MTE_GPA, MTE_PAGES * PAGE, mem, "mem");
	mslot("mte.copy", vm, 1, 0, ro_gpa, PAGE, robuf, "robuf");
	mslot("mte.copy", vm, 2, KVM_MEM_READONLY, rof_gpa, PAGE, rwpage, "rwpage");
	mslot("mte.copy", vm, 4, 0, na_gpa, PAGE, (void *)(uintptr_t)NOACCESS, "noaccess");
	mslot("mte.copy", vm, 6, 0, fresh_gpa, PAGE, fresh, "fresh");

	/* The argument's checks. */
	L("mte.copy KVM_ARM_MTE_COPY_TAGS NULL");
	R(kio(vm, KVM_ARM_MTE_COPY_TAGS, 0));
	emit();
	L("mte.copy KVM_ARM_MTE_COPY_TAGS noaccess");
	R(kio(vm, KVM_ARM_MTE_COPY_TAGS, NOACCESS));
	emit();
	copy_tags_full("mte.copy.reserved", vm, MTE_GPA, PAGE, tb, "tb", 1, 1, 0);
	copy_tags_full("mte.copy.reserved", vm, MTE_GPA, PAGE, tb, "tb", 1, 0, 1);
	copy_tags_full("mte.copy.reserved", vm, MTE_GPA + 8, 8, tb, "tb", 2, 0, 1);
	copy_tags("mte.copy.flags", vm, MTE_GPA, PAGE, tb, "tb", 2);
	copy_tags("mte.copy.flags", vm, MTE_GPA, PAGE, tb, "tb", 3);
	copy_tags("mte.copy.flags", vm, MTE_GPA, PAGE, tb, "tb", 1ULL << 63);
	copy_tags("mte.copy.flags", vm, MTE_GPA + 8, 8, tb, "tb", 2);
	copy_tags("mte.copy.align", vm, MTE_GPA + 16, PAGE, tb, "tb", 1);
	copy_tags("mte.copy.align", vm, MTE_GPA + 0x800, PAGE, tb, "tb", 0);
	copy_tags("mte.copy.align", vm, MTE_GPA, 16, tb, "tb", 1);
	copy_tags("mte.copy.align", vm, MTE_GPA, PAGE + 16, tb, "tb", 0);
	copy_tags("mte.copy.align", vm, MTE_GPA + 16, 16, tb, "tb", 0);
	copy_tags("mte.copy.empty", vm, MTE_GPA, 0, tb, "tb", 0);
	copy_tags("mte.copy.empty", vm, MTE_GPA, 0, tb, "tb", 1);
	copy_tags("mte.copy.empty", vm, 0x7ffff000, 0, NULL, "NULL", 0);

	/* Fresh pages have zero tags; what goes in comes back. */
	memset(tb, 0xee, tblen);
	copy_tags("mte.copy.fresh", vm, MTE_GPA, PAGE, tb, "tb", 1);
	Ltags("mte.copy.fresh", tb, TAGS_PER_PAGE);
	memcpy(tb, pat, tblen);
	copy_tags("mte.copy.to", vm, MTE_GPA, 2 * PAGE, tb, "tb", 0);
	memset(tb, 0xee, tblen);
	copy_tags("mte.copy.from", vm, MTE_GPA, 2 * PAGE, tb, "tb", 1);
	Ltags("mte.copy.from", tb, 2 * TAGS_PER_PAGE);
	memset(tb, 0xee, tblen);
	copy_tags("mte.copy.from.second", vm, MTE_GPA + PAGE, PAGE, tb, "tb", 1);
	Ltags("mte.copy.from.second", tb, TAGS_PER_PAGE);
	/* The VMM's own writes to the page leave its tags alone. */
	memset(mem, 0x5a, 2 * PAGE);
	memset(tb, 0xee, tblen);
	copy_tags("mte.copy.after-write", vm, MTE_GPA, PAGE, tb, "tb", 1);
	Ltags("mte.copy.after-write", tb, TAGS_PER_PAGE);
	L("mte.copy.after-write data mem[0]=0x%02x mem[0x1fff]=0x%02x", mem[0], mem[0x1fff]);
	emit();

	/* Slot ends, holes: the bytes of guest memory done so far, else EFAULT. */
	copy_tags("mte.copy.hole", vm, end, PAGE, tb, "tb", 1);
	copy_tags("mte.copy.hole", vm, end, PAGE, tb, "tb", 0);
	copy_tags("mte.copy.hole", vm, 0x7ffff000, PAGE, tb, "tb", 1);
	copy_tags("mte.copy.hole", vm, 1ULL << 40, PAGE, tb, "tb", 1);
	copy_tags("mte.copy.hole", vm, 0xfffffffffffff000ULL, PAGE, tb, "tb", 1);
	memset(tb, 0xee, tblen);
	copy_tags("mte.copy.slot-end", vm, end - PAGE, 2 * PAGE, tb, "tb", 1);
	Ltags("mte.copy.slot-end", tb, 2 * TAGS_PER_PAGE);
	copy_tags("mte.copy.slot-end", vm, end - PAGE, 2 * PAGE, tb, "tb", 0);
	/* The result is an int: at most INT_MAX bytes in one call. */
	copy_tags("mte.copy.huge", vm, MTE_GPA, 1ULL << 40, tb, "tb", 1);
	copy_tags("mte.copy.huge", vm, MTE_GPA, 0x80000000ULL, tb, "tb", 1);
	copy_tags("mte.copy.huge", vm, MTE_GPA, 0x100000000ULL, tb, "tb", 0);
	copy_tags("mte.copy.huge", vm, end, 0x7ffff000, tb, "tb", 1);
	{
		uint8_t *big = mmap(NULL, MTE_PAGES * TAGS_PER_PAGE + PAGE, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (big != MAP_FAILED) {
			memset(big, 0xee, MTE_PAGES * TAGS_PER_PAGE + PAGE);
			copy_tags("mte.copy.huge", vm, MTE_GPA, 0x7ffff000, big, "big", 1);
			Ltags("mte.copy.huge", big, MTE_PAGES * TAGS_PER_PAGE + 16);
			munmap(big, MTE_PAGES * TAGS_PER_PAGE + PAGE);
		}
	}

	/* The tag buffer faults: at once, after one page, within a page. */
	copy_tags("mte.copy.buf", vm, MTE_GPA, PAGE, NULL, "NULL", 1);
	copy_tags("mte.copy.buf", vm, MTE_GPA, PAGE, NULL, "NULL", 0);
	copy_tags("mte.copy.buf", vm, MTE_GPA, PAGE, (void *)(uintptr_t)NOACCESS, "noaccess", 1);
	copy_tags("mte.copy.buf", vm, MTE_GPA, PAGE, (void *)(uintptr_t)NOACCESS, "noaccess", 0);
	copy_tags("mte.copy.buf", vm, MTE_GPA, PAGE, robuf, "robuf", 1);
	copy_tags("mte.copy.buf", vm, MTE_GPA, PAGE, (void *)(uintptr_t)KHALF, "khalf", 1);
	memset(tb, 0xee, tblen);
	copy_tags("mte.copy.buf.one-page", vm, MTE_GPA, 2 * PAGE, tb + 2 * PAGE - TAGS_PER_PAGE,
		  "tb+0x1f00", 1);
	Ltags("mte.copy.buf.one-page", tb + 2 * PAGE - TAGS_PER_PAGE, TAGS_PER_PAGE);
	memcpy(tb + 2 * PAGE - TAGS_PER_PAGE, pat + 0x100, TAGS_PER_PAGE);
	copy_tags("mte.copy.buf.one-page", vm, MTE_GPA + 2 * PAGE, 2 * PAGE,
		  tb + 2 * PAGE - TAGS_PER_PAGE, "tb+0x1f00", 0);
	memset(tb, 0xee, tblen);
	copy_tags("mte.copy.buf.one-page", vm, MTE_GPA + 2 * PAGE, 2 * PAGE, tb, "tb", 1);
	Ltags("mte.copy.buf.one-page", tb, 2 * TAGS_PER_PAGE);
	/* 100 tags (the page's own), then the fault: kept, or the page cleared. */
	memcpy(tb, pat, tblen);
	copy_tags("mte.copy.buf.part", vm, MTE_GPA, PAGE, tb, "tb", 0);
	memcpy(tb + 2 * PAGE - 100, pat, 100);
	copy_tags("mte.copy.buf.part", vm, MTE_GPA, PAGE, tb + 2 * PAGE - 100, "tb+0x1f9c", 0);
	memset(tb, 0xee, tblen);
	copy_tags("mte.copy.buf.part", vm, MTE_GPA, PAGE, tb, "tb", 1);
	Ltags("mte.copy.buf.part", tb, TAGS_PER_PAGE);
	/* The same into a page never tagged. */
	memcpy(tb + 2 * PAGE - 100, pat, 100);
	copy_tags("mte.copy.buf.part.fresh", vm, fresh_gpa, PAGE, tb + 2 * PAGE - 100,
		  "tb+0x1f9c", 0);
	memset(tb, 0xee, tblen);
	copy_tags("mte.copy.buf.part.fresh", vm, fresh_gpa, PAGE, tb, "tb", 1);
	Ltags("mte.copy.buf.part.fresh", tb, TAGS_PER_PAGE);
	/* (What a faulting read leaves in the buffer is the uaccess's business.) */
	copy_tags("mte.copy.buf.part", vm, MTE_GPA, PAGE, tb + 2 * PAGE - 100, "tb+0x1f9c", 1);

	/* Slots the VMM cannot write, or not even read. */
	memcpy(tb, pat, tblen);
	copy_tags("mte.copy.robuf", vm, ro_gpa, PAGE, tb, "tb", 0);
	copy_tags("mte.copy.robuf", vm, ro_gpa, PAGE, tb, "tb", 1);
	Ltags("mte.copy.robuf", tb, TAGS_PER_PAGE);
	memcpy(tb, pat, tblen);
	copy_tags("mte.copy.readonly-slot", vm, rof_gpa, PAGE, tb, "tb", 0);
	copy_tags("mte.copy.readonly-slot", vm, rof_gpa, PAGE, tb, "tb", 1);
	Ltags("mte.copy.readonly-slot", tb, TAGS_PER_PAGE);
	memcpy(tb, pat, tblen);
	copy_tags("mte.copy.noaccess", vm, na_gpa, PAGE, tb, "tb", 0);
	copy_tags("mte.copy.noaccess", vm, na_gpa, PAGE, tb, "tb", 1);

	/* Tags belong to the VMM's pages: another slot over them sees the same. */
	mslot("mte.copy.alias", vm, 5, 0, alias_gpa, PAGE, mem, "mem");
	memset(tb, 0xee, tblen);
	copy_tags("mte.copy.alias", vm, alias_gpa, PAGE, tb, "tb", 1);
	Ltags("mte.copy.alias", tb, TAGS_PER_PAGE);
	mslot("mte.copy", vm, 0, 0, 0, 0, NULL, "0");
	mslot("mte.copy.again", vm, 0, 0, again_gpa, MTE_PAGES * PAGE, mem, "mem");
	memset(tb, 0xee, tblen);
	copy_tags("mte.copy.again", vm, again_gpa, 2 * PAGE, tb, "tb", 1);
	Ltags("mte.copy.again", tb, 2 * TAGS_PER_PAGE);

	/* A slot logging dirty pages: tags may not be written, into any slot. */
	mslot("mte.copy.dirty-log", vm, 3, KVM_MEM_LOG_DIRTY_PAGES, dirty_gpa, PAGE, dirty,
	      "dirty");
	memcpy(tb, pat, tblen);
	copy_tags("mte.copy.dirty-log", vm, dirty_gpa, PAGE, tb, "tb", 0);
	copy_tags("mte.copy.dirty-log", vm, again_gpa, PAGE, tb, "tb", 0);
	copy_tags("mte.copy.dirty-log", vm, again_gpa, 0, tb, "tb", 0);
	copy_tags("mte.copy.dirty-log", vm, end, PAGE, tb, "tb", 0);
	copy_tags("mte.copy.dirty-log", vm, again_gpa, PAGE, NULL, "NULL", 0);
	copy_tags("mte.copy.dirty-log", vm, again_gpa + 16, PAGE, tb, "tb", 0);
	memset(tb, 0xee, tblen);
	copy_tags("mte.copy.dirty-log", vm, dirty_gpa, PAGE, tb, "tb", 1);
	Ltags("mte.copy.dirty-log", tb, TAGS_PER_PAGE);
	mslot("mte.copy.dirty-log.off", vm, 3, 0, dirty_gpa, PAGE, dirty, "dirty");
	copy_tags("mte.copy.dirty-log.off", vm, dirty_gpa, PAGE, tb, "tb", 0);
	memset(tb, 0xee, tblen);
	copy_tags("mte.copy.dirty-log.off", vm, dirty_gpa, PAGE, tb, "tb", 1);
	Ltags("mte.copy.dirty-log.off", tb, TAGS_PER_PAGE);
	mslot("mte.copy.dirty-log.on", vm, 3, KVM_MEM_LOG_DIRTY_PAGES, dirty_gpa, PAGE, dirty,
	      "dirty");
	mslot("mte.copy.dirty-log.deleted", vm, 3, 0, 0, 0, NULL, "0");
	copy_tags("mte.copy.dirty-log.deleted", vm, again_gpa, PAGE, tb, "tb", 0);

	kclose(vm);
	free(pat);
	munmap(tb, 3 * PAGE);
	munmap(fresh, PAGE);
	munmap(dirty, PAGE);
	munmap(rwpage, PAGE);
	munmap(mem, MTE_PAGES * PAGE);
}

void sec_arm64_mte(void)
{
	long has;
	int vm;

	section("arm64.mte");
	has = check_ext("mte", kvm, CAP_ARM_MTE, 0);
	if (has <= 0) {
		/* A host without MTE: the capability is refused, the ioctl too. */
		vm = create_vm("mte.nohost", 0);
		check_ext("mte.nohost.vm", vm, CAP_ARM_MTE, 0);
		enable_cap("mte.nohost", vm, CAP_ARM_MTE, 0, 0, 0);
		enable_cap("mte.nohost.flags", vm, CAP_ARM_MTE, 1, 0, 0);
		kclose(vm);
		mte_copy_off();
		return;
	}
	mte_cap();
	mte_copy_off();
	mte_vcpus();
	mte_slots();
	mte_copy();
}
