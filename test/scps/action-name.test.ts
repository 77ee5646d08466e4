import { describe, expect, it } from 'vitest';
import { checkActionName } from '../../src/scps/action-name.js';

async function failure(action: string) {
  try {
    await checkActionName(action);
  } catch (error) {
    return error as { code: string; exitCode: number; message: string; hint?: string };
  }
  throw new Error(`${action} was accepted`);
}

describe('IAM action names (scp test --action), checked against the service authorization reference', () => {
  it('accepts real actions in any case and wildcards that match one', async () => {
    await expect(checkActionName('ec2:RunInstances')).resolves.toBeUndefined();
    await expect(checkActionName('EC2:runinstances')).resolves.toBeUndefined();
    await expect(checkActionName('ec2:Run*')).resolves.toBeUndefined();
    await expect(checkActionName('s3:Put?bject')).resolves.toBeUndefined();
  });

  it('suggests the closest action of the service, with a hint to paste', async () => {
    expect(await failure('ec2:RunInstance')).toMatchObject({
      code: 'unknown-action',
      exitCode: 2,
      message: 'unknown action ec2:RunInstance; did you mean ec2:RunInstances?',
      hint: 'use --action ec2:RunInstances',
    });
  });

  it('suggests a service that has the action when the service is misspelt', async () => {
    expect(await failure('ec3:RunInstances')).toMatchObject({
      message: 'unknown service "ec3" in ec3:RunInstances; did you mean ec2:RunInstances?',
      hint: 'use --action ec2:RunInstances',
    });
  });

  it('refuses a wildcard that matches nothing, without guessing', async () => {
    expect(await failure('ec2:Rnu*')).toMatchObject({
      code: 'unknown-action',
      message: 'ec2:Rnu* matches no ec2 action',
    });
  });
});
