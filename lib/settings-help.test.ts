import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rawSchema } from '@/lib/env';
import { SETTINGS_HELP, settingRows } from '@/lib/settings-help';

describe('settings help', () => {
  it('explains every setting, and the README table lists each with its default', () => {
    const names = Object.keys(rawSchema.shape).sort();
    expect(Object.keys(SETTINGS_HELP).sort()).toEqual(names);
    const readme = readFileSync('README.md', 'utf8');
    for (const name of names)
      expect(readme, name).toMatch(
        new RegExp(`^\\| \`${name}\` \\| \`${SETTINGS_HELP[name as keyof typeof SETTINGS_HELP].defaultValue.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\` \\|`, 'm'),
      );
  });

  it('states each default the settings schema applies', () => {
    for (const [name, field] of Object.entries(rawSchema.shape)) {
      const applied = (field as { safeParse: (v: undefined) => { data?: unknown } }).safeParse(undefined).data;
      if (applied !== undefined) expect(SETTINGS_HELP[name as keyof typeof SETTINGS_HELP].defaultValue, name).toBe(String(applied));
    }
  });

  it('never shows credentials of engine URLs', () => {
    const rows = settingRows({ DOCKER_ENGINES: 'a=ssh://ops:hunter2@build1,tcp://u:pw2@build2:2376', DOCKER_HOST: 'ssh://ops:hunter3@h' });
    const text = JSON.stringify(rows);
    for (const secret of ['hunter2', 'pw2', 'hunter3', 'ops:']) expect(text).not.toContain(secret);
    expect(rows.find((r) => r.name === 'DOCKER_ENGINES')?.value).toBe('a=ssh://build1, tcp://build2:2376');
  });
});
