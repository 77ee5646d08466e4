import { readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { moduleSpecifiers } from './fixtures/module-specifiers.js';

// The sandbox is an independent oracle (ARCHITECTURE.md): nothing in this package may load awsarch's code,
// so a bug in awsarch cannot be mirrored here. ESLint checks the same (boundaries/sandbox-self-contained);
// this test keeps the rule even if the lint configuration changes.

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['dist', 'node_modules'].includes(entry.name) ? [] : sourceFiles(path);
    return /\.(ts|tsx|mts|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

/** True when a specifier in file loads something outside the package. */
function leavesPackage(file: string, specifier: string): boolean {
  if (isAbsolute(specifier)) return true;
  if (specifier.startsWith('.')) return !resolve(dirname(file), specifier).startsWith(PACKAGE_DIR + sep);
  return specifier === 'awsarch' || specifier.startsWith('awsarch/') || specifier.startsWith('#');
}

describe('the sandbox package', () => {
  it('finds the modules a file loads, however it loads them', () => {
    // A text file, so that the scan below does not find these samples.
    const text = readFileSync(join(PACKAGE_DIR, 'test', 'fixtures', 'leaving-imports.txt'), 'utf8');
    expect(moduleSpecifiers(text)).toEqual([
      '../../../src/core/cidr.js',
      '../../src/scps/simulate.js',
      './c.js',
      '#workloads/orders/index.js',
      '../../../src/hybrid/route-selection.js',
      'awsarch/dist/cli.js',
    ]);
    const file = join(PACKAGE_DIR, 'src', 'services', 'ec2', 'vpcs.ts');
    expect(leavesPackage(file, '../../../../../src/core/cidr.js')).toBe(true);
    expect(leavesPackage(file, '../../../../other-package/index.js')).toBe(true);
    expect(leavesPackage(file, '../../../test/helpers.js')).toBe(false);
    expect(leavesPackage(file, '../../errors.js')).toBe(false);
    expect(leavesPackage(file, '#workloads/orders/index.js')).toBe(true);
    expect(leavesPackage(file, 'yaml')).toBe(false);
  });

  it('imports nothing from outside packages/aws-sandbox (no awsarch source, build or package)', () => {
    const files = sourceFiles(PACKAGE_DIR);
    expect(files.length).toBeGreaterThan(100);
    const leaving = files.flatMap((file) =>
      moduleSpecifiers(readFileSync(file, 'utf8'))
        .filter((specifier) => leavesPackage(file, specifier))
        .map((specifier) => `${relative(PACKAGE_DIR, file)}: ${specifier}`),
    );
    expect(leaving).toEqual([]);
  });
});
