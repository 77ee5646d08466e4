import { cloudTrailStep } from './cloudtrail.js';
import { configStep } from './config.js';
import { guardDutyStep } from './guardduty.js';
import type { AnyBaselineStep, StepName } from './model.js';
import { networkStep } from './network.js';
import { rolesStep } from './roles.js';
import { securityHubStep } from './securityhub.js';

/** Every step a baseline may list, by the name it uses in the baseline file. */
export const BASELINE_STEPS: Readonly<Record<StepName, AnyBaselineStep>> = {
  cloudtrail: cloudTrailStep,
  config: configStep,
  guardduty: guardDutyStep,
  securityhub: securityHubStep,
  network: networkStep,
  roles: rolesStep,
};
