// Key references: is a property's key a customer managed key?
import { UNKNOWN } from "./analysis";
import { UNKNOWN_VALUE } from "./stack";

/** Why a key reference is not a customer managed key, or undefined when it is (or is unknown). */
export function notCmk(value: unknown): string | undefined {
    if (value === UNKNOWN_VALUE || (typeof value === "string" && value.includes(UNKNOWN))) {
        return undefined;
    }
    if (value === undefined || value === null || value === "") {
        return "no customer managed KMS key is set";
    }
    if (typeof value !== "string") {
        return `the key reference ${JSON.stringify(value)} is not a key ARN, id or alias`;
    }
    if (/(^|:)alias\/aws\//.test(value)) {
        return `${value} is an AWS managed key; use a customer managed key whose policy you control`;
    }
    return undefined;
}
