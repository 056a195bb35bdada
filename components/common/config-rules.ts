// The building blocks of the config schemas (config.ts and each feature's *-config.ts): rules whose
// every error message is the expected form, as the configuration reference states it. No imports
// but zod, so every config module can use them without an import cycle through config.ts.
import { z } from "zod";

/** The error text of a broken rule: the expected form, as a phrase ("a whole number of days …"). */
export const expected = (form: string) => ({ error: form });

/**
 * A whole number from `min` (to `max`, when given): every rule it breaks is reported as the same
 * expected `form`, except an overshoot, which may say more (`maxForm`, e.g. why the bound is there).
 */
export function wholeNumber(form: string, min: number, max?: number, maxForm: string = form) {
    const n = z.number(expected(form)).int(expected(form)).min(min, expected(form));
    return max === undefined ? n : n.max(max, expected(maxForm));
}
