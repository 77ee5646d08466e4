import type { ServiceDefinition } from '../types.js';
import {
  createBucket,
  deleteBucketPolicy,
  deleteObject,
  getBucketEncryption,
  getBucketLocation,
  getBucketPolicy,
  getObject,
  headBucket,
  headObject,
  listBuckets,
  listObjectsV2,
  putBucketPolicy,
  putObject,
} from './s3/operations.js';

/**
 * Amazon S3 (restXml, path-style): buckets (with their policies, which the baselines' log-archive
 * checks read) and objects as the CDK toolkit uses them for assets.
 * Object bytes are kept under stateDir/s3-objects/ (by SHA-256), their metadata in state.json.
 */
export const s3Service: ServiceDefinition = {
  name: 's3',
  signingName: 's3',
  iamPrefix: 's3',
  protocol: 'restXml',
  sdkClient: '@aws-sdk/client-s3',
  throttlingError: { code: 'SlowDown', status: 503, message: 'Please reduce your request rate.' },
  accessDeniedError: { code: 'AccessDenied', status: 403 },
  knownErrors: {
    InternalError: { status: 500, message: 'We encountered an internal error. Please try again.' },
    ServiceUnavailable: { status: 503, message: 'Service is unable to handle request.' },
  },
  // Most specific first: routes with a required query key before the plain ones.
  routes: [
    { method: 'GET', path: '/', operation: 'ListBuckets' },
    { method: 'GET', path: '/{Bucket}?location', operation: 'GetBucketLocation' },
    { method: 'GET', path: '/{Bucket}?policy', operation: 'GetBucketPolicy' },
    { method: 'PUT', path: '/{Bucket}?policy', operation: 'PutBucketPolicy' },
    { method: 'DELETE', path: '/{Bucket}?policy', operation: 'DeleteBucketPolicy' },
    { method: 'GET', path: '/{Bucket}?encryption', operation: 'GetBucketEncryption' },
    { method: 'GET', path: '/{Bucket}?list-type=2', operation: 'ListObjectsV2' },
    { method: 'PUT', path: '/{Bucket}', operation: 'CreateBucket' },
    { method: 'HEAD', path: '/{Bucket}', operation: 'HeadBucket' },
    { method: 'PUT', path: '/{Bucket}/{Key+}', operation: 'PutObject' },
    { method: 'GET', path: '/{Bucket}/{Key+}', operation: 'GetObject' },
    { method: 'HEAD', path: '/{Bucket}/{Key+}', operation: 'HeadObject' },
    { method: 'DELETE', path: '/{Bucket}/{Key+}', operation: 'DeleteObject', successStatus: 204 },
  ],
  operations: {
    ListBuckets: listBuckets,
    CreateBucket: createBucket,
    HeadBucket: headBucket,
    GetBucketLocation: getBucketLocation,
    GetBucketPolicy: getBucketPolicy,
    PutBucketPolicy: putBucketPolicy,
    DeleteBucketPolicy: deleteBucketPolicy,
    GetBucketEncryption: getBucketEncryption,
    ListObjectsV2: listObjectsV2,
    PutObject: putObject,
    GetObject: getObject,
    HeadObject: headObject,
    DeleteObject: deleteObject,
  },
};
