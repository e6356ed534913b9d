import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../../generated/prisma/client.ts';
import { isUuid } from '../shared/uuid.ts';

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface Caller {
  leadProviderId: string;
  leadProviderName: string;
  tokenId: string;
}

/** Issues a new token; only its digest is kept, so the caller must hand the token over now. */
export async function createToken(prisma: PrismaClient, leadProviderId: string, description?: string) {
  const token = randomBytes(32).toString('base64url');
  const record = await prisma.apiToken.create({
    data: { leadProviderId, tokenDigest: tokenDigest(token), description: description ?? null },
  });
  return { token, id: record.id };
}

/** Revokes by token id or by the token itself; returns the revoked id or null if none matched. */
export async function revokeToken(prisma: PrismaClient, tokenOrId: string): Promise<string | null> {
  const byId = isUuid(tokenOrId);
  const match = await prisma.apiToken.findFirst({
    where: byId ? { OR: [{ id: tokenOrId }, { tokenDigest: tokenDigest(tokenOrId) }] } : { tokenDigest: tokenDigest(tokenOrId) },
  });
  if (!match) return null;
  await prisma.apiToken.update({ where: { id: match.id }, data: { revokedAt: new Date() } });
  return match.id;
}

export async function findCaller(prisma: PrismaClient, token: string): Promise<Caller | null> {
  const record = await prisma.apiToken.findUnique({
    where: { tokenDigest: tokenDigest(token) },
    select: { id: true, revokedAt: true, leadProvider: { select: { id: true, name: true } } },
  });
  if (!record || record.revokedAt) return null;
  return { tokenId: record.id, leadProviderId: record.leadProvider.id, leadProviderName: record.leadProvider.name };
}

export async function touchToken(prisma: PrismaClient, tokenId: string, at: Date): Promise<void> {
  await prisma.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: at } });
}

/** `Authorization: Bearer <token>` (or the Rails `Token token=<token>` form). */
export function tokenFromHeader(header: string | undefined): string | null {
  if (!header) return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1]!;
  const rails = /^Token\s+token="?([^",\s]+)"?/i.exec(header);
  return rails ? rails[1]! : null;
}
