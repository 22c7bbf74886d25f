// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Generic KVM: the system, VM and vCPU ioctls every architecture shares,
 * memory slots and vCPU creation, as virt/kvm/kvm_main.c answers them.
 * Whatever is architecture-specific goes through kvm->ops.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/kvm_host.h>

#include "iodev.h"

static const struct kvm_arch_ops *const arch_ops = &kvm_arm64_ops;

void kvm_get_kvm(struct kvm *kvm)
{
	atomic_fetch_add(&kvm->users_count, 1);
}

/* Takes @dev off the VM's list; kvm->lock held. */
static void kvm_device_unlink(struct kvm *kvm, struct kvm_device *dev)
{
	struct kvm_device **p;

	for (p = &kvm->devices; *p; p = &(*p)->next) {
		if (*p == dev) {
			*p = dev->next;
			return;
		}
	}
}

/* The devices still on the VM's list, at its destruction. */
static void kvm_destroy_devices(struct kvm *kvm)
{
	while (kvm->devices) {
		struct kvm_device *dev = kvm->devices;

		kvm->devices = dev->next;
		if (dev->ops->destroy)
			dev->ops->destroy(dev);
		else
			free(dev);
	}
}

static void kvm_destroy_vm(struct kvm *kvm)
{
	unsigned int i, n = atomic_load(&kvm->online_vcpus);

	kvm_irqfd_release(kvm);

	for (i = 0; i < n; i++) {
		struct kvm_vcpu *vcpu = kvm->vcpus[i];

		kvm->ops->vcpu_destroy(vcpu);
		kvm_dirty_ring_free(&vcpu->dirty_ring);
		kvm_stats_file_close(&vcpu->stats_file);
		kvm_vcpu_free_run(vcpu);
		pthread_mutex_destroy(&vcpu->mutex);
		free(vcpu);
	}
	kvm->ops->destroy_vm(kvm);
	kvm_destroy_devices(kvm);
	kvm_free_irq_routing(kvm);
	pthread_mutex_destroy(&kvm->irq_lock);
	kvm_io_bus_destroy(kvm);
	kvm_stats_file_close(&kvm->stats_file);
	kvm_vm_free_pages(kvm);
	for (size_t j = 0; j < kvm->nr_memslots; j++)
		kvm_destroy_dirty_bitmaps(&kvm->memslots[j]);
	free(kvm->memslots);
	pthread_rwlock_destroy(&kvm->buses_lock);
	pthread_mutex_destroy(&kvm->ring_lock);
	pthread_mutex_destroy(&kvm->slots_lock);
	pthread_mutex_destroy(&kvm->lock);
	free(kvm);
}

void kvm_put_kvm(struct kvm *kvm)
{
	if (atomic_fetch_sub(&kvm->users_count, 1) == 1)
		kvm_destroy_vm(kvm);
}

/* The kernel's "kvm->mm != current->mm": false in a forked child. */
bool kvm_vm_is_current(const struct kvm *kvm)
{
	return kvm->mm_generation == kvm_mm_generation();
}

/* The VM's ioctls, its vCPUs' and its devices' all fail with EIO from now on. */
void kvm_vm_dead(struct kvm *kvm)
{
	__atomic_store_n(&kvm->vm_dead, true, __ATOMIC_RELEASE);
}

/* kvm->mm != current->mm || kvm->vm_dead */
static bool kvm_vm_usable(const struct kvm *kvm)
{
	return kvm_vm_is_current(kvm) && !__atomic_load_n(&kvm->vm_dead, __ATOMIC_ACQUIRE);
}

struct kvm_vcpu *kvm_get_vcpu_by_id(struct kvm *kvm, unsigned int id)
{
	unsigned int i, n = atomic_load(&kvm->online_vcpus);

	for (i = 0; i < n; i++)
		if (kvm->vcpus[i]->vcpu_id == id)
			return kvm->vcpus[i];
	return NULL;
}

/*
 * Every vCPU's mutex, without waiting: false, with none held, when a vCPU
 * is in an ioctl (KVM_RUN above all).  The caller holds kvm->lock, so no
 * vCPU is added meanwhile.
 */
bool kvm_lock_all_vcpus(struct kvm *kvm)
{
	unsigned int i, n = atomic_load(&kvm->online_vcpus);

	for (i = 0; i < n; i++) {
		if (pthread_mutex_trylock(&kvm->vcpus[i]->mutex)) {
			while (i--)
				pthread_mutex_unlock(&kvm->vcpus[i]->mutex);
			return false;
		}
	}
	return true;
}

void kvm_unlock_all_vcpus(struct kvm *kvm)
{
	unsigned int i, n = atomic_load(&kvm->online_vcpus);

	for (i = 0; i < n; i++)
		pthread_mutex_unlock(&kvm->vcpus[i]->mutex);
}

/* ---- I/O buses ---------------------------------------------------------- */

/* A device and the range it answers for. */
struct kvm_io_range {
	uint64_t addr;
	int len;
	struct kvm_io_device *dev;
};

struct kvm_io_bus {
	size_t dev_count;
	size_t ioeventfd_count;	/* of dev_count: not held to NR_IOBUS_DEVS */
	size_t cap;
	struct kvm_io_range *range;
};

/*
 * The kernel's kvm_io_bus_cmp(): ranges sort by address, then length; an
 * access "matches" a device whose range holds all of it.
 */
static int io_range_cmp(const struct kvm_io_range *a, const struct kvm_io_range *b)
{
	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	return a->len < b->len ? -1 : a->len > b->len;
}

static bool io_range_holds(const struct kvm_io_range *dev, uint64_t addr, int len)
{
	/* A device of length 0 (an ioeventfd's) answers for its address alone. */
	if (!dev->len)
		return addr == dev->addr;
	return addr >= dev->addr && addr + (uint64_t)len <= dev->addr + (uint64_t)dev->len;
}

static int io_bus_register(struct kvm *kvm, enum kvm_bus idx, uint64_t addr, int len,
			   struct kvm_io_device *dev, bool ioeventfd)
{
	struct kvm_io_range new = { addr, len, dev };
	struct kvm_io_bus *bus;
	size_t i;
	int r = 0;

	pthread_rwlock_wrlock(&kvm->buses_lock);
	bus = kvm->buses[idx];
	if (!bus) {
		bus = calloc(1, sizeof(*bus));
		if (!bus) {
			r = -ENOMEM;
			goto out;
		}
		kvm->buses[idx] = bus;
	}
	if (bus->dev_count - bus->ioeventfd_count > NR_IOBUS_DEVS - 1) {
		r = -ENOSPC;
		goto out;
	}
	if (bus->dev_count == bus->cap) {
		size_t cap = bus->cap ? 2 * bus->cap : 8;
		struct kvm_io_range *a = realloc(bus->range, cap * sizeof(*a));

		if (!a) {
			r = -ENOMEM;
			goto out;
		}
		bus->range = a;
		bus->cap = cap;
	}
	for (i = 0; i < bus->dev_count && io_range_cmp(&bus->range[i], &new) <= 0; i++)
		;
	memmove(&bus->range[i + 1], &bus->range[i], (bus->dev_count - i) * sizeof(new));
	bus->range[i] = new;
	bus->dev_count++;
	bus->ioeventfd_count += ioeventfd;
out:
	pthread_rwlock_unlock(&kvm->buses_lock);
	return r;
}

int kvm_io_bus_register_dev(struct kvm *kvm, enum kvm_bus idx, uint64_t addr, int len,
			    struct kvm_io_device *dev)
{
	return io_bus_register(kvm, idx, addr, len, dev, false);
}

int kvm_io_bus_register_ioeventfd(struct kvm *kvm, enum kvm_bus idx, uint64_t addr, int len,
				  struct kvm_io_device *dev)
{
	return io_bus_register(kvm, idx, addr, len, dev, true);
}

static void io_bus_unregister(struct kvm *kvm, enum kvm_bus idx, struct kvm_io_device *dev,
			      bool ioeventfd)
{
	struct kvm_io_bus *bus;
	size_t i;

	pthread_rwlock_wrlock(&kvm->buses_lock);
	bus = kvm->buses[idx];
	for (i = 0; bus && i < bus->dev_count; i++) {
		if (bus->range[i].dev == dev) {
			memmove(&bus->range[i], &bus->range[i + 1],
				(bus->dev_count - i - 1) * sizeof(bus->range[0]));
			bus->dev_count--;
			bus->ioeventfd_count -= ioeventfd;
			break;
		}
	}
	pthread_rwlock_unlock(&kvm->buses_lock);
}

void kvm_io_bus_unregister_dev(struct kvm *kvm, enum kvm_bus idx, struct kvm_io_device *dev)
{
	io_bus_unregister(kvm, idx, dev, false);
}

void kvm_io_bus_unregister_ioeventfd(struct kvm *kvm, enum kvm_bus idx, struct kvm_io_device *dev)
{
	io_bus_unregister(kvm, idx, dev, true);
}

/* Offers the access to each device that holds it, in order, until one takes it. */
static int kvm_io_bus_access(struct kvm_vcpu *vcpu, enum kvm_bus idx, uint64_t addr, int len,
			     void *val, bool write)
{
	struct kvm *kvm = vcpu->kvm;
	struct kvm_io_bus *bus;
	int r = -EOPNOTSUPP;

	pthread_rwlock_rdlock(&kvm->buses_lock);
	bus = kvm->buses[idx];
	for (size_t i = 0; bus && i < bus->dev_count && r; i++) {
		struct kvm_io_device *dev = bus->range[i].dev;

		if (bus->range[i].addr > addr)
			break;
		if (!io_range_holds(&bus->range[i], addr, len))
			continue;
		if (write && dev->ops->write)
			r = dev->ops->write(vcpu, dev, addr, len, val);
		else if (!write && dev->ops->read)
			r = dev->ops->read(vcpu, dev, addr, len, val);
	}
	pthread_rwlock_unlock(&kvm->buses_lock);
	return r ? -EOPNOTSUPP : 0;
}

int kvm_io_bus_write(struct kvm_vcpu *vcpu, enum kvm_bus idx, uint64_t addr, int len,
		     const void *val)
{
	return kvm_io_bus_access(vcpu, idx, addr, len, (void *)val, true);
}

int kvm_io_bus_read(struct kvm_vcpu *vcpu, enum kvm_bus idx, uint64_t addr, int len, void *val)
{
	return kvm_io_bus_access(vcpu, idx, addr, len, val, false);
}

void kvm_io_bus_destroy(struct kvm *kvm)
{
	for (int idx = 0; idx < KVM_NR_BUSES; idx++) {
		struct kvm_io_bus *bus = kvm->buses[idx];

		for (size_t i = 0; bus && i < bus->dev_count; i++)
			if (bus->range[i].dev->ops->destructor)
				bus->range[i].dev->ops->destructor(bus->range[i].dev);
		if (bus)
			free(bus->range);
		free(bus);
		kvm->buses[idx] = NULL;
	}
}

/* ---- KVM_CHECK_EXTENSION ---------------------------------------------- */

/*
 * Answers that follow from the generic code's own constants; the rest are
 * the modelled kernel's, recorded from real KVM (the arch's profile table).
 */
static long kvm_check_extension_generic(const struct kvm_profile *profile,
					struct kvm *kvm, long ext)
{
	switch (ext) {
	case KVM_CAP_COALESCED_MMIO:
		return KVM_COALESCED_MMIO_PAGE_OFFSET;
	case KVM_CAP_NR_MEMSLOTS:
		return KVM_USER_MEM_SLOTS;
	default:
		return arch_ops->check_extension(profile, kvm, ext);
	}
}

/* ---- memory slots ------------------------------------------------------ */

/* Index of slot @id in the sorted array, or of where it would go. */
static size_t memslot_index(const struct kvm *kvm, uint32_t id)
{
	size_t lo = 0, hi = kvm->nr_memslots;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (kvm->memslots[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct kvm_memory_slot *kvm_id_to_memslot(struct kvm *kvm, uint32_t id)
{
	size_t i = memslot_index(kvm, id);

	return i < kvm->nr_memslots && kvm->memslots[i].id == id ? &kvm->memslots[i] : NULL;
}

const struct kvm_memory_slot *kvm_find_memslot(struct kvm *kvm, uint64_t gfn)
{
	size_t i;

	for (i = 0; i < kvm->nr_memslots; i++) {
		const struct kvm_memory_slot *s = &kvm->memslots[i];

		if (gfn >= s->base_gfn && gfn - s->base_gfn < s->npages)
			return s;
	}
	return NULL;
}

unsigned long kvm_gpa_to_hva(struct kvm *kvm, uint64_t gpa, size_t len, bool write)
{
	const struct kvm_memory_slot *slot = kvm_find_memslot(kvm, gpa >> PAGE_SHIFT);

	if (!slot || (write && (slot->flags & KVM_MEM_READONLY)) ||
	    gpa + len > (slot->base_gfn + slot->npages) << PAGE_SHIFT)
		return 0;
	return slot->userspace_addr + (gpa - (slot->base_gfn << PAGE_SHIFT));
}

int kvm_read_guest(struct kvm *kvm, uint64_t gpa, void *data, size_t len)
{
	unsigned long hva;
	int r = -EFAULT;

	pthread_mutex_lock(&kvm->slots_lock);
	hva = kvm_gpa_to_hva(kvm, gpa, len, false);
	if (hva && !copy_from_user(data, hva, len))
		r = 0;
	pthread_mutex_unlock(&kvm->slots_lock);
	return r;
}

int kvm_write_guest(struct kvm *kvm, struct kvm_vcpu *vcpu, uint64_t gpa, const void *data,
		    size_t len)
{
	unsigned long hva;
	int r = -EFAULT;

	pthread_mutex_lock(&kvm->slots_lock);
	hva = kvm_gpa_to_hva(kvm, gpa, len, true);
	if (hva && !copy_to_user(hva, data, len)) {
		for (uint64_t gfn = gpa >> PAGE_SHIFT; len && gfn <= (gpa + len - 1) >> PAGE_SHIFT; gfn++)
			kvm_mark_page_dirty_locked(kvm, vcpu, gfn);
		r = 0;
	}
	pthread_mutex_unlock(&kvm->slots_lock);
	return r;
}

bool kvm_memslots_overlap(const struct kvm *kvm, uint32_t skip_id, uint64_t start_gfn,
			  uint64_t end_gfn)
{
	size_t i;

	for (i = 0; i < kvm->nr_memslots; i++) {
		const struct kvm_memory_slot *s = &kvm->memslots[i];

		if (s->id != skip_id && start_gfn < s->base_gfn + s->npages &&
		    s->base_gfn < end_gfn)
			return true;
	}
	return false;
}

static int memslot_insert(struct kvm *kvm, const struct kvm_memory_slot *new)
{
	size_t i = memslot_index(kvm, new->id);

	if (kvm->nr_memslots == kvm->memslots_cap) {
		size_t cap = kvm->memslots_cap ? 2 * kvm->memslots_cap : 8;
		struct kvm_memory_slot *a = realloc(kvm->memslots, cap * sizeof(*a));

		if (!a)
			return -ENOMEM;
		kvm->memslots = a;
		kvm->memslots_cap = cap;
	}
	memmove(&kvm->memslots[i + 1], &kvm->memslots[i],
		(kvm->nr_memslots - i) * sizeof(*new));
	kvm->memslots[i] = *new;
	kvm->nr_memslots++;
	return 0;
}

static void memslot_remove(struct kvm *kvm, struct kvm_memory_slot *slot)
{
	size_t i = (size_t)(slot - kvm->memslots);

	memmove(slot, slot + 1, (kvm->nr_memslots - i - 1) * sizeof(*slot));
	kvm->nr_memslots--;
}

/*
 * The flags both ioctls accept.  KVM_MEM_GUEST_MEMFD needs
 * CONFIG_KVM_GUEST_MEMFD, which neither modelled arm64 kernel has
 * (KVM_CAP_GUEST_MEMFD is 0): the flag is refused like any unknown bit, and
 * with it every guest_memfd rule that would follow.
 */
static int check_memory_region_flags(const struct kvm_userspace_memory_region2 *mem)
{
	uint32_t valid = KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY;

	return mem->flags & ~valid ? -EINVAL : 0;
}

/*
 * kvm_set_memory_region(): the checks in the kernel's order, for both
 * ioctls (a KVM_SET_USER_MEMORY_REGION argument arrives widened, its
 * guest_memfd fields zero).
 */
static int kvm_set_memory_region(struct kvm *kvm, const struct kvm_userspace_memory_region2 *mem)
{
	struct kvm_memory_slot *old, new;
	enum kvm_mr_change change;
	uint16_t as_id = mem->slot >> 16, id = (uint16_t)mem->slot;
	uint64_t base_gfn, npages;
	int r;

	r = check_memory_region_flags(mem);
	if (r)
		return r;
	if (mem->memory_size & (PAGE_SIZE - 1))
		return -EINVAL;
	if (mem->guest_phys_addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if ((mem->userspace_addr & (PAGE_SIZE - 1)) ||
	    !access_ok_va(mem->userspace_addr, mem->memory_size, kvm->profile->va_bits))
		return -EINVAL;
	if (as_id >= KVM_ADDRESS_SPACE_NUM || id >= KVM_MEM_SLOTS_NUM)
		return -EINVAL;
	if (mem->guest_phys_addr + mem->memory_size < mem->guest_phys_addr)
		return -EINVAL;
	if ((mem->memory_size >> PAGE_SHIFT) > KVM_MEM_MAX_NR_PAGES)
		return -EINVAL;

	old = kvm_id_to_memslot(kvm, mem->slot);
	if (!mem->memory_size) {
		if (!old)
			return -EINVAL;
		r = kvm->ops->prepare_memory_region(kvm, old, NULL, KVM_MR_DELETE);
		if (r)
			return r;
		kvm->nr_memslot_pages -= old->npages;
		kvm_destroy_dirty_bitmaps(old);
		memslot_remove(kvm, old);
		return 0;
	}

	base_gfn = mem->guest_phys_addr >> PAGE_SHIFT;
	npages = mem->memory_size >> PAGE_SHIFT;
	if (!old) {
		change = KVM_MR_CREATE;
		if (kvm->nr_memslot_pages + npages < kvm->nr_memslot_pages)
			return -EINVAL;
	} else {
		/* A slot may move or change flags; it may not change size or backing. */
		if (mem->userspace_addr != old->userspace_addr || npages != old->npages ||
		    ((mem->flags ^ old->flags) & KVM_MEM_READONLY))
			return -EINVAL;
		if (base_gfn != old->base_gfn)
			change = KVM_MR_MOVE;
		else if (mem->flags != old->flags)
			change = KVM_MR_FLAGS_ONLY;
		else
			return 0;
	}
	if ((change == KVM_MR_CREATE || change == KVM_MR_MOVE) &&
	    kvm_memslots_overlap(kvm, mem->slot, base_gfn, base_gfn + npages))
		return -EEXIST;

	new = (struct kvm_memory_slot){
		.id = mem->slot,
		.base_gfn = base_gfn,
		.npages = npages,
		.userspace_addr = mem->userspace_addr,
		.flags = mem->flags,
	};
	r = kvm_prepare_dirty_bitmaps(kvm, old, &new);
	if (!r)
		r = kvm->ops->prepare_memory_region(kvm, old, &new, change);
	if (!r && change == KVM_MR_CREATE)
		r = memslot_insert(kvm, &new);
	if (r) {
		/* Only the bitmaps made for @new go: the old ones are still the slot's. */
		if (!old || new.dirty_bitmap != old->dirty_bitmap)
			free(new.dirty_bitmap);
		if (!old || new.ring_bitmap != old->ring_bitmap)
			free(new.ring_bitmap);
		return r;
	}
	if (change == KVM_MR_CREATE) {
		kvm->nr_memslot_pages += npages;
	} else {
		if (new.dirty_bitmap != old->dirty_bitmap)
			free(old->dirty_bitmap);
		if (new.ring_bitmap != old->ring_bitmap)
			free(old->ring_bitmap);
		*old = new;
	}
	return 0;
}

/* The flags that do not need the fields only struct ..._region2 has. */
#define KVM_SET_USER_MEMORY_REGION_V1_FLAGS (KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY)

/*
 * KVM_SET_USER_MEMORY_REGION and KVM_SET_USER_MEMORY_REGION2: one path, the
 * older struct being the first 32 bytes of the newer.  Only the size read
 * from the caller differs (so a v1-sized argument next to an unmapped page
 * faults for REGION2 alone), and v1 may not name a flag that needs the
 * newer fields.  The padding of REGION2 is not looked at.
 */
static int kvm_vm_ioctl_set_memory_region(struct kvm *kvm, unsigned int ioctl, unsigned long arg)
{
	struct kvm_userspace_memory_region2 mem;
	size_t size = ioctl == KVM_SET_USER_MEMORY_REGION ?
		sizeof(struct kvm_userspace_memory_region) : sizeof(mem);
	int r;

	_Static_assert(offsetof(struct kvm_userspace_memory_region2, userspace_addr) ==
		       offsetof(struct kvm_userspace_memory_region, userspace_addr),
		       "the v1 struct is the head of the v2 struct");
	memset(&mem, 0, sizeof(mem));
	if (copy_from_user(&mem, arg, size))
		return -EFAULT;
	if (ioctl == KVM_SET_USER_MEMORY_REGION && (mem.flags & ~KVM_SET_USER_MEMORY_REGION_V1_FLAGS))
		return -EINVAL;
	if ((uint16_t)mem.slot >= KVM_USER_MEM_SLOTS)
		return -EINVAL;
	pthread_mutex_lock(&kvm->slots_lock);
	r = kvm_set_memory_region(kvm, &mem);
	pthread_mutex_unlock(&kvm->slots_lock);
	if (!r && kvm->ops->commit_memory_region)
		kvm->ops->commit_memory_region(kvm);
	return r;
}

/* ---- KVM_CREATE_VCPU --------------------------------------------------- */

static int kvm_vm_ioctl_create_vcpu(struct kvm *kvm, unsigned long arg)
{
	struct kvm_vcpu *vcpu;
	unsigned long id = arg;
	int r;

	/* Before 6.x widened the argument, the id was a u32: higher bits vanished. */
	if (kvm->profile->create_vcpu_id_u32)
		id = (uint32_t)arg;
	if (id >= KVM_MAX_VCPU_IDS)
		return -EINVAL;

	pthread_mutex_lock(&kvm->lock);
	if (kvm->created_vcpus >= kvm->max_vcpus) {
		pthread_mutex_unlock(&kvm->lock);
		return -EINVAL;
	}
	r = kvm->ops->vcpu_precreate(kvm, (unsigned int)id);
	if (r) {
		pthread_mutex_unlock(&kvm->lock);
		return r;
	}
	kvm->created_vcpus++;
	pthread_mutex_unlock(&kvm->lock);

	vcpu = calloc(1, kvm->ops->vcpu_size);
	if (!vcpu) {
		r = -ENOMEM;
		goto out_dec;
	}
	vcpu->kvm = kvm;
	vcpu->vcpu_id = (unsigned int)id;
	vcpu->fd = -1;
	vcpu->stats_file.fd = -1;
	pthread_mutex_init(&vcpu->mutex, NULL);
	r = kvm_vcpu_alloc_run(vcpu);
	if (r)
		goto out_free_vcpu;
	r = kvm->ops->vcpu_create(vcpu);
	if (r)
		goto out_free_run;
	/* dirty_ring_size cannot change any more: created_vcpus is not 0. */
	if (kvm->dirty_ring_size) {
		r = kvm_dirty_ring_alloc(kvm, &vcpu->dirty_ring, vcpu->vcpu_id, kvm->dirty_ring_size);
		if (r)
			goto out_arch_destroy;
	}

	pthread_mutex_lock(&kvm->lock);
	if (kvm_get_vcpu_by_id(kvm, vcpu->vcpu_id)) {
		r = -EEXIST;
		goto out_unlock_destroy;
	}
	vcpu->vcpu_idx = atomic_load(&kvm->online_vcpus);
	kvm_get_kvm(kvm);
	r = kvm_fd_install_vcpu(vcpu);
	if (r < 0) {
		atomic_fetch_sub(&kvm->users_count, 1);
		goto out_unlock_destroy;
	}
	kvm->vcpus[vcpu->vcpu_idx] = vcpu;
	atomic_fetch_add(&kvm->online_vcpus, 1);
	pthread_mutex_unlock(&kvm->lock);
	return r;

out_unlock_destroy:
	pthread_mutex_unlock(&kvm->lock);
	kvm_dirty_ring_free(&vcpu->dirty_ring);
out_arch_destroy:
	kvm->ops->vcpu_destroy(vcpu);
out_free_run:
	kvm_vcpu_free_run(vcpu);
	kvm_vcpu_discard_fd(vcpu);
out_free_vcpu:
	pthread_mutex_destroy(&vcpu->mutex);
	free(vcpu);
out_dec:
	pthread_mutex_lock(&kvm->lock);
	kvm->created_vcpus--;
	pthread_mutex_unlock(&kvm->lock);
	return r;
}

/* ---- dirty rings ------------------------------------------------------- */

/*
 * kvm_vm_ioctl_enable_dirty_log_ring(): @size is the u32 the kernel takes,
 * so higher bits of args[0] vanish.  Size checks come before the "only
 * once" and "no vCPU yet" rules (both EINVAL; the kernel tests the first
 * outside kvm->lock); the capability's flags are not looked at.
 */
static int kvm_vm_ioctl_enable_dirty_log_ring(struct kvm *kvm, uint32_t size)
{
	int r;

	if (!size || (size & (size - 1)))
		return -EINVAL;
	if (size < KVM_DIRTY_RING_RSVD_ENTRIES * sizeof(struct kvm_dirty_gfn) || size < PAGE_SIZE)
		return -EINVAL;
	if (size > KVM_DIRTY_RING_MAX_ENTRIES * sizeof(struct kvm_dirty_gfn))
		return -E2BIG;

	pthread_mutex_lock(&kvm->lock);
	if (kvm->dirty_ring_size || kvm->created_vcpus) {
		r = -EINVAL;
	} else {
		r = kvm_vm_reserve_dirty_rings(kvm, size);
		if (!r)
			kvm->dirty_ring_size = size;
	}
	pthread_mutex_unlock(&kvm->lock);
	return r;
}

/* Entries userspace has harvested (flags RESET, whatever DIRTY says). */
static bool kvm_dirty_gfn_harvested(const struct kvm_dirty_gfn *gfn)
{
	return __atomic_load_n(&gfn->flags, __ATOMIC_ACQUIRE) & KVM_DIRTY_GFN_F_RESET;
}

/*
 * kvm_dirty_ring_reset(): hands harvested entries back to the ring, from
 * reset_index on, and counts them.  Like the kernel, it trusts the flags
 * the VMM wrote and nothing else; each entry's page is protected again
 * (dirty_log.c).
 */
static int kvm_dirty_ring_reset(struct kvm *kvm, struct kvm_dirty_ring *ring)
{
	int count = 0;

	if (!ring->dirty_gfns)
		return 0;
	for (;;) {
		struct kvm_dirty_gfn *gfn = &ring->dirty_gfns[ring->reset_index & (ring->size - 1)];

		if (!kvm_dirty_gfn_harvested(gfn))
			break;
		kvm_reset_dirty_gfn(kvm, gfn->slot, gfn->offset);
		__atomic_store_n(&gfn->flags, 0, __ATOMIC_RELEASE);
		__atomic_store_n(&ring->reset_index, ring->reset_index + 1, __ATOMIC_RELEASE);
		count++;
	}
	return count;
}

/* KVM_RESET_DIRTY_RINGS: the entries reset over all vCPUs, or EINVAL without rings. */
static int kvm_vm_ioctl_reset_dirty_pages(struct kvm *kvm)
{
	unsigned int i, n;
	int cleared = 0;

	if (!kvm->dirty_ring_size)
		return -EINVAL;
	pthread_mutex_lock(&kvm->slots_lock);
	n = atomic_load(&kvm->online_vcpus);
	for (i = 0; i < n; i++)
		cleared += kvm_dirty_ring_reset(kvm, &kvm->vcpus[i]->dirty_ring);
	pthread_mutex_unlock(&kvm->slots_lock);
	return cleared;
}

/* ---- devices ----------------------------------------------------------- */

/*
 * KVM_CREATE_DEVICE: the kernel looks the type up in the device types its
 * host registered (arm64: the vGIC of the host's GIC and, with a GICv3,
 * its ITS) and answers ENODEV for any other, before it looks at
 * KVM_CREATE_DEVICE_TEST; no other flag is looked at.  The new device
 * joins the VM's list, which holds it until the VM goes, and its fd holds
 * the VM.  A copy-out that faults leaves the fd installed, as the kernel's
 * does.
 */
static int kvm_ioctl_create_device(struct kvm *kvm, unsigned long arg)
{
	const struct kvm_device_ops *ops;
	struct kvm_create_device cd;
	struct kvm_device *dev;
	int r;

	if (copy_from_user(&cd, arg, sizeof(cd)))
		return -EFAULT;
	ops = kvm->ops->device_ops(kvm->profile, cd.type);
	if (!ops)
		return -ENODEV;
	if (cd.flags & KVM_CREATE_DEVICE_TEST)
		return 0;

	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->ops = ops;
	dev->kvm = kvm;
	pthread_mutex_lock(&kvm->lock);
	r = ops->create(dev, cd.type);
	if (r < 0) {
		pthread_mutex_unlock(&kvm->lock);
		free(dev);
		return r;
	}
	dev->next = kvm->devices;
	kvm->devices = dev;
	pthread_mutex_unlock(&kvm->lock);
	if (ops->init)
		ops->init(dev);

	kvm_get_kvm(kvm);
	r = kvm_fd_install_device(dev);
	if (r < 0) {
		/* The VM still has its own reference: this one never frees it. */
		atomic_fetch_sub(&kvm->users_count, 1);
		pthread_mutex_lock(&kvm->lock);
		kvm_device_unlink(kvm, dev);
		if (ops->release)
			ops->release(dev);
		pthread_mutex_unlock(&kvm->lock);
		if (ops->destroy)
			ops->destroy(dev);
		return r;
	}
	cd.fd = (uint32_t)r;
	if (copy_to_user(arg, &cd, sizeof(cd)))
		return -EFAULT;
	return 0;
}

static int kvm_device_ioctl_attr(struct kvm_device *dev,
				 int (*accessor)(struct kvm_device *dev,
						 const struct kvm_device_attr *attr),
				 unsigned long arg)
{
	struct kvm_device_attr attr;

	if (!accessor)
		return -EPERM;
	if (copy_from_user(&attr, arg, sizeof(attr)))
		return -EFAULT;
	return accessor(dev, &attr);
}

/* A device fd's ioctls (the kernel's kvm_device_ioctl()). */
long kvm_device_ioctl(struct kvm_device *dev, unsigned int ioctl, unsigned long arg)
{
	if (!kvm_vm_usable(dev->kvm))
		return -EIO;
	switch (ioctl) {
	case KVM_SET_DEVICE_ATTR:
		return kvm_device_ioctl_attr(dev, dev->ops->set_attr, arg);
	case KVM_GET_DEVICE_ATTR:
		return kvm_device_ioctl_attr(dev, dev->ops->get_attr, arg);
	case KVM_HAS_DEVICE_ATTR:
		return kvm_device_ioctl_attr(dev, dev->ops->has_attr, arg);
	default:
		if (dev->ops->ioctl)
			return dev->ops->ioctl(dev, ioctl, arg);
		return -ENOTTY;
	}
}

void kvm_device_release(struct kvm_device *dev)
{
	struct kvm *kvm = dev->kvm;

	if (dev->ops->release) {
		pthread_mutex_lock(&kvm->lock);
		kvm_device_unlink(kvm, dev);
		dev->ops->release(dev);
		pthread_mutex_unlock(&kvm->lock);
	}
	kvm_put_kvm(kvm);
}

/* ---- VM fd ------------------------------------------------------------- */

static int kvm_vm_ioctl_enable_cap_generic(struct kvm *kvm, unsigned long arg)
{
	struct kvm_enable_cap cap;

	if (copy_from_user(&cap, arg, sizeof(cap)))
		return -EFAULT;
	switch (cap.cap) {
	case KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2: {
		/* INITIALLY_SET (bit 1) only together with ENABLE (bit 0). */
		uint64_t allowed = KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE;

		if (cap.args[0] & KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE)
			allowed |= KVM_DIRTY_LOG_INITIALLY_SET;
		if (cap.flags || (cap.args[0] & ~allowed))
			return -EINVAL;
		pthread_mutex_lock(&kvm->slots_lock);
		kvm->manual_dirty_log_protect = cap.args[0];
		pthread_mutex_unlock(&kvm->slots_lock);
		return 0;
	}
	case KVM_CAP_HALT_POLL:
		/* The poll time is an unsigned int nanoseconds; it changes nothing here. */
		if (cap.flags || cap.args[0] != (uint32_t)cap.args[0])
			return -EINVAL;
		return 0;
	case KVM_CAP_DIRTY_LOG_RING:
	case KVM_CAP_DIRTY_LOG_RING_ACQ_REL:
		/* The kernel's own test: a ring it does not advertise cannot be enabled. */
		if (!kvm_check_extension_generic(kvm->profile, kvm, cap.cap))
			return -EINVAL;
		return kvm_vm_ioctl_enable_dirty_log_ring(kvm, (uint32_t)cap.args[0]);
	case KVM_CAP_DIRTY_LOG_RING_WITH_BITMAP: {
		int r = -EINVAL;

		/* Only on top of a ring, and only while no memory slot exists. */
		if (!kvm_check_extension_generic(kvm->profile, kvm, cap.cap) ||
		    !kvm->dirty_ring_size || cap.flags)
			return -EINVAL;
		pthread_mutex_lock(&kvm->slots_lock);
		if (!kvm->nr_memslots) {
			kvm->dirty_ring_with_bitmap = true;
			r = 0;
		}
		pthread_mutex_unlock(&kvm->slots_lock);
		return r;
	}
	default:
		return kvm->ops->vm_enable_cap(kvm, &cap);
	}
}

long kvm_vm_ioctl(struct kvm *kvm, unsigned int ioctl, unsigned long arg)
{
	if (!kvm_vm_usable(kvm))
		return -EIO;

	switch (ioctl) {
	case KVM_CREATE_VCPU:
		return kvm_vm_ioctl_create_vcpu(kvm, arg);
	case KVM_SET_USER_MEMORY_REGION2:
		/* A kernel without KVM_CAP_USER_MEMORY2 has no such ioctl. */
		if (kvm_check_extension_generic(kvm->profile, kvm, KVM_CAP_USER_MEMORY2) <= 0)
			return kvm->ops->vm_ioctl(kvm, ioctl, arg);
		return kvm_vm_ioctl_set_memory_region(kvm, ioctl, arg);
	case KVM_SET_USER_MEMORY_REGION:
		return kvm_vm_ioctl_set_memory_region(kvm, ioctl, arg);
	case KVM_ENABLE_CAP:
		return kvm_vm_ioctl_enable_cap_generic(kvm, arg);
	case KVM_CHECK_EXTENSION:
		return kvm_check_extension_generic(kvm->profile, kvm, (long)arg);
	case KVM_RESET_DIRTY_RINGS:
		return kvm_vm_ioctl_reset_dirty_pages(kvm);
	case KVM_GET_DIRTY_LOG:
		return kvm_vm_ioctl_get_dirty_log(kvm, arg);
	case KVM_CLEAR_DIRTY_LOG:
		return kvm_vm_ioctl_clear_dirty_log(kvm, arg);
	case KVM_IOEVENTFD:
		return kvm_vm_ioctl_ioeventfd(kvm, arg);
	case KVM_IRQFD:
		return kvm_vm_ioctl_irqfd(kvm, arg);
	case KVM_SET_GSI_ROUTING:
		return kvm_vm_ioctl_set_gsi_routing(kvm, arg);
	case KVM_SIGNAL_MSI:
		return kvm_vm_ioctl_signal_msi(kvm, arg);
	case KVM_REGISTER_COALESCED_MMIO:
		return kvm_vm_ioctl_register_coalesced_mmio(kvm, arg);
	case KVM_UNREGISTER_COALESCED_MMIO:
		return kvm_vm_ioctl_unregister_coalesced_mmio(kvm, arg);
	case KVM_CREATE_DEVICE:
		return kvm_ioctl_create_device(kvm, arg);
	case KVM_GET_STATS_FD:
		return kvm_vm_ioctl_get_stats_fd(kvm);
	default:
		return kvm->ops->vm_ioctl(kvm, ioctl, arg);
	}
}

/* ---- vCPU fd ----------------------------------------------------------- */

long kvm_vcpu_ioctl(struct kvm_vcpu *vcpu, unsigned int ioctl, unsigned long arg)
{
	long r;

	if (!kvm_vm_usable(vcpu->kvm))
		return -EIO;
	if (_IOC_TYPE(ioctl) != KVMIO)
		return -EINVAL;

	pthread_mutex_lock(&vcpu->mutex);
	switch (ioctl) {
	case KVM_RUN:
		r = arg ? -EINVAL : vcpu->kvm->ops->vcpu_run(vcpu);
		kvm_stats_sync(vcpu);
		break;
	case KVM_GET_STATS_FD:
		r = kvm_vcpu_ioctl_get_stats_fd(vcpu);
		break;
	case KVM_GET_MP_STATE:
		r = copy_to_user(arg, &vcpu->mp_state, sizeof(vcpu->mp_state));
		break;
	case KVM_SET_MP_STATE: {
		struct kvm_mp_state mp_state;

		r = copy_from_user(&mp_state, arg, sizeof(mp_state));
		if (!r)
			r = vcpu->kvm->ops->vcpu_set_mp_state(vcpu, &mp_state);
		break;
	}
	case KVM_GET_REGS:
	case KVM_SET_REGS:
	case KVM_GET_SREGS:
	case KVM_SET_SREGS:
	case KVM_GET_FPU:
	case KVM_SET_FPU:
	case KVM_TRANSLATE:
		/* Generic ioctls whose arm64 halves refuse them (ONE_REG instead). */
		r = -EINVAL;
		break;
	default:
		r = vcpu->kvm->ops->vcpu_ioctl(vcpu, ioctl, arg);
		break;
	}
	pthread_mutex_unlock(&vcpu->mutex);
	return r;
}

/* ---- /dev/kvm ---------------------------------------------------------- */

static int kvm_dev_ioctl_create_vm(const struct kvm_profile *profile, unsigned long type)
{
	struct kvm *kvm = calloc(1, arch_ops->vm_size);
	int r;

	if (!kvm)
		return -ENOMEM;
	kvm->ops = arch_ops;
	kvm->profile = profile;
	kvm->mm_generation = kvm_mm_generation();
	atomic_init(&kvm->users_count, 1);
	pthread_mutex_init(&kvm->lock, NULL);
	pthread_mutex_init(&kvm->slots_lock, NULL);
	pthread_mutex_init(&kvm->irq_lock, NULL);
	pthread_mutex_init(&kvm->ring_lock, NULL);
	pthread_rwlock_init(&kvm->buses_lock, NULL);
	kvm->max_vcpus = KVM_MAX_VCPUS;
	kvm->pages_fd = -1;
	kvm->pid = (int)getpid();
	kvm->stats_file.fd = -1;

	r = arch_ops->init_vm(kvm, type);
	if (r)
		goto out_free;
	r = kvm_vm_alloc_pages(kvm);
	if (r)
		goto out_destroy_arch;
	r = kvm_fd_install_vm(kvm);
	if (r < 0)
		goto out_free_pages;
	return r;

out_free_pages:
	kvm_vm_free_pages(kvm);
out_destroy_arch:
	arch_ops->destroy_vm(kvm);
out_free:
	pthread_rwlock_destroy(&kvm->buses_lock);
	pthread_mutex_destroy(&kvm->ring_lock);
	pthread_mutex_destroy(&kvm->slots_lock);
	pthread_mutex_destroy(&kvm->lock);
	free(kvm);
	return r;
}

long kvm_dev_ioctl(const struct kvm_profile *profile, unsigned int ioctl, unsigned long arg)
{
	switch (ioctl) {
	case KVM_GET_API_VERSION:
		return arg ? -EINVAL : KVM_API_VERSION;
	case KVM_CREATE_VM:
		return kvm_dev_ioctl_create_vm(profile, arg);
	case KVM_CHECK_EXTENSION:
		return kvm_check_extension_generic(profile, NULL, (long)arg);
	case KVM_GET_VCPU_MMAP_SIZE:
		if (arg)
			return -EINVAL;
		/* kvm_run, then the coalesced-MMIO ring. */
		return PAGE_SIZE * (1 + KVM_COALESCED_MMIO_PAGE_OFFSET);
	default:
		return arch_ops->dev_ioctl(profile, ioctl, arg);
	}
}
