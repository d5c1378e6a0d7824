import type { Metadata } from 'next';
import { SubmitForm } from './_components/submit-form';
import { SAMPLES } from '@/lib/sources/samples';
import { pageActor } from '@/lib/auth/page-actor';
import { can } from '@/lib/auth/roles';

export const metadata: Metadata = { title: 'New analysis' };

export default async function NewAnalysisPage() {
  const actor = await pageActor();
  if (!can(actor.role, 'submit')) {
    return (
      <div className="max-w-2xl space-y-4">
        <h1 className="text-2xl font-semibold">Analyse a repository</h1>
        <p className="rounded-lg border border-amber-200 bg-amber-50 p-4" role="alert">
          Your role ({actor.role}) can read analyses but not submit them. Ask an admin to make you a member.
        </p>
      </div>
    );
  }
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-2xl font-semibold">Analyse a repository or an image</h1>
      <SubmitForm samples={SAMPLES.map((s) => ({ name: s.name, title: s.title, description: s.description }))} />
    </div>
  );
}
