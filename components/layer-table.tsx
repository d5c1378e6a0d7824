import type { LayerJson } from '@/lib/analyses/analysis-json';
import { formatBytes } from '@/lib/format';
import { compressedWords } from '@/lib/analyses/engine-words';

/** The image's history as `docker history` lists it: newest first, empty layers marked. */
export function LayerTable({ layers }: { layers: LayerJson[] }) {
  const computed = layers.some((l) => l.compressedSource === 'computed');
  return (
    <>
      <table className="w-full table-fixed text-left text-sm" data-testid="layers">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="w-20 py-1 pr-3 text-right">Size</th>
            <th className="w-20 py-1 pr-3 text-right" title="compressed, as a registry push sends it: the engine's own blob, or gzip computed here (marked *)">
              Pushed
            </th>
            <th className="w-24 py-1 pr-3 text-right" title="files added / changed / removed">
              Files
            </th>
            <th className="py-1">Created by</th>
          </tr>
        </thead>
        <tbody className="font-mono text-xs">
          {layers.map((layer, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a layer is its position in the image
            <tr key={i} className={`border-t border-slate-100 ${layer.empty ? 'text-slate-400' : ''}`} data-empty={layer.empty}>
              <td className="py-1 pr-3 text-right whitespace-nowrap" title={`${layer.sizeBytes} bytes`}>
                {layer.empty ? <span title="this step added no bytes">empty</span> : formatBytes(layer.sizeBytes)}
              </td>
              <td className="py-1 pr-3 text-right whitespace-nowrap" title={compressedWords(layer.compressedSource)}>
                {layer.compressedBytes === null ? '' : `${formatBytes(layer.compressedBytes)}${layer.compressedSource === 'computed' ? '*' : ''}`}
              </td>
              <td
                className="py-1 pr-3 text-right whitespace-nowrap"
                title={layer.fileBytes ? `+${formatBytes(layer.fileBytes.added)} ~${formatBytes(layer.fileBytes.modified)} −${formatBytes(layer.fileBytes.removed)}` : undefined}
              >
                {layer.files ? `+${layer.files.added} ~${layer.files.modified} −${layer.files.removed}` : ''}
              </td>
              <td className="truncate py-1" title={layer.createdBy}>
                {layer.createdBy.replace(/^\/bin\/sh -c #\(nop\)\s+/, '').replace(/^\/bin\/sh -c /, 'RUN ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {computed ? (
        <p className="mt-1 text-xs text-slate-500">* gzip computed here from the layer&apos;s bytes; the other sizes are the engine&apos;s own compressed blobs.</p>
      ) : null}
    </>
  );
}
