/**
 * Splits a stream of text chunks into lines in linear time: the pieces of a line that spans many
 * chunks (a 20 MB result arrives in hundreds) are kept apart and joined once, and each chunk is
 * scanned once.
 */
export class LineSplitter {
  private pieces: string[] = [];

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    let from = 0;
    let nl = chunk.indexOf('\n');
    while (nl !== -1) {
      const tail = chunk.slice(from, nl);
      let line = tail;
      if (this.pieces.length > 0) {
        this.pieces.push(tail);
        line = this.pieces.join('');
        this.pieces = [];
      }
      this.onLine(line);
      from = nl + 1;
      nl = chunk.indexOf('\n', from);
    }
    if (from < chunk.length) this.pieces.push(from === 0 ? chunk : chunk.slice(from));
  }
}
