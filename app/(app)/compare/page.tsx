import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { ComparisonView } from '@/components/comparison-view';
import { compareSides, resolveSide, type Comparison } from '@/lib/image-files/compare';
import { pageActor } from '@/lib/auth/page-actor';
import { UserFacingError } from '@/lib/errors';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Compare' };

// Any two images the user may read, file by file: analyses (their multi-stage image, or
// the one named with :kind), variants (<analysis>:<kind>), and for admins images on the
// engine. Opened from the dashboard's ticked analyses (?pick=…&pick=…) or by address
// (?a=…&b=…).

const ref = z.string().trim().min(1).max(300);
const querySchema = z.object({
  a: ref.optional(),
  b: ref.optional(),
  pick: z.union([ref, z.array(ref)]).optional(),
  kind: z.string().trim().min(1).max(100).default('multi-stage'),
});

type Search = Record<string, string | string[] | undefined>;

/** The two refs asked for: a and b, or the two picked analyses (older one first as the dashboard lists newest first). */
function sidesOf(search: Search): { a: string; b: string; kind: string } | { a?: string; b?: string; kind: string; problem?: string } {
  const parsed = querySchema.safeParse(search);
  if (!parsed.success) return { kind: 'multi-stage', problem: 'The address does not name two images. Give two references below.' };
  const { a, b, pick, kind } = parsed.data;
  if (pick !== undefined) {
    const picked = Array.isArray(pick) ? pick : [pick];
    if (picked.length !== 2) return { kind, problem: `Tick exactly two analyses to compare (${picked.length} were ticked).` };
    return { a: `${picked[1]}:${kind}`, b: `${picked[0]}:${kind}`, kind };
  }
  return a && b ? { a, b, kind } : { a, b, kind };
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await pageActor();
  const sides = sidesOf(await searchParams);
  let result: Comparison | null = null;
  let problem = 'problem' in sides ? (sides.problem ?? null) : null;
  if (!problem && sides.a && sides.b) {
    try {
      const engineImages = actor.role === 'admin';
      result = compareSides(await resolveSide(sides.a, { engineImages }), await resolveSide(sides.b, { engineImages }));
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      problem = error.message;
    }
  }
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Compare two images</h1>
      <form method="get" className="flex flex-wrap items-end gap-3 text-sm" data-testid="compare-form">
        <label className="flex flex-col">
          From
          <input name="a" defaultValue={sides.a ?? ''} placeholder="analysis id, or id:single-stage" className="w-72 rounded border border-slate-300 px-2 py-1 font-mono" />
        </label>
        <label className="flex flex-col">
          To
          <input name="b" defaultValue={sides.b ?? ''} placeholder="analysis id, or id:multi-stage" className="w-72 rounded border border-slate-300 px-2 py-1 font-mono" />
        </label>
        <button type="submit" className="rounded bg-brand px-3 py-1 text-white">
          Compare
        </button>
      </form>
      <p className="text-xs text-slate-500">
        An analysis id compares its multi-stage image; add <code>:single-stage</code>, <code>:repository</code> or another kind for another image of it
        {actor.role === 'admin' ? '; as an admin you may also name an image on the engine (a tag or an id)' : ''}. Tick two analyses on the{' '}
        <Link href="/" className="text-brand underline">
          dashboard
        </Link>{' '}
        to open them here.
      </p>
      {problem ? (
        <p className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800" role="alert">
          {problem}
        </p>
      ) : null}
      {result && sides.a && sides.b ? (
        <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="compare">
          <ComparisonView result={result} aName={sides.a} bName={sides.b} />
        </section>
      ) : null}
    </div>
  );
}
