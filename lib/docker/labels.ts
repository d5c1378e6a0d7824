// Labels every image, container and network Shipshape makes on an engine carries, so
// they can be found and removed (no engine client here: pages read them too).

/** Labels every image Shipshape builds carries, so they can be found and removed. */
export const LABELS = {
  managed: 'io.shipshape.managed',
  /** the instance (data folder) that built it: several may share an engine */
  instance: 'io.shipshape.instance',
  analysis: 'io.shipshape.analysis',
  variant: 'io.shipshape.variant',
} as const;
