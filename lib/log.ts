import pino from 'pino';

// The server's log: one JSON object per line (pino) on stdout, so that a log collector
// can filter by analysis (`analysisId`), engine or level. Errors carry their stack under
// `err`. Secrets never reach it: fields that hold them are redacted by name, and
// credentials inside URLs (https://user:token@host/…, postgresql://user:password@…)
// are cut from every message and string field. LOG_LEVEL picks the level (info).

const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(:[^/\s@]*)?@/gi;

/** A text with any credentials in its URLs replaced. */
export function withoutCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1<credentials>@');
}

/** A copy of a log record's fields with URL credentials cut from every string (errors are the serializer's). */
function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return withoutCredentials(value);
  if (depth > 6 || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item, depth + 1)]));
}

const SECRET_KEYS = ['password', 'token', 'secret', 'sourceSecret', 'authorization', 'cookie', 'key', 'auth', 'registryAuth'];

/** A logger writing to `destination` (stdout by default), with the redaction above. */
export function createLog(destination?: pino.DestinationStream) {
  return pino(OPTIONS, destination);
}

const OPTIONS: pino.LoggerOptions = {
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'shipshape' },
  redact: { paths: [...SECRET_KEYS, ...SECRET_KEYS.map((key) => `*.${key}`)], censor: '<redacted>' },
  serializers: {
    err(error: Error) {
      const out = pino.stdSerializers.err(error);
      out.message = withoutCredentials(out.message);
      if (out.stack) out.stack = withoutCredentials(out.stack);
      return out;
    },
  },
  hooks: {
    // messages and string arguments lose URL credentials
    logMethod(args, method) {
      method.apply(this, args.map((arg) => (typeof arg === 'string' ? withoutCredentials(arg) : arg)) as Parameters<typeof method>);
    },
  },
  formatters: {
    log: (object) => scrub(object, 0) as Record<string, unknown>,
  },
};

export const log = createLog();

/** The log of one analysis: every line carries its id. */
export function analysisLog(analysisId: string) {
  return log.child({ analysisId });
}
