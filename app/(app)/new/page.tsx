import type { Metadata } from 'next';
import { SubmitForm } from './_components/submit-form';
import { SAMPLES } from '@/lib/sources/samples';

export const metadata: Metadata = { title: 'New analysis' };

export default function NewAnalysisPage() {
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-2xl font-semibold">Analyse a repository</h1>
      <SubmitForm samples={SAMPLES.map((s) => ({ name: s.name, title: s.title, description: s.description }))} />
    </div>
  );
}
