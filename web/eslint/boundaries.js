// Import boundaries of the feature folders (in the spirit of bulletproof-react's import/no-restricted-paths):
// shared code (api, auth, components, config, lib, ws) -> features -> app. A feature may import shared code
// and its own files, never another feature's (compose features in app/routes instead) and never app/.
// Shared code imports neither features nor app. Relative imports are resolved, so `../../wallet/...` is
// caught as well as a deep path.
import path from "node:path";

const SRC = `${path.sep}src${path.sep}`;

function area(file) {
  const at = file.lastIndexOf(SRC);
  if (at < 0) return null;
  const parts = file.slice(at + SRC.length).split(path.sep);
  if (parts[0] === "features") return { kind: "feature", name: parts[1] };
  if (parts[0] === "app") return { kind: "app" };
  if (parts.length === 1) return { kind: "root" };
  return { kind: "shared" };
}

export const featureBoundaries = {
  meta: { type: "problem", messages: { cross: "{{from}} may not import {{to}}: {{why}}" } },
  create(context) {
    const file = context.filename;
    const here = area(file);
    if (!here || here.kind === "app" || here.kind === "root") return {};
    return {
      ImportDeclaration(node) {
        const source = node.source.value;
        if (typeof source !== "string" || !source.startsWith(".")) return;
        const there = area(path.resolve(path.dirname(file), source));
        if (!there) return;
        let why = null;
        if (there.kind === "app") why = "app/ composes features; nothing below it imports it";
        else if (here.kind === "shared" && there.kind === "feature") why = "shared code cannot depend on a feature";
        else if (here.kind === "feature" && there.kind === "feature" && there.name !== here.name)
          why = "features do not import each other; compose them in an app/routes page";
        if (why)
          context.report({
            node: node.source,
            messageId: "cross",
            data: { from: here.kind === "feature" ? `features/${here.name}` : "shared code", to: source, why },
          });
      },
    };
  },
};
