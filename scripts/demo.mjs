#!/usr/bin/env node
// `npm run demo`: the main job of awsarch on a fresh local sandbox, as a new user would type it.
// Each step runs the real binary; the sandbox lives inside each awsarch process and shares its state
// through .awsarch/demo. For the workloads, a sandbox server runs in the background (awsarch sandbox
// start), so their functions, streams and retries go on between commands; it is stopped at the end (and
// when the demo fails or is interrupted), so nothing keeps running afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = process.env.AWSARCH_DEMO_DIR ?? join(root, '.awsarch', 'demo');
const landingZone = 'templates/landing-zone.yaml';
const planFile = relative(root, join(stateDir, 'plan.json'));

/** The demo, step by step; later features add their steps here. */
const steps = [
  {
    title: 'Plan the landing zone of one file against an empty sandbox: OUs, accounts, SCPs, baselines, network',
    args: ['plan', '-f', landingZone],
  },
  {
    title: 'Apply it: organization, OUs, six accounts, transit gateway and log bucket, SCPs, then every baseline',
    args: ['--yes', 'apply', '-f', landingZone],
  },
  {
    title: 'Plan again: AWS matches the file, nothing to change (exit 0 with --detailed-exitcode)',
    args: ['plan', '-f', landingZone, '--detailed-exitcode'],
  },
  { title: 'Show the organization', args: ['org', 'show'] },
  {
    title: 'Someone moves Dev into Workloads/Prod outside the landing zone',
    args: ['--yes', 'account', 'move', 'Dev', '--ou', 'Workloads/Prod'],
  },
  {
    title: 'The plan shows the drift, saved for review (exit 3: changes pending)',
    args: ['plan', '-f', landingZone, '--out', planFile, '--detailed-exitcode'],
    allowExit: [3],
  },
  { title: 'Apply exactly the saved plan: Dev goes back', args: ['--yes', 'apply', planFile] },
  {
    title: 'Validate the six bundled SCPs offline (grammar, size quota, every action exists)',
    args: ['scp', 'validate'],
  },
  {
    title: 'Prove the guardrails: the bundled test cases',
    args: ['scp', 'test', '--file', 'templates/scps/cases.yaml'],
  },
  {
    title: 'Why may Dev not leave the organization?',
    args: [
      'scp',
      'test',
      '--account',
      'Dev',
      '--action',
      'organizations:LeaveOrganization',
      '--principal',
      'OrganizationAccountAccessRole',
    ],
  },
  {
    title: "Dev's administrator tries it for real: the sandbox enforces the SCP",
    script: 'scripts/demo-denied-call.mjs',
  },
  {
    title:
      'Seed the hybrid estate into Shared Services: Direct Connect, VPN backup, hybrid DNS, a File Gateway, an AD Connector',
    args: ['sandbox', 'seed', 'hybrid'],
  },
  {
    title: 'Hybrid status: traffic on Direct Connect; Storage Gateway, AD Connector and its DNS servers healthy',
    args: ['hybrid', 'status', '--account', 'Shared Services'],
  },
  {
    title:
      'CloudWatch alarms on every connection, BGP session, tunnel, Resolver endpoint and gateway, to one SNS topic',
    args: [
      'hybrid',
      'alarms',
      'apply',
      '--account',
      'Shared Services',
      '--notify',
      'network-oncall@example.com',
      '--yes',
    ],
  },
  {
    title:
      'BGP failover test on both transit VIFs for one (sandbox) minute: traffic moves to the VPN, the BGP alarms fire, then all comes back',
    args: [
      'hybrid',
      'failover-test',
      '--account',
      'Shared Services',
      '--vif',
      'corp-transit-eqdc2',
      '--vif',
      'corp-transit-csva1',
      '--duration',
      '1',
      '--wait',
      '--interval',
      '500ms',
      '--yes',
    ],
  },
  {
    title: 'The alarms after the test: all OK again',
    args: ['hybrid', 'alarms', 'status', '--account', 'Shared Services'],
  },
  { title: 'The bundled CDK workloads', args: ['workloads', 'list'] },
  {
    title: 'Synthesize the ride-sharing workload offline (Lambda code bundled with esbuild)',
    args: ['synth', 'ride-sharing'],
  },
  {
    title: 'Bootstrap the Dev account and deploy the orders workload there (recorded by the sandbox)',
    args: ['--yes', 'deploy', 'orders', '--account', 'Dev', '--bootstrap'],
  },
  {
    title: 'Vend one more account with the baseline as its last step',
    args: [
      'account',
      'create',
      '--name',
      'Sandbox',
      '--email',
      'aws+sandbox@example.com',
      '--ou',
      'Workloads/NonProd',
      '--baseline',
      'default',
    ],
  },
  {
    title:
      "The hybrid seed's Resolver rule is new: baseline apply shares it through RAM and associates it with every baselined VPC",
    args: ['baseline', 'apply', '--all'],
  },
  { title: 'The baseline status of every account', args: ['baseline', 'status', '--all', '--detailed-exitcode'] },
  {
    title:
      'Hybrid status of the whole estate: DNS in every account (each baselined VPC must use the shared corp.example.com rule) and the network lint',
    args: ['hybrid', 'status', '--account', 'Shared Services'],
  },
  {
    title: "A developer in Dev tries to stop the baseline's CloudTrail trail: PreventSecurityChanges denies it",
    script: 'scripts/demo-guardrail-trail.mjs',
  },
  {
    title:
      'A week in the life of the landing zone: Security Hub controls, Config rules, GuardDuty findings, a stopped trail',
    args: ['sandbox', 'seed', 'compliance'],
  },
  {
    title:
      'Compliance of every account from the Config aggregator and the administrators, worst items first (exit 4: high findings)',
    args: ['compliance', '--all', '-f', 'templates/landing-zone.yaml', '--fail-on', 'high', '--detailed-exitcode'],
    allowExit: [4],
  },
  {
    title:
      "Start a sandbox server in the background: the workloads' functions, streams and retries keep running between commands",
    startSandbox: true,
  },
  {
    title:
      'Orders in Dev: 150 orders written to the event store; its stream feeds the projector, which builds the read models',
    args: ['sandbox', 'seed', 'orders', '--account', 'Dev', '--count', '150'],
  },
  {
    title: 'Commands through the orders HTTP API (served on 127.0.0.1), read back from the read models',
    args: ['load', 'orders', '--account', 'Dev', '--rate', '10', '--duration', '4s'],
  },
  {
    title: 'The projector starts failing: every invocation errors',
    args: ['sandbox', 'fault', 'function-errors', 'Projector'],
  },
  {
    title:
      "More commands: accepted, but their stream batches are retried, then sent to the projector's DLQ (exit 1: lost)",
    args: ['load', 'orders', '--account', 'Dev', '--rate', '5', '--duration', '2s', '--settle', '6s'],
    expectExit: 1,
  },
  {
    title: "The orders workload: the projector's mapping gave up on those batches; they wait in its DLQ",
    args: ['workloads', 'status', 'orders', '--account', 'Dev'],
  },
  { title: 'The projector is fixed', args: ['sandbox', 'fault', 'function-restore'] },
  {
    title:
      'Rebuild every orders read model in place: a parallel scan of the event store, only the missing rows written (idempotent by version)',
    args: ['replay', 'orders', '--all', '--account', 'Dev'],
  },
  {
    title:
      'Rebuild daily totals into a new table (tagged as RequireTags wants) and switch the stack to it once complete',
    args: [
      'replay',
      'orders',
      '--projection',
      'daily-totals',
      '--to-table',
      'orders-daily-totals-v2',
      '--tag',
      'owner=orders-team',
      '--tag',
      'cost-center=cc-1234',
      '--account',
      'Dev',
    ],
  },
  {
    title: 'Deploy the ride-sharing workload into Dev: its bus, archive, rules and six service functions',
    args: ['--yes', 'deploy', 'ride-sharing', '--account', 'Dev'],
  },
  {
    title:
      'Rides through the six services: drivers online, requests, offers, acceptance, payment, analytics, fraud checks',
    args: ['sandbox', 'seed', 'ride-sharing', '--account', 'Dev', '--count', '12'],
  },
  {
    title:
      'Replay the last 30 minutes of the archive into every rule: each service runs again for its events, and no table changes',
    script: 'scripts/demo-replay-idempotency.mjs',
  },
  {
    title: "Load on the bus: events to four consumers each, measured from publish to each consumer's effect",
    args: ['load', 'ride-sharing', '--account', 'Dev', '--rate', '10', '--duration', '4s'],
  },
  { title: 'The replays of the Dev account', args: ['replay', 'list', '--account', 'Dev'] },
];

// CloudFormation resources complete at once in the demo: the CDK toolkit polls a bootstrap stack only every
// 5 s, so the sandbox's default 20 ms per resource would cost the demo a whole poll.
// A replay spends 5 ms on each minute of its window (AWS takes far longer), so six hours replay in about 2 s.
// A minute of retry waiting (Lambda's asynchronous retries, stream batch retries) lasts 250 ms: short retries,
// while Lambda's 6-hour maximum event age stays at 90 s, longer than an event waits for a function on a busy machine.
// A BGP failover test minute lasts 2 s, long enough for the alarms (5 metric minutes of 50 ms) to fire during it.
const env = {
  AWSARCH_SANDBOX_CFN_RESOURCE_MS: '0',
  AWSARCH_SANDBOX_REPLAY_MINUTE_MS: '5',
  AWSARCH_SANDBOX_RETRY_MINUTE_MS: '250',
  AWSARCH_SANDBOX_FAILOVER_MINUTE_MS: '2000',
  ...process.env,
  AWSARCH_SANDBOX_DIR: stateDir,
  AWSARCH_JOURNAL_DIR: join(stateDir, 'runs'),
};
rmSync(stateDir, { recursive: true, force: true });
const started = Date.now();
const timings = [];
let server;
/** The background sandbox (`awsarch sandbox start`): stopped at the end, and if the demo fails or is interrupted. */
const stopServer = () => {
  if (server && server.exitCode === null) server.kill('SIGINT');
};
process.on('exit', stopServer);
process.on('SIGINT', () => {
  stopServer();
  process.exit(130);
});
for (const [index, step] of steps.entries()) {
  const command = step.startSandbox
    ? 'awsarch sandbox start --port 0 &'
    : step.script
      ? `node ${step.script}`
      : `awsarch --sandbox ${step.args.join(' ')}`;
  process.stdout.write(`\n\u001b[1m[${index + 1}/${steps.length}] ${step.title}\u001b[22m\n$ ${command}\n\n`);
  const stepStarted = Date.now();
  if (step.startSandbox) {
    server = await startBackgroundSandbox();
    timings.push([index + 1, (Date.now() - stepStarted) / 1000]);
    continue;
  }
  const argv = step.script ? [join(root, step.script)] : [join(root, 'bin', 'awsarch'), '--sandbox', ...step.args];
  const run = spawnSync(process.execPath, argv, { cwd: root, env, stdio: 'inherit' });
  timings.push([index + 1, (Date.now() - stepStarted) / 1000]);
  const expected = step.expectExit === undefined ? [0, ...(step.allowExit ?? [])] : [step.expectExit];
  if (!expected.includes(run.status)) {
    process.stderr.write(`\ndemo step ${index + 1} failed (exit ${run.status ?? run.signal})\n`);
    stopServer();
    process.exit(run.status || 1);
  }
}
if (server) {
  stopServer();
  await new Promise((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', resolve)));
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (process.env.AWSARCH_DEMO_TIMINGS)
  process.stdout.write(
    `\nstep timings (s): ${timings.map(([step, time]) => `${step}:${time.toFixed(1)}`).join(' ')}\n`,
  );
process.stdout.write(
  `\nDemo finished in ${seconds}s. The sandbox state is in ${relative(root, stateDir)}; explore it with\n` +
    `  AWSARCH_SANDBOX_DIR=${relative(root, stateDir)} bin/awsarch --sandbox account list\n`,
);

/** Starts `awsarch sandbox start --port 0` for the demo's state and waits until it serves (server.json). */
async function startBackgroundSandbox() {
  const child = spawn(process.execPath, [join(root, 'bin', 'awsarch'), 'sandbox', 'start', '--port', '0'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  });
  const deadline = Date.now() + 30_000;
  while (!existsSync(join(stateDir, 'server.json'))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      process.stderr.write(`\nthe background sandbox did not start: ${output}\n`);
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return child;
}
