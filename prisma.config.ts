import { defineConfig } from 'prisma/config';

// Only `prisma generate` is used; the app applies prisma/migrations itself.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
