/**
 * Which history entry each layer tar belongs to. `docker history` lists every step,
 * newest first; the image config lists the same steps oldest first and marks those
 * that made no layer (empty_layer); the tars stack in that order.
 */
export function historyPositions(historyNewestFirst: { sizeBytes: number }[], configHistory: { empty_layer?: boolean }[], layerCount: number): (number | undefined)[] {
  const n = historyNewestFirst.length;
  const positions: (number | undefined)[] = new Array(layerCount).fill(undefined);
  const useConfig = configHistory.length === n && configHistory.filter((h) => !h.empty_layer).length === layerCount;
  let k = 0;
  for (let i = 0; i < n && k < layerCount; i++) {
    const position = n - 1 - i;
    const makesLayer = useConfig ? !configHistory[i]!.empty_layer : historyNewestFirst[position]!.sizeBytes > 0;
    if (makesLayer) positions[k++] = position;
  }
  return positions;
}
