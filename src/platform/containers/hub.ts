/**
 * The Unix socket container runtimes connect to. A runtime's first line names its container
 * (`{"t":"ready","c":<id>}`); the hub hands the connection to whoever expects that container.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { listen } from '../net.js';

export class ContainerHub {
  private readonly waiting = new Map<number, (socket: Socket, rest: string) => void>();

  private constructor(
    private readonly server: Server,
    readonly path: string,
  ) {}

  static async start(dir: string): Promise<ContainerHub> {
    const path = join(dir, 'containers.sock');
    const server = createServer();
    const hub = new ContainerHub(server, path);
    server.on('connection', (socket) => hub.accept(socket));
    await listen(server, { path });
    return hub;
  }

  /** Resolves with the connection of container `id` and whatever it sent after its first line. */
  expect(id: number): Promise<{ socket: Socket; rest: string }> {
    return new Promise((resolve) => this.waiting.set(id, (socket, rest) => resolve({ socket, rest })));
  }

  forget(id: number): void {
    this.waiting.delete(id);
  }

  private accept(socket: Socket): void {
    socket.setNoDelay?.(true);
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const nl = buffered.indexOf('\n');
      if (nl === -1) return;
      socket.off('data', onData);
      socket.pause(); // the container resumes once it listens
      let id = -1;
      try {
        id = Number((JSON.parse(buffered.slice(0, nl)) as { c?: unknown }).c);
      } catch {
        id = -1;
      }
      const take = this.waiting.get(id);
      if (!take) {
        socket.destroy();
        return;
      }
      this.waiting.delete(id);
      take(socket, buffered.slice(nl + 1));
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
