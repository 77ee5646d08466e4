import type { ServiceDefinition } from '../types.js';
import { apiGatewayV2Service } from './apigatewayv2.js';
import { cloudFormationService } from './cloudformation.js';
import { cloudWatchService } from './cloudwatch.js';
import { cloudTrailService } from './cloudtrail.js';
import { configService } from './config.js';
import { directoryService } from './directoryservice.js';
import { directConnectService } from './directconnect.js';
import { dynamoDbService } from './dynamodb.js';
import { ec2Service } from './ec2.js';
import { eventBridgeService } from './eventbridge.js';
import { guardDutyService } from './guardduty.js';
import { iamService } from './iam.js';
import { lambdaService } from './lambda.js';
import { organizationsService } from './organizations.js';
import { ramService } from './ram.js';
import { route53ResolverService } from './route53resolver.js';
import { s3Service } from './s3.js';
import { securityHubService } from './securityhub.js';
import { snsService } from './sns.js';
import { sqsService } from './sqs.js';
import { ssmService } from './ssm.js';
import { storageGatewayService } from './storagegateway.js';
import { stsService } from './sts.js';

/** Every service the sandbox serves; add a service by adding its definition here. */
export const SANDBOX_SERVICES: readonly ServiceDefinition[] = [
  organizationsService,
  ec2Service,
  stsService,
  s3Service,
  iamService,
  cloudTrailService,
  configService,
  guardDutyService,
  securityHubService,
  directConnectService,
  route53ResolverService,
  cloudFormationService,
  ssmService,
  dynamoDbService,
  sqsService,
  eventBridgeService,
  lambdaService,
  apiGatewayV2Service,
  storageGatewayService,
  directoryService,
  cloudWatchService,
  snsService,
  ramService,
];
