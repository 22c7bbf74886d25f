/*
 * dirtylog.c - section vm.dirty-log: KVM_GET_DIRTY_LOG and
 * KVM_CLEAR_DIRTY_LOG's checks and errnos, manual protect with and without
 * INITIALLY_SET, logging turned off and on, then a guest's stores and loads:
 * which pages the bitmap reports, and which the dirty ring gets, up to
 * KVM_EXIT_DIRTY_RING_FULL and after KVM_RESET_DIRTY_RINGS.
 */
#include "conform.h"

#define DL_RAM		0x40000000ULL
#define DL_DATA		0x50000000ULL
#define DL_REPORT	0x60000000ULL
#define DL_X(n)		(0x6030000000100000ULL | (2 * (n)))
#define DL_PAGES	100	/* not a multiple of 64 */

/* Bitmaps are read into this, with a canary word past what the slot needs. */
static uint64_t bm[8];
/* The data slots' memory: 4 MiB of its own. */
static uint8_t *mem;

static long get_log(const char *where, int vm, uint32_t slot, void *bitmap, int words)
{
	struct kvm_dirty_log log = { .slot = slot, .dirty_bitmap = bitmap };

	memset(bm, 0xa5, sizeof(bm));
	L("%s KVM_GET_DIRTY_LOG slot=%#x%s", where, slot, bitmap ? "" : " bitmap=NULL");
	R(kiop(vm, KVM_GET_DIRTY_LOG, &log));
	if (!g_err && bitmap == bm) {
		for (int i = 0; i < words; i++)
			L(" %016llx", (ull)bm[i]);
		L(" then %s", bm[words] == 0xa5a5a5a5a5a5a5a5ULL ? "untouched" : "written");
	}
	emit();
	return g_err ? -1 : 0;
}

static long clear_log(const char *where, int vm, uint32_t slot, uint64_t first, uint32_t num,
		      const void *bitmap)
{
	struct kvm_clear_dirty_log log = { .slot = slot, .num_pages = num, .first_page = first,
					   .dirty_bitmap = (void *)bitmap };

	L("%s KVM_CLEAR_DIRTY_LOG slot=%#x first=%llu num=%u%s", where, slot, (ull)first, num,
	  bitmap ? "" : " bitmap=NULL");
	return R(kiop(vm, KVM_CLEAR_DIRTY_LOG, &log)), emit(), g_err ? -1 : 0;
}

static void dirty_log_args(void)
{
	static const uint64_t ones[2] = { ~0ULL, ~0ULL };
	int vm = create_vm("dl", 0);

	if (vm < 0)
		return;
	setmem("dl", vm, 0, 0, DL_RAM, 0x40000, (ull)(uintptr_t)buf);
	setmem("dl", vm, 1, KVM_MEM_LOG_DIRTY_PAGES, DL_DATA, DL_PAGES * PAGE, (ull)(uintptr_t)mem);
	L("dl KVM_GET_DIRTY_LOG arg=NULL");
	R(kio(vm, KVM_GET_DIRTY_LOG, 0));
	emit();
	get_log("dl", vm, 0, bm, 1);
	get_log("dl", vm, 5, bm, 1);
	get_log("dl", vm, 0x10001, bm, 2);
	get_log("dl", vm, 32767, bm, 1);
	get_log("dl", vm, 32766, bm, 1);
	get_log("dl", vm, 1, NULL, 2);
	get_log("dl", vm, 1, bm, 2);
	L("dl KVM_CLEAR_DIRTY_LOG arg=NULL");
	R(kio(vm, KVM_CLEAR_DIRTY_LOG, 0));
	emit();
	clear_log("dl", vm, 1, 1, 63, ones);
	clear_log("dl", vm, 1, 0, 65, ones);
	clear_log("dl", vm, 1, 0, 100, ones);
	clear_log("dl", vm, 1, 0, 101, ones);
	clear_log("dl", vm, 1, 64, 36, ones);
	clear_log("dl", vm, 1, 64, 37, ones);
	clear_log("dl", vm, 1, 64, 0, ones);
	clear_log("dl", vm, 1, 128, 0, ones);
	clear_log("dl", vm, 1, 0, 0, NULL);
	clear_log("dl", vm, 1, 0, 64, NULL);
	clear_log("dl", vm, 0, 0, 64, ones);
	clear_log("dl", vm, 0x10001, 0, 64, ones);
	/* Logging off: no bitmap; on again: a new, empty one. */
	setmem("dl", vm, 1, 0, DL_DATA, DL_PAGES * PAGE, (ull)(uintptr_t)mem);
	get_log("dl", vm, 1, bm, 2);
	setmem("dl", vm, 1, KVM_MEM_LOG_DIRTY_PAGES, DL_DATA, DL_PAGES * PAGE, (ull)(uintptr_t)mem);
	get_log("dl", vm, 1, bm, 2);
	/* Manual protect with INITIALLY_SET: a new logging slot starts all dirty. */
	enable_cap("dl", vm, CAP_MANUAL_DIRTY_LOG_PROTECT2, 0, 3, 0);
	setmem("dl", vm, 2, KVM_MEM_LOG_DIRTY_PAGES, DL_DATA + 0x100000, DL_PAGES * PAGE,
	       (ull)(uintptr_t)(mem + 0x100000));
	get_log("dl", vm, 2, bm, 2);
	clear_log("dl", vm, 2, 64, 36, ones);
	get_log("dl", vm, 2, bm, 2);
	/* The slot that logged before keeps its bitmap; a move keeps it too. */
	get_log("dl", vm, 1, bm, 2);
	setmem("dl", vm, 1, KVM_MEM_LOG_DIRTY_PAGES, DL_DATA + 0x200000, DL_PAGES * PAGE,
	       (ull)(uintptr_t)mem);
	get_log("dl", vm, 1, bm, 2);
	setmem("dl", vm, 1, 0, DL_DATA + 0x200000, 0, (ull)(uintptr_t)mem);
	get_log("dl", vm, 1, bm, 2);
	close_fd("dl", vm);
}

/* A vCPU running code[] from DL_RAM over the data slot at DL_DATA. */
static int dl_vcpu(const char *where, int vm, const uint32_t *code, size_t len,
		   struct kvm_run **run)
{
	int vcpu = create_vcpu(where, vm, 0);

	if (vcpu < 0)
		return -1;
	if (vcpu_init0(where, vcpu, BIT(F_PSCI_0_2)) < 0)
		return vcpu;
	*run = kmmap((size_t)mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (*run == MAP_FAILED) {
		L("%s mmap -> -1 %s", where, ename(g_err));
		emit();
		*run = NULL;
		return vcpu;
	}
	memset(buf, 0, 0x10000);
	memcpy(buf, code, len);
	setr(where, vcpu, REG_PC, DL_RAM);
	setr(where, vcpu, DL_X(1), DL_DATA);
	setr(where, vcpu, DL_X(2), 0x1122334455667788ULL);
	setr(where, vcpu, DL_X(21), DL_REPORT);
	return vcpu;
}

static void run_line(const char *where, int vcpu, struct kvm_run *run)
{
	L("%s KVM_RUN", where);
	R(kio(vcpu, KVM_RUN, 0));
	L(" exit=%u", run->exit_reason);
	if (run->exit_reason == KVM_EXIT_MMIO)
		L(" addr=%#llx", (ull)run->mmio.phys_addr);
	emit();
}

static const uint32_t stores[] = {
	0xf9000022,	/* str x2, [x1]: page 0 */
	0xf9180022,	/* str x2, [x1, #0x3000]: page 3 */
	0x91401423,	/* add x3, x1, #5, lsl #12 */
	0x39000062,	/* strb w2, [x3]: page 5 */
	0x9140fc23,	/* add x3, x1, #63, lsl #12 */
	0xf907fc62,	/* str x2, [x3, #0xff8]: page 63 */
	0x91402423,	/* add x3, x1, #9, lsl #12 */
	0xb90ffc62,	/* str w2, [x3, #0xffc]: page 9 */
	0x91402823,	/* add x3, x1, #10, lsl #12 */
	0x79000062,	/* strh w2, [x3]: page 10 */
	0x91401c23,	/* add x3, x1, #7, lsl #12 */
	0xf9400064,	/* ldr x4, [x3]: page 7, a load */
	0xf90002a2,	/* str x2, [x21]: report */
	0x91400423,	/* add x3, x1, #1, lsl #12 */
	0xf9000062,	/* str x2, [x3]: page 1 */
	0xf9180022,	/* str x2, [x1, #0x3000]: page 3 */
	0xf90002a2,	/* str x2, [x21]: report */
	0x14000000,	/* b . */
};

/* The guest's stores, without and with manual protect. */
static void dirty_log_guest(const char *where, int manual)
{
	static const uint64_t page3[1] = { 1ULL << 3 };
	struct kvm_run *run = NULL;
	int vm = create_vm(where, 0), vcpu;

	if (vm < 0)
		return;
	if (manual)
		enable_cap(where, vm, CAP_MANUAL_DIRTY_LOG_PROTECT2, 0, 1, 0);
	setmem(where, vm, 0, 0, DL_RAM, 0x10000, (ull)(uintptr_t)buf);
	setmem(where, vm, 1, KVM_MEM_LOG_DIRTY_PAGES, DL_DATA, 64 * PAGE, (ull)(uintptr_t)mem);
	vcpu = dl_vcpu(where, vm, stores, sizeof(stores), &run);
	if (vcpu >= 0 && run) {
		run_line(where, vcpu, run);
		get_log(where, vm, 1, bm, 1);
		get_log(where, vm, 1, bm, 1);
		if (manual) {
			clear_log(where, vm, 1, 0, 64, page3);
			get_log(where, vm, 1, bm, 1);
		}
		run_line(where, vcpu, run);
		get_log(where, vm, 1, bm, 1);
		munmap(run, (size_t)mmap_size);
	}
	if (vcpu >= 0)
		close_fd(where, vcpu);
	close_fd(where, vm);
}

/* The entries the ring holds from @from on, with the DIRTY flag. */
static void Lring(struct kvm_dirty_gfn *ring, uint32_t entries, uint32_t from)
{
	uint32_t n = 0, i;

	for (i = from; i < from + entries; i++) {
		struct kvm_dirty_gfn *e = &ring[i % entries];

		if (!(e->flags & KVM_DIRTY_GFN_F_DIRTY))
			break;
		if (!n)
			L(" first slot=%u offset=%llu", e->slot, (ull)e->offset);
		n++;
	}
	if (n)
		L(" last slot=%u offset=%llu", ring[(i - 1) % entries].slot,
		  (ull)ring[(i - 1) % entries].offset);
	L(" dirty=%u", n);
}

static void dirty_ring_guest(void)
{
	static const uint32_t loop[] = {
		0xd2801905,	/* mov x5, #200 */
		0xf9000022,	/* 1: str x2, [x1] */
		0x91400421,	/* add x1, x1, #1, lsl #12 */
		0xf10004a5,	/* subs x5, x5, #1 */
		0x54ffffa1,	/* b.ne 1b */
		0xf90002a2,	/* str x2, [x21]: report */
		0x14000000,	/* b . */
	};
	const uint32_t entries = PAGE / sizeof(struct kvm_dirty_gfn);
	struct kvm_dirty_gfn *ring;
	struct kvm_run *run = NULL;
	int vm = create_vm("dl.ring", 0), vcpu;

	if (vm < 0)
		return;
	if (enable_cap("dl.ring", vm, CAP_DIRTY_LOG_RING_ACQ_REL, 0, PAGE, 0) < 0) {
		close_fd("dl.ring", vm);
		return;
	}
	setmem("dl.ring", vm, 0, 0, DL_RAM, 0x10000, (ull)(uintptr_t)buf);
	setmem("dl.ring", vm, 1, KVM_MEM_LOG_DIRTY_PAGES, DL_DATA, 256 * PAGE,
	       (ull)(uintptr_t)mem);
	get_log("dl.ring", vm, 1, bm, 4);
	vcpu = dl_vcpu("dl.ring", vm, loop, sizeof(loop), &run);
	if (vcpu < 0 || !run)
		goto out;
	ring = kmmap(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu,
		     DIRTY_LOG_PAGE_OFFSET * PAGE);
	if (ring == MAP_FAILED) {
		L("dl.ring mmap ring -> -1 %s", ename(g_err));
		emit();
		goto out_run;
	}
	run_line("dl.ring", vcpu, run);
	L("dl.ring ring");
	Lring(ring, entries, 0);
	emit();
	run_line("dl.ring", vcpu, run);
	for (uint32_t i = 0; i < entries; i++)
		if (ring[i].flags & KVM_DIRTY_GFN_F_DIRTY)
			ring[i].flags |= KVM_DIRTY_GFN_F_RESET;
	L("dl.ring KVM_RESET_DIRTY_RINGS");
	R(kio(vm, KVM_RESET_DIRTY_RINGS, 0));
	emit();
	run_line("dl.ring", vcpu, run);
	L("dl.ring ring");
	Lring(ring, entries, 192);
	emit();
	munmap(ring, PAGE);
out_run:
	munmap(run, (size_t)mmap_size);
out:
	if (vcpu >= 0)
		close_fd("dl.ring", vcpu);
	close_fd("dl.ring", vm);
}

void sec_vm_dirty_log(void)
{
	section("vm.dirty-log");
	mem = mmap(NULL, 4UL << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		L("dl mmap 4 MiB -> -1 %s", ename(errno));
		emit();
		return;
	}
	region_add("dlmem", mem, 4UL << 20);
	dirty_log_args();
	dirty_log_guest("dl.run", 0);
	dirty_log_guest("dl.manual", 1);
	dirty_ring_guest();
	munmap(mem, 4UL << 20);
}
