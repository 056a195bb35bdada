import * as pulumi from "@pulumi/pulumi";

/**
 * A component was given bad arguments. A `pulumi.RunError`, so the engine prints the message and
 * no stack trace; it is thrown before the component registers anything.
 */
export class ArgsError extends pulumi.RunError {
    constructor(
        public readonly component: string,
        public readonly resourceName: string,
        public readonly problems: string[],
    ) {
        super(
            `Invalid arguments for ${component} "${resourceName}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
        );
        this.name = "ArgsError";
    }

    /** Throws one ArgsError listing every problem, if there is any. */
    static throwIfAny(component: string, resourceName: string, problems: string[]): void {
        if (problems.length > 0) throw new ArgsError(component, resourceName, problems);
    }
}
