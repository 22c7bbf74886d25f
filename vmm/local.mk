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
