export * from "./factory";
export * from "./activities";
export * from "./activity-types";
export * from "./pipeline";
export * from "./triggers";
export * from "./activation";
export * from "./activation-hooks";
export * from "./activation-names";
