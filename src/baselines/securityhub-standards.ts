/**
 * The Security Hub CSPM standards a baseline may name, by the id in their ARN (Security Hub CSPM User Guide,
 * "Security standards reference"). Regional ARNs are arn:aws:securityhub:REGION::standards/ID; CIS v1.2.0
 * keeps its original global arn:aws:securityhub:::ruleset/ID.
 */
export const KNOWN_STANDARDS: Readonly<Record<string, string>> = {
  'aws-foundational-security-best-practices/v/1.0.0': 'AWS Foundational Security Best Practices v1.0.0',
  'cis-aws-foundations-benchmark/v/1.2.0': 'CIS AWS Foundations Benchmark v1.2.0',
  'cis-aws-foundations-benchmark/v/1.4.0': 'CIS AWS Foundations Benchmark v1.4.0',
  'cis-aws-foundations-benchmark/v/3.0.0': 'CIS AWS Foundations Benchmark v3.0.0',
  'nist-800-53/v/5.0.0': 'NIST SP 800-53 Rev. 5',
  'pci-dss/v/3.2.1': 'PCI DSS v3.2.1',
  'aws-resource-tagging-standard/v/1.0.0': 'AWS Resource Tagging Standard v1.0.0',
};

/** What the default baseline enables: AWS Foundational Security Best Practices and CIS v3.0.0. */
export const DEFAULT_STANDARDS = [
  'aws-foundational-security-best-practices/v/1.0.0',
  'cis-aws-foundations-benchmark/v/3.0.0',
];

/** The standards EnableSecurityHub (and an administrator's CreateMembers) turns on unless told otherwise. */
export const SECURITY_HUB_DEFAULT_STANDARDS = [
  'aws-foundational-security-best-practices/v/1.0.0',
  'cis-aws-foundations-benchmark/v/1.2.0',
];

const GLOBAL_STANDARDS = new Set(['cis-aws-foundations-benchmark/v/1.2.0']);

export function standardArn(id: string, region: string): string {
  return GLOBAL_STANDARDS.has(id)
    ? `arn:aws:securityhub:::ruleset/${id}`
    : `arn:aws:securityhub:${region}::standards/${id}`;
}

/** The standard id in a standards ARN (either form), or undefined for something else. */
export function standardIdOf(arn: string): string | undefined {
  return /^arn:aws[\w-]*:securityhub:[a-z0-9-]*::(?:standards|ruleset)\/(.+)$/.exec(arn)?.[1];
}

/** A short name for messages: "CIS v3.0.0", "FSBP v1.0.0". */
export function standardLabel(id: string): string {
  const [name = id, version = ''] = id.split('/v/');
  const short: Record<string, string> = {
    'aws-foundational-security-best-practices': 'FSBP',
    'cis-aws-foundations-benchmark': 'CIS',
    'nist-800-53': 'NIST 800-53',
    'pci-dss': 'PCI DSS',
    'aws-resource-tagging-standard': 'Tagging',
  };
  return `${short[name] ?? name} v${version}`;
}
