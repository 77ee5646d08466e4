import { describe, expect, it } from 'vitest';
import { assertKnownRegion, sdkRegions } from '../../src/aws/regions.js';
import { main } from '../../src/cli.js';
import { fakeTerminal } from '../ui/fake-terminal.js';

describe('Region names', () => {
  it("come from the SDK's partitions, every partition", () => {
    const regions = sdkRegions();
    expect(regions).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1']));
    expect(regions).not.toContain('aws-global');
  });

  it('an unknown one is refused with the closest known ones', () => {
    expect(() => assertKnownRegion('us-east-1')).not.toThrow();
    expect(() => assertKnownRegion('eu-wst-1')).toThrow(/"eu-wst-1" is not an AWS Region; did you mean eu-west-1/);
    expect(() => assertKnownRegion('mars-1')).toThrow(expect.objectContaining({ code: 'bad-region', exitCode: 2 }));
  });

  it('--region eu-wst-1 exits 2 before any AWS call, with a hint that can be pasted', async () => {
    const fake = fakeTerminal();
    // The endpoint refuses connections: any call would end in a different error (and exit 1).
    const code = await main(
      ['--output', 'plain', '--endpoint-url', 'http://127.0.0.1:9', '--region', 'eu-wst-1', 'account', 'list'],
      {
        terminal: fake.terminal,
      },
    );
    expect(code).toBe(2);
    expect(fake.err()).toBe(
      'error: "eu-wst-1" is not an AWS Region; did you mean eu-west-1?\nhint: use --region eu-west-1\n',
    );
  });
});
