import { z } from 'zod';
import { count, documentSchema } from './common.js';

const stateDir = z.string().describe('the sandbox state directory (absolute)');
const region = z.string();

export const sandboxStartDocument = documentSchema(
  'sandbox-start',
  { title: 'awsarch sandbox start', description: 'The sandbox server, once it is stopped (Ctrl-C).' },
  { endpoint: z.string().describe('http://127.0.0.1:PORT'), stateDir, requests: count },
);

export const sandboxSeedDocument = documentSchema(
  'sandbox-seed',
  { title: 'awsarch sandbox seed', description: 'What a seed created or found already there, one line each.' },
  { seed: z.string(), region, stateDir, created: z.array(z.string()), existing: z.array(z.string()) },
);

export const sandboxFaultDocument = documentSchema(
  'sandbox-fault',
  { title: 'awsarch sandbox fault', description: 'What a fault changed in the hybrid topology, one line each.' },
  {
    fault: z.string(),
    target: z.string().optional(),
    region,
    stateDir,
    accountId: z.string().describe('the network account the fault applies to'),
    changed: z.array(z.string()).describe('empty: it was already so'),
  },
);

export const sandboxDumpDocument = documentSchema(
  'sandbox-dump',
  {
    title: 'awsarch sandbox dump',
    description:
      "The sandbox's state as it is, for people and jq: each service's slice in the shape that service keeps it " +
      '(not a stable contract: it follows the sandbox version).',
  },
  {
    stateDir,
    revision: count.describe('the number of transactions committed to this state'),
    managementAccountId: z.string(),
    services: z
      .record(z.string(), z.unknown())
      .describe('by service name (organizations, ec2, iam, ...); one only with --service'),
  },
);

export const sandboxResetDocument = documentSchema(
  'sandbox-reset',
  { title: 'awsarch sandbox reset', description: 'The sandbox state was deleted.' },
  { stateDir, reset: z.literal(true) },
);
