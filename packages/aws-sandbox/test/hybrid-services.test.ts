import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetDashboardCommand,
  ListMetricsCommand,
  PutDashboardCommand,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { DescribeDirectoriesCommand, DirectoryServiceClient } from '@aws-sdk/client-directory-service';
import {
  CreateTopicCommand,
  ListSubscriptionsByTopicCommand,
  ListTopicsCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  DescribeCacheCommand,
  DescribeGatewayInformationCommand,
  DescribeNFSFileSharesCommand,
  DescribeUploadBufferCommand,
  ListFileSharesCommand,
  ListGatewaysCommand,
  StorageGatewayClient,
} from '@aws-sdk/client-storage-gateway';
import { describe, expect, it } from 'vitest';
import { manualClock, seededHybridSandbox } from './fixtures/hybrid-sandbox.js';
import { clientConfig } from './helpers.js';

async function failure(promise: Promise<unknown>): Promise<Record<string, any>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, any>;
  }
  throw new Error('expected the call to fail');
}

async function sandboxWithClients(options: Parameters<typeof seededHybridSandbox>[0] = {}) {
  const fixture = await seededHybridSandbox(options);
  const config = clientConfig(fixture.sandbox, {});
  return {
    ...fixture,
    sgw: new StorageGatewayClient(config),
    ds: new DirectoryServiceClient(config),
    cloudwatch: new CloudWatchClient(config),
    sns: new SNSClient(config),
  };
}

describe('sandbox Storage Gateway', () => {
  it('lists and describes the seeded File Gateway and its NFS share; offline, the gateway itself does not answer', async () => {
    const { sgw, fault } = await sandboxWithClients();
    const { Gateways = [] } = await sgw.send(new ListGatewaysCommand({}));
    expect(Gateways).toEqual([
      expect.objectContaining({
        GatewayName: 'corp-file-gateway',
        GatewayType: 'FILE_S3',
        GatewayOperationalState: 'ACTIVE',
      }),
    ]);
    const GatewayARN = Gateways[0]?.GatewayARN ?? '';
    expect(GatewayARN).toMatch(/^arn:aws:storagegateway:us-east-1:\d{12}:gateway\/sgw-[0-9A-F]{8}$/);
    expect(await sgw.send(new DescribeGatewayInformationCommand({ GatewayARN }))).toMatchObject({
      GatewayState: 'RUNNING',
      HostEnvironment: 'VMWARE',
      GatewayNetworkInterfaces: [{ Ipv4Address: '10.30.0.15' }],
    });
    expect(await sgw.send(new DescribeCacheCommand({ GatewayARN }))).toMatchObject({
      CacheAllocatedInBytes: 150 * 1024 ** 3,
      CacheDirtyPercentage: 2.1,
    });
    expect(await failure(sgw.send(new DescribeUploadBufferCommand({ GatewayARN })))).toMatchObject({
      name: 'InvalidGatewayRequestException',
      error: { errorCode: 'NotSupported' },
    });
    const { FileShareInfoList = [] } = await sgw.send(new ListFileSharesCommand({ Limit: 1 }));
    expect(FileShareInfoList).toEqual([
      expect.objectContaining({ FileShareType: 'NFS', FileShareStatus: 'AVAILABLE', GatewayARN }),
    ]);
    const { NFSFileShareInfoList = [] } = await sgw.send(
      new DescribeNFSFileSharesCommand({ FileShareARNList: [FileShareInfoList[0]?.FileShareARN ?? ''] }),
    );
    expect(NFSFileShareInfoList[0]).toMatchObject({
      FileShareName: 'corp-archive',
      LocationARN: 'arn:aws:s3:::corp-archive-files',
    });
    expect(
      await failure(
        sgw.send(new DescribeGatewayInformationCommand({ GatewayARN: `${GatewayARN.slice(0, -8)}00000000` })),
      ),
    ).toMatchObject({ name: 'InvalidGatewayRequestException', error: { errorCode: 'GatewayNotFound' } });

    await fault('storage-gateway-offline');
    expect((await sgw.send(new ListGatewaysCommand({}))).Gateways).toHaveLength(1);
    const offline = await failure(sgw.send(new DescribeGatewayInformationCommand({ GatewayARN })));
    expect(offline).toMatchObject({
      name: 'InvalidGatewayRequestException',
      message: 'The specified gateway is not connected.',
      error: { errorCode: 'GatewayNotConnected' },
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('sandbox Directory Service', () => {
  it('describes the AD Connector with its on-premises DNS servers; impaired, it says why', async () => {
    const { ds, fault } = await sandboxWithClients();
    const { DirectoryDescriptions = [] } = await ds.send(new DescribeDirectoriesCommand({}));
    expect(DirectoryDescriptions).toEqual([
      expect.objectContaining({
        Name: 'corp.example.com',
        ShortName: 'CORP',
        Type: 'ADConnector',
        Stage: 'Active',
        DnsIpAddrs: ['10.10.0.2', '10.20.0.2'],
        ConnectSettings: expect.objectContaining({ ConnectIps: ['10.255.0.20', '10.255.1.20'] }),
      }),
    ]);
    await fault('ad-connector-impaired');
    const [impaired] = (await ds.send(new DescribeDirectoriesCommand({}))).DirectoryDescriptions ?? [];
    expect(impaired).toMatchObject({ Stage: 'Impaired', StageReason: expect.stringMatching(/cannot reach the DNS/) });
    expect(await failure(ds.send(new DescribeDirectoriesCommand({ DirectoryIds: ['d-0000000000'] })))).toMatchObject({
      name: 'EntityDoesNotExistException',
      message: 'Directory d-0000000000 does not exist.',
    });
  });
});

describe('sandbox CloudWatch and SNS', () => {
  const bgpAlarm = (vifId: string, connectionId: string, topicArn: string): PutMetricAlarmCommandInput => ({
    AlarmName: `bgp-${vifId}`,
    Namespace: 'AWS/DX',
    MetricName: 'VirtualInterfaceBgpStatus',
    Dimensions: [
      { Name: 'ConnectionId', Value: connectionId },
      { Name: 'VirtualInterfaceId', Value: vifId },
      { Name: 'IpAddressFamily', Value: 'ipv4' },
    ],
    Statistic: 'Minimum',
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'LessThanThreshold',
    TreatMissingData: 'breaching',
    AlarmActions: [topicArn],
    OKActions: [topicArn],
  });

  it('publishes the hybrid metrics AWS does, derived from the physical state', async () => {
    const { cloudwatch, fault } = await sandboxWithClients();
    const metrics = async (Namespace: string, MetricName?: string) =>
      (await cloudwatch.send(new ListMetricsCommand({ Namespace, MetricName, RecentlyActive: 'PT3H' }))).Metrics ?? [];
    expect((await metrics('AWS/DX', 'ConnectionState')).map((metric) => metric.Dimensions?.map((d) => d.Name))).toEqual(
      [['ConnectionId'], ['ConnectionId']],
    );
    expect((await metrics('AWS/DX', 'VirtualInterfaceBgpStatus'))[0]?.Dimensions?.map((d) => d.Name)).toEqual([
      'ConnectionId',
      'VirtualInterfaceId',
      'IpAddressFamily',
    ]);
    expect(await metrics('AWS/VPN')).toHaveLength(3);
    expect(await metrics('AWS/Route53Resolver')).toHaveLength(2);
    expect((await metrics('AWS/StorageGateway'))[0]?.Dimensions?.map((d) => d.Name)).toEqual([
      'GatewayId',
      'GatewayName',
    ]);
    await fault('storage-gateway-offline');
    expect(await metrics('AWS/StorageGateway')).toEqual([]);
  });

  it('evaluates alarms against them: a new alarm at once, a change after its window, with SNS actions', async () => {
    const clock = manualClock();
    const { cloudwatch, sns, dx, fault } = await sandboxWithClients({ now: clock.now, metricMinuteMs: 1000 });
    const { TopicArn = '' } = await sns.send(new CreateTopicCommand({ Name: 'hybrid-alarms' }));
    expect((await sns.send(new CreateTopicCommand({ Name: 'hybrid-alarms' }))).TopicArn).toBe(TopicArn);
    expect((await sns.send(new ListTopicsCommand({}))).Topics).toEqual([{ TopicArn }]);
    expect(
      (await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'oncall@example.com' })))
        .SubscriptionArn,
    ).toBe('pending confirmation');
    expect((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions).toEqual([
      expect.objectContaining({
        SubscriptionArn: 'PendingConfirmation',
        Protocol: 'email',
        Endpoint: 'oncall@example.com',
      }),
    ]);

    const { virtualInterfaces = [] } = await dx.send(
      new (await import('@aws-sdk/client-direct-connect')).DescribeVirtualInterfacesCommand({}),
    );
    const vif = virtualInterfaces[0];
    await cloudwatch.send(
      new PutMetricAlarmCommand(bgpAlarm(vif?.virtualInterfaceId ?? '', vif?.connectionId ?? '', TopicArn)),
    );
    const state = async () => {
      const { MetricAlarms = [] } = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'bgp-' }));
      return [MetricAlarms[0]?.StateValue, MetricAlarms[0]?.StateReason];
    };
    expect(await state()).toEqual([
      'OK',
      expect.stringMatching(/^Threshold Crossed: 1 datapoint \[1\.0 .*\] was not less than the threshold \(1\.0\)\.$/),
    ]);

    const downAt = clock.now();
    await fault('bgp-down', vif?.virtualInterfaceName);
    clock.advance(1000);
    expect((await state())[0]).toBe('OK');
    clock.advance(5 * 1000);
    expect(await state()).toEqual(['ALARM', expect.stringMatching(/\[0\.0 .*\] was less than the threshold/)]);
    // Dated when its window (one 300 s period: 5 metric minutes) closed, not when a request noticed it.
    const { MetricAlarms: [fired] = [] } = await cloudwatch.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: 'bgp-' }),
    );
    expect(fired?.StateUpdatedTimestamp?.getTime()).toBe(downAt + 5 * 1000);
    await fault('bgp-restore');
    clock.advance(5 * 1000);
    expect((await state())[0]).toBe('OK');

    const failed = await failure(cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ['bgp-nothing'] })));
    expect(failed).toMatchObject({ name: 'ResourceNotFound', $metadata: { httpStatusCode: 400 } });
    const missing = await failure(
      cloudwatch.send(new PutMetricAlarmCommand({ ...bgpAlarm('x', 'y', TopicArn), Period: 45 })),
    );
    expect(missing).toMatchObject({ name: 'InvalidParameterValueException', $metadata: { httpStatusCode: 400 } });
    await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [`bgp-${vif?.virtualInterfaceId}`] }));
    expect((await cloudwatch.send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
  });

  it('stores dashboards, checks their body, and says when one does not exist', async () => {
    const { cloudwatch } = await sandboxWithClients();
    const body = JSON.stringify({
      widgets: [{ type: 'text', width: 24, height: 2, properties: { markdown: '# hi' } }],
    });
    expect(
      (await cloudwatch.send(new PutDashboardCommand({ DashboardName: 'hybrid', DashboardBody: body })))
        .DashboardValidationMessages,
    ).toEqual([]);
    expect(await cloudwatch.send(new GetDashboardCommand({ DashboardName: 'hybrid' }))).toMatchObject({
      DashboardBody: body,
      DashboardArn: expect.stringMatching(/^arn:aws:cloudwatch::\d{12}:dashboard\/hybrid$/),
    });
    expect(
      await failure(
        cloudwatch.send(
          new PutDashboardCommand({ DashboardName: 'hybrid', DashboardBody: '{"widgets":[{"type":"pie"}]}' }),
        ),
      ),
    ).toMatchObject({
      name: 'DashboardInvalidInputError',
      dashboardValidationMessages: expect.arrayContaining([
        { DataPath: '/widgets/0/type', Message: expect.any(String) },
      ]),
    });
    // The SDK reads the query error code (x-amzn-query-error) first: AWS's ResourceNotFound.
    expect(await failure(cloudwatch.send(new GetDashboardCommand({ DashboardName: 'nope' })))).toMatchObject({
      name: 'ResourceNotFound',
      $metadata: { httpStatusCode: 400 },
    });
  });
});
