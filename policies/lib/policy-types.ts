// Every policy-bearing type of classic @pulumi/aws and @pulumi/aws-native, in one place (issue 22): a
// type whose inputs carry a policy property is either read by the pack (its documents: lib/documents.ts
// `DOCUMENT_TYPES`; a principal outside a document: other-accounts `PRINCIPAL_PROPS`) or listed here with
// the reason it is not. tests/policies/policy-types.test.ts derives the types from the installed
// packages' own definitions (each resource's `__pulumiType` and its `…Args` interface) and fails on a
// type in neither list, so a provider upgrade that adds a policy-bearing type cannot go unnoticed.
import { DOCUMENT_TYPES } from "./documents";

/** The input property names that hold a policy (IAM or not): what the coverage test looks for. */
export const POLICY_PROPERTY_NAMES = [
    "policy",
    "policyDocument",
    "policyText",
    "accessPolicy",
    "accessPolicies",
    "keyPolicy",
    "resourcePolicy",
    "assumeRolePolicy",
    "assumeRolePolicyDocument",
    "inlinePolicies",
    "resourceBasedPolicy",
    "trustPolicy",
    "permissionsPolicy",
    "policyJson",
];

const NOT_IAM = "the property is not an IAM policy document and grants no AWS principal access";
const SESSION = "a session policy: it can only narrow the permissions of the role it is passed with, never grant";
const NESTED =
    "the resource policy is nested in an object (`{policyDocument|policy: …}`), not read yet: a plan holding one is not judged by the access rules (known gap)";

/** Policy-bearing types the pack does not read, with the reason. */
export const OUT_OF_SCOPE: Record<string, string> = {
    "aws:cfg/organizationCustomPolicyRule:OrganizationCustomPolicyRule": `${NOT_IAM} (AWS Config Guard rule text)`,
    "aws:cloudwatch/logAccountPolicy:LogAccountPolicy": `${NOT_IAM} (data protection or subscription filter account policy; the subscription's destination is judged by data-egress only for subscription filters)`,
    "aws-native:logs:AccountPolicy": `${NOT_IAM} (data protection or subscription filter account policy)`,
    "aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy": `${NOT_IAM} (data protection: masking rules)`,
    "aws:cloudwatch/logIndexPolicy:LogIndexPolicy": `${NOT_IAM} (field index policy)`,
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": `${NOT_IAM} (image lifecycle rules)`,
    "aws:sns/dataProtectionPolicy:DataProtectionPolicy": `${NOT_IAM} (message data protection)`,
    "aws:resiliencehub/resiliencyPolicy:ResiliencyPolicy": `${NOT_IAM} (RTO/RPO targets)`,
    "aws-native:resiliencehub:ResiliencyPolicy": `${NOT_IAM} (RTO/RPO targets)`,
    "aws:ses/receiptFilter:ReceiptFilter": `${NOT_IAM} (an IP address filter: Allow or Block)`,
    "aws:opensearch/serverlessLifecyclePolicy:ServerlessLifecyclePolicy": `${NOT_IAM} (data retention rules)`,
    "aws-native:opensearchserverless:LifecyclePolicy": `${NOT_IAM} (data retention rules)`,
    "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy": `${NOT_IAM} (encryption or network policy)`,
    "aws-native:opensearchserverless:SecurityPolicy": `${NOT_IAM} (encryption or network policy)`,
    "aws:opensearch/serverlessAccessPolicy:ServerlessAccessPolicy":
        "an OpenSearch Serverless data access policy: its own JSON format (Rules/Principal lists), not an IAM document; not judged (known gap)",
    "aws-native:opensearchserverless:AccessPolicy":
        "an OpenSearch Serverless data access policy: its own JSON format, not an IAM document; not judged (known gap)",
    "aws:networkmanager/coreNetworkPolicyAttachment:CoreNetworkPolicyAttachment": `${NOT_IAM} (Cloud WAN network policy)`,
    "aws-native:networkmanager:CoreNetwork": `${NOT_IAM} (Cloud WAN network policy)`,
    "aws:verifiedaccess/endpoint:Endpoint":
        "a Verified Access policy is written in Cedar, not IAM; not judged (known gap)",
    "aws:verifiedaccess/group:Group": "a Verified Access policy is written in Cedar, not IAM; not judged (known gap)",
    "aws-native:ec2:VerifiedAccessEndpoint":
        "a Verified Access policy is written in Cedar, not IAM; not judged (known gap)",
    "aws-native:ec2:VerifiedAccessGroup":
        "a Verified Access policy is written in Cedar, not IAM; not judged (known gap)",
    "aws-native:eks:AccessEntry": `${NOT_IAM} (Kubernetes access policies by name)`,
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": SESSION,
    "aws-native:eks:PodIdentityAssociation": SESSION,
    "aws:transfer/access:Access": SESSION,
    "aws:transfer/user:User": SESSION,
    "aws-native:transfer:User": SESSION,
    "aws:iot/policy:Policy":
        "an AWS IoT Core policy: granted to certificates and Cognito identities of the account, with no Principal element; not judged (known gap)",
    "aws-native:iot:Policy":
        "an AWS IoT Core policy: granted to certificates and Cognito identities of the account, with no Principal element; not judged (known gap)",
    "aws:iot/policyAttachment:PolicyAttachment": "names an IoT policy by name; carries no document",
    "aws-native:dynamodb:Table": NESTED,
    "aws-native:osis:Pipeline": NESTED,
    "aws-native:rum:AppMonitor": NESTED,
    "aws-native:paymentcryptography:Key":
        "a Payment Cryptography key's `policy` is not documented as an IAM document in the installed schema; not judged (known gap)",
};

/** Types whose principal is a property outside a document (read by other-accounts). */
export const PRINCIPAL_TYPES = [
    "aws:kms/grant:Grant",
    "aws:cloudwatch/eventPermission:EventPermission",
    "aws:lambda/permission:Permission",
    "aws-native:events:EventBusPolicy",
    "aws-native:lambda:Permission",
];

/** Every type the pack reads a policy or principal of. */
export const READ_TYPES = [...new Set([...DOCUMENT_TYPES, ...PRINCIPAL_TYPES])];
