// Parse Mermaid text (stdin) with mermaid's own parser, headless: jsdom stands in for the
// browser. Usage: node mermaid_parse.mjs NODE_MODULES_DIR < diagram.mmd
// Prints {"ok": true, "diagramType": ...} or {"ok": false, "error": ...} (exit 1).
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const modules = process.argv[2];
const require = createRequire(join(modules, "noop.js"));
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const entry = join(modules, "mermaid", "dist", "mermaid.core.mjs");
const { default: mermaid } = await import(pathToFileURL(entry).href);
let text = "";
for await (const chunk of process.stdin) text += chunk;
mermaid.initialize({ startOnLoad: false });
try {
  const result = await mermaid.parse(text);
  console.log(JSON.stringify({ ok: true, diagramType: result.diagramType }));
} catch (err) {
  console.log(JSON.stringify({ ok: false, error: String((err && err.message) || err) }));
  process.exitCode = 1;
}
