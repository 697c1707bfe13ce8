import { CommanderError } from 'commander';
import { isUserError, UserErrors } from '../errors.js';

/**
 * Runs a program's entry point with the project's error conventions: a UserError prints its
 * message (one line per problem) on stderr and exits with its code; anything else prints one line
 * too, plus the stack only with --debug. Returns the exit code the entry point chose.
 */
export async function runMain(entry: (argv: string[]) => Promise<number | undefined>): Promise<void> {
  const debug = process.argv.includes('--debug');
  try {
    const code = await entry(process.argv);
    process.exitCode = typeof code === 'number' ? code : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed help, the version, or its one-line usage error.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
    } else if (err instanceof UserErrors) {
      for (const line of err.lines) process.stderr.write(`error: ${line}\n`);
      process.exitCode = err.exitCode;
    } else if (isUserError(err)) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = err.exitCode;
    } else {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`error: unexpected failure: ${message}${debug ? '' : ' (run with --debug for details)'}\n`);
      if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
      process.exitCode = 1;
    }
  }
}
