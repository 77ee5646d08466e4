#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/, workloads-cdk/ to workloads-cdk/dist/ and the sandbox package
// (packages/aws-sandbox/src/) to packages/aws-sandbox/dist/, file by file
// (esbuild, no bundling), in about a second. Types are checked by `npm run typecheck` (tsc), which
// `npm test` and CI run; a transpile-only build keeps `npm run demo` fast on a fresh machine, where a
// full tsc emit spends ~20 s parsing the AWS SDK's and CDK's declarations.
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every .ts/.tsx file under dir, skipping declarations, build output and dependencies. */
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['dist', 'node_modules', 'cdk.out'].includes(entry.name) ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const projects = [
  { from: join(root, 'src'), to: join(root, 'dist') },
  { from: join(root, 'workloads-cdk'), to: join(root, 'workloads-cdk', 'dist') },
  { from: join(root, 'packages', 'aws-sandbox', 'src'), to: join(root, 'packages', 'aws-sandbox', 'dist') },
];

for (const { from, to } of projects) {
  rmSync(to, { recursive: true, force: true });
  await build({
    entryPoints: sources(from),
    outdir: to,
    outbase: from,
    bundle: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    sourcemap: true,
    logLevel: 'warning',
  });
  if (process.env.AWSARCH_BUILD_VERBOSE)
    process.stdout.write(`built ${relative(root, from)} -> ${relative(root, to)}\n`);
}
