import cliProgress from 'cli-progress';

export interface ProgressView {
  update(sent: number, failures: number, lagMs: number): void;
  stop(): void;
}

/** A progress bar only where a person watches: a TTY on stderr, not CI, not --no-progress. */
export function wantsProgressBar(
  requested: boolean,
  stream: NodeJS.WriteStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return requested && stream.isTTY === true && (env['CI'] === undefined || env['CI'] === '' || env['CI'] === 'false');
}

/** sent / scheduled, failures so far, send lag of the latest invocation. */
export function createProgressBar(total: number): ProgressView {
  const bar = new cliProgress.SingleBar(
    {
      format: 'invoking [{bar}] {value}/{total} sent | {failures} failed | lag {lag}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { failures: 0, lag: '-' });
  return {
    update(sent, failures, lagMs) {
      bar.update(sent, { failures, lag: Number.isFinite(lagMs) ? `${lagMs.toFixed(3)} ms` : '-' });
    },
    stop() {
      bar.stop();
    },
  };
}
