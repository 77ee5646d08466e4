import { serviceLinkedRoleArn } from '../iam/service-linked-roles.js';
import { unwrapState } from '../../state.js';
import type { OperationHandler } from '../../types.js';
import { detectorFeatureView, requestedFeatures } from './detector-features.js';
import { badRequest, detectorOf, guardDutyState, newDetector, ownDetector } from './model.js';

const FREQUENCIES = ['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS'];

function frequency(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !FREQUENCIES.includes(value)) {
    throw badRequest(
      `The request failed because the value ${String(value)} of findingPublishingFrequency is not one of ${FREQUENCIES.join(', ')}.`,
    );
  }
  return value;
}

const createDetector: OperationHandler = (input, ctx) => {
  if (typeof input.enable !== 'boolean')
    throw badRequest('The request is rejected because the enable parameter is missing.');
  if (detectorOf(ctx.state, ctx.caller.accountId, ctx.region))
    throw badRequest('The request is rejected because a detector already exists for the current account.');
  const tags = typeof input.tags === 'object' && input.tags !== null ? (input.tags as Record<string, string>) : {};
  const detector = newDetector(ctx.state, {
    accountId: ctx.caller.accountId,
    region: ctx.region,
    enabled: input.enable,
    now: ctx.now(),
    frequency: frequency(input.findingPublishingFrequency),
    tags,
    features: requestedFeatures(input.features),
  });
  return { detectorId: detector.detectorId };
};

const listDetectors: OperationHandler = (_input, ctx) => ({
  detectorIds: Object.values(unwrapState(guardDutyState(ctx.state).detectors))
    .filter((detector) => detector.accountId === ctx.caller.accountId && detector.region === ctx.region)
    .map((detector) => detector.detectorId),
});

const getDetector: OperationHandler = (input, ctx) => {
  const detector = ownDetector(ctx, input.DetectorId);
  const serviceRole = serviceLinkedRoleArn(detector.accountId, 'guardduty.amazonaws.com');
  return {
    serviceRole,
    status: detector.status,
    createdAt: new Date(detector.createdAt).toISOString(),
    updatedAt: new Date(detector.updatedAt).toISOString(),
    findingPublishingFrequency: detector.findingPublishingFrequency,
    tags: detector.tags,
    ...detectorFeatureView(detector, serviceRole),
  };
};

const updateDetector: OperationHandler = (input, ctx) => {
  const detector = ownDetector(ctx, input.DetectorId);
  if (typeof input.enable === 'boolean') detector.status = input.enable ? 'ENABLED' : 'DISABLED';
  detector.findingPublishingFrequency =
    frequency(input.findingPublishingFrequency) ?? detector.findingPublishingFrequency;
  detector.features = { ...detector.features, ...requestedFeatures(input.features) };
  detector.updatedAt = ctx.now();
  return {};
};

const deleteDetector: OperationHandler = (input, ctx) => {
  const detector = ownDetector(ctx, input.DetectorId);
  delete guardDutyState(ctx.state).detectors[detector.detectorId];
  return {};
};

/** Detectors: one per account and region. */
export const detectorOperations: Record<string, OperationHandler> = {
  CreateDetector: createDetector,
  ListDetectors: listDetectors,
  GetDetector: getDetector,
  UpdateDetector: updateDetector,
  DeleteDetector: deleteDetector,
};
