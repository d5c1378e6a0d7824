// Writes the PostgreSQL DDL of prisma/schema.prisma's models (CREATE TABLE, keys,
// indexes, foreign keys) as Prisma names them, from Prisma's own schema parser. Used
// to write a PostgreSQL migration that creates tables; review what it prints.
//   node scripts/postgres-ddl.mjs [Model ...]
import { readFileSync } from 'node:fs';
import * as wasm from '@prisma/prisma-schema-wasm';

const TYPES = { String: 'TEXT', Int: 'INTEGER', BigInt: 'BIGINT', Float: 'DOUBLE PRECISION', Boolean: 'BOOLEAN', DateTime: 'TIMESTAMP(3)', Bytes: 'BYTEA' };
const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: readFileSync('prisma/schema.prisma', 'utf8') })));
const wanted = new Set(process.argv.slice(2));
const models = dmmf.datamodel.models.filter((m) => !wanted.size || wanted.has(m.name));
const table = (name) => dmmf.datamodel.models.find((m) => m.name === name)?.dbName ?? name;
const out = [];
for (const model of models) {
  const t = model.dbName ?? model.name;
  const lines = [];
  for (const f of model.fields.filter((x) => x.kind === 'scalar')) {
    const serial = f.default?.name === 'autoincrement';
    let line = `    "${f.name}" ${serial ? 'SERIAL' : TYPES[f.type]}${f.isRequired ? ' NOT NULL' : ''}`;
    if (f.hasDefaultValue && !serial) {
      const d = f.default;
      if (typeof d === 'object' && d.name === 'now') line += ' DEFAULT CURRENT_TIMESTAMP';
      else if (typeof d === 'string') line += ` DEFAULT '${d}'`;
      else if (typeof d === 'number' || typeof d === 'boolean') line += ` DEFAULT ${d}`;
    }
    lines.push(line);
  }
  const pk = model.primaryKey?.fields ?? model.fields.filter((f) => f.isId).map((f) => f.name);
  lines.push(`    CONSTRAINT "${t}_pkey" PRIMARY KEY (${pk.map((f) => `"${f}"`).join(', ')})`);
  out.push(`-- CreateTable\nCREATE TABLE "${t}" (\n${lines.join(',\n')}\n);\n`);
}
for (const index of dmmf.datamodel.indexes.filter((i) => i.type !== 'id' && models.some((m) => m.name === i.model))) {
  const t = table(index.model);
  const fields = index.fields.map((f) => f.name);
  const name = index.dbName ?? `${t}_${fields.join('_')}_${index.type === 'unique' ? 'key' : 'idx'}`;
  out.push(`-- CreateIndex\nCREATE ${index.type === 'unique' ? 'UNIQUE ' : ''}INDEX "${name}" ON "${t}"(${fields.map((f) => `"${f}"`).join(', ')});\n`);
}
for (const model of models) {
  for (const f of model.fields.filter((x) => x.kind === 'object' && x.relationFromFields?.length)) {
    const t = model.dbName ?? model.name;
    const onDelete = (f.relationOnDelete ?? 'Restrict').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
    out.push(
      `-- AddForeignKey\nALTER TABLE "${t}" ADD CONSTRAINT "${t}_${f.relationFromFields.join('_')}_fkey" FOREIGN KEY (${f.relationFromFields.map((x) => `"${x}"`).join(', ')}) REFERENCES "${table(f.type)}"(${f.relationToFields.map((x) => `"${x}"`).join(', ')}) ON DELETE ${onDelete} ON UPDATE CASCADE;\n`,
    );
  }
}
process.stdout.write(out.join('\n'));
