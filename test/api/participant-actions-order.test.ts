// A training status change is never recorded before the registration's previous one. Requests
// take their time on arrival and may then wait for the registration's lock while another action
// commits; the loser of such a race must still be recorded after the winner, so the history's
// latest entry is the status (test/faults/races.test.ts provokes the race itself).
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { Fixtures } from './declarations-fixtures.ts';
import { deferParticipant, withdrawParticipant } from '../../src/domain/participants/actions.ts';

const api = await buildTestApi(t);
const fx = new Fixtures(api, 'order', 340000);
const leadProviderId = await api.providerId('Ambition Institute');

await t.test('a withdrawal that took its time before a deferral committed is recorded after it', async (t) => {
  const ect = await fx.participant();
  const arrived = new Date();
  const body = (reason: string) => ({ data: { attributes: { course_identifier: 'ecf-induction', reason } } });
  // The deferral arrived later but took the lock first.
  await deferParticipant(api.database.prisma, { leadProviderId, participantId: ect.userId, body: body('other'), now: new Date(arrived.getTime() + 5) });
  await withdrawParticipant(api.database.prisma, { leadProviderId, participantId: ect.userId, body: body('other'), now: arrived });
  const profile = await fx.prisma.participantProfile.findUniqueOrThrow({
    where: { id: ect.profileId },
    include: { states: { orderBy: { createdAt: 'asc' } }, inductionRecords: { orderBy: { startDate: 'asc' } } },
  });
  t.same(profile.states.map((s) => s.state), ['deferred', 'withdrawn'], 'the history runs in the order the changes were applied');
  t.ok(profile.states[1]!.createdAt > profile.states[0]!.createdAt, 'strictly after');
  t.equal(profile.trainingStatus, 'withdrawn');
  t.equal(profile.inductionRecords.at(-1)!.trainingStatus, 'withdrawn', 'the current induction record agrees');
});

await t.test('an action that arrives after the last change keeps its own time', async (t) => {
  const ect = await fx.participant();
  const at = new Date();
  await withdrawParticipant(api.database.prisma, {
    leadProviderId, participantId: ect.userId, body: { data: { attributes: { course_identifier: 'ecf-induction', reason: 'other' } } }, now: at,
  });
  const state = await fx.prisma.participantProfileState.findFirstOrThrow({ where: { participantProfileId: ect.profileId } });
  t.equal(state.createdAt.getTime(), at.getTime());
});
