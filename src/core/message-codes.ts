import { MessageCode, MessageFamily, type MessageLevel } from './codes.js';

// The registry of message codes: what actions report through the IO host (`io.info/warn/debug`). With
// `--output json --verbose` each message is an NDJSON event on stderr with its code and data, and tests
// assert on codes and data, so a code keeps its spelling and its payload only grows. To add one: an entry
// here (the key is the code in SCREAMING_SNAKE) with its level and payload type, then
// `ctx.io.warn(MSG.X, text, data)`; tsc checks the level and the payload.

const make =
  <Level extends MessageLevel>(...levels: Level[]) =>
  <Payload = void>(code: string, description: string) =>
    MessageCode.define<Level, Payload>(code, levels, description);
const info = make('info');
const warn = make('warn');
const debug = make('debug');

/** One AWS call as the client factory reports it (--verbose). */
interface AwsCallPayload {
  service: string;
  operation: string;
  accountId?: string;
  requestId?: string;
  error?: string;
  /** When the call was made (its first attempt queued), and how long it took with its retries. */
  startedAt: string;
  ms: number;
}

export const MSG = {
  // Program-wide
  AWS_CALL: debug<AwsCallPayload>(
    'aws-call',
    'one AWS call: service, operation, account, request id, error, when it started and how long it took',
  ),
  AWS_CALL_COUNTS: debug<{
    total: number;
    reads: number;
    writes: number;
    byOperation: Record<string, number>;
    /** Attempts sent (retries included), attempts AWS throttled, the most attempts in flight at once. */
    attempts: number;
    throttled: number;
    peakInFlight: number;
  }>(
    'aws-call-counts',
    "the AWS calls this command made, reads and writes, per operation, with the scheduler's attempts and throttles",
  ),
  SANDBOX: debug('sandbox', 'which sandbox the command uses (started or reused) and where its state is'),
  STACK: debug('stack', 'the stack trace of an unexpected (internal) error'),
  CONFIRM_CHANGES: info<{ question: string; changes: string[] }>(
    'confirm-changes',
    'what a confirmation confirms (the change list), shown before its question',
  ),
  PROMPT_ANSWER: info('prompt-answer', 'the TUI: a question and the answer given, kept in the scrollback'),

  // Organization and accounts
  ORG_CONSOLIDATED_BILLING: warn(
    'org-consolidated-billing',
    'the organization has only consolidated billing, so no service control policies',
  ),
  PLAN_CREATE_ORGANIZATION: info('plan-create-organization', 'org init --dry-run: an organization would be created'),
  PLAN_CREATE_OU: info('plan-create-ou', 'org init --dry-run: an OU would be created'),

  // Baselines
  BASELINE_ACCOUNT_SKIPPED: warn<{ account: string }>(
    'baseline-account-skipped',
    'a selected account is not baselined (suspended, or the management account)',
  ),
  BASELINE_NO_ACCOUNTS: warn('baseline-no-accounts', 'no member account matches; only organization-level checks run'),

  // Service control policies
  SCP_NO_CHANGES: info('scp-no-changes', 'the SCPs are already as requested'),
  SCP_VALIDATION_WARNING: warn<{ policy: string; path: string; message: string; severity: string }>(
    'scp-validation-warning',
    'an SCP validates with a warning (the issue is in the payload)',
  ),
  SCP_DENY_ALL_ON_ROOT: warn<{ policy: string }>(
    'scp-deny-all-on-root',
    'an SCP that denies everything unconditionally goes on the root (no longer reported: refused as scp-lockout)',
  ),
  SCP_LOCKOUT_ACCEPTED: warn<{ target: string; accounts: ReadonlyArray<{ id: string; label: string }> }>(
    'scp-lockout-accepted',
    'scp apply --allow-lockout: an OU or account is locked out on purpose (names the accounts)',
  ),
  RUN_LEASE_NOT_RELEASED: warn(
    'run-lease-not-released',
    'the run lease could not be released at the end; the next run waits for it to expire',
  ),

  // Hybrid connectivity
  HYBRID_WATCH_READ_FAILED: warn<{ code: string }>(
    'hybrid-watch-read-failed',
    'hybrid status --watch: a refresh failed (error code in the payload); the watch goes on',
  ),
  COMPLIANCE_WATCH_READ_FAILED: warn<{ code: string }>(
    'compliance-watch-read-failed',
    'compliance --watch: a refresh failed (error code in the payload); the watch goes on',
  ),
  HYBRID_ALARMS_CHANGE: info<{ action: string }>(
    'hybrid-alarms-change',
    'hybrid alarms apply: one change it is about to make (the change in the payload: action, alarm, topic or dashboard)',
  ),
  FAILOVER_TEST_STOPPED: warn<{ tests: string[] }>(
    'failover-test-stopped',
    'the failover test was stopped early (Ctrl-C or an error); AWS restores BGP',
  ),

  // Workloads: synth, deploy
  SYNTH_WARNING: warn<{ stack: string; path: string; message: string; level: string }>(
    'synth-warning',
    'a warning or error annotation, or a failed validation, of a synthesized stack',
  ),
  DEPLOY_SECURITY_CHANGES: info(
    'deploy-security-changes',
    'no longer emitted: the CDK IAM table is --verbose detail (toolkit.CDK_TOOLKIT_I5060); see deploy-permission-changes',
  ),
  DEPLOY_PERMISSION_CHANGES: info<{ changes: string[] }>(
    'deploy-permission-changes',
    'the permission changes of a deployment, listed without a question (none added, or --yes)',
  ),
  BOOTSTRAP_ADMIN_EXECUTION_POLICY: warn<{ environment: string; policy: string }>(
    'bootstrap-admin-execution-policy',
    'a bootstrap gives CloudFormation AdministratorAccess because no --execution-policy was passed',
  ),
  STACK_RESOURCE_FAILED: warn<{ stack: string; logicalId?: string; status?: string; reason?: string }>(
    'stack-resource-failed',
    "a resource of a stack being deployed failed, with CloudFormation's reason",
  ),
  CDK_CONSOLE: debug('cdk-console', 'a line the CDK libraries printed with console.error'),
  TOOLKIT_STACK_EVENT: debug<{
    stack: string;
    logicalId?: string;
    type?: string;
    status?: string;
    reason?: string;
    progress: unknown;
  }>('toolkit.stack-event', 'one CloudFormation resource event of a stack being deployed'),
  /** The CDK toolkit's own messages, under their codes: `toolkit.CDK_TOOLKIT_I5000`. */
  TOOLKIT: MessageFamily.define(
    'toolkit.',
    ['info', 'warn', 'debug'],
    "a CDK toolkit message under the toolkit's code (warnings and a few infos shown, the rest for --verbose)",
  ),

  // Workloads: replay
  REPLAY_WINDOW_PARTLY_EXPIRED: warn(
    'replay-window-partly-expired',
    "the start of the replay window is past the archive's retention",
  ),
  REPLAY_WINDOW_BEFORE_ARCHIVE: warn(
    'replay-window-before-archive',
    'the replay window starts before the archive existed',
  ),
  REPLAY_WINDOW_RECENT: warn('replay-window-recent', 'the last minutes of the window may not be archived yet'),
  ARCHIVE_COUNT_UNRECONCILED: warn(
    'archive-count-unreconciled',
    'the archive reports no events yet (EventBridge reconciles counts within 24 hours)',
  ),
  REPLAY_NOT_RUNNING: warn<{ state?: string }>('replay-not-running', 'replay cancel: the replay is not running'),
  REPLAY_CANCEL_REQUESTED: make('info', 'warn')<{ replay: string }>(
    'replay-cancel-requested',
    'CancelReplay was called (a warning when it follows Ctrl-C)',
  ),
  TABLES_CREATED: info<{ tables: string[] }>('tables-created', 'replay orders: the new read-model tables were created'),
  TABLES_RECOGNISED: info<{ tables: string[] }>(
    'tables-recognised',
    'replay orders: tables this rebuild created before it was stopped (awsarch:rebuild tag) are resumed into',
  ),
  REBUILD_RESUMED: info<{ checkpoint: string }>('rebuild-resumed', 'replay orders resumes from its checkpoint'),
  // Workloads: load
  LOAD_PUBLISH_FAILED: debug<{ error: string }>(
    'load-publish-failed',
    'load ride-sharing: a PutEvents call failed (its events count as not published)',
  ),
  // The landing zone as code: plan, apply, account move
  LANDING_ZONE_PLAN: info<{ planId: string; totals: object }>(
    'landing-zone-plan',
    'apply: the compact plan shown above the confirmation',
  ),
  LANDING_ZONE_PLAN_SAVED: info<{ path: string; planId: string }>(
    'landing-zone-plan-saved',
    'plan --out: where the plan was saved',
  ),
  LANDING_ZONE_ADOPTED: info<{ key: string; description: string }>(
    'landing-zone-adopted',
    'plan --adopt: a live value written into the file',
  ),
  LANDING_ZONE_RESUME: info<{ planId: string; startedAt: string; done: number }>(
    'landing-zone-resume',
    'apply finishes a run that was interrupted (its journal says where)',
  ),
  LANDING_ZONE_NO_CHANGES: info('landing-zone-no-changes', 'apply: AWS already matches the landing-zone file'),
  VEND_HISTORY_UNREADABLE: debug(
    'vend-history-unreadable',
    "account create: the organization's creation history (for the ETA) could not be read",
  ),
  ACCOUNT_MOVE_LOSES_SCPS: warn<{ lost: string[]; gained: string[] }>(
    'account-move-loses-scps',
    'account move: the account stops inheriting these SCPs',
  ),

  // The sandbox command
  SANDBOX_STARTED: info<{ endpoint: string; stateDir: string }>('sandbox-started', 'sandbox serve: where it listens'),
  SANDBOX_USAGE: info('sandbox-usage', 'sandbox serve: how other shells reach it'),
  SANDBOX_FAULT: info<{ accountId: string; changed: string[] }>(
    'sandbox-fault',
    'sandbox fault: what the injected fault changed',
  ),

  REBUILD_INCOMPLETE: warn<{ failed: number }>(
    'rebuild-incomplete',
    'replay orders: some rows could not be rebuilt (a new table is then not switched to)',
  ),
};
