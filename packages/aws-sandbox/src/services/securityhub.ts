import type { ServiceDefinition } from '../types.js';
import { aggregationOperations } from './securityhub/aggregation.js';
import { associationOperations } from './securityhub/associations.js';
import { configurationPolicyOperations } from './securityhub/configuration-policies.js';
import { findingOperations } from './securityhub/findings.js';
import { hubOperations } from './securityhub/hubs.js';
import { memberOperations } from './securityhub/members.js';
import { organizationOperations } from './securityhub/organization.js';
import { standardsOperations } from './securityhub/standards.js';

/**
 * AWS Security Hub CSPM (restJson1, API 2018-10-26): hubs, the organization's delegated administrator and
 * configuration (local or central, with configuration policies), members, standards, cross-Region
 * aggregation and findings, per account and Region. Routes as in the service model.
 */
export const securityHubService: ServiceDefinition = {
  name: 'securityhub',
  signingName: 'securityhub',
  iamPrefix: 'securityhub',
  protocol: 'restJson1',
  sdkClient: '@aws-sdk/client-securityhub',
  // Security Hub answers throttling with LimitExceededException (HTTP 429), which the SDKs retry as throttling.
  throttlingError: { code: 'LimitExceededException', status: 429, message: 'Rate exceeded' },
  accessDeniedError: { code: 'AccessDeniedException', status: 403 },
  knownErrors: {
    InternalException: { status: 500, message: 'Internal service failure.' },
    InvalidAccessException: { status: 401, message: 'The account is not subscribed to AWS Security Hub.' },
    LimitExceededException: { status: 429, message: 'Rate exceeded' },
  },
  routes: [
    { method: 'POST', path: '/accounts', operation: 'EnableSecurityHub' },
    { method: 'GET', path: '/accounts', operation: 'DescribeHub' },
    { method: 'DELETE', path: '/accounts', operation: 'DisableSecurityHub' },
    { method: 'POST', path: '/organization/admin/enable', operation: 'EnableOrganizationAdminAccount' },
    { method: 'POST', path: '/organization/admin/disable', operation: 'DisableOrganizationAdminAccount' },
    { method: 'GET', path: '/organization/admin', operation: 'ListOrganizationAdminAccounts' },
    { method: 'GET', path: '/organization/configuration', operation: 'DescribeOrganizationConfiguration' },
    { method: 'POST', path: '/organization/configuration', operation: 'UpdateOrganizationConfiguration' },
    { method: 'POST', path: '/members', operation: 'CreateMembers' },
    { method: 'GET', path: '/members', operation: 'ListMembers' },
    { method: 'POST', path: '/members/get', operation: 'GetMembers' },
    { method: 'GET', path: '/standards', operation: 'DescribeStandards' },
    { method: 'POST', path: '/standards/register', operation: 'BatchEnableStandards' },
    { method: 'POST', path: '/standards/deregister', operation: 'BatchDisableStandards' },
    { method: 'POST', path: '/standards/get', operation: 'GetEnabledStandards' },
    { method: 'POST', path: '/findingAggregator/create', operation: 'CreateFindingAggregator' },
    { method: 'GET', path: '/findingAggregator/list', operation: 'ListFindingAggregators' },
    { method: 'GET', path: '/findingAggregator/get/{FindingAggregatorArn+}', operation: 'GetFindingAggregator' },
    { method: 'PATCH', path: '/findingAggregator/update', operation: 'UpdateFindingAggregator' },
    {
      method: 'DELETE',
      path: '/findingAggregator/delete/{FindingAggregatorArn+}',
      operation: 'DeleteFindingAggregator',
    },
    { method: 'POST', path: '/configurationPolicy/create', operation: 'CreateConfigurationPolicy' },
    { method: 'GET', path: '/configurationPolicy/get/{Identifier}', operation: 'GetConfigurationPolicy' },
    { method: 'GET', path: '/configurationPolicy/list', operation: 'ListConfigurationPolicies' },
    { method: 'PATCH', path: '/configurationPolicy/{Identifier}', operation: 'UpdateConfigurationPolicy' },
    { method: 'DELETE', path: '/configurationPolicy/{Identifier}', operation: 'DeleteConfigurationPolicy' },
    {
      method: 'POST',
      path: '/configurationPolicyAssociation/associate',
      operation: 'StartConfigurationPolicyAssociation',
    },
    {
      method: 'POST',
      path: '/configurationPolicyAssociation/disassociate',
      operation: 'StartConfigurationPolicyDisassociation',
    },
    { method: 'POST', path: '/configurationPolicyAssociation/get', operation: 'GetConfigurationPolicyAssociation' },
    {
      method: 'POST',
      path: '/configurationPolicyAssociation/batchget',
      operation: 'BatchGetConfigurationPolicyAssociations',
    },
    { method: 'POST', path: '/configurationPolicyAssociation/list', operation: 'ListConfigurationPolicyAssociations' },
    { method: 'POST', path: '/findings/import', operation: 'BatchImportFindings' },
    { method: 'POST', path: '/findings', operation: 'GetFindings' },
  ],
  operations: {
    ...hubOperations,
    ...organizationOperations,
    ...memberOperations,
    ...standardsOperations,
    ...aggregationOperations,
    ...configurationPolicyOperations,
    ...associationOperations,
    ...findingOperations,
  },
};
