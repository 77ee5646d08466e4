import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ERR } from '../../core/error-codes.js';
import { AwsarchError } from '../../core/errors.js';
import type { WorkloadAccount } from '../replay/workload-stack.js';
import { readWorkloadStack, requiredOutput } from '../replay/workload-stack.js';
import { between, pick, seededRandom } from './random.js';

/** City centres the simulated drivers and riders are around. */
export const SIMULATED_CITIES = {
  lisbon: { lat: 38.7223, lng: -9.1393 },
  porto: { lat: 41.1579, lng: -8.6291 },
  madrid: { lat: 40.4168, lng: -3.7038 },
} as const;

type City = keyof typeof SIMULATED_CITIES;

/** What one simulated ride does: ride to the end, or the rider cancels after the driver accepted. */
export interface RidePlan {
  readonly rideId: string;
  readonly riderId: string;
  readonly city: City;
  readonly pickup: { lat: number; lng: number };
  readonly dropoff: { lat: number; lng: number };
  readonly riderCancels: boolean;
  readonly durationMinutes: number;
}

export interface SimulationSummary {
  readonly rides: number;
  readonly completed: number;
  readonly cancelled: number;
  readonly noDriver: number;
  readonly drivers: number;
  readonly durationMs: number;
}

const jitter = (random: () => number, point: { lat: number; lng: number }) => ({
  lat: Number((point.lat + (random() - 0.5) * 0.06).toFixed(5)),
  lng: Number((point.lng + (random() - 0.5) * 0.06).toFixed(5)),
});

/** The rides to simulate (pure, seeded): about one in ten riders cancels after acceptance. */
export function planRides(count: number, prefix: string, seed = 7): RidePlan[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_unused, index) => {
    const city = pick(random, Object.keys(SIMULATED_CITIES) as City[]);
    return {
      rideId: `${prefix}-${String(index).padStart(5, '0')}`,
      riderId: `rider-${between(random, 1, Math.max(2, Math.ceil(count / 2)))}`,
      city,
      pickup: jitter(random, SIMULATED_CITIES[city]),
      dropoff: jitter(random, SIMULATED_CITIES[city]),
      riderCancels: random() < 0.1,
      durationMinutes: between(random, 6, 35),
    };
  });
}

/**
 * Rides through the deployed ride-sharing services, as their apps drive them: drivers come online
 * (Driver: UpdateDriverLocation), riders request rides (Ride: RequestRide), and once the Driver service has
 * offered one (its effect seen in the rides table), the driver accepts (AcceptRide), starts and completes
 * the ride, or the rider cancels. Every event on the bus is the services' own: published by them and
 * consumed by the others through their rules (Lambda invocations), as on AWS.
 */
export async function simulateRides(
  account: WorkloadAccount,
  options: {
    readonly rides: number;
    readonly prefix: string;
    readonly concurrency?: number;
    readonly stepTimeoutMs?: number;
  },
): Promise<SimulationSummary> {
  const started = Date.now();
  const stack = await readWorkloadStack(account, 'RideSharing', 'ride-sharing');
  const rideFunction = requiredOutput(stack, 'RideFunctionName', 'ride-sharing');
  const driverFunction = requiredOutput(stack, 'DriverFunctionName', 'ride-sharing');
  const ridesTable = requiredOutput(stack, 'RidesTableName', 'ride-sharing');
  const lambda = account.aws.client(LambdaClient);
  const db = DynamoDBDocumentClient.from(account.aws.client(DynamoDBClient));
  const invoke = async (functionName: string, command: Record<string, unknown>) => {
    const response = await lambda.send(
      new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(command)) }),
    );
    const text = Buffer.from(response.Payload ?? new Uint8Array()).toString('utf8');
    if (response.FunctionError)
      throw new AwsarchError(ERR.SIMULATION_FAILED, `${String(command.command)} failed in ${functionName}: ${text}`);
    return JSON.parse(text || 'null') as { ok?: boolean; code?: string; message?: string } | null;
  };
  const rideState = async (rideId: string) =>
    (await db.send(new GetCommand({ TableName: ridesTable, Key: { rideId }, ConsistentRead: true }))).Item as
      { status?: string; driverId?: string } | undefined;
  const waitFor = async (rideId: string, done: (ride: { status?: string; driverId?: string }) => boolean) => {
    const deadline = Date.now() + (options.stepTimeoutMs ?? 30_000);
    for (;;) {
      const ride = await rideState(rideId);
      if (ride && done(ride)) return ride;
      if (Date.now() > deadline)
        throw new AwsarchError(
          ERR.SIMULATION_STALLED,
          `ride ${rideId} is still ${ride?.status ?? 'unknown'}: the services did not react in time`,
          {
            hint: 'with --sandbox, the functions run in the process holding the sandbox runner lease; see stateDir/lambda/logs',
          },
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const plans = planRides(options.rides, options.prefix);
  const random = seededRandom(options.rides);
  const drivers = Object.keys(SIMULATED_CITIES).flatMap((city) =>
    Array.from({ length: Math.max(2, Math.ceil(options.rides / 6)) }, (_unused, index) => ({
      driverId: `${options.prefix}-driver-${city}-${index}`,
      city: city as City,
    })),
  );
  for (const driver of drivers)
    await invoke(driverFunction, {
      command: 'UpdateDriverLocation',
      driverId: driver.driverId,
      city: driver.city,
      location: jitter(random, SIMULATED_CITIES[driver.city]),
      available: true,
    });

  const counts = { completed: 0, cancelled: 0, noDriver: 0 };
  const runRide = async (plan: RidePlan) => {
    const requested = await invoke(rideFunction, {
      command: 'RequestRide',
      rideId: plan.rideId,
      riderId: plan.riderId,
      city: plan.city,
      pickup: plan.pickup,
      dropoff: plan.dropoff,
      paymentMethodId: `pm-${plan.riderId}`,
    });
    if (requested?.ok === false) throw simulationRefused('RequestRide', plan.rideId, requested);
    const assigned = await waitFor(plan.rideId, (ride) => ride.status === 'assigned' || ride.status === 'cancelled');
    if (assigned.status === 'cancelled' || !assigned.driverId) {
      counts.noDriver += 1;
      return;
    }
    const driverId = assigned.driverId;
    const accepted = await invoke(driverFunction, { command: 'AcceptRide', driverId, rideId: plan.rideId });
    if (accepted?.ok === false) throw simulationRefused('AcceptRide', plan.rideId, accepted);
    await waitFor(plan.rideId, (ride) => ride.status === 'accepted');
    if (plan.riderCancels) {
      await invoke(rideFunction, { command: 'CancelRide', rideId: plan.rideId, by: 'rider', reason: 'changed plans' });
      counts.cancelled += 1;
      return;
    }
    await invoke(rideFunction, { command: 'StartRide', rideId: plan.rideId, driverId, location: plan.pickup });
    await invoke(rideFunction, {
      command: 'CompleteRide',
      rideId: plan.rideId,
      driverId,
      dropoff: plan.dropoff,
      distanceKm: Number((plan.durationMinutes * 0.6).toFixed(1)),
      durationMinutes: plan.durationMinutes,
    });
    counts.completed += 1;
  };

  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? 4, plans.length) }, async () => {
      while (next < plans.length) await runRide(plans[next++] as RidePlan);
    }),
  );
  return { rides: plans.length, ...counts, drivers: drivers.length, durationMs: Date.now() - started };
}

function simulationRefused(command: string, rideId: string, answer: { code?: string; message?: string }): AwsarchError {
  return new AwsarchError(
    ERR.SIMULATION_FAILED,
    `${command} for ${rideId} was refused: ${answer.code ?? ''} ${answer.message ?? ''}`.trim(),
  );
}
