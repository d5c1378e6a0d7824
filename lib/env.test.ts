import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSettings, SettingsError } from '@/lib/env';

const cwd = '/srv/shipshape';

describe('parseSettings', () => {
  it('has sensible defaults', () => {
    const s = parseSettings({}, cwd);
    expect(s).toMatchObject({
      port: 3000,
      dataDir: '/srv/shipshape/data',
      databaseFile: '/srv/shipshape/data/shipshape.db',
      dockerHost: undefined,
      baseImageMap: {},
      allowLocalSources: false,
    });
  });

  it('reads every setting', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'settings-'));
    const mapFile = path.join(dir, 'map.json');
    writeFileSync(mapFile, JSON.stringify({ 'golang:1.22-alpine': 'mirror.example/golang:1.22-alpine' }));
    const s = parseSettings(
      { PORT: '8080', DATA_DIR: '/var/lib/shipshape', DATABASE_URL: 'file:./db/app.db', DOCKER_HOST: 'tcp://build:2376', BASE_IMAGE_MAP: mapFile, ALLOW_LOCAL_SOURCES: '1' },
      cwd,
    );
    expect(s.port).toBe(8080);
    expect(s.dataDir).toBe('/var/lib/shipshape');
    expect(s.databaseFile).toBe('/srv/shipshape/db/app.db');
    expect(s.dockerHost).toBe('tcp://build:2376');
    expect(s.baseImageMap['golang:1.22-alpine']).toBe('mirror.example/golang:1.22-alpine');
    expect(s.allowLocalSources).toBe(true);
  });

  it('takes an absolute file: URL as it is', () => {
    expect(parseSettings({ DATABASE_URL: 'file:/data/x.db' }, cwd).databaseFile).toBe('/data/x.db');
  });

  it('turns local sources on only for exactly 1', () => {
    for (const value of ['0', 'true', 'yes', '']) expect(parseSettings({ ALLOW_LOCAL_SOURCES: value }, cwd).allowLocalSources).toBe(false);
  });

  it('names the bad setting and what it should be', () => {
    expect(() => parseSettings({ PORT: 'eighty' }, cwd)).toThrow(/PORT/);
    expect(() => parseSettings({ PORT: '70000' }, cwd)).toThrow(SettingsError);
    expect(() => parseSettings({ DATABASE_URL: 'mysql://x' }, cwd)).toThrow(/DATABASE_URL: must be a file: URL of the SQLite database .* or a PostgreSQL URL/);
    expect(parseSettings({ DATABASE_URL: 'postgresql://shipshape:secret@db:5432/shipshape' }, cwd).database).toEqual({
      kind: 'postgresql',
      url: 'postgresql://shipshape:secret@db:5432/shipshape',
    });
    expect(() => parseSettings({ DOCKER_HOST: '/var/run/docker.sock' }, cwd)).toThrow(/DOCKER_HOST/);
  });

  it('refuses a BASE_IMAGE_MAP that is missing, not JSON or not a map of names', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'settings-'));
    expect(() => parseSettings({ BASE_IMAGE_MAP: path.join(dir, 'missing.json') }, cwd)).toThrow(/cannot read/);
    writeFileSync(path.join(dir, 'bad.json'), '{nope');
    expect(() => parseSettings({ BASE_IMAGE_MAP: path.join(dir, 'bad.json') }, cwd)).toThrow(/not valid JSON/);
    writeFileSync(path.join(dir, 'list.json'), '["golang"]');
    expect(() => parseSettings({ BASE_IMAGE_MAP: path.join(dir, 'list.json') }, cwd)).toThrow(/must be a JSON object/);
  });

  it('gives share links 30 days unless told otherwise; 0 means no expiry, more than a year is refused', () => {
    expect(parseSettings({}, cwd).shareDefaultDays).toBe(30);
    expect(parseSettings({ SHARE_DEFAULT_DAYS: '0' }, cwd).shareDefaultDays).toBe(0);
    expect(parseSettings({ SHARE_DEFAULT_DAYS: '7' }, cwd).shareDefaultDays).toBe(7);
    expect(() => parseSettings({ SHARE_DEFAULT_DAYS: '366' }, cwd)).toThrow(/SHARE_DEFAULT_DAYS/);
  });
});
