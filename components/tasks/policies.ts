// Policy documents and names of the Salesforce → Amazon Connect Tasks path: pure functions, so tests
// assert the exact documents.
import {
    AccountContext,
    APPFLOW_SERVICE,
    connectorProfileArn,
    PolicyDocument,
    sourceBinding,
} from "../common/policy-documents";

/**
 * The partner event source (and partner event bus) name AppFlow publishes a flow's Salesforce
 * events under: `aws.partner/appflow/salesforce.com/ACCOUNT/FLOWNAME`.
 */
export function partnerEventSourceName(accountId: string, flowName: string): string {
    return `aws.partner/appflow/salesforce.com/${accountId}/${flowName}`;
}

/** The ARN of an event bus. */
export function eventBusArn(ctx: AccountContext, busName: string): string {
    return `arn:${ctx.partition}:events:${ctx.region}:${ctx.accountId}:event-bus/${busName}`;
}

/**
 * The resource policy of the Secrets Manager secret that holds the Salesforce connected app's client
 * credentials: only AppFlow, acting for this account and for this one connector profile, reads it.
 */
export function clientCredentialsSecretPolicy(
    ctx: AccountContext,
    args: { connectorProfileName: string },
): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AppFlowReadsClientCredentialsForThisConnectorProfile",
                Effect: "Allow",
                Principal: { Service: APPFLOW_SERVICE },
                Action: "secretsmanager:GetSecretValue",
                Resource: "*",
                Condition: sourceBinding(ctx, connectorProfileArn(ctx, args.connectorProfileName)),
            },
        ],
    };
}
