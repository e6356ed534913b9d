// The exact texts the API answers NPQ participant changes with that ECF ones do not share (the
// shared ones are in src/domain/participants/action-input.ts).

export const npqParticipantMessages = {
  withdrawWithoutStarted:
    'An NPQ participant who has not got a started declaration cannot be withdrawn. Please contact support for assistance',
  deferWithoutDeclarations: 'You cannot defer an NPQ participant that has no declarations',
  noContractForCohort:
    'You cannot change a participant to this cohort as you do not have a contract for the cohort and course. Contact the DfE for assistance.',
} as const;
