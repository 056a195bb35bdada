// The `auditTrail` section of the stack configuration (off when absent). Composed into
// `stackConfigSchema` by components/config/index.ts.
import { z } from "zod";
import { expected, wholeNumber } from "../common/config-rules";

const DAYS = "a whole number of days from 1 to 3650";

/** `auditTrail`: a CloudTrail trail of Customer Profiles data events (and management events). */
export const auditTrailSchema = z
    .strictObject(
        {
            /** Also record management events (the first copy in a Region is free; see docs/audit-trail.md). */
            managementEvents: z.boolean(expected("true or false")).default(true),
            /** Days after which delivered log files expire in the trail's bucket. */
            expirationDays: wholeNumber(DAYS, 1, 3650).default(365),
            /** Days after which the trail bucket's S3 server access logs expire. */
            accessLogExpirationDays: wholeNumber(DAYS, 1, 3650).default(365),
        },
        expected("an object { managementEvents, expirationDays, accessLogExpirationDays } (use {} for the defaults)"),
    )
    .optional();
export type AuditTrailConfig = NonNullable<z.infer<typeof auditTrailSchema>>;
