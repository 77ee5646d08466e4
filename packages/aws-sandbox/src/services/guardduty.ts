import type { ServiceDefinition } from '../types.js';
import { detectorOperations } from './guardduty/detectors.js';
import { findingOperations } from './guardduty/findings.js';
import { memberOperations } from './guardduty/members.js';
import { organizationAdminOperations } from './guardduty/organization-admin.js';

/** Amazon GuardDuty (restJson1): detectors, members, findings and the organization's delegated administrator, per region. */
export const guardDutyService: ServiceDefinition = {
  name: 'guardduty',
  signingName: 'guardduty',
  iamPrefix: 'guardduty',
  protocol: 'restJson1',
  sdkClient: '@aws-sdk/client-guardduty',
  throttlingError: { code: 'ThrottlingException', status: 429, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AccessDeniedException', status: 403 },
  routes: [
    { method: 'POST', path: '/detector', operation: 'CreateDetector' },
    { method: 'GET', path: '/detector', operation: 'ListDetectors' },
    { method: 'GET', path: '/detector/{DetectorId}', operation: 'GetDetector' },
    { method: 'POST', path: '/detector/{DetectorId}', operation: 'UpdateDetector' },
    { method: 'DELETE', path: '/detector/{DetectorId}', operation: 'DeleteDetector' },
    { method: 'POST', path: '/detector/{DetectorId}/member', operation: 'CreateMembers' },
    { method: 'GET', path: '/detector/{DetectorId}/member', operation: 'ListMembers' },
    { method: 'POST', path: '/detector/{DetectorId}/member/get', operation: 'GetMembers' },
    { method: 'POST', path: '/detector/{DetectorId}/member/start', operation: 'StartMonitoringMembers' },
    { method: 'POST', path: '/detector/{DetectorId}/member/stop', operation: 'StopMonitoringMembers' },
    { method: 'GET', path: '/detector/{DetectorId}/administrator', operation: 'GetAdministratorAccount' },
    { method: 'POST', path: '/admin/enable', operation: 'EnableOrganizationAdminAccount' },
    { method: 'POST', path: '/admin/disable', operation: 'DisableOrganizationAdminAccount' },
    { method: 'GET', path: '/admin', operation: 'ListOrganizationAdminAccounts' },
    { method: 'POST', path: '/detector/{DetectorId}/findings', operation: 'ListFindings' },
    { method: 'POST', path: '/detector/{DetectorId}/findings/get', operation: 'GetFindings' },
    { method: 'POST', path: '/detector/{DetectorId}/findings/statistics', operation: 'GetFindingsStatistics' },
  ],
  operations: { ...detectorOperations, ...memberOperations, ...organizationAdminOperations, ...findingOperations },
};
