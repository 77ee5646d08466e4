import { z } from 'zod';
import type { DocumentKind } from './kinds.js';
import * as accounts from './schemas/accounts.js';
import * as baselines from './schemas/baselines.js';
import * as tooling from './schemas/tooling.js';
import * as compliance from './schemas/compliance.js';
import * as hybrid from './schemas/hybrid.js';
import * as landingZone from './schemas/landing-zone.js';
import * as load from './schemas/load.js';
import * as output from './schemas/output.js';
import * as replay from './schemas/replay.js';
import * as sandbox from './schemas/sandbox.js';
import * as scps from './schemas/scps.js';
import * as workloads from './schemas/workloads.js';

/**
 * Where a document is printed: `document` is the one JSON document on stdout; `stdout-line` a line of an
 * NDJSON stream on stdout (the stream's last line is the command's document); `stderr-line` a line on stderr.
 */
export type DocumentOutput = 'document' | 'stdout-line' | 'stderr-line';

export interface DocumentEntry {
  schema: z.ZodType;
  /** The commands that print it ("scp apply"); `*` for every command. */
  commands: readonly string[];
  output: DocumentOutput;
  /** When the command prints this document rather than another (a flag, a stream's line). */
  when?: string;
}

/** Every document kind with its zod schema (the source of schemas/<kind>.schema.json) and the commands that print it. */
export const DOCUMENT_CATALOG = {
  'org-init': { schema: accounts.orgInitDocument, commands: ['org init'], output: 'document' },
  'org-show': { schema: accounts.orgShowDocument, commands: ['org show'], output: 'document' },
  'account-create': {
    schema: accounts.accountCreateDocument,
    commands: ['account create'],
    output: 'document',
    when: '--name/--email/--ou',
  },
  'account-create-batch': {
    schema: accounts.accountCreateBatchDocument,
    commands: ['account create'],
    output: 'document',
    when: '--from FILE',
  },
  'account-list': { schema: accounts.accountListDocument, commands: ['account list'], output: 'document' },
  'account-show': { schema: accounts.accountShowDocument, commands: ['account show'], output: 'document' },
  'account-move': { schema: landingZone.accountMoveDocument, commands: ['account move'], output: 'document' },
  'account-close': { schema: landingZone.accountCloseDocument, commands: ['account close'], output: 'document' },
  'scp-list': { schema: scps.scpListDocument, commands: ['scp list'], output: 'document' },
  'scp-render': { schema: scps.scpRenderDocument, commands: ['scp render'], output: 'document' },
  'scp-validate': { schema: scps.scpValidateDocument, commands: ['scp validate'], output: 'document' },
  'scp-diff': { schema: scps.scpDiffDocument, commands: ['scp diff'], output: 'document' },
  'scp-apply': { schema: scps.scpApplyDocument, commands: ['scp apply'], output: 'document' },
  'scp-test': {
    schema: scps.scpTestDocument,
    commands: ['scp test'],
    output: 'document',
    when: '--account/--action',
  },
  'scp-test-cases': {
    schema: scps.scpTestCasesDocument,
    commands: ['scp test'],
    output: 'document',
    when: '--file CASES',
  },
  'baseline-apply': { schema: baselines.baselineApplyDocument, commands: ['baseline apply'], output: 'document' },
  'baseline-status': { schema: baselines.baselineStatusDocument, commands: ['baseline status'], output: 'document' },
  compliance: {
    schema: compliance.complianceDocument,
    commands: ['compliance'],
    output: 'document',
    when: 'without --watch',
  },
  'compliance-frame': {
    schema: compliance.complianceFrameDocument,
    commands: ['compliance'],
    output: 'stdout-line',
    when: '--watch: one line per refresh',
  },
  'compliance-watch': {
    schema: compliance.complianceWatchDocument,
    commands: ['compliance'],
    output: 'stdout-line',
    when: '--watch: the last line',
  },
  'landing-zone-plan': { schema: landingZone.landingZonePlanDocument, commands: ['plan'], output: 'document' },
  'landing-zone-apply': { schema: landingZone.landingZoneApplyDocument, commands: ['apply'], output: 'document' },
  'hybrid-status': {
    schema: hybrid.hybridStatusDocument,
    commands: ['hybrid status'],
    output: 'document',
    when: 'without --watch',
  },
  'hybrid-status-frame': {
    schema: hybrid.hybridStatusFrameDocument,
    commands: ['hybrid status'],
    output: 'stdout-line',
    when: '--watch: one line per refresh',
  },
  'hybrid-status-watch': {
    schema: hybrid.hybridStatusWatchDocument,
    commands: ['hybrid status'],
    output: 'stdout-line',
    when: '--watch: the last line',
  },
  'hybrid-failover-test-frame': {
    schema: hybrid.hybridFailoverTestFrameDocument,
    commands: ['hybrid failover-test'],
    output: 'stdout-line',
    when: 'one line per change of the path',
  },
  'hybrid-failover-test': {
    schema: hybrid.hybridFailoverTestDocument,
    commands: ['hybrid failover-test'],
    output: 'stdout-line',
    when: 'the last line',
  },
  'hybrid-alarms-apply': {
    schema: hybrid.hybridAlarmsApplyDocument,
    commands: ['hybrid alarms apply'],
    output: 'document',
  },
  'hybrid-alarms-status': {
    schema: hybrid.hybridAlarmsStatusDocument,
    commands: ['hybrid alarms status'],
    output: 'document',
  },
  'workloads-list': { schema: workloads.workloadsListDocument, commands: ['workloads list'], output: 'document' },
  'workloads-url': { schema: workloads.workloadsUrlDocument, commands: ['workloads url'], output: 'document' },
  'workloads-status': { schema: workloads.workloadsStatusDocument, commands: ['workloads status'], output: 'document' },
  'load-ride-sharing': {
    schema: load.loadRideSharingDocument,
    commands: ['load'],
    output: 'document',
    when: 'load ride-sharing',
  },
  'load-orders': { schema: load.loadOrdersDocument, commands: ['load'], output: 'document', when: 'load orders' },
  synth: { schema: workloads.synthDocument, commands: ['synth'], output: 'document' },
  deploy: { schema: workloads.deployDocument, commands: ['deploy'], output: 'document' },
  'replay-ride-sharing': {
    schema: replay.replayRideSharingDocument,
    commands: ['replay ride-sharing'],
    output: 'document',
  },
  'replay-status': { schema: replay.replayStatusDocument, commands: ['replay status'], output: 'document' },
  'replay-cancel': { schema: replay.replayCancelDocument, commands: ['replay cancel'], output: 'document' },
  'replay-list': { schema: replay.replayListDocument, commands: ['replay list'], output: 'document' },
  'replay-orders': { schema: replay.replayOrdersDocument, commands: ['replay orders'], output: 'document' },
  'sandbox-start': { schema: sandbox.sandboxStartDocument, commands: ['sandbox start'], output: 'document' },
  'sandbox-seed': { schema: sandbox.sandboxSeedDocument, commands: ['sandbox seed'], output: 'document' },
  'sandbox-fault': { schema: sandbox.sandboxFaultDocument, commands: ['sandbox fault'], output: 'document' },
  'sandbox-dump': { schema: sandbox.sandboxDumpDocument, commands: ['sandbox dump'], output: 'document' },
  'sandbox-reset': { schema: sandbox.sandboxResetDocument, commands: ['sandbox reset'], output: 'document' },
  completion: { schema: tooling.completionDocument, commands: ['completion'], output: 'document' },
  doctor: { schema: tooling.doctorDocument, commands: ['doctor'], output: 'document' },
  error: { schema: output.errorDocument, commands: ['*'], output: 'document', when: 'the command failed' },
  event: { schema: output.eventDocument, commands: ['*'], output: 'stderr-line', when: '--verbose' },
} as const satisfies Record<DocumentKind, DocumentEntry>;

/** The fields of a document of this kind, as the schema describes them (readonly: documents are built, not edited). */
export type DocumentFields<K extends DocumentKind> = z.output<(typeof DOCUMENT_CATALOG)[K]['schema']>;
