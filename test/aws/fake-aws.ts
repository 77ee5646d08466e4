import { Readable } from 'node:stream';

/** One HTTP request as the SDK sent it (after serialization, signing and the user agent). */
export interface SentRequest {
  hostname: string;
  service: 'sts' | 'organizations' | 'other';
  operation: string;
  /** The access key id the request was signed with, and the region and service of the signature. */
  accessKeyId?: string;
  signedRegion?: string;
  userAgent: string;
  body: string;
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

type Responder = (request: SentRequest) => Answer | undefined;

const xml = (operation: string, result: string, requestId: string): Answer => ({
  status: 200,
  headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
  body: `<${operation}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
});

/**
 * An HTTP request handler for SDK clients (their `requestHandler`): the real SDK serializes, signs, retries
 * and deserializes; this answers STS's AssumeRole and GetCallerIdentity (query protocol) and any
 * Organizations call (JSON protocol) from canned answers, and records every request.
 */
export class FakeAws {
  readonly requests: SentRequest[] = [];
  /** Issued session credentials expire this long after `now()`. */
  sessionMs = 3_600_000;
  private issued = 0;
  private readonly responders: Responder[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Answers requests `responder` accepts (returns an answer for) before the defaults. */
  answer(responder: Responder): void {
    this.responders.unshift(responder);
  }

  /** The requests of one operation. */
  sent(operation: string): SentRequest[] {
    return this.requests.filter((request) => request.operation === operation);
  }

  readonly handler = {
    handle: async (request: {
      hostname: string;
      headers: Record<string, string>;
      body?: unknown;
    }): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Readable } }> => {
      const body = typeof request.body === 'string' ? request.body : '';
      const target = request.headers['x-amz-target'];
      const credential = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(request.headers.authorization ?? '');
      const sent: SentRequest = {
        hostname: request.hostname,
        service: target ? 'organizations' : /Action=/.test(body) ? 'sts' : 'other',
        operation: target ? (target.split('.')[1] ?? '') : (/Action=(\w+)/.exec(body)?.[1] ?? ''),
        accessKeyId: credential?.[1],
        signedRegion: credential?.[2],
        userAgent: `${request.headers['user-agent'] ?? ''} ${request.headers['x-amz-user-agent'] ?? ''}`,
        body,
      };
      this.requests.push(sent);
      const answer = this.responders.map((responder) => responder(sent)).find(Boolean) ?? this.defaultAnswer(sent);
      return {
        response: {
          statusCode: answer.status,
          headers: answer.headers ?? {},
          body: Readable.from([Buffer.from(answer.body)]),
        },
      };
    },
  };

  private defaultAnswer(request: SentRequest): Answer {
    const requestId = `req-${this.requests.length}`;
    if (request.operation === 'AssumeRole') {
      this.issued += 1;
      const account = /RoleArn=arn%3Aaws%3Aiam%3A%3A(\d{12})/.exec(request.body)?.[1] ?? '000000000000';
      const expiration = new Date(this.now() + this.sessionMs).toISOString();
      return xml(
        'AssumeRole',
        `<Credentials><AccessKeyId>ASIA${account}${this.issued}</AccessKeyId><SecretAccessKey>secret-${this.issued}</SecretAccessKey><SessionToken>token-${this.issued}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/OrganizationAccountAccessRole/awsarch</Arn><AssumedRoleId>AROA:awsarch</AssumedRoleId></AssumedRoleUser>`,
        requestId,
      );
    }
    if (request.operation === 'GetCallerIdentity') {
      const account = /^ASIA(\d{12})/.exec(request.accessKeyId ?? '')?.[1] ?? '111111111111';
      return xml(
        'GetCallerIdentity',
        `<Account>${account}</Account><Arn>arn:aws:iam::${account}:user/caller</Arn><UserId>AIDA</UserId>`,
        requestId,
      );
    }
    if (request.service === 'organizations')
      return {
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
        body: JSON.stringify({ Organization: { Id: 'o-exampleorg1', MasterAccountId: '111111111111' } }),
      };
    return { status: 404, body: '' };
  }
}

/** An error answer in the JSON protocol (Organizations). */
export const jsonError = (status: number, type: string, message: string): Answer => ({
  status,
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `err-${type}` },
  body: JSON.stringify({ __type: type, Message: message }),
});
