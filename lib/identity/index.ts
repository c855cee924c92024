export * from "./roles";
export * from "./grant";
