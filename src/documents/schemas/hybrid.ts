import { z } from 'zod';
import { count, documentSchema, isoTime, milliseconds } from './common.js';

const awsState = z.string().describe("AWS's state string, as AWS reports it");
const path = z.enum(['dx', 'vpn', 'none', 'other']);
const overallPath = z.enum(['dx', 'vpn', 'none', 'other', 'mixed']);
const health = z.enum(['healthy', 'degraded', 'down']);

const failoverTest = z.object({
  testId: z.string(),
  virtualInterfaceId: z.string(),
  status: awsState.describe('e.g. IN_PROGRESS, COMPLETED, CANCELLED'),
  startTime: isoTime.optional(),
  endTime: isoTime.optional(),
  durationMinutes: count.optional(),
  bgpPeers: z.array(z.string()),
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
        }),
      ),
      ruleAssociations: z.array(z.object({ id: z.string(), ruleId: z.string(), vpcId: z.string(), status: awsState })),
    }),
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
  },
);
