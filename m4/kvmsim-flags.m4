# kvmsim-flags.m4 - compiler and linker flag probes for kvmsim.
#
# KVMSIM_CC_CHECK_FLAGS(VARIABLE, FLAGS)
# Appends to VARIABLE each flag of FLAGS the C compiler accepts.
# -Werror is probed together with each flag so that a flag the compiler
# merely warns about is not taken.
AC_DEFUN([KVMSIM_CC_CHECK_FLAGS], [
	for kvmsim_flag in $2; do
		AS_VAR_PUSHDEF([kvmsim_cv], [kvmsim_cv_cflag_$kvmsim_flag])
		AC_CACHE_CHECK([whether $CC accepts $kvmsim_flag], [kvmsim_cv], [
			kvmsim_save_CFLAGS=$CFLAGS
			CFLAGS="$CFLAGS -Werror $kvmsim_flag"
			AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
				[AS_VAR_SET([kvmsim_cv], [yes])],
				[AS_VAR_SET([kvmsim_cv], [no])])
			CFLAGS=$kvmsim_save_CFLAGS])
		AS_VAR_IF([kvmsim_cv], [yes], [$1="${$1:+${$1} }$kvmsim_flag"])
		AS_VAR_POPDEF([kvmsim_cv])
	done
])

# KVMSIM_LD_CHECK_FLAGS(VARIABLE, FLAGS)
# Appends to VARIABLE each flag of FLAGS that links a program.
AC_DEFUN([KVMSIM_LD_CHECK_FLAGS], [
	for kvmsim_flag in $2; do
		AS_VAR_PUSHDEF([kvmsim_cv], [kvmsim_cv_ldflag_$kvmsim_flag])
		AC_CACHE_CHECK([whether the linker accepts $kvmsim_flag], [kvmsim_cv], [
			kvmsim_save_LDFLAGS=$LDFLAGS
			LDFLAGS="$LDFLAGS $kvmsim_flag"
			AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
				[AS_VAR_SET([kvmsim_cv], [yes])],
				[AS_VAR_SET([kvmsim_cv], [no])])
			LDFLAGS=$kvmsim_save_LDFLAGS])
		AS_VAR_IF([kvmsim_cv], [yes], [$1="${$1:+${$1} }$kvmsim_flag"])
		AS_VAR_POPDEF([kvmsim_cv])
	done
])
