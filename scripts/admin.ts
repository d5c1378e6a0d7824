// Headless set-up for operators (also through `docker compose exec shipshape npm run admin -- ...`):
//   npm run admin -- create-user --email E --password P --role admin|member|viewer [--name N]
//   npm run admin -- create-token --email E [--name ci]     (prints the token once)
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { audit } from '@/lib/audit';
import { createApiToken } from '@/lib/auth/api-tokens';
import { createUser, newUserSchema, roleSchema } from '@/lib/auth/users';
import { getDb } from '@/lib/db';

const USAGE = `usage:
  npm run admin -- create-user --email E --password P --role admin|member|viewer [--name N]
  npm run admin -- create-token --email E [--name ci]`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
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
    default:
      fail(USAGE);
  }
}

main().catch((error: unknown) => fail((error as Error).message));
