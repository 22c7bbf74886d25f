// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * eventfd.c - KVM_IOEVENTFD, as the kernel's virt/kvm/eventfd.c has it: a
 * guest store to an address the VMM registered (of the registered length,
 * and with the registered value when DATAMATCH is set) signals the VMM's
 * eventfd and the vCPU runs on; any other access to the address exits as
 * before.
 *
 * The kernel holds the eventfd's context; the simulator holds a duplicate
 * of the VMM's descriptor, so the ioeventfd outlives the VMM's close() as
 * in the kernel, and tells one eventfd from another by the id the kernel
 * shows in /proc/self/fdinfo ("eventfd-id", Linux 5.2 on).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "iodev.h"

struct kvm_ioeventfd_dev {
	struct kvm_io_device dev;
	struct kvm *kvm;
	struct kvm_ioeventfd_dev *next;	/* kvm->ioeventfds, under slots_lock */
	enum kvm_bus bus_idx;
	uint64_t addr;
	int length;
	uint64_t datamatch;
	bool wildcard;
	int fd;			/* the simulator's own duplicate */
	long id;		/* the eventfd's id, or -1 where /proc does not say */
	int vmm_fd;		/* the number the VMM gave, for want of an id */
};

static struct kvm_ioeventfd_dev *to_ioeventfd(struct kvm_io_device *dev)
{
	return container_of(dev, struct kvm_ioeventfd_dev, dev);
}

/*
 * eventfd_ctx_fdget(): 0 and the eventfd's id in *@id when @fd is an
 * eventfd; -EBADF when @fd is no open file, -EINVAL when it is another kind.
 */
static int eventfd_id(int fd, long *id)
{
	char path[64], line[128];
	FILE *f;
	bool found = false;

	if (fd < 0 || fcntl(fd, F_GETFD) < 0)
		return -EBADF;
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f) {
		/* No /proc: the descriptor is taken for an eventfd, known by its number. */
		*id = -1;
		return 0;
	}
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "eventfd-id: %ld", id) == 1;
	fclose(f);
	return found ? 0 : -EINVAL;
}

/* ioeventfd_in_range(): whether the access is this ioeventfd's. */
static bool ioeventfd_in_range(const struct kvm_ioeventfd_dev *p, uint64_t addr, int len,
			       const void *val)
{
	uint64_t v = 0;

	if (addr != p->addr)
		return false;
	if (!p->length)
		return true;
	if (len != p->length)
		return false;
	if (p->wildcard)
		return true;
	memcpy(&v, val, (size_t)len);	/* little-endian: the low bytes */
	return v == p->datamatch;
}

static int ioeventfd_write(struct kvm_vcpu *vcpu, struct kvm_io_device *this, uint64_t addr,
			   int len, const void *val)
{
	struct kvm_ioeventfd_dev *p = to_ioeventfd(this);
	uint64_t one = 1;
	ssize_t n;

	(void)vcpu;
	if (!ioeventfd_in_range(p, addr, len, val))
		return -EOPNOTSUPP;
	/* eventfd_signal(): the count goes up by one; nothing to report back. */
	do
		n = write(p->fd, &one, sizeof(one));
	while (n < 0 && errno == EINTR);
	return 0;
}

static void ioeventfd_release(struct kvm_ioeventfd_dev *p)
{
	struct kvm_ioeventfd_dev **pp;

	for (pp = &p->kvm->ioeventfds; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	}
	close(p->fd);
	free(p);
}

static void ioeventfd_destructor(struct kvm_io_device *this)
{
	ioeventfd_release(to_ioeventfd(this));
}

static const struct kvm_io_device_ops ioeventfd_ops = {
	.write = ioeventfd_write,
	.destructor = ioeventfd_destructor,
};

static enum kvm_bus ioeventfd_bus_from_flags(uint32_t flags)
{
	if (flags & KVM_IOEVENTFD_FLAG_PIO)
		return KVM_PIO_BUS;
	if (flags & KVM_IOEVENTFD_FLAG_VIRTIO_CCW_NOTIFY)
		return KVM_VIRTIO_CCW_NOTIFY_BUS;
	return KVM_MMIO_BUS;
}

/* Another ioeventfd on the bus would take the same accesses. */
static bool ioeventfd_check_collision(const struct kvm *kvm, const struct kvm_ioeventfd_dev *p)
{
	for (const struct kvm_ioeventfd_dev *q = kvm->ioeventfds; q; q = q->next) {
		if (q->bus_idx != p->bus_idx || q->addr != p->addr)
			continue;
		if (!q->length || !p->length)
			return true;
		if (q->length == p->length &&
		    (q->wildcard || p->wildcard || q->datamatch == p->datamatch))
			return true;
	}
	return false;
}

static int kvm_assign_ioeventfd_idx(struct kvm *kvm, enum kvm_bus bus_idx,
				    const struct kvm_ioeventfd *args)
{
	struct kvm_ioeventfd_dev *p;
	long id;
	int r = eventfd_id(args->fd, &id);

	if (r)
		return r;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->fd = fcntl(args->fd, F_DUPFD_CLOEXEC, 0);
	if (p->fd < 0) {
		r = -errno;
		free(p);
		return r;
	}
	p->dev.ops = &ioeventfd_ops;
	p->kvm = kvm;
	p->bus_idx = bus_idx;
	p->addr = args->addr;
	p->length = (int)args->len;
	p->id = id;
	p->vmm_fd = args->fd;
	if (args->flags & KVM_IOEVENTFD_FLAG_DATAMATCH)
		p->datamatch = args->datamatch;
	else
		p->wildcard = true;

	pthread_mutex_lock(&kvm->slots_lock);
	if (ioeventfd_check_collision(kvm, p))
		r = -EEXIST;
	else
		r = kvm_io_bus_register_ioeventfd(kvm, bus_idx, p->addr, p->length, &p->dev);
	if (!r) {
		p->next = kvm->ioeventfds;
		kvm->ioeventfds = p;
	}
	pthread_mutex_unlock(&kvm->slots_lock);
	if (r) {
		close(p->fd);
		free(p);
	}
	return r;
}

/* Whether @p was registered with the eventfd open as @fd (id @id). */
static bool same_eventfd(const struct kvm_ioeventfd_dev *p, int fd, long id)
{
	if (id >= 0 || p->id >= 0)
		return id == p->id;
	return fd == p->vmm_fd;
}

static int kvm_deassign_ioeventfd_idx(struct kvm *kvm, enum kvm_bus bus_idx,
				      const struct kvm_ioeventfd *args)
{
	bool wildcard = !(args->flags & KVM_IOEVENTFD_FLAG_DATAMATCH);
	struct kvm_ioeventfd_dev *p;
	long id;
	int r = eventfd_id(args->fd, &id);

	if (r)
		return r;
	r = -ENOENT;
	pthread_mutex_lock(&kvm->slots_lock);
	for (p = kvm->ioeventfds; p; p = p->next) {
		if (p->bus_idx != bus_idx || !same_eventfd(p, args->fd, id) ||
		    p->addr != args->addr || p->length != (int)args->len || p->wildcard != wildcard)
			continue;
		if (!p->wildcard && p->datamatch != args->datamatch)
			continue;
		kvm_io_bus_unregister_ioeventfd(kvm, bus_idx, &p->dev);
		ioeventfd_release(p);
		r = 0;
		break;
	}
	pthread_mutex_unlock(&kvm->slots_lock);
	return r;
}

static int kvm_deassign_ioeventfd(struct kvm *kvm, const struct kvm_ioeventfd *args)
{
	enum kvm_bus bus_idx = ioeventfd_bus_from_flags(args->flags);
	int r = kvm_deassign_ioeventfd_idx(kvm, bus_idx, args);

	/* A length-0 MMIO ioeventfd sits on the fast-MMIO bus too. */
	if (!args->len && bus_idx == KVM_MMIO_BUS)
		kvm_deassign_ioeventfd_idx(kvm, KVM_FAST_MMIO_BUS, args);
	return r;
}

static int kvm_assign_ioeventfd(struct kvm *kvm, const struct kvm_ioeventfd *args)
{
	enum kvm_bus bus_idx = ioeventfd_bus_from_flags(args->flags);
	int r;

	switch (args->len) {
	case 0:
	case 1:
	case 2:
	case 4:
	case 8:
		break;
	default:
		return -EINVAL;
	}
	if (args->addr + args->len < args->addr)
		return -EINVAL;
	if (args->flags & ~(uint32_t)KVM_IOEVENTFD_VALID_FLAG_MASK)
		return -EINVAL;
	if (!args->len && (args->flags & KVM_IOEVENTFD_FLAG_DATAMATCH))
		return -EINVAL;
	r = kvm_assign_ioeventfd_idx(kvm, bus_idx, args);
	if (r)
		return r;
	/*
	 * The kernel keeps a length-0 MMIO ioeventfd on the fast-MMIO bus as
	 * well (arm64 never looks there); a failure there undoes the first.
	 */
	if (!args->len && bus_idx == KVM_MMIO_BUS) {
		r = kvm_assign_ioeventfd_idx(kvm, KVM_FAST_MMIO_BUS, args);
		if (r)
			kvm_deassign_ioeventfd_idx(kvm, bus_idx, args);
	}
	return r;
}

int kvm_vm_ioctl_ioeventfd(struct kvm *kvm, unsigned long arg)
{
	struct kvm_ioeventfd args;

	if (copy_from_user(&args, arg, sizeof(args)))
		return -EFAULT;
	if (args.flags & KVM_IOEVENTFD_FLAG_DEASSIGN)
		return kvm_deassign_ioeventfd(kvm, &args);
	return kvm_assign_ioeventfd(kvm, &args);
}

/* ---- KVM_IRQFD --------------------------------------------------------- */

/*
 * An irqfd: the VMM's eventfd (the simulator's duplicate, as for an
 * ioeventfd) raising GSI @gsi, and with RESAMPLE its resamplefd, which KVM
 * signals when the guest acknowledges the (level) interrupt, lowering it.
 */
struct kvm_irqfd_item {
	struct kvm_irqfd_item *next;
	int fd;
	long id;
	int vmm_fd;
	uint32_t gsi;
	int resamplefd;		/* -1 without RESAMPLE */
	bool raised;		/* RESAMPLE: the level is up until the guest's EOI */
};

/*
 * The VM's irqfds and the thread that waits on them (the kernel's wait
 * queue callback): a signal on an irqfd is injected when the thread sees
 * it, or earlier when a vCPU enters KVM_RUN (kvm_irqfd_poll()), so that a
 * VMM's write() before KVM_RUN is in before the guest runs, as on real KVM
 * where the write injects; a vCPU asleep in WFI waits on @epfd too and
 * injects what it sees itself (arm64's wfi_poll_irqfds()).
 */
struct kvm_irqfds {
	pthread_mutex_t lock;
	struct kvm_irqfd_item *items;
	int epfd;
	int wake_fd;
	pthread_t thread;
	bool stop;
};

/* Takes what the eventfd counts, if anything, and raises the GSI; lock held. */
static void irqfd_consume(struct kvm *kvm, struct kvm_irqfd_item *irqfd)
{
	struct pollfd pfd = { .fd = irqfd->fd, .events = POLLIN };
	uint64_t count;

	if (poll(&pfd, 1, 0) != 1 || !(pfd.revents & POLLIN))
		return;
	if (read(irqfd->fd, &count, sizeof(count)) != sizeof(count))
		return;
	/*
	 * arm64 injects from the eventfd's wake-up (kvm_arch_set_irq_inatomic()),
	 * which only ever raises: a level SPI's line stays up until lowered
	 * (by KVM_IRQ_LINE, or by the guest's EOI with RESAMPLE).
	 */
	if (irqfd->resamplefd >= 0)
		irqfd->raised = true;
	kvm_set_irq(kvm, irqfd->gsi, 1);
}

void kvm_irqfd_poll(struct kvm *kvm)
{
	struct kvm_irqfds *irqfds = __atomic_load_n(&kvm->irqfds, __ATOMIC_ACQUIRE);

	if (!irqfds)
		return;
	pthread_mutex_lock(&irqfds->lock);
	for (struct kvm_irqfd_item *p = irqfds->items; p; p = p->next)
		irqfd_consume(kvm, p);
	pthread_mutex_unlock(&irqfds->lock);
}

int kvm_irqfd_epoll_fd(struct kvm *kvm)
{
	struct kvm_irqfds *irqfds = __atomic_load_n(&kvm->irqfds, __ATOMIC_ACQUIRE);

	return irqfds ? irqfds->epfd : -1;
}

static void *irqfd_thread(void *data)
{
	struct kvm *kvm = data;
	struct kvm_irqfds *irqfds = kvm->irqfds;
	struct epoll_event ev[16];

	for (;;) {
		int n = epoll_wait(irqfds->epfd, ev, 16, -1);

		if (n < 0 && errno != EINTR)
			break;
		pthread_mutex_lock(&irqfds->lock);
		if (irqfds->stop) {
			pthread_mutex_unlock(&irqfds->lock);
			break;
		}
		for (int i = 0; i < n; i++)
			for (struct kvm_irqfd_item *p = irqfds->items; p; p = p->next)
				if (p->fd == ev[i].data.fd)
					irqfd_consume(kvm, p);
		pthread_mutex_unlock(&irqfds->lock);
	}
	return NULL;
}

static int irqfds_start(struct kvm *kvm)
{
	struct kvm_irqfds *irqfds;
	struct epoll_event ev = { .events = EPOLLIN };
	int r;

	if (kvm->irqfds)
		return 0;
	irqfds = calloc(1, sizeof(*irqfds));
	if (!irqfds)
		return -ENOMEM;
	pthread_mutex_init(&irqfds->lock, NULL);
	irqfds->epfd = epoll_create1(EPOLL_CLOEXEC);
	irqfds->wake_fd = eventfd(0, EFD_CLOEXEC);
	if (irqfds->epfd < 0 || irqfds->wake_fd < 0)
		goto fail;
	irqfds->epfd = kvm_fd_hide(irqfds->epfd);
	irqfds->wake_fd = kvm_fd_hide(irqfds->wake_fd);
	ev.data.fd = irqfds->wake_fd;
	if (epoll_ctl(irqfds->epfd, EPOLL_CTL_ADD, irqfds->wake_fd, &ev))
		goto fail;
	__atomic_store_n(&kvm->irqfds, irqfds, __ATOMIC_RELEASE);
	r = pthread_create(&irqfds->thread, NULL, irqfd_thread, kvm);
	if (r) {
		__atomic_store_n(&kvm->irqfds, NULL, __ATOMIC_RELEASE);
		errno = r;
		goto fail;
	}
	return 0;
fail:
	r = errno ? -errno : -ENOMEM;
	if (irqfds->epfd >= 0)
		close(irqfds->epfd);
	if (irqfds->wake_fd >= 0)
		close(irqfds->wake_fd);
	pthread_mutex_destroy(&irqfds->lock);
	free(irqfds);
	return r;
}

static void irqfd_free(struct kvm_irqfds *irqfds, struct kvm_irqfd_item *p)
{
	epoll_ctl(irqfds->epfd, EPOLL_CTL_DEL, p->fd, NULL);
	close(p->fd);
	if (p->resamplefd >= 0)
		close(p->resamplefd);
	free(p);
}

static bool irqfd_is(const struct kvm_irqfd_item *p, int fd, long id)
{
	if (id >= 0 || p->id >= 0)
		return id == p->id;
	return fd == p->vmm_fd;
}

/* kvm_irqfd_deassign(): the irqfd of that eventfd and GSI goes; none is no error. */
static int kvm_irqfd_deassign(struct kvm *kvm, const struct kvm_irqfd *args)
{
	struct kvm_irqfds *irqfds = __atomic_load_n(&kvm->irqfds, __ATOMIC_ACQUIRE);
	struct kvm_irqfd_item **pp;
	long id;
	int r = eventfd_id((int)args->fd, &id);

	if (r)
		return r;
	if (!irqfds)
		return 0;
	pthread_mutex_lock(&irqfds->lock);
	for (pp = &irqfds->items; *pp; pp = &(*pp)->next) {
		struct kvm_irqfd_item *p = *pp;

		if (irqfd_is(p, (int)args->fd, id) && p->gsi == args->gsi) {
			*pp = p->next;
			if (p->raised)
				kvm_set_irq(kvm, p->gsi, 0);
			irqfd_free(irqfds, p);
			break;
		}
	}
	pthread_mutex_unlock(&irqfds->lock);
	return 0;
}

/*
 * kvm_irqfd_assign(): the interrupt controller must be up (EAGAIN), @fd an
 * eventfd (EBADF, EINVAL) not already an irqfd of the VM (EBUSY), and with
 * RESAMPLE the resamplefd one too.  A count the eventfd has already is
 * injected at once.
 */
static int kvm_irqfd_assign(struct kvm *kvm, const struct kvm_irqfd *args)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct kvm_irqfds *irqfds;
	struct kvm_irqfd_item *p;
	long id, rid;
	int r;

	if (!kvm->ops->intc_initialized(kvm))
		return -EAGAIN;
	r = eventfd_id((int)args->fd, &id);
	if (r)
		return r;
	if ((args->flags & KVM_IRQFD_FLAG_RESAMPLE) && (r = eventfd_id((int)args->resamplefd, &rid)))
		return r;
	pthread_mutex_lock(&kvm->lock);
	r = irqfds_start(kvm);
	pthread_mutex_unlock(&kvm->lock);
	if (r)
		return r;
	irqfds = __atomic_load_n(&kvm->irqfds, __ATOMIC_ACQUIRE);
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->gsi = args->gsi;
	p->id = id;
	p->vmm_fd = (int)args->fd;
	p->resamplefd = -1;
	p->fd = fcntl((int)args->fd, F_DUPFD_CLOEXEC, 0);
	if (p->fd >= 0 && (args->flags & KVM_IRQFD_FLAG_RESAMPLE))
		p->resamplefd = fcntl((int)args->resamplefd, F_DUPFD_CLOEXEC, 0);
	if (p->fd < 0 || ((args->flags & KVM_IRQFD_FLAG_RESAMPLE) && p->resamplefd < 0)) {
		r = -errno;
		if (p->fd >= 0)
			close(p->fd);
		free(p);
		return r;
	}
	p->fd = kvm_fd_hide(p->fd);
	if (p->resamplefd >= 0)
		p->resamplefd = kvm_fd_hide(p->resamplefd);
	pthread_mutex_lock(&irqfds->lock);
	for (struct kvm_irqfd_item *q = irqfds->items; q; q = q->next) {
		if (irqfd_is(q, (int)args->fd, id)) {
			pthread_mutex_unlock(&irqfds->lock);
			if (p->resamplefd >= 0)
				close(p->resamplefd);
			close(p->fd);
			free(p);
			return -EBUSY;
		}
	}
	ev.data.fd = p->fd;
	epoll_ctl(irqfds->epfd, EPOLL_CTL_ADD, p->fd, &ev);
	p->next = irqfds->items;
	irqfds->items = p;
	irqfd_consume(kvm, p);
	pthread_mutex_unlock(&irqfds->lock);
	return 0;
}

int kvm_vm_ioctl_irqfd(struct kvm *kvm, unsigned long arg)
{
	struct kvm_irqfd args;

	if (copy_from_user(&args, arg, sizeof(args)))
		return -EFAULT;
	if (args.flags & ~(KVM_IRQFD_FLAG_DEASSIGN | KVM_IRQFD_FLAG_RESAMPLE))
		return -EINVAL;
	if (args.flags & KVM_IRQFD_FLAG_DEASSIGN)
		return kvm_irqfd_deassign(kvm, &args);
	return kvm_irqfd_assign(kvm, &args);
}

/*
 * The guest acknowledged an interrupt routed from @irqchip's @pin: each
 * resampling irqfd of its GSI lowers its level and signals its resamplefd.
 */
void kvm_notify_acked_irq(struct kvm *kvm, unsigned int irqchip, unsigned int pin)
{
	struct kvm_irqfds *irqfds = __atomic_load_n(&kvm->irqfds, __ATOMIC_ACQUIRE);
	int gsi;

	if (!irqfds)
		return;
	gsi = kvm_irq_map_chip_pin(kvm, irqchip, pin);
	if (gsi < 0)
		return;
	pthread_mutex_lock(&irqfds->lock);
	for (struct kvm_irqfd_item *p = irqfds->items; p; p = p->next) {
		uint64_t one = 1;

		if (p->resamplefd < 0 || p->gsi != (uint32_t)gsi || !p->raised)
			continue;
		p->raised = false;
		kvm_set_irq(kvm, p->gsi, 0);
		if (write(p->resamplefd, &one, sizeof(one)) < 0)
			continue;
	}
	pthread_mutex_unlock(&irqfds->lock);
}

/* At the VM's destruction: the thread stops, the duplicates close. */
void kvm_irqfd_release(struct kvm *kvm)
{
	struct kvm_irqfds *irqfds = kvm->irqfds;
	uint64_t one = 1;

	if (!irqfds)
		return;
	pthread_mutex_lock(&irqfds->lock);
	irqfds->stop = true;
	pthread_mutex_unlock(&irqfds->lock);
	if (write(irqfds->wake_fd, &one, sizeof(one)) == sizeof(one))
		pthread_join(irqfds->thread, NULL);
	while (irqfds->items) {
		struct kvm_irqfd_item *p = irqfds->items;

		irqfds->items = p->next;
		irqfd_free(irqfds, p);
	}
	close(irqfds->epfd);
	close(irqfds->wake_fd);
	pthread_mutex_destroy(&irqfds->lock);
	free(irqfds);
	__atomic_store_n(&kvm->irqfds, NULL, __ATOMIC_RELEASE);
}
