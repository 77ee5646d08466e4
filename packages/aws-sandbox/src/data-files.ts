import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

let dataDir: string | undefined;

/**
 * The package's data/ directory (AWS managed policy documents, models): beside src/ and dist/ in the package; a
 * sandbox bundled into one file elsewhere (a test's child process) finds it from the working directory.
 */
export function packageDataPath(...parts: string[]): string {
  dataDir ??= [
    fileURLToPath(new URL('../data', import.meta.url)),
    join(process.cwd(), 'packages', 'aws-sandbox', 'data'),
  ].find((candidate) => existsSync(candidate));
  if (!dataDir) throw new Error('the awsarch sandbox cannot find its data directory (packages/aws-sandbox/data)');
  return join(dataDir, ...parts);
}
