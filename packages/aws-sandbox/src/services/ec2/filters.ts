import type { OperationInput } from '../../types.js';
import type { Tag } from './model.js';

export interface Ec2Filter {
  name: string;
  values: string[];
}

/** `Filter.N.Name` / `Filter.N.Value.M` as decoded by the ec2Query protocol. */
export function filtersFrom(input: OperationInput): Ec2Filter[] {
  const raw = (input.Filter as Array<{ Name?: string; Value?: string[] }> | undefined) ?? [];
  return raw.map((filter) => ({ name: String(filter.Name ?? ''), values: (filter.Value ?? []).map(String) }));
}

/**
 * EC2 filter semantics: every filter must match; within a filter any value may match; `*` and `?`
 * are wildcards; `tag:Key`, `tag-key` and `tag-value` look at tags. `fields` maps the other filter
 * names the operation supports to the resource's values. An unsupported filter name matches nothing
 * (so a typo never silently widens a result).
 */
export function matchesFilters(
  filters: readonly Ec2Filter[],
  fields: Record<string, string | string[] | undefined>,
  tags: readonly Tag[] = [],
): boolean {
  return filters.every((filter) => {
    let candidates: string[];
    if (filter.name.startsWith('tag:'))
      candidates = tags.filter((tag) => tag.key === filter.name.slice(4)).map((tag) => tag.value);
    else if (filter.name === 'tag-key') candidates = tags.map((tag) => tag.key);
    else if (filter.name === 'tag-value') candidates = tags.map((tag) => tag.value);
    else {
      const value = fields[filter.name];
      candidates = value === undefined ? [] : Array.isArray(value) ? value : [value];
    }
    return filter.values.some((pattern) => candidates.some((candidate) => wildcardMatch(pattern, candidate)));
  });
}

function wildcardMatch(pattern: string, value: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === value;
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(value);
}

/** `ParamName.N` list members (e.g. VpcId.1, VpcId.2) as strings. */
export function stringList(input: OperationInput, name: string): string[] {
  const value = input[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
