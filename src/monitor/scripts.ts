import type { Logger } from 'pino';
import type { MonitorTarget } from '../config/types.js';
import type { MonitoringOutput } from '../config/run-metadata.js';

export interface MonitoringStartOptions {
  /** Absolute path of the runtime script, or null (then only remote targets, if any). */
  readonly script: string | null;
  readonly targets: readonly MonitorTarget[];
  readonly durationS: number;
  /** The run's monitoring folder (created if needed); scripts run with it as their cwd. */
  readonly monitoringDir: string;
  /** Outputs are reported relative to this folder (the metadata's). */
  readonly metadataDir: string;
  readonly logger: Logger;
}

export interface MonitoringSession {
  /** Waits for every script (bounded), copies remote outputs back, lists the outputs. Never throws. */
  finish(): Promise<MonitoringOutput[]>;
  /** Stops everything now (interrupted run), then behaves as finish(). */
  stop(): Promise<MonitoringOutput[]>;
}

/** Starts the runtime script (and remote targets) in the background at test start. Never throws. */
export function startRuntimeMonitoring(opts: MonitoringStartOptions): MonitoringSession {
  void opts;
  throw new Error('startRuntimeMonitoring: not implemented yet');
}

/** Runs the post script after the last response; a failure is logged and reported, never thrown. */
export async function runPostScript(opts: { script: string | null; monitoringDir: string; metadataDir: string; logger: Logger }): Promise<MonitoringOutput[]> {
  void opts;
  throw new Error('runPostScript: not implemented yet');
}
