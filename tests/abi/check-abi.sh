#!/bin/sh
# SPDX-License-Identifier: MIT
#
# check-abi.sh - prove that kvmsim's uapi/ headers give the arm64 KVM ABI.
#
# Run with --help for the interface.  Exit status: 0 pass, 1 fail, 77 skip.

set -u

me=check-abi.sh

usage() {
	cat <<'EOF'
Usage: check-abi.sh [--help]

Proves that kvmsim's uapi/ headers (linux/kvm.h, asm/kvm.h, linux/psci.h)
give the same ABI as the real arm64 Linux headers.

One C program is generated that prints one fact per line, sorted:
  - every object-like macro #defined in uapi/ (and every one #defined in the
    real headers): "NAME 0x<value>", "NAME defined" for empty macros, or
    "NAME absent"; plus "type NAME s32|u64|..." for its C type;
  - every line of tests/abi/manifest.txt (struct sizes, member offsets and
    sizes, expressions such as function-like macros with sample arguments).
It is built three ways and run:
  ours   $CC -I $srcdir/uapi                          (host)
  cross  $AARCH64_CC -static, real arm64 headers      (under $QEMU_AARCH64)
  NAME   $AARCH64_CC -static -I INCLUDEDIR            (each ABI_EXTRA_SYSROOTS)
and every fact of ours is compared with each real tree.

Fails (exit 1) on: a value, size or offset that differs; a manifest line
our headers cannot evaluate; a manifest line an older real tree cannot
evaluate and that carries no "since" tag; a struct, member, enumerator or
function-like macro of uapi/ that the manifest does not cover.
Reports without failing: facts absent from a real tree (newer than it),
facts no real tree could confirm (unverified), C type differences, and
macros the real headers define but ours lack (arm64/generic ones listed).
Skips (exit 77) when the cross compiler or qemu-aarch64 is missing.

Environment:
  srcdir             project source root (default: two dirs above this script)
  CC                 host C compiler (default: cc)
  AARCH64_CC         arm64 cross compiler (default: aarch64-linux-gnu-gcc)
  QEMU_AARCH64       arm64 user-mode emulator (default: qemu-aarch64, else
                     qemu-aarch64-static)
  ABI_BUILDDIR       scratch/report dir (default: a temporary dir, removed)
  ABI_EXTRA_SYSROOTS space-separated NAME=INCLUDEDIR list of further real
                     header trees (INCLUDEDIR holds linux/ and asm/)
EOF
}

case ${1-} in
-h|--help) usage; exit 0 ;;
'') ;;
*) usage >&2; exit 2 ;;
esac

script_dir=$(cd "$(dirname "$0")" && pwd)
srcdir=${srcdir:-$script_dir/../..}
srcdir=$(cd "$srcdir" && pwd) || exit 1
CC=${CC:-cc}
AARCH64_CC=${AARCH64_CC:-aarch64-linux-gnu-gcc}
if [ -z "${QEMU_AARCH64-}" ]; then
	if command -v qemu-aarch64 >/dev/null 2>&1; then
		QEMU_AARCH64=qemu-aarch64
	else
		QEMU_AARCH64=qemu-aarch64-static
	fi
fi
ABI_EXTRA_SYSROOTS=${ABI_EXTRA_SYSROOTS-}

uapi=$srcdir/uapi
manifest=$srcdir/tests/abi/manifest.txt
consumer=$srcdir/tests/abi/consumer.c
our_headers="$uapi/linux/kvm.h $uapi/asm/kvm.h $uapi/linux/psci.h"

say() { printf '%s: %s\n' "$me" "$*"; }
die() { say "error: $*" >&2; exit 1; }

# Tools.  CC is needed in any case; the arm64 side decides skip.
set -- $CC
command -v "$1" >/dev/null 2>&1 || die "host compiler '$CC' not found"
set -- $AARCH64_CC
if ! command -v "$1" >/dev/null 2>&1; then
	say "SKIP: arm64 cross compiler '$AARCH64_CC' not found (set AARCH64_CC)"
	exit 77
fi
set -- $QEMU_AARCH64
if ! command -v "$1" >/dev/null 2>&1; then
	say "SKIP: qemu-aarch64 not found (tried '$QEMU_AARCH64'; set QEMU_AARCH64)"
	exit 77
fi
for f in $our_headers "$manifest" "$consumer"; do
	[ -f "$f" ] || die "missing $f"
done

if [ -n "${ABI_BUILDDIR-}" ]; then
	B=$ABI_BUILDDIR
	mkdir -p "$B" || die "cannot create $B"
	B=$(cd "$B" && pwd)
else
	B=$(mktemp -d "${TMPDIR:-/tmp}/check-abi.XXXXXX") || die "mktemp failed"
	trap 'rm -rf "$B"' EXIT
	trap 'exit 1' HUP INT TERM
fi

fail=0

# ----------------------------------------------------------------------------
# Header parsing (awk).  Our headers are written one declaration per line;
# the real ones are only scanned for #define lines.
# ----------------------------------------------------------------------------

# Print "NAME<TAB>body" for every #define; body "-" when empty, "()" when the
# macro is function-like.  Include guards (#ifndef X / #define X) are dropped.
scan_defines() {
	awk '
	{
		line = $0
		while (line ~ /\\$/ && (getline nxt) > 0)
			line = substr(line, 1, length(line) - 1) " " nxt
		if (line ~ /^[ \t]*#[ \t]*ifndef[ \t]/) {
			g = line; sub(/^[ \t]*#[ \t]*ifndef[ \t]+/, "", g)
			sub(/[ \t].*$/, "", g); guard = g; next
		}
		if (line ~ /^[ \t]*#[ \t]*define[ \t]/) {
			d = line; sub(/^[ \t]*#[ \t]*define[ \t]+/, "", d)
			match(d, /^[A-Za-z_][A-Za-z0-9_]*/)
			name = substr(d, 1, RLENGTH); rest = substr(d, RLENGTH + 1)
			if (name == guard) { guard = ""; next }
			guard = ""
			if (rest ~ /^\(/) { print name "\t()"; next }
			sub(/\/\*.*$/, "", rest); gsub(/^[ \t]+|[ \t]+$/, "", rest)
			print name "\t" (rest == "" ? "-" : rest)
			next
		}
		if (line !~ /^[ \t]*$/) guard = ""
	}' "$@"
}

# Parse our headers' structs, unions and enums.  Prints
#   S <type>                  a struct/union (e.g. "struct kvm_run")
#   M <type>\t<designator>    a member, nested ones dotted ("mmio.phys_addr")
#   E <name>                  an enumerator
scan_types() {
	awk '
	function strip(s) {
		# comments, possibly spanning lines
		out = ""
		while (1) {
			if (incomment) {
				p = index(s, "*/")
				if (!p) return out
				s = substr(s, p + 2); incomment = 0
			}
			p = index(s, "/*")
			if (!p) return out s
			out = out substr(s, 1, p - 1); s = substr(s, p + 2); incomment = 1
		}
	}
	function add(d) { mem[depth, ++nmem[depth]] = d }
	{
		s = strip($0)
		if (s ~ /^[ \t]*#/) next
		gsub(/__extension__/, "", s)
		if (s ~ /^[ \t]*$/) next
		if (!depth && !inenum && s ~ /^[ \t]*enum[ \t]*[A-Za-z0-9_]*[ \t]*\{/) { inenum = 1; next }
		if (inenum) {
			if (s ~ /^[ \t]*\}/) { inenum = 0; next }
			if (match(s, /^[ \t]*[A-Za-z_][A-Za-z0-9_]*/)) {
				e = substr(s, RSTART, RLENGTH); gsub(/[ \t]/, "", e)
				print "E " e
			}
			next
		}
		if (!depth && s ~ /^[ \t]*(struct|union)[ \t]+[A-Za-z0-9_]+[ \t]*\{/) {
			t = s; sub(/^[ \t]*/, "", t); sub(/[ \t]*\{.*$/, "", t)
			gsub(/[ \t]+/, " ", t); top = t; depth = 1; nmem[1] = 0
			print "S " top
			next
		}
		if (!depth) next
		if (s ~ /(struct|union)[ \t]*\{[ \t]*$/) { depth++; nmem[depth] = 0; next }
		if (s ~ /^[ \t]*\}/) {
			name = s; sub(/^[ \t]*\}[ \t]*/, "", name); sub(/[ \t]*;.*$/, "", name)
			if (depth == 1) {
				for (i = 1; i <= nmem[1]; i++) print "M " top "\t" mem[1, i]
				depth = 0; next
			}
			d = depth--
			if (name != "") add(name)
			for (i = 1; i <= nmem[d]; i++)
				add(name == "" ? mem[d, i] : name "." mem[d, i])
			next
		}
		if (s ~ /;/) {
			decl = s; sub(/;.*$/, "", decl)
			n = split(decl, parts, ",")
			for (i = 1; i <= n; i++) {
				p = parts[i]
				flex = (p ~ /\[[ \t]*\][ \t]*$/)
				sub(/\[.*$/, "", p); sub(/[ \t]+$/, "", p)
				match(p, /[A-Za-z_][A-Za-z0-9_]*$/)
				add(substr(p, RSTART, RLENGTH) (flex ? "[0]" : ""))
			}
		}
	}' "$@"
}

# ----------------------------------------------------------------------------
# Manifest -> fact list.  Fact list lines (TAB separated, sorted by key):
#   kind key since arg1 arg2      kind: M macro, S sizeof, O offset, E expr
# ----------------------------------------------------------------------------

parse_manifest() {
	awk -v F="$manifest" '
	function bad(msg) { printf "%s:%d: %s\n", F, NR, msg > "/dev/stderr"; err = 1 }
	{
		line = $0; sub(/[ \t]*#.*$/, "", line)
		gsub(/[ \t]+/, " ", line); sub(/^ /, "", line); sub(/ $/, "", line)
		if (line == "") next
		since = "-"
		if (line ~ /^since /) {
			n = split(line, w, " ")
			if (w[2] !~ /^[0-9]+\.[0-9]+$/) { bad("bad since version: " w[2]); next }
			since = w[2]; line = substr(line, length("since " w[2]) + 2)
		}
		kw = line; sub(/ .*$/, "", kw); rest = substr(line, length(kw) + 2)
		if (kw == "ignore") {
			if (since != "-") bad("since on an ignore line")
			print "F\t" rest; next
		}
		if (rest == "") { bad("nothing after " kw); next }
		if (kw == "sizeof") {
			print "S\tsizeof " rest "\t" since "\t" rest
		} else if (kw == "offset") {
			n = split(rest, w, " ")
			if (w[1] == "struct" || w[1] == "union") { t = w[1] " " w[2]; k = 3 }
			else { t = w[1]; k = 2 }
			if (n != k) { bad("offset wants <type> <member.designator>"); next }
			print "O\toffset " t " " w[k] "\t" since "\t" t "\t" w[k]
		} else if (kw == "expr") {
			print "E\texpr " rest "\t" since "\t" rest
		} else if (kw == "macro") {
			if (rest !~ /^[A-Za-z_][A-Za-z0-9_]*$/) { bad("macro wants a NAME"); next }
			print "M\t" rest "\t" since
		} else bad("unknown keyword: " kw)
	}
	END { exit err }' "$manifest"
}

# ----------------------------------------------------------------------------
# Locate each tree's headers (and prove which files a build really uses).
# ----------------------------------------------------------------------------

probe_c=$B/probe.c
cat >"$probe_c" <<'EOF'
#include <linux/kvm.h>
#include <linux/psci.h>
#include <linux/version.h>
EOF

# deps CC FLAGS... : print the resolved paths of the headers we care about
deps() {
	"$@" -M "$probe_c" 2>"$B/deps.err" | tr ' \\' '\n\n' | awk '
		/\/linux\/kvm\.h$/ || /\/asm\/kvm\.h$/ || /\/linux\/psci\.h$/ || /\/linux\/version\.h$/' |
		while read -r p; do
			d=$(cd "$(dirname "$p")" && pwd -P) && echo "$d/$(basename "$p")"
		done
}

# trees: "name<TAB>compile-flags<TAB>expected-dir"
trees=$B/trees.txt
printf 'cross\t\t\n' >"$trees"
for spec in $ABI_EXTRA_SYSROOTS; do
	name=${spec%%=*}
	dir=${spec#*=}
	[ "$name" != "$spec" ] && [ -n "$name" ] && [ -n "$dir" ] ||
		die "ABI_EXTRA_SYSROOTS entry '$spec' is not NAME=INCLUDEDIR"
	case $name in ours|cross|*[!A-Za-z0-9._-]*) die "bad tree name '$name'" ;; esac
	[ -f "$dir/linux/kvm.h" ] && [ -f "$dir/asm/kvm.h" ] ||
		die "$dir has no linux/kvm.h and asm/kvm.h"
	dir=$(cd "$dir" && pwd -P)
	printf '%s\t-I%s\t%s\n' "$name" "$dir" "$dir" >>"$trees"
done

uapi_real=$(cd "$uapi" && pwd -P)
ours_deps=$(deps $CC -I"$uapi")
for h in linux/kvm.h asm/kvm.h linux/psci.h; do
	echo "$ours_deps" | grep -qx "$uapi_real/$h" ||
		die "host build does not use $uapi/$h (got: $(echo $ours_deps))"
done

tree_headers=$B/tree-headers.txt
: >"$tree_headers"
while IFS='	' read -r name flags dir; do
	d=$(deps $AARCH64_CC $flags) ||:
	[ -n "$d" ] || { cat "$B/deps.err" >&2; die "$AARCH64_CC $flags cannot preprocess the probe"; }
	for h in linux/kvm.h asm/kvm.h linux/psci.h linux/version.h; do
		p=$(echo "$d" | grep "/$h\$" | head -n 1)
		[ -n "$p" ] || die "[$name] $h not found"
		case $p in "$uapi_real"/*) die "[$name] $h resolves into uapi/: $p" ;; esac
		if [ -n "$dir" ]; then
			case $p in "$dir"/*) ;; *) die "[$name] $h is $p, not from $dir" ;; esac
		fi
		[ "$h" = linux/version.h ] || printf '%s\t%s\n' "$name" "$p" >>"$tree_headers"
	done
done <"$trees"

# ----------------------------------------------------------------------------
# Coverage of the manifest.
# ----------------------------------------------------------------------------

facts_manifest=$B/manifest.facts
parse_manifest >"$facts_manifest" || die "manifest has errors"
scan_types $our_headers >"$B/types.txt"
scan_defines $our_headers >"$B/defines-ours.txt"

coverage=$B/coverage.txt
{
	awk -F'\t' '$1 == "S" { print "sizeof " $4 } $1 == "O" { print "offset " $4 " " $5 }' \
		"$facts_manifest" | LC_ALL=C sort -u >"$B/covered.txt"
	awk '/^S / { print "sizeof " substr($0, 3) }
	     /^M / { sub(/^M /, ""); split($0, a, "\t"); print "offset " a[1] " " a[2] }' \
		"$B/types.txt" | LC_ALL=C sort -u >"$B/needed.txt"
	LC_ALL=C comm -23 "$B/needed.txt" "$B/covered.txt" | sed 's/^/manifest lacks: /'
	awk -F'\t' '$1 == "E" { print $4 }' "$facts_manifest" | LC_ALL=C sort -u >"$B/exprs.txt"
	# enumerators (those that are not also macros, which are facts anyway)
	cut -f1 "$B/defines-ours.txt" | LC_ALL=C sort -u >"$B/macro-names.txt"
	awk '/^E / { print $2 }' "$B/types.txt" | LC_ALL=C sort -u |
		LC_ALL=C comm -23 - "$B/macro-names.txt" |
		LC_ALL=C comm -23 - "$B/exprs.txt" | sed 's/^/manifest lacks: expr /'
	awk -F'\t' '$2 == "()" { print $1 }' "$B/defines-ours.txt" | LC_ALL=C sort -u |
		while read -r fn; do
			grep -q "\\<$fn *(" "$B/exprs.txt" || echo "manifest lacks: expr $fn(...)"
		done
	LC_ALL=C comm -13 "$B/needed.txt" "$B/covered.txt" |
		sed 's/^/manifest names what uapi\/ does not declare: /'
} >"$coverage"
if [ -s "$coverage" ]; then
	say "FAIL: the manifest does not match uapi/ ($(wc -l <"$coverage") problems):"
	sed 's/^/  /' "$coverage"
	fail=1
fi

# ----------------------------------------------------------------------------
# Fact list: manifest + every object-like macro of ours and of the real trees.
# ----------------------------------------------------------------------------

: >"$B/defines-real.txt"
cut -f2 "$tree_headers" | sort -u | while read -r h; do
	scan_defines "$h"
done >>"$B/defines-real.txt"

facts=$B/facts.txt
{
	grep -v '^F	' "$facts_manifest" | grep -v '^M	'
	awk -F'\t' '
		FNR == NR { if ($1 == "M") since[$2] = $3; next }
		$2 != "()" && !seen[$1]++ { s = ($1 in since) ? since[$1] : "-"; print "M\t" $1 "\t" s }
	' "$facts_manifest" "$B/defines-ours.txt" "$B/defines-real.txt"
} | LC_ALL=C sort -t '	' -k2,2 -u >"$facts"
awk -F'\t' '$1 == "M" && $3 != "-" { print $2 }' "$facts_manifest" | while read -r m; do
	grep -q "^$m	" "$B/defines-ours.txt" || { say "FAIL: manifest 'macro $m': not defined in uapi/"; echo x >"$B/macro-fail"; }
done
[ -f "$B/macro-fail" ] && fail=1

# ----------------------------------------------------------------------------
# Generate the fact printer.  Every fact's code is on a line of its own, so
# a compile error can be pinned to it.
# ----------------------------------------------------------------------------

gen=$B/facts.c
# Empty macros have no value: their fact is "defined".
awk -F'\t' '$2 == "-" { print $1 }' "$B/defines-ours.txt" "$B/defines-real.txt" |
	sort -u >"$B/empty-macros.txt"
awk -F'\t' -v E="$B/empty-macros.txt" '
function cstr(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
BEGIN {
	while ((getline n < E) > 0) empty[n] = 1
	print "/* Generated by tests/abi/check-abi.sh: do not edit. */"
	print "#include <stddef.h>"
	print "#include <stdio.h>"
	print "#include <linux/kvm.h>"
	print "#include <linux/psci.h>"
	print "#include <linux/version.h>"
	print "#ifdef KVMSIM_UAPI_LINUX_KVM_H"
	print "#define ABI_OURS 1"
	print "#else"
	print "#define ABI_OURS 0"
	print "/* Helpers some real uapi headers use without defining or including. */"
	print "#if defined(__has_include)"
	print "#if __has_include(<linux/bits.h>)"
	print "#include <linux/bits.h>"
	print "#endif"
	print "#endif"
	print "#ifndef GENMASK"
	print "#define GENMASK(h, l) (((~0UL) << (l)) & (~0UL >> (63 - (h))))"
	print "#endif"
	print "#ifndef BIT"
	print "#define BIT(n) (1UL << (n))"
	print "#endif"
	print "#ifndef SZ_64K"
	print "#define SZ_64K 0x00010000"
	print "#endif"
	print "#endif"
	print "/* KVM_COALESCED_MMIO_MAX wants the includer to supply PAGE_SIZE. */"
	print "#ifndef PAGE_SIZE"
	print "#define PAGE_SIZE 4096UL"
	print "#endif"
	print "#define SINCE(a, b) (ABI_OURS || LINUX_VERSION_CODE >= KERNEL_VERSION(a, b, 0))"
	print "#define TY(e) (((e) * 0 - 1 < 0) ? (char)115 : (char)117), (unsigned)(sizeof(e) * 8)"
	print "#define VAL(k, e) printf(\"%s 0x%llx\\ntype %s %c%u\\n\", k, (unsigned long long)(e), k, TY(e))"
	print "#define SIZ(k, t) printf(\"%s 0x%zx\\n\", k, sizeof(t))"
	print "#define OFF(k, t, m) printf(\"%s off=0x%zx,size=0x%zx\\n\", k, offsetof(t, m), sizeof(((t *)0)->m))"
	print "#define NOT(k, why) printf(\"%s %s\\n\", k, why)"
	print "#define NOT2(k, why) printf(\"%s %s\\ntype %s %s\\n\", k, why, k, why)"
	print "int main(void)"
	print "{"
	print "\tprintf(\"@version %d.%d.%d\\n\", LINUX_VERSION_CODE >> 16, (LINUX_VERSION_CODE >> 8) & 255, LINUX_VERSION_CODE & 255);"
	print "\tprintf(\"@ours %d\\n\", ABI_OURS);"
}
{
	kind = $1; key = $2; since = $3
	if (since != "-") {
		split(since, v, ".")
		print "#if SINCE(" v[1] ", " v[2] ")"
	}
	if (kind == "M") {
		print "#ifdef " $2
		if ($2 in empty)
			printf "\t/*F %s*/ NOT2(%s, \"defined\");\n", NR, cstr(key)
		else
			printf "\t/*F %s*/ VAL(%s, %s);\n", NR, cstr(key), $2
		print "#else"
		print "\tNOT2(" cstr(key) ", \"absent\");"
		print "#endif"
	} else if (kind == "S") {
		printf "\t/*F %s*/ SIZ(%s, %s);\n", NR, cstr(key), $4
	} else if (kind == "O") {
		printf "\t/*F %s*/ OFF(%s, %s, %s);\n", NR, cstr(key), $4, $5
	} else if (kind == "E") {
		printf "\t/*F %s*/ VAL(%s, (%s));\n", NR, cstr(key), $4
	}
	if (since != "-") {
		print "#else"
		if (kind == "M" || kind == "E")
			print "\tNOT2(" cstr(key) ", \"absent<" since "\");"
		else
			print "\tNOT(" cstr(key) ", \"absent<" since "\");"
		print "#endif"
	}
}
END {
	print "\treturn 0;"
	print "}"
}' "$facts" >"$gen"

# ----------------------------------------------------------------------------
# Build and run.  A fact whose line does not compile is turned into
# "KEY unusable" and the build retried.
# ----------------------------------------------------------------------------

# build NAME RUNNER CC FLAGS...
build() {
	bname=$1; runner=$2; shift 2
	src=$B/facts-$bname.c
	cp "$gen" "$src"
	: >"$B/unusable-$bname.txt"
	tries=0
	while :; do
		if (cd "$B" && "$@" -std=gnu11 -ftrack-macro-expansion=0 \
			-Werror=implicit-function-declaration \
			-o "facts-$bname" "facts-$bname.c") 2>"$B/build-$bname.log"; then
			break
		fi
		tries=$((tries + 1))
		base=$(basename "$src")
		sed -n "s/^$base:\([0-9][0-9]*\):[0-9]*: error:.*/\1/p" "$B/build-$bname.log" | sort -un >"$B/errlines"
		if [ ! -s "$B/errlines" ] || [ $tries -ge 50 ]; then
			say "error: [$bname] the fact program does not build:" >&2
			head -n 30 "$B/build-$bname.log" >&2
			return 1
		fi
		# Replace each failing fact line by a print of "KEY unusable".
		awk -v L="$B/errlines" -v U="$B/unusable-$bname.txt" '
			BEGIN { while ((getline n < L) > 0) bad[n] = 1 }
			(FNR in bad) && /\/\*F [0-9]+\*\// {
				k = $0; sub(/^[^"]*"/, "", k); sub(/", .*$/, "", k)
				print k >> U
				sub(/\*\/ .*$/, "*/ NOT2(\"" k "\", \"unusable\");")
				done++
			}
			{ print }
			END { if (!done) exit 1 }' "$src" >"$src.tmp" || {
			say "error: [$bname] build fails outside any fact line:" >&2
			head -n 30 "$B/build-$bname.log" >&2
			return 1
		}
		mv "$src.tmp" "$src"
	done
	if [ -n "$runner" ]; then
		$runner "$B/facts-$bname" >"$B/raw-$bname.txt" || { say "error: [$bname] run failed" >&2; return 1; }
	else
		"$B/facts-$bname" >"$B/raw-$bname.txt" || { say "error: [$bname] run failed" >&2; return 1; }
	fi
	grep -v '^@' "$B/raw-$bname.txt" | LC_ALL=C sort >"$B/facts-$bname.txt"
	return 0
}

build ours "" $CC -I"$uapi" || exit 1
grep -q '^@ours 1$' "$B/raw-ours.txt" || die "host build did not see uapi/linux/kvm.h"
while IFS='	' read -r name flags dir; do
	build "$name" "$QEMU_AARCH64" $AARCH64_CC -static $flags || exit 1
	grep -q '^@ours 0$' "$B/raw-$name.txt" || die "[$name] build used uapi/ headers"
done <"$trees"

# Our own headers must evaluate every fact they define.
awk '$NF == "unusable" && $1 != "type"' "$B/facts-ours.txt" >"$B/ours-unusable.txt"
if [ -s "$B/ours-unusable.txt" ]; then
	say "FAIL: facts our headers cannot evaluate (missing member/macro or broken definition):"
	sed 's/ unusable$//; s/^/  /' "$B/ours-unusable.txt"
	fail=1
fi

# ----------------------------------------------------------------------------
# Warning-clean consumer program: host with -I uapi, arm64 without.
# ----------------------------------------------------------------------------

cflags_strict="-std=gnu11 -Wall -Wextra -Werror"
if $CC $cflags_strict -I"$uapi" -c -o "$B/consumer-host.o" "$consumer" 2>"$B/consumer-host.log"; then
	consumer_host=ok
else
	consumer_host=FAILED; fail=1
	say "FAIL: $consumer does not build on the host with -I uapi:"; sed 's/^/  /' "$B/consumer-host.log"
fi
if $AARCH64_CC $cflags_strict -c -o "$B/consumer-arm64.o" "$consumer" 2>"$B/consumer-arm64.log"; then
	consumer_arm64=ok
else
	consumer_arm64=FAILED; fail=1
	say "FAIL: $consumer does not build for arm64 with the system headers:"; sed 's/^/  /' "$B/consumer-arm64.log"
fi

# ----------------------------------------------------------------------------
# Compare.
# ----------------------------------------------------------------------------

awk -F'\t' '$1 == "F" { n = split($2, g, " "); for (i = 1; i <= n; i++) print g[i] }' \
	"$facts_manifest" >"$B/ignore-globs.txt"
awk -F'\t' '$1 == "M" { print $2 }' "$facts" >"$B/macro-keys.txt"

summary=""
: >"$B/newer-all.txt"
ntrees=0
while IFS='	' read -r name flags dir; do
	ntrees=$((ntrees + 1))
	version=$(sed -n 's/^@version //p' "$B/raw-$name.txt")
	awk -v T="$name" -v V="$version" -v R="$B" -v G="$B/ignore-globs.txt" -v MK="$B/macro-keys.txt" '
	function key(line) { k = line; sub(/ [^ ]*$/, "", k); return k }
	function val(line) { v = line; sub(/^.* /, "", v); return v }
	function glob2re(g) { gsub(/\./, "\\.", g); gsub(/\*/, ".*", g); gsub(/\?/, ".", g); return "^" g "$" }
	BEGIN {
		while ((getline g < G) > 0) re[++nre] = glob2re(g)
		while ((getline m < MK) > 0) ismacro[m] = 1
	}
	FNR == NR { ours[key($0)] = val($0); next }
	{ real[key($0)] = val($0) }
	END {
		for (k in ours) {
			o = ours[k]; r = (k in real) ? real[k] : "absent"
			istype = (k ~ /^type /)
			if (o == "absent") {
				if (istype || r == "absent" || r ~ /^absent</) continue
				if (r == "unusable") { arm_unusable++; continue }
				f = 0
				for (i = 1; i <= nre; i++) if (k ~ re[i]) f = 1
				if (f) ignored++
				else { missing++; print k > (R "/missing-" T ".txt") }
				continue
			}
			if (o == "unusable") continue
			if (r == "absent" || r ~ /^absent</) {
				if (istype) continue
				absent++; print k > (R "/newer-" T ".txt"); continue
			}
			if (r == "unusable") {
				if (istype) continue
				if (ismacro[k]) { unevaluable++; print k > (R "/unevaluable-" T ".txt") }
				else {
					bad++
					printf "  [%s] %s: cannot be evaluated against these headers (add a since tag to its manifest line?)\n", T, k
				}
				continue
			}
			if (istype) {
				if (o != r) { typediff++; printf "%s: ours %s, %s %s\n", substr(k, 6), o, T, r > (R "/typediff-" T ".txt") }
				continue
			}
			if (o == r) { same++; continue }
			bad++
			printf "  [%s] MISMATCH %s: ours %s, real %s\n", T, k, o, r
		}
		printf "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", T, V, same, absent, bad, unevaluable, typediff, missing, ignored, arm_unusable > (R "/counts-" T ".txt")
	}' "$B/facts-ours.txt" "$B/facts-$name.txt" | LC_ALL=C sort >"$B/report-$name.txt"
	for f in missing newer unevaluable typediff; do
		[ -f "$B/$f-$name.txt" ] && LC_ALL=C sort -o "$B/$f-$name.txt" "$B/$f-$name.txt"
		[ -f "$B/$f-$name.txt" ] || : >"$B/$f-$name.txt"
	done
	cat "$B/newer-$name.txt" "$B/unevaluable-$name.txt" >>"$B/newer-all.txt"
	if [ -s "$B/report-$name.txt" ]; then
		say "FAIL: [$name] differences from the real headers:"
		cat "$B/report-$name.txt"
		fail=1
	fi
done <"$trees"

# Facts that no real tree confirmed.
LC_ALL=C sort "$B/newer-all.txt" | uniq -c | awk -v n="$ntrees" '$1 == n { sub(/^ *[0-9]+ /, ""); print }' \
	>"$B/unverified.txt"

# ----------------------------------------------------------------------------
# Report.
# ----------------------------------------------------------------------------

echo
say "headers: ours = $uapi_real"
while IFS='	' read -r name flags dir; do
	IFS='	' read -r n v same absent bad uneval typediff missing ignored armun <"$B/counts-$name.txt"
	say "[$name] Linux $v: $(grep "^$name	" "$tree_headers" | cut -f2 | sed -n 1p | xargs dirname | xargs dirname)"
	say "[$name]   $same facts equal, $bad mismatches, $absent absent (newer than these headers), $uneval not evaluable there"
	say "[$name]   $typediff C type differences (not failures)"
	say "[$name]   real macros ours lack: $missing listed below, $ignored left out on purpose (manifest 'ignore'), $armun not usable on arm64"
	if [ -s "$B/newer-$name.txt" ]; then
		say "[$name]   newer than these headers:"
		fmt -w 100 "$B/newer-$name.txt" | sed 's/^/      /'
	fi
	if [ -s "$B/typediff-$name.txt" ]; then
		say "[$name]   C type differences:"
		sed 's/^/      /' "$B/typediff-$name.txt"
	fi
	if [ -s "$B/missing-$name.txt" ]; then
		say "[$name]   macros of the real headers that ours lack, not marked 'ignore'${ABI_BUILDDIR:+ ($B/missing-$name.txt)}:"
		fmt -w 100 "$B/missing-$name.txt" | sed 's/^/      /'
	fi
done <"$trees"
if [ -s "$B/unverified.txt" ]; then
	say "UNVERIFIED: $(wc -l <"$B/unverified.txt") facts are absent from every real tree checked:"
	fmt -w 100 "$B/unverified.txt" | sed 's/^/      /'
fi
say "consumer program: host -I uapi $consumer_host, arm64 system headers $consumer_arm64"

# Facts of ours: values, sizes and offsets (not C types, not real-only macros).
total=$(awk '$1 != "type" && $NF != "absent"' "$B/facts-ours.txt" | wc -l)
nmanifest=$(awk '$1 == "sizeof" || $1 == "offset" || $1 == "expr"' "$B/facts-ours.txt" | wc -l)
total="$total facts of ours ($((total - nmanifest)) macro values, $nmanifest from the manifest)"
mism=0; compared=0; absent=0
for f in "$B"/counts-*.txt; do
	IFS='	' read -r n v same a bad rest <"$f"
	compared=$((compared + same)); absent=$((absent + a)); mism=$((mism + bad))
done
line="$total; $compared comparisons equal, $absent absent, $mism mismatches across $ntrees real tree(s)"
if [ $fail = 0 ]; then
	say "PASS: $line"
	echo "1 passed, 0 failed"
	exit 0
fi
say "FAIL: $line"
echo "0 passed, 1 failed"
exit 1
