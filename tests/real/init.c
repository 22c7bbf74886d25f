/*
 * init.c - /init of the real-KVM test initrd (static aarch64 binary).
 *
 * Runs every command listed in /runlist, one per line, and frames the output
 * of each with marker lines that boot.sh parses from the serial console:
 *
 *   @@@KVMSIM:BEGIN:<n>@@@
 *   <output of command n, stdout and stderr>
 *   @@@KVMSIM:END:<n>:exit=<status>@@@      or  ...:signal=<SIGNAME>@@@
 *
 * followed by @@@KVMSIM:DONE@@@ once every command has run.  Before each
 * marker a newline is always written, so a marker is alone on its line even
 * when the command's output did not end with one; boot.sh drops exactly that
 * newline again, which keeps the captured output byte-exact.
 *
 * This process is PID 1: if it ever returned the kernel would panic and the
 * run would be indistinguishable from a real crash, so every failure is
 * reported on the console and it always ends in a power-off (or a sleep).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define MARK "@@@KVMSIM:"
#define MAX_ARGS 128
#define MAX_LINE 4096

/* Unbuffered write of a formatted message to the console. stdio buffering is
 * avoided so nothing of ours can be pending when a child writes, which would
 * reorder output around the markers. */
static void say(const char *fmt, ...)
{
	char buf[MAX_LINE + 256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	for (char *p = buf; n > 0;) {
		ssize_t w = write(STDOUT_FILENO, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= w;
	}
}

/* Wait until the UART has sent everything: a power-off right after the last
 * write could otherwise lose the tail of the console, i.e. the markers. */
static void drain(void)
{
	tcdrain(STDOUT_FILENO);
}

/* The kernel opens /dev/console for init only if the initrd contains that
 * node.  Ours does not need to (building it would need root), so open it from
 * devtmpfs when fds 0-2 were not set up. */
static void setup_console(void)
{
	int fd;

	if (fcntl(STDOUT_FILENO, F_GETFD) != -1)
		return;
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return;	/* nowhere to report anything; carry on regardless */
	for (int i = 0; i < 3; i++)
		if (fd != i)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

static void mount_one(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	/* EBUSY: already mounted (e.g. CONFIG_DEVTMPFS_MOUNT), which is fine. */
	if (mount(src, dir, type, 0, NULL) != 0 && errno != EBUSY)
		say("init: mount %s on %s: %s\n", type, dir, strerror(errno));
}

static void power_off(void)
{
	sync();
	drain();
	reboot(RB_POWER_OFF);
	/* Only reached if power-off failed; never return (see top comment). */
	say("init: reboot(RB_POWER_OFF): %s\n", strerror(errno));
	drain();
	for (;;)
		pause();
}

/* Report how command n ended: exit status or the killing signal's name. */
static void report_end(int n, int status)
{
	if (WIFEXITED(status)) {
		say("\n" MARK "END:%d:exit=%d@@@\n", n, WEXITSTATUS(status));
	} else if (WIFSIGNALED(status)) {
		const char *name = sigabbrev_np(WTERMSIG(status));

		if (name)
			say("\n" MARK "END:%d:signal=SIG%s@@@\n", n, name);
		else
			say("\n" MARK "END:%d:signal=%d@@@\n", n, WTERMSIG(status));
	} else {
		say("\n" MARK "END:%d:exit=255@@@\n", n);
	}
	drain();
}

static void run_one(int n, char *line)
{
	char *argv[MAX_ARGS + 1];
	/* The fixed environment, then the line's leading NAME=VALUE words. */
	char *envp[MAX_ARGS + 4] = { "PATH=/bin", "HOME=/", "TERM=dumb" };
	char path[MAX_LINE + 8];
	int argc = 0, envc = 3, status;
	pid_t pid;

	for (char *tok = strtok(line, " \t\r\n"); tok && argc < MAX_ARGS;
	     tok = strtok(NULL, " \t\r\n")) {
		size_t name_len = strcspn(tok, "=/");

		if (!argc && envc < MAX_ARGS + 3 && name_len && tok[name_len] == '=')
			envp[envc++] = tok;
		else
			argv[argc++] = tok;
	}
	argv[argc] = NULL;
	envp[envc] = NULL;

	say("\n" MARK "BEGIN:%d@@@\n", n);
	drain();
	if (!argc) {
		say("init: command %d: no program, only NAME=VALUE words\n", n);
		report_end(n, 127 << 8);
		return;
	}

	/* A bare name is looked up in /bin, where boot.sh puts --bin files. */
	if (strchr(argv[0], '/'))
		snprintf(path, sizeof(path), "%s", argv[0]);
	else
		snprintf(path, sizeof(path), "/bin/%s", argv[0]);

	pid = fork();
	if (pid < 0) {
		say("init: fork: %s\n", strerror(errno));
		report_end(n, 127 << 8);
		return;
	}
	if (pid == 0) {
		/* Own session: the command cannot signal init's process group,
		 * and init's default signal dispositions are restored. */
		setsid();
		signal(SIGPIPE, SIG_DFL);
		execve(path, argv, envp);
		fprintf(stderr, "init: exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			say("init: waitpid: %s\n", strerror(errno));
			status = 255 << 8;
			break;
		}
	}
	report_end(n, status);
}

int main(void)
{
	char line[MAX_LINE];
	FILE *runlist;
	int n = 0;

	mount_one("devtmpfs", "/dev", "devtmpfs");
	setup_console();
	mount_one("proc", "/proc", "proc");
	mount_one("sysfs", "/sys", "sysfs");

	/* Console log level 1: only emergencies (panics, which raise it again
	 * anyway) reach the console, so kernel chatter does not land inside a
	 * command's framed output. */
	klogctl(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, NULL, 1);
	signal(SIGPIPE, SIG_IGN);

	/* Guest uptime at this point is the boot time of the kernel. */
	{
		char up[64] = "?";
		FILE *f = fopen("/proc/uptime", "r");

		if (f) {
			if (fscanf(f, "%63s", up) != 1)
				strcpy(up, "?");
			fclose(f);
		}
		say("\n" MARK "INIT:uptime=%s@@@\n", up);
	}

	runlist = fopen("/runlist", "re");	/* not inherited by commands */
	if (!runlist) {
		say("init: /runlist: %s\n", strerror(errno));
		power_off();
	}
	while (fgets(line, sizeof(line), runlist)) {
		if (strspn(line, " \t\r\n") == strlen(line))
			continue;	/* blank lines are not commands */
		run_one(++n, line);
	}
	fclose(runlist);

	say("\n" MARK "DONE@@@\n");
	power_off();
	return 0;
}
