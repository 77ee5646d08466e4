import { DescribeDirectoriesCommand, DirectoryServiceClient } from '@aws-sdk/client-directory-service';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  AWSOrganizationsNotInUseException,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  ListResolverRuleAssociationsCommand,
  ListResolverRulesCommand,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import {
  DescribeCacheCommand,
  DescribeGatewayInformationCommand,
  DescribeNFSFileSharesCommand,
  InvalidGatewayRequestException,
  ListFileSharesCommand,
  ListGatewaysCommand,
  StorageGatewayClient,
} from '@aws-sdk/client-storage-gateway';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { collectAccountDns } from '../../src/hybrid/collect-account-dns.js';
import { collectDirectories } from '../../src/hybrid/collect-directories.js';
import { collectStorageGateway } from '../../src/hybrid/collect-storage-gateway.js';
import type { ReadProblems } from '../../src/hybrid/tracked-reads.js';
import { testContext } from '../helpers/context.js';

const sgw = mockClient(StorageGatewayClient);
const ds = mockClient(DirectoryServiceClient);
const orgs = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);
const ec2 = mockClient(EC2Client);
// The Resolver client is published only up to 3.654, built on older @smithy/types than the mock library:
// the types disagree, the runtime does not.
const resolver = mockClient(Route53ResolverClient as any) as any;
afterEach(() => [sgw, ds, orgs, sts, ec2, resolver].forEach((mock) => mock.reset()));

const problems = (): ReadProblems => ({ warnings: [], unavailableServices: [] });
const ARN = 'arn:aws:storagegateway:us-east-1:111122223333:gateway/sgw-12A3456B';

describe('collecting Storage Gateway', () => {
  it('reads gateways and shares in two rounds; a gateway AWS cannot reach is offline, not an error', async () => {
    sgw.on(ListGatewaysCommand).resolves({
      Gateways: [
        {
          GatewayARN: ARN,
          GatewayId: 'sgw-12A3456B',
          GatewayName: 'corp-file-gateway',
          GatewayType: 'FILE_S3',
          GatewayOperationalState: 'ACTIVE',
        },
      ],
    });
    sgw.on(ListFileSharesCommand).resolves({
      FileShareInfoList: [
        {
          FileShareARN: `${ARN}-share`,
          FileShareId: 'share-1',
          FileShareType: 'NFS',
          FileShareStatus: 'AVAILABLE',
          GatewayARN: ARN,
        },
      ],
    });
    sgw.on(DescribeNFSFileSharesCommand).resolves({
      NFSFileShareInfoList: [
        { FileShareARN: `${ARN}-share`, FileShareName: 'corp-archive', LocationARN: 'arn:aws:s3:::corp' },
      ],
    });
    const notConnected = new InvalidGatewayRequestException({
      message: 'The specified gateway is not connected.',
      $metadata: {},
      error: { errorCode: 'GatewayNotConnected', errorDetails: {} },
    });
    sgw.on(DescribeGatewayInformationCommand).rejects(notConnected);
    sgw.on(DescribeCacheCommand).rejects(notConnected);
    const { aws } = testContext();
    const found = await collectStorageGateway(aws, {}, problems());
    expect(found.depth).toBe(2);
    expect(found.value.gateways).toEqual([
      expect.objectContaining({ id: 'sgw-12A3456B', connected: false, state: undefined, cache: undefined }),
    ]);
    expect(found.value.fileShares).toEqual([
      expect.objectContaining({
        id: 'share-1',
        status: 'AVAILABLE',
        name: 'corp-archive',
        location: 'arn:aws:s3:::corp',
      }),
    ]);
  });

  it('an account without Storage Gateway has an empty picture; a Region without it is one note', async () => {
    sgw.on(ListGatewaysCommand).resolves({ Gateways: [] });
    sgw.on(ListFileSharesCommand).resolves({ FileShareInfoList: [] });
    const { aws } = testContext();
    const none = problems();
    expect((await collectStorageGateway(aws, {}, none)).value).toEqual({ gateways: [], fileShares: [] });
    expect(none).toEqual({ warnings: [], unavailableServices: [] });

    const dnsFailure = Object.assign(new Error('getaddrinfo ENOTFOUND storagegateway.ap-east-2.amazonaws.com'), {
      code: 'ENOTFOUND',
    });
    sgw.on(ListGatewaysCommand).rejects(dnsFailure);
    sgw.on(ListFileSharesCommand).rejects(dnsFailure);
    const missing = problems();
    await collectStorageGateway(aws, {}, missing);
    expect(missing).toEqual({ warnings: [], unavailableServices: ['Storage Gateway'] });
  });
});

describe('collecting Directory Service', () => {
  it("reads an AD Connector's stage and the on-premises DNS servers it uses", async () => {
    ds.on(DescribeDirectoriesCommand).resolves({
      DirectoryDescriptions: [
        {
          DirectoryId: 'd-9067a1b2c3',
          Name: 'corp.example.com',
          Type: 'ADConnector',
          Stage: 'Impaired',
          StageReason: 'DNS unreachable',
          DnsIpAddrs: ['10.10.0.2', '10.20.0.2'],
          ConnectSettings: { VpcId: 'vpc-1', SubnetIds: ['subnet-a', 'subnet-b'], ConnectIps: ['10.255.0.20'] },
        },
      ],
    });
    const { aws } = testContext();
    const found = await collectDirectories(aws, {}, problems());
    expect(found.value).toEqual([
      {
        id: 'd-9067a1b2c3',
        name: 'corp.example.com',
        shortName: undefined,
        type: 'ADConnector',
        size: undefined,
        stage: 'Impaired',
        stageReason: 'DNS unreachable',
        dnsIps: ['10.10.0.2', '10.20.0.2'],
        vpcId: 'vpc-1',
        subnetIds: ['subnet-a', 'subnet-b'],
        connectIps: ['10.255.0.20'],
      },
    ]);
  });
});

describe('collecting DNS in every account', () => {
  it('reads the caller account directly and members through their role, in three rounds', async () => {
    orgs.on(ListAccountsCommand).resolves({
      Accounts: [
        { Id: '111122223333', Name: 'Management', Status: 'ACTIVE' },
        { Id: '222233334444', Name: 'Dev', Status: 'ACTIVE' },
        { Id: '333344445555', Name: 'Gone', Status: 'SUSPENDED' },
      ],
    });
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIA1',
        SecretAccessKey: 's',
        SessionToken: 't',
        Expiration: new Date(Date.now() + 3_600_000),
      },
    });
    ec2
      .on(DescribeVpcsCommand)
      .resolves({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.128.0.0/16', Tags: [{ Key: 'Name', Value: 'baseline' }] }] });
    resolver.on(ListResolverRulesCommand).resolves({ ResolverRules: [] });
    resolver.on(ListResolverRuleAssociationsCommand).resolves({ ResolverRuleAssociations: [] });
    const { aws } = testContext();
    const found = await collectAccountDns(aws, problems());
    expect(found.depth).toBe(3);
    expect(found.value?.accounts.map((account) => [account.id, account.vpcs.map((vpc) => vpc.cidrs[0])])).toEqual([
      ['111122223333', ['10.128.0.0/16']],
      ['222233334444', ['10.128.0.0/16']],
    ]);
    expect(ec2.commandCalls(DescribeVpcsCommand)[0]?.args[0].input.Filters).toEqual([
      { Name: 'tag-key', Values: ['awsarch:baseline'] },
    ]);
  });

  it('without an organization there is nothing more to check; a member that cannot be read says why', async () => {
    orgs
      .on(ListAccountsCommand)
      .rejects(new AWSOrganizationsNotInUseException({ message: 'not in use', $metadata: {} }));
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
    const { aws } = testContext();
    const noOrg = problems();
    expect((await collectAccountDns(aws, noOrg)).value).toBeUndefined();
    expect(noOrg.warnings).toEqual([]);

    orgs.on(ListAccountsCommand).resolves({ Accounts: [{ Id: '222233334444', Name: 'Dev', Status: 'ACTIVE' }] });
    // The mocks stand in for the whole call, credentials included: a refused role surfaces on the first read.
    ec2
      .on(DescribeVpcsCommand)
      .rejects(Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' }));
    resolver.on(ListResolverRulesCommand).resolves({ ResolverRules: [] });
    resolver.on(ListResolverRuleAssociationsCommand).resolves({ ResolverRuleAssociations: [] });
    const denied = await collectAccountDns(testContext().aws, problems());
    expect(denied.value?.accounts[0]).toMatchObject({
      id: '222233334444',
      error: expect.stringMatching(/access denied/),
    });
  });
});
