import type { Finding, HybridAssessment } from './assessment.js';

/** What differs from the previous refresh of `hybrid status --watch`. */
export interface StatusChanges {
  /** Component ids whose health or detail changed (or that appeared). */
  components: string[];
  /** Prefixes whose path changed (or that appeared). */
  prefixes: string[];
  /** Keys (code + subject) of findings that are new. */
  findings: string[];
  /** Findings that are gone, in their old words. */
  resolved: string[];
  /** One line per change, for the plain output and the frame's header. */
  lines: string[];
}

export const findingKey = (finding: Pick<Finding, 'code' | 'subject'>): string => `${finding.code}|${finding.subject}`;

/** Pure: the differences between two assessments; everything is "unchanged" on the first refresh. */
export function diffAssessments(previous: HybridAssessment | undefined, current: HybridAssessment): StatusChanges {
  const changes: StatusChanges = { components: [], prefixes: [], findings: [], resolved: [], lines: [] };
  if (!previous) return changes;
  if (previous.status !== current.status) changes.lines.push(`status ${previous.status} → ${current.status}`);
  const oldPrefixes = new Map(previous.prefixes.map((prefix) => [prefix.prefix, prefix.path]));
  for (const prefix of current.prefixes) {
    const before = oldPrefixes.get(prefix.prefix);
    if (before === prefix.path) continue;
    changes.prefixes.push(prefix.prefix);
    changes.lines.push(`${prefix.prefix}: ${before ?? 'new'} → ${prefix.path}`);
  }
  const oldComponents = new Map(previous.components.map((component) => [component.id, component]));
  for (const component of current.components) {
    const before = oldComponents.get(component.id);
    if (
      before &&
      before.health === component.health &&
      before.detail === component.detail &&
      Boolean(before.active) === Boolean(component.active)
    )
      continue;
    changes.components.push(component.id);
    changes.lines.push(
      `${component.name}: ${before ? `${before.health} → ` : 'new, '}${component.health} (${component.detail})`,
    );
  }
  const oldFindings = new Set(previous.findings.map(findingKey));
  const newFindings = new Set(current.findings.map(findingKey));
  changes.findings = current.findings.filter((finding) => !oldFindings.has(findingKey(finding))).map(findingKey);
  changes.resolved = previous.findings
    .filter((finding) => !newFindings.has(findingKey(finding)))
    .map((finding) => finding.text);
  for (const text of changes.resolved) changes.lines.push(`resolved: ${text}`);
  return changes;
}
