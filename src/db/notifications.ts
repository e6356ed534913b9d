import pg from 'pg';
import type { Database } from './database.ts';

// PostgreSQL notifications on one channel, for caches that must drop an entry the moment another
// process (or this one) changes it. On PostgreSQL a dedicated connection LISTENs; on the embedded
// database the instance itself delivers them. `live()` is false while no listener is connected:
// a cache must not answer from memory then, since a notification could be missed.

export interface ChannelListener {
  live(): boolean;
  close(): Promise<void>;
}

export interface ListenHandlers {
  onMessage(payload: string): void;
  /** The listener lost its connection: anything cached may have missed a notification. */
  onReset(): void;
  onError?(error: Error): void;
}

const RECONNECT_MS = 1000;

export async function listen(database: Database, channel: string, handlers: ListenHandlers): Promise<ChannelListener> {
  if (!/^[a-z_]+$/.test(channel)) throw new Error(`channel name ${channel} is not a plain identifier`);
  if (database.pglite) {
    const unsubscribe = await database.pglite.listen(channel, handlers.onMessage);
    return { live: () => true, close: () => unsubscribe() };
  }
  if (database.config.kind !== 'postgres') throw new Error('no database to listen on');
  const connectionString = database.config.url;
  let client: pg.Client | null = null;
  let connected = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const lost = (error?: Error) => {
    if (error) handlers.onError?.(error);
    if (connected) handlers.onReset();
    connected = false;
    client?.removeAllListeners();
    client?.end().catch(() => undefined);
    client = null;
    if (!closed) retry = setTimeout(() => void connect(), RECONNECT_MS).unref();
  };
  const connect = async () => {
    const next = new pg.Client({ connectionString });
    client = next;
    next.on('notification', (message) => handlers.onMessage(message.payload ?? ''));
    next.on('error', (error) => lost(error));
    next.on('end', () => lost());
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      if (closed) return void (await next.end());
      connected = true;
    } catch (error) {
      lost(error as Error);
    }
  };
  await connect();
  return {
    live: () => connected,
    async close() {
      closed = true;
      clearTimeout(retry);
      const current = client;
      client = null;
      connected = false;
      current?.removeAllListeners();
      await current?.end().catch(() => undefined);
    },
  };
}
