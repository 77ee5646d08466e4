import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseCidrBlock } from '../core/cidr.js';
import { usageError } from '../core/errors.js';
import { ERR } from '../core/error-codes.js';
import { DEFAULT_STANDARDS, KNOWN_STANDARDS } from './securityhub-standards.js';

/** Bundled baselines: templates/baselines/<name>.yaml in the package. */
export const BASELINES_DIR = fileURLToPath(new URL('../../templates/baselines/', import.meta.url));

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const POLICY_ARN = /^arn:aws[\w-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/;
const TRAIL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,126})[A-Za-z0-9]$/;

const accountRef = z.string().trim().min(1, 'name an account by 12-digit id, e-mail, exact name, or "management"');
const logArchive = z.strictObject({
  account: accountRef,
  bucket: z
    .string()
    .trim()
    .min(3)
    .max(80, 'a bucket name has at most 63 characters once {organizationId} is filled in'),
  keyPrefix: z
    .string()
    .regex(/^[^/].*[^/]$|^[^/]$/, 'write the key prefix without leading or trailing slashes')
    .optional(),
});

const cloudtrailStep = z.strictObject({
  step: z.literal('cloudtrail'),
  trailName: z
    .string()
    .regex(
      TRAIL_NAME,
      'a trail name is 3-128 letters, digits, periods, hyphens and underscores, starting and ending with a letter or digit',
    ),
  logArchive,
});

const configAggregator = z.strictObject({
  account: accountRef,
  name: z
    .string()
    .regex(/^[\w-]{1,256}$/, 'an aggregator name is 1-256 letters, digits, hyphens and underscores')
    .default('awsarch-organization'),
  roleName: z
    .string()
    .regex(ROLE_NAME, 'a role name is 1-64 letters, digits and +=,.@_-')
    .default('awsarch-config-aggregator'),
});

const configStep = z.strictObject({
  step: z.literal('config'),
  recorderName: z.string().trim().min(1).max(256).default('default'),
  deliveryChannelName: z.string().trim().min(1).max(256).default('default'),
  logArchive,
  /** An organization aggregator (with its service role) so that compliance is read in one place. */
  aggregator: configAggregator.optional(),
});

const standardId = z.string().refine((id) => id in KNOWN_STANDARDS, {
  message: `expected a standard such as aws-foundational-security-best-practices/v/1.0.0; known: ${Object.keys(KNOWN_STANDARDS).join(', ')}`,
});

const securityhubStep = z.strictObject({
  step: z.literal('securityhub'),
  administrator: accountRef,
  /** central: configuration policies from the home Region (needs two or more regions); local: per account and Region. */
  configuration: z.enum(['central', 'local']).default('central'),
  standards: z
    .array(standardId)
    .default([...DEFAULT_STANDARDS])
    .refine((standards) => new Set(standards).size === standards.length, 'a standard is listed twice'),
  /** The central configuration policy; default awsarch-BASELINE. */
  policyName: z
    .string()
    .regex(/^[A-Za-z0-9 \-.!*/]{1,128}$/, 'a policy name is 1-128 letters, digits, spaces and - . ! * /')
    .optional(),
});

const guarddutyStep = z.strictObject({
  step: z.literal('guardduty'),
  administrator: accountRef,
  findingPublishingFrequency: z.enum(['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS']).default('SIX_HOURS'),
});

const cidr = z
  .string()
  .refine(
    (value) => parseCidrBlock(value) !== undefined,
    'expected an IPv4 CIDR block such as 10.0.0.0/8 (no host bits set)',
  );

const networkStep = z
  .strictObject({
    step: z.literal('network'),
    vpcName: z.string().trim().min(1).max(200).default('baseline'),
    cidrPool: cidr,
    vpcPrefixLength: z.number().int().min(16, 'AWS VPCs are /16 to /28').max(28, 'AWS VPCs are /16 to /28'),
    subnetPrefixLength: z.number().int().min(16).max(28, 'AWS subnets are /16 to /28'),
    availabilityZones: z.union([
      z.number().int().min(1).max(6),
      z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/, 'expected a zone name such as us-east-1a')).min(1),
    ]),
    transitGateway: z
      .strictObject({
        id: z
          .string()
          .regex(/^tgw-[0-9a-f]{8,17}$/, 'expected a transit gateway id such as tgw-0123456789abcdef0')
          .optional(),
        name: z.string().trim().min(1).optional(),
        owner: accountRef,
      })
      .refine(
        (tgw) => (tgw.id === undefined) !== (tgw.name === undefined),
        'give exactly one of id or name (the Name tag)',
      ),
    /** Route 53 Resolver forwarding rules of an account (all of them, or those named), shared and associated with every VPC. */
    resolverRules: z
      .strictObject({ owner: accountRef, names: z.array(z.string().trim().min(1)).min(1).optional() })
      .optional(),
  })
  .superRefine((network, issues) => {
    const pool = parseCidrBlock(network.cidrPool);
    if (pool && network.vpcPrefixLength < pool.prefixLength) {
      issues.addIssue({
        code: 'custom',
        path: ['vpcPrefixLength'],
        message: `a /${network.vpcPrefixLength} VPC does not fit in the pool ${network.cidrPool}`,
      });
    }
    const zones =
      typeof network.availabilityZones === 'number' ? network.availabilityZones : network.availabilityZones.length;
    if (network.subnetPrefixLength <= network.vpcPrefixLength) {
      issues.addIssue({
        code: 'custom',
        path: ['subnetPrefixLength'],
        message: `subnets must be smaller than the /${network.vpcPrefixLength} VPC`,
      });
    } else if (zones * 2 ** (32 - network.subnetPrefixLength) > 2 ** (32 - network.vpcPrefixLength)) {
      issues.addIssue({
        code: 'custom',
        path: ['availabilityZones'],
        message: `${zones} /${network.subnetPrefixLength} subnets do not fit in a /${network.vpcPrefixLength} VPC`,
      });
    }
  });

const roleSpec = z.strictObject({
  name: z.string().regex(ROLE_NAME, 'a role name is 1-64 letters, digits and +=,.@_-'),
  description: z.string().max(1000).optional(),
  trustedAccount: accountRef,
  requireMfa: z.boolean().default(false),
  maxSessionDuration: z.number().int().min(3600).max(43200).default(3600),
  managedPolicies: z
    .array(z.string().regex(POLICY_ARN, 'expected a managed policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess'))
    .default([]),
});

const rolesStep = z.strictObject({
  step: z.literal('roles'),
  roles: z
    .array(roleSpec)
    .min(1)
    .refine(
      (roles) => new Set(roles.map((role) => role.name.toLowerCase())).size === roles.length,
      'role names must be unique (IAM ignores case)',
    ),
});

const stepSchema = z.discriminatedUnion(
  'step',
  [cloudtrailStep, configStep, guarddutyStep, securityhubStep, networkStep, rolesStep],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'step must be one of cloudtrail, config, guardduty, securityhub, network, roles'
        : undefined,
  },
);

const baselineSchema = z
  .strictObject({
    name: z.string().trim().min(1),
    description: z.string().optional(),
    homeRegion: z.string().regex(REGION, 'expected a region name such as us-east-1'),
    regions: z.array(z.string().regex(REGION, 'expected a region name such as us-east-1')).min(1),
    steps: z.array(stepSchema).min(1),
  })
  .superRefine((baseline, issues) => {
    if (!baseline.regions.includes(baseline.homeRegion))
      issues.addIssue({
        code: 'custom',
        path: ['regions'],
        message: `must include the home region ${baseline.homeRegion}`,
      });
    const seen = new Set<string>();
    baseline.steps.forEach((step, index) => {
      if (seen.has(step.step))
        issues.addIssue({
          code: 'custom',
          path: ['steps', index, 'step'],
          message: `step ${step.step} is listed twice`,
        });
      seen.add(step.step);
    });
  });

export type BaselineDefinition = z.infer<typeof baselineSchema>;
export type BaselineStepSpec = BaselineDefinition['steps'][number];
export type CloudTrailParams = z.infer<typeof cloudtrailStep>;
export type ConfigParams = z.infer<typeof configStep>;
export type GuardDutyParams = z.infer<typeof guarddutyStep>;
export type SecurityHubParams = z.infer<typeof securityhubStep>;
export type ConfigAggregatorParams = z.infer<typeof configAggregator>;
export type NetworkParams = z.infer<typeof networkStep>;
export type RolesParams = z.infer<typeof rolesStep>;
export type RoleSpec = z.infer<typeof roleSpec>;
export type LogArchiveParams = z.infer<typeof logArchive>;

function issuePath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
}

/** Parses and validates a baseline (YAML or JSON); every problem is reported with its path. */
export function parseBaseline(text: string, source: string): BaselineDefinition {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw usageError(ERR.BAD_BASELINE, `${source} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = baselineSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) =>
        `${issuePath(issue.path)}: ${/received undefined$/.test(issue.message) ? 'is required' : issue.message}`,
    );
    const shown = problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : '');
    throw usageError(
      ERR.BAD_BASELINE,
      `${source}: ${shown}`,
      'see templates/baselines/default.yaml for the expected shape',
    );
  }
  return parsed.data;
}

/** The bundled baseline names (templates/baselines/*.yaml). */
export async function bundledBaselines(): Promise<string[]> {
  const files = await readdir(BASELINES_DIR).catch(() => [] as string[]);
  return files
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => basename(file, extname(file)))
    .sort();
}

/** Loads a bundled baseline by name (default) or a baseline file by path (anything with a slash or a .yaml/.json suffix). */
export async function loadBaseline(nameOrPath: string): Promise<BaselineDefinition> {
  const isPath = /[/\\]/.test(nameOrPath) || /\.(ya?ml|json)$/.test(nameOrPath);
  if (!isPath && !/^[\w-]+$/.test(nameOrPath))
    throw usageError(ERR.UNKNOWN_BASELINE, `"${nameOrPath}" is not a baseline name`);
  const path = isPath ? nameOrPath : join(BASELINES_DIR, `${nameOrPath}.yaml`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!isPath) {
      const known = await bundledBaselines();
      throw usageError(
        ERR.UNKNOWN_BASELINE,
        `there is no bundled baseline "${nameOrPath}"`,
        `bundled baselines: ${known.join(', ') || '(none)'}; or pass a file path`,
      );
    }
    throw usageError(
      ERR.BAD_BASELINE,
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseBaseline(text, isPath ? nameOrPath : `templates/baselines/${nameOrPath}.yaml`);
}
