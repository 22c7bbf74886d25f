## tools/: the kvmsim command.

bin_PROGRAMS += tools/kvmsim
tools_kvmsim_SOURCES = tools/kvmsim.c
tools_kvmsim_LDADD = sim/libkvmsim.la
