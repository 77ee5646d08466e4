import { readSharedConfig, requestedProfile } from './shared-config.js';

/** Where the Region came from, in the order they are tried. */
export type RegionSource = 'flag' | 'env' | 'profile' | 'default';

export interface RegionChoice {
  region: string;
  source: RegionSource;
  /** What exactly set it: `--region`, `AWS_REGION`, `profile prod (~/.aws/config)`, `awsarch's default`. */
  from: string;
}

export const DEFAULT_REGION = 'us-east-1';

/**
 * The Region as the AWS CLI chooses it: --region (or AWSARCH_REGION), AWS_REGION, AWS_DEFAULT_REGION, the
 * profile's `region` in the shared config file (not read with --sandbox, which uses no profile), us-east-1.
 */
export function chooseRegion(
  flag: { value?: string; fromEnv?: boolean },
  env: Record<string, string | undefined>,
  profile: { name?: string; read: boolean },
): RegionChoice {
  if (flag.value) return { region: flag.value, source: 'flag', from: flag.fromEnv ? 'AWSARCH_REGION' : '--region' };
  for (const variable of ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const) {
    const value = env[variable];
    if (value) return { region: value, source: 'env', from: variable };
  }
  if (profile.read) {
    const name = requestedProfile(profile.name, env) ?? 'default';
    const config = readSharedConfig(env);
    const region = config.profiles.get(name)?.region;
    if (region) return { region, source: 'profile', from: `profile ${name} (${config.configFile})` };
  }
  return { region: DEFAULT_REGION, source: 'default', from: "awsarch's default" };
}
