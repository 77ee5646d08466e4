import { parse as parseYaml } from 'yaml';
import { locateProblem, formatLocatedProblem, type LocatedProblem } from '../file/problems.js';
import { parseYamlSource } from '../file/yaml-source.js';
import type { LandingZoneSpec } from '../spec.js';
import type { PlanRefusal } from './model.js';
import { PLAN_REFUSAL } from './plan-codes.js';

interface RawFile {
  accounts?: Array<{ name?: string }>;
  scps?: { attachments?: Array<{ target?: string; policies?: string[] }> };
}

const normalize = (text: string) => (text.trim() === '/' ? 'root' : text.trim().replace(/^\/+|\/+$/g, ''));

/**
 * Where in the landing-zone file a refusal comes from: the account's entry for an account, the
 * attachment of a target or policy for an SCP guardrail. Returns "file:line:column: path: message".
 */
export function locateRefusal(refusal: PlanRefusal, spec: LandingZoneSpec): LocatedProblem {
  const source = parseYamlSource(spec.source.text, spec.source.path);
  const raw = (parseYaml(spec.source.text) ?? {}) as RawFile;
  let path: Array<string | number> = [];
  const subject = refusal.subject;
  if (subject) {
    const account = raw.accounts?.findIndex((entry) => entry.name?.trim() === subject) ?? -1;
    const attachments = raw.scps?.attachments ?? [];
    const byTarget = attachments.findIndex((entry) => normalize(entry.target ?? '') === normalize(subject));
    const byPolicy = attachments.findIndex((entry) => entry.policies?.includes(subject));
    if (refusal.code.startsWith('scp-') && byTarget >= 0) path = ['scps', 'attachments', byTarget, 'target'];
    else if (refusal.code.startsWith('scp-') && byPolicy >= 0)
      path = ['scps', 'attachments', byPolicy, 'policies', attachments[byPolicy]?.policies?.indexOf(subject) ?? 0];
    else if (account >= 0) path = ['accounts', account, refusal.code === PLAN_REFUSAL.EMAIL_IN_USE ? 'email' : 'name'];
  }
  return locateProblem(source, { path, message: refusal.message });
}

export function formatRefusal(refusal: PlanRefusal, spec: LandingZoneSpec): string {
  return formatLocatedProblem(locateRefusal(refusal, spec));
}
