// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-ioctl - libFuzzer (and AFL++) target over the simulator's whole
 * ioctl surface.
 *
 * Each input is a little program: its first byte picks the kernel (6.1 or
 * 6.12), then each operation is an opcode byte and its operands, read from
 * the input as it goes (zeros once it runs out).  Operations open
 * /dev/kvm, create VMs and vCPUs, and call every ioctl the simulator
 * models, with arbitrary numbers and with pointers drawn from a fixed set:
 * a buffer of input bytes, NULL, a kernel-half address, a PROT_NONE page,
 * and a buffer that runs into that page.  No raw input value is ever used
 * as a pointer: the simulator, like the kernel, writes where it is told,
 * and a wild pointer into the fuzzer's own heap would be the fuzzer's bug.
 * Device fds (the vGIC), eventfds for KVM_IRQFD and GSI routes are made
 * and used the same way.  KVM_RUN is called with immediate_exit set, so
 * guests never execute.
 * Every fd is closed and every mapping undone at the end of each input, so
 * LeakSanitizer sees any object the simulator loses.
 *
 * The same source replays inputs (tests/fuzz/replay.c): then each call is
 * logged with its result, and built with FUZZ_REAL it makes its calls on
 * a real /dev/kvm, so the simulator and real KVM can be compared input by
 * input (tests/fuzz/replay-real.sh).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "fuzz-ioctl.h"

#define PAGE		4096UL
#define NR_SYS		2
#define NR_VM		3
#define NR_VCPU		6
#define NR_MAPS		8
#define NR_DEV		2
#define NR_EFD		3
#define GUEST_MEM	(64 * PAGE)

/* ---- the calls: the simulator's, or (FUZZ_REAL) the kernel's ---------- */

FILE *fuzz_log;
const char *fuzz_kernel;

#ifdef FUZZ_REAL
static int sys_open(const char *kernel, int flags)
{
	(void)kernel;
	return open("/dev/kvm", flags);
}
#define be_open		sys_open
#define be_ioctl	ioctl
#define be_mmap		mmap
#define be_dup		dup
#define be_close	close
#else
#include "kvmsim/kvmsim.h"
#define be_open		kvmsim_open
#define be_ioctl	kvmsim_ioctl
#define be_mmap		kvmsim_mmap
#define be_dup		kvmsim_dup
#define be_close	kvmsim_close
#endif

static const char *err_name(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}

/* "-> 12", "-> fd" (a new fd's number is the process's business) or "-> -1 EINVAL". */
static void log_result(long r, int err, bool new_fd)
{
	if (r < 0)
		fprintf(fuzz_log, " -> -1 %s\n", err_name(err));
	else if (new_fd)
		fprintf(fuzz_log, " -> fd\n");
	else
		fprintf(fuzz_log, " -> %ld\n", r);
}

/*
 * @n bytes at @addr, or zeros where they cannot be read: the argument a
 * call got may be any of the pointers pick_ptr() makes.
 */
static const void *arg_peek(unsigned long addr, size_t n)
{
	static uint8_t buf[256];
	struct iovec local = { .iov_base = buf, .iov_len = n };
	struct iovec remote = { .iov_base = (void *)addr, .iov_len = n };

	memset(buf, 0, sizeof(buf));
	if (n > sizeof(buf) || process_vm_readv(getpid(), &local, 1, &remote, 1, 0) != (ssize_t)n)
		memset(buf, 0, sizeof(buf));
	return buf;
}

/* The timer's registers read the clock: their values are not compared. */
static bool reg_varies(uint64_t id)
{
	return (id & 0xffffffffffff0000ULL) == 0x6030000000130000ULL &&
	       (id & 0xff80) == 0xdf00;	/* op0 3, op1 3, CRn 14 */
}

static int fz_open(const char *kernel, int flags)
{
	int fd = be_open(kernel, flags), err = errno;

	if (fuzz_log) {
		fprintf(fuzz_log, "open /dev/kvm");
		log_result(fd, err, true);
	}
	errno = err;
	return fd;
}

static int fz_dup(int fd)
{
	int r = be_dup(fd), err = errno;

	if (fuzz_log) {
		fprintf(fuzz_log, "dup");
		log_result(r, err, true);
	}
	errno = err;
	return r;
}

static int fz_close(int fd)
{
	/* Not logged: every input closes what it has at its end. */
	return be_close(fd);
}

static void *fz_mmap(size_t len, int prot, int flags, int fd, off_t offset)
{
	void *p = be_mmap(NULL, len, prot, flags, fd, offset);
	int err = errno;

	if (fuzz_log) {
		fprintf(fuzz_log, "mmap len=%#zx prot=%d flags=%d pgoff=%#llx", len, prot, flags,
			(unsigned long long)offset / 4096);
		log_result(p == MAP_FAILED ? -1 : 0, err, false);
	}
	errno = err;
	return p;
}

/*
 * An ioctl, logged with what it wrote back where that is a value: a
 * ONE_REG get's value (64 bits at most), KVM_GET_REG_LIST's count, the
 * MP state, the preferred target.
 */
static long fz_ioctl_(int fd, unsigned long cmd, unsigned long arg)
{
	/* KVM_GET_REG_LIST's room, as the VMM gave it (the call writes over it). */
	unsigned long long room = cmd == KVM_GET_REG_LIST && fuzz_log ?
		((const struct kvm_reg_list *)arg_peek(arg, 8))->n : 0;
	long r = be_ioctl(fd, cmd, arg);
	int err = errno;
	bool new_fd = cmd == KVM_CREATE_VM || cmd == KVM_CREATE_VCPU || cmd == KVM_GET_STATS_FD;
	uint64_t v = 0;

	if (!fuzz_log) {
		errno = err;
		return r;
	}
	fprintf(fuzz_log, "ioctl %#lx", cmd);
	if (cmd == KVM_GET_ONE_REG || cmd == KVM_SET_ONE_REG)
		fprintf(fuzz_log, " id=%#llx",
			(unsigned long long)((const struct kvm_one_reg *)arg_peek(arg, 16))->id);
	if (cmd == KVM_CHECK_EXTENSION)
		fprintf(fuzz_log, " cap=%lu", arg);
	if (cmd == KVM_GET_DEVICE_ATTR || cmd == KVM_SET_DEVICE_ATTR || cmd == KVM_HAS_DEVICE_ATTR) {
		const struct kvm_device_attr *a = arg_peek(arg, sizeof(*a));

		fprintf(fuzz_log, " group=%u attr=%#llx", a->group, (unsigned long long)a->attr);
	}
	if (cmd == KVM_GET_REG_LIST)
		fprintf(fuzz_log, " room=%llu", room);
	if (cmd == KVM_ARM_VCPU_INIT) {
		const struct kvm_vcpu_init *init = arg_peek(arg, sizeof(*init));

		fprintf(fuzz_log, " target=%u features=%#x", init->target, init->features[0]);
	}
	/* How many vCPUs the host has is the host's (conformance lines mark it [vary]). */
	if (cmd == KVM_CHECK_EXTENSION && arg == KVM_CAP_NR_VCPUS && r > 0)
		fprintf(fuzz_log, " -> [vary]\n");
	else
		log_result(r, err, new_fd && r >= 0);
	if (r == 0 && cmd == KVM_GET_ONE_REG) {
		struct kvm_one_reg reg;
		size_t size;

		memcpy(&reg, arg_peek(arg, sizeof(reg)), sizeof(reg));
		size = (size_t)1 << ((reg.id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
		memcpy(&v, arg_peek(reg.addr, size < 8 ? size : 8), size < 8 ? size : 8);
		if (reg_varies(reg.id))
			fprintf(fuzz_log, "  value [vary]\n");
		else
			fprintf(fuzz_log, "  value %#llx\n", (unsigned long long)v);
	} else if ((r == 0 || err == E2BIG) && cmd == KVM_GET_REG_LIST) {
		fprintf(fuzz_log, "  n %llu\n",
			(unsigned long long)((const struct kvm_reg_list *)arg_peek(arg, 8))->n);
	} else if (r == 0 && cmd == KVM_GET_DEVICE_ATTR) {
		const struct kvm_device_attr *a = arg_peek(arg, sizeof(*a));
		size_t size = a->group == KVM_DEV_ARM_VGIC_GRP_ADDR ? 8 : 4;

		memcpy(&v, arg_peek(a->addr, size), size);
		fprintf(fuzz_log, "  value %#llx\n", (unsigned long long)v);
	} else if (r == 0 && (cmd == KVM_GET_MP_STATE || cmd == KVM_ARM_PREFERRED_TARGET)) {
		fprintf(fuzz_log, "  value %#x\n", *(const uint32_t *)arg_peek(arg, 4));
	}
	errno = err;
	return r;
}

#define fz_ioctl(fd, cmd, arg)	fz_ioctl_((fd), (cmd), (unsigned long)(arg))

struct input {
	const uint8_t *p;
	size_t n;
};

static uint64_t take(struct input *in, unsigned int bytes)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < bytes; i++) {
		v <<= 8;
		if (in->n) {
			v |= *in->p++;
			in->n--;
		}
	}
	return v;
}

#define u8(in)	((uint8_t)take(in, 1))
#define u16(in)	((uint16_t)take(in, 2))
#define u32(in)	((uint32_t)take(in, 4))
#define u64(in)	take(in, 8)

/* Memory that lives as long as the process: scratch + a PROT_NONE page, guest RAM. */
static uint8_t *scratch;		/* PAGE bytes, then a PROT_NONE page */
static uint8_t *guest;

static void setup_once(void)
{
	if (scratch)
		return;
	scratch = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	guest = mmap(NULL, GUEST_MEM, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (scratch == MAP_FAILED || guest == MAP_FAILED ||
	    mprotect(scratch + PAGE, PAGE, PROT_NONE))
		abort();
}

/*
 * A pointer for an argument of @size bytes: mostly the scratch page,
 * filled from the input; sometimes one of the addresses the kernel must
 * refuse with EFAULT.
 */
static unsigned long pick_ptr(struct input *in, size_t size)
{
	uint8_t how = u8(in);
	size_t fill = u8(in);

	/* Only as many bytes as the input asks for are taken; the rest are zero. */
	if (fill > size || fill > PAGE)
		fill = size < PAGE ? size : PAGE;
	for (size_t i = 0; i < fill; i++)
		scratch[i] = u8(in);
	memset(scratch + fill, 0, PAGE - fill);
	switch (how & 7) {
	case 0:
		return 0;
	case 1:
		return 0xffff000000000000UL | u16(in);
	case 2:
		return (unsigned long)(scratch + PAGE);		/* PROT_NONE */
	case 3:
		/* The last bytes of the page: the tail of the argument faults. */
		return (unsigned long)(scratch + PAGE - (size ? (u8(in) % size) + 1 : 1));
	default:
		return (unsigned long)scratch;
	}
}

/* Interesting register ids, plus raw ones. */
static const uint64_t reg_ids[] = {
	0x6030000000100000, /* x0 */         0x6030000000100040, /* pc */
	0x6030000000100042, /* pstate */     0x6030000000100044, /* sp_el1 */
	0x6040000000100054, /* v0 */         0x60200000001000d4, /* fpsr */
	0x60200000001000d5, /* fpcr */       0x6030000000100048, /* spsr[0] */
	0x603000000013c005, /* MPIDR */      0x603000000013c080, /* SCTLR */
	0x603000000013c000, /* MIDR */       0x603000000013c020, /* PFR0 */
	0x603000000013c038, /* ISAR0 */      0x603000000013d801, /* CTR */
	0x603000000013c801, /* CLIDR */      0x603000000013dce0, /* PMCR */
	0x6030000000140000, /* PSCI_VERSION */ 0x6030000000140001, /* WA1 */
	0x6030000000160000, /* FW bmap std */ 0x6030000000160002, /* vendor */
	0x606000000015ffff, /* SVE VLS */    0x6080000000150000, /* Z0 */
	0x6050000000150400, /* P0 */         0x6050000000150600, /* FFR */
	0x6020000000110000, /* CCSIDR 0 */   0x603000000013df19, /* CNTV_CTL */
	0x603000000013df1a, /* CNTV_CVAL */  0x603000000013df02, /* CNTVCT */
	0x603000000013df11, /* CNTP_CTL */
};

static uint64_t pick_reg(struct input *in)
{
	uint8_t i = u8(in);

	if (i < 2 * (sizeof(reg_ids) / sizeof(reg_ids[0])))
		return reg_ids[i % (sizeof(reg_ids) / sizeof(reg_ids[0]))];
	return u64(in);
}

struct state {
	int sys[NR_SYS], vm[NR_VM], vcpu[NR_VCPU], dev[NR_DEV], efd[NR_EFD];
	struct { void *addr; size_t len; } maps[NR_MAPS];
	const char *kernel;
};

static int pick_fd(struct state *s, struct input *in)
{
	uint8_t i = u8(in);

	switch (i % 5) {
	case 0:
		return s->sys[(i / 5) % NR_SYS];
	case 1:
		return s->vm[(i / 5) % NR_VM];
	case 2:
		return s->vcpu[(i / 5) % NR_VCPU];
	case 3:
		return s->dev[(i / 5) % NR_DEV];
	default:
		return (i & 0x80) ? -1 : 1000;	/* not a KVM fd */
	}
}

/* Puts @fd in a free slot of @slots, or closes it when there is none. */
static void keep_fd(int *slots, int nr, int fd)
{
	if (fd < 0)
		return;
	for (int i = 0; i < nr; i++) {
		if (slots[i] < 0) {
			slots[i] = fd;
			return;
		}
	}
	fz_close(fd);
}

/* One of the kinds of KVM fd slots, and how many it has. */
static int *pick_slots(struct state *s, struct input *in, int *ret_nr)
{
	switch (u8(in) % 4) {
	case 0:
		*ret_nr = NR_SYS;
		return s->sys;
	case 1:
		*ret_nr = NR_VM;
		return s->vm;
	case 2:
		*ret_nr = NR_VCPU;
		return s->vcpu;
	default:
		*ret_nr = NR_DEV;
		return s->dev;
	}
}

static void close_slot(int *slot)
{
	if (*slot >= 0)
		fz_close(*slot);
	*slot = -1;
}

static void op_one_reg(struct state *s, struct input *in, unsigned long cmd)
{
	struct kvm_one_reg reg;
	int fd = s->vcpu[u8(in) % NR_VCPU];
	unsigned long arg;

	reg.id = pick_reg(in);
	reg.addr = pick_ptr(in, 256);
	arg = u8(in) & 1 ? (unsigned long)&reg : pick_ptr(in, sizeof(reg));
	fz_ioctl(fd, cmd, arg);
}

static void op_memory_region(struct state *s, struct input *in)
{
	struct kvm_userspace_memory_region r;
	uint8_t how = u8(in);
	unsigned long arg;
	int fd;

	r.slot = how & 0x80 ? u32(in) : u8(in) % 4;
	if (u8(in) & 1)
		r.slot |= 1 << 16;	/* address space 1 */
	r.flags = how & 0x40 ? u32(in) : u8(in) & 3;
	r.guest_phys_addr = how & 0x20 ? u64(in) : (uint64_t)u8(in) * PAGE;
	r.memory_size = how & 0x10 ? u64(in) : (uint64_t)(u8(in) % 17) * PAGE;
	/* Guest RAM, part of it, misaligned, or an address nothing is mapped at. */
	switch (how & 3) {
	case 0:
		r.userspace_addr = (uintptr_t)guest;
		break;
	case 1:
		r.userspace_addr = (uintptr_t)guest + (u8(in) % 32) * PAGE;
		break;
	case 2:
		r.userspace_addr = (uintptr_t)guest + u16(in);
		break;
	default:
		r.userspace_addr = u64(in);
	}
	fd = s->vm[u8(in) % NR_VM];
	arg = u8(in) & 1 ? (unsigned long)&r : pick_ptr(in, sizeof(r));
	fz_ioctl(fd, KVM_SET_USER_MEMORY_REGION, arg);
}

static void op_mmap(struct state *s, struct input *in)
{
	int fd = pick_fd(s, in);
	size_t len = (size_t)(u8(in) % 4 + 1) * PAGE;
	unsigned long pgoff = u8(in) % 80;
	int prot = (u8(in) & 1) ? PROT_READ : PROT_READ | PROT_WRITE;
	int flags = (u8(in) & 1) ? MAP_PRIVATE : MAP_SHARED;
	void *p = fz_mmap(len, prot, flags, fd, (off_t)(pgoff * PAGE));

	if (p == MAP_FAILED)
		return;
	for (int i = 0; i < NR_MAPS; i++) {
		if (!s->maps[i].addr) {
			s->maps[i].addr = p;
			s->maps[i].len = len;
			return;
		}
	}
	munmap(p, len);
}

static void op_run(struct state *s, struct input *in)
{
	int fd = s->vcpu[u8(in) % NR_VCPU];
	struct kvm_run *run;

	if (fd < 0)
		return;
	run = fz_mmap(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (run == MAP_FAILED)
		return;
	run->immediate_exit = 1;
	fz_ioctl(fd, KVM_RUN, 0);
	munmap(run, PAGE);
}

/* ---- the interrupt controller: device fds, lines, irqfds, routes ------- */

static void op_create_device(struct state *s, struct input *in)
{
	static const uint32_t types[] = {
		KVM_DEV_TYPE_ARM_VGIC_V3, KVM_DEV_TYPE_ARM_VGIC_V2, KVM_DEV_TYPE_ARM_VGIC_ITS,
	};
	struct kvm_create_device cd = { 0 };
	uint8_t how = u8(in);
	int fd = s->vm[u8(in) % NR_VM];
	unsigned long arg;

	cd.type = how & 0x80 ? u32(in) : types[(how & 0x7f) % 3];
	cd.flags = how & 0x40 ? (u8(in) & 1 ? KVM_CREATE_DEVICE_TEST : u32(in)) : 0;
	arg = how & 0x20 ? pick_ptr(in, sizeof(cd)) : (unsigned long)&cd;
	if (fz_ioctl(fd, KVM_CREATE_DEVICE, arg) == 0 && arg == (unsigned long)&cd &&
	    !(cd.flags & KVM_CREATE_DEVICE_TEST))
		keep_fd(s->dev, NR_DEV, (int)cd.fd);
}

/*
 * A device attribute: mostly the vGIC's groups with the attributes they
 * know (frame addresses, register offsets, a vCPU's MPIDR above bit 32),
 * the value behind one of the pointers.
 */
static void op_device_attr(struct state *s, struct input *in)
{
	static const unsigned long cmds[] = {
		KVM_SET_DEVICE_ATTR, KVM_GET_DEVICE_ATTR, KVM_HAS_DEVICE_ATTR,
	};
	static const uint64_t attrs[] = {
		KVM_VGIC_V3_ADDR_TYPE_DIST, KVM_VGIC_V3_ADDR_TYPE_REDIST,
		KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, KVM_DEV_ARM_VGIC_CTRL_INIT,
		KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES, 0x0, 0x4, 0x8, 0x104, 0x204, 0x420,
		0xc08, 0x6100, 0xffe8, 0x10080, 0x10100, 0x1ffe8,
		0xc230 /* ICC_PMR */, 0xc643 /* ICC_BPR0 */, 0xc664 /* ICC_CTLR */,
	};
	struct kvm_device_attr a;
	uint8_t how = u8(in);
	int fd = how & 0x80 ? pick_fd(s, in) : s->dev[u8(in) % NR_DEV];
	unsigned long arg;

	a.flags = how & 0x40 ? u32(in) : 0;
	a.group = how & 0x20 ? u32(in) : u8(in) % 9;
	if (how & 0x10) {
		a.attr = u64(in);
	} else {
		a.attr = attrs[u8(in) % (sizeof(attrs) / sizeof(attrs[0]))];
		a.attr |= (uint64_t)(u8(in) % 3) << 32;		/* a vCPU's MPIDR */
	}
	a.addr = pick_ptr(in, 8);
	arg = how & 0x08 ? pick_ptr(in, sizeof(a)) : (unsigned long)&a;
	fz_ioctl(fd, cmds[u8(in) % 3], arg);
}

/* KVM_IRQ_LINE: type (CPU, SPI, PPI, or any), vCPU fields, number, level. */
static void op_irq_line(struct state *s, struct input *in)
{
	struct kvm_irq_level il;
	uint8_t how = u8(in);
	int fd = s->vm[u8(in) % NR_VM];
	unsigned long arg;

	if (how & 0x80) {
		il.irq = u32(in);
	} else {
		il.irq = (uint32_t)(u8(in) % 4) << KVM_ARM_IRQ_TYPE_SHIFT;
		il.irq |= (uint32_t)(u8(in) % 3) << KVM_ARM_IRQ_VCPU_SHIFT;
		il.irq |= u16(in) % 300;
	}
	il.level = how & 0x40 ? u32(in) : u8(in) & 1;
	arg = how & 0x20 ? pick_ptr(in, sizeof(il)) : (unsigned long)&il;
	fz_ioctl(fd, KVM_IRQ_LINE, arg);
}

/* An eventfd of the input's own (made on first use), or another fd. */
static int pick_efd(struct state *s, struct input *in)
{
	uint8_t i = u8(in);
	int *slot = &s->efd[i % NR_EFD];

	if (i & 0x80)
		return pick_fd(s, in);
	if (*slot < 0)
		*slot = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	return *slot;
}

static void op_irqfd(struct state *s, struct input *in)
{
	struct kvm_irqfd irqfd = { 0 };
	uint8_t how = u8(in);
	int fd = s->vm[u8(in) % NR_VM];
	unsigned long arg;

	irqfd.fd = (uint32_t)pick_efd(s, in);
	irqfd.gsi = how & 0x80 ? u32(in) : u8(in) % 70;
	irqfd.flags = how & 0x40 ? u32(in) : u8(in) & 3;	/* DEASSIGN, RESAMPLE */
	if (irqfd.flags & KVM_IRQFD_FLAG_RESAMPLE)
		irqfd.resamplefd = (uint32_t)pick_efd(s, in);
	arg = how & 0x20 ? pick_ptr(in, sizeof(irqfd)) : (unsigned long)&irqfd;
	fz_ioctl(fd, KVM_IRQFD, arg);
	/* A write to one of its eventfds: injected now or at the next run. */
	if (u8(in) & 1) {
		uint64_t one = 1;

		for (int i = 0; i < NR_EFD; i++)
			if (s->efd[i] >= 0 && s->efd[i] == (int)irqfd.fd &&
			    write(s->efd[i], &one, sizeof(one)) != sizeof(one))
				break;
	}
}

/* KVM_SET_GSI_ROUTING with up to four irqchip or MSI entries (or a wild count). */
static void op_gsi_routing(struct state *s, struct input *in)
{
	union {
		struct kvm_irq_routing r;
		uint8_t room[sizeof(struct kvm_irq_routing) + 4 * sizeof(struct kvm_irq_routing_entry)];
	} rt;
	uint8_t how = u8(in);
	int fd = s->vm[u8(in) % NR_VM];
	unsigned long arg;

	memset(&rt, 0, sizeof(rt));
	rt.r.nr = how & 0x80 ? u32(in) : u8(in) % 5;
	rt.r.flags = how & 0x40 ? u32(in) : 0;
	for (unsigned int i = 0; i < 4; i++) {
		struct kvm_irq_routing_entry *e = &rt.r.entries[i];
		uint8_t kind = u8(in);

		e->gsi = kind & 0x80 ? u32(in) : u8(in) % 8;
		e->type = kind & 0x40 ? u32(in) : (kind & 1 ? KVM_IRQ_ROUTING_MSI :
						   KVM_IRQ_ROUTING_IRQCHIP);
		e->flags = kind & 0x20 ? u32(in) : 0;
		if (e->type == KVM_IRQ_ROUTING_MSI) {
			e->u.msi.address_lo = u32(in);
			e->u.msi.data = u32(in);
		} else {
			e->u.irqchip.irqchip = u8(in) % 2;
			e->u.irqchip.pin = kind & 0x10 ? u32(in) : u16(in) % 1000;
		}
	}
	arg = how & 0x20 ? pick_ptr(in, sizeof(rt)) : (unsigned long)&rt;
	fz_ioctl(fd, KVM_SET_GSI_ROUTING, arg);
}

static void op_signal_msi(struct state *s, struct input *in)
{
	struct kvm_msi msi = { 0 };
	uint8_t how = u8(in);
	int fd = s->vm[u8(in) % NR_VM];
	unsigned long arg;

	msi.address_lo = u32(in);
	msi.data = u32(in);
	msi.flags = how & 0x80 ? u32(in) : u8(in) & KVM_MSI_VALID_DEVID;
	msi.devid = u32(in);
	arg = how & 0x40 ? pick_ptr(in, sizeof(msi)) : (unsigned long)&msi;
	fz_ioctl(fd, KVM_SIGNAL_MSI, arg);
}

/* Any request number, with an integer or one of the pointers. */
static void op_raw(struct state *s, struct input *in)
{
	int fd = pick_fd(s, in);
	unsigned long cmd = u32(in);
	unsigned long arg = (u8(in) & 1) ? pick_ptr(in, PAGE) : u64(in) & 0xffffffff;
	long r;


	/* Raw integers could be pointers that KVM_SET_* reads or writes: keep them small. */
	if (arg > 0xffff && arg != (unsigned long)scratch)
		arg &= 0xffff;
	r = fz_ioctl(fd, cmd, arg);
	/* A stats file is the caller's to close, as on real KVM. */
	if (r >= 0 && cmd == KVM_GET_STATS_FD)
		fz_close((int)r);
}

static void step(struct state *s, struct input *in)
{
	struct kvm_vcpu_init init;
	struct kvm_enable_cap cap;
	int fd, r, nr, *slots;
	unsigned long arg;

	/* Operations 18 and 19 (and 26 on) are raw calls. */
	switch (u8(in) % 26) {
	case 0:
		keep_fd(s->sys, NR_SYS, fz_open(s->kernel, O_RDWR | O_CLOEXEC));
		break;
	case 1:
		fd = s->sys[u8(in) % NR_SYS];
		keep_fd(s->vm, NR_VM, fz_ioctl(fd, KVM_CREATE_VM,
						   (u8(in) & 1) ? u8(in) : u32(in)));
		break;
	case 2:
		fd = s->vm[u8(in) % NR_VM];
		keep_fd(s->vcpu, NR_VCPU, fz_ioctl(fd, KVM_CREATE_VCPU,
						       (u8(in) & 1) ? u8(in) % 8 : u32(in)));
		break;
	case 3:
		memset(&init, 0, sizeof(init));
		fd = s->vcpu[u8(in) % NR_VCPU];
		r = u8(in);
		r = fz_ioctl(s->vm[r % NR_VM], KVM_ARM_PREFERRED_TARGET, &init);
		if (r || (u8(in) & 1))
			init.target = u32(in);
		init.features[0] = u8(in) & 0x80 ? u32(in) : u8(in) & 0x7f;
		if (u8(in) == 0xff) {
			r = 1 + u8(in) % 6;
			init.features[r] = u32(in);
		}
		arg = u8(in) & 1 ? (unsigned long)&init : pick_ptr(in, sizeof(init));
		fz_ioctl(fd, KVM_ARM_VCPU_INIT, arg);
		break;
	case 4:
		op_one_reg(s, in, KVM_GET_ONE_REG);
		break;
	case 5:
		op_one_reg(s, in, KVM_SET_ONE_REG);
		break;
	case 6:
		fd = s->vcpu[u8(in) % NR_VCPU];
		r = u8(in);
		fz_ioctl(fd, KVM_GET_REG_LIST, pick_ptr(in, sizeof(struct kvm_reg_list) + 8 * r));
		break;
	case 7:
		op_memory_region(s, in);
		break;
	case 8:
		fd = pick_fd(s, in);
		fz_ioctl(fd, KVM_CHECK_EXTENSION, u8(in) & 1 ? u8(in) : u64(in));
		break;
	case 9:
		memset(&cap, 0, sizeof(cap));
		cap.cap = u8(in) & 1 ? u8(in) : u32(in);
		cap.flags = u8(in) == 0xff ? u32(in) : 0;
		cap.args[0] = u64(in);
		fd = pick_fd(s, in);
		arg = u8(in) & 1 ? (unsigned long)&cap : pick_ptr(in, sizeof(cap));
		fz_ioctl(fd, KVM_ENABLE_CAP, arg);
		break;
	case 10:
		fd = s->vcpu[u8(in) % NR_VCPU];
		fz_ioctl(fd, KVM_ARM_VCPU_FINALIZE, pick_ptr(in, 4));
		break;
	case 11:
		fd = s->vcpu[u8(in) % NR_VCPU];
		r = u8(in) & 1;
		fz_ioctl(fd, r ? KVM_GET_MP_STATE : KVM_SET_MP_STATE, pick_ptr(in, 4));
		break;
	case 12:
		op_mmap(s, in);
		break;
	case 13:
		op_run(s, in);
		break;
	case 14:
		slots = pick_slots(s, in, &nr);
		r = u8(in);
		keep_fd(slots, nr, fz_dup(slots[r % nr]));
		break;
	case 15:
		slots = pick_slots(s, in, &nr);
		close_slot(&slots[u8(in) % nr]);
		break;
	case 16:
		fd = s->vcpu[u8(in) % NR_VCPU];
		r = u8(in) & 1;
		fz_ioctl(fd, r ? KVM_SET_DEVICE_ATTR : KVM_HAS_DEVICE_ATTR,
			     pick_ptr(in, sizeof(struct kvm_device_attr)));
		break;
	case 17:
		fd = s->sys[u8(in) % NR_SYS];
		fz_ioctl(fd, KVM_GET_VCPU_MMAP_SIZE, u8(in) & 3);
		break;
	case 20:
		op_create_device(s, in);
		break;
	case 21:
		op_device_attr(s, in);
		break;
	case 22:
		op_irq_line(s, in);
		break;
	case 23:
		op_irqfd(s, in);
		break;
	case 24:
		op_gsi_routing(s, in);
		break;
	case 25:
		op_signal_msi(s, in);
		break;
	default:
		op_raw(s, in);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct state s;
	int i;

	setup_once();
	memset(&s, 0, sizeof(s));
	for (i = 0; i < NR_SYS; i++)
		s.sys[i] = -1;
	for (i = 0; i < NR_VM; i++)
		s.vm[i] = -1;
	for (i = 0; i < NR_VCPU; i++)
		s.vcpu[i] = -1;
	for (i = 0; i < NR_DEV; i++)
		s.dev[i] = -1;
	for (i = 0; i < NR_EFD; i++)
		s.efd[i] = -1;
	s.kernel = u8(&in) & 1 ? "6.1" : "6.12";
	if (fuzz_kernel)
		s.kernel = fuzz_kernel;
	/* Most inputs want a system fd, a VM and a vCPU to work on. */
	s.sys[0] = fz_open(s.kernel, O_RDWR | O_CLOEXEC);
	s.vm[0] = fz_ioctl(s.sys[0], KVM_CREATE_VM, 0);
	s.vcpu[0] = fz_ioctl(s.vm[0], KVM_CREATE_VCPU, 0);
	for (i = 0; in.n && i < 64; i++)
		step(&s, &in);
	for (i = 0; i < NR_MAPS; i++)
		if (s.maps[i].addr)
			munmap(s.maps[i].addr, s.maps[i].len);
	for (i = 0; i < NR_DEV; i++)
		close_slot(&s.dev[i]);
	for (i = 0; i < NR_VCPU; i++)
		close_slot(&s.vcpu[i]);
	for (i = 0; i < NR_VM; i++)
		close_slot(&s.vm[i]);
	for (i = 0; i < NR_SYS; i++)
		close_slot(&s.sys[i]);
	/* Last: an irqfd the VM held kept its eventfd as the kernel's would. */
	for (i = 0; i < NR_EFD; i++)
		if (s.efd[i] >= 0)
			close(s.efd[i]);
	return 0;
}
