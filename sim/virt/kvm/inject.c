// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fault injection and scripted exits (kvmsim/inject.h): the simulator's
 * own, with no kernel counterpart.  Rules are parsed whole, then added
 * under one lock; the file layer asks before each open, ioctl and mmap,
 * the arm64 run loop asks where it would enter the guest.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kvm_host.h>

#include "kvmsim/inject.h"
#include "inject.h"
#include "names.h"

enum inject_call {
	CALL_IOCTL,
	CALL_OPEN,
	CALL_MMAP,
};

#define ANY_VCPU	(-1L)

struct inject_rule {
	enum inject_call call;
	unsigned int ioctl;
	bool any_target;
	enum kvm_inject_target target;
	long vcpu_id;			/* ANY_VCPU or an id */
	unsigned long nth;
	bool and_later;
	unsigned long seen;
	unsigned long taken;		/* calls it took */
	bool spent;
	int err;			/* > 0: fail with it; 0: a scripted exit */
	struct kvm_run *exit;		/* exit_reason and the exit's fields */
	char *text;			/* the rule as given, for messages */
};

static pthread_mutex_t inject_lock = PTHREAD_MUTEX_INITIALIZER;
static struct inject_rule *rules;
static size_t nr_rules;
/* Lets every call skip the lock while no rule was ever added. */
static atomic_bool have_rules;

/* ---- parsing ------------------------------------------------------------ */

struct parser {
	const char *rule;	/* the rule being parsed, for messages */
	size_t rule_len;
	char *msg;
	size_t msg_len;
};

static __attribute__((format(printf, 2, 3))) int parse_error(struct parser *p,
							       const char *fmt, ...)
{
	char why[160];
	va_list ap;

	if (p->msg && p->msg_len) {
		va_start(ap, fmt);
		vsnprintf(why, sizeof(why), fmt, ap);
		va_end(ap);
		snprintf(p->msg, p->msg_len, "rule '%.*s': %s", (int)p->rule_len, p->rule, why);
	}
	return -EINVAL;
}

/* A whole number: decimal, 0x hex or 0 octal, nothing after it. */
static int parse_u64(struct parser *p, const char *s, size_t len, const char *what,
		     uint64_t *ret)
{
	char buf[32], *end;

	if (!len || len >= sizeof(buf) || *s == '-' || *s == '+')
		return parse_error(p, "%s '%.*s' is not a number", what, (int)len, s);
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*ret = strtoull(buf, &end, 0);
	if (errno || *end)
		return parse_error(p, "%s '%.*s' is not a number", what, (int)len, s);
	return 0;
}

static int parse_call(struct parser *p, struct inject_rule *rule, const char *s, size_t len)
{
	uint64_t nr;

	if (len == 4 && !strncmp(s, "open", 4)) {
		rule->call = CALL_OPEN;
		return 0;
	}
	if (len == 4 && !strncmp(s, "mmap", 4)) {
		rule->call = CALL_MMAP;
		return 0;
	}
	rule->call = CALL_IOCTL;
	if (!kvm_ioctl_lookup(s, len, &rule->ioctl))
		return 0;
	if (len && s[0] >= '0' && s[0] <= '9') {
		if (parse_u64(p, s, len, "ioctl number", &nr))
			return -EINVAL;
		if (nr > UINT32_MAX)
			return parse_error(p, "ioctl number %#" PRIx64 " has more than 32 bits", nr);
		rule->ioctl = (unsigned int)nr;
		return 0;
	}
	return parse_error(p, "'%.*s' is neither a KVM ioctl of arm64, an ioctl number, "
			   "open nor mmap", (int)len, s);
}

static int parse_target(struct parser *p, struct inject_rule *rule, const char *s, size_t len)
{
	uint64_t id;

	rule->any_target = false;
	rule->vcpu_id = ANY_VCPU;
	if (len == 3 && !strncmp(s, "sys", 3)) {
		rule->target = INJECT_SYS;
	} else if (len == 2 && !strncmp(s, "vm", 2)) {
		rule->target = INJECT_VM;
	} else if (len >= 4 && !strncmp(s, "vcpu", 4)) {
		rule->target = INJECT_VCPU;
		if (len > 4) {
			if (parse_u64(p, s + 4, len - 4, "vCPU id", &id))
				return -EINVAL;
			if (id > UINT32_MAX)
				return parse_error(p, "vCPU id %" PRIu64 " is out of range", id);
			rule->vcpu_id = (long)id;
		}
	} else {
		return parse_error(p, "fd '%.*s' is not sys, vm, vcpu or vcpuID", (int)len, s);
	}
	if (rule->call == CALL_OPEN)
		return parse_error(p, "open takes no '@fd'");
	return 0;
}

/* Splits @s at ':' into at most @max fields; returns how many. */
static size_t split_fields(const char *s, size_t len, const char **field, size_t *flen,
			   size_t max)
{
	size_t n = 0;
	const char *end = s + len;

	while (n < max) {
		const char *colon = memchr(s, ':', (size_t)(end - s));

		field[n] = s;
		flen[n] = (colon ? colon : end) - s;
		n++;
		if (!colon)
			return n;
		s = colon + 1;
	}
	return max + 1;		/* too many */
}

static bool field_is(const char *f, size_t len, const char *word)
{
	return strlen(word) == len && !strncmp(f, word, len);
}

static const char *const system_event_types[] = {
	[KVM_SYSTEM_EVENT_SHUTDOWN] = "shutdown",
	[KVM_SYSTEM_EVENT_RESET] = "reset",
	[KVM_SYSTEM_EVENT_CRASH] = "crash",
	[KVM_SYSTEM_EVENT_WAKEUP] = "wakeup",
	[KVM_SYSTEM_EVENT_SUSPEND] = "suspend",
};

/* Up to 16 data words, for system_event and internal_error. */
static int parse_data(struct parser *p, const char **f, const size_t *flen, size_t n,
		      __u64 *data, __u32 *ret_ndata)
{
	uint64_t word;

	for (size_t i = 0; i < n; i++) {
		if (parse_u64(p, f[i], flen[i], "data word", &word))
			return -EINVAL;
		data[i] = word;
	}
	*ret_ndata = (__u32)n;
	return 0;
}

#define MAX_FIELDS	20

static int parse_exit(struct parser *p, struct kvm_run *run, const char *s, size_t len)
{
	const char *f[MAX_FIELDS];
	size_t fl[MAX_FIELDS], n;
	uint64_t v[4] = { 0 };
	const char *kind;

	n = split_fields(s, len, f, fl, MAX_FIELDS);
	if (n > MAX_FIELDS)
		return parse_error(p, "too many fields in the exit");
	kind = f[0];
	if (field_is(kind, fl[0], "mmio")) {
		bool write = n == 5 && field_is(f[3], fl[3], "w");

		if (!(n == 4 && field_is(f[3], fl[3], "r")) && !write)
			return parse_error(p, "an MMIO exit is mmio:ADDR:LEN:r or mmio:ADDR:LEN:w:DATA");
		if (parse_u64(p, f[1], fl[1], "address", &v[0]) ||
		    parse_u64(p, f[2], fl[2], "length", &v[1]) ||
		    (write && parse_u64(p, f[4], fl[4], "data", &v[2])))
			return -EINVAL;
		if (!v[1] || v[1] > 8)
			return parse_error(p, "MMIO length %" PRIu64 " is not 1 to 8", v[1]);
		if (v[1] < 8 && v[2] >> (8 * v[1]))
			return parse_error(p, "data %#" PRIx64 " does not fit in %" PRIu64 " bytes",
					   v[2], v[1]);
		run->exit_reason = KVM_EXIT_MMIO;
		run->mmio.phys_addr = v[0];
		run->mmio.len = (uint32_t)v[1];
		run->mmio.is_write = write;
		/* Little-endian, as the guest's store put it on the bus. */
		for (unsigned int i = 0; i < v[1]; i++)
			run->mmio.data[i] = (uint8_t)(v[2] >> (8 * i));
		return 0;
	}
	if (field_is(kind, fl[0], "system_event")) {
		if (n < 2 || n > 2 + 16)
			return parse_error(p, "a system event is system_event:TYPE[:DATA...] "
					   "with at most 16 data words");
		v[0] = 0;
		for (size_t t = 0; t < ARRAY_SIZE(system_event_types); t++)
			if (system_event_types[t] && field_is(f[1], fl[1], system_event_types[t]))
				v[0] = t;
		if (!v[0] && parse_u64(p, f[1], fl[1], "system event type", &v[0]))
			return -EINVAL;
		if (v[0] > UINT32_MAX)
			return parse_error(p, "system event type %" PRIu64 " is out of range", v[0]);
		run->exit_reason = KVM_EXIT_SYSTEM_EVENT;
		run->system_event.type = (uint32_t)v[0];
		return parse_data(p, f + 2, fl + 2, n - 2, run->system_event.data,
				  &run->system_event.ndata);
	}
	if (field_is(kind, fl[0], "fail_entry")) {
		if (n < 2 || n > 3)
			return parse_error(p, "a failed entry is fail_entry:REASON[:CPU]");
		if (parse_u64(p, f[1], fl[1], "reason", &v[0]) ||
		    (n == 3 && parse_u64(p, f[2], fl[2], "cpu", &v[1])))
			return -EINVAL;
		if (v[1] > UINT32_MAX)
			return parse_error(p, "cpu %" PRIu64 " is out of range", v[1]);
		run->exit_reason = KVM_EXIT_FAIL_ENTRY;
		run->fail_entry.hardware_entry_failure_reason = v[0];
		run->fail_entry.cpu = (uint32_t)v[1];
		return 0;
	}
	if (field_is(kind, fl[0], "internal_error")) {
		if (n < 2 || n > 2 + 16)
			return parse_error(p, "an internal error is internal_error:SUBERROR[:DATA...] "
					   "with at most 16 data words");
		if (parse_u64(p, f[1], fl[1], "suberror", &v[0]))
			return -EINVAL;
		if (v[0] > UINT32_MAX)
			return parse_error(p, "suberror %" PRIu64 " is out of range", v[0]);
		run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
		run->internal.suberror = (uint32_t)v[0];
		return parse_data(p, f + 2, fl + 2, n - 2, run->internal.data, &run->internal.ndata);
	}
	if (field_is(kind, fl[0], "arm_nisv")) {
		if (n != 3)
			return parse_error(p, "a NISV exit is arm_nisv:ESR_ISS:FAULT_IPA");
		if (parse_u64(p, f[1], fl[1], "esr_iss", &v[0]) ||
		    parse_u64(p, f[2], fl[2], "fault_ipa", &v[1]))
			return -EINVAL;
		run->exit_reason = KVM_EXIT_ARM_NISV;
		run->arm_nisv.esr_iss = v[0];
		run->arm_nisv.fault_ipa = v[1];
		return 0;
	}
	if (field_is(kind, fl[0], "debug")) {
		if (n != 3)
			return parse_error(p, "a debug exit is debug:HSR:FAR");
		if (parse_u64(p, f[1], fl[1], "hsr", &v[0]) || parse_u64(p, f[2], fl[2], "far", &v[1]))
			return -EINVAL;
		run->exit_reason = KVM_EXIT_DEBUG;
		run->debug.arch.hsr = (uint32_t)v[0];
		run->debug.arch.hsr_high = (uint32_t)(v[0] >> 32);
		run->debug.arch.far = v[1];
		return 0;
	}
	if (field_is(kind, fl[0], "shutdown") && n == 1) {
		run->exit_reason = KVM_EXIT_SHUTDOWN;
		return 0;
	}
	if (n == 1 && fl[0] && kind[0] >= '0' && kind[0] <= '9') {
		if (parse_u64(p, kind, fl[0], "exit reason", &v[0]))
			return -EINVAL;
		if (v[0] > UINT32_MAX)
			return parse_error(p, "exit reason %" PRIu64 " is out of range", v[0]);
		run->exit_reason = (uint32_t)v[0];
		return 0;
	}
	return parse_error(p, "unknown exit '%.*s' (mmio, system_event, fail_entry, "
			   "internal_error, arm_nisv, debug, shutdown or a number)", (int)len, s);
}

static int parse_action(struct parser *p, struct inject_rule *rule, const char *s, size_t len)
{
	uint64_t err;

	if (len > 5 && !strncmp(s, "exit:", 5)) {
		if (rule->call != CALL_IOCTL || rule->ioctl != KVM_RUN)
			return parse_error(p, "only KVM_RUN returns exits");
		if (!rule->any_target && rule->target != INJECT_VCPU)
			return parse_error(p, "KVM_RUN is a vCPU ioctl: '@vcpu' or '@vcpuID'");
		rule->exit = calloc(1, sizeof(*rule->exit));
		if (!rule->exit)
			return -ENOMEM;
		return parse_exit(p, rule->exit, s + 5, len - 5);
	}
	if (!kvm_errno_lookup(s, len, &rule->err))
		return 0;
	if (len && s[0] >= '0' && s[0] <= '9') {
		if (parse_u64(p, s, len, "errno", &err))
			return -EINVAL;
		if (err && err <= 4095) {
			rule->err = (int)err;
			return 0;
		}
	}
	return parse_error(p, "'%.*s' is neither an errno (EFAULT or 1 to 4095) nor exit:...",
			   (int)len, s);
}

/* rule := call [ '@' fd ] [ '#' N [ '+' ] ] '=' action */
static int parse_rule(struct parser *p, struct inject_rule *rule)
{
	const char *s = p->rule, *end = s + p->rule_len;
	const char *eq = memchr(s, '=', p->rule_len);
	const char *head_end, *at, *hash;
	uint64_t nth = 1;

	memset(rule, 0, sizeof(*rule));
	rule->any_target = true;
	rule->vcpu_id = ANY_VCPU;
	if (!eq)
		return parse_error(p, "no '=': a rule is CALL[@FD][#N[+]]=ERRNO|exit:...");
	head_end = eq;
	hash = memchr(s, '#', (size_t)(head_end - s));
	if (hash) {
		const char *num_end = head_end;

		if (num_end > hash + 1 && num_end[-1] == '+') {
			rule->and_later = true;
			num_end--;
		}
		if (parse_u64(p, hash + 1, (size_t)(num_end - hash - 1), "count", &nth))
			return -EINVAL;
		if (!nth)
			return parse_error(p, "counts start at #1");
		head_end = hash;
	}
	rule->nth = nth;
	at = memchr(s, '@', (size_t)(head_end - s));
	if (parse_call(p, rule, s, (size_t)((at ? at : head_end) - s)))
		return -EINVAL;
	if (at && parse_target(p, rule, at + 1, (size_t)(head_end - at - 1)))
		return -EINVAL;
	return parse_action(p, rule, eq + 1, (size_t)(end - eq - 1));
}

static bool is_separator(char c)
{
	return c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void free_rules(struct inject_rule *r, size_t n)
{
	while (n) {
		n--;
		free(r[n].exit);
		free(r[n].text);
	}
}

KVMSIM_EXPORT int kvmsim_inject(const char *text, char *ret_msg, size_t msg_len)
{
	struct parser p = { .msg = ret_msg, .msg_len = msg_len };
	struct inject_rule *parsed = NULL, *grown;
	size_t n = 0, cap = 0;
	const char *s = text;
	int r = 0;

	if (!text) {
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		while (is_separator(*s))
			s++;
		if (!*s)
			break;
		p.rule = s;
		while (*s && !is_separator(*s))
			s++;
		p.rule_len = (size_t)(s - p.rule);
		if (n == cap) {
			cap = cap ? 2 * cap : 4;
			grown = realloc(parsed, cap * sizeof(*parsed));
			if (!grown) {
				r = -ENOMEM;
				break;
			}
			parsed = grown;
		}
		r = parse_rule(&p, &parsed[n]);
		if (!r) {
			parsed[n].text = strndup(p.rule, p.rule_len);
			if (!parsed[n].text)
				r = -ENOMEM;
		}
		if (r) {
			free(parsed[n].exit);
			break;
		}
		n++;
	}
	if (!r && n) {
		pthread_mutex_lock(&inject_lock);
		grown = realloc(rules, (nr_rules + n) * sizeof(*rules));
		if (grown) {
			rules = grown;
			memcpy(rules + nr_rules, parsed, n * sizeof(*parsed));
			nr_rules += n;
			atomic_store(&have_rules, true);
			n = 0;
		} else {
			r = -ENOMEM;
		}
		pthread_mutex_unlock(&inject_lock);
	}
	free_rules(parsed, n);
	free(parsed);
	if (r) {
		errno = -r;
		return -1;
	}
	return 0;
}

KVMSIM_EXPORT void kvmsim_inject_clear(void)
{
	pthread_mutex_lock(&inject_lock);
	free_rules(rules, nr_rules);
	free(rules);
	rules = NULL;
	nr_rules = 0;
	atomic_store(&have_rules, false);
	pthread_mutex_unlock(&inject_lock);
}

KVMSIM_EXPORT size_t kvmsim_inject_pending(void)
{
	size_t pending = 0;

	pthread_mutex_lock(&inject_lock);
	for (size_t i = 0; i < nr_rules; i++)
		pending += !rules[i].spent && !rules[i].and_later;
	pthread_mutex_unlock(&inject_lock);
	return pending;
}

/*
 * KVMSIM_INJECT_STRICT=1: at exit, every rule still there that never took
 * a call is named on stderr - a script that expected an error path the
 * VMM never reached.  The exit status is the program's own: an atexit
 * handler that changed it would hide the program's.
 */
static void report_unfired(void)
{
	size_t unfired = 0;

	pthread_mutex_lock(&inject_lock);
	for (size_t i = 0; i < nr_rules; i++) {
		if (rules[i].taken)
			continue;
		fprintf(stderr, "kvmsim: KVMSIM_INJECT_STRICT: rule '%s' never fired\n",
			rules[i].text ? rules[i].text : "?");
		unfired++;
	}
	if (unfired)
		fprintf(stderr, "kvmsim: KVMSIM_INJECT_STRICT: %zu of %zu rules never fired\n",
			unfired, nr_rules);
	pthread_mutex_unlock(&inject_lock);
}

/*
 * KVMSIM_INJECT, once per process.  A malformed value is said on stderr -
 * the only place the user of an unchanged VMM looks - and makes every
 * open of /dev/kvm fail with EINVAL rather than run unscripted.
 */
static pthread_once_t env_once = PTHREAD_ONCE_INIT;
static int env_err;

static void read_env(void)
{
	const char *text = getenv("KVMSIM_INJECT");
	const char *strict = getenv("KVMSIM_INJECT_STRICT");
	char msg[256];

	if (strict && *strict && strcmp(strict, "0"))
		atexit(report_unfired);
	if (!text || !*text)
		return;
	if (kvmsim_inject(text, msg, sizeof(msg))) {
		env_err = errno;
		if (env_err == EINVAL)
			fprintf(stderr, "kvmsim: KVMSIM_INJECT: %s\n", msg);
	}
}

/* ---- matching ----------------------------------------------------------- */

static bool rule_matches(const struct inject_rule *rule, enum inject_call call,
			 unsigned int ioctl, enum kvm_inject_target target,
			 const struct kvm_vcpu *vcpu)
{
	if (rule->spent || rule->call != call)
		return false;
	if (call == CALL_IOCTL && rule->ioctl != ioctl)
		return false;
	if (rule->any_target)
		return true;
	if (rule->target != target)
		return false;
	return rule->vcpu_id == ANY_VCPU || (vcpu && rule->vcpu_id == (long)vcpu->vcpu_id);
}

/*
 * Offers one call to the rules, in order; returns the rule that takes it,
 * or NULL.  @exits: whether exit rules are asked (at guest entry) or
 * errno rules (at the system call).  Called with inject_lock held.
 */
static struct inject_rule *take(enum inject_call call, unsigned int ioctl,
				enum kvm_inject_target target, const struct kvm_vcpu *vcpu,
				bool exits)
{
	for (size_t i = 0; i < nr_rules; i++) {
		struct inject_rule *rule = &rules[i];

		if (!!rule->exit != exits || !rule_matches(rule, call, ioctl, target, vcpu))
			continue;
		rule->seen++;
		if (rule->seen < rule->nth)
			continue;
		rule->taken++;
		if (!rule->and_later)
			rule->spent = true;
		return rule;
	}
	return NULL;
}

static int inject_errno(enum inject_call call, unsigned int ioctl,
			enum kvm_inject_target target, struct kvm_vcpu *vcpu)
{
	struct inject_rule *rule;
	int err = 0;

	if (!atomic_load_explicit(&have_rules, memory_order_relaxed))
		return 0;
	pthread_mutex_lock(&inject_lock);
	rule = take(call, ioctl, target, vcpu, false);
	if (rule)
		err = rule->err;
	pthread_mutex_unlock(&inject_lock);
	/* A KVM_RUN ended by a signal says so in kvm_run, as the kernel's does. */
	if (err == EINTR && call == CALL_IOCTL && ioctl == KVM_RUN && vcpu)
		vcpu->run->exit_reason = KVM_EXIT_INTR;
	return -err;
}

int kvm_inject_open(void)
{
	pthread_once(&env_once, read_env);
	if (env_err)
		return -env_err;
	return inject_errno(CALL_OPEN, 0, INJECT_SYS, NULL);
}

int kvm_inject_ioctl(enum kvm_inject_target target, struct kvm_vcpu *vcpu, unsigned int ioctl)
{
	return inject_errno(CALL_IOCTL, ioctl, target, vcpu);
}

int kvm_inject_mmap(enum kvm_inject_target target, struct kvm_vcpu *vcpu)
{
	return inject_errno(CALL_MMAP, 0, target, vcpu);
}

bool kvm_inject_run_exit(struct kvm_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	struct inject_rule *rule;
	bool taken = false;

	if (!atomic_load_explicit(&have_rules, memory_order_relaxed))
		return false;
	pthread_mutex_lock(&inject_lock);
	rule = take(CALL_IOCTL, KVM_RUN, INJECT_VCPU, vcpu, true);
	if (rule) {
		run->exit_reason = rule->exit->exit_reason;
		run->flags = 0;
		memcpy(run->padding, rule->exit->padding, sizeof(run->padding));
		taken = true;
	}
	pthread_mutex_unlock(&inject_lock);
	return taken;
}
