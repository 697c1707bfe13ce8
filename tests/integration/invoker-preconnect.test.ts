import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { preconnectingConnector } from '../../src/invoke/transports/preconnect.js';

test('pre-opened sockets reach the server without any request, and the first requests use them', async (t) => {
  let connections = 0;
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => res.end('{}'));
  });
  server.on('connection', () => connections++);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const connector = preconnectingConnector({ rejectUnauthorized: true });
  await connector.open(origin, 3);
  assert.equal(requests, 0, 'opening sockets sends nothing');
  // The server's 'connection' events may trail the client's connect callbacks by a turn.
  while (connections < 3) await new Promise((resolve) => setImmediate(resolve));

  const pool = new Pool(origin, { connect: connector.connect });
  t.after(() => pool.destroy());
  const answers = await Promise.all(
    Array.from({ length: 3 }, async () => {
      const res = await pool.request({ method: 'POST', path: '/', body: '{}' });
      await res.body.dump();
      return res.statusCode;
    }),
  );
  assert.deepEqual(answers, [200, 200, 200]);
  assert.equal(requests, 3);
  assert.equal(connections, 3, 'three concurrent requests ran on the three pre-opened sockets, none new');
});

test('opening sockets to an address that refuses them is not an error: the real sends report it', async () => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  const connector = preconnectingConnector({ rejectUnauthorized: true });
  await assert.doesNotReject(connector.open(`http://127.0.0.1:${port}`, 2));
});

test('sockets opened but never used are closed with the connector', { timeout: 5000 }, async (t) => {
  const open = new Set<import('node:net').Socket>();
  const server = createServer();
  server.on('connection', (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  const connector = preconnectingConnector({ rejectUnauthorized: true });
  await connector.open(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 4);
  while (open.size < 4) await new Promise((resolve) => setImmediate(resolve));
  connector.close();
  while (open.size > 0) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(open.size, 0, 'the server saw every spare socket close');
});
