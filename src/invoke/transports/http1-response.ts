/**
 * An incremental HTTP/1.1 response reader: bytes in, in any split, and out come each answer's head
 * (the few fields the invoker uses), its body bytes, and its end. Pure: no sockets, no timers.
 * RFC 9112: a body is delimited by chunked transfer coding, else Content-Length, else the close of
 * the connection; 1xx answers are skipped; 204 and 304 have no body.
 */

/** What the invoker needs from an answer's head. */
export interface ResponseHead {
  readonly status: number;
  /** The value of the watched header (see the constructor), or null. */
  readonly watched: string | null;
  /** The connection cannot carry another request after this answer. */
  readonly close: boolean;
  /** The server's `Keep-Alive: timeout=N`, in ms, or null. */
  readonly keepAliveMs: number | null;
}

export interface ResponseSink {
  onHead(head: ResponseHead): void;
  onData(chunk: Buffer): void;
  /** The answer is complete; the next bytes belong to the next answer. */
  onEnd(): void;
}

/** The bytes are not an HTTP/1.x answer. */
export class HttpProtocolError extends Error {
  readonly code = 'FAAS_HTTP_PROTOCOL';
}

/** A head larger than this is refused (servers limit theirs to 8–64 KiB). */
const MAX_HEAD_BYTES = 64 * 1024;
/** A chunk-size line or trailer line longer than this is refused. */
const MAX_LINE_BYTES = 8 * 1024;

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: |$)/;

enum State {
  Head,
  LengthBody,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
  UntilClose,
}

export class ResponseReader {
  private state = State.Head;
  /** Bytes of an unfinished head or line, kept until the rest arrives. */
  private held: Buffer | null = null;
  /** Body bytes still due (Content-Length body or current chunk). */
  private remaining = 0;

  /** `watchedHeader`: a lower-case header name whose value `onHead` reports (null: none). */
  constructor(private readonly watchedHeader: string | null) {}

  /** True between answers (nothing of an answer read yet). */
  get idle(): boolean {
    return this.state === State.Head && this.held === null;
  }

  /** Reads `chunk`, calling `sink` for what it completes. Throws `HttpProtocolError` on malformed bytes. */
  push(chunk: Buffer, sink: ResponseSink): void {
    let buf = this.held === null ? chunk : Buffer.concat([this.held, chunk]);
    this.held = null;
    while (buf.length > 0) {
      switch (this.state) {
        case State.Head: {
          const end = this.findWithin(buf, HEAD_END, MAX_HEAD_BYTES, 'answer head');
          if (end < 0) return;
          const head = this.parseHead(buf.toString('latin1', 0, end));
          buf = buf.subarray(end + HEAD_END.length);
          if (head !== null) {
            sink.onHead(head.head);
            if (head.bodyless) sink.onEnd();
          }
          break;
        }
        case State.LengthBody:
        case State.ChunkData: {
          const take = Math.min(this.remaining, buf.length);
          sink.onData(take === buf.length ? buf : buf.subarray(0, take));
          this.remaining -= take;
          buf = buf.subarray(take);
          if (this.remaining > 0) return;
          if (this.state === State.ChunkData) {
            this.state = State.ChunkDataEnd;
          } else {
            this.state = State.Head;
            sink.onEnd();
          }
          break;
        }
        case State.ChunkDataEnd: {
          if (buf.length < 2) {
            this.held = buf;
            return;
          }
          if (buf[0] !== 0x0d || buf[1] !== 0x0a) throw new HttpProtocolError('chunk data not followed by CRLF');
          buf = buf.subarray(2);
          this.state = State.ChunkSize;
          break;
        }
        case State.ChunkSize:
        case State.Trailers: {
          const end = this.findWithin(buf, CRLF, MAX_LINE_BYTES, 'chunk line');
          if (end < 0) return;
          const line = buf.toString('latin1', 0, end);
          buf = buf.subarray(end + 2);
          if (this.state === State.Trailers) {
            if (line === '') {
              this.state = State.Head;
              sink.onEnd();
            }
            break;
          }
          const size = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(line);
          if (size === null) throw new HttpProtocolError(`bad chunk size line "${line.slice(0, 40)}"`);
          this.remaining = Number.parseInt(size[1]!, 16);
          this.state = this.remaining === 0 ? State.Trailers : State.ChunkData;
          break;
        }
        case State.UntilClose:
          sink.onData(buf);
          return;
      }
    }
  }

  /**
   * The server closed the connection. Ends an answer whose body runs to the close and returns
   * true; returns false if an answer was cut short (true if none had begun).
   */
  close(sink: ResponseSink): boolean {
    const { state, held } = this;
    this.state = State.Head;
    this.held = null;
    if (state === State.UntilClose) {
      sink.onEnd();
      return true;
    }
    return state === State.Head && held === null;
  }

  /**
   * Where `delimiter` starts in `buf`, refusing more than `limit` bytes before it whether or not it
   * has all arrived (all but its last byte may be there); -1 while it has not come, with the bytes
   * held for the next read.
   */
  private findWithin(buf: Buffer, delimiter: Buffer, limit: number, what: string): number {
    const end = buf.indexOf(delimiter);
    if (end > limit || (end < 0 && buf.length > limit + delimiter.length - 1))
      throw new HttpProtocolError(`${what} over ${limit} bytes`);
    if (end < 0) this.held = buf;
    return end;
  }

  /** Parses a head (without its final blank line); null for a 1xx answer, which is skipped. */
  private parseHead(text: string): { head: ResponseHead; bodyless: boolean } | null {
    const lines = text.split('\r\n');
    const statusLine = STATUS_LINE.exec(lines[0]!);
    if (statusLine === null) throw new HttpProtocolError(`not an HTTP/1.x status line: "${lines[0]!.slice(0, 40)}"`);
    const status = Number(statusLine[2]);
    if (status === 101) throw new HttpProtocolError('unexpected protocol switch (101)');
    if (status < 200) return null;
    let watched: string | null = null;
    let contentLength: number | null = null;
    let chunked = false;
    let close = statusLine[1] === '0';
    let keepAliveMs: number | null = null;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0) throw new HttpProtocolError(`bad header line "${line.slice(0, 40)}"`);
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === this.watchedHeader) watched = value === '' ? null : value;
      else if (name === 'content-length') {
        if (!/^\d{1,15}$/.test(value)) throw new HttpProtocolError(`bad content-length "${value.slice(0, 40)}"`);
        if (contentLength !== null && contentLength !== Number(value))
          throw new HttpProtocolError('two different content-length headers');
        contentLength = Number(value);
      } else if (name === 'transfer-encoding') chunked = /(?:^|,)\s*chunked\s*$/i.test(value);
      else if (name === 'connection') {
        const tokens = value.toLowerCase();
        if (/(?:^|,)\s*close\s*(?:,|$)/.test(tokens)) close = true;
        else if (/(?:^|,)\s*keep-alive\s*(?:,|$)/.test(tokens)) close = false;
      } else if (name === 'keep-alive') {
        const timeout = /(?:^|[\s,])timeout=(\d+)/i.exec(value);
        if (timeout !== null) keepAliveMs = Number(timeout[1]) * 1000;
      }
    }
    const bodyless = status === 204 || status === 304;
    if (bodyless) this.state = State.Head;
    else if (chunked) this.state = State.ChunkSize;
    else if (contentLength !== null) {
      this.remaining = contentLength;
      this.state = contentLength === 0 ? State.Head : State.LengthBody;
    } else {
      this.state = State.UntilClose;
      close = true;
    }
    const noBody = bodyless || (!chunked && contentLength === 0);
    return { head: { status, watched, close, keepAliveMs }, bodyless: noBody };
  }
}
