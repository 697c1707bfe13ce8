export {
  readAzureTrace,
  readInvocations,
  readDurations,
  readMemory,
  TRACE_MINUTES,
  type AzureTraceFiles,
  type PercentileTable,
  type TraceFunction,
  type TraceFunctionRow,
} from './azure2019.js';
