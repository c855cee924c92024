export * from "./model";
export * from "./tiers";
export * from "./skillset";
export * from "./cadence";
export * from "./dataplane";
export * from "./provider";
export * from "./monitoring";
export * from "./indexer-schedule";
