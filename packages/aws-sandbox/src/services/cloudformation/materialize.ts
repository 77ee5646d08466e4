import type { SandboxState } from '../../state.js';
import { iamState, putRole } from '../iam/roles.js';
import { deleteBucket, putBucket } from '../s3/model.js';
import { removeParameter, storeParameter } from '../ssm/parameters.js';
import { WORKLOAD_MATERIALIZERS } from './materialize-workloads.js';
import type { ResourceRecord } from './model.js';

export interface MaterializeContext {
  readonly state: SandboxState;
  readonly accountId: string;
  readonly region: string;
  readonly now: number;
  readonly stateDir: string;
  /** How long IAM takes to make a new role assumable; CloudFormation reports a role complete after that. */
  readonly rolePropagationMs: number;
}

interface Materializer {
  apply(resource: ResourceRecord, ctx: MaterializeContext): void | Promise<void>;
  remove(resource: ResourceRecord, ctx: MaterializeContext): void;
}

/**
 * The resource types the stand-in also creates in the sandbox's other services: what the CDK toolkit
 * uses after bootstrapping (IAM roles assumed through STS, the S3 asset bucket, SSM parameters), and
 * what the bundled workloads need to run their data paths (see materialize-workloads.ts). Every other
 * resource is only recorded.
 */
const MATERIALIZERS: Readonly<Record<string, Materializer>> = {
  'AWS::IAM::Role': {
    apply(resource, ctx) {
      const properties = resource.properties;
      const existing = iamState(ctx.state).accounts[ctx.accountId]?.roles[resource.physicalId];
      putRole(ctx.state, ctx.accountId, {
        RoleName: resource.physicalId,
        RoleId:
          existing?.RoleId ??
          String(
            resource.attributes.RoleId ??
              `AROA${resource.logicalId
                .toUpperCase()
                .replace(/[^A-Z0-9]/g, '')
                .padEnd(17, 'X')
                .slice(0, 17)}`,
          ),
        Arn: `arn:aws:iam::${ctx.accountId}:role/${resource.physicalId}`,
        Path: typeof properties.Path === 'string' ? properties.Path : '/',
        CreateDate: existing?.CreateDate ?? new Date(ctx.now - ctx.rolePropagationMs).toISOString(),
        AssumeRolePolicyDocument: JSON.stringify(properties.AssumeRolePolicyDocument ?? {}),
        MaxSessionDuration: Number(properties.MaxSessionDuration ?? 3600),
        AttachedPolicies: (Array.isArray(properties.ManagedPolicyArns) ? properties.ManagedPolicyArns : []).map(
          (arn) => ({ PolicyArn: String(arn), PolicyName: String(arn).split('/').at(-1) ?? String(arn) }),
        ),
        // Policies of AWS::IAM::Policy resources stay when the role itself is updated.
        InlinePolicies: {
          ...existing?.InlinePolicies,
          ...Object.fromEntries(
            (Array.isArray(properties.Policies) ? (properties.Policies as Array<Record<string, unknown>>) : []).map(
              (policy) => [String(policy.PolicyName), JSON.stringify(policy.PolicyDocument ?? {})],
            ),
          ),
        },
      });
    },
    remove(resource, ctx) {
      delete iamState(ctx.state).accounts[ctx.accountId]?.roles[resource.physicalId];
    },
  },
  // An inline policy of the roles it names (the CDK bootstrap's publishing roles get their permissions this way).
  'AWS::IAM::Policy': {
    apply(resource, ctx) {
      const document = JSON.stringify(resource.properties.PolicyDocument ?? {});
      const name = String(resource.properties.PolicyName ?? resource.physicalId);
      for (const roleName of policyRoles(resource)) {
        const role = iamState(ctx.state).accounts[ctx.accountId]?.roles[roleName];
        if (role) role.InlinePolicies = { ...role.InlinePolicies, [name]: document };
      }
    },
    remove(resource, ctx) {
      const name = String(resource.properties.PolicyName ?? resource.physicalId);
      for (const roleName of policyRoles(resource))
        delete iamState(ctx.state).accounts[ctx.accountId]?.roles[roleName]?.InlinePolicies?.[name];
    },
  },
  'AWS::S3::Bucket': {
    apply(resource, ctx) {
      const rules = (
        resource.properties.BucketEncryption as
          | { ServerSideEncryptionConfiguration?: Array<{ ServerSideEncryptionByDefault?: { SSEAlgorithm?: string } }> }
          | undefined
      )?.ServerSideEncryptionConfiguration;
      const { bucket } = putBucket(ctx.state, {
        name: resource.physicalId,
        accountId: ctx.accountId,
        region: ctx.region,
        createdAt: new Date(ctx.now).toISOString(),
      });
      bucket.encryption = rules?.[0]?.ServerSideEncryptionByDefault?.SSEAlgorithm;
    },
    remove(resource, ctx) {
      deleteBucket(ctx.state, resource.physicalId);
    },
  },
  'AWS::SSM::Parameter': {
    apply(resource, ctx) {
      const type = resource.properties.Type === 'StringList' ? 'StringList' : 'String';
      storeParameter(ctx.state, ctx.accountId, ctx.region, {
        Name: resource.physicalId,
        Type: type,
        Value: String(resource.properties.Value ?? ''),
        LastModifiedDate: new Date(ctx.now).toISOString(),
      });
    },
    remove(resource, ctx) {
      removeParameter(ctx.state, ctx.accountId, ctx.region, resource.physicalId);
    },
  },
  ...WORKLOAD_MATERIALIZERS,
};

/** The role names of an AWS::IAM::Policy (Roles holds names, or ARNs once resolved through GetAtt). */
function policyRoles(resource: ResourceRecord): string[] {
  const roles = Array.isArray(resource.properties.Roles) ? resource.properties.Roles : [];
  return roles.map((role) => String(role).split('/').pop() ?? String(role));
}

/** Types created for real in the sandbox (see MATERIALIZERS); for help texts and tests. */
export const MATERIALIZED_TYPES = Object.keys(MATERIALIZERS);

/** Creates or updates the resource in its service; rejects (the resource fails) when the service refuses it. */
export async function materialize(resource: ResourceRecord, ctx: MaterializeContext): Promise<void> {
  await MATERIALIZERS[resource.type]?.apply(resource, ctx);
}

export function dematerialize(resource: ResourceRecord, ctx: MaterializeContext): void {
  MATERIALIZERS[resource.type]?.remove(resource, ctx);
}
