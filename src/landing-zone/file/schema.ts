import { z } from 'zod';
import { parseCidrBlock } from '../../core/cidr.js';

/** The landing-zone file format this awsarch reads and writes. */
export const LANDING_ZONE_FILE_VERSION = 1;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const ouPath = z
  .string()
  .trim()
  .min(1, 'an OU path is written from the root, e.g. Workloads/Prod')
  .describe('An OU path from the root, e.g. Workloads/Prod');

const tagValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const tags = z
  .record(z.string(), tagValue)
  .describe('Tags on the account (awsarch adds awsarch:managed=true to mark it as its own)');

const stepNames = z
  .array(z.string().min(1))
  .describe("Baseline steps to leave out (names of the baseline's steps, e.g. network)");

const accountBaseline = z.union([
  z.string().min(1).describe('A bundled baseline name, a baseline file, or "none"'),
  z.strictObject({
    name: z.string().min(1).describe('A bundled baseline name or a baseline file'),
    skip: stepNames.optional(),
  }),
]);

const account = z.strictObject({
  name: z.string().describe('Account name (1-50 printable ASCII characters); identifies the account in this file'),
  email: z.string().describe('Root e-mail address, unique across all of AWS'),
  ou: ouPath.describe('The OU the account lives in: an OU path listed in organizationalUnits, or root'),
  tags: tags.optional(),
  baseline: accountBaseline
    .optional()
    .describe('This account\'s baseline, overriding the one of its OU; "none" for no baseline'),
});

/** An SCP parameter: a string, or a list of strings. */
const parameterValue = z.union([z.string(), z.array(z.string())], {
  error: 'expected a string or a list of strings',
});

const scps = z.strictObject({
  parameters: z
    .record(z.string(), parameterValue)
    .optional()
    .describe('Parameters for every SCP that declares them, e.g. allowedRegions'),
  policyParameters: z
    .record(z.string(), z.record(z.string(), parameterValue))
    .optional()
    .describe('Parameters for one SCP, by its name; they win over `parameters`'),
  attachments: z
    .array(
      z.strictObject({
        target: z
          .string()
          .min(1)
          .describe('root, an OU path of this file, or the name (or 12-digit id) of an account of this file'),
        policies: z
          .array(z.string().min(1))
          .min(1)
          .describe('Bundled SCP names, SCP template or policy files (relative to this file), or FullAWSAccess'),
      }),
    )
    .describe('Every attachment of the SCPs awsarch manages: an SCP no longer named on a target is detached from it'),
});

const baselineAssignment = z.strictObject({
  ou: ouPath.describe('root, or an OU path of this file: the accounts in it and in every OU below it'),
  baseline: z.string().min(1).describe('A bundled baseline name (e.g. default) or a baseline file, or "none"'),
  skip: stepNames.optional(),
});

const accountRef = z.string().trim().min(1).describe('An account of this file by name, or "management"');

const cidr = z
  .string()
  .refine(
    (value) => parseCidrBlock(value) !== undefined,
    'expected an IPv4 CIDR block such as 10.0.0.0/8 (no host bits set)',
  );

const network = z.strictObject({
  region: z
    .string()
    .regex(REGION, 'expected a region name such as us-east-1')
    .optional()
    .describe('Where the transit gateway and the bucket live (default: the home region of the baselines)'),
  cidrPool: cidr.describe('The pool the network baseline step allocates each VPC from'),
  transitGateway: z.strictObject({
    name: z.string().trim().min(1).max(255).describe('The Name tag of the shared transit gateway'),
    owner: accountRef.describe('The account that owns the transit gateway (e.g. Shared Services)'),
    amazonSideAsn: z
      .number()
      .int()
      .refine(
        (asn) => (asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294),
        'a private ASN: 64512-65534 or 4200000000-4294967294',
      )
      .optional(),
  }),
  logArchive: z.strictObject({
    account: accountRef.describe('The account that holds the log-archive bucket (e.g. Log Archive)'),
    bucket: z
      .string()
      .trim()
      .min(3)
      .max(80)
      .describe('Bucket name; {organizationId} is replaced by the organization id'),
    keyPrefix: z.string().optional(),
  }),
});

const prune = z.strictObject({
  suspendedOu: ouPath
    .default('Suspended')
    .describe('Where `--prune` moves accounts that are no longer listed (created when needed)'),
});

/** Version 1 of the landing-zone file (templates/landing-zone.yaml). */
export const landingZoneFileSchema = z.strictObject({
  version: z.literal(LANDING_ZONE_FILE_VERSION, {
    error: `expected version: ${LANDING_ZONE_FILE_VERSION} (the landing-zone file format this awsarch reads)`,
  }),
  organizationalUnits: z.array(ouPath).default([]).describe('Every OU path, parents implied (Workloads/Prod)'),
  accounts: z.array(account).default([]),
  scps: scps.optional(),
  baselines: z
    .array(baselineAssignment)
    .default([])
    .describe("Which baseline the accounts of an OU get; the nearest OU's entry wins, an account may override it"),
  network: network.optional().describe('What the network and log baselines need, created by apply'),
  prune: prune.default({ suspendedOu: 'Suspended' }),
});

export type LandingZoneFile = z.infer<typeof landingZoneFileSchema>;
export type LandingZoneFileAccount = LandingZoneFile['accounts'][number];
export type ScpLayout = NonNullable<LandingZoneFile['scps']>;
export type NetworkPrerequisites = NonNullable<LandingZoneFile['network']>;
export type ScpParameterValue = z.infer<typeof parameterValue>;

/** The JSON Schema shipped in schemas/ so editors complete and check the file. */
export function landingZoneJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(landingZoneFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: schema.$schema,
    $id: 'https://awsarch.dev/schemas/landing-zone.schema.json',
    title: 'awsarch landing-zone file',
    description:
      'One file for the landing zone: OUs, accounts, SCPs, baselines and network prerequisites. `awsarch plan` shows what would change, `awsarch apply` makes it so.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}
