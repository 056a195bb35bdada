// The plan format shared by the offline plan, the offline policy check and the reviewer diff.
//
// It is the shape of `pulumi preview --json` (a subset of it), so that every tool here accepts a
// real preview as well as an offline plan. `pulumi stack export` files are converted to this shape
// by `normalizePlanFile`.

/**
 * Input a tool cannot use: a usage mistake, an unreadable or malformed file. The command lines
 * print the message alone and exit with code 2.
 */
export class PlanInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PlanInputError";
    }
}

/** The logical name of a resource: the last `::` segment of its URN (the string itself if it has none). */
export function nameOf(urn: string): string {
    const i = urn.lastIndexOf("::");
    return i >= 0 ? urn.slice(i + 2) : urn;
}

/** The placeholder written wherever a secret value would appear. */
export const SECRET_PLACEHOLDER = "[secret]";

/** The placeholder the Pulumi engine uses for a value not known until the resource exists. */
export const UNKNOWN_PLACEHOLDER = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type StepOp =
    "same" | "create" | "update" | "replace" | "delete" | "create-replacement" | "delete-replaced" | "read" | "refresh";

/** The state of one resource, as `pulumi preview --json` prints it in `steps[].newState`. */
export interface ResourceState {
    urn: string;
    /** true for a real cloud resource, false for a component. */
    custom: boolean;
    /** The resource type token, e.g. `aws:kms/key:Key`. */
    type: string;
    /** The inputs the program gave the resource (secrets replaced by SECRET_PLACEHOLDER). */
    inputs: Record<string, unknown>;
    /** Outputs: in an offline plan, the values the mock cloud computed (ARNs of the right shape). */
    outputs?: Record<string, unknown>;
    /** The URN of the parent resource (the stack for top-level components). */
    parent?: string;
    /** URNs this resource depends on: explicit `dependsOn` and every resource its inputs came from. */
    dependencies?: string[];
    /** Per input property, the URNs its value came from. */
    propertyDependencies?: Record<string, string[]>;
    protect?: boolean;
    deleteBeforeReplace?: boolean;
    /** Inputs whose changes the engine ignores (`ignoreChanges`); offline plans record them. */
    ignoreChanges?: string[];
    /** `deletedWith`: the URN whose deletion makes the engine skip this resource's Delete; offline plans record it. */
    deletedWith?: string;
    /** `retainOnDelete`: the engine never calls the provider's Delete; offline plans record it. */
    retainOnDelete?: boolean;
    /** `replaceOnChanges`: inputs whose change replaces the resource; offline plans record them. */
    replaceOnChanges?: string[];
    /** `id` of the resource, when known. */
    id?: string;
    provider?: string;
}

export interface PlanStep {
    op: StepOp;
    urn: string;
    /** Absent for deletes. */
    newState?: ResourceState;
    /** Present for updates, replaces and deletes in a real preview. */
    oldState?: ResourceState;
    /** Names of inputs whose change forces the replacement (real previews). */
    keys?: string[];
    diffs?: string[];
    /** What `pulumi preview --json` calls `keys` and `diffs` (normalizePlanFile copies them over). */
    replaceReasons?: string[];
    diffReasons?: string[];
    detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }>;
}

export interface Plan {
    /** Stack configuration, secrets replaced by SECRET_PLACEHOLDER. */
    config?: Record<string, unknown>;
    steps: PlanStep[];
    /** Number of steps per op, as in `pulumi preview --json`. */
    changeSummary: Partial<Record<StepOp, number>>;
    /** Stack outputs (offline plans only; secrets masked). */
    outputs?: Record<string, unknown>;
    /** Where the plan came from: `offline` for `npm run plan`. */
    source?: {
        kind: "offline" | "preview" | "export";
        stack?: string;
        project?: string;
        account?: string;
        region?: string;
        /** true for `npm run plan -- --preview`: computed values are UNKNOWN_PLACEHOLDER, as in a real preview. */
        preview?: boolean;
    };
}
