import type { SandboxOptions } from '../options.js';

/** What a sandbox thread is started with: options that survive being copied to another thread. */
export interface ThreadStart {
  readonly options: Omit<SandboxOptions, 'now'>;
}

export type ThreadRequest = { readonly type: 'close' };

export type ThreadReply =
  | { readonly type: 'ready'; readonly endpoint: string; readonly port: number; readonly stateDir: string }
  | { readonly type: 'closed'; readonly requests: number }
  | { readonly type: 'failed'; readonly name: string; readonly message: string; readonly code?: string };
