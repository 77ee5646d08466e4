import type { Location } from '../events/catalog.js';

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km (haversine). */
export function distanceKm(a: Location, b: Location): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Speed in km/h needed to get from one place to another in the time between two ISO times; Infinity if no time passed. */
export function requiredSpeedKmh(from: Location, fromAt: string, to: Location, toAt: string): number {
  const hours = (Date.parse(toAt) - Date.parse(fromAt)) / 3_600_000;
  const km = distanceKm(from, to);
  if (hours <= 0) return km > 0 ? Number.POSITIVE_INFINITY : 0;
  return km / hours;
}

export function round(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
