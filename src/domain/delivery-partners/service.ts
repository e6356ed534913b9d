import type { Db } from '../shared/db.ts';
import { InvalidRequest } from '../shared/errors.ts';
import { isUuid } from '../shared/uuid.ts';

// The DfE side of delivery partners: they exist, and DfE says which providers they work with in
// which cohorts (a provider relationship). A partnership can only name a related delivery partner.

export async function createDeliveryPartner(db: Db, input: { name: string; now: Date }) {
  const name = input.name.trim();
  if (name === '') throw new InvalidRequest('A delivery partner needs a name');
  return db.deliveryPartner.create({ data: { name, createdAt: input.now, updatedAt: input.now } });
}

/** A delivery partner by id, or by its exact name when that names exactly one. */
export async function findDeliveryPartnerByIdOrName(db: Db, idOrName: string) {
  if (isUuid(idOrName)) {
    const partner = await db.deliveryPartner.findUnique({ where: { id: idOrName.toLowerCase() } });
    if (partner) return partner;
  }
  const named = await db.deliveryPartner.findMany({ where: { name: { equals: idOrName.trim(), mode: 'insensitive' } }, take: 2 });
  if (named.length === 1) return named[0]!;
  throw new InvalidRequest(named.length === 0 ? `No delivery partner "${idOrName}"` : `More than one delivery partner is called "${idOrName}": use its id`);
}

/**
 * DfE records that the provider works with the delivery partner in the cohort. Idempotent; a
 * relationship that was ended is restored.
 */
export async function relateDeliveryPartner(db: Db, input: { leadProviderId: string; deliveryPartnerId: string; cohortId: string; now: Date }) {
  return db.providerRelationship.upsert({
    where: {
      leadProviderId_deliveryPartnerId_cohortId: {
        leadProviderId: input.leadProviderId,
        deliveryPartnerId: input.deliveryPartnerId,
        cohortId: input.cohortId,
      },
    },
    create: {
      leadProviderId: input.leadProviderId,
      deliveryPartnerId: input.deliveryPartnerId,
      cohortId: input.cohortId,
      createdAt: input.now,
      updatedAt: input.now,
    },
    update: { discardedAt: null, updatedAt: input.now },
  });
}
