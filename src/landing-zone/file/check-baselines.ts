import { isAbsolute, join } from 'node:path';
import { loadBaseline, type BaselineDefinition, type BaselineStepSpec } from '../../baselines/definition.js';
import { isAwsarchError } from '../../core/errors.js';
import type { NetworkSpec } from '../spec.js';
import type { FileProblem } from './problems.js';
import type { LandingZoneFile } from './schema.js';

export const NO_BASELINE = 'none';
const ACCOUNT_ID = /^\d{12}$/;

/** Where a baseline is named in the file, with the steps it skips there. */
export interface BaselineUse {
  reference: string;
  skip: string[];
  path: FileProblem['path'];
  skipPath: FileProblem['path'];
}

function usesOf(file: LandingZoneFile): BaselineUse[] {
  const uses: BaselineUse[] = file.baselines.map((entry, index) => ({
    reference: entry.baseline,
    skip: entry.skip ?? [],
    path: ['baselines', index, 'baseline'],
    skipPath: ['baselines', index, 'skip'],
  }));
  file.accounts.forEach((account, index) => {
    if (account.baseline === undefined) return;
    const named = typeof account.baseline === 'string';
    uses.push({
      reference: named ? (account.baseline as string) : (account.baseline as { name: string }).name,
      skip: named ? [] : ((account.baseline as { skip?: string[] }).skip ?? []),
      path: ['accounts', index, 'baseline', ...(named ? [] : ['name'])],
      skipPath: ['accounts', index, 'baseline', 'skip'],
    });
  });
  return uses.filter((use) => use.reference !== NO_BASELINE);
}

/** A baseline reference as loadBaseline takes it: a bundled name, or a path relative to the landing-zone file. */
export function baselineLocation(reference: string, baseDir: string): string {
  const isPath = /[/\\]/.test(reference) || /\.(ya?ml|json)$/.test(reference);
  return isPath && !isAbsolute(reference) ? join(baseDir, reference) : reference;
}

/** The baseline with the landing zone's prerequisites in place of its own (bucket, transit gateway, CIDR pool). */
export function withNetwork(definition: BaselineDefinition, network: NetworkSpec | undefined): BaselineDefinition {
  if (!network) return definition;
  const logArchive = { ...network.logArchive };
  const steps = definition.steps.map((step): BaselineStepSpec => {
    switch (step.step) {
      case 'cloudtrail':
      case 'config':
        return { ...step, logArchive };
      case 'network':
        return {
          ...step,
          cidrPool: network.cidrPool,
          transitGateway: { name: network.transitGateway.name, owner: network.transitGateway.owner },
        };
      default:
        return step;
    }
  });
  return { ...definition, steps };
}

/** The accounts a baseline names (administrator, trusted accounts, owners), for the file's own account names. */
function accountReferences(definition: BaselineDefinition, used: ReadonlySet<string>): string[] {
  return definition.steps.flatMap((step) => {
    if (!used.has(step.step)) return [];
    switch (step.step) {
      case 'cloudtrail':
      case 'config':
        return [step.logArchive.account];
      case 'guardduty':
        return [step.administrator];
      case 'network':
        return [step.transitGateway.owner];
      case 'roles':
        return step.roles.map((role) => role.trustedAccount);
      default:
        return [];
    }
  });
}

/**
 * Loads every baseline the file names (bundled names, or files next to it) and checks that the steps
 * it skips exist in that baseline. Returns each baseline as loaded, by reference.
 */
export async function loadBaselines(
  file: LandingZoneFile,
  baseDir: string,
): Promise<{ problems: FileProblem[]; baselines: Map<string, BaselineDefinition>; uses: BaselineUse[] }> {
  const problems: FileProblem[] = [];
  const baselines = new Map<string, BaselineDefinition>();
  const failed = new Set<string>();
  const uses = usesOf(file);
  for (const use of uses) {
    if (failed.has(use.reference)) continue;
    let definition = baselines.get(use.reference);
    if (!definition) {
      try {
        definition = await loadBaseline(baselineLocation(use.reference, baseDir));
      } catch (error) {
        if (!isAwsarchError(error)) throw error;
        failed.add(use.reference);
        problems.push({ path: use.path, message: error.message });
        continue;
      }
      baselines.set(use.reference, definition);
    }
    const steps = definition.steps.map((step) => step.step as string);
    use.skip.forEach((name, index) => {
      if (!steps.includes(name))
        problems.push({
          path: [...use.skipPath, index],
          message: `baseline ${definition.name} has no step "${name}"; its steps: ${steps.join(', ')}`,
        });
    });
  }
  return { problems, baselines, uses };
}

/** Where the network prerequisites live: network.region, else the home region of the baselines with a network step. */
export function networkRegion(
  file: LandingZoneFile,
  baselines: ReadonlyMap<string, BaselineDefinition>,
  fallback: string,
): string {
  if (file.network?.region) return file.network.region;
  const all = [...baselines.values()];
  return (
    (all.find((definition) => definition.steps.some((step) => step.step === 'network')) ?? all[0])?.homeRegion ??
    fallback
  );
}

/**
 * The baselines with the file's prerequisites filled in, and what they would contradict: an account
 * they name that the file does not list, a home region other than the transit gateway's.
 */
export function effectiveBaselines(
  file: LandingZoneFile,
  loaded: { baselines: ReadonlyMap<string, BaselineDefinition>; uses: readonly BaselineUse[] },
  network: NetworkSpec | undefined,
): { problems: FileProblem[]; baselines: Map<string, BaselineDefinition> } {
  const problems: FileProblem[] = [];
  const baselines = new Map<string, BaselineDefinition>();
  const accountNames = new Set(file.accounts.map((account) => account.name.trim()));
  for (const [reference, raw] of loaded.baselines) {
    const definition = withNetwork(raw, network);
    baselines.set(reference, definition);
    const uses = loaded.uses.filter((use) => use.reference === reference);
    const path = uses[0]?.path ?? ['baselines'];
    const used = new Set(
      uses.flatMap((use) =>
        definition.steps.map((step) => step.step as string).filter((step) => !use.skip.includes(step)),
      ),
    );
    for (const account of new Set(accountReferences(definition, used))) {
      if (account === 'management' || ACCOUNT_ID.test(account) || account.includes('@')) continue;
      if (!accountNames.has(account))
        problems.push({
          path,
          message: `baseline ${definition.name} names the account "${account}", which accounts does not list`,
        });
    }
    if (network && definition.homeRegion !== network.region && used.has('network'))
      problems.push({
        path,
        message: `baseline ${definition.name} has its home region ${definition.homeRegion}, but the network prerequisites are in ${network.region}: a VPC attaches to the transit gateway of its own region`,
      });
  }
  return { problems, baselines };
}
