// zod/mini keeps Lambda bundles small (about 25 KB instead of ~450 KB for the classic API); the English
// locale gives readable validation messages. Workload modules import zod from here as a namespace
// (`import * as z from '.../zod.js'`): re-exporting with `export *` keeps esbuild's tree-shaking intact.
import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());

export * from 'zod/mini';

/** Readable lines for the issues of a failed parse: "path: message". */
export function describeIssues(
  error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> },
  root = 'input',
): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || root}: ${issue.message}`);
}
