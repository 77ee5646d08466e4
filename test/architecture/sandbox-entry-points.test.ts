import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { moduleSpecifiers } from '../../packages/aws-sandbox/test/fixtures/module-specifiers.js';

// awsarch reaches the sandbox only through its package name, and only from the sandbox command and the client
// factory (ESLint's boundaries/sandbox-entry-points checks the same; this keeps it if the lint config changes).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY_POINTS = ['src/commands/sandbox.ts', 'src/aws/session.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('awsarch and the sandbox package', () => {
  it('attaches the sandbox only from its command and the client factory, by package name', () => {
    const users = sourceFiles(join(ROOT, 'src')).flatMap((file) => {
      const specifiers = moduleSpecifiers(readFileSync(file, 'utf8'));
      const intoPackages = specifiers.some(
        (specifier) => specifier.startsWith('@awsarch/aws-sandbox') || specifier.includes('packages/'),
      );
      return intoPackages ? [relative(ROOT, file)] : [];
    });
    expect(users.sort()).toEqual([...ENTRY_POINTS].sort());
  });
});
