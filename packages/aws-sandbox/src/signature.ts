import type { IncomingHttpHeaders } from 'node:http';

/** The credential scope of a SigV4-signed request; the signature itself is not verified. */
export interface SigV4Scope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  /** The signing name, which selects the service. */
  readonly service: string;
  readonly securityToken: string | undefined;
}

/** Reads the scope from the Authorization header or, for presigned URLs, the X-Amz-Credential parameter. */
export function readSigV4Scope(headers: IncomingHttpHeaders, query: URLSearchParams): SigV4Scope | undefined {
  const authorization = headers.authorization;
  let credential: string | undefined;
  if (typeof authorization === 'string' && authorization.startsWith('AWS4-HMAC-SHA256 ')) {
    credential = /Credential=([^,\s]+)/.exec(authorization)?.[1];
  } else if (query.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256') {
    credential = query.get('X-Amz-Credential') ?? undefined;
  }
  if (credential === undefined) return undefined;
  const [accessKeyId, date, region, service, terminator, ...rest] = credential.split('/');
  if (!accessKeyId || !date || !region || !service || terminator !== 'aws4_request' || rest.length > 0)
    return undefined;
  const headerToken = headers['x-amz-security-token'];
  const securityToken =
    typeof headerToken === 'string' ? headerToken : (query.get('X-Amz-Security-Token') ?? undefined);
  return { accessKeyId, date, region, service, securityToken };
}
