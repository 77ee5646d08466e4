import { distanceKm, round } from './geo.js';
import type { Location } from '../events/catalog.js';

export interface CityRates {
  readonly currency: 'EUR' | 'USD' | 'GBP';
  readonly baseCents: number;
  readonly perKmCents: number;
  readonly perMinuteCents: number;
  readonly minimumCents: number;
  /** Charged when a rider cancels after a driver accepted. */
  readonly cancellationFeeCents: number;
}

const DEFAULT_RATES: CityRates = {
  currency: 'USD',
  baseCents: 250,
  perKmCents: 120,
  perMinuteCents: 30,
  minimumCents: 600,
  cancellationFeeCents: 500,
};

/** Rates per city; other cities use the default (USD) rates. */
export const CITY_RATES: Readonly<Record<string, CityRates>> = {
  lisbon: {
    currency: 'EUR',
    baseCents: 200,
    perKmCents: 90,
    perMinuteCents: 20,
    minimumCents: 400,
    cancellationFeeCents: 350,
  },
  london: {
    currency: 'GBP',
    baseCents: 300,
    perKmCents: 150,
    perMinuteCents: 35,
    minimumCents: 700,
    cancellationFeeCents: 600,
  },
  'new-york': DEFAULT_RATES,
};

/** Roads are longer than the straight line; the estimate assumes this ratio and city speed. */
const ROAD_FACTOR = 1.3;
const CITY_SPEED_KMH = 25;

export function ratesFor(city: string): CityRates {
  return CITY_RATES[city] ?? DEFAULT_RATES;
}

/** The fare for a trip of this length and duration. */
export function fareCents(city: string, km: number, minutes: number): number {
  const rates = ratesFor(city);
  const fare = rates.baseCents + Math.round(km * rates.perKmCents) + Math.round(minutes * rates.perMinuteCents);
  return Math.max(rates.minimumCents, fare);
}

/** The estimate shown (and pre-authorized) when a ride is requested. */
export function estimateTrip(
  city: string,
  pickup: Location,
  dropoff: Location,
): { km: number; minutes: number; fareCents: number } {
  const km = round(distanceKm(pickup, dropoff) * ROAD_FACTOR);
  const minutes = round((km / CITY_SPEED_KMH) * 60, 1);
  return { km, minutes, fareCents: fareCents(city, km, minutes) };
}

/** Minutes for a driver this far away to reach the pickup. */
export function etaMinutes(km: number): number {
  return Math.max(1, Math.round(((km * ROAD_FACTOR) / CITY_SPEED_KMH) * 60));
}
