// Running the real binary for benchmarks: wall time, CPU time (user + system, from /usr/bin/time when the
// machine has it), the --verbose events, and a probe of what the machine itself allows right now.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);
const CPU_MARK = '__awsarch_bench_cpu__';

const TICKS_PER_SECOND = 100; // Linux's USER_HZ, the unit of /proc/<pid>/stat's utime and stime

/**
 * The CPU time (ms, user + system) of a process's main thread so far, from /proc (Linux), or undefined. The
 * main thread runs the command and the SDK clients; on an idle machine its CPU time is the floor of the
 * wall time whatever the other threads (the sandbox's, V8's, libuv's) do on the second core.
 */
function mainThreadCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
  } catch {
    return undefined;
  }
}

/** The pid of node under /usr/bin/time (its only child), or the child itself without time. */
function nodePid(child) {
  if (!hasTime) return child.pid;
  try {
    return (
      Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]) || undefined
    );
  } catch {
    return undefined;
  }
}

/** Runs `bin/awsarch ...args` (with --sandbox unless told otherwise) in stateDir; resolves with what it did. */
export function awsarch(args, { stateDir, env = {}, sandbox = true } = {}) {
  const command = [process.execPath, join(root, 'bin', 'awsarch'), ...(sandbox ? ['--sandbox'] : []), ...args];
  const [file, ...argv] = hasTime ? [TIME, '-f', `${CPU_MARK} %U %S`, ...command] : command;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const spawnedAt = Date.now();
    const child = spawn(file, argv, {
      cwd: root,
      env: {
        ...process.env,
        CI: 'true',
        ...(stateDir ? { AWSARCH_SANDBOX_DIR: stateDir } : {}),
        AWSARCH_SANDBOX_CREATE_ACCOUNT_MS: '0',
        AWSARCH_SANDBOX_ROLE_PROPAGATION_MS: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    // Polled while the process runs: /proc forgets a thread's CPU time when the process ends.
    let mainCpuMs;
    const poll = setInterval(() => {
      const pid = nodePid(child);
      mainCpuMs = (pid && mainThreadCpuMs(pid)) ?? mainCpuMs;
    }, 20);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      const wallMs = performance.now() - started;
      const mark = stderr.split('\n').find((line) => line.startsWith(CPU_MARK));
      const cpuMs = mark
        ? mark
            .split(' ')
            .slice(1, 3)
            .reduce((sum, value) => sum + Number(value) * 1000, 0)
        : undefined;
      const events = stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
      resolve({ code, stdout, stderr, wallMs, cpuMs, mainCpuMs, events, spawnedAt });
    });
  });
}

/** Like awsarch() but fails on a non-zero exit. */
export async function must(args, options) {
  const run = await awsarch(args, options);
  if (run.code !== 0) throw new Error(`awsarch ${args.join(' ')} exited ${run.code}:\n${run.stderr.slice(-3000)}`);
  return run;
}

/** The call counts a --verbose run reported. */
export function callCounts(run) {
  return run.events.filter((event) => event.code === 'aws-call-counts').at(-1)?.data;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** "12.3 s wall, 9.8 s CPU (main thread 6.1 s)" */
export function timing(run) {
  const main = run.mainCpuMs === undefined ? '' : ` (main thread ${seconds(run.mainCpuMs)})`;
  return `${seconds(run.wallMs)} wall${run.cpuMs === undefined ? '' : `, ${seconds(run.cpuMs)} CPU${main}`}`;
}

/**
 * What the machine allows right now: cores, load, the wall time of `node -e 0` (nothing runs faster),
 * and the share of one core a busy loop gets (1.0 on an idle machine; less when others run).
 */
export function probeMachine() {
  const nodeStarts = Array.from({ length: 5 }, () => {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    return performance.now() - started;
  });
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  let spin = 0;
  while (performance.now() - wallStart < 500) spin += Math.sqrt(spin + 1);
  const cpu = process.cpuUsage(cpuStart);
  const share = (cpu.user + cpu.system) / 1000 / (performance.now() - wallStart);
  return {
    cores: cpus().length,
    load: loadavg()
      .map((value) => value.toFixed(1))
      .join(' '),
    nodeStartMs: median(nodeStarts),
    coreShare: share,
    text: `${cpus().length} cores, load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(
        ' ',
      )}; node -e 0 takes ${median(nodeStarts).toFixed(0)} ms; a busy loop gets ${(share * 100).toFixed(0)}% of a core`,
  };
}
