import { SandboxServiceError } from '../../errors.js';
import { serviceState, type SandboxState } from '../../state.js';
import { paginate } from '../../pagination.js';
import type { HandlerContext, OperationInput } from '../../types.js';

export interface SsmParameterRecord {
  Name: string;
  Type: 'String' | 'StringList' | 'SecureString';
  Value: string;
  Version: number;
  LastModifiedDate: string;
  DataType: string;
  Description?: string;
  /** Set when the parameter is created (PutParameter cannot change them afterwards). */
  Tags?: Array<{ Key: string; Value: string }>;
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

/** A Parameter as GetParameter and GetParametersByPath answer it (no description, no tags). */
function parameterView(ctx: HandlerContext, parameter: SsmParameterRecord) {
  return {
    Name: parameter.Name,
    Type: parameter.Type,
    Value: parameter.Value,
    Version: parameter.Version,
    LastModifiedDate: new Date(parameter.LastModifiedDate),
    ARN: parameterArn(ctx, parameter.Name),
    DataType: parameter.DataType,
  };
}

export function getParameter(input: OperationInput, ctx: HandlerContext): unknown {
  const name = String(input.Name ?? '');
  const parameter = findParameter(ctx.state, ctx.caller.accountId, ctx.region, name);
  if (!parameter) throw notFound(name);
  return { Parameter: parameterView(ctx, parameter) };
}

function validation(message: string): SandboxServiceError {
  return new SandboxServiceError('ValidationException', message);
}

/**
 * The parameters in a hierarchy: with Recursive false, only those directly under the path (one more
 * level), as AWS answers; at most MaxResults (1..10) a page, ordered by name, with a NextToken.
 */
export function getParametersByPath(input: OperationInput, ctx: HandlerContext): unknown {
  const path = String(input.Path ?? '');
  if (!path.startsWith('/'))
    throw validation(
      `The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash "/".`,
    );
  const maxResults = input.MaxResults === undefined ? 10 : Number(input.MaxResults);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 10)
    throw validation(
      `1 validation error detected: Value '${String(input.MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10`,
    );
  const prefix = path.endsWith('/') ? path : `${path}/`;
  const matching = Object.values(parametersOf(ctx.state, ctx.caller.accountId, ctx.region)).filter(
    (parameter) =>
      parameter.Name.startsWith(prefix) &&
      (input.Recursive === true || !parameter.Name.slice(prefix.length).includes('/')),
  );
  const page = paginate(
    matching,
    (parameter) => parameter.Name,
    `GetParametersByPath:${prefix}:${input.Recursive === true}`,
    { maxResults, nextToken: typeof input.NextToken === 'string' ? input.NextToken : undefined },
    () => new SandboxServiceError('InvalidNextToken', "The specified token isn't valid."),
  );
  return { Parameters: page.items.map((parameter) => parameterView(ctx, parameter)), NextToken: page.nextToken };
}

export function putParameter(input: OperationInput, ctx: HandlerContext): unknown {
  const name = String(input.Name ?? '');
  const value = input.Value;
  if (!name || typeof value !== 'string')
    throw new SandboxServiceError(
      'ValidationException',
      "1 validation error detected: Value at 'name' or 'value' failed to satisfy constraint: Member must not be null",
    );
  const tags = Array.isArray(input.Tags)
    ? (input.Tags as Array<{ Key?: unknown; Value?: unknown }>).map((tag) => ({
        Key: String(tag.Key ?? ''),
        Value: String(tag.Value ?? ''),
      }))
    : undefined;
  if (tags && input.Overwrite === true)
    throw validation(
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    );
  const existing = findParameter(ctx.state, ctx.caller.accountId, ctx.region, name);
  if (existing && input.Overwrite !== true) {
    throw new SandboxServiceError(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
  }
  const type = (input.Type as SsmParameterRecord['Type'] | undefined) ?? existing?.Type ?? 'String';
  const description = typeof input.Description === 'string' ? input.Description : existing?.Description;
  const record = storeParameter(ctx.state, ctx.caller.accountId, ctx.region, {
    Name: name,
    Type: type,
    Value: value,
    LastModifiedDate: new Date(ctx.now()).toISOString(),
    ...(description === undefined ? {} : { Description: description }),
    ...((tags ?? existing?.Tags) ? { Tags: tags ?? existing?.Tags } : {}),
  });
  return { Version: record.Version, Tier: 'Standard' };
}

export function deleteParameter(input: OperationInput, ctx: HandlerContext): unknown {
  const name = String(input.Name ?? '');
  if (!findParameter(ctx.state, ctx.caller.accountId, ctx.region, name)) throw notFound(name);
  removeParameter(ctx.state, ctx.caller.accountId, ctx.region, name);
  return {};
}
