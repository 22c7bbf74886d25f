/*
 * vgic.c - section vgic.v3: the in-kernel GICv3 as a KVM device.
 * KVM_CREATE_DEVICE of KVM_DEV_TYPE_ARM_VGIC_V3 and what its fd answers
 * (flags, ioctls, mmap); every attribute group's HAS answers; the frames'
 * addresses (ADDR: DIST, the legacy REDIST and REDIST_REGION with their
 * alignment, IPA, overlap and ordering checks, read back); NR_IRQS; CTRL
 * INIT and the rules around it (vCPUs after INIT, KVM_RUN without
 * addresses or before INIT, which kills the VM); the register groups
 * (DIST_REGS, REDIST_REGS, LEVEL_INFO) before and after INIT, read and
 * written; KVM_IRQ_LINE with and without a vGIC; and the vCPU's timer and
 * PMU interrupt attributes with a vGIC.
 */
#include "conform.h"

#define DIST_BASE	0x08000000ULL
#define RDIST_BASE	0x080a0000ULL
#define REGION(count, base, flags, index) \
	(((ull)(count) << 52) | (ull)(base) | ((ull)(flags) << 12) | (ull)(index))
#define MPIDR_ATTR(aff0, off)	(((ull)(aff0) << 32) | (ull)(off))

static const char *const grp_names[] = {
	"ADDR", "DIST_REGS", "CPU_REGS", "NR_IRQS", "CTRL", "REDIST_REGS", "CPU_SYSREGS",
	"LEVEL_INFO", "ITS_REGS", "9",
};

/* One attribute access; @val in and out through a u64 (addr NULL if !@val). */
static long gattr(const char *where, int fd, unsigned long req, uint32_t group, ull attr,
		  ull *val)
{
	struct kvm_device_attr a = { .group = group, .attr = attr,
				     .addr = val ? (ull)(uintptr_t)val : 0 };
	const char *op = req == KVM_HAS_DEVICE_ATTR ? "has" :
			 req == KVM_GET_DEVICE_ATTR ? "get" : "set";
	long r;

	L("%s %s %s attr=%#llx", where, op, group < 10 ? grp_names[group] : "?", attr);
	if (req == KVM_SET_DEVICE_ATTR && val)
		L(" val=%#llx", *val);
	r = R(kiop(fd, req, &a));
	if (r == 0 && req == KVM_GET_DEVICE_ATTR && val)
		L(" val=%#llx", *val);
	emit();
	return r;
}

static long get64(const char *where, int fd, uint32_t group, ull attr)
{
	ull v = 0x5a5a5a5a5a5a5a5aULL;

	gattr(where, fd, KVM_GET_DEVICE_ATTR, group, attr, &v);
	return 0;
}

static long set64(const char *where, int fd, uint32_t group, ull attr, ull v)
{
	return gattr(where, fd, KVM_SET_DEVICE_ATTR, group, attr, &v);
}

/* A 32-bit register: the upper half of the u64 shows what was not written. */
static void get32(const char *where, int fd, uint32_t group, ull attr)
{
	ull v = 0x5a5a5a5a5a5a5a5aULL;

	gattr(where, fd, KVM_GET_DEVICE_ATTR, group, attr, &v);
}

static int create_gic(const char *where, int vm, uint32_t type)
{
	struct kvm_create_device cd = { .type = type };
	long r;

	L("%s KVM_CREATE_DEVICE type=%u", where, type);
	r = R(kiop(vm, KVM_CREATE_DEVICE, &cd));
	emit();
	return r < 0 ? -1 : (int)cd.fd;
}

static long irq_line(const char *where, int vm, uint32_t type, uint32_t vcpu, uint32_t num,
		     uint32_t level)
{
	struct kvm_irq_level il = { .irq = (type << 24) | (vcpu << 16) | num, .level = level };

	long r;

	L("%s KVM_IRQ_LINE type=%u vcpu=%u num=%u level=%u", where, type, vcpu, num, level);
	r = R(kiop(vm, KVM_IRQ_LINE, &il));
	emit();
	return r;
}

static int init_vcpu(const char *where, int vm, ul id, uint32_t f0)
{
	int vcpu = create_vcpu(where, vm, id);

	if (vcpu >= 0)
		vcpu_init0(where, vcpu, f0);
	return vcpu;
}

/* The device fd itself and the HAS answers of every group. */
static void gic_fd(void)
{
	static const ull has_attrs[][2] = {
		{ 0, 0 }, { 0, 1 }, { 0, 2 }, { 0, 3 }, { 0, 4 }, { 0, 5 }, { 0, 6 },
		{ 1, 0 }, { 1, 2 }, { 1, 4 }, { 1, 0x80 }, { 1, 0x100 }, { 1, 0x104 },
		{ 1, 0x400 }, { 1, 0x420 }, { 1, 0x440 }, { 1, 0x6000 }, { 1, 0x6100 },
		{ 1, 0x6200 }, { 1, 0x6204 }, { 1, 0xffe8 }, { 1, 0xfff0 }, { 1, 0x10000 },
		{ 1, 0x14 }, { 2, 0 }, { 3, 0 }, { 3, 5 }, { 4, 0 }, { 4, 1 }, { 4, 2 },
		{ 4, 3 }, { 4, 4 }, { 4, 5 }, { 5, 0 }, { 5, 8 }, { 5, 0x14 }, { 5, 0x70 },
		{ 5, 0x10080 }, { 5, 0x10100 }, { 5, 0x10400 }, { 5, 0x10c04 }, { 5, 0x10e00 },
		{ 5, 0x10e04 }, { 5, 0x20000 }, { 5, MPIDR_ATTR(1, 0) }, { 6, 0xc660 },
		{ 6, MPIDR_ATTR(1, 0xc660) }, { 7, 0 }, { 7, 1ULL << 10 }, { 8, 0 }, { 9, 0 },
	};
	struct kvm_device_attr a = { 0 };
	int vm, gic, gic2, vcpu;
	long r;

	vm = create_vm("gic", 0);
	if (vm < 0)
		return;
	gic = create_gic("gic", vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (gic < 0) {
		close_fd("gic", vm);
		return;
	}
	r = fcntl(gic, F_GETFL);
	L("gic.fd F_GETFL accmode=%s cloexec=%d", (r & O_ACCMODE) == O_RDWR ? "O_RDWR" : "other",
	  (fcntl(gic, F_GETFD) & FD_CLOEXEC) != 0);
	emit();
	gic2 = create_gic("gic.twice", vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (gic2 >= 0)
		close(gic2);
	gic2 = create_gic("gic.v2", vm, KVM_DEV_TYPE_ARM_VGIC_V2);
	if (gic2 >= 0)
		close(gic2);
	L("gic KVM_CREATE_IRQCHIP");
	R(kio(vm, KVM_CREATE_IRQCHIP, 0));
	emit();
	{
		struct kvm_arm_device_addr da = { .id = 0, .addr = 0x1000000 };

		L("gic KVM_ARM_SET_DEVICE_ADDR v2-dist");
		R(kiop(vm, KVM_ARM_SET_DEVICE_ADDR, &da));
		emit();
		da.id = 1ULL << 16;
		L("gic KVM_ARM_SET_DEVICE_ADDR device=1");
		R(kiop(vm, KVM_ARM_SET_DEVICE_ADDR, &da));
		emit();
	}
	check_ext("gic", vm, CAP_MAX_VCPUS, 0);
	L("gic.fd KVM_RUN");
	R(kio(gic, KVM_RUN, 0));
	emit();
	L("gic.fd KVM_CHECK_EXTENSION");
	R(kio(gic, KVM_CHECK_EXTENSION, 1));
	emit();
	L("gic.fd KVM_HAS_DEVICE_ATTR arg=NULL");
	R(kio(gic, KVM_HAS_DEVICE_ATTR, 0));
	emit();
	L("gic.fd KVM_GET_DEVICE_ATTR arg=kernel-half");
	R(kio(gic, KVM_GET_DEVICE_ATTR, KHALF));
	emit();
	a.group = KVM_DEV_ARM_VGIC_GRP_ADDR;
	a.attr = KVM_VGIC_V3_ADDR_TYPE_DIST;
	L("gic.fd KVM_GET_DEVICE_ATTR DIST addr=NULL");
	R(kiop(gic, KVM_GET_DEVICE_ATTR, &a));
	emit();
	L("gic.fd mmap");
	{
		void *p = kmmap(PAGE, PROT_READ, MAP_SHARED, gic, 0);

		RMAP(p);
		if (p != MAP_FAILED)
			munmap(p, PAGE);
	}
	emit();

	/* HAS before any vCPU: the register groups need one. */
	for (size_t i = 0; i < 8; i++)
		gattr("gic.has-novcpu", gic, KVM_HAS_DEVICE_ATTR, (uint32_t)has_attrs[i][0],
		      has_attrs[i][1], NULL);
	gattr("gic.has-novcpu", gic, KVM_HAS_DEVICE_ATTR, 1, 0, NULL);
	gattr("gic.has-novcpu", gic, KVM_HAS_DEVICE_ATTR, 5, 0, NULL);
	get32("gic.novcpu", gic, 1, 0);
	vcpu = init_vcpu("gic", vm, 0, 0);
	for (size_t i = 0; i < sizeof(has_attrs) / sizeof(has_attrs[0]); i++)
		gattr("gic.has", gic, KVM_HAS_DEVICE_ATTR, (uint32_t)has_attrs[i][0],
		      has_attrs[i][1], NULL);
	/* The registers before INIT. */
	get32("gic.pre-init", gic, 1, 0);
	get32("gic.pre-init", gic, 5, 8);
	get32("gic.pre-init", gic, 7, 32);
	get64("gic.pre-init", gic, 3, 0);
	close_fd("gic", vcpu);
	L("gic.fd close");
	R(kclose(gic));
	emit();
	/* The VM still has its vGIC: the device lives with the VM. */
	gic2 = create_gic("gic.after-close", vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (gic2 >= 0)
		close(gic2);
	close_fd("gic", vm);
}

static void gic_addr(void)
{
	int vm, gic, vcpu;

	vm = create_vm("addr", 0);
	if (vm < 0)
		return;
	vcpu = init_vcpu("addr", vm, 0, 0);
	gic = create_gic("addr", vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (gic < 0)
		goto out;
	get64("addr.dist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST);
	get64("addr.redist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST);
	get64("addr.region", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION);
	get64("addr.v2", gic, 0, KVM_VGIC_V2_ADDR_TYPE_DIST);
	get64("addr.its", gic, 0, 4);
	get64("addr.6", gic, 0, 6);
	set64("addr.v2", gic, 0, KVM_VGIC_V2_ADDR_TYPE_CPU, 0x1000000);
	set64("addr.dist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, DIST_BASE + 0x1000);
	set64("addr.dist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, 1ULL << 40);
	set64("addr.dist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, (1ULL << 40) - 0x10000);
	set64("addr.dist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, ~0ULL << 16);
	set64("addr.dist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, DIST_BASE);
	set64("addr.dist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, DIST_BASE + 0x100000);
	get64("addr.dist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST);
	/* The legacy region: no overlap with the distributor, then no other. */
	set64("addr.redist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST, DIST_BASE);
	set64("addr.redist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST, RDIST_BASE + 0x1000);
	set64("addr.redist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST, RDIST_BASE);
	set64("addr.redist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST, RDIST_BASE + 0x100000);
	get64("addr.redist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST);
	set64("addr.region", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION,
	      REGION(1, 0x10000000, 0, 1));
	get64("addr.region", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION);
	/* A vCPU after the legacy region is placed: it grows the region. */
	close_fd("addr", create_vcpu("addr", vm, 1));
	close_fd("addr", gic);
	close_fd("addr", vcpu);
out:
	close_fd("addr", vm);

	/* Regions. */
	vm = create_vm("region", 0);
	if (vm < 0)
		return;
	vcpu = init_vcpu("region", vm, 0, 0);
	gic = create_gic("region", vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (gic < 0)
		goto out2;
	set64("region", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, REGION(1, RDIST_BASE, 0, 1));
	set64("region", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, REGION(0, RDIST_BASE, 0, 0));
	set64("region", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, REGION(1, RDIST_BASE, 1, 0));
	set64("region", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION,
	      REGION(1, RDIST_BASE + 0x1000, 0, 0));
	set64("region", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, REGION(4095, 1ULL << 39, 0, 0));
	set64("region", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, REGION(2, RDIST_BASE, 0, 0));
	set64("region", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, REGION(2, RDIST_BASE, 0, 0));
	set64("region", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION,
	      REGION(1, RDIST_BASE + 0x20000, 0, 1));
	set64("region", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, REGION(1, 0x20000000, 0, 2));
	set64("region", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, REGION(1, 0x10000000, 0, 1));
	set64("region", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION,
	      REGION(1, 0x10100000, 0, 0x102));
	set64("region", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST, 0x30000000);
	for (ull i = 0; i < 4; i++) {
		ull v = i;

		gattr("region.get", gic, KVM_GET_DEVICE_ATTR, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION,
		      &v);
	}
	{
		ull v = 0x102;

		gattr("region.get", gic, KVM_GET_DEVICE_ATTR, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION,
		      &v);
	}
	get64("region.redist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST);
	/* The distributor over a region is refused only at the first run. */
	set64("region.dist", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, RDIST_BASE);
	close_fd("region", gic);
	close_fd("region", vcpu);
out2:
	close_fd("region", vm);
}

static void gic_init_rules(void)
{
	ull v;
	int vm, gic, vcpu, vcpu1;

	/* NR_IRQS. */
	vm = create_vm("nr", 0);
	if (vm < 0)
		return;
	gic = create_gic("nr", vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (gic >= 0) {
		get32("nr", gic, 3, 0);
		set64("nr", gic, 3, 0, 63);
		set64("nr", gic, 3, 0, 32);
		set64("nr", gic, 3, 0, 1024);
		set64("nr", gic, 3, 0, 1023);
		set64("nr", gic, 3, 0, 96 | (1ULL << 32));
		get32("nr", gic, 3, 0);
		set64("nr", gic, 3, 0, 128);
		gattr("nr", gic, KVM_SET_DEVICE_ATTR, 3, 0, NULL);
		gattr("nr", gic, KVM_GET_DEVICE_ATTR, 3, 0, NULL);
		gattr("nr.init", gic, KVM_SET_DEVICE_ATTR, 4, 0, NULL);
		gattr("nr", gic, KVM_SET_DEVICE_ATTR, 4, 7, NULL);
		gattr("nr", gic, KVM_GET_DEVICE_ATTR, 4, 0, NULL);
		gattr("nr.save-pending", gic, KVM_SET_DEVICE_ATTR, 4, 3, NULL);
		gattr("nr.its-save", gic, KVM_SET_DEVICE_ATTR, 4, 1, NULL);
		close_fd("nr", gic);
	}
	close_fd("nr", vm);

	/* INIT freezes the SPI count and the vCPUs. */
	vm = create_vm("init", 0);
	if (vm < 0)
		return;
	vcpu = init_vcpu("init", vm, 0, 0);
	gic = create_gic("init", vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (gic < 0)
		goto out;
	vcpu1 = init_vcpu("init", vm, 1, 0);
	gattr("init", gic, KVM_SET_DEVICE_ATTR, 4, 0, NULL);
	get32("init", gic, 3, 0);
	set64("init", gic, 3, 0, 128);
	gattr("init.again", gic, KVM_SET_DEVICE_ATTR, 4, 0, NULL);
	close_fd("init", create_vcpu("init", vm, 2));
	/* KVM_RUN without the frames' addresses: fatal to the VM. */
	run_immediate("init.run", vcpu);
	check_ext("init.dead", vm, CAP_MAX_VCPUS, 0);
	get32("init.dead", gic, 3, 0);
	L("init.dead vcpu1 KVM_GET_ONE_REG pc");
	{
		ull pc;
		struct kvm_one_reg reg = { .id = REG_PC, .addr = (ull)(uintptr_t)&pc };

		R(kiop(vcpu1, KVM_GET_ONE_REG, &reg));
	}
	emit();
	close_fd("init", vcpu1);
	close_fd("init", gic);
	close_fd("init", vcpu);
out:
	close_fd("init", vm);

	/* Addresses set, no INIT: the first run refuses (and kills the VM). */
	vm = create_vm("noinit", 0);
	if (vm < 0)
		return;
	vcpu = init_vcpu("noinit", vm, 0, 0);
	gic = create_gic("noinit", vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (gic >= 0) {
		set64("noinit", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, DIST_BASE);
		set64("noinit", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST, RDIST_BASE);
		run_immediate("noinit.run", vcpu);
		check_ext("noinit.dead", vm, CAP_MAX_VCPUS, 0);
		close_fd("noinit", gic);
	}
	close_fd("noinit", vcpu);
	close_fd("noinit", vm);

	/* Overlapping frames: refused at the first run. */
	vm = create_vm("overlap", 0);
	if (vm < 0)
		return;
	vcpu = init_vcpu("overlap", vm, 0, 0);
	gic = create_gic("overlap", vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (gic >= 0) {
		set64("overlap", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION,
		      REGION(2, RDIST_BASE, 0, 0));
		set64("overlap", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, RDIST_BASE + 0x20000);
		gattr("overlap", gic, KVM_SET_DEVICE_ATTR, 4, 0, NULL);
		run_immediate("overlap.run", vcpu);
		close_fd("overlap", gic);
	}
	close_fd("overlap", vcpu);
	close_fd("overlap", vm);

	/* A vCPU that has run: no vGIC any more. */
	vm = create_vm("ran", 0);
	if (vm < 0)
		return;
	vcpu = init_vcpu("ran", vm, 0, 0);
	run_immediate("ran", vcpu);
	gic = create_gic("ran", vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (gic >= 0)
		close(gic);
	close_fd("ran", vcpu);
	close_fd("ran", vm);

	/* All set: the first run passes. */
	vm = create_vm("ok", 0);
	if (vm < 0)
		return;
	vcpu = init_vcpu("ok", vm, 0, 0);
	vcpu1 = init_vcpu("ok", vm, 1, 0);
	gic = create_gic("ok", vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (gic >= 0) {
		v = 96;
		gattr("ok", gic, KVM_SET_DEVICE_ATTR, 3, 0, &v);
		set64("ok", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, DIST_BASE);
		set64("ok", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, REGION(2, RDIST_BASE, 0, 0));
		gattr("ok", gic, KVM_SET_DEVICE_ATTR, 4, 0, NULL);
		run_immediate("ok.run", vcpu);
		run_immediate("ok.run", vcpu1);
		set64("ok.after-run", gic, 3, 0, 128);
		close_fd("ok", gic);
	}
	close_fd("ok", vcpu1);
	close_fd("ok", vcpu);
	close_fd("ok", vm);
}

/* The register groups after INIT, with two vCPUs (MPIDR Aff0 0 and 1). */
static void gic_regs(void)
{
	static const uint32_t dist_regs[] = {
		0x0, 0x4, 0x8, 0xc, 0x10, 0x80, 0x84, 0x100, 0x104, 0x108, 0x180, 0x204, 0x284,
		0x304, 0x384, 0x400, 0x420, 0x424, 0x800, 0x820, 0xc00, 0xc08, 0xc10, 0xd04,
		0x6000, 0x6100, 0x6104, 0x6200, 0x6400, 0xffd0, 0xffe0, 0xffe4, 0xffe8, 0xfffc,
		0x40, 0x2,
	};
	static const uint32_t rd_regs[] = {
		0x0, 0x4, 0x8, 0xc, 0x10, 0x14, 0x70, 0x78, 0xffe8, 0x10080, 0x10100, 0x10180,
		0x10200, 0x10300, 0x10400, 0x1041c, 0x10c00, 0x10c04, 0x10d00, 0x10e00, 0x20000,
	};
	struct { uint32_t off; ull val; } dist_writes[] = {
		{ 0x0, 0x2 }, { 0x0, 0xffffffff }, { 0x0, 0 }, { 0x4, 0 }, { 0x8, 0x4b00243b },
		{ 0x8, 0x4b00143b }, { 0x8, 0x4b00343b }, { 0x8, 0x4b00343c }, { 0xc, 0 },
		{ 0xc, 1 }, { 0x84, 0xffff0001 }, { 0x104, 0x8001 }, { 0x184, 0x1 },
		{ 0x204, 0x3 }, { 0x284, 0x1 }, { 0x304, 0x5 }, { 0x384, 0x4 },
		{ 0x420, 0xffffffff }, { 0xc08, 0xaaaaaaaa }, { 0x6100, 0xffffffff },
		{ 0x6104, 0xffffffff }, { 0x6400, 1 },
	};
	struct { uint32_t off; ull val; } rd_writes[] = {
		{ 0x0, 0xffffffff }, { 0x8, 0 }, { 0x10100, 0xffff0000 }, { 0x10180, 0x10000 },
		{ 0x10200, 0x10003 }, { 0x10280, 0x1 }, { 0x10400, 0xffffffff },
		{ 0x10c04, 0xffffffff }, { 0x10c00, 0 }, { 0x10080, 0 },
	};
	int vm, gic, vcpu, vcpu1;
	char where[48];

	vm = create_vm("regs", 0);
	if (vm < 0)
		return;
	vcpu = init_vcpu("regs", vm, 0, 0);
	vcpu1 = init_vcpu("regs", vm, 1, 0);
	gic = create_gic("regs", vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (gic < 0)
		goto out;
	set64("regs", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, DIST_BASE);
	set64("regs", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, REGION(2, RDIST_BASE, 0, 0));
	gattr("regs", gic, KVM_SET_DEVICE_ATTR, 4, 0, NULL);
	for (size_t i = 0; i < sizeof(dist_regs) / sizeof(dist_regs[0]); i++)
		get32("regs.dist", gic, 1, dist_regs[i]);
	for (unsigned int c = 0; c < 3; c++) {
		snprintf(where, sizeof(where), "regs.rd%u", c);
		for (size_t i = 0; i < sizeof(rd_regs) / sizeof(rd_regs[0]); i++)
			get32(where, gic, 5, MPIDR_ATTR(c, rd_regs[i]));
	}
	for (size_t i = 0; i < sizeof(dist_writes) / sizeof(dist_writes[0]); i++) {
		set64("regs.dist-w", gic, 1, dist_writes[i].off, dist_writes[i].val);
		get32("regs.dist-w", gic, 1, dist_writes[i].off);
	}
	for (size_t i = 0; i < sizeof(rd_writes) / sizeof(rd_writes[0]); i++) {
		set64("regs.rd-w", gic, 5, MPIDR_ATTR(1, rd_writes[i].off), rd_writes[i].val);
		get32("regs.rd-w", gic, 5, MPIDR_ATTR(1, rd_writes[i].off));
	}
	/* Pending as the guest would see it vs as userspace does. */
	set64("regs.level", gic, 1, 0xc08, 0);	/* SPIs 64-79 level */
	get32("regs.level", gic, 7, 64);
	set64("regs.level", gic, 7, 64, 0x5);
	get32("regs.level", gic, 7, 64);
	get32("regs.level", gic, 1, 0x208);
	get32("regs.level", gic, 7, 65);
	gattr("regs.level", gic, KVM_GET_DEVICE_ATTR, 7, 1ULL << 10, NULL);
	get32("regs.level", gic, 7, (1ULL << 10) | 64);
	get32("regs.level", gic, 7, MPIDR_ATTR(1, 0));
	get32("regs.level", gic, 7, MPIDR_ATTR(7, 0));

	/* KVM_IRQ_LINE into the vGIC. */
	irq_line("regs.irq", vm, 1, 0, 64, 1);
	get32("regs.irq", gic, 7, 64);
	get32("regs.irq", gic, 1, 0x208);
	irq_line("regs.irq", vm, 1, 0, 40, 1);
	irq_line("regs.irq", vm, 1, 0, 40, 0);
	get32("regs.irq", gic, 1, 0x204);
	irq_line("regs.irq", vm, 1, 0, 31, 1);
	irq_line("regs.irq", vm, 1, 0, 128, 1);
	irq_line("regs.irq", vm, 1, 0, 1020, 1);
	irq_line("regs.irq", vm, 2, 1, 20, 1);
	get32("regs.irq", gic, 5, MPIDR_ATTR(1, 0x10200));
	get32("regs.irq", gic, 7, MPIDR_ATTR(1, 0));
	irq_line("regs.irq", vm, 2, 1, 15, 1);
	irq_line("regs.irq", vm, 2, 1, 32, 1);
	irq_line("regs.irq", vm, 2, 5, 20, 1);
	irq_line("regs.irq", vm, 0, 0, 0, 1);
	irq_line("regs.irq", vm, 3, 0, 0, 1);

	/* The vCPU's timer and PMU interrupts with a vGIC. */
	{
		struct kvm_device_attr a = { .group = KVM_ARM_VCPU_TIMER_CTRL,
					     .attr = KVM_ARM_VCPU_TIMER_IRQ_VTIMER };
		int32_t irq = 20;

		a.addr = (ull)(uintptr_t)&irq;
		L("regs.timer vcpu0 set VTIMER irq=20");
		R(kiop(vcpu, KVM_SET_DEVICE_ATTR, &a));
		emit();
		irq = 40;
		L("regs.timer vcpu0 set VTIMER irq=40");
		R(kiop(vcpu, KVM_SET_DEVICE_ATTR, &a));
		emit();
		irq = 0;
		L("regs.timer vcpu1 get VTIMER");
		R(kiop(vcpu1, KVM_GET_DEVICE_ATTR, &a));
		L(" irq=%d", irq);
		emit();
		a.attr = KVM_ARM_VCPU_TIMER_IRQ_PTIMER;
		irq = 20;
		L("regs.timer vcpu0 set PTIMER irq=20");
		R(kiop(vcpu, KVM_SET_DEVICE_ATTR, &a));
		emit();
		run_immediate("regs.timer.run", vcpu);
		irq = 30;
		L("regs.timer vcpu0 set PTIMER irq=30");
		R(kiop(vcpu, KVM_SET_DEVICE_ATTR, &a));
		emit();
		L("regs.timer vcpu1 set PTIMER irq=30");
		R(kiop(vcpu1, KVM_SET_DEVICE_ATTR, &a));
		emit();
		run_immediate("regs.timer.run", vcpu);
		run_immediate("regs.timer.run", vcpu1);
	}
	close_fd("regs", gic);
	close_fd("regs", vcpu1);
	close_fd("regs", vcpu);
out:
	close_fd("regs", vm);
}

/* KVM_IRQ_LINE without a vGIC, and the PMU interrupt's rules with one. */
static void gic_lines(void)
{
	struct kvm_device_attr a = { .group = KVM_ARM_VCPU_PMU_V3_CTRL };
	int32_t irq;
	int vm, gic, vcpu, vcpu1;

	vm = create_vm("line", 0);
	if (vm < 0)
		return;
	vcpu = init_vcpu("line", vm, 0, 0);
	irq_line("line", vm, 0, 0, 0, 1);
	irq_line("line", vm, 0, 0, 1, 1);
	irq_line("line", vm, 0, 0, 1, 0);
	irq_line("line", vm, 0, 0, 2, 1);
	irq_line("line", vm, 0, 3, 0, 1);
	irq_line("line", vm, 1, 0, 32, 1);
	irq_line("line", vm, 2, 0, 16, 1);
	irq_line("line", vm, 4, 0, 0, 1);
	L("line KVM_IRQ_LINE arg=NULL");
	R(kio(vm, KVM_IRQ_LINE, 0));
	emit();
	{
		struct kvm_irq_level il = { .irq = 0, .level = 1 };

		L("line KVM_IRQ_LINE_STATUS");
		R(kiop(vm, KVM_IRQ_LINE_STATUS, &il));
		L(" status=%d", il.status);
		emit();
	}
	close_fd("line", vcpu);
	close_fd("line", vm);

	vm = create_vm("pmu", 0);
	if (vm < 0)
		return;
	vcpu = init_vcpu("pmu", vm, 0, BIT(F_PMU_V3));
	vcpu1 = init_vcpu("pmu", vm, 1, BIT(F_PMU_V3));
	gic = create_gic("pmu", vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (gic < 0)
		goto out;
	a.addr = (ull)(uintptr_t)&irq;
	a.attr = KVM_ARM_VCPU_PMU_V3_IRQ;
	L("pmu vcpu0 get IRQ");
	R(kiop(vcpu, KVM_GET_DEVICE_ATTR, &a));
	emit();
	a.attr = KVM_ARM_VCPU_PMU_V3_INIT;
	L("pmu vcpu0 set INIT");
	R(kiop(vcpu, KVM_SET_DEVICE_ATTR, &a));
	emit();
	a.attr = KVM_ARM_VCPU_PMU_V3_IRQ;
	for (int i = 0; i < 6; i++) {
		static const int32_t irqs[] = { 15, 1020, 23, 23, 40, 40 };
		int fd = i == 5 ? vcpu1 : vcpu;

		irq = irqs[i];
		L("pmu vcpu%d set IRQ irq=%d", i == 5, irq);
		R(kiop(fd, KVM_SET_DEVICE_ATTR, &a));
		emit();
	}
	irq = 24;
	L("pmu vcpu1 set IRQ irq=24");
	R(kiop(vcpu1, KVM_SET_DEVICE_ATTR, &a));
	emit();
	irq = 0;
	L("pmu vcpu0 get IRQ");
	R(kiop(vcpu, KVM_GET_DEVICE_ATTR, &a));
	L(" irq=%d", irq);
	emit();
	a.attr = KVM_ARM_VCPU_PMU_V3_INIT;
	L("pmu vcpu0 set INIT");
	R(kiop(vcpu, KVM_SET_DEVICE_ATTR, &a));
	emit();
	set64("pmu", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, DIST_BASE);
	set64("pmu", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST, RDIST_BASE);
	gattr("pmu", gic, KVM_SET_DEVICE_ATTR, 4, 0, NULL);
	L("pmu vcpu0 set INIT");
	R(kiop(vcpu, KVM_SET_DEVICE_ATTR, &a));
	emit();
	L("pmu vcpu1 set INIT");
	R(kiop(vcpu1, KVM_SET_DEVICE_ATTR, &a));
	emit();
	run_immediate("pmu.run", vcpu);
	a.attr = KVM_ARM_VCPU_PMU_V3_INIT;
	close_fd("pmu", gic);
out:
	close_fd("pmu", vcpu1);
	close_fd("pmu", vcpu);
	close_fd("pmu", vm);
}

/* The CPU interface's registers through CPU_SYSREGS (op0..op2 in the attribute). */
#define SYSREG(op0, op1, crn, crm, op2) \
	(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

static void gic_sysregs(void)
{
	static const struct { const char *name; ull enc; } regs[] = {
		{ "PMR", SYSREG(3, 0, 4, 6, 0) },	{ "BPR0", SYSREG(3, 0, 12, 8, 3) },
		{ "AP0R0", SYSREG(3, 0, 12, 8, 4) },	{ "AP0R1", SYSREG(3, 0, 12, 8, 5) },
		{ "AP0R3", SYSREG(3, 0, 12, 8, 7) },	{ "AP1R0", SYSREG(3, 0, 12, 9, 0) },
		{ "AP1R2", SYSREG(3, 0, 12, 9, 2) },	{ "BPR1", SYSREG(3, 0, 12, 12, 3) },
		{ "CTLR", SYSREG(3, 0, 12, 12, 4) },	{ "SRE", SYSREG(3, 0, 12, 12, 5) },
		{ "IGRPEN0", SYSREG(3, 0, 12, 12, 6) }, { "IGRPEN1", SYSREG(3, 0, 12, 12, 7) },
		{ "IAR1", SYSREG(3, 0, 12, 12, 0) },	{ "EOIR1", SYSREG(3, 0, 12, 12, 1) },
		{ "SGI1R", SYSREG(3, 0, 12, 11, 5) },	{ "MIDR", SYSREG(3, 0, 0, 0, 0) },
	};
	static const struct { const char *name; ull enc; ull val; } writes[] = {
		{ "PMR", SYSREG(3, 0, 4, 6, 0), 0xff },
		{ "PMR", SYSREG(3, 0, 4, 6, 0), 0x1ff },
		{ "BPR0", SYSREG(3, 0, 12, 8, 3), 0 },
		{ "BPR0", SYSREG(3, 0, 12, 8, 3), 7 },
		{ "BPR1", SYSREG(3, 0, 12, 12, 3), 1 },
		{ "BPR1", SYSREG(3, 0, 12, 12, 3), 6 },
		{ "AP0R0", SYSREG(3, 0, 12, 8, 4), 0x80000001 },
		{ "AP0R1", SYSREG(3, 0, 12, 8, 5), 1 },
		{ "AP1R0", SYSREG(3, 0, 12, 9, 0), 0xffffffffffULL },
		{ "AP1R3", SYSREG(3, 0, 12, 9, 3), 1 },
		{ "CTLR", SYSREG(3, 0, 12, 12, 4), 0x8402 },
		{ "CTLR", SYSREG(3, 0, 12, 12, 4), 0x8403 },
		{ "CTLR", SYSREG(3, 0, 12, 12, 4), 0x8000 },
		{ "CTLR", SYSREG(3, 0, 12, 12, 4), 0x8500 },
		{ "CTLR", SYSREG(3, 0, 12, 12, 4), 0x0400 },
		{ "CTLR", SYSREG(3, 0, 12, 12, 4), 0xc400 },
		{ "CTLR", SYSREG(3, 0, 12, 12, 4), 0x8c00 },
		{ "CTLR", SYSREG(3, 0, 12, 12, 4), 0x8400 },
		{ "SRE", SYSREG(3, 0, 12, 12, 5), 0 },
		{ "SRE", SYSREG(3, 0, 12, 12, 5), 1 },
		{ "IGRPEN0", SYSREG(3, 0, 12, 12, 6), 3 },
		{ "IGRPEN1", SYSREG(3, 0, 12, 12, 7), 0xff },
		{ "IAR1", SYSREG(3, 0, 12, 12, 0), 0 },
	};
	char where[64];
	int vm, gic, vcpu, vcpu1;

	vm = create_vm("sysregs", 0);
	if (vm < 0)
		return;
	vcpu = init_vcpu("sysregs", vm, 0, 0);
	vcpu1 = init_vcpu("sysregs", vm, 1, 0);
	gic = create_gic("sysregs", vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (gic < 0)
		goto out;
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		snprintf(where, sizeof(where), "sysregs.has.%s", regs[i].name);
		gattr(where, gic, KVM_HAS_DEVICE_ATTR, 6, MPIDR_ATTR(1, regs[i].enc), NULL);
	}
	get64("sysregs.pre-init", gic, 6, MPIDR_ATTR(0, regs[0].enc));
	set64("sysregs", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, DIST_BASE);
	set64("sysregs", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, REGION(2, RDIST_BASE, 0, 0));
	gattr("sysregs", gic, KVM_SET_DEVICE_ATTR, 4, 0, NULL);
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		snprintf(where, sizeof(where), "sysregs.get.%s", regs[i].name);
		get64(where, gic, 6, MPIDR_ATTR(1, regs[i].enc));
	}
	gattr("sysregs.get.PMR", gic, KVM_GET_DEVICE_ATTR, 6, MPIDR_ATTR(1, regs[0].enc), NULL);
	get64("sysregs.get.PMR", gic, 6, MPIDR_ATTR(5, regs[0].enc));
	for (size_t i = 0; i < sizeof(writes) / sizeof(writes[0]); i++) {
		snprintf(where, sizeof(where), "sysregs.set.%s", writes[i].name);
		set64(where, gic, 6, MPIDR_ATTR(1, writes[i].enc), writes[i].val);
		get64(where, gic, 6, MPIDR_ATTR(1, writes[i].enc));
	}
	/* BPR1 while CBPR is set: reads BPR0 + 1, writes are ignored. */
	set64("sysregs.cbpr", gic, 6, MPIDR_ATTR(1, SYSREG(3, 0, 12, 12, 4)), 0x8401);
	set64("sysregs.cbpr", gic, 6, MPIDR_ATTR(1, SYSREG(3, 0, 12, 8, 3)), 3);
	set64("sysregs.cbpr", gic, 6, MPIDR_ATTR(1, SYSREG(3, 0, 12, 12, 3)), 1);
	get64("sysregs.cbpr", gic, 6, MPIDR_ATTR(1, SYSREG(3, 0, 12, 12, 3)));
	set64("sysregs.cbpr", gic, 6, MPIDR_ATTR(1, SYSREG(3, 0, 12, 8, 3)), 7);
	get64("sysregs.cbpr", gic, 6, MPIDR_ATTR(1, SYSREG(3, 0, 12, 12, 3)));
	/* What a run leaves in vCPU 0's interface, untouched before it. */
	set64("sysregs.run", gic, 6, MPIDR_ATTR(0, SYSREG(3, 0, 4, 6, 0)), 0xff);
	run_immediate("sysregs.run", vcpu);
	for (size_t i = 0; i < 12; i++) {
		snprintf(where, sizeof(where), "sysregs.run.%s", regs[i].name);
		get64(where, gic, 6, MPIDR_ATTR(0, regs[i].enc));
	}
	close_fd("sysregs", gic);
out:
	close_fd("sysregs", vcpu1);
	close_fd("sysregs", vcpu);
	close_fd("sysregs", vm);
}

/* KVM_SIGNAL_MSI and MSI routes without an ITS. */
static void gic_msi(void)
{
	struct kvm_msi msi = { .address_lo = 0x08080040, .data = 1 };
	struct {
		struct kvm_irq_routing r;
		struct kvm_irq_routing_entry e[2];
	} rt = { .r = { .nr = 1 } };
	int vm, gic, vcpu;

	vm = create_vm("msi", 0);
	if (vm < 0)
		return;
	vcpu = init_vcpu("msi", vm, 0, 0);
	L("msi KVM_SIGNAL_MSI no-gic");
	R(kiop(vm, KVM_SIGNAL_MSI, &msi));
	emit();
	rt.e[0] = (struct kvm_irq_routing_entry){ .gsi = 1, .type = KVM_IRQ_ROUTING_MSI,
						  .u.msi = { .address_lo = 0x08080040, .data = 1 } };
	L("msi KVM_SET_GSI_ROUTING msi no-gic");
	R(kiop(vm, KVM_SET_GSI_ROUTING, &rt));
	emit();
	gic = create_gic("msi", vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (gic >= 0) {
		set64("msi", gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, DIST_BASE);
		set64("msi", gic, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST, RDIST_BASE);
		gattr("msi", gic, KVM_SET_DEVICE_ATTR, 4, 0, NULL);
		L("msi KVM_SIGNAL_MSI");
		R(kiop(vm, KVM_SIGNAL_MSI, &msi));
		emit();
		msi.flags = KVM_MSI_VALID_DEVID;
		L("msi KVM_SIGNAL_MSI devid");
		R(kiop(vm, KVM_SIGNAL_MSI, &msi));
		emit();
		msi.flags = 2;
		L("msi KVM_SIGNAL_MSI flags=2");
		R(kiop(vm, KVM_SIGNAL_MSI, &msi));
		emit();
		L("msi KVM_SET_GSI_ROUTING msi");
		R(kiop(vm, KVM_SET_GSI_ROUTING, &rt));
		emit();
		rt.e[0].flags = 2;
		L("msi KVM_SET_GSI_ROUTING msi flags=2");
		R(kiop(vm, KVM_SET_GSI_ROUTING, &rt));
		emit();
		rt.e[0] = (struct kvm_irq_routing_entry){ .gsi = 1, .type = KVM_IRQ_ROUTING_IRQCHIP,
							  .u.irqchip = { .irqchip = 0, .pin = 987 } };
		L("msi KVM_SET_GSI_ROUTING irqchip pin=987");
		R(kiop(vm, KVM_SET_GSI_ROUTING, &rt));
		emit();
		rt.e[0].u.irqchip.pin = 988;
		L("msi KVM_SET_GSI_ROUTING irqchip pin=988");
		R(kiop(vm, KVM_SET_GSI_ROUTING, &rt));
		emit();
		rt.e[0].u.irqchip = (typeof(rt.e[0].u.irqchip)){ .irqchip = 1, .pin = 0 };
		L("msi KVM_SET_GSI_ROUTING irqchip=1");
		R(kiop(vm, KVM_SET_GSI_ROUTING, &rt));
		emit();
		rt.e[0].u.irqchip.irqchip = 0;
		rt.e[1] = rt.e[0];
		rt.r.nr = 2;
		L("msi KVM_SET_GSI_ROUTING twice");
		R(kiop(vm, KVM_SET_GSI_ROUTING, &rt));
		emit();
		rt.e[1].gsi = 4096;
		L("msi KVM_SET_GSI_ROUTING gsi=4096");
		R(kiop(vm, KVM_SET_GSI_ROUTING, &rt));
		emit();
		rt.r.nr = 4097;
		L("msi KVM_SET_GSI_ROUTING nr=4097");
		R(kiop(vm, KVM_SET_GSI_ROUTING, &rt));
		emit();
		rt.r.nr = 0;
		rt.r.flags = 1;
		L("msi KVM_SET_GSI_ROUTING flags=1");
		R(kiop(vm, KVM_SET_GSI_ROUTING, &rt));
		emit();
		rt.r.flags = 0;
		L("msi KVM_SET_GSI_ROUTING nr=0");
		R(kiop(vm, KVM_SET_GSI_ROUTING, &rt));
		emit();
		rt.e[0].type = 9;
		rt.r.nr = 1;
		L("msi KVM_SET_GSI_ROUTING type=9");
		R(kiop(vm, KVM_SET_GSI_ROUTING, &rt));
		emit();
		close_fd("msi", gic);
	}
	close_fd("msi", vcpu);
	close_fd("msi", vm);
}

void sec_vgic_v3(void)
{
	section("vgic.v3");
	gic_fd();
	gic_addr();
	gic_init_rules();
	gic_regs();
	gic_lines();
	gic_sysregs();
	gic_msi();
}
