import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { originFromHeaders } from '@/lib/api/origin';
import { RepositoryView } from '@/components/repository-view';
import { NotFoundError } from '@/lib/errors';
import { pageActor } from '@/lib/auth/page-actor';
import { can } from '@/lib/auth/roles';
import { getRepositoryJson } from '@/lib/repositories/repository-json';

export const dynamic = 'force-dynamic';

async function load(id: string) {
  return getRepositoryJson(id, originFromHeaders(await headers())).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  await pageActor();
  const { id } = await params;
  return { title: (await load(id)).name };
}

export default async function RepositoryPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await pageActor();
  const { id } = await params;
  return <RepositoryView initial={await load(id)} canEdit={can(actor.role, 'submit')} />;
}
