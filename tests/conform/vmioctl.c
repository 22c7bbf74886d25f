/*
 * vmioctl.c - conformance sections for the VM-fd ioctls a VMM makes
 * besides memory slots and vCPUs, which the kernel's own selftests use:
 *
 *   vm.device       KVM_CREATE_DEVICE (every type, with and without
 *                   KVM_CREATE_DEVICE_TEST) and the VM's device attributes
 *   vm.stats        KVM_GET_STATS_FD of a VM and of a vCPU: the file's
 *                   header, id, descriptors and data, and how it reads
 *   vm.coalesced    KVM_(UN)REGISTER_COALESCED_MMIO, and a guest's stores
 *                   into a zone as the ring on page 1 of the vCPU mapping
 *                   shows them
 *   arm64.writable-masks  6.12's KVM_ARM_GET_REG_WRITABLE_MASKS
 *
 * Statistics values depend on the host and on timing: their lines are
 * [vary].  The id string carries the process id, printed as <pid>.
 */
#include "conform.h"

#include <sys/stat.h>

/* 6.12's uapi, absent from 6.1's headers that the real build uses. */
struct wmask_range {
	uint64_t addr;
	uint32_t range;
	uint32_t reserved[13];
};
#define GET_REG_WRITABLE_MASKS	_IOR(KVMIO, 0xb6, struct wmask_range)
#define FEATURE_ID_RANGE_SIZE	(3 * 8 * 8)

#ifndef KVM_GET_STATS_FD
#define KVM_GET_STATS_FD	_IO(KVMIO, 0xce)
#endif

/* ---- vm.device ---------------------------------------------------------- */

static const char *const dev_names[] = {
	"0", "FSL_MPIC_20", "FSL_MPIC_42", "XICS", "VFIO", "ARM_VGIC_V2", "FLIC",
	"ARM_VGIC_V3", "ARM_VGIC_ITS", "XIVE", "ARM_PV_TIME", "RISCV_AIA",
};
#define NR_DEV_NAMES (sizeof(dev_names) / sizeof(dev_names[0]))

static long create_device(const char *where, int vm, uint32_t type, uint32_t flags)
{
	struct kvm_create_device cd = { .type = type, .fd = 0xdead, .flags = flags };
	long r;

	if (type < NR_DEV_NAMES)
		L("%s KVM_CREATE_DEVICE type=%s flags=%#x", where, dev_names[type], flags);
	else
		L("%s KVM_CREATE_DEVICE type=%#x flags=%#x", where, type, flags);
	r = R(kiop(vm, KVM_CREATE_DEVICE, &cd));
	if (r == 0)
		L(" fd=%s", cd.fd == 0xdead ? "unchanged" : "new");
	emit();
	/* A device fd, when one was made: the attributes say no more here. */
	if (r == 0 && cd.fd != 0xdead)
		close((int)cd.fd);
	return r;
}

static void vm_attr(const char *where, int vm, unsigned long req, const char *name,
		    uint32_t group, uint64_t attr, uint64_t addr)
{
	struct kvm_device_attr a = { .group = group, .attr = attr, .addr = addr };

	L("%s %s group=%u attr=%llu", where, name, group, (ull)attr);
	R(kiop(vm, req, &a));
	emit();
}

void sec_vm_device(void)
{
	static const uint32_t odd_types[] = { 12, 0x100, 0xffffffffU };
	int vm;

	section("vm.device");
	vm = create_vm("device", 0);
	if (vm < 0)
		return;
	L("device KVM_CREATE_DEVICE arg=NULL");
	R(kio(vm, KVM_CREATE_DEVICE, 0));
	emit();
	L("device KVM_CREATE_DEVICE arg=kernel-half");
	R(kio(vm, KVM_CREATE_DEVICE, KHALF));
	emit();
	for (uint32_t t = 0; t < NR_DEV_NAMES; t++)
		create_device("device.test", vm, t, KVM_CREATE_DEVICE_TEST);
	for (size_t i = 0; i < sizeof(odd_types) / sizeof(odd_types[0]); i++)
		create_device("device.test", vm, odd_types[i], KVM_CREATE_DEVICE_TEST);
	/* Unknown types without the test flag, and flags the kernel ignores. */
	create_device("device.create", vm, 0, 0);
	create_device("device.create", vm, 0xff, 0);
	create_device("device.create", vm, 0xff, 0xfe);
	create_device("device.create", vm, 0xff, 0xffffffffU);

	/* The VM's own device attributes (6.12: the SMCCC filter's group 0). */
	vm_attr("device.vm-attr", vm, KVM_HAS_DEVICE_ATTR, "KVM_HAS_DEVICE_ATTR", 0, 0, 0);
	vm_attr("device.vm-attr", vm, KVM_HAS_DEVICE_ATTR, "KVM_HAS_DEVICE_ATTR", 0, 1, 0);
	vm_attr("device.vm-attr", vm, KVM_HAS_DEVICE_ATTR, "KVM_HAS_DEVICE_ATTR", 1, 0, 0);
	vm_attr("device.vm-attr", vm, KVM_HAS_DEVICE_ATTR, "KVM_HAS_DEVICE_ATTR", 0xffffffffU, 0, 0);
	vm_attr("device.vm-attr", vm, KVM_GET_DEVICE_ATTR, "KVM_GET_DEVICE_ATTR", 0, 0, 0);
	vm_attr("device.vm-attr", vm, KVM_SET_DEVICE_ATTR, "KVM_SET_DEVICE_ATTR", 1, 0, 0);
	L("device.vm-attr KVM_HAS_DEVICE_ATTR arg=NULL");
	R(kio(vm, KVM_HAS_DEVICE_ATTR, 0));
	emit();
	close_fd("device", vm);
}

/* ---- vm.stats ----------------------------------------------------------- */

static const char *stat_type(uint32_t f)
{
	static const char *const t[] = { "cumulative", "instant", "peak", "linear-hist",
					 "log-hist" };
	uint32_t v = f & KVM_STATS_TYPE_MASK;

	return v < 5 ? t[v] : "type?";
}

static const char *stat_unit(uint32_t f)
{
	static const char *const u[] = { "none", "bytes", "seconds", "cycles", "boolean" };
	uint32_t v = (f & KVM_STATS_UNIT_MASK) >> KVM_STATS_UNIT_SHIFT;

	return v < 5 ? u[v] : "unit?";
}

/* The id string with this process's id shown as <pid>. */
static void Lid(const char *id)
{
	char pid[24];
	size_t n;

	snprintf(pid, sizeof(pid), "kvm-%d", (int)getpid());
	n = strlen(pid);
	if (!strncmp(id, pid, n))
		L(" id=kvm-<pid>%.40s", id + n);
	else
		L(" id=%.48s", id);
}

/*
 * Everything one stats fd shows: the header, the id, each descriptor and
 * each value (values vary), then how reads past the end and partial reads
 * answer.
 */
static void dump_stats(const char *where, int fd)
{
	struct kvm_stats_header h;
	char id[256];
	uint8_t *descs = NULL;
	uint64_t *data = NULL;
	size_t dsz, nvals = 0;
	ssize_t n;
	int fl;

	fl = fcntl(fd, F_GETFL);
	L("%s F_GETFL accmode=%s cloexec=%d", where,
	  (fl & O_ACCMODE) == O_RDONLY ? "O_RDONLY" : (fl & O_ACCMODE) == O_RDWR ? "O_RDWR" : "O_WRONLY",
	  (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
	emit();
	n = pread(fd, &h, sizeof(h), 0);
	L("%s header -> %zd", where, n);
	if (n != (ssize_t)sizeof(h)) {
		emit();
		return;
	}
	L(" flags=%#x name_size=%u num_desc=%u id_offset=%u desc_offset=%u data_offset=%u",
	  h.flags, h.name_size, h.num_desc, h.id_offset, h.desc_offset, h.data_offset);
	emit();
	if (h.name_size > sizeof(id) - 1 || h.num_desc > 4096)
		return;
	memset(id, 0, sizeof(id));
	n = pread(fd, id, h.name_size, h.id_offset);
	L("%s id -> %zd", where, n);
	Lid(id);
	emit();
	dsz = sizeof(struct kvm_stats_desc) + h.name_size;
	descs = calloc(h.num_desc, dsz);
	if (!descs)
		return;
	n = pread(fd, descs, h.num_desc * dsz, h.desc_offset);
	L("%s descriptors -> %zd", where, n);
	emit();
	for (uint32_t i = 0; i < h.num_desc; i++) {
		const struct kvm_stats_desc *d = (const void *)(descs + i * dsz);

		L("%s desc %.*s %s %s base%s exp=%d size=%u offset=%u bucket=%u", where,
		  (int)h.name_size, d->name, stat_type(d->flags), stat_unit(d->flags),
		  (d->flags & KVM_STATS_BASE_MASK) ? "2" : "10", d->exponent, d->size,
		  d->offset, d->bucket_size);
		if (d->flags & ~(KVM_STATS_TYPE_MASK | KVM_STATS_UNIT_MASK | KVM_STATS_BASE_MASK))
			L(" flags=%#x", d->flags);
		emit();
		if ((size_t)d->offset / 8 + d->size > nvals)
			nvals = d->offset / 8 + d->size;
	}
	data = calloc(nvals ? nvals : 1, 8);
	if (data) {
		n = pread(fd, data, nvals * 8, h.data_offset);
		L("%s data %zu bytes -> %zd", where, nvals * 8, n);
		emit();
		for (uint32_t i = 0; i < h.num_desc; i++) {
			const struct kvm_stats_desc *d = (const void *)(descs + i * dsz);

			L("%s value %.*s ->", where, (int)h.name_size, d->name);
			for (uint32_t j = 0; j < d->size && j < 4; j++)
				L(" %llu", (ull)data[d->offset / 8 + j]);
			emitv(1);
		}
	}
	/* Reads at and past the end, straddling it, and into a bad buffer. */
	n = pread(fd, id, 16, h.data_offset + nvals * 8);
	L("%s pread at end -> %zd", where, n);
	emit();
	n = pread(fd, id, 16, h.data_offset + nvals * 8 - 4);
	L("%s pread 16 at end-4 -> %zd", where, n);
	emit();
	n = pread(fd, id, 16, 1ULL << 40);
	L("%s pread far past end -> %zd", where, n);
	emit();
	errno = 0;
	n = pread(fd, (void *)(uintptr_t)NOACCESS, 16, 0);
	L("%s pread into noaccess -> %zd %s", where, n, n < 0 ? ename(errno) : "");
	emit();
	errno = 0;
	n = pread(fd, id, 16, -1);
	L("%s pread offset -1 -> %zd %s", where, n, n < 0 ? ename(errno) : "");
	emit();
	/* read() moves the file position; what lseek() then says. */
	n = read(fd, id, 10);
	L("%s read 10 -> %zd", where, n);
	n = read(fd, id, 10);
	L(" read 10 -> %zd", n);
	emit();
	errno = 0;
	L("%s lseek SEEK_SET 0 -> %lld", where, (long long)lseek(fd, 0, SEEK_SET));
	L(" SEEK_CUR 0 -> %lld", (long long)lseek(fd, 0, SEEK_CUR));
	L(" SEEK_END 0 -> %lld", (long long)lseek(fd, 0, SEEK_END));
	emit();
	errno = 0;
	n = write(fd, id, 4);
	L("%s write -> %zd %s", where, n, n < 0 ? ename(errno) : "");
	emit();
	errno = 0;
	n = ioctl(fd, KVM_CHECK_EXTENSION, 0);
	L("%s ioctl KVM_CHECK_EXTENSION -> %zd %s", where, n, n < 0 ? ename(errno) : "");
	emit();
	{
		void *p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);

		L("%s mmap -> %s", where, p == MAP_FAILED ? ename(errno) : "ok");
		emit();
		if (p != MAP_FAILED)
			munmap(p, PAGE);
	}
	free(data);
	free(descs);
}

void sec_vm_stats(void)
{
	int vm, vcpu, fd, fd2;

	section("vm.stats");
	vm = create_vm("stats", 0);
	if (vm < 0)
		return;
	L("stats.vm KVM_GET_STATS_FD");
	fd = (int)RFD(kio(vm, KVM_GET_STATS_FD, 0));
	emit();
	if (fd >= 0) {
		dump_stats("stats.vm", fd);
		/* Another call gives another file, with a position of its own. */
		L("stats.vm KVM_GET_STATS_FD again");
		fd2 = (int)RFD(kio(vm, KVM_GET_STATS_FD, 0));
		emit();
		if (fd2 >= 0) {
			char b[8];

			L("stats.vm second fd read 8 -> %zd", read(fd2, b, 8));
			emit();
			close(fd2);
		}
	}
	L("stats.vm KVM_GET_STATS_FD arg=1");
	fd2 = (int)RFD(kio(vm, KVM_GET_STATS_FD, 1));
	emit();
	if (fd2 >= 0)
		close(fd2);

	vcpu = create_vcpu("stats", vm, 0);
	if (vcpu >= 0) {
		L("stats.vcpu KVM_GET_STATS_FD (not initialised)");
		fd2 = (int)RFD(kio(vcpu, KVM_GET_STATS_FD, 0));
		emit();
		if (fd2 >= 0) {
			dump_stats("stats.vcpu", fd2);
			close(fd2);
		}
		close_fd("stats", vcpu);
	}
	vcpu = create_vcpu("stats", vm, 5);
	if (vcpu >= 0) {
		L("stats.vcpu5 KVM_GET_STATS_FD");
		fd2 = (int)RFD(kio(vcpu, KVM_GET_STATS_FD, 0));
		emit();
		if (fd2 >= 0) {
			struct kvm_stats_header h;
			char id[64] = "";

			if (pread(fd2, &h, sizeof(h), 0) == (ssize_t)sizeof(h) &&
			    h.name_size < sizeof(id))
				pread(fd2, id, h.name_size, h.id_offset);
			L("stats.vcpu5");
			Lid(id);
			emit();
			close(fd2);
		}
		close_fd("stats", vcpu);
	}
	/* The stats file keeps the VM: it still reads once the VM fd is closed. */
	close_fd("stats", vm);
	if (fd >= 0) {
		struct kvm_stats_header h;

		L("stats.vm after close header -> %zd", pread(fd, &h, sizeof(h), 0));
		emit();
		close(fd);
	}
}

/* ---- vm.coalesced ------------------------------------------------------- */

#define CO_RAM		0x40000000ULL
#define CO_ZONE		0x50000000ULL
#define CO_REPORT	0x60000000ULL
#define CO_X(n)		(0x6030000000100000ULL | (2 * (n)))

static long zone(const char *where, int vm, unsigned long req, ull addr, uint32_t size,
		 uint32_t pio)
{
	struct kvm_coalesced_mmio_zone z = { .addr = addr, .size = size, .pio = pio };

	L("%s %s addr=%#llx size=%#x pio=%u", where,
	  req == KVM_REGISTER_COALESCED_MMIO ? "KVM_REGISTER_COALESCED_MMIO" :
	  "KVM_UNREGISTER_COALESCED_MMIO", addr, size, pio);
	return R(kiop(vm, req, &z));
}

static void zone_line(const char *where, int vm, unsigned long req, ull addr, uint32_t size,
		      uint32_t pio)
{
	zone(where, vm, req, addr, size, pio);
	emit();
}

/* The ring's first and last, and the entries between them. */
static void Lring(const struct kvm_coalesced_mmio_ring *ring, uint32_t max)
{
	uint32_t first = ring->first, last = ring->last, shown = 0;

	L(" ring first=%u last=%u", first, last);
	for (uint32_t i = first; i != last && shown < 4; i = (i + 1) % max, shown++) {
		const struct kvm_coalesced_mmio *e = &ring->coalesced_mmio[i];
		ull d = 0;

		memcpy(&d, e->data, sizeof(d));
		L(" [%#llx len=%u pio=%u data=%#llx]", (ull)e->phys_addr, e->len, e->pio, d);
	}
}

/* A guest's stores into a zone: what exits, what the ring holds. */
static void coalesced_run(int vm)
{
	static const uint32_t code[] = {
		0xb9000022,	/* str w2, [x1]: queued */
		0x39000422,	/* strb w2, [x1, #1]: queued */
		0xf907fc22,	/* str x2, [x1, #0xff8]: last 8 bytes, queued */
		0xf9000082,	/* str x2, [x4]: straddles the zone's end, exits */
		0xf9400023,	/* ldr x3, [x1]: reads exit */
		0xf90002a3,	/* str x3, [x21]: report */
		0xd2801905,	/* mov x5, #200 */
		0xb9000022,	/* 1: str w2, [x1] */
		0xf10004a5,	/* subs x5, x5, #1 */
		0x54ffffc1,	/* b.ne 1b */
		0xf90002a5,	/* str x5, [x21]: report */
		0x14000000,	/* b . */
	};
	struct kvm_coalesced_mmio_ring *ring;
	struct kvm_run *run;
	uint8_t *page;
	uint32_t max = (uint32_t)((PAGE - sizeof(*ring)) / sizeof(struct kvm_coalesced_mmio));
	int vcpu, exits = 0, zone_exits = 0;

	memset(buf, 0, 0x10000);
	memcpy(buf, code, sizeof(code));
	if (setmem("coalesced.run", vm, 0, 0, CO_RAM, 0x10000, (ull)(uintptr_t)buf) < 0)
		return;
	vcpu = create_vcpu("coalesced.run", vm, 0);
	if (vcpu < 0)
		return;
	if (vcpu_init0("coalesced.run", vcpu, BIT(F_PSCI_0_2)) < 0)
		goto out;
	page = kmmap(2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (page == MAP_FAILED) {
		L("coalesced.run mmap 2 pages -> -1 %s", ename(g_err));
		emit();
		goto out;
	}
	run = (struct kvm_run *)page;
	ring = (struct kvm_coalesced_mmio_ring *)(page + PAGE);
	L("coalesced.run ring entries=%u", max);
	Lring(ring, max);
	emit();
	setr("coalesced.run", vcpu, REG_PC, CO_RAM);
	setr("coalesced.run", vcpu, CO_X(1), CO_ZONE);
	setr("coalesced.run", vcpu, CO_X(2), 0x1122334455667788ULL);
	setr("coalesced.run", vcpu, CO_X(4), CO_ZONE + 0xffc);
	setr("coalesced.run", vcpu, CO_X(21), CO_REPORT);
	for (int step = 0; step < 300; step++) {
		long r = kio(vcpu, KVM_RUN, 0);

		if (r < 0 || run->exit_reason != KVM_EXIT_MMIO) {
			L("coalesced.run KVM_RUN");
			R(r);
			L(" exit=%u", run->exit_reason);
			emit();
			break;
		}
		if (run->mmio.phys_addr >= CO_ZONE && run->mmio.phys_addr < CO_ZONE + 0x1000 &&
		    exits >= 3) {
			/* The loop's stores that the full ring sends out. */
			zone_exits++;
			continue;
		}
		exits++;
		L("coalesced.run KVM_RUN -> 0 MMIO addr=%#llx len=%u write=%u",
		  (ull)run->mmio.phys_addr, run->mmio.len, run->mmio.is_write);
		if (zone_exits)
			L(" after %d zone exits", zone_exits);
		Lring(ring, max);
		emit();
		if (run->mmio.phys_addr == CO_REPORT && exits > 3)
			break;
		/* Drained as a VMM would, until the loop that fills it. */
		if (exits <= 3)
			ring->first = ring->last;
		if (!run->mmio.is_write)
			memset(run->mmio.data, 0x5a, sizeof(run->mmio.data));
	}
	munmap(page, 2 * PAGE);
out:
	close_fd("coalesced.run", vcpu);
}

void sec_vm_coalesced(void)
{
	int vm, ok = 0;

	section("vm.coalesced");
	vm = create_vm("coalesced", 0);
	if (vm < 0)
		return;
	L("coalesced KVM_REGISTER_COALESCED_MMIO arg=NULL");
	R(kio(vm, KVM_REGISTER_COALESCED_MMIO, 0));
	emit();
	L("coalesced KVM_UNREGISTER_COALESCED_MMIO arg=NULL");
	R(kio(vm, KVM_UNREGISTER_COALESCED_MMIO, 0));
	emit();
	zone_line("coalesced", vm, KVM_REGISTER_COALESCED_MMIO, CO_ZONE, 0x1000, 2);
	zone_line("coalesced", vm, KVM_REGISTER_COALESCED_MMIO, CO_ZONE, 0x1000, 0xffffffffU);
	zone_line("coalesced", vm, KVM_UNREGISTER_COALESCED_MMIO, CO_ZONE, 0x1000, 2);
	zone_line("coalesced", vm, KVM_UNREGISTER_COALESCED_MMIO, CO_ZONE, 0x1000, 0);
	zone_line("coalesced", vm, KVM_REGISTER_COALESCED_MMIO, 0x70000000, 0, 0);
	zone_line("coalesced", vm, KVM_REGISTER_COALESCED_MMIO, 0xfffffffffffff000ULL, 0x2000, 0);
	zone_line("coalesced", vm, KVM_REGISTER_COALESCED_MMIO, 0x71000000, 0x1000, 1);
	zone_line("coalesced", vm, KVM_UNREGISTER_COALESCED_MMIO, 0x71000000, 0x1000, 0);
	zone_line("coalesced", vm, KVM_UNREGISTER_COALESCED_MMIO, 0x71000000, 0x1000, 1);
	/* How many zones the MMIO bus takes. */
	for (int i = 0; i < 1100; i++) {
		struct kvm_coalesced_mmio_zone z = { .addr = 0x80000000ULL + (ull)i * PAGE,
						     .size = PAGE };

		if (kiop(vm, KVM_REGISTER_COALESCED_MMIO, &z) < 0)
			break;
		ok++;
	}
	L("coalesced 1100 zones -> %d registered", ok);
	if (ok < 1100)
		L(" then -1 %s", ename(g_err));
	emit();
	/* A range inside a zone takes the zone away; a wider one does not. */
	zone_line("coalesced", vm, KVM_UNREGISTER_COALESCED_MMIO, 0x80000000ULL, 2 * PAGE, 0);
	zone_line("coalesced", vm, KVM_REGISTER_COALESCED_MMIO, 0x7f000000ULL, PAGE, 0);
	zone_line("coalesced", vm, KVM_UNREGISTER_COALESCED_MMIO, 0x80000800ULL, 0x10, 0);
	zone_line("coalesced", vm, KVM_REGISTER_COALESCED_MMIO, 0x7f001000ULL, PAGE, 0);
	zone_line("coalesced", vm, KVM_REGISTER_COALESCED_MMIO, 0x7f002000ULL, PAGE, 0);
	close_fd("coalesced", vm);

	vm = create_vm("coalesced.run", 0);
	if (vm < 0)
		return;
	zone_line("coalesced.run", vm, KVM_REGISTER_COALESCED_MMIO, CO_ZONE, 0x1000, 0);
	coalesced_run(vm);
	close_fd("coalesced.run", vm);
}

/* ---- arm64.writable-masks ----------------------------------------------- */

void sec_arm64_writable_masks(void)
{
	static uint64_t masks[FEATURE_ID_RANGE_SIZE + 8];
	struct wmask_range r;
	int vm, vcpu;

	section("arm64.writable-masks");
	vm = create_vm("wmask", 0);
	if (vm < 0)
		return;
	memset(&r, 0, sizeof(r));
	r.addr = (ull)(uintptr_t)masks;
	L("wmask KVM_ARM_GET_REG_WRITABLE_MASKS arg=NULL");
	R(kio(vm, GET_REG_WRITABLE_MASKS, 0));
	emit();
	r.range = 1;
	L("wmask KVM_ARM_GET_REG_WRITABLE_MASKS range=1");
	R(kiop(vm, GET_REG_WRITABLE_MASKS, &r));
	emit();
	r.range = 0;
	r.reserved[12] = 1;
	L("wmask KVM_ARM_GET_REG_WRITABLE_MASKS reserved[12]=1");
	R(kiop(vm, GET_REG_WRITABLE_MASKS, &r));
	emit();
	r.reserved[12] = 0;
	r.addr = 0;
	L("wmask KVM_ARM_GET_REG_WRITABLE_MASKS addr=NULL");
	R(kiop(vm, GET_REG_WRITABLE_MASKS, &r));
	emit();
	r.addr = (ull)(uintptr_t)masks;
	memset(masks, 0xa5, sizeof(masks));
	L("wmask KVM_ARM_GET_REG_WRITABLE_MASKS (no vCPU)");
	R(kiop(vm, GET_REG_WRITABLE_MASKS, &r));
	L(" past the end %s", masks[FEATURE_ID_RANGE_SIZE] == 0xa5a5a5a5a5a5a5a5ULL ?
	  "untouched" : "written");
	emit();
	for (unsigned int i = 0; i < FEATURE_ID_RANGE_SIZE; i++) {
		unsigned int op1 = i >> 6, crm = (i >> 3) & 7, op2 = i & 7;

		if (!masks[i] || masks[i] == 0xa5a5a5a5a5a5a5a5ULL)
			continue;
		L("wmask S3_%u_C0_C%u_%u %#llx", op1 == 2 ? 3 : op1, crm, op2, (ull)masks[i]);
		emit();
	}
	/* With a vCPU (and the PMU's ID fields) the masks stay the same? */
	vcpu = create_vcpu("wmask", vm, 0);
	if (vcpu >= 0) {
		static uint64_t again[FEATURE_ID_RANGE_SIZE];

		vcpu_init0("wmask", vcpu, BIT(F_PSCI_0_2));
		r.addr = (ull)(uintptr_t)again;
		L("wmask KVM_ARM_GET_REG_WRITABLE_MASKS (one vCPU)");
		R(kiop(vm, GET_REG_WRITABLE_MASKS, &r));
		L(" %s", memcmp(again, masks, sizeof(again)) ? "changed" : "same");
		emit();
		L("wmask KVM_ARM_GET_REG_WRITABLE_MASKS on the vCPU fd");
		R(kiop(vcpu, GET_REG_WRITABLE_MASKS, &r));
		emit();
		close_fd("wmask", vcpu);
	}
	close_fd("wmask", vm);
}
