// The reviewer diff: what a change will do in the cloud, and whether it is still secure.
//
// Pure functions over two plans (plan-format.ts): per resource create / update / replace / delete,
// the changed inputs, policy documents compared statement by statement, loud warnings for
// replacements that destroy data (create-only properties), policy violations introduced or fixed,
// and a markdown rendering that fits a pull-request comment. Generic over resource types.
//
// Two modes:
// - compare: BASE and HEAD are plans of the same stack (offline plans, `pulumi stack export`, or
//   previews read for their new states). Resources are matched by URN: only in HEAD = create, only
//   in BASE = delete, changed create-only input = replace, other changed inputs = update.
// - preview: HEAD is a real `pulumi preview --json` (it carries the engine's own decisions: steps
//   with op update/replace/delete/same, or with oldState). Its `op`, `keys` and oldState/newState
//   are used as they are; BASE is optional and only feeds the policy comparison.
//
// The parts: values.ts (secrets masked, canonical forms, display), policy-diff.ts (statement by
// statement), plan-diff.ts (resources and violations), data-loss.ts (what a replacement destroys),
// markdown.ts (the comment and the summary).
export { nameOf } from "../plan-format";
export { canonical, containsSecret, display, leafChanges, maskSecrets } from "./values";
export { asPolicyDocument, diffPolicyDocuments, normaliseStatements, NormalStatement } from "./policy-diff";
export { DATA_LOSS, losesData, whatIsLost } from "./data-loss";
export {
    ChangeKind,
    diffPlans,
    DiffOptions,
    diffViolations,
    InputChange,
    isRealPreview,
    PlanDiff,
    PolicyChange,
    ReplaceReason,
    ReportLike,
    ResourceChange,
    ViolationDelta,
    ViolationLike,
} from "./plan-diff";
export {
    changeGraph,
    COMMENT_MARKER,
    DEFAULT_MAX_BYTES,
    MarkdownOptions,
    renderMarkdown,
    renderSummary,
} from "./markdown";
