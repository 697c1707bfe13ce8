/** Number shapes shared by the contracts. zod 4's `z.number()` already refuses NaN and ±Infinity. */
import { z } from 'zod';

/** Latest instant a JavaScript Date can hold, in epoch ms. */
const MAX_EPOCH_MS = 8.64e15;

/** An instant, epoch milliseconds (sub-ms precision allowed). */
export const epochMs = z.number().min(0).max(MAX_EPOCH_MS);
/** A duration or difference of instants, ms; may be negative (e.g. a clock skew). */
export const ms = z.number().min(-MAX_EPOCH_MS).max(MAX_EPOCH_MS);
/** A duration that cannot be negative, ms. */
export const nonNegativeMs = z.number().min(0).max(MAX_EPOCH_MS);
export const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
