import { createHash } from 'node:crypto';
import type { EvaluationRecord } from '../services/config/model.js';
import type { GuardDutyFinding } from '../services/guardduty/model.js';
import type { ControlDefinition } from '../services/securityhub/standards-catalog.js';
import type { ThreatSample } from './compliance-profiles.js';

const hex = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** A resource a control evaluates, as AWS Config and the finding (ASFF) each name it. */
export interface SampleResource {
  configType: string;
  configId: string;
  asffType: string;
  asffId: string;
}

/** A believable resource of the control's type in an account (names derived from the account, stable across runs). */
export function sampleResource(
  control: ControlDefinition,
  account: { id: string; name: string },
  region: string,
): SampleResource {
  const slug =
    account.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'account';
  const unique = hex(`${account.id}/${region}/${control.id}`, 17);
  switch (control.resourceType) {
    case 'AwsS3Bucket': {
      const bucket = `${slug}-app-assets-${account.id.slice(-4)}-${region}`;
      return {
        configType: 'AWS::S3::Bucket',
        configId: bucket,
        asffType: 'AwsS3Bucket',
        asffId: `arn:aws:s3:::${bucket}`,
      };
    }
    case 'AwsEc2SecurityGroup': {
      const group = `sg-${unique}`;
      return {
        configType: 'AWS::EC2::SecurityGroup',
        configId: group,
        asffType: 'AwsEc2SecurityGroup',
        asffId: `arn:aws:ec2:${region}:${account.id}:security-group/${group}`,
      };
    }
    case 'AwsEc2Instance': {
      const instance = `i-${unique}`;
      return {
        configType: 'AWS::EC2::Instance',
        configId: instance,
        asffType: 'AwsEc2Instance',
        asffId: `arn:aws:ec2:${region}:${account.id}:instance/${instance}`,
      };
    }
    case 'AwsRdsDbInstance': {
      const db = `${slug}-orders-db`;
      return {
        configType: 'AWS::RDS::DBInstance',
        configId: `db-${unique.toUpperCase().slice(0, 26)}`,
        asffType: 'AwsRdsDbInstance',
        asffId: `arn:aws:rds:${region}:${account.id}:db:${db}`,
      };
    }
    case 'AwsKmsKey': {
      const key = `${unique.slice(0, 8)}-${unique.slice(8, 12)}-4${unique.slice(12, 15)}-8${unique.slice(15, 17)}0-000000000000`;
      return {
        configType: 'AWS::KMS::Key',
        configId: key,
        asffType: 'AwsKmsKey',
        asffId: `arn:aws:kms:${region}:${account.id}:key/${key}`,
      };
    }
    case 'AwsIamUser':
      return {
        configType: 'AWS::IAM::User',
        configId: `AIDA${unique.toUpperCase().slice(0, 17)}`,
        asffType: 'AwsIamUser',
        asffId: `arn:aws:iam::${account.id}:user/ci-deployer`,
      };
    case 'AwsCloudTrailTrail':
      return {
        configType: 'AWS::CloudTrail::Trail',
        configId: 'awsarch-baseline',
        asffType: 'AwsCloudTrailTrail',
        asffId: `arn:aws:cloudtrail:${region}:${account.id}:trail/awsarch-baseline`,
      };
    default:
      return {
        configType: 'AWS::::Account',
        configId: account.id,
        asffType: 'AwsAccount',
        asffId: `AWS::::Account:${account.id}`,
      };
  }
}

/** The evaluation AWS Config records for the control's rule on the resource. */
export function controlEvaluation(resource: SampleResource, failing: boolean, evaluatedAt: number): EvaluationRecord {
  return {
    resourceType: resource.configType,
    resourceId: resource.configId,
    complianceType: failing ? 'NON_COMPLIANT' : 'COMPLIANT',
    ...(failing ? { annotation: `The resource does not comply with the rule.` } : {}),
    evaluatedAt,
  };
}

/** The control finding Security Hub CSPM produces from that evaluation (consolidated control findings). */
export function controlFinding(
  control: ControlDefinition,
  account: { id: string },
  region: string,
  resource: SampleResource,
  failing: boolean,
  times: { firstSeen: number; now: number },
): Record<string, unknown> {
  const iso = (time: number) => new Date(time).toISOString();
  return {
    SchemaVersion: '2018-10-08',
    Id: `arn:aws:securityhub:${region}:${account.id}:security-control/${control.id}/finding/${hex(`${resource.asffId}/${control.id}`, 8)}-${hex(resource.asffId, 4)}-4${hex(control.id, 3)}-a${hex(region, 3)}-${hex(account.id, 12)}`,
    ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
    GeneratorId: `security-control/${control.id}`,
    AwsAccountId: account.id,
    Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
    FirstObservedAt: iso(times.firstSeen),
    LastObservedAt: iso(times.now),
    CreatedAt: iso(times.firstSeen),
    UpdatedAt: iso(times.now),
    Severity: { Label: failing ? control.severity : 'INFORMATIONAL', Original: control.severity },
    Title: control.title,
    Description: `This control checks: ${control.title.toLowerCase()}.`,
    Remediation: {
      Recommendation: {
        Text: 'For information on how to correct this issue, consult the AWS Security Hub controls documentation.',
        Url: `https://docs.aws.amazon.com/console/securityhub/${control.id}/remediation`,
      },
    },
    Resources: [{ Type: resource.asffType, Id: resource.asffId, Partition: 'aws', Region: region }],
    Compliance: { Status: failing ? 'FAILED' : 'PASSED', SecurityControlId: control.id },
    Workflow: { Status: failing ? 'NEW' : 'RESOLVED' },
    RecordState: 'ACTIVE',
  };
}

/** A GuardDuty finding as the detector reports it. */
export function guardDutyFinding(
  threat: ThreatSample,
  account: { id: string; name: string },
  region: string,
  detectorId: string,
  times: { firstSeen: number; now: number },
): GuardDutyFinding {
  const id = hex(`${account.id}/${region}/${threat.type}`, 32);
  const instance = `i-${hex(`${account.id}/${threat.type}/instance`, 17)}`;
  const resource =
    threat.resourceType === 'Instance'
      ? { resourceType: 'Instance', instanceDetails: { instanceId: instance } }
      : threat.resourceType === 'S3Bucket'
        ? { resourceType: 'S3Bucket', s3BucketDetails: [{ name: `${account.id}-data`, type: 'Destination' }] }
        : {
            resourceType: 'AccessKey',
            accessKeyDetails: { accessKeyId: `ASIA${hex(id, 16).toUpperCase()}`, userName: 'app-role' },
          };
  const subject =
    threat.resourceType === 'Instance'
      ? instance
      : threat.resourceType === 'AccessKey'
        ? 'app-role'
        : `${account.id}-data`;
  return {
    accountId: account.id,
    arn: `arn:aws:guardduty:${region}:${account.id}:detector/${detectorId}/finding/${id}`,
    confidence: 5,
    createdAt: new Date(times.firstSeen).toISOString(),
    description: threat.title.replace('{resource}', subject),
    id,
    partition: 'aws',
    region,
    resource,
    schemaVersion: '2.0',
    service: {
      archived: false,
      count: 1 + Number.parseInt(id.slice(0, 2), 16),
      detectorId,
      eventFirstSeen: new Date(times.firstSeen).toISOString(),
      eventLastSeen: new Date(times.now).toISOString(),
      resourceRole: 'TARGET',
      serviceName: 'guardduty',
    },
    severity: threat.severity,
    title: threat.title.replace('{resource}', subject),
    type: threat.type,
    updatedAt: new Date(times.now).toISOString(),
  };
}

/** GuardDuty's severity bands (Low 1.0–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0) as Security Hub labels. */
export function guardDutyLabel(severity: number): string {
  return severity >= 9 ? 'CRITICAL' : severity >= 7 ? 'HIGH' : severity >= 4 ? 'MEDIUM' : 'LOW';
}

/** The finding GuardDuty sends to Security Hub for one of its own (the GuardDuty integration's mapping). */
export function guardDutyAsff(finding: GuardDutyFinding, region: string): Record<string, unknown> {
  const label = guardDutyLabel(finding.severity);
  const [purpose = 'Unusual Behaviors'] = finding.type.split(':');
  return {
    SchemaVersion: '2018-10-08',
    Id: finding.arn,
    ProductArn: `arn:aws:securityhub:${region}::product/aws/guardduty`,
    GeneratorId: finding.arn.replace(/\/finding\/.*$/, ''),
    AwsAccountId: finding.accountId,
    Types: [`TTPs/${purpose}/${finding.type.replaceAll('/', '-')}`],
    FirstObservedAt: finding.createdAt,
    LastObservedAt: finding.updatedAt,
    CreatedAt: finding.createdAt,
    UpdatedAt: finding.updatedAt,
    Severity: { Product: finding.severity, Label: label, Normalized: Math.round(finding.severity * 10) },
    Title: finding.title,
    Description: finding.description,
    SourceUrl: `https://${region}.console.aws.amazon.com/guardduty/home?region=${region}#/findings?macros=current&fId=${finding.id}`,
    Resources: [{ Type: 'AwsAccount', Id: `AWS::::Account:${finding.accountId}`, Partition: 'aws', Region: region }],
    RecordState: 'ACTIVE',
    Workflow: { Status: 'NEW' },
  };
}
