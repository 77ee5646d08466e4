import { ErrorCode } from './codes.js';

// The registry of error codes. Pipelines match on `code` (`{"error":{"code":...}}` with --output json), so a
// code, once released, keeps its spelling and meaning. To add one: an entry here (the key is the code in
// SCREAMING_SNAKE), then `throw usageError(ERR.X, ...)` (bad input, exit 2) or `new AwsarchError(ERR.X, ...)`.
// `failed` codes end a command with exit 1 and `bad-input` codes with exit 2, unless the error says otherwise.

const usage = <Details = void>(code: string, description: string) =>
  ErrorCode.define<Details>(code, description, 'bad-input');
const failure = <Details = void>(code: string, description: string) =>
  ErrorCode.define<Details>(code, description, 'failed');

/** A refusal to start something risky, because it would hurt or could not work: exit 4, nothing changed. */
const refusal = (code: string, description: string) => ErrorCode.define(code, description, 'degraded');

/** What AWS said, for --verbose and pipelines (never credentials). */
interface AwsErrorDetails {
  awsError: string;
  requestId?: string;
  httpStatusCode?: number;
}

export const ERR = {
  // Program-wide
  INTERNAL: failure('internal', 'an unexpected error (a bug, or an error nothing turned into a known one)'),
  INTERRUPTED: ErrorCode.define<{ replay: string; state?: string }>(
    'interrupted',
    'Ctrl-C (exit 130); re-running the same command finishes the work (details name a replay left running)',
    'interrupted',
  ),
  INTERNAL_BUG: failure(
    'internal-bug',
    'awsarch failed in a way it did not foresee (an unhandled rejection or exception): a bug to report',
  ),
  CANCELLED: failure<{ question: string }>('cancelled', 'the user answered no to a confirmation; nothing was changed'),
  CONFIRMATION_REQUIRED: usage<{ question: string; changes: string[] }>(
    'confirmation-required',
    'a destructive step needs confirmation and there is no terminal: re-run with --yes (details list the changes)',
  ),
  BAD_USAGE: usage<{ reason: string }>(
    'bad-usage',
    'the command line does not parse: an unknown option or command, a missing argument (details say which)',
  ),
  CONFLICTING_OPTIONS: usage('conflicting-options', 'options that cannot be given together'),
  MISSING_OPTION: usage('missing-option', 'a required option is missing'),
  BAD_REGION: usage('bad-region', '--region (or AWS_REGION) is not an AWS region name'),
  BAD_ENDPOINT: usage('bad-endpoint', '--endpoint-url (or AWS_ENDPOINT_URL) is not an http(s) URL'),
  UNKNOWN_PROFILE: usage(
    'unknown-profile',
    '--profile (or AWS_PROFILE) names no profile in the shared AWS config or credentials file',
  ),
  BAD_OUTPUT: usage('bad-output', '--output is not one of auto, tui, plain, json'),
  SANDBOX_CONFLICT: usage('sandbox-conflict', '--sandbox was combined with --endpoint-url or --profile'),

  // AWS access (aws/aws-errors.ts)
  AWS_UNREACHABLE: failure('aws-unreachable', 'the AWS endpoint cannot be reached (network, --endpoint-url)'),
  AWS_TIMEOUT: failure(
    'aws-timeout',
    'no answer from the endpoint within --request-timeout, after the SDK retries (endpoint, proxy, network)',
  ),
  AWS_NOT_AWS_RESPONSE: failure<{ httpStatusCode?: number; endpoint?: string; operation?: string; requestId?: string }>(
    'aws-not-aws-response',
    'the endpoint answered with something that is not an AWS API response (an HTML page, a proxy, an empty 5xx)',
  ),
  BAD_REQUEST_TIMEOUT: usage('bad-request-timeout', '--request-timeout (or AWSARCH_REQUEST_TIMEOUT) is not a duration'),
  RUN_LEASE_HELD: failure<{ holder: unknown; parameter: string }>(
    'run-lease-held',
    'another awsarch run holds the run lease (changes the same organization) and --lease-wait passed',
  ),
  RUN_LEASE_LOST: failure(
    'run-lease-lost',
    'this run lost the run lease (could not renew it, or another run took it over) and stopped',
  ),
  AWS_CREDENTIALS: failure<AwsErrorDetails>('aws-credentials', 'AWS credentials are missing, invalid or expired'),
  AWS_ACCESS_DENIED: failure<AwsErrorDetails>(
    'aws-access-denied',
    'AWS denied a call (IAM permissions of the caller, or an SCP)',
  ),
  AWS_ERROR: failure<AwsErrorDetails>('aws-error', 'an AWS call failed with an error awsarch has no code for'),
  /** Released, no longer produced: every answer that is not an AWS API response is `aws-not-aws-response`. */
  AWS_UNEXPECTED_RESPONSE: failure<{ httpStatusCode?: number; requestId?: string }>(
    'aws-unexpected-response',
    'no longer produced (since the request timeout release): such answers are aws-not-aws-response',
  ),

  // Organization and accounts
  NO_ORGANIZATION: usage('no-organization', 'the caller is not in an organization (run `awsarch org init`)'),
  BAD_OU_PATH: usage('bad-ou-path', 'not an OU path (Workloads/Prod), OU id or root'),
  OU_TOO_DEEP: usage('ou-too-deep', 'an OU path deeper than the five levels below the root AWS allows'),
  UNKNOWN_OU: usage('unknown-ou', 'no such OU (or root) in the organization'),
  UNKNOWN_ACCOUNT: usage('unknown-account', 'no account with that id, e-mail or name in the organization'),
  AMBIGUOUS_ACCOUNT: usage('ambiguous-account', 'several accounts have that name'),
  ACCOUNT_NOT_ACTIVE: usage('account-not-active', 'the account is suspended or being closed'),
  BAD_ACCOUNT_NAME: usage('bad-account-name', 'an account name AWS does not accept'),
  BAD_EMAIL: usage('bad-email', 'an account e-mail address AWS does not accept'),
  BAD_TAG: usage('bad-tag', 'a --tag AWS does not accept (format, length, count, reserved prefix)'),
  BAD_ACCESS_ROLE: usage('bad-access-role', '--access-role is not a role name'),
  BAD_LANDING_ZONE: usage('bad-landing-zone', 'the landing-zone file is not valid'),
  NO_ACCOUNTS: usage('no-accounts', 'the landing-zone file lists no accounts'),
  DUPLICATE_EMAIL: usage('duplicate-email', 'two accounts to vend share an e-mail address'),
  EMAIL_IN_USE: usage('email-in-use', 'the e-mail address belongs to another account of the organization'),
  ACCOUNT_CREATE_FAILED: failure<{ failureReason?: string; createAccountRequestId: string }>(
    'account-create-failed',
    'AWS Organizations could not create the account (details carry its FailureReason)',
  ),
  VEND_TIMEOUT: failure<{ createAccountRequestId: string }>(
    'vend-timeout',
    'the account was still being created when --timeout ran out; a re-run resumes',
  ),
  ACCESS_MISMATCH: failure(
    'access-mismatch',
    'assuming the access role gave credentials for another account than the one vended',
  ),

  // Baselines
  BAD_BASELINE: usage('bad-baseline', 'the baseline definition is not valid'),
  UNKNOWN_BASELINE: usage('unknown-baseline', 'no bundled baseline has that name and no file has that path'),
  UNKNOWN_STEP: usage('unknown-step', '--only names a step that does not exist or is not in the baseline'),
  NO_ACCOUNTS_SELECTED: usage('no-accounts-selected', 'baseline needs --account, --ou or --all'),
  MANAGEMENT_ACCOUNT: usage('management-account', 'the management account was selected; awsarch does not baseline it'),
  BASELINE_PREREQUISITE: failure(
    'baseline-prerequisite',
    'an organization-level prerequisite of the baseline is missing (a cell error in the report)',
  ),
  BASELINE_ACCOUNT_MISSING: failure(
    'baseline-account-missing',
    'the account to baseline is not in the organization yet',
  ),
  BASELINE_FAILED: failure<{ cells: ReadonlyArray<{ step: string; state: string }> }>(
    'baseline-failed',
    'a step of the baseline of a new account failed (details carry the cells)',
  ),
  CIDR_INVENTORY: failure('cidr-inventory', "a VPC CIDR cannot be allocated without every account's VPCs"),
  CIDR_POOL_EXHAUSTED: failure('cidr-pool-exhausted', 'the CIDR pool has no free block of the VPC size left'),
  NETWORK_ZONES: failure('network-zones', 'the account is not offered the availability zones the baseline names'),
  NETWORK_NO_CIDR: failure('network-no-cidr', 'no CIDR was allocated for the VPC to create'),
  NETWORK_NO_ATTACHMENT: failure('network-no-attachment', 'there is no transit gateway attachment to accept'),
  NETWORK_NO_VPC: failure('network-no-vpc', 'there is no VPC to associate the shared Resolver rules with'),
  GUARDDUTY_UNPROCESSED: failure(
    'guardduty-unprocessed',
    'the GuardDuty administrator did not process a member account',
  ),
  GUARDDUTY_NO_ADMINISTRATOR: failure(
    'guardduty-no-administrator',
    'the delegated GuardDuty administrator has no detector in a region',
  ),
  SECURITYHUB_UNPROCESSED: failure(
    'securityhub-unprocessed',
    'the Security Hub administrator did not process a member account',
  ),
  SECURITYHUB_AGGREGATION_REGION: failure(
    'securityhub-aggregation-region',
    "the administrator aggregates Security Hub findings in another Region than the baseline's home Region",
  ),

  // Compliance
  FAIL_ON_WITHOUT_DETAILED_EXITCODE: usage(
    'fail-on-without-detailed-exitcode',
    'compliance --fail-on was given without --detailed-exitcode, which it takes effect with',
  ),

  // Service control policies
  UNKNOWN_SCP: usage('unknown-scp', 'no bundled SCP template has that name'),
  BAD_TEMPLATE: usage('bad-template', 'an SCP template is not valid'),
  BAD_JSON: usage('bad-json', 'a policy file is not valid JSON'),
  BAD_PARAM: usage('bad-param', 'an SCP template parameter is unknown or has a bad value'),
  MISSING_PARAM: usage('missing-param', 'an SCP template parameter without a default was not given'),
  BAD_SCP_LAYOUT: usage('bad-scp-layout', 'the SCP layout file (--from) is not valid'),
  DUPLICATE_POLICY: usage('duplicate-policy', 'an SCP is named twice'),
  SCP_INVALID: usage('scp-invalid', 'an SCP does not validate; nothing was changed'),
  SCP_NOT_AVAILABLE: usage('scp-not-available', 'the organization has only consolidated billing, so no SCPs'),
  UNKNOWN_TARGET: usage('unknown-target', 'no such root, OU or account to attach SCPs to'),
  AMBIGUOUS_TARGET: usage('ambiguous-target', 'a target name matches several OUs or accounts'),
  SCP_GUARDRAIL: usage<{ refusals: ReadonlyArray<{ code: string; message: string }> }>(
    'scp-guardrail',
    'the SCP plan would lock out the organization or break a quota; refused before any write',
  ),
  SCP_POLICY_MISSING: failure('scp-policy-missing', 'an SCP to attach was not created'),
  SCP_NOT_MANAGED: failure(
    'scp-not-managed',
    'an SCP of that name appeared during the apply and awsarch did not create it, so it is left alone',
  ),
  SCP_EVALUATION_FAILED: failure<{ errors: unknown }>(
    'scp-evaluation-failed',
    'the SCP simulator could not evaluate the request (bad input when the action is unknown)',
  ),
  BAD_ACTION: usage('bad-action', '--action is not SERVICE:Action'),
  UNKNOWN_ACTION: usage('unknown-action', "no such service or action in AWS's service authorization reference"),
  BAD_PRINCIPAL: usage('bad-principal', '--principal is not root, a role name or a role ARN'),
  BAD_CONTEXT: usage('bad-context', 'a --context value is not KEY=VALUE or not valid for its key'),
  BAD_CASES: usage('bad-cases', 'the SCP test cases file is not valid'),
  CASES_NEED_AWS: usage('cases-need-aws', 'the test cases name no policies, so they need the organization'),

  // Hybrid connectivity
  BAD_PREFIX: usage('bad-prefix', '--prefix is not a CIDR block'),
  MISSING_VIF: usage('missing-vif', 'hybrid failover-test needs --vif'),
  UNKNOWN_VIF: usage('unknown-vif', 'no virtual interface with that id or name'),
  AMBIGUOUS_VIF: usage('ambiguous-vif', 'several virtual interfaces have that name'),
  // The failover test's refusals end with exit 4 (degraded): the test would not be safe or meaningful.
  TEST_IN_PROGRESS: refusal('test-in-progress', 'a failover test already runs on the interface'),
  VIF_BGP_DOWN: refusal('vif-bgp-down', "the interface's BGP is not up, so it carries no traffic to fail over"),
  BACKUP_UNHEALTHY: refusal('backup-unhealthy', 'no healthy VPN can take the traffic while BGP is down'),
  NOT_ON_PRIMARY: refusal('not-on-primary', 'no on-premises prefix routes over Direct Connect, so nothing moves'),
  FAILOVER_TEST_TIMEOUT: failure('failover-test-timeout', 'the failover test did not end within --timeout'),
  BAD_NOTIFY: usage('bad-notify', 'hybrid alarms apply: --notify is not an e-mail address'),

  // Workloads: deploy, synth
  UNKNOWN_WORKLOAD: usage('unknown-workload', 'no bundled workload has that name'),
  UNKNOWN_CONTEXT: usage('unknown-context', 'a --context key the workload does not take'),
  NOT_BOOTSTRAPPED: failure('not-bootstrapped', 'the target environment is not CDK-bootstrapped (use --bootstrap)'),
  STACK_FAILED: failure<{ reasons: string[]; deploymentErrorCode?: string }>(
    'stack-failed',
    'a CloudFormation stack failed to deploy (details carry the resource errors)',
  ),
  SYNTH_FAILED: failure('synth-failed', 'the CDK app did not synthesize'),
  BAD_EXECUTION_POLICY: usage('bad-execution-policy', 'an --execution-policy that is not an IAM managed policy ARN'),
  DEPLOY_CANCELLED: failure(
    'deploy-cancelled',
    'the deployment was not confirmed (a "no"); nothing was deployed. Exit 1, like every declined prompt',
  ),
  DEPLOY_REFUSED: failure('deploy-refused', 'the CDK toolkit refused the deployment'),
  TOOLKIT_FAILED: failure('toolkit-failed', 'the CDK toolkit failed with an error awsarch has no code for'),

  // Workloads: replay
  WORKLOAD_NOT_DEPLOYED: failure('workload-not-deployed', "the workload's stack does not exist in the account"),
  WORKLOAD_OUTDATED: failure('workload-outdated', "the workload's stack lacks an output or parameter: redeploy it"),
  WORKLOAD_HAS_NO_API: usage('workload-has-no-api', 'workloads url: the workload has no HTTP API (only orders has)'),

  // Workloads: load, and the sandbox's ride-sharing traffic seed
  LOAD_NO_COMMAND_ACCEPTED: failure(
    'load-no-command-accepted',
    'load orders: the HTTP API accepted none of the commands (the workload is not deployed or not healthy)',
  ),
  SIMULATION_FAILED: failure(
    'simulation-failed',
    "sandbox seed ride-sharing: a service's function failed or refused a command of the simulated rides",
  ),
  SIMULATION_STALLED: failure(
    'simulation-stalled',
    'sandbox seed ride-sharing: a ride did not reach its next state in time (the services did not react)',
  ),
  BAD_REPLAY_TIME: usage('bad-replay-time', '--from or --to is not a time'),
  REPLAY_WINDOW_EMPTY: usage('replay-window-empty', '--from is not before --to'),
  REPLAY_WINDOW_FUTURE: usage('replay-window-future', 'the replay window reaches into the future'),
  REPLAY_CROSS_BUS: usage('replay-cross-bus', "the archive's source is not the workload's bus"),
  ARCHIVE_NOT_ENABLED: usage('archive-not-enabled', 'the archive is not ENABLED'),
  REPLAY_WINDOW_EXPIRED: usage('replay-window-expired', "the whole window is past the archive's retention"),
  ARCHIVE_EMPTY: usage('archive-empty', 'the archive holds no events'),
  UNKNOWN_ARCHIVE: usage('unknown-archive', 'no archive with that name'),
  UNKNOWN_RULE: usage('unknown-rule', 'no rule of the bus matches --rule'),
  AMBIGUOUS_RULE: usage('ambiguous-rule', '--rule matches several rules of the bus'),
  REPLAY_EXISTS: usage('replay-exists', 'a replay with that name exists'),
  UNKNOWN_REPLAY: usage('unknown-replay', 'no replay with that name'),
  REPLAY_WAIT_TIMEOUT: failure(
    'replay-wait-timeout',
    'the replay was still running when --timeout ran out; it goes on',
  ),
  PROJECTION_CONFLICT: usage('projection-conflict', '--projection and --all were both given'),
  PROJECTION_MISSING: usage('projection-missing', 'replay orders needs --projection or --all'),
  UNKNOWN_PROJECTION: usage('unknown-projection', 'no read model with that name'),
  FROM_VERSION_NEW_TABLE: usage('from-version-new-table', '--from-version cannot be combined with --to-table'),
  TO_TABLE_SHARED: usage('to-table-shared', '--to-table would hold several read models (put {projection} in it)'),
  TO_TABLE_IS_LIVE: usage('to-table-is-live', '--to-table names the table that serves the read model now'),
  TO_TABLE_EXISTS: usage('to-table-exists', '--to-table names a table that exists and is not an unfinished rebuild'),
  BAD_TABLE_NAME: usage('bad-table-name', '--to-table is not a DynamoDB table name'),
  TABLE_NOT_ACTIVE: usage('table-not-active', 'a new table did not become ACTIVE'),
  EVENT_STORE_MISSING: usage('event-store-missing', "the orders workload's event store table does not exist"),
  CHECKPOINT_MISMATCH: usage('checkpoint-mismatch', '--checkpoint holds the checkpoint of another rebuild'),
  REBUILD_UNVERIFIED: failure(
    'rebuild-unverified',
    'the new table does not hold what the rebuild wrote; it is not switched to',
  ),
  SWITCH_FAILED: failure('switch-failed', 'switching the stack to the rebuilt read models failed'),

  // The landing zone as code: plan, apply, account move/close
  LANDING_ZONE_UNREADABLE: usage('landing-zone-unreadable', 'the landing-zone file cannot be read'),
  LANDING_ZONE_INVALID: usage<{
    problems: ReadonlyArray<{ file: string; line?: number; column?: number; path: string; message: string }>;
  }>('landing-zone-invalid', 'the landing-zone file is not valid (details list every problem with its line)'),
  LANDING_ZONE_REFUSED: usage<{ refusals: ReadonlyArray<{ code: string; message: string; subject?: string }> }>(
    'landing-zone-refused',
    'a guardrail or quota refuses the plan; nothing was changed (details carry the refusals)',
  ),
  STALE_PLAN: usage<{ differences: readonly string[] }>(
    'stale-plan',
    'the organization changed since the saved plan was made; nothing was changed (details list the differences)',
  ),
  BAD_SAVED_PLAN: usage('bad-saved-plan', 'the file given to apply is not a plan saved by `awsarch plan --out`'),
  ADOPT_WHAT: usage('adopt-what', '--adopt without items and no terminal to ask which'),
  NOTHING_TO_ADOPT: usage('nothing-to-adopt', '--adopt names nothing that differs from the file'),
  LANDING_ZONE_MISSING_OU: failure('landing-zone-missing-ou', 'an OU the plan needs was not created (a failed step)'),
  LANDING_ZONE_MISSING_ACCOUNT: failure(
    'landing-zone-missing-account',
    'an account the plan needs was not created (a failed step)',
  ),
  LANDING_ZONE_MISSING_SCP: failure(
    'landing-zone-missing-scp',
    'an SCP the plan attaches is not in the file or was not created',
  ),
  LANDING_ZONE_NO_NETWORK: failure('landing-zone-no-network', 'the plan needs the network section the file lacks'),
  TRANSIT_GATEWAY_NOT_AVAILABLE: failure(
    'transit-gateway-not-available',
    'the transit gateway apply created did not become available in time',
  ),
  VEND_FAILED: failure('vend-failed', 'an account of the plan was not vended (no more specific code)'),
  ACCOUNT_IN_LANDING_ZONE: usage(
    'account-in-landing-zone',
    'account close: the landing-zone file (-f) still lists the account',
  ),
  CLOSE_QUOTA: failure('close-quota', "closing the account would exceed AWS's closing quota for 30 days"),
  CLOSE_BUSY: failure('close-busy', 'AWS is already closing 3 accounts, its limit at a time'),
  CLOSE_TIMEOUT: failure('close-timeout', 'account close --wait: the account was not SUSPENDED in time'),

  // The sandbox command
  PORT_IN_USE: usage('port-in-use', 'sandbox serve: the port on 127.0.0.1 is taken (--port 0 picks a free one)'),
  UNKNOWN_SEED: usage('unknown-seed', 'sandbox seed: no seed with that name'),
  SEED_PRECONDITION: usage('seed-precondition', 'sandbox seed: the seed needs something the sandbox lacks'),
  UNKNOWN_FAULT: usage('unknown-fault', 'sandbox fault: no fault with that name, or no such target'),
  BAD_FAULT_RATE: usage('bad-fault-rate', 'sandbox fault: --error-rate is not a share between 0 and 1'),
  UNKNOWN_SERVICE: usage('unknown-service', 'sandbox dump: no service of that name in the sandbox state'),

  // completion
  UNKNOWN_SHELL: usage('unknown-shell', 'completion: no completion script for that shell (bash, zsh or fish)'),
};

const BY_CODE = new Map<string, ErrorCode<unknown>>(
  Object.values(ERR).map((entry: ErrorCode<unknown>) => [entry.code, entry]),
);

/** The registry entry of a code carried as data (e.g. a vending result's error), if it is one. */
export function errorCodeNamed(code: string | undefined): ErrorCode<unknown> | undefined {
  return code === undefined ? undefined : BY_CODE.get(code);
}
