// The policy list of the pack, importable without starting the analyzer's gRPC server
// (constructing a PolicyPack does that, so index.ts holds only the PolicyPack).
// One policy per file: the file name is the policy name, the export its camelCase form.
import { EnforcementLevel, Policies } from "@pulumi/policy";
import { confusedDeputySourceConditions } from "./confused-deputy-source-conditions";
import { connectDomainNamePrefix } from "./connect-domain-name-prefix";
import { connectStorageAfterKeyPolicy } from "./connect-storage-after-key-policy";
import { customerProfilesDomainProtection } from "./customer-profiles-domain-protection";
import { dataEgress } from "./data-egress";
import { encryptionCustomerManagedKeys } from "./encryption-customer-managed-keys";
import { iamKnownActionsAndConditionKeys } from "./iam-known-actions-and-condition-keys";
import { iamNoBroadManagedPolicies } from "./iam-no-broad-managed-policies";
import { iamNoNotElementsWithAllow } from "./iam-no-not-elements-with-allow";
import { iamNoPrivilegeEscalation } from "./iam-no-privilege-escalation";
import { iamNoStarResourceOnScopedActions } from "./iam-no-star-resource-on-scoped-actions";
import { iamNoWildcardActions } from "./iam-no-wildcard-actions";
import { iamPassRoleBound } from "./iam-pass-role-bound";
import { iamResourcesNamedWhereKnown } from "./iam-resources-named-where-known";
import { iamServiceRolesNoResourceAdmin } from "./iam-service-roles-no-resource-admin";
import { kmsGrantNarrowOperations } from "./kms-grant-narrow-operations";
import { kmsKeyConditions } from "./kms-key-conditions";
import { kmsKeyRotationEnabled } from "./kms-key-rotation-enabled";
import { kmsKeyServicePrincipalsUsed } from "./kms-key-service-principals-used";
import { kmsLeastPrivilegeGrants } from "./kms-least-privilege-grants";
import { kmsNoLockoutBypass } from "./kms-no-lockout-bypass";
import { otherAccounts } from "./other-accounts";
import { referencesWaitForReferents } from "./references-wait-for-referents";
import { s3AclsDisabled } from "./s3-acls-disabled";
import { s3BucketCmkEncryption } from "./s3-bucket-cmk-encryption";
import { s3PublicAccessBlocked } from "./s3-public-access-blocked";
import { s3VersioningEnabled } from "./s3-versioning-enabled";
import { serviceStatementsDocumented } from "./service-statements-documented";
import { transportTlsOnly } from "./transport-tls-only";
import { webIdentityTrust } from "./web-identity-trust";
import { workflowRoleOwnDomainKey } from "./workflow-role-own-domain-key";

export const PACK_NAME = "connect-customer-profiles-guard";
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PACK_VERSION: string = require("./package.json").version;
/** The pack-wide default; every policy sets its own level, which config files override. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "advisory";

export const policies: Policies = [
    iamNoWildcardActions,
    iamNoNotElementsWithAllow,
    iamNoStarResourceOnScopedActions,
    iamNoBroadManagedPolicies,
    iamKnownActionsAndConditionKeys,
    iamNoPrivilegeEscalation,
    iamResourcesNamedWhereKnown,
    iamPassRoleBound,
    iamServiceRolesNoResourceAdmin,
    confusedDeputySourceConditions,
    otherAccounts,
    webIdentityTrust,
    kmsLeastPrivilegeGrants,
    kmsKeyConditions,
    kmsGrantNarrowOperations,
    kmsKeyRotationEnabled,
    kmsNoLockoutBypass,
    encryptionCustomerManagedKeys,
    s3BucketCmkEncryption,
    transportTlsOnly,
    s3PublicAccessBlocked,
    s3VersioningEnabled,
    s3AclsDisabled,
    customerProfilesDomainProtection,
    connectDomainNamePrefix,
    kmsKeyServicePrincipalsUsed,
    connectStorageAfterKeyPolicy,
    workflowRoleOwnDomainKey,
    referencesWaitForReferents,
    dataEgress,
    serviceStatementsDocumented,
];
