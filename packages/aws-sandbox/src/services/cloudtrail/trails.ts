import { unwrapState } from '../../state.js';
import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import { organizationOf, isServiceAccessEnabled } from '../organizations/service-access.js';
import { bucketAcceptsServiceLogs } from '../s3/bucket-policy.js';
import { findBucket } from '../s3/model.js';
import { settleDeliveries, type DeliveryRecord } from './delivery.js';
import { cloudTrailError, cloudTrailState, trailArn, trailNotFound, trailView, type TrailRecord } from './model.js';

const TRAIL_ARN = /^arn:aws:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;

function validTrailName(name: string): string {
  if (name.length < 3)
    throw cloudTrailError(
      'InvalidTrailNameException',
      `Trail name too short. Minimum allowed length: 3 characters. Specified name length: ${name.length} characters.`,
    );
  if (name.length > 128)
    throw cloudTrailError(
      'InvalidTrailNameException',
      `Trail name too long. Maximum allowed length: 128 characters. Specified name length: ${name.length} characters.`,
    );
  if (!/^[A-Za-z0-9]/.test(name))
    throw cloudTrailError('InvalidTrailNameException', 'Trail name must starts with a letter or number.');
  if (!/[A-Za-z0-9]$/.test(name))
    throw cloudTrailError('InvalidTrailNameException', 'Trail name must ends with a letter or number.');
  if (!/^[A-Za-z0-9._-]+$/.test(name) || /[._-]{2}/.test(name)) {
    throw cloudTrailError(
      'InvalidTrailNameException',
      'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).',
    );
  }
  return name;
}

function requiredName(input: OperationInput): string {
  const name = typeof input.Name === 'string' ? input.Name : '';
  if (name === '') throw cloudTrailError('InvalidTrailNameException', 'Trail name cannot be blank.');
  return name;
}

function optionalBoolean(input: OperationInput, member: string): boolean | undefined {
  const value = input[member];
  return typeof value === 'boolean' ? value : undefined;
}

function optionalString(input: OperationInput, member: string): string | undefined {
  const value = input[member];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Trails the caller sees in the request's region: its own, and its organization's organization trails. */
function visibleTrails(ctx: HandlerContext, includeShadowTrails: boolean): TrailRecord[] {
  const caller = ctx.caller.accountId;
  const org = organizationOf(ctx.state, caller);
  const trails = cloudTrailState(ctx.state).trails;
  // Every account's trails are looked through: on the plain data, then the ones kept through the state.
  const keys = Object.keys(trails);
  const raw = unwrapState(trails);
  return keys
    .map((key) => [key, raw[key] as TrailRecord] as const)
    .filter(([, trail]) => {
      const own = trail.accountId === caller;
      const organizationTrail =
        trail.isOrganizationTrail && org !== undefined && trail.accountId === org.managementAccountId;
      if (!own && !organizationTrail) return false;
      return trail.homeRegion === ctx.region || (includeShadowTrails && trail.isMultiRegionTrail);
    })
    .map(([key]) => trails[key] as TrailRecord);
}

/** A trail by name (the caller's trail homed in this region) or by ARN (any trail the caller sees here). */
function findVisibleTrail(ctx: HandlerContext, nameOrArn: string): TrailRecord {
  const byArn = TRAIL_ARN.test(nameOrArn);
  const trail = visibleTrails(ctx, true).find((candidate) =>
    byArn
      ? trailArn(candidate) === nameOrArn
      : candidate.name === nameOrArn &&
        candidate.accountId === ctx.caller.accountId &&
        candidate.homeRegion === ctx.region,
  );
  if (!trail) throw trailNotFound(ctx.caller.accountId, ctx.region, nameOrArn);
  return trail;
}

/** A trail the caller may change: its own, called from the trail's home region. */
function ownTrailInHomeRegion(ctx: HandlerContext, nameOrArn: string): TrailRecord {
  const arn = TRAIL_ARN.exec(nameOrArn);
  const trails = Object.values(cloudTrailState(ctx.state).trails);
  const trail = arn
    ? trails.find((candidate) => trailArn(candidate) === nameOrArn)
    : trails.find(
        (candidate) =>
          candidate.accountId === ctx.caller.accountId &&
          candidate.name === nameOrArn &&
          (candidate.homeRegion === ctx.region || candidate.isMultiRegionTrail),
      );
  if (!trail) throw trailNotFound(ctx.caller.accountId, ctx.region, nameOrArn);
  if (trail.accountId !== ctx.caller.accountId) {
    if (trail.isOrganizationTrail)
      throw cloudTrailError(
        'NotOrganizationMasterAccountException',
        'Organization trails can be changed only by the management account of the organization.',
      );
    throw trailNotFound(ctx.caller.accountId, ctx.region, nameOrArn);
  }
  if (trail.homeRegion !== ctx.region) {
    throw cloudTrailError(
      'InvalidHomeRegionException',
      `The request must be made from the home region of trail ${trailArn(trail)} (${trail.homeRegion}).`,
    );
  }
  return trail;
}

/** CloudTrail checks, before it accepts a trail, that the bucket exists and lets it write AWSLogs/<id>/ under the prefix. */
function checkDeliveryBucket(ctx: HandlerContext, trail: TrailRecord): void {
  if (!findBucket(ctx.state, trail.s3BucketName))
    throw cloudTrailError('S3BucketDoesNotExistException', `S3 bucket ${trail.s3BucketName} does not exist.`);
  const org = organizationOf(ctx.state, trail.accountId);
  const logOwner = trail.isOrganizationTrail && org ? org.id : trail.accountId;
  const prefix = trail.s3KeyPrefix ? `${trail.s3KeyPrefix}/` : '';
  const accepted = bucketAcceptsServiceLogs(ctx.state, trail.s3BucketName, {
    servicePrincipal: 'cloudtrail.amazonaws.com',
    objectKey: `${prefix}AWSLogs/${logOwner}/CloudTrail/${trail.homeRegion}/digest.json.gz`,
    context: {
      'aws:SourceAccount': trail.accountId,
      'aws:SourceArn': trailArn(trail),
      's3:x-amz-acl': 'bucket-owner-full-control',
      ...(org ? { 'aws:SourceOrgID': org.id } : {}),
    },
  });
  if (!accepted)
    throw cloudTrailError(
      'InsufficientS3BucketPolicyException',
      `Incorrect S3 bucket policy is detected for bucket: ${trail.s3BucketName}`,
    );
}

/** Only the management account of an organization with all features and CloudTrail trusted access creates organization trails. */
function checkOrganizationTrail(ctx: HandlerContext): void {
  const org = organizationOf(ctx.state, ctx.caller.accountId);
  if (!org) throw cloudTrailError('OrganizationsNotInUseException', 'This account is not a member of an organization.');
  if (org.managementAccountId !== ctx.caller.accountId) {
    throw cloudTrailError(
      'NotOrganizationMasterAccountException',
      'The request failed because the account is not the management account of the organization.',
    );
  }
  if (org.featureSet !== 'ALL')
    throw cloudTrailError(
      'OrganizationNotInAllFeaturesModeException',
      'The organization does not have all features enabled.',
    );
  if (!isServiceAccessEnabled(ctx.state, 'cloudtrail.amazonaws.com')) {
    throw cloudTrailError(
      'CloudTrailAccessNotEnabledException',
      'Trusted access for CloudTrail is not enabled in AWS Organizations; enable it with EnableAWSServiceAccess for cloudtrail.amazonaws.com.',
    );
  }
}

function createResponse(trail: TrailRecord) {
  const {
    HomeRegion: _homeRegion,
    HasCustomEventSelectors: _custom,
    HasInsightSelectors: _insight,
    ...fields
  } = trailView(trail);
  return fields;
}

const createTrail: OperationHandler = (input, ctx) => {
  const name = validTrailName(requiredName(input));
  const caller = ctx.caller.accountId;
  const taken = Object.values(cloudTrailState(ctx.state).trails).some(
    (trail) =>
      trail.accountId === caller &&
      trail.name === name &&
      (trail.homeRegion === ctx.region || trail.isMultiRegionTrail),
  );
  if (taken)
    throw cloudTrailError('TrailAlreadyExistsException', `Trail ${name} already exists for customer: ${caller}`);
  const bucket = optionalString(input, 'S3BucketName');
  if (!bucket)
    throw cloudTrailError('InvalidParameterCombinationException', 'S3 bucket name is required to create a trail.');
  const trail: TrailRecord = {
    name,
    accountId: caller,
    homeRegion: ctx.region,
    s3BucketName: bucket,
    s3KeyPrefix: optionalString(input, 'S3KeyPrefix'),
    snsTopicName: optionalString(input, 'SnsTopicName'),
    includeGlobalServiceEvents: optionalBoolean(input, 'IncludeGlobalServiceEvents') ?? true,
    isMultiRegionTrail: optionalBoolean(input, 'IsMultiRegionTrail') ?? false,
    logFileValidationEnabled: optionalBoolean(input, 'EnableLogFileValidation') ?? false,
    isOrganizationTrail: optionalBoolean(input, 'IsOrganizationTrail') ?? false,
    kmsKeyId: optionalString(input, 'KmsKeyId'),
    isLogging: false,
    createdAt: ctx.now(),
    ...(Array.isArray(input.TagsList) && input.TagsList.length > 0
      ? {
          tags: (input.TagsList as Array<{ Key?: unknown; Value?: unknown }>).map((tag) => ({
            Key: String(tag.Key ?? ''),
            ...(tag.Value === undefined ? {} : { Value: String(tag.Value) }),
          })),
        }
      : {}),
  };
  if (trail.isMultiRegionTrail && !trail.includeGlobalServiceEvents) {
    throw cloudTrailError(
      'InvalidParameterCombinationException',
      'Multi-Region trail must include global service events.',
    );
  }
  if (trail.isOrganizationTrail) checkOrganizationTrail(ctx);
  checkDeliveryBucket(ctx, trail);
  cloudTrailState(ctx.state).trails[trailArn(trail)] = trail;
  return createResponse(trail);
};

const updateTrail: OperationHandler = (input, ctx) => {
  const trail = ownTrailInHomeRegion(ctx, requiredName(input));
  const next: TrailRecord = { ...trail };
  const bucket = optionalString(input, 'S3BucketName');
  if (bucket !== undefined) next.s3BucketName = bucket;
  if (typeof input.S3KeyPrefix === 'string')
    next.s3KeyPrefix = input.S3KeyPrefix === '' ? undefined : input.S3KeyPrefix;
  next.includeGlobalServiceEvents =
    optionalBoolean(input, 'IncludeGlobalServiceEvents') ?? next.includeGlobalServiceEvents;
  next.isMultiRegionTrail = optionalBoolean(input, 'IsMultiRegionTrail') ?? next.isMultiRegionTrail;
  next.logFileValidationEnabled = optionalBoolean(input, 'EnableLogFileValidation') ?? next.logFileValidationEnabled;
  next.isOrganizationTrail = optionalBoolean(input, 'IsOrganizationTrail') ?? next.isOrganizationTrail;
  if (next.isMultiRegionTrail && !next.includeGlobalServiceEvents) {
    throw cloudTrailError(
      'InvalidParameterCombinationException',
      'Multi-Region trail must include global service events.',
    );
  }
  if (next.isOrganizationTrail && !trail.isOrganizationTrail) checkOrganizationTrail(ctx);
  if (
    next.s3BucketName !== trail.s3BucketName ||
    next.s3KeyPrefix !== trail.s3KeyPrefix ||
    next.isOrganizationTrail !== trail.isOrganizationTrail
  ) {
    checkDeliveryBucket(ctx, next);
  }
  settleDeliveries(ctx.state, trail, ctx.now());
  Object.assign(trail, next);
  return createResponse(trail);
};

const describeTrails: OperationHandler = (input, ctx) => {
  const names = Array.isArray(input.trailNameList) ? input.trailNameList.map(String) : [];
  const includeShadowTrails = optionalBoolean(input, 'includeShadowTrails') ?? true;
  const trails = visibleTrails(ctx, includeShadowTrails).filter(
    (trail) =>
      names.length === 0 ||
      names.includes(trailArn(trail)) ||
      (names.includes(trail.name) && trail.accountId === ctx.caller.accountId && trail.homeRegion === ctx.region),
  );
  return { trailList: trails.map(trailView) };
};

/** Delivery fields come from the delivery rounds played so far (delivery.ts): a bucket policy that stops CloudTrail shows. */
const getTrailStatus: OperationHandler = (input, ctx) => {
  const trail: TrailRecord & DeliveryRecord = findVisibleTrail(ctx, requiredName(input));
  if (settleDeliveries(ctx.state, trail, ctx.now())) ctx.changed();
  const delivered = trail.latestDeliveryTime === undefined ? undefined : new Date(trail.latestDeliveryTime);
  return {
    IsLogging: trail.isLogging,
    StartLoggingTime: trail.startLoggingTime === undefined ? undefined : new Date(trail.startLoggingTime),
    StopLoggingTime: trail.stopLoggingTime === undefined ? undefined : new Date(trail.stopLoggingTime),
    LatestDeliveryTime: delivered,
    LatestDeliveryError: trail.latestDeliveryError,
    LatestDigestDeliveryTime: trail.logFileValidationEnabled ? delivered : undefined,
    LatestDigestDeliveryError: trail.logFileValidationEnabled ? trail.latestDeliveryError : undefined,
    TimeLoggingStarted:
      trail.startLoggingTime === undefined ? undefined : new Date(trail.startLoggingTime).toISOString(),
    TimeLoggingStopped: trail.stopLoggingTime === undefined ? undefined : new Date(trail.stopLoggingTime).toISOString(),
  };
};

const startLogging: OperationHandler = (input, ctx) => {
  const trail = ownTrailInHomeRegion(ctx, requiredName(input));
  if (!trail.isLogging) {
    settleDeliveries(ctx.state, trail, ctx.now());
    trail.isLogging = true;
    trail.startLoggingTime = ctx.now();
  }
  return {};
};

const stopLogging: OperationHandler = (input, ctx) => {
  const trail = ownTrailInHomeRegion(ctx, requiredName(input));
  if (trail.isLogging) {
    settleDeliveries(ctx.state, trail, ctx.now());
    trail.isLogging = false;
    trail.stopLoggingTime = ctx.now();
  }
  return {};
};

const deleteTrail: OperationHandler = (input, ctx) => {
  const trail = ownTrailInHomeRegion(ctx, requiredName(input));
  delete cloudTrailState(ctx.state).trails[trailArn(trail)];
  return {};
};

/** The tags of up to 20 of the caller's own trails, by ARN. */
const listTags: OperationHandler = (input, ctx) => {
  const arns = Array.isArray(input.ResourceIdList) ? input.ResourceIdList.map(String) : [];
  if (arns.length > 20)
    throw cloudTrailError('InvalidParameterException', 'ResourceIdList can contain at most 20 resources.');
  const trails = cloudTrailState(ctx.state).trails;
  return {
    ResourceTagList: arns.map((arn) => {
      if (!TRAIL_ARN.test(arn)) throw cloudTrailError('CloudTrailARNInvalidException', `Invalid trail ARN: ${arn}`);
      const trail = trails[arn];
      if (!trail || trail.accountId !== ctx.caller.accountId)
        throw cloudTrailError('ResourceNotFoundException', `Resource ${arn} not found.`);
      return { ResourceId: arn, TagsList: trail.tags ?? [] };
    }),
  };
};

/** Trails: create, update, describe, status, start/stop logging, delete, list tags. */
export const trailOperations: Record<string, OperationHandler> = {
  ListTags: listTags,
  CreateTrail: createTrail,
  UpdateTrail: updateTrail,
  DescribeTrails: describeTrails,
  GetTrailStatus: getTrailStatus,
  StartLogging: startLogging,
  StopLogging: stopLogging,
  DeleteTrail: deleteTrail,
};
