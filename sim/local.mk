## sim/: the simulator, laid out as the kernel lays out KVM
## (virt/kvm for generic code, arch/arm64/kvm for the architecture).

lib_LTLIBRARIES += sim/libkvmsim.la

sim_libkvmsim_la_SOURCES = \
	sim/include/linux/kvm_host.h \
	sim/virt/kvm/kvm_profile.h \
	sim/virt/kvm/kvm_caps.h \
	sim/virt/kvm/profile.c \
	sim/virt/kvm/uaccess.c \
	sim/virt/kvm/fd.c \
	sim/virt/kvm/inject.h \
	sim/virt/kvm/inject.c \
	sim/virt/kvm/names.h \
	sim/virt/kvm/names.c \
	sim/virt/kvm/kvm_main.c \
	sim/virt/kvm/iodev.h \
	sim/virt/kvm/coalesced_mmio.c \
	sim/virt/kvm/eventfd.c \
	sim/virt/kvm/irqchip.c \
	sim/virt/kvm/dirty_log.c \
	sim/virt/kvm/binary_stats.c \
	sim/arch/arm64/include/asm/kvm_host.h \
	sim/arch/arm64/kvm/kvm_arm.h \
	sim/arch/arm64/kvm/host-builtin.h \
	sim/arch/arm64/kvm/arm.c \
	sim/arch/arm64/kvm/guest.c \
	sim/arch/arm64/kvm/sys_regs.c \
	sim/arch/arm64/kvm/sys_regs.h \
	sim/arch/arm64/kvm/reg_names.c \
	sim/arch/arm64/kvm/hypercalls.c \
	sim/arch/arm64/kvm/arch_timer.c \
	sim/arch/arm64/kvm/pmu-emul.c \
	sim/arch/arm64/kvm/pvtime.c \
	sim/arch/arm64/kvm/reset.c \
	sim/arch/arm64/kvm/host.c \
	sim/arch/arm64/kvm/emulate.h \
	sim/arch/arm64/kvm/handle_exit.c \
	sim/arch/arm64/kvm/debug.c \
	sim/arch/arm64/kvm/mmio.c \
	sim/arch/arm64/kvm/psci.c \
	sim/arch/arm64/kvm/inject_fault.c \
	sim/arch/arm64/kvm/mte.c \
	sim/arch/arm64/include/kvm/arm_vgic.h \
	sim/arch/arm64/kvm/vgic/vgic.h \
	sim/arch/arm64/kvm/vgic/vgic-mmio.h \
	sim/arch/arm64/kvm/vgic/vgic.c \
	sim/arch/arm64/kvm/vgic/vgic-init.c \
	sim/arch/arm64/kvm/vgic/vgic-kvm-device.c \
	sim/arch/arm64/kvm/vgic/vgic-mmio.c \
	sim/arch/arm64/kvm/vgic/vgic-v3.c \
	sim/arch/arm64/kvm/vgic-sys-reg-v3.c
if HAVE_UNICORN
# Guest execution for KVM_RUN (configure's --without-unicorn leaves it out).
sim_libkvmsim_la_SOURCES += sim/arch/arm64/kvm/emulate-unicorn.c
endif
nodist_sim_libkvmsim_la_SOURCES = sim/arch/arm64/kvm/host-default.c
sim_libkvmsim_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/sim/arch/arm64/include \
	-I$(top_srcdir)/sim/virt/kvm \
	-I$(top_srcdir)/sim/arch/arm64/kvm
sim_libkvmsim_la_CFLAGS = $(AM_CFLAGS) $(VISIBILITY_CFLAGS) $(UNICORN_CFLAGS) -pthread
sim_libkvmsim_la_LDFLAGS = $(AM_LDFLAGS) -pthread -version-info $(LIBKVMSIM_VERSION_INFO)
sim_libkvmsim_la_LIBADD = $(UNICORN_LIBS)
if HAVE_VERSION_SCRIPT
sim_libkvmsim_la_LDFLAGS += -Wl,--version-script=$(srcdir)/sim/libkvmsim.sym
endif
EXTRA_sim_libkvmsim_la_DEPENDENCIES = sim/libkvmsim.sym
EXTRA_DIST += sim/libkvmsim.sym

kvmsimincludedir = $(includedir)/kvmsim
kvmsiminclude_HEADERS = sim/include/kvmsim/kvmsim.h sim/include/kvmsim/regs.h sim/include/kvmsim/inject.h \
	sim/include/kvmsim/version.h

# The built-in host profiles: the text of each hosts/NAME.host as a C
# string, found by NAME (KVMSIM_HOST=qemu-n1); qemu-max is the default.
BUILTIN_HOSTS = qemu-max qemu-max-pauth-mte qemu-n1
BUILT_SOURCES += sim/arch/arm64/kvm/host-default.c
CLEANFILES += sim/arch/arm64/kvm/host-default.c
EXTRA_DIST += $(BUILTIN_HOSTS:%=sim/arch/arm64/hosts/%.host)
sim/arch/arm64/kvm/host-default.c: $(BUILTIN_HOSTS:%=$(srcdir)/sim/arch/arm64/hosts/%.host) \
		$(srcdir)/sim/local.mk
	$(AM_V_GEN)$(MKDIR_P) $(@D) && { \
	  echo '/* Generated from sim/arch/arm64/hosts/NAME.host: do not edit. */'; \
	  echo '#include "host-builtin.h"'; \
	  n=0; for h in $(BUILTIN_HOSTS); do \
	    echo "static const char host_$$n[] ="; \
	    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$$/\\n"/' \
	      $(srcdir)/sim/arch/arm64/hosts/$$h.host; \
	    echo ';'; n=$$((n + 1)); \
	  done; \
	  echo 'const struct kvm_arm64_builtin_host kvm_arm64_builtin_hosts[] = {'; \
	  n=0; for h in $(BUILTIN_HOSTS); do \
	    echo "	{ \"$$h\", host_$$n },"; n=$$((n + 1)); \
	  done; \
	  echo '	{ 0, 0 },'; \
	  echo '};'; } > $@.tmp && mv -f $@.tmp $@
