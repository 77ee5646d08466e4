import { SandboxServiceError } from '../../errors.js';
import type { OperationHandler } from '../../types.js';
import { cloudWatchAccount, dashboardArn, invalidValue, missingParameter } from './model.js';

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const WIDGET_TYPES = new Set(['metric', 'text', 'log', 'alarm', 'explorer', 'custom']);
/** AWS's limit on a dashboard body. */
const MAX_BODY_BYTES = 1_000_000;

interface ValidationMessage {
  DataPath: string;
  Message: string;
}

/** The problems CloudWatch would report about a dashboard body (what the sandbox checks of it). */
function validate(body: string): ValidationMessage[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [{ DataPath: '', Message: 'The dashboard body is not valid JSON.' }];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return [{ DataPath: '', Message: 'Should be object' }];
  const widgets = (parsed as { widgets?: unknown }).widgets;
  if (!Array.isArray(widgets)) return [{ DataPath: '/widgets', Message: 'Should be array' }];
  const problems: ValidationMessage[] = [];
  widgets.forEach((widget, index) => {
    const type = (widget as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !WIDGET_TYPES.has(type))
      problems.push({ DataPath: `/widgets/${index}/type`, Message: `Should be equal to one of the allowed values` });
    const properties = (widget as { properties?: unknown } | null)?.properties;
    if (typeof properties !== 'object' || properties === null)
      problems.push({ DataPath: `/widgets/${index}/properties`, Message: 'Should be object' });
    const width = (widget as { width?: unknown }).width;
    if (width !== undefined && (typeof width !== 'number' || width < 1 || width > 24))
      problems.push({ DataPath: `/widgets/${index}/width`, Message: 'Should be between 1 and 24' });
  });
  return problems;
}

/** PutDashboard: creates or replaces a dashboard (dashboards are global to the account). */
const putDashboard: OperationHandler = (input, ctx) => {
  const name = input.DashboardName === undefined ? '' : String(input.DashboardName);
  if (!name) throw missingParameter('DashboardName');
  if (!NAME.test(name))
    throw invalidValue(
      'The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).',
    );
  if (input.DashboardBody === undefined) throw missingParameter('DashboardBody');
  const body = String(input.DashboardBody);
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) throw invalidValue('The dashboard body is larger than 1 MB.');
  const problems = validate(body);
  if (problems.length > 0)
    throw new SandboxServiceError('DashboardInvalidInputError', 'The field DashboardBody has invalid content.', {
      extra: { dashboardValidationMessages: problems },
    });
  cloudWatchAccount(ctx.state, ctx.caller.accountId).dashboards[name] = { body, lastModified: ctx.now() };
  return { DashboardValidationMessages: [] };
};

const getDashboard: OperationHandler = (input, ctx) => {
  const name = input.DashboardName === undefined ? '' : String(input.DashboardName);
  if (!name) throw missingParameter('DashboardName');
  const dashboard = cloudWatchAccount(ctx.state, ctx.caller.accountId).dashboards[name];
  if (!dashboard)
    throw new SandboxServiceError('DashboardNotFoundError', `Dashboard ${name} does not exist`, { status: 400 });
  return {
    DashboardArn: dashboardArn(ctx.caller.accountId, name),
    DashboardBody: dashboard.body,
    DashboardName: name,
  };
};

export const dashboardOperations: Record<string, OperationHandler> = {
  PutDashboard: putDashboard,
  GetDashboard: getDashboard,
};
