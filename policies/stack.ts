// Stack-level rules: keys grant services only for resources that use them; Connect streaming waits
// for the key policy that admits the instance's service-linked role; an integration-workflow role
// is scoped to its own domain's key.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { conditionEntries, patternCovers } from "./lib/analysis";
import {
    hasUnknownDocument,
    HeldDocument,
    keyPolicies,
    keyPolicyHolders,
    resourcePolicies,
    resourcePolicyHolders,
    roleIdentityPolicies,
    trustPolicy,
} from "./lib/stackdocs";
import { stackRule, stringList } from "./lib/rule";
import {
    cannotJudge,
    dependsTransitively,
    DOMAIN_TYPES,
    KEY_TYPES,
    KEY_USERS,
    normaliseServicePrincipal,
    PRODUCERS,
    ofType,
    referent,
    ROLE_TYPES,
    safeString,
    UNKNOWN_VALUE,
    valueNames,
} from "./lib/stack";

/**
 * For every key, the resources that encrypt with it, with the service principals that act for
 * each. One pass over the stack: each resource's key reference is resolved once, not once per key.
 * `unsure` lists what cannot be known during preview (a key reference or a resource policy that
 * is unknown), so that a grant without a known user is not judged until apply.
 */
function keyUsersByKey(all: PolicyResource[]): {
    users: Map<PolicyResource, { r: PolicyResource; services: string[] }[]>;
    unsure: (key: PolicyResource) => string[];
} {
    const keys = ofType(all, ...KEY_TYPES);
    const out = new Map<PolicyResource, { r: PolicyResource; services: string[] }[]>(keys.map((k) => [k, []]));
    const anyKey: string[] = [];
    const byKey = new Map<PolicyResource, string[]>();
    for (const r of all) {
        for (const use of KEY_USERS[r.type] ?? []) {
            const key = referent(r, use.path, keys, all);
            if (key === UNKNOWN_VALUE) {
                anyKey.push(`the key of ${r.name}`);
            }
            const users = key && key !== UNKNOWN_VALUE ? out.get(key) : undefined;
            if (users) {
                for (const holder of resourcePolicyHolders(r, all)) {
                    if (hasUnknownDocument(holder)) {
                        byKey.set(key as PolicyResource, [
                            ...(byKey.get(key as PolicyResource) ?? []),
                            `the policy of ${holder.name}`,
                        ]);
                    }
                }
                const services = [...use.services];
                // Producers that write to an encrypted queue or topic need the key too.
                if (["aws:sqs/queue:Queue", "aws-native:sqs:Queue", "aws:sns/topic:Topic"].includes(r.type)) {
                    for (const h of resourcePolicies(r, all)) {
                        for (const s of h.doc.statements) {
                            if (s.effect === "Allow") {
                                services.push(...(s.principal?.service ?? []).map(normaliseServicePrincipal));
                            }
                        }
                    }
                }
                for (const prod of PRODUCERS) {
                    if (ofType(all, prod.type).some((x) => referent(x, prod.path, [r], all) === r)) {
                        services.push(prod.service);
                    }
                }
                users.push({ r, services });
            }
        }
    }
    return { users: out, unsure: (key) => [...new Set([...anyKey, ...(byKey.get(key) ?? [])])] };
}

export const keyServicePrincipalsUsed: StackValidationPolicy = stackRule<{ allowedServicePrincipals?: string[] }>(
    {
        name: "kms-key-service-principals-used",
        description:
            "A key policy may grant a service principal only when a resource in the stack that the service acts for is encrypted with that key.",
        remediationSteps:
            "Remove the service statement from the key policy, or encrypt the resource that needs it with this key.",
        enforcementLevel: "mandatory",
        config: {
            allowedServicePrincipals: stringList(
                "Service principals accepted in key policies without a using resource in this stack (e.g. resources managed elsewhere).",
            ),
        },
    },
    (args, report, config) => {
        const all = args.resources;
        const keys = ofType(all, ...KEY_TYPES);
        if (keys.length === 0) {
            args.notApplicable("no KMS keys");
        }
        const { users: usersByKey, unsure } = keyUsersByKey(all);
        const notJudged: string[] = [];
        for (const key of keys) {
            const users = usersByKey.get(key) ?? [];
            const justified = new Set(users.flatMap((u) => u.services));
            for (const h of keyPolicies(key, all)) {
                for (const s of h.doc.statements) {
                    if (s.effect !== "Allow") {
                        continue;
                    }
                    for (const p of s.principal?.service ?? []) {
                        const n = normaliseServicePrincipal(p);
                        if (!justified.has(n) && !(config.allowedServicePrincipals ?? []).includes(p)) {
                            const unknowns = unsure(key);
                            if (unknowns.length > 0) {
                                notJudged.push(`key ${key.name} grants ${p} (unknown: ${unknowns.join(", ")})`);
                                continue;
                            }
                            report(
                                `key ${key.name}: ${h.holder.name} ${s.sid ? `statement "${s.sid}"` : `statement ${s.index}`} grants ${p}, but no resource in the stack that ${p} acts for is encrypted with this key`,
                                h.holder.urn,
                            );
                        }
                    }
                }
            }
        }
        cannotJudge(notJudged);
    },
);

const CONNECT_SLR =
    /^arn:aws[a-z-]*:iam::\d{12}:role\/aws-service-role\/connect\.amazonaws\.com\/AWSServiceRoleForAmazonConnect/;

/** The key that protects the data a storage config sends, if any. */
function storageKey(sc: PolicyResource, all: PolicyResource[]): PolicyResource | typeof UNKNOWN_VALUE | undefined {
    const keys = ofType(all, ...KEY_TYPES);
    const streams = ofType(all, "aws:kinesis/stream:Stream");
    const firehoses = ofType(all, "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
    const direct =
        referent(sc, ["storageConfig", "s3Config", "encryptionConfig", "keyId"], keys, all) ??
        referent(sc, ["storageConfig", "kinesisVideoStreamConfig", "encryptionConfig", "keyId"], keys, all);
    if (direct) {
        return direct;
    }
    const stream = referent(sc, ["storageConfig", "kinesisStreamConfig", "streamArn"], streams, all);
    if (stream === UNKNOWN_VALUE) {
        return UNKNOWN_VALUE;
    }
    if (stream) {
        return referent(stream, ["kmsKeyId"], keys, all);
    }
    const fh = referent(sc, ["storageConfig", "kinesisFirehoseConfig", "firehoseArn"], firehoses, all);
    if (fh === UNKNOWN_VALUE) {
        return UNKNOWN_VALUE;
    }
    return fh ? referent(fh, ["serverSideEncryption", "keyArn"], keys, all) : undefined;
}

export const connectStorageAfterKeyPolicy: StackValidationPolicy = stackRule(
    {
        name: "connect-storage-after-key-policy",
        description:
            "Every Connect instance storage config that streams to a KMS-encrypted target must depend on the key policy that grants the instance's service-linked role kms:GenerateDataKey (otherwise data is lost until the policy exists).",
        remediationSteps:
            "Add a key-policy statement for the instance's ServiceRole (arn:aws:iam::ACCOUNT:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_…) with kms:GenerateDataKey, and give the storage config dependsOn: [thatKeyPolicy].",
        enforcementLevel: "mandatory",
    },
    (args, report) => {
        const all = args.resources;
        const configs = ofType(all, "aws:connect/instanceStorageConfig:InstanceStorageConfig");
        if (configs.length === 0) {
            args.notApplicable("no Connect instance storage configs");
        }
        const instances = ofType(all, "aws:connect/instance:Instance");
        const notJudged: string[] = [];
        for (const sc of configs) {
            const key = storageKey(sc, all);
            if (!key || key === UNKNOWN_VALUE) {
                continue; // unencrypted targets are the encryption rule's concern
            }
            const instance = referent(sc, ["instanceId"], instances, all);
            const slr =
                instance && instance !== UNKNOWN_VALUE ? safeString(instance.props, ["serviceRole"]) : undefined;
            const admitting = keyPolicies(key, all).filter((h) =>
                h.doc.statements.some(
                    (s) =>
                        s.effect === "Allow" &&
                        (s.actions ?? []).some((a) => patternCovers(a, "kms:GenerateDataKey")) &&
                        (s.principal?.aws ?? []).some((p) =>
                            typeof slr === "string" ? p === slr : CONNECT_SLR.test(p),
                        ),
                ),
            );
            if (admitting.length === 0) {
                const unknownPolicies = keyPolicyHolders(key, all).filter(hasUnknownDocument);
                if (unknownPolicies.length > 0) {
                    notJudged.push(
                        `storage config ${sc.name} (policy of key ${key.name} unknown: ${unknownPolicies.map((h) => h.name).join(", ")})`,
                    );
                    continue;
                }
                report(
                    `storage config ${sc.name}: no policy of key ${key.name} grants the Connect instance's service-linked role${typeof slr === "string" ? ` (${slr})` : ""} kms:GenerateDataKey`,
                    sc.urn,
                );
                continue;
            }
            if (!admitting.some((h) => dependsTransitively(sc, h.holder))) {
                report(
                    `storage config ${sc.name} does not depend on ${admitting.map((h) => h.holder.name).join(" or ")}, the key policy that admits the Connect service-linked role`,
                    sc.urn,
                );
            }
        }
        cannotJudge(notJudged);
    },
);

function workflowDomainName(trust: HeldDocument["doc"]): string[] {
    const names: string[] = [];
    for (const s of trust.statements) {
        if (s.effect === "Allow" && s.principal?.service.includes("profile.amazonaws.com")) {
            for (const e of conditionEntries(s, "aws:SourceArn")) {
                for (const v of e.values) {
                    const m = /:domains\/([^/]+)$/.exec(v);
                    if (m) {
                        names.push(m[1]);
                    }
                }
            }
        }
    }
    return names;
}

export const workflowRoleOwnDomainKey: StackValidationPolicy = stackRule(
    {
        name: "workflow-role-own-domain-key",
        description:
            "An IAM role that Customer Profiles assumes for integration workflows must grant KMS actions only on its own domain's key (AWS: such a role works only for its domain).",
        remediationSteps:
            "Set the Resource of the role's kms statements to the ARN of the key in the domain's defaultEncryptionKey.",
        enforcementLevel: "mandatory",
    },
    (args, report) => {
        const all = args.resources;
        const roles = ofType(all, ...ROLE_TYPES).filter((r) => {
            const t = trustPolicy(r);
            return (
                !!t &&
                t.statements.some((s) => s.effect === "Allow" && s.principal?.service.includes("profile.amazonaws.com"))
            );
        });
        if (roles.length === 0) {
            args.notApplicable("no role trusted by profile.amazonaws.com");
        }
        const domains = ofType(all, ...DOMAIN_TYPES);
        const keys = ofType(all, ...KEY_TYPES);
        for (const role of roles) {
            const names = workflowDomainName(trustPolicy(role)!);
            const candidates =
                names.length > 0
                    ? domains.filter((d) => names.includes(String(safeString(d.props, ["domainName"]))))
                    : domains;
            if (candidates.length !== 1) {
                report(
                    `role ${role.name}: cannot tell its domain (${names.length > 0 ? `trust names ${names.join(", ")}` : "no aws:SourceArn in its trust policy"}, ${candidates.length} matching domains in the stack)`,
                    role.urn,
                );
                continue;
            }
            const domain = candidates[0];
            const key = referent(domain, ["defaultEncryptionKey"], keys, all);
            if (key === UNKNOWN_VALUE) {
                continue;
            }
            const keyArn = key ? safeString(key.props, ["arn"]) : safeString(domain.props, ["defaultEncryptionKey"]);
            for (const h of roleIdentityPolicies(role, all)) {
                for (const s of h.doc.statements) {
                    if (
                        s.effect !== "Allow" ||
                        !(s.actions ?? []).some((a) => a === "*" || a.toLowerCase().startsWith("kms:"))
                    ) {
                        continue;
                    }
                    const label = `${h.holder.name} ${s.sid ? `statement "${s.sid}"` : `statement ${s.index}`}`;
                    if (s.notResources || !s.resources) {
                        report(
                            `role ${role.name}: ${label} grants KMS actions without naming the domain's key`,
                            h.holder.urn,
                        );
                        continue;
                    }
                    const other = s.resources.filter((res) => {
                        if (res.includes("04da6b54-80e4-46f7-96ec-b56ff0331ba9") || keyArn === UNKNOWN_VALUE) {
                            return false;
                        }
                        if (key) {
                            return !(res === keyArn || valueNames(res, key, all));
                        }
                        return res !== keyArn;
                    });
                    if (other.length > 0) {
                        report(
                            `role ${role.name}: ${label} grants KMS actions on ${other.map((x) => `"${x}"`).join(", ")}, not only on domain ${String(safeString(domain.props, ["domainName"]))}'s key`,
                            h.holder.urn,
                        );
                    }
                }
            }
        }
    },
);
