// The exact texts the API answers NPQ application changes with.

export const npqApplicationMessages = {
  contractData: 'There’s an issue with your contract data. Contact us so we can rectify this for you',
  fundedPlaceTrueOrFalse: "Set '#/funded_place' to true or false.",
  alreadyAccepted: 'This NPQ application has already been accepted',
  cannotChangeOnceRejected: 'Once rejected an application cannot change state',
  alreadyAcceptedForCourse: 'The participant has already had an application accepted for this course.',
  scheduleNotValidForCourse: 'Selected schedule is not valid for the course',
  notEligibleForFundedPlace: "The participant is not eligible for funding, so '#/funded_place' cannot be set to true.",
  alreadyRejected: 'This NPQ application has already been rejected',
  cannotChangeOnceAccepted: 'Once accepted an application cannot change state',
  fundedPlaceMissing: "The entered '#/funded_place' is missing from your request. Check details and try again.",
  acceptBeforeFundedPlace: "You must accept the application before attempting to change the '#/funded_place' setting",
  notEligibleForFunding: 'This participant is not eligible for funding. Contact us if you think this is wrong',
  voidBeforeUnfunding: "You must void or claw back your declarations for this participant before being able to set '#/funded_place' to false",
  fundedPlaceNotNeeded: "Leave the '#/funded_place' field blank. It's only needed for participants starting NPQs from autumn 2024 onwards",
} as const;

/** The title the contract-data failure carries instead of an attribute name. */
export const CONTRACT_DATA_TITLE = 'Unprocessable request';
