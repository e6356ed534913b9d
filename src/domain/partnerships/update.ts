import { NotFound, ValidationErrors } from '../shared/errors.ts';
import type { Db } from '../shared/db.ts';
import { isUuid } from '../shared/uuid.ts';
import { scalarAttribute, type Attributes } from '../shared/request-attributes.ts';
import { deliveryPartnerRelated } from './create.ts';
import { partnershipMessages as messages } from './messages.ts';
import { reportPartnership } from './report.ts';
import { inTransaction } from '../shared/db.ts';
import { lockSchool } from './transaction.ts';

export interface PartnershipChange {
  leadProviderId: string;
  partnershipId: string;
  /** `delivery_partner_id` */
  attributes: Attributes;
  now: Date;
}

/** One of the provider's own partnerships as the API shows them (never a relationship link). */
export async function ownPartnership(db: Db, leadProviderId: string, partnershipId: string) {
  if (!isUuid(partnershipId)) return null;
  return db.partnership.findFirst({ where: { id: partnershipId.toLowerCase(), leadProviderId, relationship: false } });
}

/**
 * Updating a partnership: changes the delivery partner. The same
 * delivery partner changes nothing; otherwise the report step runs on this partnership (new
 * challenge deadline, participants' delivery partner changes with it). Returns the partnership id.
 */
export async function updatePartnership(db: Db, change: PartnershipChange): Promise<string> {
  return inTransaction(db, async (tx) => {
    const found = await ownPartnership(tx, change.leadProviderId, change.partnershipId);
    if (!found) throw new NotFound();
    await lockSchool(tx, found.schoolId);
    // Read again under the lock: a challenge may have landed meanwhile.
    const partnership = await tx.partnership.findUniqueOrThrow({ where: { id: found.id } });

    const errors = new ValidationErrors();
    const value = scalarAttribute(change.attributes, 'delivery_partner_id');
    if (value === undefined) errors.add('delivery_partner_id', messages.deliveryPartnerMissing);
    const deliveryPartner = value !== undefined && isUuid(value) ? await tx.deliveryPartner.findUnique({ where: { id: value.toLowerCase() } }) : null;
    if (value !== undefined) {
      if (!deliveryPartner) errors.add('delivery_partner_id', messages.deliveryPartnerInvalid);
      else if (!(await deliveryPartnerRelated(tx, partnership.leadProviderId, deliveryPartner.id, partnership.cohortId))) {
        errors.add('delivery_partner_id', messages.noRelationship);
      } else if (partnership.challengeReason !== null) {
        errors.add('delivery_partner_id', messages.challenged);
      } else if (await otherPartnershipWith(tx, partnership, deliveryPartner.id)) {
        errors.add('delivery_partner_id', messages.duplicateDeliveryPartner);
      }
    }
    errors.throwIfAny();

    if (deliveryPartner!.id === partnership.deliveryPartnerId) return partnership.id;
    const reported = await reportPartnership(tx, {
      schoolId: partnership.schoolId,
      cohortId: partnership.cohortId,
      leadProviderId: partnership.leadProviderId,
      deliveryPartnerId: deliveryPartner!.id,
      partnershipId: partnership.id,
      now: change.now,
    });
    return reported.id;
  });
}

/** Another partnership (a relationship link, say) already pairing the school with that delivery partner. */
async function otherPartnershipWith(
  db: Db,
  partnership: { id: string; schoolId: string; cohortId: string; leadProviderId: string },
  deliveryPartnerId: string,
): Promise<boolean> {
  const other = await db.partnership.findFirst({
    where: {
      schoolId: partnership.schoolId,
      cohortId: partnership.cohortId,
      leadProviderId: partnership.leadProviderId,
      deliveryPartnerId,
      id: { not: partnership.id },
    },
    select: { id: true },
  });
  return other !== null;
}
