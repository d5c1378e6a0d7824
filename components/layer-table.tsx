import type { LayerJson } from '@/lib/analyses/analysis-json';
import { formatBytes } from '@/lib/format';
import { compressedWords } from '@/lib/analyses/engine-words';
import { instructionOf, isShipshapeLabel } from '@/lib/image-files/instruction';

/** The image's history as `docker history` lists it: newest first, empty layers marked. */
export function LayerTable({ layers }: { layers: LayerJson[] }) {
  const computed = layers.some((l) => l.compressedSource === 'computed');
  // Shipshape's own LABEL steps (empty) are folded away; positions stay those of docker history
  const shown = layers.map((layer, position) => ({ layer, position })).filter(({ layer }) => !(layer.empty && isShipshapeLabel(layer.createdBy)));
  const folded = layers.length - shown.length;
  return (
    <>
      <table className="w-full table-fixed text-left text-sm" data-testid="layers">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="w-12 py-1 pr-3 text-right" title="the layer's position, as docker history lists them (0 = newest); findings and the file browser say the same">
              Layer
            </th>
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
          {shown.map(({ layer, position }) => (
            <tr key={position} className={`border-t border-slate-100 ${layer.empty ? 'text-slate-400' : ''}`} data-empty={layer.empty}>
              <td className="py-1 pr-3 text-right">{position}</td>
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
                {instructionOf(layer.createdBy)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {folded ? (
        <p className="mt-1 text-xs text-slate-500">
          {folded} empty LABEL step{folded === 1 ? '' : 's'} of Shipshape&apos;s own (how it finds its images) not shown.
        </p>
      ) : null}
      {computed ? (
        <p className="mt-1 text-xs text-slate-500">* gzip computed here from the layer&apos;s bytes; the other sizes are the engine&apos;s own compressed blobs.</p>
      ) : null}
    </>
  );
}
