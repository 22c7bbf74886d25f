// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libkvmsim-trace.so: the KVM ioctls of a program, one line each, for
 * "kvmsim trace".
 *
 * It is preloaded in front of kvmsim-run's interposer
 * (LD_PRELOAD=libkvmsim-trace.so:libkvmsim-preload.so), so the program's
 * ioctl() lands here first.  A call on a simulated fd is passed on to the
 * next ioctl() (the interposer's, which hands it to the simulator), then
 * written to the fd $KVMSIM_TRACE_FD names: the fd's kind (sys, vm,
 * vcpuN), the request, its decoded argument, the result (or -1 and the
 * errno's name) and what the call returned through its argument.  Every
 * other call goes on untouched.  The argument is read with
 * process_vm_readv() (under qemu-aarch64, through a pipe), so a bad
 * pointer shows as <fault> rather than crashing the program before the
 * simulator could say EFAULT.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "kvmsim/kvmsim.h"
#include "kvmsim/regs.h"
#include "names.h"

#define EXPORT __attribute__((visibility("default")))

typedef int ioctl_fn(int fd, unsigned long request, ...);

/* KVM_ARM_SET_DEVICE_ADDR's number is KVM_GET_ONE_REG's: this stands for it on a VM fd. */
#define KVM_ARM_SET_DEVICE_ADDR_ON_VM	0x1u

static int trace_fd = -1;

__attribute__((constructor)) static void trace_init(void)
{
	const char *env = getenv("KVMSIM_TRACE_FD");
	char *end;
	long fd;

	if (!env || !*env)
		return;
	fd = strtol(env, &end, 10);
	if (!*end && fd >= 0 && fd < 1 << 20)
		trace_fd = (int)fd;
}

/* One line, written with one write() so that threads' lines do not mix. */
struct line {
	char buf[1536];
	size_t len;
};

static __attribute__((format(printf, 2, 3))) void add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len >= sizeof(l->buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n < sizeof(l->buf) - l->len ? (size_t)n : sizeof(l->buf) - l->len - 1;
}

static void emit(struct line *l)
{
	const char *p = l->buf;
	size_t left;

	add(l, "\n");
	left = l->len;
	while (left) {
		ssize_t n = write(trace_fd, p, left);

		if (n <= 0 && errno != EINTR)
			return;
		if (n > 0) {
			p += n;
			left -= (size_t)n;
		}
	}
}

/*
 * Copies @len bytes from the program's @addr, failing instead of faulting.
 * Where process_vm_readv() is missing (qemu user mode answers ENOSYS), the
 * bytes go through a pipe: write() checks the address as the kernel (or
 * qemu) checks every system call's, and says EFAULT for a bad one.
 */
static bool peek(unsigned long addr, void *buf, size_t len)
{
	struct iovec local = { buf, len }, remote = { (void *)addr, len };
	ssize_t n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	int p[2];
	bool ok;

	if (n >= 0 || errno != ENOSYS)
		return n == (ssize_t)len;
	/* Small arguments only: a pipe holds far more than @len. */
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK))
		return false;
	ok = write(p[1], (const void *)addr, len) == (ssize_t)len &&
	     read(p[0], buf, len) == (ssize_t)len;
	close(p[0]);
	close(p[1]);
	return ok;
}

/* sys, vm or vcpuN, from the name the simulator gives the fd's file. */
static void fd_kind(int fd, char *buf, size_t len)
{
	char path[64], target[128];
	unsigned int id;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	if (sscanf(target, "/memfd:kvm-vcpu:%u", &id) == 1)
		snprintf(buf, len, "vcpu%u", id);
	else if (!strncmp(target, "/memfd:kvm-vm ", 14))
		snprintf(buf, len, "vm");
	else if (!strncmp(target, "/memfd:kvm ", 11))
		snprintf(buf, len, "sys");
	else
		snprintf(buf, len, "fd%d", fd);
}

/* A little-endian value of @len bytes as one hex number. */
static void add_value(struct line *l, const uint8_t *v, size_t len)
{
	size_t i = len;

	while (i > 1 && !v[i - 1])
		i--;
	add(l, "0x%x", v[i - 1]);
	while (--i)
		add(l, "%02x", v[i - 1]);
}

static void add_reg(struct line *l, uint64_t id)
{
	char name[96];

	if (kvmsim_reg_name(id, name, sizeof(name)) >= 0)
		add(l, " %s", name);
	else
		add(l, " id=0x%016" PRIx64, id);
}

/* The register's value at @addr, sized by @id. */
static void add_reg_value(struct line *l, uint64_t id, uint64_t addr)
{
	uint8_t v[256];
	size_t len = (size_t)1 << ((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);

	if (len > sizeof(v) || !peek(addr, v, len)) {
		add(l, "<fault>");
		return;
	}
	add_value(l, v, len);
}

static const char *const feature_names[] = {
	"power_off", "el1_32bit", "psci_0_2", "pmu", "sve", "ptrauth_address",
	"ptrauth_generic", "has_el2",
};

static void add_features(struct line *l, const uint32_t features[7])
{
	const char *sep = "";

	add(l, " features=");
	for (unsigned int b = 0; b < 32; b++) {
		if (!(features[0] & (1U << b)))
			continue;
		if (b < sizeof(feature_names) / sizeof(feature_names[0]))
			add(l, "%s%s", sep, feature_names[b]);
		else
			add(l, "%sbit%u", sep, b);
		sep = "|";
	}
	if (!*sep)
		add(l, "none");
	for (unsigned int i = 1; i < 7; i++)
		if (features[i])
			add(l, " features[%u]=0x%" PRIx32, i, features[i]);
}

/* What goes before the call: the argument as the program passed it. */
static void add_args(struct line *l, unsigned int cmd, unsigned long arg, uint64_t *ret_id)
{
	union {
		struct kvm_arm_device_addr dev;
		struct kvm_userspace_memory_region mem;
		struct kvm_enable_cap cap;
		struct kvm_vcpu_init init;
		struct kvm_one_reg reg;
		struct kvm_reg_list list;
		struct kvm_mp_state mp;
		int what;
	} u;

	switch (cmd) {
	case KVM_CREATE_VM:
		add(l, " type=0x%lx", arg);
		return;
	case KVM_CHECK_EXTENSION:
		add(l, " cap=%lu", arg);
		return;
	case KVM_CREATE_VCPU:
		add(l, " id=%lu", arg);
		return;
	case KVM_GET_API_VERSION:
	case KVM_GET_VCPU_MMAP_SIZE:
	case KVM_RUN:
	case KVM_ARM_PREFERRED_TARGET:
	case KVM_GET_MP_STATE:
		if (arg && cmd != KVM_ARM_PREFERRED_TARGET && cmd != KVM_GET_MP_STATE)
			add(l, " arg=0x%lx", arg);
		return;
	}
	switch (cmd) {
	case KVM_SET_USER_MEMORY_REGION:
	case KVM_SET_USER_MEMORY_REGION2:
		if (!peek(arg, &u.mem, sizeof(u.mem)))
			break;
		add(l, " slot=%" PRIu32 " flags=0x%" PRIx32 " gpa=0x%llx size=0x%llx uaddr=0x%llx",
		    u.mem.slot, u.mem.flags, (unsigned long long)u.mem.guest_phys_addr,
		    (unsigned long long)u.mem.memory_size,
		    (unsigned long long)u.mem.userspace_addr);
		return;
	case KVM_ENABLE_CAP:
		if (!peek(arg, &u.cap, sizeof(u.cap)))
			break;
		add(l, " cap=%" PRIu32 " flags=0x%" PRIx32 " args=0x%llx,0x%llx,0x%llx,0x%llx",
		    u.cap.cap, u.cap.flags, (unsigned long long)u.cap.args[0],
		    (unsigned long long)u.cap.args[1], (unsigned long long)u.cap.args[2],
		    (unsigned long long)u.cap.args[3]);
		return;
	case KVM_ARM_VCPU_INIT:
		if (!peek(arg, &u.init, sizeof(u.init)))
			break;
		add(l, " target=%" PRIu32, u.init.target);
		add_features(l, u.init.features);
		return;
	case KVM_ARM_VCPU_FINALIZE:
		if (!peek(arg, &u.what, sizeof(u.what)))
			break;
		add(l, " %s", u.what == KVM_ARM_VCPU_SVE ? "sve" : "feature");
		add(l, "(%d)", u.what);
		return;
	case KVM_ARM_SET_DEVICE_ADDR_ON_VM:
		if (!peek(arg, &u.dev, sizeof(u.dev)))
			break;
		add(l, " id=0x%llx addr=0x%llx", (unsigned long long)u.dev.id,
		    (unsigned long long)u.dev.addr);
		return;
	case KVM_GET_ONE_REG:
	case KVM_SET_ONE_REG:
		if (!peek(arg, &u.reg, sizeof(u.reg)))
			break;
		*ret_id = u.reg.id;
		add_reg(l, u.reg.id);
		if (cmd == KVM_SET_ONE_REG) {
			add(l, " = ");
			add_reg_value(l, u.reg.id, u.reg.addr);
		}
		return;
	case KVM_GET_REG_LIST:
		if (!peek(arg, &u.list, sizeof(u.list)))
			break;
		add(l, " n=%llu", (unsigned long long)u.list.n);
		return;
	case KVM_SET_MP_STATE:
		if (!peek(arg, &u.mp, sizeof(u.mp)))
			break;
		add(l, " mp_state=%" PRIu32, u.mp.mp_state);
		return;
	default:
		add(l, " arg=0x%lx", arg);
		return;
	}
	add(l, " <fault 0x%lx>", arg);
}

static const char *exit_name(uint32_t reason)
{
	switch (reason) {
	case KVM_EXIT_UNKNOWN: return "UNKNOWN";
	case KVM_EXIT_EXCEPTION: return "EXCEPTION";
	case KVM_EXIT_HYPERCALL: return "HYPERCALL";
	case KVM_EXIT_DEBUG: return "DEBUG";
	case KVM_EXIT_MMIO: return "MMIO";
	case KVM_EXIT_SHUTDOWN: return "SHUTDOWN";
	case KVM_EXIT_FAIL_ENTRY: return "FAIL_ENTRY";
	case KVM_EXIT_INTR: return "INTR";
	case KVM_EXIT_INTERNAL_ERROR: return "INTERNAL_ERROR";
	case KVM_EXIT_SYSTEM_EVENT: return "SYSTEM_EVENT";
	case KVM_EXIT_ARM_NISV: return "ARM_NISV";
	case KVM_EXIT_MEMORY_FAULT: return "MEMORY_FAULT";
	default: return NULL;
	}
}

static const char *const system_events[] = {
	NULL, "SHUTDOWN", "RESET", "CRASH", "WAKEUP", "SUSPEND", "SEV_TERM",
};

/* The exit KVM_RUN left in the vCPU's kvm_run (mapped afresh: the fd may be new). */
static void add_exit(struct line *l, int fd)
{
	struct kvm_run *run = mmap(NULL, sizeof(*run), PROT_READ, MAP_SHARED, fd, 0);
	const char *name;

	if (run == MAP_FAILED) {
		add(l, " exit=<no kvm_run: %s>", strerror(errno));
		return;
	}
	name = exit_name(run->exit_reason);
	if (name)
		add(l, " exit=%s", name);
	else
		add(l, " exit=%" PRIu32, run->exit_reason);
	switch (run->exit_reason) {
	case KVM_EXIT_MMIO:
		add(l, " phys_addr=0x%llx len=%" PRIu32 " is_write=%u",
		    (unsigned long long)run->mmio.phys_addr, run->mmio.len, run->mmio.is_write);
		if (run->mmio.is_write && run->mmio.len && run->mmio.len <= 8) {
			add(l, " data=");
			add_value(l, run->mmio.data, run->mmio.len);
		}
		break;
	case KVM_EXIT_SYSTEM_EVENT:
		if (run->system_event.type < sizeof(system_events) / sizeof(system_events[0]) &&
		    system_events[run->system_event.type])
			add(l, " type=%s", system_events[run->system_event.type]);
		else
			add(l, " type=%" PRIu32, run->system_event.type);
		add(l, " ndata=%" PRIu32, run->system_event.ndata);
		for (uint32_t i = 0; i < run->system_event.ndata && i < 16; i++)
			add(l, "%s0x%llx", i ? "," : " data=",
			    (unsigned long long)run->system_event.data[i]);
		break;
	case KVM_EXIT_ARM_NISV:
		add(l, " esr_iss=0x%llx fault_ipa=0x%llx",
		    (unsigned long long)run->arm_nisv.esr_iss,
		    (unsigned long long)run->arm_nisv.fault_ipa);
		break;
	case KVM_EXIT_FAIL_ENTRY:
		add(l, " reason=0x%llx cpu=%" PRIu32,
		    (unsigned long long)run->fail_entry.hardware_entry_failure_reason,
		    run->fail_entry.cpu);
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		add(l, " suberror=%" PRIu32 " ndata=%" PRIu32, run->internal.suberror,
		    run->internal.ndata);
		for (uint32_t i = 0; i < run->internal.ndata && i < 16; i++)
			add(l, "%s0x%llx", i ? "," : " data=",
			    (unsigned long long)run->internal.data[i]);
		break;
	case KVM_EXIT_UNKNOWN:
		add(l, " hardware_exit_reason=0x%llx",
		    (unsigned long long)run->hw.hardware_exit_reason);
		break;
	}
	munmap(run, sizeof(*run));
}

/*
 * Before KVM_RUN: what the VMM left in kvm_run for the kernel, the data of
 * an MMIO read to complete and immediate_exit.
 */
static void add_run_input(struct line *l, int fd)
{
	struct kvm_run *run = mmap(NULL, sizeof(*run), PROT_READ, MAP_SHARED, fd, 0);

	if (run == MAP_FAILED)
		return;
	if (run->exit_reason == KVM_EXIT_MMIO && !run->mmio.is_write && run->mmio.len &&
	    run->mmio.len <= 8) {
		add(l, " mmio_read_data=");
		add_value(l, run->mmio.data, run->mmio.len);
	}
	if (run->immediate_exit)
		add(l, " immediate_exit=%u", run->immediate_exit);
	munmap(run, sizeof(*run));
}

/* What the call returned through its argument. */
static void add_results(struct line *l, int fd, unsigned int cmd, unsigned long arg, int r,
			int err, uint64_t id)
{
	union {
		struct kvm_vcpu_init init;
		struct kvm_reg_list list;
		struct kvm_mp_state mp;
	} u;
	char kind[32];

	switch (cmd) {
	case KVM_CREATE_VM:
	case KVM_CREATE_VCPU:
		if (r >= 0) {
			fd_kind(r, kind, sizeof(kind));
			add(l, " (%s)", kind);
		}
		return;
	case KVM_RUN:
		if (r == 0 || err == EINTR)
			add_exit(l, fd);
		return;
	}
	if (r < 0 && !(cmd == KVM_GET_REG_LIST && err == E2BIG))
		return;
	switch (cmd) {
	case KVM_GET_ONE_REG: {
		struct kvm_one_reg reg;

		if (peek(arg, &reg, sizeof(reg))) {
			add(l, " = ");
			add_reg_value(l, id, reg.addr);
		}
		return;
	}
	case KVM_ARM_PREFERRED_TARGET:
		if (peek(arg, &u.init, sizeof(u.init)))
			add(l, " target=%" PRIu32, u.init.target);
		return;
	case KVM_GET_REG_LIST:
		if (peek(arg, &u.list, sizeof(u.list)))
			add(l, " n=%llu", (unsigned long long)u.list.n);
		return;
	case KVM_GET_MP_STATE:
		if (peek(arg, &u.mp, sizeof(u.mp)))
			add(l, " mp_state=%" PRIu32, u.mp.mp_state);
		return;
	}
}

EXPORT int ioctl(int fd, unsigned long request, ...)
{
	static ioctl_fn *next_ioctl;
	ioctl_fn *next = __atomic_load_n(&next_ioctl, __ATOMIC_RELAXED);
	unsigned int cmd = (unsigned int)request;
	struct line l = { .len = 0 };
	unsigned long arg;
	uint64_t id = 0;
	const char *name, *ename;
	char kind[32];
	va_list ap;
	int r, err;

	va_start(ap, request);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	if (!next) {
		next = (ioctl_fn *)dlsym(RTLD_NEXT, "ioctl");
		__atomic_store_n(&next_ioctl, next, __ATOMIC_RELAXED);
	}
	if (trace_fd < 0 || !kvmsim_is_fd(fd))
		return next(fd, request, arg);

	fd_kind(fd, kind, sizeof(kind));
	/* KVM_GET_ONE_REG and KVM_ARM_SET_DEVICE_ADDR share a number: the fd tells which. */
	if (cmd == KVM_GET_ONE_REG && strncmp(kind, "vcpu", 4)) {
		cmd = KVM_ARM_SET_DEVICE_ADDR_ON_VM;
		name = "KVM_ARM_SET_DEVICE_ADDR";
	} else if (cmd == KVM_GET_ONE_REG) {
		name = "KVM_GET_ONE_REG";
	} else {
		name = kvm_ioctl_name(cmd);
	}
	if (name)
		add(&l, "%s %s", kind, name);
	else
		add(&l, "%s ioctl(0x%x)", kind, cmd);
	add_args(&l, cmd, arg, &id);
	if (cmd == KVM_RUN)
		add_run_input(&l, fd);

	r = next(fd, request, arg);
	err = errno;

	if (r < 0) {
		ename = kvm_errno_name(err);
		if (ename)
			add(&l, " -> -1 %s", ename);
		else
			add(&l, " -> -1 errno %d", err);
	} else {
		add(&l, " -> %d", r);
	}
	add_results(&l, fd, cmd, arg, r, err, id);
	emit(&l);
	errno = err;
	return r;
}
