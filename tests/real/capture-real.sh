#!/bin/bash
# capture-real.sh - kvmsim capture on live real KVM, against the recordings.
prog=capture-real
here=$(cd "$(dirname "$0")" && pwd)

usage() {
	cat <<USAGE
Usage: $prog --kvmsim-aarch64 FILE --recorded DIR [--kernel K]... [--cache DIR]
             [--timeout SECS] [--trs FILE] [--update]

Boots each kernel in qemu (tests/real/boot.sh) with FILE, the kvmsim
command built statically for aarch64, on each host CPU of
tests/real/hosts.sh, runs 'kvmsim capture --name=HOST' on real KVM there
and compares the profile with DIR/real-<kernel>.host (the default host) or
DIR/real-<kernel>-<suffix>.host (tests/capture/), comment lines aside.
make check (tests/capture.sh) compares those recordings with what the
simulator reads back.

Options:
  --kernel K          6.1 or 6.12 (repeatable; default both)
  --cache DIR         the kernel cache (default: \$KVMSIM_REAL_CACHE, else
                      /work/real-cache)
  --timeout SECS      limit for each boot (default 600)
  --trs FILE          append one ":test-result:" line per kernel to FILE
  --update            record: write each profile that differs (or is new)
                      into DIR instead of failing (make update-real)

Exit status: 0 every capture as recorded (--update: recorded); 1 a
difference (not with --update), a failed boot or a file not written;
2 usage error; 77 qemu, the cross compiler or the kernels missing.
USAGE
}

real_dir=$here
. "$here/lib.sh"
kvmsim='' recorded='' update=''
while [ $# -gt 0 ]; do
	case $1 in
	-h|--help) usage; exit 0 ;;
	--update) update=1; shift; continue ;;
	-*)
		[ $# -ge 2 ] || die "$1 needs an argument"
		case $1 in
		--kvmsim-aarch64) kvmsim=$2 ;;
		--recorded) recorded=$2 ;;
		*) real_opt "$1" "$2" || die "unknown argument '$1' (see --help)" ;;
		esac
		shift 2 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done
[ -n "$kvmsim" ] && [ -n "$recorded" ] || die "--kvmsim-aarch64 and --recorded are required"
real_kernels

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
. "$here/hosts.sh"
for h in $real_hosts; do
	real_host "$h"
	for k in "${kernels[@]}"; do
		id=$k${host_suffix:+ on $h}
		say "$id: real KVM: booting in qemu, running kvmsim capture ..."
		start=$SECONDS
		real_boot "$k" "$work/$k$host_suffix" --machine "$host_machine" --cpu "$host_cpu" \
			--bin "$kvmsim" --run "kvmsim capture --name=$h"
		case $? in
		77) continue ;;
		0) ;;
		*) status=1; continue ;;
		esac
		out=$work/$k$host_suffix/run-1
		if [ "$(cat "$out.rc")" != 0 ]; then
			say "$id: FAIL: kvmsim capture on real KVM: exit $(cat "$out.rc")"
			sed 's/^/    /' "$out.out" | tail -20
			status=1; trs_line FAIL
			continue
		fi
		rec=$recorded/real-$k$host_suffix.host
		grep -v '^# ' "$rec" >"$work/recorded" 2>/dev/null
		grep -v '^# ' "$out.out" >"$work/live"
		if diff -u "$work/recorded" "$work/live" >"$work/diff"; then
			say "$id: PASS: the captured profile is as recorded ($((SECONDS - start)) s)"
			trs_line PASS
		elif [ -n "$update" ]; then
			if [ -e "$rec" ]; then
				say "$id: $rec: $(grep -c '^[-+][^-+]' "$work/diff") lines changed:"
				sed 's/^/    /' "$work/diff" | head -20
			else
				say "$id: $rec: new file, $(wc -l <"$out.out") lines"
			fi
			cp "$out.out" "$rec.tmp" && mv -f "$rec.tmp" "$rec" ||
				{ say "$id: cannot write $rec"; status=1; }
		else
			say "$id: FAIL: real KVM's profile differs from $rec (recorded -, live +):"
			sed 's/^/    /' "$work/diff"
			status=1; trs_line FAIL
		fi
	done
done
exit $status
