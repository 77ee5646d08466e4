import { paginate } from '../../pagination.js';
import type { OperationHandler } from '../../types.js';
import { callerDirectories, directoryError, type Directory } from './model.js';

/** Without a Limit, DescribeDirectories returns what fits one answer; the sandbox pages by 100. */
const DEFAULT_LIMIT = 100;

function describe(directory: Directory) {
  return {
    DirectoryId: directory.directoryId,
    Name: directory.name,
    ShortName: directory.shortName,
    Size: directory.size,
    Description: directory.description,
    DnsIpAddrs: directory.customerDnsIps,
    Stage: directory.stage,
    StageReason: directory.stageReason,
    LaunchTime: new Date(directory.launchTime),
    StageLastUpdatedDateTime: new Date(directory.stageLastUpdated),
    Type: directory.type,
    ConnectSettings: {
      VpcId: directory.vpcId,
      SubnetIds: directory.subnetIds,
      CustomerUserName: directory.customerUserName,
      SecurityGroupId: directory.securityGroupId,
      AvailabilityZones: directory.availabilityZones,
      ConnectIps: directory.connectIps,
    },
    SsoEnabled: false,
  };
}

/** DescribeDirectories: the given directories (each must exist) or all of the account and region, paged. */
const describeDirectories: OperationHandler = (input, ctx) => {
  const directories = callerDirectories(ctx).directories;
  const ids = input.DirectoryIds;
  if (ids !== undefined && !Array.isArray(ids))
    throw directoryError('InvalidParameterException', 'DirectoryIds must be a list.', ctx.requestId);
  for (const id of ids ?? [])
    if (!directories[String(id)])
      throw directoryError('EntityDoesNotExistException', `Directory ${String(id)} does not exist.`, ctx.requestId);
  const chosen = ids
    ? (ids as unknown[]).map((id) => directories[String(id)] as Directory)
    : Object.values(directories);
  const limit = input.Limit === undefined || Number(input.Limit) === 0 ? DEFAULT_LIMIT : Number(input.Limit);
  if (!Number.isInteger(limit) || limit < 0)
    throw directoryError('InvalidParameterException', 'Limit must be a non-negative integer.', ctx.requestId);
  const page = paginate(
    chosen,
    (directory) => directory.directoryId,
    'DescribeDirectories',
    { maxResults: limit, nextToken: input.NextToken === undefined ? undefined : String(input.NextToken) },
    () => directoryError('InvalidNextTokenException', 'The NextToken value is not valid.', ctx.requestId),
  );
  return { DirectoryDescriptions: page.items.map(describe), NextToken: page.nextToken };
};

export const directoryOperations: Record<string, OperationHandler> = {
  DescribeDirectories: describeDirectories,
};
