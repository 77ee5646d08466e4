#!/usr/bin/env node
// Issue 17 figures: `awsarch --version` (target <= 100 ms), `awsarch --help`, and what each command spends before its first
// AWS call: from spawning the process to the first call's start (the `startedAt` of the first aws-call
// event of --verbose), with the sandbox started in the command's own worker thread, and attached to a
// running `awsarch sandbox start` (no sandbox start-up: the CLI's own cost). Medians of --runs runs.
//   npm run build && node bench/startup.mjs [--runs 5]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { awsarch, median, must, probeMachine, root } from './lib/awsarch.mjs';
import { buildDemoOrganization } from './lib/organization.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const work = mkdtempSync(join(tmpdir(), 'awsarch-bench-startup-'));
const ms = (value) => `${value.toFixed(0)} ms`;

const COMMANDS = [
  ['org', 'show'],
  ['account', 'list'],
  ['scp', 'list'],
  ['baseline', 'status', '--all'],
  ['hybrid', 'status', '--account', 'Shared Services'],
];

async function firstCall(args, stateDir) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const run = await awsarch(['--output', 'json', '--verbose', ...args], { stateDir });
    const starts = run.events
      .filter((event) => event.code === 'aws-call')
      .map((event) => Date.parse(event.data.startedAt));
    if (starts.length === 0) throw new Error(`awsarch ${args.join(' ')} made no AWS call:\n${run.stderr.slice(-2000)}`);
    const sandbox = run.events.find((event) => event.code === 'sandbox');
    samples.push({
      first: Math.min(...starts) - run.spawnedAt,
      sandbox: sandbox ? Date.parse(sandbox.time) - run.spawnedAt : undefined,
      wall: run.wallMs,
    });
  }
  return {
    first: median(samples.map((sample) => sample.first)),
    sandbox: samples[0].sandbox === undefined ? undefined : median(samples.map((sample) => sample.sandbox)),
    wall: median(samples.map((sample) => sample.wall)),
  };
}

/** The CPU time (user + system, ms) of `node -e 0`, from /usr/bin/time; 0 without it. */
function nodeCpu() {
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', '%U %S', process.execPath, '-e', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', () => resolve(0));
    child.on('close', () => {
      const [user, system] = err.trim().split('\n').at(-1).split(' ').map(Number);
      resolve(((user || 0) + (system || 0)) * 1000);
    });
  });
}

let server;
try {
  const machine = probeMachine();
  console.log(`machine: ${machine.text}`);
  const versions = [];
  for (let i = 0; i < Math.max(runs, 9); i++) versions.push(await awsarch(['--version'], { sandbox: false }));
  const nodeAlone = [];
  for (let i = 0; i < Math.max(runs, 9); i++) nodeAlone.push(await nodeCpu());
  // CPU time, unlike wall time, hardly depends on how many others share the machine.
  const cpu = versions.every((run) => run.cpuMs !== undefined)
    ? `; CPU ${ms(median(versions.map((run) => run.cpuMs)))} (node -e 0: ${ms(median(nodeAlone))} CPU)`
    : '';
  console.log(
    `awsarch --version: median ${ms(median(versions.map((run) => run.wallMs)))} wall (node -e 0: ${ms(machine.nodeStartMs)})${cpu}`,
  );

  // --help loads the CLI entry and builds every command's options (no command code, no AWS).
  const helps = [];
  for (let i = 0; i < Math.max(runs, 9); i++) helps.push(await awsarch(['--help'], { sandbox: false }));
  const helpCpu = helps.every((run) => run.cpuMs !== undefined)
    ? `; CPU ${ms(median(helps.map((run) => run.cpuMs)))}`
    : '';
  console.log(`awsarch --help: median ${ms(median(helps.map((run) => run.wallMs)))} wall${helpCpu}`);

  const stateDir = join(work, 'demo');
  await buildDemoOrganization(stateDir);
  await must(['baseline', 'apply', '--all'], { stateDir });
  await must(['sandbox', 'seed', 'hybrid'], { stateDir, sandbox: false });

  console.log("\nbefore the first AWS call (medians), with the sandbox in the command's own thread:");
  for (const args of COMMANDS) {
    const { first, sandbox, wall } = await firstCall(args, stateDir);
    console.log(
      `  ${args.join(' ').padEnd(40)} first call at ${ms(first)} (sandbox ready at ${ms(sandbox ?? 0)}), done at ${ms(wall)}`,
    );
  }

  server = spawn(process.execPath, [join(root, 'bin', 'awsarch'), 'sandbox', 'start', '--port', '0'], {
    cwd: root,
    env: { ...process.env, CI: 'true', AWSARCH_SANDBOX_DIR: stateDir },
    stdio: 'ignore',
  });
  for (let i = 0; i < 200 && !existsSync(join(stateDir, 'server.json')); i++) await delay(50);
  console.log('\nthe same, attached to a running `awsarch sandbox start` (the CLI alone):');
  for (const args of COMMANDS) {
    const { first, wall } = await firstCall(args, stateDir);
    console.log(`  ${args.join(' ').padEnd(40)} first call at ${ms(first)}, done at ${ms(wall)}`);
  }
} finally {
  server?.kill('SIGINT');
  if (server) await new Promise((resolve) => server.once('exit', resolve));
  rmSync(work, { recursive: true, force: true });
}
