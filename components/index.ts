// The components of this program, usable as a library by other Pulumi programs.
export * from "./config";
export * from "./errors";
export * from "./policy-documents";
export * from "./domain-key";
export * from "./dead-letter-queue";
export * from "./domain";
export * from "./connect-instance";
export * from "./context";
export * from "./alarm-topic";
export * from "./shard-math";
export * from "./streaming-config";
export * from "./streaming-policies";
export * from "./instance-streaming";
export * from "./profile-export";
export * from "./profile-event";
