// Fill a PDF's form the way Firefox does: pdf.js's annotationStorage, then saveDocument().
// Usage: node fill.mjs IN.pdf OUT.pdf '{"field_name": "typed value", ...}'
// Prints the field names the PDF has (JSON) on stdout; exits non-zero on any failure.
import { readFile, writeFile } from "node:fs/promises";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const [input, output, json] = process.argv.slice(2);
const values = JSON.parse(json);
const doc = await getDocument({ data: new Uint8Array(await readFile(input)), verbosity: 0 }).promise;
const fields = (await doc.getFieldObjects()) ?? {};
for (const [name, value] of Object.entries(values)) {
  if (!fields[name]) throw new Error(`no field named ${name}`);
  for (const widget of fields[name]) doc.annotationStorage.setValue(widget.id, { value });
}
await writeFile(output, await doc.saveDocument());
console.log(JSON.stringify(Object.keys(fields)));
await doc.destroy();
