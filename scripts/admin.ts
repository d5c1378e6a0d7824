// Headless set-up for operators (also through `docker compose exec shipshape npm run admin -- ...`):
//   npm run admin -- create-user --email E --password P --role admin|member|viewer [--name N]
//   npm run admin -- create-token --email E [--name ci]     (prints the token once)
//   npm run admin -- copy-database --to postgresql://…     (moves the instance; stop it first)
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { audit } from '@/lib/audit';
import { createApiToken } from '@/lib/auth/api-tokens';
import { createUser, newUserSchema, roleSchema } from '@/lib/auth/users';
import { closeDb, dbReady, getDb } from '@/lib/db';
import { copyDatabase, databaseFromUrl } from '@/lib/db/copy-database';

const USAGE = `usage:
  npm run admin -- create-user --email E --password P --role admin|member|viewer [--name N]
  npm run admin -- create-token --email E [--name ci]
  npm run admin -- copy-database --to postgresql://user:password@host:5432/shipshape`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main() {
  await dbReady();
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, to: { type: 'string' } },
    strict: true,
  });
  switch (command) {
    case 'create-user': {
      const input = newUserSchema.extend({ role: roleSchema }).safeParse(values);
      if (!input.success) fail(`${input.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n${USAGE}`);
      const user = await createUser(input.data, { role: input.data.role });
      await audit('operator', 'user.create', user.email, input.data.role);
      console.log(`created ${user.email} (${user.role})`);
      return;
    }
    case 'create-token': {
      const input = z.object({ email: z.email(), name: z.string().min(1).max(100).default('cli') }).safeParse(values);
      if (!input.success) fail(`--email is required\n${USAGE}`);
      const user = await getDb().user.findUnique({ where: { email: input.data.email.toLowerCase() } });
      if (!user) fail(`No user with the email ${input.data.email}. Create one first with create-user.`);
      const created = await createApiToken(user.id, input.data.name);
      await audit('operator', 'token.create', created.id, `${input.data.name} for ${user.email}`);
      console.log(created.token);
      return;
    }
    case 'copy-database': {
      if (!values.to) fail(`--to is required\n${USAGE}`);
      const target = databaseFromUrl(values.to);
      const report = await copyDatabase(target, (model, rows) => console.log(`${model}: ${rows} row(s)`));
      const total = Object.values(report.rows).reduce((a, b) => a + b, 0);
      console.log(`copied ${total} rows into the ${target.kind === 'postgresql' ? 'PostgreSQL' : 'SQLite'} database; start the instance with DATABASE_URL set to it`);
      return;
    }
    default:
      fail(USAGE);
  }
}

main()
  .then(() => closeDb())
  .catch((error: unknown) => fail((error as Error).message));
