/*
 * core.c - conformance sections for the generic half: the system fd, VM
 * and vCPU creation, memory slots, ENABLE_CAP, vCPU mmap, lifetimes, fork
 * and the vCPU before KVM_ARM_VCPU_INIT.
 */
#include "conform.h"

/*
 * Reads the byte at @p and appends the outcome.  touch() must run before
 * the byte is passed on: in Ltouch(touch(p, 0, 0, &v), 0, v) the order in
 * which the arguments are evaluated is unspecified, and x86-64 GCC reads v
 * first (the previous read's value) where aarch64 GCC calls touch() first.
 */
static void Lread(volatile uint8_t *p)
{
	uint8_t v = 0;
	int sig = touch(p, 0, 0, &v);

	Ltouch(sig, 0, v);
}

/* ------------------------------------------------------------------------ */
/* (a) the system fd, capabilities, unknown ioctls.                          */

void sec_sys(void)
{
	long v[MAXCAP + 1];
	uint8_t junk[256];
	int vm, vcpu, ro;

	section("sys");
	L("sys KVM_GET_API_VERSION arg=0");
	R(kio(kvm, KVM_GET_API_VERSION, 0));
	emit();
	L("sys KVM_GET_API_VERSION arg=1");
	R(kio(kvm, KVM_GET_API_VERSION, 1));
	emit();
	L("sys KVM_GET_VCPU_MMAP_SIZE arg=0");
	mmap_size = R(kio(kvm, KVM_GET_VCPU_MMAP_SIZE, 0));
	emit();
	if (mmap_size <= 0)
		mmap_size = 8192;
	L("sys KVM_GET_VCPU_MMAP_SIZE arg=1");
	R(kio(kvm, KVM_GET_VCPU_MMAP_SIZE, 1));
	emit();

	for (long c = 0; c <= MAXCAP; c++)
		v[c] = check_ext("sys", kvm, c, c == CAP_NR_VCPUS);
	check_ext("sys", kvm, -1, 0);
	check_ext("sys", kvm, (long)0x80000000UL, 0);
	check_ext("sys", kvm, (long)0x100000000UL, 0);
	check_ext("sys", kvm, (long)0x100000003UL, 0);	/* USER_MEMORY + bit 32 */
	check_ext("sys", kvm, (long)0xffffffff00000003UL, 0);

	vm = create_vm("vm", 0);
	for (long c = 0; c <= MAXCAP; c++)
		check_ext("vm", vm, c, c == CAP_NR_VCPUS);
	check_ext("vm", vm, -1, 0);
	check_ext("vm", vm, (long)0x100000003UL, 0);
	/* Summary: caps whose VM-fd answer differs from the system fd's. */
	L("vm caps-differing-from-sys");
	{
		int n = 0;

		for (long c = 0; c <= MAXCAP; c++) {
			long r = kio(vm, KVM_CHECK_EXTENSION, (ul)c);

			if (r != v[c] && c != CAP_NR_VCPUS) {
				L("%s%ld", n++ ? "," : " ", c);
			}
		}
		L(" -> %d", n);
	}
	emit();

	vcpu = create_vcpu("vcpu0", vm, 0);

	/* Unknown and misdirected ioctls on each kind of fd. */
	static const struct {
		const char *name;
		ul req;
		int ptr;
	} odd[] = {
		{ "TCGETS(0x5401)", IOCTL_TCGETS, 1 },
		{ "_IO(KVMIO,0xff)", IOCTL_KVM_FF, 0 },
		{ "ioctl(0)", 0, 0 },
		{ "_IOW(KVMIO,0x00,u64)", _IOW(KVMIO, 0x00, uint64_t), 1 },
		{ "KVM_GET_API_VERSION", KVM_GET_API_VERSION, 0 },
		{ "KVM_GET_VCPU_MMAP_SIZE", KVM_GET_VCPU_MMAP_SIZE, 0 },
		{ "KVM_CHECK_EXTENSION(USER_MEMORY)", KVM_CHECK_EXTENSION, 2 },
		{ "KVM_RUN", KVM_RUN, 0 },
		{ "KVM_GET_MP_STATE", KVM_GET_MP_STATE, 1 },
		{ "KVM_SET_USER_MEMORY_REGION(zeros)", KVM_SET_USER_MEMORY_REGION, 1 },
		{ "KVM_ARM_PREFERRED_TARGET", KVM_ARM_PREFERRED_TARGET, 1 },
	};
	const struct { const char *w; int fd; } fds[] = {
		{ "sys", kvm }, { "vm", vm }, { "vcpu0", vcpu },
	};
	for (size_t f = 0; f < 3; f++)
		for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
			memset(junk, 0, sizeof(junk));
			L("%s ioctl %s", fds[f].w, odd[i].name);
			R(kio(fds[f].fd, odd[i].req,
			      odd[i].ptr == 1 ? (ul)(uintptr_t)junk :
			      odd[i].ptr == 2 ? CAP_USER_MEMORY : 0));
			emit();
		}
	/* Creating on the wrong kind of fd: no object must appear. */
	L("vm ioctl KVM_CREATE_VM type=0");
	RFD(kio(vm, KVM_CREATE_VM, 0));
	emit();
	L("vcpu0 ioctl KVM_CREATE_VCPU id=1");
	RFD(kio(vcpu, KVM_CREATE_VCPU, 1));
	emit();
	L("sys ioctl KVM_CREATE_VCPU id=1");
	RFD(kio(kvm, KVM_CREATE_VCPU, 1));
	emit();
	close_fd("vcpu0", vcpu);
	close_fd("vm", vm);

	/* /dev/kvm opened read-only. */
	L("sys-ro open /dev/kvm O_RDONLY|O_CLOEXEC");
	ro = (int)RFD(K->open(kernel_name, O_RDONLY | O_CLOEXEC));
	if (ro < 0)
		g_err = errno;
	emit();
	if (ro >= 0) {
		L("sys-ro KVM_GET_API_VERSION arg=0");
		R(kio(ro, KVM_GET_API_VERSION, 0));
		emit();
		check_ext("sys-ro", ro, CAP_USER_MEMORY, 0);
		vm = create_vm("sys-ro", 0);
		vcpu = vm >= 0 ? create_vcpu("sys-ro.vm", vm, 0) : -1;
		close_fd("sys-ro.vcpu0", vcpu);
		close_fd("sys-ro.vm", vm);
		close_fd("sys-ro", ro);
	}
}

/* ------------------------------------------------------------------------ */
/* (b) KVM_CREATE_VM types.                                                  */

void sec_create_vm(void)
{
	static const ul types[] = {
		0x100, 0xff, 0x80000000UL, 0x100000000UL, 0x100000028UL,
		~0UL,
	};
	char where[64];

	section("create_vm");
	check_ext("sys", kvm, CAP_ARM_VM_IPA_SIZE, 0);
	for (int n = 0; n <= 53; n++) {
		if (n > 1 && n < 31)
			continue;
		snprintf(where, sizeof(where), "create_vm.ipa%d", n);
		int vm = create_vm(where, (ul)KVM_VM_TYPE_ARM_IPA_SIZE(n));
		if (vm >= 0) {
			check_ext(where, vm, CAP_ARM_VM_IPA_SIZE, 0);
			kclose(vm);
		}
	}
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		int vm = create_vm("create_vm.odd", types[i]);

		kclose(vm);
	}
}

/* ------------------------------------------------------------------------ */
/* (c) KVM_CREATE_VCPU ids and limits; KVM_ARM_PREFERRED_TARGET.             */

static int vcpufds[4096];

void sec_create_vcpu(void)
{
	static const ul ids[] = {
		0, 1, 511, 512, 1000, 0, 0x100000000UL, 0x100000001UL,
		0x100000002UL, 0xffffffffUL, 0x80000000UL, ~0UL,
	};
	struct kvm_vcpu_init init;
	int vm, vcpu, n;
	char where[64];

	section("create_vcpu");
	vm = create_vm("create_vcpu.vm", 0);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		int fd = create_vcpu(i == 5 ? "create_vcpu.dup" : "create_vcpu", vm, ids[i]);

		vcpufds[i] = fd;
	}
	check_ext("create_vcpu.vm", vm, CAP_MAX_VCPUS, 0);
	check_ext("create_vcpu.vm", vm, CAP_MAX_VCPU_ID, 0);

	/* KVM_ARM_PREFERRED_TARGET: values, then bad buffers. */
	memset(&init, 0xff, sizeof(init));
	L("vm KVM_ARM_PREFERRED_TARGET buf");
	if (R(kiop(vm, KVM_ARM_PREFERRED_TARGET, &init)) == 0) {
		L(" target=%u features=", init.target);
		for (int i = 0; i < 7; i++)
			L("%s0x%x", i ? "," : "", init.features[i]);
	}
	emit();
	L("vm KVM_ARM_PREFERRED_TARGET NULL");
	R(kio(vm, KVM_ARM_PREFERRED_TARGET, 0));
	emit();
	L("vm KVM_ARM_PREFERRED_TARGET noaccess");
	R(kio(vm, KVM_ARM_PREFERRED_TARGET, NOACCESS));
	emit();
	L("vm KVM_ARM_PREFERRED_TARGET kernel-half(0x%llx)", KHALF);
	R(kio(vm, KVM_ARM_PREFERRED_TARGET, KHALF));
	emit();
	L("vm KVM_ARM_PREFERRED_TARGET read-only-page");
	R(kiop(vm, KVM_ARM_PREFERRED_TARGET, robuf));
	emit();
	{
		/* Last 8 bytes of a page followed by an inaccessible page. */
		uint8_t *two = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (two != MAP_FAILED) {
			mprotect(two + PAGE, PAGE, PROT_NONE);
			memset(two, 0xee, PAGE);
			L("vm KVM_ARM_PREFERRED_TARGET straddling(8 bytes before a PROT_NONE page)");
			R(kiop(vm, KVM_ARM_PREFERRED_TARGET, two + PAGE - 8));
			L(" first8=%s", nonzero(two + PAGE - 8, 8) == 8 &&
			  fnv1a(two + PAGE - 8, 8) == fnv1a((const uint8_t *)"\xee\xee\xee\xee\xee\xee\xee\xee", 8)
			  ? "untouched" : "written");
			emit();
			munmap(two, 2 * PAGE);
		}
	}
	L("sys KVM_ARM_PREFERRED_TARGET buf");
	R(kiop(kvm, KVM_ARM_PREFERRED_TARGET, &init));
	emit();
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		kclose(vcpufds[i]);
	close_fd("create_vcpu.vm", vm);

	/* Truncation of the id to 32 bits: fresh VM, id 0x100000000 first. */
	vm = create_vm("create_vcpu.trunc.vm", 0);
	vcpu = create_vcpu("create_vcpu.trunc", vm, 0x100000000UL);
	n = create_vcpu("create_vcpu.trunc.then", vm, 0);
	kclose(n);
	kclose(vcpu);
	vcpu = create_vcpu("create_vcpu.trunc", vm, 0x100000005UL);
	n = create_vcpu("create_vcpu.trunc.then", vm, 5);
	kclose(n);
	kclose(vcpu);
	close_fd("create_vcpu.trunc.vm", vm);

	/* How many vCPUs one VM accepts: ids 0, 1, 2, ... until failure. */
	vm = create_vm("create_vcpu.max.vm", 0);
	for (n = 0; n < (int)(sizeof(vcpufds) / sizeof(vcpufds[0])); n++) {
		vcpufds[n] = (int)kio(vm, KVM_CREATE_VCPU, (ul)n);
		if (vcpufds[n] < 0)
			break;
	}
	L("create_vcpu.max KVM_CREATE_VCPU id=0..n-1 until failure -> %d", n);
	emit();
	L("create_vcpu.max KVM_CREATE_VCPU id=%d (first failure) -> -1 %s", n,
	  n < (int)(sizeof(vcpufds) / sizeof(vcpufds[0])) ? ename(g_err) : "none");
	emit();
	create_vcpu("create_vcpu.max.dup", vm, 0);
	create_vcpu("create_vcpu.max.again", vm, (ul)n);
	check_ext("create_vcpu.max.vm", vm, CAP_MAX_VCPUS, 0);
	check_ext("create_vcpu.max.vm", vm, CAP_NR_VCPUS, 1);
	for (int i = 0; i < n; i++)
		kclose(vcpufds[i]);
	close_fd("create_vcpu.max.vm", vm);

	/* Sparse ids: the limit is on ids (< max_vcpus), not only on count. */
	vm = create_vm("create_vcpu.sparse.vm", 0);
	for (int i = 0; i < 3; i++) {
		static const ul sp[] = { 510, 511, 512 };

		snprintf(where, sizeof(where), "create_vcpu.sparse");
		vcpufds[i] = create_vcpu(where, vm, sp[i]);
	}
	for (int i = 0; i < 3; i++)
		kclose(vcpufds[i]);
	close_fd("create_vcpu.sparse.vm", vm);
}

/* ------------------------------------------------------------------------ */
/* (d) KVM_SET_USER_MEMORY_REGION.                                           */

void sec_memslot(void)
{
	const ull B = (ull)(uintptr_t)buf;
	const ull G = 0x100000;		/* gpa of the main test slot */
	const ull S = 0x10000;		/* its size */
	char where[64];
	long r, nmem;
	int vm, vm32;

	section("memslot");
	nmem = check_ext("sys", kvm, CAP_NR_MEMSLOTS, 0);
	vm = create_vm("memslot.vm", 0);
	check_ext("memslot.vm", vm, CAP_NR_MEMSLOTS, 0);

	setmem("memslot.create", vm, 0, 0, G, S, B);
	setmem("memslot.same-again", vm, 0, 0, G, S, B);
	setmem("memslot.log-dirty-on", vm, 0, KVM_MEM_LOG_DIRTY_PAGES, G, S, B);
	setmem("memslot.log-dirty-same", vm, 0, KVM_MEM_LOG_DIRTY_PAGES, G, S, B);
	setmem("memslot.log-dirty-off", vm, 0, 0, G, S, B);
	setmem("memslot.readonly-on", vm, 0, KVM_MEM_READONLY, G, S, B);
	setmem("memslot.move", vm, 0, 0, 2 * G, S, B);
	setmem("memslot.move-back", vm, 0, 0, G, S, B);
	setmem("memslot.move+log-dirty", vm, 0, KVM_MEM_LOG_DIRTY_PAGES, 2 * G, S, B);
	setmem("memslot.move-back", vm, 0, 0, G, S, B);
	setmem("memslot.resize-grow", vm, 0, 0, G, 2 * S, B);
	setmem("memslot.resize-shrink", vm, 0, 0, G, S / 2, B);
	setmem("memslot.uaddr-change", vm, 0, 0, G, S, B + S);
	setmem("memslot.move+uaddr-change", vm, 0, 0, 2 * G, S, B + S);

	/* Overlaps with slot 0 = [G, G+S). */
	setmem("memslot.overlap-exact", vm, 1, 0, G, S, B + S);
	setmem("memslot.overlap-tail", vm, 1, 0, G + S / 2, S, B + S);
	setmem("memslot.overlap-head", vm, 1, 0, G - S / 2, S, B + S);
	setmem("memslot.overlap-inside", vm, 1, 0, G + PAGE, PAGE, B + S);
	setmem("memslot.overlap-around", vm, 1, 0, G - S, 3 * S, B + S);
	setmem("memslot.adjacent-above", vm, 1, 0, G + S, S, B + S);
	setmem("memslot.adjacent-below", vm, 2, 0, G - S, S, B + 2 * S);
	setmem("memslot.same-uaddr-other-slot", vm, 3, 0, 4 * G, S, B);
	setmem("memslot.move-onto-other", vm, 3, 0, G + S, S, B);
	setmem("memslot.move-partly-onto-other", vm, 3, 0, G + S + S / 2, S, B);
	setmem("memslot.delete", vm, 3, 0, 0, 0, 0);

	/* Deletion. */
	setmem("memslot.delete", vm, 2, 0, 0, 0, 0);
	setmem("memslot.delete-twice", vm, 2, 0, 0, 0, 0);
	setmem("memslot.delete-absent", vm, 5, 0, 0, 0, 0);
	setmem("memslot.delete-other-fields", vm, 1, 0, 0x7000000, 0, B + 0x80000);
	setmem("memslot.create-size0", vm, 6, 0, G * 8, 0, B);
	{
		/* Deleting slot 0 (size 0) with other fields set: what is checked? */
		static const struct { const char *w; uint32_t flags; ull gpa; int ua; } dv[] = {
			{ "memslot.delete-unaligned-gpa", 0, 0x800, 0 },
			{ "memslot.delete-unaligned-uaddr", 0, 0, 1 },
			{ "memslot.delete-kernel-half-uaddr", 0, 0, 2 },
			{ "memslot.delete-huge-gpa", 0, 1ULL << 63, 0 },
			{ "memslot.delete-unknown-flag", 0x4, 0, 0 },
			{ "memslot.delete-readonly-flag", KVM_MEM_READONLY, 0, 0 },
			{ "memslot.delete-log-dirty-flag", KVM_MEM_LOG_DIRTY_PAGES, 0, 0 },
			{ "memslot.delete-plain", 0, 0, 0 },
		};
		for (size_t i = 0; i < sizeof(dv) / sizeof(dv[0]); i++) {
			ull ua = dv[i].ua == 1 ? B + 0x800 : dv[i].ua == 2 ? KHALF : 0;

			r = setmem(dv[i].w, vm, 0, dv[i].flags, dv[i].gpa, 0, ua);
			if (r == 0)
				setmem("memslot.recreate", vm, 0, 0, G, S, B);
		}
	}
	setmem("memslot.delete", vm, 0, 0, 0, 0, 0);

	/* Readonly slots, alignment. */
	r = setmem("memslot.create-readonly", vm, 7, KVM_MEM_READONLY, G, S, B);
	setmem("memslot.readonly-off", vm, 7, 0, G, S, B);
	setmem("memslot.readonly+log-dirty", vm, 7, KVM_MEM_READONLY | KVM_MEM_LOG_DIRTY_PAGES, G, S, B);
	undo("memslot.undo", vm, r, 7);
	r = setmem("memslot.create-readonly+log-dirty", vm, 7,
		   KVM_MEM_READONLY | KVM_MEM_LOG_DIRTY_PAGES, G, S, B);
	undo("memslot.undo", vm, r, 7);
	setmem("memslot.unaligned-gpa", vm, 8, 0, G + 0x800, S, B);
	setmem("memslot.unaligned-size", vm, 8, 0, G, S + 0x800, B);
	setmem("memslot.size-below-page", vm, 8, 0, G, 0x800, B);
	setmem("memslot.unaligned-uaddr", vm, 8, 0, G, S, B + 0x800);
	r = setmem("memslot.odd-pages", vm, 8, 0, G + PAGE, 3 * PAGE, B + 5 * PAGE);
	undo("memslot.undo", vm, r, 8);

	/* Slot ids and address spaces. */
	{
		static const uint32_t ids[] = {
			509, 510, 511, 512, 32763, 32764, 32765, 32766, 32767,
			32768, 0xffff, 0x10000, 0x10001, 0x17fff, 0x20000,
			0x7fffffff, 0x80000000, 0xffffffff,
		};
		for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
			r = setmem("memslot.slot-id", vm, ids[i], 0, G, S, B);
			undo("memslot.undo", vm, r, ids[i]);
		}
	}

	/* Flag bits. */
	for (int b = 2; b < 32; b++) {
		r = setmem("memslot.flag-bit", vm, 9, 1u << b, G, S, B);
		undo("memslot.undo", vm, r, 9);
	}

	/* Size and gpa extremes (type 0 VM: 40-bit IPA). */
	setmem("memslot.gpa+size-overflow", vm, 10, 0, 0xfffffffffff00000ULL, 0x200000, B);
	setmem("memslot.gpa+size-wrap-to-0", vm, 10, 0, 0xffffffffffff0000ULL, 0x10000, B);
	/* uaddr: a fixed unmapped address, so that access_ok(uaddr, size)
	 * does not depend on where buf happens to be mapped. */
	setmem("memslot.size-8TiB", vm, 10, 0, 0, 1ULL << 43, 0x200000000ULL);
	setmem("memslot.size-8TiB-minus-page", vm, 10, 0, 0, (1ULL << 43) - PAGE, 0x200000000ULL);
	setmem("memslot.size-2^47-uaddr-2^47", vm, 10, 0, 0, 1ULL << 47, 1ULL << 47);
	for (int bits = 40; bits <= 40; bits++) {
		ull lim = 1ULL << bits;

		r = setmem("memslot.ipa40.end-at-limit", vm, 10, 0, lim - S, S, B);
		undo("memslot.undo", vm, r, 10);
		setmem("memslot.ipa40.one-page-past", vm, 10, 0, lim - S + PAGE, S, B);
		setmem("memslot.ipa40.start-at-limit", vm, 10, 0, lim, PAGE, B);
		setmem("memslot.ipa40.2^48", vm, 10, 0, 1ULL << 48, PAGE, B);
		setmem("memslot.ipa40.2^52", vm, 10, 0, 1ULL << 52, PAGE, B);
		setmem("memslot.ipa40.2^63", vm, 10, 0, 1ULL << 63, PAGE, B);
	}

	/* Userspace address bounds (access_ok, tags, kernel half). */
	{
		static const struct { const char *w; ull a; ull sz; } ua[] = {
			{ "memslot.uaddr.2^47-S", (1ULL << 47) - 0x10000, 0x10000 },
			{ "memslot.uaddr.2^47", 1ULL << 47, 0x10000 },
			{ "memslot.uaddr.2^48-S", (1ULL << 48) - 0x10000, 0x10000 },
			{ "memslot.uaddr.2^48-page(straddle)", (1ULL << 48) - 0x1000, 0x10000 },
			{ "memslot.uaddr.2^48", 1ULL << 48, 0x10000 },
			{ "memslot.uaddr.2^49", 1ULL << 49, 0x10000 },
			{ "memslot.uaddr.2^52-S", (1ULL << 52) - 0x10000, 0x10000 },
			{ "memslot.uaddr.2^52", 1ULL << 52, 0x10000 },
			{ "memslot.uaddr.2^55", 1ULL << 55, 0x10000 },
			{ "memslot.uaddr.2^56", 1ULL << 56, 0x10000 },
			{ "memslot.uaddr.2^63", 1ULL << 63, 0x10000 },
			{ "memslot.uaddr.kernel-half", KHALF, 0x10000 },
			{ "memslot.uaddr.top-page", 0xfffffffffffff000ULL, 0x1000 },
			{ "memslot.uaddr.0", 0, 0x10000 },
			{ "memslot.uaddr.noaccess", 0, 0x10000 },
			{ "memslot.uaddr.read-only-page", 0, 0x1000 },
			{ "memslot.uaddr.tag0x01", 0, 0x10000 },
			{ "memslot.uaddr.tag0xff", 0, 0x10000 },
			{ "memslot.uaddr.uaddr+size-wrap", 0xffffffffffff0000ULL, 0x10000 },
		};
		for (size_t i = 0; i < sizeof(ua) / sizeof(ua[0]); i++) {
			ull a = ua[i].a;

			if (!strcmp(ua[i].w, "memslot.uaddr.noaccess"))
				a = NOACCESS;
			else if (!strcmp(ua[i].w, "memslot.uaddr.read-only-page"))
				a = (ull)(uintptr_t)robuf;
			else if (!strcmp(ua[i].w, "memslot.uaddr.tag0x01"))
				a = B | (1ULL << 56);
			else if (!strcmp(ua[i].w, "memslot.uaddr.tag0xff"))
				a = B | (0xffULL << 56);
			r = setmem(ua[i].w, vm, 11, 0, 0x40000000, ua[i].sz, a);
			undo("memslot.undo", vm, r, 11);
		}
	}

	/* The struct itself at bad addresses. */
	L("memslot.arg KVM_SET_USER_MEMORY_REGION NULL");
	R(kio(vm, KVM_SET_USER_MEMORY_REGION, 0));
	emit();
	L("memslot.arg KVM_SET_USER_MEMORY_REGION noaccess");
	R(kio(vm, KVM_SET_USER_MEMORY_REGION, NOACCESS));
	emit();
	L("memslot.arg KVM_SET_USER_MEMORY_REGION kernel-half(0x%llx)", KHALF);
	R(kio(vm, KVM_SET_USER_MEMORY_REGION, KHALF));
	emit();
	L("memslot.arg KVM_SET_USER_MEMORY_REGION read-only-page(zeros)");
	R(kiop(vm, KVM_SET_USER_MEMORY_REGION, robuf));
	emit();
	close_fd("memslot.vm", vm);

	/* IPA limits of a 32-bit-IPA VM and of a maximal-IPA VM. */
	vm32 = create_vm("memslot.ipa32.vm", (ul)KVM_VM_TYPE_ARM_IPA_SIZE(32));
	if (vm32 >= 0) {
		r = setmem("memslot.ipa32.end-at-limit", vm32, 0, 0, (1ULL << 32) - S, S, B);
		undo("memslot.undo", vm32, r, 0);
		setmem("memslot.ipa32.one-page-past", vm32, 0, 0, (1ULL << 32) - S + PAGE, S, B);
		setmem("memslot.ipa32.start-at-limit", vm32, 0, 0, 1ULL << 32, PAGE, B);
		r = setmem("memslot.ipa32.below-4GiB", vm32, 0, 0, 0x80000000, S, B);
		setmem("memslot.ipa32.move-past-limit", vm32, 0, 0, 1ULL << 32, S, B);
		undo("memslot.undo", vm32, r, 0);
		close_fd("memslot.ipa32.vm", vm32);
	}
	{
		long ipa = kio(kvm, KVM_CHECK_EXTENSION, CAP_ARM_VM_IPA_SIZE);

		if (ipa >= 32 && ipa < 64) {
			vm32 = create_vm("memslot.ipamax.vm", (ul)KVM_VM_TYPE_ARM_IPA_SIZE(ipa));
			if (vm32 >= 0) {
				snprintf(where, sizeof(where), "memslot.ipamax.end-at-limit");
				r = setmem(where, vm32, 0, 0, (1ULL << ipa) - S, S, B);
				undo("memslot.undo", vm32, r, 0);
				setmem("memslot.ipamax.one-page-past", vm32, 0, 0,
				       (1ULL << ipa) - S + PAGE, S, B);
				close_fd("memslot.ipamax.vm", vm32);
			}
		}
	}

	/* How many slots a VM accepts: one page each, same backing page. */
	{
		long tries = nmem > 0 && nmem < 100000 ? nmem + 1 : 32769;
		long n;
		struct kvm_userspace_memory_region m;
		int e = 0;

		vm = create_vm("memslot.count.vm", 0);
		memset(&m, 0, sizeof(m));
		m.memory_size = PAGE;
		m.userspace_addr = B;
		for (n = 0; n < tries; n++) {
			m.slot = (uint32_t)n;
			m.guest_phys_addr = 0x10000000 + (ull)n * PAGE;
			if (kiop(vm, KVM_SET_USER_MEMORY_REGION, &m) < 0) {
				e = g_err;
				break;
			}
		}
		L("memslot.count KVM_SET_USER_MEMORY_REGION slot=0..%ld one page each -> created=%ld",
		  tries - 1, n);
		if (n < tries)
			L(" first-failure: slot=%ld -> -1 %s", n, ename(e));
		emit();
		/* The same count with slot ids taken from the top of the range. */
		close_fd("memslot.count.vm", vm);
	}
}

/* ------------------------------------------------------------------------ */
/* (e) KVM_ENABLE_CAP.                                                       */

void sec_enable_cap(void)
{
	static const ull ring_sizes[] = {
		0, 1000, 1024, 2048, 4096, 8192, 65536, 1 << 20, 1 << 21, 1ULL << 32,
	};
	char where[64];
	int vm, vcpu;

	section("enable_cap");
	vm = create_vm("enable_cap.vm", 0);
	enable_cap("vm", vm, CAP_ARM_NISV_TO_USER, 0, 0, 0);
	enable_cap("vm", vm, CAP_ARM_NISV_TO_USER, 1, 0, 0);
	enable_cap("vm", vm, CAP_ARM_NISV_TO_USER, 0, 0, 0);
	enable_cap("vm", vm, CAP_ARM_NISV_TO_USER, 0, 1, 0);
	enable_cap("vm", vm, 0, 0, 0, 0);
	enable_cap("vm", vm, CAP_USER_MEMORY, 0, 0, 0);
	enable_cap("vm", vm, 9999, 0, 0, 0);
	enable_cap("vm", vm, 0x80000000u, 0, 0, 0);
	enable_cap("vm", vm, CAP_HALT_POLL, 0, 1000, 0);
	enable_cap("vm", vm, CAP_HALT_POLL, 0, 1ULL << 32, 0);
	enable_cap("vm", vm, CAP_HALT_POLL, 0, 0xffffffff, 0);
	enable_cap("vm", vm, CAP_HALT_POLL, 1, 1000, 0);
	enable_cap("vm", vm, CAP_ARM_SYSTEM_SUSPEND, 0, 0, 0);
	enable_cap("vm", vm, CAP_ARM_SYSTEM_SUSPEND, 1, 0, 0);
	enable_cap("vm", vm, CAP_ARM_SYSTEM_SUSPEND, 0, 0, 0);
	for (ull a = 0; a <= 4; a++)
		enable_cap("vm", vm, CAP_MANUAL_DIRTY_LOG_PROTECT2, 0, a, 0);
	enable_cap("vm", vm, CAP_MANUAL_DIRTY_LOG_PROTECT2, 1, 1, 0);
	enable_cap("vm", vm, CAP_ARM_EAGER_SPLIT_CHUNK_SIZE, 0, 0, 0);
	enable_cap("vm", vm, CAP_ARM_EAGER_SPLIT_CHUNK_SIZE, 0, 4096, 0);
	enable_cap("vm", vm, CAP_ARM_EAGER_SPLIT_CHUNK_SIZE, 0, 0x200000, 0);
	enable_cap("vm", vm, CAP_ARM_EAGER_SPLIT_CHUNK_SIZE, 0, 12345, 0);
	enable_cap("vm", vm, CAP_ARM_MTE, 0, 0, 0);
	enable_cap("vm", vm, CAP_DIRTY_LOG_RING_WITH_BITMAP, 0, 0, 0);
	L("vm KVM_ENABLE_CAP NULL");
	R(kio(vm, KVM_ENABLE_CAP, 0));
	emit();
	L("vm KVM_ENABLE_CAP noaccess");
	R(kio(vm, KVM_ENABLE_CAP, NOACCESS));
	emit();
	L("vm KVM_ENABLE_CAP kernel-half(0x%llx)", KHALF);
	R(kio(vm, KVM_ENABLE_CAP, KHALF));
	emit();
	vcpu = create_vcpu("vcpu0", vm, 0);
	enable_cap("vm.after-vcpu", vm, CAP_ARM_MTE, 0, 0, 0);
	enable_cap("vm.after-vcpu", vm, CAP_ARM_NISV_TO_USER, 0, 0, 0);
	enable_cap("vm.after-vcpu", vm, CAP_ARM_SYSTEM_SUSPEND, 0, 0, 0);
	enable_cap("vm.after-vcpu", vm, CAP_HALT_POLL, 0, 500, 0);
	enable_cap("vm.after-vcpu", vm, CAP_MANUAL_DIRTY_LOG_PROTECT2, 0, 1, 0);
	enable_cap("vm.after-vcpu", vm, CAP_DIRTY_LOG_RING_ACQ_REL, 0, 4096, 0);
	enable_cap("vm.after-vcpu", vm, CAP_ARM_EAGER_SPLIT_CHUNK_SIZE, 0, 0, 0);
	enable_cap("vcpu0", vcpu, CAP_ARM_NISV_TO_USER, 0, 0, 0);
	enable_cap("vcpu0", vcpu, 0, 0, 0, 0);
	enable_cap("vcpu0", vcpu, CAP_HALT_POLL, 0, 1000, 0);
	enable_cap("sys", kvm, CAP_ARM_NISV_TO_USER, 0, 0, 0);
	enable_cap("sys", kvm, 0, 0, 0, 0);
	kclose(vcpu);
	close_fd("enable_cap.vm", vm);

	/* MTE once a memslot exists (no vCPU). */
	vm = create_vm("enable_cap.mte.vm", 0);
	setmem("enable_cap.mte", vm, 0, 0, 0x100000, 0x10000, (ull)(uintptr_t)buf);
	enable_cap("enable_cap.mte.after-memslot", vm, CAP_ARM_MTE, 0, 0, 0);
	close_fd("enable_cap.mte.vm", vm);

	/* Dirty rings: each size in its own VM. */
	for (int c = 0; c < 2; c++) {
		uint32_t cap = c ? CAP_DIRTY_LOG_RING_ACQ_REL : CAP_DIRTY_LOG_RING;

		for (size_t i = 0; i < sizeof(ring_sizes) / sizeof(ring_sizes[0]); i++) {
			snprintf(where, sizeof(where), "enable_cap.ring");
			vm = (int)kio(kvm, KVM_CREATE_VM, 0);
			enable_cap(where, vm, cap, 0, ring_sizes[i], 0);
			kclose(vm);
		}
	}
	vm = create_vm("enable_cap.ring.vm", 0);
	enable_cap("enable_cap.ring", vm, CAP_DIRTY_LOG_RING_ACQ_REL, 1, 4096, 0);
	enable_cap("enable_cap.ring", vm, CAP_DIRTY_LOG_RING_ACQ_REL, 0, 4096, 0);
	enable_cap("enable_cap.ring.twice", vm, CAP_DIRTY_LOG_RING_ACQ_REL, 0, 4096, 0);
	enable_cap("enable_cap.ring.other-size", vm, CAP_DIRTY_LOG_RING_ACQ_REL, 0, 8192, 0);
	enable_cap("enable_cap.ring.plain-after-acq-rel", vm, CAP_DIRTY_LOG_RING, 0, 4096, 0);
	enable_cap("enable_cap.ring.with-bitmap", vm, CAP_DIRTY_LOG_RING_WITH_BITMAP, 0, 0, 0);
	vcpu = create_vcpu("enable_cap.ring.vcpu0", vm, 0);
	if (vcpu >= 0) {
		void *p;
		uint8_t v = 0;

		L("enable_cap.ring.vcpu0 mmap len=0x1000 RW MAP_SHARED pgoff=%d", DIRTY_LOG_PAGE_OFFSET);
		p = RMAP(kmmap(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu,
			       DIRTY_LOG_PAGE_OFFSET * PAGE));
		emit();
		if (p != MAP_FAILED) {
			int sig = touch(p, 0, 0, &v);

			L("enable_cap.ring.vcpu0 read pgoff=%d byte0", DIRTY_LOG_PAGE_OFFSET);
			Ltouch(sig, 0, v);
			emit();
			munmap(p, PAGE);
		}
		L("enable_cap.ring.vcpu0 mmap len=0x2000 RW MAP_SHARED pgoff=%d (past ring)", DIRTY_LOG_PAGE_OFFSET);
		p = RMAP(kmmap(2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu,
			       DIRTY_LOG_PAGE_OFFSET * PAGE));
		emit();
		if (p != MAP_FAILED) {
			int sig = touch((uint8_t *)p + PAGE, 0, 0, &v);

			L("enable_cap.ring.vcpu0 read pgoff=%d byte0", DIRTY_LOG_PAGE_OFFSET + 1);
			Ltouch(sig, 0, v);
			emit();
			munmap(p, 2 * PAGE);
		}
		L("enable_cap.ring.vcpu0 mmap len=0x1000 R MAP_PRIVATE pgoff=%d", DIRTY_LOG_PAGE_OFFSET);
		p = RMAP(kmmap(PAGE, PROT_READ, MAP_PRIVATE, vcpu, DIRTY_LOG_PAGE_OFFSET * PAGE));
		emit();
		if (p != MAP_FAILED)
			munmap(p, PAGE);
		L("enable_cap.ring.vcpu0 mmap len=0x1000 R|X MAP_SHARED pgoff=%d", DIRTY_LOG_PAGE_OFFSET);
		p = RMAP(kmmap(PAGE, PROT_READ | PROT_EXEC, MAP_SHARED, vcpu, DIRTY_LOG_PAGE_OFFSET * PAGE));
		emit();
		if (p != MAP_FAILED)
			munmap(p, PAGE);
		L("enable_cap.ring.vcpu0 KVM_RESET_DIRTY_RINGS(vm)");
		R(kio(vm, KVM_RESET_DIRTY_RINGS, 0));
		emit();
		kclose(vcpu);
	}
	close_fd("enable_cap.ring.vm", vm);
}

/* ------------------------------------------------------------------------ */
/* (f) mmap of the three kinds of fd.                                        */

static void dump_run(const char *where, const uint8_t *p)
{
	const struct kvm_run *run = (const void *)p;

	L("%s kvm_run-initial", where);
	L(" -> request_interrupt_window=%u immediate_exit=%u exit_reason=%u"
	  " ready_for_interrupt_injection=%u if_flag=%u flags=0x%x"
	  " kvm_valid_regs=0x%llx kvm_dirty_regs=0x%llx nonzero=%zu fnv=0x%08x"
	  " tail-nonzero=%zu",
	  run->request_interrupt_window, run->immediate_exit, run->exit_reason,
	  run->ready_for_interrupt_injection, run->if_flag, run->flags,
	  (ull)run->kvm_valid_regs, (ull)run->kvm_dirty_regs,
	  nonzero(p, sizeof(struct kvm_run)), fnv1a(p, sizeof(struct kvm_run)),
	  nonzero(p + sizeof(struct kvm_run), PAGE - sizeof(struct kvm_run)));
	if (nonzero(p, PAGE)) {
		int k = 0;

		L(" nonzero-offsets=");
		for (size_t i = 0; i < PAGE && k < 16; i++)
			if (p[i]) {
				L("%s%zu:0x%02x", k++ ? "," : "", i, p[i]);
			}
	}
	emit();
}

static void *map_and_touch(const char *where, int fd, size_t len, int prot,
			   int flags, long pgoff, int touch_pages)
{
	void *p;

	L("%s mmap len=0x%zx prot=%s%s%s%s %s pgoff=%ld", where, len,
	  prot == PROT_NONE ? "none" : "",
	  prot & PROT_READ ? "R" : "", prot & PROT_WRITE ? "W" : "",
	  prot & PROT_EXEC ? "X" : "", flags & MAP_SHARED ? "MAP_SHARED" : "MAP_PRIVATE",
	  pgoff);
	p = RMAP(kmmap(len, prot, flags, fd, (off_t)(pgoff * (long)PAGE)));
	emit();
	if (p == MAP_FAILED)
		return NULL;
	for (int i = 0; i < touch_pages; i++) {
		uint8_t v = 0;
		int sig = touch((uint8_t *)p + i * PAGE, 0, 0, &v);

		L("%s read pgoff=%ld byte0", where, pgoff + i);
		Ltouch(sig, 0, v);
		emit();
	}
	return p;
}

void sec_mmap(void)
{
	int vm, v0, v1;
	uint8_t *a, *b, *c, *d;
	uint8_t v = 0;
	int sig;

	section("mmap");
	vm = create_vm("mmap.vm", 0);
	v0 = create_vcpu("vcpu0", vm, 0);
	v1 = create_vcpu("vcpu1", vm, 1);

	a = map_and_touch("sys", kvm, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, 0, 0);
	if (a)
		munmap(a, PAGE);
	a = map_and_touch("vm", vm, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, 0, 0);
	if (a)
		munmap(a, PAGE);
	a = map_and_touch("vm", vm, PAGE, PROT_READ, MAP_PRIVATE, 0, 0);
	if (a)
		munmap(a, PAGE);

	/* Page 0: struct kvm_run, as it is right after KVM_CREATE_VCPU. */
	a = map_and_touch("vcpu0", v0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, 0, 1);
	if (a) {
		if (touch(a, 0, 0, &v) == 0)
			dump_run("vcpu0", a);
	}
	b = map_and_touch("vcpu0", v0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, 1, 1);
	if (b) {
		if (touch(b, 0, 0, &v) == 0) {
			const uint32_t *ring = (const void *)b;

			L("vcpu0 coalesced-ring-initial -> first=%u last=%u nonzero=%zu",
			  ring[0], ring[1], nonzero(b, PAGE));
			emit();
		}
	}
	for (long pg = 2; pg <= 3; pg++) {
		c = map_and_touch("vcpu0", v0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, pg, 1);
		if (c)
			munmap(c, PAGE);
	}
	c = map_and_touch("vcpu0", v0, PAGE, PROT_READ, MAP_SHARED, DIRTY_LOG_PAGE_OFFSET, 1);
	if (c)
		munmap(c, PAGE);
	c = map_and_touch("vcpu0", v0, PAGE, PROT_READ, MAP_SHARED, 0x10000, 1);
	if (c)
		munmap(c, PAGE);
	c = map_and_touch("vcpu0", v0, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, 0, 3);
	if (c)
		munmap(c, 3 * PAGE);
	c = map_and_touch("vcpu0", v0, 2 * PAGE, PROT_READ, MAP_SHARED, 1, 2);
	if (c)
		munmap(c, 2 * PAGE);
	c = map_and_touch("vcpu0", v0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0, 1);
	if (c) {
		const struct kvm_run *run = (const void *)c;

		sig = touch(c + 1, 1, 1, NULL);
		L("vcpu0 write private-copy immediate_exit=1");
		Ltouch(sig, 1, 0);
		emit();
		if (a) {
			L("vcpu0 read shared immediate_exit (after private write)");
			Lread(a + 1);
			emit();
		}
		L("vcpu0 read private exit_reason");
		L(" -> %u", run->exit_reason);
		emit();
		munmap(c, PAGE);
	}
	c = map_and_touch("vcpu0", v0, PAGE, PROT_READ | PROT_EXEC, MAP_SHARED, 0, 1);
	if (c)
		munmap(c, PAGE);
	c = map_and_touch("vcpu0", v0, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE, 0, 1);
	if (c)
		munmap(c, PAGE);
	c = map_and_touch("vcpu0", v0, PAGE, PROT_NONE, MAP_SHARED, 0, 0);
	if (c)
		munmap(c, PAGE);
	L("vcpu0 mmap len=0 prot=RW MAP_SHARED pgoff=0");
	c = RMAP(kmmap(0, PROT_READ | PROT_WRITE, MAP_SHARED, v0, 0));
	emit();
	if (c != MAP_FAILED)
		munmap(c, PAGE);

	/* Two mappings of vcpu0 page 0 see the same page. */
	c = map_and_touch("vcpu0.second", v0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, 0, 0);
	if (a && c) {
		sig = touch(a + 1, 1, 1, NULL);
		L("vcpu0 write first-mapping immediate_exit=1");
		Ltouch(sig, 1, 0);
		emit();
		L("vcpu0.second read immediate_exit");
		Lread(c + 1);
		emit();
	}
	/* vcpu1 page 0 is a different kvm_run; page 1 is the VM's ring. */
	d = map_and_touch("vcpu1", v1, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, 0, 0);
	if (d) {
		L("vcpu1 read immediate_exit (vcpu0's set to 1)");
		Lread(d + 1);
		emit();
		if (b) {
			sig = touch(b + 8, 1, 0xa5, NULL);
			L("vcpu0 write pgoff=1 byte8=0xa5");
			Ltouch(sig, 1, 0);
			emit();
			L("vcpu1 read pgoff=1 byte8 (same ring page?)");
			Lread(d + PAGE + 8);
			emit();
			touch(b + 8, 1, 0, NULL);
		}
		munmap(d, 2 * PAGE);
	}
	if (a)
		touch(a + 1, 1, 0, NULL);
	if (c)
		munmap(c, PAGE);

	/* A second VM's ring is another page. */
	{
		int vm2 = create_vm("mmap.vm2", 0);
		int w0 = create_vcpu("mmap.vm2.vcpu0", vm2, 0);

		if (b) {
			touch(b + 8, 1, 0x5a, NULL);
			d = map_and_touch("mmap.vm2.vcpu0", w0, PAGE, PROT_READ, MAP_SHARED, 1, 0);
			if (d) {
				L("mmap.vm2.vcpu0 read pgoff=1 byte8 (vm1 ring byte8=0x5a)");
				Lread(d + 8);
				emit();
				munmap(d, PAGE);
			}
			touch(b + 8, 1, 0, NULL);
		}
		kclose(w0);
		kclose(vm2);
	}
	if (a)
		munmap(a, PAGE);
	if (b)
		munmap(b, PAGE);
	kclose(v1);
	kclose(v0);
	close_fd("mmap.vm", vm);
}

/* ------------------------------------------------------------------------ */
/* (g) lifetimes of fds.                                                     */

void sec_lifetime(void)
{
	int vm, vcpu, d, vm2, v2;
	uint8_t *run;

	section("lifetime");
	vm = create_vm("lifetime.vm", 0);
	vcpu = create_vcpu("vcpu0", vm, 0);
	L("vcpu0 mmap len=0x1000 prot=RW MAP_SHARED pgoff=0");
	run = RMAP(kmmap(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0));
	emit();
	close_fd("vm", vm);
	get_mp_state("vcpu0.after-vm-close", vcpu);
	L("vcpu0.after-vm-close KVM_GET_ONE_REG pc");
	{
		ull val = 0;
		struct kvm_one_reg reg = { .id = REG_PC, .addr = (ull)(uintptr_t)&val };

		R(kiop(vcpu, KVM_GET_ONE_REG, &reg));
	}
	emit();
	L("vcpu0.after-vm-close KVM_RUN");
	R(kio(vcpu, KVM_RUN, 0));
	emit();
	L("vcpu0.after-vm-close mmap len=0x1000 prot=R MAP_SHARED pgoff=0");
	{
		uint8_t *p = RMAP(kmmap(PAGE, PROT_READ, MAP_SHARED, vcpu, 0));

		emit();
		if (p != MAP_FAILED) {
			L("vcpu0.after-vm-close read pgoff=0 byte8");
			Lread(p + 8);
			emit();
			munmap(p, PAGE);
		}
	}

	L("vcpu0 dup");
	d = (int)RFD(kdup(vcpu));
	emit();
	close_fd("vcpu0.original", vcpu);
	get_mp_state("vcpu0.dup", d);
	L("vcpu0.closed KVM_GET_MP_STATE (closed fd)");
	{
		struct kvm_mp_state mp;

		R(kiop(vcpu, KVM_GET_MP_STATE, &mp));
	}
	emit();
	close_fd("vcpu0.dup", d);
	if (run != MAP_FAILED) {
		L("vcpu0.all-closed read mapping pgoff=0 byte8");
		Lread(run + 8);
		emit();
		munmap(run, PAGE);
	}

	/* dup of a VM fd: the dup creates vCPUs after the original is closed. */
	vm = create_vm("lifetime.vm2", 0);
	L("vm2 dup");
	vm2 = (int)RFD(kdup(vm));
	emit();
	close_fd("vm2.original", vm);
	v2 = create_vcpu("vm2.dup", vm2, 0);
	check_ext("vm2.dup", vm2, CAP_USER_MEMORY, 0);
	kclose(v2);
	close_fd("vm2.dup", vm2);

	/* The system fd is not needed by live VMs. */
	{
		int k2, vm3, v3;

		L("lifetime.sys2 open /dev/kvm O_RDWR|O_CLOEXEC");
		k2 = (int)RFD(K->open(kernel_name, O_RDWR | O_CLOEXEC));
		if (k2 < 0)
			g_err = errno;
		emit();
		if (k2 >= 0) {
			L("lifetime.sys2 KVM_CREATE_VM type=0");
			vm3 = (int)RFD(kio(k2, KVM_CREATE_VM, 0));
			emit();
			close_fd("lifetime.sys2", k2);
			v3 = create_vcpu("lifetime.sys2-closed.vm", vm3, 0);
			get_mp_state("lifetime.sys2-closed.vcpu0", v3);
			kclose(v3);
			kclose(vm3);
		}
	}
}

/* ------------------------------------------------------------------------ */
/* (h) fork: the child uses the parent's fds.                                */

void sec_fork(void)
{
	int vm, vcpu, pfd[2];
	uint8_t *run;
	pid_t pid;

	section("fork");
	vm = create_vm("fork.vm", 0);
	vcpu = create_vcpu("fork.vcpu0", vm, 0);
	run = kmmap(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (pipe(pfd) < 0) {
		L("fork pipe -> -1 %s", ename(errno));
		emit();
		return;
	}
	fflush(out);
	pid = fork();
	if (pid == 0) {
		FILE *f = fdopen(pfd[1], "w");

		close(pfd[0]);
		if (!f)
			_exit(2);
		out = f;
		check_ext("child.vm", vm, CAP_USER_MEMORY, 0);
		get_mp_state("child.vcpu0", vcpu);
		L("child.vcpu0 KVM_RUN");
		R(kio(vcpu, KVM_RUN, 0));
		emit();
		create_vcpu("child.vm", vm, 1);
		setmem("child.vm", vm, 0, 0, 0x100000, 0x10000, (ull)(uintptr_t)buf);
		enable_cap("child.vm", vm, CAP_ARM_NISV_TO_USER, 0, 0, 0);
		L("child.vm KVM_ARM_PREFERRED_TARGET");
		{
			struct kvm_vcpu_init init;

			R(kiop(vm, KVM_ARM_PREFERRED_TARGET, &init));
		}
		emit();
		if (run != MAP_FAILED) {
			L("child.vcpu0 read inherited mapping pgoff=0 byte8");
			Lread(run + 8);
			emit();
		}
		{
			uint8_t *p;

			L("child.vcpu0 mmap len=0x1000 prot=R MAP_SHARED pgoff=0");
			p = RMAP(kmmap(PAGE, PROT_READ, MAP_SHARED, vcpu, 0));
			emit();
			if (p != MAP_FAILED) {
				L("child.vcpu0 read pgoff=0 byte8");
				Lread(p + 8);
				emit();
				munmap(p, PAGE);
			}
		}
		L("child.sys KVM_GET_API_VERSION arg=0");
		R(kio(kvm, KVM_GET_API_VERSION, 0));
		emit();
		check_ext("child.sys", kvm, CAP_USER_MEMORY, 0);
		{
			int cvm = create_vm("child.sys", 0);
			int cv = cvm >= 0 ? create_vcpu("child.own-vm", cvm, 0) : -1;

			if (cvm >= 0) {
				check_ext("child.own-vm", cvm, CAP_USER_MEMORY, 0);
				get_mp_state("child.own-vm.vcpu0", cv);
			}
			kclose(cv);
			kclose(cvm);
		}
		L("child.vcpu0 dup");
		{
			int d = (int)RFD(kdup(vcpu));

			emit();
			if (d >= 0)
				get_mp_state("child.vcpu0.dup", d);
			kclose(d);
		}
		close_fd("child.vm", vm);
		fflush(f);
		_exit(0);
	}
	close(pfd[1]);
	if (pid < 0) {
		L("fork fork -> -1 %s", ename(errno));
		emit();
		close(pfd[0]);
	} else {
		char tmp[4096];
		ssize_t n;
		int st = 0;

		fflush(out);
		while ((n = read(pfd[0], tmp, sizeof(tmp))) > 0)
			fwrite(tmp, 1, (size_t)n, out);
		close(pfd[0]);
		waitpid(pid, &st, 0);
		L("fork child-exit");
		if (WIFEXITED(st))
			L(" -> %d", WEXITSTATUS(st));
		else
			L(" -> signal%d", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
		emit();
	}
	check_ext("fork.parent.vm", vm, CAP_USER_MEMORY, 0);
	get_mp_state("fork.parent.vcpu0", vcpu);
	create_vcpu("fork.parent.vm", vm, 1);
	if (run != MAP_FAILED)
		munmap(run, PAGE);
	kclose(vcpu);
	close_fd("fork.vm", vm);
}

/* ------------------------------------------------------------------------ */
/* (i) vCPU ioctls before KVM_ARM_VCPU_INIT.                                 */

void sec_before_init(void)
{
	int vm, vcpu;
	ull val = 0x1122334455667788ULL;
	struct kvm_one_reg reg = { .id = REG_PC, .addr = 0 };
	union {
		struct kvm_reg_list l;
		uint64_t raw[1024];
	} rl;
	union {
		struct kvm_regs r;
		uint8_t raw[2048];
	} regs;
	int what;

	section("before_init");
	vm = create_vm("before_init.vm", 0);
	vcpu = create_vcpu("vcpu0", vm, 0);
	reg.addr = (ull)(uintptr_t)&val;
	L("vcpu0 KVM_GET_ONE_REG pc");
	R(kiop(vcpu, KVM_GET_ONE_REG, &reg));
	L(" val=%s", val == 0x1122334455667788ULL ? "untouched" : "written");
	emit();
	L("vcpu0 KVM_SET_ONE_REG pc=0x1122334455667788");
	R(kiop(vcpu, KVM_SET_ONE_REG, &reg));
	emit();
	L("vcpu0 KVM_GET_ONE_REG NULL");
	R(kio(vcpu, KVM_GET_ONE_REG, 0));
	emit();
	reg.id = 0;
	L("vcpu0 KVM_GET_ONE_REG id=0");
	R(kiop(vcpu, KVM_GET_ONE_REG, &reg));
	emit();
	reg.id = 0x603000000013c005ULL;	/* MPIDR_EL1 */
	L("vcpu0 KVM_GET_ONE_REG MPIDR_EL1");
	R(kiop(vcpu, KVM_GET_ONE_REG, &reg));
	emit();
	memset(&rl, 0, sizeof(rl));
	rl.l.n = 0;
	L("vcpu0 KVM_GET_REG_LIST n=0");
	R(kiop(vcpu, KVM_GET_REG_LIST, &rl));
	L(" n=%llu", (ull)rl.l.n);
	emit();
	rl.l.n = 1000;
	L("vcpu0 KVM_GET_REG_LIST n=1000");
	R(kiop(vcpu, KVM_GET_REG_LIST, &rl));
	L(" n=%llu", (ull)rl.l.n);
	emit();
	L("vcpu0 KVM_GET_REG_LIST NULL");
	R(kio(vcpu, KVM_GET_REG_LIST, 0));
	emit();
	L("vcpu0 KVM_RUN arg=0");
	R(kio(vcpu, KVM_RUN, 0));
	emit();
	L("vcpu0 KVM_RUN arg=1");
	R(kio(vcpu, KVM_RUN, 1));
	emit();
	what = 4;	/* KVM_ARM_VCPU_SVE */
	L("vcpu0 KVM_ARM_VCPU_FINALIZE what=SVE(4)");
	R(kiop(vcpu, KVM_ARM_VCPU_FINALIZE, &what));
	emit();
	what = 0;
	L("vcpu0 KVM_ARM_VCPU_FINALIZE what=0");
	R(kiop(vcpu, KVM_ARM_VCPU_FINALIZE, &what));
	emit();
	L("vcpu0 KVM_ARM_VCPU_FINALIZE NULL");
	R(kio(vcpu, KVM_ARM_VCPU_FINALIZE, 0));
	emit();
	memset(&regs, 0, sizeof(regs));
	L("vcpu0 KVM_GET_REGS");
	R(kiop(vcpu, KVM_GET_REGS, &regs));
	emit();
	L("vcpu0 KVM_SET_REGS");
	R(kiop(vcpu, KVM_SET_REGS, &regs));
	emit();
	L("vcpu0 KVM_GET_SREGS");
	R(kiop(vcpu, KVM_GET_SREGS, regs.raw));
	emit();
	L("vcpu0 KVM_GET_FPU");
	R(kiop(vcpu, KVM_GET_FPU, regs.raw));
	emit();
	L("vcpu0 KVM_GET_VCPU_EVENTS");
	R(kiop(vcpu, KVM_GET_VCPU_EVENTS, regs.raw));
	emit();
	L("vcpu0 KVM_SET_GUEST_DEBUG (zeros)");
	R(kiop(vcpu, KVM_SET_GUEST_DEBUG, regs.raw));
	emit();
	{
		struct kvm_device_attr attr = { .group = 0 /* PMU_CTRL */, .attr = 0 };

		L("vcpu0 KVM_HAS_DEVICE_ATTR group=0 attr=0");
		R(kiop(vcpu, KVM_HAS_DEVICE_ATTR, &attr));
		emit();
	}
	get_mp_state("vcpu0", vcpu);
	for (uint32_t s = 0; s <= 10; s++) {
		struct kvm_mp_state mp = { .mp_state = s };

		L("vcpu0 KVM_SET_MP_STATE mp_state=%u", s);
		R(kiop(vcpu, KVM_SET_MP_STATE, &mp));
		emit();
		get_mp_state("vcpu0", vcpu);
	}
	{
		struct kvm_mp_state mp = { .mp_state = 0 };

		L("vcpu0 KVM_SET_MP_STATE mp_state=0 (back)");
		R(kiop(vcpu, KVM_SET_MP_STATE, &mp));
		emit();
		L("vcpu0 KVM_SET_MP_STATE NULL");
		R(kio(vcpu, KVM_SET_MP_STATE, 0));
		emit();
		L("vcpu0 KVM_GET_MP_STATE NULL");
		R(kio(vcpu, KVM_GET_MP_STATE, 0));
		emit();
	}
	/* A second vCPU of the same VM, untouched: still RUNNABLE. */
	{
		int v1 = create_vcpu("vcpu1", vm, 1);

		get_mp_state("vcpu1", v1);
		kclose(v1);
	}
	kclose(vcpu);
	close_fd("before_init.vm", vm);
}

