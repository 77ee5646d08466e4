/**
 * Error codes AWS documents but the SDK models do not carry. Each table names its source; a code the sandbox
 * sends must be in its service's model, in its service's table here, or among AWS's common errors.
 */
export type StatusTable = Readonly<Record<string, readonly number[]>>;

/**
 * "Common Errors" of the AWS API references (every service), with the statuses the references give, plus the
 * protocol-level answers the SDKs handle for every service (UnrecognizedClientException,
 * ExpiredToken(Exception), MissingAuthenticationTokenException, SerializationException, UnknownOperationException).
 * AccessDeniedException is 400 in most references, 403 in others (Lambda, GuardDuty's model).
 */
export const COMMON_ERRORS: StatusTable = {
  AccessDeniedException: [400, 403],
  IncompleteSignature: [400, 403],
  InternalFailure: [500],
  InvalidAction: [400],
  InvalidClientTokenId: [403],
  InvalidParameterCombination: [400],
  InvalidParameterValue: [400],
  InvalidQueryParameter: [400],
  MalformedQueryString: [404],
  MissingAction: [400],
  MissingAuthenticationToken: [403],
  MissingAuthenticationTokenException: [403],
  MissingParameter: [400],
  NotAuthorized: [400],
  OptInRequired: [403],
  RequestExpired: [400],
  ServiceUnavailable: [503],
  // 400 in the references; REST services (GuardDuty) answer it with 429 Too Many Requests.
  ThrottlingException: [400, 429],
  ValidationError: [400],
  UnrecognizedClientException: [403],
  ExpiredTokenException: [400, 403],
  SerializationException: [400],
  UnknownOperationException: [400, 404],
  // AWS's JSON services answer input that breaks the model's constraints ("1 validation error detected: …")
  // with ValidationException, modeled or not (EventBridge, CloudTrail, Organizations among them).
  ValidationException: [400],
  // A credential scoped to a Region the endpoint does not serve ("Credential should be scoped to a valid region"):
  // SignatureDoesNotMatch in the query protocols (IAM, STS), InvalidSignatureException in the JSON ones (400 for
  // awsJson services such as DynamoDB and SQS, 403 for restJson ones); see "Troubleshoot Signature Version 4 errors".
  SignatureDoesNotMatch: [403],
  InvalidSignatureException: [400, 403],
};

/**
 * The query protocols' own words for the same (IAM, STS and CloudFormation send `AccessDenied` with 403,
 * `Throttling` with 400, `ExpiredToken` with 400; see e.g. the IAM and STS API references' error lists).
 */
export const QUERY_PROTOCOL_ERRORS: StatusTable = {
  AccessDenied: [403],
  Throttling: [400],
  ExpiredToken: [400, 403],
};

/** "Error codes for the Amazon EC2 API" (EC2 API Reference): client errors are 400, UnauthorizedOperation 403. */
export const EC2_ERRORS: StatusTable = Object.fromEntries(
  [
    'DependencyViolation',
    'DuplicateSubnetsInSameZone',
    'DuplicateTransitGatewayAttachment',
    'IncorrectState',
    'InvalidCustomerGatewayID.NotFound',
    'InvalidFilter',
    'InvalidID',
    'InvalidNextToken',
    'InvalidParameter',
    'InvalidRouteTableID.NotFound',
    'InvalidSubnet.Conflict',
    'InvalidSubnet.Range',
    'InvalidSubnetID.NotFound',
    'InvalidTransitGatewayAttachmentID.NotFound',
    'InvalidTransitGatewayID.NotFound',
    'InvalidVpc.Range',
    'InvalidVpcID.NotFound',
    'InvalidVpnConnectionID.NotFound',
    'InvalidVpnGatewayID.NotFound',
    'TransitGatewayLimitExceeded',
    'VpcLimitExceeded',
  ]
    .map((code): [string, readonly number[]] => [code, [400]])
    .concat([
      ['UnauthorizedOperation', [403]],
      ['AuthFailure', [401]],
      ['RequestLimitExceeded', [503]],
      ['InternalError', [500]],
      ['Unavailable', [503]],
    ]),
);

/** "List of error codes" (Amazon S3 API Reference, Error responses). */
export const S3_ERRORS: StatusTable = {
  AccessDenied: [403],
  BucketAlreadyExists: [409],
  BucketAlreadyOwnedByYou: [409],
  BucketNotEmpty: [409],
  IllegalLocationConstraintException: [400],
  InternalError: [500],
  InvalidArgument: [400],
  InvalidBucketName: [400],
  InvalidRequest: [400],
  MalformedPolicy: [400],
  MalformedXML: [400],
  MethodNotAllowed: [405],
  NoSuchBucket: [404],
  NoSuchBucketPolicy: [404],
  NoSuchKey: [404],
  NoSuchLifecycleConfiguration: [404],
  NoSuchPublicAccessBlockConfiguration: [404],
  NoSuchTagSet: [404],
  NotImplemented: [501],
  OwnershipControlsNotFoundError: [404],
  ServerSideEncryptionConfigurationNotFoundError: [404],
  ServiceUnavailable: [503],
  SlowDown: [503],
};

/** Services whose models leave (most of) their errors to the documentation. */
export const DOCUMENTED_ERRORS: Readonly<Record<string, StatusTable>> = { ec2: EC2_ERRORS, s3: S3_ERRORS };
