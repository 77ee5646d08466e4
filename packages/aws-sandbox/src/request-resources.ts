import type { OperationInput } from './types.js';

/** One resource a request acts on, with the context keys that request carries for it. */
export interface RequestResource {
  /** An ARN, an ARN pattern for something about to be created (instance/*), or '*'. */
  arn: string;
  context: Record<string, string | string[]>;
}

export interface RequestDescription {
  iamPrefix: string;
  operation: string;
  input: OperationInput;
  accountId: string;
  region: string;
}

/** Operations whose IAM action is not named after the operation (the authorization reference's mapping). */
const ACTION_NAMES: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:HeadBucket': 's3:ListBucket',
  's3:HeadObject': 's3:GetObject',
  's3:DeleteObjects': 's3:DeleteObject',
  's3:CopyObject': 's3:PutObject',
  's3:CreateMultipartUpload': 's3:PutObject',
  's3:UploadPart': 's3:PutObject',
  's3:CompleteMultipartUpload': 's3:PutObject',
  's3:PutBucketEncryption': 's3:PutEncryptionConfiguration',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:DeletePublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  's3:PutBucketLifecycleConfiguration': 's3:PutLifecycleConfiguration',
  's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  'lambda:Invoke': 'lambda:InvokeFunction',
  // API Gateway's IAM actions are the HTTP methods of its management API.
  'apigateway:GetApi': 'apigateway:GET',
  'apigateway:GetApis': 'apigateway:GET',
};

/** The IAM action an operation is authorized as: service prefix and operation name, with AWS's known exceptions. */
export function iamActionFor(iamPrefix: string, operation: string): string {
  const action = `${iamPrefix}:${operation}`;
  return ACTION_NAMES[action] ?? action;
}

type ResourceRule = (request: RequestDescription) => RequestResource[] | undefined;

/**
 * The resources a request acts on, as ARNs where the sandbox can tell (see README "SCP enforcement"),
 * else '*', plus the request context keys AWS derives from the input: aws:RequestedRegion,
 * aws:RequestTag/KEY and aws:TagKeys, ec2:Encrypted, s3:x-amz-server-side-encryption, s3:x-amz-acl.
 */
export function requestResources(request: RequestDescription): RequestResource[] {
  const base: Record<string, string | string[]> = {
    'aws:RequestedRegion': request.region,
    ...tagContext(request.input),
  };
  const rule = SERVICE_RULES[request.iamPrefix];
  const found = rule?.(request) ?? [{ arn: '*', context: {} }];
  return found.map((resource) => ({ arn: resource.arn, context: { ...base, ...resource.context } }));
}

const arnOf = (request: RequestDescription, service: string, resource: string, global = false) =>
  `arn:aws:${service}:${global ? '' : request.region}:${request.accountId}:${resource}`;

/** A resource named in the input: an ARN is taken as it is, a name becomes `prefix/name`. */
function named(
  request: RequestDescription,
  service: string,
  prefix: string,
  members: readonly string[],
): RequestResource[] | undefined {
  for (const member of members) {
    const value = first(request.input[member]);
    if (value === undefined) continue;
    return [{ arn: value.startsWith('arn:') ? value : arnOf(request, service, `${prefix}${value}`), context: {} }];
  }
  return undefined;
}

const EC2_CREATED: Record<string, string> = {
  CreateVolume: 'volume',
  CreateVpc: 'vpc',
  CreateSubnet: 'subnet',
  CreateSecurityGroup: 'security-group',
  CreateInternetGateway: 'internet-gateway',
  CreateNatGateway: 'natgateway',
  CreateRouteTable: 'route-table',
  CreateTransitGateway: 'transit-gateway',
  CreateVpnGateway: 'vpn-gateway',
  CreateCustomerGateway: 'customer-gateway',
  CreateVpcEndpoint: 'vpc-endpoint',
  CreateFlowLogs: 'vpc-flow-log',
};

const EC2_IDS: Array<[string, string]> = [
  ['InstanceId', 'instance'],
  ['VolumeId', 'volume'],
  ['SubnetId', 'subnet'],
  ['VpcId', 'vpc'],
  ['GroupId', 'security-group'],
  ['TransitGatewayId', 'transit-gateway'],
  ['VpnGatewayId', 'vpn-gateway'],
];

function ec2Resources(request: RequestDescription): RequestResource[] | undefined {
  const { operation, input } = request;
  if (operation === 'RunInstances') {
    const mappings = asList(input.BlockDeviceMapping ?? input.BlockDeviceMappings) as Array<{
      Ebs?: { Encrypted?: unknown };
    }>;
    const encrypted = mappings.length > 0 && mappings.every((mapping) => String(mapping.Ebs?.Encrypted) === 'true');
    return [
      { arn: arnOf(request, 'ec2', 'instance/*'), context: {} },
      { arn: arnOf(request, 'ec2', 'volume/*'), context: { 'ec2:Encrypted': String(encrypted) } },
    ];
  }
  const created = EC2_CREATED[operation];
  if (created) {
    const context: Record<string, string> =
      operation === 'CreateVolume' ? { 'ec2:Encrypted': String(String(input.Encrypted) === 'true') } : {};
    return [{ arn: arnOf(request, 'ec2', `${created}/*`), context }];
  }
  for (const [member, type] of EC2_IDS) {
    const id = first(input[member]);
    if (id !== undefined) return [{ arn: arnOf(request, 'ec2', `${type}/${id}`), context: {} }];
  }
  return undefined;
}

/** S3 requests arrive as restXml input (protocols/rest-xml.ts): path labels and headers. */
function s3Resources(request: RequestDescription): RequestResource[] | undefined {
  const { labels = {}, headers = {} } = request.input as {
    labels?: Record<string, string>;
    headers?: Record<string, string | string[] | undefined>;
  };
  const header = (name: string) => {
    const value = headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const context: Record<string, string> = {};
  const encryption = header('x-amz-server-side-encryption');
  if (encryption !== undefined) context['s3:x-amz-server-side-encryption'] = encryption;
  const acl = header('x-amz-acl');
  if (acl !== undefined) context['s3:x-amz-acl'] = acl;
  const ownership = header('x-amz-object-ownership');
  if (ownership !== undefined) context['s3:x-amz-object-ownership'] = ownership;
  const bucket = labels.Bucket;
  if (bucket === undefined) return [{ arn: '*', context }];
  const key = labels.Key;
  return [{ arn: key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`, context }];
}

/** EventBridge: archives, replays, buses (PutEvents names them per entry) and rules (`rule/BUS/NAME` on a custom bus). */
function eventsResources(request: RequestDescription): RequestResource[] | undefined {
  const { operation, input } = request;
  if (/Archive/.test(operation)) return named(request, 'events', 'archive/', ['ArchiveName']);
  if (/Replay/.test(operation)) return named(request, 'events', 'replay/', ['ReplayName']);
  if (/EventBus/.test(operation)) return named(request, 'events', 'event-bus/', ['Name']);
  if (operation === 'PutEvents') {
    const buses = [
      ...new Set(
        asList(input.Entries).map((entry) => first((entry as Record<string, unknown>)?.EventBusName) ?? 'default'),
      ),
    ];
    return buses.map((bus) => ({
      arn: bus.startsWith('arn:') ? bus : arnOf(request, 'events', `event-bus/${bus}`),
      context: {},
    }));
  }
  const bus = first(input.EventBusName);
  const busName = bus?.startsWith('arn:') ? bus.split('event-bus/')[1] : bus;
  return named(request, 'events', busName && busName !== 'default' ? `rule/${busName}/` : 'rule/', ['Rule', 'Name']);
}

/** CloudFormation authorizes stack operations on the stack's ARN (stack/NAME/ID; the id is not known from a name). */
function cloudFormationResources(request: RequestDescription): RequestResource[] | undefined {
  const stack = first(request.input.StackName);
  if (stack === undefined) return undefined;
  return [
    { arn: stack.startsWith('arn:') ? stack : arnOf(request, 'cloudformation', `stack/${stack}/*`), context: {} },
  ];
}

const SERVICE_RULES: Record<string, ResourceRule> = {
  cloudformation: cloudFormationResources,
  cloudtrail: (request) => named(request, 'cloudtrail', 'trail/', ['Name', 'TrailName']),
  dynamodb: (request) => {
    const batch = request.input.RequestItems;
    if (typeof batch === 'object' && batch !== null)
      return Object.keys(batch).map((table) => ({ arn: arnOf(request, 'dynamodb', `table/${table}`), context: {} }));
    return named(request, 'dynamodb', 'table/', ['TableName', 'ResourceArn']);
  },
  ec2: ec2Resources,
  events: eventsResources,
  guardduty: (request) => named(request, 'guardduty', 'detector/', ['DetectorId', 'detectorId']),
  iam: (request) => {
    const global = (prefix: string, members: string[]) => {
      const value = members.map((member) => first(request.input[member])).find((candidate) => candidate !== undefined);
      return value === undefined
        ? undefined
        : [{ arn: value.startsWith('arn:') ? value : arnOf(request, 'iam', `${prefix}${value}`, true), context: {} }];
    };
    return (
      global('role/', ['RoleName']) ??
      global('user/', ['UserName']) ??
      global('group/', ['GroupName']) ??
      global('', ['PolicyArn'])
    );
  },
  s3: s3Resources,
  sqs: (request) => {
    const url = first(request.input.QueueUrl);
    const [urlAccount, urlName] = url?.split('/').slice(-2) ?? [];
    const name = urlName ?? first(request.input.QueueName);
    if (name === undefined) return undefined;
    const account = urlAccount && /^\d{12}$/.test(urlAccount) ? urlAccount : request.accountId;
    return [{ arn: `arn:aws:sqs:${request.region}:${account}:${name}`, context: {} }];
  },
  sts: (request) => named(request, 'iam', 'role/', ['RoleArn']),
  lambda: (request) => named(request, 'lambda', 'function:', ['FunctionName']),
  apigateway: (request) => {
    const apiId = first(request.input.ApiId ?? request.input.apiId);
    return [
      { arn: `arn:aws:apigateway:${request.region}::/apis${apiId === undefined ? '' : `/${apiId}`}`, context: {} },
    ];
  },
  directconnect: (request) =>
    named(request, 'directconnect', 'dxcon/', ['connectionId']) ??
    named(request, 'directconnect', 'dxvif/', ['virtualInterfaceId']) ??
    named(request, 'directconnect', 'dx-gateway/', ['directConnectGatewayId']),
};

/** aws:RequestTag/KEY and aws:TagKeys from the usual tag members (Tags, TagSpecification(s), tags, TagKeys, Tag). */
function tagContext(input: OperationInput): Record<string, string | string[]> {
  const pairs: Array<[string, string]> = [];
  const keysOnly: string[] = [];
  const collect = (tags: unknown) => {
    if (Array.isArray(tags)) {
      for (const tag of tags) {
        if (typeof tag !== 'object' || tag === null) continue;
        const { Key, Value, key, value } = tag as Record<string, unknown>;
        const name = Key ?? key;
        if (typeof name === 'string') pairs.push([name, String(Value ?? value ?? '')]);
      }
    } else if (typeof tags === 'object' && tags !== null) {
      for (const [key, value] of Object.entries(tags)) pairs.push([key, String(value)]);
    }
  };
  collect(input.Tags);
  collect(input.tags);
  collect(input.Tag);
  for (const spec of asList(input.TagSpecification ?? input.TagSpecifications)) {
    if (typeof spec === 'object' && spec !== null)
      collect((spec as Record<string, unknown>).Tag ?? (spec as Record<string, unknown>).Tags);
  }
  for (const key of [...asList(input.TagKeys), ...asList(input.tagKeys)])
    if (typeof key === 'string') keysOnly.push(key);
  const context: Record<string, string | string[]> = {};
  for (const [key, value] of pairs) context[`aws:RequestTag/${key}`] = value;
  const keys = [...new Set([...pairs.map(([key]) => key), ...keysOnly])];
  if (keys.length > 0) context['aws:TagKeys'] = keys;
  return context;
}

function first(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}
