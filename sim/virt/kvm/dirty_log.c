// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dirty_log.c - dirty-page logging: the slots' dirty bitmaps
 * (KVM_MEM_LOG_DIRTY_PAGES, KVM_GET_DIRTY_LOG, KVM_CLEAR_DIRTY_LOG with
 * KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2) and the feeding of the vCPUs' dirty
 * rings, as the kernel's virt/kvm/kvm_main.c and dirty_ring.c have them.
 *
 * The kernel learns of a guest write through a stage-2 write fault on a
 * page it write-protected, and protects the page again when userspace
 * collects it (GET_DIRTY_LOG without manual protect, CLEAR_DIRTY_LOG,
 * RESET_DIRTY_RINGS).  The simulator sees every guest store
 * (kvm_mark_guest_write() from the backend): a bitmap bit is simply set
 * again, and a ring entry is pushed only for a page not pushed since the
 * VMM last reset it (the slot's ring_bitmap), which is what the
 * re-protection makes the kernel do.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kvm_host.h>

#define BITS_PER_LONG	(8 * sizeof(unsigned long))

/* kvm_dirty_bitmap_bytes(): whole longs. */
static size_t dirty_bitmap_bytes(const struct kvm_memory_slot *slot)
{
	return (slot->npages + BITS_PER_LONG - 1) / BITS_PER_LONG * sizeof(unsigned long);
}

static void set_bit_le(uint64_t nr, unsigned long *map)
{
	__atomic_fetch_or(&map[nr / BITS_PER_LONG], 1UL << (nr % BITS_PER_LONG), __ATOMIC_RELAXED);
}

/* kvm_use_dirty_bitmap(): not with a dirty ring, unless with its bitmap too. */
static bool use_dirty_bitmap(const struct kvm *kvm)
{
	return !kvm->dirty_ring_size || kvm->dirty_ring_with_bitmap;
}

void kvm_destroy_dirty_bitmaps(struct kvm_memory_slot *slot)
{
	free(slot->dirty_bitmap);
	free(slot->ring_bitmap);
	slot->dirty_bitmap = NULL;
	slot->ring_bitmap = NULL;
}

/*
 * The bitmaps of @new for a change from @old (kvm_prepare_memory_region()):
 * none without logging; the old ones when logging stays on; else a new
 * dirty bitmap, all set when manual protect came with INITIALLY_SET.  The
 * ring's bitmap comes with the slot's first push.  slots_lock held.
 */
int kvm_prepare_dirty_bitmaps(struct kvm *kvm, const struct kvm_memory_slot *old,
			      struct kvm_memory_slot *new)
{
	size_t n = dirty_bitmap_bytes(new);

	new->dirty_bitmap = NULL;
	new->ring_bitmap = NULL;
	if (!(new->flags & KVM_MEM_LOG_DIRTY_PAGES))
		return 0;
	if (old && (old->flags & KVM_MEM_LOG_DIRTY_PAGES)) {
		new->dirty_bitmap = old->dirty_bitmap;
		new->ring_bitmap = old->ring_bitmap;
		return 0;
	}
	if (!use_dirty_bitmap(kvm))
		return 0;
	new->dirty_bitmap = calloc(1, n);
	if (!new->dirty_bitmap)
		return -ENOMEM;
	if (kvm->manual_dirty_log_protect & KVM_DIRTY_LOG_INITIALLY_SET) {
		memset(new->dirty_bitmap, 0xff, n);
		/* Bits past the last page stay clear. */
		if (new->npages % BITS_PER_LONG)
			new->dirty_bitmap[new->npages / BITS_PER_LONG] =
				(1UL << (new->npages % BITS_PER_LONG)) - 1;
	}
	return 0;
}

/* kvm_dirty_ring_soft_full(): fewer than the reserved entries are left. */
bool kvm_dirty_ring_soft_full(const struct kvm_dirty_ring *ring)
{
	/* The vCPU moves dirty_index, KVM_RESET_DIRTY_RINGS reset_index. */
	return ring->dirty_gfns &&
	       __atomic_load_n(&ring->dirty_index, __ATOMIC_RELAXED) -
			       __atomic_load_n(&ring->reset_index, __ATOMIC_ACQUIRE) >=
		       ring->size - KVM_DIRTY_RING_RSVD_ENTRIES;
}

static void kvm_dirty_ring_push(struct kvm_vcpu *vcpu, uint32_t slot, uint64_t offset)
{
	struct kvm_dirty_ring *ring = &vcpu->dirty_ring;
	struct kvm_dirty_gfn *e;

	/* Never over an entry the VMM has not given back (the kernel WARNs). */
	if (!ring->dirty_gfns ||
	    ring->dirty_index - __atomic_load_n(&ring->reset_index, __ATOMIC_ACQUIRE) >= ring->size)
		return;
	e = &ring->dirty_gfns[ring->dirty_index & (ring->size - 1)];
	e->slot = slot;
	e->offset = offset;
	__atomic_store_n(&e->flags, KVM_DIRTY_GFN_F_DIRTY, __ATOMIC_RELEASE);
	__atomic_store_n(&ring->dirty_index, ring->dirty_index + 1, __ATOMIC_RELAXED);
}

void kvm_mark_page_dirty_locked(struct kvm *kvm, struct kvm_vcpu *vcpu, uint64_t gfn)
{
	struct kvm_memory_slot *slot = (struct kvm_memory_slot *)kvm_find_memslot(kvm, gfn);
	uint64_t rel;

	/* A READONLY slot's writes are MMIO exits, never logged. */
	if (!slot || (slot->flags & (KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY)) !=
			     KVM_MEM_LOG_DIRTY_PAGES)
		return;
	rel = gfn - slot->base_gfn;
	if (kvm->dirty_ring_size && vcpu) {
		unsigned long bit = 1UL << (rel % BITS_PER_LONG);

		/* The slot's first push makes its ring bitmap. */
		if (!slot->ring_bitmap)
			slot->ring_bitmap = calloc(1, dirty_bitmap_bytes(slot));
		if (!slot->ring_bitmap || (slot->ring_bitmap[rel / BITS_PER_LONG] & bit))
			return;
		slot->ring_bitmap[rel / BITS_PER_LONG] |= bit;
		kvm_dirty_ring_push(vcpu, slot->id, rel);
	} else if (slot->dirty_bitmap) {
		set_bit_le(rel, slot->dirty_bitmap);
	}
}

void kvm_mark_page_dirty(struct kvm *kvm, struct kvm_vcpu *vcpu, uint64_t gfn)
{
	pthread_mutex_lock(&kvm->slots_lock);
	kvm_mark_page_dirty_locked(kvm, vcpu, gfn);
	pthread_mutex_unlock(&kvm->slots_lock);
}

/*
 * A ring entry the VMM harvested (kvm_reset_dirty_gfn()): its page is
 * protected again, so the next write pushes it anew.  slots_lock held.
 */
void kvm_reset_dirty_gfn(struct kvm *kvm, uint32_t slot_id, uint64_t offset)
{
	struct kvm_memory_slot *s = kvm_id_to_memslot(kvm, slot_id);

	if (s && s->ring_bitmap && offset < s->npages)
		s->ring_bitmap[offset / BITS_PER_LONG] &= ~(1UL << (offset % BITS_PER_LONG));
}

/* What GET and CLEAR check first: a bitmap in use, and a slot number. */
static int check_log_slot(const struct kvm *kvm, uint32_t slot)
{
	if (!use_dirty_bitmap(kvm))
		return -ENXIO;
	if ((slot >> 16) >= KVM_ADDRESS_SPACE_NUM || (uint16_t)slot >= KVM_USER_MEM_SLOTS)
		return -EINVAL;
	return 0;
}

/* Slot @slot if it logs into a bitmap, else NULL (ENOENT). */
static struct kvm_memory_slot *log_memslot(struct kvm *kvm, uint32_t slot)
{
	struct kvm_memory_slot *s = kvm_id_to_memslot(kvm, slot);

	return s && s->dirty_bitmap ? s : NULL;
}

/* kvm_get_dirty_log_protect(). */
static int get_dirty_log(struct kvm *kvm, const struct kvm_dirty_log *log)
{
	struct kvm_memory_slot *slot;
	unsigned long *buf;
	size_t n;
	int r = check_log_slot(kvm, log->slot);

	if (r)
		return r;
	slot = log_memslot(kvm, log->slot);
	if (!slot)
		return -ENOENT;
	n = dirty_bitmap_bytes(slot);
	if (kvm->manual_dirty_log_protect)
		return copy_to_user((unsigned long)log->dirty_bitmap, slot->dirty_bitmap, n);
	/* Taken and cleared in one go: a copy that faults loses them, as in the kernel. */
	buf = malloc(n);
	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < n / sizeof(long); i++)
		buf[i] = __atomic_exchange_n(&slot->dirty_bitmap[i], 0, __ATOMIC_RELAXED);
	r = copy_to_user((unsigned long)log->dirty_bitmap, buf, n);
	free(buf);
	return r;
}

int kvm_vm_ioctl_get_dirty_log(struct kvm *kvm, unsigned long arg)
{
	struct kvm_dirty_log log;
	int r;

	if (copy_from_user(&log, arg, sizeof(log)))
		return -EFAULT;
	pthread_mutex_lock(&kvm->slots_lock);
	r = get_dirty_log(kvm, &log);
	pthread_mutex_unlock(&kvm->slots_lock);
	return r;
}

/* kvm_clear_dirty_log_protect(). */
static int clear_dirty_log(struct kvm *kvm, const struct kvm_clear_dirty_log *log)
{
	struct kvm_memory_slot *slot;
	unsigned long *buf;
	uint64_t words;
	size_t n;
	int r = check_log_slot(kvm, log->slot);

	if (r)
		return r;
	if (log->first_page & 63)
		return -EINVAL;
	slot = log_memslot(kvm, log->slot);
	if (!slot)
		return -ENOENT;
	if (log->first_page > slot->npages || log->num_pages > slot->npages - log->first_page ||
	    (log->num_pages < slot->npages - log->first_page && (log->num_pages & 63)))
		return -EINVAL;
	words = ((uint64_t)log->num_pages + BITS_PER_LONG - 1) / BITS_PER_LONG;
	n = (size_t)words * sizeof(long);
	buf = malloc(n ? n : 1);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, (unsigned long)log->dirty_bitmap, n)) {
		free(buf);
		return -EFAULT;
	}
	for (uint64_t i = 0; i < words; i++)
		if (buf[i])
			__atomic_fetch_and(&slot->dirty_bitmap[log->first_page / BITS_PER_LONG + i],
					   ~buf[i], __ATOMIC_RELAXED);
	free(buf);
	return 0;
}

int kvm_vm_ioctl_clear_dirty_log(struct kvm *kvm, unsigned long arg)
{
	struct kvm_clear_dirty_log log;
	int r;

	if (copy_from_user(&log, arg, sizeof(log)))
		return -EFAULT;
	pthread_mutex_lock(&kvm->slots_lock);
	r = clear_dirty_log(kvm, &log);
	pthread_mutex_unlock(&kvm->slots_lock);
	return r;
}
