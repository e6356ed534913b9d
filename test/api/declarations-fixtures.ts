// Participants and requests for the declaration and statement tests. Participants are registered
// through the school-side domain services, with records starting at the cohort's academic year
// (as real ones do), so a declaration's delivery partner and mentor come from the record.
import type { TestApi } from '../helpers/app.ts';
import { registerParticipant, type Registration } from '../../src/domain/participants/registration.ts';
import { changeInductionRecord, currentInductionRecord } from '../../src/domain/participants/induction-records.ts';
import { participantsChanged } from '../../src/domain/participants/visibility.ts';
import { NameSource, partneredSchool } from '../../prisma/seed/scenarios.ts';

export interface ParticipantOptions {
  provider?: string;
  cohort?: number;
  participantType?: 'ect' | 'mentor';
  scheduleIdentifier?: string;
  eligibility?: Registration['eligibility'];
  trn?: string | null;
  pupilPremiumUplift?: boolean;
  sparsityUplift?: boolean;
  mentorProfileId?: string;
  /** Register at this school (it must be partnered for the cohort) instead of a new one. */
  schoolId?: string;
}

export interface TestParticipant {
  userId: string;
  profileId: string;
  schoolId: string;
  deliveryPartnerId: string;
  trn: string | null;
}

export interface Response {
  status: number;
  body: any;
}

export class Fixtures {
  readonly names: NameSource;

  constructor(readonly api: TestApi, prefix: string, urnBase: number) {
    this.names = new NameSource(prefix, urnBase);
  }

  get prisma() {
    return this.api.database.prisma;
  }

  async participant(options: ParticipantOptions = {}): Promise<TestParticipant> {
    const cohort = options.cohort ?? 2024;
    const leadProviderId = await this.api.providerId(options.provider ?? 'Ambition Institute');
    const now = new Date();
    return this.prisma.$transaction(async (db) => {
      let schoolId = options.schoolId;
      if (!schoolId) {
        const providers = await db.leadProvider.findMany({ orderBy: { name: 'asc' } });
        const other = providers.find((provider) => provider.id !== leadProviderId)!;
        const ctx = { db, now, leadProviderId, otherLeadProviderId: other.id, cohortStartYear: cohort, names: this.names };
        schoolId = (await partneredSchool(ctx)).school.id;
      }
      const person = this.names.person();
      const trn = options.trn === undefined ? person.trn : options.trn;
      const registered = await registerParticipant(db, {
        schoolId,
        cohortStartYear: cohort,
        participantType: options.participantType ?? 'ect',
        ...person,
        trn,
        scheduleIdentifier: options.scheduleIdentifier,
        eligibility: options.eligibility,
        pupilPremiumUplift: options.pupilPremiumUplift,
        sparsityUplift: options.sparsityUplift,
        mentorProfileId: options.mentorProfileId,
        startDate: new Date(`${cohort}-09-01T00:00:00Z`),
        now,
      });
      const partnership = await db.partnership.findFirstOrThrow({ where: { schoolId, leadProviderId, cohort: { startYear: cohort } } });
      return { ...registered, schoolId, deliveryPartnerId: partnership.deliveryPartnerId, trn };
    }, { timeout: 30_000 });
  }

  /** The provider withdraws the participant at `at` (what PUT …/withdraw records). */
  async withdraw(participant: TestParticipant, provider: string, at: Date) {
    const leadProviderId = await this.api.providerId(provider);
    await this.prisma.$transaction(async (db) => {
      const record = await currentInductionRecord(db, participant.profileId);
      await db.participantProfileState.create({
        data: { participantProfileId: participant.profileId, leadProviderId, state: 'withdrawn', reason: 'other', createdAt: at },
      });
      await changeInductionRecord(db, record!.id, { trainingStatus: 'withdrawn' }, at);
      await db.participantProfile.update({ where: { id: participant.profileId }, data: { trainingStatus: 'withdrawn' } });
      await participantsChanged(db, [participant.userId], new Date());
    });
  }

  async request(method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const response = await this.api.request({ method, url, token, payload: payload as object, headers });
    const json = response.headers['content-type'] === 'application/vnd.api+json' && response.body !== '';
    return { status: response.statusCode, body: json ? JSON.parse(response.body) : response.body };
  }

  post(version: string, token: string, attributes: Record<string, unknown>, headers: Record<string, string> = {}) {
    return this.request('POST', `/api/${version}/participant-declarations`, token, { data: { type: 'participant-declaration', attributes } }, headers);
  }

  void(version: string, token: string, id: string) {
    return this.request('PUT', `/api/${version}/participant-declarations/${id}/void`, token);
  }

  show(version: string, token: string, id: string) {
    return this.request('GET', `/api/${version}/participant-declarations/${id}`, token);
  }

  /** The provider's open output statement for the cohort that a declaration made today goes on. */
  async nextStatement(provider: string, cohort: number, today = new Date()) {
    return this.prisma.statement.findFirstOrThrow({
      where: {
        leadProviderId: await this.api.providerId(provider),
        cohort: { startYear: cohort },
        type: 'ecf',
        outputFee: true,
        status: 'open',
        deadlineDate: { gte: new Date(`${today.toISOString().slice(0, 10)}T00:00:00Z`) },
      },
      orderBy: { deadlineDate: 'asc' },
    });
  }
}

/** A started declaration for an ECT, inside the 2024 standard September window. */
export function started(participant: { userId: string }, extra: Record<string, unknown> = {}) {
  return {
    participant_id: participant.userId,
    declaration_type: 'started',
    declaration_date: '2024-10-01T10:00:00Z',
    course_identifier: 'ecf-induction',
    ...extra,
  };
}

export function errors(response: Response) {
  return response.body?.errors as { title: string; detail: string }[] | undefined;
}
