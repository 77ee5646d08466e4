#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/, workloads-cdk/ to workloads-cdk/dist/ and the sandbox package
// (packages/aws-sandbox/src/) to packages/aws-sandbox/dist/, file by file (esbuild, no bundling), then
// bundles the CLI for bin/awsarch into dist/bin/ with code splitting: the entry holds what every command
// needs (argument parsing, output), each command's code is a chunk loaded when that command runs, and the
// sandbox's worker thread is an entry of its own. All in a few seconds. Types are checked by
// `npm run typecheck` (tsc), which `npm test` and CI run; a transpile-only build keeps `npm run demo` fast
// on a fresh machine, where a full tsc emit spends ~20 s parsing the AWS SDK's and CDK's declarations.
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
    // 20.10: the first Node 20 that reads import attributes (`with { type: 'json' }`), which esbuild drops below it.
    target: 'node20.10',
    jsx: 'automatic',
    sourcemap: true,
    logLevel: 'warning',
  });
  if (process.env.AWSARCH_BUILD_VERBOSE)
    process.stdout.write(`built ${relative(root, from)} -> ${relative(root, to)}\n`);
}

/**
 * Packages that stay in node_modules, loaded by Node as they are: they read files next to themselves (the
 * CDK, the IAM reference data), ink and React must be one instance, and the CDK toolkit is large and only
 * deploy/synth need it. Everything else - the AWS SDK, commander, yaml, zod - is bundled: a command loads a
 * few files instead of hundreds. The sandbox package is bundled from its source.
 */
const EXTERNAL_PACKAGES = [
  /^aws-cdk-lib(\/|$)/,
  /^@aws-cdk\//,
  /^constructs$/,
  /^ink(\/|$)/,
  /^react(\/|$)/,
  /^@cloud-copilot\//,
];
const bundlePlan = {
  name: 'bundle-plan',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@awsarch\/aws-sandbox$/ }, () => ({
      path: join(root, 'packages', 'aws-sandbox', 'src', 'index.ts'),
    }));
    pluginBuild.onResolve({ filter: /^#workloads\// }, (args) => ({ path: args.path, external: true }));
    pluginBuild.onResolve({ filter: /^@?[a-z0-9]/ }, (args) =>
      EXTERNAL_PACKAGES.some((pattern) => pattern.test(args.path)) ? { path: args.path, external: true } : undefined,
    );
  },
};

// Every output sits directly in dist/bin/, as deep as dist/<folder>/ files, so paths such as
// new URL('../../templates/', import.meta.url) resolve the same in both builds.
await build({
  entryPoints: {
    cli: join(root, 'src', 'cli.ts'),
    'sandbox-thread': join(root, 'packages', 'aws-sandbox', 'src', 'thread', 'sandbox-thread.ts'),
  },
  outdir: join(root, 'dist', 'bin'),
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The SDK's ES module builds: a dynamic import() of a CommonJS build would only have a default export.
  mainFields: ['module', 'main'],
  jsx: 'automatic',
  sourcemap: true,
  // CommonJS dependencies call require() for Node's modules; an ES module has none of its own.
  banner: {
    js: "import { createRequire as __awsarchRequire } from 'node:module'; const require = __awsarchRequire(import.meta.url);",
  },
  plugins: [bundlePlan],
  logLevel: 'warning',
});
if (process.env.AWSARCH_BUILD_VERBOSE) process.stdout.write('bundled src/cli.ts -> dist/bin/\n');
