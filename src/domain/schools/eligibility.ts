// Whether a school can be partnered with, derived from its GIAS (register of schools) facts.

const OPEN_STATUSES = new Set([1, 3]);
const INELIGIBLE_TYPES = new Set([10, 11, 24, 25, 26, 27, 29, 30, 37, 49, 56]);
const CIP_ONLY_TYPES = new Set([10, 11, 30, 37]);

export interface GiasFacts {
  schoolStatusCode: number;
  schoolTypeCode: number;
  administrativeDistrictCode: string;
  section41Approved: boolean;
}

function inEngland(facts: GiasFacts): boolean {
  return facts.administrativeDistrictCode.startsWith('E') || facts.administrativeDistrictCode === '9999';
}

export function isEligible(facts: GiasFacts): boolean {
  const open = OPEN_STATUSES.has(facts.schoolStatusCode);
  return open && inEngland(facts) && (!INELIGIBLE_TYPES.has(facts.schoolTypeCode) || facts.section41Approved);
}

export function isCipOnly(facts: GiasFacts): boolean {
  return !isEligible(facts) && OPEN_STATUSES.has(facts.schoolStatusCode) && CIP_ONLY_TYPES.has(facts.schoolTypeCode);
}
