// Component arguments are documented the way the AWS CDK documents its props: a doc comment on
// every field, with an `@default` tag. Features are added to DOCUMENTED as their Args are brought
// to this standard.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const DOCUMENTED = [
    "components/domain",
    "components/streaming",
    "components/integrations",
    "components/tasks",
    "components/monitoring",
    "components/common",
    "components/audit",
];
const ROOT = path.resolve(__dirname, "..", "..");

function undocumentedFields(file: string): string[] {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const out: string[] = [];
    source.forEachChild((node) => {
        if (!ts.isInterfaceDeclaration(node) || !node.name.text.endsWith("Args")) return;
        for (const member of node.members) {
            const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
            const name = `${node.name.text}.${member.name?.getText(source)}`;
            if (docs.length === 0) out.push(`${name}: no doc comment`);
            else if (!docs.some((d) => d.tags?.some((t) => t.tagName.text === "default")))
                out.push(`${name}: no @default`);
        }
    });
    return out;
}

describe("component arguments are documented (doc comment and @default on every field)", () => {
    for (const dir of DOCUMENTED)
        it(dir, () => {
            const files = fs
                .readdirSync(path.join(ROOT, dir))
                .filter((f) => f.endsWith(".ts"))
                .map((f) => path.join(ROOT, dir, f));
            assert.deepEqual(files.flatMap(undocumentedFields), []);
        });
});
