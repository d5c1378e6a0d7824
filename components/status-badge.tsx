const STYLES: Record<string, string> = {
  queued: 'bg-slate-100 text-slate-700',
  pending: 'bg-slate-100 text-slate-700',
  running: 'bg-amber-100 text-amber-800',
  building: 'bg-amber-100 text-amber-800',
  succeeded: 'bg-emerald-100 text-emerald-800',
  failed: 'bg-red-100 text-red-800',
  canceled: 'bg-slate-200 text-slate-600',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${STYLES[status] ?? STYLES.queued}`} data-status={status}>
      {status}
    </span>
  );
}
