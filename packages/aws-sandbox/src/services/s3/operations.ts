import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SandboxServiceError } from '../../errors.js';
import type { RestXmlInput, RestXmlOutput } from '../../protocols/rest-xml.js';
import type { HandlerContext, OperationInput } from '../../types.js';
import { decodedPayload } from './aws-chunked.js';
import { parseXmlDocument, XmlParseError } from '../../xml-parse.js';
import { findBucket, isValidBucketName, putBucket, s3State, type S3BucketRecord } from './model.js';
import { PRIVATE_DIR, PRIVATE_FILE } from '../../private-files.js';

const asInput = (input: OperationInput) => input as unknown as RestXmlInput;

function noSuchBucket(name: string): SandboxServiceError {
  return new SandboxServiceError('NoSuchBucket', 'The specified bucket does not exist', {
    status: 404,
    extra: { BucketName: name },
  });
}

/**
 * A bucket the request may act on: the authorization layer has already weighed the caller's policies and the
 * bucket policy (another account's bucket needs a grant in it); x-amz-expected-bucket-owner, when sent, must
 * name the owner.
 */
function accessibleBucket(ctx: HandlerContext, name: string, headers?: RestXmlInput['headers']): S3BucketRecord {
  const bucket = findBucket(ctx.state, name);
  if (!bucket) throw noSuchBucket(name);
  const expectedOwner = headers?.['x-amz-expected-bucket-owner'];
  if (typeof expectedOwner === 'string' && expectedOwner !== bucket.accountId)
    throw new SandboxServiceError('AccessDenied', 'Access Denied', { status: 403 });
  return bucket;
}

/**
 * A bucket whose configuration (policy, encryption) only the owner's account may read or change, whatever a bucket
 * policy grants others ("you must … belong to the bucket owner's account", PutBucketPolicy API reference).
 */
function ownBucket(ctx: HandlerContext, name: string, headers?: RestXmlInput['headers']): S3BucketRecord {
  const bucket = accessibleBucket(ctx, name, headers);
  if (bucket.accountId !== ctx.caller.accountId)
    throw new SandboxServiceError('AccessDenied', 'Access Denied', { status: 403 });
  return bucket;
}

/** The LocationConstraint of a CreateBucketConfiguration body, if any. */
function locationConstraint(body: Buffer): string | undefined {
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    const document = parseXmlDocument(text);
    const value =
      document && typeof document.value === 'object' && !Array.isArray(document.value)
        ? document.value.LocationConstraint
        : undefined;
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch (error) {
    if (error instanceof XmlParseError)
      throw new SandboxServiceError(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema.',
      );
    throw error;
  }
}

function objectsDir(ctx: HandlerContext): string {
  return join(ctx.options.stateDir, 's3-objects');
}

export function listBuckets(_input: OperationInput, ctx: HandlerContext): RestXmlOutput {
  const buckets = Object.values(s3State(ctx.state).buckets).filter(
    (bucket) => bucket.accountId === ctx.caller.accountId,
  );
  return {
    xml: {
      root: 'ListAllMyBucketsResult',
      members: {
        Owner: { ID: ctx.caller.accountId },
        Buckets: { Bucket: buckets.map((bucket) => ({ Name: bucket.name, CreationDate: new Date(bucket.createdAt) })) },
      },
    },
  };
}

export function createBucket(input: OperationInput, ctx: HandlerContext): RestXmlOutput {
  const { labels, body } = asInput(input);
  const name = labels.Bucket ?? '';
  if (!isValidBucketName(name))
    throw new SandboxServiceError('InvalidBucketName', 'The specified bucket is not valid.', {
      status: 400,
      extra: { BucketName: name },
    });
  const constraint = locationConstraint(body);
  if ((constraint ?? 'us-east-1') !== ctx.region) {
    throw new SandboxServiceError(
      'IllegalLocationConstraintException',
      `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    );
  }
  const existing = findBucket(ctx.state, name);
  if (existing && existing.accountId !== ctx.caller.accountId) {
    throw new SandboxServiceError(
      'BucketAlreadyExists',
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
      { status: 409, extra: { BucketName: name } },
    );
  }
  // us-east-1 answers 200 to creating your own bucket again, for historical reasons; other regions refuse.
  if (existing && ctx.region !== 'us-east-1') {
    throw new SandboxServiceError(
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      { status: 409, extra: { BucketName: name } },
    );
  }
  putBucket(ctx.state, {
    name,
    accountId: ctx.caller.accountId,
    region: ctx.region,
    createdAt: new Date(ctx.now()).toISOString(),
  });
  return { headers: { location: `/${name}`, 'x-amz-bucket-arn': `arn:aws:s3:::${name}` } };
}

export function headBucket(input: OperationInput, ctx: HandlerContext): RestXmlOutput {
  const { labels, headers } = asInput(input);
  const bucket = accessibleBucket(ctx, labels.Bucket ?? '', headers);
  return { headers: { 'x-amz-bucket-region': bucket.region, 'x-amz-bucket-arn': `arn:aws:s3:::${bucket.name}` } };
}

export function getBucketPolicy(input: OperationInput, ctx: HandlerContext): RestXmlOutput {
  const { labels, headers } = asInput(input);
  const bucket = ownBucket(ctx, labels.Bucket ?? '', headers);
  if (bucket.policy === undefined)
    throw new SandboxServiceError('NoSuchBucketPolicy', 'The bucket policy does not exist', {
      status: 404,
      extra: { BucketName: bucket.name },
    });
  return { headers: { 'content-type': 'application/json' }, body: bucket.policy };
}

export function putBucketPolicy(input: OperationInput, ctx: HandlerContext): RestXmlOutput {
  const { labels, headers, body } = asInput(input);
  const bucket = ownBucket(ctx, labels.Bucket ?? '', headers);
  const policy = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    parsed = undefined;
  }
  if (!policy.trimStart().startsWith('{') || typeof parsed !== 'object' || parsed === null) {
    throw new SandboxServiceError('MalformedPolicy', "Policies must be valid JSON and the first byte must be '{'");
  }
  if (!('Statement' in parsed)) throw new SandboxServiceError('MalformedPolicy', 'Missing required field Statement');
  bucket.policy = policy;
  return { status: 204 };
}

export function deleteBucketPolicy(input: OperationInput, ctx: HandlerContext): RestXmlOutput {
  const { labels, headers } = asInput(input);
  delete ownBucket(ctx, labels.Bucket ?? '', headers).policy;
  return { status: 204 };
}

export function getBucketLocation(input: OperationInput, ctx: HandlerContext): RestXmlOutput {
  const bucket = accessibleBucket(ctx, asInput(input).labels.Bucket ?? '');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${bucket.region === 'us-east-1' ? '' : bucket.region}</LocationConstraint>`;
  return { headers: { 'content-type': 'application/xml' }, body };
}

export function getBucketEncryption(input: OperationInput, ctx: HandlerContext): RestXmlOutput {
  const bucket = ownBucket(ctx, asInput(input).labels.Bucket ?? '');
  if (!bucket.encryption) {
    throw new SandboxServiceError(
      'ServerSideEncryptionConfigurationNotFoundError',
      'The server side encryption configuration was not found',
      { status: 404, extra: { BucketName: bucket.name } },
    );
  }
  return {
    xml: {
      root: 'ServerSideEncryptionConfiguration',
      members: { Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: bucket.encryption } } },
    },
  };
}

export function listObjectsV2(input: OperationInput, ctx: HandlerContext): RestXmlOutput {
  const { labels, query } = asInput(input);
  const bucket = accessibleBucket(ctx, labels.Bucket ?? '');
  const prefix = query.get('prefix') ?? '';
  const maxKeys = Math.min(Number(query.get('max-keys') ?? 1000) || 1000, 1000);
  const token = query.get('continuation-token');
  const after = token ? Buffer.from(token, 'base64url').toString('utf8') : (query.get('start-after') ?? '');
  const keys = Object.keys(bucket.objects)
    .filter((key) => key.startsWith(prefix) && key > after)
    .sort();
  const page = keys.slice(0, maxKeys);
  const truncated = keys.length > page.length;
  return {
    xml: {
      root: 'ListBucketResult',
      members: {
        Name: bucket.name,
        Prefix: prefix,
        KeyCount: page.length,
        MaxKeys: maxKeys,
        IsTruncated: truncated,
        ...(token ? { ContinuationToken: token } : {}),
        ...(truncated ? { NextContinuationToken: Buffer.from(page.at(-1) ?? '').toString('base64url') } : {}),
        Contents: page.map((key) => {
          const object = bucket.objects[key];
          return {
            Key: key,
            LastModified: new Date(object?.lastModified ?? 0),
            ETag: object?.etag,
            Size: object?.size,
            StorageClass: 'STANDARD',
          };
        }),
      },
    },
  };
}

export async function putObject(input: OperationInput, ctx: HandlerContext): Promise<RestXmlOutput> {
  const { labels, headers, body } = asInput(input);
  const bucket = accessibleBucket(ctx, labels.Bucket ?? '');
  const content = decodedPayload(headers, body);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const etag = `"${createHash('md5').update(content).digest('hex')}"`;
  const dir = objectsDir(ctx);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  const temp = join(dir, `.${randomUUID()}.tmp`);
  await writeFile(temp, content, { mode: PRIVATE_FILE });
  await rename(temp, join(dir, sha256));
  const metadata = Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => name.startsWith('x-amz-meta-'))
      .map(([name, value]) => [name.slice('x-amz-meta-'.length), String(value)]),
  );
  bucket.objects[labels.Key ?? ''] = {
    size: content.length,
    etag,
    sha256,
    lastModified: new Date(ctx.now()).toISOString(),
    contentType: typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined,
    ...(Object.keys(metadata).length ? { metadata } : {}),
  };
  return { headers: { etag } };
}

function objectOf(ctx: HandlerContext, input: OperationInput) {
  const { labels } = asInput(input);
  const bucket = accessibleBucket(ctx, labels.Bucket ?? '');
  const key = labels.Key ?? '';
  const object = bucket.objects[key];
  if (!object)
    throw new SandboxServiceError('NoSuchKey', 'The specified key does not exist.', {
      status: 404,
      extra: { Key: key },
    });
  const headers: Record<string, string> = {
    etag: object.etag,
    'last-modified': new Date(object.lastModified).toUTCString(),
    'content-type': object.contentType ?? 'binary/octet-stream',
    'accept-ranges': 'bytes',
  };
  for (const [name, value] of Object.entries(object.metadata ?? {})) headers[`x-amz-meta-${name}`] = value;
  return { object, headers };
}

export function headObject(input: OperationInput, ctx: HandlerContext): RestXmlOutput {
  const { object, headers } = objectOf(ctx, input);
  // A HEAD response has no body, but announces the object's length.
  return { headers: { ...headers, 'content-length': String(object.size) } };
}

export async function getObject(input: OperationInput, ctx: HandlerContext): Promise<RestXmlOutput> {
  const { object, headers } = objectOf(ctx, input);
  return { headers, body: await readObjectContent(ctx.options.stateDir, object.sha256) };
}

export function deleteObject(input: OperationInput, ctx: HandlerContext): RestXmlOutput {
  const { labels } = asInput(input);
  const bucket = accessibleBucket(ctx, labels.Bucket ?? '');
  delete bucket.objects[labels.Key ?? ''];
  return { status: 204 };
}

/** An object's bytes (CloudFormation reads templates uploaded to S3 this way). */
export function readObjectContent(stateDir: string, sha256: string): Promise<Buffer> {
  return readFile(join(stateDir, 's3-objects', sha256));
}
