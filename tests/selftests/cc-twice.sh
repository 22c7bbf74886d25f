#!/bin/bash
# cc-twice.sh - the C compiler build.sh hands the kernel's selftests
# Makefile (make CC=...): compile once, link twice.  See --help.
#
# Every command is passed to $ST_CC unchanged, except one that links an
# executable under $ST_DYN_DIR: that one is linked as usual (dynamically)
# and once more with -static, to the same path under $ST_STATIC_DIR.  When
# such a command also compiles sources (the kernel's lib.mk builds a test
# from its .c and the library objects in one command), the sources are
# compiled to objects first, once, and both links use those objects.

set -u

case ${1:-} in
-h|--help)
	cat <<USAGE
Usage: ST_CC=CC ST_DYN_DIR=DIR ST_STATIC_DIR=DIR cc-twice.sh GCC-ARGS...

Runs CC (default aarch64-linux-gnu-gcc) with GCC-ARGS.  A command that
links an executable with -o DIR/PATH (DIR = ST_DYN_DIR) also links it
statically to ST_STATIC_DIR/PATH, from the same objects: the sources
among GCC-ARGS are compiled only once.  Exit status: CC's.
USAGE
	exit 0 ;;
esac

cc=${ST_CC:-aarch64-linux-gnu-gcc}
dyn=${ST_DYN_DIR:-}
static=${ST_STATIC_DIR:-}

out='' link=yes have_src=no prev=''
for a in "$@"; do
	if [ "$prev" = -o ]; then
		out=$a
	else
		case $a in
		-c|-S|-E|-M|-MM) link=no ;;
		-o?*) out=${a#-o} ;;
		-) have_src=stdin ;;
		*.c|*.S|*.s) have_src=yes ;;
		esac
	fi
	prev=$a
done

# Not one of ours: a compile, a probe (try-run), a link elsewhere.
if [ $link = no ] || [ -z "$dyn" ] || [ -z "$static" ] || [ "$have_src" = stdin ] ||
   [ "${out#"$dyn"/}" = "$out" ]; then
	exec "$cc" "$@"
fi
static_out=$static/${out#"$dyn"/}

args=("$@")
if [ $have_src = yes ]; then
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/cc-twice.XXXXXX") || exit 1
	trap 'rm -rf "$tmp"' EXIT
	# The compile flags: everything but the output, the sources and what
	# only the linker takes.
	cflags=() prev=''
	for a in "$@"; do
		if [ "$prev" = -o ]; then prev=''; continue; fi
		prev=$a
		case $a in
		-o) ;;
		-o?*|*.c|*.S|*.s|-l*|-Wl,*|-static|-no-pie|-pie|*.o|*.a) ;;
		*) cflags+=("$a") ;;
		esac
	done
	args=() n=0
	for a in "$@"; do
		case $a in
		*.c|*.S|*.s)
			n=$((n + 1))
			"$cc" "${cflags[@]}" -c "$a" -o "$tmp/$n.o" || exit $?
			args+=("$tmp/$n.o") ;;
		*) args+=("$a") ;;
		esac
	done
fi

"$cc" "${args[@]}" || exit $?
mkdir -p "$(dirname "$static_out")" || exit 1
# The last -o wins: the static executable goes to its own tree.
"$cc" "${args[@]}" -static -o "$static_out"
