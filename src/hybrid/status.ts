import { formatCidr, parseCidr } from '../core/cidr.js';
import type { CommandContext } from '../core/context.js';
import { isAwsarchError, usageError } from '../core/errors.js';
import type { LiveFrames, Outcome } from '../core/outcome.js';
import { assessHybridPath } from './assess.js';
import { healthOutcome, type HybridAssessment } from './assessment.js';
import { diffAssessments, type StatusChanges } from './changes.js';
import { collectHybridSnapshot, type CollectRequest } from './collect.js';
import { resolveNetworkAccount } from './network-account.js';
import type { HybridSnapshot } from './snapshot.js';
import { ERR } from '../core/error-codes.js';
import { MSG } from '../core/message-codes.js';

export interface StatusRequest {
  /** --account: id, e-mail or name of the account that holds the network (default: the caller's). */
  account?: string;
  /** --prefix: the on-premises prefixes to check (default: what DX and VPN propagate). */
  prefixes: readonly string[];
  /** --watch: refresh every this many milliseconds until Ctrl-C. */
  watchMs?: number;
  detailedExitCode: boolean;
  /** DNS in the organization's other accounts (default true; --no-account-dns). */
  accountDns?: boolean;
  /** For tests of pagination. */
  pageSize?: number;
}

/** The JSON of `hybrid status` (and of each --watch frame): the snapshot, its assessment, and what changed. */
export interface HybridStatusData {
  snapshot: HybridSnapshot;
  assessment: HybridAssessment;
  changes?: StatusChanges;
}

/** What `hybrid status --watch` ends with (Ctrl-C): how many refreshes, and the last assessment. */
export interface WatchSummary {
  watch: { refreshes: number; last?: HybridAssessment };
}

/** Checks --prefix values and returns them in canonical form. */
export function parsePrefixes(values: readonly string[]): string[] {
  return values.map((value) => {
    const cidr = parseCidr(value);
    if (!cidr || !value.includes('/'))
      throw usageError(
        ERR.BAD_PREFIX,
        `--prefix ${value} is not a CIDR block`,
        'give prefixes such as 10.0.0.0/8 or 2001:db8::/32',
      );
    return formatCidr(cidr);
  });
}

/** --watch re-reads DNS in every account at most this often (it costs one AssumeRole and three reads per account). */
const ACCOUNT_DNS_REFRESH_MS = 5 * 60_000;

/** Watch state carried from one refresh to the next. */
interface WatchMemory {
  previous?: HybridAssessment;
  knownPrefixes: Set<string>;
  downSince: Record<string, string>;
  /** The last read of DNS in every account, and when it was read. */
  accountDns?: { snapshot: HybridSnapshot['accountDns']; at: number };
}

function accountDnsMode(
  ctx: CommandContext,
  request: StatusRequest,
  memory: WatchMemory,
): CollectRequest['accountDns'] {
  if (request.accountDns === false) return 'skip';
  const last = memory.accountDns;
  return last && ctx.clock.now() - last.at < ACCOUNT_DNS_REFRESH_MS ? { reuse: last.snapshot } : 'read';
}

async function readStatus(
  ctx: CommandContext,
  accountId: string | undefined,
  request: StatusRequest,
  prefixes: string[],
  memory: WatchMemory,
): Promise<HybridStatusData> {
  const mode = accountDnsMode(ctx, request, memory);
  const snapshot = await collectHybridSnapshot(ctx.aws, ctx.clock, {
    accountId,
    pageSize: request.pageSize,
    accountDns: mode,
  });
  if (mode === 'read') memory.accountDns = { snapshot: snapshot.accountDns, at: ctx.clock.now() };
  const assessment = assessHybridPath(snapshot, {
    prefixes,
    knownPrefixes: [...memory.knownPrefixes],
    downSince: memory.downSince,
  });
  const changes = request.watchMs === undefined ? undefined : diffAssessments(memory.previous, assessment);
  for (const prefix of assessment.prefixes) memory.knownPrefixes.add(prefix.prefix);
  for (const component of assessment.components.filter((candidate) => candidate.kind === 'dx-vif')) {
    if (component.health === 'healthy') delete memory.downSince[component.id];
    else memory.downSince[component.id] ??= snapshot.collectedAt;
  }
  memory.previous = assessment;
  return { snapshot, assessment, changes };
}

/**
 * `hybrid status`: reads Direct Connect, VPN, transit gateway, Resolver, Storage Gateway and Directory
 * Service state and DNS in every account, assesses the path per on-premises prefix and the health of the
 * estate, and renders it. With --watch it redraws until Ctrl-C, marking changes.
 */
export async function hybridStatus(
  ctx: CommandContext,
  request: StatusRequest,
  frames: LiveFrames<HybridStatusData> = () => {},
): Promise<HybridStatusData | WatchSummary> {
  const prefixes = parsePrefixes(request.prefixes);
  const accountId = await resolveNetworkAccount(ctx, request.account);
  const memory: WatchMemory = { knownPrefixes: new Set(), downSince: {} };
  if (request.watchMs === undefined) {
    const task = ctx.io.task(`Read hybrid connectivity${accountId ? ` in ${accountId}` : ''} (${ctx.options.region})`);
    try {
      const data = await readStatus(ctx, accountId, request, prefixes, memory);
      task.succeed(`${data.snapshot.collection.calls} calls in ${data.snapshot.collection.rounds} rounds`);
      return data;
    } catch (error) {
      task.fail();
      throw error;
    }
  }
  let refreshes = 0;
  while (!ctx.signal.aborted) {
    try {
      const data = await readStatus(ctx, accountId, request, prefixes, memory);
      refreshes += 1;
      frames(data);
    } catch (error) {
      if (ctx.signal.aborted) break;
      // The first read must work; later ones may hit a passing error without ending the watch.
      if (refreshes === 0 || !isAwsarchError(error)) throw error;
      ctx.io.warn(MSG.HYBRID_WATCH_READ_FAILED, `refresh failed, retrying: ${error.message}`, { code: error.code });
    }
    try {
      await ctx.clock.sleep(request.watchMs, ctx.signal);
    } catch {
      break;
    }
  }
  return { watch: { refreshes, last: memory.previous } };
}

/** With --detailed-exitcode: degraded (4) or down (5) from the (last) assessment; else ok. */
export function hybridStatusOutcome(result: HybridStatusData | WatchSummary, detailedExitCode: boolean): Outcome {
  const status = 'watch' in result ? result.watch.last?.status : result.assessment.status;
  return detailedExitCode && status ? healthOutcome(status) : 'ok';
}
