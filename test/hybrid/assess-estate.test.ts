import { describe, expect, it } from 'vitest';
import { assessHybridPath } from '../../src/hybrid/assess.js';
import type { Health } from '../../src/hybrid/assessment.js';
import type {
  AccountDnsInfo,
  DirectoryInfo,
  FileShareInfo,
  HybridSnapshot,
  StorageGatewayInfo,
} from '../../src/hybrid/snapshot.js';
import { dxRoute, IDS, setRoutes, snapshotWith, vpcRoute, vpnRoute } from './snapshots.js';

const GATEWAY_ARN = 'arn:aws:storagegateway:us-east-1:111122223333:gateway/sgw-12A3456B';

function gateway(extra: Partial<StorageGatewayInfo> = {}): StorageGatewayInfo {
  return {
    arn: GATEWAY_ARN,
    id: 'sgw-12A3456B',
    name: 'corp-file-gateway',
    type: 'FILE_S3',
    operationalState: 'ACTIVE',
    state: 'RUNNING',
    connected: true,
    cache: { allocatedBytes: 161061273600, usedPercent: 41.5, dirtyPercent: 3.2, hitPercent: 97 },
    ...extra,
  };
}

function share(extra: Partial<FileShareInfo> = {}): FileShareInfo {
  return {
    arn: 'arn:aws:storagegateway:us-east-1:111122223333:share/share-AB12CD34',
    id: 'share-AB12CD34',
    type: 'NFS',
    status: 'AVAILABLE',
    gatewayArn: GATEWAY_ARN,
    name: 'corp-archive',
    location: 'arn:aws:s3:::corp-archive-111122223333',
    ...extra,
  };
}

function adConnector(extra: Partial<DirectoryInfo> = {}): DirectoryInfo {
  return {
    id: 'd-9067a1b2c3',
    name: 'corp.example.com',
    shortName: 'CORP',
    type: 'ADConnector',
    size: 'Small',
    stage: 'Active',
    dnsIps: ['10.10.0.2', '10.20.0.2'],
    vpcId: IDS.vpc,
    subnetIds: [IDS.subnetA, IDS.subnetB],
    connectIps: ['10.255.0.20', '10.255.1.20'],
    ...extra,
  };
}

interface EstateCase {
  name: string;
  snapshot: HybridSnapshot;
  exitCode: 0 | 4 | 5;
  /** Codes of the warning and critical findings about the estate (Storage Gateway, directories, DNS in accounts). */
  findings: string[];
  /** Health of components by id. */
  health?: Record<string, Health>;
  says?: RegExp[];
}

const withStorage = (gateways: StorageGatewayInfo[], fileShares: FileShareInfo[]) => (snapshot: HybridSnapshot) => {
  snapshot.storageGateway = { gateways, fileShares };
};
const withDirectory = (directory: DirectoryInfo) => (snapshot: HybridSnapshot) => {
  snapshot.directories = [directory];
};

const ESTATE = /^(sgw-|dir-|dns-vpc|dns-account)/;

const STORAGE_GATEWAY: EstateCase[] = [
  {
    name: 'a running file gateway with an available share',
    snapshot: snapshotWith(withStorage([gateway()], [share()])),
    exitCode: 0,
    findings: [],
    health: { 'sgw-12A3456B': 'healthy', 'share-AB12CD34': 'healthy' },
  },
  {
    name: 'a gateway AWS cannot reach is offline, its shares unusable: degraded',
    snapshot: snapshotWith(withStorage([gateway({ connected: false, state: undefined })], [share()])),
    exitCode: 4,
    findings: ['sgw-offline'],
    health: { 'sgw-12A3456B': 'down', 'share-AB12CD34': 'down' },
    says: [
      /Storage Gateway sgw-12A3456B \(corp-file-gateway\) is offline: AWS cannot reach it \(GatewayNotConnected\): its file share \(corp-archive\) cannot be used/,
    ],
  },
  {
    name: 'a gateway shut down',
    snapshot: snapshotWith(withStorage([gateway({ state: 'SHUTDOWN' })], [])),
    exitCode: 4,
    findings: ['sgw-offline'],
    health: { 'sgw-12A3456B': 'down' },
    says: [/is SHUTDOWN/],
  },
  {
    name: 'a cache over 80 % dirty',
    snapshot: snapshotWith(
      withStorage([gateway({ cache: { allocatedBytes: 1, usedPercent: 95, dirtyPercent: 86.4 } })], [share()]),
    ),
    exitCode: 4,
    findings: ['sgw-cache-dirty'],
    health: { 'sgw-12A3456B': 'degraded' },
    says: [/has 86\.4% of its cache not yet uploaded to AWS/],
  },
  {
    name: 'a volume gateway with its upload buffer nearly full',
    snapshot: snapshotWith(
      withStorage([gateway({ type: 'CACHED', uploadBuffer: { allocatedBytes: 100, usedBytes: 91 } })], []),
    ),
    exitCode: 4,
    findings: ['sgw-upload-buffer'],
    says: [/has used 91% of its upload buffer/],
  },
  {
    name: 'a software update pending is worth knowing, not degraded',
    snapshot: snapshotWith(withStorage([gateway({ nextUpdateAvailabilityDate: '2026-11-30' })], [share()])),
    exitCode: 0,
    findings: [],
    health: { 'sgw-12A3456B': 'healthy' },
    says: [/has a software update available \(2026-11-30\)/],
  },
  {
    name: 'software updates ending within 90 days',
    snapshot: snapshotWith(withStorage([gateway({ softwareUpdatesEndDate: '2027-01-15' })], [])),
    exitCode: 4,
    findings: ['sgw-end-of-support'],
    says: [/software updates end on 2027-01-15 \(in 51 days\)/],
  },
  {
    name: 'a share being created is passing; a deleting one is a warning',
    snapshot: snapshotWith(
      withStorage(
        [gateway()],
        [
          share(),
          share({ id: 'share-CREATING', arn: 'arn:c', status: 'CREATING' }),
          share({ id: 'share-DEL', arn: 'arn:d', status: 'DELETING' }),
        ],
      ),
    ),
    exitCode: 4,
    findings: ['sgw-share-status'],
    health: { 'share-CREATING': 'degraded', 'share-DEL': 'down' },
  },
];

const DIRECTORIES: EstateCase[] = [
  {
    name: 'an active AD Connector whose DNS servers route over Direct Connect',
    snapshot: snapshotWith(withDirectory(adConnector())),
    exitCode: 0,
    findings: [],
    health: { 'd-9067a1b2c3': 'healthy', 'd-9067a1b2c3#10.10.0.2': 'healthy' },
  },
  {
    name: 'an impaired AD Connector: degraded',
    snapshot: snapshotWith(
      withDirectory(
        adConnector({ stage: 'Impaired', stageReason: 'DNS servers are unreachable from the AD Connector.' }),
      ),
    ),
    exitCode: 4,
    findings: ['dir-impaired'],
    health: { 'd-9067a1b2c3': 'degraded' },
    says: [/AD Connector d-9067a1b2c3 \(corp\.example\.com\) is Impaired: DNS servers are unreachable/],
  },
  {
    name: 'an inoperable AD Connector is down',
    snapshot: snapshotWith(withDirectory(adConnector({ stage: 'Inoperable' }))),
    exitCode: 4,
    findings: ['dir-impaired'],
    health: { 'd-9067a1b2c3': 'down' },
  },
  {
    name: 'a DNS server outside every announced prefix: redundancy lost',
    snapshot: snapshotWith(withDirectory(adConnector({ dnsIps: ['10.10.0.2', '192.168.5.2'] }))),
    exitCode: 4,
    findings: ['dir-dns-unreachable'],
    health: { 'd-9067a1b2c3': 'degraded', 'd-9067a1b2c3#192.168.5.2': 'down' },
    says: [/no route over Direct Connect or the VPN covers 192\.168\.5\.2: it has lost DNS redundancy/],
  },
  {
    name: 'DNS servers reachable only over the VPN are still reachable',
    snapshot: snapshotWith((snapshot) => {
      withDirectory(adConnector())(snapshot);
      setRoutes(snapshot, [vpnRoute('10.0.0.0/9'), vpcRoute, dxRoute('172.16.0.0/12')]);
    }),
    exitCode: 4,
    findings: [],
    health: { 'd-9067a1b2c3': 'healthy', 'd-9067a1b2c3#10.10.0.2': 'degraded' },
  },
  {
    name: 'an AD Connector in a VPC not attached to the transit gateway finds no domain controller',
    snapshot: snapshotWith(withDirectory(adConnector({ vpcId: 'vpc-0000000000000lone' }))),
    exitCode: 4,
    findings: ['dir-dns-unreachable'],
    health: { 'd-9067a1b2c3': 'down' },
    says: [/its VPC vpc-0000000000000lone is not attached to a transit gateway that reaches on-premises/],
  },
  {
    name: 'a directory being created is passing',
    snapshot: snapshotWith(withDirectory(adConnector({ stage: 'Creating' }))),
    exitCode: 0,
    findings: [],
    says: [/is Creating/],
  },
];

const dev = (extra: Partial<AccountDnsInfo> = {}): AccountDnsInfo => ({
  id: '222233334444',
  name: 'Dev',
  vpcs: [{ id: 'vpc-0000000000000dev1', name: 'baseline', cidrs: ['10.128.0.0/16'] }],
  rules: [
    {
      id: IDS.rule,
      domainName: 'corp.example.com',
      ruleType: 'FORWARD',
      ownerId: '111122223333',
      shareStatus: 'SHARED_WITH_ME',
    },
  ],
  ruleAssociations: [{ id: 'rslvr-rrassoc-dev', ruleId: IDS.rule, vpcId: 'vpc-0000000000000dev1', status: 'COMPLETE' }],
  ...extra,
});
const withAccounts =
  (...accounts: AccountDnsInfo[]) =>
  (snapshot: HybridSnapshot) => {
    snapshot.accountId = '111122223333';
    snapshot.accountDns = { accounts };
  };

const ACCOUNT_DNS: EstateCase[] = [
  {
    name: 'the rule shared with the account and associated with its baselined VPC',
    snapshot: snapshotWith(withAccounts(dev())),
    exitCode: 0,
    findings: [],
    health: { '222233334444': 'healthy' },
  },
  {
    name: 'no share: the VPC would fail to resolve, naming the account and what to do',
    snapshot: snapshotWith(withAccounts(dev({ rules: [], ruleAssociations: [] }))),
    exitCode: 4,
    findings: ['dns-vpc-unresolved'],
    health: { '222233334444': 'down' },
    says: [
      /VPC vpc-0000000000000dev1 \(baseline\) 10\.128\.0\.0\/16 in account 222233334444 \(Dev\) would fail to resolve corp\.example\.com: rule rslvr-rr-0a1b2c3d4e5f60001 is not shared with the account through AWS RAM/,
    ],
  },
  {
    name: 'shared but not associated with one of two VPCs',
    snapshot: snapshotWith(
      withAccounts(
        dev({
          vpcs: [
            { id: 'vpc-0000000000000dev1', cidrs: ['10.128.0.0/16'] },
            { id: 'vpc-0000000000000dev2', cidrs: ['10.129.0.0/16'] },
          ],
        }),
      ),
    ),
    exitCode: 4,
    findings: ['dns-vpc-unresolved'],
    health: { '222233334444': 'degraded' },
    says: [
      /vpc-0000000000000dev2 10\.129\.0\.0\/16 in account 222233334444 \(Dev\) would fail to resolve corp\.example\.com: rule .* is shared with the account but not associated with the VPC/,
    ],
  },
  {
    name: 'a failed association',
    snapshot: snapshotWith(
      withAccounts(
        dev({ ruleAssociations: [{ id: 'a', ruleId: IDS.rule, vpcId: 'vpc-0000000000000dev1', status: 'FAILED' }] }),
      ),
    ),
    exitCode: 4,
    findings: ['dns-vpc-unresolved'],
    says: [/its association with rule rslvr-rr-0a1b2c3d4e5f60001 is FAILED/],
  },
  {
    name: 'accounts without a baselined VPC need nothing',
    snapshot: snapshotWith(withAccounts(dev({ vpcs: [], rules: [], ruleAssociations: [] }))),
    exitCode: 0,
    findings: [],
  },
  {
    name: 'an account that could not be read is said, not guessed',
    snapshot: snapshotWith(withAccounts(dev({ error: 'AssumeRole failed: access denied' }))),
    exitCode: 4,
    findings: ['dns-account-unreadable'],
    says: [/DNS in account 222233334444 \(Dev\) was not checked: AssumeRole failed/],
  },
];

function check({ snapshot, exitCode, findings, health = {}, says = [] }: EstateCase): void {
  const assessment = assessHybridPath(snapshot);
  expect(
    assessment.findings
      .filter((finding) => finding.severity !== 'info' && ESTATE.test(finding.code))
      .map((f) => f.code),
  ).toEqual(findings);
  expect(assessment.exitCode).toBe(exitCode);
  for (const [id, expected] of Object.entries(health))
    expect(assessment.components.find((component) => component.id === id)?.health, id).toBe(expected);
  const texts = assessment.findings.map((finding) => finding.text);
  for (const pattern of says)
    expect(
      texts.some((text) => pattern.test(text)),
      `${pattern} in ${JSON.stringify(texts, null, 1)}`,
    ).toBe(true);
  for (const finding of assessment.findings.filter((f) => f.severity === 'warning' && ESTATE.test(f.code)))
    expect(finding.fix, `${finding.code} says what to change`).toBeTruthy();
}

describe('hybrid status over the whole estate', () => {
  it.each(STORAGE_GATEWAY)('Storage Gateway: $name', check);
  it.each(DIRECTORIES)('Directory Service: $name', check);
  it.each(ACCOUNT_DNS)('DNS in every account: $name', check);

  it('says what needs attention in the headline when the path is fine', () => {
    const assessment = assessHybridPath(snapshotWith(withStorage([gateway({ connected: false })], [share()])));
    expect(assessment.headline).toBe(
      'Degraded: all 2 on-premises prefixes route over Direct Connect, but Storage Gateway needs attention',
    );
  });

  it('says in one line that a Region lacks a service', () => {
    const assessment = assessHybridPath(
      snapshotWith((snapshot) => {
        snapshot.unavailableServices = ['Storage Gateway'];
      }),
    );
    expect(assessment.exitCode).toBe(0);
    expect(assessment.findings.map((finding) => finding.text)).toContain(
      'Storage Gateway is not available in us-east-1: nothing of it to check here',
    );
  });
});
