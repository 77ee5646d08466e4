import type { ServiceDefinition } from '../types.js';
import { cloudFormationService } from './cloudformation.js';
import { organizationsService } from './organizations.js';
import { s3Service } from './s3.js';
import { ssmService } from './ssm.js';
import { stsService } from './sts.js';

/** Every service the sandbox serves; add a service by adding its definition here. */
export const SANDBOX_SERVICES: readonly ServiceDefinition[] = [
  organizationsService,
  stsService,
  cloudFormationService,
  s3Service,
  ssmService,
];
