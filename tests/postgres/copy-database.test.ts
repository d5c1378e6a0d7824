import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeAnalysisImages } from '../helpers/docker-cli';
import { freshTestDatabase } from '../helpers/postgres-cluster';
import { gitRepo } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';
import { loadDmmf } from '../helpers/dmmf';

// Moving a team's instance from its SQLite file to PostgreSQL (`npm run admin --
// copy-database --to …`): a real analysis, a user with an API token and a sealed
// credential, copied; the PostgreSQL instance then answers the same.

const sqliteFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-moving-')), 'shipshape.db');
const target = freshTestDatabase('copy_target');
useFreshSettings({ DATABASE_URL: `file:${sqliteFile}`, ALLOW_LOCAL_SOURCES: '1' });

const { createAnalysis } = await import('@/lib/analyses/create-analysis');
const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
const { toAnalysisJson } = await import('@/lib/analyses/analysis-json');
const { getWorker } = await import('@/lib/analyses/analysis-worker');
const { createUser } = await import('@/lib/auth/users');
const { createApiToken, userForToken } = await import('@/lib/auth/api-tokens');
const { seal, unseal } = await import('@/lib/secrets');
const { audit } = await import('@/lib/audit');
const { getDb, databaseKind } = await import('@/lib/db');
const { COPY_ORDER, copyDatabase, databaseFromUrl } = await import('@/lib/db/copy-database');
const { fileStateAt } = await import('@/lib/image-files/stored-files');

const created: string[] = [];
afterAll(() => removeAnalysisImages(created));

const ORIGIN = 'http://shipshape.test';

describe('copying an instance to PostgreSQL', () => {
  it('covers every model, parents first', () => {
    const dmmf = loadDmmf();
    expect(COPY_ORDER.map((entry) => entry.model).sort()).toEqual(dmmf.datamodel.models.map((m) => m.name).sort());
    const position = new Map<string, number>(COPY_ORDER.map((entry, i) => [entry.model, i]));
    for (const model of dmmf.datamodel.models) {
      for (const field of model.fields.filter((f) => f.kind === 'object' && f.relationFromFields?.length)) {
        expect(position.get(field.type)!, `${field.type} before ${model.name}`).toBeLessThan(position.get(model.name)!);
      }
    }
  });

  it('takes analyses, users, tokens and the instance key along; the copy answers the same', async () => {
    expect(databaseKind()).toBe('sqlite');
    const user = await createUser({ email: 'ada@example.com', password: 'correct horse battery', name: 'Ada' }, { role: 'admin' });
    const token = (await createApiToken(user.id, 'ci')).token;
    const sealed = seal('git-password-of-the-team');
    await audit('operator', 'user.create', user.email, 'admin');
    const { id } = await createAnalysis(
      { type: 'git', url: gitRepo({ Dockerfile: 'FROM standin/debian:bookworm-slim\nRUN echo moving > /moving.txt\n' }) },
      { warmRebuild: false },
    );
    created.push(id);
    await getWorker().idle();
    const before = JSON.parse(JSON.stringify(toAnalysisJson(await getAnalysisOrThrow(id), ORIGIN))) as { status: string };
    expect(before.status).toBe('succeeded');
    const counts = async () => {
      const db = getDb() as unknown as Record<string, { count(): Promise<number> }>;
      const out: Record<string, number> = {};
      for (const { model } of COPY_ORDER) out[model] = await db[model[0]!.toLowerCase() + model.slice(1)]!.count();
      return out;
    };
    const sourceCounts = await counts();
    expect(sourceCounts.Layer).toBeGreaterThan(0);
    // the image's files (the compact index) go along too
    const variantId = (await getAnalysisOrThrow(id)).variants[0]!.id;
    const filesBefore = [...(await fileStateAt(variantId, 0)).entries()];
    expect(filesBefore.length).toBeGreaterThan(1000);

    const report = await copyDatabase(databaseFromUrl(target));
    expect(report.rows).toEqual(sourceCounts);

    // the instance, started on PostgreSQL (a data folder of its own: nothing comes from the old one)
    useFreshSettings({ DATABASE_URL: target, ALLOW_LOCAL_SOURCES: '1' });
    expect(databaseKind()).toBe('postgresql');
    const { dbReady } = await import('@/lib/db');
    await dbReady();
    expect(await counts()).toEqual(sourceCounts);
    expect(JSON.parse(JSON.stringify(toAnalysisJson(await getAnalysisOrThrow(id), ORIGIN)))).toEqual(before);
    expect([...(await fileStateAt(variantId, 0)).entries()]).toEqual(filesBefore);
    expect((await userForToken(token))?.email).toBe('ada@example.com');
    expect(unseal(sealed)).toBe('git-password-of-the-team');
    // new rows continue after the copied ones
    await audit('operator', 'token.create', 'after the move');
    expect(await getDb().auditEvent.count()).toBe(sourceCounts.AuditEvent! + 1);

    // a second copy into a database that holds an instance is refused
    useFreshSettings({ DATABASE_URL: `file:${sqliteFile}` });
    await expect(copyDatabase(databaseFromUrl(target))).rejects.toThrow(/already holds analyses or users/);
  }, 240_000);
});
