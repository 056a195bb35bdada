// The CrossGuard policy pack: `pulumi preview --policy-pack policies`.
// Only the PolicyPack lives here (constructing it starts the analyzer server); the policies are in pack.ts.
import { PolicyPack } from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies } from "./pack";

new PolicyPack(PACK_NAME, { policies, enforcementLevel: PACK_ENFORCEMENT_LEVEL });
