import { randomBytes, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { runCommand } from './run.ts';

export const ADMIN_SECRET_HEADER = 'x-admin-secret';

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Loopback-only listener through which the admin CLI runs commands inside the server process
 * while the server holds the embedded database (a PGlite folder must never be opened twice).
 * The secret is only published in the database folder's lock file.
 */
export async function startAdminListener(prisma: PrismaClient, port: number): Promise<{ app: FastifyInstance; url: string; secret: string }> {
  const secret = randomBytes(24).toString('base64url');
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  app.post('/admin/commands', async (request, reply) => {
    if (!sameSecret(request.headers[ADMIN_SECRET_HEADER], secret)) return reply.code(401).send({ error: 'unauthorised' });
    const argv = (request.body as { argv?: unknown })?.argv;
    if (!Array.isArray(argv) || !argv.every((arg) => typeof arg === 'string')) return reply.code(400).send({ error: 'argv' });
    return runCommand(prisma, argv as string[]);
  });
  const address = await app.listen({ host: '127.0.0.1', port });
  return { app, url: address, secret };
}
