import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { closestNames } from '../core/closest-names.js';
import { ERR } from '../core/error-codes.js';
import { AwsarchError, usageError } from '../core/errors.js';

/** The profiles of the shared AWS config and credentials files, as the AWS CLI and SDKs read them. */
export interface SharedConfig {
  configFile: string;
  credentialsFile: string;
  /** Profile name -> its settings (config file first, credentials file added). */
  profiles: Map<string, Record<string, string>>;
}

/** Sections and `key = value` lines of an ini file; `[profile x]` in the config file is profile x. */
export function parseSharedIni(text: string, isConfigFile: boolean): Map<string, Record<string, string>> {
  const profiles = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+|\s*([#;].*)?$/g, '');
    const section = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (section) {
      const name = section[1] as string;
      const profile = isConfigFile ? /^profile\s+(.+)$/.exec(name)?.[1] : name;
      // In the config file only [default] and [profile x] are profiles ([sso-session x], [services x] are not).
      const key = profile ?? (name === 'default' ? 'default' : undefined);
      current = key === undefined ? undefined : (profiles.get(key) ?? {});
      if (key !== undefined && current) profiles.set(key, current);
      continue;
    }
    const setting = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(line);
    if (current && setting) current[setting[1] as string] = setting[2] as string;
  }
  return profiles;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Reads AWS_CONFIG_FILE (~/.aws/config) and AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials); missing files are empty. */
export function readSharedConfig(env: Record<string, string | undefined>, home = homedir()): SharedConfig {
  const configFile = env.AWS_CONFIG_FILE || join(home, '.aws', 'config');
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials');
  const profiles = parseSharedIni(readText(configFile), true);
  for (const [name, settings] of parseSharedIni(readText(credentialsFile), false))
    profiles.set(name, { ...profiles.get(name), ...settings });
  return { configFile, credentialsFile, profiles };
}

/** The profile the SDK will use: --profile, else AWS_PROFILE; undefined for the SDK's default chain. */
export function requestedProfile(
  profile: string | undefined,
  env: Record<string, string | undefined>,
): string | undefined {
  return profile || env.AWS_PROFILE || undefined;
}

/**
 * Why a named profile cannot be used: it is in neither file. `default` is exempt, since without files the
 * SDK's default chain still finds credentials elsewhere (environment, SSO cache, instance role).
 */
export function missingProfileError(profile: string | undefined, config: SharedConfig): AwsarchError | undefined {
  if (!profile || profile === 'default' || config.profiles.has(profile)) return undefined;
  const known = [...config.profiles.keys()].sort();
  const [closest] = closestNames(profile, known, 1);
  return usageError(
    ERR.UNKNOWN_PROFILE,
    `the AWS profile "${profile}" does not exist (not in ${config.configFile} nor ${config.credentialsFile})` +
      (closest ? `; did you mean ${closest}?` : ''),
    closest
      ? `use --profile ${closest}`
      : known.length > 0
        ? `known profiles: ${known.join(', ')}; or create it with \`aws configure --profile ${profile}\``
        : `create it with \`aws configure --profile ${profile}\` (or \`aws configure sso\`), or unset AWS_PROFILE`,
  );
}
