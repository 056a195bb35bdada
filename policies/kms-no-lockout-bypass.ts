// Policy kms-no-lockout-bypass.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceRule } from "./lib/rule";
import { KEY_TYPES } from "./lib/stack";
export const kmsNoLockoutBypass: ResourceValidationPolicy = resourceRule(
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
