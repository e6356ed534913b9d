// The token cache: a resolved token is not read again on the next request, and a revocation (by
// the admin command's code, on any instance) is honoured by every instance on its next request.
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { countStatements } from '../behaviours/constant-query.ts';
import { createToken, revokeToken } from '../../src/domain/lead-providers/tokens.ts';

const one = await buildTestApi(t);
const two = await buildTestApi(t, {}, one.database);
const prisma = one.database.prisma;
const provider = await one.providerId('Ambition Institute');
const url = '/api/v3/statements?page[per_page]=1';
const status = async (api: typeof one, token: string) => (await api.request({ method: 'GET', url, token })).statusCode;
const tokenReads = (texts: readonly string[]) => texts.filter((text) => text.includes('api_tokens')).length;

await t.test('a token is read once, then served from memory', async (t) => {
  const { token } = await createToken(prisma, provider);
  const counter = countStatements(one.database);
  t.equal(await status(one, token), 200);
  t.equal(tokenReads(counter.texts), 1, 'the first request reads the token');
  counter.reset();
  t.equal(await status(one, token), 200);
  t.equal(tokenReads(counter.texts), 0, 'the next one does not');
});

await t.test('a revocation is honoured at once by every instance', async (t) => {
  const { token } = await createToken(prisma, provider);
  const other = await createToken(prisma, provider);
  for (const api of [one, two]) {
    t.equal(await status(api, token), 200, 'cached by both');
    t.equal(await status(api, other.token), 200);
  }
  t.ok(await revokeToken(prisma, token), 'revoked');
  // The notification is delivered after the revocation commits; a few milliseconds at most.
  const started = Date.now();
  const refusals: number[] = [];
  for (const api of [one, two]) {
    let answer = await status(api, token);
    while (answer !== 401 && Date.now() - started < 2000) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      answer = await status(api, token);
    }
    refusals.push(answer);
  }
  t.same(refusals, [401, 401], 'both instances refuse the revoked token');
  t.comment(`revocation honoured by both instances within ${Date.now() - started} ms`);
  t.ok(Date.now() - started < 1000, 'within a second');
  for (const api of [one, two]) t.equal(await status(api, other.token), 200, 'the other token still works');
});

await t.test('an instance that has not cached a token reads it: revoked in the table alone, it is refused', async (t) => {
  const { token } = await createToken(prisma, provider);
  const fresh = await buildTestApi(t, {}, one.database);
  await prisma.$executeRaw`UPDATE api_tokens SET revoked_at = now() WHERE token_digest = encode(sha256(convert_to(${token}, 'UTF8')), 'hex')`;
  t.equal(await status(fresh, token), 401, 'never seen by this instance: read and refused');
});
