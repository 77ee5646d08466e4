import type { DetectorRecord } from './model.js';

/**
 * GuardDuty's protection plans as GetDetector reports them (API reference, DetectorFeatureConfigurationResult):
 * the foundational sources (CloudTrail, VPC flow logs, DNS logs) are always on; the others are on only when
 * CreateDetector/UpdateDetector asked for them (`features`).
 */
const FOUNDATIONAL = ['CLOUD_TRAIL', 'DNS_LOGS', 'FLOW_LOGS'];
const OPTIONAL = [
  'S3_DATA_EVENTS',
  'EKS_AUDIT_LOGS',
  'EBS_MALWARE_PROTECTION',
  'RDS_LOGIN_EVENTS',
  'EKS_RUNTIME_MONITORING',
  'LAMBDA_NETWORK_LOGS',
  'RUNTIME_MONITORING',
];

/** The optional features a request turns on or off (`features: [{name, status}]`); unknown names are ignored. */
export function requestedFeatures(input: unknown): Record<string, 'ENABLED' | 'DISABLED'> {
  const requested: Record<string, 'ENABLED' | 'DISABLED'> = {};
  if (!Array.isArray(input)) return requested;
  for (const feature of input as Array<{ name?: unknown; status?: unknown }>) {
    if (typeof feature?.name === 'string' && OPTIONAL.includes(feature.name))
      requested[feature.name] = feature.status === 'ENABLED' ? 'ENABLED' : 'DISABLED';
  }
  return requested;
}

function statusOf(detector: DetectorRecord, name: string): 'ENABLED' | 'DISABLED' {
  if (FOUNDATIONAL.includes(name)) return 'ENABLED';
  return detector.features?.[name] ?? 'DISABLED';
}

/** GetDetector's `features` and the legacy `dataSources` view of the same switches. */
export function detectorFeatureView(detector: DetectorRecord, serviceRole: string | undefined) {
  const updatedAt = new Date(detector.updatedAt);
  const status = (name: string) => ({ status: statusOf(detector, name) });
  return {
    features: [...FOUNDATIONAL, ...OPTIONAL].map((name) => ({ name, status: statusOf(detector, name), updatedAt })),
    dataSources: {
      cloudTrail: status('CLOUD_TRAIL'),
      dnsLogs: status('DNS_LOGS'),
      flowLogs: status('FLOW_LOGS'),
      s3Logs: status('S3_DATA_EVENTS'),
      kubernetes: { auditLogs: status('EKS_AUDIT_LOGS') },
      malwareProtection: {
        scanEc2InstanceWithFindings: { ebsVolumes: status('EBS_MALWARE_PROTECTION') },
        serviceRole,
      },
    },
  };
}
