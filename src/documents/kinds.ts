/**
 * Every JSON document awsarch prints, by kind, with the version of its schema (schemas/<kind>.schema.json).
 * Within a version a document only gains fields; a breaking change bumps the version (and the CHANGELOG says so).
 * Kept free of zod so that printing a document loads no schema code.
 */
export const DOCUMENT_VERSIONS = {
  'org-init': 1,
  'org-show': 1,
  'account-create': 1,
  'account-create-batch': 1,
  'account-list': 1,
  'account-show': 1,
  'account-move': 1,
  'account-close': 1,
  'scp-list': 1,
  'scp-render': 1,
  'scp-validate': 1,
  'scp-diff': 1,
  'scp-apply': 1,
  'scp-test': 1,
  'scp-test-cases': 1,
  'baseline-apply': 2,
  'baseline-status': 2,
  'landing-zone-plan': 1,
  'landing-zone-apply': 1,
  compliance: 1,
  'compliance-frame': 1,
  'compliance-watch': 1,
  'hybrid-status': 2,
  'hybrid-status-frame': 2,
  'hybrid-status-watch': 1,
  'hybrid-failover-test': 1,
  'hybrid-failover-test-frame': 1,
  'hybrid-alarms-apply': 1,
  'hybrid-alarms-status': 1,
  'workloads-list': 1,
  'workloads-url': 1,
  'workloads-status': 1,
  'load-ride-sharing': 1,
  'load-orders': 1,
  synth: 1,
  deploy: 1,
  'replay-ride-sharing': 1,
  'replay-status': 1,
  'replay-cancel': 1,
  'replay-list': 1,
  'replay-orders': 1,
  'sandbox-start': 1,
  'sandbox-seed': 1,
  'sandbox-fault': 1,
  'sandbox-dump': 1,
  'sandbox-reset': 1,
  completion: 1,
  doctor: 1,
  error: 1,
  event: 2,
} as const satisfies Record<string, number>;

export type DocumentKind = keyof typeof DOCUMENT_VERSIONS;

export const DOCUMENT_KINDS = Object.keys(DOCUMENT_VERSIONS) as DocumentKind[];

export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === 'string' && Object.hasOwn(DOCUMENT_VERSIONS, value);
}

/**
 * Schemas of files awsarch reads (not documents it prints), shipped in schemas/ too so that editors complete
 * and check them: the landing-zone file (`# yaml-language-server: $schema=...`).
 */
export const FILE_FORMAT_SCHEMA_FILES = ['landing-zone.schema.json'] as const;
