/**
 * SIGINT/SIGTERM while a run is on: the first asks for a graceful stop (drain, then write
 * everything), the second for an immediate one. Handlers are removed by `dispose`, so outside a
 * run the signals keep their default behaviour.
 */
export class InterruptWatch {
  private signals = 0;
  private readonly callbacks: ((signalCount: number) => void)[] = [];
  private readonly handler = (): void => {
    this.signals++;
    for (const cb of this.callbacks) cb(this.signals);
  };

  constructor() {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
  }

  get interrupted(): boolean {
    return this.signals > 0;
  }

  /** Called with 1 on the first signal, 2 on the second, ... */
  onSignal(cb: (signalCount: number) => void): void {
    this.callbacks.push(cb);
  }

  dispose(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }
}
