import type { PrismaClient } from '../../../generated/prisma/client.ts';
import type { Command } from '../command.ts';
import { findLeadProvider, options, UsageError } from '../command.ts';
import { CHALLENGE_REASONS, challengePartnership } from '../../domain/partnerships/challenge.ts';
import { confirmInductionProgramme, INDUCTION_PROGRAMME_CHOICES } from '../../domain/schools/service.ts';
import { createDeliveryPartner, findDeliveryPartnerByIdOrName, relateDeliveryPartner } from '../../domain/delivery-partners/service.ts';
import { isUuid } from '../../domain/shared/ids.ts';

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${flag} is required`);
  return value.trim();
}

/** Cohort start years from `--cohort 2024` or `--cohort 2023,2024`, each one that exists. */
async function cohorts(prisma: PrismaClient, value: string | undefined) {
  const years = required(value, 'cohort').split(',').map((year) => year.trim()).filter(Boolean);
  return Promise.all(
    years.map(async (year) => {
      const cohort = /^\d{4}$/.test(year) ? await prisma.cohort.findUnique({ where: { startYear: Number(year) } }) : null;
      if (!cohort) throw new UsageError(`No ${year} cohort`);
      return cohort;
    }),
  );
}

async function findSchool(prisma: PrismaClient, idOrUrn: string | undefined) {
  const value = required(idOrUrn, 'school');
  const school = isUuid(value)
    ? await prisma.school.findUnique({ where: { id: value.toLowerCase() } })
    : await prisma.school.findUnique({ where: { urn: value } });
  if (!school) throw new UsageError(`No school "${value}" (give its id or URN)`);
  return school;
}

/** School and DfE side of partnerships (challenges, programme choices, provider relationships). */
export const partnershipCommands: Record<string, Command> = {
  'partnerships list': {
    usage: 'partnerships list --lead-provider <name|id> [--cohort <year>]',
    async run(prisma, args, out) {
      const { values } = options(args, { 'lead-provider': { type: 'string' }, cohort: { type: 'string' } });
      const provider = await findLeadProvider(prisma, values['lead-provider']);
      const years = values.cohort ? (await cohorts(prisma, values.cohort)).map((cohort) => cohort.startYear) : undefined;
      const partnerships = await prisma.partnership.findMany({
        where: { leadProviderId: provider.id, ...(years ? { cohort: { startYear: { in: years } } } : {}) },
        include: { cohort: true, school: true, deliveryPartner: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      for (const p of partnerships) {
        const status = p.relationship ? 'relationship' : p.challengeReason ? `challenged (${p.challengeReason})` : 'active';
        out.push(`${p.id}  ${p.cohort.startYear}  ${p.school.urn} ${p.school.name}  ${p.deliveryPartner.name}  ${status}`);
      }
    },
  },

  'partnerships challenge': {
    usage: `partnerships challenge --partnership <id> --reason <${CHALLENGE_REASONS.join('|')}> [--by-dfe]`,
    async run(prisma, args, out) {
      const { values } = options(args, { partnership: { type: 'string' }, reason: { type: 'string' }, 'by-dfe': { type: 'boolean' } });
      const challenged = await challengePartnership(prisma, {
        partnershipId: required(values.partnership, 'partnership'),
        reason: required(values.reason, 'reason'),
        byDfe: values['by-dfe'] ?? false,
        now: new Date(),
      });
      out.push(`challenged ${challenged.id} (${challenged.challengeReason}) at ${challenged.challengedAt!.toISOString()}`);
    },
  },

  'schools confirm-programme': {
    usage: `schools confirm-programme --school <id|urn> --cohort <year> --choice <${INDUCTION_PROGRAMME_CHOICES.slice(0, 4).join('|')}>`,
    async run(prisma, args, out) {
      const { values } = options(args, { school: { type: 'string' }, cohort: { type: 'string' }, choice: { type: 'string' } });
      const school = await findSchool(prisma, values.school);
      const [cohort] = await cohorts(prisma, values.cohort);
      const choice = required(values.choice, 'choice');
      const result = await prisma.$transaction((tx) =>
        confirmInductionProgramme(tx, { schoolId: school.id, cohortStartYear: cohort!.startYear, choice, now: new Date() }),
      );
      out.push(`${school.urn} ${school.name}: ${cohort!.startYear} programme ${result.schoolCohort.inductionProgrammeChoice}`);
    },
  },

  'delivery-partners create': {
    usage: 'delivery-partners create --name <name> [--lead-provider <name|id> --cohort <year[,year...]>]',
    async run(prisma, args, out) {
      const { values } = options(args, { name: { type: 'string' }, 'lead-provider': { type: 'string' }, cohort: { type: 'string' } });
      const name = required(values.name, 'name');
      const provider = values['lead-provider'] ? await findLeadProvider(prisma, values['lead-provider']) : null;
      if (provider && !values.cohort) throw new UsageError('--cohort is required with --lead-provider');
      const related = provider ? await cohorts(prisma, values.cohort) : [];
      const now = new Date();
      const partner = await prisma.$transaction(async (tx) => {
        const created = await createDeliveryPartner(tx, { name, now });
        for (const cohort of related) {
          await relateDeliveryPartner(tx, { leadProviderId: provider!.id, deliveryPartnerId: created.id, cohortId: cohort.id, now });
        }
        return created;
      });
      out.push(`${partner.id}  ${partner.name}`);
      for (const cohort of related) out.push(`  works with ${provider!.name} in ${cohort.startYear}`);
    },
  },

  'delivery-partners relate': {
    usage: 'delivery-partners relate --delivery-partner <id|name> --lead-provider <name|id> --cohort <year[,year...]>',
    async run(prisma, args, out) {
      const { values } = options(args, { 'delivery-partner': { type: 'string' }, 'lead-provider': { type: 'string' }, cohort: { type: 'string' } });
      const partner = await findDeliveryPartnerByIdOrName(prisma, required(values['delivery-partner'], 'delivery-partner'));
      const provider = await findLeadProvider(prisma, values['lead-provider']);
      const related = await cohorts(prisma, values.cohort);
      const now = new Date();
      await prisma.$transaction(async (tx) => {
        for (const cohort of related) {
          await relateDeliveryPartner(tx, { leadProviderId: provider.id, deliveryPartnerId: partner.id, cohortId: cohort.id, now });
        }
      });
      for (const cohort of related) out.push(`${partner.name} works with ${provider.name} in ${cohort.startYear}`);
    },
  },
};

