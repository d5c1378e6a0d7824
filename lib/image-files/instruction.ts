import { LABELS } from '@/lib/docker/labels';

// A `docker history` "created by" as the Dockerfile instruction a person wrote:
//   "/bin/sh -c #(nop)  CMD ["/app"]"            -> CMD ["/app"]        (classic builder)
//   "/bin/sh -c go build -o app ."               -> RUN go build -o app .
//   "RUN |2 TARGETOS=linux TARGETARCH=amd64 /bin/sh -c go build # buildkit" -> RUN go build
//   "|1 GO_PKG=golang-1.22-go /bin/sh -c apt-get install -y $GO_PKG" -> RUN apt-get install -y $GO_PKG
//   "COPY /app/app /app # buildkit"              -> COPY /app/app /app

export function instructionOf(createdBy: string): string {
  let text = createdBy.trim().replace(/\s+# buildkit$/, '');
  const nop = /^\/bin\/sh -c #\(nop\)\s+(.*)$/s.exec(text);
  if (nop) return nop[1]!.trim();
  // a RUN with build args: BuildKit writes "RUN |2 A=1 B=2 /bin/sh -c …", the classic builder "|2 A=1 B=2 /bin/sh -c …"
  text = text.replace(/^(RUN )?\|\d+(?: \S+=\S*)* /, '');
  if (text.startsWith('/bin/sh -c ')) return `RUN ${text.slice('/bin/sh -c '.length)}`;
  return text.replace(/^RUN \/bin\/sh -c /, 'RUN ');
}

/** Shipshape's own LABEL step after each FROM (the classic builder's labels): not the user's, folded away where layers are listed. */
export function isShipshapeLabel(createdBy: string): boolean {
  const instruction = instructionOf(createdBy);
  return /^LABEL\s/.test(instruction) && instruction.includes(LABELS.managed);
}
