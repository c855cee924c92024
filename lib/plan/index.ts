export * from "./mocks";
export * from "./plan";
export * from "./run";
