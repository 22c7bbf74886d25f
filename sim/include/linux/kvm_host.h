/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kvm_host.h - the simulator's kernel-side view of VMs and vCPUs.
 *
 * Plays the part of the kernel's include/linux/kvm_host.h: generic code in
 * sim/virt/kvm/ and architecture code in sim/arch/<arch>/kvm/ share these
 * types.  Everything here returns 0 or a negative errno, as kernel code
 * does; only sim/virt/kvm/fd.c, which stands in for the system call
 * boundary, turns that into -1 and errno.
 */
#ifndef KVMSIM_SIM_INCLUDE_LINUX_KVM_HOST_H
#define KVMSIM_SIM_INCLUDE_LINUX_KVM_HOST_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/kvm.h>

#include "kvm_profile.h"

/* Marks a function as part of libkvmsim's public ABI. */
#define KVMSIM_EXPORT __attribute__((visibility("default")))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The modelled kernels run with 4K pages, whatever the host uses. */
#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)

/* Limits the generic code enforces (values of the arm64 kernels). */
#define KVM_MAX_VCPUS		512
#define KVM_MAX_VCPU_IDS	KVM_MAX_VCPUS
#define KVM_MEM_SLOTS_NUM	32767
#define KVM_USER_MEM_SLOTS	KVM_MEM_SLOTS_NUM
#define KVM_ADDRESS_SPACE_NUM	1
/* KVM_MEM_MAX_NR_PAGES: npages is kept in an unsigned long... of 31 bits. */
#define KVM_MEM_MAX_NR_PAGES	((1UL << 31) - 1)
/* Dirty ring bounds (include/linux/kvm_dirty_ring.h); arm64 reserves no more. */
#define KVM_DIRTY_RING_RSVD_ENTRIES	64
#define KVM_DIRTY_RING_MAX_ENTRIES	65536

struct kvm;
struct kvm_vcpu;
struct kvm_io_bus;
struct kvm_coalesced_mmio_dev;
struct kvm_ioeventfd_dev;
struct kvm_device;
struct kvm_irq_routing_table;
struct kvm_irqfds;

/* GSI routing (irqchip.c): KVM_SET_GSI_ROUTING's entries, as the arch took them. */
#define KVM_MAX_IRQ_ROUTES	4096
struct kvm_kernel_irq_routing_entry {
	uint32_t gsi;
	uint32_t type;
	/* Raises or lowers the route's target; the arch's (kvm_set_routing_entry()). */
	int (*set)(const struct kvm_kernel_irq_routing_entry *e, struct kvm *kvm, int level);
	union {
		struct {
			unsigned int irqchip;
			unsigned int pin;
		} irqchip;
		struct {
			uint32_t address_lo;
			uint32_t address_hi;
			uint32_t data;
			uint32_t flags;
			uint32_t devid;
		} msi;
	};
};

/**
 * struct kvm_device_ops - a device type KVM_CREATE_DEVICE makes (the
 * kernel's, less what no arm64 device has).
 * @name: the device file's name (the kernel's anon-inode name).
 * @create: with kvm->lock held; a negative errno makes no device.
 * @init: after @create, unlocked (optional).
 * @destroy: at the VM's destruction; frees the device.
 * @release: at the last close of the device's fd (optional): the device
 *	leaves the VM then, and @destroy is not called for it.
 * @set_attr, @get_attr, @has_attr: KVM_{SET,GET,HAS}_DEVICE_ATTR; a NULL
 *	one answers EPERM.
 * @ioctl: any other ioctl on the device fd (NULL: ENOTTY).
 */
struct kvm_device_ops {
	const char *name;
	int (*create)(struct kvm_device *dev, uint32_t type);
	void (*init)(struct kvm_device *dev);
	void (*destroy)(struct kvm_device *dev);
	void (*release)(struct kvm_device *dev);
	int (*set_attr)(struct kvm_device *dev, const struct kvm_device_attr *attr);
	int (*get_attr)(struct kvm_device *dev, const struct kvm_device_attr *attr);
	int (*has_attr)(struct kvm_device *dev, const struct kvm_device_attr *attr);
	long (*ioctl)(struct kvm_device *dev, unsigned int ioctl, unsigned long arg);
};

/**
 * struct kvm_device - one device of a VM, reached through its fd.
 * @private: the device type's own state.
 * @next: the VM's devices (kvm->devices), under kvm->lock.
 */
struct kvm_device {
	const struct kvm_device_ops *ops;
	struct kvm *kvm;
	void *private;
	struct kvm_device *next;
};

/* ---- binary statistics (KVM_GET_STATS_FD, binary_stats.c) ---- */

/* Bytes of a descriptor's name and of the id string (kernel-internal sizes). */
#define KVM_STATS_NAME_SIZE		48
/* Buckets of the logarithmic histograms. */
#define KVM_STATS_HIST_BUCKETS		32
#define KVM_NR_GENERIC_VCPU_STATS	11
/* Room for an architecture's own vCPU statistics. */
#define KVM_ARCH_VCPU_STATS_MAX		16

/**
 * struct kvm_stat_def - one statistic as its descriptor shows it.
 * @flags: KVM_STATS_TYPE_* | KVM_STATS_UNIT_* | KVM_STATS_BASE_*.
 * @size: number of u64 values.
 * @offset: bytes from the start of the values; an arch's vCPU statistics
 *	count from the start of struct kvm_vcpu_stat's @arch.
 */
struct kvm_stat_def {
	const char *name;
	uint32_t flags;
	int16_t exponent;
	uint16_t size;
	uint32_t offset;
};

/* What every vCPU counts, in the order the file shows it. */
struct kvm_vcpu_stat_generic {
	uint64_t halt_successful_poll;
	uint64_t halt_attempted_poll;
	uint64_t halt_poll_invalid;
	uint64_t halt_wakeup;
	uint64_t halt_poll_success_ns;
	uint64_t halt_poll_fail_ns;
	uint64_t halt_wait_ns;
	uint64_t halt_poll_success_hist[KVM_STATS_HIST_BUCKETS];
	uint64_t halt_poll_fail_hist[KVM_STATS_HIST_BUCKETS];
	uint64_t halt_wait_hist[KVM_STATS_HIST_BUCKETS];
	uint64_t blocking;
};

/* A vCPU's values: the generic ones, then the arch's (its ops->vcpu_stats). */
struct kvm_vcpu_stat {
	struct kvm_vcpu_stat_generic generic;
	uint64_t arch[KVM_ARCH_VCPU_STATS_MAX];
};

struct kvm_vm_stat {
	uint64_t remote_tlb_flush;
	uint64_t remote_tlb_flush_requests;
};

/* An object's stats file, made at its first KVM_GET_STATS_FD (fd -1 before). */
struct kvm_stats_file {
	int fd;
	size_t data_offset;
	size_t data_size;
};

extern const struct kvm_stat_def kvm_generic_vcpu_stats[KVM_NR_GENERIC_VCPU_STATS];

/* The VM's I/O buses (virt/kvm/iodev.h has their devices). */
enum kvm_bus {
	KVM_MMIO_BUS,
	KVM_PIO_BUS,
	KVM_VIRTIO_CCW_NOTIFY_BUS,	/* s390's; any architecture registers there */
	KVM_FAST_MMIO_BUS,		/* length-0 ioeventfds; arm64 never looks */
	KVM_NR_BUSES,
};

/**
 * struct kvm_memory_slot - one guest-physical range backed by VMM memory.
 * @id: slot number (address space in bits 16-31, always 0 on arm64).
 * @base_gfn: first guest frame.
 * @npages: size in pages; a slot with none is unused.
 * @userspace_addr: the VMM's address of the first byte.
 * @flags: KVM_MEM_*.
 */
struct kvm_memory_slot {
	uint32_t id;
	uint64_t base_gfn;
	uint64_t npages;
	uint64_t userspace_addr;
	uint32_t flags;
	/* With KVM_MEM_LOG_DIRTY_PAGES (dirty_log.c), under slots_lock. */
	unsigned long *dirty_bitmap;	/* pages written since collected */
	unsigned long *ring_bitmap;	/* pages in a dirty ring, not reset yet */
};

/**
 * struct kvm_dirty_ring - a vCPU's dirty ring (KVM_CAP_DIRTY_LOG_RING_ACQ_REL).
 * @dirty_index: next entry KVM fills.
 * @reset_index: next entry KVM_RESET_DIRTY_RINGS expects back from userspace.
 * @size: entries, a power of two.
 * @index: the vCPU id, which places the ring in the VM's pages file.
 * @dirty_gfns: the entries, shared with every mapping the VMM makes.
 * @fd: their memfd, kept only where mremap() cannot duplicate a mapping
 *	(fd.c's mremap_dups()), else -1.
 */
struct kvm_dirty_ring {
	uint32_t dirty_index;
	uint32_t reset_index;
	uint32_t size;
	unsigned int index;
	struct kvm_dirty_gfn *dirty_gfns;
	int fd;
};

/* What a KVM_SET_USER_MEMORY_REGION call does to a slot. */
enum kvm_mr_change {
	KVM_MR_CREATE,
	KVM_MR_DELETE,
	KVM_MR_MOVE,
	KVM_MR_FLAGS_ONLY,
};

/**
 * struct kvm_arch_ops - how generic code reaches the architecture.
 *
 * The one seam between sim/virt/kvm/ and sim/arch/: in the spirit of
 * kvm_x86_ops, a const table chosen once.  The architecture's VM and vCPU
 * types embed struct kvm and struct kvm_vcpu; @vm_size and @vcpu_size say
 * how much to allocate, container_of() gets back.
 */
struct kvm_arch_ops {
	const char *name;
	size_t vm_size;
	size_t vcpu_size;

	/* KVM_CREATE_VM: validate @type and set up the arch part. */
	int (*init_vm)(struct kvm *kvm, unsigned long type);
	void (*destroy_vm)(struct kvm *kvm);
	/* KVM_CHECK_EXTENSION answers not handled generically; @kvm is NULL on the system fd. */
	long (*check_extension)(const struct kvm_profile *profile, struct kvm *kvm, long ext);
	/* System-fd ioctls the generic code does not know. */
	long (*dev_ioctl)(const struct kvm_profile *profile, unsigned int ioctl, unsigned long arg);
	/* VM-fd ioctls the generic code does not know. */
	long (*vm_ioctl)(struct kvm *kvm, unsigned int ioctl, unsigned long arg);
	/*
	 * The device types the kernel registered on @profile's host
	 * (kvm_device_ops_table): NULL for a type it lacks.
	 */
	const struct kvm_device_ops *(*device_ops)(const struct kvm_profile *profile,
						   uint32_t type);
	/* KVM_ENABLE_CAP for the capabilities the generic code does not know. */
	int (*vm_enable_cap)(struct kvm *kvm, const struct kvm_enable_cap *cap);
	/* KVM_CREATE_VCPU: checks before allocation, then set-up and tear-down. */
	int (*vcpu_precreate)(struct kvm *kvm, unsigned int id);
	int (*vcpu_create)(struct kvm_vcpu *vcpu);
	void (*vcpu_destroy)(struct kvm_vcpu *vcpu);
	/* vCPU-fd ioctls the generic code does not know; called with vcpu->mutex held. */
	long (*vcpu_ioctl)(struct kvm_vcpu *vcpu, unsigned int ioctl, unsigned long arg);
	/* KVM_SET_MP_STATE: validate and apply a state copied in by generic code. */
	int (*vcpu_set_mp_state)(struct kvm_vcpu *vcpu, const struct kvm_mp_state *mp_state);
	/* KVM_RUN, with vcpu->mutex held. */
	int (*vcpu_run)(struct kvm_vcpu *vcpu);
	/* The arch's own vCPU statistics, after the generic ones (at most KVM_ARCH_VCPU_STATS_MAX). */
	const struct kvm_stat_def *vcpu_stats;
	size_t nr_vcpu_stats;
	/* GSI routing: fill @e from @ue or refuse it (EINVAL); its interrupt controller is up. */
	int (*set_routing_entry)(struct kvm *kvm, struct kvm_kernel_irq_routing_entry *e,
				 const struct kvm_irq_routing_entry *ue);
	bool (*intc_initialized)(struct kvm *kvm);
	bool (*irqchip_in_kernel)(struct kvm *kvm);
	/* Last word on a memory-slot change (e.g. arm64's IPA-space bound). */
	int (*prepare_memory_region)(struct kvm *kvm, const struct kvm_memory_slot *old,
				     const struct kvm_memory_slot *new, enum kvm_mr_change change);
	/*
	 * After a change, without slots_lock: returns once no vCPU uses the
	 * slots as they were (the kernel's synchronize_srcu()), so the VMM may
	 * unmap a deleted slot's memory at once.
	 */
	void (*commit_memory_region)(struct kvm *kvm);
};

extern const struct kvm_arch_ops kvm_arm64_ops;

/**
 * struct kvm - a virtual machine.
 * @lock: serialises vCPU creation and VM-wide state (kernel: kvm->lock).
 * @slots_lock: serialises memory-slot changes.
 * @users_count: the VM fd and every vCPU fd hold one; the last put frees.
 * @mm_generation: process generation that created the VM; a forked child
 *	has another and gets EIO, as the kernel's kvm->mm check gives.
 */
struct kvm {
	const struct kvm_arch_ops *ops;
	const struct kvm_profile *profile;
	pthread_mutex_t lock;
	pthread_mutex_t slots_lock;
	atomic_int users_count;
	unsigned long mm_generation;
	bool vm_dead;		/* kvm_vm_dead(): every ioctl is EIO */
	int pid;		/* the creator's, for the stats id */
	struct kvm_vm_stat stat;
	struct kvm_stats_file stats_file;

	unsigned int max_vcpus;
	unsigned int created_vcpus;
	atomic_uint online_vcpus;
	struct kvm_vcpu *vcpus[KVM_MAX_VCPUS];

	/* Slots sorted by id. */
	struct kvm_memory_slot *memslots;
	size_t nr_memslots;
	size_t memslots_cap;
	uint64_t nr_memslot_pages;

	/*
	 * The coalesced-MMIO ring, page 1 of every vCPU mapping (fd.c), and
	 * its memfd where mremap() cannot duplicate a mapping (else -1).
	 */
	int pages_fd;
	struct kvm_coalesced_mmio_ring *coalesced_mmio_ring;
	/* Serialises the producers of the coalesced-MMIO ring (the vCPUs). */
	pthread_mutex_t ring_lock;
	/* KVM_REGISTER_COALESCED_MMIO's zones, under slots_lock. */
	struct kvm_coalesced_mmio_dev *coalesced_zones;
	/* KVM_IOEVENTFD's, under slots_lock. */
	struct kvm_ioeventfd_dev *ioeventfds;
	/* KVM_CREATE_DEVICE's devices, newest first, under lock. */
	struct kvm_device *devices;
	/* KVM_SET_GSI_ROUTING's table (NULL: none yet), under irq_lock. */
	pthread_mutex_t irq_lock;
	struct kvm_irq_routing_table *irq_routing;
	/* KVM_IRQFD's, and the thread that watches them (eventfd.c). */
	struct kvm_irqfds *irqfds;

	/*
	 * Devices on the I/O buses: changed under slots_lock and buses_lock
	 * (write), looked up by vCPUs under buses_lock (read).
	 */
	pthread_rwlock_t buses_lock;
	struct kvm_io_bus *buses[KVM_NR_BUSES];

	/* KVM_CAP_DIRTY_LOG_RING_ACQ_REL: bytes per vCPU ring, 0 while off. */
	uint32_t dirty_ring_size;
	bool dirty_ring_with_bitmap;
	/* KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2's argument, under slots_lock. */
	uint64_t manual_dirty_log_protect;
};

/**
 * struct kvm_vcpu - a virtual CPU.
 * @mp_state: KVM_GET/SET_MP_STATE's state (arm64 keeps it generic-side).
 * @mutex: held across every vCPU ioctl (kernel: vcpu->mutex).
 * @run: the kvm_run page: page 0 of the memfd that is the vCPU fd, so
 *	every MAP_SHARED mapping the VMM makes at offset 0 is this page.
 * @dirty_ring: mapped at KVM_DIRTY_LOG_PAGE_OFFSET when the VM has one.
 */
struct kvm_vcpu {
	struct kvm *kvm;
	struct kvm_mp_state mp_state;
	unsigned int vcpu_id;
	unsigned int vcpu_idx;
	pthread_mutex_t mutex;
	struct kvm_run *run;
	int fd;		/* the vCPU fd, valid once installed */
	struct kvm_dirty_ring dirty_ring;
	struct kvm_vcpu_stat stat;
	struct kvm_stats_file stats_file;
};

/* Generic entry points of kvm_main.c, called by the file layer. */
long kvm_dev_ioctl(const struct kvm_profile *profile, unsigned int ioctl, unsigned long arg);
long kvm_vm_ioctl(struct kvm *kvm, unsigned int ioctl, unsigned long arg);
long kvm_vcpu_ioctl(struct kvm_vcpu *vcpu, unsigned int ioctl, unsigned long arg);
long kvm_device_ioctl(struct kvm_device *dev, unsigned int ioctl, unsigned long arg);
/* The last close of a device's fd. */
void kvm_device_release(struct kvm_device *dev);
void kvm_get_kvm(struct kvm *kvm);
void kvm_put_kvm(struct kvm *kvm);
bool kvm_vm_is_current(const struct kvm *kvm);
void kvm_vm_dead(struct kvm *kvm);
struct kvm_vcpu *kvm_get_vcpu_by_id(struct kvm *kvm, unsigned int id);
/* With kvm->lock held: every vCPU's mutex, or false (none taken) if one is busy. */
bool kvm_lock_all_vcpus(struct kvm *kvm);
void kvm_unlock_all_vcpus(struct kvm *kvm);
const struct kvm_memory_slot *kvm_find_memslot(struct kvm *kvm, uint64_t gfn);
/* Slot @id (address space in bits 16-31), or NULL; slots_lock held. */
struct kvm_memory_slot *kvm_id_to_memslot(struct kvm *kvm, uint32_t id);
/*
 * The VMM's address of @len bytes at @gpa, all inside one slot (a writable
 * one for @write), or 0; slots_lock held (__gfn_to_hva_memslot()).
 */
unsigned long kvm_gpa_to_hva(struct kvm *kvm, uint64_t gpa, size_t len, bool write);
/*
 * kvm_read_guest() / kvm_write_guest(): @len bytes at @gpa, within one
 * slot (writable for a write, which is logged as @vcpu's, NULL: the VM's);
 * 0, or -EFAULT where no slot holds them or the VMM's memory faults.
 */
int kvm_read_guest(struct kvm *kvm, uint64_t gpa, void *data, size_t len);
int kvm_write_guest(struct kvm *kvm, struct kvm_vcpu *vcpu, uint64_t gpa, const void *data,
		    size_t len);
/*
 * Whether a slot other than @skip_id (KVM_MEMSLOT_NONE: none skipped) has a
 * page in [@start_gfn, @end_gfn); slots_lock held.  Slots in the array
 * always have pages: a deleted slot is removed.
 */
#define KVM_MEMSLOT_NONE	UINT32_MAX
bool kvm_memslots_overlap(const struct kvm *kvm, uint32_t skip_id, uint64_t start_gfn,
			  uint64_t end_gfn);

/*
 * The file layer (fd.c): real fds for simulated objects.  Installing takes
 * over one reference of the VM; the fd is returned, or a negative errno.
 */
/*
 * Whether the VMM's memory [@addr, @addr + @len) is mapped and readable
 * (and writable if @write); reads /proc/self/maps, so not for hot paths.
 */
bool kvm_host_range_accessible(uint64_t addr, uint64_t len, bool write);
/* Moves an fd of the simulator's own out of the VMM's low fd numbers. */
int kvm_fd_hide(int fd);
int kvm_fd_install_vm(struct kvm *kvm);
int kvm_fd_install_vcpu(struct kvm_vcpu *vcpu);
/* A device's fd (O_RDWR | O_CLOEXEC, named as the device type). */
int kvm_fd_install_device(struct kvm_device *dev);
/* The vCPU's memfd and its kvm_run page, made before the arch creates it. */
int kvm_vcpu_alloc_run(struct kvm_vcpu *vcpu);
void kvm_vcpu_free_run(struct kvm_vcpu *vcpu);
/* Closes the memfd of a vCPU whose creation failed before installation. */
void kvm_vcpu_discard_fd(struct kvm_vcpu *vcpu);
/* The VM's pages file and its coalesced-MMIO ring page. */
int kvm_vm_alloc_pages(struct kvm *kvm);
void kvm_vm_free_pages(struct kvm *kvm);
/* Grows the VM's pages file for a dirty ring of @size bytes per vCPU id. */
int kvm_vm_reserve_dirty_rings(struct kvm *kvm, uint32_t size);
/* A vCPU's dirty ring of @size bytes, in the VM's pages file at slot @index. */
int kvm_dirty_ring_alloc(struct kvm *kvm, struct kvm_dirty_ring *ring,
			 unsigned int index, uint32_t size);
void kvm_dirty_ring_free(struct kvm_dirty_ring *ring);

/*
 * dirty_log.c.  kvm_mark_page_dirty(): a write to @gfn by @vcpu (NULL: by
 * the VM itself) is logged, as the slot and the VM's dirty ring say.
 */
void kvm_mark_page_dirty(struct kvm *kvm, struct kvm_vcpu *vcpu, uint64_t gfn);
void kvm_mark_page_dirty_locked(struct kvm *kvm, struct kvm_vcpu *vcpu, uint64_t gfn);
bool kvm_dirty_ring_soft_full(const struct kvm_dirty_ring *ring);
/* With slots_lock held. */
int kvm_prepare_dirty_bitmaps(struct kvm *kvm, const struct kvm_memory_slot *old,
			      struct kvm_memory_slot *new);
void kvm_destroy_dirty_bitmaps(struct kvm_memory_slot *slot);
void kvm_reset_dirty_gfn(struct kvm *kvm, uint32_t slot_id, uint64_t offset);
int kvm_vm_ioctl_get_dirty_log(struct kvm *kvm, unsigned long arg);
int kvm_vm_ioctl_clear_dirty_log(struct kvm *kvm, unsigned long arg);
/* Changes in a child after fork(): the kernel's "current->mm". */
unsigned long kvm_mm_generation(void);

/* irqchip.c: GSI routing and injection through it. */
int kvm_set_irq_routing(struct kvm *kvm, const struct kvm_irq_routing_entry *ue, unsigned int nr,
			unsigned int flags);
int kvm_vm_ioctl_set_gsi_routing(struct kvm *kvm, unsigned long arg);
int kvm_vm_ioctl_signal_msi(struct kvm *kvm, unsigned long arg);
/* Sets @gsi's routes to @level: how many took it, or a negative errno. */
int kvm_set_irq(struct kvm *kvm, uint32_t gsi, int level);
void kvm_free_irq_routing(struct kvm *kvm);
int kvm_irq_map_chip_pin(struct kvm *kvm, unsigned int irqchip, unsigned int pin);
/* An interrupt routed from @irqchip's @pin was acknowledged (EOI): resamplers. */
void kvm_notify_acked_irq(struct kvm *kvm, unsigned int irqchip, unsigned int pin);

/* eventfd.c: KVM_IRQFD. */
int kvm_vm_ioctl_irqfd(struct kvm *kvm, unsigned long arg);
/* Injects what the VMM signalled on its irqfds since last looked at. */
void kvm_irqfd_poll(struct kvm *kvm);
/* The epoll fd the VM's irqfds wait on, or -1 without irqfds (a vCPU in WFI waits on it too). */
int kvm_irqfd_epoll_fd(struct kvm *kvm);
void kvm_irqfd_release(struct kvm *kvm);

/* binary_stats.c: KVM_GET_STATS_FD; the vCPU's values are written out by kvm_stats_sync(). */
int kvm_vm_ioctl_get_stats_fd(struct kvm *kvm);
int kvm_vcpu_ioctl_get_stats_fd(struct kvm_vcpu *vcpu);
void kvm_stats_sync(struct kvm_vcpu *vcpu);
void kvm_stats_file_close(struct kvm_stats_file *f);

/* uaccess.c: the kernel's copy_{from,to}_user, EFAULT instead of a crash. */
int copy_from_user(void *to, unsigned long from, size_t n);
int copy_to_user(unsigned long to, const void *from, size_t n);
/* The kernel's access_ok() for a user address space of 2^@va_bits bytes. */
bool access_ok_va(unsigned long addr, size_t n, unsigned int va_bits);

#endif /* KVMSIM_SIM_INCLUDE_LINUX_KVM_HOST_H */
