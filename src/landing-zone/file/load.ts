import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import type { BaselineDefinition } from '../../baselines/definition.js';
import { AwsarchError, usageError } from '../../core/errors.js';
import { ERR } from '../../core/error-codes.js';
import type { AccountBaseline, AccountSpec, LandingZoneSpec, NetworkSpec } from '../spec.js';
import { effectiveBaselines, loadBaselines, networkRegion, NO_BASELINE } from './check-baselines.js';
import { checkScps } from './check-scps.js';
import { checkStructure, declaredOus, ouKey, ouNames } from './check-structure.js';
import { invalidFileError, type FileProblem } from './problems.js';
import { landingZoneFileSchema, type LandingZoneFile } from './schema.js';
import { parseYamlSource, YamlSyntaxError, type YamlSource } from './yaml-source.js';

export interface LoadOptions {
  /** The region of the prerequisites when neither the file nor a baseline says (the --region). */
  fallbackRegion?: string;
}

/** Reads, validates and resolves a landing-zone file; any problem is one exit-2 error naming file, line and column. */
export async function loadLandingZone(path: string, options: LoadOptions = {}): Promise<LandingZoneSpec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw usageError(
      ERR.LANDING_ZONE_UNREADABLE,
      `cannot read the landing-zone file ${path}: ${reason}`,
      'pass -f FILE (see templates/landing-zone.yaml)',
    );
  }
  return parseLandingZone(text, path, options);
}

function schemaProblems(issues: readonly z.core.$ZodIssue[]): FileProblem[] {
  return issues.flatMap((issue): FileProblem[] => {
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        path: [...issue.path, key],
        at: 'key',
        message: `unknown key "${key}"`,
      }));
    const missing = /received undefined$/.test(issue.message);
    return [{ path: issue.path, message: missing ? 'is required' : issue.message }];
  });
}

/** The same as loadLandingZone, for text already read (a saved plan carries the file it was made from). */
export async function parseLandingZone(
  text: string,
  path: string,
  options: LoadOptions = {},
): Promise<LandingZoneSpec> {
  let source: YamlSource;
  try {
    source = parseYamlSource(text, path);
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    const where = error.position ? `${path}:${error.position.line}:${error.position.column}` : path;
    throw new AwsarchError(ERR.LANDING_ZONE_INVALID, `${where}: not valid YAML: ${error.message}`, {
      hint: 'fix the YAML syntax',
      details: { problems: [{ file: path, ...error.position, path: '(document)', message: error.message }] },
    });
  }
  const parsed = landingZoneFileSchema.safeParse(source.value ?? {});
  if (!parsed.success) throw invalidFileError(source, schemaProblems(parsed.error.issues));
  const file = parsed.data;
  const structure = checkStructure(file);
  if (structure.length > 0) throw invalidFileError(source, structure);

  const baseDir = dirname(path);
  const loaded = await loadBaselines(file, baseDir);
  const scps = file.scps ? await checkScps(file.scps, baseDir) : { problems: [] };
  const network = networkSpec(file, loaded.baselines, options.fallbackRegion ?? 'us-east-1');
  const effective = effectiveBaselines(file, loaded, network);
  const problems = [...loaded.problems, ...scps.problems, ...effective.problems];
  if (problems.length > 0) throw invalidFileError(source, problems);

  return {
    source: { path, sha256: createHash('sha256').update(text).digest('hex'), text },
    ous: [...declaredOus(file).values()].sort((a, b) => a.length - b.length || ouKey(a).localeCompare(ouKey(b))),
    accounts: file.accounts.map((account) => accountSpec(file, account, effective.baselines)),
    ...(scps.desired ? { scps: scps.desired } : {}),
    baselines: Object.fromEntries(effective.baselines),
    ...(network ? { network } : {}),
    suspendedOu: ouNames(file.prune.suspendedOu) as string[],
  };
}

function networkSpec(
  file: LandingZoneFile,
  baselines: ReadonlyMap<string, BaselineDefinition>,
  fallbackRegion: string,
): NetworkSpec | undefined {
  if (!file.network) return undefined;
  return {
    region: networkRegion(file, baselines, fallbackRegion),
    cidrPool: file.network.cidrPool,
    transitGateway: {
      name: file.network.transitGateway.name,
      owner: file.network.transitGateway.owner,
      amazonSideAsn: file.network.transitGateway.amazonSideAsn ?? 64512,
    },
    logArchive: { ...file.network.logArchive },
  };
}

/** The baseline an account gets: its own, else the entry of its nearest OU (the root's last), with skips removed. */
function accountSpec(
  file: LandingZoneFile,
  account: LandingZoneFile['accounts'][number],
  baselines: ReadonlyMap<string, BaselineDefinition>,
): AccountSpec {
  const ou = ouNames(account.ou) as string[];
  let choice: { reference: string; skip: string[] } | undefined;
  if (account.baseline !== undefined) {
    choice =
      typeof account.baseline === 'string'
        ? { reference: account.baseline, skip: [] }
        : { reference: account.baseline.name, skip: account.baseline.skip ?? [] };
  } else {
    const nearest = file.baselines
      .map((entry) => ({ entry, names: ouNames(entry.ou) as string[] }))
      .filter(({ names }) => names.every((name, i) => ou[i] === name))
      .sort((a, b) => b.names.length - a.names.length)[0];
    if (nearest) choice = { reference: nearest.entry.baseline, skip: nearest.entry.skip ?? [] };
  }
  let baseline: AccountBaseline | undefined;
  if (choice && choice.reference !== NO_BASELINE) {
    const definition = baselines.get(choice.reference) as BaselineDefinition;
    baseline = {
      key: choice.reference,
      name: definition.name,
      steps: definition.steps.map((step) => step.step as string).filter((step) => !choice.skip.includes(step)),
    };
  }
  return {
    name: account.name.trim(),
    email: account.email.trim(),
    ou,
    tags: account.tags ?? {},
    ...(baseline ? { baseline } : {}),
  };
}
