/**
 * An error the user can cause and fix (bad config, unreachable host, missing file...).
 * The CLIs print only its one-line message and exit with `exitCode`; stack traces go to the log
 * file or appear with --debug.
 */
export class UserError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/**
 * Several independent user errors reported at once (e.g. every invalid field of a config),
 * one line each.
 */
export class UserErrors extends UserError {
  readonly lines: readonly string[];

  constructor(lines: readonly string[], exitCode = 2) {
    super(lines.join('\n'), exitCode);
    this.name = 'UserErrors';
    this.lines = lines;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
