import type { HandlerContext, OperationHandler, OperationInput } from '../../types.js';
import {
  callerStorageGateway,
  fileShareArn,
  gatewayArn,
  gatewayByArn,
  invalidGatewayRequest,
  storageGatewayPage,
  type FileShare,
} from './model.js';

/** DescribeNFSFileShares / DescribeSMBFileShares take 1 to 10 ARNs. */
const MAX_DESCRIBE = 10;

/** ListFileShares: the account's shares (or one gateway's), from the service's records, so offline gateways' too. */
const listFileShares: OperationHandler = (input, ctx) => {
  const region = callerStorageGateway(ctx);
  const gatewayId = input.GatewayARN === undefined ? undefined : gatewayByArn(ctx, input).gatewayId;
  const shares = Object.values(region.fileShares).filter(
    (share) => gatewayId === undefined || share.gatewayId === gatewayId,
  );
  const page = storageGatewayPage(input, shares, (share) => share.fileShareId, 'ListFileShares', 100);
  return {
    Marker: input.Marker,
    NextMarker: page.nextToken,
    FileShareInfoList: page.items.map((share) => ({
      FileShareType: share.type,
      FileShareARN: fileShareArn(ctx.region, ctx.caller.accountId, share.fileShareId),
      FileShareId: share.fileShareId,
      FileShareStatus: share.status,
      GatewayARN: gatewayArn(ctx.region, ctx.caller.accountId, share.gatewayId),
    })),
  };
};

/** The shares of a FileShareARNList, each of the given type; AWS refuses the whole call for one it does not know. */
function sharesOf(input: OperationInput, ctx: HandlerContext, type: FileShare['type']): FileShare[] {
  const arns = input.FileShareARNList;
  if (!Array.isArray(arns) || arns.length < 1 || arns.length > MAX_DESCRIBE)
    throw invalidGatewayRequest(
      `FileShareARNList must have between 1 and ${MAX_DESCRIBE} items.`,
      'InvalidParameters',
      { FileShareARNList: String(Array.isArray(arns) ? arns.length : arns) },
    );
  const region = callerStorageGateway(ctx);
  return arns.map((arn) => {
    const id = /:share\/(share-[0-9A-F]{8})$/.exec(String(arn))?.[1] ?? '';
    const share = region.fileShares[id];
    if (!share || String(arn) !== fileShareArn(ctx.region, ctx.caller.accountId, id) || share.type !== type)
      throw invalidGatewayRequest(`The specified ${type} file share was not found.`, 'InvalidParameters', {
        fileShareArn: String(arn),
      });
    return share;
  });
}

function commonInfo(share: FileShare, ctx: HandlerContext) {
  return {
    FileShareARN: fileShareArn(ctx.region, ctx.caller.accountId, share.fileShareId),
    FileShareId: share.fileShareId,
    FileShareStatus: share.status,
    GatewayARN: gatewayArn(ctx.region, ctx.caller.accountId, share.gatewayId),
    EncryptionType: 'SseS3',
    KMSEncrypted: false,
    Path: share.path,
    Role: share.role,
    LocationARN: share.locationArn,
    DefaultStorageClass: share.defaultStorageClass,
    ObjectACL: 'bucket-owner-full-control',
    ReadOnly: false,
    GuessMIMETypeEnabled: true,
    RequesterPays: false,
    Tags: [],
    FileShareName: share.name,
  };
}

const describeNfsFileShares: OperationHandler = (input, ctx) => ({
  NFSFileShareInfoList: sharesOf(input, ctx, 'NFS').map((share) => ({
    ...commonInfo(share, ctx),
    NFSFileShareDefaults: { FileMode: '0666', DirectoryMode: '0777', GroupId: 65534, OwnerId: 65534 },
    ClientList: share.clientList,
    Squash: 'RootSquash',
  })),
});

const describeSmbFileShares: OperationHandler = (input, ctx) => ({
  SMBFileShareInfoList: sharesOf(input, ctx, 'SMB').map((share) => ({
    ...commonInfo(share, ctx),
    SMBACLEnabled: true,
    AccessBasedEnumeration: false,
    Authentication: 'ActiveDirectory',
    CaseSensitivity: 'ClientSpecified',
  })),
});

export const fileShareOperations: Record<string, OperationHandler> = {
  ListFileShares: listFileShares,
  DescribeNFSFileShares: describeNfsFileShares,
  DescribeSMBFileShares: describeSmbFileShares,
};
