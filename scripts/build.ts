// npm run build: the server as plain JavaScript in dist/server/, for deployments that should not
// compile TypeScript as they run (tsx's loader costs a production process ~35 MB and its start-up).
// One ES module bundle of our code per entry point, packages left to node_modules, shared code
// and lazily loaded parts split into chunks beside them so they still load only when used.
// dist/server/ is two folders below the project like every module that finds a project file
// relative to itself (specs, migrations, generated/), so those paths hold in both layouts.
// Usage: `npm run build [-- --out dist/<folder>]` (another two-deep folder, for tests).
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';

const OUT = parseArgs({ options: { out: { type: 'string', default: 'dist/server' } } }).values.out!;
if (!/^dist\/[\w.-]+$/.test(OUT)) throw new Error(`--out must be a folder directly under dist/ (got ${OUT})`);

rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: { server: 'src/server.ts', 'migrate-child': 'src/db/migrate-child.ts' },
  outdir: OUT,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
// The docs pages' static files, read beside the module that serves them.
cpSync('src/plugins/assets', `${OUT}/assets`, { recursive: true });
process.stdout.write(`built ${OUT}/server.mjs\n`);
