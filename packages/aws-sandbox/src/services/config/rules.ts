import { createHash } from 'node:crypto';
import { randomLowercaseAlphanumeric } from '../../ids.js';
import type { SandboxState } from '../../state.js';
import type { HandlerContext, OperationHandler } from '../../types.js';
import { hubOf, subscriptionsOf } from '../securityhub/model.js';
import { controlsFor, type ControlDefinition } from '../securityhub/standards-catalog.js';
import { configError, configRegion, configRegionOf, isRecording, type EvaluationRecord } from './model.js';

/** A rule as Config lists it: one the account put, or one a service (Security Hub) created. */
export interface RuleView {
  name: string;
  id: string;
  arn: string;
  owner: string;
  sourceIdentifier?: string;
  description?: string;
  resourceTypes: string[];
  createdBy?: string;
}

function hex(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** The name of the service-linked rule that runs a Security Hub control in an account and Region. */
export function securityHubRuleName(accountId: string, region: string, control: ControlDefinition): string {
  return `securityhub-${control.configRule}-${hex(`${accountId}/${region}/${control.id}`, 8)}`;
}

/**
 * Security Hub runs each control of the standards an account enabled as a service-linked AWS Config rule
 * (securityhub-IDENTIFIER-SUFFIX, CreatedBy securityhub.amazonaws.com), once Config records in that Region.
 */
function securityHubRules(state: SandboxState, accountId: string, region: string): RuleView[] {
  if (!hubOf(state, accountId, region) || !isRecording(state, accountId, region)) return [];
  const standards = Object.keys(subscriptionsOf(state, accountId, region));
  return controlsFor(standards).map((control) => {
    const id = `config-rule-${hex(`${accountId}/${region}/${control.id}/id`, 6)}`;
    return {
      name: securityHubRuleName(accountId, region, control),
      id,
      arn: `arn:aws:config:${region}:${accountId}:config-rule/aws-service-rule/securityhub.amazonaws.com/${id}`,
      owner: 'AWS',
      sourceIdentifier: control.configRule.toUpperCase().replaceAll('-', '_'),
      description: `${control.id}: ${control.title}`,
      resourceTypes: [],
      createdBy: 'securityhub.amazonaws.com',
    };
  });
}

/** Every rule of an account in a Region, in name order. */
export function rulesIn(state: SandboxState, accountId: string, region: string): RuleView[] {
  const own = Object.values(configRegionOf(state, accountId, region).rules ?? {}).map((rule) => ({
    name: rule.name,
    id: rule.id,
    arn: `arn:aws:config:${region}:${accountId}:config-rule/${rule.id}`,
    owner: rule.owner,
    sourceIdentifier: rule.sourceIdentifier,
    description: rule.description,
    resourceTypes: rule.resourceTypes,
  }));
  return [...own, ...securityHubRules(state, accountId, region)].sort((a, b) => a.name.localeCompare(b.name));
}

/** The results of a rule, COMPLIANT and NON_COMPLIANT (NOT_APPLICABLE results are not reported). */
export function resultsOf(state: SandboxState, accountId: string, region: string, rule: string): EvaluationRecord[] {
  return Object.values(configRegionOf(state, accountId, region).evaluations?.[rule] ?? {}).filter(
    (result) => result.complianceType !== 'NOT_APPLICABLE',
  );
}

/** A rule's compliance: NON_COMPLIANT if any resource is, COMPLIANT if all evaluated ones are, else no data. */
export function ruleCompliance(results: readonly EvaluationRecord[]): {
  ComplianceType: 'COMPLIANT' | 'NON_COMPLIANT' | 'INSUFFICIENT_DATA';
  ComplianceContributorCount?: { CappedCount: number; CapExceeded: boolean };
} {
  const failing = results.filter((result) => result.complianceType === 'NON_COMPLIANT').length;
  if (failing > 0)
    return {
      ComplianceType: 'NON_COMPLIANT',
      ComplianceContributorCount: { CappedCount: Math.min(failing, 100), CapExceeded: failing > 100 },
    };
  return { ComplianceType: results.length > 0 ? 'COMPLIANT' : 'INSUFFICIENT_DATA' };
}

function ruleView(rule: RuleView) {
  return {
    ConfigRuleName: rule.name,
    ConfigRuleArn: rule.arn,
    ConfigRuleId: rule.id,
    Description: rule.description,
    Scope: rule.resourceTypes.length > 0 ? { ComplianceResourceTypes: rule.resourceTypes } : undefined,
    Source: { Owner: rule.owner, SourceIdentifier: rule.sourceIdentifier },
    ConfigRuleState: 'ACTIVE',
    CreatedBy: rule.createdBy,
  };
}

function namedRules(ctx: HandlerContext, names: unknown): RuleView[] {
  const all = rulesIn(ctx.state, ctx.caller.accountId, ctx.region);
  if (!Array.isArray(names) || names.length === 0) return all;
  return names.map(String).map((name) => {
    const rule = all.find((candidate) => candidate.name === name);
    if (!rule)
      throw configError(
        'NoSuchConfigRuleException',
        `The ConfigRule '${name}' provided in the request is invalid. Please check the configRule name.`,
      );
    return rule;
  });
}

/** Pages of a list with an opaque offset token (Config's InvalidNextTokenException for a foreign one). */
export function configPage<T>(items: readonly T[], token: unknown, size: number): { items: T[]; nextToken?: string } {
  let start = 0;
  if (typeof token === 'string' && token !== '') {
    start = Number(Buffer.from(token, 'base64url').toString());
    if (!Number.isInteger(start) || start < 0 || start > items.length)
      throw configError('InvalidNextTokenException', 'The nextToken provided is invalid.');
  }
  const end = start + size;
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined,
  };
}

/** Managed rules only (AWS owner with an identifier); Config needs a recorder first. */
const putConfigRule: OperationHandler = (input, ctx) => {
  const rule = (input.ConfigRule ?? {}) as Record<string, unknown>;
  const source = (rule.Source ?? {}) as { Owner?: unknown; SourceIdentifier?: unknown };
  const name = typeof rule.ConfigRuleName === 'string' ? rule.ConfigRuleName : '';
  if (!/^.{1,128}$/.test(name))
    throw configError('InvalidParameterValueException', 'ConfigRuleName is required (1 to 128 characters).');
  if (source.Owner !== 'AWS' || typeof source.SourceIdentifier !== 'string')
    throw configError(
      'InvalidParameterValueException',
      'The sandbox models AWS managed rules only (Source.Owner AWS with a SourceIdentifier).',
    );
  const region = configRegion(ctx);
  if (Object.keys(region.recorders).length === 0)
    throw configError(
      'NoAvailableConfigurationRecorderException',
      'Configuration recorder is not available to put config rule.',
    );
  const rules = (region.rules ??= {});
  const scope = (rule.Scope ?? {}) as { ComplianceResourceTypes?: unknown };
  rules[name] = {
    name,
    id: rules[name]?.id ?? `config-rule-${randomLowercaseAlphanumeric(6)}`,
    owner: 'AWS',
    sourceIdentifier: source.SourceIdentifier,
    description: typeof rule.Description === 'string' ? rule.Description : undefined,
    resourceTypes: Array.isArray(scope.ComplianceResourceTypes) ? scope.ComplianceResourceTypes.map(String) : [],
    inputParameters: typeof rule.InputParameters === 'string' ? rule.InputParameters : undefined,
    createdAt: rules[name]?.createdAt ?? ctx.now(),
  };
  return {};
};

const describeConfigRules: OperationHandler = (input, ctx) => {
  const page = configPage(namedRules(ctx, input.ConfigRuleNames), input.NextToken, 25);
  return { ConfigRules: page.items.map(ruleView), NextToken: page.nextToken };
};

const describeComplianceByConfigRule: OperationHandler = (input, ctx) => {
  const types = Array.isArray(input.ComplianceTypes) ? input.ComplianceTypes.map(String) : [];
  const entries = namedRules(ctx, input.ConfigRuleNames)
    .map((rule) => ({
      ConfigRuleName: rule.name,
      Compliance: ruleCompliance(resultsOf(ctx.state, ctx.caller.accountId, ctx.region, rule.name)),
    }))
    .filter((entry) => types.length === 0 || types.includes(entry.Compliance.ComplianceType));
  const page = configPage(entries, input.NextToken, 25);
  return { ComplianceByConfigRules: page.items, NextToken: page.nextToken };
};

export function evaluationResultView(rule: string, result: EvaluationRecord) {
  return {
    EvaluationResultIdentifier: {
      EvaluationResultQualifier: {
        ConfigRuleName: rule,
        ResourceType: result.resourceType,
        ResourceId: result.resourceId,
        EvaluationMode: 'DETECTIVE',
      },
      OrderingTimestamp: new Date(result.evaluatedAt),
    },
    ComplianceType: result.complianceType,
    ResultRecordedTime: new Date(result.evaluatedAt),
    ConfigRuleInvokedTime: new Date(result.evaluatedAt),
    Annotation: result.annotation,
  };
}

const getComplianceDetailsByConfigRule: OperationHandler = (input, ctx) => {
  const [rule] = namedRules(ctx, [input.ConfigRuleName]);
  const limit = input.Limit === undefined || input.Limit === 0 ? 50 : Number(input.Limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > 100)
    throw configError('InvalidLimitException', 'The limit must be between 0 and 100.');
  const types = Array.isArray(input.ComplianceTypes) ? input.ComplianceTypes.map(String) : [];
  const results = resultsOf(ctx.state, ctx.caller.accountId, ctx.region, rule?.name ?? '').filter(
    (result) => types.length === 0 || types.includes(result.complianceType),
  );
  const page = configPage(results, input.NextToken, limit);
  return {
    EvaluationResults: page.items.map((result) => evaluationResultView(rule?.name ?? '', result)),
    NextToken: page.nextToken,
  };
};

/** Rules of one account and their compliance. */
export const ruleOperations: Record<string, OperationHandler> = {
  PutConfigRule: putConfigRule,
  DescribeConfigRules: describeConfigRules,
  DescribeComplianceByConfigRule: describeComplianceByConfigRule,
  GetComplianceDetailsByConfigRule: getComplianceDetailsByConfigRule,
};
