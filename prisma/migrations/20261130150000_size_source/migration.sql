-- where the engine has no unpacked size (an image of another platform on the containerd store), it is computed from the export
ALTER TABLE "Variant" ADD COLUMN "sizeSource" TEXT;
