import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import { featureBoundaries } from "./eslint/boundaries.js";

// Route components (app/routes) stay thin: data comes through feature hooks, never a fetch or the API
// client in the page itself.
const THIN_ROUTES = {
  files: ["src/app/routes/**/*.{ts,tsx}"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          { group: ["**/api/client", "openapi-fetch"], message: "Pages call the API only through a feature's api hook." },
        ],
      },
    ],
    "no-restricted-syntax": [
      "error",
      { selector: "CallExpression[callee.name='fetch']", message: "Pages fetch only through a feature's api hook." },
      {
        selector: "MemberExpression[property.name=/^(GET|POST|PUT|PATCH|DELETE)$/]",
        message: "Pages call the API only through a feature's api hook.",
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/api/schema.d.ts"] },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ["**/*.{ts,tsx}"],
    languageOptions: { ecmaVersion: 2022, globals: globals.browser },
    plugins: { "react-hooks": reactHooks, soulseer: { rules: { "feature-boundaries": featureBoundaries } } },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "soulseer/feature-boundaries": "error",
    },
  },
  THIN_ROUTES,
  { files: ["scripts/**/*.mjs", "eslint/**/*.js"], languageOptions: { globals: globals.node } },
);
