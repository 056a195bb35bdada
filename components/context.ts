import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { AccountContext } from "./policy-documents";

/** The account, region and partition the stack deploys to, from the AWS provider. */
export function accountContext(opts?: pulumi.InvokeOutputOptions): pulumi.Output<AccountContext> {
    return pulumi
        .all([aws.getCallerIdentityOutput({}, opts), aws.getRegionOutput({}, opts), aws.getPartitionOutput({}, opts)])
        .apply(([identity, region, partition]) => ({ accountId: identity.accountId, region: region.region, partition: partition.partition }));
}
