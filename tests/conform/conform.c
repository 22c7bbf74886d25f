/*
 * conform.c - conformance transcript of the generic half of the arm64 KVM
 * ioctl interface.
 *
 * Drives /dev/kvm (or libkvmsim) through a fixed list of cases and prints
 * one fact per line:
 *
 *     <where> <CALL> <decoded args> -> <result> [values read back] [vary]
 *
 * <where> is sys / vm / vcpu<id> or a step label (section.case); <result> is
 * the return value (decimal; "fd" for a new file descriptor; "ok" for a
 * successful mmap) or "-1 <ERRNO>".  Lines whose value legitimately depends
 * on the host end with " [vary]" and are compared only up to "->".  No
 * pointer, fd number or timing is ever printed, so two runs on the same
 * kernel give identical transcripts.
 *
 * The program is every .c file of this folder: this one (entry points,
 * transcript writer, common steps, main) and one file per group of
 * sections (core.c, memslot2.c, arm64.c, run.c, vmioctl.c, ...).
 * Build for real KVM (static, run inside the guest by run-real.sh):
 *     aarch64-linux-gnu-gcc -static -O2 *.c
 * Build against the simulator:
 *     cc -DCONFORM_SIM -I$top/uapi -I$top/sim/include *.c -lkvmsim
 * The only difference is the table of entry points (struct kops) chosen at
 * start: open/ioctl/mmap/close/dup, or kvmsim_open/kvmsim_ioctl/... .
 *
 * Options: --kernel=NAME (simulator: kernel profile to model; default from
 * $KVMSIM_KERNEL, else the library's default; ignored for real KVM),
 * --sections=NAME,... (only those sections), --timing (print per-section wall time to stderr; not part of the
 * transcript), --help.
 */
#include "conform.h"

#include <sys/time.h>


/* ------------------------------------------------------------------------ */
/* Entry points: real kernel or simulator.                                   */


static int real_open(const char *kernel, int flags)
{
	(void)kernel;
	return open("/dev/kvm", flags);
}

static int real_ioctl(int fd, unsigned long request, unsigned long arg)
{
	return ioctl(fd, request, arg);
}

static const struct kops real_ops __attribute__((unused)) = {
	real_open, real_ioctl, mmap, close, dup,
};

#ifdef CONFORM_SIM
static int sim_ioctl(int fd, unsigned long request, unsigned long arg)
{
	return kvmsim_ioctl(fd, request, arg);
}

static const struct kops sim_ops = {
	kvmsim_open, sim_ioctl, kvmsim_mmap, kvmsim_close, kvmsim_dup,
};
#define DEFAULT_OPS (&sim_ops)
#else
#define DEFAULT_OPS (&real_ops)
#endif

const struct kops *K;
int g_err;	/* errno of the last wrapped call, 0 on success */

long kio(int fd, unsigned long req, unsigned long arg)
{
	long r;

	errno = 0;
	r = K->ioctl(fd, req, arg);
	g_err = r < 0 ? errno : 0;
	return r;
}

long kiop(int fd, unsigned long req, const void *p)
{
	return kio(fd, req, (ul)(uintptr_t)p);
}

void *kmmap(size_t len, int prot, int flags, int fd, off_t off)
{
	void *p;

	errno = 0;
	p = K->mmap(NULL, len, prot, flags, fd, off);
	g_err = p == MAP_FAILED ? errno : 0;
	return p;
}

int kclose(int fd)
{
	int r;

	if (fd < 0)
		return 0;
	errno = 0;
	r = K->close(fd);
	g_err = r < 0 ? errno : 0;
	return r;
}

int kdup(int fd)
{
	int r;

	errno = 0;
	r = K->dup(fd);
	g_err = r < 0 ? errno : 0;
	return r;
}

/* ------------------------------------------------------------------------ */
/* Output.                                                                   */

FILE *out;
static char lb[4096];
static size_t ll;
int timing;

void L(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ll >= sizeof(lb) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(lb + ll, sizeof(lb) - ll, fmt, ap);
	va_end(ap);
	if (n > 0)
		ll += (size_t)n;
	if (ll > sizeof(lb) - 1)
		ll = sizeof(lb) - 1;
}

void emitv(int vary)
{
	fprintf(out, "%.*s%s\n", (int)ll, lb, vary ? " [vary]" : "");
	ll = 0;
}

void emit(void)
{
	emitv(0);
}

static const struct { int e; const char *n; } errnames[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
	{ EINTR, "EINTR" }, { EIO, "EIO" }, { ENXIO, "ENXIO" },
	{ E2BIG, "E2BIG" }, { ENOEXEC, "ENOEXEC" }, { EBADF, "EBADF" },
	{ ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
	{ EEXIST, "EEXIST" }, { EXDEV, "EXDEV" }, { ENODEV, "ENODEV" },
	{ ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" }, { EINVAL, "EINVAL" },
	{ ENFILE, "ENFILE" }, { EMFILE, "EMFILE" }, { ENOTTY, "ENOTTY" },
	{ EFBIG, "EFBIG" }, { ENOSPC, "ENOSPC" }, { ESPIPE, "ESPIPE" },
	{ EROFS, "EROFS" }, { EPIPE, "EPIPE" }, { ERANGE, "ERANGE" },
	{ EDEADLK, "EDEADLK" }, { ENOSYS, "ENOSYS" }, { ENODATA, "ENODATA" },
	{ EOVERFLOW, "EOVERFLOW" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ ETIMEDOUT, "ETIMEDOUT" }, { EHWPOISON, "EHWPOISON" },
	{ 512, "ERESTARTSYS" }, { 515, "ENOIOCTLCMD" }, { 524, "ENOTSUPP" },
};

const char *ename(int e)
{
	static char sb[4][24];
	static int k;

	for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].e == e)
			return errnames[i].n;
	k = (k + 1) % 4;
	snprintf(sb[k], sizeof(sb[k]), "E%d", e);
	return sb[k];
}

/* Result formatters: append " -> ..." for the call just made. */
long R(long r)
{
	if (r < 0)
		L(" -> -1 %s", ename(g_err));
	else
		L(" -> %ld", r);
	return r;
}

long RFD(long r)
{
	if (r < 0)
		L(" -> -1 %s", ename(g_err));
	else
		L(" -> fd");
	return r;
}

void *RMAP(void *p)
{
	if (p == MAP_FAILED)
		L(" -> -1 %s", ename(g_err));
	else
		L(" -> ok");
	return p;
}

void section(const char *name)
{
	static struct timespec t0;
	static const char *prev;
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (timing && prev)
		fprintf(stderr, "timing %s %.3f s\n", prev,
			(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	t0 = t1;
	prev = name;
	fflush(out);
	if (name)
		fprintf(out, "# section %s\n", name);
}

/* ------------------------------------------------------------------------ */
/* Symbolic names.                                                           */

static const char *const capnames[] = {
	[0] = "IRQCHIP",
	[1] = "HLT",
	[2] = "MMU_SHADOW_CACHE_CONTROL",
	[3] = "USER_MEMORY",
	[4] = "SET_TSS_ADDR",
	[6] = "VAPIC",
	[7] = "EXT_CPUID",
	[8] = "CLOCKSOURCE",
	[9] = "NR_VCPUS",
	[10] = "NR_MEMSLOTS",
	[11] = "PIT",
	[12] = "NOP_IO_DELAY",
	[13] = "PV_MMU",
	[14] = "MP_STATE",
	[15] = "COALESCED_MMIO",
	[16] = "SYNC_MMU",
	[18] = "IOMMU",
	[21] = "DESTROY_MEMORY_REGION_WORKS",
	[22] = "USER_NMI",
	[23] = "SET_GUEST_DEBUG",
	[24] = "REINJECT_CONTROL",
	[25] = "IRQ_ROUTING",
	[26] = "IRQ_INJECT_STATUS",
	[29] = "ASSIGN_DEV_IRQ",
	[30] = "JOIN_MEMORY_REGIONS_WORKS",
	[31] = "MCE",
	[32] = "IRQFD",
	[33] = "PIT2",
	[34] = "SET_BOOT_CPU_ID",
	[35] = "PIT_STATE2",
	[36] = "IOEVENTFD",
	[37] = "SET_IDENTITY_MAP_ADDR",
	[38] = "XEN_HVM",
	[39] = "ADJUST_CLOCK",
	[40] = "INTERNAL_ERROR_DATA",
	[41] = "VCPU_EVENTS",
	[42] = "S390_PSW",
	[43] = "PPC_SEGSTATE",
	[44] = "HYPERV",
	[45] = "HYPERV_VAPIC",
	[46] = "HYPERV_SPIN",
	[47] = "PCI_SEGMENT",
	[48] = "PPC_PAIRED_SINGLES",
	[49] = "INTR_SHADOW",
	[50] = "DEBUGREGS",
	[51] = "X86_ROBUST_SINGLESTEP",
	[52] = "PPC_OSI",
	[53] = "PPC_UNSET_IRQ",
	[54] = "ENABLE_CAP",
	[55] = "XSAVE",
	[56] = "XCRS",
	[57] = "PPC_GET_PVINFO",
	[58] = "PPC_IRQ_LEVEL",
	[59] = "ASYNC_PF",
	[60] = "TSC_CONTROL",
	[61] = "GET_TSC_KHZ",
	[62] = "PPC_BOOKE_SREGS",
	[63] = "SPAPR_TCE",
	[64] = "PPC_SMT",
	[65] = "PPC_RMA",
	[66] = "MAX_VCPUS",
	[67] = "PPC_HIOR",
	[68] = "PPC_PAPR",
	[69] = "SW_TLB",
	[70] = "ONE_REG",
	[71] = "S390_GMAP",
	[72] = "TSC_DEADLINE_TIMER",
	[73] = "S390_UCONTROL",
	[74] = "SYNC_REGS",
	[75] = "PCI_2_3",
	[76] = "KVMCLOCK_CTRL",
	[77] = "SIGNAL_MSI",
	[78] = "PPC_GET_SMMU_INFO",
	[79] = "S390_COW",
	[80] = "PPC_ALLOC_HTAB",
	[81] = "READONLY_MEM",
	[82] = "IRQFD_RESAMPLE",
	[83] = "PPC_BOOKE_WATCHDOG",
	[84] = "PPC_HTAB_FD",
	[85] = "S390_CSS_SUPPORT",
	[86] = "PPC_EPR",
	[87] = "ARM_PSCI",
	[88] = "ARM_SET_DEVICE_ADDR",
	[89] = "DEVICE_CTRL",
	[90] = "IRQ_MPIC",
	[91] = "PPC_RTAS",
	[92] = "IRQ_XICS",
	[93] = "ARM_EL1_32BIT",
	[94] = "SPAPR_MULTITCE",
	[95] = "EXT_EMUL_CPUID",
	[96] = "HYPERV_TIME",
	[97] = "IOAPIC_POLARITY_IGNORED",
	[98] = "ENABLE_CAP_VM",
	[99] = "S390_IRQCHIP",
	[100] = "IOEVENTFD_NO_LENGTH",
	[101] = "VM_ATTRIBUTES",
	[102] = "ARM_PSCI_0_2",
	[103] = "PPC_FIXUP_HCALL",
	[104] = "PPC_ENABLE_HCALL",
	[105] = "CHECK_EXTENSION_VM",
	[106] = "S390_USER_SIGP",
	[107] = "S390_VECTOR_REGISTERS",
	[108] = "S390_MEM_OP",
	[109] = "S390_USER_STSI",
	[110] = "S390_SKEYS",
	[111] = "MIPS_FPU",
	[112] = "MIPS_MSA",
	[113] = "S390_INJECT_IRQ",
	[114] = "S390_IRQ_STATE",
	[115] = "PPC_HWRNG",
	[116] = "DISABLE_QUIRKS",
	[117] = "X86_SMM",
	[118] = "MULTI_ADDRESS_SPACE",
	[119] = "GUEST_DEBUG_HW_BPS",
	[120] = "GUEST_DEBUG_HW_WPS",
	[121] = "SPLIT_IRQCHIP",
	[122] = "IOEVENTFD_ANY_LENGTH",
	[123] = "HYPERV_SYNIC",
	[124] = "S390_RI",
	[125] = "SPAPR_TCE_64",
	[126] = "ARM_PMU_V3",
	[127] = "VCPU_ATTRIBUTES",
	[128] = "MAX_VCPU_ID",
	[129] = "X2APIC_API",
	[130] = "S390_USER_INSTR0",
	[131] = "MSI_DEVID",
	[132] = "PPC_HTM",
	[133] = "SPAPR_RESIZE_HPT",
	[134] = "PPC_MMU_RADIX",
	[135] = "PPC_MMU_HASH_V3",
	[136] = "IMMEDIATE_EXIT",
	[137] = "MIPS_VZ",
	[138] = "MIPS_TE",
	[139] = "MIPS_64BIT",
	[140] = "S390_GS",
	[141] = "S390_AIS",
	[142] = "SPAPR_TCE_VFIO",
	[143] = "X86_DISABLE_EXITS",
	[144] = "ARM_USER_IRQ",
	[145] = "S390_CMMA_MIGRATION",
	[146] = "PPC_FWNMI",
	[147] = "PPC_SMT_POSSIBLE",
	[148] = "HYPERV_SYNIC2",
	[149] = "HYPERV_VP_INDEX",
	[150] = "S390_AIS_MIGRATION",
	[151] = "PPC_GET_CPU_CHAR",
	[152] = "S390_BPB",
	[153] = "GET_MSR_FEATURES",
	[154] = "HYPERV_EVENTFD",
	[155] = "HYPERV_TLBFLUSH",
	[156] = "S390_HPAGE_1M",
	[157] = "NESTED_STATE",
	[158] = "ARM_INJECT_SERROR_ESR",
	[159] = "MSR_PLATFORM_INFO",
	[160] = "PPC_NESTED_HV",
	[161] = "HYPERV_SEND_IPI",
	[162] = "COALESCED_PIO",
	[163] = "HYPERV_ENLIGHTENED_VMCS",
	[164] = "EXCEPTION_PAYLOAD",
	[165] = "ARM_VM_IPA_SIZE",
	[166] = "MANUAL_DIRTY_LOG_PROTECT",
	[167] = "HYPERV_CPUID",
	[168] = "MANUAL_DIRTY_LOG_PROTECT2",
	[169] = "PPC_IRQ_XIVE",
	[170] = "ARM_SVE",
	[171] = "ARM_PTRAUTH_ADDRESS",
	[172] = "ARM_PTRAUTH_GENERIC",
	[173] = "PMU_EVENT_FILTER",
	[174] = "ARM_IRQ_LINE_LAYOUT_2",
	[175] = "HYPERV_DIRECT_TLBFLUSH",
	[176] = "PPC_GUEST_DEBUG_SSTEP",
	[177] = "ARM_NISV_TO_USER",
	[178] = "ARM_INJECT_EXT_DABT",
	[179] = "S390_VCPU_RESETS",
	[180] = "S390_PROTECTED",
	[181] = "PPC_SECURE_GUEST",
	[182] = "HALT_POLL",
	[183] = "ASYNC_PF_INT",
	[184] = "LAST_CPU",
	[185] = "SMALLER_MAXPHYADDR",
	[186] = "S390_DIAG318",
	[187] = "STEAL_TIME",
	[188] = "X86_USER_SPACE_MSR",
	[189] = "X86_MSR_FILTER",
	[190] = "ENFORCE_PV_FEATURE_CPUID",
	[191] = "SYS_HYPERV_CPUID",
	[192] = "DIRTY_LOG_RING",
	[193] = "X86_BUS_LOCK_EXIT",
	[194] = "PPC_DAWR1",
	[195] = "SET_GUEST_DEBUG2",
	[196] = "SGX_ATTRIBUTE",
	[197] = "VM_COPY_ENC_CONTEXT_FROM",
	[198] = "PTP_KVM",
	[199] = "HYPERV_ENFORCE_CPUID",
	[200] = "SREGS2",
	[201] = "EXIT_HYPERCALL",
	[202] = "PPC_RPT_INVALIDATE",
	[203] = "BINARY_STATS_FD",
	[204] = "EXIT_ON_EMULATION_FAILURE",
	[205] = "ARM_MTE",
	[206] = "VM_MOVE_ENC_CONTEXT_FROM",
	[207] = "VM_GPA_BITS",
	[208] = "XSAVE2",
	[209] = "SYS_ATTRIBUTES",
	[210] = "PPC_AIL_MODE_3",
	[211] = "S390_MEM_OP_EXTENSION",
	[212] = "PMU_CAPABILITY",
	[213] = "DISABLE_QUIRKS2",
	[214] = "VM_TSC_CONTROL",
	[215] = "SYSTEM_EVENT_DATA",
	[216] = "ARM_SYSTEM_SUSPEND",
	[217] = "S390_PROTECTED_DUMP",
	[218] = "X86_TRIPLE_FAULT_EVENT",
	[219] = "X86_NOTIFY_VMEXIT",
	[220] = "VM_DISABLE_NX_HUGE_PAGES",
	[221] = "S390_ZPCI_OP",
	[222] = "S390_CPU_TOPOLOGY",
	[223] = "DIRTY_LOG_RING_ACQ_REL",
	[224] = "S390_PROTECTED_ASYNC_DISABLE",
	[225] = "DIRTY_LOG_RING_WITH_BITMAP",
	[226] = "PMU_EVENT_MASKED_EVENTS",
	[227] = "COUNTER_OFFSET",
	[228] = "ARM_EAGER_SPLIT_CHUNK_SIZE",
	[229] = "ARM_SUPPORTED_BLOCK_SIZES",
	[230] = "ARM_SUPPORTED_REG_MASK_RANGES",
	[231] = "USER_MEMORY2",
	[232] = "MEMORY_FAULT_INFO",
	[233] = "MEMORY_ATTRIBUTES",
	[234] = "GUEST_MEMFD",
	[235] = "VM_TYPES",
	[236] = "PRE_FAULT_MEMORY",
	[237] = "X86_APIC_BUS_CYCLES_NS",
	[238] = "X86_GUEST_MODE",
	[239] = "ARM_WRITABLE_IMP_ID_REGS",
	[240] = "ARM_EL2",
	[241] = "ARM_EL2_E2H0",
	[242] = "RISCV_MP_STATE_RESET",
	[243] = "ARM_CACHEABLE_PFNMAP_SUPPORTED",
	[244] = "GUEST_MEMFD_FLAGS",
	[245] = "ARM_SEA_TO_USER",
};
#define NCAPNAMES (sizeof(capnames) / sizeof(capnames[0]))

void Lcap(long n)
{
	if (n >= 0 && (ul)n < NCAPNAMES && capnames[n])
		L("cap=KVM_CAP_%s(%ld)", capnames[n], n);
	else if (n < 0 || n > 0xffff)
		L("cap=0x%lx", (ul)n);
	else
		L("cap=%ld", n);
}

static struct region regions[16];

void region_add(const char *name, const void *base, size_t len)
{
	for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
		if (!regions[i].name) {
			regions[i].name = name;
			regions[i].base = (uintptr_t)base;
			regions[i].len = len;
			return;
		}
}

const char *ustr(ull a)
{
	static char sb[8][80];
	static int k;
	ull tag = a >> 56, base = a & ((1ULL << 56) - 1);

	k = (k + 1) % 8;
	for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
		const struct region *r = &regions[i];

		if (!r->name || base < r->base || base > r->base + r->len)
			continue;
		if (tag && r->base >> 56 == 0)
			snprintf(sb[k], sizeof(sb[k]), "%s+0x%llx|tag0x%02llx", r->name,
				 base - r->base, tag);
		else if (base == r->base && !tag)
			snprintf(sb[k], sizeof(sb[k]), "%s", r->name);
		else
			snprintf(sb[k], sizeof(sb[k]), "%s+0x%llx", r->name, a - r->base);
		return sb[k];
	}
	snprintf(sb[k], sizeof(sb[k]), "0x%llx", a);
	return sb[k];
}

/* ------------------------------------------------------------------------ */
/* Touching memory that may fault.                                           */

static sigjmp_buf fault_jb;
static volatile sig_atomic_t fault_armed;

static void on_fault(int sig)
{
	if (fault_armed) {
		fault_armed = 0;
		siglongjmp(fault_jb, sig);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Read (or write, if wr) one byte at p.  Returns 0 or the signal number. */
int touch(volatile uint8_t *p, int wr, uint8_t wval, uint8_t *rval)
{
	int sig;

	sig = sigsetjmp(fault_jb, 1);
	if (sig == 0) {
		fault_armed = 1;
		if (wr)
			*p = wval;
		else
			*rval = *p;
		fault_armed = 0;
		return 0;
	}
	return sig;
}

void Ltouch(int sig, int wr, uint8_t v)
{
	if (sig == SIGBUS)
		L(" -> sigbus");
	else if (sig == SIGSEGV)
		L(" -> sigsegv");
	else if (sig)
		L(" -> signal%d", sig);
	else if (wr)
		L(" -> ok");
	else
		L(" -> ok val=0x%02x", v);
}

/* ------------------------------------------------------------------------ */
/* Common steps.                                                             */

int kvm;		/* the system fd */
const char *kernel_name;
long mmap_size = 8192;
uint8_t *buf;	/* 1 MiB anonymous, for memslots */
uint8_t *robuf;	/* one read-only page */
ull noaccess_addr;

int create_vm(const char *where, ul type)
{
	L("%s KVM_CREATE_VM type=0x%lx", where, type);
	int fd = (int)RFD(kio(kvm, KVM_CREATE_VM, type));
	emit();
	return fd;
}

int create_vcpu(const char *where, int vm, ul id)
{
	L("%s KVM_CREATE_VCPU id=0x%lx", where, id);
	int fd = (int)RFD(kio(vm, KVM_CREATE_VCPU, id));
	emit();
	return fd;
}

void close_fd(const char *where, int fd)
{
	if (fd < 0)
		return;
	L("%s close", where);
	R(kclose(fd));
	emit();
}

long check_ext(const char *where, int fd, long cap, int vary)
{
	L("%s KVM_CHECK_EXTENSION ", where);
	Lcap(cap);
	long r = R(kio(fd, KVM_CHECK_EXTENSION, (ul)cap));
	emitv(vary);
	return r;
}

long setmem(const char *where, int vm, uint32_t slot, uint32_t flags,
		   ull gpa, ull size, ull uaddr)
{
	struct kvm_userspace_memory_region m;

	memset(&m, 0, sizeof(m));
	m.slot = slot;
	m.flags = flags;
	m.guest_phys_addr = gpa;
	m.memory_size = size;
	m.userspace_addr = uaddr;
	L("%s KVM_SET_USER_MEMORY_REGION slot=%u flags=0x%x gpa=0x%llx size=0x%llx uaddr=%s",
	  where, slot, flags, gpa, size, ustr(uaddr));
	long r = R(kiop(vm, KVM_SET_USER_MEMORY_REGION, &m));
	emit();
	return r;
}

/* Delete a slot again if the case under test created it. */
void undo(const char *where, int vm, long r, uint32_t slot)
{
	if (r == 0)
		setmem(where, vm, slot, 0, 0, 0, 0);
}

long enable_cap(const char *where, int fd, uint32_t cap, uint32_t flags,
		       ull a0, ull a1)
{
	struct kvm_enable_cap c;

	memset(&c, 0, sizeof(c));
	c.cap = cap;
	c.flags = flags;
	c.args[0] = a0;
	c.args[1] = a1;
	L("%s KVM_ENABLE_CAP ", where);
	Lcap(cap);
	L(" flags=0x%x args=0x%llx,0x%llx", flags, a0, a1);
	long r = R(kiop(fd, KVM_ENABLE_CAP, &c));
	emit();
	return r;
}

long get_mp_state(const char *where, int vcpu)
{
	struct kvm_mp_state mp = { .mp_state = 0xdead };

	L("%s KVM_GET_MP_STATE", where);
	long r = R(kiop(vcpu, KVM_GET_MP_STATE, &mp));
	if (r == 0)
		L(" mp_state=%u", mp.mp_state);
	emit();
	return r;
}

/* ONE_REG, quietly: for set-up steps, whose transcript line is the failure only. */
static int reg_io(int vcpu, unsigned long req, ull id, void *val)
{
	struct kvm_one_reg r = { .id = id, .addr = (ull)(uintptr_t)val };

	return (int)kiop(vcpu, req, &r);
}

void setr(const char *where, int vcpu, ull id, ull v)
{
	if (reg_io(vcpu, KVM_SET_ONE_REG, id, &v) < 0) {
		L("%s KVM_SET_ONE_REG 0x%llx=0x%llx", where, id, v);
		R(-1);
		emit();
	}
}

ull getr(int vcpu, ull id)
{
	ull v = 0;

	if (reg_io(vcpu, KVM_GET_ONE_REG, id, &v) < 0)
		return 0xbadbadbadULL;
	return v;
}

volatile sig_atomic_t got_alarm;

static void on_alarm(int sig)
{
	(void)sig;
	got_alarm = 1;
}

void catch_alarm(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
}

void arm_alarm(long ms)
{
	struct itimerval it = { .it_value = { ms / 1000, (ms % 1000) * 1000 } };

	got_alarm = 0;
	setitimer(ITIMER_REAL, &it, NULL);
}

void disarm_alarm(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &it, NULL);
}

uint32_t fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

size_t nonzero(const uint8_t *p, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += p[i] != 0;
	return c;
}

/* ------------------------------------------------------------------------ */

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: conform [--kernel=6.1|6.12] [--sections=NAME,...] [--timing] [--help]\n"
		"Prints a canonical transcript of the generic arm64 KVM ioctl surface.\n"
		"  --kernel=NAME  kernel profile for the simulator build (default:\n"
		"                 $KVMSIM_KERNEL, else the library's default);\n"
		"                 ignored when built for real KVM\n"
		"  --sections=L   run only the sections named in the comma-separated\n"
		"                 list L (\"open\" and \"end\" are always there);\n"
		"                 --sections=list prints every section's name\n"
		"  --timing       per-section wall time on stderr\n");
}

/* Every section, in transcript order; each prints its own "# section". */
static const struct {
	const char *name;
	void (*run)(void);
} sections[] = {
	{ "sys", sec_sys },
	{ "create_vm", sec_create_vm },
	{ "create_vcpu", sec_create_vcpu },
	{ "memslot", sec_memslot },
	{ "memslot2", sec_memslot2 },
	{ "enable_cap", sec_enable_cap },
	{ "mmap", sec_mmap },
	{ "lifetime", sec_lifetime },
	{ "fork", sec_fork },
	{ "before_init", sec_before_init },
	{ "arm64.init", sec_arm64_init },
	{ "arm64.reglist", sec_arm64_reglist },
	{ "arm64.onereg", sec_arm64_onereg },
	{ "arm64.fw", sec_arm64_fw },
	{ "arm64.sve", sec_arm64_sve },
	{ "arm64.idregs", sec_arm64_idregs },
	{ "arm64.vcpu-attr", sec_arm64_vcpu_attr },
	{ "arm64.ran-once", sec_arm64_ran_once },
	{ "arm64.events", sec_arm64_events },
	{ "arm64.counter", sec_arm64_counter },
	{ "arm64.ptrauth", sec_arm64_ptrauth },
	{ "arm64.mte", sec_arm64_mte },
	{ "run", sec_run },
	{ "debug", sec_debug },
	{ "vm.device", sec_vm_device },
	{ "vm.stats", sec_vm_stats },
	{ "vm.coalesced", sec_vm_coalesced },
	{ "arm64.writable-masks", sec_arm64_writable_masks },
	{ "run.mmu-config", sec_run_mmu_config },
	{ "run.guest-exc", sec_run_guest_exc },
	{ "vm.ioeventfd", sec_vm_ioeventfd },
	{ "vm.dirty-log", sec_vm_dirty_log },
	{ "vm.smccc-filter", sec_vm_smccc_filter },
	{ "vgic.v3", sec_vgic_v3 },
};
#define NR_SECTIONS (sizeof(sections) / sizeof(sections[0]))

/*
 * Marks in @chosen the sections named in @list (comma-separated); 0 on
 * success, else says which name is unknown and returns -1.
 */
static int choose_sections(const char *list, bool *chosen)
{
	while (*list) {
		size_t len = strcspn(list, ","), i;

		for (i = 0; i < NR_SECTIONS; i++)
			if (strlen(sections[i].name) == len && !strncmp(sections[i].name, list, len))
				break;
		if (i == NR_SECTIONS) {
			fprintf(stderr, "conform: no section '%.*s' (--sections=list names them)\n",
				(int)len, list);
			return -1;
		}
		chosen[i] = true;
		list += len + (list[len] == ',');
	}
	return 0;
}

int main(int argc, char **argv)
{
	bool chosen[NR_SECTIONS] = { false }, some = false;
	struct sigaction sa;
	struct rlimit rl;
	void *noaccess;

	K = DEFAULT_OPS;
	out = stdout;
	kernel_name = getenv("KVMSIM_KERNEL");
	if (kernel_name && !*kernel_name)
		kernel_name = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--kernel=", 9)) {
			kernel_name = argv[i] + 9;
		} else if (!strcmp(argv[i], "--sections=list")) {
			for (size_t j = 0; j < NR_SECTIONS; j++)
				printf("%s\n", sections[j].name);
			return 0;
		} else if (!strncmp(argv[i], "--sections=", 11)) {
			if (choose_sections(argv[i] + 11, chosen))
				return 2;
			some = true;
		} else if (!strcmp(argv[i], "--timing")) {
			timing = 1;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "conform: unknown argument %s\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}

	buf = mmap(NULL, BUFLEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	robuf = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED || robuf == MAP_FAILED) {
		perror("conform: mmap");
		return 1;
	}
	noaccess = mmap(NULL, 16 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (noaccess == MAP_FAILED) {
		perror("conform: mmap");
		return 1;
	}
	noaccess_addr = (ull)(uintptr_t)noaccess;
	region_add("buf", buf, BUFLEN);
	region_add("robuf", robuf, PAGE);
	region_add("noaccess", noaccess, 16 * PAGE);
	fprintf(out, "# conform transcript v1\n");

	section("open");
	L("sys open /dev/kvm O_RDWR|O_CLOEXEC");
	kvm = K->open(kernel_name, O_RDWR | O_CLOEXEC);
	g_err = kvm < 0 ? errno : 0;
	RFD(kvm);
	emit();
	if (kvm < 0) {
		fflush(out);
		return 1;
	}

	for (size_t i = 0; i < NR_SECTIONS; i++)
		if (!some || chosen[i])
			sections[i].run();
	section("end");
	section(NULL);
	fflush(out);
	return 0;
}
