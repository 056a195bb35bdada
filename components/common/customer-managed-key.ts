import * as pulumi from "@pulumi/pulumi";
import * as kms from "@pulumi/aws/kms";
import { PolicyDocument } from "./policy-documents";

/** What every customer managed key of this program is: symmetric, rotation on, a 30-day deletion wait. */
export const CUSTOMER_MANAGED_KEY_SETTINGS = {
    keyUsage: "ENCRYPT_DECRYPT",
    customerMasterKeySpec: "SYMMETRIC_DEFAULT",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
} as const;

export interface CustomerManagedKeyArgs {
    /**
     * What the key protects (shown in the KMS console).
     * @default — required
     */
    description: string;
    /**
     * The key policy, set with the key. Leave it out only when a separate `kms.KeyPolicy` installs it
     * (the key then starts with AWS's default policy: the account root only; AWS KMS Developer Guide,
     * "Default key policy").
     * @default — none (AWS's default key policy)
     */
    policy?: pulumi.Input<PolicyDocument>;
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

/** Creates a customer managed key with the program's settings; the one place they are written. */
export function customerManagedKey(
    name: string,
    args: CustomerManagedKeyArgs,
    opts: pulumi.CustomResourceOptions,
): kms.Key {
    return new kms.Key(
        name,
        {
            description: args.description,
            ...CUSTOMER_MANAGED_KEY_SETTINGS,
            policy: args.policy === undefined ? undefined : pulumi.output(args.policy).apply((p) => JSON.stringify(p)),
            tags: args.tags,
        },
        opts,
    );
}
