/**
 * The Security Hub CSPM standards the sandbox offers (DescribeStandards) and a sample of their controls.
 * ARNs as AWS publishes them ("Security standards reference" in the Security Hub CSPM User Guide): regional
 * `arn:aws:securityhub:REGION::standards/ID`, except CIS v1.2.0, the original global
 * `arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0`.
 */
export interface StandardDefinition {
  /** The part after `standards/` (or `ruleset/`), e.g. aws-foundational-security-best-practices/v/1.0.0. */
  id: string;
  name: string;
  description: string;
  /** Enabled by EnableSecurityHub unless EnableDefaultStandards is false (FSBP and CIS v1.2.0). */
  enabledByDefault: boolean;
  /** CIS v1.2.0 keeps its original global `ruleset` ARN. */
  global?: boolean;
}

export const STANDARDS: readonly StandardDefinition[] = [
  {
    id: 'aws-foundational-security-best-practices/v/1.0.0',
    name: 'AWS Foundational Security Best Practices v1.0.0',
    description:
      'The AWS Foundational Security Best Practices standard is a set of automated security checks that detect when AWS accounts and deployed resources do not align to security best practices.',
    enabledByDefault: true,
  },
  {
    id: 'cis-aws-foundations-benchmark/v/1.2.0',
    name: 'CIS AWS Foundations Benchmark v1.2.0',
    description:
      'The Center for Internet Security (CIS) AWS Foundations Benchmark v1.2.0 is a set of security configuration best practices for AWS.',
    enabledByDefault: true,
    global: true,
  },
  {
    id: 'cis-aws-foundations-benchmark/v/1.4.0',
    name: 'CIS AWS Foundations Benchmark v1.4.0',
    description:
      'The Center for Internet Security (CIS) AWS Foundations Benchmark v1.4.0 is a set of security configuration best practices for AWS.',
    enabledByDefault: false,
  },
  {
    id: 'cis-aws-foundations-benchmark/v/3.0.0',
    name: 'CIS AWS Foundations Benchmark v3.0.0',
    description:
      'The Center for Internet Security (CIS) AWS Foundations Benchmark v3.0.0 is a set of security configuration best practices for AWS.',
    enabledByDefault: false,
  },
  {
    id: 'nist-800-53/v/5.0.0',
    name: 'NIST Special Publication 800-53 Revision 5',
    description: 'NIST SP 800-53 Rev. 5 controls mapped to automated checks.',
    enabledByDefault: false,
  },
  {
    id: 'pci-dss/v/3.2.1',
    name: 'PCI DSS v3.2.1',
    description: 'The Payment Card Industry Data Security Standard (PCI DSS) v3.2.1 mapped to automated checks.',
    enabledByDefault: false,
  },
  {
    id: 'aws-resource-tagging-standard/v/1.0.0',
    name: 'AWS Resource Tagging Standard v1.0.0',
    description: 'Checks that AWS resources carry the tags you require.',
    enabledByDefault: false,
  },
];

export function standardArn(standard: StandardDefinition, region: string): string {
  return standard.global
    ? `arn:aws:securityhub:::ruleset/${standard.id}`
    : `arn:aws:securityhub:${region}::standards/${standard.id}`;
}

/** The standard an ARN names in a region (a regional ARN of another region names nothing there). */
export function standardByArn(arn: string, region: string): StandardDefinition | undefined {
  return STANDARDS.find((standard) => standardArn(standard, region) === arn);
}

/** The subscription ARN of a standard in an account, as GetEnabledStandards returns it. */
export function subscriptionArn(standard: StandardDefinition, accountId: string, region: string): string {
  return `arn:aws:securityhub:${region}:${accountId}:subscription/${standard.id}`;
}

export type SeverityLabel = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** A security control (consolidated control findings) and the AWS Config managed rule behind it. */
export interface ControlDefinition {
  id: string;
  title: string;
  severity: SeverityLabel;
  /** The AWS Config managed rule identifier the control's service-linked rule uses. */
  configRule: string;
  resourceType: string;
  /** Standards (ids) that include the control. */
  standards: string[];
}

const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
const CIS12 = 'cis-aws-foundations-benchmark/v/1.2.0';
const CIS14 = 'cis-aws-foundations-benchmark/v/1.4.0';
const CIS30 = 'cis-aws-foundations-benchmark/v/3.0.0';

/** A sample of AWS's controls (Security Hub CSPM controls reference); the sandbox does not evaluate them. */
export const CONTROLS: readonly ControlDefinition[] = [
  {
    id: 'IAM.4',
    title: 'IAM root user access key should not exist',
    severity: 'CRITICAL',
    configRule: 'iam-root-access-key-check',
    resourceType: 'AwsAccount',
    standards: [FSBP, CIS12, CIS14, CIS30],
  },
  {
    id: 'IAM.6',
    title: 'Hardware MFA should be enabled for the root user',
    severity: 'CRITICAL',
    configRule: 'root-account-hardware-mfa-enabled',
    resourceType: 'AwsAccount',
    standards: [FSBP, CIS12, CIS14, CIS30],
  },
  {
    id: 'EC2.19',
    title: 'Security groups should not allow unrestricted access to ports with high risk',
    severity: 'CRITICAL',
    configRule: 'restricted-common-ports',
    resourceType: 'AwsEc2SecurityGroup',
    standards: [FSBP],
  },
  {
    id: 'S3.8',
    title: 'S3 general purpose buckets should block public access',
    severity: 'HIGH',
    configRule: 's3-bucket-level-public-access-prohibited',
    resourceType: 'AwsS3Bucket',
    standards: [FSBP, CIS30],
  },
  {
    id: 'EC2.2',
    title: 'VPC default security groups should not allow inbound or outbound traffic',
    severity: 'HIGH',
    configRule: 'vpc-default-security-group-closed',
    resourceType: 'AwsEc2SecurityGroup',
    standards: [FSBP, CIS12, CIS14, CIS30],
  },
  {
    id: 'EC2.8',
    title: 'EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)',
    severity: 'HIGH',
    configRule: 'ec2-imdsv2-check',
    resourceType: 'AwsEc2Instance',
    standards: [FSBP],
  },
  {
    id: 'GuardDuty.1',
    title: 'GuardDuty should be enabled',
    severity: 'HIGH',
    configRule: 'guardduty-enabled-centralized',
    resourceType: 'AwsAccount',
    standards: [FSBP],
  },
  {
    id: 'S3.5',
    title: 'S3 general purpose buckets should require requests to use SSL',
    severity: 'MEDIUM',
    configRule: 's3-bucket-ssl-requests-only',
    resourceType: 'AwsS3Bucket',
    standards: [FSBP, CIS30],
  },
  {
    id: 'EC2.7',
    title: 'EBS default encryption should be enabled',
    severity: 'MEDIUM',
    configRule: 'ec2-ebs-encryption-by-default',
    resourceType: 'AwsAccount',
    standards: [FSBP, CIS14, CIS30],
  },
  {
    id: 'RDS.3',
    title: 'RDS DB instances should have encryption at-rest enabled',
    severity: 'MEDIUM',
    configRule: 'rds-storage-encrypted',
    resourceType: 'AwsRdsDbInstance',
    standards: [FSBP, CIS14, CIS30],
  },
  {
    id: 'KMS.4',
    title: 'AWS KMS key rotation should be enabled',
    severity: 'MEDIUM',
    configRule: 'cmk-backing-key-rotation-enabled',
    resourceType: 'AwsKmsKey',
    standards: [CIS12, CIS14, CIS30],
  },
  {
    id: 'IAM.3',
    title: "IAM users' access keys should be rotated every 90 days or less",
    severity: 'MEDIUM',
    configRule: 'access-keys-rotated',
    resourceType: 'AwsIamUser',
    standards: [FSBP, CIS12, CIS14, CIS30],
  },
  {
    id: 'CloudTrail.4',
    title: 'CloudTrail log file validation should be enabled',
    severity: 'LOW',
    configRule: 'cloud-trail-log-file-validation-enabled',
    resourceType: 'AwsCloudTrailTrail',
    standards: [FSBP, CIS12, CIS14, CIS30],
  },
  {
    id: 'CloudTrail.1',
    title:
      'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
    severity: 'HIGH',
    configRule: 'multi-region-cloudtrail-enabled',
    resourceType: 'AwsAccount',
    standards: [FSBP, CIS12, CIS14, CIS30],
  },
];

/** The controls an account runs for the standards it has enabled (each control once). */
export function controlsFor(standardIds: readonly string[]): ControlDefinition[] {
  return CONTROLS.filter((control) => control.standards.some((standard) => standardIds.includes(standard)));
}
