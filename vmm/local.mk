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
vmm_kvmsim_run_CPPFLAGS = $(AM_CPPFLAGS) -DPKGLIBDIR='"$(pkglibdir)"' \
	-DAARCH64_BUILD='"$(AARCH64_BUILD)"'
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
guest_sources = vmm/guests/hello.S vmm/guests/smp.S vmm/guests/fault.S \
	vmm/guests/timer.S vmm/guests/sgi.S vmm/guests/doorbell.S
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

# aarch64 programs run by kvmsim-run (and kvmsim trace) under qemu-aarch64
# need aarch64 builds of the interposer and the tracer: a cross build of the
# tree in aarch64/, with Debian's arm64 Unicorn linked in privately
# (build-aux/cross-aarch64.sh).  kvmsim-run finds them there, and in
# $(pkglibdir)/aarch64 once 'make install-aarch64' has put them there.
AARCH64_BUILD = aarch64
aarch64_script = $(SHELL) $(top_srcdir)/build-aux/cross-aarch64.sh \
	--cc='$(AARCH64_CC)' --make='$(MAKE)' --prefix='$(prefix)' --pkglibdir='$(pkglibdir)'
aarch64:
	@$(aarch64_script) $(abs_top_srcdir) $(AARCH64_BUILD)
# make check runs 'make aarch64' when it can; tests/vmm-aarch64.sh reports
# its outcome (aarch64.status: 0, 77 cannot be built here, else failed).
check_DATA = aarch64-check
# KVMSIM_AARCH64=no leaves it out (CI's sanitizer builds and distcheck:
# the cross build is the same there and takes minutes).
aarch64-check:
	@if test "$(KVMSIM_AARCH64)" = no; then \
	  echo "cross-aarch64.sh: left out (KVMSIM_AARCH64=no) (exit 77)" > aarch64.log; \
	  echo 77 > aarch64.status; exit 0; \
	fi; \
	echo "  MAKE     aarch64 (log: aarch64.log)"; rc=0; \
	$(MAKE) $(AM_MAKEFLAGS) aarch64 > aarch64.log 2>&1 || rc=$$?; \
	if test $$rc -ne 0 && grep -q 'cross-aarch64.sh: .*(exit 77)' aarch64.log; then rc=77; fi; \
	echo $$rc > aarch64.status
install-aarch64: aarch64
	cd $(AARCH64_BUILD) && $(MAKE) $(AM_MAKEFLAGS) install-libLTLIBRARIES \
		install-pkglibLTLIBRARIES pkglibdir='$(pkglibdir)/aarch64'
uninstall-aarch64:
	rm -rf '$(DESTDIR)$(pkglibdir)/aarch64'
clean-local: clean-aarch64
clean-aarch64:
	rm -rf $(AARCH64_BUILD) aarch64.log aarch64.status
.PHONY: aarch64 aarch64-check install-aarch64 uninstall-aarch64 clean-aarch64
EXTRA_DIST += build-aux/cross-aarch64.sh
