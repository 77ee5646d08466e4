import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { NormalizedSchema } from '@smithy/core/schema';
import { packageDataPath } from '../data-files.js';
import { schemasFromBotocore, type BotocoreModel } from './botocore-schemas.js';

/** What the conformance check needs of one operation: its output shape and its HTTP binding (REST protocols). */
export interface OperationModel {
  readonly output: NormalizedSchema;
  /** restJson1/restXml: the success status of the operation's http trait. */
  readonly successStatus: number | undefined;
}

/** An error the service models: its shape and the status AWS sends with it. */
export interface ErrorModel {
  readonly shape: NormalizedSchema;
  /** The shape's name (what JSON protocols send). */
  readonly name: string;
  /** awsQuery/ec2Query wire code (awsQueryError trait), else the shape name. */
  readonly queryCode: string;
  readonly status: number;
  /** The status of the awsQueryError trait, when the model has one (what query protocols send). */
  readonly queryStatus: number | undefined;
}

/** A service's model as the AWS SDK ships it: operations by name and errors by wire code. */
export interface ServiceModel {
  readonly source: string;
  readonly operations: ReadonlyMap<string, OperationModel>;
  /** Keyed by both the shape name and the awsQueryError code. */
  readonly errors: ReadonlyMap<string, ErrorModel>;
}

type SchemaTuple = readonly unknown[];

const loaded = new Map<string, Promise<ServiceModel>>();

/**
 * Loads the model of the service whose SDK client is `sdkClient` (e.g. '@aws-sdk/client-ec2'): the v3 clients
 * export their schemas (`Operation$`, `Shape$`). Clients published before schemas existed fall back to a botocore
 * model kept under data/models/ (see data/models/README.md).
 */
export function loadServiceModel(sdkClient: string): Promise<ServiceModel> {
  let model = loaded.get(sdkClient);
  if (!model) {
    model = buildServiceModel(sdkClient);
    loaded.set(sdkClient, model);
  }
  return model;
}

async function buildServiceModel(sdkClient: string): Promise<ServiceModel> {
  const exports = loadClientModule(sdkClient);
  let schemas = Object.entries(exports).filter(
    (entry): entry is [string, SchemaTuple] => entry[0].endsWith('$') && Array.isArray(entry[1]),
  );
  let source = `${sdkClient} (shipped schemas)`;
  if (schemas.length === 0) {
    const name = sdkClient.replace('@aws-sdk/client-', '');
    const botocore = JSON.parse(await readFile(packageDataPath('models', `${name}.json`), 'utf8')) as BotocoreModel;
    schemas = Object.entries(schemasFromBotocore(botocore));
    source = `data/models/${name}.json (botocore ${botocore.metadata.apiVersion})`;
  }
  const operations = new Map<string, OperationModel>();
  const errors = new Map<string, ErrorModel>();
  for (const [exportName, tuple] of schemas) {
    if (tuple[0] === 9) {
      const traits = (tuple[3] ?? {}) as { http?: [string, string, number] };
      operations.set(exportName.slice(0, -1), {
        output: NormalizedSchema.of(tuple[5] as never),
        successStatus: typeof traits === 'object' ? traits.http?.[2] : undefined,
      });
    } else if (tuple[0] === -3) {
      const shape = NormalizedSchema.of(tuple as never);
      const traits = shape.getMergedTraits() as {
        error?: 'client' | 'server';
        httpError?: number;
        awsQueryError?: [string, number];
      };
      if (traits.error === undefined) continue; // the service's base exception, not a wire error
      const name = shape.getName() as string;
      const status = traits.httpError ?? (traits.error === 'server' ? 500 : 400);
      const error: ErrorModel = {
        shape,
        name,
        queryCode: traits.awsQueryError?.[0] ?? name,
        status,
        queryStatus: traits.awsQueryError?.[1],
      };
      errors.set(name, error);
      errors.set(error.queryCode, error);
    }
  }
  return { source, operations, errors };
}

/**
 * The client's exports, resolved from this package or, for a sandbox bundled elsewhere (a test's child
 * process), from the working directory's node_modules.
 */
function loadClientModule(sdkClient: string): Record<string, unknown> {
  try {
    return createRequire(import.meta.url)(sdkClient) as Record<string, unknown>;
  } catch {
    return createRequire(join(process.cwd(), 'package.json'))(sdkClient) as Record<string, unknown>;
  }
}
