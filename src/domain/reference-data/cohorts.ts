/**
 * Cohorts (also called contract periods): dates and the switches that change the rules.
 * 2020 is deliberately absent: the API only ever deals with cohorts after 2020.
 */

export interface CohortDefinition {
  startYear: number;
  /** YYYY-MM-DD */
  registrationStartDate: string;
  /** YYYY-MM-DD */
  academicYearStartDate: string;
  /** YYYY-MM-DD; the default is 31 March of startYear + 1 */
  automaticAssignmentPeriodEndDate: string;
  /** ISO datetime; `payments_frozen?` = set and in the past */
  paymentsFrozenAt: string | null;
  /** 2025+: mentors are paid on a flat-rate contract, not through the ECT bands */
  mentorFunding: boolean;
  /** 2025+: `evidence_held` takes the detailed evidence types */
  detailedEvidenceTypes: boolean;
}

export const cohortDefinitions: readonly CohortDefinition[] = [
  {
    startYear: 2021,
    registrationStartDate: '2021-05-10',
    academicYearStartDate: '2021-09-01',
    automaticAssignmentPeriodEndDate: '2022-03-31',
    // Payments froze on 18 June 2024 (an earlier published date, 3 April 2024, was superseded); the contract closed 31 Jul 2024.
    paymentsFrozenAt: '2024-06-18T00:00:00Z',
    mentorFunding: false,
    detailedEvidenceTypes: false,
  },
  {
    startYear: 2022,
    registrationStartDate: '2022-05-10',
    academicYearStartDate: '2022-09-01',
    automaticAssignmentPeriodEndDate: '2023-03-31',
    // Frozen 16 June 2025, ahead of the cohort's closure announced for the end of July 2025.
    paymentsFrozenAt: '2025-06-16T00:00:00Z',
    mentorFunding: false,
    detailedEvidenceTypes: false,
  },
  {
    startYear: 2023,
    registrationStartDate: '2023-06-05',
    academicYearStartDate: '2023-09-01',
    automaticAssignmentPeriodEndDate: '2024-03-31',
    paymentsFrozenAt: null,
    mentorFunding: false,
    detailedEvidenceTypes: false,
  },
  {
    startYear: 2024,
    registrationStartDate: '2024-04-03',
    academicYearStartDate: '2024-09-01',
    automaticAssignmentPeriodEndDate: '2025-03-31',
    paymentsFrozenAt: null,
    mentorFunding: false,
    detailedEvidenceTypes: false,
  },
  {
    startYear: 2025,
    registrationStartDate: '2024-12-31',
    academicYearStartDate: '2025-09-01',
    automaticAssignmentPeriodEndDate: '2026-03-31',
    paymentsFrozenAt: null,
    mentorFunding: true,
    detailedEvidenceTypes: true,
  },
];
