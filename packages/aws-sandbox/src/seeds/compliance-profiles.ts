import { createHash } from 'node:crypto';

/** A GuardDuty finding type the seed generates, with the severity GuardDuty gives it and what it is about. */
export interface ThreatSample {
  type: string;
  severity: number;
  resourceType: 'Instance' | 'AccessKey' | 'S3Bucket';
  title: string;
}

export const THREATS: Record<string, ThreatSample> = {
  portProbe: {
    type: 'Recon:EC2/PortProbeUnprotectedPort',
    severity: 2,
    resourceType: 'Instance',
    title: 'Unprotected port on EC2 instance {resource} is being probed.',
  },
  sshBruteForce: {
    type: 'UnauthorizedAccess:EC2/SSHBruteForce',
    severity: 5,
    resourceType: 'Instance',
    title: '{resource} is performing SSH brute force attacks.',
  },
  bitcoin: {
    type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS',
    severity: 8,
    resourceType: 'Instance',
    title: 'Bitcoin-related domain name queried by EC2 instance {resource}.',
  },
  rootUsage: {
    type: 'Policy:IAMUser/RootCredentialUsage',
    severity: 2,
    resourceType: 'AccessKey',
    title: 'API ListBuckets was invoked using root credentials.',
  },
  exfiltration: {
    type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
    severity: 8,
    resourceType: 'AccessKey',
    title: 'Credentials for instance role {resource} used from external IP address.',
  },
  maliciousCaller: {
    type: 'Discovery:S3/MaliciousIPCaller',
    severity: 5,
    resourceType: 'S3Bucket',
    title: 'S3 API GetObject was invoked from a known malicious IP address.',
  },
  compromisedCredentials: {
    type: 'AttackSequence:IAM/CompromisedCredentials',
    severity: 9,
    resourceType: 'AccessKey',
    title: 'Potential credential compromise of {resource} indicated by a sequence of actions.',
  },
};

/** What is wrong in one account: failing controls, GuardDuty threats, and what happened to its trail. */
export interface AccountProfile {
  failingControls: string[];
  threats: string[];
  /** Hours ago someone stopped the trail (break-glass), if they did. */
  trailStoppedHoursAgo?: number;
  /** Someone turned log file validation off. */
  validationOff?: boolean;
}

/**
 * The demo organization's story: a careless Dev, a Staging account drifting, Prod with the classic root
 * MFA gap and a cryptominer, well-kept security accounts.
 */
const CURATED: Record<string, AccountProfile> = {
  Dev: {
    failingControls: ['EC2.19', 'S3.8', 'EC2.8', 'IAM.3', 'CloudTrail.1'],
    threats: ['sshBruteForce', 'portProbe'],
    trailStoppedHoursAgo: 3,
  },
  Staging: { failingControls: ['EC2.2', 'S3.5', 'CloudTrail.4'], threats: [], validationOff: true },
  Prod: { failingControls: ['IAM.6', 'KMS.4'], threats: ['bitcoin'] },
  'Shared Services': { failingControls: ['EC2.7'], threats: ['portProbe'] },
  Security: { failingControls: [], threats: [] },
  'Log Archive': { failingControls: ['S3.5'], threats: [] },
};

/** A deterministic random number source (mulberry32) seeded from text, so a seed run is reproducible. */
export function randomFrom(seed: string): () => number {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The curated profile of a demo account, else a plausible one drawn from the account's own random source. */
export function profileFor(accountName: string, controlIds: readonly string[], random: () => number): AccountProfile {
  const curated = CURATED[accountName];
  if (curated) return curated;
  const failing = controlIds.filter(() => random() < 0.15);
  const threats = Object.keys(THREATS).filter((key) => random() < (key === 'compromisedCredentials' ? 0.02 : 0.08));
  const roll = random();
  return {
    failingControls: failing,
    threats,
    ...(roll < 0.03 ? { trailStoppedHoursAgo: 2 + Math.floor(random() * 20) } : {}),
    ...(roll > 0.95 ? { validationOff: true } : {}),
  };
}
