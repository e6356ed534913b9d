import type { InductionProgrammeChoice } from '../../../generated/prisma/client.ts';
import type { Db } from '../participants/visibility.ts';
import { isCipOnly, isEligible, type GiasFacts } from './eligibility.ts';

export interface NewSchool extends Partial<GiasFacts> {
  urn: string;
  name: string;
  inductionTutorName?: string | null;
  inductionTutorEmail?: string | null;
}

/** An open, eligible English state school unless the GIAS facts say otherwise. */
export async function createSchool(db: Db, school: NewSchool) {
  const facts: GiasFacts = {
    schoolStatusCode: school.schoolStatusCode ?? 1,
    schoolTypeCode: school.schoolTypeCode ?? 1,
    administrativeDistrictCode: school.administrativeDistrictCode ?? 'E09000001',
    section41Approved: school.section41Approved ?? false,
  };
  return db.school.create({
    data: {
      urn: school.urn,
      name: school.name,
      ...facts,
      eligible: isEligible(facts),
      cipOnly: isCipOnly(facts),
      inductionTutorName: school.inductionTutorName ?? null,
      inductionTutorEmail: school.inductionTutorEmail ?? null,
    },
  });
}

export async function cohortByYear(db: Db, startYear: number) {
  return db.cohort.findUnique({ where: { startYear } });
}

/** The school's record for a cohort, created (programme choice not yet known) if missing. */
export async function ensureSchoolCohort(db: Db, schoolId: string, cohortId: string) {
  return db.schoolCohort.upsert({
    where: { schoolId_cohortId: { schoolId, cohortId } },
    create: { schoolId, cohortId },
    update: {},
  });
}

/** The school's choice of induction programme for a cohort (the school side of the service). */
export async function setInductionProgrammeChoice(db: Db, schoolId: string, cohortId: string, choice: InductionProgrammeChoice) {
  const schoolCohort = await ensureSchoolCohort(db, schoolId, cohortId);
  return db.schoolCohort.update({ where: { id: schoolCohort.id }, data: { inductionProgrammeChoice: choice } });
}
