// Every policy-bearing type of classic @pulumi/aws and @pulumi/aws-native, in one place (issue 22): a
// type whose inputs carry a policy property is either read by the pack (its documents: lib/documents.ts
// `DOCUMENT_TYPES`; a principal outside a document: other-accounts `PRINCIPAL_PROPS`) or listed here with
// the reason it is not. tests/policies/policy-types.test.ts derives the types from the installed
// packages' own definitions (each resource's `__pulumiType` and its `…Args` interface) and fails on a
// type in neither list, so a provider upgrade that adds a policy-bearing type cannot go unnoticed.
import { DOCUMENT_TYPES } from "./documents";

/**
 * The input property names that may hold a policy or a principal (IAM or not): what the coverage test
 * looks for, by pattern so that a new name (`fooPolicyDocument`) fails the test until it is read or listed.
 * `content` of an Organizations policy is matched by the test for organizations types only.
 */
export const POLICY_PROPERTY_PATTERN =
    /[Pp]olic(y|ies)(Document|Text|Json|Template)?$|PolicyDocument$|[Pp]rincipals?$|^sharedAccounts$|^targetAccountId$|^account$/;

/**
 * Grants whose property name is too common for the pattern (`accountId` names the caller's own account on
 * dozens of types; `permissions` is a setting on most): listed by type, and the coverage test checks each
 * is still an input of its type. Read by other-accounts (PRINCIPAL_PROPS; a dotted name is a nested path).
 */
export const EXPLICIT_GRANT_PROPS: Record<string, string[]> = {
    // AWS Config Developer Guide, "Authorizing Aggregator Accounts": the authorized account collects this
    // account's configuration data.
    "aws:cfg/aggregateAuthorization:AggregateAuthorization": ["accountId"],
    // AWS Systems Manager User Guide, "Sharing SSM documents": accountIds "All" makes the document public.
    "aws:ssm/document:Document": ["permissions.accountIds"],
};

/**
 * Property names the pattern matches that never hold an IAM policy or principal, with the reason: an
 * unlisted name the pattern matches is a candidate the test reports.
 */
export const NOT_POLICY_NAMES: Record<string, string> = {
    scalingPolicy: "Auto Scaling / Application Auto Scaling rules, not IAM",
    targetTrackingScalingPolicy: "scaling rules, not IAM",
    tlsPolicy: "a TLS negotiation policy name (cipher suites)",
    sslPolicy: "an SSL negotiation policy name (cipher suites)",
    securityPolicy: "a TLS security policy name (API Gateway, Transfer, load balancers)",
    redrivePolicy: "an SQS dead-letter redrive setting (deadLetterTargetArn, maxReceiveCount)",
    redriveAllowPolicy: "which source queues may use a dead-letter queue, by queue ARN: not a grant to a principal",
    lifecyclePolicy: "object or image retention rules",
    lifecyclePolicies: "object or file retention rules",
    deliveryPolicy: "SNS retry and throttling settings",
    filterPolicy: "SNS message filter",
    archivePolicy: "SNS message archive retention",
    dataProtectionPolicy: "message or log data masking rules",
    retentionPolicy: "data retention rules",
    backupPolicy: "EFS backup on/off",
    cachePolicy: "CloudFront cache key settings",
    originRequestPolicy: "CloudFront request forwarding",
    responseHeadersPolicy: "CloudFront response headers",
    placementPolicy: "instance placement",
    patchPolicy: "patching rules",
    terminationPolicies: "Auto Scaling termination order",
    rotationPolicy: "key rotation schedule",
    replacementPolicy: "instance replacement setting",
    deletionPolicy: "what to do with a resource on delete",
    updatePolicy: "update behaviour",
    deploymentPolicy: "deployment behaviour",
    expirationPolicy: "expiry rules",
    storagePolicy: "storage tiering",
    retryPolicy: "retry settings",
    hostKeyPolicy: "SSH host key setting",
    passwordPolicy: "password rules",
    newGameSessionProtectionPolicy: "GameLift game session protection setting",
    excessCapacityTerminationPolicy: "EC2 fleet capacity setting",
    alpnPolicy: "a TLS ALPN negotiation setting",
    webAppEndpointPolicy: "Transfer web app endpoint setting",
    userContextPolicy: "Kendra user context filtering setting",
    upgradePolicy: "version upgrade setting",
    schemaChangePolicy: "Glue crawler schema change behaviour",
    scalingPolicies: "scaling rules",
    resourceCreationLimitPolicy: "GameLift creation limits",
    replayPolicy: "replay setting",
    recrawlPolicy: "Glue crawler recrawl behaviour",
    playerLatencyPolicies: "GameLift latency limits",
    notificationPolicy: "notification settings",
    mixedInstancesPolicy: "Auto Scaling instance mix",
    instanceMaintenancePolicy: "Auto Scaling maintenance",
    instanceLifecyclePolicy: "Auto Scaling lifecycle",
    guardrailPolicies: "Bedrock or chatbot guardrails by ARN: they narrow, never grant",
    gameServerProtectionPolicy: "GameLift protection setting",
    firewallPolicy: "a Network Firewall rule policy (traffic, not IAM)",
    enterprisePolicies: "browser enterprise settings",
    dnsRecordClientRoutingPolicy: "DNS routing setting",
    deletePropagationPolicy: "deletion behaviour",
    defaultPolicy: "a default setting object",
    dataDeletionPolicy: "data deletion behaviour",
    configurationPolicy: "Security Hub configuration settings",
    browserPolicy: "browser settings",
    blockPublicPolicy: "a block-public-policy switch (true/false)",
    autoScalingPolicy: "scaling rules",
    autoscalingPolicy: "scaling rules",
    accessControlPolicy: "an S3 ACL object (grants by canonical user; judged by s3-acls-disabled)",
    weightedRoutingPolicies: "Route 53 routing",
    latencyRoutingPolicies: "Route 53 routing",
    geolocationRoutingPolicies: "Route 53 routing",
    failoverRoutingPolicies: "Route 53 routing",
    geoproximityRoutingPolicy: "Route 53 routing",
    multivalueAnswerRoutingPolicy: "Route 53 routing",
    cidrRoutingPolicy: "Route 53 routing",
    webContentFilteringPolicy: "web content filtering settings",
    tieringPolicy: "storage tiering",
    snapshotPolicy: "snapshot schedule",
    signInPolicy: "sign-in settings",
    runtimePolicy: "runtime update settings",
    resourceRetentionPolicy: "retention setting",
    quotaSharePolicy: "quota sharing setting",
    pullRequestBuildPolicy: "CodeBuild pull request build setting",
    pitPolicies: "point-in-time recovery settings",
    lfTagPolicy: "a Lake Formation tag expression (the grant's principal is read separately: known gap)",
    lbCookieStickinessPolicy: "load balancer stickiness",
    appCookieStickinessPolicy: "load balancer stickiness",
    connectionDrainingPolicy: "load balancer draining",
    accessLoggingPolicy: "load balancer access log settings",
    instanceReusePolicy: "warm pool reuse",
    ingestionWaitPolicy: "ingestion wait setting",
    idlePolicy: "idle timeout",
    gameSessionCreationLimitPolicy: "GameLift limits",
    fieldIndexPolicies: "CloudWatch Logs field index policies",
    fairsharePolicy: "Batch fair-share scheduling",
    fairSharePolicy: "Batch fair-share scheduling",
    deploymentPolicies: "deployment behaviour",
    createBasePolicy: "a Cloud WAN switch",
    basePolicyDocument: "a Cloud WAN network policy",
    codeSigningPolicies: "what Lambda does with unsigned code",
    backupRetentionPolicy: "backup retention",
    availabilityZoneImpairmentPolicy: "zonal shift setting",
    autoTerminationPolicy: "EMR idle termination",
    autoImportPolicy: "FSx import setting",
    kerberosPrincipal: "a Kerberos principal of a DataSync location (not AWS)",
    platformPrincipal: "an SNS platform application credential (a secret, not an AWS principal)",
    servicePrincipal: "an AWS service enabled for Organizations integration (no account)",
    awsServiceAccessPrincipals: "AWS services enabled for Organizations integration (no account)",
    allowExternalPrincipals: "a RAM switch (the principals are read: aws-native:ram:ResourceShare principals)",
    managedPolicies:
        "managed policy ARNs attached to a permission set (AWS-managed or the account's; judged by iam-no-broad-managed-policies where it reads them: known gap here)",
};

/** The input property names that hold a policy (kept for other modules; the test matches the pattern). */
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

const RAM_TEMPLATE =
    "a RAM customer managed permission's policyTemplate: Effect, Action and Condition only, no Principal and no Resource (RAM fills both when it shares); who it reaches is the resource share's principals, which other-accounts reads (aws:ram/principalAssociation, aws-native:ram:ResourceShare principals); the actions it allows are not judged (known gap)";

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
    // Found by the pattern derivation (issue 22 review).
    "aws-native:logs:DeliveryDestination": NESTED,
    "aws-native:cognito:UserPool": `${NOT_IAM} (password policy and sign-in settings)`,
    "aws-native:ssm:Parameter": `${NOT_IAM} (parameter policies: expiration and notification)`,
    "aws:lambda/codeSigningConfig:CodeSigningConfig": `${NOT_IAM} (what Lambda does with unsigned code)`,
    "aws-native:elasticloadbalancing:LoadBalancer": `${NOT_IAM} (load balancer policies)`,
    "aws-native:odb:OdbNetwork":
        "Oracle Database@AWS network access policies: not documented in the installed schema as IAM documents; not judged (known gap)",
    "aws:odb/network:Network":
        "Oracle Database@AWS network access policies: not documented in the installed schema as IAM documents; not judged (known gap)",
    "aws:organizations/policy:Policy":
        "an Organizations policy (SCP, RCP, tag, backup, AI opt-out): it limits accounts of the organization and grants nothing; not judged (out of this program's scope)",
    "aws-native:organizations:Policy":
        "an Organizations policy (SCP, RCP, tag, backup, AI opt-out): it limits and grants nothing; not judged",
    "aws-native:rolesanywhere:Profile": SESSION,
    "aws:rolesanywhere/profile:Profile": SESSION,
    "aws:ram/resourceShareAssociationsExclusive:ResourceShareAssociationsExclusive":
        "RAM principals by list: not read yet (known gap; aws:ram/principalAssociation is)",
    // AWS RAM API Reference, "CreatePermission" (policyTemplate) and AWS CloudFormation, "AWS::RAM::Permission":
    // Effect (ALLOW), Action and Condition only; "This template can't include either the Resource or
    // Principal elements": RAM fills them from the shared resource and the share's principals.
    "aws:ram/permission:Permission": RAM_TEMPLATE,
    "aws-native:ram:Permission": RAM_TEMPLATE,
    "aws:acmpca/permission:Permission":
        "grants acm.amazonaws.com only (the principal must be acm.amazonaws.com): no account",
    "aws-native:acmpca:Permission": "grants acm.amazonaws.com only: no account",
    "aws:datazone/policyGrant:PolicyGrant":
        "a DataZone grant to a DataZone user or group, not an AWS principal; not judged (known gap)",
    "aws-native:datazone:PolicyGrant": "a DataZone grant to a DataZone user or group; not judged (known gap)",
    "aws-native:datazone:SubscriptionTarget":
        "DataZone authorized principals (roles of the domain's environment); not judged (known gap)",
    "aws-native:entityresolution:PolicyStatement":
        "an Entity Resolution policy statement with principals: not read yet (known gap)",
    "aws:globalaccelerator/crossAccountAttachment:CrossAccountAttachment":
        "lets named accounts attach their endpoints to this accelerator: not read yet (known gap)",
    "aws-native:globalaccelerator:CrossAccountAttachment":
        "lets named accounts attach endpoints: not read yet (known gap)",
    "aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment":
        "attaches an IoT certificate to a thing: no AWS account principal",
    "aws:lakeformation/optIn:OptIn": "Lake Formation opt-in for principals: not read yet (known gap)",
    "aws:lakeformation/permissions:Permissions": "Lake Formation grants to principals: not read yet (known gap)",
    "aws-native:lakeformation:PrincipalPermissions": "Lake Formation grants to principals: not read yet (known gap)",
    "aws:licensemanager/licenseGrant:LicenseGrant": "License Manager grants to principals: not read yet (known gap)",
    "aws-native:licensemanager:Grant": "License Manager grants to principals: not read yet (known gap)",
    "aws-native:qbusiness:DataAccessor": "Amazon Q Business data accessor (an ISV's role): not read yet (known gap)",
    "aws-native:qbusiness:Permission": "Amazon Q Business permission for a principal: not read yet (known gap)",
    "aws:servicecatalog/portfolioShare:PortfolioShare":
        "shares a portfolio with an account or organization: not read yet (known gap)",
    "aws-native:paymentcryptography:Key":
        "a Payment Cryptography key's `policy` is not documented as an IAM document in the installed schema; not judged (known gap)",
};

/** Types whose principal is a property outside a document (read by other-accounts). */
export const PRINCIPAL_TYPES = [
    "aws:lambda/layerVersionPermission:LayerVersionPermission",
    "aws-native:lambda:LayerVersionPermission",
    "aws:signer/signingProfilePermission:SigningProfilePermission",
    "aws-native:signer:ProfilePermission",
    "aws:ec2/vpcEndpointService:VpcEndpointService",
    "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple",
    "aws-native:ec2:VpcEndpointServicePermissions",
    "aws:ram/principalAssociation:PrincipalAssociation",
    "aws-native:ram:ResourceShare",
    "aws:ec2/amiLaunchPermission:AmiLaunchPermission",
    "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission",
    "aws:kms/grant:Grant",
    "aws:rds/snapshot:Snapshot",
    "aws:rds/clusterSnapshot:ClusterSnapshot",
    "aws:rds/snapshotCopy:SnapshotCopy",
    "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy",
    "aws:redshift/endpointAuthorization:EndpointAuthorization",
    "aws-native:redshift:EndpointAuthorization",
    "aws:opensearch/authorizeVpcEndpointAccess:AuthorizeVpcEndpointAccess",
    "aws-native:connect:DataLakeAssociation",
    "aws:cfg/aggregateAuthorization:AggregateAuthorization",
    "aws:ssm/document:Document",
    "aws:cloudwatch/eventPermission:EventPermission",
    "aws:lambda/permission:Permission",
    "aws-native:events:EventBusPolicy",
    "aws-native:lambda:Permission",
];

/**
 * Types the pack reads that the installed providers do not define, with the reason (the coverage test
 * holds every other listed type to the installed schemas).
 */
export const READ_NOT_INSTALLED: Record<string, string> = {
    "aws-native:sqs:QueuePolicy":
        "AWS::SQS::QueuePolicy has no aws-native resource in the installed version (aws-native:sqs:QueueInlinePolicy is read); kept for a plan written with a version that has it",
};

/** Every type the pack reads a policy or principal of. */
export const READ_TYPES = [...new Set([...DOCUMENT_TYPES, ...PRINCIPAL_TYPES])];
