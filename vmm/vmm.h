/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vmm.h - the reference arm64 VMM, written only against the backend shim
 * (kvmsim/backend.h), so that one source runs guests on the simulator and
 * on real KVM.
 *
 * The machine: RAM at VMM_RAM_BASE, a PL011 UART at VMM_UART_BASE, PSCI
 * 0.2+ over HVC; vCPU 0 starts at the image's load address, the others
 * powered off until the guest starts them with PSCI CPU_ON.  Unless told
 * otherwise, an in-kernel GICv3 (distributor at VMM_GICD_BASE, the vCPUs'
 * redistributors from VMM_GICR_BASE) and a doorbell at VMM_DOORBELL_BASE:
 * a guest write there makes a VMM thread signal an eventfd, which KVM_IRQFD
 * turns into SPI VMM_DOORBELL_SPI.
 */
#ifndef KVMSIM_VMM_VMM_H
#define KVMSIM_VMM_VMM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct kvm_backend_ops;

#define VMM_RAM_BASE		0x40000000ULL
#define VMM_UART_BASE		0x09000000ULL
#define VMM_UART_SIZE		0x1000ULL
#define VMM_MAX_CPUS		64

#define VMM_GICD_BASE		0x08000000ULL
#define VMM_GICR_BASE		0x080a0000ULL	/* 128 KiB per vCPU */
#define VMM_GIC_NR_IRQS		96		/* SGIs, PPIs and 64 SPIs */
#define VMM_DOORBELL_BASE	0x09010000ULL
#define VMM_DOORBELL_SIZE	0x1000ULL
#define VMM_DOORBELL_GSI	5		/* SPI 37 */

/**
 * struct vmm_config - what to run.
 * @kvm:	the backend (kvmsim_backend_get(), or a chosen one).
 * @kernel:	the kernel release the simulator models (NULL: its default).
 * @nr_cpus:	vCPUs, 1 to VMM_MAX_CPUS.
 * @mem_size:	bytes of RAM, a multiple of the page size.
 * @image:	path of a raw guest image.
 * @load_addr:	guest-physical address the image is loaded at and vCPU 0
 *		starts at; inside RAM.
 * @console:	where the UART's output goes.
 * @log:	where the VMM's own messages go (errors, --verbose).
 * @verbose:	report each vCPU's exits to @log.
 * @single_step: run every vCPU one instruction at a time (guest
 *		debugging's single step); each vCPU's number of steps goes
 *		to @log at the end, and with @verbose the PC of each step.
 * @no_gic:	no interrupt controller (nor doorbell): the machine of a VMM
 *		that leaves the GIC to userspace.
 */
struct vmm_config {
	const struct kvm_backend_ops *kvm;
	const char *kernel;
	unsigned int nr_cpus;
	uint64_t mem_size;
	const char *image;
	uint64_t load_addr;
	FILE *console;
	FILE *log;
	bool verbose;
	bool single_step;
	bool no_gic;
};

/* How a guest ended. */
enum vmm_exit {
	VMM_EXIT_SHUTDOWN,	/* PSCI SYSTEM_OFF */
	VMM_EXIT_RESET,		/* PSCI SYSTEM_RESET */
	VMM_EXIT_ERROR,		/* the VMM gave up: the message says why */
};

struct vmm;

/**
 * vmm_create() - a VM with its RAM, image, vCPUs and UART, ready to run.
 * @cfg:	the configuration; copied.
 * @ret_vmm:	the VMM, set only on success.
 *
 * Return: 0, or a negative errno with a message on @cfg->log.
 */
int vmm_create(const struct vmm_config *cfg, struct vmm **ret_vmm);

/**
 * vmm_run() - run the guest, one thread per vCPU, until it powers off,
 * resets, or fails.
 *
 * Return: how it ended; VMM_EXIT_ERROR comes with a message on the log.
 */
enum vmm_exit vmm_run(struct vmm *vmm);

/**
 * vmm_destroy() - free everything vmm_create() made; NULL is fine.
 */
void vmm_destroy(struct vmm *vmm);

/**
 * vmm_steps() - how many single steps vCPU @id took (with @single_step).
 */
uint64_t vmm_steps(const struct vmm *vmm, unsigned int id);

/* The ending's name: "shutdown", "reset" or "error". */
const char *vmm_exit_name(enum vmm_exit exit);

#endif /* KVMSIM_VMM_VMM_H */
