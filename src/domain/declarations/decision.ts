import type { Validation } from '../shared/errors.ts';
import { ValidationErrors } from '../shared/errors.ts';
import type { Db } from '../shared/db.ts';
import type { Actor } from './history.ts';
import type { DeclarationRequest } from './validation.ts';

// What recording a declaration decides, and the audit of every attempt (whatever its outcome),
// shared by the ECF and NPQ rules.

export interface Recorded {
  declarationId: string;
  repeat: boolean;
}

/**
 * What the rules decided. A refusal is a value, not a throw, so the transaction that decided it
 * still commits the attempt it recorded; the caller raises it afterwards.
 */
export type Decision = Recorded | { refused: Validation };

export const refused = (attribute: string, message: string): Decision => ({ refused: new ValidationErrors().add(attribute, message).toError() });

export interface RecordInput {
  leadProviderId: string;
  request: DeclarationRequest;
  now: Date;
  actor: Actor;
}

// PostgreSQL text cannot hold U+0000, and the attempt records what was sent, whatever it was.
const clip = (value: string | undefined) => (value === undefined ? null : value.replaceAll('\u0000', '').slice(0, 255));

export async function writeAttempt(db: Db, input: RecordInput, userId: string | null, declarationId: string | null, outcome: string) {
  await db.declarationAttempt.create({
    data: {
      leadProviderId: input.leadProviderId,
      userId,
      participantDeclarationId: declarationId,
      declarationType: clip(input.request.declarationType),
      declarationDate: clip(input.request.declarationDate),
      courseIdentifier: clip(input.request.courseIdentifier),
      evidenceHeld: clip(input.request.evidenceHeld),
      outcome: outcome.slice(0, 500),
      // Real time, like the state history: the audit says when it happened.
    },
  });
}
