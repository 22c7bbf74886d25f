#!/bin/bash
# suites-real.sh - the Criterion suites on real arm64 KVM: the same test
# programs make check runs on the simulator, built for aarch64, run inside
# the guest against /dev/kvm.  See --help.

set -u

prog=suites-real
here=$(cd "$(dirname "$0")" && pwd)

usage() {
	cat <<USAGE
Usage: $prog [--kernel K]... [--host NAME] [--cache DIR] [--timeout SECS]
             [--keep DIR] [--trs FILE] PROGRAM...

Boots each kernel in qemu (tests/real/boot.sh) with the PROGRAMs (Criterion
suites of tests/, built statically for aarch64 with the builtin
Criterion-compatible runner: make check-real builds them) and runs each
there as

    KVMSIM_BACKEND=host KVMSIM_REAL_HOST=HOST test-NAME --tap=-

so every helper of tests/kvm_util.h calls real KVM.  Rows of the other
kernel (6.1 rows on 6.12 and the reverse), rows of another host CPU
(require_host()) and tests of the simulator's own API skip.  A kernel passes when every suite exited 0 and printed a TAP plan
with one result per case, no case failing; failures are shown with their
messages.

Options:
  --kernel K          6.1 or 6.12 (repeatable; default both)
  --host NAME         the host CPU to boot on (tests/real/hosts.sh; default
                      the harness's default, qemu-max)
  --cache DIR         the kernel cache (default: \$KVMSIM_REAL_CACHE, else
                      /work/real-cache)
  --timeout SECS      limit for each boot (default 900)
  --keep DIR          keep the work files (boot-K/run-N.out: TAP of each
                      suite, console.log) in DIR
  --trs FILE          append one ":test-result:" line per kernel to FILE

Exit status: 0 every suite passed on every kernel; 1 a failure or a failed
boot; 2 usage error; 77 qemu, the cross compiler or the kernels missing.
USAGE
}

real_dir=$here
. "$here/lib.sh"
. "$here/hosts.sh"
timeout=900 host=qemu-max
programs=()
while [ $# -gt 0 ]; do
	case $1 in
	--*=*) set -- "${1%%=*}" "${1#*=}" "${@:2}"; continue ;;
	-h|--help) usage; exit 0 ;;
	-*)
		[ $# -ge 2 ] || die "$1 needs an argument"
		if [ "$1" = --host ]; then
			host=$2
		else
			real_opt "$1" "$2" || die "unknown option '$1' (see --help)"
		fi
		shift 2 ;;
	*) programs+=("$1"); shift ;;
	esac
done
[ ${#programs[@]} -gt 0 ] || die "no PROGRAM given (see --help)"
real_host "$host" || die "--host: no host '$host' (hosts: $real_hosts)"
real_kernels
for f in "${programs[@]}"; do
	[ -f "$f" ] && [ -x "$f" ] || { echo "$prog: $f: not an executable file" >&2; exit 1; }
done

real_workdir suites-real

bins=() runs=()
for f in "${programs[@]}"; do
	bins+=(--bin "$f")
	runs+=(--run "KVMSIM_BACKEND=host KVMSIM_REAL_HOST=$host $(basename "$f") --tap=-")
done

# check_tap OUT RC: the counts of one suite's TAP ("P F S"), or a reason
# why the run is not a complete report (no plan, missing results, a failed
# run that reported no failing case).
check_tap() {
	awk -v rc="$2" '
		/^1\.\.[0-9]+/ { plan = substr($1, 4) + 0; planned = 1; next }
		/^ok / { if ($0 ~ /# SKIP/) s++; else p++; next }
		/^not ok / { f++; next }
		END {
			if (!planned) { print "no TAP plan"; exit }
			if (p + f + s != plan) {
				printf "%d of %d results\n", p + f + s, plan; exit
			}
			if (rc != "0" && !f) { printf "exit %s without a failing case\n", rc; exit }
			if (rc == "0" && f) { print "exit 0 with failing cases"; exit }
			printf "%d %d %d\n", p, f, s
		}' "$1"
}

status=0
for kernel in "${kernels[@]}"; do
	k=$kernel${host_suffix:+ on $host}
	say "$k: real KVM: booting in qemu, running ${#programs[@]} suites ..."
	start=$SECONDS
	dir=$work/boot-$kernel$host_suffix
	real_boot "$kernel" "$dir" --machine "$host_machine" --cpu "$host_cpu" \
		"${bins[@]}" "${runs[@]}"
	case $? in
	77) continue ;;
	0) ;;
	*) status=1 keep=${keep:-kept}; continue ;;
	esac
	ok=yes passed=0 failed=0 skipped=0 i=0
	for f in "${programs[@]}"; do
		i=$((i + 1))
		name=$(basename "$f")
		counts=$(check_tap "$dir/run-$i.out" "$(cat "$dir/run-$i.rc")")
		case $counts in
		[0-9]*" "[0-9]*" "[0-9]*) set -- $counts ;;
		*)
			say "$k: $name: not a complete report: $counts (exit $(cat "$dir/run-$i.rc"))"
			sed 's/^/    /' "$dir/run-$i.out" | tail -20
			ok=no
			continue ;;
		esac
		passed=$((passed + $1)) failed=$((failed + $2)) skipped=$((skipped + $3))
		if [ "$2" != 0 ]; then
			ok=no
			say "$k: $name: $2 of its cases fail on real KVM:"
			# Each failing case with the diagnostics that follow it.
			awk '/^not ok / { show = 1; print; next }
			     /^(ok |1\.\.)/ { show = 0 }
			     show && /^ *#/ { print }' "$dir/run-$i.out" | sed 's/^/    /'
		fi
	done
	summary="${#programs[@]} suites: $passed cases passed, $failed failed, $skipped skipped"
	if [ $ok = yes ] && [ $passed -gt 0 ]; then
		say "$k: PASS: $summary ($((SECONDS - start)) s)"
		trs_line PASS
	else
		say "$k: FAIL: $summary"
		status=1 keep=${keep:-kept}
		trs_line FAIL
	fi
done
if [ -z "$keep" ]; then
	rm -rf "$work"
else
	say "work files in $work"
fi
exit $status
