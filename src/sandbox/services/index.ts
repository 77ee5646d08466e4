import type { ServiceDefinition } from '../types.js';
import { cloudFormationService } from './cloudformation.js';
import { directConnectService } from './directconnect.js';
import { ec2Service } from './ec2.js';
import { organizationsService } from './organizations.js';
import { route53ResolverService } from './route53resolver.js';
import { s3Service } from './s3.js';
import { ssmService } from './ssm.js';
import { stsService } from './sts.js';

/** Every service the sandbox serves; add a service by adding its definition here. */
export const SANDBOX_SERVICES: readonly ServiceDefinition[] = [
  organizationsService,
  ec2Service,
  stsService,
  directConnectService,
  route53ResolverService,
  cloudFormationService,
  s3Service,
  ssmService,
];
