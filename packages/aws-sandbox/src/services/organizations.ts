import type { ServiceDefinition } from '../types.js';
import { describeAccount, listAccounts, listAccountsForParent, moveAccount } from './organizations/accounts.js';
import {
  createAccount,
  describeCreateAccountStatus,
  listCreateAccountStatus,
  settleCreateAccounts,
} from './organizations/create-account.js';
import { closeAccount, settleAccountClosures } from './organizations/close-account.js';
import {
  deregisterDelegatedAdministrator,
  listDelegatedAdministrators,
  listDelegatedServicesForAccount,
  registerDelegatedAdministratorOperation,
} from './organizations/delegated-administrators.js';
import { ORGANIZATIONS_ERRORS, organizationsErrorStatus } from './organizations/errors.js';
import { leaveOrganization } from './organizations/leave-organization.js';
import { createOrganization, describeOrganization, listRoots } from './organizations/organization.js';
import {
  disableAwsServiceAccess,
  enableAwsServiceAccess,
  listAwsServiceAccessForOrganization,
} from './organizations/service-access.js';
import { createPolicy, deletePolicy, describePolicy, listPolicies, updatePolicy } from './organizations/policies.js';
import {
  attachPolicy,
  detachPolicy,
  listPoliciesForTarget,
  listTargetsForPolicy,
} from './organizations/policy-attachments.js';
import { disablePolicyType, enablePolicyType } from './organizations/policy-types.js';
import { listTagsForResource, tagResource, untagResource } from './organizations/tags.js';
import {
  createOrganizationalUnit,
  deleteOrganizationalUnit,
  describeOrganizationalUnit,
  listChildren,
  listOrganizationalUnitsForParent,
  listParents,
} from './organizations/units.js';

/** AWS Organizations (awsJson1.1, target prefix AWSOrganizationsV20161128). */
export const organizationsService: ServiceDefinition = {
  name: 'organizations',
  signingName: 'organizations',
  iamPrefix: 'organizations',
  protocol: 'awsJson1_1',
  sdkClient: '@aws-sdk/client-organizations',
  targetPrefix: 'AWSOrganizationsV20161128',
  errorMessageMember: 'Message',
  throttlingError: {
    code: 'TooManyRequestsException',
    status: 400,
    message: ORGANIZATIONS_ERRORS.TooManyRequestsException,
  },
  accessDeniedError: { code: 'AccessDeniedException', status: 400 },
  knownErrors: Object.fromEntries(
    Object.entries(ORGANIZATIONS_ERRORS).map(([code, message]) => [
      code,
      { status: organizationsErrorStatus(code), message },
    ]),
  ),
  // Both run on every request: each applies its own transitions that are due.
  settle: (ctx) => [settleCreateAccounts(ctx), settleAccountClosures(ctx)].some(Boolean),
  operations: {
    CreateOrganization: createOrganization,
    DescribeOrganization: describeOrganization,
    ListRoots: listRoots,
    CreateOrganizationalUnit: createOrganizationalUnit,
    DeleteOrganizationalUnit: deleteOrganizationalUnit,
    DescribeOrganizationalUnit: describeOrganizationalUnit,
    ListOrganizationalUnitsForParent: listOrganizationalUnitsForParent,
    ListChildren: listChildren,
    ListParents: listParents,
    ListAccounts: listAccounts,
    ListAccountsForParent: listAccountsForParent,
    DescribeAccount: describeAccount,
    CreateAccount: createAccount,
    DescribeCreateAccountStatus: describeCreateAccountStatus,
    ListCreateAccountStatus: listCreateAccountStatus,
    MoveAccount: moveAccount,
    CloseAccount: closeAccount,
    TagResource: tagResource,
    UntagResource: untagResource,
    ListTagsForResource: listTagsForResource,
    EnableAWSServiceAccess: enableAwsServiceAccess,
    DisableAWSServiceAccess: disableAwsServiceAccess,
    ListAWSServiceAccessForOrganization: listAwsServiceAccessForOrganization,
    RegisterDelegatedAdministrator: registerDelegatedAdministratorOperation,
    DeregisterDelegatedAdministrator: deregisterDelegatedAdministrator,
    ListDelegatedAdministrators: listDelegatedAdministrators,
    ListDelegatedServicesForAccount: listDelegatedServicesForAccount,
    LeaveOrganization: leaveOrganization,
    EnablePolicyType: enablePolicyType,
    DisablePolicyType: disablePolicyType,
    CreatePolicy: createPolicy,
    UpdatePolicy: updatePolicy,
    DeletePolicy: deletePolicy,
    DescribePolicy: describePolicy,
    ListPolicies: listPolicies,
    AttachPolicy: attachPolicy,
    DetachPolicy: detachPolicy,
    ListPoliciesForTarget: listPoliciesForTarget,
    ListTargetsForPolicy: listTargetsForPolicy,
  },
};
