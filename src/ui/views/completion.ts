import type { CompletionScript } from '../../completion/script.js';
import type { HumanBlock } from '../io-host.js';

/** The script exactly as the shell reads it. */
export function completionView(result: CompletionScript): HumanBlock[] {
  return [{ kind: 'text', lines: result.script.replace(/\n$/, '').split('\n') }];
}
