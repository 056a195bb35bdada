// Policy kms-grant-narrow-operations.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { DEFAULT_GRANT_OPERATIONS } from "./lib/kms";
import { resourceRule, stringList } from "./lib/rule";

export const kmsGrantNarrowOperations: ResourceValidationPolicy = resourceRule<{ allowedOperations?: string[] }>(
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
