// The main route's JavaScript (index.html's entry and every chunk it loads statically) must stay
// <= 200 KB gzipped; Clerk, Stripe and Agora load only on the pages that need them.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET = 200 * 1024;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const html = readFileSync(resolve(dist, "index.html"), "utf8");
const entries = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/?([^"]+\.js)"/g)].map(
  (m) => m[1],
);
if (entries.length === 0) {
  console.error("check:size: no script in dist/index.html; run `npm run build` first");
  process.exit(1);
}

const seen = new Set();
function visit(file) {
  if (seen.has(file)) return;
  seen.add(file);
  const code = readFileSync(resolve(dist, file), "utf8");
  // Static imports only (`import ... from "./x.js"` / `import "./x.js"`), not `import("./x.js")`.
  for (const match of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w*${}\s,]+from\s*)?["'](\.\.?\/[^"']+\.js)["']/g)) {
    visit(resolve(dirname(resolve(dist, file)), match[1]).slice(dist.length + 1));
  }
}
entries.forEach(visit);

let total = 0;
for (const file of seen) {
  const size = gzipSync(readFileSync(resolve(dist, file))).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(8)} KB  ${file}`);
}
const forbidden = [...seen].filter((f) => /clerk|stripe|agora/i.test(f));
console.log(`${(total / 1024).toFixed(1).padStart(8)} KB  main route total (budget ${BUDGET / 1024} KB gzipped)`);
if (forbidden.length) {
  console.error(`check:size: the main route loads ${forbidden.join(", ")} eagerly`);
  process.exit(1);
}
if (total > BUDGET) {
  console.error("check:size: over budget");
  process.exit(1);
}

// The operator console is its own chunk (React.lazy): never in what a client's page load fetches.
const ADMIN_MARK = "Operator console";
const adminChunks = readdirSync(resolve(dist, "assets")).filter(
  (f) => f.endsWith(".js") && readFileSync(resolve(dist, "assets", f), "utf8").includes(ADMIN_MARK),
);
const eagerAdmin = [...seen].filter((f) => /admin|dailychart/i.test(f) || readFileSync(resolve(dist, f), "utf8").includes(ADMIN_MARK));
if (adminChunks.length !== 1 || !/^AdminArea-/.test(adminChunks[0]) || eagerAdmin.length) {
  console.error(`check:size: the admin code must be one lazy chunk (found ${adminChunks.join(", ")}; eager: ${eagerAdmin.join(", ")})`);
  process.exit(1);
}
console.log(`   admin: ${adminChunks[0]} (lazy, not in the main route)`);
