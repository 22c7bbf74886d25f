# lib.sh - sourced by the scripts that boot real KVM for make check-real
# (suites-real.sh, vmm-real.sh, capture-real.sh, ../fuzz/replay-real.sh):
# the options they share, the kernels, the .trs lines and one boot.
#
# The script sets prog (its name in messages) and real_dir (this folder)
# first.  After sourcing, these hold the shared options' values:
#   kernels=()  cache  timeout  keep  trs
#
#   real_opt OPT VALUE    0 when OPT is a shared option (--kernel, --cache,
#                         --timeout, --keep, --trs), its VALUE taken
#   real_kernels          default to both kernels; die on a bad --kernel
#   real_workdir NAME     work=the --keep directory, or a new temporary
#                         one named after NAME
#   real_boot K DIR ARG...
#                         boot.sh for kernel K into DIR with ARGs (--bin,
#                         --run); 0: every command ran (run-N.rc says how it
#                         ended), 77: skip (said, with a SKIP .trs line),
#                         1: no kernel or the boot failed (said, console tail
#                         shown, a FAIL .trs line)
#   say MSG / die MSG / trs_line PASS|FAIL|SKIP

kernels=() cache=${KVMSIM_REAL_CACHE:-/work/real-cache} timeout=600 keep='' trs=''

die() { echo "$prog: $*" >&2; exit 2; }
say() { echo "$prog: $*"; }
trs_line() { [ -z "$trs" ] || echo ":test-result: $1" >>"$trs"; }

real_opt() {
	case $1 in
	--kernel) kernels+=("$2") ;;
	--cache) cache=$2 ;;
	--timeout) timeout=$2 ;;
	--keep) keep=$2 ;;
	--trs) trs=$2 ;;
	*) return 1 ;;
	esac
}

real_kernels() {
	local k

	[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12)
	for k in "${kernels[@]}"; do
		case $k in 6.1|6.12) ;; *) die "--kernel must be 6.1 or 6.12, not '$k'" ;; esac
	done
}

# real_workdir NAME: $work is the --keep directory, or a new temporary one.
real_workdir() {
	if [ -n "$keep" ]; then
		work=$keep
		mkdir -p "$work" || die "cannot create $work"
	else
		work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || die "mktemp failed"
	fi
}

real_boot() {
	local k=$1 dir=$2 rc=0

	shift 2
	if [ ! -r "$cache/$k/vmlinuz" ]; then
		say "$k: SKIP: no kernel in $cache/$k (tests/real/fetch-kernels.sh $cache)"
		trs_line SKIP
		return 77
	fi
	"$real_dir/boot.sh" --kernel "$cache/$k/vmlinuz" --outdir "$dir" --timeout "$timeout" \
		"$@" >/dev/null 2>"$dir.err" || rc=$?
	case $rc in
	0|1) return 0 ;;
	77)
		say "$k: SKIP: $(tail -1 "$dir.err")"
		trs_line SKIP
		return 77 ;;
	esac
	say "$k: FAIL: the boot failed (boot.sh exit $rc); console: $dir/console.log"
	sed 's/^/    /' "$dir.err" | tail -20
	trs_line FAIL
	return 1
}
