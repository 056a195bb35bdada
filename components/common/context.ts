import * as pulumi from "@pulumi/pulumi";
// The three data sources from their own modules: the package root loads every service module.
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import { AccountContext } from "./policy-documents";

/** The account, region and partition the stack deploys to, from the AWS provider. */
export function accountContext(opts?: pulumi.InvokeOutputOptions): pulumi.Output<AccountContext> {
    return pulumi
        .all([getCallerIdentityOutput({}, opts), getRegionOutput({}, opts), getPartitionOutput({}, opts)])
        .apply(([identity, region, partition]) => ({
            accountId: identity.accountId,
            region: region.region,
            partition: partition.partition,
        }));
}
