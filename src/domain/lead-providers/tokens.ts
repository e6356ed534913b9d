import { createHash, randomBytes } from 'node:crypto';
import { Prisma, type PrismaClient } from '../../../generated/prisma/client.ts';
import type { Reader } from '../shared/db.ts';
import { isUuid } from '../shared/uuid.ts';

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface Caller {
  leadProviderId: string;
  leadProviderName: string;
  tokenId: string;
  /** The provider has an NPQ contract in some cohort, so it may use the NPQ applications and participants. */
  offersNpq: boolean;
}

/** Issues a new token; only its digest is kept, so the caller must hand the token over now. */
export async function createToken(prisma: PrismaClient, leadProviderId: string, description?: string) {
  const token = randomBytes(32).toString('base64url');
  const record = await prisma.apiToken.create({
    data: { leadProviderId, tokenDigest: tokenDigest(token), description: description ?? null },
  });
  return { token, id: record.id };
}

/** The channel every server instance listens on to drop a revoked token from its cache at once. */
export const TOKEN_REVOKED_CHANNEL = 'api_token_revoked';

/**
 * Revokes by token id or by the token itself; returns the revoked id or null if none matched. The
 * revocation and its notification (the token's digest) commit together.
 */
export async function revokeToken(prisma: PrismaClient, tokenOrId: string): Promise<string | null> {
  const byId = isUuid(tokenOrId);
  const match = await prisma.apiToken.findFirst({
    where: byId ? { OR: [{ id: tokenOrId }, { tokenDigest: tokenDigest(tokenOrId) }] } : { tokenDigest: tokenDigest(tokenOrId) },
  });
  if (!match) return null;
  await prisma.$transaction(async (tx) => {
    await tx.apiToken.update({ where: { id: match.id }, data: { revokedAt: new Date() } });
    await tx.$queryRaw`SELECT pg_notify(${TOKEN_REVOKED_CHANNEL}, ${match.tokenDigest})::text AS notified`;
  });
  return match.id;
}

/** The caller of the live (unrevoked) token with this digest: one statement, as every API request starts with it. */
export async function findCallerByDigest(reader: Reader, digest: string): Promise<Caller | null> {
  const rows = await reader.rows<Caller>(Prisma.sql`
    SELECT t.id AS "tokenId", p.id AS "leadProviderId", p.name AS "leadProviderName",
           EXISTS (SELECT 1 FROM npq_contracts c WHERE c.lead_provider_id = p.id) AS "offersNpq"
      FROM api_tokens t JOIN lead_providers p ON p.id = t.lead_provider_id
     WHERE t.token_digest = ${digest} AND t.revoked_at IS NULL`);
  return rows[0] ?? null;
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
