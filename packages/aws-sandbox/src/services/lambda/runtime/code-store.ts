import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, symlink, writeFile, readlink, unlink } from 'node:fs/promises';
import nodeModule from 'node:module';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { readZipEntries } from './zip-archive.js';
import { PRIVATE_DIR, PRIVATE_FILE } from '../../../private-files.js';

/** Where a function's code is: the deployment package in the S3 object store, or inline text. */
export interface CodeSource {
  readonly sha256: string;
  readonly inlineCode?: string;
}

/**
 * Unpacks deployment packages under stateDir/lambda/code/SHA256/, once per package (a package is
 * content-addressed, so every process and every function using it shares the directory). Beside them,
 * node_modules/@aws-sdk links to the AWS SDK for JavaScript v3 this package depends on: the Node.js
 * runtime provides the SDK to function code, which is why bundles leave `@aws-sdk/*` out, and nothing
 * else is provided (a bundle that leaves out another package fails here as it would on Lambda).
 */
export class CodeStore {
  private readonly root: string;
  private sdkLinked: Promise<void> | undefined;
  private readonly unpacking = new Map<string, Promise<string>>();

  constructor(private readonly stateDir: string) {
    this.root = join(stateDir, 'lambda', 'code');
  }

  /** The directory holding the function's unpacked code. */
  async directoryFor(source: CodeSource): Promise<string> {
    this.sdkLinked ??= this.linkSdk();
    await this.sdkLinked;
    const existing = this.unpacking.get(source.sha256);
    if (existing) return existing;
    const unpacking = this.unpack(source).finally(() => this.unpacking.delete(source.sha256));
    this.unpacking.set(source.sha256, unpacking);
    return unpacking;
  }

  private async unpack(source: CodeSource): Promise<string> {
    const target = join(this.root, source.sha256);
    if (existsSync(join(target, '.unpacked'))) return target;
    const staging = join(this.root, `.${source.sha256}.${process.pid}.${randomUUID()}`);
    await mkdir(staging, { recursive: true, mode: PRIVATE_DIR });
    try {
      if (source.inlineCode !== undefined) {
        await writeFile(join(staging, 'index.js'), source.inlineCode, { mode: PRIVATE_FILE });
      } else {
        const archive = await readFile(join(this.stateDir, 's3-objects', source.sha256));
        for (const entry of readZipEntries(archive)) {
          const path = join(staging, entry.name);
          await mkdir(dirname(path), { recursive: true, mode: PRIVATE_DIR });
          await writeFile(path, entry.data, { mode: PRIVATE_FILE });
        }
      }
      await writeFile(join(staging, '.unpacked'), '', { mode: PRIVATE_FILE });
      await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
        // Another process unpacked the same package first: use theirs.
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    return target;
  }

  private async linkSdk(): Promise<void> {
    const modules = join(this.root, 'node_modules');
    await mkdir(modules, { recursive: true, mode: PRIVATE_DIR });
    const link = join(modules, '@aws-sdk');
    const target = sdkScopeDirectory();
    const current = await readlink(link).catch(() => undefined);
    if (current === target) return;
    const temporary = `${link}.${process.pid}.${randomUUID()}`;
    await symlink(target, temporary, 'dir');
    await rename(temporary, link).catch(async (error: unknown) => {
      await unlink(temporary).catch(() => undefined);
      throw error;
    });
  }
}

/** The node_modules/@aws-sdk directory the sandbox's own SDK dependencies resolve to. */
function sdkScopeDirectory(): string {
  const probe = '@aws-sdk/client-dynamodb/package.json';
  let manifest: string;
  try {
    manifest = nodeModule.createRequire(import.meta.url).resolve(probe);
  } catch {
    manifest = nodeModule.createRequire(join(process.cwd(), 'package.json')).resolve(probe);
  }
  return dirname(dirname(manifest));
}
