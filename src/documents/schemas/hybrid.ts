import { z } from 'zod';
import { count, documentSchema, isoTime, milliseconds } from './common.js';

const awsState = z.string().describe("AWS's state string, as AWS reports it");
const path = z.enum(['dx', 'vpn', 'none', 'other']);
const overallPath = z.enum(['dx', 'vpn', 'none', 'other', 'mixed']);
const health = z.enum(['healthy', 'degraded', 'down']);
const alarmState = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']);

const failoverTest = z.object({
  testId: z.string(),
  virtualInterfaceId: z.string(),
  status: awsState.describe('e.g. IN_PROGRESS, COMPLETED, CANCELLED'),
  startTime: isoTime.optional(),
  endTime: isoTime.optional(),
  durationMinutes: count.optional(),
  bgpPeers: z.array(z.string()),
});

const ruleAssociation = z.object({ id: z.string(), ruleId: z.string(), vpcId: z.string(), status: awsState });
const vpc = z.object({
  id: z.string(),
  name: z.string().optional(),
  cidrs: z.array(z.string()).describe('the primary CIDR first'),
});

const snapshot = z
  .object({
    collectedAt: isoTime,
    region: z.string(),
    accountId: z.string().optional().describe("the account read; absent: the caller's own"),
    directConnect: z.object({
      connections: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          state: awsState,
          bandwidth: z.string().optional(),
          location: z.string().optional(),
        }),
      ),
      virtualInterfaces: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          type: z.string().describe('private, public or transit'),
          state: awsState.describe('testing while a BGP failover test runs'),
          connectionId: z.string(),
          addressFamily: z.string().optional().describe('ipv4 or ipv6'),
          directConnectGatewayId: z.string().optional(),
          virtualGatewayId: z.string().optional(),
          bgpPeers: z.array(
            z.object({ id: z.string(), status: z.enum(['up', 'down', 'unknown']), state: awsState.optional() }),
          ),
        }),
      ),
      gateways: z.array(
        z.object({ id: z.string(), name: z.string(), state: awsState, amazonSideAsn: z.number().optional() }),
      ),
      associations: z.array(
        z.object({
          id: z.string(),
          directConnectGatewayId: z.string(),
          associatedGatewayId: z.string(),
          associatedGatewayType: z.string().optional(),
          state: awsState,
          allowedPrefixes: z.array(z.string()),
        }),
      ),
      tests: z.array(failoverTest).describe('failover tests of the interfaces being tested'),
    }),
    vpn: z.object({
      connections: z.array(
        z.object({
          id: z.string(),
          name: z.string().optional(),
          state: awsState,
          transitGatewayId: z.string().optional(),
          vpnGatewayId: z.string().optional(),
          customerGatewayId: z.string().optional(),
          staticRoutesOnly: z.boolean(),
          tunnels: z.array(
            z.object({
              outsideIp: z.string(),
              status: z.enum(['UP', 'DOWN']),
              statusMessage: z.string().optional(),
              lastStatusChange: isoTime.optional(),
              acceptedRoutes: count,
            }),
          ),
        }),
      ),
      customerGateways: z.array(
        z.object({
          id: z.string(),
          name: z.string().optional(),
          ipAddress: z.string().optional(),
          bgpAsn: z.string().optional(),
          state: awsState,
        }),
      ),
    }),
    transitGateways: z.array(
      z.object({
        id: z.string(),
        name: z.string().optional(),
        state: awsState,
        ownerId: z.string().optional(),
        vpnEcmpSupport: z.boolean(),
      }),
    ),
    attachments: z.array(
      z.object({
        id: z.string(),
        transitGatewayId: z.string(),
        resourceType: z.string().describe('vpc, vpn, direct-connect-gateway, connect, peering, ...'),
        resourceId: z.string(),
        resourceOwnerId: z.string().optional(),
        state: awsState,
        name: z.string().optional(),
        routeTableId: z.string().optional().describe('the route table the attachment is associated with'),
      }),
    ),
    routeTables: z.array(
      z.object({
        id: z.string(),
        transitGatewayId: z.string(),
        name: z.string().optional(),
        propagations: z.array(z.string()).describe('attachment ids whose routes propagate into the table'),
        routes: z.array(
          z.object({
            cidr: z.string(),
            type: z.enum(['static', 'propagated']),
            state: awsState.describe('active or blackhole'),
            attachments: z.array(
              z.object({ attachmentId: z.string(), resourceType: z.string(), resourceId: z.string() }),
            ),
            asPathLength: count.optional(),
            med: count.optional(),
          }),
        ),
      }),
    ),
    dns: z.object({
      endpoints: z.array(
        z.object({
          id: z.string(),
          name: z.string().optional(),
          direction: z.string().describe('INBOUND or OUTBOUND'),
          status: awsState,
          statusMessage: z.string().optional(),
          vpcId: z.string().optional(),
          ipAddresses: z.array(
            z.object({
              ip: z.string(),
              subnetId: z.string(),
              availabilityZone: z.string().optional().describe("the subnet's zone, when it could be read"),
              status: awsState,
            }),
          ),
        }),
      ),
      rules: z.array(
        z.object({
          id: z.string(),
          name: z.string().optional(),
          domainName: z.string(),
          ruleType: z.string().describe('FORWARD, SYSTEM or RECURSIVE'),
          status: awsState,
          endpointId: z.string().optional(),
          targets: z.array(z.object({ ip: z.string(), port: z.int().optional() })),
          ownerId: z.string().optional().describe("the account that owns the rule (another account's when shared)"),
          shareStatus: z.string().optional().describe('AWS RAM: NOT_SHARED, SHARED_BY_ME or SHARED_WITH_ME'),
        }),
      ),
      ruleAssociations: z.array(ruleAssociation),
    }),
    vpcs: z.array(vpc).describe("the network account's VPCs"),
    storageGateway: z.object({
      gateways: z.array(
        z.object({
          arn: z.string(),
          id: z.string(),
          name: z.string(),
          type: z.string().describe('FILE_S3, FILE_FSX_SMB, CACHED, STORED, VTL, ...'),
          operationalState: awsState.optional().describe('ListGateways: ACTIVE or DISABLED'),
          state: awsState
            .optional()
            .describe('DescribeGatewayInformation: RUNNING or SHUTDOWN; absent when AWS cannot reach the gateway'),
          connected: z.boolean().describe('false when AWS answered GatewayNotConnected'),
          hostEnvironment: z.string().optional(),
          softwareVersion: z.string().optional(),
          nextUpdateAvailabilityDate: z.string().optional().describe('a software update is available (absent: none)'),
          softwareUpdatesEndDate: z.string().optional(),
          deprecationDate: z.string().optional(),
          cache: z
            .object({
              allocatedBytes: z.number().nonnegative(),
              usedPercent: z.number(),
              dirtyPercent: z.number(),
              hitPercent: z.number().optional(),
            })
            .optional(),
          uploadBuffer: z
            .object({ allocatedBytes: z.number().nonnegative(), usedBytes: z.number().nonnegative() })
            .optional()
            .describe('volume and tape gateways only'),
        }),
      ),
      fileShares: z.array(
        z.object({
          arn: z.string(),
          id: z.string(),
          type: z.string().describe('NFS or SMB'),
          status: awsState.describe('CREATING, UPDATING, AVAILABLE, DELETING, ...'),
          gatewayArn: z.string(),
          name: z.string().optional(),
          location: z.string().optional().describe('the S3 bucket or access point'),
        }),
      ),
    }),
    directories: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        shortName: z.string().optional(),
        type: z.string().describe('ADConnector, MicrosoftAD, SimpleAD or SharedMicrosoftAD'),
        size: z.string().optional(),
        stage: awsState.describe('Active, Impaired, Inoperable, Creating, ...'),
        stageReason: z.string().optional(),
        dnsIps: z.array(z.string()).describe("an AD Connector's on-premises DNS servers"),
        vpcId: z.string().optional(),
        subnetIds: z.array(z.string()),
        connectIps: z.array(z.string()).describe("the AD Connector's own addresses in the VPC"),
      }),
    ),
    accountDns: z
      .object({
        accounts: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            vpcs: z.array(vpc).describe('the VPCs the account baseline placed (tag awsarch:baseline)'),
            rules: z
              .array(
                z.object({
                  id: z.string(),
                  domainName: z.string(),
                  ruleType: z.string(),
                  ownerId: z.string().optional(),
                  shareStatus: z.string().optional(),
                }),
              )
              .describe('Resolver rules the account can use: its own and those shared with it'),
            ruleAssociations: z.array(ruleAssociation),
            error: z.string().optional().describe('why the account could not be read; nothing else is known then'),
          }),
        ),
      })
      .optional()
      .describe('DNS in every account of the organization; absent when not read (no organization, --no-account-dns)'),
    unavailableServices: z.array(z.string()).describe('services this Region does not offer'),
    collection: z.object({
      rounds: count.describe('sequential rounds of API calls'),
      calls: count.describe('API calls made, retries not counted'),
      durationMs: milliseconds,
      warnings: z.array(z.string()).describe('reads that failed without making the snapshot useless'),
    }),
  })
  .meta({ id: 'HybridSnapshot', description: 'what was read from AWS, normalised' });

const finding = z.object({
  code: z.string().describe('stable, e.g. dx-bgp-down, vpn-tunnel-down, path-backup'),
  severity: z.enum(['critical', 'warning', 'info']),
  subject: z.string().describe('the component id or prefix it is about'),
  text: z.string(),
  fix: z.string().optional().describe('what to change (the network lint always says)'),
});

const assessment = z
  .object({
    status: health.describe(
      'healthy: primary path; degraded: backup path or redundancy lost; down: a prefix has no path',
    ),
    path: overallPath,
    headline: z.string(),
    prefixes: z.array(
      z.object({
        prefix: z.string(),
        path: path.describe('the worst path over the route tables the VPCs use'),
        tables: z.array(
          z.object({
            routeTableId: z.string(),
            path,
            routeCidr: z.string().optional().describe('the route that matched'),
            routeType: z.enum(['static', 'propagated']).optional(),
            attachmentIds: z.array(z.string()),
            via: z.string(),
          }),
        ),
      }),
    ),
    components: z.array(
      z.object({
        id: z.string(),
        kind: z.enum([
          'dx-connection',
          'dx-vif',
          'dx-gateway',
          'vpn',
          'vpn-tunnel',
          'customer-gateway',
          'transit-gateway',
          'vpc',
          'resolver-endpoint',
          'resolver-rule',
          'storage-gateway',
          'file-share',
          'directory',
          'dns-server',
          'account-dns',
        ]),
        name: z.string(),
        health,
        detail: z.string(),
        parentId: z.string().optional(),
        active: z.boolean().optional().describe('carries on-premises traffic now'),
      }),
    ),
    findings: z.array(finding),
    backup: z
      .object({ ready: z.boolean(), vpnIds: z.array(z.string()), reasons: z.array(z.string()) })
      .describe('whether the VPN could take the traffic (the failover test refuses otherwise)'),
  })
  .meta({ id: 'HybridAssessment' });

export const hybridStatusDocument = documentSchema(
  'hybrid-status',
  { title: 'awsarch hybrid status', description: 'What was read and which path on-premises traffic takes.' },
  { snapshot, assessment },
);

export const hybridStatusFrameDocument = documentSchema(
  'hybrid-status-frame',
  {
    title: 'awsarch hybrid status --watch (one line per refresh)',
    description: 'One refresh of hybrid status --watch, on a line of its own (NDJSON), with what changed.',
  },
  {
    snapshot,
    assessment,
    changes: z
      .object({
        components: z.array(z.string()).describe('ids whose health or detail changed, or that appeared'),
        prefixes: z.array(z.string()).describe('prefixes whose path changed, or that appeared'),
        findings: z.array(z.string()).describe('new findings, as code|subject'),
        resolved: z.array(z.string()).describe('findings that are gone, in their old words'),
      })
      .describe('since the previous refresh; all empty on the first'),
  },
);

const pathSummary = z.object({ status: health, path: overallPath, headline: z.string() });

export const hybridStatusWatchDocument = documentSchema(
  'hybrid-status-watch',
  {
    title: 'awsarch hybrid status --watch (last line)',
    description: 'The last line of hybrid status --watch, once it is stopped.',
  },
  {
    watch: z.object({
      refreshes: count,
      last: pathSummary.optional().describe('the last status read; absent when none was'),
    }),
  },
);

export const hybridFailoverTestFrameDocument = documentSchema(
  'hybrid-failover-test-frame',
  {
    title: 'awsarch hybrid failover-test (one line per change of the path)',
    description: 'A change of the path seen while the failover test runs, on a line of its own (NDJSON).',
  },
  {
    phase: z
      .enum(['precheck', 'failover', 'expiry', 'failback'])
      .describe(
        'precheck: is the backup ready; failover: BGP is down, waiting for the path to move; expiry: --wait, ' +
          'waiting for the test to end; failback: the test ended, waiting for the path to come back',
      ),
    description: z.string().describe('the phase in words'),
    at: isoTime,
    status: health,
    path: overallPath,
    headline: z.string(),
    prefixes: z.array(z.object({ prefix: z.string(), path })),
    alarming: z.array(z.string()).describe('the hybrid alarms in ALARM at this read'),
  },
);

export const hybridFailoverTestDocument = documentSchema(
  'hybrid-failover-test',
  { title: 'awsarch hybrid failover-test', description: 'The outcome of a BGP failover test and its times.' },
  {
    vifs: z.array(z.object({ id: z.string(), name: z.string() })),
    prefixes: z.array(z.string()),
    expected: z.enum(['dx', 'vpn']).describe('where traffic should go during the test'),
    outcome: z
      .enum(['failed-over', 'stayed-on-dx', 'no-failover', 'traffic-dropped'])
      .describe(
        'failed-over: moved to the VPN; stayed-on-dx: the other interfaces kept it; no-failover: the test ended ' +
          'first; traffic-dropped: a prefix lost its path',
      ),
    failoverMs: milliseconds.optional().describe('from the start of the test to the first read on the VPN'),
    failbackMs: milliseconds.optional().describe('from the end of the test to the first read back on Direct Connect'),
    ended: z.enum(['stopped', 'expired']),
    pollIntervalMs: milliseconds.describe('the path was read this often: the accuracy of the times'),
    tests: z.array(failoverTest),
    before: pathSummary,
    during: pathSummary.optional(),
    after: pathSummary.optional(),
    alarms: z
      .array(
        z.object({
          name: z.string(),
          before: alarmState.optional(),
          during: alarmState.optional().describe('the worst state seen while BGP was down'),
          after: alarmState.optional(),
          firedAt: isoTime.optional().describe("when it went to ALARM (CloudWatch's StateUpdatedTimestamp)"),
          clearedAt: isoTime.optional().describe('when it was OK again after firing'),
          firedAfterMs: milliseconds.optional().describe("from the start of its interface's test (else the first)"),
          clearedAfterMs: milliseconds.optional().describe("from the end of its interface's test (else the last)"),
        }),
      )
      .describe('what each hybrid alarm did during the test; empty when there are none'),
    alarmsNote: z.string().optional().describe('why the alarms were not followed, when they were not'),
  },
);

const dimension = z.object({ name: z.string(), value: z.string() });
const subscription = z.object({
  endpoint: z.string(),
  protocol: z.string(),
  status: z.enum(['confirmed', 'pending confirmation']),
});
const alarmSubject = z
  .object({
    kind: z.enum(['dx-connection', 'dx-vif', 'vpn-tunnel', 'resolver-endpoint', 'storage-gateway']),
    id: z.string(),
    name: z.string(),
  })
  .describe('the component the alarm watches');

export const hybridAlarmsApplyDocument = documentSchema(
  'hybrid-alarms-apply',
  {
    title: 'awsarch hybrid alarms apply',
    description: 'The CloudWatch alarms, SNS topic and dashboard on the hybrid estate: what was (or would be) changed.',
  },
  {
    accountId: z.string(),
    region: z.string(),
    topicArn: z.string(),
    dryRun: z.boolean(),
    applied: z.boolean().describe('false when nothing was written (nothing to change, or --dry-run)'),
    writes: count.describe('write calls made (0 on a second run)'),
    changes: z.array(
      z.object({
        action: z.enum(['create-topic', 'subscribe', 'create-alarm', 'update-alarm', 'delete-alarms', 'put-dashboard']),
        target: z.string(),
        description: z.string(),
      }),
    ),
    alarms: z.array(
      z.object({
        name: z.string(),
        subject: alarmSubject,
        namespace: z.string().describe('AWS/DX, AWS/VPN, AWS/Route53Resolver or AWS/StorageGateway'),
        metricName: z.string(),
        dimensions: z.array(dimension),
        dimensionsFrom: z
          .enum(['published', 'documented'])
          .describe(
            "published: a metric stream CloudWatch lists; documented: AWS's documented dimensions, no data yet",
          ),
        threshold: z.number(),
        action: z.enum(['created', 'updated', 'unchanged']),
        differences: z.array(z.string()).describe('what an update changes'),
        state: alarmState.optional(),
      }),
    ),
    deleted: z.array(z.string()).describe('alarms of components that are gone'),
    subscriptions: z.array(subscription),
    dashboard: z.object({ name: z.string(), action: z.enum(['created', 'updated', 'unchanged']) }),
    dashboardMessages: z.array(z.string()).describe('what CloudWatch said about the dashboard body'),
  },
);

export const hybridAlarmsStatusDocument = documentSchema(
  'hybrid-alarms-status',
  {
    title: 'awsarch hybrid alarms status',
    description: 'Each hybrid alarm with its state, what apply would change, and who is notified.',
  },
  {
    accountId: z.string(),
    region: z.string(),
    topicArn: z.string().optional().describe('absent when the topic does not exist'),
    subscriptions: z.array(subscription),
    dashboard: z.enum(['present', 'missing', 'different']),
    alarms: z.array(
      z.object({
        name: z.string(),
        subject: alarmSubject.optional(),
        metric: z.string().describe('namespace and metric name'),
        state: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA', 'MISSING']).describe('MISSING: apply would create it'),
        reason: z.string().optional().describe("CloudWatch's state reason"),
        since: isoTime.optional(),
        drift: z.array(z.string()).describe('where the alarm differs from what apply makes'),
      }),
    ),
    stale: z.array(z.string()).describe('awsarch alarms of components that are gone (apply deletes them)'),
    pending: z.array(z.string()).describe('the changes hybrid alarms apply would make'),
    counts: z.object({ ok: count, alarm: count, insufficientData: count, missing: count }),
  },
);
