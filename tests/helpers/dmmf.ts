import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as schemaWasm from '@prisma/prisma-schema-wasm';

// prisma/schema.prisma as Prisma's own schema parser (the wasm build the CLI uses) reads
// it: what the migrations of each database are checked against.

export interface DmmfField {
  name: string;
  kind: 'scalar' | 'object' | 'enum';
  type: string;
  isRequired: boolean;
  isId: boolean;
  hasDefaultValue: boolean;
  default?: { name: string } | string | number | boolean;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
export interface Dmmf {
  datamodel: {
    models: { name: string; dbName: string | null; fields: DmmfField[]; primaryKey: { fields: string[] } | null }[];
    indexes: { model: string; type: 'id' | 'unique' | 'normal'; fields: { name: string }[] }[];
  };
}

export function loadDmmf(): Dmmf {
  const schema = readFileSync(path.join(process.cwd(), 'prisma', 'schema.prisma'), 'utf8');
  return JSON.parse(schemaWasm.get_dmmf(JSON.stringify({ prismaSchema: schema }))) as Dmmf;
}

/** The SQL default a field's @default produces, or undefined for none (client-side cuid()). */
export function sqlDefault(field: DmmfField): string | undefined {
  if (!field.hasDefaultValue || field.default === undefined) return undefined;
  if (typeof field.default === 'object') return field.default.name === 'now' ? 'CURRENT_TIMESTAMP' : undefined;
  if (typeof field.default === 'string') return `'${field.default}'`;
  return String(field.default);
}

type Model = Dmmf['datamodel']['models'][number];

/** The indexes a model's @@index/@@unique/@unique ask for (the primary key aside). */
export function expectedIndexes(dmmf: Dmmf, model: Model): { unique: boolean; columns: string[] }[] {
  return dmmf.datamodel.indexes.filter((i) => i.model === model.name && i.type !== 'id').map((i) => ({ unique: i.type === 'unique', columns: i.fields.map((f) => f.name) }));
}

/** The foreign keys a model's relations ask for, with the delete rule as SQL names it. */
export function expectedForeignKeys(dmmf: Dmmf, model: Model): { table: string; from: string; to: string; onDelete: string }[] {
  return model.fields
    .filter((f) => f.kind === 'object' && f.relationFromFields?.length)
    .map((f) => ({
      table: dmmf.datamodel.models.find((m) => m.name === f.type)!.dbName ?? f.type,
      from: f.relationFromFields![0]!,
      to: f.relationToFields![0]!,
      onDelete: (f.relationOnDelete ?? 'Restrict').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase(),
    }));
}
