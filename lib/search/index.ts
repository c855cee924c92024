export * from "./model";
export * from "./cadence";
export * from "./dataplane";
export * from "./provider";
export * from "./monitoring";
export * from "./indexer-schedule";
