import path from 'node:path';

/** Repositories shipped with Shipshape that a visitor can analyse in one click. */
export const SAMPLES = [
  {
    name: 'go',
    title: 'Go HTTP service',
    description: 'A net/http service on :8080, standard library only.',
    folder: 'go-hello',
  },
] as const;

export type SampleName = (typeof SAMPLES)[number]['name'];
export const SAMPLE_NAMES = SAMPLES.map((s) => s.name) as [SampleName, ...SampleName[]];

export function sampleDir(name: SampleName): string {
  const sample = SAMPLES.find((s) => s.name === name);
  if (!sample) throw new Error(`unknown sample ${name}`);
  return path.join(process.cwd(), 'samples', sample.folder);
}
