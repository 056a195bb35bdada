// ESLint (flat config): TypeScript rules everywhere, Pulumi's rules (no Output inside a template
// literal: use pulumi.interpolate) with type information on the program and its components, and
// prettier's config last so formatting is prettier's job alone. import-x keeps the shape: no import
// cycles anywhere, and a feature folder of components/ imports only components/common/ and its own
// files (components/config/ composes the features, components/index.ts exports them).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";
import prettier from "eslint-config-prettier";
import importX, { createNodeResolver } from "eslint-plugin-import-x";

const FEATURES = ["domain", "streaming", "integrations", "tasks", "monitoring"];
const boundary = "a feature imports components/common/ and its own files, never another feature's internals";

export default tseslint.config(
    {
        ignores: [
            "node_modules/**",
            "bin/**",
            "tmp/**",
            "coverage/**",
            "policies/node_modules/**",
            "**/*.js",
            "**/*.mjs",
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["index.ts", "components/**/*.ts", "bootstrap/**/*.ts"],
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
        },
    },
    {
        files: ["**/*.ts"],
        plugins: { "import-x": importX },
        settings: {
            "import-x/extensions": [".ts", ".js"],
            "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
            "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".json"] })],
        },
        rules: {
            "import-x/no-cycle": ["error", { ignoreExternal: true }],
            "import-x/no-restricted-paths": [
                "error",
                {
                    zones: [
                        ...FEATURES.map((feature) => ({
                            target: `./components/${feature}`,
                            from: "./components",
                            except: [`./${feature}`, "./common"],
                            message: boundary,
                        })),
                        {
                            target: "./components/common",
                            from: "./components",
                            except: ["./common"],
                            message: "components/common/ imports no feature: every feature imports it",
                        },
                    ],
                },
            ],
        },
    },
    {
        rules: {
            // The runtime's own monitor and protobuf objects are untyped; `any` is confined to those seams.
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        },
    },
    prettier,
);
