import { SandboxServiceError } from '../../errors.js';
import { serviceState, type SandboxState } from '../../state.js';
import type { HandlerContext, OperationInput } from '../../types.js';

export interface SsmParameterRecord {
  Name: string;
  Type: 'String' | 'StringList' | 'SecureString';
  Value: string;
  Version: number;
  LastModifiedDate: string;
  DataType: string;
}

/** Parameters per account and region: state.services.ssm.accounts[ACCOUNT].regions[REGION].parameters[NAME]. */
export interface SsmState {
  accounts: Record<string, { regions: Record<string, { parameters: Record<string, SsmParameterRecord> }> }>;
}

function parametersOf(state: SandboxState, accountId: string, region: string): Record<string, SsmParameterRecord> {
  const accounts = serviceState<SsmState>(state, 'ssm', () => ({ accounts: {} })).accounts;
  const regions = (accounts[accountId] ??= { regions: {} }).regions;
  return (regions[region] ??= { parameters: {} }).parameters;
}

export function findParameter(
  state: SandboxState,
  accountId: string,
  region: string,
  name: string,
): SsmParameterRecord | undefined {
  return parametersOf(state, accountId, region)[name];
}

/** Stores a parameter (PutParameter, and CloudFormation's AWS::SSM::Parameter). */
export function storeParameter(
  state: SandboxState,
  accountId: string,
  region: string,
  parameter: Omit<SsmParameterRecord, 'Version' | 'DataType'> & { DataType?: string },
): SsmParameterRecord {
  const parameters = parametersOf(state, accountId, region);
  const record: SsmParameterRecord = {
    DataType: 'text',
    ...parameter,
    Version: (parameters[parameter.Name]?.Version ?? 0) + 1,
  };
  parameters[parameter.Name] = record;
  return record;
}

export function removeParameter(state: SandboxState, accountId: string, region: string, name: string): void {
  delete parametersOf(state, accountId, region)[name];
}

function parameterArn(ctx: HandlerContext, name: string): string {
  return `arn:aws:ssm:${ctx.region}:${ctx.caller.accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

function notFound(name: string): SandboxServiceError {
  return new SandboxServiceError('ParameterNotFound', `Parameter ${name} not found.`);
}

export function getParameter(input: OperationInput, ctx: HandlerContext): unknown {
  const name = String(input.Name ?? '');
  const parameter = findParameter(ctx.state, ctx.caller.accountId, ctx.region, name);
  if (!parameter) throw notFound(name);
  return {
    Parameter: { ...parameter, LastModifiedDate: new Date(parameter.LastModifiedDate), ARN: parameterArn(ctx, name) },
  };
}

export function putParameter(input: OperationInput, ctx: HandlerContext): unknown {
  const name = String(input.Name ?? '');
  const value = input.Value;
  if (!name || typeof value !== 'string')
    throw new SandboxServiceError(
      'ValidationException',
      "1 validation error detected: Value at 'name' or 'value' failed to satisfy constraint: Member must not be null",
    );
  const existing = findParameter(ctx.state, ctx.caller.accountId, ctx.region, name);
  if (existing && input.Overwrite !== true) {
    throw new SandboxServiceError(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
  }
  const type = (input.Type as SsmParameterRecord['Type'] | undefined) ?? existing?.Type ?? 'String';
  const record = storeParameter(ctx.state, ctx.caller.accountId, ctx.region, {
    Name: name,
    Type: type,
    Value: value,
    LastModifiedDate: new Date(ctx.now()).toISOString(),
  });
  return { Version: record.Version, Tier: 'Standard' };
}

export function deleteParameter(input: OperationInput, ctx: HandlerContext): unknown {
  const name = String(input.Name ?? '');
  if (!findParameter(ctx.state, ctx.caller.accountId, ctx.region, name)) throw notFound(name);
  removeParameter(ctx.state, ctx.caller.accountId, ctx.region, name);
  return {};
}
