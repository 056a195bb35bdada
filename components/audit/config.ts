// The `auditTrail` section of the stack configuration (off when absent). Composed into
// `stackConfigSchema` by components/config/index.ts.
import { z } from "zod";
import { expected, wholeNumber } from "../common/config-rules";
import { MANAGEMENT_EVENTS_FORM } from "./policies";

const DAYS = "a whole number of days from 1 to 3650";

/** `auditTrail`: a CloudTrail trail of management events, which is how Customer Profiles API calls are recorded. */
export const auditTrailSchema = z
    .strictObject(
        {
            /** Management events: must be true (Customer Profiles has no CloudTrail data-event type; docs/audit-trail.md). */
            managementEvents: z.literal(true, expected(MANAGEMENT_EVENTS_FORM)).default(true),
            /** Days after which delivered log files expire in the trail's bucket. */
            expirationDays: wholeNumber(DAYS, 1, 3650).default(365),
            /** Days after which the trail bucket's S3 server access logs expire. */
            accessLogExpirationDays: wholeNumber(DAYS, 1, 3650).default(365),
        },
        expected("an object { managementEvents, expirationDays, accessLogExpirationDays } (use {} for the defaults)"),
    )
    .optional();
export type AuditTrailConfig = NonNullable<z.infer<typeof auditTrailSchema>>;
