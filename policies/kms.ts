// KMS: key-policy least privilege and CreateGrant, grant operations, rotation, lockout safety.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { kmsFindings } from "./lib/analysis";
import { documentRule, resourceRule, stringList } from "./lib/rule";

export const kmsKeyPolicy: ResourceValidationPolicy = documentRule(
    {
        name: "kms-least-privilege-grants",
        description:
            "kms:* only for the account root in key policies; kms:CreateGrant only when bound to a service (source conditions, kms:ViaService or kms:GrantIsForAWSResource) or to named grant operations, and never with CreateGrant among the granted operations.",
        remediationSteps:
            'Grant named KMS actions; add Condition StringEquals kms:ViaService = "SERVICE.REGION.amazonaws.com" or Bool kms:GrantIsForAWSResource = true to CreateGrant, or ForAllValues:StringEquals kms:GrantOperations = ["Decrypt", …] without CreateGrant.',
        enforcementLevel: "mandatory",
    },
    (doc, kind) => kmsFindings(doc, kind),
);

const DEFAULT_GRANT_OPERATIONS = [
    "Decrypt",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "ReEncryptFrom",
    "ReEncryptTo",
    "DescribeKey",
];

export const kmsGrantOperations: ResourceValidationPolicy = resourceRule<{ allowedOperations?: string[] }>(
    {
        name: "kms-grant-narrow-operations",
        description:
            "KMS grants must give the narrowest operations: never CreateGrant, and only cryptographic operations from the allowlist.",
        remediationSteps: "Give the grant only the operations its grantee calls (usually Decrypt and GenerateDataKey).",
        enforcementLevel: "mandatory",
        config: {
            allowedOperations: stringList(
                "Grant operations accepted (CreateGrant is never accepted).",
                DEFAULT_GRANT_OPERATIONS,
            ),
        },
    },
    (args, report, config) => {
        if (args.type !== "aws:kms/grant:Grant") {
            args.notApplicable("not a KMS grant");
        }
        const ops = Array.isArray(args.props.operations) ? (args.props.operations as unknown[]).map(String) : [];
        const allowed = config.allowedOperations ?? DEFAULT_GRANT_OPERATIONS;
        if (ops.includes("CreateGrant")) {
            report("the grant includes CreateGrant, so its grantee can hand the key on to anyone");
        }
        const extra = ops.filter((o) => o !== "CreateGrant" && !allowed.includes(o));
        if (extra.length > 0) {
            report(`the grant gives operations outside the allowlist: ${extra.join(", ")}`);
        }
        if (ops.length === 0) {
            report("the grant names no operations");
        }
    },
);

const KEY_TYPES = ["aws:kms/key:Key", "aws-native:kms:Key"];

export const kmsKeyRotation: ResourceValidationPolicy = resourceRule(
    {
        name: "kms-key-rotation-enabled",
        description: "Symmetric customer managed keys must have automatic rotation enabled.",
        remediationSteps: "Set enableKeyRotation: true on the key.",
        enforcementLevel: "mandatory",
    },
    (args, report) => {
        if (!KEY_TYPES.includes(args.type)) {
            args.notApplicable("not a KMS key");
        }
        const spec = args.props.customerMasterKeySpec ?? args.props.keySpec;
        if (spec !== undefined && spec !== "SYMMETRIC_DEFAULT") {
            args.notApplicable(`rotation does not apply to ${String(spec)} keys`);
        }
        if (args.props.enableKeyRotation !== true) {
            report("automatic key rotation is off");
        }
    },
);

export const kmsLockoutSafety: ResourceValidationPolicy = resourceRule(
    {
        name: "kms-no-lockout-bypass",
        description: "Key policies must not bypass the policy lockout safety check.",
        remediationSteps: "Remove bypassPolicyLockoutSafetyCheck (or set it to false).",
        enforcementLevel: "mandatory",
    },
    (args, report) => {
        if (![...KEY_TYPES, "aws:kms/keyPolicy:KeyPolicy"].includes(args.type)) {
            args.notApplicable("not a KMS key or key policy");
        }
        if (args.props.bypassPolicyLockoutSafetyCheck === true) {
            report(
                "bypassPolicyLockoutSafetyCheck is true: a policy that locks every principal out of the key would be accepted",
            );
        }
    },
);
