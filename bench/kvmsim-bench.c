// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kvmsim-bench: what the simulator's paths cost, beside the floor a real
 * kernel path pays (one ioctl system call on a real /dev/kvm), and how the
 * cost grows with vCPUs and registers.  One run prints a table for people
 * and then one "figure NAME VALUE UNIT" line per figure for scripts.
 *
 * Times are the best of several rounds of many calls each (CLOCK_MONOTONIC),
 * so one preempted round on a busy machine does not count.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "kvmsim/backend.h"
#include "kvmsim/kvmsim.h"

#define CORE_PC		(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
			 KVM_REG_ARM_CORE_REG(regs.pc))
#define TPIDR_EL1	0x603000000013c684ULL	/* (3,0,13,0,4): a plain RW system register */
#define MMIO_GPA	0x10000000ULL		/* in no slot */
#define RAM_GPA		0x40000000ULL
#define PAGE		4096UL

/* ---- measuring ---------------------------------------------------------- */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static unsigned int rounds = 5;
static double round_ns = 40e6;		/* aim: 40 ms per round */

/*
 * Nanoseconds per call of @op (best round).  The count per round is found
 * by doubling until a round lasts about round_ns.
 */
static double time_op(int (*op)(void *ctx), void *ctx)
{
	unsigned long n = 1;
	double best = 0, t;

	for (;;) {
		t = now_ns();
		for (unsigned long i = 0; i < n; i++)
			if (op(ctx))
				return -1;
		t = now_ns() - t;
		if (t >= round_ns / 4 || n >= (1UL << 30))
			break;
		n *= 2;
	}
	n = (unsigned long)((double)n * round_ns / (t > 0 ? t : 1)) + 1;
	for (unsigned int r = 0; r < rounds; r++) {
		t = now_ns();
		for (unsigned long i = 0; i < n; i++)
			if (op(ctx))
				return -1;
		t = (now_ns() - t) / (double)n;
		if (!r || t < best)
			best = t;
	}
	return best;
}

static __attribute__((format(printf, 1, 2), noreturn)) void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("kvmsim-bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static bool quiet;

static __attribute__((format(printf, 1, 2))) void progress(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	fputs("kvmsim-bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" ...\n", stderr);
}

/* ---- figures ------------------------------------------------------------ */

struct figure {
	char name[64];		/* for scripts: one.reg.shim.get_core */
	char what[64];		/* for people */
	double value;
	const char *unit;
	double target;		/* 0: none; else the value must be <= (or >= when more_is_better) */
	bool more_is_better;
	bool vs_floor;		/* print the ratio to the syscall floor */
};

static struct figure figures[64];
static unsigned int nr_figures;
static double floor_ns;			/* 0: no real /dev/kvm here */

static struct figure *add_figure(const char *name, const char *what, double value,
				 const char *unit)
{
	struct figure *f = &figures[nr_figures++];

	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(f->what, sizeof(f->what), "%s", what);
	f->value = value;
	f->unit = unit;
	return f;
}

static bool target_met(const struct figure *f)
{
	return f->more_is_better ? f->value >= f->target : f->value <= f->target;
}

static void print_figures(void)
{
	unsigned int missed = 0;

	printf("%-44s %12s %-8s %9s  %s\n", "figure", "value", "unit", "x floor", "target");
	for (unsigned int i = 0; i < nr_figures; i++) {
		const struct figure *f = &figures[i];
		char ratio[16] = "", target[40] = "";

		if (f->vs_floor && floor_ns > 0)
			snprintf(ratio, sizeof(ratio), "%.2f", f->value / floor_ns);
		if (f->target > 0) {
			snprintf(target, sizeof(target), "%s %g: %s", f->more_is_better ? ">=" : "<=",
				 f->target, target_met(f) ? "met" : "MISSED");
			missed += !target_met(f);
		}
		printf("%-44s %12.1f %-8s %9s  %s\n", f->what, f->value, f->unit, ratio, target);
	}
	if (floor_ns > 0)
		printf("(x floor: the figure divided by one KVM_CHECK_EXTENSION system call on this "
		       "machine's /dev/kvm, %.1f ns)\n", floor_ns);
	else
		printf("(no usable /dev/kvm here: no syscall floor to compare with)\n");
	printf("%u of the targets missed\n\n", missed);
	for (unsigned int i = 0; i < nr_figures; i++)
		printf("figure %s %.1f %s\n", figures[i].name, figures[i].value, figures[i].unit);
	if (floor_ns > 0)
		printf("figure syscall.floor %.1f ns/op\n", floor_ns);
}

/* ---- a VM with vCPUs, through a backend ---------------------------------- */

struct vm {
	const struct kvm_backend_ops *ops;
	int sys, fd;
	unsigned int nr;
	int *vcpus;
	struct kvm_run **runs;
	size_t run_size;
	void *ram;
	size_t ram_size;
};

static void vm_open(struct vm *vm, const struct kvm_backend_ops *ops, const char *kernel,
		    unsigned int nr_vcpus)
{
	struct kvm_vcpu_init init;

	memset(vm, 0, sizeof(*vm));
	vm->ops = ops;
	vm->sys = ops->open(kernel, O_RDWR | O_CLOEXEC);
	if (vm->sys < 0)
		die("open /dev/kvm (%s): %s", ops->name, strerror(errno));
	vm->fd = ops->ioctl(vm->sys, KVM_CREATE_VM, 0);
	if (vm->fd < 0)
		die("KVM_CREATE_VM: %s", strerror(errno));
	vm->run_size = (size_t)ops->ioctl(vm->sys, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (ops->ioctl(vm->fd, KVM_ARM_PREFERRED_TARGET, (unsigned long)&init))
		die("KVM_ARM_PREFERRED_TARGET: %s", strerror(errno));
	init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
	vm->vcpus = calloc(nr_vcpus, sizeof(*vm->vcpus));
	vm->runs = calloc(nr_vcpus, sizeof(*vm->runs));
	if (!vm->vcpus || !vm->runs)
		die("out of memory");
	for (vm->nr = 0; vm->nr < nr_vcpus; vm->nr++) {
		int fd = ops->ioctl(vm->fd, KVM_CREATE_VCPU, vm->nr);

		if (fd < 0)
			die("KVM_CREATE_VCPU %u: %s", vm->nr, strerror(errno));
		vm->vcpus[vm->nr] = fd;
		if (ops->ioctl(fd, KVM_ARM_VCPU_INIT, (unsigned long)&init))
			die("KVM_ARM_VCPU_INIT: %s", strerror(errno));
		vm->runs[vm->nr] = ops->mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
					     fd, 0);
		if (vm->runs[vm->nr] == MAP_FAILED)
			die("mmap of kvm_run: %s", strerror(errno));
	}
}

static void vm_close(struct vm *vm)
{
	for (unsigned int i = 0; i < vm->nr; i++) {
		vm->ops->munmap(vm->runs[i], vm->run_size);
		vm->ops->close(vm->vcpus[i]);
	}
	if (vm->ram)
		munmap(vm->ram, vm->ram_size);
	vm->ops->close(vm->fd);
	vm->ops->close(vm->sys);
	free(vm->vcpus);
	free(vm->runs);
}

/* ---- 1. ONE_REG through each path ---------------------------------------- */

typedef int (*ioctl_fn)(int fd, unsigned long request, unsigned long arg);

struct reg_op {
	ioctl_fn ioctl;
	int vcpu;
	unsigned long request;
	struct kvm_one_reg reg;
	uint64_t value;
};

static int reg_op(void *ctx)
{
	struct reg_op *op = ctx;

	return op->ioctl(op->vcpu, op->request, (unsigned long)&op->reg);
}

static int api_ioctl(int fd, unsigned long request, unsigned long arg)
{
	return kvmsim_ioctl(fd, request, arg);
}

static int sys_ioctl(int fd, unsigned long request, unsigned long arg)
{
	return ioctl(fd, request, arg);
}

static const struct {
	const char *name, *what;
	unsigned long request;
	uint64_t id;
} reg_ops[] = {
	{ "get_core", "GET_ONE_REG pc", KVM_GET_ONE_REG, CORE_PC },
	{ "set_core", "SET_ONE_REG pc", KVM_SET_ONE_REG, CORE_PC },
	{ "get_sys", "GET_ONE_REG TPIDR_EL1", KVM_GET_ONE_REG, TPIDR_EL1 },
	{ "set_sys", "SET_ONE_REG TPIDR_EL1", KVM_SET_ONE_REG, TPIDR_EL1 },
};

/* Times the four register operations on @vcpu through @fn; ns/op into @ns. */
static void time_reg_ops(ioctl_fn fn, int vcpu, double ns[4])
{
	for (size_t i = 0; i < 4; i++) {
		struct reg_op op = {
			.ioctl = fn, .vcpu = vcpu, .request = reg_ops[i].request,
			.reg = { .id = reg_ops[i].id }, .value = 0x1000,
		};

		op.reg.addr = (uintptr_t)&op.value;
		ns[i] = time_op(reg_op, &op);
		if (ns[i] < 0)
			die("%s: %s", reg_ops[i].what, strerror(errno));
	}
}

static void add_reg_figures(const char *path, const char *path_what, const double ns[4],
			    double target)
{
	char name[64], what[64];

	for (size_t i = 0; i < 4; i++) {
		struct figure *f;

		snprintf(name, sizeof(name), "one_reg.%s.%s", path, reg_ops[i].name);
		snprintf(what, sizeof(what), "%s: %s", path_what, reg_ops[i].what);
		f = add_figure(name, what, ns[i], "ns/op");
		f->vs_floor = true;
		f->target = target;
	}
}

/* The syscall floor: KVM_CHECK_EXTENSION on a real /dev/kvm, any architecture. */
static int check_extension(void *ctx)
{
	return ioctl(*(int *)ctx, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY) < 0;
}

static void bench_floor(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return;
	progress("the syscall floor: KVM_CHECK_EXTENSION on /dev/kvm");
	floor_ns = time_op(check_extension, &fd);
	if (floor_ns < 0)
		floor_ns = 0;
	close(fd);
}

/*
 * The interposer's figures come from this program run again under
 * kvmsim-run (--child): plain open() and ioctl() there reach the simulator
 * through the preloaded interposer.  It prints the four ns/op values.
 */
static int child_main(void)
{
	struct kvm_vcpu_init init;
	int sys, vm, vcpu;
	double ns[4];

	sys = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (sys < 0 || !kvmsim_is_fd(sys))
		die("--child: /dev/kvm is not the simulator's (not run under kvmsim-run?)");
	vm = ioctl(sys, KVM_CREATE_VM, 0);
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vm < 0 || vcpu < 0 || ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init) ||
	    ioctl(vcpu, KVM_ARM_VCPU_INIT, &init))
		die("--child: VM set-up: %s", strerror(errno));
	time_reg_ops(sys_ioctl, vcpu, ns);
	printf("%f %f %f %f\n", ns[0], ns[1], ns[2], ns[3]);
	return 0;
}

static bool bench_interposer(const char *self, const char *run_cmd, double ns[4])
{
	char cmd[4096];
	FILE *p;
	int n, status;

	snprintf(cmd, sizeof(cmd), "'%s' '%s' --child --rounds=%u%s", run_cmd, self, rounds,
		 quiet ? " --quiet" : "");
	p = popen(cmd, "r");
	if (!p)
		return false;
	n = fscanf(p, "%lf %lf %lf %lf", &ns[0], &ns[1], &ns[2], &ns[3]);
	status = pclose(p);
	return n == 4 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/*
 * What the shim's sim backend adds to each call: kvmsim_is_fd(), one
 * fstat(2) of the fd, which notices an fd the VMM closed behind its back.
 */
static int fd_check(void *ctx)
{
	return !kvmsim_is_fd(*(int *)ctx);
}

static void bench_one_reg(const char *kernel, const char *self, const char *run_cmd)
{
	struct figure *f;
	double ns[4], check_ns;
	struct vm vm;

	vm_open(&vm, &kvmsim_backend_sim, kernel, 1);
	progress("ONE_REG through the in-process API");
	time_reg_ops(api_ioctl, vm.vcpus[0], ns);
	add_reg_figures("api", "in-process API", ns, 0);
	progress("ONE_REG through the shim's sim backend");
	time_reg_ops(kvmsim_backend_sim.ioctl, vm.vcpus[0], ns);
	add_reg_figures("shim", "shim (sim backend)", ns, 20);
	progress("the shim's check that an fd is still the simulator's");
	check_ns = time_op(fd_check, &vm.vcpus[0]);
	if (check_ns < 0)
		die("kvmsim_is_fd: the vCPU fd is not the simulator's");
	f = add_figure("shim.fd_check", "shim: stale-fd check (fstat) per call", check_ns,
		       "ns/op");
	f->vs_floor = true;
	vm_close(&vm);
	if (run_cmd) {
		progress("ONE_REG through kvmsim-run's interposer (%s)", run_cmd);
		if (bench_interposer(self, run_cmd, ns))
			add_reg_figures("interposer", "kvmsim-run interposer", ns, 60);
		else
			fprintf(stderr, "kvmsim-bench: the interposer run (%s --child) failed: "
				"no interposer figures\n", run_cmd);
	}
}

/* ---- 2. snapshot and restore ---------------------------------------------- */

struct snapshot {
	uint64_t *ids;
	uint64_t *values;	/* 64-bit registers; wider ones get their own buffer */
	uint8_t *wide;
	size_t n;
};

static size_t reg_size(uint64_t id)
{
	return 1UL << ((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
}

static void snapshot_vcpu(struct vm *vm, int vcpu, struct snapshot *s, bool restore)
{
	struct kvm_reg_list probe = { .n = 0 }, *list;
	size_t wide_off = 0;

	if (!restore) {
		if (vm->ops->ioctl(vcpu, KVM_GET_REG_LIST, (unsigned long)&probe) == 0 ||
		    errno != E2BIG)
			die("KVM_GET_REG_LIST (size): %s", strerror(errno));
		list = malloc(sizeof(*list) + probe.n * sizeof(uint64_t));
		if (!list)
			die("out of memory");
		list->n = probe.n;
		if (vm->ops->ioctl(vcpu, KVM_GET_REG_LIST, (unsigned long)list))
			die("KVM_GET_REG_LIST: %s", strerror(errno));
		s->n = list->n;
		s->ids = malloc(s->n * sizeof(uint64_t));
		s->values = malloc(s->n * sizeof(uint64_t));
		s->wide = malloc(s->n * 256);
		if (!s->ids || !s->values || !s->wide)
			die("out of memory");
		memcpy(s->ids, list->reg, s->n * sizeof(uint64_t));
		free(list);
	}
	for (size_t i = 0; i < s->n; i++) {
		size_t size = reg_size(s->ids[i]);
		struct kvm_one_reg reg = { .id = s->ids[i] };

		if (size > sizeof(uint64_t)) {
			reg.addr = (uintptr_t)(s->wide + wide_off);
			wide_off += size;
		} else {
			reg.addr = (uintptr_t)&s->values[i];
		}
		if (vm->ops->ioctl(vcpu, restore ? KVM_SET_ONE_REG : KVM_GET_ONE_REG,
				   (unsigned long)&reg))
			die("%s %#llx: %s", restore ? "KVM_SET_ONE_REG" : "KVM_GET_ONE_REG",
			    (unsigned long long)reg.id, strerror(errno));
	}
}

static void snapshot_free(struct snapshot *s)
{
	free(s->ids);
	free(s->values);
	free(s->wide);
}

static void bench_snapshot(const char *kernel)
{
	static const unsigned int counts[] = { 1, 8, 64, 512 };

	for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		unsigned int nr = counts[c];
		struct snapshot *s = calloc(nr, sizeof(*s));
		double t_snap = 0, t_restore = 0, t;
		size_t regs = 0;
		char name[64], what[64];
		struct vm vm;

		if (!s)
			die("out of memory");
		progress("snapshot and restore of %u vCPUs", nr);
		vm_open(&vm, &kvmsim_backend_sim, kernel, nr);
		for (unsigned int r = 0; r < rounds; r++) {
			t = now_ns();
			for (unsigned int i = 0; i < nr; i++) {
				if (r)
					snapshot_free(&s[i]);
				snapshot_vcpu(&vm, vm.vcpus[i], &s[i], false);
			}
			t = now_ns() - t;
			t_snap = !r || t < t_snap ? t : t_snap;
			t = now_ns();
			for (unsigned int i = 0; i < nr; i++)
				snapshot_vcpu(&vm, vm.vcpus[i], &s[i], true);
			t = now_ns() - t;
			t_restore = !r || t < t_restore ? t : t_restore;
		}
		for (unsigned int i = 0; i < nr; i++) {
			regs += s[i].n;
			snapshot_free(&s[i]);
		}
		free(s);
		vm_close(&vm);
		snprintf(name, sizeof(name), "snapshot.%u.get_ns_per_reg", nr);
		snprintf(what, sizeof(what), "snapshot %u vCPUs: list+get, per register", nr);
		add_figure(name, what, t_snap / (double)regs, "ns/reg");
		snprintf(name, sizeof(name), "snapshot.%u.set_ns_per_reg", nr);
		snprintf(what, sizeof(what), "restore %u vCPUs: set, per register", nr);
		add_figure(name, what, t_restore / (double)regs, "ns/reg");
		snprintf(name, sizeof(name), "snapshot.%u.total_ms", nr);
		snprintf(what, sizeof(what), "snapshot+restore %u vCPUs (%zu regs)", nr, regs);
		add_figure(name, what, (t_snap + t_restore) / 1e6, "ms")->target = nr == 512 ? 20 : 0;
	}
}

/* ---- 3. lifecycle, run loop, memory ---------------------------------------- */

static const char *bench_kernel;

static int vm_lifecycle(void *ctx)
{
	struct vm vm;

	(void)ctx;
	vm_open(&vm, &kvmsim_backend_sim, bench_kernel, 1);
	vm_close(&vm);
	return 0;
}

struct mmio_loop {
	const struct kvm_backend_ops *ops;
	int vcpu;
	struct kvm_run *run;
};

static int mmio_round_trip(void *ctx)
{
	struct mmio_loop *l = ctx;

	if (l->ops->ioctl(l->vcpu, KVM_RUN, 0))
		return -1;
	if (l->run->exit_reason != KVM_EXIT_MMIO) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

static void bench_run_loop(const char *kernel)
{
	/* str w0, [x1]; b .-4: one MMIO exit per KVM_RUN, for ever. */
	static const uint32_t code[] = { 0xb9000020, 0x17ffffff };
	struct kvm_userspace_memory_region region;
	struct kvm_one_reg reg;
	struct mmio_loop l;
	uint64_t val;
	struct vm vm;
	double ns;

	vm_open(&vm, &kvmsim_backend_sim, kernel, 1);
	vm.ram_size = 0x10000;
	vm.ram = mmap(NULL, vm.ram_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (vm.ram == MAP_FAILED)
		die("guest RAM: %s", strerror(errno));
	memcpy(vm.ram, code, sizeof(code));
	region = (struct kvm_userspace_memory_region){
		.guest_phys_addr = RAM_GPA, .memory_size = vm.ram_size,
		.userspace_addr = (uintptr_t)vm.ram,
	};
	if (vm.ops->ioctl(vm.fd, KVM_SET_USER_MEMORY_REGION, (unsigned long)&region))
		die("KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));
	reg.addr = (uintptr_t)&val;
	val = RAM_GPA;
	reg.id = CORE_PC;
	vm.ops->ioctl(vm.vcpus[0], KVM_SET_ONE_REG, (unsigned long)&reg);
	val = MMIO_GPA;
	reg.id = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(regs.regs[1]);
	vm.ops->ioctl(vm.vcpus[0], KVM_SET_ONE_REG, (unsigned long)&reg);
	l = (struct mmio_loop){ .ops = vm.ops, .vcpu = vm.vcpus[0], .run = vm.runs[0] };
	progress("KVM_RUN MMIO round trips");
	if (mmio_round_trip(&l)) {
		fprintf(stderr, "kvmsim-bench: KVM_RUN runs no guest here (%s): "
			"no run-loop figure\n", strerror(errno));
	} else {
		ns = time_op(mmio_round_trip, &l);
		if (ns < 0)
			die("KVM_RUN: %s", strerror(errno));
		add_figure("run.mmio_round_trips_per_s", "KVM_RUN MMIO exit round trips", 1e9 / ns,
			   "1/s")->more_is_better = true;
	}
	vm_close(&vm);
}

/* ---- 6. the memory plumbing: ioeventfd, dirty logging --------------------- */

#define DATA_GPA	0x80000000ULL
#define DOORBELL_GPA	0x20000000ULL		/* in no slot: an ioeventfd's */
#define REG_X(n)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
			 KVM_REG_ARM_CORE_REG(regs.regs[n]))

/*
 * 0x00: stores x2 to x5 places x6 bytes apart from x1, then exits at x21;
 * 0x20: waits for the word at x9 to be non-zero and clears it: 1 rings
 * the doorbell at x10, 2 exits at x21.
 */
static const uint32_t mem_code[] = {
	0xaa0103e7, 0xaa0503e8, 0xf90000e2, 0x8b0600e7, 0xf1000508, 0x54ffffa1,
	0xf90002a2, 0x17fffff9,
	0xb9400123, 0x34ffffe3, 0xb900013f, 0x7100087f, 0x54000060, 0xb9000140,
	0x17fffffa, 0xf90002a2, 0x17fffff8,
};

static void set_reg(struct vm *vm, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&val };

	if (vm->ops->ioctl(vm->vcpus[0], KVM_SET_ONE_REG, (unsigned long)&reg))
		die("KVM_SET_ONE_REG %#" PRIx64 ": %s", id, strerror(errno));
}

static void set_slot(struct vm *vm, uint32_t slot, uint32_t flags, uint64_t gpa, void *mem,
		     size_t size)
{
	struct kvm_userspace_memory_region r = {
		.slot = slot, .flags = flags, .guest_phys_addr = gpa, .memory_size = size,
		.userspace_addr = (uintptr_t)mem,
	};

	if (vm->ops->ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, (unsigned long)&r))
		die("KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));
}

/* A VM running mem_code from RAM_GPA, and @size bytes of data at DATA_GPA. */
static void *mem_vm(struct vm *vm, const char *kernel, size_t size, uint32_t flags)
{
	void *data;

	vm_open(vm, &kvmsim_backend_sim, kernel, 1);
	vm->ram_size = 0x10000;
	vm->ram = mmap(NULL, vm->ram_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		       -1, 0);
	data = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->ram == MAP_FAILED || data == MAP_FAILED)
		die("guest memory: %s", strerror(errno));
	memcpy(vm->ram, mem_code, sizeof(mem_code));
	set_slot(vm, 0, 0, RAM_GPA, vm->ram, vm->ram_size);
	set_slot(vm, 1, flags, DATA_GPA, data, size);
	set_reg(vm, REG_X(21), MMIO_GPA);
	return data;
}

/* Runs the store loop once: @n stores @stride bytes apart; 0 or -1. */
static int store_loop(struct vm *vm, uint64_t n, uint64_t stride)
{
	set_reg(vm, CORE_PC, RAM_GPA);
	set_reg(vm, REG_X(1), DATA_GPA);
	set_reg(vm, REG_X(5), n);
	set_reg(vm, REG_X(6), stride);
	if (vm->ops->ioctl(vm->vcpus[0], KVM_RUN, 0))
		return -1;
	return vm->runs[0]->exit_reason == KVM_EXIT_MMIO ? 0 : -1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void *doorbell_vcpu(void *arg)
{
	struct vm *vm = arg;

	return (void *)(intptr_t)vm->ops->ioctl(vm->vcpus[0], KVM_RUN, 0);
}

/* A guest's doorbell store, from the host's go to the eventfd readable. */
static void bench_ioeventfd(const char *kernel)
{
	enum { N = 2000 };
	static double lat[N];
	volatile uint32_t *flag;
	struct kvm_ioeventfd io;
	pthread_t thread;
	struct vm vm;
	void *data, *ret;
	uint64_t count;
	int efd;

	progress("ioeventfd doorbells");
	data = mem_vm(&vm, kernel, 0x10000, 0);
	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	io = (struct kvm_ioeventfd){ .addr = DOORBELL_GPA, .len = 4, .fd = efd };
	if (efd < 0 || vm.ops->ioctl(vm.fd, KVM_IOEVENTFD, (unsigned long)&io))
		die("KVM_IOEVENTFD: %s", strerror(errno));
	flag = (volatile uint32_t *)((char *)vm.ram + 0x8000);
	set_reg(&vm, CORE_PC, RAM_GPA + 0x20);
	set_reg(&vm, REG_X(9), RAM_GPA + 0x8000);
	set_reg(&vm, REG_X(10), DOORBELL_GPA);
	if (pthread_create(&thread, NULL, doorbell_vcpu, &vm))
		die("pthread_create: %s", strerror(errno));
	for (unsigned int i = 0; i < N; i++) {
		struct pollfd p = { .fd = efd, .events = POLLIN };
		double t = now_ns();

		__atomic_store_n(flag, 1, __ATOMIC_RELEASE);
		while (poll(&p, 1, 5000) == 0 || !(p.revents & POLLIN))
			die("the doorbell did not ring in 5 s");
		lat[i] = now_ns() - t;
		if (read(efd, &count, sizeof(count)) != sizeof(count))
			die("eventfd read: %s", strerror(errno));
	}
	__atomic_store_n(flag, 2, __ATOMIC_RELEASE);
	pthread_join(thread, &ret);
	if ((intptr_t)ret || vm.runs[0]->exit_reason != KVM_EXIT_MMIO)
		die("the doorbell guest did not exit at its end");
	qsort(lat, N, sizeof(lat[0]), cmp_double);
	add_figure("mem.ioeventfd_median", "ioeventfd store -> eventfd (median)", lat[N / 2] / 1e3,
		   "us");
	add_figure("mem.ioeventfd_p99", "ioeventfd store -> eventfd (p99)",
		   lat[N * 99 / 100] / 1e3, "us");
	close(efd);
	munmap(data, 0x10000);
	vm_close(&vm);
}

struct dirty_round {
	struct vm *vm;
	uint64_t *bitmap;
	size_t pages;
};

static int dirty_round(void *ctx)
{
	struct dirty_round *d = ctx;
	struct kvm_dirty_log get = { .slot = 1, .dirty_bitmap = d->bitmap };
	struct kvm_clear_dirty_log clear = { .slot = 1, .num_pages = (uint32_t)d->pages,
					     .dirty_bitmap = d->bitmap };

	if (d->vm->ops->ioctl(d->vm->fd, KVM_GET_DIRTY_LOG, (unsigned long)&get))
		return -1;
	return d->vm->ops->ioctl(d->vm->fd, KVM_CLEAR_DIRTY_LOG, (unsigned long)&clear);
}

/* GET + CLEAR of a 1 GiB slot with 1% of its pages written by the guest. */
static void bench_dirty_round(const char *kernel)
{
	const size_t size = 1UL << 30, pages = size / PAGE;
	struct kvm_enable_cap cap = { .cap = KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2,
				      .args = { KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE } };
	struct dirty_round d;
	struct vm vm;
	void *data;
	double ns;

	progress("dirty-log rounds of a 1 GiB slot");
	data = mem_vm(&vm, kernel, size, KVM_MEM_LOG_DIRTY_PAGES);
	if (vm.ops->ioctl(vm.fd, KVM_ENABLE_CAP, (unsigned long)&cap))
		die("KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2: %s", strerror(errno));
	d = (struct dirty_round){ .vm = &vm, .pages = pages,
				  .bitmap = calloc(pages / 64, sizeof(uint64_t)) };
	if (!d.bitmap)
		die("out of memory");
	if (store_loop(&vm, pages / 100, 100 * PAGE))
		die("the dirtying guest: %s", strerror(errno));
	ns = time_op(dirty_round, &d);
	if (ns < 0)
		die("KVM_GET/CLEAR_DIRTY_LOG: %s", strerror(errno));
	add_figure("mem.dirty_round_1g", "dirty-log GET+CLEAR, 1 GiB, 1% dirty", ns / 1e3, "us");
	free(d.bitmap);
	munmap(data, size);
	vm_close(&vm);
}

struct store_run {
	struct vm *vm;
};

static int store_run(void *ctx)
{
	struct store_run *s = ctx;

	return store_loop(s->vm, 1U << 16, 64);
}

/* Guest stores per second into a 64 MiB slot, logging off and on. */
static void bench_store_logging(const char *kernel)
{
	const size_t size = 64UL << 20;
	double rate[2];

	progress("guest stores with dirty logging off and on");
	for (int on = 0; on < 2; on++) {
		struct store_run s;
		struct vm vm;
		void *data = mem_vm(&vm, kernel, size, on ? KVM_MEM_LOG_DIRTY_PAGES : 0);
		double ns;

		s.vm = &vm;
		if (store_run(&s))
			die("the storing guest: %s", strerror(errno));
		ns = time_op(store_run, &s);
		if (ns < 0)
			die("KVM_RUN: %s", strerror(errno));
		rate[on] = (double)(1U << 16) / ns * 1e3;
		munmap(data, size);
		vm_close(&vm);
	}
	add_figure("mem.stores_per_us", "guest stores, logging off", rate[0], "1/us")
		->more_is_better = true;
	add_figure("mem.stores_logged_per_us", "guest stores, logging on", rate[1], "1/us")
		->more_is_better = true;
	add_figure("mem.logging_cost", "cost of logging (off / on)", rate[0] / rate[1], "x")
		->target = 2;
}

static void bench_memory(const char *kernel)
{
	struct vm vm;
	void *data = mem_vm(&vm, kernel, 0x10000, 0);

	if (store_loop(&vm, 1, 8)) {
		fprintf(stderr, "kvmsim-bench: KVM_RUN runs no guest here: no memory figures\n");
		munmap(data, 0x10000);
		vm_close(&vm);
		return;
	}
	munmap(data, 0x10000);
	vm_close(&vm);
	bench_ioeventfd(kernel);
	bench_dirty_round(kernel);
	bench_store_logging(kernel);
}

static long rss_kib(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return -1;
	if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static void bench_lifecycle(const char *kernel)
{
	const unsigned int nr = 256;
	double ns, per_vcpu = -1;
	long before, after;
	int fds[2];
	struct vm vm;
	pid_t pid;

	bench_kernel = kernel;
	progress("VM + vCPU create, init and destroy");
	ns = time_op(vm_lifecycle, NULL);
	add_figure("lifecycle.vm_vcpu_per_s", "VM + vCPU create/init/destroy", 1e9 / ns,
		   "1/s")->more_is_better = true;

	/*
	 * In a child of its own: here, the pages the earlier figures freed
	 * would be reused and the growth would read as nothing.
	 */
	progress("resident memory of %u vCPUs", nr);
	if (pipe(fds))
		die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		close(fds[0]);
		before = rss_kib();
		vm_open(&vm, &kvmsim_backend_sim, kernel, nr);
		/* Every vCPU's state touched once, as a VMM's first snapshot would. */
		for (unsigned int i = 0; i < nr; i++) {
			struct snapshot s = { 0 };

			snapshot_vcpu(&vm, vm.vcpus[i], &s, false);
			snapshot_free(&s);
		}
		after = rss_kib();
		per_vcpu = before >= 0 && after >= 0 ? (double)(after - before) / nr : -1;
		_exit(write(fds[1], &per_vcpu, sizeof(per_vcpu)) == sizeof(per_vcpu) ? 0 : 1);
	}
	close(fds[1]);
	if (read(fds[0], &per_vcpu, sizeof(per_vcpu)) == sizeof(per_vcpu) && per_vcpu >= 0)
		add_figure("memory.rss_kib_per_vcpu", "resident memory per vCPU", per_vcpu, "KiB");
	close(fds[0]);
	waitpid(pid, NULL, 0);
}

/* ---- 7. interrupts: KVM_IRQ_LINE, irqfd, SGIs ----------------------------- */

/* The machine of bench/guests/irq.S (the reference VMM's GIC addresses). */
#define GICD_GPA	0x08000000ULL
#define GICR_GPA	0x080a0000ULL
#define COUNT_OFF	0x8000		/* the guest's counter, in its RAM */
#define TICKS_OFF	0x9000		/* the pinger's CNTFRQ, then its round trips */
#define IRQ_SPI		32
#define IRQ_ROUNDS	2000

enum irq_role { ROLE_SLEEPER, ROLE_PINGER, ROLE_PONGER };

static const char *irq_guest;		/* --irq-guest: bench/guests/irq.bin */

struct irq_vcpu {
	struct vm *vm;
	unsigned int id;
	pthread_t thread;
	intptr_t ret;
};

static void *irq_vcpu_run(void *arg)
{
	struct irq_vcpu *v = arg;

	v->ret = v->vm->ops->ioctl(v->vm->vcpus[v->id], KVM_RUN, 0) ? errno : 0;
	return NULL;
}

static void irq_kick_handler(int sig)
{
	(void)sig;
}

static void set_vcpu_reg(struct vm *vm, unsigned int id, uint64_t reg, uint64_t val)
{
	struct kvm_one_reg r = { .id = reg, .addr = (uintptr_t)&val };

	if (vm->ops->ioctl(vm->vcpus[id], KVM_SET_ONE_REG, (unsigned long)&r))
		die("KVM_SET_ONE_REG %#" PRIx64 ": %s", reg, strerror(errno));
}

static void gic_attr(struct vm *vm, int gic, uint32_t group, uint64_t attr, void *val)
{
	struct kvm_device_attr a = { .group = group, .attr = attr, .addr = (uintptr_t)val };

	if (vm->ops->ioctl(gic, KVM_SET_DEVICE_ATTR, (unsigned long)&a))
		die("KVM_SET_DEVICE_ATTR %u/%#" PRIx64 ": %s", group, attr, strerror(errno));
}

/*
 * A VM running the irq guest on @nr vCPUs in @roles, with a GICv3; its
 * device fd in *@gic.  False when there is no image to run.
 */
static bool irq_vm_open(struct vm *vm, const char *kernel, unsigned int nr,
			const enum irq_role *roles, int *gic)
{
	struct kvm_create_device dev = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };
	uint64_t dist = GICD_GPA, redist = GICR_GPA;
	ssize_t n;
	int fd;

	fd = irq_guest ? open(irq_guest, O_RDONLY | O_CLOEXEC) : -1;
	if (fd < 0)
		return false;
	vm_open(vm, &kvmsim_backend_sim, kernel, nr);
	vm->ram_size = 0x10000;
	vm->ram = mmap(NULL, vm->ram_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		       -1, 0);
	if (vm->ram == MAP_FAILED)
		die("guest RAM: %s", strerror(errno));
	n = read(fd, vm->ram, COUNT_OFF);
	close(fd);
	if (n <= 0)
		die("%s: %s", irq_guest, n ? strerror(errno) : "empty");
	set_slot(vm, 0, 0, RAM_GPA, vm->ram, vm->ram_size);
	if (vm->ops->ioctl(vm->fd, KVM_CREATE_DEVICE, (unsigned long)&dev))
		die("KVM_CREATE_DEVICE vgic-v3: %s", strerror(errno));
	*gic = (int)dev.fd;
	gic_attr(vm, *gic, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, &dist);
	gic_attr(vm, *gic, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, &redist);
	gic_attr(vm, *gic, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, NULL);
	for (unsigned int i = 0; i < nr; i++) {
		set_vcpu_reg(vm, i, CORE_PC, RAM_GPA);
		set_vcpu_reg(vm, i, REG_X(0), roles[i]);
		set_vcpu_reg(vm, i, REG_X(1), RAM_GPA + COUNT_OFF);
		set_vcpu_reg(vm, i, REG_X(2), RAM_GPA + TICKS_OFF);
		set_vcpu_reg(vm, i, REG_X(3), IRQ_ROUNDS);
		set_vcpu_reg(vm, i, REG_X(4), MMIO_GPA);
	}
	return true;
}

static void irq_start(struct vm *vm, struct irq_vcpu *v, unsigned int id)
{
	*v = (struct irq_vcpu){ .vm = vm, .id = id };
	if (pthread_create(&v->thread, NULL, irq_vcpu_run, v))
		die("pthread_create: %s", strerror(errno));
}

/* A vCPU asleep in the guest's WFI leaves KVM_RUN for a signal (EINTR). */
static void irq_stop(struct irq_vcpu *v)
{
	__atomic_store_n(&v->vm->runs[v->id]->immediate_exit, 1, __ATOMIC_SEQ_CST);
	pthread_kill(v->thread, SIGUSR1);
	pthread_join(v->thread, NULL);
	if (v->ret != EINTR)
		die("vCPU %u: KVM_RUN ended with %s, not EINTR", v->id, strerror((int)v->ret));
}

static void add_latency(const char *name, const char *what, double *lat, unsigned int n,
			double target_us)
{
	char key[64], text[96];

	qsort(lat, n, sizeof(lat[0]), cmp_double);
	snprintf(key, sizeof(key), "irq.%s_median", name);
	snprintf(text, sizeof(text), "%s (median)", what);
	add_figure(key, text, lat[n / 2] / 1e3, "us")->target = target_us;
	snprintf(key, sizeof(key), "irq.%s_p99", name);
	snprintf(text, sizeof(text), "%s (p99)", what);
	add_figure(key, text, lat[n * 99 / 100] / 1e3, "us");
}

/*
 * An SPI into a guest asleep in WFI, from this thread (the vCPU runs in
 * its own), @n times: by a write to an irqfd's eventfd (@efd), else by
 * KVM_IRQ_LINE up (and down once the handler ran); each time from just
 * before the call until the guest's handler has stored its count.
 */
static void time_spis(struct vm *vm, volatile uint32_t *count, int efd, double *lat,
		      unsigned int n)
{
	struct kvm_irq_level line = { .irq = (KVM_ARM_IRQ_TYPE_SPI << KVM_ARM_IRQ_TYPE_SHIFT) | IRQ_SPI };
	uint64_t one = 1;

	for (unsigned int i = 0; i < n; i++) {
		uint32_t seen = __atomic_load_n(count, __ATOMIC_ACQUIRE);
		double t = now_ns(), deadline = t + 5e9;
		unsigned long spins = 0;

		if (efd >= 0) {
			if (write(efd, &one, sizeof(one)) != sizeof(one))
				die("eventfd write: %s", strerror(errno));
		} else {
			line.level = 1;
			if (vm->ops->ioctl(vm->fd, KVM_IRQ_LINE, (unsigned long)&line))
				die("KVM_IRQ_LINE: %s", strerror(errno));
		}
		while (__atomic_load_n(count, __ATOMIC_ACQUIRE) == seen)
			if (!(++spins & 0xffff) && now_ns() > deadline)
				die("the guest's handler did not run within 5 s");
		lat[i] = now_ns() - t;
		if (efd < 0) {
			line.level = 0;
			if (vm->ops->ioctl(vm->fd, KVM_IRQ_LINE, (unsigned long)&line))
				die("KVM_IRQ_LINE: %s", strerror(errno));
		}
	}
}

static void bench_spis(const char *kernel)
{
	static const enum irq_role roles[] = { ROLE_SLEEPER };
	static double lat[IRQ_ROUNDS];
	struct kvm_irqfd irqfd = { .gsi = IRQ_SPI - 32 };
	volatile uint32_t *count;
	struct irq_vcpu v;
	struct vm vm;
	int gic, efd;

	if (!irq_vm_open(&vm, kernel, 1, roles, &gic)) {
		fprintf(stderr, "kvmsim-bench: no guest image for the interrupt figures "
			"(--irq-guest: bench/guests/irq.bin, built with the aarch64 cross "
			"compiler)\n");
		return;
	}
	count = (volatile uint32_t *)((char *)vm.ram + COUNT_OFF);
	efd = eventfd(0, EFD_CLOEXEC);
	irqfd.fd = (uint32_t)efd;
	if (efd < 0 || vm.ops->ioctl(vm.fd, KVM_IRQFD, (unsigned long)&irqfd))
		die("KVM_IRQFD: %s", strerror(errno));
	irq_start(&vm, &v, 0);
	progress("KVM_IRQ_LINE -> guest handler");
	time_spis(&vm, count, -1, lat, IRQ_ROUNDS);
	add_latency("line", "KVM_IRQ_LINE -> guest IRQ handler", lat, IRQ_ROUNDS, 0);
	progress("irqfd write -> guest handler");
	time_spis(&vm, count, efd, lat, IRQ_ROUNDS);
	add_latency("irqfd", "irqfd write -> guest IRQ handler", lat, IRQ_ROUNDS, 20);
	irq_stop(&v);
	close(efd);
	vm.ops->close(gic);
	vm_close(&vm);
}

/* SGI 1 from vCPU 0 to vCPU 1 and back, timed by the guest's own counter. */
static void bench_sgis(const char *kernel)
{
	static const enum irq_role roles[] = { ROLE_PINGER, ROLE_PONGER };
	static double lat[IRQ_ROUNDS];
	struct irq_vcpu pinger, ponger;
	const uint64_t *ticks;
	struct vm vm;
	double freq;
	int gic;

	if (!irq_vm_open(&vm, kernel, 2, roles, &gic))
		return;
	progress("SGI round trips between two vCPUs");
	irq_start(&vm, &ponger, 1);
	irq_start(&vm, &pinger, 0);
	pthread_join(pinger.thread, NULL);
	if (pinger.ret || vm.runs[0]->exit_reason != KVM_EXIT_MMIO)
		die("the SGI pinger did not exit at its end (%s, exit %u)",
		    strerror((int)pinger.ret), vm.runs[0]->exit_reason);
	irq_stop(&ponger);
	ticks = (const uint64_t *)((char *)vm.ram + TICKS_OFF);
	freq = (double)ticks[0];
	for (unsigned int i = 0; i < IRQ_ROUNDS; i++)
		lat[i] = (double)ticks[i + 1] * 1e9 / freq;
	add_latency("sgi_round_trip", "SGI round trip between two vCPUs", lat, IRQ_ROUNDS, 0);
	vm.ops->close(gic);
	vm_close(&vm);
}

static void bench_interrupts(const char *kernel)
{
	struct sigaction sa = { .sa_handler = irq_kick_handler };

	/* No SA_RESTART: the kick ends KVM_RUN with EINTR. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	bench_spis(kernel);
	bench_sgis(kernel);
}

/* ---- main ----------------------------------------------------------------- */

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kvmsim-bench [OPTION]...\n"
		"Measures the simulator's paths: ONE_REG through the in-process API, the\n"
		"shim and kvmsim-run's interposer beside a real /dev/kvm system call;\n"
		"snapshot and restore of 1 to 512 vCPUs; VM lifecycle, KVM_RUN MMIO round\n"
		"trips and memory per vCPU; ioeventfd latency, dirty-log rounds and the\n"
		"cost of dirty logging to guest stores; the latency of an SPI (by\n"
		"KVM_IRQ_LINE and by irqfd) into a guest's handler and of an SGI round\n"
		"trip between two vCPUs.  Prints a table, then one line per figure:\n"
		"  figure NAME VALUE UNIT\n"
		"\n"
		"  -k, --kernel=RELEASE    the kernel to model (default: the simulator's)\n"
		"      --kvmsim-run=PATH   kvmsim-run, for the interposer's figures (default:\n"
		"                          $KVMSIM_RUN; none: those figures are left out)\n"
		"      --irq-guest=PATH    the guest of the interrupt figures (bench/guests/\n"
		"                          irq.bin of the build tree; none: those figures\n"
		"                          are left out)\n"
		"      --rounds=N          rounds per figure, the best one counts (default 5)\n"
		"      --quick             short rounds (5 ms instead of 40 ms): a smoke run\n"
		"  -q, --quiet             no progress lines on stderr\n"
		"  -h, --help              this text\n"
		"  -V, --version           the version\n"
		"\n"
		"Exit status: 0 figures printed (met targets or not), 1 a measurement\n"
		"failed, 2 usage error.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "kvmsim-run", required_argument, NULL, 'r' },
		{ "rounds", required_argument, NULL, 'n' },
		{ "irq-guest", required_argument, NULL, 'g' },
		{ "quick", no_argument, NULL, 'Q' },
		{ "child", no_argument, NULL, 'C' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *kernel = NULL, *run_cmd = getenv("KVMSIM_RUN");
	bool child = false;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "k:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			kernel = kvmsim_kernel_lookup(optarg);
			if (!kernel) {
				fprintf(stderr, "kvmsim-bench: '%s' names no modelled kernel\n", optarg);
				return 2;
			}
			break;
		case 'r':
			run_cmd = optarg;
			break;
		case 'n':
			rounds = (unsigned int)strtoul(optarg, &end, 10);
			if (*end || !rounds || rounds > 1000) {
				fprintf(stderr, "kvmsim-bench: --rounds=%s: 1 to 1000\n", optarg);
				return 2;
			}
			break;
		case 'g':
			irq_guest = optarg;
			break;
		case 'Q':
			round_ns = 5e6;
			break;
		case 'C':
			child = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("kvmsim-bench %s\n", kvmsim_version());
			return 0;
		default:
			fprintf(stderr, "Try 'kvmsim-bench --help'.\n");
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "kvmsim-bench: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (child)
		return child_main();
	if (run_cmd && !*run_cmd)
		run_cmd = NULL;
	if (!kernel)
		kernel = kvmsim_kernel_default();
	printf("kvmsim-bench %s: kernel %s, %ld CPUs online, best of %u rounds of ~%.0f ms\n\n",
	       kvmsim_version(), kernel, sysconf(_SC_NPROCESSORS_ONLN), rounds, round_ns / 1e6);
	bench_floor();
	bench_one_reg(kernel, argv[0], run_cmd);
	bench_snapshot(kernel);
	bench_lifecycle(kernel);
	bench_run_loop(kernel);
	bench_memory(kernel);
	bench_interrupts(kernel);
	print_figures();
	return 0;
}
