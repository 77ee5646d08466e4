/** What `synth` reports about one stack of a cloud assembly. */
export interface StackSummary {
  readonly name: string;
  readonly resourceCount: number;
  /** Resource count per CloudFormation type, most frequent first. */
  readonly resourceTypes: ReadonlyArray<{ readonly type: string; readonly count: number }>;
  readonly parameters: string[];
  readonly outputs: string[];
  readonly templateBytes: number;
  /** File assets (Lambda bundles, the template) that a deployment uploads. */
  readonly assets: number;
}

export interface AssemblyMessage {
  readonly level: 'error' | 'warning' | 'info';
  readonly stack: string;
  /** The construct path the message is attached to. */
  readonly path: string;
  readonly message: string;
}

/** The shape of a synthesized stack that the summary reads (a CloudFormationStackArtifact satisfies it). */
export interface StackArtifactLike {
  readonly stackName: string;
  readonly template: {
    Resources?: Record<string, { Type?: string }>;
    Parameters?: Record<string, unknown>;
    Outputs?: Record<string, unknown>;
  };
  readonly assets: readonly unknown[];
  readonly dependencies?: readonly unknown[];
  readonly messages: ReadonlyArray<{
    readonly level: string;
    readonly id: string;
    readonly entry: { readonly data?: unknown };
  }>;
}

/** Counts and lists what a stack contains. Pure. */
export function summarizeStack(stack: StackArtifactLike, templateBytes: number, fileAssets: number): StackSummary {
  const counts = new Map<string, number>();
  const resources = Object.values(stack.template.Resources ?? {});
  for (const resource of resources) counts.set(resource.Type ?? '?', (counts.get(resource.Type ?? '?') ?? 0) + 1);
  const resourceTypes = [...counts]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  return {
    name: stack.stackName,
    resourceCount: resources.length,
    resourceTypes,
    parameters: Object.keys(stack.template.Parameters ?? {}).filter((name) => name !== 'BootstrapVersion'),
    outputs: Object.keys(stack.template.Outputs ?? {}),
    templateBytes,
    assets: fileAssets,
  };
}

/** The stack's annotations (warnings and errors from constructs) as messages. Pure. */
export function stackMessages(stack: StackArtifactLike): AssemblyMessage[] {
  return stack.messages
    .filter((message) => ['error', 'warning', 'info'].includes(message.level))
    .map((message) => ({
      level: message.level as AssemblyMessage['level'],
      stack: stack.stackName,
      path: message.id,
      message: String(message.entry.data ?? ''),
    }));
}
