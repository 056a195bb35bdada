// npm run docs: regenerates the documents drawn from the dev stack's offline plan (docs/graph.md and
// the README's resource summary). Run it after any change that alters the plan; the drift spec
// (tests/tools/docs-graph.test.ts) fails until the result is committed.
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT, runOfflinePlan } from "./lib/offline";
import { graphDoc, withReadmeSummary } from "./lib/docs-graph";
import { runCli } from "./lib/cli";

/** Formats markdown as the repository's prettier settings do (the lint step checks these files). */
export async function formatMarkdown(text: string, file: string): Promise<string> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const prettier = require("prettier") as typeof import("prettier");
    const options = (await prettier.resolveConfig(file)) ?? {};
    return prettier.format(text, { ...options, filepath: file });
}

/** The generated documents, by path relative to the repository root, formatted. */
export async function generatedDocs(root: string = REPO_ROOT): Promise<Record<string, string>> {
    const { plan } = await runOfflinePlan({ stack: "dev" });
    const graph = path.join(root, "docs", "graph.md");
    const readme = path.join(root, "README.md");
    return {
        "docs/graph.md": await formatMarkdown(graphDoc(plan), graph),
        "README.md": await formatMarkdown(withReadmeSummary(fs.readFileSync(readme, "utf8"), plan), readme),
    };
}

export async function main(argv: string[]): Promise<number> {
    if (argv.length > 0) {
        console.error("usage: npm run docs   (regenerates docs/graph.md and the README's resource summary)");
        return argv.includes("--help") || argv.includes("-h") ? 0 : 2;
    }
    for (const [file, text] of Object.entries(await generatedDocs())) {
        const full = path.join(REPO_ROOT, file);
        const changed = fs.readFileSync(full, "utf8") !== text;
        if (changed) fs.writeFileSync(full, text);
        console.log(`${changed ? "wrote" : "unchanged"} ${file}`);
    }
    return 0;
}

if (require.main === module) runCli(main, "docs", 3);
