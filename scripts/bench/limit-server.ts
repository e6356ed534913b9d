// "The physical limit" of this stack, run by scripts/bench.ts as its own process: a bare node:http
// server on loopback. GET /pages/<case>/<page> answers with the bytes our API gave for that page,
// stored pre-serialized in bench_pages, with one indexed query and string concatenation.
// POST /declarations does the INSERTs a recorded declaration makes (declaration, state history,
// statement line, attempt) in one transaction, with none of the rules: the floor for the POST case.
// Env: DATABASE_URL (the benchmark's database), PORT.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

const PAGE_SQL = 'SELECT content_type, body FROM bench_pages WHERE case_key = $1 AND page = $2';

const PROFILE_SQL = `
  SELECT pp.id, pp.user_id, pp.profile_type, pp.pupil_premium_uplift, pp.sparsity_uplift, sc.cohort_id,
         (SELECT st.id FROM statements st
           WHERE st.lead_provider_id = $2 AND st.cohort_id = sc.cohort_id AND st.statement_type = 'ecf' AND st.output_fee AND st.deadline_date >= current_date
           ORDER BY st.deadline_date LIMIT 1) AS statement_id
    FROM participant_profiles pp JOIN school_cohorts sc ON sc.id = pp.school_cohort_id
   WHERE pp.user_id = $1 AND pp.profile_type = $3`;

async function page(key: string, number: number, res: http.ServerResponse) {
  const { rows } = await pool.query<{ content_type: string; body: string }>(PAGE_SQL, [key, number]);
  const row = rows[0];
  if (!row) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': row.content_type, 'content-length': Buffer.byteLength(row.body) });
  res.end(row.body);
}

interface Attributes { participant_id: string; declaration_type: string; declaration_date: string; course_identifier: string }

async function declare(body: string, leadProviderId: string, res: http.ServerResponse) {
  const attributes = (JSON.parse(body) as { data: { attributes: Attributes } }).data.attributes;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const profileType = attributes.course_identifier === 'ecf-mentor' ? 'mentor' : 'ect';
    const { rows } = await client.query(PROFILE_SQL, [attributes.participant_id, leadProviderId, profileType]);
    const profile = rows[0];
    const id = randomUUID();
    const slot = `${profile.user_id}|${attributes.course_identifier}|${attributes.declaration_type}`;
    await client.query(
      `INSERT INTO participant_declarations (id, user_id, participant_profile_id, lead_provider_id, cohort_id, profile_type, declaration_type,
                                             declaration_date, course_identifier, state, pupil_premium_uplift, sparsity_uplift, billable_slot, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'eligible', $10, $11, $12, now(), now())`,
      [id, profile.user_id, profile.id, leadProviderId, profile.cohort_id, profile.profile_type, attributes.declaration_type,
        attributes.declaration_date, attributes.course_identifier, profile.pupil_premium_uplift, profile.sparsity_uplift, slot],
    );
    await client.query(
      `INSERT INTO declaration_state_changes (id, participant_declaration_id, state, actor, created_at) VALUES (gen_random_uuid(), $1, 'eligible', $2, clock_timestamp())`,
      [id, `lead_provider:${leadProviderId}`],
    );
    await client.query(
      `INSERT INTO statement_line_items (id, statement_id, participant_declaration_id, state, created_at, updated_at) VALUES (gen_random_uuid(), $1, $2, 'eligible', now(), now())`,
      [profile.statement_id, id],
    );
    await client.query(
      `INSERT INTO declaration_attempts (id, lead_provider_id, user_id, participant_declaration_id, declaration_type, declaration_date, course_identifier, outcome, created_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, 'created', now())`,
      [leadProviderId, profile.user_id, id, attributes.declaration_type, attributes.declaration_date, attributes.course_identifier],
    );
    await client.query('COMMIT');
    const out = JSON.stringify({ data: { id, type: 'participant-declaration', attributes: { ...attributes, state: 'eligible' } } });
    res.writeHead(201, { 'content-type': 'application/json' }).end(out);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    res.writeHead(500).end(String((error as Error).message));
  } finally {
    client.release();
  }
}

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  if (req.method === 'GET' && url.startsWith('/pages/')) {
    const [, , key, number] = url.split('/');
    page(decodeURIComponent(key!), Number(number), res).catch((error) => res.writeHead(500).end(String(error)));
    return;
  }
  if (req.method === 'POST' && url.startsWith('/declarations/')) {
    const leadProviderId = url.slice('/declarations/'.length);
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => { declare(body, leadProviderId, res).catch((error) => res.writeHead(500).end(String(error))); });
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => { server.close(); server.closeAllConnections(); void pool.end(); });
