// The policy list of the pack, importable without starting the analyzer's gRPC server
// (constructing a PolicyPack does that, so index.ts holds only the PolicyPack).
import { EnforcementLevel, Policies } from "@pulumi/policy";
import { confusedDeputy } from "./confused-deputy";
import { customerProfilesDomain } from "./customer-profiles";
import { customerManagedKeys, s3BucketEncryption } from "./encryption";
import { knownActionsAndConditionKeys } from "./known-actions";
import { kmsGrantOperations, kmsKeyPolicy, kmsKeyRotation, kmsLockoutSafety } from "./kms";
import { noBroadManagedPolicies, noNotElements, noStarResource, noWildcardActions } from "./least-privilege";
import { noPrivilegeEscalation } from "./privilege-escalation";
import { connectStorageAfterKeyPolicy, keyServicePrincipalsUsed, workflowRoleOwnDomainKey } from "./stack";

export const PACK_NAME = "connect-customer-profiles-guard";
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PACK_VERSION: string = require("./package.json").version;
/** The pack-wide default; every policy sets its own level, which config files override. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "advisory";

export const policies: Policies = [
    noWildcardActions,
    noNotElements,
    noStarResource,
    noBroadManagedPolicies,
    knownActionsAndConditionKeys,
    noPrivilegeEscalation,
    confusedDeputy,
    kmsKeyPolicy,
    kmsGrantOperations,
    kmsKeyRotation,
    kmsLockoutSafety,
    customerManagedKeys,
    s3BucketEncryption,
    customerProfilesDomain,
    keyServicePrincipalsUsed,
    connectStorageAfterKeyPolicy,
    workflowRoleOwnDomainKey,
];
