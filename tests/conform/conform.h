/*
 * conform.h - shared by the conformance program's files: the entry points
 * (real /dev/kvm or libkvmsim), the transcript writer and common steps.
 */
#ifndef KVMSIM_TESTS_CONFORM_CONFORM_H
#define KVMSIM_TESTS_CONFORM_CONFORM_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/kvm.h>
#ifdef CONFORM_SIM
#include <kvmsim/kvmsim.h>
#endif

typedef unsigned long ul;
typedef unsigned long long ull;

struct kops {
	int (*open)(const char *kernel, int flags);
	int (*ioctl)(int fd, unsigned long request, unsigned long arg);
	void *(*mmap)(void *addr, size_t len, int prot, int flags, int fd, off_t off);
	int (*close)(int fd);
	int (*dup)(int fd);
};

/* Capability numbers used below (numbers are ABI; old headers lack some). */
enum {
	CAP_NR_VCPUS = 9,
	CAP_NR_MEMSLOTS = 10,
	CAP_MAX_VCPUS = 66,
	CAP_USER_MEMORY = 3,
	CAP_MAX_VCPU_ID = 128,
	CAP_ARM_VM_IPA_SIZE = 165,
	CAP_MANUAL_DIRTY_LOG_PROTECT2 = 168,
	CAP_ARM_NISV_TO_USER = 177,
	CAP_HALT_POLL = 182,
	CAP_DIRTY_LOG_RING = 192,
	CAP_ARM_MTE = 205,
	CAP_ARM_SYSTEM_SUSPEND = 216,
	CAP_DIRTY_LOG_RING_ACQ_REL = 223,
	CAP_DIRTY_LOG_RING_WITH_BITMAP = 225,
	CAP_ARM_EAGER_SPLIT_CHUNK_SIZE = 228,
};

#define MAXCAP 260
#define PAGE 0x1000UL
#define DIRTY_LOG_PAGE_OFFSET 64	/* arm64 KVM_DIRTY_LOG_PAGE_OFFSET */
#define KHALF 0xffff000000000000ULL	/* kernel half of the address space */
/* A user address that faults on access: a PROT_NONE reservation made at
 * start (a fixed address may be mapped by a sanitizer's shadow). */
#define NOACCESS noaccess_addr
#define REG_PC 0x6030000000100040ULL	/* core reg id of pc */

/* KVM_ARM_SET_COUNTER_OFFSET (6.4 on; not in 6.1's headers) and its argument. */
struct counter_offset {
	uint64_t counter_offset;
	uint64_t reserved;
};
#define SET_COUNTER_OFFSET	_IOW(KVMIO, 0xb5, struct counter_offset)

/* Fixed ioctl numbers that are not KVM's. */
#define IOCTL_TCGETS 0x5401UL
#define IOCTL_KVM_FF _IO(KVMIO, 0xff)

/* ------------------------------------------------------------------------ */
/* Address labels: user addresses are printed relative to named buffers.     */

struct region {
	const char *name;
	uintptr_t base;
	size_t len;
};

#define BUFLEN (1UL << 20)

/* Entry points and the errno of the last wrapped call (0 on success). */
extern const struct kops *K;
extern int g_err;
long kio(int fd, unsigned long req, unsigned long arg);
long kiop(int fd, unsigned long req, const void *p);
void *kmmap(size_t len, int prot, int flags, int fd, off_t off);
int kclose(int fd);
int kdup(int fd);

/* Transcript: L() appends to the current line, emit() ends it. */
extern FILE *out;
extern int timing;
void L(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void emitv(int vary);
void emit(void);
void section(const char *name);
const char *ename(int e);
long R(long r);
long RFD(long r);
void *RMAP(void *p);
void Lcap(long n);
void region_add(const char *name, const void *base, size_t len);
const char *ustr(ull a);
int touch(volatile uint8_t *p, int wr, uint8_t wval, uint8_t *rval);
void Ltouch(int sig, int wr, uint8_t v);
uint32_t fnv1a(const uint8_t *p, size_t n);
size_t nonzero(const uint8_t *p, size_t n);

/* State shared by the sections. */
extern int kvm;			/* the system fd */
extern const char *kernel_name;
extern long mmap_size;
extern uint8_t *buf;		/* BUFLEN anonymous bytes, for memslots */
extern uint8_t *robuf;		/* one read-only page */
extern ull noaccess_addr;	/* 64 KiB PROT_NONE */

/* Common steps: each prints its line. */
int create_vm(const char *where, ul type);
int create_vcpu(const char *where, int vm, ul id);
void close_fd(const char *where, int fd);
long check_ext(const char *where, int fd, long cap, int vary);
long setmem(const char *where, int vm, uint32_t slot, uint32_t flags,
	    ull gpa, ull size, ull uaddr);
void undo(const char *where, int vm, long r, uint32_t slot);
long enable_cap(const char *where, int fd, uint32_t cap, uint32_t flags,
		ull a0, ull a1);
long get_mp_state(const char *where, int vcpu);
/* ONE_REG for set-up: a line only when it fails; getr() gives 0xbadbadbad then. */
void setr(const char *where, int vcpu, ull id, ull v);
ull getr(int vcpu, ull id);
/*
 * A SIGALRM that interrupts a blocking KVM_RUN: catch_alarm() installs the
 * handler (it sets got_alarm and returns, no SA_RESTART), arm_alarm() sets
 * a one-shot timer of @ms and clears got_alarm, disarm_alarm() stops it.
 */
extern volatile sig_atomic_t got_alarm;
void catch_alarm(void);
void arm_alarm(long ms);
void disarm_alarm(void);

/*
 * arm64 vCPU helpers (arm64.c), for the sections of ptrauth.c and mte.c.
 * Registers print as class and fields (regname()); the get/set helpers
 * print one "WHERE get|set REG ..." line each; vcpu_init0() initialises
 * with features[0] = @f0 and the preferred target.
 */
#define REG_SIZE(id)	(1UL << (((id) & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT))
#define CORE_ID(sz, off) (KVM_REG_ARM64 | (sz) | KVM_REG_ARM_CORE | (ull)(off))
#define SYS_ID(op0, op1, crn, crm, op2)	\
	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG | \
	 ((ull)(op0) << 14) | ((ull)(op1) << 11) | ((ull)(crn) << 7) | \
	 ((ull)(crm) << 3) | (ull)(op2))
#define ID_MPIDR	SYS_ID(3, 0, 0, 0, 5)
#define ID_PSTATE	CORE_ID(KVM_REG_SIZE_U64, 0x42)
#define ID_X0		CORE_ID(KVM_REG_SIZE_U64, 0)
#define ID_VLS		(KVM_REG_ARM64 | KVM_REG_SIZE_U512 | KVM_REG_ARM64_SVE | 0xffff)
#define ID_FW(n)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_FW | (n))
#define ID_BMAP(n)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | (0x16ULL << 16) | (n))
#define ID_ZREG(n, i)	(KVM_REG_ARM64 | KVM_REG_SIZE_U2048 | KVM_REG_ARM64_SVE | \
			 ((ull)(n) << 5) | (i))
#define ID_PREG(n, i)	(KVM_REG_ARM64 | KVM_REG_SIZE_U256 | KVM_REG_ARM64_SVE | 0x400 | \
			 ((ull)(n) << 5) | (i))
#define ID_FFR(i)	(KVM_REG_ARM64 | KVM_REG_SIZE_U256 | KVM_REG_ARM64_SVE | 0x600 | (i))

enum { F_POWER_OFF = 0, F_EL1_32BIT, F_PSCI_0_2, F_PMU_V3, F_SVE, F_PTRAUTH_ADDRESS,
       F_PTRAUTH_GENERIC };
#define BIT(n) (1U << (n))
const char *regname(ull id);
void Lval(ull id, const uint8_t *v);
long one_reg(int vcpu, unsigned long req, ull id, void *val);
long get_reg(const char *where, int vcpu, ull id, uint8_t *val);
long set_reg(const char *where, int vcpu, ull id, const void *val);
long set_reg64(const char *where, int vcpu, ull id, ull x);
long vcpu_init(const char *where, int vcpu, uint32_t tgt, const uint32_t *feat);
long vcpu_init0(const char *where, int vcpu, uint32_t f0);
long finalize(const char *where, int vcpu, int what);
/* A fresh VM with one vCPU (id @id): returns the vCPU fd, *vm the VM fd. */
int new_vcpu(const char *where, int *vm, ul id);
void drop(int vm, int vcpu);
/* KVM_RUN with kvm_run.immediate_exit set, one line. */
long run_immediate(const char *where, int vcpu);
void get_reg_list_n(const char *where, int vcpu);
/*
 * KVM_GET_REG_LIST of an initialised vCPU as section arm64.reglist prints
 * it ("reglist.CFG ..."): the sizes, the ids in order, then every register
 * read, written back, written 0 and ~0 and restored; @sve: FINALIZE first.
 */
void dump_reglist(const char *cfg, int vcpu, int sve);

/* Sections, in transcript order. */
void sec_sys(void);
void sec_create_vm(void);
void sec_create_vcpu(void);
void sec_memslot(void);
void sec_memslot2(void);
void sec_enable_cap(void);
void sec_mmap(void);
void sec_lifetime(void);
void sec_fork(void);
void sec_before_init(void);
void sec_arm64_init(void);
void sec_arm64_reglist(void);
void sec_arm64_onereg(void);
void sec_arm64_fw(void);
void sec_arm64_sve(void);
void sec_arm64_idregs(void);
void sec_arm64_vcpu_attr(void);
void sec_arm64_ran_once(void);
void sec_arm64_events(void);
void sec_arm64_counter(void);
void sec_arm64_ptrauth(void);
void sec_arm64_mte(void);
void sec_run(void);
void sec_debug(void);
void sec_vm_device(void);
void sec_vm_stats(void);
void sec_vm_coalesced(void);
void sec_vm_ioeventfd(void);
void sec_vm_dirty_log(void);
void sec_vm_smccc_filter(void);
void sec_arm64_writable_masks(void);
void sec_run_mmu_config(void);
void sec_run_guest_exc(void);
void sec_vgic_v3(void);

#endif
