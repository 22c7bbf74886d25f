/*
 * memslot2.c - conformance section for KVM_SET_USER_MEMORY_REGION2
 * (Linux 6.8 and later; 6.1 has no such ioctl).
 */
#include "conform.h"

/*
 * struct kvm_userspace_memory_region2 and its ioctl, spelled out: the
 * aarch64 cross headers (Debian 12: 6.1) predate them.  Layout is ABI.
 */
struct region2 {
	uint32_t slot;
	uint32_t flags;
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
	uint64_t guest_memfd_offset;
	uint32_t guest_memfd;
	uint32_t pad1;
	uint64_t pad2[14];
};

_Static_assert(sizeof(struct region2) == 160, "struct kvm_userspace_memory_region2 is 160 bytes");

#define IOCTL_SET_USER_MEMORY_REGION2 _IOW(KVMIO, 0x49, struct region2)
#define CAP_USER_MEMORY2 231
#define MEM_GUEST_MEMFD 4u

/*
 * Prints one line in setmem()'s format, then the v2-only fields that are
 * not zero; @fdname, if given, stands for guest_memfd (an fd number is
 * never printed).
 */
static long setmem2x(const char *where, int vm, const struct region2 *m, const char *fdname)
{
	L("%s KVM_SET_USER_MEMORY_REGION2 slot=%u flags=0x%x gpa=0x%llx size=0x%llx uaddr=%s",
	  where, m->slot, m->flags, (ull)m->guest_phys_addr, (ull)m->memory_size,
	  ustr(m->userspace_addr));
	if (m->guest_memfd_offset)
		L(" guest_memfd_offset=0x%llx", (ull)m->guest_memfd_offset);
	if (fdname)
		L(" guest_memfd=%s", fdname);
	else if (m->guest_memfd)
		L(" guest_memfd=%u", m->guest_memfd);
	if (m->pad1)
		L(" pad1=0x%x", m->pad1);
	for (int i = 0; i < 14; i++)
		if (m->pad2[i])
			L(" pad2[%d]=0x%llx", i, (ull)m->pad2[i]);
	long r = R(kiop(vm, IOCTL_SET_USER_MEMORY_REGION2, m));
	emit();
	return r;
}

static long setmem2(const char *where, int vm, uint32_t slot, uint32_t flags,
		    ull gpa, ull size, ull uaddr)
{
	struct region2 m;

	memset(&m, 0, sizeof(m));
	m.slot = slot;
	m.flags = flags;
	m.guest_phys_addr = gpa;
	m.memory_size = size;
	m.userspace_addr = uaddr;
	return setmem2x(where, vm, &m, NULL);
}

/* Delete a slot again (through REGION2) if the case under test created it. */
static void undo2(const char *where, int vm, long r, uint32_t slot)
{
	if (r == 0)
		setmem2(where, vm, slot, 0, 0, 0, 0);
}

void sec_memslot2(void)
{
	const ull B = (ull)(uintptr_t)buf;
	const ull G = 0x100000;		/* gpa of the main test slot */
	const ull S = 0x10000;		/* its size */
	struct region2 m;
	long r;
	int vm;

	section("memslot2");
	vm = create_vm("memslot2.vm", 0);
	check_ext("memslot2.vm", vm, CAP_USER_MEMORY2, 0);

	/* The life of one slot, through REGION2 only. */
	setmem2("memslot2.create", vm, 0, 0, G, S, B);
	setmem2("memslot2.same-again", vm, 0, 0, G, S, B);
	setmem2("memslot2.log-dirty-on", vm, 0, KVM_MEM_LOG_DIRTY_PAGES, G, S, B);
	setmem2("memslot2.log-dirty-off", vm, 0, 0, G, S, B);
	setmem2("memslot2.readonly-on", vm, 0, KVM_MEM_READONLY, G, S, B);
	setmem2("memslot2.move", vm, 0, 0, 2 * G, S, B);
	setmem2("memslot2.move-back", vm, 0, 0, G, S, B);
	setmem2("memslot2.resize-grow", vm, 0, 0, G, 2 * S, B);
	setmem2("memslot2.uaddr-change", vm, 0, 0, G, S, B + S);
	setmem2("memslot2.overlap", vm, 1, 0, G + S / 2, S, B + S);
	setmem2("memslot2.delete", vm, 0, 0, 0, 0, 0);
	setmem2("memslot2.delete-twice", vm, 0, 0, 0, 0, 0);
	setmem2("memslot2.delete-absent", vm, 5, 0, 0, 0, 0);
	r = setmem2("memslot2.create-readonly", vm, 2, KVM_MEM_READONLY, G, S, B);
	undo2("memslot2.undo", vm, r, 2);

	/* Mixing the two ioctls on one slot. */
	setmem("memslot2.mix.v1-create", vm, 3, 0, G, S, B);
	setmem2("memslot2.mix.v2-same", vm, 3, 0, G, S, B);
	setmem2("memslot2.mix.v2-move", vm, 3, 0, 2 * G, S, B);
	setmem("memslot2.mix.v1-move-back", vm, 3, 0, G, S, B);
	setmem2("memslot2.mix.v2-log-dirty", vm, 3, KVM_MEM_LOG_DIRTY_PAGES, G, S, B);
	setmem("memslot2.mix.v1-overlap", vm, 4, 0, G, S, B + S);
	setmem2("memslot2.mix.v2-overlap", vm, 4, 0, G, S, B + S);
	setmem2("memslot2.mix.v2-delete", vm, 3, 0, 0, 0, 0);
	setmem("memslot2.mix.v1-delete-again", vm, 3, 0, 0, 0, 0);
	setmem2("memslot2.mix.v2-create", vm, 3, KVM_MEM_LOG_DIRTY_PAGES, G, S, B);
	setmem("memslot2.mix.v1-same", vm, 3, KVM_MEM_LOG_DIRTY_PAGES, G, S, B);
	setmem("memslot2.mix.v1-delete", vm, 3, 0, 0, 0, 0);

	/* KVM_MEM_GUEST_MEMFD, alone and combined, through both ioctls. */
	{
		static const struct { const char *w; uint32_t flags; } gf[] = {
			{ "memslot2.guest-memfd", MEM_GUEST_MEMFD },
			{ "memslot2.guest-memfd+log-dirty", MEM_GUEST_MEMFD | KVM_MEM_LOG_DIRTY_PAGES },
			{ "memslot2.guest-memfd+readonly", MEM_GUEST_MEMFD | KVM_MEM_READONLY },
		};
		for (size_t i = 0; i < sizeof(gf) / sizeof(gf[0]); i++) {
			r = setmem2(gf[i].w, vm, 6, gf[i].flags, G, S, B);
			undo2("memslot2.undo", vm, r, 6);
			r = setmem(gf[i].w, vm, 6, gf[i].flags, G, S, B);
			undo("memslot2.undo", vm, r, 6);
		}
	}
	memset(&m, 0, sizeof(m));
	m.slot = 6;
	m.flags = MEM_GUEST_MEMFD;
	m.guest_phys_addr = G;
	m.memory_size = S;
	m.userspace_addr = B;
	m.guest_memfd = (uint32_t)kvm;	/* an fd, but not a guest_memfd */
	m.guest_memfd_offset = 0;
	r = setmem2x("memslot2.guest-memfd", vm, &m, "sys-fd");
	undo2("memslot2.undo", vm, r, 6);
	m.guest_memfd = 0xffffffffu;
	m.guest_memfd_offset = 0x800;
	r = setmem2x("memslot2.guest-memfd.unaligned-offset", vm, &m, NULL);
	undo2("memslot2.undo", vm, r, 6);
	/* The flag on an existing slot: turning it on, or deleting with it. */
	r = setmem("memslot2.guest-memfd.existing", vm, 6, 0, G, S, B);
	setmem2("memslot2.guest-memfd.turn-on", vm, 6, MEM_GUEST_MEMFD, G, S, B);
	setmem2("memslot2.guest-memfd.delete-with-flag", vm, 6, MEM_GUEST_MEMFD, 0, 0, 0);
	undo2("memslot2.undo", vm, r, 6);

	/* The other flag bits. */
	for (int b = 3; b < 32; b++) {
		r = setmem2("memslot2.flag-bit", vm, 7, 1u << b, G, S, B);
		undo2("memslot2.undo", vm, r, 7);
	}

	/* guest_memfd fields and padding without KVM_MEM_GUEST_MEMFD. */
	{
		static const struct {
			const char *w;
			ull off;
			uint32_t fd, pad1;
			int pad2i;
		} ext[] = {
			{ "memslot2.ext.guest_memfd_offset", 0x1000, 0, 0, -1 },
			{ "memslot2.ext.guest_memfd_offset-unaligned", 0x801, 0, 0, -1 },
			{ "memslot2.ext.guest_memfd", 0, 3, 0, -1 },
			{ "memslot2.ext.guest_memfd=-1", 0, 0xffffffffu, 0, -1 },
			{ "memslot2.ext.pad1", 0, 0, 1, -1 },
			{ "memslot2.ext.pad1=~0", 0, 0, 0xffffffffu, -1 },
			{ "memslot2.ext.pad2[0]", 0, 0, 0, 0 },
			{ "memslot2.ext.pad2[13]", 0, 0, 0, 13 },
			{ "memslot2.ext.all", 0xfffffffffffff000ULL, 0xffffffffu, 0xffffffffu, 7 },
		};
		for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
			memset(&m, 0, sizeof(m));
			m.slot = 8;
			m.guest_phys_addr = G;
			m.memory_size = S;
			m.userspace_addr = B;
			m.guest_memfd_offset = ext[i].off;
			m.guest_memfd = ext[i].fd;
			m.pad1 = ext[i].pad1;
			if (ext[i].pad2i >= 0)
				m.pad2[ext[i].pad2i] = ~0ULL;
			r = setmem2x(ext[i].w, vm, &m, NULL);
			if (r == 0) {
				/* Deleting with the same garbage left in place. */
				m.memory_size = 0;
				setmem2x("memslot2.ext.delete", vm, &m, NULL);
			}
		}
	}

	/* The common checks, once each through REGION2. */
	setmem2("memslot2.unaligned-gpa", vm, 9, 0, G + 0x800, S, B);
	setmem2("memslot2.unaligned-size", vm, 9, 0, G, S + 0x800, B);
	setmem2("memslot2.unaligned-uaddr", vm, 9, 0, G, S, B + 0x800);
	setmem2("memslot2.uaddr.kernel-half", vm, 9, 0, G, S, KHALF);
	setmem2("memslot2.gpa+size-wrap", vm, 9, 0, 0xffffffffffff0000ULL, 0x20000, B);
	setmem2("memslot2.ipa40.start-at-limit", vm, 9, 0, 1ULL << 40, PAGE, B);
	r = setmem2("memslot2.slot-id.32766", vm, 32766, 0, G, S, B);
	undo2("memslot2.undo", vm, r, 32766);
	setmem2("memslot2.slot-id.32767", vm, 32767, 0, G, S, B);
	setmem2("memslot2.slot-id.as1", vm, 0x10000, 0, G, S, B);
	setmem2("memslot2.slot-id.0xffffffff", vm, 0xffffffffu, 0, G, S, B);

	/* The struct itself at bad addresses; REGION2 reads 160 bytes. */
	L("memslot2.arg KVM_SET_USER_MEMORY_REGION2 NULL");
	R(kio(vm, IOCTL_SET_USER_MEMORY_REGION2, 0));
	emit();
	L("memslot2.arg KVM_SET_USER_MEMORY_REGION2 noaccess");
	R(kio(vm, IOCTL_SET_USER_MEMORY_REGION2, NOACCESS));
	emit();
	L("memslot2.arg KVM_SET_USER_MEMORY_REGION2 kernel-half(0x%llx)", KHALF);
	R(kio(vm, IOCTL_SET_USER_MEMORY_REGION2, KHALF));
	emit();
	L("memslot2.arg KVM_SET_USER_MEMORY_REGION2 read-only-page(zeros)");
	R(kiop(vm, IOCTL_SET_USER_MEMORY_REGION2, robuf));
	emit();
	{
		/* A valid struct whose end runs into a PROT_NONE page. */
		uint8_t *two = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (two != MAP_FAILED) {
			struct kvm_userspace_memory_region v1 = {
				.slot = 10, .guest_phys_addr = 4 * G, .memory_size = S,
				.userspace_addr = B,
			};
			struct region2 v2;

			mprotect(two + PAGE, PAGE, PROT_NONE);
			memset(&v2, 0, sizeof(v2));
			v2.slot = 10;
			v2.guest_phys_addr = 4 * G;
			v2.memory_size = S;
			v2.userspace_addr = B;
			memcpy(two + PAGE - sizeof(v1), &v1, sizeof(v1));
			L("memslot2.arg KVM_SET_USER_MEMORY_REGION2 v1-sized struct before a PROT_NONE page");
			R(kiop(vm, IOCTL_SET_USER_MEMORY_REGION2, two + PAGE - sizeof(v1)));
			emit();
			L("memslot2.arg KVM_SET_USER_MEMORY_REGION same pointer");
			r = R(kiop(vm, KVM_SET_USER_MEMORY_REGION, two + PAGE - sizeof(v1)));
			emit();
			undo("memslot2.undo", vm, r, 10);
			memcpy(two + PAGE - sizeof(v2), &v2, sizeof(v2));
			L("memslot2.arg KVM_SET_USER_MEMORY_REGION2 struct ending at a PROT_NONE page");
			r = R(kiop(vm, IOCTL_SET_USER_MEMORY_REGION2, two + PAGE - sizeof(v2)));
			emit();
			undo2("memslot2.undo", vm, r, 10);
			munmap(two, 2 * PAGE);
		}
	}

	/* The ioctl number with another size, and on the other fds. */
	memset(&m, 0, sizeof(m));
	m.slot = 11;
	m.guest_phys_addr = 8 * G;
	m.memory_size = S;
	m.userspace_addr = B;
	L("memslot2.arg _IOW(KVMIO,0x49,32 bytes) slot=11");
	r = R(kiop(vm, _IOW(KVMIO, 0x49, struct kvm_userspace_memory_region), &m));
	emit();
	undo2("memslot2.undo", vm, r, 11);
	L("memslot2.arg _IOWR(KVMIO,0x49,160 bytes) slot=11");
	r = R(kiop(vm, _IOWR(KVMIO, 0x49, struct region2), &m));
	emit();
	undo2("memslot2.undo", vm, r, 11);
	L("sys KVM_SET_USER_MEMORY_REGION2 slot=11");
	R(kiop(kvm, IOCTL_SET_USER_MEMORY_REGION2, &m));
	emit();
	{
		int vcpu = create_vcpu("memslot2.vcpu0", vm, 0);

		if (vcpu >= 0) {
			L("memslot2.vcpu0 KVM_SET_USER_MEMORY_REGION2 slot=11");
			R(kiop(vcpu, IOCTL_SET_USER_MEMORY_REGION2, &m));
			emit();
			/* Slots may still change once a vCPU exists. */
			r = setmem2("memslot2.after-vcpu", vm, 11, 0, 8 * G, S, B);
			undo2("memslot2.undo", vm, r, 11);
			kclose(vcpu);
		}
	}
	close_fd("memslot2.vm", vm);
}
