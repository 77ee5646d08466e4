import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListRolesCommand, IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { checkResponse } from '../src/conformance/check-response.js';
import { loadServiceModel } from '../src/conformance/service-model.js';
import { SANDBOX_SERVICES } from '../src/services/index.js';
import { clientConfig, failureOf, startTestSandbox } from './helpers.js';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe("conformance of sandbox responses to the AWS SDK's models", () => {
  it('every sandbox service names an SDK client whose model loads and has every operation the service serves', async () => {
    for (const service of SANDBOX_SERVICES) {
      const model = await loadServiceModel(service.sdkClient);
      const missing = Object.keys(service.operations).filter((operation) => !model.operations.has(operation));
      expect(missing, `${service.name} (${model.source})`).toEqual([]);
    }
  });

  it('finds unknown members, wrong types, unmodeled error codes and wrong statuses', async () => {
    const guardduty = await loadServiceModel('@aws-sdk/client-guardduty');
    const detector = { protocol: 'restJson1' as const, service: 'guardduty', operation: 'GetDetector' };
    expect(
      checkResponse(guardduty, {
        ...detector,
        response: json(200, { serviceRole: 'r', status: 'ENABLED', createdAt: 5, colour: 'red' }),
      }),
    ).toEqual(['$.createdAt: expected a string, got number', '$.colour: not a member of GetDetectorResponse']);
    expect(
      checkResponse(guardduty, {
        ...detector,
        response: json(404, { message: 'x' }, { 'x-amzn-errortype': 'NoSuchThing' }),
      }),
    ).toEqual([expect.stringContaining('error code NoSuchThing is not modeled')]);

    const cloudtrail = await loadServiceModel('@aws-sdk/client-cloudtrail');
    // The example: CloudTrail's JSON endpoint answers TrailNotFoundException with 400, not 404.
    expect(
      checkResponse(cloudtrail, {
        protocol: 'awsJson1_1',
        service: 'cloudtrail',
        operation: 'GetTrailStatus',
        response: json(404, { __type: 'TrailNotFoundException', message: 'Unknown trail' }),
      }),
    ).toEqual(['TrailNotFoundException with HTTP 404, the model says 400']);

    const iam = await loadServiceModel('@aws-sdk/client-iam');
    const xml = (body: string) => ({ status: 200, headers: { 'content-type': 'text/xml' }, body });
    expect(
      checkResponse(iam, {
        protocol: 'awsQuery',
        service: 'iam',
        operation: 'GetRole',
        response: xml(
          '<GetRoleResponse><GetRoleResult><Role><RoleName>r</RoleName><MaxSessionDuration>long</MaxSessionDuration><Colour/></Role></GetRoleResult></GetRoleResponse>',
        ),
      }),
    ).toEqual([
      "GetRole.Role.MaxSessionDuration: expected a number, got 'long'",
      'GetRole.Role.Colour: not a member of Role',
    ]);
    expect(
      checkResponse(iam, {
        protocol: 'awsQuery',
        service: 'iam',
        operation: 'GetRole',
        response: {
          status: 404,
          headers: {},
          body: '<ErrorResponse><Error><Code>NoSuchEntity</Code></Error></ErrorResponse>',
        },
      }),
    ).toEqual([]);
  });

  it('is switched on for this test run, and records what the sandbox answered', async () => {
    const dir = process.env.AWSARCH_SANDBOX_CONFORMANCE_LOG;
    expect(dir, 'the global setup sets AWSARCH_SANDBOX_CONFORMANCE_LOG').toBeTruthy();
    const sandbox = await startTestSandbox();
    const iam = new IAMClient(clientConfig(sandbox, {}));
    await iam.send(new ListRolesCommand({})).catch(() => undefined);
    await failureOf(iam.send(new ListRolesCommand({ MaxItems: 0 })));
    const tallies = readdirSync(dir as string)
      .filter((name) => name.startsWith(`tally-${process.pid}-`))
      .map((name) => JSON.parse(readFileSync(join(dir as string, name), 'utf8')) as { checked: number });
    expect(tallies.reduce((sum, tally) => sum + tally.checked, 0)).toBeGreaterThanOrEqual(2);
    expect(existsSync(dir as string)).toBe(true);
    // The tally is written beside itself and renamed over: no draft stays behind.
    expect(readdirSync(dir as string).filter((name) => name.startsWith(`draft-${process.pid}-`))).toEqual([]);
  });
});
