import type { InductionProgrammeChoice } from '../../../generated/prisma/client.ts';
import type { Db } from '../shared/db.ts';
import { InvalidRequest, NotFound } from '../shared/errors.ts';
import { isCipOnly, isEligible, type GiasFacts } from './eligibility.ts';

export interface NewSchool extends Partial<GiasFacts> {
  urn: string;
  name: string;
  inductionTutorName?: string | null;
  inductionTutorEmail?: string | null;
  /** Creation time (defaults to the database's). */
  now?: Date;
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
      ...(school.now ? { createdAt: school.now, updatedAt: school.now } : {}),
    },
  });
}

export async function cohortByYear(db: Db, startYear: number) {
  return db.cohort.findUnique({ where: { startYear } });
}

/** The school's record for a cohort, created (programme choice not yet known) if missing. */
export async function ensureSchoolCohort(db: Db, schoolId: string, cohortId: string, now?: Date) {
  return db.schoolCohort.upsert({
    where: { schoolId_cohortId: { schoolId, cohortId } },
    create: { schoolId, cohortId, ...(now ? { createdAt: now, updatedAt: now } : {}) },
    update: {},
  });
}

/** The choices a school can make, by their API names (and the internal ones they stand for). */
const CHOICES: Record<string, InductionProgrammeChoice> = {
  provider_led: 'full_induction_programme',
  school_led: 'core_induction_programme',
  no_early_career_teachers: 'no_early_career_teachers',
  not_yet_known: 'not_yet_known',
  full_induction_programme: 'full_induction_programme',
  core_induction_programme: 'core_induction_programme',
  design_our_own: 'design_our_own',
  school_funded_fip: 'school_funded_fip',
};

export const INDUCTION_PROGRAMME_CHOICES = Object.keys(CHOICES);

export function inductionProgrammeChoice(name: string): InductionProgrammeChoice {
  const choice = CHOICES[name];
  if (!choice) throw new InvalidRequest(`Unknown induction programme choice "${name}" (one of: ${INDUCTION_PROGRAMME_CHOICES.join(', ')})`);
  return choice;
}

/**
 * The school's choice of induction programme for a cohort (the school side of the service). The
 * school cohort's `updated_at` moves, so the schools endpoint's `updated_since` sees it.
 */
export async function setInductionProgrammeChoice(db: Db, schoolId: string, cohortId: string, choice: InductionProgrammeChoice, now = new Date()) {
  const schoolCohort = await ensureSchoolCohort(db, schoolId, cohortId, now);
  return db.schoolCohort.update({ where: { id: schoolCohort.id }, data: { inductionProgrammeChoice: choice, updatedAt: now } });
}

/** `setInductionProgrammeChoice` for a school and cohort year as an admin names them. */
export async function confirmInductionProgramme(db: Db, input: { schoolId: string; cohortStartYear: number; choice: string; now: Date }) {
  const school = await db.school.findUnique({ where: { id: input.schoolId } });
  if (!school) throw new NotFound(`No school ${input.schoolId}`);
  const cohort = await cohortByYear(db, input.cohortStartYear);
  if (!cohort) throw new InvalidRequest(`There is no ${input.cohortStartYear} cohort`);
  const schoolCohort = await setInductionProgrammeChoice(db, school.id, cohort.id, inductionProgrammeChoice(input.choice), input.now);
  return { school, cohort, schoolCohort };
}
