'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { VariantJson } from '@/lib/analyses/analysis-json';
import type { LayerChangeEntry } from '@/lib/image-files/stored-files';
import { instructionOf } from '@/lib/image-files/instruction';
import { formatBytes } from '@/lib/format';
import { callApi } from '@/components/api-client';

// The image's files, layer by layer, like dive: the tree as of a layer, or only what
// that layer added, changed and removed; folders with the bytes below them, largest
// first; a filter, the keyboard (↑ ↓, Enter opens, Backspace goes up) and deep links
// (?variant=single-stage&layer=3&path=/usr/lib#files). The API pages the folders; the list
// draws only the rows in view (a folder of thousands of entries stays fast) and asks for the
// next page as its end comes into view.

type Entry = Omit<LayerChangeEntry, 'change' | 'changes'> & Partial<Pick<LayerChangeEntry, 'change' | 'changes'>>;

interface Listing {
  total: number;
  entries: Entry[];
}

const PAGE = 200;
const MARKS: Record<string, { sign: string; className: string; label: string }> = {
  added: { sign: '+', className: 'text-emerald-700', label: 'added' },
  modified: { sign: '~', className: 'text-amber-700', label: 'changed' },
  removed: { sign: '−', className: 'text-red-700', label: 'removed' },
};

interface Place {
  kind: string;
  layer: number;
  path: string;
  only: boolean;
}

function placeFromUrl(variants: VariantJson[]): Place {
  const params = typeof window === 'undefined' ? new URLSearchParams() : new URLSearchParams(window.location.search);
  const kind = variants.some((v) => v.kind === params.get('variant')) ? params.get('variant')! : (variants[0]?.kind ?? '');
  const layer = Number(params.get('layer') ?? 0);
  const path = params.get('path') ?? '/';
  return { kind, layer: Number.isInteger(layer) && layer >= 0 ? layer : 0, path: path.startsWith('/') ? path : `/${path}`, only: params.get('changes') === 'only' };
}

export function LayerBrowser({ analysisId, variants }: { analysisId: string; variants: VariantJson[] }) {
  const browsable = variants.filter((v) => v.sizeBytes !== null && v.layers.length > 0);
  // read from the address once mounted (the server renders without it)
  const [place, setPlace] = useState<Place | null>(null);
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const loading = useRef(false);
  const scrolled = useRef(false);
  const variant = browsable.find((v) => v.kind === place?.kind) ?? browsable[0];
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on mount: the address the page was opened with
  useEffect(() => setPlace(placeFromUrl(browsable)), []);

  const load = useCallback(
    async (at: Place, offset: number) => {
      const query = new URLSearchParams({ layer: String(at.layer), path: at.path, limit: String(PAGE), offset: String(offset), ...(at.only ? { changes: 'only' } : {}) });
      const result = await callApi<Listing>(`/api/analyses/${analysisId}/variants/${encodeURIComponent(at.kind)}/files?${query}`);
      if (!result.ok) {
        setError(result.message);
        return;
      }
      setError(null);
      setListing((before) => (offset === 0 || !before ? result.data : { total: result.data.total, entries: [...before.entries, ...result.data.entries] }));
    },
    [analysisId],
  );

  const shown = (listing?.entries ?? []).filter((e) => e.name.toLowerCase().includes(filter.toLowerCase()));
  const rows = useVirtualizer({ count: shown.length, getScrollElement: () => scroller.current, estimateSize: () => 22, overscan: 16 });
  const lastInView = rows.getVirtualItems().at(-1)?.index ?? -1;
  // the next page, once the end of what is loaded comes into view
  useEffect(() => {
    if (!place || !listing || filter || loading.current || listing.entries.length >= listing.total || lastInView < listing.entries.length - 20) return;
    loading.current = true;
    void load(place, listing.entries.length).finally(() => (loading.current = false));
  }, [lastInView, listing, filter, place, load]);

  useEffect(() => {
    if (!variant || !place) return;
    setSelected(0);
    setListing(null);
    void load(place, 0);
    // the place is the page's address too, for a link that opens it here
    const url = new URL(window.location.href);
    url.searchParams.set('variant', place.kind);
    url.searchParams.set('layer', String(place.layer));
    url.searchParams.set('path', place.path);
    if (place.only) url.searchParams.set('changes', 'only');
    else url.searchParams.delete('changes');
    window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
    // opened from a link to #files: the browser was not there yet when the page scrolled
    if (!scrolled.current && url.hash === '#files') requestAnimationFrame(() => document.getElementById('files')?.scrollIntoView());
    scrolled.current = true;
  }, [place, variant, load]);

  if (!variant || !place) return null;
  const go = (change: Partial<Place>) => {
    setFilter('');
    setPlace((p) => (p ? { ...p, ...change } : p));
  };
  const up = () => go({ path: place.path === '/' ? '/' : place.path.slice(0, place.path.lastIndexOf('/')) || '/' });
  const largest = Math.max(1, ...shown.map((e) => e.sizeBytes));
  const crumbs = place.path === '/' ? [] : place.path.slice(1).split('/');

  /** ↑ ↓ move between rows (Enter opens a folder: the row is a button), Backspace or ← go up. */
  const onKey = (event: React.KeyboardEvent, index: number) => {
    const move = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (move) {
      const next = Math.max(0, Math.min(shown.length - 1, index + move));
      setSelected(next);
      // the row may not be drawn yet: scrolled to first, then focused
      rows.scrollToIndex(next);
      requestAnimationFrame(() => scroller.current?.querySelector<HTMLButtonElement>(`li[data-index="${next}"] button[data-row]`)?.focus());
    } else if (event.key === 'Backspace' || event.key === 'ArrowLeft') up();
    else return;
    event.preventDefault();
  };

  return (
    <section id="files" className="rounded-lg border border-slate-200 bg-white p-4" data-testid="layer-browser">
      <h2 className="mb-2 font-semibold">Files, layer by layer</h2>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label>
          Image{' '}
          <select
            className="rounded border border-slate-300 px-1"
            value={variant.kind}
            onChange={(e) => go({ kind: e.target.value, layer: 0, path: '/' })}
            data-testid="browser-variant"
          >
            {browsable.map((v) => (
              <option key={v.kind} value={v.kind}>
                {v.kind}
              </option>
            ))}
          </select>
        </label>
        <label>
          Layer{' '}
          <select className="max-w-md rounded border border-slate-300 px-1" value={place.layer} onChange={(e) => go({ layer: Number(e.target.value) })} data-testid="browser-layer">
            {variant.layers.map((l, position) =>
              l.empty && position !== 0 ? null : (
                // biome-ignore lint/suspicious/noArrayIndexKey: a layer is its position
                <option key={position} value={position}>
                  layer {position} · {formatBytes(l.sizeBytes)} · {instructionOf(l.createdBy).slice(0, 60)}
                </option>
              ),
            )}
          </select>
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={place.only} onChange={(e) => go({ only: e.target.checked })} data-testid="browser-only" />
          only this layer&apos;s changes
        </label>
        <input
          className="rounded border border-slate-300 px-2 py-0.5"
          placeholder="filter this folder"
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value);
            setSelected(0);
          }}
          aria-label="Filter this folder by name"
        />
      </div>
      <nav className="mt-2 font-mono text-xs" aria-label="Folder" data-testid="browser-path">
        <button type="button" className="text-brand underline" onClick={() => go({ path: '/' })}>
          /
        </button>
        {crumbs.map((name, i) => (
          <span key={crumbs.slice(0, i + 1).join('/')}>
            <button type="button" className="text-brand underline" onClick={() => go({ path: `/${crumbs.slice(0, i + 1).join('/')}` })}>
              {name}
            </button>
            {i < crumbs.length - 1 ? '/' : ''}
          </span>
        ))}
      </nav>
      {error ? <p className="mt-2 text-sm text-red-700">{error}</p> : null}
      {place.path !== '/' ? (
        <button type="button" className="mt-2 w-full py-0.5 text-left font-mono text-xs text-slate-500" onClick={up}>
          ..
        </button>
      ) : null}
      <div ref={scroller} className="max-h-96 overflow-auto font-mono text-xs" data-testid="browser-entries">
        <ul className="relative" style={{ height: rows.getTotalSize() }}>
          {rows.getVirtualItems().map((item) => {
            const entry = shown[item.index]!;
            const i = item.index;
            const mark = entry.change ? MARKS[entry.change] : undefined;
            return (
              <li
                key={entry.path}
                data-index={i}
                ref={rows.measureElement}
                className={`absolute top-0 left-0 w-full ${i === selected ? 'bg-slate-100' : ''}`}
                style={{ transform: `translateY(${item.start}px)` }}
                data-entry={entry.name}
              >
                <button
                  type="button"
                  data-row
                  className="flex w-full items-center gap-2 py-0.5 text-left focus:outline-none focus:ring-1 focus:ring-brand"
                  onClick={() => (entry.kind === 'dir' ? go({ path: entry.path }) : setSelected(i))}
                  onKeyDown={(event) => onKey(event, i)}
                  title={entry.kind === 'dir' ? `${entry.files} files` : entry.layer !== null ? `written by layer ${entry.layer}` : undefined}
                >
                  <span className="w-4 text-center">
                    {mark ? (
                      <span className={mark.className} title={mark.label}>
                        {mark.sign}
                      </span>
                    ) : entry.kind === 'dir' ? (
                      '▸'
                    ) : (
                      ''
                    )}
                  </span>
                  <span className={`min-w-0 flex-1 truncate ${entry.kind === 'dir' ? 'font-semibold' : ''}`}>
                    {entry.name}
                    {entry.kind === 'dir' ? '/' : ''}
                  </span>
                  <span className="hidden w-32 sm:block" aria-hidden="true">
                    <span className="block h-2 rounded bg-teal-600" style={{ width: `${Math.max(1, (entry.sizeBytes / largest) * 100)}%` }} />
                  </span>
                  <span className="w-20 text-right">{formatBytes(entry.sizeBytes)}</span>
                  <span className="w-24 text-right text-slate-500">
                    {entry.changes
                      ? `+${entry.changes.added} ~${entry.changes.modified} −${entry.changes.removed}`
                      : entry.kind === 'dir'
                        ? `${entry.files} files`
                        : `layer ${entry.layer}`}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
        {listing && !shown.length ? <p className="py-1 text-slate-500">{filter ? 'Nothing here matches the filter.' : 'Nothing here at this layer.'}</p> : null}
      </div>
      {listing && listing.entries.length < listing.total ? (
        <button type="button" className="mt-1 text-xs text-brand underline" onClick={() => void load(place, listing.entries.length)}>
          Show more ({listing.total - listing.entries.length} left)
        </button>
      ) : null}
    </section>
  );
}
