export * from "./firings";
export * from "./tumbling";
