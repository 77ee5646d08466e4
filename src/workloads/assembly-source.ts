import type { ICloudAssemblySource, Toolkit } from '@aws-cdk/toolkit-lib';
import type { IoHost } from '../core/io-host.js';
import type { WorkloadDefinition } from './catalog.js';
import { MSG } from '../core/message-codes.js';

export interface AssemblySourceOptions {
  readonly workload: WorkloadDefinition;
  readonly context: Record<string, string>;
  readonly outdir: string;
  /** Run aws-cdk-lib's built-in CloudFormation template validation (several seconds). */
  readonly validate: boolean;
  /** Keep the assembly after use (synth --out) or delete it (deploy). */
  readonly keepOutdir: boolean;
}

/**
 * The workload's CDK app as a toolkit assembly source, built in this process (no subprocess, no
 * network, no credentials: the stacks are environment-agnostic and need no context lookups).
 */
export async function workloadAssemblySource(
  toolkit: Toolkit,
  io: IoHost,
  options: AssemblySourceOptions,
): Promise<ICloudAssemblySource> {
  const { App } = await import('aws-cdk-lib');
  const { MemoryContext } = await import('@aws-cdk/toolkit-lib');
  return toolkit.fromAssemblyBuilder(
    async (props) => {
      const app = new App({
        outdir: props.outdir,
        // The app reports validation through validation-report.json (read by the toolkit) instead of printing it.
        context: { ...props.context, '@aws-cdk/core:failSynthOnValidationErrors': false },
        builtinCloudFormationValidation: options.validate,
      });
      await options.workload.define(app);
      return withConsoleErrorsAsDebug(io, () => app.synth());
    },
    {
      outdir: options.outdir,
      contextStore: new MemoryContext(options.context),
      resolveDefaultEnvironment: false,
      clobberEnv: false,
      lookups: false,
      disposeOutdir: !options.keepOutdir,
    },
  );
}

/**
 * Runs synchronous CDK code that may print a note with console.error (template validation does) and
 * routes those lines to the IO host instead: awsarch never writes to the terminal behind its host's back.
 */
export function withConsoleErrorsAsDebug<T>(io: IoHost, work: () => T): T {
  const original = console.error;
  console.error = (...args: unknown[]) => io.debug(MSG.CDK_CONSOLE, args.map(String).join(' '));
  try {
    return work();
  } finally {
    console.error = original;
  }
}
