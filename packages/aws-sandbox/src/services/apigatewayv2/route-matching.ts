import type { HttpApiRoute } from './model.js';

export interface RouteMatch {
  readonly route: HttpApiRoute;
  readonly pathParameters: Record<string, string>;
}

interface Candidate extends RouteMatch {
  /** Higher wins: literal segments beat {parameters}, which beat a greedy {proxy+}; a method beats ANY. */
  readonly rank: number[];
}

/**
 * The route an HTTP API request takes (API Gateway's "Routing API requests"): the most specific matching
 * route, i.e. full literal matches first, then routes with path variables, then greedy {name+} routes,
 * with a method route before ANY; $default catches the rest. Pure.
 */
export function matchRoute(routes: readonly HttpApiRoute[], method: string, path: string): RouteMatch | undefined {
  const segments = path.split('/').filter((segment) => segment !== '');
  const candidates: Candidate[] = [];
  for (const route of routes) {
    if (route.routeKey === '$default') continue;
    const [routeMethod = '', routePath = ''] = route.routeKey.split(' ');
    if (routeMethod !== 'ANY' && routeMethod !== method.toUpperCase()) continue;
    const match = matchPath(
      routePath.split('/').filter((segment) => segment !== ''),
      segments,
    );
    if (!match) continue;
    candidates.push({
      route,
      pathParameters: match.parameters,
      rank: [match.literals, match.greedy ? 0 : 1, routeMethod === 'ANY' ? 0 : 1],
    });
  }
  candidates.sort((a, b) => compareRanks(b.rank, a.rank));
  const best = candidates[0];
  if (best) return { route: best.route, pathParameters: best.pathParameters };
  const fallback = routes.find((route) => route.routeKey === '$default');
  return fallback ? { route: fallback, pathParameters: {} } : undefined;
}

function matchPath(
  template: string[],
  segments: string[],
): { parameters: Record<string, string>; literals: number; greedy: boolean } | undefined {
  const parameters: Record<string, string> = {};
  let literals = 0;
  for (const [index, part] of template.entries()) {
    const variable = /^\{([^}+]+)(\+?)\}$/.exec(part);
    if (variable?.[2] === '+') {
      const rest = segments.slice(index);
      if (rest.length === 0) return undefined;
      parameters[variable[1] as string] = rest.map(decode).join('/');
      return { parameters, literals, greedy: true };
    }
    const segment = segments[index];
    if (segment === undefined) return undefined;
    if (variable) parameters[variable[1] as string] = decode(segment);
    else if (decode(segment) !== part) return undefined;
    else literals += 1;
  }
  return template.length === segments.length ? { parameters, literals, greedy: false } : undefined;
}

function compareRanks(a: number[], b: number[]): number {
  for (let index = 0; index < a.length; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
