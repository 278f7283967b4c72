import { createHash } from "node:crypto";
import { contentSecurityPolicy } from "@shopguide/core/http";

/**
 * A self-contained reader for /api/openapi.json: no external scripts, fonts or CDNs, so it works offline and
 * under a strict Content-Security-Policy. It lists every operation with its parameters, body and responses.
 */
export const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>shopguide API reference</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 960px; padding: 1rem; color: #1a1a1a; }
  h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; text-transform: capitalize; }
  details { border: 1px solid #ddd; border-radius: 6px; margin: .5rem 0; padding: .5rem .75rem; }
  summary { cursor: pointer; } code, pre { font: 13px/1.4 ui-monospace, monospace; }
  pre { background: #f6f6f6; padding: .5rem; overflow: auto; border-radius: 4px; }
  .method { display: inline-block; min-width: 4.5rem; font-weight: 700; text-transform: uppercase; }
  .get { color: #0b6e2e; } .post { color: #0a4fa6; } .put, .patch { color: #8a5300; } .delete { color: #a30d0d; }
</style>
</head>
<body>
<h1>shopguide API reference</h1>
<p>Generated from <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<main id="ops">Loading…</main>
<script type="module">
  const text = (tag, value, cls) => { const el = document.createElement(tag); el.textContent = value; if (cls) el.className = cls; return el; };
  const resolve = (doc, schema) => {
    const seen = new Set();
    const walk = (node) => {
      if (!node || typeof node !== "object") return node;
      if (node.$ref) { const name = node.$ref.split("/").pop(); if (seen.has(name)) return { $ref: name }; seen.add(name); const out = walk(doc.components.schemas[name]); seen.delete(name); return out; }
      if (Array.isArray(node)) return node.map(walk);
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    };
    return walk(schema);
  };
  const doc = await (await fetch("openapi.json")).json();
  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(item)) {
    const tag = (op.tags && op.tags[0]) || "other";
    if (!byTag.has(tag)) byTag.set(tag, []);
    byTag.get(tag).push({ path, method, op });
  }
  const root = document.getElementById("ops"); root.textContent = "";
  for (const [tag, ops] of byTag) {
    root.append(text("h2", tag));
    for (const { path, method, op } of ops) {
      const d = document.createElement("details"); const s = document.createElement("summary");
      s.append(text("span", method, "method " + method), text("code", path), text("span", " — " + (op.summary || "")));
      d.append(s);
      if (op.parameters && op.parameters.length) { d.append(text("h4", "Parameters")); d.append(text("pre", JSON.stringify(op.parameters.map((p) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema })), null, 2))); }
      const body = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
      if (body) { d.append(text("h4", "Request body")); d.append(text("pre", JSON.stringify(resolve(doc, body.schema), null, 2))); }
      d.append(text("h4", "Responses"));
      for (const [status, res] of Object.entries(op.responses || {})) {
        const schema = res.content && Object.values(res.content)[0] && Object.values(res.content)[0].schema;
        d.append(text("p", status + " " + (res.description || "")));
        if (schema) d.append(text("pre", JSON.stringify(resolve(doc, schema), null, 2)));
      }
      root.append(d);
    }
  }
</script>
</body>
</html>`;

function hashesOf(tag: "script" | "style"): string[] {
  const pattern = new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, "g");
  return [...docsPage.matchAll(pattern)].map(
    ([, body]) =>
      `'sha256-${createHash("sha256")
        .update(body ?? "")
        .digest("base64")}'`,
  );
}

/** The page's inline script and style are allowed by hash, so the strict policy still holds. */
export const docsPageCsp = contentSecurityPolicy({
  scriptHashes: hashesOf("script"),
  styleHashes: hashesOf("style"),
});
