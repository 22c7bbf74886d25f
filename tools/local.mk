## tools/: the kvmsim command, its ioctl tracer and the manual pages.

bin_PROGRAMS += tools/kvmsim
tools_kvmsim_SOURCES = tools/kvmsim.c tools/kvmsim.h tools/kvmsim-trace.c \
	tools/kvmsim-capture.c
tools_kvmsim_CPPFLAGS = $(AM_CPPFLAGS) -DPKGLIBDIR='"$(pkglibdir)"'
tools_kvmsim_LDADD = vmm/libkvmsim-shim.la sim/libkvmsim.la

# kvmsim trace's half inside the traced program, preloaded in front of
# kvmsim-run's interposer.  The ioctl names are the simulator's (names.c).
pkglib_LTLIBRARIES += tools/libkvmsim-trace.la
tools_libkvmsim_trace_la_SOURCES = tools/trace-preload.c sim/virt/kvm/names.c
tools_libkvmsim_trace_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/sim/arch/arm64/include \
	-I$(top_srcdir)/sim/virt/kvm
tools_libkvmsim_trace_la_CFLAGS = $(AM_CFLAGS) $(VISIBILITY_CFLAGS)
tools_libkvmsim_trace_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version -shared
tools_libkvmsim_trace_la_LIBADD = sim/libkvmsim.la -ldl

dist_man1_MANS = tools/kvmsim.1 tools/kvmsim-run.1
