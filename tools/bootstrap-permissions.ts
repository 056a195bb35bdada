// npm run bootstrap-permissions [-- --check]
//
// Writes bootstrap/permissions/generated.json from the CloudFormation schemas in
// tests/fixtures/cfn-schemas and the IAM catalog; with --check, exits 1 when the committed file
// differs from what the schemas give (run it after adding or updating a schema).
import * as fs from "fs";
import * as path from "path";
import { GENERATED_FILE, generatePermissionsData, serialize } from "./lib/bootstrap-permissions";
import { runCli } from "./lib/cli";

export async function main(argv: string[]): Promise<number> {
    const unknown = argv.filter((a) => a !== "--check");
    if (unknown.length > 0) {
        process.stderr.write(
            `unknown argument ${JSON.stringify(unknown[0])}\nusage: npm run bootstrap-permissions [-- --check]\n`,
        );
        return 2;
    }
    const text = serialize(await generatePermissionsData());
    const rel = path.relative(process.cwd(), GENERATED_FILE);
    if (argv.includes("--check")) {
        const committed = fs.existsSync(GENERATED_FILE) ? fs.readFileSync(GENERATED_FILE, "utf8") : "";
        if (committed !== text) {
            process.stderr.write(`${rel} is out of date: run npm run bootstrap-permissions\n`);
            return 1;
        }
        process.stdout.write(`${rel} matches the schemas\n`);
        return 0;
    }
    fs.writeFileSync(GENERATED_FILE, text);
    process.stdout.write(`wrote ${rel}\n`);
    return 0;
}

if (require.main === module) runCli(main, "bootstrap-permissions", 3);
