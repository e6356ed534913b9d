import type { ParticipantTransfers, TransferSide } from '../../domain/participants/transfers.ts';
import { nullableIsoDate, rfc3339 } from '../../domain/shared/time.ts';
import type { components } from '../../../generated/v3.ts';

type Schemas = components['schemas'];

function transferSide(side: TransferSide) {
  return { school_urn: side.schoolUrn, provider: side.provider, date: nullableIsoDate(side.date) };
}

export function participantTransfer(person: ParticipantTransfers): Schemas['ParticipantTransfer'] {
  return {
    id: person.id,
    type: 'participant-transfer',
    attributes: {
      updated_at: rfc3339(person.updatedAt),
      transfers: person.transfers.map((transfer) => ({
        training_record_id: transfer.trainingRecordId,
        transfer_type: transfer.transferType,
        status: transfer.status,
        leaving: transferSide(transfer.leaving),
        joining: transfer.joining && { ...transferSide(transfer.joining), date: nullableIsoDate(transfer.joining.date)! },
        created_at: rfc3339(transfer.createdAt),
      })),
    },
  };
}
