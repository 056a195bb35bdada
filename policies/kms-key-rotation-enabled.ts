// Policy kms-key-rotation-enabled.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceRule } from "./lib/rule";
import { KEY_TYPES } from "./lib/stack";

export const kmsKeyRotationEnabled: ResourceValidationPolicy = resourceRule(
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
