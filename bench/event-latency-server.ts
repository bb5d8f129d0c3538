// Child process for the event-latency benchmark: `rapport start` as a user runs it (startServer with
// role all: HTTP and the job runner in one process) on a PGlite folder or a PostgreSQL database.
// Reports its port over IPC and stops on request, so the measuring client has its own event loop.
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/http/server.js';

export type LatencyServerMessage = { type: 'listening'; port: number };
export type LatencyParentMessage = { type: 'stop' };

const [engine, target] = process.argv.slice(2) as ['pglite' | 'postgres', string];
const config = loadConfig(
  {
    RAPPORT_DATA_DIR: engine === 'postgres' ? '.tmp/unused' : target,
    ...(engine === 'postgres' ? { DATABASE_URL: target } : {}),
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
  },
  { rateLimitPerMinute: 100_000_000 },
);
const server = await startServer({ config, role: 'all', print: () => undefined });
process.on('message', (m: LatencyParentMessage) => {
  if (m.type === 'stop') void server.close().then(() => process.exit(0));
});
process.send!({ type: 'listening', port: (server.app!.server.address() as AddressInfo).port } satisfies LatencyServerMessage);
