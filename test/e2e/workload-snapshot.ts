import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { attachSandbox, SANDBOX_CREDENTIALS } from '@awsarch/aws-sandbox';

export const RIDE_SHARING_SERVICES = ['Ride', 'Driver', 'Payment', 'Notification', 'Analytics', 'Fraud'] as const;

/** What the ride-sharing services hold (items per table) and how often each ran (the sandbox's function logs). */
export interface RideSharingSnapshot {
  readonly items: Record<string, number>;
  readonly invocations: Record<string, number>;
}

function invocations(stateDir: string): Record<string, number> {
  const logs = join(stateDir, 'lambda', 'logs');
  const files = readdirSync(logs);
  return Object.fromEntries(
    RIDE_SHARING_SERVICES.map((service) => {
      const file = files.find((name) => name.includes(`-${service}HandlerFunction`) && name.endsWith('.log'));
      const text = file ? readFileSync(join(logs, file), 'utf8') : '';
      return [service, (text.match(/^START RequestId/gm) ?? []).length];
    }),
  );
}

/**
 * Opens the sandbox of stateDir in this process (which then runs what is queued), waits until no service
 * has run for two seconds, and counts the items of every ride-sharing table (deployed in the caller's account).
 */
export async function rideSharingSnapshot(stateDir: string): Promise<RideSharingSnapshot> {
  const sandbox = await attachSandbox({ stateDir });
  try {
    let last = JSON.stringify(invocations(stateDir));
    for (let stable = 0; stable < 8;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = JSON.stringify(invocations(stateDir));
      stable = now === last ? stable + 1 : 0;
      last = now;
    }
    const config = { endpoint: sandbox.endpoint, region: 'us-east-1', credentials: SANDBOX_CREDENTIALS };
    const { Stacks = [] } = await new CloudFormationClient(config).send(
      new DescribeStacksCommand({ StackName: 'RideSharing' }),
    );
    const db = new DynamoDBClient(config);
    const items: Record<string, number> = {};
    for (const output of Stacks[0]?.Outputs ?? []) {
      if (!output.OutputKey?.endsWith('TableName')) continue;
      let count = 0;
      let ExclusiveStartKey: Record<string, any> | undefined;
      do {
        const page = await db.send(
          new ScanCommand({ TableName: output.OutputValue, Select: 'COUNT', ExclusiveStartKey }),
        );
        count += page.Count ?? 0;
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      items[output.OutputKey.replace(/TableName$/, '')] = count;
    }
    return { items, invocations: invocations(stateDir) };
  } finally {
    await sandbox.close();
  }
}
