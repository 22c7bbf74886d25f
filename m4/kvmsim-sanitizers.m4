# kvmsim-sanitizers.m4 - --enable-asan, --enable-ubsan, --enable-tsan.
#
# KVMSIM_SANITIZERS
# Sets SANITIZER_CFLAGS and SANITIZER_LDFLAGS from the options given and
# fails configure when the compiler cannot build with them.  TSan cannot be
# combined with ASan.
AC_DEFUN([KVMSIM_SANITIZERS], [
	AC_ARG_ENABLE([asan],
		[AS_HELP_STRING([--enable-asan], [build with AddressSanitizer (and LeakSanitizer)])],
		[], [enable_asan=no])
	AC_ARG_ENABLE([ubsan],
		[AS_HELP_STRING([--enable-ubsan], [build with UndefinedBehaviorSanitizer, aborting on the first report])],
		[], [enable_ubsan=no])
	AC_ARG_ENABLE([tsan],
		[AS_HELP_STRING([--enable-tsan], [build with ThreadSanitizer])],
		[], [enable_tsan=no])

	AS_IF([test "x$enable_tsan" = xyes && test "x$enable_asan" = xyes],
		[AC_MSG_ERROR([--enable-tsan and --enable-asan cannot be combined])])

	SANITIZER_CFLAGS=
	AS_IF([test "x$enable_asan" = xyes],
		[SANITIZER_CFLAGS="$SANITIZER_CFLAGS -fsanitize=address"])
	AS_IF([test "x$enable_ubsan" = xyes],
		[SANITIZER_CFLAGS="$SANITIZER_CFLAGS -fsanitize=undefined -fno-sanitize-recover=all"])
	AS_IF([test "x$enable_tsan" = xyes],
		[SANITIZER_CFLAGS="$SANITIZER_CFLAGS -fsanitize=thread"])
	AS_IF([test -n "$SANITIZER_CFLAGS"], [
		SANITIZER_CFLAGS="${SANITIZER_CFLAGS# } -fno-omit-frame-pointer -g"
		AC_MSG_CHECKING([whether $CC can build with $SANITIZER_CFLAGS])
		kvmsim_save_CFLAGS=$CFLAGS
		kvmsim_save_LDFLAGS=$LDFLAGS
		CFLAGS="$CFLAGS $SANITIZER_CFLAGS"
		LDFLAGS="$LDFLAGS $SANITIZER_CFLAGS"
		AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
			[AC_MSG_RESULT([yes])],
			[AC_MSG_RESULT([no])
			 AC_MSG_ERROR([$CC cannot build with $SANITIZER_CFLAGS (clang needs libclang-rt-*-dev)])])
		CFLAGS=$kvmsim_save_CFLAGS
		LDFLAGS=$kvmsim_save_LDFLAGS
	])
	SANITIZER_LDFLAGS=$SANITIZER_CFLAGS
	AC_SUBST([SANITIZER_CFLAGS])
	AC_SUBST([SANITIZER_LDFLAGS])
	AC_SUBST([enable_tsan])
	AM_CONDITIONAL([ENABLE_TSAN], [test "x$enable_tsan" = xyes])
	AM_CONDITIONAL([ENABLE_ASAN], [test "x$enable_asan" = xyes])
])
