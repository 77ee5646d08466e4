import { describe, expect, it } from 'vitest';
import { createOnce, outcomeUnknown } from '../../src/aws/create-once.js';
import { AwsRequestTimeoutError, NotAnAwsResponseError } from '../../src/aws/request-safety.js';

const awsError = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const networkError = (code: string) => Object.assign(new Error(code), { code });

describe('outcomeUnknown: whether a failed request may still have been carried out', () => {
  it.each<[string, unknown, boolean]>([
    ['no answer in time', new AwsRequestTimeoutError('http://x', 'EC2.CreateVpc', 1000, 1, undefined), true],
    ['the SDK timeout', Object.assign(new Error('t'), { name: 'TimeoutError' }), true],
    ['connection cut after sending', networkError('ECONNRESET'), true],
    ['broken pipe', networkError('EPIPE'), true],
    ['an AWS server error', awsError('InternalError', 500), true],
    ['a proxy 502 page', new NotAnAwsResponseError(502, 'http://x', 'EC2.CreateVpc'), true],
    ['a proxy 404 page', new NotAnAwsResponseError(404, 'http://x', 'EC2.CreateVpc'), false],
    ['connection refused (never sent)', networkError('ECONNREFUSED'), false],
    ['throttled (made nothing)', awsError('RequestLimitExceeded', 503), false],
    ['a client error', awsError('InvalidVpc.Range', 400), false],
    ['not an error object', 'boom', false],
  ])('%s: %s', (_what, error, expected) => {
    expect(outcomeUnknown(error)).toBe(expected);
  });
});

describe('createOnce', () => {
  it('takes what a lost attempt made instead of creating again', async () => {
    const made: string[] = [];
    const id = await createOnce(
      async () => {
        made.push('vpc-1');
        throw networkError('ECONNRESET');
      },
      async () => made[0],
    );
    expect(id).toBe('vpc-1');
    expect(made).toEqual(['vpc-1']);
  });

  it('creates again when the lost attempt made nothing, at most `attempts` times', async () => {
    let calls = 0;
    const id = await createOnce(
      async () => {
        calls += 1;
        if (calls < 3) throw networkError('ECONNRESET');
        return 'vpc-3';
      },
      async () => undefined,
    );
    expect([id, calls]).toEqual(['vpc-3', 3]);
    let tries = 0;
    await expect(
      createOnce(
        async () => {
          tries += 1;
          throw networkError('ECONNRESET');
        },
        async () => undefined,
        2,
      ),
    ).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(tries).toBe(2);
  });

  it('does not look or retry after an error that made nothing', async () => {
    let looked = false;
    await expect(
      createOnce(
        async () => {
          throw awsError('InvalidVpc.Range', 400);
        },
        async () => {
          looked = true;
          return 'never';
        },
      ),
    ).rejects.toMatchObject({ name: 'InvalidVpc.Range' });
    expect(looked).toBe(false);
  });
});
