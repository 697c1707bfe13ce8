import { UserError } from '../errors.js';
import type { Activation } from './types.js';
import { normaliseActivation, type RecordSource } from './normalise.js';

/**
 * Normalises raw records page by page into a sink, counting what was skipped and why, so the
 * user gets one line about malformed documents instead of one per document.
 */
export class ActivationCollector {
  health = 0;
  triggers = 0;
  malformed = 0;
  accepted = 0;
  private firstMalformed: string | null = null;

  constructor(
    private readonly source: RecordSource,
    private readonly keepResults: boolean,
    private readonly sink: (a: Activation) => void,
  ) {}

  addPage(docs: readonly unknown[]): void {
    for (const doc of docs) {
      const out = normaliseActivation(doc, this.source, this.keepResults);
      if (out.kind === 'activation') {
        this.accepted++;
        this.sink(out.activation);
      } else if (out.kind === 'malformed') {
        this.malformed++;
        if (this.firstMalformed === null) {
          const id =
            (doc as { _id?: unknown; activationId?: unknown } | null)?._id ??
            (doc as { activationId?: unknown } | null)?.activationId;
          this.firstMalformed = `${typeof id === 'string' ? id : 'document'}: ${out.reason}`;
        }
      } else if (out.reason === 'health') this.health++;
      else if (out.reason === 'trigger') this.triggers++;
    }
  }

  /**
   * Warns once about malformed documents; throws when every document was malformed (the source
   * is not an activations database, or its shape is not OpenWhisk's).
   */
  finish(where: string, warn: (msg: string) => void): void {
    if (this.malformed === 0) return;
    if (this.accepted === 0) {
      throw new UserError(
        `all ${this.malformed} documents from ${where} are malformed activation records (first: ${this.firstMalformed})`,
        3,
      );
    }
    warn(`skipped ${this.malformed} malformed activation document(s) from ${where} (first: ${this.firstMalformed})`);
  }
}
