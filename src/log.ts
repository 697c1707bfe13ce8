import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

/** The three program logs, named as FaaSProfiler names them. */
export type ProgramLog = 'SWI' | 'WA' | 'CA';

/**
 * Paths pino must never write: credentials may sit in objects we log (options, configs, URLs
 * with user info are redacted by the caller with `redactUrl`).
 */
const REDACT_PATHS = [
  'auth',
  '*.auth',
  'password',
  '*.password',
  'key',
  '*.key',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

/**
 * A JSON logger writing to `<logsDir>/<name>.log`. Writes are asynchronous (sonic-boom) so the
 * dispatcher's hot path never blocks on disk; call `flushLogger` before exiting.
 */
export function createFileLogger(name: ProgramLog, logsDir: string, level = 'info'): Logger {
  mkdirSync(logsDir, { recursive: true });
  const destination = pino.destination({ dest: join(logsDir, `${name}.log`), append: true, sync: false, mkdir: true });
  return pino({ level, base: { program: name }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}

/** Flush a file logger's buffered lines (best effort, never throws). */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    try {
      logger.flush((err) => {
        void err;
        resolve();
      });
    } catch {
      resolve();
    }
  });
}

/** A logger that drops everything (tests, library use without a logs folder). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** `http://user:pass@host:5984/` → `http://host:5984/`: URLs are logged and printed without credentials. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return redactUserInfo(url);
  }
}

/** The text with any `//user:password@` cut to `//`, leaving the rest as written (also when it is no URL). */
export function redactUserInfo(text: string): string {
  return text.replace(/\/\/[^@/]*@/, '//');
}
