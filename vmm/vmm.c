// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reference arm64 VMM: guest RAM, a raw image, vCPUs with one thread
 * each, a PL011, and the run loop.  Every KVM call goes through the
 * backend shim, so the same code drives the simulator and real KVM.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "kvmsim/backend.h"
#include "pl011.h"
#include "vmm.h"

/* Sent to a vCPU thread to get it out of KVM_RUN when the guest stops. */
#define VMM_KICK_SIGNAL	SIGUSR1

#define PAGE_SIZE	4096ULL

#ifndef KVM_CAP_ARM_NISV_TO_USER
#define KVM_CAP_ARM_NISV_TO_USER 177
#endif

#define REG_PC	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
		 KVM_REG_ARM_CORE_REG(regs.pc))

/* The exception class of a KVM_EXIT_DEBUG's syndrome: a software step. */
#define ESR_EC(esr)		((esr) >> 26)
#define ESR_EC_SOFTSTP_LOW	0x32
#define ESR_EC_BRK64		0x3c

struct vmm_vcpu {
	struct vmm *vmm;
	unsigned int id;
	int fd;
	struct kvm_run *run;
	pthread_t thread;
	bool thread_started;
	uint64_t steps;
};

struct vmm {
	struct vmm_config cfg;
	const struct kvm_backend_ops *kvm;
	int sys, vm;
	void *ram;
	size_t run_size;
	struct pl011 uart;
	int gic;			/* the vGIC's device fd, or -1 */
	int doorbell;			/* the eventfd wired to the doorbell SPI */
	int doorbell_pipe[2];		/* vCPU threads -> the doorbell thread */
	pthread_t doorbell_thread;
	bool doorbell_started;
	pthread_mutex_t lock;		/* guards stopping and exit */
	bool stopping;
	enum vmm_exit exit;
	unsigned int nr_vcpus;		/* created so far */
	struct vmm_vcpu vcpus[];
};

static __attribute__((format(printf, 2, 3))) void vmm_log(struct vmm *vmm, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(vmm->cfg.log, fmt, ap);
	va_end(ap);
	fputc('\n', vmm->cfg.log);
	fflush(vmm->cfg.log);
}

/* Logs "what: strerror" and returns -errno, for the set-up steps. */
static int vmm_fail(struct vmm *vmm, const char *what)
{
	int err = errno;

	vmm_log(vmm, "%s: %s", what, strerror(err));
	return -err;
}

const char *vmm_exit_name(enum vmm_exit exit)
{
	switch (exit) {
	case VMM_EXIT_SHUTDOWN:
		return "shutdown";
	case VMM_EXIT_RESET:
		return "reset";
	default:
		return "error";
	}
}

/* ---- set-up ------------------------------------------------------------ */

static int setup_ram(struct vmm *vmm)
{
	const struct vmm_config *cfg = &vmm->cfg;
	struct kvm_userspace_memory_region region;

	vmm->ram = mmap(NULL, cfg->mem_size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vmm->ram == MAP_FAILED) {
		vmm->ram = NULL;
		return vmm_fail(vmm, "guest RAM");
	}
	region = (struct kvm_userspace_memory_region){
		.slot = 0,
		.guest_phys_addr = VMM_RAM_BASE,
		.memory_size = cfg->mem_size,
		.userspace_addr = (uintptr_t)vmm->ram,
	};
	if (vmm->kvm->ioctl(vmm->vm, KVM_SET_USER_MEMORY_REGION, (unsigned long)&region))
		return vmm_fail(vmm, "KVM_SET_USER_MEMORY_REGION");
	return 0;
}

static int load_image(struct vmm *vmm)
{
	const struct vmm_config *cfg = &vmm->cfg;
	uint64_t offset = cfg->load_addr - VMM_RAM_BASE;
	struct stat st;
	ssize_t n = 0;
	size_t done = 0;
	int fd, r = 0;

	if (cfg->load_addr < VMM_RAM_BASE || offset >= cfg->mem_size) {
		vmm_log(vmm, "load address %#llx is outside RAM [%#llx, %#llx)",
			(unsigned long long)cfg->load_addr, VMM_RAM_BASE,
			(unsigned long long)(VMM_RAM_BASE + cfg->mem_size));
		return -EINVAL;
	}
	fd = open(cfg->image, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		r = -errno;
		vmm_log(vmm, "guest image %s: %s", cfg->image, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size == 0 ||
	    (uint64_t)st.st_size > cfg->mem_size - offset) {
		vmm_log(vmm, "guest image %s: %s (%lld bytes; room at %#llx: %llu)", cfg->image,
			S_ISREG(st.st_mode) && st.st_size ? "does not fit in RAM" : "not a raw image",
			(long long)st.st_size, (unsigned long long)cfg->load_addr,
			(unsigned long long)(cfg->mem_size - offset));
		r = -EINVAL;
		goto out;
	}
	while (done < (size_t)st.st_size) {
		n = read(fd, (char *)vmm->ram + offset + done, (size_t)st.st_size - done);
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (done < (size_t)st.st_size) {
		r = n < 0 ? -errno : -EIO;
		vmm_log(vmm, "guest image %s: %s", cfg->image, strerror(-r));
	}
out:
	if (fd >= 0)
		close(fd);
	return r;
}

static int set_reg(struct vmm_vcpu *vcpu, uint64_t id, uint64_t value)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&value };

	return vcpu->vmm->kvm->ioctl(vcpu->fd, KVM_SET_ONE_REG, (unsigned long)&reg);
}

static int get_reg(struct vmm_vcpu *vcpu, uint64_t id, uint64_t *value)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)value };

	return vcpu->vmm->kvm->ioctl(vcpu->fd, KVM_GET_ONE_REG, (unsigned long)&reg);
}

/*
 * vCPU 0 starts at the image; the others are created powered off, for the
 * guest to start with PSCI CPU_ON as firmware would.
 */
static int setup_vcpu(struct vmm *vmm, const struct kvm_vcpu_init *target, unsigned int id)
{
	struct vmm_vcpu *vcpu = &vmm->vcpus[id];
	struct kvm_vcpu_init init = *target;
	char what[64];

	vcpu->vmm = vmm;
	vcpu->id = id;
	vcpu->fd = vmm->kvm->ioctl(vmm->vm, KVM_CREATE_VCPU, id);
	if (vcpu->fd < 0)
		return vmm_fail(vmm, "KVM_CREATE_VCPU");
	vmm->nr_vcpus++;
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (id)
		init.features[0] |= 1u << KVM_ARM_VCPU_POWER_OFF;
	snprintf(what, sizeof(what), "vCPU %u: KVM_ARM_VCPU_INIT", id);
	if (vmm->kvm->ioctl(vcpu->fd, KVM_ARM_VCPU_INIT, (unsigned long)&init))
		return vmm_fail(vmm, what);
	vcpu->run = vmm->kvm->mmap(NULL, vmm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
				   vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED) {
		vcpu->run = NULL;
		return vmm_fail(vmm, "mmap of kvm_run");
	}
	snprintf(what, sizeof(what), "vCPU %u: KVM_SET_ONE_REG pc", id);
	if (!id && set_reg(vcpu, REG_PC, vmm->cfg.load_addr))
		return vmm_fail(vmm, what);
	if (vmm->cfg.single_step) {
		struct kvm_guest_debug dbg = {
			.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP,
		};

		snprintf(what, sizeof(what), "vCPU %u: KVM_SET_GUEST_DEBUG", id);
		if (vmm->kvm->ioctl(vcpu->fd, KVM_SET_GUEST_DEBUG, (unsigned long)&dbg))
			return vmm_fail(vmm, what);
	}
	return 0;
}

static int setup_vcpus(struct vmm *vmm)
{
	struct kvm_vcpu_init target;
	long size;
	int r;

	size = vmm->kvm->ioctl(vmm->sys, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < 0)
		return vmm_fail(vmm, "KVM_GET_VCPU_MMAP_SIZE");
	vmm->run_size = (size_t)size;
	memset(&target, 0, sizeof(target));
	if (vmm->kvm->ioctl(vmm->vm, KVM_ARM_PREFERRED_TARGET, (unsigned long)&target))
		return vmm_fail(vmm, "KVM_ARM_PREFERRED_TARGET");
	for (unsigned int id = 0; id < vmm->cfg.nr_cpus; id++) {
		r = setup_vcpu(vmm, &target, id);
		if (r)
			return r;
	}
	return 0;
}

static int gic_set_attr(struct vmm *vmm, uint32_t group, uint64_t attr, void *value,
			const char *what)
{
	struct kvm_device_attr a = { .group = group, .attr = attr, .addr = (uintptr_t)value };

	if (vmm->kvm->ioctl(vmm->gic, KVM_SET_DEVICE_ATTR, (unsigned long)&a))
		return vmm_fail(vmm, what);
	return 0;
}

/*
 * The GICv3, made as a VMM makes it once its vCPUs exist: the device, its
 * frames, the number of interrupts, then INIT.  The doorbell's eventfd is
 * then wired to its SPI with KVM_IRQFD.
 */
static int setup_gic(struct vmm *vmm)
{
	struct kvm_create_device dev = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };
	uint64_t dist = VMM_GICD_BASE, redist = VMM_GICR_BASE;
	uint32_t nr_irqs = VMM_GIC_NR_IRQS;
	struct kvm_irqfd irqfd;
	int r;

	if (vmm->kvm->ioctl(vmm->vm, KVM_CREATE_DEVICE, (unsigned long)&dev))
		return vmm_fail(vmm, "KVM_CREATE_DEVICE GICv3");
	vmm->gic = (int)dev.fd;
	r = gic_set_attr(vmm, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, &dist,
			 "GICv3 distributor address");
	if (!r)
		r = gic_set_attr(vmm, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST,
				 &redist, "GICv3 redistributor address");
	if (!r)
		r = gic_set_attr(vmm, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr_irqs,
				 "GICv3 number of interrupts");
	if (!r)
		r = gic_set_attr(vmm, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, NULL,
				 "GICv3 INIT");
	if (r)
		return r;

	vmm->doorbell = eventfd(0, EFD_CLOEXEC);
	if (vmm->doorbell < 0)
		return vmm_fail(vmm, "doorbell eventfd");
	if (pipe2(vmm->doorbell_pipe, O_CLOEXEC)) {
		vmm->doorbell_pipe[0] = vmm->doorbell_pipe[1] = -1;
		return vmm_fail(vmm, "doorbell pipe");
	}
	irqfd = (struct kvm_irqfd){ .fd = (uint32_t)vmm->doorbell, .gsi = VMM_DOORBELL_GSI };
	if (vmm->kvm->ioctl(vmm->vm, KVM_IRQFD, (unsigned long)&irqfd))
		return vmm_fail(vmm, "KVM_IRQFD for the doorbell");
	return 0;
}

/*
 * The doorbell's thread: for each ring a vCPU passes on (a byte on the
 * pipe), one write to the eventfd, from a thread that is not the vCPU's,
 * as a VMM's device back end signals its interrupt.  A closed pipe ends it.
 */
static void *doorbell_thread(void *arg)
{
	struct vmm *vmm = arg;
	uint64_t one = 1;
	char c;

	for (;;) {
		ssize_t n = read(vmm->doorbell_pipe[0], &c, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (write(vmm->doorbell, &one, sizeof(one)) != sizeof(one))
			vmm_log(vmm, "doorbell: eventfd write: %s", strerror(errno));
	}
	return NULL;
}

static int check_config(const struct vmm_config *cfg)
{
	if (!cfg->kvm || !cfg->image || !cfg->console || !cfg->log)
		return -EINVAL;
	if (!cfg->nr_cpus || cfg->nr_cpus > VMM_MAX_CPUS) {
		fprintf(cfg->log, "%u vCPUs: the VMM runs 1 to %u\n", cfg->nr_cpus, VMM_MAX_CPUS);
		return -EINVAL;
	}
	if (!cfg->mem_size || cfg->mem_size % PAGE_SIZE) {
		fprintf(cfg->log, "%llu bytes of RAM: must be a non-zero multiple of %llu\n",
			(unsigned long long)cfg->mem_size, PAGE_SIZE);
		return -EINVAL;
	}
	return 0;
}

int vmm_create(const struct vmm_config *cfg, struct vmm **ret_vmm)
{
	struct vmm *vmm;
	int r;

	r = check_config(cfg);
	if (r)
		return r;
	vmm = calloc(1, sizeof(*vmm) + cfg->nr_cpus * sizeof(vmm->vcpus[0]));
	if (!vmm)
		return -ENOMEM;
	vmm->cfg = *cfg;
	vmm->kvm = cfg->kvm;
	vmm->vm = -1;
	vmm->gic = vmm->doorbell = -1;
	vmm->doorbell_pipe[0] = vmm->doorbell_pipe[1] = -1;
	pthread_mutex_init(&vmm->lock, NULL);
	pl011_init(&vmm->uart, cfg->console);

	vmm->sys = vmm->kvm->open(cfg->kernel, O_RDWR | O_CLOEXEC);
	if (vmm->sys < 0) {
		r = vmm_fail(vmm, "/dev/kvm");
		goto out_destroy;
	}
	vmm->vm = vmm->kvm->ioctl(vmm->sys, KVM_CREATE_VM, 0);
	if (vmm->vm < 0) {
		r = vmm_fail(vmm, "KVM_CREATE_VM");
		goto out_destroy;
	}
	/* A guest access KVM cannot decode is then an exit to report, not a failed KVM_RUN. */
	if (vmm->kvm->ioctl(vmm->vm, KVM_CHECK_EXTENSION, KVM_CAP_ARM_NISV_TO_USER) > 0) {
		struct kvm_enable_cap cap = { .cap = KVM_CAP_ARM_NISV_TO_USER };

		if (vmm->kvm->ioctl(vmm->vm, KVM_ENABLE_CAP, (unsigned long)&cap)) {
			r = vmm_fail(vmm, "KVM_ENABLE_CAP ARM_NISV_TO_USER");
			goto out_destroy;
		}
	}
	r = setup_ram(vmm);
	if (!r)
		r = load_image(vmm);
	if (!r)
		r = setup_vcpus(vmm);
	if (!r && !cfg->no_gic)
		r = setup_gic(vmm);
	if (r)
		goto out_destroy;
	*ret_vmm = vmm;
	return 0;

out_destroy:
	vmm_destroy(vmm);
	return r;
}

void vmm_destroy(struct vmm *vmm)
{
	if (!vmm)
		return;
	for (unsigned int i = 0; i < vmm->nr_vcpus; i++) {
		if (vmm->vcpus[i].run)
			vmm->kvm->munmap(vmm->vcpus[i].run, vmm->run_size);
		vmm->kvm->close(vmm->vcpus[i].fd);
	}
	if (vmm->gic >= 0)
		vmm->kvm->close(vmm->gic);
	for (int i = 0; i < 2; i++)
		if (vmm->doorbell_pipe[i] >= 0)
			close(vmm->doorbell_pipe[i]);
	if (vmm->doorbell >= 0)
		close(vmm->doorbell);
	if (vmm->ram)
		munmap(vmm->ram, vmm->cfg.mem_size);
	if (vmm->vm >= 0)
		vmm->kvm->close(vmm->vm);
	if (vmm->sys >= 0)
		vmm->kvm->close(vmm->sys);
	pl011_destroy(&vmm->uart);
	pthread_mutex_destroy(&vmm->lock);
	free(vmm);
}

/* ---- running ----------------------------------------------------------- */

static bool vmm_stopping(struct vmm *vmm)
{
	bool stopping;

	pthread_mutex_lock(&vmm->lock);
	stopping = vmm->stopping;
	pthread_mutex_unlock(&vmm->lock);
	return stopping;
}

/*
 * The first ending wins.  Every other vCPU is told to leave KVM_RUN:
 * immediate_exit for one about to enter it, a signal for one inside.
 */
static void vmm_stop(struct vmm *vmm, enum vmm_exit exit)
{
	pthread_mutex_lock(&vmm->lock);
	if (!vmm->stopping) {
		vmm->stopping = true;
		vmm->exit = exit;
	}
	for (unsigned int i = 0; i < vmm->nr_vcpus; i++) {
		struct vmm_vcpu *vcpu = &vmm->vcpus[i];

		__atomic_store_n(&vcpu->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
		if (vcpu->thread_started && !pthread_equal(vcpu->thread, pthread_self()))
			pthread_kill(vcpu->thread, VMM_KICK_SIGNAL);
	}
	pthread_mutex_unlock(&vmm->lock);
}

static __attribute__((format(printf, 2, 3))) void vcpu_error(struct vmm_vcpu *vcpu,
							      const char *fmt, ...)
{
	uint64_t pc = 0;
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pl011_finish(&vcpu->vmm->uart);
	if (get_reg(vcpu, REG_PC, &pc))
		vmm_log(vcpu->vmm, "vCPU %u: %s", vcpu->id, msg);
	else
		vmm_log(vcpu->vmm, "vCPU %u: %s (pc %#llx)", vcpu->id, msg, (unsigned long long)pc);
	vmm_stop(vcpu->vmm, VMM_EXIT_ERROR);
}

static void handle_mmio(struct vmm_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	uint64_t addr = run->mmio.phys_addr;

	if (addr >= VMM_UART_BASE && addr + run->mmio.len <= VMM_UART_BASE + VMM_UART_SIZE) {
		pl011_mmio(&vcpu->vmm->uart, addr - VMM_UART_BASE, run->mmio.data, run->mmio.len,
			   run->mmio.is_write);
		return;
	}
	/* The doorbell: any write rings it, reads are 0. */
	if (vcpu->vmm->doorbell >= 0 && addr >= VMM_DOORBELL_BASE &&
	    addr + run->mmio.len <= VMM_DOORBELL_BASE + VMM_DOORBELL_SIZE) {
		if (!run->mmio.is_write)
			memset(run->mmio.data, 0, run->mmio.len);
		else if (write(vcpu->vmm->doorbell_pipe[1], "r", 1) != 1)
			vcpu_error(vcpu, "doorbell: %s", strerror(errno));
		return;
	}
	vcpu_error(vcpu, "%u-byte MMIO %s at %#llx: no device there", run->mmio.len,
		   run->mmio.is_write ? "write" : "read", (unsigned long long)addr);
}

static void handle_system_event(struct vmm_vcpu *vcpu)
{
	struct vmm *vmm = vcpu->vmm;

	switch (vcpu->run->system_event.type) {
	case KVM_SYSTEM_EVENT_SHUTDOWN:
		if (vmm->cfg.verbose)
			vmm_log(vmm, "vCPU %u: guest powered off", vcpu->id);
		vmm_stop(vmm, VMM_EXIT_SHUTDOWN);
		break;
	case KVM_SYSTEM_EVENT_RESET:
		if (vmm->cfg.verbose)
			vmm_log(vmm, "vCPU %u: guest asked for a reset", vcpu->id);
		vmm_stop(vmm, VMM_EXIT_RESET);
		break;
	default:
		vcpu_error(vcpu, "system event %u not handled", vcpu->run->system_event.type);
	}
}

/*
 * A debug exit: with --single-step, each software step is one guest
 * instruction done (KVM reports the ones it completes itself, MMIO and
 * hypercalls, the same way).  Anything else is a debug event this VMM did
 * not ask for: a guest BRK, which KVM hands to userspace while debugging.
 */
static void handle_debug(struct vmm_vcpu *vcpu)
{
	uint32_t esr = vcpu->run->debug.arch.hsr;
	uint64_t pc = 0;

	if (ESR_EC(esr) != ESR_EC_SOFTSTP_LOW) {
		if (ESR_EC(esr) == ESR_EC_BRK64)
			vcpu_error(vcpu, "guest BRK #%#x while debugging", esr & 0xffff);
		else
			vcpu_error(vcpu, "debug exit (ESR %#x) not handled", esr);
		return;
	}
	vcpu->steps++;
	if (vcpu->vmm->cfg.verbose && !get_reg(vcpu, REG_PC, &pc))
		vmm_log(vcpu->vmm, "vCPU %u: step %llu: pc %#llx", vcpu->id,
			(unsigned long long)vcpu->steps, (unsigned long long)pc);
}

/* One exit from KVM_RUN; false when this vCPU is done. */
static bool handle_exit(struct vmm_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;

	switch (run->exit_reason) {
	case KVM_EXIT_MMIO:
		handle_mmio(vcpu);
		break;
	case KVM_EXIT_SYSTEM_EVENT:
		handle_system_event(vcpu);
		break;
	case KVM_EXIT_ARM_NISV:
		vcpu_error(vcpu, "guest access at IPA %#llx that KVM cannot decode "
			   "(ESR ISS %#llx): a load/store pair or writeback form on MMIO?",
			   (unsigned long long)run->arm_nisv.fault_ipa,
			   (unsigned long long)run->arm_nisv.esr_iss);
		break;
	case KVM_EXIT_FAIL_ENTRY:
		vcpu_error(vcpu, "KVM could not enter the guest (reason %#llx)",
			   (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		break;
	case KVM_EXIT_DEBUG:
		handle_debug(vcpu);
		break;
	case KVM_EXIT_INTR:
		break;
	default:
		vcpu_error(vcpu, "exit reason %u not handled", run->exit_reason);
	}
	return !vmm_stopping(vcpu->vmm);
}

static void *vcpu_thread(void *arg)
{
	struct vmm_vcpu *vcpu = arg;
	struct vmm *vmm = vcpu->vmm;

	while (!vmm_stopping(vmm)) {
		if (vmm->kvm->ioctl(vcpu->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			vcpu_error(vcpu, "KVM_RUN: %s", strerror(errno));
			break;
		}
		if (vmm->cfg.verbose)
			vmm_log(vmm, "vCPU %u: exit %u", vcpu->id, vcpu->run->exit_reason);
		if (!handle_exit(vcpu))
			break;
	}
	return NULL;
}

static void kick_handler(int sig)
{
	(void)sig;
}

enum vmm_exit vmm_run(struct vmm *vmm)
{
	struct sigaction sa = { .sa_handler = kick_handler };
	unsigned int i;
	int r;

	/* No SA_RESTART: the kick must end KVM_RUN with EINTR. */
	sigemptyset(&sa.sa_mask);
	sigaction(VMM_KICK_SIGNAL, &sa, NULL);
	if (vmm->doorbell >= 0) {
		r = pthread_create(&vmm->doorbell_thread, NULL, doorbell_thread, vmm);
		if (r) {
			vmm_log(vmm, "doorbell thread: %s", strerror(r));
			return VMM_EXIT_ERROR;
		}
		vmm->doorbell_started = true;
	}
	pthread_mutex_lock(&vmm->lock);
	for (i = 0; i < vmm->nr_vcpus; i++) {
		r = pthread_create(&vmm->vcpus[i].thread, NULL, vcpu_thread, &vmm->vcpus[i]);
		if (r) {
			vmm_log(vmm, "vCPU %u: thread: %s", i, strerror(r));
			break;
		}
		vmm->vcpus[i].thread_started = true;
	}
	pthread_mutex_unlock(&vmm->lock);
	if (i < vmm->nr_vcpus)
		vmm_stop(vmm, VMM_EXIT_ERROR);
	for (i = 0; i < vmm->nr_vcpus; i++)
		if (vmm->vcpus[i].thread_started)
			pthread_join(vmm->vcpus[i].thread, NULL);
	if (vmm->doorbell_started) {
		close(vmm->doorbell_pipe[1]);
		vmm->doorbell_pipe[1] = -1;
		pthread_join(vmm->doorbell_thread, NULL);
		vmm->doorbell_started = false;
	}
	pl011_finish(&vmm->uart);
	if (vmm->cfg.single_step)
		for (i = 0; i < vmm->nr_vcpus; i++)
			vmm_log(vmm, "vCPU %u: %llu single steps", i,
				(unsigned long long)vmm->vcpus[i].steps);
	return vmm->exit;
}

uint64_t vmm_steps(const struct vmm *vmm, unsigned int id)
{
	return id < vmm->nr_vcpus ? vmm->vcpus[id].steps : 0;
}
