import { describe, expect, it } from 'vitest';
import { instructionOf, isShipshapeLabel } from '@/lib/image-files/instruction';

describe('history as instructions', () => {
  it('reads what the classic builder and BuildKit record', () => {
    expect(instructionOf('/bin/sh -c #(nop)  CMD ["./go-hello"]')).toBe('CMD ["./go-hello"]');
    expect(instructionOf('/bin/sh -c go build -o go-hello .')).toBe('RUN go build -o go-hello .');
    expect(instructionOf('RUN |2 TARGETOS=linux TARGETARCH=amd64 /bin/sh -c CGO_ENABLED=0 go build -o app . # buildkit')).toBe('RUN CGO_ENABLED=0 go build -o app .');
    expect(instructionOf('COPY /app/go-hello /go-hello # buildkit')).toBe('COPY /app/go-hello /go-hello');
    expect(instructionOf('RUN /bin/sh -c apt-get update # buildkit')).toBe('RUN apt-get update');
    expect(instructionOf('|3 GO_PKG=golang-1.22-go GO_SUITE=bookworm X= /bin/sh -c apt-get install -y $GO_PKG')).toBe('RUN apt-get install -y $GO_PKG');
  });

  it('knows Shipshape’s own LABEL steps', () => {
    expect(isShipshapeLabel('/bin/sh -c #(nop)  LABEL io.shipshape.analysis=abc io.shipshape.managed=true')).toBe(true);
    expect(isShipshapeLabel('/bin/sh -c #(nop)  LABEL maintainer=me')).toBe(false);
  });
});
