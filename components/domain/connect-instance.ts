import * as pulumi from "@pulumi/pulumi";
import * as connect from "@pulumi/aws/connect";
import * as nativeProfiles from "@pulumi/aws-native/customerprofiles";
import { InstanceConfig, INSTANCE_ALIAS_PATTERN, INSTANCE_ARN_PATTERN } from "./config";
import { CTR_OBJECT_TYPE } from "./domain";
import { toNativeTags } from "../common/tags";
import { ArgsError } from "../common/errors";

/** Arguments of {@link ConnectInstance}. */
export interface ConnectInstanceArgs {
    /**
     * Either `{ name, arn }` for an existing Amazon Connect instance, or `{ name, alias, … }` for one
     * this stack creates. Mutually exclusive.
     *
     * **Create-only** for a created instance: `alias`, `identityManagementType` and `directoryId`
     * replace the instance when changed (aws-connect-instance.json, createOnlyProperties).
     * @default — required
     */
    instance: InstanceConfig;
    /**
     * The Customer Profiles domain to associate the instance with (exactly one per instance).
     * @default — required
     */
    domainName: pulumi.Input<string>;
    /**
     * The domain's `CTR` object type. The association's integration maps contact records to it, so
     * it is created after the object type exists.
     * @default — required
     */
    ctrObjectType: pulumi.Resource;
    /**
     * Protect a created instance from deletion and replacement.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags on every taggable resource the component creates.
     * @default — no tags
     */
    tags?: Record<string, string>;
}

export function validateConnectInstanceArgs(args: ConnectInstanceArgs): string[] {
    const i = args.instance as Partial<{ arn: string; alias: string }>;
    if (i.arn !== undefined && i.alias !== undefined)
        return [
            "instance: has both arn and alias; expected one of them: arn for an existing instance, alias for a new one",
        ];
    if (i.arn !== undefined)
        return INSTANCE_ARN_PATTERN.test(i.arn)
            ? []
            : [
                  `instance.arn: ${JSON.stringify(i.arn)} is not valid; expected arn:aws:connect:REGION:ACCOUNT:instance/ID`,
              ];
    if (i.alias !== undefined)
        return INSTANCE_ALIAS_PATTERN.test(i.alias) && i.alias.length <= 45
            ? []
            : [
                  `instance.alias: ${JSON.stringify(i.alias)} is not valid; expected 1–45 letters, digits or "-", not starting with "d-"`,
              ];
    return ["instance: has neither arn nor alias; expected arn for an existing instance or alias for a new one"];
}

/** The instance ID is the last segment of its ARN. */
export function instanceIdFromArn(arn: string): string {
    return arn.slice(arn.lastIndexOf("/") + 1);
}

/**
 * An Amazon Connect instance (existing, or created here) associated with a Customer Profiles
 * domain. The association is what infrastructure code can express: a Customer Profiles integration
 * whose URI is the instance ARN and whose object type is `CTR` (template `CTR-NoInferred`), so
 * every contact record updates the caller's profile. (The console also performs
 * `connect:AssociateCustomerProfilesDomain`, a permission-only action with no public API.)
 */
export class ConnectInstance extends pulumi.ComponentResource {
    /** The instance, when this stack creates it. */
    public readonly instance?: connect.Instance;
    public readonly arn: pulumi.Output<string>;
    public readonly instanceId: pulumi.Output<string>;
    /**
     * The instance's service-linked role: Amazon Connect authorises with it when it produces to
     * Kinesis, so stream keys must admit it.
     */
    public readonly serviceRoleArn: pulumi.Output<string>;
    public readonly association: nativeProfiles.Integration;

    constructor(name: string, args: ConnectInstanceArgs, opts?: pulumi.ComponentResourceOptions) {
        ArgsError.throwIfAny("ConnectInstance", name, validateConnectInstanceArgs(args));
        super("customer-profiles:index:ConnectInstance", name, {}, opts);
        const cfg = args.instance;
        if ("arn" in cfg) {
            const existing = connect.getInstanceOutput({ instanceId: instanceIdFromArn(cfg.arn) }, { parent: this });
            this.arn = pulumi.output(cfg.arn);
            this.instanceId = existing.instanceId;
            this.serviceRoleArn = existing.serviceRole;
        } else {
            this.instance = new connect.Instance(
                `${name}-instance`,
                {
                    instanceAlias: cfg.alias,
                    identityManagementType: cfg.identityManagementType,
                    directoryId: cfg.directoryId,
                    inboundCallsEnabled: cfg.inboundCalls,
                    outboundCallsEnabled: cfg.outboundCalls,
                    contactFlowLogsEnabled: cfg.contactFlowLogs,
                    tags: args.tags,
                },
                { parent: this, protect: args.protect ?? true },
            );
            this.arn = this.instance.arn;
            this.instanceId = this.instance.id;
            this.serviceRoleArn = this.instance.serviceRole;
        }
        this.association = new nativeProfiles.Integration(
            `${name}-profiles`,
            {
                domainName: args.domainName,
                uri: this.arn,
                objectTypeName: CTR_OBJECT_TYPE,
                tags: toNativeTags(args.tags),
            },
            { parent: this, dependsOn: [args.ctrObjectType] },
        );
        this.registerOutputs({ arn: this.arn, instanceId: this.instanceId, serviceRoleArn: this.serviceRoleArn });
    }
}
