// ESLint (flat config): TypeScript rules everywhere, Pulumi's rules (no Output inside a template
// literal: use pulumi.interpolate) with type information on the program and its components, and
// prettier's config last so formatting is prettier's job alone.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";
import prettier from "eslint-config-prettier";

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
        files: ["index.ts", "components/**/*.ts"],
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
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
