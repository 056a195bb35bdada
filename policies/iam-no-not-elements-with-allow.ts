// Policy iam-no-not-elements-with-allow.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { notElementFindings } from "./lib/analysis";
import { documentRule } from "./lib/rule";
export const iamNoNotElementsWithAllow: ResourceValidationPolicy = documentRule(
    {
        name: "iam-no-not-elements-with-allow",
        description:
            "Allow statements must not use NotAction, NotResource or NotPrincipal (they grant everything not listed).",
        remediationSteps:
            "Rewrite the statement with Action, Resource and Principal naming what is granted; use a Deny statement with Not* if you need an exception.",
        enforcementLevel: "mandatory",
    },
    (doc) => notElementFindings(doc),
);
