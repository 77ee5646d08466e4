import type { ServiceDefinition } from '../types.js';
import { bucketOperations } from './s3/buckets.js';

/**
 * Amazon S3 (restXml, path-style addressing only): bucket existence and bucket policies, which is
 * what the baselines' log-archive checks need. Routes with a required query key come first.
 */
export const s3Service: ServiceDefinition = {
  name: 's3',
  signingName: 's3',
  iamPrefix: 's3',
  protocol: 'restXml',
  xmlNamespace: 'http://s3.amazonaws.com/doc/2006-03-01/',
  version: '2006-03-01',
  throttlingError: { code: 'SlowDown', status: 503, message: 'Please reduce your request rate.' },
  accessDeniedError: { code: 'AccessDenied', status: 403 },
  routes: [
    { method: 'GET', path: '/{Bucket}?policy', operation: 'GetBucketPolicy', payloadMember: 'Policy', inputHeaders: { 'x-amz-expected-bucket-owner': 'ExpectedBucketOwner' } },
    { method: 'PUT', path: '/{Bucket}?policy', operation: 'PutBucketPolicy', payloadMember: 'Policy', successStatus: 204, inputHeaders: { 'x-amz-expected-bucket-owner': 'ExpectedBucketOwner' } },
    { method: 'DELETE', path: '/{Bucket}?policy', operation: 'DeleteBucketPolicy', successStatus: 204 },
    {
      method: 'PUT',
      path: '/{Bucket}',
      operation: 'CreateBucket',
      payloadMember: 'CreateBucketConfiguration',
      outputHeaders: { Location: 'location', BucketArn: 'x-amz-bucket-arn' },
    },
    {
      method: 'HEAD',
      path: '/{Bucket}',
      operation: 'HeadBucket',
      inputHeaders: { 'x-amz-expected-bucket-owner': 'ExpectedBucketOwner' },
      outputHeaders: { BucketRegion: 'x-amz-bucket-region', BucketArn: 'x-amz-bucket-arn' },
    },
  ],
  operations: bucketOperations,
};
