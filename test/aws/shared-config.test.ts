import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseRegion } from '../../src/aws/region-choice.js';
import { missingProfileError, parseSharedIni, readSharedConfig } from '../../src/aws/shared-config.js';

const dir = mkdtempSync(join(tmpdir(), 'awsarch-shared-config-'));
const configFile = join(dir, 'config');
const credentialsFile = join(dir, 'credentials');
writeFileSync(
  configFile,
  [
    '[default]',
    'region = us-west-2',
    '[profile prod] # the production landing zone',
    'region=eu-west-1',
    'sso_session = corp',
    '[sso-session corp]',
    'sso_region = eu-west-1',
  ].join('\n'),
);
writeFileSync(credentialsFile, '[ci]\naws_access_key_id = AKIAEXAMPLE\n');
const env = { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile };

describe('shared AWS config files', () => {
  it('reads [default], [profile x] and credentials-file profiles, not [sso-session x]', () => {
    const config = readSharedConfig(env);
    expect([...config.profiles.keys()].sort()).toEqual(['ci', 'default', 'prod']);
    expect(config.profiles.get('prod')).toEqual({ region: 'eu-west-1', sso_session: 'corp' });
    expect(parseSharedIni('[profile a]\nregion = x ; comment\n', true).get('a')).toEqual({ region: 'x' });
  });

  it('a profile in neither file is bad input naming both files and the closest profile', () => {
    const config = readSharedConfig(env);
    expect(missingProfileError('prod', config)).toBeUndefined();
    expect(missingProfileError('ci', config)).toBeUndefined();
    expect(missingProfileError('default', { ...config, profiles: new Map() })).toBeUndefined();
    const error = missingProfileError('prdo', config);
    expect(error?.code).toBe('unknown-profile');
    expect(error?.exitCode).toBe(2);
    expect(error?.message).toBe(
      `the AWS profile "prdo" does not exist (not in ${configFile} nor ${credentialsFile}); did you mean prod?`,
    );
    expect(error?.hint).toBe('use --profile prod');
    expect(missingProfileError('staging', config)?.hint).toBe(
      'known profiles: ci, default, prod; or create it with `aws configure --profile staging`',
    );
  });

  it('the Region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile, then us-east-1', () => {
    const read = { read: true };
    expect(chooseRegion({ value: 'ap-south-1' }, env, read)).toMatchObject({ source: 'flag', from: '--region' });
    expect(chooseRegion({ value: 'ap-south-1', fromEnv: true }, env, read).from).toBe('AWSARCH_REGION');
    expect(chooseRegion({}, { ...env, AWS_DEFAULT_REGION: 'sa-east-1' }, read)).toEqual({
      region: 'sa-east-1',
      source: 'env',
      from: 'AWS_DEFAULT_REGION',
    });
    expect(chooseRegion({}, env, { name: 'prod', read: true })).toEqual({
      region: 'eu-west-1',
      source: 'profile',
      from: `profile prod (${configFile})`,
    });
    expect(chooseRegion({}, { ...env, AWS_PROFILE: 'prod' }, read).region).toBe('eu-west-1');
    expect(chooseRegion({}, env, read)).toMatchObject({ region: 'us-west-2', source: 'profile' });
    // --sandbox reads no profile.
    expect(chooseRegion({}, env, { name: 'prod', read: false })).toMatchObject({
      region: 'us-east-1',
      source: 'default',
    });
  });
});
