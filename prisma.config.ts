import { defineConfig } from 'prisma/config';

// Only `prisma generate|validate|format` run here (the native schema engine cannot be fetched);
// migrations are applied by scripts/migrate.ts through the wasm engine.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
