import type { NormalizedSchema } from '@smithy/core/schema';
import type { ProtocolName, ProtocolResponse } from '../types.js';
import { parseXmlDocument, type XmlObject, type XmlValue } from '../xml-parse.js';
import { checkJsonValue, isPlainObject, memberIndex } from './check-json.js';
import { checkXmlValue, isBodyMember } from './check-xml.js';
import { COMMON_ERRORS, DOCUMENTED_ERRORS, QUERY_PROTOCOL_ERRORS } from './documented-errors.js';
import type { ErrorModel, OperationModel, ServiceModel } from './service-model.js';

/** What is known about one answered request. */
export interface AnsweredRequest {
  /** The sandbox's service name (e.g. 'ec2'). */
  readonly service: string;
  readonly protocol: ProtocolName;
  readonly operation: string | undefined;
  readonly response: ProtocolResponse;
}

/** Every way the response departs from the service's model; empty when it conforms. */
export function checkResponse(model: ServiceModel, answered: AnsweredRequest): string[] {
  const { response, operation } = answered;
  const problems: string[] = [];
  if (response.status >= 300) {
    checkError(model, answered, problems);
    return problems;
  }
  if (operation === undefined) return ['a success answer to a request that names no operation'];
  const operationModel = model.operations.get(operation);
  if (!operationModel) return [`${operation} is not an operation of ${model.source}`];
  if (response.bytes) return problems; // a raw object body (S3 GetObject): nothing structured to check
  switch (answered.protocol) {
    case 'awsJson1_0':
    case 'awsJson1_1':
      checkJsonBody(operationModel.output, response.body, false, problems);
      break;
    case 'restJson1':
      checkRestStatus(operationModel, response, problems);
      checkJsonBody(operationModel.output, response.body, true, problems);
      break;
    case 'awsQuery':
      checkQueryBody(operation, operationModel.output, response.body, problems);
      break;
    case 'ec2Query':
      checkEc2Body(operation, operationModel.output, response.body, problems);
      break;
    case 'restXml':
      checkRestStatus(operationModel, response, problems);
      checkRestXmlBody(operationModel.output, response.body, problems);
      break;
  }
  return problems;
}

function checkJsonBody(output: NormalizedSchema, body: string, restJson: boolean, problems: string[]): void {
  if (output.isUnitSchema() || !output.isStructSchema()) {
    if (body.trim() !== '' && body.trim() !== '{}')
      problems.push(`a body where the model has no output: ${body.slice(0, 80)}`);
    return;
  }
  const payload = restJson ? payloadMember(output) : undefined;
  // A blob payload (Lambda Invoke's Payload: what the function returned) is bytes, not a structure.
  if (payload?.isBlobSchema()) return;
  const parsed = parseJson(body, problems);
  if (parsed === undefined) return;
  if (payload) return checkJsonValue(payload, parsed, '$', { useJsonName: true }, problems);
  if (!isPlainObject(parsed)) return void problems.push('the body is not a JSON object');
  const bodyMembers = restJson ? restBodyMembers(output) : memberIndex(output, { useJsonName: false });
  for (const [key, value] of Object.entries(parsed)) {
    const member = bodyMembers.get(key);
    if (!member) problems.push(`$.${key}: not a member of ${output.getName()}`);
    else checkJsonValue(member, value, `$.${key}`, { useJsonName: restJson }, problems);
  }
}

function restBodyMembers(output: NormalizedSchema): Map<string, NormalizedSchema> {
  const members = new Map<string, NormalizedSchema>();
  for (const [name, member] of output.structIterator()) {
    if (!isBodyMember(member)) continue;
    members.set((member.getMergedTraits() as { jsonName?: string }).jsonName ?? name, member);
  }
  return members;
}

function hasStatusMember(operation: OperationModel): boolean {
  for (const [, member] of operation.output.structIterator())
    if ((member.getMergedTraits() as { httpResponseCode?: 1 }).httpResponseCode) return true;
  return false;
}

function payloadMember(output: NormalizedSchema): NormalizedSchema | undefined {
  for (const [, member] of output.structIterator())
    if ((member.getMergedTraits() as { httpPayload?: 1 }).httpPayload) return member;
  return undefined;
}

/**
 * The http trait's code; S3 answers 204 No Content where there is nothing to return (PutBucketPolicy,
 * DeleteBucket); an output member bound to the status code (httpResponseCode: Lambda Invoke's StatusCode,
 * 202 for an asynchronous call, 204 for a dry run) makes any 2xx part of the answer.
 */
function checkRestStatus(operation: OperationModel, response: ProtocolResponse, problems: string[]): void {
  const expected = operation.successStatus ?? 200;
  const noContent = response.status === 204 && response.body === '';
  const statusIsData =
    response.status >= 200 && response.status < 300 && operation.output.isStructSchema() && hasStatusMember(operation);
  if (response.status !== expected && !noContent && !statusIsData)
    problems.push(`HTTP ${response.status}, the model's http trait says ${expected}`);
}

function checkQueryBody(operation: string, output: NormalizedSchema, body: string, problems: string[]): void {
  const document = parseXml(body, problems);
  if (!document) return;
  if (document.root !== `${operation}Response`)
    return void problems.push(`root element <${document.root}>, expected <${operation}Response>`);
  const root = document.value === '' ? {} : (document.value as XmlObject);
  for (const [element, value] of Object.entries(root)) {
    if (element === 'ResponseMetadata') continue;
    if (element !== `${operation}Result`) {
      problems.push(`<${element}> in <${document.root}>`);
      continue;
    }
    if (output.isUnitSchema()) problems.push(`<${element}> where the model has no output`);
    else checkXmlValue(output, value, operation, { ec2: false }, problems);
  }
}

function checkEc2Body(operation: string, output: NormalizedSchema, body: string, problems: string[]): void {
  const document = parseXml(body, problems);
  if (!document) return;
  if (document.root !== `${operation}Response`)
    return void problems.push(`root element <${document.root}>, expected <${operation}Response>`);
  const { requestId: _requestId, ...members } = document.value === '' ? {} : (document.value as XmlObject);
  if (output.isUnitSchema()) {
    // EC2 operations without output answer <return>true</return>.
    for (const element of Object.keys(members))
      if (element !== 'return') problems.push(`<${element}> where the model has no output`);
    return;
  }
  checkXmlValue(output, members, operation, { ec2: true }, problems);
}

function checkRestXmlBody(output: NormalizedSchema, body: string, problems: string[]): void {
  const hasBody = body.trim() !== '';
  if (output.isUnitSchema() || !output.isStructSchema()) {
    if (hasBody) problems.push('a body where the model has no output');
    return;
  }
  const payload = payloadMember(output);
  const bodyMembers = [...output.structIterator()].filter(([, member]) => isBodyMember(member));
  if (!hasBody || (payload && !payload.isStructSchema())) return; // nothing, or a blob or string payload
  const document = parseXml(body, problems);
  if (!document) return;
  if (payload) {
    const expected = (payload.getMergedTraits() as { xmlName?: string }).xmlName ?? payload.getName();
    if (document.root !== expected) problems.push(`root element <${document.root}>, expected <${expected}>`);
    return checkXmlValue(payload, document.value, document.root, { ec2: false }, problems);
  }
  if (bodyMembers.length === 0) return void problems.push(`a body where ${output.getName()} has only header members`);
  const expected = (output.getMergedTraits() as { xmlName?: string }).xmlName ?? output.getName();
  if (document.root !== expected) problems.push(`root element <${document.root}>, expected <${expected}>`);
  checkXmlValue(output, document.value, document.root, { ec2: false }, problems);
}

function checkError(model: ServiceModel, answered: AnsweredRequest, problems: string[]): void {
  const { response, protocol, service } = answered;
  const wire = readErrorCode(protocol, response, problems);
  if (wire === undefined) return;
  const { code, members } = wire;
  const query = protocol === 'awsQuery' || protocol === 'ec2Query';
  const modeled = model.errors.get(code);
  if (modeled && (query ? modeled.queryCode === code : modeled.name === code)) {
    const expected = expectedStatus(protocol, modeled);
    if (response.status !== expected) problems.push(`${code} with HTTP ${response.status}, the model says ${expected}`);
    if (members) checkErrorMembers(modeled.shape, members, protocol === 'restJson1', problems);
    return;
  }
  const documented =
    DOCUMENTED_ERRORS[service]?.[code] ??
    (query || protocol === 'restXml' ? QUERY_PROTOCOL_ERRORS[code] : undefined) ??
    COMMON_ERRORS[code];
  if (!documented) {
    const hint = modeled ? ` (the model names it ${query ? modeled.queryCode : modeled.name} on this protocol)` : '';
    return void problems.push(`error code ${code} is not modeled by ${model.source}, nor documented${hint}`);
  }
  if (!documented.includes(response.status))
    problems.push(`${code} with HTTP ${response.status}, AWS documents ${documented.join(' or ')}`);
}

/**
 * awsQuery/ec2Query: the awsQueryError trait's status. awsJson1_0/1_1: AWS's JSON services answer every client
 * error with 400 and server errors with 5xx; newer SDK models carry other httpError codes for some (Organizations'
 * AWSOrganizationsNotInUseException 404, CloudTrail's TrailNotFoundException 404 copied from its query error), but
 * the services send 400 (observed: "TrailNotFoundException ... StatusCode: 400", elastic/cloudbeat#1750;
 * "AWSOrganizationsNotInUseException ... status code: 400", nozaq/terraform-aws-secure-baseline#70; botocore's
 * models give these shapes no status). restJson1/restXml: the httpError trait.
 */
function expectedStatus(protocol: ProtocolName, modeled: ErrorModel): number {
  if (protocol === 'awsQuery' || protocol === 'ec2Query') return modeled.queryStatus ?? modeled.status;
  if (protocol === 'awsJson1_0' || protocol === 'awsJson1_1') return modeled.status >= 500 ? modeled.status : 400;
  return modeled.status;
}

/** JSON error bodies carry the message as 'message' or 'Message' whatever the shape calls it. */
function checkErrorMembers(
  shape: NormalizedSchema,
  members: Record<string, unknown>,
  restJson: boolean,
  problems: string[],
): void {
  const index = memberIndex(shape, { useJsonName: restJson });
  for (const [key, value] of Object.entries(members)) {
    if (key === '__type' || key.toLowerCase() === 'message') continue;
    const member = index.get(key);
    if (!member) problems.push(`error member ${key} is not part of ${shape.getName()}`);
    else checkJsonValue(member, value, `$.${key}`, { useJsonName: restJson }, problems);
  }
}

function readErrorCode(
  protocol: ProtocolName,
  response: ProtocolResponse,
  problems: string[],
): { code: string; members?: Record<string, unknown> } | undefined {
  if (protocol === 'awsJson1_0' || protocol === 'awsJson1_1' || protocol === 'restJson1') {
    const parsed = response.body.trim() === '' ? {} : parseJson(response.body, problems);
    const members = isPlainObject(parsed) ? parsed : {};
    const raw = protocol === 'restJson1' ? (response.headers['x-amzn-errortype'] ?? members.code) : members.__type;
    if (typeof raw !== 'string') return void problems.push(`an error answer (HTTP ${response.status}) without a code`);
    return { code: sanitizeJsonErrorCode(raw), members };
  }
  const document = parseXml(response.body, problems);
  if (!document) return undefined;
  const code = findXmlErrorCode(document.value);
  if (code === undefined) problems.push(`an error answer (HTTP ${response.status}) without <Code>`);
  return code === undefined ? undefined : { code };
}

/** As the SDKs read it: 'aws.protocoltests#Code:http://…' is 'Code'. */
function sanitizeJsonErrorCode(raw: string): string {
  return raw.split(':')[0]?.split('#').pop() ?? raw;
}

function findXmlErrorCode(value: XmlValue): string | undefined {
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  if (typeof value.Code === 'string') return value.Code;
  for (const child of Object.values(value)) {
    const code = findXmlErrorCode(Array.isArray(child) ? (child[0] ?? '') : child);
    if (code !== undefined) return code;
  }
  return undefined;
}

function parseJson(body: string, problems: string[]): unknown {
  try {
    return JSON.parse(body);
  } catch {
    problems.push(`the body is not JSON: ${body.slice(0, 80)}`);
    return undefined;
  }
}

function parseXml(body: string, problems: string[]): { root: string; value: XmlValue } | undefined {
  try {
    const document = parseXmlDocument(body);
    if (!document) problems.push('an empty body where XML was expected');
    return document;
  } catch (error) {
    problems.push(`the body is not XML: ${(error as Error).message}`);
    return undefined;
  }
}
