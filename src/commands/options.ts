import { InvalidArgumentError, Option } from 'commander';
import { DEFAULT_LEASE_WAIT_MS } from '../aws/run-lease-decisions.js';

/** AWSARCH_<FLAG> for a long flag name, e.g. --dry-run -> AWSARCH_DRY_RUN. */
export function envName(flag: string): string {
  return `AWSARCH_${flag.replace(/^--/, '').replace(/-/g, '_').toUpperCase()}`;
}

/**
 * The options an AWSARCH_<FLAG> variable sets: the global ones, and flags that mean the same in every
 * command. No other option reads the environment, so a variable set for one command (AWSARCH_FROM,
 * AWSARCH_STATE) can never change another whose option has the same name and another meaning. The README's
 * table of environment variables lists exactly these (test/cli/environment.test.ts checks).
 */
export const ENV_OPTIONS: readonly string[] = [
  '--profile',
  '--region',
  '--endpoint-url',
  '--sandbox',
  '--output',
  '--yes',
  '--verbose',
  '--access-role',
  '--request-timeout',
  '--max-concurrency',
  '--dry-run',
  '--detailed-exitcode',
];

const longFlag = (flags: string) => flags.split(/[ ,]+/).find((part) => part.startsWith('--')) ?? flags;

/** A value option; global ones (ENV_OPTIONS) also read AWSARCH_<FLAG>. */
export function valueOption(flags: string, description: string): Option {
  const long = longFlag(flags);
  const option = new Option(flags, description);
  return ENV_OPTIONS.includes(long) ? option.env(envName(long)) : option;
}

/**
 * A boolean flag; those in ENV_OPTIONS also count when their variable says yes (1/true/yes/on):
 * commander's own env support would treat AWSARCH_YES=0 as yes.
 */
export function flagOption(flags: string, description: string): Option {
  const long = longFlag(flags);
  return new Option(flags, ENV_OPTIONS.includes(long) ? `${description} (env: ${envName(long)}=1)` : description);
}

export function envFlag(env: Record<string, string | undefined>, flag: string): boolean {
  return ENV_OPTIONS.includes(flag) && /^(1|true|yes|on)$/i.test(env[envName(flag)] ?? '');
}

/** A flag given on the command line, else its environment variable. */
export function readFlag(value: boolean | undefined, env: Record<string, string | undefined>, flag: string): boolean {
  return value ?? envFlag(env, flag);
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parsePositiveInt(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1)
      throw new InvalidArgumentError(`${name} must be a whole number of at least 1`);
    return parsed;
  };
}

/** --lease-wait, for the commands that change an organization (they hold its run lease while they do). */
export function leaseWaitOption(): Option {
  return valueOption(
    '--lease-wait <duration>',
    'when another awsarch run is changing this organization, wait this long for it (0: refuse at once)',
  )
    .argParser(parseDuration)
    .default(DEFAULT_LEASE_WAIT_MS, '10m');
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses 90s, 15m, 1h, 500ms (a bare number means seconds). */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`expected a duration such as 90s, 15m or 1h; got "${value}"`);
  return Math.round(Number(match[1]) * (DURATION_UNITS[match[2] ?? 's'] ?? 1000));
}
