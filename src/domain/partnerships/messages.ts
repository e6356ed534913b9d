// The partnership rules' exact messages, verbatim as the DfE service sends them (docs/partnerships.md).

export const partnershipMessages = {
  cohortMissing: "Enter a '#/cohort'.",
  cohortInvalid: "The '#/cohort' you have entered is invalid. Check cohort details and try again.",
  schoolMissing: "Enter a '#/school_id'.",
  schoolInvalid:
    "The '#/school_id' you have entered is invalid. Check school details and try again. Contact the DfE for support if you are unable to find the '#/school_id'.",
  schoolCipOnly: 'The school you have entered has not registered to deliver DfE-funded training. Contact the school for more information.',
  schoolIneligible: 'The school you have entered is currently ineligible for DfE funding. Contact the school for more information.',
  alreadyConfirmed: 'You are already in a confirmed partnership with this school for the entered cohort.',
  otherProvider: 'Another provider is in a confirmed partnership with the school for the cohort you entered. Contact the school for more information.',
  notYetConfirmed:
    'The school you have entered has not yet confirmed they will deliver DfE-funded training. Contact the school for more information.',
  deliveryPartnerMissing: "Enter a '#/delivery_partner_id'.",
  deliveryPartnerInvalid: "The '#/delivery_partner_id' you have entered is invalid. Check delivery partner details and try again.",
  noRelationship:
    'The entered delivery partner is not recognised to be working in partnership with you for the given cohort. Contact the DfE for more information.',
  challenged:
    'Your update cannot be made as this partnership has been challenged by the school. If this partnership has been challenged in error, submit a new partnership confirmation using the endpoint POST /api/v3/partnerships/ecf.',
  duplicateDeliveryPartner:
    'We are unable to process this request. You are already confirmed to be in partnership with the entered delivery partner. Contact the DfE for support.',
} as const;
