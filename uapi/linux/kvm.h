/* SPDX-License-Identifier: MIT */
/*
 * kvmsim - the KVM userspace ABI (/dev/kvm), as seen by an arm64 VMM.
 *
 * kvmsim's own description of what Linux exports in <linux/kvm.h>: ioctl
 * numbers, capability numbers, exit reasons, and the structs passed through
 * ioctls or shared through mmap (struct kvm_run).  Combined with our
 * <asm/kvm.h> it gives, on any host, the ABI of an arm64 Linux 6.12 kernel
 * (a superset of 6.1).  Names, numbers and layouts are the kernel's, so VMM
 * source builds unchanged; the text is written for kvmsim.
 *
 * How to use it: write "#include <linux/kvm.h>" as for real KVM.
 *   - On a host that is not arm64, compile with -I$(top_srcdir)/uapi: this
 *     file, <asm/kvm.h> and <linux/psci.h> then come from uapi/, everything
 *     else (linux/types.h, linux/ioctl.h, ...) from the system.
 *   - On an arm64 host, leave the -I out and the system's headers are used.
 * tests/abi/check-abi.sh proves both give identical values and layouts.
 *
 * Scope: the generic ABI plus everything arm64 uses.  Structs, ioctls and
 * constants that only x86, s390, PowerPC, MIPS, RISC-V or LoongArch use are
 * left out, except where a shared layout needs them (all members of the
 * kvm_run exit union are kept, so sizes and offsets match for every exit
 * reason).  KVM_EXIT_* and KVM_CAP_* are the full lists an arm64 build of
 * the kernel's header sees, since their numbers are shared by all.
 */
#ifndef KVMSIM_UAPI_LINUX_KVM_H
#define KVMSIM_UAPI_LINUX_KVM_H

#include <linux/const.h>
#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/ioctl.h>
#include <asm/kvm.h>

/* Every architecture supports KVM_SET_GUEST_DEBUG; kept for #ifdef users. */
#define __KVM_HAVE_GUEST_DEBUG

/* What KVM_GET_API_VERSION returns; it has not changed since 2007. */
#define KVM_API_VERSION 12

/* The ioctl "type" byte of every KVM ioctl. */
#define KVMIO 0xAE

/* ====================================================================== */
/* Memory slots: KVM_SET_USER_MEMORY_REGION(2)                             */
/* ====================================================================== */

/**
 * struct kvm_userspace_memory_region - map host memory into the guest.
 * @slot:            slot number; with KVM_CAP_MULTI_ADDRESS_SPACE the high
 *                   16 bits select the address space.
 * @flags:           KVM_MEM_* flags.
 * @guest_phys_addr: guest physical address of the slot (page aligned).
 * @memory_size:     size in bytes (page multiple); 0 deletes the slot.
 * @userspace_addr:  start of the backing memory in the VMM (page aligned).
 */
struct kvm_userspace_memory_region {
	__u32 slot;
	__u32 flags;
	__u64 guest_phys_addr;
	__u64 memory_size;
	__u64 userspace_addr;
};

/**
 * struct kvm_userspace_memory_region2 - KVM_SET_USER_MEMORY_REGION2
 * (KVM_CAP_USER_MEMORY2): the same, plus guest_memfd backing.
 * @slot:               as in struct kvm_userspace_memory_region.
 * @flags:              KVM_MEM_* flags.
 * @guest_phys_addr:    as in struct kvm_userspace_memory_region.
 * @memory_size:        as in struct kvm_userspace_memory_region.
 * @userspace_addr:     as in struct kvm_userspace_memory_region.
 * @guest_memfd_offset: offset into @guest_memfd (KVM_MEM_GUEST_MEMFD).
 * @guest_memfd:        fd from KVM_CREATE_GUEST_MEMFD (KVM_MEM_GUEST_MEMFD).
 * @pad1:               must be zero.
 * @pad2:               must be zero.
 */
struct kvm_userspace_memory_region2 {
	__u32 slot;
	__u32 flags;
	__u64 guest_phys_addr;
	__u64 memory_size;
	__u64 userspace_addr;
	__u64 guest_memfd_offset;
	__u32 guest_memfd;
	__u32 pad1;
	__u64 pad2[14];
};

/* Memory slot flags (bits 0-15 are userspace's). */
#define KVM_MEM_LOG_DIRTY_PAGES	(1UL << 0)	/* track writes for KVM_GET_DIRTY_LOG */
#define KVM_MEM_READONLY	(1UL << 1)	/* guest writes exit as MMIO */
#define KVM_MEM_GUEST_MEMFD	(1UL << 2)	/* private memory from guest_memfd */

/* ====================================================================== */
/* Memory attributes, guest_memfd, pre-faulting                            */
/* ====================================================================== */

/* kvm_memory_attributes.attributes: the range is private guest memory. */
#define KVM_MEMORY_ATTRIBUTE_PRIVATE	(1ULL << 3)

/**
 * struct kvm_memory_attributes - KVM_SET_MEMORY_ATTRIBUTES argument.
 * @address:    guest physical start (page aligned).
 * @size:       length in bytes (page multiple).
 * @attributes: KVM_MEMORY_ATTRIBUTE_* to set on the range.
 * @flags:      must be zero.
 */
struct kvm_memory_attributes {
	__u64 address;
	__u64 size;
	__u64 attributes;
	__u64 flags;
};

/**
 * struct kvm_create_guest_memfd - KVM_CREATE_GUEST_MEMFD argument.
 * @size:     size of the new file in bytes.
 * @flags:    must be zero.
 * @reserved: must be zero.
 */
struct kvm_create_guest_memfd {
	__u64 size;
	__u64 flags;
	__u64 reserved[6];
};

/**
 * struct kvm_pre_fault_memory - KVM_PRE_FAULT_MEMORY argument (vCPU fd).
 * @gpa:     guest physical start; advanced by what was done.
 * @size:    bytes left to map; decreased by what was done.
 * @flags:   must be zero.
 * @padding: must be zero.
 */
struct kvm_pre_fault_memory {
	__u64 gpa;
	__u64 size;
	__u64 flags;
	__u64 padding[5];
};

/* ====================================================================== */
/* Interrupts: KVM_IRQ_LINE, irqfd, MSI, GSI routing                       */
/* ====================================================================== */

/**
 * struct kvm_irq_level - KVM_IRQ_LINE / KVM_IRQ_LINE_STATUS argument.
 * @irq:    interrupt to drive; on arm64 encoded with KVM_ARM_IRQ_* fields.
 * @status: KVM_IRQ_LINE_STATUS result (shares storage with @irq).
 * @level:  1 to assert, 0 to deassert.
 */
struct kvm_irq_level {
	union {
		__u32 irq;
		__s32 status;
	};
	__u32 level;
};

/**
 * struct kvm_irqchip - KVM_GET/SET_IRQCHIP argument (x86 PIC/IOAPIC state;
 * arm64 saves its VGIC through device attributes instead).
 * @chip_id:    which chip.
 * @pad:        padding.
 * @chip.dummy: room for the chip state.
 */
struct kvm_irqchip {
	__u32 chip_id;
	__u32 pad;
	union {
		char dummy[512];
	} chip;
};

/* kvm_irqfd.flags */
#define KVM_IRQFD_FLAG_DEASSIGN	(1 << 0)	/* detach the eventfd */
#define KVM_IRQFD_FLAG_RESAMPLE	(1 << 1)	/* level-triggered, uses resamplefd */

/**
 * struct kvm_irqfd - KVM_IRQFD: an eventfd whose signal injects an interrupt.
 * @fd:         the eventfd.
 * @gsi:        interrupt (on arm64 with a VGIC: the SPI number minus 32, or a
 *              GSI routing entry).
 * @flags:      KVM_IRQFD_FLAG_*.
 * @resamplefd: eventfd KVM signals when a level interrupt is acknowledged.
 * @pad:        must be zero.
 */
struct kvm_irqfd {
	__u32 fd;
	__u32 gsi;
	__u32 flags;
	__u32 resamplefd;
	__u8 pad[16];
};

/* kvm_msi.flags: @devid is valid (needed by the GICv3 ITS). */
#define KVM_MSI_VALID_DEVID	(1U << 0)

/**
 * struct kvm_msi - KVM_SIGNAL_MSI: inject one message-signalled interrupt.
 * @address_lo: low 32 bits of the doorbell address.
 * @address_hi: high 32 bits of the doorbell address.
 * @data:       message payload (the event id for an ITS).
 * @flags:      KVM_MSI_VALID_DEVID.
 * @devid:      requester id of the device.
 * @pad:        must be zero.
 */
struct kvm_msi {
	__u32 address_lo;
	__u32 address_hi;
	__u32 data;
	__u32 flags;
	__u32 devid;
	__u8 pad[12];
};

/* GSI routing entry types (kvm_irq_routing_entry.type). */
#define KVM_IRQ_ROUTING_IRQCHIP		1
#define KVM_IRQ_ROUTING_MSI		2
#define KVM_IRQ_ROUTING_S390_ADAPTER	3
#define KVM_IRQ_ROUTING_HV_SINT		4
#define KVM_IRQ_ROUTING_XEN_EVTCHN	5

/**
 * struct kvm_irq_routing_irqchip - route a GSI to an irqchip pin.
 * @irqchip: irqchip index (0: the VGIC).
 * @pin:     pin of that irqchip (on arm64: the SPI number minus 32).
 */
struct kvm_irq_routing_irqchip {
	__u32 irqchip;
	__u32 pin;
};

/**
 * struct kvm_irq_routing_msi - route a GSI to an MSI.
 * @address_lo: low 32 bits of the doorbell address.
 * @address_hi: high 32 bits of the doorbell address.
 * @data:       payload.
 * @pad:        unused unless @devid is.
 * @devid:      requester id, with KVM_MSI_VALID_DEVID in the entry's flags.
 */
struct kvm_irq_routing_msi {
	__u32 address_lo;
	__u32 address_hi;
	__u32 data;
	union {
		__u32 pad;
		__u32 devid;
	};
};

/**
 * struct kvm_irq_routing_s390_adapter - s390 adapter interrupt route.
 * @ind_addr:       indicator address.
 * @summary_addr:   summary indicator address.
 * @ind_offset:     indicator bit offset.
 * @summary_offset: summary bit offset.
 * @adapter_id:     adapter id.
 */
struct kvm_irq_routing_s390_adapter {
	__u64 ind_addr;
	__u64 summary_addr;
	__u64 ind_offset;
	__u32 summary_offset;
	__u32 adapter_id;
};

/**
 * struct kvm_irq_routing_hv_sint - Hyper-V synthetic interrupt route.
 * @vcpu: target vCPU.
 * @sint: synthetic interrupt source.
 */
struct kvm_irq_routing_hv_sint {
	__u32 vcpu;
	__u32 sint;
};

/* kvm_irq_routing_xen_evtchn.priority for 2-level event channels. */
#define KVM_IRQ_ROUTING_XEN_EVTCHN_PRIO_2LEVEL ((__u32)(-1))

/**
 * struct kvm_irq_routing_xen_evtchn - Xen event channel route.
 * @port:     event channel port.
 * @vcpu:     target vCPU.
 * @priority: KVM_IRQ_ROUTING_XEN_EVTCHN_PRIO_2LEVEL.
 */
struct kvm_irq_routing_xen_evtchn {
	__u32 port;
	__u32 vcpu;
	__u32 priority;
};

/**
 * struct kvm_irq_routing_entry - one GSI route.
 * @gsi:   the GSI being routed.
 * @type:  KVM_IRQ_ROUTING_*, selects the member of @u.
 * @flags: KVM_MSI_VALID_DEVID for MSI routes.
 * @pad:   must be zero.
 * @u:     the route itself; @u.pad fixes the union's size.
 */
struct kvm_irq_routing_entry {
	__u32 gsi;
	__u32 type;
	__u32 flags;
	__u32 pad;
	union {
		struct kvm_irq_routing_irqchip irqchip;
		struct kvm_irq_routing_msi msi;
		struct kvm_irq_routing_s390_adapter adapter;
		struct kvm_irq_routing_hv_sint hv_sint;
		struct kvm_irq_routing_xen_evtchn xen_evtchn;
		__u32 pad[8];
	} u;
};

/**
 * struct kvm_irq_routing - KVM_SET_GSI_ROUTING: replace the routing table.
 * @nr:      number of @entries.
 * @flags:   must be zero.
 * @entries: the routes.
 */
struct kvm_irq_routing {
	__u32 nr;
	__u32 flags;
	struct kvm_irq_routing_entry entries[];
};

/* ====================================================================== */
/* ioeventfd: KVM_IOEVENTFD                                                */
/* ====================================================================== */

/* Bit numbers of the kvm_ioeventfd.flags below. */
enum {
	kvm_ioeventfd_flag_nr_datamatch,
	kvm_ioeventfd_flag_nr_pio,
	kvm_ioeventfd_flag_nr_deassign,
	kvm_ioeventfd_flag_nr_virtio_ccw_notify,
	kvm_ioeventfd_flag_nr_fast_mmio,
	kvm_ioeventfd_flag_nr_max,
};

#define KVM_IOEVENTFD_FLAG_DATAMATCH	(1 << kvm_ioeventfd_flag_nr_datamatch)
#define KVM_IOEVENTFD_FLAG_PIO		(1 << kvm_ioeventfd_flag_nr_pio)
#define KVM_IOEVENTFD_FLAG_DEASSIGN	(1 << kvm_ioeventfd_flag_nr_deassign)
#define KVM_IOEVENTFD_FLAG_VIRTIO_CCW_NOTIFY \
	(1 << kvm_ioeventfd_flag_nr_virtio_ccw_notify)

#define KVM_IOEVENTFD_VALID_FLAG_MASK	((1 << kvm_ioeventfd_flag_nr_max) - 1)

/**
 * struct kvm_ioeventfd - signal an eventfd instead of exiting on a write.
 * @datamatch: with KVM_IOEVENTFD_FLAG_DATAMATCH, only writes of this value.
 * @addr:      guest physical (MMIO) or port (PIO) address.
 * @len:       1, 2, 4 or 8 bytes; 0 matches any length.
 * @fd:        the eventfd.
 * @flags:     KVM_IOEVENTFD_FLAG_*.
 * @pad:       must be zero.
 */
struct kvm_ioeventfd {
	__u64 datamatch;
	__u64 addr;
	__u32 len;
	__s32 fd;
	__u32 flags;
	__u8 pad[36];
};

/* ====================================================================== */
/* KVM_RUN: exit reasons and struct kvm_run                                */
/* ====================================================================== */

/* kvm_run.exit_reason: why KVM_RUN returned to userspace. */
#define KVM_EXIT_UNKNOWN		0
#define KVM_EXIT_EXCEPTION		1
#define KVM_EXIT_IO			2
#define KVM_EXIT_HYPERCALL		3
#define KVM_EXIT_DEBUG			4
#define KVM_EXIT_HLT			5
#define KVM_EXIT_MMIO			6
#define KVM_EXIT_IRQ_WINDOW_OPEN	7
#define KVM_EXIT_SHUTDOWN		8
#define KVM_EXIT_FAIL_ENTRY		9
#define KVM_EXIT_INTR			10
#define KVM_EXIT_SET_TPR		11
#define KVM_EXIT_TPR_ACCESS		12
#define KVM_EXIT_S390_SIEIC		13
#define KVM_EXIT_S390_RESET		14
#define KVM_EXIT_DCR			15	/* no longer used */
#define KVM_EXIT_NMI			16
#define KVM_EXIT_INTERNAL_ERROR		17
#define KVM_EXIT_OSI			18
#define KVM_EXIT_PAPR_HCALL		19
#define KVM_EXIT_S390_UCONTROL		20
#define KVM_EXIT_WATCHDOG		21
#define KVM_EXIT_S390_TSCH		22
#define KVM_EXIT_EPR			23
#define KVM_EXIT_SYSTEM_EVENT		24
#define KVM_EXIT_S390_STSI		25
#define KVM_EXIT_IOAPIC_EOI		26
#define KVM_EXIT_HYPERV			27
#define KVM_EXIT_ARM_NISV		28
#define KVM_EXIT_X86_RDMSR		29
#define KVM_EXIT_X86_WRMSR		30
#define KVM_EXIT_DIRTY_RING_FULL	31
#define KVM_EXIT_AP_RESET_HOLD		32
#define KVM_EXIT_X86_BUS_LOCK		33
#define KVM_EXIT_XEN			34
#define KVM_EXIT_RISCV_SBI		35
#define KVM_EXIT_RISCV_CSR		36
#define KVM_EXIT_NOTIFY			37
#define KVM_EXIT_LOONGARCH_IOCSR	38
#define KVM_EXIT_MEMORY_FAULT		39

/* kvm_run.internal.suberror for KVM_EXIT_INTERNAL_ERROR. */
#define KVM_INTERNAL_ERROR_EMULATION			1
#define KVM_INTERNAL_ERROR_SIMUL_EX			2
#define KVM_INTERNAL_ERROR_DELIVERY_EV			3
#define KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON	4

/* kvm_run.emulation_failure.flags: insn_size/insn_bytes are valid. */
#define KVM_INTERNAL_ERROR_EMULATION_FLAG_INSTRUCTION_BYTES (1ULL << 0)

/* kvm_run.io.direction */
#define KVM_EXIT_IO_IN	0
#define KVM_EXIT_IO_OUT	1

/* kvm_run.system_event.type for KVM_EXIT_SYSTEM_EVENT. */
#define KVM_SYSTEM_EVENT_SHUTDOWN	1	/* PSCI SYSTEM_OFF */
#define KVM_SYSTEM_EVENT_RESET		2	/* PSCI SYSTEM_RESET(2) */
#define KVM_SYSTEM_EVENT_CRASH		3
#define KVM_SYSTEM_EVENT_WAKEUP		4	/* a suspended vCPU has a wake-up */
#define KVM_SYSTEM_EVENT_SUSPEND	5	/* PSCI SYSTEM_SUSPEND */
#define KVM_SYSTEM_EVENT_SEV_TERM	6

/* kvm_run.msr.reason for KVM_EXIT_X86_RDMSR/WRMSR. */
#define KVM_MSR_EXIT_REASON_INVAL	(1 << 0)
#define KVM_MSR_EXIT_REASON_UNKNOWN	(1 << 1)
#define KVM_MSR_EXIT_REASON_FILTER	(1 << 2)
#define KVM_MSR_EXIT_REASON_VALID_MASK	(KVM_MSR_EXIT_REASON_INVAL |	\
					 KVM_MSR_EXIT_REASON_UNKNOWN |	\
					 KVM_MSR_EXIT_REASON_FILTER)

/* kvm_run.notify.flags */
#define KVM_NOTIFY_CONTEXT_INVALID	(1 << 0)

/* kvm_run.memory_fault.flags: the access was to private memory. */
#define KVM_MEMORY_EXIT_FLAG_PRIVATE	(1ULL << 3)

/* Types of kvm_hyperv_exit and kvm_xen_exit. */
#define KVM_EXIT_HYPERV_SYNIC		1
#define KVM_EXIT_HYPERV_HCALL		2
#define KVM_EXIT_HYPERV_SYNDBG		3
#define KVM_EXIT_XEN_HCALL		1

/**
 * struct kvm_hyperv_exit - KVM_EXIT_HYPERV details (x86 only; kept because
 * it is a member of the kvm_run exit union).
 * @type: KVM_EXIT_HYPERV_*.
 * @pad1: padding.
 * @u:    per-type data.
 */
struct kvm_hyperv_exit {
	__u32 type;
	__u32 pad1;
	union {
		struct {
			__u32 msr;
			__u32 pad2;
			__u64 control;
			__u64 evt_page;
			__u64 msg_page;
		} synic;
		struct {
			__u64 input;
			__u64 result;
			__u64 params[2];
		} hcall;
		struct {
			__u32 msr;
			__u32 pad2;
			__u64 control;
			__u64 status;
			__u64 send_page;
			__u64 recv_page;
			__u64 pending_page;
		} syndbg;
	} u;
};

/**
 * struct kvm_xen_exit - KVM_EXIT_XEN details (x86 only; kept because it is
 * a member of the kvm_run exit union).
 * @type: KVM_EXIT_XEN_HCALL.
 * @u:    per-type data.
 */
struct kvm_xen_exit {
	__u32 type;
	union {
		struct {
			__u32 longmode;
			__u32 cpl;
			__u64 input;
			__u64 result;
			__u64 params[6];
		} hcall;
	} u;
};

/* Size of the kvm_run.s union that holds the synchronised registers. */
#define SYNC_REGS_SIZE_BYTES 2048

/**
 * struct kvm_run - page 0 of the vCPU fd's mmap(): KVM_RUN's in/out block.
 *
 * Its size is 2352 bytes; map KVM_GET_VCPU_MMAP_SIZE bytes, which also
 * covers the coalesced MMIO ring at KVM_COALESCED_MMIO_PAGE_OFFSET.
 *
 * @request_interrupt_window:     in; x86 only.
 * @immediate_exit:               in; if set, KVM_RUN returns -EINTR at once
 *                                (after completing a pending MMIO read).
 * @padding1:                     padding.
 * @exit_reason:                  out; KVM_EXIT_*, selects the union member.
 * @ready_for_interrupt_injection: out; x86 only.
 * @if_flag:                      out; x86 only.
 * @flags:                        out; on arm64, KVM_DEBUG_ARCH_HSR_HIGH_VALID.
 * @cr8:                          x86 only.
 * @apic_base:                    x86 only.
 *
 * Exit union members used on arm64 (the rest serve other architectures):
 * @hw:            KVM_EXIT_UNKNOWN: hardware_exit_reason.
 * @fail_entry:    KVM_EXIT_FAIL_ENTRY: reason (KVM_EXIT_FAIL_ENTRY_*) and
 *                 the physical CPU.
 * @debug:         KVM_EXIT_DEBUG: struct kvm_debug_exit_arch.
 * @mmio:          KVM_EXIT_MMIO: guest physical address, data (written by
 *                 the guest, or to be filled in for a read), length in
 *                 bytes and direction.  A read completes on the next KVM_RUN.
 * @hypercall:     KVM_EXIT_HYPERCALL (an SMCCC call the VM's SMCCC filter
 *                 forwards, KVM_SMCCC_FILTER_FWD_TO_USER): nr is the function
 *                 id, flags has KVM_HYPERCALL_EXIT_*; arguments and results
 *                 travel in x0-x17 through ONE_REG.  args, ret and longmode
 *                 serve x86.
 * @internal:      KVM_EXIT_INTERNAL_ERROR: suberror, ndata, data[].
 * @system_event:  KVM_EXIT_SYSTEM_EVENT: type (KVM_SYSTEM_EVENT_*), ndata,
 *                 data[] (data[0] doubles as the old "flags").
 * @arm_nisv:      KVM_EXIT_ARM_NISV: data abort without valid syndrome
 *                 (esr_iss) at fault_ipa; needs KVM_CAP_ARM_NISV_TO_USER.
 * @memory_fault:  KVM_EXIT_MEMORY_FAULT: flags, gpa and size of the access.
 * @padding:       fixes the union at 256 bytes.
 *
 * @kvm_valid_regs: register classes KVM filled in @s (KVM_SYNC_* bits).
 * @kvm_dirty_regs: register classes userspace changed in @s.
 * @s:              synchronised registers (arm64: struct kvm_sync_regs),
 *                  padded to SYNC_REGS_SIZE_BYTES.
 */
struct kvm_run {
	/* in */
	__u8 request_interrupt_window;
	__u8 immediate_exit;
	__u8 padding1[6];

	/* out */
	__u32 exit_reason;
	__u8 ready_for_interrupt_injection;
	__u8 if_flag;
	__u16 flags;

	/* in (before KVM_RUN), out (after) */
	__u64 cr8;
	__u64 apic_base;

	union {
		/* KVM_EXIT_UNKNOWN */
		struct {
			__u64 hardware_exit_reason;
		} hw;
		/* KVM_EXIT_FAIL_ENTRY */
		struct {
			__u64 hardware_entry_failure_reason;
			__u32 cpu;
		} fail_entry;
		/* KVM_EXIT_EXCEPTION */
		struct {
			__u32 exception;
			__u32 error_code;
		} ex;
		/* KVM_EXIT_IO */
		struct {
			__u8 direction;
			__u8 size;
			__u16 port;
			__u32 count;
			__u64 data_offset;	/* from the start of kvm_run */
		} io;
		/* KVM_EXIT_DEBUG */
		struct {
			struct kvm_debug_exit_arch arch;
		} debug;
		/* KVM_EXIT_MMIO */
		struct {
			__u64 phys_addr;
			__u8 data[8];
			__u32 len;
			__u8 is_write;
		} mmio;
		/* KVM_EXIT_LOONGARCH_IOCSR */
		struct {
			__u64 phys_addr;
			__u8 data[8];
			__u32 len;
			__u8 is_write;
		} iocsr_io;
		/* KVM_EXIT_HYPERCALL */
		struct {
			__u64 nr;
			__u64 args[6];
			__u64 ret;
			union {
				__u32 longmode;
				__u64 flags;
			};
		} hypercall;
		/* KVM_EXIT_TPR_ACCESS */
		struct {
			__u64 rip;
			__u32 is_write;
			__u32 pad;
		} tpr_access;
		/* KVM_EXIT_S390_SIEIC */
		struct {
			__u8 icptcode;
			__u16 ipa;
			__u32 ipb;
		} s390_sieic;
		/* KVM_EXIT_S390_RESET */
		__u64 s390_reset_flags;
		/* KVM_EXIT_S390_UCONTROL */
		struct {
			__u64 trans_exc_code;
			__u32 pgm_code;
		} s390_ucontrol;
		/* KVM_EXIT_DCR (no longer used) */
		struct {
			__u32 dcrn;
			__u32 data;
			__u8 is_write;
		} dcr;
		/* KVM_EXIT_INTERNAL_ERROR */
		struct {
			__u32 suberror;
			__u32 ndata;	/* with KVM_CAP_INTERNAL_ERROR_DATA */
			__u64 data[16];
		} internal;
		/* KVM_EXIT_INTERNAL_ERROR, suberror KVM_INTERNAL_ERROR_EMULATION */
		struct {
			__u32 suberror;
			__u32 ndata;
			__u64 flags;
			union {
				struct {
					__u8 insn_size;
					__u8 insn_bytes[15];
				};
			};
		} emulation_failure;
		/* KVM_EXIT_OSI */
		struct {
			__u64 gprs[32];
		} osi;
		/* KVM_EXIT_PAPR_HCALL */
		struct {
			__u64 nr;
			__u64 ret;
			__u64 args[9];
		} papr_hcall;
		/* KVM_EXIT_S390_TSCH */
		struct {
			__u16 subchannel_id;
			__u16 subchannel_nr;
			__u32 io_int_parm;
			__u32 io_int_word;
			__u32 ipb;
			__u8 dequeued;
		} s390_tsch;
		/* KVM_EXIT_EPR */
		struct {
			__u32 epr;
		} epr;
		/* KVM_EXIT_SYSTEM_EVENT */
		struct {
			__u32 type;
			__u32 ndata;
			union {
				__u64 flags;
				__u64 data[16];
			};
		} system_event;
		/* KVM_EXIT_S390_STSI */
		struct {
			__u64 addr;
			__u8 ar;
			__u8 reserved;
			__u8 fc;
			__u8 sel1;
			__u16 sel2;
		} s390_stsi;
		/* KVM_EXIT_IOAPIC_EOI */
		struct {
			__u8 vector;
		} eoi;
		/* KVM_EXIT_HYPERV */
		struct kvm_hyperv_exit hyperv;
		/* KVM_EXIT_ARM_NISV */
		struct {
			__u64 esr_iss;
			__u64 fault_ipa;
		} arm_nisv;
		/* KVM_EXIT_X86_RDMSR / KVM_EXIT_X86_WRMSR */
		struct {
			__u8 error;
			__u8 pad[7];
			__u32 reason;
			__u32 index;
			__u64 data;
		} msr;
		/* KVM_EXIT_XEN */
		struct kvm_xen_exit xen;
		/* KVM_EXIT_RISCV_SBI */
		struct {
			unsigned long extension_id;
			unsigned long function_id;
			unsigned long args[6];
			unsigned long ret[2];
		} riscv_sbi;
		/* KVM_EXIT_RISCV_CSR */
		struct {
			unsigned long csr_num;
			unsigned long new_value;
			unsigned long write_mask;
			unsigned long ret_value;
		} riscv_csr;
		/* KVM_EXIT_NOTIFY */
		struct {
			__u32 flags;
		} notify;
		/* KVM_EXIT_MEMORY_FAULT */
		struct {
			__u64 flags;
			__u64 gpa;
			__u64 size;
		} memory_fault;
		/* Fixes the size of the union. */
		char padding[256];
	};

	__u64 kvm_valid_regs;
	__u64 kvm_dirty_regs;
	union {
		struct kvm_sync_regs regs;
		char padding[SYNC_REGS_SIZE_BYTES];
	} s;
};

/* ====================================================================== */
/* Coalesced MMIO: KVM_(UN)REGISTER_COALESCED_MMIO                         */
/* ====================================================================== */

/**
 * struct kvm_coalesced_mmio_zone - a range whose writes are queued in the
 * ring instead of causing KVM_EXIT_MMIO.
 * @addr: guest physical (or port) address.
 * @size: length in bytes.
 * @pad:  zero for MMIO ...
 * @pio:  ... or 1 for port I/O (KVM_CAP_COALESCED_PIO).
 */
struct kvm_coalesced_mmio_zone {
	__u64 addr;
	__u32 size;
	union {
		__u32 pad;
		__u32 pio;
	};
};

/**
 * struct kvm_coalesced_mmio - one queued write.
 * @phys_addr: guest physical address written.
 * @len:       bytes written (at most 8).
 * @pad:       shares storage with @pio.
 * @pio:       1 for port I/O.
 * @data:      the data written.
 */
struct kvm_coalesced_mmio {
	__u64 phys_addr;
	__u32 len;
	union {
		__u32 pad;
		__u32 pio;
	};
	__u8 data[8];
};

/**
 * struct kvm_coalesced_mmio_ring - the ring at page
 * KVM_COALESCED_MMIO_PAGE_OFFSET of the vCPU mmap.
 * @first:          next entry for userspace to consume.
 * @last:           next entry KVM will fill.
 * @coalesced_mmio: the entries, filling the rest of the page.
 */
struct kvm_coalesced_mmio_ring {
	__u32 first, last;
	struct kvm_coalesced_mmio coalesced_mmio[];
};

/* Entries in the ring; PAGE_SIZE must be defined by the includer. */
#define KVM_COALESCED_MMIO_MAX \
	((PAGE_SIZE - sizeof(struct kvm_coalesced_mmio_ring)) / \
	 sizeof(struct kvm_coalesced_mmio))

/* ====================================================================== */
/* Dirty page tracking: bitmap (KVM_GET/CLEAR_DIRTY_LOG) and dirty ring    */
/* ====================================================================== */

/**
 * struct kvm_dirty_log - KVM_GET_DIRTY_LOG argument.
 * @slot:         memory slot (with address space id in bits 16-31).
 * @padding1:     padding.
 * @dirty_bitmap: user buffer, one bit per page of the slot.
 * @padding2:     keeps the pointer 64 bits wide on every ABI.
 */
struct kvm_dirty_log {
	__u32 slot;
	__u32 padding1;
	union {
		void *dirty_bitmap;
		__u64 padding2;
	};
};

/**
 * struct kvm_clear_dirty_log - KVM_CLEAR_DIRTY_LOG argument
 * (KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2).
 * @slot:         memory slot.
 * @num_pages:    pages covered (multiple of 64 unless it ends the slot).
 * @first_page:   first page (multiple of 64).
 * @dirty_bitmap: pages to write-protect again.
 * @padding2:     keeps the pointer 64 bits wide on every ABI.
 */
struct kvm_clear_dirty_log {
	__u32 slot;
	__u32 num_pages;
	__u64 first_page;
	union {
		void *dirty_bitmap;
		__u64 padding2;
	};
};

/* KVM_ENABLE_CAP(KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2) flags. */
#define KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE	(1 << 0)
#define KVM_DIRTY_LOG_INITIALLY_SET		(1 << 1)

/* Fallback for architectures without a dirty ring (arm64 has one). */
#ifndef KVM_DIRTY_LOG_PAGE_OFFSET
#define KVM_DIRTY_LOG_PAGE_OFFSET 0
#endif

/*
 * State of a dirty ring entry: 00 free, 01 dirty (KVM wrote it), 1x
 * harvested (userspace sets RESET, then calls KVM_RESET_DIRTY_RINGS).
 */
#define KVM_DIRTY_GFN_F_DIRTY	_BITUL(0)
#define KVM_DIRTY_GFN_F_RESET	_BITUL(1)
#define KVM_DIRTY_GFN_F_MASK	0x3

/**
 * struct kvm_dirty_gfn - one entry of a vCPU's dirty ring, mapped at page
 * KVM_DIRTY_LOG_PAGE_OFFSET of the vCPU fd.
 * @flags:  KVM_DIRTY_GFN_F_*.
 * @slot:   memory slot (with address space id in bits 16-31).
 * @offset: page index inside the slot.
 */
struct kvm_dirty_gfn {
	__u32 flags;
	__u32 slot;
	__u64 offset;
};

/* ====================================================================== */
/* vCPU state                                                               */
/* ====================================================================== */

/* kvm_mp_state.mp_state; arm64 uses RUNNABLE, STOPPED and SUSPENDED. */
#define KVM_MP_STATE_RUNNABLE		0
#define KVM_MP_STATE_UNINITIALIZED	1
#define KVM_MP_STATE_INIT_RECEIVED	2
#define KVM_MP_STATE_HALTED		3
#define KVM_MP_STATE_SIPI_RECEIVED	4
#define KVM_MP_STATE_STOPPED		5
#define KVM_MP_STATE_CHECK_STOP		6
#define KVM_MP_STATE_OPERATING		7
#define KVM_MP_STATE_LOAD		8
#define KVM_MP_STATE_AP_RESET_HOLD	9
#define KVM_MP_STATE_SUSPENDED		10

/**
 * struct kvm_mp_state - KVM_GET/SET_MP_STATE argument.
 * @mp_state: KVM_MP_STATE_*.
 */
struct kvm_mp_state {
	__u32 mp_state;
};

/**
 * struct kvm_signal_mask - KVM_SET_SIGNAL_MASK: signals blocked while the
 * vCPU runs in the guest.
 * @len:    size of @sigset in bytes (8 for the kernel's sigset).
 * @sigset: the mask.
 */
struct kvm_signal_mask {
	__u32 len;
	__u8 sigset[];
};

/* kvm_guest_debug.control (arm64 adds KVM_GUESTDBG_USE_*). */
#define KVM_GUESTDBG_ENABLE	0x00000001
#define KVM_GUESTDBG_SINGLESTEP	0x00000002

/**
 * struct kvm_guest_debug - KVM_SET_GUEST_DEBUG argument.
 * @control: KVM_GUESTDBG_* flags.
 * @pad:     padding.
 * @arch:    hardware breakpoints/watchpoints.
 */
struct kvm_guest_debug {
	__u32 control;
	__u32 pad;
	struct kvm_guest_debug_arch arch;
};

/**
 * struct kvm_translation - KVM_TRANSLATE argument (not on arm64).
 * @linear_address:   in: guest virtual address.
 * @physical_address: out: guest physical address.
 * @valid:            out: the translation exists.
 * @writeable:        out: it allows writes.
 * @usermode:         out: it allows user access.
 * @pad:              padding.
 */
struct kvm_translation {
	__u64 linear_address;
	__u64 physical_address;
	__u8 valid;
	__u8 writeable;
	__u8 usermode;
	__u8 pad[5];
};

/**
 * struct kvm_interrupt - KVM_INTERRUPT argument (not on arm64).
 * @irq: interrupt vector.
 */
struct kvm_interrupt {
	__u32 irq;
};

/* ====================================================================== */
/* Capabilities: KVM_CHECK_EXTENSION, KVM_ENABLE_CAP                       */
/* ====================================================================== */

/**
 * struct kvm_enable_cap - KVM_ENABLE_CAP argument (VM or vCPU fd).
 * @cap:   KVM_CAP_* to enable.
 * @flags: capability-specific, usually zero.
 * @args:  capability-specific arguments.
 * @pad:   must be zero.
 */
struct kvm_enable_cap {
	__u32 cap;
	__u32 flags;
	__u64 args[4];
	__u8 pad[64];
};

/*
 * Capability numbers, for KVM_CHECK_EXTENSION on the system or VM fd.
 * The list is the one an arm64 build of Linux 6.12 sees: every number of
 * every architecture, except those the kernel's header only defines when
 * an x86-only feature macro is set (REINJECT_CONTROL 24, MCE 31, PIT2 33,
 * PIT_STATE2 35, XEN_HVM 38, DEBUGREGS 50, XSAVE 55, XCRS 56), so that
 * "#ifdef KVM_CAP_..." behaves as with the real headers.  Numbers 5, 17,
 * 19, 20, 27 and 28 were never assigned.  The ones an arm64 VMM usually
 * asks about are USER_MEMORY, NR_VCPUS, MAX_VCPUS, MAX_VCPU_ID, NR_MEMSLOTS,
 * ONE_REG, DEVICE_CTRL, IRQFD, IOEVENTFD, READONLY_MEM, ARM_*,
 * IMMEDIATE_EXIT and DIRTY_LOG_RING*.
 */
#define KVM_CAP_IRQCHIP                          0
#define KVM_CAP_HLT                              1
#define KVM_CAP_MMU_SHADOW_CACHE_CONTROL         2
#define KVM_CAP_USER_MEMORY                      3
#define KVM_CAP_SET_TSS_ADDR                     4
#define KVM_CAP_VAPIC                            6
#define KVM_CAP_EXT_CPUID                        7
#define KVM_CAP_CLOCKSOURCE                      8
#define KVM_CAP_NR_VCPUS                         9
#define KVM_CAP_NR_MEMSLOTS                      10
#define KVM_CAP_PIT                              11
#define KVM_CAP_NOP_IO_DELAY                     12
#define KVM_CAP_PV_MMU                           13
#define KVM_CAP_MP_STATE                         14
#define KVM_CAP_COALESCED_MMIO                   15
#define KVM_CAP_SYNC_MMU                         16
#define KVM_CAP_IOMMU                            18
#define KVM_CAP_DESTROY_MEMORY_REGION_WORKS      21
#define KVM_CAP_USER_NMI                         22
#define KVM_CAP_SET_GUEST_DEBUG                  23
#define KVM_CAP_IRQ_ROUTING                      25
#define KVM_CAP_IRQ_INJECT_STATUS                26
#define KVM_CAP_ASSIGN_DEV_IRQ                   29
#define KVM_CAP_JOIN_MEMORY_REGIONS_WORKS        30
#define KVM_CAP_IRQFD                            32
#define KVM_CAP_SET_BOOT_CPU_ID                  34
#define KVM_CAP_IOEVENTFD                        36
#define KVM_CAP_SET_IDENTITY_MAP_ADDR            37
#define KVM_CAP_ADJUST_CLOCK                     39
#define KVM_CAP_INTERNAL_ERROR_DATA              40
#define KVM_CAP_VCPU_EVENTS                      41
#define KVM_CAP_S390_PSW                         42
#define KVM_CAP_PPC_SEGSTATE                     43
#define KVM_CAP_HYPERV                           44
#define KVM_CAP_HYPERV_VAPIC                     45
#define KVM_CAP_HYPERV_SPIN                      46
#define KVM_CAP_PCI_SEGMENT                      47
#define KVM_CAP_PPC_PAIRED_SINGLES               48
#define KVM_CAP_INTR_SHADOW                      49
#define KVM_CAP_X86_ROBUST_SINGLESTEP            51
#define KVM_CAP_PPC_OSI                          52
#define KVM_CAP_PPC_UNSET_IRQ                    53
#define KVM_CAP_ENABLE_CAP                       54
#define KVM_CAP_PPC_GET_PVINFO                   57
#define KVM_CAP_PPC_IRQ_LEVEL                    58
#define KVM_CAP_ASYNC_PF                         59
#define KVM_CAP_TSC_CONTROL                      60
#define KVM_CAP_GET_TSC_KHZ                      61
#define KVM_CAP_PPC_BOOKE_SREGS                  62
#define KVM_CAP_SPAPR_TCE                        63
#define KVM_CAP_PPC_SMT                          64
#define KVM_CAP_PPC_RMA                          65
#define KVM_CAP_MAX_VCPUS                        66
#define KVM_CAP_PPC_HIOR                         67
#define KVM_CAP_PPC_PAPR                         68
#define KVM_CAP_SW_TLB                           69
#define KVM_CAP_ONE_REG                          70
#define KVM_CAP_S390_GMAP                        71
#define KVM_CAP_TSC_DEADLINE_TIMER               72
#define KVM_CAP_S390_UCONTROL                    73
#define KVM_CAP_SYNC_REGS                        74
#define KVM_CAP_PCI_2_3                          75
#define KVM_CAP_KVMCLOCK_CTRL                    76
#define KVM_CAP_SIGNAL_MSI                       77
#define KVM_CAP_PPC_GET_SMMU_INFO                78
#define KVM_CAP_S390_COW                         79
#define KVM_CAP_PPC_ALLOC_HTAB                   80
#define KVM_CAP_READONLY_MEM                     81
#define KVM_CAP_IRQFD_RESAMPLE                   82
#define KVM_CAP_PPC_BOOKE_WATCHDOG               83
#define KVM_CAP_PPC_HTAB_FD                      84
#define KVM_CAP_S390_CSS_SUPPORT                 85
#define KVM_CAP_PPC_EPR                          86
#define KVM_CAP_ARM_PSCI                         87
#define KVM_CAP_ARM_SET_DEVICE_ADDR              88
#define KVM_CAP_DEVICE_CTRL                      89
#define KVM_CAP_IRQ_MPIC                         90
#define KVM_CAP_PPC_RTAS                         91
#define KVM_CAP_IRQ_XICS                         92
#define KVM_CAP_ARM_EL1_32BIT                    93
#define KVM_CAP_SPAPR_MULTITCE                   94
#define KVM_CAP_EXT_EMUL_CPUID                   95
#define KVM_CAP_HYPERV_TIME                      96
#define KVM_CAP_IOAPIC_POLARITY_IGNORED          97
#define KVM_CAP_ENABLE_CAP_VM                    98
#define KVM_CAP_S390_IRQCHIP                     99
#define KVM_CAP_IOEVENTFD_NO_LENGTH              100
#define KVM_CAP_VM_ATTRIBUTES                    101
#define KVM_CAP_ARM_PSCI_0_2                     102
#define KVM_CAP_PPC_FIXUP_HCALL                  103
#define KVM_CAP_PPC_ENABLE_HCALL                 104
#define KVM_CAP_CHECK_EXTENSION_VM               105
#define KVM_CAP_S390_USER_SIGP                   106
#define KVM_CAP_S390_VECTOR_REGISTERS            107
#define KVM_CAP_S390_MEM_OP                      108
#define KVM_CAP_S390_USER_STSI                   109
#define KVM_CAP_S390_SKEYS                       110
#define KVM_CAP_MIPS_FPU                         111
#define KVM_CAP_MIPS_MSA                         112
#define KVM_CAP_S390_INJECT_IRQ                  113
#define KVM_CAP_S390_IRQ_STATE                   114
#define KVM_CAP_PPC_HWRNG                        115
#define KVM_CAP_DISABLE_QUIRKS                   116
#define KVM_CAP_X86_SMM                          117
#define KVM_CAP_MULTI_ADDRESS_SPACE              118
#define KVM_CAP_GUEST_DEBUG_HW_BPS               119
#define KVM_CAP_GUEST_DEBUG_HW_WPS               120
#define KVM_CAP_SPLIT_IRQCHIP                    121
#define KVM_CAP_IOEVENTFD_ANY_LENGTH             122
#define KVM_CAP_HYPERV_SYNIC                     123
#define KVM_CAP_S390_RI                          124
#define KVM_CAP_SPAPR_TCE_64                     125
#define KVM_CAP_ARM_PMU_V3                       126
#define KVM_CAP_VCPU_ATTRIBUTES                  127
#define KVM_CAP_MAX_VCPU_ID                      128
#define KVM_CAP_X2APIC_API                       129
#define KVM_CAP_S390_USER_INSTR0                 130
#define KVM_CAP_MSI_DEVID                        131
#define KVM_CAP_PPC_HTM                          132
#define KVM_CAP_SPAPR_RESIZE_HPT                 133
#define KVM_CAP_PPC_MMU_RADIX                    134
#define KVM_CAP_PPC_MMU_HASH_V3                  135
#define KVM_CAP_IMMEDIATE_EXIT                   136
#define KVM_CAP_MIPS_VZ                          137
#define KVM_CAP_MIPS_TE                          138
#define KVM_CAP_MIPS_64BIT                       139
#define KVM_CAP_S390_GS                          140
#define KVM_CAP_S390_AIS                         141
#define KVM_CAP_SPAPR_TCE_VFIO                   142
#define KVM_CAP_X86_DISABLE_EXITS                143
#define KVM_CAP_ARM_USER_IRQ                     144
#define KVM_CAP_S390_CMMA_MIGRATION              145
#define KVM_CAP_PPC_FWNMI                        146
#define KVM_CAP_PPC_SMT_POSSIBLE                 147
#define KVM_CAP_HYPERV_SYNIC2                    148
#define KVM_CAP_HYPERV_VP_INDEX                  149
#define KVM_CAP_S390_AIS_MIGRATION               150
#define KVM_CAP_PPC_GET_CPU_CHAR                 151
#define KVM_CAP_S390_BPB                         152
#define KVM_CAP_GET_MSR_FEATURES                 153
#define KVM_CAP_HYPERV_EVENTFD                   154
#define KVM_CAP_HYPERV_TLBFLUSH                  155
#define KVM_CAP_S390_HPAGE_1M                    156
#define KVM_CAP_NESTED_STATE                     157
#define KVM_CAP_ARM_INJECT_SERROR_ESR            158
#define KVM_CAP_MSR_PLATFORM_INFO                159
#define KVM_CAP_PPC_NESTED_HV                    160
#define KVM_CAP_HYPERV_SEND_IPI                  161
#define KVM_CAP_COALESCED_PIO                    162
#define KVM_CAP_HYPERV_ENLIGHTENED_VMCS          163
#define KVM_CAP_EXCEPTION_PAYLOAD                164
#define KVM_CAP_ARM_VM_IPA_SIZE                  165
#define KVM_CAP_MANUAL_DIRTY_LOG_PROTECT         166
#define KVM_CAP_HYPERV_CPUID                     167
#define KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2        168
#define KVM_CAP_PPC_IRQ_XIVE                     169
#define KVM_CAP_ARM_SVE                          170
#define KVM_CAP_ARM_PTRAUTH_ADDRESS              171
#define KVM_CAP_ARM_PTRAUTH_GENERIC              172
#define KVM_CAP_PMU_EVENT_FILTER                 173
#define KVM_CAP_ARM_IRQ_LINE_LAYOUT_2            174
#define KVM_CAP_HYPERV_DIRECT_TLBFLUSH           175
#define KVM_CAP_PPC_GUEST_DEBUG_SSTEP            176
#define KVM_CAP_ARM_NISV_TO_USER                 177
#define KVM_CAP_ARM_INJECT_EXT_DABT              178
#define KVM_CAP_S390_VCPU_RESETS                 179
#define KVM_CAP_S390_PROTECTED                   180
#define KVM_CAP_PPC_SECURE_GUEST                 181
#define KVM_CAP_HALT_POLL                        182
#define KVM_CAP_ASYNC_PF_INT                     183
#define KVM_CAP_LAST_CPU                         184
#define KVM_CAP_SMALLER_MAXPHYADDR               185
#define KVM_CAP_S390_DIAG318                     186
#define KVM_CAP_STEAL_TIME                       187
#define KVM_CAP_X86_USER_SPACE_MSR               188
#define KVM_CAP_X86_MSR_FILTER                   189
#define KVM_CAP_ENFORCE_PV_FEATURE_CPUID         190
#define KVM_CAP_SYS_HYPERV_CPUID                 191
#define KVM_CAP_DIRTY_LOG_RING                   192
#define KVM_CAP_X86_BUS_LOCK_EXIT                193
#define KVM_CAP_PPC_DAWR1                        194
#define KVM_CAP_SET_GUEST_DEBUG2                 195
#define KVM_CAP_SGX_ATTRIBUTE                    196
#define KVM_CAP_VM_COPY_ENC_CONTEXT_FROM         197
#define KVM_CAP_PTP_KVM                          198
#define KVM_CAP_HYPERV_ENFORCE_CPUID             199
#define KVM_CAP_SREGS2                           200
#define KVM_CAP_EXIT_HYPERCALL                   201
#define KVM_CAP_PPC_RPT_INVALIDATE               202
#define KVM_CAP_BINARY_STATS_FD                  203
#define KVM_CAP_EXIT_ON_EMULATION_FAILURE        204
#define KVM_CAP_ARM_MTE                          205
#define KVM_CAP_VM_MOVE_ENC_CONTEXT_FROM         206
#define KVM_CAP_VM_GPA_BITS                      207
#define KVM_CAP_XSAVE2                           208
#define KVM_CAP_SYS_ATTRIBUTES                   209
#define KVM_CAP_PPC_AIL_MODE_3                   210
#define KVM_CAP_S390_MEM_OP_EXTENSION            211
#define KVM_CAP_PMU_CAPABILITY                   212
#define KVM_CAP_DISABLE_QUIRKS2                  213
#define KVM_CAP_VM_TSC_CONTROL                   214
#define KVM_CAP_SYSTEM_EVENT_DATA                215
#define KVM_CAP_ARM_SYSTEM_SUSPEND               216
#define KVM_CAP_S390_PROTECTED_DUMP              217
#define KVM_CAP_X86_TRIPLE_FAULT_EVENT           218
#define KVM_CAP_X86_NOTIFY_VMEXIT                219
#define KVM_CAP_VM_DISABLE_NX_HUGE_PAGES         220
#define KVM_CAP_S390_ZPCI_OP                     221
#define KVM_CAP_S390_CPU_TOPOLOGY                222
#define KVM_CAP_DIRTY_LOG_RING_ACQ_REL           223
#define KVM_CAP_S390_PROTECTED_ASYNC_DISABLE     224
#define KVM_CAP_DIRTY_LOG_RING_WITH_BITMAP       225
#define KVM_CAP_PMU_EVENT_MASKED_EVENTS          226
#define KVM_CAP_COUNTER_OFFSET                   227
#define KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE       228
#define KVM_CAP_ARM_SUPPORTED_BLOCK_SIZES        229
#define KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES    230
#define KVM_CAP_USER_MEMORY2                     231
#define KVM_CAP_MEMORY_FAULT_INFO                232
#define KVM_CAP_MEMORY_ATTRIBUTES                233
#define KVM_CAP_GUEST_MEMFD                      234
#define KVM_CAP_VM_TYPES                         235
#define KVM_CAP_PRE_FAULT_MEMORY                 236
#define KVM_CAP_X86_APIC_BUS_CYCLES_NS           237
#define KVM_CAP_X86_GUEST_MODE                   238

/* ====================================================================== */
/* ONE_REG: register ids                                                    */
/* ====================================================================== */

/*
 * A register id is  architecture (bits 56-63) | size (bits 52-55) | the
 * architecture's own index.  arm64's fields are in <asm/kvm.h>.
 */
#define KVM_REG_ARCH_MASK	0xff00000000000000ULL
#define KVM_REG_GENERIC		0x0000000000000000ULL

#define KVM_REG_PPC		0x1000000000000000ULL
#define KVM_REG_X86		0x2000000000000000ULL
#define KVM_REG_IA64		0x3000000000000000ULL
#define KVM_REG_ARM		0x4000000000000000ULL
#define KVM_REG_S390		0x5000000000000000ULL
#define KVM_REG_ARM64		0x6000000000000000ULL
#define KVM_REG_MIPS		0x7000000000000000ULL
#define KVM_REG_RISCV		0x8000000000000000ULL
#define KVM_REG_LOONGARCH	0x9000000000000000ULL

/* Register size: log2 of the size in bytes, in bits 52-55. */
#define KVM_REG_SIZE_SHIFT	52
#define KVM_REG_SIZE_MASK	0x00f0000000000000ULL
#define KVM_REG_SIZE_U8		0x0000000000000000ULL
#define KVM_REG_SIZE_U16	0x0010000000000000ULL
#define KVM_REG_SIZE_U32	0x0020000000000000ULL
#define KVM_REG_SIZE_U64	0x0030000000000000ULL
#define KVM_REG_SIZE_U128	0x0040000000000000ULL
#define KVM_REG_SIZE_U256	0x0050000000000000ULL
#define KVM_REG_SIZE_U512	0x0060000000000000ULL
#define KVM_REG_SIZE_U1024	0x0070000000000000ULL
#define KVM_REG_SIZE_U2048	0x0080000000000000ULL

/**
 * struct kvm_reg_list - KVM_GET_REG_LIST argument.
 * @n:   in: room in @reg; out: number of registers (E2BIG if too small).
 * @reg: out: the register ids.
 */
struct kvm_reg_list {
	__u64 n;
	__u64 reg[];
};

/**
 * struct kvm_one_reg - KVM_GET/SET_ONE_REG argument.
 * @id:   register id.
 * @addr: user address of a buffer of KVM_REG_SIZE(id) bytes.
 */
struct kvm_one_reg {
	__u64 id;
	__u64 addr;
};

/* ====================================================================== */
/* arm64 specifics that live in the generic header                         */
/* ====================================================================== */

/**
 * struct kvm_arm_device_addr - KVM_ARM_SET_DEVICE_ADDR argument (legacy
 * way to place a VGIC; newer VMMs use KVM_DEV_ARM_VGIC_GRP_ADDR).
 * @id:   device id and address type (KVM_ARM_DEVICE_{ID,TYPE}_*).
 * @addr: guest physical base address.
 */
struct kvm_arm_device_addr {
	__u64 id;
	__u64 addr;
};

/*
 * KVM_CREATE_VM machine type on arm64: bits 0-7 give the guest's IPA size
 * (log2 of the physical address space); 0 means the default, 40 bits.
 */
#define KVM_VM_TYPE_ARM_IPA_SIZE_MASK	0xffULL
#define KVM_VM_TYPE_ARM_IPA_SIZE(x)		\
	((x) & KVM_VM_TYPE_ARM_IPA_SIZE_MASK)

/* ====================================================================== */
/* Device control API: KVM_CREATE_DEVICE, KVM_{SET,GET,HAS}_DEVICE_ATTR    */
/* ====================================================================== */

/* kvm_create_device.flags: only check that the type is supported. */
#define KVM_CREATE_DEVICE_TEST		1

/**
 * struct kvm_create_device - KVM_CREATE_DEVICE argument.
 * @type:  in: KVM_DEV_TYPE_*.
 * @fd:    out: fd of the new device.
 * @flags: in: KVM_CREATE_DEVICE_TEST or 0.
 */
struct kvm_create_device {
	__u32 type;
	__u32 fd;
	__u32 flags;
};

/**
 * struct kvm_device_attr - KVM_{SET,GET,HAS}_DEVICE_ATTR argument, on a
 * device, vCPU or VM fd.
 * @flags: must be zero.
 * @group: attribute group (e.g. KVM_DEV_ARM_VGIC_GRP_*).
 * @attr:  attribute within the group.
 * @addr:  user address of the attribute's value (unused by HAS).
 */
struct kvm_device_attr {
	__u32 flags;
	__u32 group;
	__u64 attr;
	__u64 addr;
};

/* Types for KVM_CREATE_DEVICE; each is also a macro, so #ifdef works. */
enum kvm_device_type {
	KVM_DEV_TYPE_FSL_MPIC_20 = 1,
#define KVM_DEV_TYPE_FSL_MPIC_20	KVM_DEV_TYPE_FSL_MPIC_20
	KVM_DEV_TYPE_FSL_MPIC_42,
#define KVM_DEV_TYPE_FSL_MPIC_42	KVM_DEV_TYPE_FSL_MPIC_42
	KVM_DEV_TYPE_XICS,
#define KVM_DEV_TYPE_XICS		KVM_DEV_TYPE_XICS
	KVM_DEV_TYPE_VFIO,
#define KVM_DEV_TYPE_VFIO		KVM_DEV_TYPE_VFIO
	KVM_DEV_TYPE_ARM_VGIC_V2,
#define KVM_DEV_TYPE_ARM_VGIC_V2	KVM_DEV_TYPE_ARM_VGIC_V2
	KVM_DEV_TYPE_FLIC,
#define KVM_DEV_TYPE_FLIC		KVM_DEV_TYPE_FLIC
	KVM_DEV_TYPE_ARM_VGIC_V3,
#define KVM_DEV_TYPE_ARM_VGIC_V3	KVM_DEV_TYPE_ARM_VGIC_V3
	KVM_DEV_TYPE_ARM_VGIC_ITS,
#define KVM_DEV_TYPE_ARM_VGIC_ITS	KVM_DEV_TYPE_ARM_VGIC_ITS
	KVM_DEV_TYPE_XIVE,
#define KVM_DEV_TYPE_XIVE		KVM_DEV_TYPE_XIVE
	KVM_DEV_TYPE_ARM_PV_TIME,
#define KVM_DEV_TYPE_ARM_PV_TIME	KVM_DEV_TYPE_ARM_PV_TIME
	KVM_DEV_TYPE_RISCV_AIA,
#define KVM_DEV_TYPE_RISCV_AIA		KVM_DEV_TYPE_RISCV_AIA
	KVM_DEV_TYPE_MAX,
};

/* The VFIO pseudo-device (KVM_DEV_TYPE_VFIO): tell KVM about VFIO files. */
#define KVM_DEV_VFIO_FILE			1
#define   KVM_DEV_VFIO_FILE_ADD			1
#define   KVM_DEV_VFIO_FILE_DEL			2
/* Older names of the same group and attributes. */
#define KVM_DEV_VFIO_GROUP			KVM_DEV_VFIO_FILE
#define   KVM_DEV_VFIO_GROUP_ADD		KVM_DEV_VFIO_FILE_ADD
#define   KVM_DEV_VFIO_GROUP_DEL		KVM_DEV_VFIO_FILE_DEL
#define   KVM_DEV_VFIO_GROUP_SET_SPAPR_TCE	3

/* ====================================================================== */
/* Binary statistics: KVM_GET_STATS_FD                                     */
/* ====================================================================== */

/**
 * struct kvm_stats_header - read at offset 0 of a stats fd.
 * @flags:       zero.
 * @name_size:   bytes of each descriptor's name (with its NUL).
 * @num_desc:    number of descriptors.
 * @id_offset:   file offset of the id string.
 * @desc_offset: file offset of the descriptors.
 * @data_offset: file offset of the values.
 */
struct kvm_stats_header {
	__u32 flags;
	__u32 name_size;
	__u32 num_desc;
	__u32 id_offset;
	__u32 desc_offset;
	__u32 data_offset;
};

/* kvm_stats_desc.flags: type, unit and base of the value. */
#define KVM_STATS_TYPE_SHIFT		0
#define KVM_STATS_TYPE_MASK		(0xF << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_CUMULATIVE	(0x0 << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_INSTANT		(0x1 << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_PEAK		(0x2 << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_LINEAR_HIST	(0x3 << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_LOG_HIST		(0x4 << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_MAX		KVM_STATS_TYPE_LOG_HIST

#define KVM_STATS_UNIT_SHIFT		4
#define KVM_STATS_UNIT_MASK		(0xF << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_NONE		(0x0 << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_BYTES		(0x1 << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_SECONDS		(0x2 << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_CYCLES		(0x3 << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_BOOLEAN		(0x4 << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_MAX		KVM_STATS_UNIT_BOOLEAN

#define KVM_STATS_BASE_SHIFT		8
#define KVM_STATS_BASE_MASK		(0xF << KVM_STATS_BASE_SHIFT)
#define KVM_STATS_BASE_POW10		(0x0 << KVM_STATS_BASE_SHIFT)
#define KVM_STATS_BASE_POW2		(0x1 << KVM_STATS_BASE_SHIFT)
#define KVM_STATS_BASE_MAX		KVM_STATS_BASE_POW2

/**
 * struct kvm_stats_desc - one statistic.
 * @flags:       KVM_STATS_TYPE_* | KVM_STATS_UNIT_* | KVM_STATS_BASE_*.
 * @exponent:    value = raw * base^exponent.
 * @size:        number of __u64 values.
 * @offset:      offset of the values from the data block.
 * @bucket_size: bucket width of a linear histogram.
 * @name:        NUL-terminated name, header.name_size bytes.
 */
struct kvm_stats_desc {
	__u32 flags;
	__s16 exponent;
	__u16 size;
	__u32 offset;
	__u32 bucket_size;
	char name[];
};

/* ====================================================================== */
/* ioctls on the system fd (/dev/kvm)                                      */
/* ====================================================================== */

#define KVM_GET_API_VERSION		_IO(KVMIO,   0x00)
#define KVM_CREATE_VM			_IO(KVMIO,   0x01) /* arg: machine type */
#define KVM_CHECK_EXTENSION		_IO(KVMIO,   0x03) /* also on VM fds */
#define KVM_GET_VCPU_MMAP_SIZE		_IO(KVMIO,   0x04)

/* ====================================================================== */
/* ioctls on a VM fd                                                        */
/* ====================================================================== */

#define KVM_CREATE_VCPU			_IO(KVMIO,   0x41) /* arg: vCPU id */
#define KVM_GET_DIRTY_LOG		_IOW(KVMIO,  0x42, struct kvm_dirty_log)
#define KVM_SET_USER_MEMORY_REGION	_IOW(KVMIO,  0x46, \
					     struct kvm_userspace_memory_region)
#define KVM_SET_USER_MEMORY_REGION2	_IOW(KVMIO,  0x49, \
					     struct kvm_userspace_memory_region2)

#define KVM_CREATE_IRQCHIP		_IO(KVMIO,   0x60)
#define KVM_IRQ_LINE			_IOW(KVMIO,  0x61, struct kvm_irq_level)
#define KVM_GET_IRQCHIP			_IOWR(KVMIO, 0x62, struct kvm_irqchip)
#define KVM_SET_IRQCHIP			_IOR(KVMIO,  0x63, struct kvm_irqchip)
#define KVM_IRQ_LINE_STATUS		_IOWR(KVMIO, 0x67, struct kvm_irq_level)
#define KVM_REGISTER_COALESCED_MMIO	\
			_IOW(KVMIO,  0x67, struct kvm_coalesced_mmio_zone)
#define KVM_UNREGISTER_COALESCED_MMIO	\
			_IOW(KVMIO,  0x68, struct kvm_coalesced_mmio_zone)
#define KVM_SET_GSI_ROUTING		_IOW(KVMIO,  0x6a, struct kvm_irq_routing)
#define KVM_IRQFD			_IOW(KVMIO,  0x76, struct kvm_irqfd)
#define KVM_IOEVENTFD			_IOW(KVMIO,  0x79, struct kvm_ioeventfd)
#define KVM_SIGNAL_MSI			_IOW(KVMIO,  0xa5, struct kvm_msi)
#define KVM_ARM_SET_DEVICE_ADDR		_IOW(KVMIO,  0xab, struct kvm_arm_device_addr)
/* x86's PMU filter ioctl; on arm64 filters are a vCPU attribute instead. */
#define KVM_SET_PMU_EVENT_FILTER	_IOW(KVMIO,  0xb2, struct kvm_pmu_event_filter)
#define KVM_ARM_MTE_COPY_TAGS		_IOR(KVMIO,  0xb4, struct kvm_arm_copy_mte_tags)
#define KVM_ARM_SET_COUNTER_OFFSET	_IOW(KVMIO,  0xb5, struct kvm_arm_counter_offset)
#define KVM_ARM_GET_REG_WRITABLE_MASKS	_IOR(KVMIO,  0xb6, struct reg_mask_range)
#define KVM_CLEAR_DIRTY_LOG		_IOWR(KVMIO, 0xc0, struct kvm_clear_dirty_log)
#define KVM_RESET_DIRTY_RINGS		_IO(KVMIO,   0xc7)
#define KVM_SET_MEMORY_ATTRIBUTES	_IOW(KVMIO,  0xd2, struct kvm_memory_attributes)
#define KVM_CREATE_GUEST_MEMFD		_IOWR(KVMIO, 0xd4, struct kvm_create_guest_memfd)
#define KVM_CREATE_DEVICE		_IOWR(KVMIO, 0xe0, struct kvm_create_device)

/* ====================================================================== */
/* ioctls on a vCPU fd                                                      */
/* ====================================================================== */

#define KVM_RUN				_IO(KVMIO,   0x80)
#define KVM_GET_REGS			_IOR(KVMIO,  0x81, struct kvm_regs)
#define KVM_SET_REGS			_IOW(KVMIO,  0x82, struct kvm_regs)
#define KVM_GET_SREGS			_IOR(KVMIO,  0x83, struct kvm_sregs)
#define KVM_SET_SREGS			_IOW(KVMIO,  0x84, struct kvm_sregs)
#define KVM_TRANSLATE			_IOWR(KVMIO, 0x85, struct kvm_translation)
#define KVM_INTERRUPT			_IOW(KVMIO,  0x86, struct kvm_interrupt)
#define KVM_SET_SIGNAL_MASK		_IOW(KVMIO,  0x8b, struct kvm_signal_mask)
#define KVM_GET_FPU			_IOR(KVMIO,  0x8c, struct kvm_fpu)
#define KVM_SET_FPU			_IOW(KVMIO,  0x8d, struct kvm_fpu)
#define KVM_GET_MP_STATE		_IOR(KVMIO,  0x98, struct kvm_mp_state)
#define KVM_SET_MP_STATE		_IOW(KVMIO,  0x99, struct kvm_mp_state)
#define KVM_SET_GUEST_DEBUG		_IOW(KVMIO,  0x9b, struct kvm_guest_debug)
#define KVM_GET_VCPU_EVENTS		_IOR(KVMIO,  0x9f, struct kvm_vcpu_events)
#define KVM_SET_VCPU_EVENTS		_IOW(KVMIO,  0xa0, struct kvm_vcpu_events)
#define KVM_GET_ONE_REG			_IOW(KVMIO,  0xab, struct kvm_one_reg)
#define KVM_SET_ONE_REG			_IOW(KVMIO,  0xac, struct kvm_one_reg)
#define KVM_ARM_VCPU_INIT		_IOW(KVMIO,  0xae, struct kvm_vcpu_init)
#define KVM_ARM_PREFERRED_TARGET	_IOR(KVMIO,  0xaf, struct kvm_vcpu_init)
#define KVM_GET_REG_LIST		_IOWR(KVMIO, 0xb0, struct kvm_reg_list)
/* arg: pointer to an int naming the feature, i.e. KVM_ARM_VCPU_SVE. */
#define KVM_ARM_VCPU_FINALIZE		_IOW(KVMIO,  0xc2, int)
#define KVM_PRE_FAULT_MEMORY		_IOWR(KVMIO, 0xd5, struct kvm_pre_fault_memory)

/* ====================================================================== */
/* ioctls on several kinds of fd                                            */
/* ====================================================================== */

/* VM and vCPU fds. */
#define KVM_ENABLE_CAP			_IOW(KVMIO,  0xa3, struct kvm_enable_cap)
#define KVM_GET_STATS_FD		_IO(KVMIO,   0xce)

/* Device fds, and vCPU/VM fds for their own attributes. */
#define KVM_SET_DEVICE_ATTR		_IOW(KVMIO,  0xe1, struct kvm_device_attr)
#define KVM_GET_DEVICE_ATTR		_IOW(KVMIO,  0xe2, struct kvm_device_attr)
#define KVM_HAS_DEVICE_ATTR		_IOW(KVMIO,  0xe3, struct kvm_device_attr)

#endif /* KVMSIM_UAPI_LINUX_KVM_H */
