import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';

/** The Lambda runtime of every workload function; its AWS SDK v3 is why `@aws-sdk/*` stays out of the bundles. */
export const WORKLOAD_RUNTIME = lambda.Runtime.NODEJS_22_X;

export interface BundledFunctionProps {
  /** The handler module, e.g. new URL('../handlers/ride.js', import.meta.url); its .ts twin is used when running from source. */
  readonly entry: URL;
  readonly description: string;
  readonly environment?: Record<string, string>;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly reservedConcurrentExecutions?: number;
}

/**
 * A Lambda function whose code is bundled at synth time with esbuild, locally: no Docker, no network.
 * The bundle is one ESM file (index.mjs) with the AWS SDK left to the runtime, as NodejsFunction does.
 */
export class BundledFunction extends Construct {
  readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id);
    const bundleDir = mkdtempSync(join(tmpdir(), 'awsarch-bundle-'));
    try {
      bundleHandler(resolveHandlerEntry(props.entry), join(bundleDir, 'index.mjs'));
      this.function = new lambda.Function(this, 'Function', {
        runtime: WORKLOAD_RUNTIME,
        architecture: lambda.Architecture.ARM_64,
        handler: 'index.handler',
        // The asset is copied into the cloud assembly here, so the temporary bundle can go afterwards.
        code: lambda.Code.fromAsset(bundleDir),
        description: props.description,
        memorySize: props.memorySize ?? 256,
        timeout: props.timeout ?? Duration.seconds(15),
        reservedConcurrentExecutions: props.reservedConcurrentExecutions,
        environment: props.environment,
        logGroup: new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH }),
        tracing: lambda.Tracing.ACTIVE,
      });
    } finally {
      rmSync(bundleDir, { recursive: true, force: true });
    }
  }
}

/** The compiled .js module when it exists (the CLI runs compiled code), else the .ts source (tests run sources). */
export function resolveHandlerEntry(entry: URL): string {
  const path = fileURLToPath(entry);
  if (existsSync(path)) return path;
  const source = path.replace(/\.js$/, '.ts');
  if (existsSync(source)) return source;
  throw new Error(`Lambda handler not found: ${path} (nor ${source})`);
}

/** Bundles one handler into a single deterministic ESM file (minified, names kept for stack traces). */
export function bundleHandler(entry: string, outfile: string): void {
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    external: ['@aws-sdk/*'],
    minify: true,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'silent',
    // Some dependencies still call require(); give ESM bundles one.
    banner: {
      js: "import { createRequire as __awsarchCreateRequire } from 'node:module'; const require = __awsarchCreateRequire(import.meta.url);",
    },
  });
}
