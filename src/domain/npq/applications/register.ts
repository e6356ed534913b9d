import type { FundingChoice, HeadteacherStatus } from '../../../../generated/prisma/client.ts';
import { InvalidRequest, NotFound } from '../../shared/errors.ts';
import { inTransaction, type Db } from '../../shared/db.ts';

/** What a person fills in when applying for an NPQ course with a provider. */
export interface NpqApplicationForm {
  leadProviderId: string;
  courseIdentifier: string;
  cohortStartYear: number;
  /** An existing person applying again; otherwise a new person is created from name and email. */
  userId?: string;
  fullName?: string;
  email?: string;
  teacherReferenceNumber?: string | null;
  trnVerified?: boolean;
  worksInSchool?: boolean | null;
  employerName?: string | null;
  employmentRole?: string | null;
  schoolUrn?: string | null;
  schoolUkprn?: string | null;
  privateChildcareProviderUrn?: string | null;
  headteacherStatus?: HeadteacherStatus | null;
  eligibleForFunding?: boolean;
  fundingChoice?: FundingChoice | null;
  targetedDeliveryFundingEligibility?: boolean;
  teacherCatchment?: string | null;
  teacherCatchmentCountry?: string | null;
  teacherCatchmentIsoCountryCode?: string | null;
  ittProvider?: string | null;
  leadMentor?: boolean | null;
  id?: string;
  now: Date;
}

/** Records an application (pending). The registration service's side; providers only read it. */
export async function applyForNpq(db: Db, form: NpqApplicationForm) {
  return inTransaction(db, async (tx) => {
    const course = await tx.npqCourse.findUnique({ where: { identifier: form.courseIdentifier } });
    if (!course) throw new InvalidRequest(`Unknown NPQ course ${form.courseIdentifier}`);
    const cohort = await tx.cohort.findUnique({ where: { startYear: form.cohortStartYear } });
    if (!cohort) throw new InvalidRequest(`There is no ${form.cohortStartYear} cohort`);
    let userId = form.userId;
    if (!userId) {
      if (!form.fullName || !form.email) throw new InvalidRequest('A new applicant needs a full name and an email');
      const user = await tx.user.create({ data: { fullName: form.fullName, email: form.email, createdAt: form.now, updatedAt: form.now } });
      userId = user.id;
    }
    const inSchool = form.worksInSchool ?? true;
    return tx.npqApplication.create({
      data: {
        ...(form.id ? { id: form.id } : {}),
        userId,
        leadProviderId: form.leadProviderId,
        npqCourseId: course.id,
        cohortId: cohort.id,
        teacherReferenceNumber: form.teacherReferenceNumber ?? null,
        trnVerified: form.trnVerified ?? false,
        worksInSchool: inSchool,
        employerName: form.employerName ?? null,
        employmentRole: form.employmentRole ?? null,
        schoolUrn: form.schoolUrn ?? null,
        schoolUkprn: form.schoolUkprn ?? null,
        privateChildcareProviderUrn: form.privateChildcareProviderUrn ?? null,
        headteacherStatus: form.headteacherStatus ?? null,
        eligibleForFunding: form.eligibleForFunding ?? false,
        fundingChoice: form.fundingChoice ?? null,
        targetedDeliveryFundingEligibility: form.targetedDeliveryFundingEligibility ?? false,
        teacherCatchment: form.teacherCatchment ?? null,
        teacherCatchmentCountry: form.teacherCatchmentCountry ?? null,
        teacherCatchmentIsoCountryCode: form.teacherCatchmentIsoCountryCode ?? null,
        ittProvider: form.ittProvider ?? null,
        leadMentor: form.leadMentor ?? null,
        createdAt: form.now,
        updatedAt: form.now,
      },
    });
  });
}

/**
 * DfE's funding decision on an application changes. The change is visible through
 * `updated_since`; an accepted application's funded place is left as the provider set it.
 */
export async function changeNpqEligibility(db: Db, input: { applicationId: string; eligibleForFunding: boolean; now: Date }) {
  const application = await db.npqApplication.findUnique({ where: { id: input.applicationId } });
  if (!application) throw new NotFound(`No NPQ application ${input.applicationId}`);
  return db.npqApplication.update({ where: { id: application.id }, data: { eligibleForFunding: input.eligibleForFunding, updatedAt: input.now } });
}
