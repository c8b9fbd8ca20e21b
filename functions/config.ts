/** Configuration, parsed from the environment once per process. */
export interface Config {
  tableName: string;
  region: string;
  dynamodbEndpoint: string | undefined;
  appEnv: 'local' | 'cloud' | 'test';
  tzName: string;
  adminPhone: string;
  garbagePointsPerDrop: number;
  garbageDailyCap: number;
  reservationDays: number;
  /** Local: where the signing key lives. Cloud: unset. */
  dataDir: string;
  inMemory: boolean;
  /** Cloud: Secrets Manager secret holding the signing-key seed. */
  jwtSecretArn: string | undefined;
  /** Optional: the signing-key seed given directly (tests). */
  jwtSeed: string | undefined;
  /** Which `jwt/v<N>` key signs new tokens; N and N-1 verify (the rotation path, see jwt.ts). */
  jwtKeyVersion: number;
  /** No-shows in 90 days that stop new sign-ups (`NO_SHOW_LIMIT`, default 3; 0 turns the rule off). */
  noShowLimit: number;
  /** Points one confirm or correction may credit before it is flagged for review (`REVIEW_POINTS`, default 500). */
  reviewPoints: number;
}

const int = (v: string | undefined, d: number): number => {
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isInteger(n) ? n : d;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const appEnv = env.APP_ENV === 'local' || env.APP_ENV === 'test' ? env.APP_ENV : 'cloud';
  return {
    tableName: env.TABLE_NAME ?? 'community-points',
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'ap-east-1',
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    appEnv,
    tzName: env.TZ_NAME || 'Asia/Shanghai',
    adminPhone: env.ADMIN_PHONE || '13800000000',
    garbagePointsPerDrop: int(env.GARBAGE_POINTS_PER_DROP, 1),
    garbageDailyCap: int(env.GARBAGE_DAILY_CAP, 3),
    reservationDays: int(env.RESERVATION_DAYS, 7),
    dataDir: env.DATA_DIR || '.data',
    inMemory: env.IN_MEMORY === '1',
    jwtSecretArn: env.JWT_SECRET_ARN || undefined,
    jwtSeed: env.JWT_SEED || undefined,
    jwtKeyVersion: Math.max(1, int(env.JWT_KEY_VERSION, 1)),
    noShowLimit: Math.max(0, int(env.NO_SHOW_LIMIT, 3)),
    reviewPoints: Math.max(0, int(env.REVIEW_POINTS, 500)),
  };
}

let current: Config | undefined;
/** The process-wide configuration; tests may replace it with `setConfig`. */
export const config = (): Config => (current ??= loadConfig());
export const setConfig = (c: Partial<Config>): Config => (current = { ...config(), ...c });
