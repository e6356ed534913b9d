import t from 'tap';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { API_VERSIONS, parsedSpecPath, parsedSpecText, specDocument, specPath } from '../../src/api/specs.ts';
import { contractPath, postmanCollectionPath, routeContract, stalePrismaClientFiles } from '../../scripts/generate.ts';
import { publishableCollection } from '../../scripts/postman.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const postman = require('openapi-to-postmanv2') as {
  convert(input: { type: 'string'; data: string }, options: object, cb: (err: Error | null, result: { result: boolean; reason?: string; output?: { type: string }[] }) => void): void;
};

const EXPECTED_OPERATIONS = { v1: 31, v2: 28, v3: 38 } as const;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

for (const version of API_VERSIONS) {
  await t.test(`${version} spec`, async (t) => {
    const doc = specDocument(version) as { openapi: string; paths: Record<string, Record<string, { operationId?: string; security?: unknown }>>; components: { securitySchemes: object } };
    t.equal(doc.openapi, '3.0.3');
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).filter(([method]) => METHODS.includes(method)).map(([method, op]) => ({ path, method, op })),
    );
    t.equal(operations.length, EXPECTED_OPERATIONS[version], `${EXPECTED_OPERATIONS[version]} operations`);
    const ids = operations.map(({ op }) => op.operationId);
    t.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    t.ok(operations.every(({ path }) => path.startsWith(`/api/${version}/`)), 'every path is under its version');
    t.ok('bearerAuth' in doc.components.securitySchemes, 'bearer security');

    const lint = await run(process.execPath, [require.resolve('@redocly/cli/bin/cli.js'), 'lint', specPath(version), '--format=summary'], {
      maxBuffer: 10 * 1024 * 1024,
    }).catch((error: { stdout: string; stderr: string; code: number }) => error);
    t.notOk('code' in lint && lint.code, `redocly lint passes with zero errors\n${lint.stdout}${lint.stderr}`);

    const converted = await new Promise<{ result: boolean; reason?: string; output?: { type: string }[] }>((resolve, reject) =>
      postman.convert({ type: 'string', data: readFileSync(specPath(version), 'utf8') }, { folderStrategy: 'Tags' }, (err, result) =>
        err ? reject(err) : resolve(result),
      ),
    );
    t.ok(converted.result, `converts for Postman ${converted.reason ?? ''}`);
    t.equal(converted.output?.[0]?.type, 'collection');

    t.equal(readFileSync(contractPath(version), 'utf8'), await routeContract(version), `generated/${version}.ts is current (npm run generate)`);
    t.ok(readFileSync(parsedSpecPath(version), 'utf8') === parsedSpecText(readFileSync(specPath(version), 'utf8')), `generated/specs/${version}.json is current (npm run generate)`);
    t.ok(readFileSync(postmanCollectionPath(version), 'utf8') === await publishableCollection(readFileSync(specPath(version), 'utf8')), `${postmanCollectionPath(version)} is current (npm run generate)`);
  });
}

await t.test('generated Prisma client is current', async (t) => {
  t.same(stalePrismaClientFiles(), [], 'npm run generate leaves generated/prisma unchanged');
});
