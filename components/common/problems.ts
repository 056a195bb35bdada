// One problem found in a stack's configuration: what every config schema and cross-check reports.

/** A configuration problem: the key, the value given and the expected form. */
export interface ConfigProblem {
    /** The fully qualified key and path, e.g. `connect-customer-profiles:connectInstances[1].arn`. */
    key: string;
    /** The offending value, as the user wrote it (secrets masked). */
    value: unknown;
    /** The expected form. */
    expected: string;
}

/** The text of one problem: the key, the value given and the expected form. */
export function notValid(key: string, value: unknown, form: string): string {
    return `${key}: ${JSON.stringify(value)} is not valid; expected ${form}`;
}
