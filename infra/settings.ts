import type { Node } from 'constructs';

/** App settings a deployer may change with `cdk deploy -c key=value`; defaults match `functions/config.ts`. */
export interface AppSettings {
  adminPhone: string;
  garbagePointsPerDrop: number;
  garbageDailyCap: number;
  reservationDays: number;
}

export const defaultSettings: AppSettings = {
  adminPhone: '13800000000',
  garbagePointsPerDrop: 1,
  garbageDailyCap: 3,
  reservationDays: 7,
};

const positiveInt = (key: string, v: unknown, d: number): number => {
  if (v === undefined) return d;
  const n = Number(v);
  // Fail at synth, not at the first request in production.
  if (!Number.isInteger(n) || n < 1) throw new Error(`context ${key} must be a positive integer, got ${String(v)}`);
  return n;
};

/** Settings from CDK context (`cdk.json` or `-c`), falling back to the defaults. */
export function settingsFromContext(node: Node): AppSettings {
  const phone = node.tryGetContext('adminPhone') as unknown;
  if (phone !== undefined && !/^1\d{10}$/.test(String(phone))) {
    throw new Error(`context adminPhone must be a mainland mobile number (11 digits), got ${String(phone)}`);
  }
  return {
    adminPhone: phone === undefined ? defaultSettings.adminPhone : String(phone),
    garbagePointsPerDrop: positiveInt(
      'garbagePointsPerDrop',
      node.tryGetContext('garbagePointsPerDrop'),
      defaultSettings.garbagePointsPerDrop,
    ),
    garbageDailyCap: positiveInt(
      'garbageDailyCap',
      node.tryGetContext('garbageDailyCap'),
      defaultSettings.garbageDailyCap,
    ),
    reservationDays: positiveInt(
      'reservationDays',
      node.tryGetContext('reservationDays'),
      defaultSettings.reservationDays,
    ),
  };
}
