export type { MonitorPoint, MonitorSeries } from '../contracts/index.js';
