import { randomUUID } from 'node:crypto';
import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import { requireHub, securityHubError, securityHubState, type FindingAggregatorRecord } from './model.js';

/** The commercial Regions Security Hub CSPM runs in, for ALL_REGIONS linking (AWS's Region list, 2025). */
const COMMERCIAL_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'sa-east-1',
];

const MODES = ['ALL_REGIONS', 'ALL_REGIONS_EXCEPT_SPECIFIED', 'SPECIFIED_REGIONS', 'NO_REGIONS'] as const;

/** The Regions that replicate findings to the aggregator's home Region (the home Region itself excluded). */
export function linkedRegions(aggregator: FindingAggregatorRecord | undefined): string[] {
  if (!aggregator) return [];
  const others = COMMERCIAL_REGIONS.filter((region) => region !== aggregator.region);
  switch (aggregator.regionLinkingMode) {
    case 'ALL_REGIONS':
      return others;
    case 'ALL_REGIONS_EXCEPT_SPECIFIED':
      return others.filter((region) => !aggregator.regions.includes(region));
    case 'SPECIFIED_REGIONS':
      return aggregator.regions.filter((region) => region !== aggregator.region);
    case 'NO_REGIONS':
      return [];
  }
}

/** The Regions whose data an account sees from this Region: the Region itself, plus the linked ones in its home Region. */
export function regionsSeenFrom(ctx: Pick<HandlerContext, 'state'>, accountId: string, region: string): string[] {
  const aggregator = securityHubState(ctx.state).aggregators[accountId];
  return aggregator?.region === region ? [region, ...linkedRegions(aggregator)] : [region];
}

function aggregatorArn(accountId: string, record: FindingAggregatorRecord): string {
  return `arn:aws:securityhub:${record.region}:${accountId}:finding-aggregator/${record.id}`;
}

function linking(input: OperationInput, home: string): Pick<FindingAggregatorRecord, 'regionLinkingMode' | 'regions'> {
  const mode = input.RegionLinkingMode;
  if (typeof mode !== 'string' || !(MODES as readonly string[]).includes(mode))
    throw securityHubError(
      'InvalidInputException',
      `Invalid parameter 'RegionLinkingMode': one of ${MODES.join(', ')}.`,
    );
  const regions = Array.isArray(input.Regions) ? input.Regions.map(String) : [];
  if (mode === 'NO_REGIONS' && regions.length > 0)
    throw securityHubError('InvalidInputException', 'Regions must be empty when RegionLinkingMode is NO_REGIONS.');
  if ((mode === 'SPECIFIED_REGIONS' || mode === 'ALL_REGIONS_EXCEPT_SPECIFIED') && regions.length === 0)
    throw securityHubError('InvalidInputException', `Regions is required when RegionLinkingMode is ${mode}.`);
  for (const region of regions) {
    if (!COMMERCIAL_REGIONS.includes(region))
      throw securityHubError(
        'InvalidInputException',
        `Invalid parameter 'Regions': ${region} is not a supported Region.`,
      );
    if (region === home)
      throw securityHubError('InvalidInputException', `The home Region ${home} cannot be a linked Region.`);
  }
  return { regionLinkingMode: mode as FindingAggregatorRecord['regionLinkingMode'], regions };
}

function view(accountId: string, record: FindingAggregatorRecord) {
  return {
    FindingAggregatorArn: aggregatorArn(accountId, record),
    FindingAggregationRegion: record.region,
    RegionLinkingMode: record.regionLinkingMode,
    Regions: record.regions,
  };
}

/** The caller's aggregator named by ARN, or ResourceNotFoundException. */
function ownAggregator(ctx: HandlerContext, arn: unknown): FindingAggregatorRecord {
  const record = securityHubState(ctx.state).aggregators[ctx.caller.accountId];
  if (!record || aggregatorArn(ctx.caller.accountId, record) !== arn)
    throw securityHubError('ResourceNotFoundException', `Finding aggregator ${String(arn)} not found.`);
  return record;
}

const createFindingAggregator: OperationHandler = (input, ctx) => {
  requireHub(ctx);
  const aggregators = securityHubState(ctx.state).aggregators;
  if (aggregators[ctx.caller.accountId])
    throw securityHubError('InvalidInputException', 'A finding aggregator already exists for this account.');
  const record: FindingAggregatorRecord = { id: randomUUID(), region: ctx.region, ...linking(input, ctx.region) };
  aggregators[ctx.caller.accountId] = record;
  return view(ctx.caller.accountId, record);
};

const listFindingAggregators: OperationHandler = (_input, ctx) => {
  const record = securityHubState(ctx.state).aggregators[ctx.caller.accountId];
  return { FindingAggregators: record ? [{ FindingAggregatorArn: aggregatorArn(ctx.caller.accountId, record) }] : [] };
};

const getFindingAggregator: OperationHandler = (input, ctx) =>
  view(ctx.caller.accountId, ownAggregator(ctx, input.FindingAggregatorArn));

const updateFindingAggregator: OperationHandler = (input, ctx) => {
  const record = ownAggregator(ctx, input.FindingAggregatorArn);
  if (record.region !== ctx.region)
    throw securityHubError(
      'InvalidInputException',
      `Update the finding aggregator from its home Region ${record.region}.`,
    );
  Object.assign(record, linking(input, record.region));
  return view(ctx.caller.accountId, record);
};

const deleteFindingAggregator: OperationHandler = (input, ctx) => {
  const record = ownAggregator(ctx, input.FindingAggregatorArn);
  if (record.region !== ctx.region)
    throw securityHubError(
      'InvalidInputException',
      `Delete the finding aggregator from its home Region ${record.region}.`,
    );
  delete securityHubState(ctx.state).aggregators[ctx.caller.accountId];
  return {};
};

/** Cross-Region aggregation: one aggregator per account, in its home Region. */
export const aggregationOperations: Record<string, OperationHandler> = {
  CreateFindingAggregator: createFindingAggregator,
  ListFindingAggregators: listFindingAggregators,
  GetFindingAggregator: getFindingAggregator,
  UpdateFindingAggregator: updateFindingAggregator,
  DeleteFindingAggregator: deleteFindingAggregator,
};
