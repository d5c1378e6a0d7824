-- every layer's files of an image in one compact, compressed value (lib/image-files/file-index.ts)
ALTER TABLE "Variant" ADD COLUMN "fileIndex" BYTEA;
