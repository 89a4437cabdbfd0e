// Independent check of the C2PA manifests Atelier embeds, with c2pa-rs (compiled to WebAssembly,
// @contentauth/c2pa-wasm). The Java tests run `node c2pa-check.mjs FILE [FORMAT]` and read one
// JSON object from stdout:
//
//   { "manifest": true,  "activeLabel": ..., "store": <c2pa-rs manifest store JSON> }
//   { "manifest": false, "error": "C2pa(JumbfNotFound)" }     when c2pa-rs finds no manifest
//
// The store carries c2pa-rs's own verdict: "validation_state" and, under "validation_results",
// the success / informational / failure status codes of the active manifest. The reader runs
// with c2pa-rs's default settings: signatures and hashes are checked, and the signing
// certificate is checked against c2pa-rs's (empty) trust list.
//
// WasmReader.fromBytes reads from memory, so no browser API (Blob, FileReaderSync) is needed.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { WasmReader, initSync } from "@contentauth/c2pa-wasm";

const [file, format = "image/png"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node c2pa-check.mjs FILE [FORMAT]");
  process.exit(2);
}

const require = createRequire(import.meta.url);
initSync({ module: readFileSync(require.resolve("@contentauth/c2pa-wasm/c2pa.wasm")) });

const bytes = new Uint8Array(readFileSync(file));
let reader;
try {
  reader = await WasmReader.fromBytes(format, bytes);
} catch (e) {
  // c2pa-rs refuses the asset as a whole: no manifest, or one it cannot parse at all.
  console.log(JSON.stringify({ manifest: false, error: String(e?.message ?? e) }));
  process.exit(0);
}
try {
  console.log(
    JSON.stringify({
      manifest: true,
      activeLabel: reader.activeLabel() ?? null,
      store: JSON.parse(reader.json()),
    }),
  );
} finally {
  reader.free();
}
