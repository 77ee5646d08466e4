// Building sandbox organizations for benchmarks with awsarch itself: org init, account create --from,
// the network seed (the shared transit gateway), and optionally baseline apply --all.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { must } from './awsarch.mjs';

/** A landing-zone file of `count` member accounts: three platform accounts, the rest spread over ten team OUs. */
export function landingZone(count) {
  const teams = Array.from({ length: 10 }, (_, i) => `Workloads/Team${String(i + 1).padStart(2, '0')}`);
  const lines = [
    'version: 1',
    'organizationalUnits:',
    '  - Security',
    '  - Infrastructure',
    ...teams.map((ou) => `  - ${ou}`),
    'accounts:',
  ];
  const platform = [
    ['Security', 'Security'],
    ['Log Archive', 'Security'],
    ['Shared Services', 'Infrastructure'],
  ];
  for (const [name, ou] of platform)
    lines.push(`  - { name: ${name}, email: bench+${name.toLowerCase().replace(/ /g, '-')}@example.com, ou: ${ou} }`);
  for (let i = 1; i <= count - platform.length; i++) {
    const number = String(i).padStart(4, '0');
    lines.push(
      `  - { name: Workload ${number}, email: bench+workload-${number}@example.com, ou: ${teams[i % teams.length]} }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Creates the organization in stateDir: returns the runs of each step (org init, vend, seed). */
export async function buildOrganization(stateDir, work, count, { vendConcurrency = 5 } = {}) {
  const file = join(work, `landing-zone-${count}.yaml`);
  writeFileSync(file, landingZone(count));
  const init = await must(['org', 'init', '--from', file], { stateDir });
  const vend = await must(['account', 'create', '--from', file, '--concurrency', String(vendConcurrency)], {
    stateDir,
  });
  const seed = await must(['sandbox', 'seed', 'network'], { stateDir, sandbox: false });
  return { init, vend, seed };
}

/** The demo organization of templates/landing-zone.yaml (6 member accounts) in stateDir. */
export async function buildDemoOrganization(stateDir) {
  await must(['org', 'init', '--from', 'templates/landing-zone.yaml'], { stateDir });
  await must(['account', 'create', '--from', 'templates/landing-zone.yaml', '--concurrency', '3'], { stateDir });
  await must(['sandbox', 'seed', 'network'], { stateDir, sandbox: false });
}

/** Every file under dir with its size, largest first. */
export function filesBySize(dir) {
  const files = [];
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push({ path: path.slice(dir.length + 1), bytes: statSync(path).size });
    }
  };
  walk(dir);
  return files.sort((a, b) => b.bytes - a.bytes);
}

export const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
