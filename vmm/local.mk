## vmm/: what VMMs are built on.  The backend shim (libkvmsim-shim: one ops
## table, the simulator or the kernel's /dev/kvm) and kvmsim-run, which runs
## an unmodified program against the simulator through an LD_PRELOAD
## interposer.

lib_LTLIBRARIES += vmm/libkvmsim-shim.la
vmm_libkvmsim_shim_la_SOURCES = vmm/backend.c
vmm_libkvmsim_shim_la_CFLAGS = $(AM_CFLAGS) $(VISIBILITY_CFLAGS) -pthread
vmm_libkvmsim_shim_la_LDFLAGS = $(AM_LDFLAGS) -pthread -version-info $(LIBKVMSIM_VERSION_INFO)
vmm_libkvmsim_shim_la_LIBADD = sim/libkvmsim.la
kvmsiminclude_HEADERS += vmm/kvmsim/backend.h

# The interposer is dlopen()ed by the loader only: a module, no version.
pkglib_LTLIBRARIES = vmm/libkvmsim-preload.la
vmm_libkvmsim_preload_la_SOURCES = vmm/preload.c
vmm_libkvmsim_preload_la_CFLAGS = $(AM_CFLAGS) $(VISIBILITY_CFLAGS)
vmm_libkvmsim_preload_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version -shared
vmm_libkvmsim_preload_la_LIBADD = sim/libkvmsim.la

bin_PROGRAMS += vmm/kvmsim-run
vmm_kvmsim_run_SOURCES = vmm/kvmsim-run.c
vmm_kvmsim_run_CPPFLAGS = $(AM_CPPFLAGS) -DPKGLIBDIR='"$(pkglibdir)"'
vmm_kvmsim_run_LDADD = sim/libkvmsim.la

# The reference VMM: a library (vmm.c, the PL011) written only against the
# shim, and its command line.
noinst_LTLIBRARIES = vmm/libkvmsim-vmm.la
vmm_libkvmsim_vmm_la_SOURCES = vmm/vmm.c vmm/vmm.h vmm/pl011.c vmm/pl011.h
vmm_libkvmsim_vmm_la_CFLAGS = $(AM_CFLAGS) -pthread
vmm_libkvmsim_vmm_la_LIBADD = vmm/libkvmsim-shim.la

bin_PROGRAMS += vmm/kvmsim-vmm
vmm_kvmsim_vmm_SOURCES = vmm/main.c
vmm_kvmsim_vmm_LDADD = vmm/libkvmsim-vmm.la vmm/libkvmsim-shim.la sim/libkvmsim.la
vmm_kvmsim_vmm_LDFLAGS = $(AM_LDFLAGS) -pthread

# Guests: position-independent assembly, linked straight to raw images
# with the aarch64 cross toolchain (configure's AARCH64_CC; on an aarch64
# host the native compiler does).
guest_sources = vmm/guests/hello.S vmm/guests/smp.S vmm/guests/fault.S
guest_images = $(guest_sources:.S=.bin)
EXTRA_DIST += $(guest_sources) vmm/guests/guest.h
if HAVE_GUEST_CC
noinst_DATA = $(guest_images)
CLEANFILES += $(guest_images)
endif
SUFFIXES = .S .bin
.S.bin:
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(GUEST_CC) -nostdlib -static -I$(srcdir)/vmm/guests -Wl,--build-id=none \
		-Wl,-Ttext=0x40000000 -o $@.elf $< && \
	$(GUEST_OBJCOPY) -O binary $@.elf $@ && rm -f $@.elf
