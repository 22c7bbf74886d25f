/*
 * ioeventfd.c - section vm.ioeventfd: KVM_IOEVENTFD's checks and errnos
 * (lengths, flags, DATAMATCH, collisions, DEASSIGN, descriptors that are
 * no eventfd), then a guest's stores: which ones signal which eventfd and
 * which ones still exit.
 */
#include <sys/eventfd.h>

#include "conform.h"

#define IE_RAM		0x40000000ULL
#define IE_A		0x50000000ULL	/* len 4, any value */
#define IE_B		0x50001000ULL	/* len 4, value 1 and value 2 */
#define IE_C		0x50002000ULL	/* len 0 */
#define IE_D		0x50003000ULL	/* len 1, value 0x101 */
#define IE_E		0x50004000ULL	/* len 2, value 1 */
#define IE_REPORT	0x60000000ULL
#define IE_X(n)		(0x6030000000100000ULL | (2 * (n)))

/* The descriptors print as names: e1.., "vm", "null", or the number. */
static int efd[6], nullfd, ie_vm;

static const char *fdname(int fd)
{
	static char s[16];

	for (int i = 0; i < 6; i++)
		if (fd == efd[i])
			return snprintf(s, sizeof(s), "e%d", i), s;
	if (fd == nullfd)
		return "null";
	if (fd == ie_vm)
		return "vm";
	snprintf(s, sizeof(s), "%d", fd);
	return s;
}

static long ioeventfd(const char *where, int vm, ull addr, uint32_t len, int fd, uint32_t flags,
		      ull datamatch)
{
	struct kvm_ioeventfd a = { .datamatch = datamatch, .addr = addr, .len = len, .fd = fd,
				   .flags = flags };

	L("%s KVM_IOEVENTFD addr=%#llx len=%u fd=%s flags=%#x", where, addr, len, fdname(fd),
	  flags);
	if (flags & KVM_IOEVENTFD_FLAG_DATAMATCH)
		L(" datamatch=%#llx", datamatch);
	R(kiop(vm, KVM_IOEVENTFD, &a));
	emit();
	return g_err ? -1 : 0;
}

/* An eventfd's count (read resets it); 0 when nothing was signalled. */
static ull count(int fd)
{
	uint64_t n = 0;

	if (read(fd, &n, sizeof(n)) != sizeof(n))
		return 0;
	return n;
}

static void Lcounts(void)
{
	for (int i = 1; i < 6; i++)
		L(" e%d=%llu", i, count(efd[i]));
}

#define DM	KVM_IOEVENTFD_FLAG_DATAMATCH
#define PIO	KVM_IOEVENTFD_FLAG_PIO
#define DEASSIGN KVM_IOEVENTFD_FLAG_DEASSIGN
#define CCW	KVM_IOEVENTFD_FLAG_VIRTIO_CCW_NOTIFY

static void ioeventfd_args(int vm)
{
	static const uint32_t lens[] = { 0, 1, 2, 3, 4, 5, 8, 16 };
	int e = efd[0], other = efd[1], n = 0;

	L("ie KVM_IOEVENTFD arg=NULL");
	R(kio(vm, KVM_IOEVENTFD, 0));
	emit();
	for (unsigned int i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		ioeventfd("ie.len", vm, 0x10000 + i * 0x100, lens[i], e, 0, 0);
	}
	ioeventfd("ie.range", vm, ~0ULL - 3, 8, e, 0, 0);
	ioeventfd("ie.range", vm, ~0ULL - 7, 8, e, 0, 0);
	ioeventfd("ie.range", vm, ~0ULL, 0, e, 0, 0);
	ioeventfd("ie.flags", vm, 0x20000, 4, e, 1U << 4, 0);
	ioeventfd("ie.flags", vm, 0x20000, 4, e, 1U << 31, 0);
	ioeventfd("ie.flags", vm, 0x20000, 0, e, DM, 5);
	ioeventfd("ie.flags", vm, 0x20000, 4, e, PIO, 0);
	ioeventfd("ie.flags", vm, 0x20000, 4, e, CCW, 0);
	ioeventfd("ie.flags", vm, 0x20000, 4, e, PIO | CCW, 0);
	ioeventfd("ie.fd", vm, 0x21000, 4, -1, 0, 0);
	ioeventfd("ie.fd", vm, 0x21000, 4, 1000000, 0, 0);
	ioeventfd("ie.fd", vm, 0x21000, 4, nullfd, 0, 0);
	ioeventfd("ie.fd", vm, 0x21000, 4, vm, 0, 0);
	ioeventfd("ie.fd", vm, 0x21000, 3, -1, 0, 0);

	/* Collisions: the same address on the same bus, lengths and values. */
	ioeventfd("ie.coll", vm, 0x30000, 4, e, 0, 0);
	ioeventfd("ie.coll", vm, 0x30000, 4, other, 0, 0);
	ioeventfd("ie.coll", vm, 0x30000, 4, e, DM, 1);
	ioeventfd("ie.coll", vm, 0x30000, 8, e, 0, 0);
	ioeventfd("ie.coll", vm, 0x30000, 0, other, 0, 0);
	ioeventfd("ie.coll", vm, 0x30000, 4, e, PIO, 0);
	ioeventfd("ie.coll", vm, 0x30002, 2, e, 0, 0);
	ioeventfd("ie.coll", vm, 0x31000, 4, e, DM, 1);
	ioeventfd("ie.coll", vm, 0x31000, 4, e, DM, 2);
	ioeventfd("ie.coll", vm, 0x31000, 4, other, DM, 1);
	ioeventfd("ie.coll", vm, 0x31000, 4, other, 0, 0);
	ioeventfd("ie.coll", vm, 0x31000, 2, other, DM, 1);
	ioeventfd("ie.coll", vm, 0x32000, 0, e, 0, 0);
	ioeventfd("ie.coll", vm, 0x32000, 1, other, DM, 1);
	ioeventfd("ie.coll", vm, 0x32000, 0, other, PIO, 0);

	/* DEASSIGN matches fd, address, length, bus and value exactly. */
	ioeventfd("ie.deassign", vm, 0x30000, 4, other, DEASSIGN, 0);
	ioeventfd("ie.deassign", vm, 0x30000, 8, e, DEASSIGN | DM, 0);
	ioeventfd("ie.deassign", vm, 0x30000, 2, e, DEASSIGN, 0);
	ioeventfd("ie.deassign", vm, 0x30000, 3, e, DEASSIGN, 0);
	ioeventfd("ie.deassign", vm, 0x30000, 4, e, DEASSIGN | PIO, 0);
	ioeventfd("ie.deassign", vm, 0x30000, 4, e, DEASSIGN | PIO, 0);
	ioeventfd("ie.deassign", vm, 0x30000, 4, e, DEASSIGN | (1U << 4), 0);
	ioeventfd("ie.deassign", vm, 0x30000, 4, e, DEASSIGN, 0);
	ioeventfd("ie.deassign", vm, 0x30000, 8, e, DEASSIGN, 0);
	ioeventfd("ie.deassign", vm, 0x31000, 4, e, DEASSIGN | DM, 3);
	ioeventfd("ie.deassign", vm, 0x31000, 4, e, DEASSIGN, 0);
	ioeventfd("ie.deassign", vm, 0x31000, 4, e, DEASSIGN | DM, 0x100000002ULL);
	ioeventfd("ie.deassign", vm, 0x31000, 4, e, DEASSIGN | DM, 2);
	ioeventfd("ie.deassign", vm, 0x31000, 4, -1, DEASSIGN | DM, 1);
	ioeventfd("ie.deassign", vm, 0x31000, 4, nullfd, DEASSIGN | DM, 1);
	ioeventfd("ie.deassign", vm, 0x32000, 0, e, DEASSIGN, 0);
	ioeventfd("ie.deassign", vm, 0x32000, 0, e, DEASSIGN, 0);
	ioeventfd("ie.deassign", vm, 0x32000, 0, other, DEASSIGN | PIO, 0);

	/* The eventfd closed and its number reused: another eventfd. */
	ioeventfd("ie.reuse", vm, 0x33000, 4, efd[5], 0, 0);
	n = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	L("ie.reuse another eventfd in e5's place: %s",
	  n >= 0 && dup2(n, efd[5]) == efd[5] ? "yes" : "no");
	emit();
	close(n);
	n = 0;
	ioeventfd("ie.reuse", vm, 0x33000, 4, efd[5], DEASSIGN, 0);
	ioeventfd("ie.reuse", vm, 0x33000, 4, efd[5], 0, 0);

	/* ioeventfds are not held to the bus's 1000 devices. */
	for (int i = 0; i < 1100; i++) {
		struct kvm_ioeventfd a = { .addr = 0x80000000ULL + (ull)i * 8, .len = 8, .fd = e };

		if (kiop(vm, KVM_IOEVENTFD, &a) < 0)
			break;
		n++;
	}
	L("ie 1100 ioeventfds -> %d assigned", n);
	if (n < 1100)
		L(" then -1 %s", ename(g_err));
	emit();
}

/* A guest's stores to the ioeventfds' addresses: which signal, which exit. */
static void ioeventfd_run(int vm)
{
	static const uint32_t code[] = {
		0xb9000022,	/* str w2, [x1]: A, len 4 */
		0x39000022,	/* strb w2, [x1]: A, len 1 */
		0xf9000022,	/* str x2, [x1]: A, len 8 */
		0xb9000083,	/* str w3, [x4]: B, value 1 */
		0xb9000085,	/* str w5, [x4]: B, value 2 */
		0xb9000086,	/* str w6, [x4]: B, value 3 */
		0xb9400027,	/* ldr w7, [x1]: A, a load */
		0x39000102,	/* strb w2, [x8]: C, len 1 */
		0xf9000102,	/* str x2, [x8]: C, len 8 */
		0xb9000502,	/* str w2, [x8, #4]: C + 4 */
		0xf9000089,	/* str x9, [x4]: B, value 1 in 8 bytes */
		0x39000143,	/* strb w3, [x10]: D, value 1 */
		0x79000163,	/* strh w3, [x11]: E, value 1 */
		0xd2800c8c,	/* mov x12, #100 */
		0xb9000022,	/* 1: str w2, [x1] */
		0xf100058c,	/* subs x12, x12, #1 */
		0x54ffffc1,	/* b.ne 1b */
		0xf90002a2,	/* str x2, [x21]: report */
		0x14000000,	/* b . */
	};
	struct kvm_run *run;
	int vcpu;

	memset(buf, 0, 0x10000);
	memcpy(buf, code, sizeof(code));
	if (setmem("ie.run", vm, 0, 0, IE_RAM, 0x10000, (ull)(uintptr_t)buf) < 0)
		return;
	ioeventfd("ie.run", vm, IE_A, 4, efd[1], 0, 0);
	ioeventfd("ie.run", vm, IE_B, 4, efd[2], DM, 1);
	ioeventfd("ie.run", vm, IE_B, 4, efd[3], DM, 2);
	ioeventfd("ie.run", vm, IE_C, 0, efd[4], 0, 0);
	ioeventfd("ie.run", vm, IE_D, 1, efd[5], DM, 0x101);
	ioeventfd("ie.run", vm, IE_E, 2, efd[5], DM, 1);
	vcpu = create_vcpu("ie.run", vm, 0);
	if (vcpu < 0)
		return;
	if (vcpu_init0("ie.run", vcpu, BIT(F_PSCI_0_2)) < 0)
		goto out;
	run = kmmap((size_t)mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED) {
		L("ie.run mmap -> -1 %s", ename(g_err));
		emit();
		goto out;
	}
	setr("ie.run", vcpu, REG_PC, IE_RAM);
	setr("ie.run", vcpu, IE_X(1), IE_A);
	setr("ie.run", vcpu, IE_X(2), 0x1122334455667788ULL);
	setr("ie.run", vcpu, IE_X(3), 1);
	setr("ie.run", vcpu, IE_X(4), IE_B);
	setr("ie.run", vcpu, IE_X(5), 2);
	setr("ie.run", vcpu, IE_X(6), 3);
	setr("ie.run", vcpu, IE_X(8), IE_C);
	setr("ie.run", vcpu, IE_X(9), 1);
	setr("ie.run", vcpu, IE_X(10), IE_D);
	setr("ie.run", vcpu, IE_X(11), IE_E);
	setr("ie.run", vcpu, IE_X(21), IE_REPORT);
	for (int step = 0; step < 20; step++) {
		long r = kio(vcpu, KVM_RUN, 0);

		if (r < 0 || run->exit_reason != KVM_EXIT_MMIO) {
			L("ie.run KVM_RUN");
			R(r);
			L(" exit=%u", run->exit_reason);
			emit();
			break;
		}
		L("ie.run KVM_RUN -> 0 MMIO addr=%#llx len=%u write=%u", (ull)run->mmio.phys_addr,
		  run->mmio.len, run->mmio.is_write);
		Lcounts();
		emit();
		if (run->mmio.phys_addr == IE_REPORT)
			break;
		if (!run->mmio.is_write)
			memset(run->mmio.data, 0x5a, sizeof(run->mmio.data));
	}
	/* Deassigned, A's stores exit again. */
	ioeventfd("ie.run", vm, IE_A, 4, efd[1], DEASSIGN, 0);
	setr("ie.run", vcpu, REG_PC, IE_RAM);
	L("ie.run KVM_RUN");
	R(kio(vcpu, KVM_RUN, 0));
	L(" exit=%u addr=%#llx len=%u", run->exit_reason, (ull)run->mmio.phys_addr, run->mmio.len);
	Lcounts();
	emit();
	munmap(run, (size_t)mmap_size);
out:
	close_fd("ie.run", vcpu);
}

void sec_vm_ioeventfd(void)
{
	int vm;

	section("vm.ioeventfd");
	for (int i = 0; i < 6; i++)
		efd[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	nullfd = open("/dev/null", O_RDWR | O_CLOEXEC);
	vm = create_vm("ie", 0);
	if (vm >= 0) {
		ie_vm = vm;
		ioeventfd_args(vm);
		close_fd("ie", vm);
	}
	vm = create_vm("ie.run", 0);
	if (vm >= 0) {
		ie_vm = vm;
		ioeventfd_run(vm);
		close_fd("ie.run", vm);
	}
	for (int i = 0; i < 6; i++)
		close(efd[i]);
	close(nullfd);
}
