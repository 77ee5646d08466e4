// Renders CloudFormation values for people: a reference to a resource by its construct path
// (`${Orders/EventStore.Arn}`), a condition as `If(cond, a, b)`, never the template's raw JSON.

/** A synthesized or deployed CloudFormation template, the parts read here. */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
}

export interface CfnResource {
  readonly Type?: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/** logical id -> construct path (the aws:cdk:path metadata without its trailing "/Resource"). */
export type ConstructPaths = ReadonlyMap<string, string>;

/** The construct path of every resource that has one; resources without metadata keep their logical id. */
export function constructPaths(template: CfnTemplate): ConstructPaths {
  const paths = new Map<string, string>();
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const path = resource.Metadata?.['aws:cdk:path'];
    paths.set(logicalId, typeof path === 'string' ? path.replace(/\/(Resource|Default)$/, '') : logicalId);
  }
  return paths;
}

/** A resource's name for people: its construct path, else its logical id. */
export function resourceName(paths: ConstructPaths, logicalId: string): string {
  return paths.get(logicalId) ?? logicalId;
}

/** Renders any template value readably: strings as they are, intrinsics as `${path.Attr}`, `If(c, a, b)`, `Name(args)`. */
export function renderValue(value: unknown, paths: ConstructPaths): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((item) => renderValue(item, paths)).join(', ');
  if (typeof value !== 'object') return '';
  const entries = Object.entries(value as Record<string, unknown>);
  const [first] = entries;
  if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
    return renderIntrinsic(first[0], first[1], paths);
  }
  return entries.map(([key, item]) => `${key}=${renderValue(item, paths)}`).join(' ');
}

function renderIntrinsic(name: string, args: unknown, paths: ConstructPaths): string {
  const list = Array.isArray(args) ? args : [args];
  switch (name) {
    case 'Ref':
      return `\${${typeof args === 'string' ? resourceName(paths, args) : renderValue(args, paths)}}`;
    case 'Fn::GetAtt': {
      const [logicalId, attribute] =
        typeof args === 'string' ? (args.split(/\.(.*)/s) as [string, string]) : (list as [unknown, unknown]);
      return `\${${resourceName(paths, String(logicalId))}.${renderValue(attribute, paths)}}`;
    }
    case 'Fn::Join': {
      const [separator, parts] = list as [unknown, unknown];
      const items = Array.isArray(parts) ? parts : [parts];
      return items.map((item) => renderValue(item, paths)).join(typeof separator === 'string' ? separator : '');
    }
    case 'Fn::Sub': {
      const [text, variables] = list as [unknown, Record<string, unknown> | undefined];
      if (typeof text !== 'string') return `Sub(${renderValue(args, paths)})`;
      return text.replace(/\$\{([^}!]+)\}/g, (whole, variable: string) => {
        if (variables && variable in variables) return renderValue(variables[variable], paths);
        const [logicalId, attribute] = variable.split(/\.(.*)/s);
        if (logicalId && paths.has(logicalId))
          return `\${${resourceName(paths, logicalId)}${attribute ? `.${attribute}` : ''}}`;
        return whole;
      });
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = list;
      return `If(${renderValue(condition, paths)}, ${renderValue(whenTrue, paths)}, ${renderValue(whenFalse, paths)})`;
    }
    default:
      return `${name.replace(/^Fn::/, '')}(${list.map((item) => renderValue(item, paths)).join(', ')})`;
  }
}
