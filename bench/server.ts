// Child process for the benchmarks: the real app (buildApp + listen) on a generated database, or a
// bare Fastify hello-world as the baseline. Reports its port over IPC and answers RSS questions,
// so the load generator never shares an event loop (or a memory figure) with the server.
import Fastify from 'fastify';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { buildApp } from '../src/http/app.js';

export type ServerMessage = { type: 'listening'; port: number } | { type: 'memory'; rss: number; heapUsed: number };
export type ParentMessage = { type: 'memory' } | { type: 'stop' };

const send = (m: ServerMessage) => process.send!(m);
const mode = process.argv[2];

async function start(): Promise<{ port: number; close: () => Promise<void> }> {
  if (mode === 'hello') {
    const app = Fastify({ logger: false });
    app.get('/', async () => ({ hello: 'world' }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: (app.server.address() as { port: number }).port, close: () => app.close() };
  }
  const target = process.argv[3]!;
  const database = await openDatabase(mode === 'postgres' ? { databaseUrl: target } : { dataDir: target });
  const config = loadConfig(
    { RAPPORT_DATA_DIR: mode === 'postgres' ? '.tmp/unused' : target, LOG_LEVEL: 'silent' },
    { rateLimitPerMinute: 100_000_000 },
  );
  const app = await buildApp({ database, config, logger: false, serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    port: (app.server.address() as { port: number }).port,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

const server = await start();
process.on('message', (m: ParentMessage) => {
  if (m.type === 'memory') {
    const u = process.memoryUsage();
    send({ type: 'memory', rss: u.rss, heapUsed: u.heapUsed });
  } else if (m.type === 'stop') {
    void server.close().then(() => process.exit(0));
  }
});
send({ type: 'listening', port: server.port });
