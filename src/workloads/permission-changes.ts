import {
  constructPaths,
  renderValue,
  resourceName,
  type CfnResource,
  type CfnTemplate,
  type ConstructPaths,
} from './template-intrinsics.js';

/** One permission a stack grants, as people read it (every reference by construct path). */
export interface Permission {
  readonly kind: 'iam-statement' | 'managed-policy' | 'security-group';
  /** IAM statements: Allow or Deny; security-group rules: ingress or egress; managed policies: attach. */
  readonly effect: 'Allow' | 'Deny' | 'ingress' | 'egress' | 'attach';
  /** IAM actions; a security-group rule's protocol and ports; the managed policy's ARN. */
  readonly actions: readonly string[];
  /** What it applies to: the statement's Resource, the role a policy is attached to, the security group. */
  readonly resource: string;
  /** Who gets it: the role/user/group of an identity policy, a resource policy's Principal, a rule's peer. */
  readonly principal: string;
  readonly condition?: string;
  /** The construct path of the template resource that carries it (the policy, the role, the group). */
  readonly source: string;
}

/** A permission added to or removed from one stack. */
export interface PermissionChange extends Permission {
  readonly stack: string;
  readonly change: 'add' | 'remove';
}

/** Per stack: the synthesized template and the deployed one (empty when the stack does not exist yet). */
export interface StackTemplates {
  readonly stack: string;
  readonly deployed: CfnTemplate;
  readonly synthesized: CfnTemplate;
}

/** The permissions each stack would add and remove, additions first, in a stable order. Pure. */
export function permissionChanges(stacks: readonly StackTemplates[]): PermissionChange[] {
  const changes: PermissionChange[] = [];
  for (const { stack, deployed, synthesized } of stacks) {
    const before = byKey(templatePermissions(deployed));
    const after = byKey(templatePermissions(synthesized));
    for (const [key, permission] of after) if (!before.has(key)) changes.push({ ...permission, stack, change: 'add' });
    for (const [key, permission] of before)
      if (!after.has(key)) changes.push({ ...permission, stack, change: 'remove' });
  }
  return changes;
}

/** Whether the changes broaden access (the CDK's "broadening"): anything added other than a Deny. */
export function broadensPermissions(changes: readonly PermissionChange[]): boolean {
  return changes.some((change) => change.change === 'add' && change.effect !== 'Deny');
}

function byKey(permissions: Permission[]): Map<string, Permission> {
  const map = new Map<string, Permission>();
  for (const permission of permissions) {
    const { source: _source, ...what } = permission;
    map.set(JSON.stringify(what), permission);
  }
  return map;
}

/** Every IAM statement, managed-policy attachment and security-group rule a template defines. Pure. */
export function templatePermissions(template: CfnTemplate): Permission[] {
  const paths = constructPaths(template);
  const found: Permission[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    found.push(...resourcePermissions(resource, resourceName(paths, logicalId), paths));
  }
  return found;
}

function resourcePermissions(resource: CfnResource, source: string, paths: ConstructPaths): Permission[] {
  const props = resource.Properties ?? {};
  const render = (value: unknown) => renderValue(value, paths);
  const attachedTo = (...lists: unknown[]) => principalNames(lists, paths);
  switch (resource.Type) {
    case 'AWS::IAM::Policy':
    case 'AWS::IAM::ManagedPolicy':
      return statements(
        props.PolicyDocument,
        { principal: attachedTo(props.Roles, props.Users, props.Groups), source },
        paths,
      );
    case 'AWS::IAM::Role': {
      const role = source;
      const inline = (Array.isArray(props.Policies) ? props.Policies : []).flatMap((policy) =>
        statements((policy as { PolicyDocument?: unknown }).PolicyDocument, { principal: role, source }, paths),
      );
      const trust = statements(props.AssumeRolePolicyDocument, { resource: role, source }, paths);
      const managed = (Array.isArray(props.ManagedPolicyArns) ? props.ManagedPolicyArns : [props.ManagedPolicyArns])
        .filter((arn) => arn !== undefined)
        .map((arn): Permission => ({
          kind: 'managed-policy',
          effect: 'attach',
          actions: [render(arn)],
          resource: role,
          principal: role,
          source,
        }));
      return [...trust, ...inline, ...managed];
    }
    case 'AWS::SQS::QueuePolicy':
      return statements(props.PolicyDocument, { resource: render(props.Queues), source }, paths);
    case 'AWS::SNS::TopicPolicy':
      return statements(props.PolicyDocument, { resource: render(props.Topics), source }, paths);
    case 'AWS::S3::BucketPolicy':
      return statements(props.PolicyDocument, { resource: render(props.Bucket), source }, paths);
    case 'AWS::Events::EventBusPolicy':
      return props.Statement
        ? statements(
            { Statement: [props.Statement] },
            { resource: render(props.EventBusName ?? 'default'), source },
            paths,
          )
        : [];
    case 'AWS::Lambda::Permission':
      return [
        {
          kind: 'iam-statement',
          effect: 'Allow',
          actions: [render(props.Action)],
          resource: render(props.FunctionName),
          principal: render(props.Principal),
          ...optional(
            'condition',
            [
              props.SourceArn ? `ArnLike AWS:SourceArn=${render(props.SourceArn)}` : '',
              props.SourceAccount ? `StringEquals AWS:SourceAccount=${render(props.SourceAccount)}` : '',
            ]
              .filter(Boolean)
              .join(' and '),
          ),
          source,
        },
      ];
    case 'AWS::EC2::SecurityGroup':
      return [
        ...rules(props.SecurityGroupIngress, 'ingress', source, paths),
        ...rules(props.SecurityGroupEgress, 'egress', source, paths),
      ];
    case 'AWS::EC2::SecurityGroupIngress':
      return rules([props], 'ingress', render(props.GroupId), paths, source);
    case 'AWS::EC2::SecurityGroupEgress':
      return rules([props], 'egress', render(props.GroupId), paths, source);
    default:
      return [];
  }
}

interface StatementOwner {
  /** The identity a policy is attached to (identity policies); resource policies name theirs in Principal. */
  readonly principal?: string;
  /** The resource a resource policy protects (used when the statement names none). */
  readonly resource?: string;
  readonly source: string;
}

interface Statement {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Condition?: unknown;
}

function statements(document: unknown, owner: StatementOwner, paths: ConstructPaths): Permission[] {
  const list = (document as { Statement?: unknown } | undefined)?.Statement;
  const all = (Array.isArray(list) ? list : list ? [list] : []) as Statement[];
  return all.map((statement) => {
    const actions = asList(statement.Action ?? statement.NotAction).map((action) => renderValue(action, paths));
    const resource =
      statement.Resource !== undefined || statement.NotResource !== undefined
        ? `${statement.NotResource !== undefined ? 'NOT ' : ''}${asList(statement.Resource ?? statement.NotResource)
            .map((item) => renderValue(item, paths))
            .join(', ')}`
        : (owner.resource ?? '*');
    const principal =
      statement.Principal !== undefined || statement.NotPrincipal !== undefined
        ? `${statement.NotPrincipal !== undefined ? 'NOT ' : ''}${renderPrincipal(statement.Principal ?? statement.NotPrincipal, paths)}`
        : (owner.principal ?? '');
    return {
      kind: 'iam-statement',
      effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: statement.NotAction !== undefined ? actions.map((action) => `NOT ${action}`) : actions,
      resource,
      principal,
      ...optional('condition', renderCondition(statement.Condition, paths)),
      source: owner.source,
    };
  });
}

function rules(
  list: unknown,
  direction: 'ingress' | 'egress',
  group: string,
  paths: ConstructPaths,
  source = group,
): Permission[] {
  const all = (Array.isArray(list) ? list : list ? [list] : []) as Record<string, unknown>[];
  return all.map((rule) => {
    const protocol = String(renderValue(rule.IpProtocol, paths));
    const from = renderValue(rule.FromPort, paths);
    const to = renderValue(rule.ToPort, paths);
    const ports = protocol === '-1' ? 'all traffic' : `${protocol} ${from === to || !to ? from : `${from}-${to}`}`;
    const peer =
      rule.CidrIp ??
      rule.CidrIpv6 ??
      rule.SourceSecurityGroupId ??
      rule.DestinationSecurityGroupId ??
      rule.SourcePrefixListId ??
      rule.DestinationPrefixListId;
    return {
      kind: 'security-group',
      effect: direction,
      actions: [ports.trim()],
      resource: group,
      principal: renderValue(peer, paths) || '?',
      source,
    };
  });
}

/** The roles, users and groups an identity policy is attached to, by construct path. */
function principalNames(lists: unknown[], paths: ConstructPaths): string {
  return lists
    .flatMap((list) => (Array.isArray(list) ? list : list === undefined ? [] : [list]))
    .map((item) => {
      const ref = (item as { Ref?: unknown } | null)?.Ref;
      return typeof ref === 'string' && paths.has(ref) ? resourceName(paths, ref) : renderValue(item, paths);
    })
    .join(', ');
}

function renderPrincipal(principal: unknown, paths: ConstructPaths): string {
  if (typeof principal === 'string') return principal;
  if (!principal || typeof principal !== 'object') return renderValue(principal, paths);
  return Object.entries(principal as Record<string, unknown>)
    .flatMap(([type, ids]) => asList(ids).map((id) => `${type}:${renderValue(id, paths)}`))
    .join(', ');
}

/** `{StringEquals: {"aws:SourceAccount": "1"}}` -> `StringEquals aws:SourceAccount=1`. */
function renderCondition(condition: unknown, paths: ConstructPaths): string {
  if (!condition || typeof condition !== 'object') return '';
  return Object.entries(condition as Record<string, unknown>)
    .flatMap(([operator, tests]) =>
      tests && typeof tests === 'object' && !Array.isArray(tests)
        ? Object.entries(tests as Record<string, unknown>).map(
            ([key, values]) =>
              `${operator} ${key}=${asList(values)
                .map((value) => renderValue(value, paths))
                .join('|')}`,
          )
        : [`${operator} ${renderValue(tests, paths)}`],
    )
    .join(' and ');
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function optional<K extends string>(key: K, value: string): { [P in K]?: string } {
  return (value ? { [key]: value } : {}) as { [P in K]?: string };
}
